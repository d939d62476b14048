//! The writer of the standard department workbook (部门整体支出绩效自评表):
//! the blank template, or the template filled with given inputs, every cell
//! where the [`layout`](crate::workbook::layout) puts it. rust_xlsxwriter
//! cannot edit files, so a filled workbook is always regenerated from the
//! same plan as the blank one.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::sync::OnceLock;

use chrono::Datelike;
use rust_xlsxwriter::{
    DocProperties, ExcelDateTime, Format, Formula, Workbook, Worksheet, XlsxError,
};

use crate::contract::cell::col_letters;
use crate::contract::fields::{
    self, Column, ColumnId, EnteredBy, Field, Kind, SANGONG, SangongPart, Sheet, TEMPLATE_VERSION,
    Table, col, key,
};
use crate::rules::score::name_key;
use crate::workbook::cell_text::fit_cell;
use crate::workbook::inputs::{Input, Inputs, score_rows};
use crate::workbook::instructions::write_instructions;
use crate::workbook::layout::{
    HINT_COL, Item, LABEL_COL, Layout, Marks, Room, TABLE_COL, TablePlace, VALUE_COL, layout_with,
    plan_for, written_columns,
};
use crate::workbook::options::TemplateOptions;
use crate::workbook::styles::{
    LONG_TEXT_WIDTH, Styles, column_width, long_text_height, print_setup_sized, protect,
    text_width, wrapped_lines,
};
use crate::workbook::validations::validation_of;

/// The inputs a workbook is written from: the given ones, with the 评分表
/// rows of the chosen framework (一级, 二级, 三级, 评分标准, 分值) when they
/// have none, so that the department only fills 自评得分, 扣分原因 and 说明.
///
/// Given rows that carry no 分值 are the department's columns of some
/// indicators, named by their 三级指标 (a fill source that gives only the
/// rows it has something for): they are merged into the framework's rows
/// of the same name, and a row no indicator matches is kept at the end, as
/// written, for the check to report.
pub(crate) fn prepared<'a>(inputs: &'a Inputs, opts: &TemplateOptions) -> Cow<'a, Inputs> {
    let named = match inputs.scalars.get(key::FRAMEWORK.as_str()) {
        Some(Input::Text(t)) => Some(t.as_str()),
        _ => None,
    };
    let Some(framework) = opts.frameworks.for_workbook(named) else {
        return Cow::Borrowed(inputs);
    };
    // The optional fields the framework reads are shown, filled or not.
    let needed: Vec<&'static str> = framework
        .optional_fields()
        .into_iter()
        .filter(|k| !inputs.shown.contains(k))
        .collect();
    let given = inputs.rows(&fields::TBL_SCORES);
    let partial = given
        .iter()
        .all(|row| !row.contains_key(col::POINTS.as_str()));
    if !given.is_empty() && !partial {
        if needed.is_empty() {
            return Cow::Borrowed(inputs);
        }
        let mut out = inputs.clone();
        out.shown.extend(needed);
        return Cow::Owned(out);
    }
    let mut rows: Vec<_> = score_rows(&framework)
        .into_iter()
        .map(|(_, row)| row)
        .collect();
    let text_of = |row: &BTreeMap<String, Input>, id: ColumnId| match row.get(id.as_str()) {
        Some(Input::Text(t)) => Some(name_key(t)),
        _ => None,
    };
    let mut used = vec![false; rows.len()];
    let mut unmatched = Vec::new();
    for g in given {
        let level3 = text_of(g, col::LEVEL3);
        let level2 = text_of(g, col::LEVEL2);
        let found = (0..rows.len()).find(|&i| {
            !used[i]
                && level3.is_some()
                && text_of(&rows[i], col::LEVEL3) == level3
                && level2
                    .as_ref()
                    .is_none_or(|l2| text_of(&rows[i], col::LEVEL2).as_ref() == Some(l2))
        });
        match found {
            Some(i) => {
                used[i] = true;
                for (k, v) in g {
                    rows[i].insert(k.clone(), v.clone());
                }
            }
            None => unmatched.push(g.clone()),
        }
    }
    rows.extend(unmatched);
    let mut out = inputs.clone();
    out.tables.insert(fields::TBL_SCORES.key.to_string(), rows);
    out.shown.extend(needed);
    Cow::Owned(out)
}

