//! Every 合计 against its parts outside the 收支恒等式 (`identities`): the
//! 汇总 row against the sub-units, the 固定资产 total, a project's funding
//! sources.

use rust_decimal::Decimal;

use crate::contract::fields::{TBL_FINANCE, TBL_PROJECTS, col, key};
use crate::contract::finding::{Code, Finding};
use crate::contract::number::fixed;
use crate::ingest::model::Department;
use crate::rules::settings::Settings;
use crate::rules::validate::shared::{disagree, located, row_sum};

pub(super) fn arithmetic(dept: &Department, ctx: &Settings, out: &mut Vec<Finding>) {
    let finance = dept.rows(&TBL_FINANCE);
    // The 汇总 row against the sub-units.
    if let [summary, units @ ..] = finance
        && !units.is_empty()
    {
        for id in TBL_FINANCE.money_columns() {
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
        for (total, parts) in [
            (
                col::BUDGET_INITIAL,
                [col::FISCAL_INITIAL, col::CARRY_INITIAL, col::OTHER_INITIAL],
            ),
            (
                col::BUDGET_FULL,
                [col::FISCAL_FULL, col::CARRY_FULL, col::OTHER_FULL],
            ),
            (
                col::EXECUTED,
                [
                    col::FISCAL_EXECUTED,
                    col::CARRY_EXECUTED,
                    col::OTHER_EXECUTED,
                ],
            ),
        ] {
            out.extend(row_sum(row, total, &parts, Code::SumProjectFunds, ctx));
        }
    }
}
