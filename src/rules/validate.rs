//! Validation of a department model (SPEC §8 categories 2–4 and 6): required
//! fields, ranges, formats, every 合计 against its parts, cross-sheet
//! agreement and plausibility. Every problem is a [`Finding`] at its cell.

use std::collections::HashSet;

use chrono::Datelike;
use rust_decimal::Decimal;

use crate::contract::fields::{
    ColumnId, FIELDS, Kind, PERIODS, TABLES, TBL_FINANCE, TBL_GOALS, TBL_MEASURES, TBL_PROBLEMS,
    TBL_PROJECT_INDICATORS, TBL_PROJECTS, TBL_TARGETS, Table, col, key,
};
use crate::contract::finding::{Code, Finding};
use crate::contract::number::fixed;
use crate::ingest::coerce::phone::is_phone;
use crate::ingest::model::{Department, Entry, Row};
use crate::rules::metrics;
use crate::rules::settings::{Settings, differ};

/// Runs every check and returns the findings (unsorted).
pub fn validate(dept: &Department, ctx: &Settings) -> Vec<Finding> {
    let mut out = Vec::new();
    fields_checks(dept, ctx, &mut out);
    tables_checks(dept, &mut out);
    arithmetic(dept, ctx, &mut out);
    cross(dept, ctx, &mut out);
    plausibility(dept, &mut out);
    out
}

fn located(f: Finding, entry: &Entry) -> Finding {
    match &entry.spot {
        Some(s) => f.at(s),
        None => f,
    }
}

/// Money that may be negative: an adjustment (追减) or a balance. `key` is a
/// scalar's key or a table cell's `table.column`.
fn may_be_negative(key: &str) -> bool {
    let column = key.rsplit_once('.').map(|(_, c)| c);
    key == key::BUDGET_ADJUSTMENT.as_str()
        || column.is_some_and(|c| {
            [col::BALANCE_YEAR, col::BALANCE_TOTAL]
                .iter()
                .any(|b| b.as_str() == c)
        })
}

/// Range checks shared by scalars and table cells.
fn range_check(entry: &Entry, kind: Kind, key: &str, label: &str, out: &mut Vec<Finding>) {
    let range = |msg: String, expected: &str| {
        located(
            Finding::new(Code::FieldRange, msg)
                .field(key)
                .expected(expected)
                .found(entry.raw.display()),
            entry,
        )
    };
    match kind {
        Kind::Year => {
            if let Some(y) = entry.int()
                && !(2000..=2100).contains(&y)
            {
                out.push(
                    range(format!("{label}应在 2000–2100 之间"), "2000–2100")
                        .hint("填四位年份，如 2022"),
                );
            }
        }
        Kind::Count => {
            if let Some(n) = entry.int()
                && n < 0
            {
                out.push(range(format!("{label}不能为负数"), "≥ 0"));
            }
        }
        Kind::Money => {
            if let Some(d) = entry.dec()
                && d.is_sign_negative()
                && !d.is_zero()
                && !may_be_negative(key)
            {
                out.push(
                    range(format!("{label}不能为负数"), "≥ 0")
                        .hint("金额填正数；追减只在“预算调整数”中填负数"),
                );
            }
        }
        Kind::Points => {
            if let Some(d) = entry.dec()
                && d.is_sign_negative()
                && !d.is_zero()
            {
                out.push(range(format!("{label}不能为负数"), "≥ 0"));
            }
        }
        Kind::Percent => {
            if let Some(d) = entry.dec()
                && (d.is_sign_negative() && !d.is_zero() || d > Decimal::ONE_HUNDRED)
            {
                out.push(
                    range(format!("{label}应在 0%–100% 之间"), "0%–100%").hint("填百分比，如 95%"),
                );
            }
        }
        _ => {}
    }
}