/// Writes the standard workbook, blank or with the given inputs, and returns its bytes.
pub fn build(inputs: &Inputs, opts: &TemplateOptions) -> Result<Vec<u8>, XlsxError> {
    let inputs = prepared(inputs, opts);
    let layout = layout_with(&inputs, opts.room);
    workbook(&inputs, &layout, opts, &Marks::new())?.save_to_buffer()
}

/// The standard workbook, not yet saved, from [`prepared`] inputs, their
/// [`layout_with`] and the cells to mark: a completed workbook adds its own
/// sheets to it.
pub(crate) fn workbook(
    inputs: &Inputs,
    layout: &Layout,
    opts: &TemplateOptions,
    marks: &Marks,
) -> Result<Workbook, XlsxError> {
    let styles = Styles::new(marks);
    let mut wb = Workbook::new();
    if opts.streamed
        && let Some(dir) = streamed_tempdir()
    {
        wb.set_tempdir(dir)?;
    }
    // Fixed document properties keep the output reproducible.
    let created = ExcelDateTime::from_ymd(2024, 1, 1)?;
    wb.set_properties(
        &DocProperties::new()
            .set_title("部门整体支出绩效自评表")
            .set_subject(TEMPLATE_VERSION)
            .set_company("jixiao")
            .set_creation_datetime(&created),
    );
    for sheet in Sheet::ALL {
        let ws = add_sheet(&mut wb, opts.streamed)?;
        ws.set_name(sheet.name())?;
        if sheet == Sheet::Instructions {
            write_instructions(ws, &styles)?;
        } else {
            write_sheet(ws, sheet, inputs, opts, layout, &styles)?;
        }
    }
    for (key, spot) in &layout.scalars {
        wb.define_name(
            *key,
            &format!("='{}'!{}", spot.sheet, abs(spot.row, spot.col)),
        )?;
    }
    for (key, place) in &layout.tables {
        let table = fields::table(key).ok_or_else(|| XlsxError::ParameterError((*key).into()))?;
        define_table(&mut wb, table, place)?;
    }
    Ok(wb)
}

/// Names a table's area, its header row and data rows, at workbook scope.
pub(crate) fn define_table(
    wb: &mut Workbook,
    table: &Table,
    place: &TablePlace,
) -> Result<(), XlsxError> {
    let last_col = u32::from(place.first_col) + place.columns.max(1) as u32 - 1;
    wb.define_name(
        table.key,
        &format!(
            "='{}'!{}:{}",
            place.sheet,
            abs(place.header_row, u32::from(place.first_col)),
            abs(place.header_row + place.data_rows, last_col)
        ),
    )?;
    Ok(())
}

/// A new sheet, streamed or held (see [`TemplateOptions::streamed`]). A
/// browser has no temporary files: there every sheet is held in memory,
/// which changes how strings are stored and lets charts cache their values,
/// not what the cells hold.
pub(crate) fn add_sheet(wb: &mut Workbook, streamed: bool) -> Result<&mut Worksheet, XlsxError> {
    if streamed && cfg!(not(target_arch = "wasm32")) {
        wb.add_worksheet_with_constant_memory()
    } else {
        Ok(wb.add_worksheet())
    }
}

