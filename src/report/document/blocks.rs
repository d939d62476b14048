//! The report's rendered Markdown read into blocks (headings, paragraphs,
//! tables, figures) that a Word or PDF writer lays out. pulldown-cmark reads
//! the Markdown, so what the templates write (emphasis, tables with their
//! alignment, block quotes, the `<br>` inside a quote, escapes) means in a
//! document what it means in `report.md`.

use pulldown_cmark::{Alignment, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

/// A report as a sequence of blocks.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Document {
    /// The blocks, in order.
    pub blocks: Vec<Block>,
}

/// One block of a report.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// A heading: level 1 is the report's title (`#`), 2 the sections
    /// 一、 (`##`), 3 the subsections （一） (`###`), then 1. and （1）.
    Heading {
        /// 1 to 6.
        level: u8,
        /// Its text.
        spans: Vec<Span>,
    },
    /// A paragraph of body text.
    Paragraph(Vec<Span>),
    /// A quoted passage (the unit's own explanation, a warning banner): its
    /// paragraphs.
    Quote(Vec<Vec<Span>>),
    /// A list; each item one paragraph.
    List {
        /// Numbered (1. 2. …) rather than bulleted.
        ordered: bool,
        /// The items.
        items: Vec<Vec<Span>>,
    },
    /// A table: its header row, its rows, each column's alignment.
    Table {
        /// Each column's alignment.
        align: Vec<Align>,
        /// The header row's cells.
        head: Vec<Vec<Span>>,
        /// The body rows' cells.
        rows: Vec<Vec<Vec<Span>>>,
    },
    /// A figure: an image whose address names the template drawing it.
    Figure {
        /// The caption (the image's text): 图1　支出构成….
        caption: String,
        /// The template that draws it as SVG, e.g. `partials/chart_spending.html`.
        source: String,
    },
    /// A thematic break (`---`): what follows is an annotation.
    Rule,
}

/// A run of text in one style. A line break inside a paragraph is `\n`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Span {
    /// The text.
    pub text: String,
    /// Bold (`**…**`).
    pub bold: bool,
    /// Italic (`*…*`).
    pub italic: bool,
}

/// A table column's alignment.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Align {
    /// Left (text; also unspecified).
    #[default]
    Left,
    /// Centred.
    Center,
    /// Right (amounts and rates).
    Right,
}

/// The plain text of some spans.
pub fn plain(spans: &[Span]) -> String {
    spans.iter().map(|s| s.text.as_str()).collect()
}

impl Document {
    /// Reads rendered Markdown.
    pub fn from_markdown(markdown: &str) -> Document {
        let mut reader = Reader::default();
        for event in Parser::new_ext(markdown, Options::ENABLE_TABLES) {
            reader.event(event);
        }
        Document {
            blocks: reader.blocks,
        }
    }

    /// The first heading's text (the title), if any.
    pub fn title(&self) -> Option<String> {
        self.blocks.iter().find_map(|b| match b {
            Block::Heading { spans, .. } => Some(plain(spans)),
            _ => None,
        })
    }

    /// Every piece of text the document shows, in order (for tests and for
    /// the characters a font must have).
    pub fn text(&self) -> String {
        let mut out = String::new();
        let mut line = |spans: &[Span]| {
            out.push_str(&plain(spans));
            out.push('\n');
        };
        for block in &self.blocks {
            match block {
                Block::Heading { spans, .. } | Block::Paragraph(spans) => line(spans),
                Block::Quote(paragraphs)
                | Block::List {
                    items: paragraphs, ..
                } => {
                    paragraphs.iter().for_each(|p| line(p));
                }
                Block::Table { head, rows, .. } => {
                    head.iter()
                        .chain(rows.iter().flatten())
                        .for_each(|c| line(c));
                }
                Block::Figure { caption, .. } => line(&[Span {
                    text: caption.clone(),
                    ..Span::default()
                }]),
                Block::Rule => {}
            }
        }
        out
    }
}

/// Where the reader is: the block being built.
#[derive(Debug, Default)]
struct Reader {
    blocks: Vec<Block>,
    /// The spans of the paragraph, heading, item or cell being read.
    spans: Vec<Span>,
    bold: usize,
    italic: usize,
    heading: Option<u8>,
    /// Inside a block quote: its paragraphs so far.
    quote: Option<Vec<Vec<Span>>>,
    /// Inside a list: numbered or not, and its items so far.
    list: Option<(bool, Vec<Vec<Span>>)>,
    /// Inside a table: alignment, header, rows, the row being read.
    table: Option<TableBuild>,
    /// Inside an image: its address, its text so far.
    image: Option<(String, String)>,
}

