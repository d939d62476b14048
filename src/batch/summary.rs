//! The batch summary in the output folder: `index.html` (from the
//! overridable `summary.html` template), `summary.xlsx` and `summary.json`
//! (schema `jixiao-summary/1`, documented in `docs/batch.md`). All three
//! show the same rows: every workbook with its status, score, grade, finding
//! counts and links, the grade distribution, and who has not submitted.

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use rust_xlsxwriter::{
    Color, ConditionalFormatCell, ConditionalFormatCellRule, ConditionalFormatDataBar, Format,
    FormatBorder, Formula, Workbook, XlsxError,
};
use serde::Serialize;
use std::io::Write as _;

use crate::batch::entry::{BatchStatus, Entry, Removed, RunError, RunOptions, RunResult};
use crate::output::{self, OutputError};
use crate::report::render::Templates;
use crate::rules::framework::Frameworks;
use crate::workbook::styles::{base_format, header_format, text_width};

pub(crate) const SUMMARY_SCHEMA: &str = "jixiao-summary/1";
/// The batch summary page (汇总), in the output folder.
pub const INDEX_HTML: &str = "index.html";
pub(crate) const SUMMARY_XLSX: &str = "summary.xlsx";
pub(crate) const SUMMARY_JSON: &str = "summary.json";
/// The template of `index.html`.
pub(crate) const SUMMARY_TEMPLATE: &str = "summary.html";

/// The summary's data: the JSON document and the page template's view.
/// The units are not held as rows: they are made one at a time from the
/// run's entries as they are written, so memory does not grow with them.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct SummaryView {
    pub schema: &'static str,
    pub generator: String,
    /// Local time of the run, `2026-11-30 14:05`.
    pub generated: String,
    pub input: String,
    pub output: String,
    pub counts: SummaryCounts,
    pub grades: Vec<GradeCount>,
    pub units: Units,
    pub units_count: usize,
    /// Roster units without a workbook (未报送); empty without a roster.
    pub missing: Vec<String>,
    /// How many units the roster lists, when one was given.
    pub roster_size: Option<usize>,
    /// Inputs deleted since the last run; their outputs were removed.
    pub removed: Vec<Removed>,
    /// In the page template only: where the rows go (`{{ rows | safe }}`);
    /// each row is `partials/summary_row.html` with the unit as `u`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rows: Option<&'static str>,
}

/// The units of a summary, in the manifest's order (unit, year, input),
/// read from the manifest as they are serialised.
#[derive(Debug, Clone)]
pub(crate) struct Units {
    manifest: Option<std::path::PathBuf>,
}

impl Units {
    fn rows(&self) -> std::io::Result<impl Iterator<Item = std::io::Result<UnitRow>>> {
        let entries = match &self.manifest {
            Some(m) => Some(crate::batch::ledger::read_entries(m)?),
            None => None,
        };
        Ok(entries.into_iter().flatten().map(|e| e.map(|e| row(&e))))
    }
}

impl Serialize for Units {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::{Error as _, SerializeSeq as _};
        let mut seq = s.serialize_seq(None)?;
        for r in self.rows().map_err(S::Error::custom)? {
            seq.serialize_element(&r.map_err(S::Error::custom)?)?;
        }
        seq.end()
    }
}

/// The template of one row of `index.html`.
pub(crate) const ROW_TEMPLATE: &str = "partials/summary_row.html";
const ROWS_MARKER: &str = "<!--jixiao:summary-rows-->";

