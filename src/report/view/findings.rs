//! The view of a workbook's problem list (问题清单, `findings.html`): its
//! findings as a person reads them, grouped by sheet in the template's
//! order, each with its cell, what it should hold (应为), what it holds
//! (实为) and what to do. `diagnostics.json` keeps the same findings for
//! programs.

use serde::Serialize;

use crate::check::FileReport;
use crate::contract::finding::Severity;

/// The problem list of one workbook.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct FindingsView {
    /// `jixiao 0.1.0`.
    pub generator: String,
    /// The workbook's file name.
    pub file: String,
    /// 单位名称 and 年度, when the workbook gives them.
    pub unit: Option<String>,
    pub year: Option<String>,
    /// 通过 / 未通过校验 / 无法读取.
    pub status_zh: &'static str,
    /// How many of each severity.
    pub errors: usize,
    pub warnings: usize,
    pub notes: usize,
    /// The findings by sheet, in the template's order; findings about the
    /// whole file first, under 文件.
    pub sheets: Vec<SheetFindings>,
}

/// One sheet's findings.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct SheetFindings {
    /// The sheet's name, or 文件 for findings about the whole file.
    pub name: String,
    pub findings: Vec<FindingLine>,
}

/// One finding as a line of the list.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct FindingLine {
    /// `D7`, or empty for a finding about the sheet or the file.
    pub cell: String,
    /// `error`, `warning` or `note`, and its word (错误, 警告, 提示).
    pub severity: Severity,
    pub severity_zh: &'static str,
    /// The stable code (`SUM-INCOME`) and its short title.
    pub code: String,
    pub title: &'static str,
    pub message: String,
    pub expected: Option<String>,
    pub found: Option<String>,
    pub hint: Option<String>,
}

/// The problem list of a checked workbook: its findings, already in the
/// report's order (sheet, cell, severity), grouped by sheet as they come.
pub(crate) fn findings_view(
    report: &FileReport,
    unit: Option<String>,
    year: Option<String>,
) -> FindingsView {
    let counts = report.counts();
    let mut sheets: Vec<SheetFindings> = Vec::new();
    for f in &report.findings {
        let name = f.sheet.as_deref().unwrap_or("文件");
        let line = FindingLine {
            cell: f.cell.clone().unwrap_or_default(),
            severity: f.severity,
            severity_zh: f.severity.zh(),
            code: f.code.id().to_string(),
            title: f.code.info().title,
            message: f.message.clone(),
            expected: f.expected.clone().filter(|s| !s.is_empty()),
            found: f.found.clone().filter(|s| !s.is_empty()),
            hint: f.hint.clone().filter(|s| !s.is_empty()),
        };
        match sheets.last_mut() {
            Some(s) if s.name == name => s.findings.push(line),
            _ => sheets.push(SheetFindings {
                name: name.to_string(),
                findings: vec![line],
            }),
        }
    }
    FindingsView {
        generator: format!("jixiao {}", env!("CARGO_PKG_VERSION")),
        file: report.file.clone(),
        unit: unit.filter(|u| !u.is_empty()),
        year,
        status_zh: report.status.zh(),
        errors: counts.error,
        warnings: counts.warning,
        notes: counts.note,
        sheets,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::contract::finding::{Code, Finding};

    #[test]
    fn findings_are_grouped_by_sheet_in_order() {
        let mk = |sheet: Option<&str>, cell: &str, code| {
            let mut f = Finding::new(code, format!("{cell} 的问题"));
            f.sheet = sheet.map(str::to_string);
            f.cell = Some(cell.to_string()).filter(|c| !c.is_empty());
            f
        };
        let mut report = FileReport::unreadable("甲.xlsx", mk(None, "", Code::FileNameScope));
        report
            .findings
            .push(mk(Some("基本情况"), "C5", Code::FieldRequired));
        report
            .findings
            .push(mk(Some("基本情况"), "C9", Code::FieldPhone));
        report
            .findings
            .push(mk(Some("收支情况"), "D7", Code::SumIncome));
        let view = findings_view(&report, Some("甲局".into()), None);
        let names: Vec<&str> = view.sheets.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, ["文件", "基本情况", "收支情况"]);
        assert_eq!(view.sheets[1].findings.len(), 2);
        assert_eq!(view.sheets[1].findings[1].cell, "C9");
        assert_eq!(view.sheets[1].findings[1].title, "电话号码格式不对");
        assert_eq!(view.errors, 3);
    }
}