#[derive(Debug, Default)]
struct TableBuild {
    align: Vec<Align>,
    head: Vec<Vec<Span>>,
    rows: Vec<Vec<Vec<Span>>>,
    row: Vec<Vec<Span>>,
    in_head: bool,
}

impl Reader {
    fn event(&mut self, event: Event<'_>) {
        match event {
            Event::Start(tag) => self.start(tag),
            Event::End(tag) => self.end(tag),
            Event::Text(text) | Event::Code(text) => self.text(&text),
            // The templates' only markup inside Markdown is the line break
            // of a quoted explanation; any other tag is dropped, as a
            // Markdown viewer would hide it.
            Event::InlineHtml(html) | Event::Html(html) if is_break(&html) => self.text("\n"),
            Event::SoftBreak => {
                // A wrapped line of Chinese joins without a space.
                let ascii = self
                    .spans
                    .last()
                    .and_then(|s| s.text.chars().last())
                    .is_some_and(|c| c.is_ascii_alphanumeric());
                if ascii {
                    self.text(" ");
                }
            }
            Event::HardBreak => self.text("\n"),
            Event::Rule => self.blocks.push(Block::Rule),
            _ => {}
        }
    }

    fn start(&mut self, tag: Tag<'_>) {
        match tag {
            Tag::Heading { level, .. } => {
                self.heading = Some(match level {
                    HeadingLevel::H1 => 1,
                    HeadingLevel::H2 => 2,
                    HeadingLevel::H3 => 3,
                    HeadingLevel::H4 => 4,
                    HeadingLevel::H5 => 5,
                    HeadingLevel::H6 => 6,
                });
                self.spans.clear();
            }
            Tag::Paragraph | Tag::Item | Tag::TableCell => self.spans.clear(),
            Tag::BlockQuote(_) => self.quote = Some(Vec::new()),
            Tag::List(first) => self.list = Some((first.is_some(), Vec::new())),
            Tag::Table(align) => {
                self.table = Some(TableBuild {
                    align: align
                        .iter()
                        .map(|a| match a {
                            Alignment::Right => Align::Right,
                            Alignment::Center => Align::Center,
                            Alignment::Left | Alignment::None => Align::Left,
                        })
                        .collect(),
                    ..TableBuild::default()
                });
            }
            Tag::TableHead => {
                if let Some(t) = &mut self.table {
                    t.in_head = true;
                }
            }
            Tag::TableRow => {
                if let Some(t) = &mut self.table {
                    t.row.clear();
                }
            }
            Tag::Strong => self.bold += 1,
            Tag::Emphasis => self.italic += 1,
            Tag::Image { dest_url, .. } => self.image = Some((dest_url.to_string(), String::new())),
            _ => {}
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Heading(_) => {
                let spans = std::mem::take(&mut self.spans);
                let level = self.heading.take().unwrap_or(2);
                self.blocks.push(Block::Heading { level, spans });
            }
            TagEnd::Paragraph => {
                let spans = std::mem::take(&mut self.spans);
                if let Some(quote) = &mut self.quote {
                    quote.push(spans);
                } else if let Some((_, items)) = &mut self.list {
                    // A loose list's item holds a paragraph.
                    items.push(spans);
                } else if !spans.is_empty() {
                    self.blocks.push(Block::Paragraph(spans));
                }
            }
            TagEnd::Item => {
                let spans = std::mem::take(&mut self.spans);
                if let Some((_, items)) = &mut self.list
                    && !spans.is_empty()
                {
                    items.push(spans);
                }
            }
            TagEnd::List(_) => {
                if let Some((ordered, items)) = self.list.take() {
                    self.blocks.push(Block::List { ordered, items });
                }
            }
            TagEnd::BlockQuote(_) => {
                if let Some(quote) = self.quote.take() {
                    self.blocks.push(Block::Quote(quote));
                }
            }
            TagEnd::TableCell => {
                let spans = std::mem::take(&mut self.spans);
                if let Some(t) = &mut self.table {
                    t.row.push(spans);
                }
            }
            TagEnd::TableHead => {
                if let Some(t) = &mut self.table {
                    // The header's cells come without a row of their own.
                    t.head = std::mem::take(&mut t.row);
                    t.in_head = false;
                }
            }
            TagEnd::TableRow => {
                if let Some(t) = &mut self.table
                    && !t.in_head
                {
                    let row = std::mem::take(&mut t.row);
                    t.rows.push(row);
                }
            }
            TagEnd::Table => {
                if let Some(t) = self.table.take() {
                    self.blocks.push(Block::Table {
                        align: t.align,
                        head: t.head,
                        rows: t.rows,
                    });
                }
            }
            TagEnd::Strong => self.bold = self.bold.saturating_sub(1),
            TagEnd::Emphasis => self.italic = self.italic.saturating_sub(1),
            TagEnd::Image => {
                if let Some((source, caption)) = self.image.take() {
                    // A figure stands in a paragraph of its own.
                    self.spans.clear();
                    self.blocks.push(Block::Figure { caption, source });
                }
            }
            _ => {}
        }
    }

