//! How the sheets jixiao writes look: the cell formats and fills of the
//! template (shared by the completed workbook's own sheets and the batch
//! summary), column widths and row heights from display width (CJK
//! characters count two columns), sheet protection and print setup.

use rust_xlsxwriter::{Color, Format, FormatAlign, FormatBorder, ProtectionOptions, Worksheet};
use unicode_width::UnicodeWidthStr;

use crate::contract::fields::{Column, EnteredBy, Kind};
use crate::contract::finding::Severity;
use crate::workbook::layout::Marks;

/// Cell formats of the template, made once per workbook.
pub(crate) struct Styles<'a> {
    /// Cells to fill in a severity's colour (completed workbooks only).
    marks: &'a Marks,
    pub(crate) title: Format,
    pub(crate) note: Format,
    pub(crate) section: Format,
    pub(crate) header: Format,
    pub(crate) label: Format,
    pub(crate) hint: Format,
    pub(crate) locked: Format,
    pub(crate) locked_money: Format,
    input_text: Format,
    input_long: Format,
    input_money: Format,
    input_count: Format,
    input_percent: Format,
    input_points: Format,
    input_date: Format,
    /// Prefilled by the framework or computed: locked, grey, wrapped.
    given_text: Format,
    /// Computed by jixiao (a 计算值): centred, so a figure does not run
    /// into the 分值 beside it.
    computed_text: Format,
    given_points: Format,
    pub(crate) body: Format,
}

/// The number format of points (分值, 得分), the same in every column.
pub(crate) const POINTS_FORMAT: &str = "0.00";

const INPUT_FILL: u32 = 0xFFF8DC;
const HEADER_FILL: u32 = 0xDDEBF7;
/// Grey: labels, locked and computed cells.
pub(crate) const LABEL_FILL: u32 = 0xF2F2F2;
/// Excel's own "bad" and "neutral" cell-style fills.
pub(crate) const ERROR_FILL: u32 = 0xFFC7CE;
pub(crate) const WARNING_FILL: u32 = 0xFFEB9C;

/// The font and alignment of every sheet jixiao writes (the template, the
/// completed workbook's own sheets, the batch summary).
pub(crate) fn base_format() -> Format {
    Format::new()
        .set_font_name("宋体")
        .set_font_size(11)
        .set_align(FormatAlign::VerticalCenter)
}

/// A sheet's title.
pub(crate) fn title_format() -> Format {
    base_format()
        .set_bold()
        .set_font_size(16)
        .set_font_name("黑体")
}

/// A table's header cell.
pub(crate) fn header_format() -> Format {
    base_format()
        .set_border(FormatBorder::Thin)
        .set_bold()
        .set_text_wrap()
        .set_align(FormatAlign::Center)
        .set_background_color(Color::RGB(HEADER_FILL))
}

impl<'a> Styles<'a> {
    pub(crate) fn new(marks: &'a Marks) -> Self {
        let base = base_format();
        let bordered = base.clone().set_border(FormatBorder::Thin);
        let input = bordered
            .clone()
            .set_unlocked()
            .set_background_color(Color::RGB(INPUT_FILL));
        Styles {
            marks,
            title: title_format(),
            note: base
                .clone()
                .set_font_color(Color::RGB(0x595959))
                .set_italic(),
            section: base
                .clone()
                .set_bold()
                .set_font_size(12)
                .set_font_name("黑体"),
            header: header_format(),
            label: bordered
                .clone()
                .set_text_wrap()
                .set_background_color(Color::RGB(LABEL_FILL)),
            hint: bordered
                .clone()
                .set_text_wrap()
                .set_font_color(Color::RGB(0x595959))
                .set_font_size(10),
            locked: bordered
                .clone()
                .set_background_color(Color::RGB(LABEL_FILL)),
            locked_money: bordered
                .clone()
                .set_background_color(Color::RGB(LABEL_FILL))
                .set_num_format("#,##0.00"),
            // Text cells are formatted as text (@): in Excel, “=100%” typed
            // into a General cell becomes a formula and is stored as #NAME?.
            input_text: input.clone().set_text_wrap().set_num_format("@"),
            input_long: input
                .clone()
                .set_text_wrap()
                .set_align(FormatAlign::Top)
                .set_num_format("@"),
            input_money: input.clone().set_num_format("#,##0.00"),
            input_count: input.clone().set_num_format("0"),
            input_percent: input.clone().set_num_format("0.00%"),
            input_points: input
                .clone()
                .set_num_format(POINTS_FORMAT)
                .set_align(FormatAlign::Right),
            input_date: input
                .set_num_format("yyyy-mm-dd")
                .set_align(FormatAlign::Left),
            given_text: bordered
                .clone()
                .set_text_wrap()
                .set_background_color(Color::RGB(LABEL_FILL)),
            computed_text: bordered
                .clone()
                .set_text_wrap()
                .set_align(FormatAlign::Center)
                .set_background_color(Color::RGB(LABEL_FILL)),
            given_points: bordered
                .clone()
                .set_background_color(Color::RGB(LABEL_FILL))
                .set_num_format(POINTS_FORMAT)
                .set_align(FormatAlign::Right),
            body: base.set_text_wrap().set_align(FormatAlign::Top),
        }
    }

