//! `report.docx`: the report as a Word document in the layout of GB/T 9704
//! 党政机关公文格式 — A4 with a 156 × 225 mm text block, the title in
//! 小标宋 二号, body in 仿宋 三号 on a fixed 28-point line, headings 一、
//! in 黑体, （一） in 楷体, 1. in bold 仿宋, page numbers "— 1 —" on the
//! outer side, tables whose header row repeats and whose rows never split,
//! figures as pictures.
//!
//! Written by hand (quick-xml's escaping, the zip crate) rather than with
//! docx-rs: docx-rs 0.4 cannot mark a table's header row to repeat on every
//! page (`w:tblHeader`) nor declare a font's alternative names in the font
//! table (`w:altName`, which is how Word and WPS find 仿宋 on a machine
//! that only has 仿宋_GB2312, or the reverse), both of which this layout
//! needs; and the package it writes is a handful of fixed parts plus the
//! body, which stays short and readable written out.

use std::fmt::Write as _;
use std::io::Write as _;

use super::blocks::{Align, Block, Span, plain};
use super::figure::Figure;
use super::fonts::{Fonts, Role};
use super::{DocumentError, Metadata, Prepared, TWIPS_PER_MM, TableLayout, landscape_blocks};

/// EMU (the unit of a picture's size) per millimetre.
const EMU_PER_MM: f64 = 36_000.0;
/// The widest a figure is drawn: a little inside the text block.
const FIGURE_WIDTH_MM: f64 = 150.0;

/// Font sizes in half-points: 二号 22 pt, 三号 16 pt, 四号 14 pt, 小四 12 pt,
/// 五号 10.5 pt.
const ERHAO: u32 = 44;
const SANHAO: u32 = 32;
const SIHAO: u32 = 28;
const XIAOSI: u32 = 24;
const WUHAO: u32 = 21;

/// The fixed line of body text: 28 points.
const LINE: u32 = 560;

/// The report as a Word document: its blocks, with each figure's picture
/// (`figures`, in the order of the blocks that name one; a figure that
/// cannot be drawn is described in words).
pub(super) fn docx(prepared: &Prepared, fonts: &Fonts) -> Result<Vec<u8>, DocumentError> {
    let Prepared {
        document,
        figures,
        metadata,
    } = prepared;
    let mut body = Body::default();
    let mut figures = figures.iter();
    let mut note = false;
    let landscape = landscape_blocks(&document.blocks);
    let mut turned = false;
    for (block, wide) in document.blocks.iter().zip(landscape) {
        if wide != turned {
            // A section ends where the page turns: its break paragraph
            // carries the section's page.
            let _ = write!(
                body.xml,
                "<w:p><w:pPr><w:pStyle w:val=\"TableAfter\"/>{}</w:pPr></w:p>",
                section(turned)
            );
            turned = wide;
        }
        match block {
            Block::Heading { level, spans } => body.heading(*level, spans),
            Block::Paragraph(spans) => {
                let style = if note { "Note" } else { "BodyText" };
                body.paragraph(style, None, spans);
            }
            Block::Quote(paragraphs) => {
                for spans in paragraphs {
                    body.paragraph("Explanation", None, spans);
                }
            }
            Block::List { ordered, items } => {
                for (i, spans) in items.iter().enumerate() {
                    let mark = ordered.then(|| format!("{}．", i + 1));
                    body.paragraph("BodyText", mark.as_deref(), spans);
                }
            }
            Block::Table { align, head, rows } => body.table(align, head, rows),
            Block::Figure { caption, .. } => {
                let figure = figures.next().cloned().flatten();
                body.figure(caption, figure.as_ref(), fonts);
            }
            Block::Rule => {
                body.rule();
                note = true;
            }
        }
    }
    // The last section's page is the body's own.
    body.last_landscape = turned;
    package(&body, metadata).map_err(|e| DocumentError::Package(e.to_string()))
}

/// The document's body being written, and its pictures.
#[derive(Default)]
struct Body {
    xml: String,
    /// Whether the last section is on landscape pages.
    last_landscape: bool,
    /// Each picture's PNG bytes (`word/media/figureN.png`, relationship
    /// `rIdFigureN`).
    pictures: Vec<Vec<u8>>,
}