/// Where streamed sheets keep their rows until the workbook is saved: the
/// user's `TMPDIR` when set; else, on Linux, `/dev/shm` (memory) when it is
/// writable, because a batch creates and deletes a dozen of these files per
/// workbook and ext4 slows down under that churn (its inode allocator skips
/// recently deleted inodes: 1.5 ms more per workbook in the benchmark); else
/// the system's temporary folder.
fn streamed_tempdir() -> Option<&'static std::path::Path> {
    static DIR: OnceLock<Option<std::path::PathBuf>> = OnceLock::new();
    DIR.get_or_init(|| {
        if std::env::var_os("TMPDIR").is_some() || !cfg!(target_os = "linux") {
            return None;
        }
        let shm = std::path::PathBuf::from("/dev/shm");
        tempfile::tempfile_in(&shm).is_ok().then_some(shm)
    })
    .as_deref()
}

/// The most rows a sheet keeps frozen at its top: more, and on a
/// 768-line screen the rows below cannot be reached without unfreezing.
pub(crate) const MAX_FROZEN_ROWS: u32 = 8;

/// `$C$5`.
pub(crate) fn abs(row: u32, col: u32) -> String {
    format!("${}${}", col_letters(col), row + 1)
}

fn write_input(
    ws: &mut Worksheet,
    sheet: &str,
    row: u32,
    col: u16,
    kind: Kind,
    value: Option<&Input>,
    styles: &Styles,
) -> Result<(), XlsxError> {
    write_cell(ws, sheet, row, col, value, styles.input(kind), styles)
}

/// Writes one value (or a blank) with its format, filled when marked.
pub(crate) fn write_cell(
    ws: &mut Worksheet,
    sheet: &str,
    row: u32,
    col: u16,
    value: Option<&Input>,
    fmt: &Format,
    styles: &Styles,
) -> Result<(), XlsxError> {
    let marked;
    let fmt = match styles.mark(sheet, row, col) {
        Some(fill) => {
            marked = fmt.clone().set_background_color(fill);
            &marked
        }
        None => fmt,
    };
    match value {
        None => ws.write_blank(row, col, fmt)?,
        // write_string never turns `=…` into a formula: user text stays text.
        Some(Input::Text(s)) => ws.write_string_with_format(row, col, fit_cell(s).as_ref(), fmt)?,
        Some(Input::Number(n)) => ws.write_number_with_format(row, col, *n, fmt)?,
        Some(Input::Date(d)) => {
            let dt = ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8)?;
            ws.write_datetime_with_format(row, col, &dt, fmt)?
        }
    };
    Ok(())
}

