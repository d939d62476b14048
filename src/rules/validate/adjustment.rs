//! The budget adjustment against its parts (template version 2): the net
//! 预算调整数 is 追加 less 追减, since a 结构调整 moves money between items
//! and nets to zero; and the adjustments left out of 预算调整率 (国家政策、
//! 不可抗力、上级交办) are a part of the adjustments, never more than all
//! of them. A first-template workbook has no parts, and nothing is checked.

use rust_decimal::Decimal;

use crate::contract::fields::key;
use crate::contract::finding::{Code, Finding};
use crate::contract::number::fixed;
use crate::ingest::model::Department;
use crate::rules::metrics::ADJUSTMENT_PARTS;
use crate::rules::settings::Settings;
use crate::rules::validate::shared::{disagree, located};

/// The 预算调整数 against 追加 − 追减, and the excluded adjustments against
/// the sum of the parts.
pub(super) fn adjustment(dept: &Department, ctx: &Settings, out: &mut Vec<Finding>) {
    let (Some(added), Some(reduced)) = (dept.dec(key::BUDGET_ADDED), dept.dec(key::BUDGET_REDUCED))
    else {
        return;
    };
    // 追减 is a positive amount; one typed negative is a range error of its
    // own, and still means a reduction.
    let reduced = reduced.abs();
    if let Some(net) = dept.dec(key::BUDGET_ADJUSTMENT) {
        let parts = added - reduced;
        if disagree(net, parts, ctx) {
            out.push(located(
                Finding::new(
                    Code::SumAdjustment,
                    format!(
                        "预算调整数 {} ≠ 追加预算数 {} − 追减预算数 {} = {}（结构调整在科目、项目之间调剂，合计为 0）",
                        fixed(net, 2),
                        fixed(added, 2),
                        fixed(reduced, 2),
                        fixed(parts, 2)
                    ),
                )
                .field(key::BUDGET_ADJUSTMENT.as_str())
                .expected(fixed(parts, 2))
                .found(fixed(net, 2))
                .hint(format!(
                    "核对预算调整数与追加、追减预算数，使预算调整数等于追加减追减（差额 {}）",
                    fixed(net - parts, 2)
                )),
                dept.entry(key::BUDGET_ADJUSTMENT),
            ));
        }
    }
    let Some(excluded) = dept.dec(key::BUDGET_ADJUST_EXCLUDED) else {
        return;
    };
    let all: Option<Decimal> = ADJUSTMENT_PARTS
        .iter()
        .map(|k| dept.dec(*k).map(|v| v.abs()))
        .sum();
    if let Some(all) = all
        && excluded.abs() - all > ctx.tolerance
    {
        out.push(located(
            Finding::new(
                Code::SumAdjustment,
                format!(
                    "其中不计入预算调整率的调整数 {} 大于追加、追减、结构调整之和 {}",
                    fixed(excluded.abs(), 2),
                    fixed(all, 2)
                ),
            )
            .field(key::BUDGET_ADJUST_EXCLUDED.as_str())
            .expected(format!("≤ {}", fixed(all, 2)))
            .found(fixed(excluded.abs(), 2))
            .hint("国家政策、不可抗力、上级交办等调整是追加、追减或结构调整的一部分：核对这几个数"),
            dept.entry(key::BUDGET_ADJUST_EXCLUDED),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::contract::fields::FieldKey;
    use crate::rules::metrics::fixture::dept;

    /// The findings of the check on a department with these scalars.
    fn check(scalars: &[(FieldKey, &str)]) -> Vec<Finding> {
        let mut out = Vec::new();
        adjustment(&dept(scalars, &[]), &Settings::default(), &mut out);
        out
    }

    const CONSISTENT: &[(FieldKey, &str)] = &[
        (key::BUDGET_ADJUSTMENT, "20"),
        (key::BUDGET_ADDED, "30"),
        (key::BUDGET_REDUCED, "10"),
        (key::BUDGET_RESTRUCTURED, "5"),
        (key::BUDGET_ADJUST_EXCLUDED, "8"),
    ];

    fn with(key: FieldKey, value: &str) -> Vec<(FieldKey, &str)> {
        let mut scalars = CONSISTENT.to_vec();
        if let Some(i) = scalars.iter().position(|(k, _)| *k == key) {
            scalars[i].1 = value;
        }
        scalars
    }

    #[test]
    fn the_net_adjustment_is_added_less_reduced() {
        assert_eq!(check(CONSISTENT), []);
        // Within the tolerance (0.01 万元).
        assert_eq!(check(&with(key::BUDGET_ADJUSTMENT, "20.01")), []);
        // The 结构调整 nets to zero: counting it in the net is a mistake.
        let f = check(&with(key::BUDGET_ADJUSTMENT, "25"));
        assert_eq!(f.len(), 1, "{f:#?}");
        assert_eq!(f[0].code, Code::SumAdjustment);
        assert_eq!(f[0].field.as_deref(), Some("budget_adjustment"));
        assert_eq!(f[0].expected.as_deref(), Some("20.00"));
        assert_eq!(f[0].found.as_deref(), Some("25.00"));
        assert!(
            f[0].message
                .starts_with("预算调整数 25.00 ≠ 追加预算数 30.00 − 追减预算数 10.00 = 20.00"),
            "{}",
            f[0].message
        );
        // A 追减 typed negative still reduces.
        assert_eq!(check(&with(key::BUDGET_REDUCED, "-10")), []);
    }

    #[test]
    fn the_excluded_adjustments_are_a_part_of_them() {
        // 30 + 10 + 5 = 45: all of it may be excluded, not more.
        assert_eq!(check(&with(key::BUDGET_ADJUST_EXCLUDED, "45")), []);
        let f = check(&with(key::BUDGET_ADJUST_EXCLUDED, "46"));
        assert_eq!(f.len(), 1, "{f:#?}");
        assert_eq!(f[0].code, Code::SumAdjustment);
        assert_eq!(f[0].field.as_deref(), Some("budget_adjust_excluded"));
        assert_eq!(f[0].expected.as_deref(), Some("≤ 45.00"));
        // No excluded adjustment written: none, nothing to check.
        let none: Vec<_> = CONSISTENT
            .iter()
            .copied()
            .filter(|(k, _)| *k != key::BUDGET_ADJUST_EXCLUDED)
            .collect();
        assert_eq!(check(&none), []);
    }

    /// A first-template workbook has only the net adjustment: nothing to
    /// check it against.
    #[test]
    fn without_the_parts_nothing_is_checked() {
        assert_eq!(check(&[(key::BUDGET_ADJUSTMENT, "20")]), []);
        assert_eq!(
            check(&[
                (key::BUDGET_ADJUSTMENT, "20"),
                (key::BUDGET_ADDED, "30"),
                (key::BUDGET_ADJUST_EXCLUDED, "99"),
            ]),
            []
        );
    }
}