    fn text(&mut self, text: &str) {
        if let Some((_, caption)) = &mut self.image {
            caption.push_str(text);
            return;
        }
        let (bold, italic) = (self.bold > 0, self.italic > 0);
        match self.spans.last_mut() {
            Some(last) if last.bold == bold && last.italic == italic => last.text.push_str(text),
            _ => self.spans.push(Span {
                text: text.to_string(),
                bold,
                italic,
            }),
        }
    }
}

/// Whether inline HTML is a line break (`<br>`, `<br/>`, `<br />`).
fn is_break(html: &str) -> bool {
    let tag: String = html
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '/')
        .collect();
    tag.eq_ignore_ascii_case("<br>")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn span(text: &str, bold: bool) -> Span {
        Span {
            text: text.into(),
            bold,
            italic: false,
        }
    }

    #[test]
    fn headings_paragraphs_and_emphasis_keep_their_level_and_style() {
        let doc = Document::from_markdown(
            "# 标题\n\n## 一、概况\n\n**系统计算得分 98.00 分**；单位自评\n98.00 分。\n",
        );
        assert_eq!(
            doc.blocks,
            vec![
                Block::Heading {
                    level: 1,
                    spans: vec![span("标题", false)]
                },
                Block::Heading {
                    level: 2,
                    spans: vec![span("一、概况", false)]
                },
                Block::Paragraph(vec![
                    span("系统计算得分 98.00 分", true),
                    span("；单位自评98.00 分。", false)
                ]),
            ]
        );
        assert_eq!(doc.title().as_deref(), Some("标题"));
    }

    #[test]
    fn a_quote_keeps_its_line_breaks_and_escapes_are_text() {
        let doc = Document::from_markdown("> 单位说明：第一段<br>第二段 \\*不是强调\\*\n");
        assert_eq!(
            doc.blocks,
            vec![Block::Quote(vec![vec![span(
                "单位说明：第一段\n第二段 *不是强调*",
                false
            )]])]
        );
    }

    #[test]
    fn a_table_keeps_its_alignment_header_and_rows() {
        let doc = Document::from_markdown(
            "| 项目 | 预算 |\n|---|--:|\n| 公务接待费 | 1.20 |\n| **合计** | 3.40 |\n",
        );
        assert_eq!(
            doc.blocks,
            vec![Block::Table {
                align: vec![Align::Left, Align::Right],
                head: vec![vec![span("项目", false)], vec![span("预算", false)]],
                rows: vec![
                    vec![vec![span("公务接待费", false)], vec![span("1.20", false)]],
                    vec![vec![span("合计", true)], vec![span("3.40", false)]],
                ],
            }]
        );
    }

    #[test]
    fn an_image_is_a_figure_naming_its_template() {
        let doc = Document::from_markdown(
            "正文\n\n![图1　支出构成](partials/chart_spending.html)\n\n- 甲\n- 乙\n\n---\n\n注\n",
        );
        assert_eq!(
            doc.blocks,
            vec![
                Block::Paragraph(vec![span("正文", false)]),
                Block::Figure {
                    caption: "图1　支出构成".into(),
                    source: "partials/chart_spending.html".into()
                },
                Block::List {
                    ordered: false,
                    items: vec![vec![span("甲", false)], vec![span("乙", false)]]
                },
                Block::Rule,
                Block::Paragraph(vec![span("注", false)]),
            ]
        );
    }
}