fn write_sheet(
    ws: &mut Worksheet,
    sheet: Sheet,
    inputs: &Inputs,
    opts: &TemplateOptions,
    layout: &Layout,
    styles: &Styles,
) -> Result<(), XlsxError> {
    // Column widths: the widest content planned for each column, in display columns.
    let mut widths: BTreeMap<u16, usize> = BTreeMap::new();
    let mut widen = |col: u16, w: usize| {
        let e = widths.entry(col).or_insert(0);
        *e = (*e).max(w);
    };
    widen(0, 1);
    let mut row: u32 = 0;
    let mut landscape = false;
    let mut single_table_header = None;
    let mut key_col: Option<u16> = None;
    let items = plan_for(sheet, inputs);
    let tables_in_sheet = items.iter().filter(|i| matches!(i, Item::Table(_))).count();
    // The narrowest the label and hint columns can be (their texts', capped
    // as below): a scalar row is as tall as its wrapped label or hint needs
    // at that width (a wider column only leaves it roomier).
    let scalar_width = |of: &dyn Fn(&Field) -> usize, cap: usize| {
        items
            .iter()
            .filter_map(|i| match i {
                Item::Scalar(f) => Some(of(f).min(cap)),
                _ => None,
            })
            .max()
            .unwrap_or(cap)
            + 2
    };
    let label_width = scalar_width(&|f| text_width(f.label) + 2, 36);
    let hint_width = scalar_width(&|f| text_width(f.hint), 40);
    for item in items {
        match item {
            Item::Title(text) => {
                ws.write_string_with_format(row, LABEL_COL, text, &styles.title)?;
                ws.set_row_height(row, 24)?;
                row += 2;
            }
            Item::Note(text) => {
                ws.write_string_with_format(row, LABEL_COL, text, &styles.note)?;
                row += 1;
            }
            Item::Section(text) => {
                ws.write_string_with_format(row, LABEL_COL, text, &styles.section)?;
                row += 1;
            }
            Item::ScalarHeader => {
                for (col, text) in [
                    (LABEL_COL, "项目"),
                    (VALUE_COL, "填写内容"),
                    (HINT_COL, "说明"),
                ] {
                    ws.write_string_with_format(row, col, text, &styles.header)?;
                }
                row += 1;
            }
            Item::Gap => row += 1,
            Item::Scalar(f) => {
                let label = if f.required {
                    format!("* {}", f.label)
                } else {
                    f.label.to_string()
                };
                ws.write_string_with_format(row, LABEL_COL, &label, &styles.label)?;
                widen(LABEL_COL, text_width(&label).min(36));
                if f.id() == key::TEMPLATE_VERSION {
                    // A completed workbook keeps the version its department
                    // filled: an older template's workbook does not gain the
                    // later template's required fields.
                    let version = match inputs.scalars.get(f.key) {
                        Some(Input::Text(v)) if fields::template_generation(v).is_some() => {
                            v.as_str()
                        }
                        _ => TEMPLATE_VERSION,
                    };
                    ws.write_string_with_format(row, VALUE_COL, version, &styles.locked)?;
                } else {
                    let default = match f.kind {
                        Kind::FrameworkId => opts
                            .framework_choices()
                            .first()
                            .map(|s| Input::Text(s.clone())),
                        Kind::Choice(list) => list.first().map(|s| Input::Text((*s).to_string())),
                        _ => None,
                    };
                    let value = inputs.scalars.get(f.key).or(default.as_ref());
                    write_input(ws, sheet.name(), row, VALUE_COL, f.kind, value, styles)?;
                    if let Some(v) = validation_of(None, f.key, opts) {
                        ws.add_data_validation(row, VALUE_COL, row, VALUE_COL, &v)?;
                    }
                }
                ws.write_string_with_format(row, HINT_COL, f.hint, &styles.hint)?;
                widen(HINT_COL, text_width(f.hint).min(40));
                widen(
                    VALUE_COL,
                    match f.kind {
                        Kind::LongText => LONG_TEXT_WIDTH,
                        Kind::Text => 30,
                        _ => 14,
                    },
                );
                let text = match inputs.scalars.get(f.key) {
                    Some(Input::Text(t)) => t.as_str(),
                    _ => "",
                };
                if f.kind == Kind::LongText {
                    ws.set_row_height(row, long_text_height(text, LONG_TEXT_WIDTH))?;
                } else {
                    let lines = wrapped_lines(&label, label_width)
                        .max(wrapped_lines(f.hint, hint_width))
                        .max(wrapped_lines(
                            text,
                            if f.kind == Kind::Text { 32 } else { 16 },
                        ));
                    if lines > 1 {
                        ws.set_row_height(row, (15 * lines + 4).min(409) as f64)?;
                    }
                }
                row += 1;
            }
            Item::SangongGrid => {
                let header = layout.sangong_header.unwrap_or(row);
                let headings =
                    std::iter::once("项目").chain(SangongPart::ALL.map(SangongPart::heading));
                for (j, text) in headings.enumerate() {
                    ws.write_string_with_format(
                        header,
                        LABEL_COL + j as u16,
                        text,
                        &styles.header,
                    )?;
                }
                for (i, kind) in SANGONG.iter().enumerate() {
                    let r = header + 1 + i as u32;
                    let label = format!("* {}", kind.name);
                    ws.write_string_with_format(r, LABEL_COL, &label, &styles.label)?;
                    for (j, part) in SangongPart::ALL.iter().enumerate() {
                        let key = kind.key(*part).as_str();
                        let col = VALUE_COL + j as u16;
                        write_input(
                            ws,
                            sheet.name(),
                            r,
                            col,
                            Kind::Money,
                            inputs.scalars.get(key),
                            styles,
                        )?;
                        if let Some(v) = validation_of(None, key, opts) {
                            ws.add_data_validation(r, col, r, col, &v)?;
                        }
                    }
                }
                let total_row = header + 1 + SANGONG.len() as u32;
                ws.write_string_with_format(
                    total_row,
                    LABEL_COL,
                    "合计（自动计算）",
                    &styles.label,
                )?;
                for (j, part) in SangongPart::ALL.into_iter().enumerate() {
                    let col = VALUE_COL + j as u16;
                    let letters = col_letters(u32::from(col));
                    let mut formula = Formula::new(format!(
                        "=SUM({letters}{}:{letters}{})",
                        header + 2,
                        header + 1 + SANGONG.len() as u32
                    ));
                    if let Some(total) = sum_inputs(inputs, part) {
                        formula = formula.set_result(total);
                    }
                    ws.write_formula_with_format(total_row, col, formula, &styles.locked_money)?;
                    widen(col, 12);
                }
                row = total_row + 1;
            }
            Item::Table(t) => {
                let place = layout.tables.get(t.key).cloned().unwrap_or(TablePlace {
                    sheet: sheet.name(),
                    header_row: row,
                    first_col: TABLE_COL,
                    data_rows: t.rows,
                    columns: written_columns(t, inputs),
                });
                write_table(ws, t, &place, inputs, opts, styles, &mut widen)?;
                if t.columns.len() > 6 {
                    landscape = true;
                }
                if tables_in_sheet == 1 {
                    single_table_header = Some(place.header_row);
                    key_col = t
                        .columns
                        .iter()
                        .position(|c| c.required)
                        .map(|j| place.first_col + j as u16);
                }
                row = place.header_row + 1 + place.data_rows;
            }
        }
    }
    // The completed workbook has it in both modes, so the two compare equal.
    if opts.streamed || opts.room == Room::Compact {
        end_streamed(ws, row)?;
    }
    let shown: BTreeMap<u16, f64> = widths
        .into_iter()
        .map(|(col, w)| (col, (w as f64 + 2.0).min(72.0)))
        .collect();
    for (col, w) in &shown {
        ws.set_column_width(*col, *w)?;
    }
    let last = shown.keys().next_back().copied().unwrap_or(0);
    let all: Vec<f64> = (0..=last)
        .map(|c| shown.get(&c).copied().unwrap_or(DEFAULT_COLUMN_WIDTH))
        .collect();
    if let Some(h) = single_table_header {
        ws.set_repeat_rows(h, h)?;
        // A pane frozen below row 8 is taller than a laptop's screen
        // leaves for the table: only a header near the top is frozen.
        if h < MAX_FROZEN_ROWS {
            ws.set_freeze_panes(h + 1, 0)?;
        }
    }
    protect(ws);
    // Split across pages, a wide sheet repeats its labels' column (and a
    // table's columns up to its key, the name of each row).
    let key_end = key_col.unwrap_or(LABEL_COL);
    print_setup_sized(ws, landscape, &all, Some((0, key_end)))?;
    Ok(())
}

