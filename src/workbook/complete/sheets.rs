//! The sheets the completed workbook adds to the standard template (项目计分,
//! 校验结果, 修改对比, 图表) and the total row under its 评分表, with their own
//! formats.

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use rust_xlsxwriter::{
    Chart, ChartType, Color, Format, FormatAlign, FormatBorder, Formula, Url, Workbook, Worksheet,
    XlsxError,
};

use crate::check::FileReport;
use crate::contract::cell::{Spot, a1, col_letters};
use crate::contract::fields::{self, ColumnId, col, key};
use crate::contract::finding::Severity;
use crate::contract::number::fixed;
use crate::ingest::model::Department;
use crate::rules::metrics;
use crate::rules::revision::Revision;
use crate::rules::score::Scorecard;
use crate::workbook::cell_text::fit_cell;
use crate::workbook::layout::Layout;
use crate::workbook::styles::{
    ERROR_FILL, LABEL_FILL, POINTS_FORMAT, WARNING_FILL, base_format, column_width, header_format,
    print_setup, print_setup_sized, text_width, title_format, wrapped_lines,
};

/// The name of the sheet listing the findings.
pub const FINDINGS_SHEET: &str = "校验结果";
/// The name of the sheet with each project's computed score.
pub const PROJECTS_SHEET: &str = "项目计分";
/// The name of the sheet with what changed against the version replaced.
pub const REVISION_SHEET: &str = "修改对比";
/// The name of the sheet with the charts and their data.
pub const CHARTS_SHEET: &str = "图表";
/// The label of the 合计 row under the 评分表.
pub(crate) const TOTAL_LABEL: &str = "合计";
/// The label of the system's grade, in the row under the 合计 row.
pub(crate) const GRADE_LABEL: &str = "等次（系统）";

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

/// Formats of the sheets jixiao adds.
pub(crate) struct Styles {
    title: Format,
    header: Format,
    text: Format,
    number: Format,
    percent: Format,
    link: Format,
    total: Format,
    total_centred: Format,
    total_number: Format,
    severity: [Format; 3],
}

impl Styles {
    pub(crate) fn new() -> Self {
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
            total_centred: cell.clone().set_bold().set_align(FormatAlign::Center),
            total_number: cell
                .clone()
                .set_bold()
                .set_num_format(POINTS_FORMAT)
                .set_align(FormatAlign::Right),
            severity: [fill(ERROR_FILL), fill(WARNING_FILL), fill(LABEL_FILL)],
        }
    }

    fn severity(&self, s: Severity) -> &Format {
        &self.severity[s as usize]
    }
}

/// Column widths from the widest text of each column, in display columns
/// (CJK characters count two; rust_xlsxwriter's autofit under-sizes them).
fn set_widths(ws: &mut Worksheet, widths: &[usize]) -> Result<Vec<f64>, XlsxError> {
    let shown: Vec<f64> = widths.iter().map(|w| shown_width(*w) as f64).collect();
    for (col, w) in shown.iter().enumerate() {
        ws.set_column_width(col as u16, *w)?;
    }
    Ok(shown)
}

/// The width a column of `widest` display columns is given by [`set_widths`].
fn shown_width(widest: usize) -> usize {
    (widest + 2).clamp(6, 60)
}

/// The height (points) of a row of `lines` wrapped lines, at most Excel's 409.
pub(crate) fn row_height(lines: usize) -> f64 {
    (15 * lines + 4).min(409) as f64
}

fn widen(widths: &mut [usize], col: usize, text: &str) {
    if let Some(w) = widths.get_mut(col) {
        *w = (*w).max(text_width(text));
    }
}

