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

pub use model::VIEW_VERSION;
pub(crate) use model::*;
pub(crate) use redact::{has_mobile, mask_value};

use rust_decimal::Decimal;

use crate::check::{FileReport, Status};
use crate::contract::fields::{
    SANGONG, SangongPart, TBL_EVALUATORS, TBL_FINANCE, TBL_GOALS, TBL_PROJECT_INDICATORS,
    TBL_PROJECTS, TBL_TARGETS, col, key,
};
use crate::ingest::model::{Department, Row};
use crate::report::view::cells::{paragraphs, row_text, row_written, text};
use crate::rules::metrics;
use crate::rules::score::{Scorecard, name_key};

/// Builds the view of a checked workbook, for the department and the finance
/// office; `None` when it could not be read.
pub(crate) fn build(report: &FileReport) -> Option<ReportView> {
    let dept = report.department.as_ref()?;
    let card = report.score.as_ref();
    let year = dept
        .int(key::YEAR)
        .map(|y| y.to_string())
        .unwrap_or_default();
    let counts = report.counts();
    let passed = report.status == Status::Passed;
    let (problems, measures) = problems::problems_and_measures(dept, card, &report.findings);
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
        results: card.map(|c| results(c, report.tolerance)),
        problems,
        measures,
        appendix: appendix(dept, card, report.tolerance),
    };
    Some(view)
}

fn file_name(path: &str) -> String {
    std::path::Path::new(path)
        .file_name()
        .map_or_else(|| path.to_string(), |n| n.to_string_lossy().into_owned())
}

fn unit(dept: &Department) -> UnitView {
    let staff_quota = dept.int(key::STAFF_QUOTA);
    let staff_actual = dept.int(key::STAFF_ACTUAL);
    let staff_sentence = prose::staff_sentence(staff_quota, staff_actual);
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

fn spending(dept: &Department, year: &str) -> SpendingView {
    let rows = dept.rows(&TBL_FINANCE);
    let summary = rows.first();
    let income_sentence = prose::income_sentence(summary, year);
    let expense_sentence = prose::expense_sentence(summary, year);
    let budget_sentence = prose::budget_sentence(dept);
    let composition = charts::composition(dept);
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
    let sangong_sentence = prose::sangong_sentence(&sangong, &sangong_total, year);
    let assets = AssetsView {
        total: dept.dec(key::ASSETS_TOTAL),
        in_use: dept.dec(key::ASSETS_IN_USE),
        leased: dept.dec(key::ASSETS_LEASED),
        other: dept.dec(key::ASSETS_OTHER),
    };
    let assets_sentence = prose::assets_sentence(&assets, year);
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
    let projects_sentence = prose::projects_sentence(&projects, year);
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

fn goals(dept: &Department) -> GoalsView {
    GoalsView {
        goals: dept
            .rows(&TBL_GOALS)
            .iter()
            .filter_map(|r| {
                let not_applicable = r.is_not_applicable();
                Some(Goal {
                    goal: row_written(r, col::GOAL).or_else(|| not_applicable.then(String::new))?,
                    done: row_written(r, col::DONE),
                    not_applicable,
                })
            })
            .collect(),
        targets: dept
            .rows(&TBL_TARGETS)
            .iter()
            .map(|r| Target {
                level1: row_written(r, col::LEVEL1).unwrap_or_default(),
                level2: row_written(r, col::LEVEL2).unwrap_or_default(),
                level3: row_written(r, col::LEVEL3).unwrap_or_default(),
                target: row_written(r, col::TARGET),
                actual: row_written(r, col::ACTUAL),
                deviation: row_text(r, col::DEVIATION),
                not_applicable: r.is_not_applicable(),
            })
            .collect(),
        satisfaction: dept.dec(key::SATISFACTION_RATE),
    }
}

fn results(card: &Scorecard, tolerance: Decimal) -> ResultsView {
    let d = &card.department;
    let sentence = prose::score_sentence(d, tolerance);
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
                differs: prose::differs(self_score, p.total, tolerance),
            }
        })
        .collect();
    let projects_sentence = prose::grades_sentence(&projects);
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
        levels: charts::levels(d),
        lost: d
            .indicators
            .iter()
            .filter_map(|i| {
                let score = i.system.filter(|s| *s < i.points)?;
                Some(Lost {
                    level1: i.level1.clone(),
                    name: i.name.clone(),
                    points: i.points,
                    score,
                    lost: i.points - score,
                    explain: i.explain.clone(),
                })
            })
            .collect(),
        unscorable: d
            .indicators
            .iter()
            .filter(|i| i.unscorable())
            .map(|i| Unscorable {
                level1: i.level1.clone(),
                name: i.name.clone(),
                points: i.points,
                explain: i.explain.clone(),
            })
            .collect(),
        projects,
        projects_sentence,
    }
}

fn appendix(dept: &Department, card: Option<&Scorecard>, tolerance: Decimal) -> AppendixView {
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
            lost: i.system.is_some_and(|s| s < i.points),
            unscorable: i.unscorable(),
            by_policy: i.by_policy(),
            differs: i
                .system
                .is_some_and(|s| prose::differs(i.self_score, s, tolerance)),
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
                        not_applicable: i.not_applicable,
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

#[cfg(test)]
mod tests;
