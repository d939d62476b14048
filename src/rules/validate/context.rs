//! What every family of checks shares: the [`Context`] a workbook is
//! validated in, placing a finding at its cell, and when two figures agree.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::contract::finding::Finding;
use crate::ingest::model::Entry;

/// What validation needs besides the workbook.
#[derive(Debug, Clone)]
pub struct Context {
    /// Two figures agree when they differ by at most this much (万元 or points).
    pub tolerance: Decimal,
    /// Today, for judging 填报日期.
    pub today: NaiveDate,
    /// The frameworks workbooks are scored with; the `framework` field may
    /// name any of them.
    pub scoring: crate::rules::framework::Frameworks,
}

impl Default for Context {
    fn default() -> Self {
        Context::with_frameworks(crate::rules::framework::Frameworks::builtin_checked())
    }
}

impl Context {
    /// A context that scores with `scoring` (and accepts its ids in the
    /// `framework` cell).
    pub fn with_frameworks(scoring: crate::rules::framework::Frameworks) -> Self {
        Context {
            tolerance: Decimal::new(1, 2),
            today: chrono::Local::now().date_naive(),
            scoring,
        }
    }
}

pub(super) fn located(f: Finding, entry: &Entry) -> Finding {
    match &entry.spot {
        Some(s) => f.at(s),
        None => f,
    }
}

pub(super) fn disagree(a: Decimal, b: Decimal, ctx: &Context) -> bool {
    (a - b).abs() > ctx.tolerance
}