/// The 评分表's total and grade, under the table.
pub(crate) fn write_score_total(
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
    let col = |id: ColumnId| place.first_col + t.col(id) as u16;
    let first = place.header_row + 2;
    let last = place.header_row + 1 + place.data_rows;
    let row = last + 1;
    let sum = |c: u16, result: Decimal| {
        let l = col_letters(u32::from(c));
        Formula::new(format!("=SUM({l}{first}:{l}{last})")).set_result(fixed(result, 2))
    };
    let Some(d) = &card.department else {
        return Ok(());
    };
    let grade = match &d.grade {
        Some(g) => g.clone(),
        None => format!("{}，不评定", d.standing.zh()),
    };
    // The framework's name wraps in the 三级指标 column (at least as wide
    // as the template makes it).
    let framework_text = format!("评价框架：{}", d.framework_name);
    let level3 = column_width(&t.columns[t.col(col::LEVEL3)]) + 2;
    let lines = wrapped_lines(&framework_text, level3);
    if lines > 1 {
        ws.set_row_height(row, row_height(lines))?;
    }
    // Both rows boxed across the whole table, so no cell stands alone.
    let last_col = place.first_col + place.columns.max(1) as u16 - 1;
    for c in place.first_col..=last_col {
        let total = if c == place.first_col {
            Some(TOTAL_LABEL.to_string())
        } else if c == col(col::LEVEL3) {
            Some(framework_text.clone())
        } else {
            None
        };
        let figure = if c == col(col::POINTS) {
            Some(d.total_points)
        } else if c == col(col::SYSTEM_SCORE) {
            Some(d.total)
        } else if c == col(col::SELF_SCORE) {
            d.self_total
        } else {
            None
        };
        match (total, figure) {
            (Some(text), _) => ws.write_string_with_format(row, c, text, &styles.total)?,
            (None, Some(v)) => {
                ws.write_formula_with_format(row, c, sum(c, v), &styles.total_number)?
            }
            (None, None) => ws.write_blank(row, c, &styles.total)?,
        };
    }
    for c in place.first_col..=last_col {
        if c == place.first_col {
            ws.write_string_with_format(row + 1, c, GRADE_LABEL, &styles.total)?;
        } else if c == col(col::SYSTEM_SCORE) {
            ws.write_string_with_format(row + 1, c, &grade, &styles.total_centred)?;
        } else {
            ws.write_blank(row + 1, c, &styles.total)?;
        }
    }
    Ok(())
}

/// 项目计分: each project's execution rate and computed score.
pub(crate) fn write_projects(
    ws: &mut Worksheet,
    card: &Scorecard,
    styles: &Styles,
) -> Result<(), XlsxError> {
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
        ws.write_string_with_format(r, 0, fit_cell(&p.name).as_ref(), &styles.text)?;
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
        ws.write_string_with_format(r, 8, p.grade_text(), &styles.text)?;
        widen(&mut widths, 8, p.grade_text());
    }
    if card.projects.is_empty() {
        ws.write_string(3, 0, "本工作簿没有填写项目支出。")?;
    }
    let shown = set_widths(ws, &widths)?;
    ws.set_freeze_panes(3, 1)?;
    print_setup_sized(ws, true, &shown, Some((0, 0)))?;
    Ok(())
}

