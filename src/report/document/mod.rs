//! The report as an office document: `report.docx` (Word, in the layout of
//! GB/T 9704 党政机关公文格式) and `report.pdf`, made from the same rendered
//! Markdown as `report.md` so that a finance office's templates decide the
//! wording of every format. The Markdown is rendered once more with
//! `document = true`, which lets templates place the figures
//! (`![图1　…](partials/chart_spending.html)`: an image whose address names
//! the template that draws it as SVG); it is then read into [`Document`]'s
//! blocks, which the writers lay out.

mod blocks;
mod docx;
mod figure;
pub mod fonts;
#[cfg(feature = "pdf")]
mod pdf;

use unicode_width::UnicodeWidthStr;

pub use blocks::{Align, Block, Document, Span, plain};
pub use figure::Figure;
pub use fonts::{Fonts, Role};

/// A report read for a document: its blocks, its figures drawn, what its
/// metadata says.
#[derive(Debug, Clone, PartialEq)]
pub struct Prepared {
    /// The blocks.
    pub document: Document,
    /// Each figure block's drawing, in order (`None` when its template
    /// drew nothing).
    pub figures: Vec<Option<Figure>>,
    /// Title, unit, year, program.
    pub metadata: Metadata,
}

impl Prepared {
    /// Reads `markdown` (the report rendered with `document = true`) and
    /// draws each figure with `draw`, which renders the template a figure
    /// names and gives its HTML. The title is the first heading's when
    /// `metadata` has none.
    pub fn new<E>(
        markdown: &str,
        mut metadata: Metadata,
        fonts: &Fonts,
        mut draw: impl FnMut(&str) -> Result<String, E>,
    ) -> Result<Prepared, E> {
        let document = Document::from_markdown(markdown);
        let mut figures = Vec::new();
        for block in &document.blocks {
            if let Block::Figure { caption, source } = block {
                let html = draw(source)?;
                figures.push(Figure::from_html(caption, &html, fonts));
            }
        }
        if metadata.title.is_empty() {
            metadata.title = document.title().unwrap_or_default();
        }
        Ok(Prepared {
            document,
            figures,
            metadata,
        })
    }

    /// The report as a Word document.
    pub fn docx(&self, fonts: &Fonts) -> Result<Vec<u8>, DocumentError> {
        docx::docx(self, fonts)
    }

    /// The report as a PDF.
    #[cfg(feature = "pdf")]
    pub fn pdf(&self, fonts: &Fonts) -> Result<Vec<u8>, DocumentError> {
        pdf::pdf(self, fonts)
    }
}

/// What a document is made for, written into its metadata (PDF document
/// information, the docx's core properties).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Metadata {
    /// The report's title (the first heading).
    pub title: String,
    /// The unit (单位) whose report it is.
    pub unit: String,
    /// The year evaluated, when the workbook gives it.
    pub year: Option<String>,
    /// The program that made it.
    pub generator: String,
}

/// A document format that could not be made for one workbook.
#[derive(Debug, thiserror::Error)]
pub enum DocumentError {
    /// The typesetting of the PDF failed (a template made something the
    /// typesetter cannot lay out).
    #[error("排版 PDF 失败：{0}")]
    Typeset(String),
    /// No font on this machine (nor in the font folders given) has Chinese
    /// characters, so a PDF would show none.
    #[error(
        "找不到中文字体，无法生成 PDF：请安装中文字体（如 Windows 自带的仿宋、黑体，或 Linux 的 fonts-noto-cjk），或用 --font-dir 指定字体文件夹"
    )]
    NoChineseFont,
    /// The docx package could not be written.
    #[error("写入 Word 文档失败：{0}")]
    Package(String),
}

/// Twips (1/20 point) per millimetre.
const TWIPS_PER_MM: f64 = 1440.0 / 25.4;
/// The text block's width: 156 mm (GB/T 9704).
const TEXT_WIDTH_MM: f64 = 156.0;
/// The text block's width on a landscape page (the block turned: 225 mm).
const LANDSCAPE_WIDTH_MM: f64 = 225.0;

/// How a table is laid out: its font size, its page, its columns.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct TableLayout {
    /// Font size in half-points: 五号 (21) for tables of more than five
    /// columns, else 小四 (24).
    pub(crate) size: u32,
    /// On a landscape page: a table of seven or more columns whose cells
    /// need half as wide again as a portrait page (the 附表 评分表), which
    /// in portrait would squeeze its criteria into a few characters a line.
    pub(crate) landscape: bool,
    /// Each column's width in twips.
    pub(crate) widths: Vec<u32>,
}

