//! The report's view model: everything the narrative report says, computed
//! and worded in Rust from the checked workbook, so that templates only lay
//! it out. Amounts are given as exact decimal strings for the domain filters
//! (`wan`, `pct`); sentences that compare or round are finished here (a
//! Decimal reaches a template as a string, where it cannot be compared).
//! `docs/templates.md` lists every field.
//!
//! The structures are in `model`, with the version templates are written
//! against; the sentences in `prose`; the derived problems and measures in
//! `problems`; the charts' geometry in `charts`; the public variant in
//! `redact`. This module builds the view from them.

mod cells;
mod charts;
mod model;
mod problems;
mod prose;
mod redact;
mod trace;

pub use model::VIEW_VERSION;
pub(crate) use model::*;
pub use model::{CellRef, Figure, Source};
pub(crate) use redact::{has_mobile, mask_value};
pub use trace::number_tokens;

use rust_decimal::Decimal;

use crate::contract::number::{fixed, percent_text};

use crate::check::{FileReport, Status};
use crate::contract::fields::{
    ColumnId, FieldKey, SANGONG, SangongPart, TBL_EVALUATORS, TBL_FINANCE, TBL_GOALS,
    TBL_PROJECT_INDICATORS, TBL_PROJECTS, TBL_SCORES, TBL_TARGETS, col, key,
};
use crate::ingest::model::{Department, Row};
use crate::report::view::cells::{paragraphs, row_text, row_written, text};
use crate::report::view::trace::{Trace, score_rows, scoring, self_score_cells};
use crate::rules::metrics;
use crate::rules::score::{DepartmentScore, ProjectScore, Scorecard, name_key};

/// Builds the view of a checked workbook, for the department and the finance
/// office; `None` when it could not be read.
pub(crate) fn build(report: &FileReport) -> Option<ReportView> {
    build_with(report, Trace::off())
}

/// The view with its trace: every figure it states, with its source, in
/// [`ReportView::figures`].
pub(crate) fn build_traced(report: &FileReport) -> Option<ReportView> {
    build_with(report, Trace::on())
}

/// Every figure the narrative report of a checked workbook states, as it
/// is written, with where in the report it is and where it comes from (a
/// cell, a formula over cells, the framework, the scoring, the check);
/// `None` when the workbook could not be read. Every number of the
/// default templates' `report.md` ([`number_tokens`]) is the text of one
/// of them, but for the numbering of lists, appendices and rows.
pub fn figures(report: &FileReport) -> Option<Vec<Figure>> {
    build_traced(report).map(|v| v.figures)
}

fn build_with(report: &FileReport, mut t: Trace) -> Option<ReportView> {
    let dept = report.department.as_ref()?;
    let card = report.score.as_ref();
    let year = dept
        .int(key::YEAR)
        .map(|y| y.to_string())
        .unwrap_or_default();
    let counts = report.counts();
    let passed = report.status == Status::Passed;
    let check = |what: &str| Source::Check {
        what: what.to_string(),
        cells: Vec::new(),
    };
    t.shown(
        || counts.error.to_string(),
        || check("错误数"),
        "status.errors",
    );
    t.shown(
        || counts.warning.to_string(),
        || check("警告数"),
        "status.warnings",
    );
    t.shown(
        || counts.note.to_string(),
        || check("提示数"),
        "status.notes",
    );
    let generator = format!("jixiao {}", env!("CARGO_PKG_VERSION"));
    t.passage(&generator, || Source::Program, "generator");
    let file = file_name(&report.file);
    t.passage(&file, || Source::File, "file");
    let unit = unit(dept, &mut t);
    let spending = spending(dept, &year, report.tolerance, &mut t);
    let goals = goals(dept, &mut t);
    let results = card.and_then(|c| {
        let d = c.department.as_ref()?;
        Some(results(dept, d, &c.projects, report.tolerance, &mut t))
    });
    let (problems, measures) =
        problems::problems_and_measures(dept, card, &report.findings, &mut t);
    let appendix = appendix(dept, card, report.tolerance, &mut t);
    let view = ReportView {
        public: false,
        generator,
        file,
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
        unit,
        spending,
        goals,
        results,
        problems,
        measures,
        appendix,
        figures: t.into_figures(),
    };
    Some(view)
}

