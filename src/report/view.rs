//! The report's view model: everything the narrative report says, computed
//! and worded in Rust from the checked workbook, so that templates only lay
//! it out. Amounts are given as exact decimal strings for the domain filters
//! (`wan`, `pct`); sentences that compare or round are finished here (a
//! Decimal reaches a template as a string, where it cannot be compared).
//! `docs/templates.md` lists every field.

use rust_decimal::Decimal;
use serde::Serialize;

use crate::check::{FileReport, Status};
use crate::contract::fields::{
    ColumnId, FieldKey, SANGONG, SangongPart, TBL_EVALUATORS, TBL_FINANCE, TBL_GOALS, TBL_MEASURES,
    TBL_PROBLEMS, TBL_PROJECT_INDICATORS, TBL_PROJECTS, TBL_TARGETS, Table, col, key,
};
use crate::contract::finding::{Code, Finding, Severity};
use crate::contract::number::fixed;
use crate::ingest::model::{Department, Row};
use crate::rules::metrics;
use crate::rules::score::{IndicatorScore, Scorecard, name_key};

/// The whole report.
#[derive(Debug, Clone, Serialize)]
pub struct ReportView {
    /// The public report (for the disclosure site): see [`ReportView::into_public`].
    pub public: bool,
    /// `jixiao 0.1.0`.
    pub generator: String,
    /// The workbook's file name.
    pub file: String,
    pub status: StatusView,
    pub unit: UnitView,
    pub spending: SpendingView,
    pub goals: GoalsView,
    pub results: Option<ResultsView>,
    pub problems: Vec<Item>,
    pub measures: Vec<Item>,
    pub appendix: AppendixView,
}