    /// The format of a table column's cells: an input, or locked when the
    /// framework or jixiao writes it.
    pub(crate) fn column(&self, c: &Column) -> &Format {
        match (c.by, c.kind) {
            (EnteredBy::Department, kind) => self.input(kind),
            (_, Kind::Points | Kind::Money | Kind::Count | Kind::Percent) => &self.given_points,
            (EnteredBy::System, _) => &self.computed_text,
            _ => &self.given_text,
        }
    }

    /// The fill of a marked cell, if any.
    pub(crate) fn mark(&self, sheet: &str, row: u32, col: u16) -> Option<Color> {
        let mark = self.marks.get(sheet)?.get(&(row, col))?;
        match mark.severity {
            Severity::Error => Some(Color::RGB(ERROR_FILL)),
            Severity::Warning => Some(Color::RGB(WARNING_FILL)),
            Severity::Note => None,
        }
    }

    /// The format of an input cell of a kind.
    pub(crate) fn input(&self, kind: Kind) -> &Format {
        match kind {
            Kind::LongText => &self.input_long,
            Kind::Money => &self.input_money,
            Kind::Count | Kind::Year => &self.input_count,
            Kind::Percent => &self.input_percent,
            Kind::Points => &self.input_points,
            Kind::Date => &self.input_date,
            Kind::Text | Kind::Phone | Kind::Choice(_) | Kind::FrameworkId => &self.input_text,
        }
    }
}

/// Width, in display columns, of the value column of long texts.
pub(crate) const LONG_TEXT_WIDTH: usize = 70;

/// Row height (points) that shows a wrapped text in a column `width` display
/// columns wide: at least four lines, at most Excel's 409.
pub(crate) fn long_text_height(text: &str, width: usize) -> f64 {
    (15.0 * wrapped_lines(text, width).max(4) as f64 + 4.0).min(409.0)
}

/// How many lines `text` wraps to in a column `width` display columns wide,
/// erring on the generous side (CJK fonts in LibreOffice and WPS run wider
/// than Excel's column unit).
pub(crate) fn wrapped_lines(text: &str, width: usize) -> usize {
    let usable = (width * 9 / 10).saturating_sub(1).max(1);
    text.lines()
        .map(|l| UnicodeWidthStr::width(l).div_ceil(usable).max(1))
        .sum()
}

/// The width of a table column, in display columns.
pub(crate) fn column_width(c: &Column) -> usize {
    match c.kind {
        Kind::LongText => 40,
        Kind::Money => 12.max(text_width(c.label).min(14)),
        Kind::Points | Kind::Count | Kind::Percent => 8.max(text_width(c.label).min(10)),
        _ => 14.max(text_width(c.label).min(24)),
    }
}

