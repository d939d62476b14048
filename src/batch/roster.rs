//! The roster (应报送单位名单): the units a finance office expects a
//! department workbook from and the projects it expects a project workbook
//! for, read from a CSV file or a workbook, so a batch can list who has not
//! submitted (未报送). The first column holds the unit names, or the column
//! headed 单位名称 when there is a header row; a column headed 项目名称 names
//! an expected project of the row's unit (a blank unit under it is the unit
//! above, as merged cells leave it). A row without a project expects the
//! unit's department workbook.

use std::path::Path;

use serde::Serialize;

use crate::contract::cell::CellValue;
use crate::ingest::coerce::normalize::normalize;
use crate::ingest::guard::Limits;
use crate::ingest::read;
use crate::ingest::sniff::{self, Sniffed};

/// A roster that cannot be read.
#[derive(Debug, thiserror::Error)]
pub enum RosterError {
    /// The roster file cannot be read.
    #[error("无法读取名单 {path}：{}", crate::contract::os::io_zh(.source))]
    Read {
        /// The roster file.
        path: String,
        /// Why.
        source: std::io::Error,
    },
    /// A line of a CSV roster cannot be read.
    #[error("名单 {path} 第 {line} 行：{message}")]
    Csv {
        /// The roster file.
        path: String,
        /// The line (1-based).
        line: u64,
        /// What is wrong.
        message: String,
    },
    /// A roster workbook cannot be read.
    #[error("无法读取名单 {path}：{message}")]
    Workbook {
        /// The roster file.
        path: String,
        /// Why.
        message: String,
    },
    /// The roster names no unit.
    #[error("名单 {path} 中没有单位名称")]
    Empty {
        /// The roster file.
        path: String,
    },
    /// The header has a 项目名称 column and no 单位名称 column.
    #[error(
        "名单 {path} 有“项目名称”列而没有“单位名称”列：请加一列“单位名称”，写明每个项目所属的单位"
    )]
    NoUnitColumn {
        /// The roster file.
        path: String,
    },
    /// A project row with no unit, on it or above it.
    #[error(
        "名单 {path} 第 {line} 行：项目“{project}”没有单位名称；请在这一行的“单位名称”列填写它所属的单位"
    )]
    NoUnit {
        /// The roster file.
        path: String,
        /// The line or row (1-based).
        line: usize,
        /// The project's name.
        project: String,
    },
}

/// A project the roster expects a project workbook for (应报送项目).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ExpectedProject {
    /// The unit that reports it (单位名称).
    pub unit: String,
    /// 项目名称.
    pub project: String,
}

/// What a roster expects, in its order, without repeats.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Roster {
    /// Units expected to send their department workbook (部门整体支出).
    pub units: Vec<String>,
    /// Projects expected, each from its unit (项目支出).
    pub projects: Vec<ExpectedProject>,
}

/// The columns of a roster: its units' and, when it has one, its projects'.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Columns {
    unit: usize,
    project: Option<usize>,
}

/// What a roster expects: its units and projects, in its order, without
/// blanks or repeats.
pub(crate) fn read(path: &Path) -> Result<Roster, RosterError> {
    let name = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|source| RosterError::Read {
        path: name.clone(),
        source,
    })?;
    let rows = match sniff::sniff(&bytes) {
        Sniffed::Workbook(_) => workbook_rows(&bytes, &name)?,
        _ => csv_rows(&bytes, &name)?,
    };
    let header = header_columns(rows.first().map(Vec::as_slice).unwrap_or(&[]), &name)?;
    let cols = header.unwrap_or(Columns {
        unit: 0,
        project: None,
    });
    let mut roster = Roster::default();
    // The unit of the row above, for a project row whose unit cell is
    // blank (merged cells keep the value in their first row only).
    let mut above: Option<String> = None;
    let trimmed = |row: &[String], c: usize| -> String {
        row.get(c)
            .map(|s| s.trim_matches(char::is_whitespace).to_string())
            .unwrap_or_default()
    };
    let skip = usize::from(header.is_some());
    for (i, row) in rows.iter().enumerate().skip(skip) {
        let unit = trimmed(row, cols.unit);
        let project = cols.project.map(|c| trimmed(row, c)).unwrap_or_default();
        if !unit.is_empty() {
            above = Some(unit.clone());
        }
        if project.is_empty() {
            if !unit.is_empty() && !roster.units.iter().any(|u| unit_key(u) == unit_key(&unit)) {
                roster.units.push(unit);
            }
            continue;
        }
        let Some(unit) = above.clone() else {
            return Err(RosterError::NoUnit {
                path: name,
                line: i + 1,
                project,
            });
        };
        let expected = ExpectedProject { unit, project };
        if !roster.projects.iter().any(|p| same_project(p, &expected)) {
            roster.projects.push(expected);
        }
    }
    if roster.units.is_empty() && roster.projects.is_empty() {
        return Err(RosterError::Empty { path: name });
    }
    Ok(roster)
}

/// Whether two expected projects are the same: unit and name compared as
/// [`unit_key`] compares them.
fn same_project(a: &ExpectedProject, b: &ExpectedProject) -> bool {
    unit_key(&a.unit) == unit_key(&b.unit) && unit_key(&a.project) == unit_key(&b.project)
}