#[derive(Debug, Clone, Serialize)]
pub struct StatusView {
    /// `passed` or `failed`.
    pub code: &'static str,
    /// 通过校验 / 未通过校验.
    pub zh: &'static str,
    pub passed: bool,
    pub errors: usize,
    pub warnings: usize,
    pub notes: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct UnitView {
    pub name: String,
    pub code: Option<String>,
    pub supervisor: Option<String>,
    /// `2022`, or empty when unknown.
    pub year: String,
    /// ISO date, for the `date_zh` filter.
    pub fill_date: Option<String>,
    /// Removed in the public report.
    pub head_name: Option<String>,
    /// Removed in the public report.
    pub contact_name: Option<String>,
    /// Mobile numbers masked in the public report (158****3065).
    pub contact_phone: Option<String>,
    pub staff_quota: Option<i64>,
    pub staff_actual: Option<i64>,
    /// 核定编制26人，实有在职26人。
    pub staff_sentence: Option<String>,
    /// Paragraphs (one per line of the cell).
    pub functions: Vec<String>,
    pub org_structure: Vec<String>,
    pub main_tasks: Vec<String>,
    pub achievements: Vec<String>,
    pub implementation: Vec<String>,
    /// Names removed in the public report (only title and unit stay).
    pub evaluators: Vec<Evaluator>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Evaluator {
    pub name: Option<String>,
    pub title: Option<String>,
    pub org: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SpendingView {
    /// 2022年收入合计2854.84万元，其中……
    pub income_sentence: Option<String>,
    /// 2022年整体支出2815.61万元，其中人员经费515.99万元，占18.33%……
    pub expense_sentence: Option<String>,
    /// 年初预算、调整、执行与预算完成率。
    pub budget_sentence: Option<String>,
    pub finance_rows: Vec<FinanceRow>,
    /// The expenditure composition, for the chart.
    pub composition: Vec<Slice>,
    pub sangong: Vec<SangongRow>,
    pub sangong_total: Option<SangongRow>,
    pub sangong_sentence: Option<String>,
    pub assets: Option<AssetsView>,
    pub assets_sentence: Option<String>,
    pub projects_sentence: Option<String>,
    pub projects: Vec<ProjectRow>,
}

/// One row of the finance table; amounts are decimal strings (万元).
#[derive(Debug, Clone, Serialize)]
pub struct FinanceRow {
    pub unit: String,
    pub carryover: Option<Decimal>,
    pub general_budget: Option<Decimal>,
    pub fund_budget: Option<Decimal>,
    pub special_account: Option<Decimal>,
    pub other_income: Option<Decimal>,
    pub income_total: Option<Decimal>,
    pub personnel: Option<Decimal>,
    pub public_exp: Option<Decimal>,
    pub basic: Option<Decimal>,
    pub project: Option<Decimal>,
    pub expense_total: Option<Decimal>,
    pub balance_year: Option<Decimal>,
    pub balance_total: Option<Decimal>,
}

/// A part of a whole, with its share and the geometry of its bar.
#[derive(Debug, Clone, Serialize)]
pub struct Slice {
    pub name: String,
    pub amount: Decimal,
    /// Percentage of the whole (exact; display with `pct`).
    pub share: Decimal,
    /// Bar width as a percentage of the chart's width, one decimal.
    pub width: String,
    /// Bar offset in a stacked bar, one decimal.
    pub offset: String,
    /// A colour from the report's palette.
    pub color: &'static str,
}

#[derive(Debug, Clone, Serialize)]
pub struct SangongRow {
    pub name: String,
    pub budget: Option<Decimal>,
    pub actual: Option<Decimal>,
    pub prev: Option<Decimal>,
}

#[derive(Debug, Clone, Serialize)]
pub struct AssetsView {
    pub total: Option<Decimal>,
    pub in_use: Option<Decimal>,
    pub leased: Option<Decimal>,
    pub other: Option<Decimal>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ProjectRow {
    pub name: String,
    pub budget_full: Option<Decimal>,
    pub executed: Option<Decimal>,
    /// 预算执行率 (%), exact.
    pub rate: Option<Decimal>,
}

#[derive(Debug, Clone, Serialize)]
pub struct GoalsView {
    pub goals: Vec<Goal>,
    pub targets: Vec<Target>,
    /// 满意度 (%), exact.
    pub satisfaction: Option<Decimal>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Goal {
    pub goal: String,
    pub done: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Target {
    pub level1: String,
    pub level2: String,
    pub level3: String,
    pub target: Option<String>,
    pub actual: Option<String>,
    pub deviation: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ResultsView {
    pub framework_id: String,
    pub framework_name: String,
    pub total: Decimal,
    pub total_points: Decimal,
    pub grade: String,
    pub self_total: Option<Decimal>,
    /// 按“…”评分，系统计算得分98.00分，等次为“优秀”；单位自评98.00分。
    pub sentence: String,
    pub levels: Vec<Level>,
    /// Indicators that lost points.
    pub lost: Vec<Lost>,
    pub projects: Vec<ProjectResult>,
    pub projects_sentence: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Level {
    pub name: String,
    pub points: Decimal,
    pub score: Decimal,
    pub self_score: Option<Decimal>,
    /// Bar widths (% of the largest points), one decimal.
    pub points_width: String,
    pub score_width: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Lost {
    pub level1: String,
    pub name: String,
    pub points: Decimal,
    pub score: Decimal,
    pub lost: Decimal,
    pub explain: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ProjectResult {
    pub name: String,
    pub rate: Option<Decimal>,
    pub score: Decimal,
    pub self_score: Option<Decimal>,
    pub grade: String,
    /// The self-score differs from the computed score by more than 0.01.
    pub differs: bool,
}

/// A problem or a measure.
#[derive(Debug, Clone, Serialize)]
pub struct Item {
    pub text: String,
    /// Derived by jixiao from lost points or findings (系统生成), not the
    /// department's own words.
    pub derived: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct AppendixView {
    pub scores: Vec<ScoreRow>,
    pub projects: Vec<ProjectTable>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ScoreRow {
    pub level1: String,
    pub level2: String,
    pub name: String,
    pub criteria: String,
    pub points: Decimal,
    pub computed: Option<String>,
    pub score: Decimal,
    pub self_score: Option<Decimal>,
    pub reason: Option<String>,
    pub explain: String,
    pub lost: bool,
    /// The self-score differs from the computed score by more than 0.01.
    pub differs: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct ProjectTable {
    pub name: String,
    pub supervisor: Option<String>,
    pub implementer: Option<String>,
    pub budget_initial: Option<Decimal>,
    pub budget_full: Option<Decimal>,
    pub executed: Option<Decimal>,
    pub rate: Option<Decimal>,
    pub execution_score: Decimal,
    pub goal: Option<String>,
    pub done: Option<String>,
    pub indicators: Vec<ProjectIndicator>,
    pub score: Decimal,
    pub self_score: Option<Decimal>,
    pub grade: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ProjectIndicator {
    pub level1: String,
    pub level2: String,
    pub level3: String,
    pub target: String,
    pub actual: String,
    pub points: Decimal,
    pub score: Option<Decimal>,
    pub self_score: Option<Decimal>,
    pub deviation: Option<String>,
}

const PALETTE: [&str; 6] = [
    "#2f6db5", "#e0892b", "#3f9c5a", "#b8483e", "#7b5ea7", "#5b8e99",
];

/// Builds the view of a checked workbook, for the department and the finance
/// office; `None` when it could not be read.
pub fn build(report: &FileReport) -> Option<ReportView> {
    let dept = report.department.as_ref()?;
    let card = report.score.as_ref();
    let year = dept
        .int(key::YEAR)
        .map(|y| y.to_string())
        .unwrap_or_default();
    let counts = report.counts();
    let passed = report.status == Status::Passed;
    let (problems, measures) = problems_and_measures(dept, card, &report.findings);
    let view = ReportView {
        public: false,
        generator: format!("jixiao {}", env!("CARGO_PKG_VERSION")),
        file: file_name(&report.file),
        status: StatusView {
            code: if passed { "passed" } else { "failed" },
            zh: if passed {
                "通过校验"
            } else {
                "未通过校验"
            },
            passed,
            errors: counts.error,
            warnings: counts.warning,
            notes: counts.note,
        },
        unit: unit(dept),
        spending: spending(dept, &year),
        goals: goals(dept),
        results: card.map(results),
        problems,
        measures,
        appendix: appendix(dept, card),
    };
    Some(view)
}

fn file_name(path: &str) -> String {
    std::path::Path::new(path)
        .file_name()
        .map_or_else(|| path.to_string(), |n| n.to_string_lossy().into_owned())
}

/// A text, trimmed, or `None` when there is none.
fn trimmed(s: Option<&str>) -> Option<String> {
    s.map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

fn text(dept: &Department, key: FieldKey) -> Option<String> {
    trimmed(dept.text(key))
}

fn row_text(row: &Row, id: ColumnId) -> Option<String> {
    trimmed(row.text(id))
}

/// The non-empty lines of a text cell.
fn paragraphs(text: Option<&str>) -> Vec<String> {
    text.unwrap_or_default()
        .lines()
        .map(|l| l.trim_matches(|c: char| c.is_whitespace()))
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect()
}

/// `2854.84`: 万元 as the report's sentences write them (tables group
/// thousands with the `wan` filter; prose does not, as the seeds do).
fn wan(d: Decimal) -> String {
    fixed(d, 2)
}

/// `18.33%`.
fn pct(d: Decimal) -> String {
    crate::contract::number::percent_text(d, 2)
}

fn share(part: Decimal, whole: Decimal) -> Option<Decimal> {
    metrics::percent(Some(part), Some(whole))
}

fn unit(dept: &Department) -> UnitView {
    let staff_quota = dept.int(key::STAFF_QUOTA);
    let staff_actual = dept.int(key::STAFF_ACTUAL);
    let staff_sentence = match (staff_quota, staff_actual) {
        (Some(q), Some(a)) => Some(format!("核定编制{q}人，实有在职{a}人。")),
        (Some(q), None) => Some(format!("核定编制{q}人。")),
        (None, Some(a)) => Some(format!("实有在职{a}人。")),
        (None, None) => None,
    };
    UnitView {
        name: text(dept, key::UNIT_NAME).unwrap_or_default(),
        code: text(dept, key::UNIT_CODE),
        supervisor: text(dept, key::SUPERVISOR),
        year: dept
            .int(key::YEAR)
            .map(|y| y.to_string())
            .unwrap_or_default(),
        fill_date: dept.date(key::FILL_DATE).map(|d| d.to_string()),
        head_name: text(dept, key::HEAD_NAME),
        contact_name: text(dept, key::CONTACT_NAME),
        contact_phone: text(dept, key::CONTACT_PHONE),
        staff_quota,
        staff_actual,
        staff_sentence,
        functions: paragraphs(dept.text(key::FUNCTIONS)),
        org_structure: paragraphs(dept.text(key::ORG_STRUCTURE)),
        main_tasks: paragraphs(dept.text(key::MAIN_TASKS)),
        achievements: paragraphs(dept.text(key::ACHIEVEMENTS)),
        implementation: paragraphs(dept.text(key::IMPLEMENTATION)),
        evaluators: dept
            .rows(&TBL_EVALUATORS)
            .iter()
            .map(|r| Evaluator {
                name: row_text(r, col::NAME),
                title: row_text(r, col::TITLE),
                org: row_text(r, col::ORG),
            })
            .collect(),
    }
}

fn finance_row(r: &Row) -> FinanceRow {
    FinanceRow {
        unit: row_text(r, col::UNIT).unwrap_or_default(),
        carryover: r.dec(col::CARRYOVER),
        general_budget: r.dec(col::GENERAL_BUDGET),
        fund_budget: r.dec(col::FUND_BUDGET),
        special_account: r.dec(col::SPECIAL_ACCOUNT),
        other_income: r.dec(col::OTHER_INCOME),
        income_total: r.dec(col::INCOME_TOTAL),
        personnel: r.dec(col::PERSONNEL),
        public_exp: r.dec(col::PUBLIC_EXP),
        basic: r.dec(col::BASIC),
        project: r.dec(col::PROJECT),
        expense_total: r.dec(col::EXPENSE_TOTAL),
        balance_year: r.dec(col::BALANCE_YEAR),
        balance_total: r.dec(col::BALANCE_TOTAL),
    }
}

/// "其中A x万元，占y%；B …" for the parts of a whole that are not zero.
fn parts_sentence(parts: &[(&str, Option<Decimal>)], whole: Decimal) -> String {
    parts
        .iter()
        .filter_map(|(name, v)| {
            let v = (*v)?;
            if v.is_zero() {
                return None;
            }
            Some(match share(v, whole) {
                Some(s) => format!("{name}{}万元，占{}", wan(v), pct(s)),
                None => format!("{name}{}万元", wan(v)),
            })
        })
        .collect::<Vec<_>>()
        .join("；")
}

fn spending(dept: &Department, year: &str) -> SpendingView {
    let rows = dept.rows(&TBL_FINANCE);
    let summary = rows.first();
    let income_sentence = summary.and_then(|r| {
        let total = r.dec(col::INCOME_TOTAL)?;
        let parts = parts_sentence(
            &[
                ("上年结转", r.dec(col::CARRYOVER)),
                ("一般公共预算财政拨款", r.dec(col::GENERAL_BUDGET)),
                ("政府性基金预算拨款", r.dec(col::FUND_BUDGET)),
                ("纳入专户管理的非税收入拨款", r.dec(col::SPECIAL_ACCOUNT)),
                ("其他收入", r.dec(col::OTHER_INCOME)),
            ],
            total,
        );
        Some(if parts.is_empty() {
            format!("{year}年收入合计{}万元。", wan(total))
        } else {
            format!("{year}年收入合计{}万元，其中{parts}。", wan(total))
        })
    });
    let expense_sentence = summary.and_then(|r| {
        let total = r.dec(col::EXPENSE_TOTAL)?;
        let mut parts = Vec::new();
        let inner = parts_sentence(
            &[
                ("人员经费", r.dec(col::PERSONNEL)),
                ("公用经费", r.dec(col::PUBLIC_EXP)),
            ],
            total,
        );
        if let Some(basic) = r.dec(col::BASIC) {
            let mut s = match share(basic, total) {
                Some(sh) => format!("基本支出{}万元，占{}", wan(basic), pct(sh)),
                None => format!("基本支出{}万元", wan(basic)),
            };
            if !inner.is_empty() {
                s.push_str(&format!("（{inner}）"));
            }
            parts.push(s);
        } else if !inner.is_empty() {
            // No 基本支出 figure: its parts stand on their own.
            parts.push(inner);
        }
        let project = parts_sentence(&[("项目支出", r.dec(col::PROJECT))], total);
        if !project.is_empty() {
            parts.push(project);
        }
        Some(if parts.is_empty() {
            format!("{year}年整体支出{}万元。", wan(total))
        } else {
            format!(
                "{year}年整体支出{}万元，其中{}。",
                wan(total),
                parts.join("；")
            )
        })
    });
    let budget_sentence = budget_sentence(dept);
    let parts = metrics::spending_parts(dept);
    let whole: Decimal = parts.iter().map(|(_, v)| *v).sum();
    let mut offset = Decimal::ZERO;
    let composition = parts
        .into_iter()
        .enumerate()
        .map(|(i, (name, amount))| {
            let share = share(amount, whole).unwrap_or_default();
            let slice = Slice {
                name: name.to_string(),
                amount,
                share,
                width: fixed(share, 1),
                offset: fixed(offset, 1),
                color: PALETTE[i % PALETTE.len()],
            };
            offset += share;
            slice
        })
        .collect();
    let sangong: Vec<SangongRow> = SANGONG
        .iter()
        .map(|kind| SangongRow {
            name: kind.name.to_string(),
            budget: dept.dec(kind.budget),
            actual: dept.dec(kind.actual),
            prev: dept.dec(kind.prev),
        })
        .collect();
    let sangong_total = SangongRow {
        name: "合计".to_string(),
        budget: metrics::sangong_total(dept, SangongPart::Budget),
        actual: metrics::sangong_total(dept, SangongPart::Actual),
        prev: metrics::sangong_total(dept, SangongPart::Prev),
    };
    let sangong_sentence = sangong_sentence(&sangong, &sangong_total, year);
    let assets = AssetsView {
        total: dept.dec(key::ASSETS_TOTAL),
        in_use: dept.dec(key::ASSETS_IN_USE),
        leased: dept.dec(key::ASSETS_LEASED),
        other: dept.dec(key::ASSETS_OTHER),
    };
    let assets_sentence = assets.total.map(|total| {
        let parts = parts_sentence(
            &[
                ("在用固定资产", assets.in_use),
                ("出租固定资产", assets.leased),
                ("其他固定资产", assets.other),
            ],
            total,
        );
        if parts.is_empty() {
            format!("截至{year}年末，固定资产合计{}万元。", wan(total))
        } else {
            format!(
                "截至{year}年末，固定资产合计{}万元，其中{parts}。",
                wan(total)
            )
        }
    });
    let projects: Vec<ProjectRow> = dept
        .rows(&TBL_PROJECTS)
        .iter()
        .map(|r| ProjectRow {
            name: row_text(r, col::NAME).unwrap_or_default(),
            budget_full: r.dec(col::BUDGET_FULL),
            executed: r.dec(col::EXECUTED),
            rate: metrics::percent(r.dec(col::EXECUTED), r.dec(col::BUDGET_FULL)),
        })
        .collect();
    let projects_sentence = (!projects.is_empty()).then(|| {
        let budget: Decimal = projects.iter().filter_map(|p| p.budget_full).sum();
        let executed: Decimal = projects.iter().filter_map(|p| p.executed).sum();
        // The rate only over projects with both figures, and said so when
        // some lack one.
        let both: Vec<(Decimal, Decimal)> = projects
            .iter()
            .filter_map(|p| Some((p.budget_full?, p.executed?)))
            .collect();
        let rate = metrics::percent(
            Some(both.iter().map(|b| b.1).sum()),
            Some(both.iter().map(|b| b.0).sum()),
        )
        .map(|r| {
            if both.len() == projects.len() {
                format!("，预算执行率{}", pct(r))
            } else {
                format!(
                    "，其中{}个项目预算和执行数齐全，执行率{}",
                    both.len(),
                    pct(r)
                )
            }
        })
        .unwrap_or_default();
        format!(
            "{year}年实施项目{}个，全年预算{}万元，执行{}万元{rate}。",
            projects.len(),
            wan(budget),
            wan(executed)
        )
    });
    SpendingView {
        income_sentence,
        expense_sentence,
        budget_sentence,
        finance_rows: rows.iter().map(finance_row).collect(),
        composition,
        sangong,
        sangong_total: Some(sangong_total),
        sangong_sentence,
        assets: assets.total.is_some().then_some(assets),
        assets_sentence,
        projects_sentence,
        projects,
    }
}

fn budget_sentence(dept: &Department) -> Option<String> {
    let initial = dept.dec(key::BUDGET_INITIAL)?;
    let executed = dept.dec(key::BUDGET_EXECUTED)?;
    let adjustment = dept.dec(key::BUDGET_ADJUSTMENT).unwrap_or_default();
    let mut s = format!("年初预算{}万元", wan(initial));
    if !adjustment.is_zero() {
        let verb = if adjustment > Decimal::ZERO {
            "追加"
        } else {
            "追减"
        };
        s.push_str(&format!("，年中{verb}{}万元", wan(adjustment.abs())));
    }
    if let Some(c) = metrics::carryover(dept).filter(|c| !c.is_zero()) {
        s.push_str(&format!("，上年结转{}万元", wan(c)));
    }
    if let Some(full) = metrics::full_year_budget(dept) {
        s.push_str(&format!("，全年预算{}万元", wan(full)));
    }
    s.push_str(&format!("；全年执行{}万元", wan(executed)));
    if let Some(rate) = metrics::budget_completion(dept) {
        s.push_str(&format!("，预算完成率{}", pct(rate)));
    }
    s.push('。');
    Some(s)
}

fn sangong_sentence(rows: &[SangongRow], total: &SangongRow, year: &str) -> Option<String> {
    let actual = total.actual?;
    let mut s = format!("{year}年“三公”经费支出{}万元", wan(actual));
    let spent: Vec<String> = rows
        .iter()
        .filter_map(|r| {
            let a = r.actual.filter(|a| !a.is_zero())?;
            Some(format!("{}{}万元", r.name, wan(a)))
        })
        .collect();
    if !spent.is_empty() {
        s.push_str(&format!("，其中{}", spent.join("，")));
    }
    if let Some(budget) = total.budget {
        s.push_str(&format!("；本年预算{}万元", wan(budget)));
        if let Some(sh) = share(actual, budget) {
            s.push_str(&format!("，决算为预算的{}", pct(sh)));
        }
    }
    // Year on year, where the prior year's figures exist.
    if let Some(prev) = total.prev {
        let change = actual - prev;
        let rate = share(change.abs(), prev);
        s.push_str(&format!("；上年决算{}万元", wan(prev)));
        if change.is_zero() {
            s.push_str("，与上年持平");
        } else {
            let (verb, dir) = if change > Decimal::ZERO {
                ("增加", "增长")
            } else {
                ("减少", "下降")
            };
            s.push_str(&format!("，比上年{verb}{}万元", wan(change.abs())));
            if let Some(r) = rate {
                s.push_str(&format!("，{dir}{}", pct(r)));
            }
        }
    }
    s.push('。');
    Some(s)
}

fn goals(dept: &Department) -> GoalsView {
    GoalsView {
        goals: dept
            .rows(&TBL_GOALS)
            .iter()
            .filter_map(|r| {
                Some(Goal {
                    goal: row_text(r, col::GOAL)?,
                    done: row_text(r, col::DONE),
                })
            })
            .collect(),
        targets: dept
            .rows(&TBL_TARGETS)
            .iter()
            .map(|r| Target {
                level1: row_text(r, col::LEVEL1).unwrap_or_default(),
                level2: row_text(r, col::LEVEL2).unwrap_or_default(),
                level3: row_text(r, col::LEVEL3).unwrap_or_default(),
                target: row_text(r, col::TARGET),
                actual: row_text(r, col::ACTUAL),
                deviation: row_text(r, col::DEVIATION),
            })
            .collect(),
        satisfaction: dept.dec(key::SATISFACTION_RATE),
    }
}

fn differs(a: Option<Decimal>, b: Decimal) -> bool {
    a.is_some_and(|a| (a - b).abs() > Decimal::new(1, 2))
}

fn results(card: &Scorecard) -> ResultsView {
    let d = &card.department;
    let max = d
        .level1
        .iter()
        .map(|l| l.points)
        .max()
        .unwrap_or(Decimal::ONE)
        .max(Decimal::ONE);
    let width = |v: Decimal| fixed((v * Decimal::ONE_HUNDRED / max).max(Decimal::ZERO), 1);
    let mut sentence = format!(
        "按“{}”评分，系统计算得分{}分（满分{}分），等次为“{}”",
        d.framework_name,
        fixed(d.total, 2),
        fixed(d.total_points, 0),
        d.grade
    );
    match d.self_score() {
        Some(s) if differs(Some(s), d.total) => sentence.push_str(&format!(
            "；单位自评{}分，与系统计算得分相差{}分",
            fixed(s, 2),
            fixed((s - d.total).abs(), 2)
        )),
        Some(s) => sentence.push_str(&format!("；单位自评{}分，与系统计算一致", fixed(s, 2))),
        None => sentence.push_str("；单位未填写自评得分"),
    }
    sentence.push('。');
    let projects: Vec<ProjectResult> = card
        .projects
        .iter()
        .map(|p| {
            let self_score = p.self_score();
            ProjectResult {
                name: p.name.clone(),
                rate: p.execution_rate,
                score: p.total,
                self_score,
                grade: p.grade.clone(),
                differs: differs(self_score, p.total),
            }
        })
        .collect();
    let projects_sentence = (!projects.is_empty()).then(|| {
        let mut grades: Vec<(String, usize)> = Vec::new();
        for p in &projects {
            match grades.iter_mut().find(|(g, _)| *g == p.grade) {
                Some((_, n)) => *n += 1,
                None => grades.push((p.grade.clone(), 1)),
            }
        }
        let grades = grades
            .iter()
            .map(|(g, n)| format!("“{g}”{n}个"))
            .collect::<Vec<_>>()
            .join("、");
        format!(
            "{}个项目按项目支出绩效自评表计分，等次为{grades}。",
            projects.len()
        )
    });
    ResultsView {
        framework_id: d.framework_id.clone(),
        framework_name: d.framework_name.clone(),
        total: d.total,
        total_points: d.total_points,
        grade: d.grade.clone(),
        self_total: d.self_score(),
        sentence,
        levels: d
            .level1
            .iter()
            .map(|l| Level {
                name: l.name.clone(),
                points: l.points,
                score: l.score,
                self_score: l.self_score,
                points_width: width(l.points),
                score_width: width(l.score),
            })
            .collect(),
        lost: d
            .indicators
            .iter()
            .filter(|i| i.system < i.points)
            .map(|i| Lost {
                level1: i.level1.clone(),
                name: i.name.clone(),
                points: i.points,
                score: i.system,
                lost: i.points - i.system,
                explain: i.explain.clone(),
            })
            .collect(),
        projects,
        projects_sentence,
    }
}

/// The department's own problems and measures, then those jixiao derives
/// from lost points and from the findings, marked as derived.
fn problems_and_measures(
    dept: &Department,
    card: Option<&Scorecard>,
    findings: &[Finding],
) -> (Vec<Item>, Vec<Item>) {
    let own = |table: &Table| -> Vec<Item> {
        dept.rows(table)
            .iter()
            .filter_map(|r| row_text(r, col::TEXT))
            .map(|text| Item {
                text,
                derived: false,
            })
            .collect()
    };
    let mut problems = own(&TBL_PROBLEMS);
    let mut measures = own(&TBL_MEASURES);
    let push = |list: &mut Vec<Item>, text: String| {
        if !list.iter().any(|i| i.text == text) {
            list.push(Item {
                text,
                derived: true,
            });
        }
    };
    if let Some(card) = card {
        // Points lost only because the department gave no self-score: one
        // problem for all of them (scoring gives them no framework problem).
        let unscored: Vec<&str> = card
            .department
            .indicators
            .iter()
            .filter(|i| i.unscored())
            .map(|i| i.name.as_str())
            .collect();
        for i in card
            .department
            .indicators
            .iter()
            .filter(|i| i.system < i.points && !i.unscored())
        {
            push(&mut problems, lost_problem(i));
            if let Some(m) = &i.measure {
                push(&mut measures, m.clone());
            }
        }
        if !unscored.is_empty() {
            push(
                &mut problems,
                format!(
                    "评分表中{}项自评类指标未填写自评得分（{}），按0分计，绩效自评工作不够完整。",
                    unscored.len(),
                    unscored.join("、")
                ),
            );
            push(
                &mut measures,
                "对照评价框架逐项开展自评，如实填写自评得分，低于满分的写明扣分原因。".to_string(),
            );
        }
        for p in &card.projects {
            if p.execution_rate.is_some_and(|r| r < Decimal::ONE_HUNDRED) {
                push(
                    &mut problems,
                    format!(
                        "项目“{}”预算执行率为{}，未全部执行。",
                        p.name,
                        p.execution_rate.map(pct).unwrap_or_default()
                    ),
                );
            }
        }
    }
    // Findings, one line per kind of problem: what the published figures
    // cannot be trusted for.
    let mut kinds: Vec<(Code, usize, &Finding)> = Vec::new();
    for f in findings.iter().filter(|f| f.severity == Severity::Error) {
        match kinds.iter_mut().find(|(c, _, _)| *c == f.code) {
            Some((_, n, _)) => *n += 1,
            None => kinds.push((f.code, 1, f)),
        }
    }
    for (code, n, first) in &kinds {
        let more = if *n > 1 {
            format!("等{n}处")
        } else {
            String::new()
        };
        push(
            &mut problems,
            format!(
                "自评材料{}{more}：{}。",
                code.info().title,
                first.message.trim_end_matches('。')
            ),
        );
    }
    if !kinds.is_empty() {
        let errors: usize = kinds.iter().map(|(_, n, _)| n).sum();
        push(
            &mut measures,
            format!(
                "加强绩效自评数据审核：逐项更正校验发现的{errors}处填报错误，确保报表勾稽一致、报告数字与报表一致。"
            ),
        );
    }
    (problems, measures)
}

fn lost_problem(i: &IndicatorScore) -> String {
    let lost = fixed(i.points - i.system, 2);
    match &i.problem {
        Some(p) => format!("{}（扣{lost}分）：{}", i.name, p.trim_end_matches('。')) + "。",
        None => format!("{}扣{lost}分：{}", i.name, i.explain.trim_end_matches('。')) + "。",
    }
}

fn appendix(dept: &Department, card: Option<&Scorecard>) -> AppendixView {
    let Some(card) = card else {
        return AppendixView {
            scores: Vec::new(),
            projects: Vec::new(),
        };
    };
    let scores = card
        .department
        .indicators
        .iter()
        .map(|i| ScoreRow {
            level1: i.level1.clone(),
            level2: i.level2.clone(),
            name: i.name.clone(),
            criteria: i.criteria.clone(),
            points: i.points,
            computed: i.computed.clone(),
            score: i.system,
            self_score: i.self_score,
            reason: i.reason.clone(),
            explain: i.explain.clone(),
            lost: i.system < i.points,
            differs: differs(i.self_score, i.system),
        })
        .collect();
    let rows = dept.rows(&TBL_PROJECTS);
    let row_names: Vec<Option<String>> = rows
        .iter()
        .map(|r| r.text(col::NAME).map(name_key))
        .collect();
    let indicator_rows = dept.rows(&TBL_PROJECT_INDICATORS);
    let indicator_projects: Vec<Option<String>> = indicator_rows
        .iter()
        .map(|r| r.text(col::PROJECT).map(name_key))
        .collect();
    let projects = card
        .projects
        .iter()
        .map(|p| {
            let key = Some(name_key(&p.name));
            let row = rows
                .iter()
                .zip(&row_names)
                .find(|(_, n)| **n == key)
                .map(|(r, _)| r);
            let mut deviations = indicator_rows
                .iter()
                .zip(&indicator_projects)
                .filter(|(_, n)| **n == key)
                .map(|(r, _)| r);
            ProjectTable {
                name: p.name.clone(),
                supervisor: row.and_then(|r| row_text(r, col::SUPERVISOR)),
                implementer: row.and_then(|r| row_text(r, col::IMPLEMENTER)),
                budget_initial: row.and_then(|r| r.dec(col::BUDGET_INITIAL)),
                budget_full: p.budget_full,
                executed: p.executed,
                rate: p.execution_rate,
                execution_score: p.execution_score,
                goal: row.and_then(|r| row_text(r, col::GOAL)),
                done: row.and_then(|r| row_text(r, col::DONE)),
                indicators: p
                    .indicators
                    .iter()
                    .map(|i| ProjectIndicator {
                        level1: i.level1.clone(),
                        level2: i.level2.clone(),
                        level3: i.level3.clone(),
                        target: i.target.clone(),
                        actual: i.actual.clone(),
                        points: i.points,
                        score: i.system,
                        self_score: i.self_score,
                        deviation: deviations.next().and_then(|r| row_text(r, col::DEVIATION)),
                    })
                    .collect(),
                score: p.total,
                self_score: p.self_score(),
                grade: p.grade.clone(),
            }
        })
        .collect();
    AppendixView { scores, projects }
}

impl ReportView {
    /// The same report for the disclosure site: names of the filler, the
    /// contact and the evaluators removed (mobile numbers are masked in the
    /// template data: [`ReportView::to_value`]).
    pub fn into_public(mut self) -> ReportView {
        self.public = true;
        self.unit.head_name = None;
        self.unit.contact_name = None;
        for e in &mut self.unit.evaluators {
            e.name = None;
        }
        self
    }

    /// The view as template data. In the public report every mobile number
    /// in any text is masked (158****3065): a department may quote one
    /// anywhere in its prose, not only in the contact field. (The reports
    /// make the public data from the internal report's instead, masking only
    /// the keys that hold a number; a test keeps the two the same.)
    pub fn to_value(&self) -> serde_json::Value {
        let mut value = serde_json::to_value(self).unwrap_or_default();
        if self.public {
            mask_value(&mut value);
        }
        value
    }
}

/// Masks every mobile number in the strings of a JSON value.
pub fn mask_value(v: &mut serde_json::Value) {
    match v {
        serde_json::Value::String(s) if has_mobile(s) => {
            *s = mask_mobiles(s);
        }
        serde_json::Value::Array(a) => a.iter_mut().for_each(mask_value),
        serde_json::Value::Object(o) => o.values_mut().for_each(mask_value),
        _ => {}
    }
}

/// A digit, ASCII or full-width.
fn digit(c: char) -> Option<u32> {
    match c {
        '0'..='9' => c.to_digit(10),
        '０'..='９' => Some(c as u32 - '０' as u32),
        _ => None,
    }
}

/// The positions of the digits of a mainland mobile number starting at
/// `units[i]`: 1[3-9]x, then 4 and 4 digits, each group optionally after a
/// space or a hyphen, and no digit right after; `None` if there is none.
/// `units` are the text's chars, or its bytes when it has no full-width
/// digit (a byte of a multi-byte character is never an ASCII digit, space
/// or hyphen).
fn mobile_at<T: Copy>(
    units: &[T],
    i: usize,
    digit: impl Fn(T) -> Option<u32>,
) -> Option<[usize; 11]>
where
    u32: From<T>,
{
    let separator = |u: T| matches!(char::from_u32(u32::from(u)), Some(' ' | '-'));
    let mut digits = [0; 11];
    let mut n = 0;
    let mut k = i;
    for group in [3usize, 4, 4] {
        if group == 4 && units.get(k).is_some_and(|u| separator(*u)) {
            k += 1;
        }
        for _ in 0..group {
            digit(*units.get(k)?)?;
            digits[n] = k;
            n += 1;
            k += 1;
        }
    }
    let first = digit(units[digits[0]])?;
    let second = digit(units[digits[1]])?;
    if first != 1 || !(3..=9).contains(&second) {
        return None;
    }
    if units.get(k).is_some_and(|u| digit(*u).is_some()) {
        return None;
    }
    Some(digits)
}

/// Each mobile number's digits in `units` (see [`mobile_at`]), in order.
fn mobiles<T: Copy>(
    units: &[T],
    digit: impl Fn(T) -> Option<u32> + Copy,
) -> impl Iterator<Item = [usize; 11]>
where
    u32: From<T>,
{
    let mut i = 0;
    std::iter::from_fn(move || {
        while i < units.len() {
            // A number starts where a digit does not follow another digit,
            // or right after a country code 86.
            let starts = digit(units[i]).is_some()
                && (i == 0
                    || digit(units[i - 1]).is_none()
                    || (i >= 2
                        && digit(units[i - 2]) == Some(8)
                        && digit(units[i - 1]) == Some(6)
                        && (i == 2 || digit(units[i - 3]).is_none())));
            if starts && let Some(digits) = mobile_at(units, i, digit) {
                i = digits[10] + 1;
                return Some(digits);
            }
            i += 1;
        }
        None
    })
}

/// Whether a text has a full-width digit (EF BC 90–99 in UTF-8).
fn has_full_width_digit(text: &str) -> bool {
    text.as_bytes()
        .windows(3)
        .any(|w| w[0] == 0xEF && w[1] == 0xBC && (0x90..=0x99).contains(&w[2]))
}

/// Whether [`mask_mobiles`] would change a text, found without copying it:
/// most texts have no full-width digit, and their bytes are read directly.
pub fn has_mobile(text: &str) -> bool {
    if has_full_width_digit(text) {
        let chars: Vec<char> = text.chars().collect();
        return mobiles(&chars, digit).next().is_some();
    }
    let ascii = |b: u8| b.is_ascii_digit().then(|| u32::from(b - b'0'));
    mobiles(text.as_bytes(), ascii).next().is_some()
}

/// Replaces the middle four digits of each mainland mobile number with
/// `****`, wherever it stands in the text: 11 digits 1[3-9]…, written
/// together or as 3-4-4 with spaces or hyphens, after 86 / +86 or next to
/// other numbers, in ASCII or full-width digits. Landlines (0730-8075108)
/// stay.
pub fn mask_mobiles(text: &str) -> String {
    let mut chars: Vec<char> = text.chars().collect();
    let found: Vec<[usize; 11]> = mobiles(&chars, digit).collect();
    for digits in found {
        for &d in &digits[3..7] {
            chars[d] = '*';
        }
    }
    chars.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #[test]
        fn has_mobile_is_whether_masking_changes_the_text(
            s in "[0-9０-９1１3８6+ \\-，电话：]{0,24}"
        ) {
            proptest::prop_assert_eq!(has_mobile(&s), mask_mobiles(&s) != s, "{:?}", s);
        }
    }

    #[test]
    fn mobiles_are_masked_landlines_are_not() {
        for (given, shown) in [
            ("15897303065", "158****3065"),
            ("电话：15897303065。", "电话：158****3065。"),
            ("158 9730 3065", "158 **** 3065"),
            ("158-9730-3065", "158-****-3065"),
            ("+86 158 9730 3065", "+86 158 **** 3065"),
            ("8615897303065", "86158****3065"),
            ("0730-8075108", "0730-8075108"),
            ("8075108", "8075108"),
            ("2022年2854.84万元", "2022年2854.84万元"),
            ("123456789012", "123456789012"),
            ("12897303065", "12897303065"),
            ("0745-5223456 15897303065", "0745-5223456 158****3065"),
            (
                "咨询电话：15897303065 12345。",
                "咨询电话：158****3065 12345。",
            ),
            ("１５８９７３０３０６５", "１５８****３０６５"),
            (
                "电话15897303065或13907301234",
                "电话158****3065或139****1234",
            ),
            ("158973030651", "158973030651"),
        ] {
            assert_eq!(mask_mobiles(given), shown, "{given}");
        }
    }

    #[test]
    fn year_on_year_reads_as_increase_or_decrease() {
        let row = |a: i64, p: i64| SangongRow {
            name: "公务接待费".into(),
            budget: None,
            actual: Some(Decimal::new(a, 2)),
            prev: Some(Decimal::new(p, 2)),
        };
        let down = sangong_sentence(&[row(451, 536)], &row(451, 536), "2022").unwrap();
        assert!(down.contains("比上年减少0.85万元，下降15.86%"), "{down}");
        let up = sangong_sentence(&[row(536, 451)], &row(536, 451), "2022").unwrap();
        assert!(up.contains("比上年增加0.85万元，增长18.85%"), "{up}");
        let flat = sangong_sentence(&[row(451, 451)], &row(451, 451), "2022").unwrap();
        assert!(flat.contains("与上年持平"), "{flat}");
    }
}
