//! What is possible but unlikely, worth a warning: rates over 100% or a low
//! 预算完成率, more staff than the quota, other years named in the texts,
//! the problems and measures left empty.

use rust_decimal::Decimal;

use crate::contract::fields::{
    ColumnId, TBL_GOALS, TBL_MEASURES, TBL_PROBLEMS, TBL_PROJECT_INDICATORS, TBL_PROJECTS,
    TBL_RECTIFICATION, TBL_TARGETS, Table, col, key,
};
use crate::contract::finding::{Code, Finding};
use crate::contract::number::fixed;
use crate::ingest::model::Department;
use crate::rules::metrics;
use crate::rules::validate::shared::located;

/// Years written as `2019年` in a text that differ from the report year.
/// Whether the words after a year tie it to what the money is for rather
/// than to when something happened: “2022年度参保” in a 2023 budget is the
/// year the insurance covers (年度 and a word of funds or insurance), where
/// “2022年区财政已下拨” is a date copied from last year's material.
fn for_what(after_year: &str) -> bool {
    const FOR: &[&str] = &[
        "参保", "缴费", "资金", "补助", "经费", "配套", "结算", "清算", "预算", "医保", "保险",
    ];
    after_year
        .strip_prefix("年度")
        .is_some_and(|rest| FOR.iter().any(|w| rest.starts_with(w)))
}

/// Years other than `year` in `text`, except those tied to what the money is
/// for (see [`for_what`]).
pub(super) fn foreign_years(text: &str, year: i64) -> Vec<i64> {
    let chars: Vec<char> = text.chars().collect();
    let mut found = Vec::new();
    for i in 0..chars.len().saturating_sub(4) {
        let window = &chars[i..i + 4];
        let before_is_digit = i > 0 && chars[i - 1].is_ascii_digit();
        if !before_is_digit
            && window.iter().all(char::is_ascii_digit)
            && chars.get(i + 4) == Some(&'年')
        {
            let y: i64 = window.iter().collect::<String>().parse().unwrap_or(0);
            let rest: String = chars[i + 4..].iter().take(5).collect();
            if (2000..=2100).contains(&y) && y != year && !found.contains(&y) && !for_what(&rest) {
                found.push(y);
            }
        }
    }
    found
}

