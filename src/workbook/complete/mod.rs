//! The completed workbook (SPEC §9): for an .xlsx/.xlsm workbook (a
//! department's or a project's), the department's own file edited
//! (`edit`), everything it wrote kept; for an .xls or .ods (and a package that cannot be edited),
//! its inputs regenerated in the standard layout. Either way every computed
//! cell is filled and cached, the 评分表 completed, the problems marked on
//! their cells, a 校验结果 sheet (and for a version that replaces another,
//! a 修改对比 sheet) and native charts added ([`sheets`]). Read
//! back by jixiao it gives the same findings and scores.

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use rust_xlsxwriter::{Note, XlsxError};

mod carry;
mod edit;
mod project;
pub mod sheets;

use crate::check::FileReport;
use crate::contract::cell::{CellValue, Spot};
use crate::contract::fields::{self, FIELDS, TABLES, col};
use crate::contract::finding::Finding;
use crate::ingest::coerce::date::serial_to_date;
use crate::ingest::model::Department;
use crate::rules::framework::Frameworks;
use crate::rules::score::Scorecard;
use crate::workbook::complete::sheets::{
    Styles, open_on_findings, write_charts, write_findings, write_projects, write_revision,
    write_score_total,
};
use crate::workbook::inputs::{Input, Inputs, score_rows};
use crate::workbook::layout::{Layout, Mark, Marks, Room, layout_with};
use crate::workbook::options::TemplateOptions;
use crate::workbook::template::{self, add_sheet};

/// Writes the completed workbook of a checked file; `None` when the file
/// could not be read as the template (there is nothing to complete).
pub(crate) fn completed_workbook(
    report: &FileReport,
    frameworks: &Frameworks,
) -> Result<Option<Vec<u8>>, XlsxError> {
    if let (Some(source), Some(dept)) = (&report.source, &report.department)
        && report.format == Some(crate::ingest::sniff::Format::Xlsx)
    {
        // A package that cannot be edited (a producer's quirk the editor
        // does not know) is regenerated, as an .xls or .ods is.
        if let Ok(done) = edit::completed_package(report, dept, source, frameworks) {
            return Ok(Some(done));
        }
    }
    completed_workbook_with(report, frameworks, true)
}

/// The completed workbook regenerated, its sheets streamed (constant-memory mode, as
/// jixiao writes it) or held (the standard mode, to check the two agree).
fn completed_workbook_with(
    report: &FileReport,
    frameworks: &Frameworks,
    streamed: bool,
) -> Result<Option<Vec<u8>>, XlsxError> {
    let Some(dept) = &report.department else {
        return Ok(None);
    };
    if dept.kind == fields::WorkbookKind::Project {
        return project::completed_project(report, dept, frameworks, streamed).map(Some);
    }
    let mut inputs = inputs_of(dept);
    if let Some(card) = &report.score {
        complete_score_rows(&mut inputs, dept, card, frameworks);
    }
    let opts = TemplateOptions {
        frameworks: frameworks.clone(),
        room: Room::Compact,
        streamed,
    };
    // One layout places the marks and writes the cells.
    let inputs = template::prepared(&inputs, &opts);
    let layout = layout_with(&inputs, opts.room);
    let moved = moved_spots(dept, &layout, &report.findings);
    let (marks, located) = marks_of(&report.findings, &moved, &layout);
    let mut wb = template::workbook(&inputs, &layout, &opts, &marks)?;
    let styles = Styles::new();
    for (sheet, cells) in &marks {
        let ws = wb.worksheet_from_name(sheet)?;
        for ((row, col), mark) in cells {
            let note = Note::new(&mark.note)
                .set_author("jixiao")
                .add_author_prefix(false)
                .set_width(360)
                .set_height(140);
            ws.insert_note(*row, *col, &note)?;
        }
    }
    // An .xls or .ods: the department's own sheets come along.
    if report.format != Some(crate::ingest::sniff::Format::Xlsx)
        && let Some(source) = &report.source
    {
        carry::note_conversion(&mut wb)?;
        carry::carry_sheets(&mut wb, source, streamed)?;
    }
    // The total row follows the 评分表's last row: in row order still.
    if let Some(card) = &report.score {
        write_score_total(&mut wb, &layout, card, &styles)?;
        write_projects(add_sheet(&mut wb, streamed)?, card, &styles)?;
    }
    write_findings(
        add_sheet(&mut wb, streamed)?,
        report,
        &located,
        &styles,
        None,
    )?;
    if let Some(revision) = &report.revision {
        write_revision(add_sheet(&mut wb, streamed)?, revision, &styles)?;
    }
    // The charts' sheet is streamed too. Its rows are written out before the
    // charts are saved, so the charts carry no cached copy of their values:
    // Excel and LibreOffice draw them from the cells (numbers, not formulas)
    // anyway; a preview that reads only the caches shows them empty. A held
    // sheet would make rust_xlsxwriter start a thread for it on every save,
    // which cost a batch about 0.3 ms of work per workbook and left a core
    // idle while it started (docs/performance.md).
    write_charts(
        add_sheet(&mut wb, streamed)?,
        dept,
        report.score.as_ref(),
        &styles,
    )?;
    open_on_findings(&mut wb, report);
    wb.set_zip_compression_level(1);
    wb.save_to_buffer().map(Some)
}

