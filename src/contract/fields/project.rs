//! The contract of the project workbook (项目支出绩效自评表, 财预〔2020〕10号
//! 附件): one project on one sheet in the official layout. Its cells carry
//! the columns of the department workbook's project table one defined name
//! each, and its indicator rows the columns of the project indicator table,
//! so that both kinds are read into one project model, checked by one
//! validator and scored by one scorer.

use super::catalogue::c;
use super::{ColumnId, FieldKey, Kind, NotApplicable, Sheet, Table, col, key};

/// The current version of the project workbook, in its `template_version`.
pub const PROJECT_TEMPLATE_VERSION: &str = "jixiao-project-1";

/// Project template versions this build reads, oldest first, each with the
/// department template generation whose project columns it carries
/// (the `since` of [`super::Column`]).
pub const PROJECT_TEMPLATE_VERSIONS: &[(&str, u8)] = &[(PROJECT_TEMPLATE_VERSION, 3)];

/// The sheet's tab name, as the official table is titled.
pub const PROJECT_SHEET: &str = "项目支出绩效自评表";

/// The scalar fields a project workbook shares with the department
/// workbook, where they mean the same: who reports, for which year, under
/// which framework, and whom to ask.
pub const PROJECT_FIELDS: &[FieldKey] = &[
    key::TEMPLATE_VERSION,
    key::FRAMEWORK,
    key::UNIT_NAME,
    key::YEAR,
    key::FILL_DATE,
    key::CONTACT_NAME,
    key::CONTACT_PHONE,
];

/// One cell of the form that holds a column of the project table: its
/// defined name, and the column it is read as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FormCell {
    /// The workbook-scoped defined name, `project_budget_full`.
    pub name: &'static str,
    /// The column of [`super::TBL_PROJECTS`] the cell fills.
    pub column: ColumnId,
}

const fn cell(name: &'static str, column: ColumnId) -> FormCell {
    FormCell { name, column }
}

/// Every cell of the form that holds a column of the project table, in the
/// order of the official table: the header, the funds block (年度资金总额 and
/// its 其中 rows × 年初预算数 / 全年预算数 / 全年执行数, and the 得分 of the
/// 预算执行率), the 年度总体目标, the 总分's 得分 and the 自评等次. The
/// project table's every column is here once.
pub const FORM_CELLS: &[FormCell] = &[
    cell("project_name", col::NAME),
    cell("project_supervisor", col::SUPERVISOR),
    cell("project_implementer", col::IMPLEMENTER),
    cell("project_budget_initial", col::BUDGET_INITIAL),
    cell("project_budget_full", col::BUDGET_FULL),
    cell("project_executed", col::EXECUTED),
    cell("project_execution_self", col::EXECUTION_SELF),
    cell("project_fiscal_initial", col::FISCAL_INITIAL),
    cell("project_fiscal_full", col::FISCAL_FULL),
    cell("project_fiscal_executed", col::FISCAL_EXECUTED),
    cell("project_carry_initial", col::CARRY_INITIAL),
    cell("project_carry_full", col::CARRY_FULL),
    cell("project_carry_executed", col::CARRY_EXECUTED),
    cell("project_other_initial", col::OTHER_INITIAL),
    cell("project_other_full", col::OTHER_FULL),
    cell("project_other_executed", col::OTHER_EXECUTED),
    cell("project_goal", col::GOAL),
    cell("project_done", col::DONE),
    cell("project_self_score", col::SELF_SCORE),
    cell("project_self_grade", col::SELF_GRADE),
];

impl FormCell {
    /// The form cell of a project table column.
    pub fn of(column: ColumnId) -> Option<&'static FormCell> {
        FORM_CELLS.iter().find(|c| c.column == column)
    }
}

use Kind::*;

/// 绩效指标: the form's indicator rows (`tbl_indicators`), the columns of
/// the project indicator table without its 项目名称, which the form states
/// once. The official table merges the 一级 and 二级 cells down their
/// rows: a blank 一级 or 二级 is the one above.
pub const TBL_FORM_INDICATORS: Table = Table {
    key: "tbl_indicators",
    label: "绩效指标",
    sheet: Sheet::ProjectForm,
    columns: &[
        c(col::LEVEL1, "一级指标", Text, true),
        c(col::LEVEL2, "二级指标", Text, true),
        c(col::LEVEL3, "三级指标", Text, true),
        c(col::TARGET, "年度指标值", Text, false),
        c(col::ACTUAL, "实际完成值", Text, false),
        c(col::POINTS, "分值", Points, true),
        c(col::SELF_SCORE, "得分", Points, false),
        c(col::DEVIATION, "偏差原因分析及改进措施", LongText, false),
    ],
    rows: 20,
    required: true,
    hint: "每个三级指标一行；一级、二级指标可合并单元格，空白的按上一行",
    not_applicable: NotApplicable::Row(&[col::TARGET, col::ACTUAL, col::SELF_SCORE]),
    since: 1,
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::contract::fields::{TBL_PROJECT_INDICATORS, TBL_PROJECTS};

    #[test]
    fn every_project_column_has_one_form_cell() {
        for c in TBL_PROJECTS.columns {
            let n = FORM_CELLS.iter().filter(|f| f.column.0 == c.id).count();
            assert_eq!(n, 1, "{}", c.id);
        }
        assert_eq!(FORM_CELLS.len(), TBL_PROJECTS.columns.len());
    }

    #[test]
    fn form_indicators_are_the_indicator_table_without_its_project() {
        let form: Vec<_> = TBL_FORM_INDICATORS.columns.iter().map(|c| c.id).collect();
        let table: Vec<_> = TBL_PROJECT_INDICATORS
            .columns
            .iter()
            .map(|c| c.id)
            .filter(|id| *id != col::PROJECT.0)
            .collect();
        assert_eq!(form, table);
    }

    #[test]
    fn names_are_unique_and_not_department_keys() {
        let mut names: Vec<&str> = FORM_CELLS.iter().map(|c| c.name).collect();
        names.push(TBL_FORM_INDICATORS.key);
        let n = names.len();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), n);
        for name in names {
            assert!(super::super::field(name).is_none(), "{name}");
            assert!(super::super::table(name).is_none(), "{name}");
        }
    }
}
