//! Figures of different sheets that must agree: 当年结余 with income and
//! spending, 累计结余 with the budget, projects' spending with their budgets
//! and the 项目支出 total, project indicators with the projects they name.

use std::collections::HashSet;

use rust_decimal::Decimal;

use crate::contract::fields::{TBL_FINANCE, TBL_PROJECT_INDICATORS, TBL_PROJECTS, col, key};
use crate::contract::finding::{Code, Finding};
use crate::contract::number::fixed;
use crate::ingest::model::Department;
use crate::rules::metrics;
use crate::rules::settings::Settings;
use crate::rules::validate::shared::{disagree, located};

pub(super) fn cross(dept: &Department, ctx: &Settings, out: &mut Vec<Finding>) {
    for row in dept.rows(&TBL_FINANCE) {
        if let (Some(income), Some(expense), Some(balance)) = (
            row.dec(col::INCOME_TOTAL),
            row.dec(col::EXPENSE_TOTAL),
            row.dec(col::BALANCE_YEAR),
        ) && disagree(income - expense, balance, ctx)
        {
            let unit = row.text(col::UNIT).unwrap_or("");
            out.push(located(
                Finding::new(
                    Code::CrossBalance,
                    format!(
                        "“{unit}”当年结余 {} ≠ 收入合计 {} − 支出合计 {} = {}",
                        fixed(balance, 2),
                        fixed(income, 2),
                        fixed(expense, 2),
                        fixed(income - expense, 2)
                    ),
                )
                .field(TBL_FINANCE.column_key(col::BALANCE_YEAR))
                .expected(fixed(income - expense, 2))
                .found(fixed(balance, 2))
                .hint("核对收入合计、支出合计和当年结余"),
                row.entry(col::BALANCE_YEAR),
            ));
        }
    }
    // 年末结余 = 上年结转 + 年初预算 + 调整 − 执行, against the 汇总 row's 累计结余.
    if let Some(summary) = metrics::summary_row(dept)
        && let (Some(full), Some(executed), Some(stated)) = (
            metrics::full_year_budget(dept),
            dept.dec(key::BUDGET_EXECUTED),
            summary.dec(col::BALANCE_TOTAL),
        )
        && disagree(full - executed, stated, ctx)
    {
        let computed = full - executed;
        out.push(located(
            Finding::new(
                Code::CrossYearEnd,
                format!(
                    "累计结余 {} ≠ 上年结转 {} + 年初预算数 {} + 预算调整数 {} − 预算执行数 {} = {}",
                    fixed(stated, 2),
                    fixed(metrics::carryover(dept).unwrap_or_default(), 2),
                    fixed(dept.dec(key::BUDGET_INITIAL).unwrap_or_default(), 2),
                    fixed(dept.dec(key::BUDGET_ADJUSTMENT).unwrap_or_default(), 2),
                    fixed(executed, 2),
                    fixed(computed, 2)
                ),
            )
            .field(TBL_FINANCE.column_key(col::BALANCE_TOTAL))
            .expected(fixed(computed, 2))
            .found(fixed(stated, 2))
            .hint("核对预算数、调整数、执行数与累计结余（收支情况表汇总行）"),
            summary.entry(col::BALANCE_TOTAL),
        ));
    }
    // Projects.
    let projects = dept.rows(&TBL_PROJECTS);
    for row in projects {
        if let (Some(full), Some(executed)) = (row.dec(col::BUDGET_FULL), row.dec(col::EXECUTED))
            && executed - full > ctx.tolerance
        {
            out.push(located(
                Finding::new(
                    Code::CrossProjectOverspend,
                    format!(
                        "项目“{}”全年执行数 {} 大于全年预算数 {}",
                        row.text(col::NAME).unwrap_or(""),
                        fixed(executed, 2),
                        fixed(full, 2)
                    ),
                )
                .field(TBL_PROJECTS.column_key(col::EXECUTED))
                .expected(format!("≤ {}", fixed(full, 2)))
                .found(fixed(executed, 2))
                .hint("核实执行数，或在完成情况中说明超预算原因"),
                row.entry(col::EXECUTED),
            ));
        }
    }
    let executed: Vec<Decimal> = projects
        .iter()
        .filter_map(|r| r.dec(col::EXECUTED))
        .collect();
    if let Some(summary) = metrics::summary_row(dept)
        && let Some(project_exp) = summary.dec(col::PROJECT)
        && !executed.is_empty()
    {
        let total: Decimal = executed.iter().sum();
        if total - project_exp > ctx.tolerance {
            let mut f = Finding::new(
                Code::CrossProjectTotal,
                format!(
                    "各项目全年执行数合计 {} 超过收支情况表的项目支出 {}",
                    fixed(total, 2),
                    fixed(project_exp, 2)
                ),
            )
            .field(TBL_PROJECTS.column_key(col::EXECUTED))
            .expected(format!("≤ {}", fixed(project_exp, 2)))
            .found(fixed(total, 2))
            .hint("核对项目支出表与收支情况表的口径和单位（万元）");
            if let Some(s) = projects.first().and_then(|r| r.spot(col::EXECUTED)) {
                f = f.at(s);
            }
            out.push(f);
        }
    }
    let names: HashSet<&str> = projects
        .iter()
        .filter_map(|r| r.text(col::NAME))
        .map(str::trim)
        .collect();
    for row in dept.rows(&TBL_PROJECT_INDICATORS) {
        if let Some(name) = row.text(col::PROJECT)
            && !names.contains(name.trim())
        {
            out.push(located(
                Finding::new(
                    Code::CrossProjectUnknown,
                    format!("指标所属项目“{name}”不在项目支出表中"),
                )
                .field(TBL_PROJECT_INDICATORS.column_key(col::PROJECT))
                .expected(if names.is_empty() {
                    "（项目支出表为空）".to_string()
                } else {
                    let mut v: Vec<&str> = names.iter().copied().collect();
                    v.sort_unstable();
                    v.join("、")
                })
                .found(name)
                .hint("使项目名称与“项目支出”表完全一致"),
                row.entry(col::PROJECT),
            ));
        }
    }
}
