//! The project workbook's one sheet (项目支出绩效自评表) read into the
//! department model's project tables: its form cells become the one row of
//! `tbl_projects`, its indicator rows the rows of `tbl_project_indicators`,
//! each entry keeping the form cell it came from, so that every finding of
//! the shared validator and scorer points at the form.

use std::collections::BTreeMap;

use crate::contract::cell::CellValue;
use crate::contract::fields::{
    FORM_CELLS, FormCell, TBL_FORM_INDICATORS, TBL_PROJECT_INDICATORS, TBL_PROJECTS, col,
};
use crate::contract::finding::Finding;
use crate::ingest::model::{Entry, Row, TableData, locate, read_entry, read_table};
use crate::ingest::read::Workbook;

/// The project tables of a project workbook of template generation
/// `generation` (of the department template, whose project columns the
/// form carries).
pub(super) fn read_form(
    wb: &Workbook,
    generation: u8,
    findings: &mut Vec<Finding>,
) -> BTreeMap<&'static str, TableData> {
    let project = read_project(wb, generation, findings);
    let name = project.as_ref().map(|r| r.entry(col::NAME).clone());
    let area = locate(wb, TBL_FORM_INDICATORS.key, findings);
    let form_rows = match &area {
        Some(area) => read_table(wb, &TBL_FORM_INDICATORS, generation, area, findings),
        None => Vec::new(),
    };
    let indicators = indicator_rows(form_rows, name.as_ref());
    let project_area = project.as_ref().and_then(|r| {
        r.entry(col::NAME)
            .spot
            .as_ref()
            .map(|s| crate::ingest::read::Area {
                sheet: s.sheet.clone(),
                first_row: s.row,
                first_col: s.col,
                last_row: s.row,
                last_col: s.col,
            })
    });
    let mut tables = BTreeMap::new();
    tables.insert(
        TBL_PROJECTS.key,
        TableData {
            table: &TBL_PROJECTS,
            area: project_area,
            rows: project.into_iter().collect(),
        },
    );
    tables.insert(
        TBL_PROJECT_INDICATORS.key,
        TableData {
            table: &TBL_PROJECT_INDICATORS,
            area,
            rows: indicators,
        },
    );
    tables
}

/// The project's row, from the form's cells; `None` when the form has
/// none of them (each missing name is a finding).
fn read_project(wb: &Workbook, generation: u8, findings: &mut Vec<Finding>) -> Option<Row> {
    let mut cells = Vec::with_capacity(TBL_PROJECTS.columns.len());
    let mut first_row = None;
    for column in TBL_PROJECTS.columns {
        let Some(&FormCell { name, .. }) = FormCell::of(column.col_id()) else {
            cells.push(Entry::missing());
            continue;
        };
        if column.since > generation && wb.resolve(name).is_none() {
            cells.push(Entry::missing());
            continue;
        }
        let entry = match locate(wb, name, findings) {
            Some(area) => {
                let spot = area.top_left();
                first_row.get_or_insert(spot.row);
                let raw = wb.cell(&spot.sheet, spot.row, spot.col).clone();
                read_entry(spot, raw, column.kind, name, findings)
            }
            None => Entry::missing(),
        };
        cells.push(entry);
    }
    debug_assert_eq!(FORM_CELLS.len(), cells.len());
    let sheet_row = first_row?;
    Some(Row {
        table: &TBL_PROJECTS,
        sheet_row,
        cells,
    })
}

/// The form's indicator rows as rows of the project indicator table: the
/// project's name in their 项目名称 (read from no cell of theirs), and a
/// blank 一级 or 二级 taken from the row above, as the official table
/// merges those cells down.
fn indicator_rows(form_rows: Vec<Row>, name: Option<&Entry>) -> Vec<Row> {
    let project = Entry {
        spot: None,
        ..name.cloned().unwrap_or_else(Entry::missing)
    };
    let mut above: [Option<Entry>; 2] = [None, None];
    form_rows
        .into_iter()
        .map(|form| {
            let mut cells: Vec<Entry> = TBL_PROJECT_INDICATORS
                .columns
                .iter()
                .map(|c| {
                    if c.id == col::PROJECT.as_str() {
                        project.clone()
                    } else {
                        form.entry(c.col_id()).clone()
                    }
                })
                .collect();
            for (i, id) in [col::LEVEL1, col::LEVEL2].into_iter().enumerate() {
                let j = TBL_PROJECT_INDICATORS.col(id);
                let merged_blank = cells[j].value.is_none()
                    && !cells[j].unreadable
                    && matches!(cells[j].raw, CellValue::Empty);
                match (&above[i], merged_blank) {
                    (Some(prev), true) => {
                        cells[j] = Entry {
                            spot: cells[j].spot.clone(),
                            raw: cells[j].raw.clone(),
                            value: prev.value.clone(),
                            unreadable: false,
                        };
                    }
                    _ => above[i] = Some(cells[j].clone()),
                }
            }
            Row {
                table: &TBL_PROJECT_INDICATORS,
                sheet_row: form.sheet_row,
                cells,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::contract::cell::Spot;
    use crate::ingest::model::Value;

    fn typed(row: u32, c: u32, s: &str) -> Entry {
        let raw = if s.is_empty() {
            CellValue::Empty
        } else {
            CellValue::Text(s.into())
        };
        Entry {
            spot: Some(Spot::new("项目支出绩效自评表", row, c)),
            value: (!s.is_empty()).then(|| Value::Text(s.into())),
            raw,
            unreadable: false,
        }
    }

    fn form_row(row: u32, l1: &str, l2: &str, l3: &str) -> Row {
        let mut cells: Vec<Entry> = TBL_FORM_INDICATORS
            .columns
            .iter()
            .enumerate()
            .map(|(j, _)| typed(row, j as u32, ""))
            .collect();
        cells[0] = typed(row, 0, l1);
        cells[1] = typed(row, 1, l2);
        cells[2] = typed(row, 2, l3);
        Row {
            table: &TBL_FORM_INDICATORS,
            sheet_row: row,
            cells,
        }
    }

    #[test]
    fn merged_levels_are_filled_down_and_the_project_named() {
        let name = typed(2, 1, "城乡医疗救助");
        let rows = indicator_rows(
            vec![
                form_row(10, "产出指标（50分）", "数量指标", "救助人次"),
                form_row(11, "", "", "救助标准"),
                form_row(12, "", "质量指标", "及时率"),
            ],
            Some(&name),
        );
        let level = |r: &Row, id| r.text(id).map(str::to_string);
        assert_eq!(
            level(&rows[1], col::LEVEL1).as_deref(),
            Some("产出指标（50分）")
        );
        assert_eq!(level(&rows[1], col::LEVEL2).as_deref(), Some("数量指标"));
        assert_eq!(level(&rows[2], col::LEVEL2).as_deref(), Some("质量指标"));
        assert_eq!(
            level(&rows[2], col::LEVEL1).as_deref(),
            Some("产出指标（50分）")
        );
        // The filled-down cell keeps its own place on the sheet.
        assert_eq!(
            rows[1].entry(col::LEVEL1).spot.as_ref().map(|s| s.row),
            Some(11)
        );
        for r in &rows {
            assert_eq!(r.text(col::PROJECT), Some("城乡医疗救助"));
            assert!(r.entry(col::PROJECT).spot.is_none());
        }
    }

    #[test]
    fn a_first_row_without_levels_stays_blank() {
        let rows = indicator_rows(vec![form_row(10, "", "", "救助人次")], None);
        assert_eq!(rows[0].text(col::LEVEL1), None);
        assert_eq!(rows[0].text(col::PROJECT), None);
    }
}