impl TableLayout {
    pub(crate) fn of(head: &[Vec<Span>], rows: &[Vec<Vec<Span>>]) -> TableLayout {
        let columns = head.len().max(rows.iter().map(Vec::len).max().unwrap_or(0));
        let size = if columns > 5 { 21 } else { 24 };
        let portrait = TEXT_WIDTH_MM * TWIPS_PER_MM;
        let wanted: f64 = needs(columns, head, rows, size).iter().sum();
        let landscape = columns >= 7 && wanted > 1.5 * portrait;
        let width = if landscape {
            LANDSCAPE_WIDTH_MM
        } else {
            TEXT_WIDTH_MM
        };
        TableLayout {
            size,
            landscape,
            widths: column_widths(columns, head, rows, size, width),
        }
    }
}

/// Which blocks go on landscape pages: each wide table ([`TableLayout`])
/// with the headings just before it (its title stays with it).
pub(crate) fn landscape_blocks(blocks: &[Block]) -> Vec<bool> {
    let mut out = vec![false; blocks.len()];
    for (i, block) in blocks.iter().enumerate() {
        if let Block::Table { head, rows, .. } = block
            && TableLayout::of(head, rows).landscape
        {
            out[i] = true;
            let mut j = i;
            while j > 0 && matches!(blocks[j - 1], Block::Heading { level, .. } if level > 1) {
                j -= 1;
                out[j] = true;
            }
        }
    }
    out
}

/// A cell's two margins: 1 mm each side.
const CELL_MARGIN_MM: f64 = 2.0;

/// A half-width character of a font size (half-points), in twips.
fn half_width(size: u32) -> f64 {
    f64::from(size) * 10.0 / 2.0
}

/// Each column's need in half-width characters: its longest line, a
/// header's counted half (it may take two lines), one character of slack
/// (fonts' digits and punctuation are not all exactly half or whole); at
/// least five, at most forty.
fn need_in_characters(columns: usize, head: &[Vec<Span>], rows: &[Vec<Vec<Span>>]) -> Vec<f64> {
    let width = |cell: &Vec<Span>| {
        plain(cell)
            .split('\n')
            .map(UnicodeWidthStr::width)
            .max()
            .unwrap_or(0)
    };
    (0..columns)
        .map(|i| {
            let header = head.get(i).map_or(0, |c| width(c).div_ceil(2));
            let body = rows
                .iter()
                .filter_map(|r| r.get(i))
                .map(width)
                .max()
                .unwrap_or(0);
            (header.max(body) + 1).clamp(5, 40) as f64
        })
        .collect()
}

/// Each column's need in twips, margins included.
fn needs(columns: usize, head: &[Vec<Span>], rows: &[Vec<Vec<Span>>], size: u32) -> Vec<f64> {
    need_in_characters(columns, head, rows)
        .iter()
        .map(|n| n * half_width(size) + CELL_MARGIN_MM * TWIPS_PER_MM)
        .collect()
}