/// Excel's width of a column a sheet does not size (characters).
const DEFAULT_COLUMN_WIDTH: f64 = 8.43;

/// Ends a streamed sheet with a blank cell (unlocked, with no border or
/// fill) in column A of the row after its last: rust_xlsxwriter 0.102's
/// constant-memory mode writes a sheet's last row twice when that row holds
/// cells and row options (a format or a height), and Excel reports a sheet
/// with a repeated row as damaged. A last row without options avoids it.
pub(crate) fn end_streamed(ws: &mut Worksheet, row: u32) -> Result<(), XlsxError> {
    ws.write_blank(row, 0, &Format::new().set_unlocked())?;
    Ok(())
}

fn sum_inputs(inputs: &Inputs, part: SangongPart) -> Option<String> {
    let mut total = 0.0;
    for kind in SANGONG {
        match inputs.scalars.get(kind.key(part).as_str()) {
            Some(Input::Number(n)) => total += n,
            None => {}
            _ => return None,
        }
    }
    Some(
        format!("{total:.2}")
            .trim_end_matches('0')
            .trim_end_matches('.')
            .to_string(),
    )
}

/// Where a table's data rows go: on which sheet, from which cell, how many.
pub(crate) struct TableCells<'a> {
    pub(crate) sheet: &'a str,
    pub(crate) table: &'a Table,
    pub(crate) first_col: u16,
    pub(crate) first_row: u32,
    pub(crate) data_rows: u32,
}

