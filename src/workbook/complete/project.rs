//! The completed workbook of a project workbook that cannot be edited (an
//! .xls or .ods, or a package the editor does not know): the project form
//! regenerated from what was read, its 执行率 cached, the system's 得分
//! beside the form's (预算执行率, each indicator, the total, the grade),
//! the cells with findings marked and the 校验结果 sheet, as the
//! department's completed workbook has them.

use std::collections::HashMap;

use rust_xlsxwriter::{Note, XlsxError};

use crate::check::FileReport;
use crate::contract::cell::Spot;
use crate::contract::fields::{
    FORM_CELLS, TBL_FORM_INDICATORS, TBL_PROJECT_INDICATORS, TBL_PROJECTS, WorkbookKind, col,
};
use crate::contract::finding::Finding;
use crate::ingest::model::Department;
use crate::rules::framework::Frameworks;
use crate::workbook::complete::sheets::{Styles, open_on_findings, write_findings, write_revision};
use crate::workbook::complete::{add_sheet, carry, inputs_of, marks_of};
use crate::workbook::layout::{Layout, Room};
use crate::workbook::options::TemplateOptions;
use crate::workbook::project::{self, Computed};

/// Writes the completed workbook of a project workbook.
pub(super) fn completed_project(
    report: &FileReport,
    dept: &Department,
    frameworks: &Frameworks,
    streamed: bool,
) -> Result<Vec<u8>, XlsxError> {
    let inputs = inputs_of(dept);
    let opts = TemplateOptions {
        frameworks: frameworks.clone(),
        room: Room::Compact,
        streamed: false,
    };
    let layout = project::layout_with(&inputs, Room::Compact);
    let moved = moved_spots(dept, &layout, &report.findings);
    let (marks, located) = marks_of(&report.findings, &moved, &layout);
    let row = dept.rows(&TBL_PROJECTS).first();
    let dec = |id| row.and_then(|r| r.dec(id));
    let score = report.score.as_ref().and_then(|c| c.projects.first());
    let level3s = dept
        .rows(&TBL_PROJECT_INDICATORS)
        .iter()
        .map(|r| r.text(col::LEVEL3));
    let computed = Computed {
        rates: project::rate_inputs()
            .map(|(executed, full)| project::rate(dec(executed), dec(full))),
        score,
        rows: score.map_or_else(Vec::new, |s| project::system_rows(level3s, s)),
    };
    let mut wb = project::workbook(&inputs, &layout, &opts, &marks, &computed)?;
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
    // An .xls or .ods: the department's own sheets come along, and the
    // 校验结果 sheet says what could not.
    let converted = report.format != Some(crate::ingest::sniff::Format::Xlsx);
    if converted && let Some(source) = &report.source {
        carry::carry_sheets(&mut wb, source, streamed)?;
    }
    let styles = Styles::new();
    write_findings(
        add_sheet(&mut wb, streamed)?,
        report,
        &located,
        &styles,
        converted.then_some(carry::CONVERTED_NOTE),
    )?;
    if let Some(revision) = &report.revision {
        write_revision(add_sheet(&mut wb, streamed)?, revision, &styles)?;
    }
    open_on_findings(&mut wb, report);
    wb.set_zip_compression_level(1);
    wb.save_to_buffer()
}

/// Where the form's cells that findings point at went in the regenerated
/// form: (sheet, A1 in the file) → cell in the form's layout.
fn moved_spots(
    dept: &Department,
    layout: &Layout,
    findings: &[Finding],
) -> HashMap<(String, String), Spot> {
    debug_assert_eq!(dept.kind, WorkbookKind::Project);
    let wanted: std::collections::HashSet<(&str, String)> = findings
        .iter()
        .filter_map(|f| Some((f.sheet.as_deref()?, f.cell.clone()?)))
        .collect();
    let mut moved = HashMap::new();
    let mut put = |from: Option<&Spot>, to: Spot| {
        if let Some(from) = from
            && wanted.contains(&(from.sheet.as_str(), from.a1()))
        {
            moved.insert((from.sheet.clone(), from.a1()), to);
        }
    };
    for f in WorkbookKind::Project.fields() {
        if let Some(to) = layout.scalars.get(f.key) {
            put(dept.spot(f.id()), to.clone());
        }
    }
    if let Some(row) = dept.rows(&TBL_PROJECTS).first() {
        for c in FORM_CELLS {
            if let Some(to) = layout.scalars.get(c.name) {
                put(row.spot(c.column), to.clone());
            }
        }
    }
    if let (Some(data), Some(place)) = (
        dept.table(&TBL_PROJECT_INDICATORS),
        layout.tables.get(TBL_FORM_INDICATORS.key),
    ) {
        if let Some(area) = &data.area {
            for (j, _) in TBL_FORM_INDICATORS.columns.iter().enumerate() {
                let header = Spot::new(&area.sheet, area.first_row, area.first_col + j as u32);
                put(Some(&header), place.header(j));
            }
        }
        for (i, row) in data.rows.iter().enumerate() {
            for (j, c) in TBL_FORM_INDICATORS.columns.iter().enumerate() {
                put(row.spot(c.col_id()), place.spot(i as u32, j));
            }
        }
    }
    moved
}
