//! 收支恒等式: the identities a row of the 收支情况 table obeys, and the
//! department's year-end balance against its budget (`docs/identities.md`
//! states them; keep the two in step).
//!
//! One finding code per identity, reported at the cell the identity solves
//! for. The balances are checked only on a row whose totals agree with
//! their parts, and the budget only against a 累计结余 the row's identities
//! do not contradict: a wrong figure is reported at its own cell, and not
//! again at a balance computed from it.

use rust_decimal::Decimal;

use crate::contract::fields::{ColumnId, TBL_FINANCE, col, key};
use crate::contract::finding::{Code, Finding};
use crate::contract::number::fixed;
use crate::ingest::model::{Department, Row};
use crate::rules::metrics;
use crate::rules::settings::Settings;
use crate::rules::validate::shared::{disagree, located, row_sum, sum_cols, unit};

/// 本年收入: the year's own income, every income column but 上年结转.
const CURRENT_INCOME: &[ColumnId] = &[
    col::GENERAL_BUDGET,
    col::FUND_BUDGET,
    col::SPECIAL_ACCOUNT,
    col::OTHER_INCOME,
];

/// 收入合计 = 上年结转 + 本年收入: the template's 收入合计 lists 上年结转
/// among its parts, as 决算's 收入总计 does.
const INCOME_PARTS: &[ColumnId] = &[
    col::CARRYOVER,
    col::GENERAL_BUDGET,
    col::FUND_BUDGET,
    col::SPECIAL_ACCOUNT,
    col::OTHER_INCOME,
];

pub(super) fn identities(dept: &Department, ctx: &Settings, out: &mut Vec<Finding>) {
    let mut summary_sound = false;
    for (i, row) in dept.rows(&TBL_FINANCE).iter().enumerate() {
        let sound = row_identities(row, ctx, out);
        if i == 0 {
            summary_sound = sound;
        }
    }
    if summary_sound {
        out.extend(year_end(dept, ctx));
    }
}

/// The identities of one row, totals first; whether none of them that
/// bears on 累计结余 is broken.
fn row_identities(row: &Row, ctx: &Settings, out: &mut Vec<Finding>) -> bool {
    let totals = [
        income_total(row, ctx),
        row_sum(
            row,
            col::BASIC,
            &[col::PERSONNEL, col::PUBLIC_EXP],
            Code::SumBasic,
            ctx,
        ),
        row_sum(
            row,
            col::EXPENSE_TOTAL,
            &[col::BASIC, col::PROJECT],
            Code::SumExpense,
            ctx,
        ),
    ];
    if totals.iter().any(Option::is_some) {
        out.extend(totals.into_iter().flatten());
        return false;
    }
    let (Some(income), Some(spent)) = (current_income(row), row.dec(col::EXPENSE_TOTAL)) else {
        return true;
    };
    out.extend(balance_year(row, income, spent, ctx));
    match balance_total(row, income, spent, ctx) {
        Some(f) => {
            out.push(f);
            false
        }
        None => true,
    }
}

/// 本年收入 of a row: the sum of its income columns but 上年结转, or, when
/// none of them is filled, 收入合计 − 上年结转.
fn current_income(row: &Row) -> Option<Decimal> {
    sum_cols(row, CURRENT_INCOME)
        .or_else(|| Some(row.dec(col::INCOME_TOTAL)? - row.dec(col::CARRYOVER).unwrap_or_default()))
}

/// SUM-INCOME: 收入合计 = 上年结转 + 本年收入, checked when 本年收入 is
/// broken down (上年结转 alone is not a breakdown).
fn income_total(row: &Row, ctx: &Settings) -> Option<Finding> {
    let current = sum_cols(row, CURRENT_INCOME)?;
    let f = row_sum(row, col::INCOME_TOTAL, INCOME_PARTS, Code::SumIncome, ctx)?;
    let stated = row.dec(col::INCOME_TOTAL)?;
    if disagree(stated, current, ctx) {
        return Some(f);
    }
    // 收入合计 filled as 决算's 本年收入合计, without 上年结转.
    let carryover = row.dec(col::CARRYOVER).unwrap_or_default();
    Some(f.hint(format!(
        "本表的“收入合计”含上年结转（即决算的“收入总计” = 年初结转和结余 + 本年收入合计）；\
         本格填的 {} 是不含上年结转的本年收入合计，应改为 {}",
        fixed(stated, 2),
        fixed(stated + carryover, 2)
    )))
}

/// CROSS-BALANCE: 当年结余 = 本年收入 − 支出合计.
fn balance_year(row: &Row, income: Decimal, spent: Decimal, ctx: &Settings) -> Option<Finding> {
    let stated = row.dec(col::BALANCE_YEAR)?;
    let computed = income - spent;
    if !disagree(stated, computed, ctx) {
        return None;
    }
    Some(located(
        Finding::new(
            Code::CrossBalance,
            format!(
                "{}“{}”：当年结余 {} ≠ 本年收入 {} − 支出合计 {} = {}",
                row.table.label,
                unit(row),
                fixed(stated, 2),
                fixed(income, 2),
                fixed(spent, 2),
                fixed(computed, 2)
            ),
        )
        .field(TBL_FINANCE.column_key(col::BALANCE_YEAR))
        .expected(fixed(computed, 2))
        .found(fixed(stated, 2))
        .hint(format!(
            "把本行“当年结余”改为 {}：当年结余是本年收支差额，本年收入 = 收入合计 − 上年结转\
             （各项拨款与其他收入之和），上年结转不计入当年结余，计入累计结余",
            fixed(computed, 2)
        )),
        row.entry(col::BALANCE_YEAR),
    ))
}