impl Body {
    fn heading(&mut self, level: u8, spans: &[Span]) {
        let style = match level {
            1 => "Title",
            2 => "Heading1",
            3 => "Heading2",
            4 => "Heading3",
            _ => "Heading4",
        };
        // A heading's own emphasis is the heading style's.
        let text = plain(spans);
        let _ = write!(
            self.xml,
            "<w:p><w:pPr><w:pStyle w:val=\"{style}\"/></w:pPr>{}</w:p>",
            run(&text, false, false)
        );
    }

    fn paragraph(&mut self, style: &str, mark: Option<&str>, spans: &[Span]) {
        let _ = write!(
            self.xml,
            "<w:p><w:pPr><w:pStyle w:val=\"{style}\"/></w:pPr>"
        );
        if let Some(mark) = mark {
            self.xml.push_str(&run(mark, false, false));
        }
        for span in spans {
            self.xml.push_str(&run(&span.text, span.bold, span.italic));
        }
        self.xml.push_str("</w:p>");
    }

    fn rule(&mut self) {
        self.xml.push_str(
            "<w:p><w:pPr><w:pStyle w:val=\"Note\"/><w:pBdr><w:top w:val=\"single\" w:sz=\"4\" \
             w:space=\"1\" w:color=\"auto\"/></w:pBdr></w:pPr></w:p>",
        );
    }

    fn table(&mut self, align: &[Align], head: &[Vec<Span>], rows: &[Vec<Vec<Span>>]) {
        let layout = TableLayout::of(head, rows);
        if layout.widths.is_empty() {
            return;
        }
        let (size, widths) = (layout.size, layout.widths);
        let _ = write!(
            self.xml,
            "<w:tbl><w:tblPr><w:tblStyle w:val=\"ReportTable\"/><w:tblW w:w=\"{}\" w:type=\"dxa\"/>\
             <w:jc w:val=\"center\"/><w:tblLayout w:type=\"fixed\"/></w:tblPr><w:tblGrid>",
            widths.iter().sum::<u32>()
        );
        for w in &widths {
            let _ = write!(self.xml, "<w:gridCol w:w=\"{w}\"/>");
        }
        self.xml.push_str("</w:tblGrid>");
        // The header row repeats on every page; no row splits across pages.
        self.row(head, &widths, align, size, true);
        for row in rows {
            self.row(row, &widths, align, size, false);
        }
        self.xml.push_str("</w:tbl>");
        // Word needs a paragraph between a table and what follows.
        self.xml
            .push_str("<w:p><w:pPr><w:pStyle w:val=\"TableAfter\"/></w:pPr></w:p>");
    }

    fn row(&mut self, cells: &[Vec<Span>], widths: &[u32], align: &[Align], size: u32, head: bool) {
        self.xml.push_str("<w:tr><w:trPr><w:cantSplit/>");
        if head {
            self.xml.push_str("<w:tblHeader/>");
        }
        self.xml.push_str("</w:trPr>");
        for (i, width) in widths.iter().enumerate() {
            let spans = cells.get(i).map_or(&[][..], Vec::as_slice);
            let jc = match (head, align.get(i).copied().unwrap_or_default()) {
                (true, _) | (false, Align::Center) => "center",
                (false, Align::Right) => "right",
                (false, Align::Left) => "left",
            };
            let _ = write!(
                self.xml,
                "<w:tc><w:tcPr><w:tcW w:w=\"{width}\" w:type=\"dxa\"/><w:vAlign w:val=\"center\"/></w:tcPr>\
                 <w:p><w:pPr><w:pStyle w:val=\"{}\"/><w:jc w:val=\"{jc}\"/></w:pPr>",
                if head { "TableHead" } else { "TableText" }
            );
            for span in spans {
                self.xml
                    .push_str(&sized_run(&span.text, span.bold, span.italic, size));
            }
            self.xml.push_str("</w:p></w:tc>");
        }
        self.xml.push_str("</w:tr>");
    }