/// 校验结果: every finding, with a link to its cell; `note` (what a
/// converted project workbook could not carry) above the table.
pub(crate) fn write_findings(
    ws: &mut Worksheet,
    report: &FileReport,
    located: &[Option<Spot>],
    styles: &Styles,
    note: Option<&str>,
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
    // The shown cell of each finding, then the columns' widths, so that
    // each row is written with the height its wrapped texts need (a
    // streamed sheet takes a row's height before its cells).
    let shown: Vec<Option<String>> = located
        .iter()
        .map(|spot| {
            spot.as_ref()
                .map(|s| format!("{}!{}", s.sheet, a1(s.row, s.col)))
        })
        .collect();
    let texts = |f: &'_ crate::contract::finding::Finding| {
        [
            (4usize, f.message.clone()),
            (5, f.expected.clone().unwrap_or_default()),
            (6, f.found.clone().unwrap_or_default()),
            (7, f.hint.clone().unwrap_or_default()),
        ]
    };
    let mut widths: Vec<usize> = headers.iter().map(|h| text_width(h)).collect();
    for (f, shown) in report.findings.iter().zip(&shown) {
        match shown {
            Some(s) => widen(&mut widths, 3, s),
            None => widen(&mut widths, 3, &f.location()),
        }
        widen(&mut widths, 2, f.code.id());
        for (col, text) in texts(f) {
            widen(&mut widths, col, &text);
        }
    }
    // Narrow enough that the sheet prints on landscape A4 at a readable
    // scale; longer texts wrap.
    for (col, most) in [(3, 24), (4, 40), (5, 20), (6, 20), (7, 30)] {
        widths[col] = widths[col].min(most);
    }
    // The note across the table, as tall as its lines there.
    if let Some(note) = note {
        let across: usize = widths.iter().map(|w| shown_width(*w)).sum();
        ws.set_row_height(2, row_height(wrapped_lines(note, across)))?;
        ws.merge_range(2, 0, 2, headers.len() as u16 - 1, note, &styles.total)?;
    }
    for (col, h) in headers.iter().enumerate() {
        ws.write_string_with_format(3, col as u16, *h, &styles.header)?;
    }
    for (i, ((f, spot), shown)) in report.findings.iter().zip(located).zip(&shown).enumerate() {
        let r = 4 + i as u32;
        let texts = texts(f);
        let location = f.location();
        let lines = texts
            .iter()
            .map(|(col, t)| wrapped_lines(t, shown_width(widths[*col])))
            .chain(std::iter::once(wrapped_lines(
                shown.as_deref().unwrap_or(&location),
                shown_width(widths[3]),
            )))
            .max()
            .unwrap_or(1);
        if lines > 1 {
            ws.set_row_height(r, row_height(lines))?;
        }
        ws.write_number_with_format(r, 0, (i + 1) as f64, &styles.text)?;
        ws.write_string_with_format(r, 1, f.severity.zh(), styles.severity(f.severity))?;
        ws.write_string_with_format(r, 2, f.code.id(), &styles.text)?;
        match (spot, shown) {
            (Some(s), Some(shown)) => {
                let url = Url::new(format!("internal:'{}'!{}", s.sheet, a1(s.row, s.col)))
                    .set_text(shown);
                ws.write_url_with_format(r, 3, url, &styles.link)?;
            }
            _ => {
                ws.write_string_with_format(r, 3, fit_cell(&location).as_ref(), &styles.text)?;
            }
        }
        for (col, text) in &texts {
            // write_string keeps user text that begins with `=` or `@` as text.
            ws.write_string_with_format(r, *col as u16, fit_cell(text).as_ref(), &styles.text)?;
        }
    }
    // A streamed sheet's last row must not have a height (see end_streamed).
    crate::workbook::template::end_streamed(ws, 4 + report.findings.len() as u32)?;
    let shown = set_widths(ws, &widths)?;
    if !report.findings.is_empty() {
        ws.autofilter(3, 0, 3 + report.findings.len() as u32, 7)?;
    }
    ws.set_freeze_panes(4, 0)?;
    print_setup_sized(ws, true, &shown, Some((0, 0)))?;
    if !report.findings.is_empty() {
        ws.set_active(true);
    }
    Ok(())
}

/// A completed workbook with findings opens on 校验结果: every other
/// sheet unselected (two selected tabs are grouped, and an edit goes to
/// both).
pub(crate) fn open_on_findings(wb: &mut Workbook, report: &FileReport) {
    if report.findings.is_empty() {
        return;
    }
    for ws in wb.worksheets_mut() {
        let findings = ws.name() == FINDINGS_SHEET;
        ws.set_active(findings);
        ws.set_selected(findings);
    }
}

/// The widest (display columns) 修改对比's text columns grow; longer
/// texts wrap.
const REVISION_WIDEST: [(usize, usize); 3] = [(3, 40), (4, 50), (5, 50)];

/// Lines a text takes in a 修改对比 column: one while it is no wider than
/// the column grows, else wrapped at the column's widest.
fn revision_lines(col: usize, text: &str) -> usize {
    match REVISION_WIDEST.iter().find(|(c, _)| *c == col) {
        Some(&(_, most)) if text_width(text) > most => wrapped_lines(text, shown_width(most)),
        _ => 1,
    }
}

