//! How a sheet of an .xlsx shows and prints, read from its XML without a
//! spreadsheet: frozen rows, each row's height, each text cell's display
//! width against its column's, and the scale it prints at on A4. The checks
//! of tests/cli/print.rs; tests/visual.sh shows the same sheets printed by
//! LibreOffice.

use std::collections::{BTreeMap, BTreeSet};

use quick_xml::events::{BytesStart, Event};
use unicode_width::UnicodeWidthStr;

use super::fidelity::{parts, sheet_parts};

/// Excel's column width when a sheet sets none (8.43 characters).
const DEFAULT_WIDTH: f64 = 8.43;
/// Excel's row height when a sheet sets none (points).
const DEFAULT_HEIGHT: f64 = 15.0;
/// The least print scale that stays readable (percent).
pub const MIN_SCALE: f64 = 60.0;
/// The most rows a sheet may keep frozen.
pub const MAX_FROZEN: u32 = 8;

fn attr(e: &BytesStart<'_>, name: &str) -> Option<String> {
    e.attributes().flatten().find_map(|a| {
        (a.key.local_name().as_ref() == name).then(|| {
            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .map(|v| v.into_owned())
                .unwrap_or_default()
        })
    })
}

fn num(e: &BytesStart<'_>, name: &str) -> Option<f64> {
    attr(e, name).and_then(|v| v.parse().ok())
}

/// `B12` → (11, 1).
fn cell_ref(r: &str) -> Option<(u32, u32)> {
    let split = r.find(|c: char| c.is_ascii_digit())?;
    let (letters, digits) = r.split_at(split);
    let col = letters
        .bytes()
        .fold(0u32, |n, b| {
            n * 26 + u32::from(b.to_ascii_uppercase() - b'A' + 1)
        })
        .checked_sub(1)?;
    Some((digits.parse::<u32>().ok()?.checked_sub(1)?, col))
}

/// What a cell format does to text: wraps it, and its font size.
#[derive(Debug, Clone, Copy)]
struct TextLook {
    wrap: bool,
    size: f64,
}

