//! The completed workbook of an .xlsx/.xlsm department workbook: the
//! department's own package edited ([`crate::workbook::package`]), so all
//! it wrote stays: the 评分表's 计算值 and 系统得分 written in its own cells,
//! the total under the table (where those cells are free), the cells with
//! findings filled and commented, and the 项目计分, 校验结果 and 图表 sheets
//! added after its sheets.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use rust_xlsxwriter::{Workbook, XlsxError};

use crate::check::FileReport;
use crate::contract::cell::{Spot, col_letters, parse_a1};
use crate::contract::fields::{self, ColumnId, col};
use crate::contract::finding::Finding;
use crate::ingest::guard::Limits;
use crate::ingest::model::Department;
use crate::rules::framework::Frameworks;
use crate::rules::score::Scorecard;
use crate::workbook::complete::sheets::{Styles, write_charts, write_findings, write_projects};
use crate::workbook::inputs::{Input, score_rows};
use crate::workbook::layout::Mark;
use crate::workbook::package::{self, CellEdit, Edits, PackageError, Value};

/// Why an edit could not be made: the scratch sheets or the package.
#[derive(Debug, thiserror::Error)]
pub(crate) enum EditError {
    /// rust_xlsxwriter could not write the added sheets.
    #[error(transparent)]
    Xlsx(#[from] XlsxError),
    /// The package could not be edited.
    #[error(transparent)]
    Package(#[from] PackageError),
}

/// The department's package `source` completed.
pub(crate) fn completed_package(
    report: &FileReport,
    dept: &Department,
    source: &[u8],
    frameworks: &Frameworks,
) -> Result<Vec<u8>, EditError> {
    let mut edits = Edits::default();
    if let Some(card) = &report.score {
        score_cells(&mut edits, dept, card, frameworks);
    }
    let located = mark_findings(&mut edits, dept, &report.findings);
    // The added sheets, written as the regenerated workbook writes them.
    let mut wb = Workbook::new();
    let styles = Styles::new();
    if let Some(card) = &report.score {
        write_projects(wb.add_worksheet_with_constant_memory()?, card, &styles)?;
    }
    write_findings(
        wb.add_worksheet_with_constant_memory()?,
        report,
        &located,
        &styles,
    )?;
    write_charts(
        wb.add_worksheet_with_constant_memory()?,
        dept,
        report.score.as_ref(),
        &styles,
    )?;
    wb.set_zip_compression_level(1);
    edits.added = Some(wb.save_to_buffer()?);
    Ok(package::edit(source, &edits, &Limits::default())?)
}

fn put(edits: &mut Edits, spot: &Spot, edit: CellEdit) {
    let cell = edits
        .cells
        .entry(spot.sheet.clone())
        .or_default()
        .entry((spot.row, spot.col))
        .or_default();
    if edit.write.is_some() {
        cell.write = edit.write;
        cell.only_if_empty = edit.only_if_empty;
    }
    cell.mark = match (cell.mark, edit.mark) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    };
}

fn value_of(input: &Input) -> Value {
    match input {
        Input::Text(t) => Value::Text(t.clone()),
        Input::Number(n) => Value::Number(*n),
        Input::Date(d) => Value::Text(d.format("%Y-%m-%d").to_string()),
    }
}

fn number(d: Decimal) -> Value {
    Value::Number(d.to_f64().unwrap_or_default())
}

/// The 评分表's computed cells, in the department's own rows; an empty
/// 评分表 is given the framework's rows first, where its area has room.
fn score_cells(edits: &mut Edits, dept: &Department, card: &Scorecard, frameworks: &Frameworks) {
    let Some(department) = &card.department else {
        return;
    };
    let t = &fields::TBL_SCORES;
    let Some(data) = dept.table(t) else {
        return;
    };
    let area = data.area.as_ref();
    let spot_at = |row: u32, id: ColumnId| -> Option<Spot> {
        let area = area?;
        Some(Spot::new(
            &area.sheet,
            row,
            area.first_col + t.col(id) as u32,
        ))
    };
    // Each indicator's first row, as the sheet row it is on.
    let mut firsts: Vec<(u32, usize)> = Vec::new();
    let rows = dept.rows(t);
    if rows.is_empty() {
        let (Some(area), Some(framework)) = (area, frameworks.get(&department.framework_id)) else {
            return;
        };
        let planned = score_rows(&framework);
        if planned.len() as u32 > area.last_row.saturating_sub(area.first_row) {
            return;
        }
        let mut last_leaf = None;
        for (i, (leaf, row)) in planned.into_iter().enumerate() {
            let sheet_row = area.first_row + 1 + i as u32;
            if last_leaf != Some(leaf) {
                firsts.push((sheet_row, leaf));
                last_leaf = Some(leaf);
            }
            for c in t.columns {
                if let (Some(v), Some(spot)) = (row.get(c.id), spot_at(sheet_row, c.col_id())) {
                    put(
                        edits,
                        &spot,
                        CellEdit {
                            write: Some(value_of(v)),
                            ..Default::default()
                        },
                    );
                }
            }
        }
    } else {
        for (i, ind) in department.indicators.iter().enumerate() {
            if let Some(row) = ind.rows.first().and_then(|&r| rows.get(r)) {
                firsts.push((row.sheet_row, i));
            }
        }
    }
    for (sheet_row, i) in firsts {
        let Some(ind) = department.indicators.get(i) else {
            continue;
        };
        let computed = match (&ind.computed, ind.system) {
            (Some(c), Some(_)) => Some(c.clone()),
            (Some(c), None) => Some(format!("{c}（无法计分）")),
            (None, None) => Some("无法计分".to_string()),
            (None, Some(_)) => None,
        };
        if let (Some(c), Some(spot)) = (computed, spot_at(sheet_row, col::COMPUTED)) {
            put(
                edits,
                &spot,
                CellEdit {
                    write: Some(Value::Text(c)),
                    ..Default::default()
                },
            );
        }
        if let (Some(s), Some(spot)) = (ind.system, spot_at(sheet_row, col::SYSTEM_SCORE)) {
            put(
                edits,
                &spot,
                CellEdit {
                    write: Some(number(s)),
                    ..Default::default()
                },
            );
        }
    }
    // The total and the grade under the table, in cells left free.
    let Some(area) = area else {
        return;
    };
    let (first, last) = (area.first_row + 2, area.last_row + 1);
    let total = area.last_row + 1;
    let free = |v: Value| CellEdit {
        write: Some(v),
        only_if_empty: true,
        mark: None,
    };
    let sum = |id: ColumnId, result: Decimal| -> Option<(Spot, CellEdit)> {
        let spot = spot_at(total, id)?;
        let l = col_letters(spot.col);
        Some((
            spot,
            free(Value::Formula(
                format!("SUM({l}{first}:{l}{last})"),
                result.to_f64(),
            )),
        ))
    };
    let mut cells = vec![(
        Spot::new(&area.sheet, total, area.first_col),
        free(Value::Text("合计".into())),
    )];
    if let Some(s) = spot_at(total, col::LEVEL3) {
        cells.push((
            s,
            free(Value::Text(format!(
                "评价框架：{}",
                department.framework_name
            ))),
        ));
    }
    cells.extend(sum(col::POINTS, department.total_points));
    cells.extend(sum(col::SYSTEM_SCORE, department.total));
    if let Some(s) = department.self_total {
        cells.extend(sum(col::SELF_SCORE, s));
    }
    cells.push((
        Spot::new(&area.sheet, total + 1, area.first_col),
        free(Value::Text("等次（系统）".into())),
    ));
    let grade = match &department.grade {
        Some(g) => g.clone(),
        None => format!("{}，不评定", department.standing.zh()),
    };
    if let Some(s) = spot_at(total + 1, col::SYSTEM_SCORE) {
        cells.push((s, free(Value::Text(grade))));
    }
    for (spot, edit) in cells {
        put(edits, &spot, edit);
    }
}

/// Marks each finding's cell (in the department's file, where it is) and
/// returns each finding's cell for the 校验结果 sheet's links.
fn mark_findings(edits: &mut Edits, dept: &Department, findings: &[Finding]) -> Vec<Option<Spot>> {
    let mut notes: BTreeMap<String, BTreeMap<(u32, u32), Mark>> = BTreeMap::new();
    let mut located = Vec::with_capacity(findings.len());
    for f in findings {
        let spot = spot_of(f, dept);
        if let Some(spot) = &spot {
            Mark::add(
                notes.entry(spot.sheet.clone()).or_default(),
                (spot.row, spot.col),
                f,
            );
        }
        located.push(spot);
    }
    for (sheet, cells) in &notes {
        for ((row, col), note) in cells {
            put(
                edits,
                &Spot::new(sheet, *row, *col),
                CellEdit {
                    mark: Some(note.severity),
                    ..Default::default()
                },
            );
        }
    }
    edits.notes = notes;
    located
}

/// A finding's cell in the department's file: the one it names, or its
/// key's cell (a table's top-left cell).
fn spot_of(f: &Finding, dept: &Department) -> Option<Spot> {
    if let (Some(sheet), Some(cell)) = (&f.sheet, &f.cell)
        && let Some((row, col)) = parse_a1(cell)
    {
        if package::ADDED_SHEETS.contains(&sheet.as_str()) {
            return None;
        }
        return Some(Spot::new(sheet, row, col));
    }
    let key = f.field.as_deref()?;
    let table = key.split('.').next().unwrap_or(key);
    if let Some(field) = fields::FIELDS.iter().find(|x| x.key == key)
        && let Some(spot) = dept.spot(field.id())
    {
        return Some(spot.clone());
    }
    let t = fields::table(table)?;
    dept.table(t)?.area.as_ref().map(|a| a.top_left())
}
