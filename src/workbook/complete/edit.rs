//! The completed workbook of an .xlsx/.xlsm workbook: the department's own
//! package edited ([`crate::workbook::package`]), so all it wrote stays.
//! A department workbook gets the 评分表's 计算值 and 系统得分 in its own
//! cells, the total under the table (where those cells are free), and the
//! 项目计分, 校验结果 and 图表 sheets after its sheets; a project workbook
//! the 系统得分 column right of its form and the 校验结果 sheet. Either way
//! the cells with findings are filled and commented.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use rust_xlsxwriter::{Workbook, XlsxError};

use crate::check::FileReport;
use crate::contract::cell::{CellValue, Spot, col_letters, parse_a1};
use crate::contract::fields::{
    self, ColumnId, TBL_PROJECT_INDICATORS, TBL_PROJECTS, WorkbookKind, col,
};
use crate::contract::finding::{Finding, Severity};
use crate::contract::number::{fixed, round_half_up};
use crate::ingest::guard::Limits;
use crate::ingest::model::Department;
use crate::rules::formula;
use crate::rules::framework::{Framework, Frameworks, Measure, Rule};
use crate::rules::metrics::Measured;
use crate::rules::score::{ProjectScore, Scorecard};
use crate::workbook::complete::add_sheet;
use crate::workbook::complete::sheets::{
    FINDINGS_SHEET, GRADE_LABEL, Styles, TOTAL_LABEL, write_charts, write_findings, write_projects,
    write_revision,
};
use crate::workbook::inputs::{Input, score_rows};
use crate::workbook::layout::Mark;
use crate::workbook::package::{self, Block, CellEdit, Edits, PackageError, Value};
use crate::workbook::project::{self, SYSTEM_HEADER};
use crate::workbook::styles::{POINTS_FORMAT, text_width};

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
    completed_package_with(report, dept, source, frameworks, true)
}

/// The department's package completed, the sheets it adds streamed (as
/// jixiao writes them) or held (as where there are no temporary files; to
/// check the two agree).
pub(super) fn completed_package_with(
    report: &FileReport,
    dept: &Department,
    source: &[u8],
    frameworks: &Frameworks,
    streamed: bool,
) -> Result<Vec<u8>, EditError> {
    let mut edits = Edits::default();
    let project = dept.kind == WorkbookKind::Project;
    if project {
        rate_caches(&mut edits, dept);
    }
    match &report.score {
        Some(card) if project => {
            if let Some(score) = card.projects.first() {
                system_column(&mut edits, dept, score);
            }
        }
        Some(card) => score_cells(&mut edits, dept, card, frameworks),
        None => {}
    }
    taken_cells(&mut edits, report);
    let located = mark_findings(&mut edits, dept, &report.findings);
    // The added sheets, written as the regenerated workbook writes them (a
    // project workbook's, as its regenerated form has, only 校验结果).
    let mut wb = Workbook::new();
    let styles = Styles::new();
    if let Some(card) = report.score.as_ref().filter(|_| !project) {
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
    if !project {
        write_charts(
            add_sheet(&mut wb, streamed)?,
            dept,
            report.score.as_ref(),
            &styles,
        )?;
    }
    wb.set_zip_compression_level(1);
    edits.added = Some(wb.save_to_buffer()?);
    if !report.findings.is_empty() {
        edits.active = Some(FINDINGS_SHEET);
    }
    Ok(package::edit(source, &edits, &Limits::default())?)
}

/// The cells the department left blank that last year's submission
/// filled (`--previous`): written in place, so the department sees (and
/// may correct) the figure the report used; each has its `PRIOR-FILLED`
/// note.
fn taken_cells(edits: &mut Edits, report: &FileReport) {
    let Some(prior) = &report.prior else {
        return;
    };
    for taken in &prior.taken {
        let Some(spot) = &taken.spot else {
            continue;
        };
        let write = match &taken.value {
            crate::ingest::model::Value::Dec(d) => Value::Number(d.to_f64().unwrap_or_default()),
            crate::ingest::model::Value::Int(i) => Value::Number(*i as f64),
            crate::ingest::model::Value::Text(s) => Value::Text(s.clone()),
            crate::ingest::model::Value::Date(_) => continue,
        };
        put(
            edits,
            spot,
            CellEdit {
                write: Some(write),
                ..CellEdit::default()
            },
        );
    }
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
        cell.block = edit.block;
        cell.num_fmt = edit.num_fmt;
    }
    cell.mark = match (cell.mark, edit.mark) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    };
}

/// The number format of a rate in percentage points, as jixiao shows it.
const PERCENT_FORMAT: &str = r#"0.00"%""#;
/// The number format of an amount in 万元.
const AMOUNT_FORMAT: &str = r#"0.00" 万元""#;