/// The department's inputs as they were typed: the raw cell values, so that
/// reading the completed workbook back gives the same notes and findings.
pub(crate) fn inputs_of(dept: &Department) -> Inputs {
    let mut inputs = Inputs::default();
    for f in FIELDS {
        if let Some(v) = input_of(&dept.entry(f.id()).raw) {
            inputs.scalars.insert(f.key.to_string(), v);
        }
    }
    for t in TABLES {
        let rows: Vec<BTreeMap<String, Input>> = dept
            .rows(t)
            .iter()
            .map(|row| {
                t.columns
                    .iter()
                    .filter_map(|c| Some((c.id.to_string(), input_of(&row.entry(c.col_id()).raw)?)))
                    .collect()
            })
            .collect();
        if !rows.is_empty() {
            inputs.tables.insert(t.key.to_string(), rows);
        }
    }
    inputs
}

/// A raw cell value as an input to write again.
fn input_of(raw: &CellValue) -> Option<Input> {
    Some(match raw {
        CellValue::Empty => return None,
        CellValue::Text(s) => Input::Text(s.clone()),
        CellValue::Number(n) => Input::Number(*n),
        CellValue::Int(i) => Input::Number(*i as f64),
        CellValue::Bool(b) => Input::Text(if *b { "TRUE" } else { "FALSE" }.to_string()),
        CellValue::DateSerial(x) => match serial_to_date(*x) {
            Some(d) => Input::Date(d),
            None => Input::Number(*x),
        },
        CellValue::DateIso(s) => match s.get(..10).and_then(|d| d.parse::<NaiveDate>().ok()) {
            Some(d) => Input::Date(d),
            None => Input::Text(s.clone()),
        },
        CellValue::Error(e) => Input::Text(e.clone()),
    })
}

fn number(d: Decimal) -> Input {
    Input::Number(d.to_f64().unwrap_or_default())
}

/// Fills the 评分表's 计算值 and 系统得分 columns. An empty 评分表 is
/// prefilled from the framework first, so the department sees every
/// indicator it is scored on.
fn complete_score_rows(
    inputs: &mut Inputs,
    dept: &Department,
    card: &Scorecard,
    frameworks: &Frameworks,
) {
    let Some(department) = &card.department else {
        return;
    };
    let indicators = &department.indicators;
    let key = fields::TBL_SCORES.key.to_string();
    let rows = inputs.tables.entry(key).or_default();
    // (row index, indicator index) of the first row of each indicator.
    let mut firsts: Vec<(usize, usize)> = Vec::new();
    if dept.rows(&fields::TBL_SCORES).is_empty() {
        let Some(framework) = frameworks.get(&department.framework_id) else {
            return;
        };
        let mut last_leaf = None;
        for (leaf, row) in score_rows(&framework) {
            if last_leaf != Some(leaf) {
                firsts.push((rows.len(), leaf));
                last_leaf = Some(leaf);
            }
            rows.push(row);
        }
    } else {
        for (i, ind) in indicators.iter().enumerate() {
            if let Some(&r) = ind.rows.first() {
                firsts.push((r, i));
            }
        }
    }
    for (r, i) in firsts {
        let (Some(row), Some(ind)) = (rows.get_mut(r), indicators.get(i)) else {
            continue;
        };
        // An indicator that could not be scored has no 系统得分 (the cell
        // stays a number or nothing); its 计算值 says so.
        let computed = match (&ind.computed, ind.system) {
            (Some(c), Some(_)) => Some(c.clone()),
            (Some(c), None) => Some(format!("{c}（无法计分）")),
            (None, None) => Some("无法计分".to_string()),
            (None, Some(_)) => None,
        };
        if let Some(c) = computed {
            row.insert(col::COMPUTED.as_str().to_string(), Input::Text(c));
        }
        if let Some(s) = ind.system {
            row.insert(col::SYSTEM_SCORE.as_str().to_string(), number(s));
        }
    }
}

