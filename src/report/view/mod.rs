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
//! `redact`, its masking of personal data in `mask`. This module builds
//! the view from them.

mod cells;
mod charts;
mod findings;
mod last_year;
mod mask;
mod model;
mod problems;
mod project;
mod prose;
mod redact;
mod trace;

pub(crate) use findings::findings_view;
pub(crate) use mask::Redactor;
pub use model::VIEW_VERSION;
pub(crate) use model::*;
pub use model::{CellRef, Figure, Source};
pub use trace::number_tokens;

use rust_decimal::Decimal;

use crate::contract::number::{fixed, percent_text};

use serde::Serialize;

use crate::check::{FileReport, Status};
use crate::contract::fields::{
    FieldKey, SANGONG, SangongPart, TBL_EVALUATORS, TBL_FINANCE, TBL_GOALS, TBL_PROJECTS,
    TBL_SCORES, TBL_TARGETS, WorkbookKind, col, key,
};
use crate::ingest::model::{Department, Row};
use crate::report::view::project::{
    IndicatorRows, ProjectRows, execution_rate_source, trace_project,
};
use crate::report::view::trace::{
    Trace, score_rows, scoring, self_score_cells, traced_amount, traced_paragraphs,
    traced_row_text, traced_row_written, traced_text, traced_year_and_fill_date,
};
use crate::rules::metrics;
use crate::rules::score::{DepartmentScore, ProjectScore, Scorecard};

/// The view of a checked workbook, of the report its kind has: the
/// department report ([`ReportView`]) or the project report
/// ([`ProjectReportView`]).
#[derive(Debug, Clone, Serialize)]
#[serde(untagged)]
pub(crate) enum View {
    /// A department workbook's report (部门整体支出绩效自评报告).
    Department(Box<ReportView>),
    /// A project workbook's report (项目支出绩效自评报告).
    Project(Box<ProjectReportView>),
}

impl View {
    /// The kind of workbook it reports on: the templates it is rendered
    /// with follow from it.
    pub(crate) fn kind(&self) -> WorkbookKind {
        match self {
            View::Department(_) => WorkbookKind::Department,
            View::Project(_) => WorkbookKind::Project,
        }
    }

    /// The same report for the disclosure site (see [`ReportView::into_public`]).
    pub(crate) fn into_public(self) -> View {
        match self {
            View::Department(v) => View::Department(Box::new(v.into_public())),
            View::Project(v) => View::Project(Box::new(v.into_public())),
        }
    }

    /// Whether it is the public report.
    pub(crate) fn public(&self) -> bool {
        match self {
            View::Department(v) => v.public,
            View::Project(v) => v.public,
        }
    }

    /// `jixiao 0.1.0`.
    pub(crate) fn generator(&self) -> &str {
        match self {
            View::Department(v) => &v.generator,
            View::Project(v) => &v.generator,
        }
    }

    /// The unit whose report it is (单位名称).
    pub(crate) fn unit_name(&self) -> String {
        match self {
            View::Department(v) => v.unit.name.clone(),
            View::Project(v) => v.unit.name.clone(),
        }
    }

    /// The year evaluated, when the workbook gives it.
    pub(crate) fn year(&self) -> Option<String> {
        let year = match self {
            View::Department(v) => &v.unit.year,
            View::Project(v) => &v.unit.year,
        };
        (!year.is_empty()).then(|| year.clone())
    }

    /// The report's title after the unit and the year.
    pub(crate) fn title(&self) -> &'static str {
        match self {
            View::Department(_) => "部门整体支出绩效自评报告",
            View::Project(_) => "项目支出绩效自评报告",
        }
    }

    /// The project a project report is on, when the workbook names one.
    pub(crate) fn project_name(&self) -> Option<&str> {
        match self {
            View::Department(_) => None,
            View::Project(v) => v.project.as_ref().map(|p| p.name.as_str()),
        }
    }

    /// What masks the public report's data (see [`ReportView::redactor`]).
    pub(crate) fn redactor(&self) -> &Redactor {
        match self {
            View::Department(v) => v.redactor(),
            View::Project(v) => v.redactor(),
        }
    }

    /// The fields [`View::into_public`] changes, as template data by key:
    /// with the internal report's other fields they make the public
    /// report's data.
    pub(crate) fn public_fields(&self) -> Vec<(&'static str, serde_json::Value)> {
        let mut fields = vec![("public", serde_json::Value::Bool(self.public()))];
        match self {
            View::Department(v) => {
                fields.push(("file", json(&v.file)));
                fields.push(("unit", json(&v.unit)));
                fields.push(("problems", json(&v.problems)));
                fields.push(("measures", json(&v.measures)));
                fields.push(("revision", json(&v.revision)));
                fields.push(("prior", json(&v.prior)));
            }
            View::Project(v) => {
                fields.push(("file", json(&v.file)));
                fields.push(("unit", json(&v.unit)));
                fields.push(("other", json(&v.other)));
                fields.push(("revision", json(&v.revision)));
            }
        }
        fields
    }

    /// Every figure it states (made only when traced).
    fn figures(self) -> Vec<Figure> {
        match self {
            View::Department(v) => v.figures,
            View::Project(v) => v.figures,
        }
    }
}

