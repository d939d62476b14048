//! The run-wide choices a finance office makes once, in `jixiao.toml` or on
//! the command line, carried as one value to validation, scoring, the
//! report's view and the batch summary: the tolerance within which two
//! figures agree, the frameworks workbooks are scored with, and the day the
//! run judges 填报日期 by. No other place decides any of them.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use std::sync::Arc;

use crate::rules::framework::Frameworks;
use crate::rules::prior::PriorYears;

/// What checking and scoring a workbook need besides the workbook.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Two figures agree when they differ by at most this much (万元 or
    /// points): 勾稽容差.
    pub tolerance: Decimal,
    /// Today, for judging 填报日期.
    pub(crate) today: NaiveDate,
    /// The frameworks workbooks are scored with; the `framework` field may
    /// name any of them.
    pub scoring: Frameworks,
    /// Last year's submissions (`--previous`), when given.
    pub prior: Option<Arc<PriorYears>>,
}

impl Settings {
    /// The tolerance when `jixiao.toml` and the command line name none:
    /// 0.01 (万元 or points), a cent of a 万元 figure.
    pub(crate) const DEFAULT_TOLERANCE: Decimal = Decimal::from_parts(1, 0, 0, false, 2);

    /// Settings that score with `scoring` (and accept its ids in the
    /// `framework` cell), with the default tolerance.
    pub fn with_frameworks(scoring: Frameworks) -> Self {
        Settings {
            tolerance: Self::DEFAULT_TOLERANCE,
            today: chrono::Local::now().date_naive(),
            scoring,
            prior: None,
        }
    }

    /// The same settings with last year's submissions to compare with.
    pub fn with_prior(self, prior: Option<Arc<PriorYears>>) -> Self {
        Settings { prior, ..self }
    }

    /// The same settings with another tolerance (`None`: the default).
    pub fn with_tolerance(self, tolerance: Option<Decimal>) -> Self {
        Settings {
            tolerance: tolerance.unwrap_or(Self::DEFAULT_TOLERANCE),
            ..self
        }
    }
}

impl Default for Settings {
    fn default() -> Self {
        Settings::with_frameworks(Frameworks::builtin_checked())
    }
}

pub(crate) use crate::contract::number::differ;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_tolerance_is_one_hundredth() {
        assert_eq!(Settings::DEFAULT_TOLERANCE, Decimal::new(1, 2));
        let d = |s: &str| s.parse::<Decimal>().unwrap_or_default();
        assert!(!differ(d("10.00"), d("10.01"), Settings::DEFAULT_TOLERANCE));
        assert!(differ(d("10.00"), d("10.02"), Settings::DEFAULT_TOLERANCE));
    }
}