    fn figure(&mut self, caption: &str, figure: Option<&Figure>, fonts: &Fonts) {
        match figure.and_then(|f| Some((f, f.png(fonts)?))) {
            Some((figure, (png, width, height))) => {
                self.pictures.push(png);
                let n = self.pictures.len();
                let cx = (FIGURE_WIDTH_MM * EMU_PER_MM).round() as u64;
                let cy = (cx as f64 * f64::from(height) / f64::from(width.max(1))).round() as u64;
                let _ = write!(
                    self.xml,
                    "<w:p><w:pPr><w:pStyle w:val=\"Figure\"/></w:pPr><w:r><w:drawing>\
                     <wp:inline distT=\"0\" distB=\"0\" distL=\"0\" distR=\"0\">\
                     <wp:extent cx=\"{cx}\" cy=\"{cy}\"/><wp:docPr id=\"{n}\" name=\"{name}\" descr=\"{descr}\"/>\
                     <wp:cNvGraphicFramePr><a:graphicFrameLocks noChangeAspect=\"1\"/></wp:cNvGraphicFramePr>\
                     <a:graphic><a:graphicData uri=\"http://schemas.openxmlformats.org/drawingml/2006/picture\">\
                     <pic:pic><pic:nvPicPr><pic:cNvPr id=\"{n}\" name=\"figure{n}.png\" descr=\"{descr}\"/><pic:cNvPicPr/></pic:nvPicPr>\
                     <pic:blipFill><a:blip r:embed=\"rIdFigure{n}\"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill>\
                     <pic:spPr><a:xfrm><a:off x=\"0\" y=\"0\"/><a:ext cx=\"{cx}\" cy=\"{cy}\"/></a:xfrm>\
                     <a:prstGeom prst=\"rect\"><a:avLst/></a:prstGeom></pic:spPr></pic:pic>\
                     </a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p>",
                    name = escape(caption),
                    descr = escape(&figure.description),
                );
            }
            None => {
                // No picture without a Chinese font: what it shows, in words.
                if let Some(figure) = figure {
                    self.paragraph(
                        "Caption",
                        None,
                        &[Span {
                            text: figure.description.clone(),
                            ..Span::default()
                        }],
                    );
                }
            }
        }
        self.paragraph(
            "Caption",
            None,
            &[Span {
                text: caption.to_string(),
                ..Span::default()
            }],
        );
    }
}

/// A run of text: `\n` is a line break.
fn run(text: &str, bold: bool, italic: bool) -> String {
    styled_run(text, bold, italic, None)
}

fn sized_run(text: &str, bold: bool, italic: bool, size: u32) -> String {
    styled_run(text, bold, italic, Some(size))
}

fn styled_run(text: &str, bold: bool, italic: bool, size: Option<u32>) -> String {
    let mut props = String::new();
    if bold {
        props.push_str("<w:b/><w:bCs/>");
    }
    if italic {
        props.push_str("<w:i/><w:iCs/>");
    }
    if let Some(size) = size {
        let _ = write!(props, "<w:sz w:val=\"{size}\"/><w:szCs w:val=\"{size}\"/>");
    }
    let mut out = String::from("<w:r>");
    if !props.is_empty() {
        let _ = write!(out, "<w:rPr>{props}</w:rPr>");
    }
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push_str("<w:br/>");
        }
        if !line.is_empty() {
            let _ = write!(out, "<w:t xml:space=\"preserve\">{}</w:t>", escape(line));
        }
    }
    out.push_str("</w:r>");
    out
}

/// Text escaped for XML, without the characters XML 1.0 cannot hold (a
/// control character pasted into a workbook cell).
fn escape(text: &str) -> String {
    let clean: String = text
        .chars()
        .filter(|c| {
            matches!(c, '\t' | '\n' | '\r') || (*c >= ' ' && *c != '\u{FFFE}' && *c != '\u{FFFF}')
        })
        .collect();
    quick_xml::escape::escape(clean.as_str()).into_owned()
}

const NS: &str = "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\" \
    xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\" \
    xmlns:wp=\"http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing\" \
    xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\" \
    xmlns:pic=\"http://schemas.openxmlformats.org/drawingml/2006/picture\"";