fn file_name(path: &str) -> String {
    std::path::Path::new(path)
        .file_name()
        .map_or_else(|| path.to_string(), |n| n.to_string_lossy().into_owned())
}

/// A text field, its numbers traced to its cell.
fn traced_text(dept: &Department, k: FieldKey, t: &mut Trace, at: &str) -> Option<String> {
    let s = text(dept, k)?;
    t.passage(&s, || Source::field(dept, k), at);
    Some(s)
}

/// A long text field's paragraphs, their numbers traced to its cell.
fn traced_paragraphs(dept: &Department, k: FieldKey, t: &mut Trace, at: &str) -> Vec<String> {
    let list = paragraphs(dept.text(k));
    for p in &list {
        t.passage(p, || Source::field(dept, k), at);
    }
    list
}

/// A table cell's text, its numbers traced to the cell.
fn traced_row_text(row: &Row, id: ColumnId, t: &mut Trace, at: &str) -> Option<String> {
    let s = row_text(row, id)?;
    t.passage(&s, || Source::column(row, id), at);
    Some(s)
}

/// A table cell as the department wrote it (a not-applicable marker too),
/// its numbers traced to the cell.
fn traced_row_written(row: &Row, id: ColumnId, t: &mut Trace, at: &str) -> Option<String> {
    let s = row_written(row, id)?;
    t.passage(&s, || Source::column(row, id), at);
    Some(s)
}

/// A table cell's amount, traced to the cell.
fn traced_amount(row: &Row, id: ColumnId, t: &mut Trace, at: &str) -> Option<Decimal> {
    let v = row.dec(id)?;
    t.shown(|| fixed(v, 2), || Source::column(row, id), at);
    Some(v)
}

fn unit(dept: &Department, t: &mut Trace) -> UnitView {
    let year = dept
        .int(key::YEAR)
        .map(|y| t.count(y, || Source::field(dept, key::YEAR), "unit.year"));
    let fill_date = dept.date(key::FILL_DATE).map(|d| {
        use chrono::Datelike;
        t.record(
            format!("{}年{}月{}日", d.year(), d.month(), d.day()),
            || Source::field(dept, key::FILL_DATE),
            "unit.fill_date",
        );
        d.to_string()
    });
    let staff_sentence = prose::staff_sentence(dept, t);
    let evaluators = dept
        .rows(&TBL_EVALUATORS)
        .iter()
        .map(|r| Evaluator {
            name: traced_row_text(r, col::NAME, t, "unit.evaluators"),
            title: traced_row_text(r, col::TITLE, t, "unit.evaluators"),
            org: traced_row_text(r, col::ORG, t, "unit.evaluators"),
        })
        .collect::<Vec<_>>();
    if !evaluators.is_empty() {
        let cells = dept
            .rows(&TBL_EVALUATORS)
            .iter()
            .map(|r| CellRef::column(r, col::NAME))
            .collect();
        t.shown(
            || evaluators.len().to_string(),
            || Source::formula("评价组成员的行数", cells),
            "unit.evaluators",
        );
    }
    UnitView {
        name: traced_text(dept, key::UNIT_NAME, t, "unit.name").unwrap_or_default(),
        code: traced_text(dept, key::UNIT_CODE, t, "unit.code"),
        supervisor: traced_text(dept, key::SUPERVISOR, t, "unit.supervisor"),
        year: year.unwrap_or_default(),
        fill_date,
        head_name: traced_text(dept, key::HEAD_NAME, t, "unit.head_name"),
        contact_name: traced_text(dept, key::CONTACT_NAME, t, "unit.contact_name"),
        contact_phone: traced_text(dept, key::CONTACT_PHONE, t, "unit.contact_phone"),
        staff_quota: dept.int(key::STAFF_QUOTA),
        staff_actual: dept.int(key::STAFF_ACTUAL),
        staff_sentence,
        functions: traced_paragraphs(dept, key::FUNCTIONS, t, "unit.functions"),
        org_structure: traced_paragraphs(dept, key::ORG_STRUCTURE, t, "unit.org_structure"),
        main_tasks: traced_paragraphs(dept, key::MAIN_TASKS, t, "unit.main_tasks"),
        achievements: traced_paragraphs(dept, key::ACHIEVEMENTS, t, "unit.achievements"),
        implementation: traced_paragraphs(dept, key::IMPLEMENTATION, t, "unit.implementation"),
        evaluators,
    }
}