/// A part of the view as template data.
fn json(v: &impl Serialize) -> serde_json::Value {
    serde_json::to_value(v).unwrap_or_default()
}

/// Builds the view of a checked workbook as its kind reports it: a
/// project workbook's is the project report, any other's the department
/// report; `None` when it could not be read.
pub(crate) fn build_view(report: &FileReport) -> Option<View> {
    view_with(report, Trace::off())
}

fn view_with(report: &FileReport, t: Trace) -> Option<View> {
    let kind = report.department.as_ref()?.kind;
    Some(match kind {
        WorkbookKind::Project => {
            let mut t = t;
            let common = common(report, &mut t);
            View::Project(Box::new(project::build(report, common, t)?))
        }
        WorkbookKind::Department => View::Department(Box::new(build_with(report, t)?)),
    })
}

/// Builds the department report's view of a checked workbook, for the
/// department and the finance office; `None` when it could not be read.
#[cfg(test)]
pub(crate) fn build(report: &FileReport) -> Option<ReportView> {
    build_with(report, Trace::off())
}

/// The view with its trace: every figure it states, with its source, in
/// [`ReportView::figures`].
#[cfg(test)]
pub(crate) fn build_traced(report: &FileReport) -> Option<ReportView> {
    build_with(report, Trace::on())
}

/// The view of its kind with its trace (see [`build_view`]).
pub(crate) fn build_view_traced(report: &FileReport) -> Option<View> {
    view_with(report, Trace::on())
}

/// Every figure the narrative report of a checked workbook states, as it
/// is written, with where in the report it is and where it comes from (a
/// cell, a formula over cells, the framework, the scoring, the check);
/// `None` when the workbook could not be read. Every number of the
/// default templates' report (`report.md`, or `project.md` for a project
/// workbook; [`number_tokens`]) is the text of one of them, but for the
/// numbering of lists, appendices and rows.
pub fn figures(report: &FileReport) -> Option<Vec<Figure>> {
    build_view_traced(report).map(View::figures)
}

/// What every report opens with: the check's outcome, the program and
/// the file, traced.
fn common(report: &FileReport, t: &mut Trace) -> (StatusView, String, String) {
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
    let status = StatusView {
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
    };
    (status, generator, file)
}

fn build_with(report: &FileReport, mut t: Trace) -> Option<ReportView> {
    let dept = report.department.as_ref()?;
    let card = report.score.as_ref();
    let year = dept
        .int(key::YEAR)
        .map(|y| y.to_string())
        .unwrap_or_default();
    let (status, generator, file) = common(report, &mut t);
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
        status,
        unit,
        spending,
        goals,
        results,
        problems,
        measures,
        appendix,
        revision: report.revision.as_ref().map(RevisionView::of),
        rectification: last_year::rectification(report, dept, &mut t),
        prior: last_year::prior_view(report, &mut t),
        figures: t.into_figures(),
        redactor: Default::default(),
    };
    Some(view)
}

fn file_name(path: &str) -> String {
    std::path::Path::new(path)
        .file_name()
        .map_or_else(|| path.to_string(), |n| n.to_string_lossy().into_owned())
}

fn unit(dept: &Department, t: &mut Trace) -> UnitView {
    let (year, fill_date) = traced_year_and_fill_date(dept, t);
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
    let indicator_rows = IndicatorRows::of(dept);
    let projects = card
        .projects
        .iter()
        .map(|p| {
            let row = project_rows.find(&p.name);
            let mine = indicator_rows.of_project(&p.name);
            project::project_table(p, row, &mine, tolerance, t, "appendix.projects")
        })
        .collect();
    AppendixView { scores, projects }
}

#[cfg(test)]
mod tests;