fn text_looks(styles: &[u8]) -> Vec<TextLook> {
    let mut reader = quick_xml::Reader::from_reader(styles);
    let mut sizes = Vec::new();
    let mut looks: Vec<(usize, bool)> = Vec::new();
    let (mut in_fonts, mut in_xfs) = (false, false);
    loop {
        match reader.read_event().expect("styles xml") {
            Event::Start(e) | Event::Empty(e) => match e.local_name().as_ref() {
                "fonts" => in_fonts = true,
                "cellXfs" => in_xfs = true,
                "font" if in_fonts => sizes.push(11.0),
                "sz" if in_fonts => {
                    if let (Some(last), Some(v)) = (sizes.last_mut(), num(&e, "val")) {
                        *last = v;
                    }
                }
                "xf" if in_xfs => {
                    looks.push((num(&e, "fontId").unwrap_or(0.0) as usize, false));
                }
                "alignment" if in_xfs => {
                    if let Some(last) = looks.last_mut() {
                        last.1 = matches!(attr(&e, "wrapText").as_deref(), Some("1" | "true"));
                    }
                }
                _ => {}
            },
            Event::End(e) => match e.local_name().as_ref() {
                "fonts" => in_fonts = false,
                "cellXfs" => in_xfs = false,
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
    }
    looks
        .into_iter()
        .map(|(font, wrap)| TextLook {
            wrap,
            size: sizes.get(font).copied().unwrap_or(11.0),
        })
        .collect()
}

fn shared_strings(xml: Option<&Vec<u8>>) -> Vec<String> {
    let Some(xml) = xml else {
        return Vec::new();
    };
    let mut reader = quick_xml::Reader::from_reader(xml.as_slice());
    let mut out = Vec::new();
    let mut in_t = false;
    loop {
        match reader.read_event().expect("shared strings xml") {
            Event::Start(e) if e.local_name().as_ref() == "si" => out.push(String::new()),
            Event::Start(e) if e.local_name().as_ref() == "t" => in_t = true,
            Event::End(e) if e.local_name().as_ref() == "t" => in_t = false,
            Event::Text(t) if in_t => {
                if let Some(last) = out.last_mut() {
                    last.push_str(&t.xml10_content());
                }
            }
            Event::GeneralRef(r) if in_t => {
                if let Some(last) = out.last_mut() {
                    last.push_str(match r.as_ref() {
                        "amp" => "&",
                        "lt" => "<",
                        "gt" => ">",
                        "quot" => "\"",
                        _ => "'",
                    });
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    out
}

/// A sheet as it shows and prints.
#[derive(Debug, Default)]
pub struct SheetLook {
    pub name: String,
    /// Rows frozen at the top.
    pub frozen_rows: u32,
    /// Column widths set (characters), by zero-based column.
    widths: BTreeMap<u32, f64>,
    default_width: Option<f64>,
    /// Row heights set (points), by zero-based row.
    heights: BTreeMap<u32, f64>,
    /// Text cells: (row, col) → (text, wrapped, font size).
    texts: BTreeMap<(u32, u32), (String, bool, f64)>,
    /// Cells holding anything.
    filled: BTreeSet<(u32, u32)>,
    /// Merged ranges: top-left → (last row, last col).
    merged: BTreeMap<(u32, u32), (u32, u32)>,
    fit_to_page: bool,
    fit_width: u32,
    fit_height: u32,
    scale: f64,
    landscape: bool,
    /// Left and right margins, inches.
    margins: (f64, f64),
    /// Top and bottom margins, inches.
    margins_tb: (f64, f64),
}

impl SheetLook {
    fn width(&self, col: u32) -> f64 {
        self.widths
            .get(&col)
            .copied()
            .unwrap_or(self.default_width.unwrap_or(DEFAULT_WIDTH))
    }

    /// A column's width in points, as Excel converts characters of the
    /// default font (7 pixels each, 5 of padding) at 96 pixels an inch.
    fn width_pt(&self, col: u32) -> f64 {
        let w = self.width(col);
        if w <= 0.0 {
            0.0
        } else {
            (w * 7.0 + 5.0).trunc() * 0.75
        }
    }

    fn last_col(&self) -> u32 {
        self.filled.iter().map(|&(_, c)| c).max().unwrap_or(0)
    }

    fn last_row(&self) -> u32 {
        self.filled.iter().map(|&(r, _)| r).max().unwrap_or(0)
    }

    /// The scale it prints at on A4 (percent): its own, or what fitting to
    /// the pages asked gives for the columns' and rows' sizes.
    pub fn print_scale(&self) -> f64 {
        let (page_w, page_h) = if self.landscape {
            (841.89, 595.3)
        } else {
            (595.3, 841.89)
        };
        if !self.fit_to_page {
            return self.scale;
        }
        let width: f64 = (0..=self.last_col()).map(|c| self.width_pt(c)).sum();
        let height: f64 = (0..=self.last_row())
            .map(|r| self.heights.get(&r).copied().unwrap_or(DEFAULT_HEIGHT))
            .sum();
        let printable_w = page_w - 72.0 * (self.margins.0 + self.margins.1);
        let printable_h = page_h - 72.0 * (self.margins_tb.0 + self.margins_tb.1);
        let mut scale: f64 = 100.0;
        if self.fit_width > 0 && width > 0.0 {
            scale = scale.min(100.0 * printable_w * f64::from(self.fit_width) / width);
        }
        if self.fit_height > 0 && height > 0.0 {
            scale = scale.min(100.0 * printable_h * f64::from(self.fit_height) / height);
        }
        scale.max(10.0)
    }

    /// Rows with wrapped text that needs more lines than their height shows:
    /// (A1 of the cell, lines needed, height).
    pub fn short_rows(&self) -> Vec<(String, usize, f64)> {
        let mut out = Vec::new();
        for (&(row, col), (text, wrap, size)) in &self.texts {
            if !*wrap {
                continue;
            }
            let span = self.span(row, col);
            let lines = lines(text, span, *size);
            if lines <= 1 {
                continue;
            }
            let rows = self
                .merged
                .get(&(row, col))
                .map_or(row..=row, |&(r, _)| row..=r);
            let height: f64 = rows
                .map(|r| self.heights.get(&r).copied().unwrap_or(DEFAULT_HEIGHT))
                .sum();
            // A line of 11-point text takes about 14 points.
            if height < 13.0 * lines as f64 * size / 11.0 {
                out.push((a1(row, col), lines, height));
            }
        }
        out
    }

    /// Width (characters) of a cell's merged span, or of its column.
    fn span(&self, row: u32, col: u32) -> f64 {
        match self.merged.get(&(row, col)) {
            Some(&(_, last)) => (col..=last).map(|c| self.width(c)).sum(),
            None => self.width(col),
        }
    }

    /// Text cells that do not wrap and are wider than the room they have
    /// at print: their column (or merged span) and the empty columns right
    /// of it up to the last column printed: (A1, needed, room).
    pub fn overflowing(&self) -> Vec<(String, f64, f64)> {
        let last = self.last_col();
        let mut out = Vec::new();
        for (&(row, col), (text, wrap, size)) in &self.texts {
            if *wrap {
                continue;
            }
            let needed = display_chars(text, *size);
            let mut room = self.span(row, col);
            let mut next = self.merged.get(&(row, col)).map_or(col, |&(_, l)| l) + 1;
            while room < needed && next <= last && !self.filled.contains(&(row, next)) {
                room += self.width(next);
                next += 1;
            }
            if needed > room + 0.5 {
                out.push((a1(row, col), needed, room));
            }
        }
        out
    }
}

fn a1(row: u32, col: u32) -> String {
    let mut letters = String::new();
    let mut n = col + 1;
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.insert(0, (b'A' + rem as u8) as char);
        n = (n - 1) / 26;
    }
    format!("{letters}{}", row + 1)
}

/// The width of text in the default font's characters: a CJK character
/// is about 2.1 of them, a Latin one 1.05, scaled by the font's size.
fn display_chars(text: &str, size: f64) -> f64 {
    let widest = text.lines().map(UnicodeWidthStr::width).max().unwrap_or(0);
    widest as f64 * 1.05 * size / 11.0
}

/// Lines text wraps to in `width` characters.
fn lines(text: &str, width: f64, size: f64) -> usize {
    let usable = (width - 1.0).max(1.0);
    text.lines()
        .map(|l| {
            let w = UnicodeWidthStr::width(l) as f64 * 1.05 * size / 11.0;
            ((w / usable).ceil() as usize).max(1)
        })
        .sum()
}

/// Every sheet of an .xlsx, as it shows and prints.
pub fn sheets(bytes: &[u8]) -> Vec<SheetLook> {
    let parts = parts(bytes);
    let looks = parts
        .get("xl/styles.xml")
        .map(|s| text_looks(s))
        .unwrap_or_default();
    let shared = shared_strings(parts.get("xl/sharedStrings.xml"));
    sheet_parts(&parts)
        .into_iter()
        .filter_map(|(name, part)| {
            let xml = parts.get(&part)?;
            Some(sheet(name, xml, &looks, &shared))
        })
        .collect()
}

fn sheet(name: String, xml: &[u8], looks: &[TextLook], shared: &[String]) -> SheetLook {
    let mut s = SheetLook {
        name,
        fit_width: 1,
        fit_height: 1,
        scale: 100.0,
        margins: (0.7, 0.7),
        margins_tb: (0.75, 0.75),
        ..SheetLook::default()
    };
    let mut reader = quick_xml::Reader::from_reader(xml);
    // The cell being read: where, its format, its type, its text.
    let mut cell: Option<((u32, u32), usize, String)> = None;
    let mut text = String::new();
    let mut in_text = false;
    let mut row_no = 0u32;
    loop {
        let ev = reader.read_event().expect("sheet xml");
        match &ev {
            Event::Start(e) | Event::Empty(e) => match e.local_name().as_ref() {
                "pane" => {
                    if matches!(attr(e, "state").as_deref(), Some("frozen" | "frozenSplit")) {
                        s.frozen_rows = num(e, "ySplit").unwrap_or(0.0) as u32;
                    }
                }
                "pageSetUpPr" => {
                    s.fit_to_page = matches!(attr(e, "fitToPage").as_deref(), Some("1" | "true"));
                }
                "sheetFormatPr" => s.default_width = num(e, "defaultColWidth"),
                "col" => {
                    let (Some(min), Some(max)) = (num(e, "min"), num(e, "max")) else {
                        continue;
                    };
                    let w = num(e, "width").unwrap_or(DEFAULT_WIDTH);
                    let hidden = matches!(attr(e, "hidden").as_deref(), Some("1" | "true"));
                    for c in (min as u32)..=(max as u32).min(16384) {
                        s.widths.insert(c - 1, if hidden { 0.0 } else { w });
                    }
                }
                "row" => {
                    row_no = num(e, "r").map_or(row_no + 1, |r| r as u32);
                    if let Some(h) = num(e, "ht") {
                        s.heights.insert(row_no - 1, h);
                    }
                }
                "c" => {
                    let at = attr(e, "r")
                        .and_then(|r| cell_ref(&r))
                        .unwrap_or((row_no - 1, 0));
                    let xf = num(e, "s").unwrap_or(0.0) as usize;
                    cell = Some((at, xf, attr(e, "t").unwrap_or_default()));
                    text.clear();
                }
                "v" | "t" if cell.is_some() => in_text = matches!(ev, Event::Start(_)),
                "mergeCell" => {
                    if let Some((a, b)) = attr(e, "ref").as_deref().and_then(|r| r.split_once(':'))
                        && let (Some(first), Some(last)) = (cell_ref(a), cell_ref(b))
                    {
                        s.merged.insert(first, last);
                    }
                }
                "pageSetup" => {
                    s.scale = num(e, "scale").unwrap_or(100.0);
                    s.fit_width = num(e, "fitToWidth").unwrap_or(1.0) as u32;
                    s.fit_height = num(e, "fitToHeight").unwrap_or(1.0) as u32;
                    s.landscape = attr(e, "orientation").as_deref() == Some("landscape");
                }
                "pageMargins" => {
                    s.margins = (
                        num(e, "left").unwrap_or(0.7),
                        num(e, "right").unwrap_or(0.7),
                    );
                    s.margins_tb = (
                        num(e, "top").unwrap_or(0.75),
                        num(e, "bottom").unwrap_or(0.75),
                    );
                }
                _ => {}
            },
            Event::Text(t) if in_text => text.push_str(&t.xml10_content()),
            Event::GeneralRef(r) if in_text => text.push_str(match r.as_ref() {
                "amp" => "&",
                "lt" => "<",
                "gt" => ">",
                "quot" => "\"",
                _ => "'",
            }),
            Event::End(e) => match e.local_name().as_ref() {
                "v" | "t" => in_text = false,
                "c" => {
                    if let Some((at, xf, t)) = cell.take() {
                        let value = match t.as_str() {
                            "s" => text
                                .trim()
                                .parse::<usize>()
                                .ok()
                                .and_then(|i| shared.get(i).cloned()),
                            "inlineStr" | "str" => Some(text.clone()),
                            _ => None,
                        };
                        if !text.is_empty() {
                            s.filled.insert(at);
                        }
                        if let Some(v) = value.filter(|v| !v.is_empty() && t != "str") {
                            let look = looks.get(xf).copied().unwrap_or(TextLook {
                                wrap: false,
                                size: 11.0,
                            });
                            s.texts.insert(at, (v, look.wrap, look.size));
                        }
                    }
                }
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
        if let Event::Empty(e) = &ev
            && e.local_name().as_ref() == "c"
        {
            cell = None;
        }
    }
    s
}

/// The sheet a workbook opens on (`activeTab` of its first view, else
/// the first) and the sheets whose tabs are selected.
pub fn opens_on(bytes: &[u8]) -> (String, Vec<String>) {
    let parts = parts(bytes);
    let sheets = sheet_parts(&parts);
    let book = String::from_utf8_lossy(&parts["xl/workbook.xml"]).into_owned();
    let active = book
        .split("activeTab=\"")
        .nth(1)
        .and_then(|t| t.split('"').next())
        .and_then(|t| t.parse::<usize>().ok())
        .unwrap_or(0);
    let selected = sheets
        .iter()
        .filter(|(_, part)| {
            let xml = String::from_utf8_lossy(&parts[part]).into_owned();
            let head = xml.split("sheetData").next().unwrap_or("").to_string();
            head.contains("tabSelected=\"1\"") || head.contains("tabSelected=\"true\"")
        })
        .map(|(name, _)| name.clone())
        .collect();
    (sheets[active].0.clone(), selected)
}