impl TableCells<'_> {
    /// Writes the data rows from `rows` (blank beyond them): every row an
    /// unlocked whole row, so that rows can be inserted and deleted; each
    /// cell in `format_of` its column; a row of wrapped text as tall as it
    /// needs at `width_of` (column index, column). `after_row` writes what
    /// else a row holds (row index, sheet row).
    pub(crate) fn write<'f>(
        &self,
        ws: &mut Worksheet,
        rows: &[BTreeMap<String, Input>],
        format_of: impl Fn(&Column) -> &'f Format,
        width_of: impl Fn(u16, &Column) -> usize,
        styles: &Styles,
        mut after_row: impl FnMut(&mut Worksheet, u32, u32) -> Result<(), XlsxError>,
    ) -> Result<(), XlsxError> {
        let unlocked_row = Format::new().set_unlocked();
        for i in 0..self.data_rows {
            let r = self.first_row + i;
            ws.set_row_format(r, &unlocked_row)?;
            let values = rows.get(i as usize);
            let mut lines = 1;
            for (j, c) in self.table.columns.iter().enumerate() {
                let col = self.first_col + j as u16;
                let value = values.and_then(|v| v.get(c.id));
                write_cell(ws, self.sheet, r, col, value, format_of(c), styles)?;
                if let Some(Input::Text(text)) = value {
                    lines = lines.max(wrapped_lines(text, width_of(col, c)));
                }
            }
            after_row(ws, i, r)?;
            // Wrapped text needs its height set: spreadsheets do not grow
            // rows written by a program until someone edits them.
            if lines > 1 {
                ws.set_row_height(r, (15 * lines + 4).min(409) as f64)?;
            }
        }
        Ok(())
    }
}