pub(super) fn plausibility(dept: &Department, out: &mut Vec<Finding>) {
    let hundred = Decimal::ONE_HUNDRED;
    if let Some(rate) = metrics::budget_completion(dept) {
        let entry = dept.entry(key::BUDGET_EXECUTED);
        let full = metrics::full_year_budget(dept).unwrap_or_default();
        let executed = dept.dec(key::BUDGET_EXECUTED).unwrap_or_default();
        if rate > hundred {
            out.push(located(
                Finding::new(
                    Code::PlausRateHigh,
                    format!(
                        "预算完成率 {}%（执行数 {} ÷ 全年预算数 {}）超过 100%",
                        fixed(rate, 2),
                        fixed(executed, 2),
                        fixed(full, 2)
                    ),
                )
                .field(key::BUDGET_EXECUTED)
                .expected("≤ 100%")
                .found(crate::contract::number::percent_text(rate, 2))
                .hint("核实预算数（含调整数、上年结转）和执行数"),
                entry,
            ));
        } else if rate < Decimal::from(60) {
            out.push(located(
                Finding::new(
                    Code::PlausExecutionLow,
                    format!(
                        "预算完成率 {}%（执行数 {} ÷ 全年预算数 {}）低于 60%",
                        fixed(rate, 2),
                        fixed(executed, 2),
                        fixed(full, 2)
                    ),
                )
                .field(key::BUDGET_EXECUTED)
                .expected("≥ 60%")
                .found(crate::contract::number::percent_text(rate, 2))
                .hint("核实预算数和执行数；确属执行偏慢的，在存在的问题中说明原因"),
                entry,
            ));
        }
    }
    if let Some(rate) = metrics::public_expense_control(dept)
        && rate > hundred
    {
        let public = metrics::summary_row(dept)
            .and_then(|r| r.dec(col::PUBLIC_EXP))
            .unwrap_or_default();
        out.push(located(
            Finding::new(
                Code::PlausRateHigh,
                format!(
                    "公用经费控制率 {}%（公用支出 {} ÷ 公用经费预算数 {}）超过 100%",
                    fixed(rate, 2),
                    fixed(public, 2),
                    fixed(dept.dec(key::PUBLIC_BUDGET).unwrap_or_default(), 2)
                ),
            )
            .field(key::PUBLIC_BUDGET)
            .expected("≤ 100%")
            .found(crate::contract::number::percent_text(rate, 2))
            .hint("核实公用经费预算数与公用支出的口径；超支须说明原因"),
            dept.entry(key::PUBLIC_BUDGET),
        ));
    }
    if let (Some(quota), Some(actual)) = (dept.int(key::STAFF_QUOTA), dept.int(key::STAFF_ACTUAL))
        && actual > quota
    {
        out.push(located(
            Finding::new(
                Code::PlausStaffOverQuota,
                format!("实有人数 {actual} 超过编制数 {quota}"),
            )
            .field(key::STAFF_ACTUAL)
            .expected(format!("≤ {quota}"))
            .found(actual.to_string())
            .hint("核实编制数和实有人数"),
            dept.entry(key::STAFF_ACTUAL),
        ));
    }
    if let Some(year) = dept.int(key::YEAR) {
        let texts: &[(&Table, &[ColumnId])] = &[
            (&TBL_GOALS, &[col::GOAL, col::DONE]),
            (&TBL_TARGETS, &[col::TARGET, col::ACTUAL]),
            (&TBL_PROJECTS, &[col::GOAL, col::DONE]),
            (&TBL_PROJECT_INDICATORS, &[col::TARGET, col::ACTUAL]),
        ];
        for (table, cols) in texts {
            for row in dept.rows(table) {
                // A project named for a year (“2020年离休干部医疗统筹金”)
                // speaks of that year in its goals and indicators.
                let named = [col::NAME, col::PROJECT]
                    .into_iter()
                    .filter(|&c| table.column(c.as_str()).is_some())
                    .filter_map(|c| row.text(c))
                    .flat_map(|name| foreign_years(name, year))
                    .collect::<Vec<_>>();
                for &col in *cols {
                    let Some(text) = row.text(col) else { continue };
                    let mut years = foreign_years(text, year);
                    years.retain(|y| !named.contains(y));
                    if years.is_empty() {
                        continue;
                    }
                    let shown: Vec<String> = years.iter().map(|y| format!("{y}年")).collect();
                    out.push(located(
                        Finding::new(
                            Code::PlausYearInText,
                            format!("文字中写的是{}，评价年度是{year}年", shown.join("、")),
                        )
                        .field(table.column_key(col))
                        .expected(format!("{year}年"))
                        .found(text.chars().take(60).collect::<String>())
                        .hint("核实是否沿用了其他年度的材料"),
                        row.entry(col),
                    ));
                }
            }
        }
    }
    for (key, code, what) in [
        (&TBL_PROBLEMS, Code::PlausNoProblems, "存在的主要问题"),
        (&TBL_MEASURES, Code::PlausNoMeasures, "改进措施和有关建议"),
    ] {
        if let Some(data) = dept.table(key)
            && let Some(area) = &data.area
            && data.rows.is_empty()
        {
            out.push(
                Finding::new(code, format!("“{what}”未填写"))
                    .at(&area.top_left())
                    .field(key.key)
                    .hint(format!("在“{what}”表中逐条填写")),
            );
        }
    }
    // 上年问题整改情况: a problem listed with nothing said of it.
    for row in dept.rows(&TBL_RECTIFICATION) {
        if row.text(col::PROBLEM).is_some() && row.written(col::DONE).is_none() {
            out.push(located(
                Finding::new(
                    Code::RectificationMissing,
                    format!(
                        "上年问题整改情况（第 {} 行）未填写整改落实情况",
                        row.sheet_row_number()
                    ),
                )
                .field(TBL_RECTIFICATION.column_key(col::DONE))
                .hint("写明本年针对这个问题做了什么、结果如何，并选择整改状态"),
                row.entry(col::DONE),
            ));
        }
    }
}
