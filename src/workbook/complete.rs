//! The completed workbook (SPEC §9): the department's own inputs regenerated
//! in the standard layout (rust_xlsxwriter cannot edit a file), with every
//! computed cell filled and cached, the 评分表 completed, the problems marked
//! on their cells, a 校验结果 sheet and native charts. Read back by jixiao it
//! gives the same findings and scores.

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use rust_xlsxwriter::{
    Chart, ChartType, Color, Format, FormatBorder, Formula, Note, Url, Workbook, Worksheet,
    XlsxError,
};

use crate::check::FileReport;
use crate::contract::cell::{CellValue, Spot, a1, col_letters};
use crate::contract::fields::{self, FIELDS, TABLES};
use crate::contract::finding::{Finding, Severity};
use crate::ingest::coerce::{fixed, serial_to_date};
use crate::ingest::model::Department;
use crate::rules::framework::Frameworks;
use crate::rules::metrics;
use crate::rules::score::Scorecard;
use crate::workbook::inputs::{Input, Inputs, score_rows};
use crate::workbook::layout::{Layout, Mark, Marks, Room, layout_with};
use crate::workbook::options::TemplateOptions;
use crate::workbook::styles::{
    ERROR_FILL, LABEL_FILL, WARNING_FILL, base_format, header_format, print_setup, text_width,
    title_format,
};
use crate::workbook::template;

/// The name of the sheet listing the findings.
pub const FINDINGS_SHEET: &str = "校验结果";
/// The name of the sheet with each project's computed score.
pub const PROJECTS_SHEET: &str = "项目计分";
/// The name of the sheet with the charts and their data.
pub const CHARTS_SHEET: &str = "图表";

/// Writes the completed workbook of a checked file; `None` when the file
/// could not be read as the template (there is nothing to complete).
pub fn completed_workbook(
    report: &FileReport,
    frameworks: &Frameworks,
) -> Result<Option<Vec<u8>>, XlsxError> {
    completed_workbook_with(report, frameworks, true)
}

/// The completed workbook, its sheets streamed (constant-memory mode, as
/// jixiao writes it) or held (the standard mode, to check the two agree).
fn completed_workbook_with(
    report: &FileReport,
    frameworks: &Frameworks,
    streamed: bool,
) -> Result<Option<Vec<u8>>, XlsxError> {
    let Some(dept) = &report.department else {
        return Ok(None);
    };
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
    // The total row follows the 评分表's last row: in row order still.
    if let Some(card) = &report.score {
        write_score_total(&mut wb, &layout, card, &styles)?;
        write_projects(add_sheet(&mut wb, streamed)?, card, &styles)?;
    }
    write_findings(add_sheet(&mut wb, streamed)?, report, &located, &styles)?;
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
    wb.set_zip_compression_level(1);
    wb.save_to_buffer().map(Some)
}

/// A new sheet, streamed or held (see [`TemplateOptions::streamed`]).
fn add_sheet(wb: &mut Workbook, streamed: bool) -> Result<&mut Worksheet, XlsxError> {
    if streamed {
        wb.add_worksheet_with_constant_memory()
    } else {
        Ok(wb.add_worksheet())
    }
}