fn write_table(
    ws: &mut Worksheet,
    t: &Table,
    place: &TablePlace,
    inputs: &Inputs,
    opts: &TemplateOptions,
    styles: &Styles,
    widen: &mut impl FnMut(u16, usize),
) -> Result<(), XlsxError> {
    // The columns this workbook has (an optional one only when filled).
    let narrowed = Table {
        columns: t.columns.get(..place.columns).unwrap_or(t.columns),
        ..*t
    };
    let t = &narrowed;
    let h = place.header_row;
    for (j, c) in t.columns.iter().enumerate() {
        let col = place.first_col + j as u16;
        let label = if c.required {
            format!("* {}", c.label)
        } else {
            c.label.to_string()
        };
        ws.write_string_with_format(h, col, &label, &styles.header)?;
        widen(col, column_width(c));
    }
    ws.set_row_height(h, 32)?;
    let cells = TableCells {
        sheet: place.sheet,
        table: t,
        first_col: place.first_col,
        first_row: h + 1,
        data_rows: place.data_rows,
    };
    cells.write(
        ws,
        inputs.rows(t),
        |c| styles.column(c),
        |_, c| column_width(c),
        styles,
        |_, _, _| Ok(()),
    )?;
    for (j, c) in t.columns.iter().enumerate() {
        if c.by != EnteredBy::Department {
            continue;
        }
        let col = place.first_col + j as u16;
        if let Some(v) = validation_of(Some(t), c.id, opts) {
            ws.add_data_validation(h + 1, col, h + place.data_rows, col, &v)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(cells: &[(&str, &str)]) -> BTreeMap<String, Input> {
        cells
            .iter()
            .map(|(k, v)| ((*k).to_string(), Input::Text((*v).to_string())))
            .collect()
    }

    /// A fill source that gives only the rows it has something for keeps
    /// the framework's whole 评分表, with its cells in the named rows.
    #[test]
    fn rows_without_points_merge_into_the_frameworks_rows() {
        let opts = TemplateOptions::default();
        let mut inputs = Inputs::default();
        inputs.tables.insert(
            fields::TBL_SCORES.key.to_string(),
            vec![
                row(&[
                    ("level3", "公用经费控制率"),
                    ("note", "政府购买服务费在公用经费列支"),
                ]),
                row(&[("level3", "不在框架中的指标"), ("reason", "写错的名称")]),
            ],
        );
        let empty = Inputs::default();
        let blank = prepared(&empty, &opts);
        let merged = prepared(&inputs, &opts);
        let before = blank.rows(&fields::TBL_SCORES);
        let after = merged.rows(&fields::TBL_SCORES);
        assert_eq!(
            after.len(),
            before.len() + 1,
            "one unmatched row kept at the end"
        );
        let public = after
            .iter()
            .position(|r| r.get("level3") == Some(&Input::Text("公用经费控制率".into())))
            .expect("framework row");
        assert_eq!(
            after[public].get("note"),
            Some(&Input::Text("政府购买服务费在公用经费列支".into()))
        );
        assert!(
            after[public].contains_key("points"),
            "the framework's 分值 stays"
        );
        assert_eq!(
            after.last().and_then(|r| r.get("level3")),
            Some(&Input::Text("不在框架中的指标".into()))
        );
        // Rows with 分值 are a whole table, written as given.
        let mut whole = Inputs::default();
        whole.tables.insert(
            fields::TBL_SCORES.key.to_string(),
            vec![{
                let mut r = row(&[("level3", "公用经费控制率")]);
                r.insert("points".into(), Input::Number(3.0));
                r
            }],
        );
        assert_eq!(prepared(&whole, &opts).rows(&fields::TBL_SCORES).len(), 1);
    }

    /// A project indicator's 年度指标值 cell is formatted as text (@), so
    /// “=100%” typed into it in Excel stays text instead of a formula.
    #[test]
    fn target_cells_are_formatted_as_text() {
        use std::io::Read as _;
        let bytes = build(&Inputs::default(), &TemplateOptions::default()).unwrap();
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        let mut read = |name: &str| {
            let mut s = String::new();
            zip.by_name(name).unwrap().read_to_string(&mut s).unwrap();
            s
        };
        let place = &crate::workbook::layout::layout(&Inputs::default()).tables
            [fields::TBL_PROJECT_INDICATORS.key];
        let sheet = 1 + Sheet::ALL
            .iter()
            .position(|s| s.name() == place.sheet)
            .unwrap();
        let column =
            u32::from(place.first_col) + fields::TBL_PROJECT_INDICATORS.col(col::TARGET) as u32;
        let cell = crate::contract::cell::a1(place.header_row + 1, column);
        let xml = read(&format!("xl/worksheets/sheet{sheet}.xml"));
        let at = xml
            .find(&format!("<c r=\"{cell}\""))
            .expect("the cell is written");
        let style: usize = xml[at..]
            .split("s=\"")
            .nth(1)
            .and_then(|rest| rest.split('"').next())
            .and_then(|n| n.parse().ok())
            .expect("the cell has a style");
        let styles = read("xl/styles.xml");
        let xfs = &styles[styles.find("<cellXfs").unwrap()..];
        let xf = xfs.split("<xf ").nth(style + 1).unwrap();
        let id = xf
            .split("numFmtId=\"")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap();
        assert!(
            styles.contains(&format!("<numFmt numFmtId=\"{id}\" formatCode=\"@\"/>")),
            "{cell} has number format {id}"
        );
    }
}