fn finance_row(i: usize, r: &Row, t: &mut Trace) -> FinanceRow {
    let at = format!("spending.finance_rows[{i}]");
    for id in TBL_FINANCE.money_columns() {
        traced_amount(r, id, t, &at);
    }
    FinanceRow {
        unit: traced_row_text(r, col::UNIT, t, &at).unwrap_or_default(),
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

fn spending(dept: &Department, year: &str, tolerance: Decimal, t: &mut Trace) -> SpendingView {
    let rows = dept.rows(&TBL_FINANCE);
    let summary = rows.first();
    let income_sentence = prose::income_sentence(summary, year, tolerance, t);
    let expense_sentence = prose::expense_sentence(summary, year, tolerance, t);
    let finance_note = traced_paragraphs(dept, key::FINANCE_NOTE, t, "spending.finance_note");
    let budget_sentence = prose::budget_sentence(dept, t);
    let execution_note = traced_paragraphs(dept, key::EXECUTION_NOTE, t, "spending.execution_note");
    let composition = charts::composition(summary, t);
    let finance_rows = rows
        .iter()
        .enumerate()
        .map(|(i, r)| finance_row(i, r, t))
        .collect();
    let sangong: Vec<SangongRow> = SANGONG
        .iter()
        .map(|kind| {
            let at = "spending.sangong";
            let mut fig = |k: FieldKey| {
                let v = dept.dec(k)?;
                t.shown(|| fixed(v, 2), || Source::field(dept, k), at);
                Some(v)
            };
            SangongRow {
                name: kind.name.to_string(),
                budget: fig(kind.budget),
                actual: fig(kind.actual),
                prev: fig(kind.prev),
                prev_budget: fig(kind.prev_budget),
            }
        })
        .collect();
    let mut total = |part: SangongPart| {
        let figures = prose::sangong_part(dept, part);
        let v = figures.total?;
        t.shown(
            || fixed(v, 2),
            || prose::sangong_total_source(part, prose::sangong_cells(dept, part)),
            "spending.sangong_total",
        );
        Some(v)
    };
    let sangong_total = SangongRow {
        name: "合计".to_string(),
        budget: total(SangongPart::Budget),
        actual: total(SangongPart::Actual),
        prev: total(SangongPart::Prev),
        prev_budget: total(SangongPart::PrevBudget),
    };
    let sangong_sentence = prose::sangong_sentence(dept, year, t);
    let mut asset = |k: FieldKey| {
        let v = dept.dec(k)?;
        t.shown(|| fixed(v, 2), || Source::field(dept, k), "spending.assets");
        Some(v)
    };
    let assets = AssetsView {
        total: asset(key::ASSETS_TOTAL),
        in_use: asset(key::ASSETS_IN_USE),
        leased: asset(key::ASSETS_LEASED),
        other: asset(key::ASSETS_OTHER),
    };
    let assets_sentence = prose::assets_sentence(dept, year, tolerance, t);
    let project_rows = dept.rows(&TBL_PROJECTS);
    let projects: Vec<ProjectRow> = project_rows
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let at = format!("spending.projects[{i}]");
            let budget_full = traced_amount(r, col::BUDGET_FULL, t, &at);
            let executed = traced_amount(r, col::EXECUTED, t, &at);
            let rate = metrics::percent(executed, budget_full);
            if let Some(rate) = rate {
                t.shown(|| percent_text(rate, 2), || execution_rate_source(r), &at);
            }
            ProjectRow {
                name: traced_row_text(r, col::NAME, t, &at).unwrap_or_default(),
                budget_full,
                executed,
                rate,
            }
        })
        .collect();
    let projects_sentence = prose::projects_sentence(project_rows, year, t);
    SpendingView {
        income_sentence,
        expense_sentence,
        finance_note,
        budget_sentence,
        execution_note,
        finance_rows,
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

/// 预算执行率 of a project row: 全年执行数 ÷ 全年预算数.
fn execution_rate_source(r: &Row) -> Source {
    Source::formula(
        "全年执行数 ÷ 全年预算数 × 100%",
        vec![
            CellRef::column(r, col::EXECUTED),
            CellRef::column(r, col::BUDGET_FULL),
        ],
    )
}

fn goals(dept: &Department, t: &mut Trace) -> GoalsView {
    let at = "goals.goals";
    let goals = dept
        .rows(&TBL_GOALS)
        .iter()
        .filter_map(|r| {
            let not_applicable = r.is_not_applicable();
            Some(Goal {
                goal: traced_row_written(r, col::GOAL, t, at)
                    .or_else(|| not_applicable.then(String::new))?,
                done: traced_row_written(r, col::DONE, t, at),
                not_applicable,
            })
        })
        .collect();
    let at = "goals.targets";
    let targets = dept
        .rows(&TBL_TARGETS)
        .iter()
        .map(|r| Target {
            level1: traced_row_written(r, col::LEVEL1, t, at).unwrap_or_default(),
            level2: traced_row_written(r, col::LEVEL2, t, at).unwrap_or_default(),
            level3: traced_row_written(r, col::LEVEL3, t, at).unwrap_or_default(),
            target: traced_row_written(r, col::TARGET, t, at),
            actual: traced_row_written(r, col::ACTUAL, t, at),
            deviation: traced_row_text(r, col::DEVIATION, t, at),
            not_applicable: r.is_not_applicable(),
        })
        .collect();
    let satisfaction = dept.dec(key::SATISFACTION_RATE).inspect(|v| {
        t.shown(
            || percent_text(*v, 2),
            || Source::field(dept, key::SATISFACTION_RATE),
            "goals.satisfaction",
        );
    });
    GoalsView {
        goals,
        targets,
        satisfaction,
    }
}

/// The framework as a source.
fn framework(d: &DepartmentScore, item: impl Into<String>) -> Source {
    Source::Framework {
        framework: d.framework_name.clone(),
        item: item.into(),
    }
}

/// The department's self-score (the 自评综合得分 stated, else the sum of
/// the 评分表's), traced.
fn self_total_source(dept: &Department, d: &DepartmentScore) -> Source {
    if d.stated_self_total.is_some() {
        Source::field(dept, key::SCORE_OVERALL_SELF)
    } else {
        let cells = dept
            .rows(&TBL_SCORES)
            .iter()
            .filter(|r| r.dec(col::SELF_SCORE).is_some())
            .map(|r| CellRef::column(r, col::SELF_SCORE))
            .collect();
        Source::formula("评分表各项自评得分之和", cells)
    }
}

/// The scoring's total, its points and the self-score, as the headline,
/// the sentence and the tables state them.
fn trace_totals(dept: &Department, d: &DepartmentScore, tolerance: Decimal, t: &mut Trace) {
    if !t.is_on() {
        return;
    }
    let at = "results";
    let total = Source::Scoring {
        indicator: "部门整体支出".to_string(),
        rule: "各项指标系统得分之和".to_string(),
        inputs: Vec::new(),
    };
    t.shown(|| fixed(d.total, 2), || total, at);
    t.shown(|| fixed(d.total_points, 0), || framework(d, "满分"), at);
    t.shown(|| fixed(d.total_points, 2), || framework(d, "满分"), at);
    t.passage(&d.framework_name, || framework(d, "名称"), at);
    // How many indicators the score sentence and headline say were
    // scored, could not be, or took the self-score for want of figures.
    let scoring_count = |rule: &str| Source::Scoring {
        indicator: "部门整体支出".to_string(),
        rule: rule.to_string(),
        inputs: Vec::new(),
    };
    let unscorable = d.indicators.iter().filter(|i| i.unscorable()).count();
    let substituted = d
        .indicators
        .iter()
        .filter(|i| i.self_score_for_data())
        .count();
    t.shown(
        || unscorable.to_string(),
        || scoring_count("无法计分的指标个数"),
        at,
    );
    t.shown(
        || d.unscorable.to_string(),
        || scoring_count("无法计分的指标个数"),
        at,
    );
    t.shown(
        || (d.indicators.len() - unscorable).to_string(),
        || scoring_count("计分的指标个数"),
        at,
    );
    t.shown(
        || {
            let points: Decimal = d
                .indicators
                .iter()
                .filter(|i| !i.unscorable())
                .map(|i| i.points)
                .sum();
            fixed(points, 2)
        },
        || framework(d, "计分的指标的分值合计"),
        at,
    );
    t.shown(
        || substituted.to_string(),
        || scoring_count("缺少计算数据、采用单位自评得分的指标个数"),
        at,
    );
    if let Some(s) = d.self_score() {
        let source = self_total_source(dept, d);
        t.shown(|| fixed(s, 2), || source.clone(), at);
        if prose::differs(Some(s), d.total, tolerance) {
            let cells = match source {
                Source::Cell(c) => vec![c],
                Source::Formula { cells, .. } => cells,
                _ => Vec::new(),
            };
            t.shown(
                || fixed((s - d.total).abs(), 2),
                || Source::formula("单位自评得分 − 系统计算得分", cells),
                at,
            );
        }
    }
}

fn results(
    dept: &Department,
    d: &DepartmentScore,
    projects: &[ProjectScore],
    tolerance: Decimal,
    t: &mut Trace,
) -> ResultsView {
    trace_totals(dept, d, tolerance, t);
    let sentence = prose::score_sentence(d, tolerance);
    let levels = charts::levels(d);
    for l in &levels {
        let at = "results.levels";
        t.passage(&l.name, || framework(d, "一级指标"), at);
        t.shown(
            || fixed(l.points, 2),
            || framework(d, format!("{}的分值", l.name)),
            at,
        );
        let mine = || d.indicators.iter().filter(|i| i.level1 == l.name);
        t.shown(
            || fixed(l.score, 2),
            || Source::Scoring {
                indicator: l.name.clone(),
                rule: "所属各项指标系统得分之和".to_string(),
                inputs: mine()
                    .flat_map(|i| trace::indicator_inputs(dept, i))
                    .collect(),
            },
            at,
        );
        if let Some(s) = l.self_score {
            t.shown(
                || fixed(s, 2),
                || {
                    Source::formula(
                        format!("{}所属各项指标自评得分之和", l.name),
                        mine().flat_map(|i| self_score_cells(dept, i)).collect(),
                    )
                },
                at,
            );
        }
    }
    let lost = d
        .indicators
        .iter()
        .filter_map(|i| {
            let score = i.system.filter(|s| *s < i.points)?;
            let at = "results.lost";
            t.shown(
                || fixed(i.points, 2),
                || framework(d, format!("{}的分值", i.name)),
                at,
            );
            t.shown(|| fixed(score, 2), || scoring(dept, i), at);
            t.shown(|| fixed(i.points - score, 2), || scoring(dept, i), at);
            t.passage(&i.explain, || scoring(dept, i), at);
            Some(Lost {
                level1: i.level1.clone(),
                name: i.name.clone(),
                points: i.points,
                score,
                lost: i.points - score,
                explain: i.explain.clone(),
                note: indicator_note(dept, i, t, at),
            })
        })
        .collect();
    let unscorable = d
        .indicators
        .iter()
        .filter(|i| i.unscorable())
        .map(|i| {
            let at = "results.unscorable";
            t.shown(
                || fixed(i.points, 2),
                || framework(d, format!("{}的分值", i.name)),
                at,
            );
            t.passage(&i.explain, || scoring(dept, i), at);
            Unscorable {
                level1: i.level1.clone(),
                name: i.name.clone(),
                points: i.points,
                explain: i.explain.clone(),
            }
        })
        .collect();
    let project_rows = t.is_on().then(|| ProjectRows::of(dept));
    let projects: Vec<ProjectResult> = projects
        .iter()
        .map(|p| {
            if let Some(rows) = &project_rows {
                trace_project(p, rows.find(&p.name), t, "results.projects");
            }
            let self_score = p.self_score();
            ProjectResult {
                name: p.name.clone(),
                rate: p.execution_rate,
                score: p.total,
                valid: p.valid,
                self_score,
                grade: p.grade_text().to_string(),
                differs: p.valid && prose::differs(self_score, p.total, tolerance),
            }
        })
        .collect();
    let projects_sentence = prose::grades_sentence(&projects, t);
    ResultsView {
        framework_id: d.framework_id.clone(),
        framework_name: d.framework_name.clone(),
        total: d.total,
        total_points: d.total_points,
        grade: d.grade.clone(),
        standing: d.standing,
        standing_zh: d.standing.zh(),
        grade_text: prose::grade_text(d),
        headline: prose::headline(d),
        self_total: d.self_score(),
        sentence,
        levels,
        lost,
        unscorable,
        projects,
        projects_sentence,
    }
}

/// The department's 说明 of an indicator's figure: the 评分表's 说明 of its
/// rows (one, or one per part), traced to their cells.
fn indicator_note(
    dept: &Department,
    i: &crate::rules::score::IndicatorScore,
    t: &mut Trace,
    at: &str,
) -> Option<String> {
    let notes: Vec<String> = score_rows(dept, i)
        .filter_map(|r| traced_row_text(r, col::NOTE, t, at))
        .collect();
    (!notes.is_empty()).then(|| notes.join("；"))
}

/// The project table's rows with their names as [`name_key`]s, made once.
struct ProjectRows<'a> {
    rows: &'a [Row],
    names: Vec<Option<String>>,
}

impl<'a> ProjectRows<'a> {
    fn of(dept: &'a Department) -> Self {
        let rows = dept.rows(&TBL_PROJECTS);
        ProjectRows {
            rows,
            names: rows
                .iter()
                .map(|r| r.text(col::NAME).map(name_key))
                .collect(),
        }
    }

    /// The row a scored project came from.
    fn find(&self, name: &str) -> Option<&'a Row> {
        let key = name_key(name);
        self.rows
            .iter()
            .zip(&self.names)
            .find(|(_, n)| n.as_deref() == Some(key.as_str()))
            .map(|(r, _)| r)
    }
}