/// The department's inputs as they were typed: the raw cell values, so that
/// reading the completed workbook back gives the same notes and findings.
pub fn inputs_of(dept: &Department) -> Inputs {
    let mut inputs = Inputs::default();
    for f in FIELDS {
        if let Some(v) = input_of(&dept.entry(f.key).raw) {
            inputs.scalars.insert(f.key.to_string(), v);
        }
    }
    for t in TABLES {
        let rows: Vec<BTreeMap<String, Input>> = dept
            .rows(t.key)
            .iter()
            .map(|row| {
                t.columns
                    .iter()
                    .filter_map(|c| Some((c.id.to_string(), input_of(&row.entry(c.id).raw)?)))
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

/// Writes an amount or a score (a formatted blank when there is none).
fn write_decimal(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    value: Option<Decimal>,
    fmt: &Format,
) -> Result<(), XlsxError> {
    match value.and_then(|v| v.to_f64()) {
        Some(v) => ws.write_number_with_format(row, col, v, fmt)?,
        None => ws.write_blank(row, col, fmt)?,
    };
    Ok(())
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
    let indicators = &card.department.indicators;
    let key = fields::TBL_SCORES.key.to_string();
    let rows = inputs.tables.entry(key).or_default();
    // (row index, indicator index) of the first row of each indicator.
    let mut firsts: Vec<(usize, usize)> = Vec::new();
    if dept.rows(fields::TBL_SCORES.key).is_empty() {
        let Some(framework) = frameworks.get(&card.department.framework_id) else {
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
        if let Some(c) = &ind.computed {
            row.insert("computed".to_string(), Input::Text(c.clone()));
        }
        row.insert("system_score".to_string(), number(ind.system));
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
        if let (Some(from), Some(to)) = (dept.spot(f.key), layout.scalars.get(f.key)) {
            put(from, &|| to.clone());
        }
    }
    for t in TABLES {
        let (Some(data), Some(place)) = (dept.table(t.key), layout.tables.get(t.key)) else {
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
                if let Some(from) = row.spot(c.id) {
                    put(from, &|| place.spot(i as u32, j));
                }
            }
        }
    }
    moved
}

/// The marks to put on cells, and each finding's cell in the completed
/// workbook (when it has one).
fn marks_of(
    findings: &[Finding],
    moved: &HashMap<(String, String), Spot>,
    layout: &Layout,
) -> (Marks, Vec<Option<Spot>>) {
    let mut marks = Marks::new();
    let mut located = Vec::with_capacity(findings.len());
    for f in findings {
        let spot = new_spot(f, moved, layout);
        if let Some(spot) = &spot {
            let line = format!("【{}】{}", f.severity.zh(), f.message);
            let col = u16::try_from(spot.col).unwrap_or(u16::MAX);
            marks
                .entry(spot.sheet.clone())
                .or_default()
                .entry((spot.row, col))
                .and_modify(|m: &mut Mark| {
                    m.severity = m.severity.min(f.severity);
                    m.note.push('\n');
                    m.note.push_str(&line);
                })
                .or_insert(Mark {
                    severity: f.severity,
                    note: line,
                });
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

/// Formats of the sheets jixiao adds.
struct Styles {
    title: Format,
    header: Format,
    text: Format,
    number: Format,
    percent: Format,
    link: Format,
    total: Format,
    total_number: Format,
    severity: [Format; 3],
}

impl Styles {
    fn new() -> Self {
        let cell = base_format().set_border(FormatBorder::Thin).set_text_wrap();
        let fill = |c: u32| cell.clone().set_background_color(Color::RGB(c));
        Styles {
            title: title_format(),
            header: header_format(),
            text: cell.clone(),
            number: cell.clone().set_num_format("#,##0.00"),
            percent: cell.clone().set_num_format("0.00%"),
            link: cell
                .clone()
                .set_font_color(Color::RGB(0x0563C1))
                .set_underline(rust_xlsxwriter::FormatUnderline::Single),
            total: cell.clone().set_bold(),
            total_number: cell.clone().set_bold().set_num_format("0.00"),
            severity: [fill(ERROR_FILL), fill(WARNING_FILL), fill(LABEL_FILL)],
        }
    }

    fn severity(&self, s: Severity) -> &Format {
        &self.severity[s as usize]
    }
}

/// Column widths from the widest text of each column, in display columns
/// (CJK characters count two; rust_xlsxwriter's autofit under-sizes them).
fn set_widths(ws: &mut Worksheet, widths: &[usize]) -> Result<(), XlsxError> {
    for (col, w) in widths.iter().enumerate() {
        ws.set_column_width(col as u16, (*w as f64 + 2.0).clamp(6.0, 60.0))?;
    }
    Ok(())
}

fn widen(widths: &mut [usize], col: usize, text: &str) {
    if let Some(w) = widths.get_mut(col) {
        *w = (*w).max(text_width(text));
    }
}

/// The 评分表's total and grade, under the table.
fn write_score_total(
    wb: &mut Workbook,
    layout: &Layout,
    card: &Scorecard,
    styles: &Styles,
) -> Result<(), XlsxError> {
    let Some(place) = layout.tables.get(fields::TBL_SCORES.key) else {
        return Ok(());
    };
    let ws = wb.worksheet_from_name(place.sheet)?;
    let t = &fields::TBL_SCORES;
    let col = |id: &str| place.first_col + t.col(id) as u16;
    let first = place.header_row + 2;
    let last = place.header_row + 1 + place.data_rows;
    let row = last + 1;
    let sum = |c: u16, result: Decimal| {
        let l = col_letters(u32::from(c));
        Formula::new(format!("=SUM({l}{first}:{l}{last})")).set_result(fixed(result, 2))
    };
    let d = &card.department;
    ws.write_string_with_format(row, place.first_col, "合计", &styles.total)?;
    ws.write_string_with_format(
        row,
        col("level3"),
        format!("评价框架：{}", d.framework_name),
        &styles.total,
    )?;
    ws.write_formula_with_format(
        row,
        col("points"),
        sum(col("points"), d.total_points),
        &styles.total_number,
    )?;
    ws.write_formula_with_format(
        row,
        col("system_score"),
        sum(col("system_score"), d.total),
        &styles.total_number,
    )?;
    if let Some(s) = d.self_total {
        ws.write_formula_with_format(
            row,
            col("self_score"),
            sum(col("self_score"), s),
            &styles.total_number,
        )?;
    }
    ws.write_string_with_format(row + 1, place.first_col, "等次（系统）", &styles.total)?;
    ws.write_string_with_format(row + 1, col("system_score"), &d.grade, &styles.total)?;
    Ok(())
}

/// 项目计分: each project's execution rate and computed score.
fn write_projects(ws: &mut Worksheet, card: &Scorecard, styles: &Styles) -> Result<(), XlsxError> {
    ws.set_name(PROJECTS_SHEET)?;
    ws.write_string_with_format(0, 0, "项目支出绩效自评计分（系统计算）", &styles.title)?;
    let headers = [
        "项目名称",
        "全年预算数（万元）",
        "全年执行数（万元）",
        "预算执行率",
        "执行率得分（10分）",
        "指标得分",
        "系统总分",
        "自评得分",
        "等次（系统）",
    ];
    let mut widths: Vec<usize> = headers.iter().map(|h| text_width(h)).collect();
    for (c, h) in headers.iter().enumerate() {
        ws.write_string_with_format(2, c as u16, *h, &styles.header)?;
    }
    for (i, p) in card.projects.iter().enumerate() {
        let r = 3 + i as u32;
        let excel_row = r + 1;
        ws.write_string_with_format(r, 0, &p.name, &styles.text)?;
        widen(&mut widths, 0, &p.name);
        write_decimal(ws, r, 1, p.budget_full, &styles.number)?;
        write_decimal(ws, r, 2, p.executed, &styles.number)?;
        let rate = Formula::new(format!(
            "=IF(B{excel_row}>0,C{excel_row}/B{excel_row},\"\")"
        ))
        .set_result(p.execution_rate.map_or(String::new(), |r| {
            (r / Decimal::ONE_HUNDRED).normalize().to_string()
        }));
        ws.write_formula_with_format(r, 3, rate, &styles.percent)?;
        write_decimal(ws, r, 4, Some(p.execution_score), &styles.number)?;
        let indicators = p.total - p.execution_score;
        write_decimal(ws, r, 5, Some(indicators), &styles.number)?;
        ws.write_formula_with_format(
            r,
            6,
            Formula::new(format!("=E{excel_row}+F{excel_row}")).set_result(fixed(p.total, 2)),
            &styles.total_number,
        )?;
        write_decimal(ws, r, 7, p.self_score(), &styles.number)?;
        ws.write_string_with_format(r, 8, &p.grade, &styles.text)?;
    }
    if card.projects.is_empty() {
        ws.write_string(3, 0, "本工作簿没有填写项目支出。")?;
    }
    set_widths(ws, &widths)?;
    ws.set_freeze_panes(3, 1)?;
    print_setup(ws, true);
    Ok(())
}

/// 校验结果: every finding, with a link to its cell.
fn write_findings(
    ws: &mut Worksheet,
    report: &FileReport,
    located: &[Option<Spot>],
    styles: &Styles,
) -> Result<(), XlsxError> {
    ws.set_name(FINDINGS_SHEET)?;
    let c = report.counts();
    ws.write_string_with_format(0, 0, "校验结果", &styles.title)?;
    ws.write_string(
        1,
        0,
        format!(
            "{}：错误 {} 处，警告 {} 处，提示 {} 处。点击“位置”可跳到该单元格；有问题的单元格已标色并附批注。",
            report.status.zh(),
            c.error,
            c.warning,
            c.note
        ),
    )?;
    let headers = [
        "序号",
        "类别",
        "代码",
        "位置",
        "问题",
        "应为",
        "实为",
        "处理建议",
    ];
    let mut widths: Vec<usize> = headers.iter().map(|h| text_width(h)).collect();
    for (col, h) in headers.iter().enumerate() {
        ws.write_string_with_format(3, col as u16, *h, &styles.header)?;
    }
    for (i, (f, spot)) in report.findings.iter().zip(located).enumerate() {
        let r = 4 + i as u32;
        ws.write_number_with_format(r, 0, (i + 1) as f64, &styles.text)?;
        ws.write_string_with_format(r, 1, f.severity.zh(), styles.severity(f.severity))?;
        ws.write_string_with_format(r, 2, f.code.id(), &styles.text)?;
        match spot {
            Some(s) => {
                let shown = format!("{}!{}", s.sheet, a1(s.row, s.col));
                let url = Url::new(format!("internal:'{}'!{}", s.sheet, a1(s.row, s.col)))
                    .set_text(&shown);
                ws.write_url_with_format(r, 3, url, &styles.link)?;
                widen(&mut widths, 3, &shown);
            }
            None => {
                ws.write_string_with_format(r, 3, f.location(), &styles.text)?;
            }
        }
        for (col, text) in [
            (4, Some(f.message.as_str())),
            (5, f.expected.as_deref()),
            (6, f.found.as_deref()),
            (7, f.hint.as_deref()),
        ] {
            // write_string keeps user text that begins with `=` or `@` as text.
            ws.write_string_with_format(r, col, text.unwrap_or(""), &styles.text)?;
            widen(&mut widths, col as usize, text.unwrap_or(""));
        }
        widen(&mut widths, 2, f.code.id());
    }
    widths[4] = widths[4].min(50);
    widths[7] = widths[7].min(40);
    set_widths(ws, &widths)?;
    if !report.findings.is_empty() {
        ws.autofilter(3, 0, 3 + report.findings.len() as u32, 7)?;
    }
    ws.set_freeze_panes(4, 0)?;
    print_setup(ws, true);
    Ok(())
}

/// 图表: the expenditure composition and the score by 一级指标, with their data.
fn write_charts(
    ws: &mut Worksheet,
    dept: &Department,
    card: Option<&Scorecard>,
    styles: &Styles,
) -> Result<(), XlsxError> {
    ws.set_name(CHARTS_SHEET)?;
    ws.write_string_with_format(0, 0, "图表", &styles.title)?;
    let year = dept.int("year").map_or(String::new(), |y| format!("{y}年"));
    let parts = metrics::spending_parts(dept);
    ws.write_string_with_format(2, 0, "支出构成", &styles.header)?;
    ws.write_string_with_format(2, 1, "金额（万元）", &styles.header)?;
    for (i, (name, v)) in parts.iter().enumerate() {
        let r = 3 + i as u32;
        ws.write_string_with_format(r, 0, *name, &styles.text)?;
        write_decimal(ws, r, 1, Some(*v), &styles.number)?;
    }
    if !parts.is_empty() {
        let last = 2 + parts.len() as u32;
        let mut pie = Chart::new(ChartType::Pie);
        pie.add_series()
            .set_categories((CHARTS_SHEET, 3, 0, last, 0))
            .set_values((CHARTS_SHEET, 3, 1, last, 1))
            .set_data_label(
                rust_xlsxwriter::ChartDataLabel::new()
                    .show_percentage()
                    .show_category_name(),
            );
        pie.title().set_name(&format!("{year}支出构成"));
        ws.insert_chart(2, 4, &pie)?;
    }
    let top = 20;
    if let Some(card) = card {
        let levels = &card.department.level1;
        for (c, h) in ["一级指标", "分值", "系统得分"].iter().enumerate() {
            ws.write_string_with_format(top, c as u16, *h, &styles.header)?;
        }
        for (i, l) in levels.iter().enumerate() {
            let r = top + 1 + i as u32;
            ws.write_string_with_format(r, 0, &l.name, &styles.text)?;
            write_decimal(ws, r, 1, Some(l.points), &styles.number)?;
            write_decimal(ws, r, 2, Some(l.score), &styles.number)?;
        }
        if !levels.is_empty() {
            let last = top + levels.len() as u32;
            let mut bar = Chart::new(ChartType::Column);
            for (c, name) in [(1u16, "分值"), (2, "系统得分")] {
                bar.add_series()
                    .set_name(name)
                    .set_categories((CHARTS_SHEET, top + 1, 0, last, 0))
                    .set_values((CHARTS_SHEET, top + 1, c, last, c));
            }
            bar.title().set_name("各一级指标得分");
            ws.insert_chart(top, 4, &bar)?;
        }
    }
    set_widths(ws, &[16, 14, 10])?;
    print_setup(ws, true);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use calamine::Reader as _;
    use std::io::Read as _;

    /// The parts of a list element of styles.xml (`fonts`, `fills`, …), in
    /// order.
    fn items<'a>(xml: &'a str, list: &str, item: &str) -> Vec<&'a str> {
        let Some(start) = xml
            .find(&format!("<{list}"))
            .and_then(|s| xml[s..].find('>').map(|e| s + e + 1))
        else {
            return Vec::new();
        };
        let end = xml[start..]
            .find(&format!("</{list}>"))
            .map_or(xml.len(), |e| start + e);
        xml[start..end]
            .split(&format!("<{item}"))
            .skip(1)
            .map(|p| p.trim_end_matches(&format!("</{item}>")))
            .collect()
    }

    fn attr<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
        let from = tag.find(&format!(" {name}=\""))? + name.len() + 3;
        tag[from..].split('"').next()
    }

    /// Each cell format of styles.xml written out whole (number format,
    /// font, fill and border in place of their ids), by index.
    fn resolved_formats(styles: &str) -> Vec<String> {
        let fonts = items(styles, "fonts", "font");
        let fills = items(styles, "fills", "fill");
        let borders = items(styles, "borders", "border");
        let codes: std::collections::HashMap<&str, &str> = items(styles, "numFmts", "numFmt")
            .iter()
            .filter_map(|n| Some((attr(n, "numFmtId")?, attr(n, "formatCode")?)))
            .collect();
        let pick = |list: &[&str], id: Option<&str>| -> String {
            id.and_then(|i| i.parse::<usize>().ok())
                .and_then(|i| list.get(i))
                .map_or_else(String::new, |s| (*s).to_string())
        };
        items(styles, "cellXfs", "xf")
            .iter()
            .map(|xf| {
                let num = attr(xf, "numFmtId").unwrap_or("0");
                let mut rest = (*xf).to_string();
                for id in ["numFmtId", "fontId", "fillId", "borderId"] {
                    if let Some(v) = attr(xf, id) {
                        rest = rest.replace(&format!(" {id}=\"{v}\""), "");
                    }
                }
                format!(
                    "fmt[{}] font[{}] fill[{}] border[{}] {rest}",
                    codes.get(num).copied().unwrap_or(num),
                    pick(&fonts, attr(xf, "fontId")),
                    pick(&fills, attr(xf, "fillId")),
                    pick(&borders, attr(xf, "borderId")),
                )
            })
            .collect()
    }

    /// Every cell (value, formula and format), every row's options and every
    /// other part but the string table and the styles, of a workbook.
    fn contents(bytes: &[u8]) -> Vec<String> {
        let mut out = Vec::new();
        let mut book = calamine::open_workbook_from_rs::<calamine::Xlsx<_>, _>(
            std::io::Cursor::new(bytes.to_vec()),
        )
        .expect("xlsx");
        for name in book.sheet_names() {
            let values = book.worksheet_range(&name).expect("sheet");
            for (r, c, v) in values.used_cells() {
                out.push(format!("{name}!{r},{c}={v:?}"));
            }
            let formulas = book.worksheet_formula(&name).expect("formulas");
            for (r, c, f) in formulas.used_cells() {
                out.push(format!("{name}!{r},{c}:={f}"));
            }
        }
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("zip");
        let mut styles = String::new();
        zip.by_name("xl/styles.xml")
            .expect("styles")
            .read_to_string(&mut styles)
            .expect("utf-8");
        let formats = resolved_formats(&styles);
        let format_of = |tag: &str| {
            attr(tag, "s")
                .and_then(|i| i.parse::<usize>().ok())
                .and_then(|i| formats.get(i))
                .cloned()
                .unwrap_or_default()
        };
        let names: Vec<String> = (0..zip.len())
            .map(|i| {
                zip.by_index(i)
                    .expect("part")
                    .name()
                    .expect("name")
                    .into_owned()
            })
            .collect();
        for name in names {
            let mut text = String::new();
            zip.by_name(&name)
                .expect("part")
                .read_to_string(&mut text)
                .expect("utf-8");
            if name.starts_with("xl/worksheets/sheet") {
                // Excel repairs (and reports as damaged) a repeated row.
                let rows: Vec<u32> = text
                    .split("<row r=\"")
                    .skip(1)
                    .filter_map(|t| t.split('"').next()?.parse().ok())
                    .collect();
                assert!(
                    rows.windows(2).all(|w| w[0] < w[1]),
                    "{name}: rows {rows:?}"
                );
                for tail in text.split("<row ").skip(1) {
                    let tag = tail.split('>').next().unwrap_or_default();
                    if let Some(r) = attr(&format!(" {tag}"), "r") {
                        let options: Vec<&str> = tag
                            .trim_end_matches('/')
                            .split(' ')
                            .filter(|a| {
                                !a.is_empty()
                                    && !a.starts_with("spans=")
                                    && !a.starts_with("s=")
                                    && !a.starts_with("r=")
                            })
                            .collect();
                        // Rows without options say nothing the cells do not.
                        if !options.is_empty() {
                            out.push(format!(
                                "{name} row {r} {} {}",
                                options.join(" "),
                                format_of(&format!(" {tag}"))
                            ));
                        }
                    }
                }
                for tail in text.split("<c ").skip(1) {
                    let tag = tail.split('>').next().unwrap_or_default();
                    let at = attr(&format!(" {tag}"), "r")
                        .unwrap_or_default()
                        .to_string();
                    out.push(format!(
                        "{name} cell {at} {}",
                        format_of(&format!(" {tag}"))
                    ));
                }
                // Everything around the cells (views, panes, columns, merges,
                // validations, filters, conditional formats, page setup,
                // the notes' drawing) is written the same.
                let around = match (text.find("<sheetData"), text.find("</sheetData>")) {
                    (Some(a), Some(b)) => format!("{}{}", &text[..a], &text[b..]),
                    _ => text.clone(),
                };
                out.push(format!("{name} around\n{around}"));
            } else if name.starts_with("xl/charts/chart") {
                // A streamed sheet's charts cache no values (see
                // `completed_workbook_with`): the rest of a chart is the same.
                out.push(format!("{name}\n{}", without_cached_values(&text)));
            } else if name != "xl/sharedStrings.xml" && name != "xl/styles.xml" {
                // The standard mode's string table, named where parts are listed.
                let text = text
                    .replace("<Override PartName=\"/xl/sharedStrings.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml\"/>", "")
                    .replace("<Relationship Id=\"rId15\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings\" Target=\"sharedStrings.xml\"/>", "");
                out.push(format!("{name}\n{text}"));
            }
        }
        out
    }

    /// A chart part without the copies of its series' values
    /// (`<c:numCache>`, `<c:strCache>`), and so without the kind of
    /// reference (`c:strRef` for text) that only those values tell.
    fn without_cached_values(chart: &str) -> String {
        let mut out = String::with_capacity(chart.len());
        let mut rest = chart;
        loop {
            let next = ["<c:numCache>", "<c:strCache>"]
                .iter()
                .filter_map(|open| Some((rest.find(open)?, open)))
                .min();
            let Some((at, open)) = next else { break };
            let close = open.replace('<', "</");
            out.push_str(&rest[..at]);
            match rest[at..].find(&close) {
                Some(end) => rest = &rest[at + end + close.len()..],
                None => {
                    rest = &rest[at..];
                    break;
                }
            }
        }
        out.push_str(rest);
        out.replace("c:strRef>", "c:numRef>")
    }

    #[test]
    fn the_streamed_workbook_holds_what_the_standard_one_does() {
        let ctx = crate::rules::validate::Context::default();
        let frameworks = Frameworks::builtin_checked();
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("input");
        let mut seen = 0;
        for entry in std::fs::read_dir(dir).expect("input/") {
            let path = entry.expect("entry").path();
            let bytes = std::fs::read(&path).expect("sample");
            let name = path.display().to_string();
            let report = crate::check::check_bytes(
                &name,
                &bytes,
                &ctx,
                &crate::ingest::guard::Limits::default(),
            );
            assert!(
                !report.findings.is_empty(),
                "{name}: the samples keep their mistakes"
            );
            let streamed = completed_workbook_with(&report, &frameworks, true)
                .expect("streamed")
                .expect("a workbook");
            let held = completed_workbook_with(&report, &frameworks, false)
                .expect("held")
                .expect("a workbook");
            // The held workbook's charts cache their values; the streamed
            // one's draw them from the cells.
            let chart = |bytes: &[u8]| {
                let mut text = String::new();
                zip::ZipArchive::new(std::io::Cursor::new(bytes))
                    .expect("zip")
                    .by_name("xl/charts/chart1.xml")
                    .expect("a chart")
                    .read_to_string(&mut text)
                    .expect("utf-8");
                text
            };
            assert!(chart(&held).contains("<c:pt "), "{name}");
            assert!(!chart(&streamed).contains("<c:pt "), "{name}");
            let (a, b) = (contents(&streamed), contents(&held));
            assert!(a.len() > 500, "{name}: {} items", a.len());
            for (x, y) in a.iter().zip(&b) {
                assert_eq!(x, y, "{name}");
            }
            assert_eq!(a.len(), b.len(), "{name}");
            seen += 1;
        }
        assert_eq!(seen, 3);
    }
}