/// The page: A4; margins top 37, bottom 35, left 28, right 26 mm (a 156 ×
/// 225 mm text block); the footer's page number 7 mm below the text block;
/// odd and even pages' footers differ. A landscape page turns the text
/// block (225 × 156 mm) and keeps the footer at its foot.
fn section(landscape: bool) -> String {
    let mm = |v: f64| (v * TWIPS_PER_MM).round() as u32;
    let (w, h, top, right, bottom, left) = if landscape {
        (297.0, 210.0, 28.0, 35.0, 26.0, 37.0)
    } else {
        (210.0, 297.0, 37.0, 26.0, 35.0, 28.0)
    };
    let orient = if landscape {
        " w:orient=\"landscape\""
    } else {
        ""
    };
    format!(
        "<w:sectPr><w:footerReference w:type=\"default\" r:id=\"rIdFooterOdd\"/>\
         <w:footerReference w:type=\"even\" r:id=\"rIdFooterEven\"/>\
         <w:pgSz w:w=\"{}\" w:h=\"{}\"{orient}/>\
         <w:pgMar w:top=\"{}\" w:right=\"{}\" w:bottom=\"{}\" w:left=\"{}\" w:header=\"{}\" w:footer=\"{}\" w:gutter=\"0\"/>\
         <w:pgNumType w:fmt=\"decimal\"/><w:cols w:space=\"425\"/></w:sectPr>",
        mm(w),
        mm(h),
        mm(top),
        mm(right),
        mm(bottom),
        mm(left),
        mm(15.0),
        // The number's line (四号, about 5 mm) sits 7 mm below the text block.
        mm(bottom - 7.0 - 5.0),
    )
}

/// A footer with the page number between em dashes, right-aligned one
/// character in on odd pages, left-aligned on even ones.
fn footer(odd: bool) -> String {
    let (jc, indent) = if odd {
        ("right", "w:right=\"280\"")
    } else {
        ("left", "w:left=\"280\"")
    };
    let font = "<w:rFonts w:ascii=\"宋体\" w:hAnsi=\"宋体\" w:eastAsia=\"宋体\"/>";
    let r = |inner: &str| {
        format!(
            "<w:r><w:rPr>{font}<w:sz w:val=\"{SIHAO}\"/><w:szCs w:val=\"{SIHAO}\"/></w:rPr>{inner}</w:r>"
        )
    };
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:ftr {NS}><w:p><w:pPr>\
         <w:jc w:val=\"{jc}\"/><w:ind {indent}/><w:spacing w:line=\"240\" w:lineRule=\"auto\"/></w:pPr>\
         {}{}{}{}{}{}</w:p></w:ftr>",
        r("<w:t xml:space=\"preserve\">— </w:t>"),
        r("<w:fldChar w:fldCharType=\"begin\"/>"),
        r("<w:instrText xml:space=\"preserve\"> PAGE </w:instrText>"),
        r("<w:fldChar w:fldCharType=\"separate\"/><w:t>1</w:t>"),
        r("<w:fldChar w:fldCharType=\"end\"/>"),
        r("<w:t xml:space=\"preserve\"> —</w:t>"),
    )
}

/// A run-properties font element for a role.
fn fonts_of(role: Role) -> String {
    let name = role.family().word;
    format!(
        "<w:rFonts w:ascii=\"{name}\" w:hAnsi=\"{name}\" w:eastAsia=\"{name}\" w:cs=\"{name}\" w:hint=\"eastAsia\"/>"
    )
}