/// The 计算值 of indicator `id` as a live formula over the department's
/// cells: the formula, jixiao's value to cache, and the number format;
/// `None` when its rule measures nothing, jixiao measured no value, or the
/// spreadsheet cannot compute it as jixiao does (see
/// [`Formula`](crate::rules::formula::Formula)'s `excel`).
fn live_computed(
    framework: &Framework,
    id: &str,
    dept: &Department,
) -> Option<(String, f64, &'static str)> {
    let (_, _, indicator) = framework.leaves().find(|(_, _, i)| i.id == id)?;
    let (measure, code) = match &indicator.rule {
        Rule::Linear { metric, .. }
        | Rule::Bands { metric, .. }
        | Rule::Proportional { metric, .. } => (metric, PERCENT_FORMAT),
        Rule::Compare { metric, .. } => (metric, AMOUNT_FORMAT),
        _ => return None,
    };
    let Measured::Value(value) = measure.measure(dept) else {
        return None;
    };
    let formula = match measure {
        Measure::Builtin(m) => formula::builtin(*m)?.excel(dept)?,
        Measure::Formula(f) => f.excel(dept)?,
    };
    Some((formula, value.to_f64()?, code))
}

/// A project form's 系统得分 column, right of its indicator table (as the
/// regenerated form has it): the 预算执行率's computed 得分 in the funds
/// row, each indicator's, the total and the grade, on the rows of the
/// form's own cells, under a 系统得分 header. The column is a [`Block`]
/// labelled by its first header: a column the department has used is
/// left alone.
fn system_column(edits: &mut Edits, dept: &Department, score: &ProjectScore) {
    let Some(area) = dept
        .table(&TBL_PROJECT_INDICATORS)
        .and_then(|t| t.area.as_ref())
    else {
        return;
    };
    let Some(column) = area.last_col.checked_add(1) else {
        return;
    };
    let project = dept.rows(&TBL_PROJECTS).first();
    let row_of = |id: ColumnId| project.and_then(|p| p.spot(id)).map(|s| s.row);
    let funds_row = row_of(col::EXECUTED).filter(|r| *r < area.first_row);
    // The label: the funds block's header (the row above its first row)
    // when the form has one above the indicators, else the indicators'.
    let label_row = funds_row
        .and_then(|r| r.checked_sub(1))
        .unwrap_or(area.first_row);
    let block = Block {
        label: (label_row, column),
        text: SYSTEM_HEADER,
    };
    edits.print_columns.insert(area.sheet.clone(), column);
    let mut cells: Vec<(u32, Value)> = vec![
        (label_row, Value::Text(SYSTEM_HEADER.into())),
        (area.first_row, Value::Text(SYSTEM_HEADER.into())),
    ];
    if let Some(r) = funds_row {
        cells.push((r, number(score.execution_score)));
        // The 其中 rows have no points of their own.
        for (id, _) in project::rate_inputs().into_iter().skip(1) {
            if let Some(r) = row_of(id).filter(|r| *r < area.first_row) {
                cells.push((r, Value::Text("—".into())));
            }
        }
    }
    let rows = dept.rows(&TBL_PROJECT_INDICATORS);
    let level3s = rows.iter().map(|r| r.text(col::LEVEL3));
    for (row, value) in rows.iter().zip(project::system_rows(level3s, score)) {
        cells.push((row.sheet_row, value.as_ref().map_or(Value::Blank, value_of)));
    }
    let below = area.last_row;
    if let Some(r) = row_of(col::SELF_SCORE).filter(|r| *r > below) {
        let total = if score.valid {
            number(round_half_up(score.total, 2))
        } else {
            Value::Text(format!("计算值 {}（权重不符）", fixed(score.total, 2)))
        };
        cells.push((r, total));
    }
    if let Some(r) = row_of(col::SELF_GRADE).filter(|r| *r > below) {
        cells.push((r, Value::Text(score.grade_text().to_string())));
    }
    // Wide enough for what it holds (the grade's words, a total marked
    // 权重不符), as the regenerated form's column is.
    let width = cells
        .iter()
        .map(|(_, v)| match v {
            Value::Text(t) => text_width(t),
            _ => text_width("100.00"),
        })
        .max()
        .unwrap_or(0)
        .clamp(text_width(SYSTEM_HEADER), 30)
        + 2;
    edits
        .widths
        .entry(area.sheet.clone())
        .or_default()
        .insert(column, width as f64);
    for (row, value) in cells {
        if row < label_row {
            continue;
        }
        put(
            edits,
            &Spot::new(&area.sheet, row, column),
            CellEdit {
                write: Some(value),
                block: Some(block),
                mark: None,
                num_fmt: None,
            },
        );
    }
}

