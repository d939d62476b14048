//! `report.pdf`: the report typeset by Typst, used as a library (no program
//! runs beside jixiao), in the same 公文 layout as the Word document: A4,
//! a 156 × 225 mm text block, 仿宋 三号 on 28-point lines, headings in 黑体
//! and 楷体, page numbers "— 1 —" on the outer side, tables whose header
//! repeats and whose rows never split. Typst embeds each font as a subset,
//! so the text is searchable and copyable and looks the same everywhere;
//! headings become the PDF's bookmarks, and the title, unit and year its
//! document information.

use std::fmt::Write as _;
use std::sync::Arc;

use typst::diag::{FileError, FileResult, SourceDiagnostic};
use typst::foundations::{Bytes, Datetime, Smart};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook, FontInfo};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};
use typst_kit::fonts::{FontPath, FontStore};
use typst_layout::PagedDocument;

use super::blocks::{Align, Block, Span, plain};
use super::fonts::{Fonts, Role};
use super::{DocumentError, Prepared, TableLayout, landscape_blocks};

/// The report as a PDF: its blocks typeset, each figure drawn from its SVG.
pub(super) fn pdf(prepared: &Prepared, fonts: &Fonts) -> Result<Vec<u8>, DocumentError> {
    if !fonts.has_chinese() {
        return Err(DocumentError::NoChineseFont);
    }
    let metadata = &prepared.metadata;
    let markup = markup(prepared, fonts);
    let world = ReportWorld::new(markup, store(fonts));
    let compiled = typst::compile::<PagedDocument>(&world).output;
    // Typst remembers what it computed, for the next compilation of the
    // same document; a batch typesets every report once, so what it
    // remembers is let go straight away.
    typst::comemo::evict(0);
    let paged = compiled.map_err(|errors| typeset_error(errors.as_slice()))?;
    let options = typst_pdf::PdfOptions {
        creator: Smart::Custom(Some(metadata.generator.clone())),
        ..typst_pdf::PdfOptions::default()
    };
    typst_pdf::pdf(&paged, &options).map_err(|errors| typeset_error(errors.as_slice()))
}

fn typeset_error(errors: &[SourceDiagnostic]) -> DocumentError {
    DocumentError::Typeset(
        errors
            .iter()
            .map(|e| e.message.to_string())
            .collect::<Vec<_>>()
            .join("；"),
    )
}

/// Typst's view of the fonts found here, made once per run.
fn store(fonts: &Fonts) -> Arc<FontStore> {
    let found = fonts.found();
    let store = found.typst.get_or_init(|| {
        let database = &found.database;
        let mut store = FontStore::new();
        for face in database.faces() {
            let path = match &face.source {
                fontdb::Source::File(path) | fontdb::Source::SharedFile(path, _) => path.clone(),
                fontdb::Source::Binary(_) => continue,
            };
            if let Some(Some(info)) = database.with_face_data(face.id, FontInfo::new) {
                store.push((
                    FontPath {
                        path,
                        index: face.index,
                    },
                    info,
                ));
            }
        }
        Arc::new(store)
    });
    Arc::clone(store)
}

/// The one source file and the fonts: everything Typst may read.
struct ReportWorld {
    library: LazyHash<Library>,
    fonts: Arc<FontStore>,
    main: Source,
}

impl ReportWorld {
    fn new(markup: String, fonts: Arc<FontStore>) -> Self {
        let id = RootedPath::new(
            VirtualRoot::Project,
            VirtualPath::new("report.typ").unwrap_or_else(|_| unreachable!("a valid path")),
        )
        .intern();
        ReportWorld {
            library: LazyHash::new(Library::default()),
            fonts,
            main: Source::new(id, markup),
        }
    }
}

impl World for ReportWorld {
    fn library(&self) -> &LazyHash<Library> {
        &self.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        self.fonts.book()
    }

    fn main(&self) -> FileId {
        self.main.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main.id() {
            Ok(self.main.clone())
        } else {
            Err(FileError::AccessDenied)
        }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id == self.main.id() {
            Ok(Bytes::from_string(self.main.clone()))
        } else {
            // Figures come inline; the report reads no file.
            Err(FileError::AccessDenied)
        }
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.fonts.font(index)
    }

    fn today(&self, _offset: Option<typst::foundations::Duration>) -> Option<Datetime> {
        // The report dates nothing by the clock: the same workbook gives
        // the same PDF.
        None
    }
}

