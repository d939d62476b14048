//! The indicators of SPEC §5 computed exactly from the model, as pure
//! functions: `None` when an input is missing, never a NaN or a panic on a
//! zero denominator (the caller decides what a zero denominator means).

use rust_decimal::Decimal;

use crate::fields::SANGONG_KINDS;
use crate::model::{Department, Row};

/// A ratio as a percentage (×100), exact; `None` when either side is missing
/// or the denominator is zero.
pub fn percent(numerator: Option<Decimal>, denominator: Option<Decimal>) -> Option<Decimal> {
    let (n, d) = (numerator?, denominator?);
    if d.is_zero() {
        return None;
    }
    n.checked_mul(Decimal::ONE_HUNDRED)?.checked_div(d)
}

/// The 汇总 row of 收支情况: the first row (the only row when there are no sub-units).
pub fn summary_row(dept: &Department) -> Option<&Row> {
    dept.rows("tbl_finance").first()
}

/// 上年结转 of the whole department (汇总 row).
pub fn carryover(dept: &Department) -> Option<Decimal> {
    summary_row(dept).and_then(|r| r.dec("carryover"))
}

/// 全年预算数 = 上年结转 + 年初预算数 + 预算调整数 (a missing 上年结转 counts as 0).
pub fn full_year_budget(dept: &Department) -> Option<Decimal> {
    let initial = dept.dec("budget_initial")?;
    let adjustment = dept.dec("budget_adjustment").unwrap_or_default();
    Some(carryover(dept).unwrap_or_default() + initial + adjustment)
}

/// 预算完成率 = 预算执行数 / 全年预算数.
pub fn budget_completion(dept: &Department) -> Option<Decimal> {
    percent(dept.dec("budget_executed"), full_year_budget(dept))
}

/// 公用经费控制率 = 公用支出 / 公用经费预算数.
pub fn public_expense_control(dept: &Department) -> Option<Decimal> {
    percent(
        summary_row(dept).and_then(|r| r.dec("public_exp")),
        dept.dec("public_budget"),
    )
}

/// Σ over the four 三公 kinds of `sg_{kind}_{part}`; `None` when all are missing.
pub fn sangong_total(dept: &Department, part: &str) -> Option<Decimal> {
    let values: Vec<Decimal> = SANGONG_KINDS
        .iter()
        .filter_map(|(kind, _)| dept.dec(&format!("sg_{kind}_{part}")))
        .collect();
    (!values.is_empty()).then(|| values.iter().sum())
}