/// 修改对比: what this version changed against the version of its
/// submission it replaces — the score and grade before and after, every
/// cell whose value changed (with a link to it), the problems fixed and
/// the new ones.
pub(crate) fn write_revision(
    ws: &mut Worksheet,
    revision: &Revision,
    styles: &Styles,
) -> Result<(), XlsxError> {
    ws.set_name(REVISION_SHEET)?;
    ws.write_string_with_format(0, 0, "与上一版相比", &styles.title)?;
    let previous = match &revision.previous_fill_date {
        Some(d) => format!("{}（填报日期 {d}）", revision.previous),
        None => revision.previous.clone(),
    };
    let or_dash = |s: &Option<String>| s.clone().unwrap_or_else(|| "—".to_string());
    ws.write_string(
        1,
        0,
        fit_cell(&format!(
            "{}。替代 {previous}；修改单元格 {} 个。系统得分 {}（{}）→ {}（{}）。",
            revision.summary_text(),
            revision.cells.len(),
            or_dash(&revision.score_before),
            or_dash(&revision.grade_before),
            or_dash(&revision.score_after),
            or_dash(&revision.grade_after),
        ))
        .as_ref(),
    )?;
    let headers = ["序号", "变化", "位置", "内容", "上一版", "本版"];
    let mut widths: Vec<usize> = headers.iter().map(|h| text_width(h)).collect();
    for (col, h) in headers.iter().enumerate() {
        ws.write_string_with_format(3, col as u16, *h, &styles.header)?;
    }
    let mut r = 4u32;
    for c in &revision.cells {
        ws.write_number_with_format(r, 0, f64::from(r - 3), &styles.text)?;
        ws.write_string_with_format(r, 1, "修改", &styles.text)?;
        let shown = format!("{}!{}", c.sheet, c.cell);
        let url = Url::new(format!("internal:'{}'!{}", c.sheet, c.cell)).set_text(&shown);
        ws.write_url_with_format(r, 2, url, &styles.link)?;
        widen(&mut widths, 2, &shown);
        for (col, text) in [(3, &c.label), (4, &c.before), (5, &c.after)] {
            ws.write_string_with_format(r, col, fit_cell(text).as_ref(), &styles.text)?;
            widen(&mut widths, col as usize, text);
        }
        let lines = [(3, &c.label), (4, &c.before), (5, &c.after)]
            .iter()
            .map(|(col, t)| revision_lines(*col, t))
            .max()
            .unwrap_or(1);
        if lines > 1 {
            ws.set_row_height(r, row_height(lines))?;
        }
        r += 1;
    }
    for (word, list, severity) in [
        ("已改正", &revision.fixed, Severity::Note),
        ("新增问题", &revision.new, Severity::Error),
    ] {
        for f in list {
            ws.write_number_with_format(r, 0, f64::from(r - 3), &styles.text)?;
            ws.write_string_with_format(r, 1, word, styles.severity(severity))?;
            ws.write_string_with_format(r, 2, fit_cell(&f.at).as_ref(), &styles.text)?;
            let what = format!("{} {}", f.severity, f.rule);
            ws.write_string_with_format(r, 3, &what, &styles.text)?;
            ws.write_string_with_format(r, 4, fit_cell(&f.message).as_ref(), &styles.text)?;
            widen(&mut widths, 3, &what);
            widen(&mut widths, 4, &f.message);
            let lines = revision_lines(3, &what).max(revision_lines(4, &f.message));
            if lines > 1 {
                ws.set_row_height(r, row_height(lines))?;
            }
            r += 1;
        }
    }
    if r == 4 {
        ws.write_string(4, 0, "与上一版相比，没有单元格修改，问题也没有变化。")?;
    } else {
        // A streamed sheet's last row must not have a height (end_streamed).
        crate::workbook::template::end_streamed(ws, r)?;
    }
    for (col, most) in REVISION_WIDEST {
        widths[col] = widths[col].min(most);
    }
    let shown = set_widths(ws, &widths)?;
    if r > 4 {
        ws.autofilter(3, 0, r - 1, 5)?;
    }
    ws.set_freeze_panes(4, 0)?;
    print_setup_sized(ws, true, &shown, Some((0, 0)))?;
    Ok(())
}

/// 图表: the expenditure composition and the score by 一级指标, with their data.
pub(crate) fn write_charts(
    ws: &mut Worksheet,
    dept: &Department,
    card: Option<&Scorecard>,
    styles: &Styles,
) -> Result<(), XlsxError> {
    ws.set_name(CHARTS_SHEET)?;
    ws.write_string_with_format(0, 0, "图表", &styles.title)?;
    let year = dept
        .int(key::YEAR)
        .map_or(String::new(), |y| format!("{y}年"));
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
    if let Some(department) = card.and_then(|c| c.department.as_ref()) {
        let levels = &department.level1;
        for (c, h) in ["一级指标", "分值", "系统得分"].iter().enumerate() {
            ws.write_string_with_format(top, c as u16, *h, &styles.header)?;
        }
        for (i, l) in levels.iter().enumerate() {
            let r = top + 1 + i as u32;
            ws.write_string_with_format(r, 0, fit_cell(&l.name).as_ref(), &styles.text)?;
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
    let _ = set_widths(ws, &[16, 14, 10])?;
    print_setup(ws, true);
    Ok(())
}