/// A scored project's name, rate, score and self-score, traced.
fn trace_project(
    p: &crate::rules::score::ProjectScore,
    row: Option<&Row>,
    t: &mut Trace,
    at: &str,
) {
    if let Some(r) = row {
        t.passage(&p.name, || Source::column(r, col::NAME), at);
        if let Some(rate) = p.execution_rate {
            t.shown(|| percent_text(rate, 2), || execution_rate_source(r), at);
        }
    }
    let inputs = || {
        row.map(|r| {
            vec![
                CellRef::column(r, col::EXECUTED),
                CellRef::column(r, col::BUDGET_FULL),
            ]
        })
        .unwrap_or_default()
    };
    t.shown(
        || fixed(p.total, 2),
        || Source::Scoring {
            indicator: p.name.clone(),
            rule: "预算执行率得分 + 各指标系统得分（无系统得分的用自评得分）".to_string(),
            inputs: inputs(),
        },
        at,
    );
    t.shown(
        || fixed(p.execution_score, 2),
        || Source::Scoring {
            indicator: p.name.clone(),
            rule: "预算执行率的分值 × min(预算执行率, 100%)".to_string(),
            inputs: inputs(),
        },
        at,
    );
    if let Some(s) = p.self_score() {
        let source = || match (p.stated_self, row) {
            (Some(_), Some(r)) => Source::column(r, col::SELF_SCORE),
            _ => Source::Scoring {
                indicator: p.name.clone(),
                rule: "预算执行率得分 + 各指标自评得分".to_string(),
                inputs: Vec::new(),
            },
        };
        t.shown(|| fixed(s, 2), source, at);
    }
}

