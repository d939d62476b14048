//! Scoring (评分): every indicator of the chosen framework computed exactly
//! from the workbook, compared with the department's self-score, with the
//! reason for every lost point; and every project scored per SPEC §7. Pure
//! functions of the model: findings are returned as data.
//!
//! The department is scored in `department`, each indicator by its rule in
//! `rule`; projects in `project`; `locate` matches rows by name and
//! points findings at their cells for both.

mod department;
mod locate;
mod project;
mod rule;

#[cfg(test)]
mod tests;

use rust_decimal::Decimal;
use serde::Serialize;

use crate::contract::fields::WorkbookKind;
use crate::contract::finding::Finding;
use crate::ingest::model::Department;
use crate::rules::framework::Framework;

pub use department::{DepartmentScore, IndicatorScore, LevelTotal, Standing};
pub(crate) use locate::name_key;
pub use project::{ProjectIndicatorScore, ProjectScore};

use department::score_department;
use project::score_projects;

/// Everything scored for one workbook.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Scorecard {
    /// The department's score (部门整体支出); `None` for a project workbook,
    /// which has no department to score.
    pub department: Option<DepartmentScore>,
    /// Each project's score (项目支出), in the table's order.
    pub projects: Vec<ProjectScore>,
}

/// Scores a workbook under `fw`: the department and its projects, or the
/// one project of a project workbook. `tolerance`: how far a stated figure
/// may be from a computed one.
pub fn score(dept: &Department, fw: &Framework, tolerance: Decimal) -> (Scorecard, Vec<Finding>) {
    let mut findings = Vec::new();
    let department = match dept.kind {
        WorkbookKind::Department => Some(score_department(dept, fw, tolerance, &mut findings)),
        WorkbookKind::Project => None,
    };
    let projects = score_projects(dept, fw, tolerance, &mut findings);
    (
        Scorecard {
            department,
            projects,
        },
        findings,
    )
}