/// Where the cells of the department's file that findings point at went in
/// the completed workbook: (sheet, A1 in the file) → cell in the standard
/// layout. Only those cells are looked for (a workbook has thousands of
/// cells and a few findings).
fn moved_spots(
    dept: &Department,
    layout: &Layout,
    findings: &[Finding],
) -> HashMap<(String, String), Spot> {
    let wanted: std::collections::HashSet<(&str, u32, u32)> = findings
        .iter()
        .filter_map(|f| {
            let (row, col) = crate::contract::cell::parse_a1(f.cell.as_deref()?)?;
            Some((f.sheet.as_deref()?, row, col))
        })
        .collect();
    let mut moved = HashMap::new();
    let mut put = |from: &Spot, to: &dyn Fn() -> Spot| {
        if wanted.contains(&(from.sheet.as_str(), from.row, from.col)) {
            moved.insert((from.sheet.clone(), from.a1()), to());
        }
    };
    for f in FIELDS {
        if let (Some(from), Some(to)) = (dept.spot(f.id()), layout.scalars.get(f.key)) {
            put(from, &|| to.clone());
        }
    }
    for t in TABLES {
        let (Some(data), Some(place)) = (dept.table(t), layout.tables.get(t.key)) else {
            continue;
        };
        if let Some(area) = &data.area {
            put(
                &Spot::new(&area.sheet, area.first_row, area.first_col),
                &|| place.header(0),
            );
        }
        for (i, row) in data.rows.iter().enumerate() {
            for (j, c) in t.columns.iter().enumerate() {
                if let Some(from) = row.spot(c.col_id()) {
                    put(from, &|| place.spot(i as u32, j));
                }
            }
        }
    }
    moved
}

/// The marks to put on cells, and each finding's cell in the completed
/// workbook (when it has one).
pub(super) fn marks_of(
    findings: &[Finding],
    moved: &HashMap<(String, String), Spot>,
    layout: &Layout,
) -> (Marks, Vec<Option<Spot>>) {
    let mut marks = Marks::new();
    let mut located = Vec::with_capacity(findings.len());
    for f in findings {
        let spot = new_spot(f, moved, layout);
        if let Some(spot) = &spot {
            let col = u16::try_from(spot.col).unwrap_or(u16::MAX);
            Mark::add(
                marks.entry(spot.sheet.clone()).or_default(),
                (spot.row, col),
                f,
            );
        }
        located.push(spot);
    }
    (marks, located)
}

fn new_spot(f: &Finding, moved: &HashMap<(String, String), Spot>, layout: &Layout) -> Option<Spot> {
    if let (Some(sheet), Some(cell)) = (&f.sheet, &f.cell)
        && let Some(to) = moved.get(&(sheet.clone(), cell.clone()))
    {
        return Some(to.clone());
    }
    // A finding at a key whose cell moved in a way the file does not show
    // (a missing or broken defined name): the key's cell in the layout.
    let key = f.field.as_deref()?;
    let table = key.split('.').next().unwrap_or(key);
    if let Some(spot) = layout.scalars.get(key) {
        return Some(spot.clone());
    }
    layout.tables.get(table).map(|p| p.header(0))
}

#[cfg(test)]
mod tests;