fn appendix(
    dept: &Department,
    card: Option<&Scorecard>,
    tolerance: Decimal,
    t: &mut Trace,
) -> AppendixView {
    let Some(card) = card else {
        return AppendixView {
            scores: Vec::new(),
            projects: Vec::new(),
        };
    };
    let scores = card
        .department
        .iter()
        .flat_map(|d| d.indicators.iter().map(move |i| (d, i)))
        .map(|(d, i)| {
            let at = "appendix.scores";
            t.passage(&i.level1, || framework(d, "一级指标"), at);
            t.passage(&i.level2, || framework(d, "二级指标"), at);
            t.passage(&i.name, || framework(d, "三级指标"), at);
            t.passage(
                &i.criteria,
                || framework(d, format!("{}的评分标准", i.name)),
                at,
            );
            t.shown(
                || fixed(i.points, 2),
                || framework(d, format!("{}的分值", i.name)),
                at,
            );
            if let Some(c) = &i.computed {
                t.passage(c, || scoring(dept, i), at);
            }
            if let Some(score) = i.system {
                t.shown(|| fixed(score, 2), || scoring(dept, i), at);
            }
            if let Some(s) = i.self_score {
                let source = || {
                    let cells = self_score_cells(dept, i);
                    match cells.as_slice() {
                        [one] => Source::Cell(one.clone()),
                        _ => Source::formula(format!("{}各部分的自评得分之和", i.name), cells),
                    }
                };
                t.shown(|| fixed(s, 2), source, at);
            }
            t.passage(&i.explain, || scoring(dept, i), at);
            if i.reason.is_some() {
                for r in score_rows(dept, i) {
                    traced_row_text(r, col::REASON, t, at);
                }
            }
            ScoreRow {
                level1: i.level1.clone(),
                level2: i.level2.clone(),
                name: i.name.clone(),
                criteria: i.criteria.clone(),
                points: i.points,
                computed: i.computed.clone(),
                score: i.system,
                self_score: i.self_score,
                reason: i.reason.clone(),
                note: indicator_note(dept, i, t, at),
                explain: i.explain.clone(),
                lost: i.system.is_some_and(|s| s < i.points),
                unscorable: i.unscorable(),
                by_policy: i.by_policy(),
                differs: i
                    .system
                    .is_some_and(|s| prose::differs(i.self_score, s, tolerance)),
            }
        })
        .collect();
    let project_rows = ProjectRows::of(dept);
    let indicator_rows = dept.rows(&TBL_PROJECT_INDICATORS);
    let indicator_projects: Vec<Option<String>> = indicator_rows
        .iter()
        .map(|r| r.text(col::PROJECT).map(name_key))
        .collect();
    let projects = card
        .projects
        .iter()
        .map(|p| {
            let at = "appendix.projects";
            let key = Some(name_key(&p.name));
            let row = project_rows.find(&p.name);
            trace_project(p, row, t, at);
            if let Some(r) = row {
                traced_amount(r, col::BUDGET_FULL, t, at);
                traced_amount(r, col::EXECUTED, t, at);
            }
            let mine: Vec<&Row> = indicator_rows
                .iter()
                .zip(&indicator_projects)
                .filter(|(_, n)| **n == key)
                .map(|(r, _)| r)
                .collect();
            let indicators = p
                .indicators
                .iter()
                .enumerate()
                .map(|(n, i)| {
                    let r = mine.get(n).copied();
                    if let Some(r) = r.filter(|_| t.is_on()) {
                        for id in [
                            col::LEVEL1,
                            col::LEVEL2,
                            col::LEVEL3,
                            col::TARGET,
                            col::ACTUAL,
                        ] {
                            traced_row_text(r, id, t, at);
                        }
                        traced_amount(r, col::POINTS, t, at);
                        traced_amount(r, col::SELF_SCORE, t, at);
                    }
                    if let Some(s) = i.system {
                        t.shown(
                            || fixed(s, 2),
                            || Source::Scoring {
                                indicator: format!("{}：{}", p.name, i.level3),
                                rule: i.explain.clone(),
                                inputs: r
                                    .map(|r| {
                                        vec![
                                            CellRef::column(r, col::TARGET),
                                            CellRef::column(r, col::ACTUAL),
                                        ]
                                    })
                                    .unwrap_or_default(),
                            },
                            at,
                        );
                    }
                    ProjectIndicator {
                        level1: i.level1.clone(),
                        level2: i.level2.clone(),
                        level3: i.level3.clone(),
                        target: i.target.clone(),
                        actual: i.actual.clone(),
                        // The row's 分值 as given: a blank is not 0.
                        points: r.and_then(|r| r.dec(col::POINTS)),
                        score: i.system,
                        self_score: i.self_score,
                        deviation: r.and_then(|r| traced_row_text(r, col::DEVIATION, t, at)),
                        not_applicable: i.not_applicable,
                    }
                })
                .collect();
            ProjectTable {
                name: p.name.clone(),
                supervisor: row.and_then(|r| traced_row_text(r, col::SUPERVISOR, t, at)),
                implementer: row.and_then(|r| traced_row_text(r, col::IMPLEMENTER, t, at)),
                budget_initial: row.and_then(|r| traced_amount(r, col::BUDGET_INITIAL, t, at)),
                budget_full: p.budget_full,
                executed: p.executed,
                rate: p.execution_rate,
                execution_score: p.execution_score,
                goal: row.and_then(|r| traced_row_text(r, col::GOAL, t, at)),
                done: row.and_then(|r| traced_row_text(r, col::DONE, t, at)),
                indicators,
                score: p.total,
                valid: p.valid,
                self_score: p.self_score(),
                grade: p.grade_text().to_string(),
            }
        })
        .collect();
    AppendixView { scores, projects }
}

#[cfg(test)]
mod tests;