/// The cached results of the form's 执行率 formulas (全年执行数 ÷ 全年预算数,
/// two cells right of the 全年执行数), so a reader that shows caches shows
/// the rates, not a blank or a stale figure. Only a formula over those two
/// cells is given one, and only when both hold numbers, as the formula
/// itself would compute it (over a figure typed as text the spreadsheet
/// gives no rate, whatever jixiao read from the text).
fn rate_caches(edits: &mut Edits, dept: &Department) {
    let Some(project) = dept.rows(&TBL_PROJECTS).first() else {
        return;
    };
    let number = |id: ColumnId| match project.entry(id).raw {
        CellValue::Number(n) => Some(n),
        CellValue::Int(i) => Some(i as f64),
        _ => None,
    };
    for (executed, full) in project::rate_inputs() {
        let (Some(e), Some(f)) = (project.spot(executed), project.spot(full)) else {
            continue;
        };
        let (Some(spent), Some(budget)) = (number(executed), number(full)) else {
            continue;
        };
        let rate = spent / budget;
        if budget <= 0.0 || !rate.is_finite() {
            continue;
        }
        put(
            edits,
            &Spot::new(&e.sheet, e.row, e.col + 2),
            CellEdit {
                write: Some(Value::Cached {
                    value: rate,
                    over: vec![e.a1(), f.a1()],
                }),
                ..Default::default()
            },
        );
    }
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
    let framework = frameworks.get(&department.framework_id);
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
            // A figure computed from the workbook's cells is a live
            // formula over them (its cached result jixiao's), so a
            // correction in Excel or WPS shows at once; anything else is
            // jixiao's text.
            let live = ind
                .system
                .and(framework.as_ref())
                .and_then(|fw| live_computed(fw, &ind.id, dept));
            let edit = match live {
                Some((formula, value, code)) => {
                    // Its working, with the figures put in, as a comment.
                    edits.notes.entry(spot.sheet.clone()).or_default().insert(
                        (spot.row, spot.col),
                        Mark {
                            severity: Severity::Note,
                            note: format!("【计算】{}", ind.explain),
                        },
                    );
                    CellEdit {
                        write: Some(Value::Formula(formula, Some(value))),
                        num_fmt: Some(code),
                        ..Default::default()
                    }
                }
                None => CellEdit {
                    write: Some(Value::Text(c)),
                    ..Default::default()
                },
            };
            put(edits, &spot, edit);
        }
        if let (Some(s), Some(spot)) = (ind.system, spot_at(sheet_row, col::SYSTEM_SCORE)) {
            put(
                edits,
                &spot,
                CellEdit {
                    write: Some(number(s)),
                    num_fmt: Some(POINTS_FORMAT),
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
    let in_block = |label_row: u32, text: &'static str| {
        move |v: Value| CellEdit {
            // A sum in the 分值's format (as the table's other figures).
            num_fmt: matches!(v, Value::Formula(..)).then_some(POINTS_FORMAT),
            write: Some(v),
            block: Some(Block {
                label: (label_row, area.first_col),
                text,
            }),
            mark: None,
        }
    };
    let total_row = in_block(total, TOTAL_LABEL);
    let grade_row = in_block(total + 1, GRADE_LABEL);
    let sum = |id: ColumnId, result: Decimal| -> Option<(Spot, CellEdit)> {
        let spot = spot_at(total, id)?;
        let l = col_letters(spot.col);
        Some((
            spot,
            total_row(Value::Formula(
                format!("SUM({l}{first}:{l}{last})"),
                result.to_f64(),
            )),
        ))
    };
    let mut cells = vec![(
        Spot::new(&area.sheet, total, area.first_col),
        total_row(Value::Text(TOTAL_LABEL.into())),
    )];
    if let Some(s) = spot_at(total, col::LEVEL3) {
        cells.push((
            s,
            total_row(Value::Text(format!(
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
        grade_row(Value::Text(GRADE_LABEL.into())),
    ));
    let grade = match &department.grade {
        Some(g) => g.clone(),
        None => format!("{}，不评定", department.standing.zh()),
    };
    if let Some(s) = spot_at(total + 1, col::SYSTEM_SCORE) {
        cells.push((s, grade_row(Value::Text(grade))));
    }
    for (spot, edit) in cells {
        put(edits, &spot, edit);
    }
}

/// Marks each finding's cell (in the department's file, where it is) and
/// returns each finding's cell for the 校验结果 sheet's links.
fn mark_findings(edits: &mut Edits, dept: &Department, findings: &[Finding]) -> Vec<Option<Spot>> {
    // Notes already made (a computed figure's working) take the findings'
    // lines after theirs.
    let mut notes: BTreeMap<String, BTreeMap<(u32, u32), Mark>> = std::mem::take(&mut edits.notes);
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