/// Display width of text as a spreadsheet shows it: CJK characters count two
/// columns (rust_xlsxwriter's autofit under-sizes them).
pub fn text_width(s: &str) -> usize {
    s.lines().map(UnicodeWidthStr::width).max().unwrap_or(0)
}

/// Locks a sheet's locked cells (no password), leaving rows and columns
/// free to format, insert and delete.
pub(crate) fn protect(ws: &mut Worksheet) {
    let options = ProtectionOptions {
        select_locked_cells: true,
        select_unlocked_cells: true,
        format_columns: true,
        format_rows: true,
        insert_rows: true,
        delete_rows: true,
        ..ProtectionOptions::default()
    };
    ws.protect_with_options(&options);
}

/// A4, fit to the page width, the sheet's name as header and page numbers
/// as footer.
pub(crate) fn print_setup(ws: &mut Worksheet, landscape: bool) {
    page_setup(ws, landscape);
    ws.set_print_fit_to_pages(1, 0);
}

/// A4 with the margins, header and footer of every sheet jixiao writes.
fn page_setup(ws: &mut Worksheet, landscape: bool) {
    ws.set_paper_size(9); // A4
    if landscape {
        ws.set_landscape();
    }
    ws.set_margins(0.5, 0.5, 0.6, 0.6, 0.3, 0.3);
    ws.set_header("&C&\"黑体\"&A");
    ws.set_footer("&C第 &P 页，共 &N 页");
    ws.set_print_center_horizontally(true);
}

/// The least scale (percent) a sheet prints at: below it, 11-point text
/// prints under 7 points.
pub(crate) const MIN_PRINT_SCALE: f64 = 60.0;

/// The scale (percent) of a sheet too wide to fit one page's width at
/// [`MIN_PRINT_SCALE`]: it is split across pages instead.
const SPLIT_PRINT_SCALE: u16 = 65;

/// A column's width in points: Excel counts a character of the default
/// font as 7 pixels, adds 5 of padding, at 96 pixels an inch.
pub(crate) fn column_points(chars: f64) -> f64 {
    (chars * 7.0 + 5.0).trunc() * 0.75
}

/// The scale (percent) that fits columns `widths` (characters) to the
/// width of an A4 page with [`page_setup`]'s margins, at most 100.
pub(crate) fn fit_scale(widths: &[f64], landscape: bool) -> f64 {
    let page = if landscape { 841.89 } else { 595.3 };
    let total: f64 = widths.iter().map(|w| column_points(*w)).sum();
    if total <= 0.0 {
        return 100.0;
    }
    (100.0 * (page - 72.0) / total).min(100.0)
}

/// A4 for a sheet whose columns are `widths` characters wide: fit to the
/// page's width when that keeps [`MIN_PRINT_SCALE`]; else printed at 65%
/// across pages, the `key` columns (the name of each row) repeated on
/// each.
pub(crate) fn print_setup_sized(
    ws: &mut Worksheet,
    landscape: bool,
    widths: &[f64],
    key: Option<(u16, u16)>,
) -> Result<(), rust_xlsxwriter::XlsxError> {
    page_setup(ws, landscape);
    if fit_scale(widths, landscape) >= MIN_PRINT_SCALE {
        ws.set_print_fit_to_pages(1, 0);
    } else {
        ws.set_print_scale(SPLIT_PRINT_SCALE);
        // Over, then down: a table's columns follow its first ones.
        ws.set_page_order(false);
        if let Some((first, last)) = key {
            ws.set_repeat_columns(first, last)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A sheet fits the page's width while that keeps 60%; wider, it is
    /// split across pages at 65%.
    #[test]
    fn wide_sheets_are_split_not_shrunk() {
        assert!(fit_scale(&[20.0; 5], true) >= 99.9);
        let wide = [14.0; 18];
        assert!(fit_scale(&wide, true) < MIN_PRINT_SCALE);
        assert!(fit_scale(&[14.0; 9], true) >= MIN_PRINT_SCALE);
    }

    #[test]
    fn cjk_width_counts_two_columns() {
        assert_eq!(text_width("单位名称"), 8);
        assert_eq!(text_width("ab"), 2);
    }
}
