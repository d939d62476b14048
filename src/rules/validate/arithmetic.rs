//! Every 合计 against its parts: a 收支情况 row's totals, the 汇总 row
//! against the sub-units, the 固定资产 total, a project's funding sources.

use rust_decimal::Decimal;

use crate::contract::fields::{ColumnId, TBL_FINANCE, TBL_PROJECTS, col, key};
use crate::contract::finding::{Code, Finding};
use crate::contract::number::fixed;
use crate::ingest::model::{Department, Row};
use crate::rules::settings::Settings;
use crate::rules::validate::shared::{disagree, located};

/// Sum of the given columns; `None` when none of them has a value.
fn sum_cols(row: &Row, ids: &[ColumnId]) -> Option<Decimal> {
    let values: Vec<Decimal> = ids.iter().filter_map(|id| row.dec(*id)).collect();
    (!values.is_empty()).then(|| values.iter().sum())
}
/// `a + b + c`, with the column labels, for messages.
fn formula_text(row: &Row, ids: &[ColumnId]) -> String {
    let parts: Vec<String> = ids
        .iter()
        .map(|id| {
            let label = row.table.columns[row.table.col(*id)].label;
            let v = row
                .dec(*id)
                .map_or_else(|| "0".to_string(), |d| fixed(d, 2));
            format!("{label} {v}")
        })
        .collect();
    parts.join(" + ")
}

/// Checks `row[total] = Σ row[parts]` and reports at the total's cell.
fn check_row_sum(
    row: &Row,
    total: ColumnId,
    parts: &[ColumnId],
    code: Code,
    what: &str,
    ctx: &Settings,
    out: &mut Vec<Finding>,
) {
    let (Some(stated), Some(sum)) = (row.dec(total), sum_cols(row, parts)) else {
        return;
    };
    if disagree(stated, sum, ctx) {
        let unit = row.text(row.table.columns[0].col_id()).unwrap_or("");
        out.push(located(
            Finding::new(
                code,
                format!(
                    "{}“{unit}”：{what} {} ≠ {} = {}",
                    row.table.label,
                    fixed(stated, 2),
                    formula_text(row, parts),
                    fixed(sum, 2)
                ),
            )
            .field(format!("{}.{total}", row.table.key))
            .expected(fixed(sum, 2))
            .found(fixed(stated, 2))
            .hint(format!(
                "核对{what}及其各组成部分，使其相等（差额 {}）",
                fixed(stated - sum, 2)
            )),
            row.entry(total),
        ));
    }
}

const INCOME_PARTS: &[ColumnId] = &[
    col::CARRYOVER,
    col::GENERAL_BUDGET,
    col::FUND_BUDGET,
    col::SPECIAL_ACCOUNT,
    col::OTHER_INCOME,
];
const FINANCE_MONEY: &[ColumnId] = &[
    col::CARRYOVER,
    col::GENERAL_BUDGET,
    col::FUND_BUDGET,
    col::SPECIAL_ACCOUNT,
    col::OTHER_INCOME,
    col::INCOME_TOTAL,
    col::PERSONNEL,
    col::PUBLIC_EXP,
    col::BASIC,
    col::PROJECT,
    col::EXPENSE_TOTAL,
    col::BALANCE_YEAR,
    col::BALANCE_TOTAL,
];

pub(super) fn arithmetic(dept: &Department, ctx: &Settings, out: &mut Vec<Finding>) {
    let finance = dept.rows(&TBL_FINANCE);
    for row in finance {
        check_row_sum(
            row,
            col::INCOME_TOTAL,
            INCOME_PARTS,
            Code::SumIncome,
            "收入合计",
            ctx,
            out,
        );
        check_row_sum(
            row,
            col::BASIC,
            &[col::PERSONNEL, col::PUBLIC_EXP],
            Code::SumBasic,
            "基本支出",
            ctx,
            out,
        );
        check_row_sum(
            row,
            col::EXPENSE_TOTAL,
            &[col::BASIC, col::PROJECT],
            Code::SumExpense,
            "支出合计",
            ctx,
            out,
        );
    }
    // The 汇总 row against the sub-units.
    if let [summary, units @ ..] = finance
        && !units.is_empty()
    {
        for id in FINANCE_MONEY {
            let id = *id;
            let values: Vec<Decimal> = units.iter().filter_map(|r| r.dec(id)).collect();
            if values.is_empty() && summary.dec(id).is_none() {
                continue;
            }
            let sum: Decimal = values.iter().sum();
            let stated = summary.dec(id).unwrap_or_default();
            if disagree(stated, sum, ctx) {
                let label = summary.table.columns[summary.table.col(id)].label;
                out.push(located(
                    Finding::new(
                        Code::SumSubunits,
                        format!(
                            "汇总行的“{label}” {} ≠ 各机构之和 {}",
                            fixed(stated, 2),
                            fixed(sum, 2)
                        ),
                    )
                    .field(TBL_FINANCE.column_key(id))
                    .expected(fixed(sum, 2))
                    .found(fixed(stated, 2))
                    .hint("第一行应为汇总行，等于其余各机构之和；只有本级时只填一行"),
                    summary.entry(id),
                ));
            }
        }
    }
    // 固定资产.
    let parts = [key::ASSETS_IN_USE, key::ASSETS_LEASED, key::ASSETS_OTHER];
    let values: Vec<Decimal> = parts.iter().filter_map(|k| dept.dec(*k)).collect();
    if let Some(total) = dept.dec(key::ASSETS_TOTAL)
        && !values.is_empty()
    {
        let sum: Decimal = values.iter().sum();
        if disagree(total, sum, ctx) {
            let shown: Vec<String> = parts
                .iter()
                .map(|k| dept.dec(*k).map_or_else(|| "0".into(), |d| fixed(d, 2)))
                .collect();
            out.push(located(
                Finding::new(
                    Code::SumAssets,
                    format!(
                        "固定资产合计 {} ≠ 在用 {} + 出租 {} + 其他 {} = {}",
                        fixed(total, 2),
                        shown[0],
                        shown[1],
                        shown[2],
                        fixed(sum, 2)
                    ),
                )
                .field(key::ASSETS_TOTAL)
                .expected(fixed(sum, 2))
                .found(fixed(total, 2))
                .hint("核对固定资产合计及其组成"),
                dept.entry(key::ASSETS_TOTAL),
            ));
        }
    }
    // 项目资金来源.
    for row in dept.rows(&TBL_PROJECTS) {
        for (total, parts, what) in [
            (
                col::BUDGET_INITIAL,
                [col::FISCAL_INITIAL, col::CARRY_INITIAL, col::OTHER_INITIAL],
                "年初预算数",
            ),
            (
                col::BUDGET_FULL,
                [col::FISCAL_FULL, col::CARRY_FULL, col::OTHER_FULL],
                "全年预算数",
            ),
            (
                col::EXECUTED,
                [
                    col::FISCAL_EXECUTED,
                    col::CARRY_EXECUTED,
                    col::OTHER_EXECUTED,
                ],
                "全年执行数",
            ),
        ] {
            check_row_sum(row, total, &parts, Code::SumProjectFunds, what, ctx, out);
        }
    }
}
