//! Figures of different sheets that must agree: projects' spending with
//! their budgets and the 项目支出 total, project indicators with the
//! projects they name. (当年结余 and 累计结余 are in `identities`.)

use std::collections::HashSet;

use rust_decimal::Decimal;

use crate::contract::fields::{TBL_PROJECT_INDICATORS, TBL_PROJECTS, col};
use crate::contract::finding::{Code, Finding};
use crate::contract::number::fixed;
use crate::ingest::model::Department;
use crate::rules::metrics;
use crate::rules::settings::Settings;
use crate::rules::validate::shared::located;

pub(super) fn cross(dept: &Department, ctx: &Settings, out: &mut Vec<Finding>) {
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