/// The columns a header row names: 单位名称 (or 单位, or another 名称 that
/// is not a project's) and 项目名称 (or 项目); `None` when the first row is
/// not a header.
fn header_columns(first: &[String], path: &str) -> Result<Option<Columns>, RosterError> {
    let is_project = |h: &str| h.contains("项目名称") || h.trim() == "项目";
    let project = first.iter().position(|h| is_project(h));
    let unit = first
        .iter()
        .position(|h| h.contains("单位名称"))
        .or_else(|| {
            first
                .iter()
                .position(|h| h.trim() == "单位" || (h.contains("名称") && !is_project(h)))
        });
    match (unit, project) {
        (Some(unit), project) => Ok(Some(Columns { unit, project })),
        (None, Some(_)) => Err(RosterError::NoUnitColumn {
            path: path.to_string(),
        }),
        (None, None) => Ok(None),
    }
}

/// How unit names are compared: without white space, full-width folded.
pub(crate) fn unit_key(name: &str) -> String {
    normalize(name)
        .0
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

fn csv_rows(bytes: &[u8], path: &str) -> Result<Vec<Vec<String>>, RosterError> {
    // Excel on Chinese Windows saves CSV as GBK; only UTF-8 (with or without
    // a BOM) is read, and anything else is reported.
    let text = std::str::from_utf8(bytes).map_err(|_| RosterError::Workbook {
        path: path.to_string(),
        message: "CSV 文件不是 UTF-8 编码；请在 Excel 中另存为“CSV UTF-8（逗号分隔）”，或直接使用 .xlsx 名单".into(),
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| RosterError::Csv {
            path: path.to_string(),
            line: e.position().map_or(0, csv::Position::line),
            message: e.to_string(),
        })?;
        rows.push(record.iter().map(str::to_string).collect());
    }
    Ok(rows)
}

fn workbook_rows(bytes: &[u8], path: &str) -> Result<Vec<Vec<String>>, RosterError> {
    let wb = read::read_bytes(bytes, &Limits::default()).map_err(|f| RosterError::Workbook {
        path: path.to_string(),
        message: f.message,
    })?;
    let Some(sheet) = wb.sheet_names.first() else {
        return Ok(Vec::new());
    };
    let Some(last) = wb.last_filled_row(sheet, 0, 15) else {
        return Ok(Vec::new());
    };
    Ok((0..=last)
        .map(|r| {
            (0..16)
                .map(|c| match wb.cell(sheet, r, c) {
                    CellValue::Text(s) => s.clone(),
                    CellValue::Empty => String::new(),
                    other => other.display(),
                })
                .collect()
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_with_header_bom_blanks_and_repeats() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("名单.csv");
        std::fs::write(
            &p,
            "\u{feff}序号,单位名称\n1,岳阳市君山区医疗保障局\n2, 辰溪县医疗保障局 \n3,\n4,岳阳市君山区医疗保障局\n",
        )
        .unwrap();
        assert_eq!(
            read(&p).unwrap().units,
            ["岳阳市君山区医疗保障局", "辰溪县医疗保障局"]
        );
    }

    #[test]
    fn csv_without_header_takes_the_first_column() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("r.csv");
        std::fs::write(&p, "甲局\n乙局,备注\n").unwrap();
        let roster = read(&p).unwrap();
        assert_eq!(roster.units, ["甲局", "乙局"]);
        assert!(roster.projects.is_empty());
    }

    #[test]
    fn gbk_csv_is_reported_not_misread() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("gbk.csv");
        std::fs::write(&p, [0xBC, 0xD7, 0xBE, 0xD6, b'\n']).unwrap();
        assert!(read(&p).unwrap_err().to_string().contains("UTF-8"));
    }

    fn expected(unit: &str, project: &str) -> ExpectedProject {
        ExpectedProject {
            unit: unit.into(),
            project: project.into(),
        }
    }

    #[test]
    fn a_project_column_lists_projects_under_their_units() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("名单.csv");
        // A unit's own row expects its department workbook; a project row
        // expects that project, its blank unit being the one above (merged
        // cells); a unit named only beside projects expects no department
        // workbook.
        std::fs::write(
            &p,
            "项目名称,单位名称\n,甲局\n乡村振兴补助,甲局\n城乡医保 补助,\n乡村振兴补助,甲 局\n学生资助,乙局\n,丙局\n",
        )
        .unwrap();
        let roster = read(&p).unwrap();
        assert_eq!(roster.units, ["甲局", "丙局"]);
        assert_eq!(
            roster.projects,
            [
                expected("甲局", "乡村振兴补助"),
                expected("甲局", "城乡医保 补助"),
                expected("乙局", "学生资助"),
            ]
        );
    }

    #[test]
    fn a_project_without_a_unit_is_an_error_naming_its_line() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("r.csv");
        std::fs::write(&p, "单位名称,项目名称\n,学生资助\n甲局,\n").unwrap();
        let e = read(&p).unwrap_err().to_string();
        assert!(e.contains("第 2 行") && e.contains("学生资助"), "{e}");
        std::fs::write(&p, "项目名称,备注\n学生资助,\n").unwrap();
        let e = read(&p).unwrap_err().to_string();
        assert!(e.contains("没有“单位名称”列"), "{e}");
    }
}
