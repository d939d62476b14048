//! Validation of a department model (SPEC §8 categories 2–4 and 6): required
//! fields, ranges, formats, every 合计 against its parts, cross-sheet
//! agreement and plausibility. Every problem is a [`Finding`] at its cell.
//!
//! One module per family of checks: `fields` (required, ranges, formats),
//! `identities` (the 收支恒等式 of the 收支情况 table and the budget),
//! `arithmetic` (the other 合计 against their parts), `adjustment` (the
//! budget adjustment against its parts), `cross` (figures of different
//! sheets that must agree), `plausibility` (figures and texts that are
//! possible but unlikely); what they share is in `shared`.

mod adjustment;
mod arithmetic;
mod cross;
mod fields;
mod identities;
mod plausibility;
mod shared;

#[cfg(test)]
mod tests;

use crate::contract::finding::Finding;
use crate::ingest::model::Department;
use crate::rules::settings::Settings;

use adjustment::adjustment;
use arithmetic::arithmetic;
use cross::cross;
use fields::{fields_checks, tables_checks};
use identities::identities;
use plausibility::plausibility;

/// Runs every check and returns the findings (unsorted).
pub fn validate(dept: &Department, ctx: &Settings) -> Vec<Finding> {
    let mut out = Vec::new();
    fields_checks(dept, ctx, &mut out);
    tables_checks(dept, &mut out);
    identities(dept, ctx, &mut out);
    arithmetic(dept, ctx, &mut out);
    adjustment(dept, ctx, &mut out);
    cross(dept, ctx, &mut out);
    plausibility(dept, &mut out);
    crate::rules::claims::claims(dept, ctx, &mut out);
    out
}