/// A Typst string literal: the text exactly, whatever markup it holds.
fn literal(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' | '\t' => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A list of families as a Typst array.
fn families(fonts: &Fonts, role: Role) -> String {
    let mut list: Vec<String> = fonts.families(role).iter().map(|f| literal(f)).collect();
    // The body's families behind every role's, so that a character one
    // family lacks is found in another of the layout's.
    for f in fonts.families(Role::Body) {
        let f = literal(f);
        if !list.contains(&f) {
            list.push(f);
        }
    }
    format!("({},)", list.join(", "))
}

/// Spans as Typst content: each a string, bold and italic as such, a line
/// break as one.
fn content(spans: &[Span]) -> String {
    let mut out = String::new();
    for span in spans {
        for (i, line) in span.text.split('\n').enumerate() {
            if i > 0 {
                out.push_str("#linebreak()");
            }
            if line.is_empty() {
                continue;
            }
            let mut text = literal(line);
            if span.italic {
                text = format!("emph({text})");
            }
            if span.bold {
                text = format!("strong({text})");
            }
            let _ = write!(out, "#{text};");
        }
    }
    out
}

/// The Typst source of the report.
fn markup(prepared: &Prepared, fonts: &Fonts) -> String {
    let Prepared {
        document,
        figures,
        metadata,
    } = prepared;
    let mut out = String::new();
    let keywords = [Some("绩效自评"), metadata.year.as_deref()]
        .into_iter()
        .flatten()
        .map(literal)
        .collect::<Vec<_>>()
        .join(", ");
    let _ = writeln!(
        out,
        "#set document(title: {}, author: ({},), keywords: ({keywords},), description: {})",
        literal(&metadata.title),
        literal(&metadata.unit),
        literal(&metadata.generator),
    );
    let (title, body, hei, kai) = (
        families(fonts, Role::Title),
        families(fonts, Role::Body),
        families(fonts, Role::Hei),
        families(fonts, Role::Kai),
    );
    let _ = write!(
        out,
        "#let body-font = {body}\n#let hei-font = {hei}\n#let kai-font = {kai}\n#let title-font = {title}\n{LAYOUT}"
    );
    let mut figures = figures.iter();
    let mut note = false;
    let landscape = landscape_blocks(&document.blocks);
    let mut turned = false;
    for (block, wide) in document.blocks.iter().zip(landscape) {
        if wide != turned {
            // Landscape pages: the text block turned (225 × 156 mm).
            out.push_str(if wide {
                "#page(flipped: true, margin: (top: 28mm, bottom: 26mm, left: 37mm, right: 35mm))[\n"
            } else {
                "]\n"
            });
            turned = wide;
        }
        match block {
            Block::Heading { level: 1, spans } => {
                let _ = writeln!(out, "#report-title[{}]", content(spans));
            }
            Block::Heading { level, spans } => {
                let _ = writeln!(
                    out,
                    "#heading(level: {})[{}]",
                    level - 1,
                    plain_content(spans)
                );
            }
            Block::Paragraph(spans) if note => {
                let _ = writeln!(out, "#report-note[{}]", content(spans));
            }
            Block::Paragraph(spans) => {
                let _ = writeln!(out, "#par[{}]", content(spans));
            }
            Block::Quote(paragraphs) => {
                for spans in paragraphs {
                    let _ = writeln!(out, "#report-quote[{}]", content(spans));
                }
            }
            Block::List { ordered, items } => {
                for (i, spans) in items.iter().enumerate() {
                    let mark = if *ordered {
                        format!("#{};", literal(&format!("{}．", i + 1)))
                    } else {
                        String::new()
                    };
                    let _ = writeln!(out, "#par[{mark}{}]", content(spans));
                }
            }
            Block::Table { align, head, rows } => table(&mut out, align, head, rows),
            Block::Figure { caption, .. } => {
                if let Some(figure) = figures.next().cloned().flatten() {
                    // The 420-unit charts fill 150 mm; a narrower drawing
                    // keeps its proportion.
                    let width = (f64::from(figure.size.0) * 150.0 / 420.0).min(150.0);
                    let _ = writeln!(
                        out,
                        "#report-figure(image(bytes({}), format: \"svg\", width: {}mm, alt: {}))",
                        literal(&figure.svg),
                        width.round(),
                        literal(&figure.description),
                    );
                }
                let _ = writeln!(out, "#report-caption[#{};]", literal(caption));
            }
            Block::Rule => {
                out.push_str("#report-rule()\n");
                note = true;
            }
        }
    }
    if turned {
        out.push_str("]\n");
    }
    out
}

/// A heading's text: plain (its emphasis is the heading's).
fn plain_content(spans: &[Span]) -> String {
    format!("#{};", literal(&plain(spans)))
}

fn table(out: &mut String, align: &[Align], head: &[Vec<Span>], rows: &[Vec<Vec<Span>>]) {
    let layout = TableLayout::of(head, rows);
    let columns = layout.widths.len();
    if columns == 0 {
        return;
    }
    let size = format!("{}pt", f64::from(layout.size) / 2.0);
    let widths = layout.widths;
    let columns_spec: Vec<String> = widths.iter().map(|w| format!("{w}fr")).collect();
    let aligns: Vec<&str> = (0..columns)
        .map(|i| match align.get(i).copied().unwrap_or_default() {
            Align::Left => "left + horizon",
            Align::Center => "center + horizon",
            Align::Right => "right + horizon",
        })
        .collect();
    let cell =
        |spans: Option<&Vec<Span>>| format!("[{}]", spans.map_or(String::new(), |s| content(s)));
    let _ = write!(
        out,
        "#report-table({size}, columns: ({},), align: ({},), table.header(repeat: true, {}),",
        columns_spec.join(", "),
        aligns.join(", "),
        (0..columns)
            .map(|i| format!(
                "table.cell(align: center + horizon, text(font: hei-font, {}))",
                cell(head.get(i))
            ))
            .collect::<Vec<_>>()
            .join(", "),
    );
    for row in rows {
        for i in 0..columns {
            out.push(' ');
            out.push_str(&cell(row.get(i)));
            out.push(',');
        }
    }
    out.push_str(")\n");
}

/// The page and the styles: GB/T 9704's measures.
const LAYOUT: &str = r#"
#set page(
  paper: "a4",
  margin: (top: 37mm, bottom: 35mm, left: 28mm, right: 26mm),
  footer-descent: 7mm,
  footer: context {
    let n = counter(page).get().first()
    let number = text(font: ("SimSun", "宋体", ..body-font), size: 14pt)[— #n —]
    if calc.odd(n) { align(right, pad(right: 1em, number)) } else { align(left, pad(left: 1em, number)) }
  },
)
#set text(font: body-font, size: 16pt, lang: "zh", region: "cn", top-edge: 0.8em, bottom-edge: -0.2em)
#set par(leading: 12pt, spacing: 12pt, first-line-indent: (amount: 2em, all: true), justify: true)
#show heading: set text(size: 16pt, weight: "regular")
#show heading.where(level: 1): set text(font: hei-font)
#show heading.where(level: 2): set text(font: kai-font)
#show heading.where(level: 3): set text(weight: "bold")
#show heading: it => block(above: 12pt, below: 12pt, sticky: true, breakable: false, h(2em) + it.body)
#let report-title(body) = block(width: 100%, below: 28pt, align(center, text(font: title-font, size: 22pt, top-edge: "ascender", bottom-edge: "descender", body)))
#let report-quote(body) = par(text(font: kai-font, body))
#let report-note(body) = block(above: 8pt, text(size: 12pt, top-edge: "cap-height", bottom-edge: "baseline", par(first-line-indent: 0pt, leading: 0.6em, body)))
#let report-rule() = block(above: 16pt, below: 4pt, line(length: 100%, stroke: 0.5pt))
#let report-caption(body) = block(above: 6pt, below: 16pt, width: 100%, align(center, text(size: 12pt, par(first-line-indent: 0pt, body))))
#let report-figure(img) = block(above: 12pt, below: 0pt, width: 100%, breakable: false, align(center, img))
#set table.cell(breakable: false)
#let report-table(size, ..args) = block(above: 12pt, below: 12pt, {
  set text(size: size, top-edge: "cap-height", bottom-edge: "baseline")
  set par(first-line-indent: 0pt, leading: 0.55em, justify: false)
  table(stroke: 0.5pt, inset: (x: 1mm, y: 1.2mm), ..args)
})
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_literal_holds_any_text_as_text() {
        assert_eq!(literal("a\"b\\c\n#d*e*"), "\"a\\\"b\\\\c\\n#d*e*\"");
        assert_eq!(literal("x\u{1}y"), "\"xy\"");
    }
}