#[derive(Serialize)]
struct RowContext {
    u: UnitRow,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct SummaryCounts {
    /// Workbooks found.
    pub total: usize,
    pub passed: usize,
    pub failed: usize,
    pub unreadable: usize,
    pub superseded: usize,
    /// Processed in this run / skipped as unchanged.
    pub processed: usize,
    pub skipped: usize,
    pub seconds: String,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct GradeCount {
    pub grade: String,
    pub count: usize,
}

/// One workbook in the summary.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct UnitRow {
    pub unit: Option<String>,
    pub year: Option<i64>,
    /// `passed`, `failed`, `unreadable` or `superseded`.
    pub status: &'static str,
    /// 通过 / 未通过校验 / 无法读取 / 已被替代.
    pub status_zh: &'static str,
    pub score: Option<Decimal>,
    pub grade: Option<String>,
    /// 不完整 or 未自评 when the total got no grade.
    pub standing: Option<&'static str>,
    pub errors: usize,
    pub warnings: usize,
    pub notes: usize,
    pub fill_date: Option<String>,
    /// The input file, relative to the input folder.
    pub input: String,
    /// The output folder, relative to the output folder.
    pub folder: String,
    /// Links relative to the output folder (URL-encoded), when written.
    pub report: Option<String>,
    pub public_report: Option<String>,
    pub workbook: Option<String>,
    pub diagnostics: Option<String>,
    pub superseded_by: Option<String>,
    pub first_error: Option<String>,
    pub output_error: Option<String>,
}

/// Writes the three summary files into the output folder.
pub(crate) fn write(result: &RunResult, opts: &RunOptions) -> Result<(), RunError> {
    let view = view(result, opts);
    let page_view = SummaryView {
        units: Units { manifest: None },
        rows: Some(ROWS_MARKER),
        ..view.clone()
    };
    let failed = |source| OutputError::Template {
        file: SUMMARY_TEMPLATE.to_string(),
        source,
    };
    let page = opts
        .templates
        .render(SUMMARY_TEMPLATE, &page_view)
        .map_err(failed)?;
    // The page and the JSON on one worker, the workbook on another: each
    // reads the manifest on its own, and the batch waits for the slower.
    let (pages, xlsx) = rayon::join(
        || write_page_and_json(&view, &page, opts),
        || -> Result<(), RunError> {
            let mut xlsx = workbook(&view, &result.manifest)?;
            // Saved straight into its file: a batch's summary is not held
            // in memory.
            output::fs::write_atomic_with(&opts.output.join(SUMMARY_XLSX), |w| {
                xlsx.save_to_writer(w).map_err(std::io::Error::other)
            })?;
            Ok(())
        },
    );
    pages.and(xlsx)
}

/// `index.html`, streamed row by row into `page` at its marker, and
/// `summary.json`.
fn write_page_and_json(view: &SummaryView, page: &str, opts: &RunOptions) -> Result<(), RunError> {
    output::fs::write_atomic_with(&opts.output.join(INDEX_HTML), |w| {
        let Some((head, tail)) = page.split_once(ROWS_MARKER) else {
            return w.write_all(page.as_bytes());
        };
        w.write_all(head.as_bytes())?;
        for u in view.units.rows()? {
            let u = u?;
            let context = Templates::context(ROW_TEMPLATE, &RowContext { u })
                .map_err(std::io::Error::other)?;
            opts.templates
                .render_context_to(ROW_TEMPLATE, &context, &mut *w)
                .map_err(std::io::Error::other)?;
        }
        w.write_all(tail.as_bytes())
    })?;
    output::fs::write_atomic_with(&opts.output.join(SUMMARY_JSON), |w| {
        serde_json::to_writer_pretty(w, view).map_err(std::io::Error::other)
    })?;
    Ok(())
}

/// Percent-encodes a relative link's ASCII specials (non-ASCII stays: every
/// browser reads UTF-8 links).
fn href(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for ch in path.chars() {
        match ch {
            'a'..='z' | 'A'..='Z' | '0'..='9' | '-' | '_' | '.' | '~' | '/' => out.push(ch),
            c if !c.is_ascii() => out.push(c),
            c => out.push_str(&format!("%{:02X}", c as u32)),
        }
    }
    out
}

fn row(e: &Entry) -> UnitRow {
    let link = |name: &str| {
        e.files
            .iter()
            .any(|f| f == name)
            .then(|| href(&format!("{}/{name}", e.folder)))
    };
    UnitRow {
        unit: e.unit.clone(),
        year: e.year,
        status: e.status_code(),
        status_zh: e.status_zh(),
        score: e.score,
        grade: e.grade.clone(),
        standing: e.standing_zh(),
        errors: e.counts.error,
        warnings: e.counts.warning,
        notes: e.counts.note,
        fill_date: e.fill_date.clone(),
        input: e.input.clone(),
        folder: e.folder.clone(),
        report: link(crate::report::render::REPORT_HTML),
        public_report: link(output::REPORT_PUBLIC_HTML),
        workbook: link(output::COMPLETED),
        diagnostics: link(output::DIAGNOSTICS),
        superseded_by: e.superseded_by.clone(),
        first_error: e.first_error.clone(),
        output_error: e.output_error.clone(),
    }
}

/// `0.04`, `5.3`, `49`: seconds as a reader wants them.
pub fn seconds(d: std::time::Duration) -> String {
    let s = d.as_secs_f64();
    match s {
        s if s < 1.0 => format!("{s:.2}"),
        s if s < 100.0 => format!("{s:.1}"),
        s => format!("{s:.0}"),
    }
}

/// The grades of the run's frameworks, best first: every framework's top
/// band, then every framework's second band, and so on (so 优 and 优秀 come
/// before 良 and 良好), each label once.
fn grade_order(frameworks: &Frameworks) -> Vec<String> {
    let bands: Vec<Vec<String>> = frameworks
        .ids()
        .iter()
        .filter_map(|id| frameworks.get(id))
        .map(|f| f.grades.iter().map(|g| g.label.clone()).collect())
        .collect();
    let deepest = bands.iter().map(Vec::len).max().unwrap_or(0);
    let mut order: Vec<String> = Vec::new();
    for rank in 0..deepest {
        for label in bands.iter().filter_map(|b| b.get(rank)) {
            if !order.contains(label) {
                order.push(label.clone());
            }
        }
    }
    order
}

/// The summary view of a run.
pub(crate) fn view(result: &RunResult, opts: &RunOptions) -> SummaryView {
    use crate::batch::entry::BatchStatus::{Failed, Passed, Superseded, Unreadable};
    let order = grade_order(&opts.settings.scoring);
    let mut grades: Vec<GradeCount> = result
        .grades
        .iter()
        .map(|(grade, count)| GradeCount {
            grade: grade.clone(),
            count: *count,
        })
        .collect();
    grades.sort_by_key(|g| {
        order
            .iter()
            .position(|o| *o == g.grade)
            .unwrap_or(order.len())
    });
    SummaryView {
        schema: SUMMARY_SCHEMA,
        generator: format!("jixiao {}", env!("CARGO_PKG_VERSION")),
        generated: chrono::Local::now().format("%Y-%m-%d %H:%M").to_string(),
        input: opts.input.display().to_string(),
        output: opts.output.display().to_string(),
        counts: SummaryCounts {
            total: result.total,
            passed: result.count(Passed),
            failed: result.count(Failed),
            unreadable: result.count(Unreadable),
            superseded: result.count(Superseded),
            processed: result.processed,
            skipped: result.skipped,
            seconds: seconds(result.elapsed),
        },
        grades,
        units_count: result.total,
        units: Units {
            manifest: Some(result.manifest.clone()),
        },
        missing: result.missing.clone(),
        roster_size: result.roster_size,
        removed: result.removed.clone(),
        rows: None,
    }
}

/// Writes text and widens its column to fit (CJK characters count two).
fn put_text(
    ws: &mut rust_xlsxwriter::Worksheet,
    r: u32,
    c: u16,
    s: &str,
    fmt: &Format,
    widths: &mut [usize],
) -> Result<(), XlsxError> {
    ws.write_string_with_format(r, c, s, fmt)?;
    if let Some(w) = widths.get_mut(c as usize) {
        *w = (*w).max(text_width(s).min(60));
    }
    Ok(())
}

/// `summary.xlsx`: the same rows, filterable, with the status coloured.
fn workbook(view: &SummaryView, manifest: &std::path::Path) -> Result<Workbook, OutputError> {
    let failed = |source| OutputError::Workbook {
        file: SUMMARY_XLSX.to_string(),
        source,
    };
    let unread = |source| OutputError::Io {
        path: manifest.display().to_string(),
        source,
    };
    let mut rows = view.units.rows().map_err(unread)?;
    let mut unreadable = None;
    let xlsx = sheets(view, &mut || match rows.next() {
        Some(Ok(r)) => Some(r),
        Some(Err(e)) => {
            unreadable = Some(e);
            None
        }
        None => None,
    })
    .map_err(failed)?;
    match unreadable {
        Some(e) => Err(unread(e)),
        None => Ok(xlsx),
    }
}

fn sheets(
    view: &SummaryView,
    next_row: &mut dyn FnMut() -> Option<UnitRow>,
) -> Result<Workbook, XlsxError> {
    let mut wb = Workbook::new();
    let base = base_format().set_border(FormatBorder::Thin);
    let header = header_format();
    let score_fmt = base.clone().set_num_format("0.00");
    let link_fmt = base
        .clone()
        .set_font_color(Color::RGB(0x0563C1))
        .set_underline(rust_xlsxwriter::FormatUnderline::Single);
    // Rows are written in order and streamed to a temporary file: memory
    // stays flat however many workbooks the batch has.
    let ws = wb.add_worksheet_with_constant_memory()?;
    ws.set_name("汇总")?;
    let headers = [
        "序号",
        "单位名称",
        "年度",
        "状态",
        "系统得分",
        "等次",
        "错误",
        "警告",
        "提示",
        "填报日期",
        "输入文件",
        "报告",
        "第一个错误",
    ];
    let mut widths: Vec<usize> = headers.iter().map(|h| text_width(h)).collect();
    for (c, h) in headers.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, *h, &header)?;
    }
    let mut i = 0usize;
    while let Some(u) = next_row() {
        let r = 1 + i as u32;
        i += 1;
        ws.write_number_with_format(r, 0, i as f64, &base)?;
        put_text(
            ws,
            r,
            1,
            u.unit.as_deref().unwrap_or(""),
            &base,
            &mut widths,
        )?;
        match u.year {
            Some(y) => ws.write_number_with_format(r, 2, y as f64, &base)?,
            None => ws.write_blank(r, 2, &base)?,
        };
        put_text(ws, r, 3, u.status_zh, &base, &mut widths)?;
        match u.score.and_then(|s| s.to_f64()) {
            Some(s) => ws.write_number_with_format(r, 4, s, &score_fmt)?,
            None => ws.write_blank(r, 4, &score_fmt)?,
        };
        put_text(
            ws,
            r,
            5,
            u.grade.as_deref().or(u.standing).unwrap_or(""),
            &base,
            &mut widths,
        )?;
        for (c, n) in [(6u16, u.errors), (7, u.warnings), (8, u.notes)] {
            ws.write_number_with_format(r, c, n as f64, &base)?;
        }
        put_text(
            ws,
            r,
            9,
            u.fill_date.as_deref().unwrap_or(""),
            &base,
            &mut widths,
        )?;
        put_text(ws, r, 10, &u.input, &base, &mut widths)?;
        if u.report.is_some() {
            // A HYPERLINK formula, not a hyperlink record: it is streamed
            // with its row (10,000 hyperlink records are held in memory
            // until the file is saved). Folder names carry no quote
            // (sanitised), so the path goes in as it is, not URL-encoded.
            let formula = Formula::new(format!(
                "=HYPERLINK(\"{}/{}\",\"{}\")",
                u.folder,
                crate::report::render::REPORT_HTML,
                u.folder
            ))
            .set_result(&u.folder);
            ws.write_formula_with_format(r, 11, formula, &link_fmt)?;
            widths[11] = widths[11].max(text_width(&u.folder).min(60));
        } else {
            put_text(ws, r, 11, &u.folder, &base, &mut widths)?;
        }
        let note = u
            .output_error
            .as_deref()
            .or(u.first_error.as_deref())
            .unwrap_or("");
        put_text(ws, r, 12, note, &base, &mut widths)?;
    }
    let last = view.units_count as u32;
    if last > 0 {
        ws.autofilter(0, 0, last, (headers.len() - 1) as u16)?;
        for (status, fill) in [
            (BatchStatus::Passed, 0xC6EFCE),
            (BatchStatus::Failed, 0xFFC7CE),
            (BatchStatus::Unreadable, 0xFFC7CE),
            (BatchStatus::Superseded, 0xEDEDED),
        ] {
            let word = status.names().1;
            ws.add_conditional_format(
                1,
                3,
                last,
                3,
                &ConditionalFormatCell::new()
                    .set_rule(ConditionalFormatCellRule::EqualTo(
                        format!("\"{word}\"").as_str(),
                    ))
                    .set_format(Format::new().set_background_color(Color::RGB(fill))),
            )?;
        }
        ws.add_conditional_format(
            1,
            6,
            last,
            6,
            &ConditionalFormatCell::new()
                .set_rule(ConditionalFormatCellRule::GreaterThan(0))
                .set_format(
                    Format::new()
                        .set_font_color(Color::RGB(0x9C0006))
                        .set_bold(),
                ),
        )?;
        ws.add_conditional_format(1, 4, last, 4, &ConditionalFormatDataBar::new())?;
    }
    for (c, w) in widths.iter().enumerate() {
        ws.set_column_width(c as u16, (*w as f64 + 2.0).min(62.0))?;
    }
    ws.set_freeze_panes(1, 2)?;
    ws.set_paper_size(9);
    ws.set_landscape();
    ws.set_print_fit_to_pages(1, 0);
    ws.set_repeat_rows(0, 0)?;

    let ws = wb.add_worksheet();
    ws.set_name("等次分布")?;
    ws.write_string_with_format(0, 0, "等次", &header)?;
    ws.write_string_with_format(0, 1, "单位数", &header)?;
    for (i, g) in view.grades.iter().enumerate() {
        ws.write_string_with_format(1 + i as u32, 0, &g.grade, &base)?;
        ws.write_number_with_format(1 + i as u32, 1, g.count as f64, &base)?;
    }
    ws.set_column_width(0, 12)?;
    ws.set_column_width(1, 10)?;

    if view.roster_size.is_some() {
        let ws = wb.add_worksheet();
        ws.set_name("未报送")?;
        ws.write_string_with_format(0, 0, "序号", &header)?;
        ws.write_string_with_format(0, 1, "单位名称", &header)?;
        let mut w = 10;
        for (i, u) in view.missing.iter().enumerate() {
            ws.write_number_with_format(1 + i as u32, 0, (i + 1) as f64, &base)?;
            ws.write_string_with_format(1 + i as u32, 1, u, &base)?;
            w = w.max(text_width(u));
        }
        ws.set_column_width(1, (w as f64 + 2.0).min(62.0))?;
    }
    Ok(wb)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grades_are_ordered_by_band_across_the_frameworks() {
        let order = grade_order(&Frameworks::builtin_checked());
        assert_eq!(
            order,
            ["优", "优秀", "良", "良好", "中", "合格", "差", "不合格"]
        );
    }

    #[test]
    fn links_encode_ascii_specials_only() {
        assert_eq!(href("君山 局#1/report.html"), "君山%20局%231/report.html");
        assert_eq!(href("a%b/c.html"), "a%25b/c.html");
    }
}