fn styles() -> String {
    let body = fonts_of(Role::Body);
    let hei = fonts_of(Role::Hei);
    let kai = fonts_of(Role::Kai);
    let title = fonts_of(Role::Title);
    let exact =
        format!("<w:spacing w:before=\"0\" w:after=\"0\" w:line=\"{LINE}\" w:lineRule=\"exact\"/>");
    let indent = "<w:ind w:firstLineChars=\"200\" w:firstLine=\"640\"/>";
    let single = "<w:spacing w:before=\"0\" w:after=\"0\" w:line=\"240\" w:lineRule=\"auto\"/>";
    let para = |id: &str, name: &str, ppr: &str, rpr: &str, extra: &str| {
        format!(
            "<w:style w:type=\"paragraph\" w:customStyle=\"1\" w:styleId=\"{id}\"><w:name w:val=\"{name}\"/>\
             <w:basedOn w:val=\"Normal\"/>{extra}<w:qFormat/><w:pPr>{ppr}</w:pPr><w:rPr>{rpr}</w:rPr></w:style>"
        )
    };
    let heading = |id: &str, name: &str, level: u8, rpr: &str| {
        format!(
            "<w:style w:type=\"paragraph\" w:styleId=\"{id}\"><w:name w:val=\"{name}\"/><w:basedOn w:val=\"Normal\"/>\
             <w:next w:val=\"BodyText\"/><w:qFormat/><w:pPr><w:keepNext/><w:keepLines/>{exact}{indent}\
             <w:outlineLvl w:val=\"{level}\"/></w:pPr><w:rPr>{rpr}<w:sz w:val=\"{SANHAO}\"/><w:szCs w:val=\"{SANHAO}\"/></w:rPr></w:style>"
        )
    };
    let mut out = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:styles {NS}>\
         <w:docDefaults><w:rPrDefault><w:rPr>{body}<w:sz w:val=\"{SANHAO}\"/><w:szCs w:val=\"{SANHAO}\"/>\
         <w:kern w:val=\"2\"/><w:lang w:val=\"en-US\" w:eastAsia=\"zh-CN\" w:bidi=\"ar-SA\"/></w:rPr></w:rPrDefault>\
         <w:pPrDefault><w:pPr>{exact}<w:jc w:val=\"both\"/></w:pPr></w:pPrDefault></w:docDefaults>\
         <w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\"><w:name w:val=\"Normal\"/><w:qFormat/>\
         <w:pPr><w:widowControl w:val=\"0\"/></w:pPr></w:style>\
         <w:style w:type=\"character\" w:default=\"1\" w:styleId=\"DefaultParagraphFont\"><w:name w:val=\"Default Paragraph Font\"/><w:uiPriority w:val=\"1\"/><w:semiHidden/></w:style>\
         <w:style w:type=\"table\" w:default=\"1\" w:styleId=\"TableNormal\"><w:name w:val=\"Normal Table\"/><w:semiHidden/>\
         <w:tblPr><w:tblInd w:w=\"0\" w:type=\"dxa\"/><w:tblCellMar><w:top w:w=\"0\" w:type=\"dxa\"/><w:left w:w=\"108\" w:type=\"dxa\"/>\
         <w:bottom w:w=\"0\" w:type=\"dxa\"/><w:right w:w=\"108\" w:type=\"dxa\"/></w:tblCellMar></w:tblPr></w:style>"
    );
    out.push_str(&format!(
        "<w:style w:type=\"paragraph\" w:styleId=\"Title\"><w:name w:val=\"Title\"/><w:basedOn w:val=\"Normal\"/>\
         <w:next w:val=\"BodyText\"/><w:qFormat/><w:pPr><w:keepNext/><w:spacing w:before=\"0\" w:after=\"{LINE}\" w:line=\"700\" w:lineRule=\"exact\"/>\
         <w:jc w:val=\"center\"/><w:outlineLvl w:val=\"0\"/></w:pPr><w:rPr>{title}<w:sz w:val=\"{ERHAO}\"/><w:szCs w:val=\"{ERHAO}\"/></w:rPr></w:style>"
    ));
    out.push_str(&heading("Heading1", "heading 1", 1, &hei));
    out.push_str(&heading("Heading2", "heading 2", 2, &kai));
    out.push_str(&heading(
        "Heading3",
        "heading 3",
        3,
        &format!("{body}<w:b/><w:bCs/>"),
    ));
    out.push_str(&heading("Heading4", "heading 4", 4, &body));
    out.push_str(&para(
        "BodyText",
        "正文（公文）",
        &format!("{exact}{indent}"),
        "",
        "",
    ));
    out.push_str(&para(
        "Explanation",
        "单位说明",
        &format!("{exact}{indent}"),
        &kai,
        "",
    ));
    out.push_str(&para(
        "Note",
        "注",
        &format!("{single}<w:spacing w:before=\"120\"/>"),
        &format!("<w:sz w:val=\"{XIAOSI}\"/><w:szCs w:val=\"{XIAOSI}\"/>"),
        "",
    ));
    out.push_str(&para(
        "TableText",
        "表格文字",
        &format!("{single}<w:jc w:val=\"left\"/>"),
        "",
        "",
    ));
    out.push_str(&para(
        "TableHead",
        "表头",
        &format!("{single}<w:jc w:val=\"center\"/>"),
        &hei,
        "",
    ));
    out.push_str(&para(
        "TableAfter",
        "表后",
        &format!("{single}<w:spacing w:after=\"120\"/>"),
        &format!("<w:sz w:val=\"{WUHAO}\"/><w:szCs w:val=\"{WUHAO}\"/>"),
        "",
    ));
    out.push_str(&para(
        "Figure",
        "图",
        &format!("{single}<w:keepNext/><w:jc w:val=\"center\"/><w:spacing w:before=\"120\"/>"),
        "",
        "",
    ));
    out.push_str(&para(
        "Caption",
        "图题",
        &format!("{single}<w:jc w:val=\"center\"/><w:spacing w:after=\"240\"/>"),
        &format!("<w:sz w:val=\"{XIAOSI}\"/><w:szCs w:val=\"{XIAOSI}\"/>"),
        "",
    ));
    out.push_str(
        "<w:style w:type=\"table\" w:customStyle=\"1\" w:styleId=\"ReportTable\"><w:name w:val=\"报告表格\"/>\
         <w:basedOn w:val=\"TableNormal\"/><w:tblPr><w:tblBorders>\
         <w:top w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"auto\"/><w:left w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"auto\"/>\
         <w:bottom w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"auto\"/><w:right w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"auto\"/>\
         <w:insideH w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"auto\"/><w:insideV w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"auto\"/>\
         </w:tblBorders><w:tblCellMar><w:top w:w=\"28\" w:type=\"dxa\"/><w:left w:w=\"57\" w:type=\"dxa\"/>\
         <w:bottom w:w=\"28\" w:type=\"dxa\"/><w:right w:w=\"57\" w:type=\"dxa\"/></w:tblCellMar></w:tblPr></w:style>",
    );
    out.push_str("</w:styles>");
    out
}

