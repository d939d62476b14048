//! What every family of checks shares: placing a finding at its cell, and
//! when two figures disagree under the run's [`Settings`].

use rust_decimal::Decimal;

use crate::contract::finding::Finding;
use crate::ingest::model::Entry;
use crate::rules::settings::{Settings, differ};

pub(super) fn located(f: Finding, entry: &Entry) -> Finding {
    match &entry.spot {
        Some(s) => f.at(s),
        None => f,
    }
}

pub(super) fn disagree(a: Decimal, b: Decimal, ctx: &Settings) -> bool {
    differ(a, b, ctx.tolerance)
}