/// CROSS-BALANCE-TOTAL: 累计结余 = 上年结转 + 本年收入 − 支出合计
/// (= 上年结转 + 当年结余 = 收入合计 − 支出合计).
fn balance_total(row: &Row, income: Decimal, spent: Decimal, ctx: &Settings) -> Option<Finding> {
    let stated = row.dec(col::BALANCE_TOTAL)?;
    let carryover = row.dec(col::CARRYOVER);
    let computed = carryover.unwrap_or_default() + income - spent;
    if !disagree(stated, computed, ctx) {
        return None;
    }
    let mut hint = format!(
        "把本行“累计结余”改为 {}：累计结余 = 上年结转 + 当年结余 = 收入合计 − 支出合计",
        fixed(computed, 2)
    );
    if carryover.is_none() {
        hint.push_str("；有上年结转而未填的，补填本行“上年结转”并计入收入合计");
    }
    Some(located(
        Finding::new(
            Code::CrossBalanceTotal,
            format!(
                "{}“{}”：累计结余 {} ≠ 上年结转 {} + 本年收入 {} − 支出合计 {} = {}",
                row.table.label,
                unit(row),
                fixed(stated, 2),
                fixed(carryover.unwrap_or_default(), 2),
                fixed(income, 2),
                fixed(spent, 2),
                fixed(computed, 2)
            ),
        )
        .field(TBL_FINANCE.column_key(col::BALANCE_TOTAL))
        .expected(fixed(computed, 2))
        .found(fixed(stated, 2))
        .hint(hint),
        row.entry(col::BALANCE_TOTAL),
    ))
}

/// CROSS-YEAR-END (a warning): the 汇总 row's 累计结余 against the budget's
/// year-end balance, 全年预算数 − 预算执行数. Given the row's identities,
/// the two differ by (本年收入 − 年初预算数 − 预算调整数) − (支出合计 −
/// 预算执行数): income outside the budget, or an 执行数 counted on another
/// basis than 支出合计, makes them differ in a correct workbook.
fn year_end(dept: &Department, ctx: &Settings) -> Option<Finding> {
    let summary = metrics::summary_row(dept)?;
    let stated = summary.dec(col::BALANCE_TOTAL)?;
    let full = metrics::full_year_budget(dept)?;
    let executed = dept.dec(key::BUDGET_EXECUTED)?;
    let computed = full - executed;
    if !disagree(stated, computed, ctx) {
        return None;
    }
    let initial = dept.dec(key::BUDGET_INITIAL).unwrap_or_default();
    let adjustment = metrics::net_adjustment(dept).unwrap_or_default();
    let mut message = format!(
        "累计结余 {} ≠ 按预算推算的年末结余：上年结转 {} + 年初预算数 {} + 预算调整数 {} − 预算执行数 {} = {}（相差 {}）",
        fixed(stated, 2),
        fixed(metrics::carryover(dept).unwrap_or_default(), 2),
        fixed(initial, 2),
        fixed(adjustment, 2),
        fixed(executed, 2),
        fixed(computed, 2),
        fixed(stated - computed, 2)
    );
    if let (Some(income), Some(spent)) = (current_income(summary), summary.dec(col::EXPENSE_TOTAL))
    {
        message.push_str(&format!(
            "；{}，{}",
            compared(
                ("本年收入", income),
                ("年初预算数与预算调整数之和", initial + adjustment),
                ctx
            ),
            compared(("支出合计", spent), ("预算执行数", executed), ctx)
        ));
    }
    let cell = |k| {
        dept.spot(k)
            .map_or_else(String::new, |s| format!("（{s}）"))
    };
    Some(located(
        Finding::new(Code::CrossYearEnd, message)
            .field(TBL_FINANCE.column_key(col::BALANCE_TOTAL))
            .expected(fixed(computed, 2))
            .found(fixed(stated, 2))
            .hint(format!(
                "预算外收入（如其他收入、非税收入）或预算执行数与支出合计口径不同时，两者可以不等，\
                 请在报告中说明差额来源；否则核对年初预算数{}、预算调整数{}、预算执行数{}",
                cell(key::BUDGET_INITIAL),
                cell(key::BUDGET_ADJUSTMENT),
                cell(key::BUDGET_EXECUTED)
            )),
        summary.entry(col::BALANCE_TOTAL),
    ))
}

/// `本年收入 a 比预算 b 多 x` (or 少 x, or 等于), naming both figures.
fn compared(a: (&str, Decimal), b: (&str, Decimal), ctx: &Settings) -> String {
    let ((a_name, a), (b_name, b)) = (a, b);
    let how = if !disagree(a, b, ctx) {
        String::new()
    } else if a > b {
        format!(" 多 {}", fixed(a - b, 2))
    } else {
        format!(" 少 {}", fixed(b - a, 2))
    };
    let verb = if how.is_empty() { "等于" } else { "比" };
    format!(
        "{a_name} {} {verb}{b_name} {}{how}",
        fixed(a, 2),
        fixed(b, 2)
    )
}