/// The font table: each family with its other names (`w:altName`, which
/// Word and WPS try when the first is not installed) and its character set
/// (GB2312), so a machine with only 仿宋 shows 仿宋_GB2312 text in it.
fn font_table() -> String {
    let mut out =
        format!("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:fonts {NS}>");
    let entries: [(&str, &str, &str, &str); 5] = [
        ("仿宋_GB2312", "仿宋", "modern", "fixed"),
        ("楷体_GB2312", "楷体", "modern", "fixed"),
        ("黑体", "SimHei", "modern", "fixed"),
        ("方正小标宋简体", "宋体", "script", "default"),
        ("宋体", "SimSun", "auto", "variable"),
    ];
    for (name, alt, family, pitch) in entries {
        let _ = write!(
            out,
            "<w:font w:name=\"{name}\"><w:altName w:val=\"{alt}\"/><w:charset w:val=\"86\"/>\
             <w:family w:val=\"{family}\"/><w:pitch w:val=\"{pitch}\"/></w:font>"
        );
    }
    out.push_str("</w:fonts>");
    out
}

/// Writes the package: the fixed parts, the body, the pictures.
fn package(body: &Body, metadata: &Metadata) -> zip::result::ZipResult<Vec<u8>> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    // No timestamps: the same report gives the same bytes. The lightest
    // compression: the body's XML shrinks almost as much (a few percent
    // larger), in a fifth of the time.
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(1))
        .last_modified_time(zip::DateTime::default());
    let part = |zip: &mut zip::ZipWriter<_>, name: &str, text: &str| {
        zip.start_file(name, options)?;
        zip.write_all(text.as_bytes())?;
        Ok::<(), zip::result::ZipError>(())
    };
    let mut types = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
         <Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">\
         <Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>\
         <Default Extension=\"xml\" ContentType=\"application/xml\"/>\
         <Default Extension=\"png\" ContentType=\"image/png\"/>\
         <Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/>\
         <Override PartName=\"/word/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml\"/>\
         <Override PartName=\"/word/settings.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml\"/>\
         <Override PartName=\"/word/fontTable.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.fontTable+xml\"/>\
         <Override PartName=\"/word/footer1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml\"/>\
         <Override PartName=\"/word/footer2.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml\"/>\
         <Override PartName=\"/docProps/core.xml\" ContentType=\"application/vnd.openxmlformats-package.core-properties+xml\"/>\
         <Override PartName=\"/docProps/app.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.extended-properties+xml\"/>",
    );
    types.push_str("</Types>");
    part(&mut zip, "[Content_Types].xml", &types)?;
    part(
        &mut zip,
        "_rels/.rels",
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
         <Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\
         <Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/>\
         <Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties\" Target=\"docProps/core.xml\"/>\
         <Relationship Id=\"rId3\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties\" Target=\"docProps/app.xml\"/>\
         </Relationships>",
    )?;
    let mut rels = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
         <Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\
         <Relationship Id=\"rIdStyles\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/>\
         <Relationship Id=\"rIdSettings\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings\" Target=\"settings.xml\"/>\
         <Relationship Id=\"rIdFonts\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/fontTable\" Target=\"fontTable.xml\"/>\
         <Relationship Id=\"rIdFooterOdd\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer\" Target=\"footer1.xml\"/>\
         <Relationship Id=\"rIdFooterEven\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer\" Target=\"footer2.xml\"/>",
    );
    for n in 1..=body.pictures.len() {
        let _ = write!(
            rels,
            "<Relationship Id=\"rIdFigure{n}\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/image\" Target=\"media/figure{n}.png\"/>"
        );
    }
    rels.push_str("</Relationships>");
    part(&mut zip, "word/_rels/document.xml.rels", &rels)?;
    let document = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:document {NS}><w:body>{}{}</w:body></w:document>",
        body.xml,
        section(body.last_landscape)
    );
    part(&mut zip, "word/document.xml", &document)?;
    part(&mut zip, "word/styles.xml", &styles())?;
    part(
        &mut zip,
        "word/settings.xml",
        &format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:settings {NS}>\
             <w:zoom w:percent=\"100\"/><w:evenAndOddHeaders/><w:defaultTabStop w:val=\"420\"/>\
             <w:characterSpacingControl w:val=\"compressPunctuation\"/>\
             <w:compat><w:compatSetting w:name=\"compatibilityMode\" w:uri=\"http://schemas.microsoft.com/office/word\" w:val=\"15\"/></w:compat>\
             </w:settings>"
        ),
    )?;
    part(&mut zip, "word/fontTable.xml", &font_table())?;
    part(&mut zip, "word/footer1.xml", &footer(true))?;
    part(&mut zip, "word/footer2.xml", &footer(false))?;
    // A PNG is compressed already: stored as it is.
    let stored = options
        .compression_method(zip::CompressionMethod::Stored)
        .compression_level(None);
    for (i, png) in body.pictures.iter().enumerate() {
        zip.start_file(format!("word/media/figure{}.png", i + 1), stored)?;
        zip.write_all(png)?;
    }
    let keywords = [Some("绩效自评"), metadata.year.as_deref()]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ");
    part(
        &mut zip,
        "docProps/core.xml",
        &format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
             <cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" \
             xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\" \
             xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">\
             <dc:title>{}</dc:title><dc:subject>{}</dc:subject><dc:creator>{}</dc:creator><cp:keywords>{}</cp:keywords>\
             <dc:description>{}</dc:description></cp:coreProperties>",
            escape(&metadata.title),
            escape(&metadata.title),
            escape(&metadata.unit),
            escape(&keywords),
            escape(&metadata.generator),
        ),
    )?;
    part(
        &mut zip,
        "docProps/app.xml",
        &format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
             <Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties\">\
             <Application>{}</Application></Properties>",
            escape(&metadata.generator)
        ),
    )?;
    Ok(zip.finish()?.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_package_with_pictures_holds_them_stored_and_related() {
        let body = Body {
            xml: "<w:p/>".into(),
            last_landscape: false,
            pictures: vec![b"\x89PNG one".to_vec(), b"\x89PNG two".to_vec()],
        };
        let metadata = Metadata {
            title: "标题".into(),
            unit: "单位".into(),
            year: Some("2022".into()),
            generator: "jixiao".into(),
        };
        let bytes = package(&body, &metadata).expect("a package");
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip");
        let picture = zip.by_name("word/media/figure2.png").expect("the picture");
        assert_eq!(picture.compression(), zip::CompressionMethod::Stored);
        drop(picture);
        let mut rels = String::new();
        std::io::Read::read_to_string(
            &mut zip.by_name("word/_rels/document.xml.rels").expect("rels"),
            &mut rels,
        )
        .expect("text");
        assert!(rels.contains("Id=\"rIdFigure2\"") && rels.contains("media/figure2.png"));
    }

    #[test]
    fn control_characters_from_a_cell_are_left_out_of_the_xml() {
        assert_eq!(escape("a\u{1}b<c>&\"d\te"), "ab&lt;c&gt;&amp;&quot;d\te");
    }
}