/// Each column's width in twips, the table filling the text block. Every
/// column first gets what its longest cell needs up to six characters (a
/// header may take two lines, so it counts half), which keeps amounts,
/// scores and short names on one line; what is left goes to the columns
/// that need more, in proportion to how much more (up to forty half-width
/// characters), so 评分标准 gets more than 三级指标.
fn column_widths(
    columns: usize,
    head: &[Vec<Span>],
    rows: &[Vec<Vec<Span>>],
    size: u32,
    width_mm: f64,
) -> Vec<u32> {
    let (unit, margin) = (half_width(size), CELL_MARGIN_MM * TWIPS_PER_MM);
    let total = width_mm * TWIPS_PER_MM;
    let need = need_in_characters(columns, head, rows);
    let full: Vec<f64> = need.iter().map(|n| n * unit + margin).collect();
    let base: Vec<f64> = need.iter().map(|n| n.min(12.0) * unit + margin).collect();
    let extra: Vec<f64> = need.iter().map(|n| (n - n.min(12.0)) * unit).collect();
    let (full_sum, base_sum, extra_sum): (f64, f64, f64) =
        (full.iter().sum(), base.iter().sum(), extra.iter().sum());
    let widths: Vec<f64> = if full_sum <= total || base_sum >= total || extra_sum <= 0.0 {
        // Everything fits (the spare shared in proportion to the need),
        // or too many columns even for their short cells: the width in
        // proportion to the need.
        full.iter().map(|f| f * total / full_sum).collect()
    } else {
        let spare = total - base_sum;
        base.iter()
            .zip(&extra)
            .map(|(b, e)| b + spare * e / extra_sum)
            .collect()
    };
    widths.iter().map(|w| w.round() as u32).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cell(text: &str) -> Vec<Span> {
        vec![Span {
            text: text.into(),
            ..Span::default()
        }]
    }

    #[test]
    fn short_columns_keep_their_width_and_long_ones_share_the_rest() {
        let head = vec![cell("指标"), cell("分值"), cell("评分标准"), cell("说明")];
        let long = "按预算执行率计分，".repeat(20);
        let rows = vec![vec![
            cell("预算执行率"),
            cell("10"),
            cell(&long),
            cell(&long),
        ]];
        let widths = column_widths(4, &head, &rows, 21, TEXT_WIDTH_MM);
        let total = (TEXT_WIDTH_MM * TWIPS_PER_MM).round() as i64;
        assert!((widths.iter().map(|w| i64::from(*w)).sum::<i64>() - total).abs() <= 3);
        // 分值 (its header counts half, 2, and 1 of slack: the least, 5
        // half-width characters) gets 5 × 105 twips and its margin; 指标
        // its 10 and 1; the two long ones 12 each and half the rest.
        let margin = 2.0 * TWIPS_PER_MM;
        assert_eq!(widths[1], (5.0 * 105.0 + margin).round() as u32);
        assert_eq!(widths[0], (11.0 * 105.0 + margin).round() as u32);
        let rest = TEXT_WIDTH_MM * TWIPS_PER_MM - (11.0 + 5.0 + 12.0 + 12.0) * 105.0 - 4.0 * margin;
        let long = (12.0 * 105.0 + margin + rest / 2.0).round() as u32;
        assert_eq!(widths[2..], [long, long], "{widths:?}");
    }

    #[test]
    fn a_wide_table_goes_on_a_landscape_page_with_its_heading() {
        let criteria =
            "以100%为标准，在职人员控制率≤100%，计5分；每超过一个百分点扣0.5分".to_string();
        let head: Vec<Vec<Span>> = [
            "一级",
            "二级",
            "三级",
            "评分标准",
            "分值",
            "计算值",
            "得分",
            "自评",
            "说明",
        ]
        .iter()
        .map(|t| cell(t))
        .collect();
        let row: Vec<Vec<Span>> = [
            "投入",
            "预算配置",
            "财政供养人员控制率",
            &criteria,
            "5.00",
            "100.00%",
            "5.00",
            "5.00",
            &criteria,
        ]
        .iter()
        .map(|t| cell(t))
        .collect();
        let wide = Block::Table {
            align: Vec::new(),
            head: head.clone(),
            rows: vec![row.clone()],
        };
        let narrow = Block::Table {
            align: Vec::new(),
            head: head[..3].to_vec(),
            rows: vec![row[..3].to_vec()],
        };
        let heading = |level| Block::Heading {
            level,
            spans: cell("附表1"),
        };
        let blocks = [
            heading(2),
            heading(3),
            wide.clone(),
            Block::Rule,
            narrow,
            heading(1),
            wide,
        ];
        assert_eq!(
            landscape_blocks(&blocks),
            [true, true, true, false, false, false, true],
            "a title (level 1) stays on its page"
        );
        let layout = TableLayout::of(&head, &[row]);
        assert!(layout.landscape && layout.size == 21);
        let total: u32 = layout.widths.iter().sum();
        assert!((f64::from(total) - LANDSCAPE_WIDTH_MM * TWIPS_PER_MM).abs() < 5.0);
    }

    #[test]
    fn a_table_that_fits_shares_the_spare_width_by_need() {
        let head = vec![cell("项目"), cell("本年预算")];
        let rows = vec![vec![cell("公务用车运行维护费"), cell("4.76")]];
        let widths = column_widths(2, &head, &rows, 24, TEXT_WIDTH_MM);
        // 19 and 5 half-width characters, each with 2 mm of margin,
        // stretched to 156 mm together.
        let (a, b) = (
            19.0 * 120.0 + 2.0 * TWIPS_PER_MM,
            5.0 * 120.0 + 2.0 * TWIPS_PER_MM,
        );
        let scale = TEXT_WIDTH_MM * TWIPS_PER_MM / (a + b);
        assert_eq!(
            widths,
            [(a * scale).round() as u32, (b * scale).round() as u32]
        );
    }
}