fn fields_checks(dept: &Department, ctx: &Settings, out: &mut Vec<Finding>) {
    for f in FIELDS {
        let entry = dept.entry(f.id());
        let Some(_) = entry.spot else { continue }; // the missing name is already reported
        if entry.value.is_none() {
            if f.required && !entry.unreadable {
                out.push(located(
                    Finding::new(Code::FieldRequired, format!("必填项“{}”未填写", f.label))
                        .field(f.key)
                        .expected(f.kind.describe())
                        .found(entry.raw.display())
                        .hint(f.hint),
                    entry,
                ));
            }
            continue;
        }
        range_check(entry, f.kind, f.key, f.label, out);
        match f.kind {
            Kind::Phone => {
                if let Some(t) = entry.text()
                    && !is_phone(t)
                {
                    out.push(located(
                        Finding::new(Code::FieldPhone, format!("联系电话“{t}”格式不对"))
                            .field(f.key)
                            .expected("固定电话（如 0730-8075108）或 11 位手机号")
                            .found(t)
                            .hint("只填一个号码，数字之间可用“-”分隔"),
                        entry,
                    ));
                }
            }
            Kind::Choice(list) => {
                if let Some(t) = entry.text()
                    && !list.contains(&t.trim())
                {
                    out.push(located(
                        Finding::new(Code::FieldChoice, format!("“{}”不是可选值", t))
                            .field(f.key)
                            .expected(list.join("、"))
                            .found(t)
                            .hint("请从下拉列表选择"),
                        entry,
                    ));
                }
            }
            Kind::FrameworkId => {
                if let Some(t) = entry.text()
                    && ctx.scoring.get(t).is_none()
                {
                    out.push(located(
                        Finding::new(Code::FieldChoice, format!("评价框架“{t}”不存在"))
                            .field(f.key)
                            .expected(ctx.scoring.ids().join("、"))
                            .found(t)
                            .hint("请从下拉列表选择本地区使用的评价框架"),
                        entry,
                    ));
                }
            }
            _ => {}
        }
    }
    debug_assert!(PERIODS.contains(&"全年"));
    // 填报日期 must fall after the year evaluated begins, and not in the future.
    if let (Some(date), entry) = (dept.date(key::FILL_DATE), dept.entry(key::FILL_DATE)) {
        let year = dept.int(key::YEAR);
        let too_early = year.is_some_and(|y| i64::from(date.year()) < y);
        let too_late = date > ctx.today + chrono::Days::new(31);
        if too_early || too_late {
            let expected = match year {
                Some(y) => format!("{y}-01-01 至 {}", ctx.today.format("%Y-%m-%d")),
                None => format!("不晚于 {}", ctx.today.format("%Y-%m-%d")),
            };
            out.push(located(
                Finding::new(
                    Code::FieldDate,
                    if too_early {
                        "填报日期早于评价年度"
                    } else {
                        "填报日期晚于今天"
                    },
                )
                .field(key::FILL_DATE)
                .expected(expected)
                .found(date.format("%Y-%m-%d").to_string())
                .hint("填写实际填报的日期"),
                entry,
            ));
        }
    }
}

fn tables_checks(dept: &Department, out: &mut Vec<Finding>) {
    for t in TABLES {
        let Some(data) = dept.table(t) else {
            continue;
        };
        let Some(area) = &data.area else { continue };
        if t.required && data.rows.is_empty() {
            out.push(
                Finding::new(
                    Code::TableEmpty,
                    format!("表格“{}”没有填写任何数据", t.label),
                )
                .at(&area.top_left())
                .field(t.key)
                .hint(t.hint),
            );
        }
        let keys = t.field_keys();
        for row in &data.rows {
            for ((c, entry), key) in t.columns.iter().zip(&row.cells).zip(&keys) {
                if entry.value.is_none() && c.required && !entry.unreadable {
                    out.push(located(
                        Finding::new(
                            Code::FieldRequired,
                            format!(
                                "{}第 {} 行的“{}”未填写",
                                t.label,
                                row.sheet_row + 1,
                                c.label
                            ),
                        )
                        .field(key.clone())
                        .expected(c.kind.describe())
                        .found(entry.raw.display())
                        .hint(t.hint),
                        entry,
                    ));
                }
                range_check(entry, c.kind, key, c.label, out);
            }
        }
    }
}

/// Sum of the given columns; `None` when none of them has a value.
fn sum_cols(row: &Row, ids: &[ColumnId]) -> Option<Decimal> {
    let values: Vec<Decimal> = ids.iter().filter_map(|id| row.dec(*id)).collect();
    (!values.is_empty()).then(|| values.iter().sum())
}

fn disagree(a: Decimal, b: Decimal, ctx: &Settings) -> bool {
    differ(a, b, ctx.tolerance)
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

fn arithmetic(dept: &Department, ctx: &Settings, out: &mut Vec<Finding>) {
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

fn cross(dept: &Department, ctx: &Settings, out: &mut Vec<Finding>) {
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

/// Years written as `2019年` in a text that differ from the report year.
fn foreign_years(text: &str, year: i64) -> Vec<i64> {
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
            if (2000..=2100).contains(&y) && y != year && !found.contains(&y) {
                found.push(y);
            }
        }
    }
    found
}

fn plausibility(dept: &Department, out: &mut Vec<Finding>) {
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
                for &col in *cols {
                    let Some(text) = row.text(col) else { continue };
                    let years = foreign_years(text, year);
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
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn years_in_text() {
        assert_eq!(foreign_years("2019年区财政已下拨", 2020), vec![2019]);
        assert_eq!(
            foreign_years("2020年城乡居民医疗保险区级财政补助", 2020),
            Vec::<i64>::new()
        );
        assert_eq!(foreign_years("共12019年", 2020), Vec::<i64>::new());
        assert_eq!(
            foreign_years("2019年和2021年，2019年", 2020),
            vec![2019, 2021]
        );
        assert_eq!(foreign_years("年", 2020), Vec::<i64>::new());
    }
}
