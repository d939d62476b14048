//! The styles part, edited by appending: the fills of marked cells (each a
//! new cell format derived from the cell's own, so its font, border,
//! number format and protection stay) and the formats of the sheets
//! transplanted from a scratch workbook. Existing entries keep their
//! indices, so every cell of the department's sheets keeps its look.

use std::collections::HashMap;

use quick_xml::events::{BytesStart, Event};

use super::PackageError;
use super::parts::{attr, local};
use crate::contract::finding::Severity;
use crate::workbook::styles::{ERROR_FILL, WARNING_FILL};

/// The lists of the styles part jixiao appends to, in the schema's order.
const LISTS: [&str; 5] = ["numFmts", "fonts", "fills", "borders", "cellXfs"];

/// One list: where it is in the part, what it holds and what is added.
#[derive(Debug, Default, Clone)]
struct List {
    /// Byte span of its start tag (or of the empty element).
    start: (usize, usize),
    /// Where its end tag begins (`None`: written as an empty element).
    end: Option<usize>,
    /// Its children, as written.
    children: Vec<String>,
    present: bool,
    added: Vec<String>,
}

/// The styles part being edited.
#[derive(Debug)]
pub(crate) struct Styles {
    original: Vec<u8>,
    prefix: String,
    /// After the styleSheet start tag (where a missing numFmts goes).
    sheet_start: usize,
    lists: [List; 5],
    /// (cell format, severity) → its marked copy.
    marked: HashMap<(u32, Severity), u32>,
    /// severity → the fill added for it.
    fills: HashMap<Severity, u32>,
    /// (cell format, number format code) → its copy with that code.
    formatted: HashMap<(u32, &'static str), u32>,
}

impl Styles {
    /// A styles part as Excel needs it at least, for a package without one.
    pub(crate) fn minimal() -> Self {
        let xml = br#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><fonts count="1"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>"#;
        // The minimal part parses: a failure here is a programming error.
        Styles::parse(xml).unwrap_or_else(|_| Styles {
            original: Vec::new(),
            prefix: String::new(),
            sheet_start: 0,
            lists: Default::default(),
            marked: HashMap::new(),
            fills: HashMap::new(),
            formatted: HashMap::new(),
        })
    }

    pub(crate) fn parse(xml: &[u8]) -> Result<Self, PackageError> {
        let mut reader = quick_xml::Reader::from_reader(xml);
        let mut lists: [List; 5] = Default::default();
        let mut depth = 0usize;
        let mut current: Option<usize> = None;
        let mut child_start = 0usize;
        let mut prefix = String::new();
        let mut sheet_start = 0usize;
        loop {
            let before = reader.buffer_position() as usize;
            let ev = reader.read_event().map_err(PackageError::new)?;
            let after = reader.buffer_position() as usize;
            match &ev {
                Event::Start(e) | Event::Empty(e) => {
                    let empty = matches!(ev, Event::Empty(_));
                    let name = local(e);
                    if depth == 0 {
                        prefix = e
                            .name()
                            .as_ref()
                            .to_string()
                            .split_once(':')
                            .map_or(String::new(), |(p, _)| format!("{p}:"));
                        sheet_start = after;
                    } else if depth == 1 {
                        if let Some(i) = LISTS.iter().position(|l| *l == name) {
                            lists[i].present = true;
                            lists[i].start = (before, after);
                            if !empty {
                                current = Some(i);
                            }
                        }
                    } else if depth == 2 && current.is_some() {
                        child_start = before;
                        if empty && let Some(i) = current {
                            lists[i]
                                .children
                                .push(String::from_utf8_lossy(&xml[before..after]).into_owned());
                        }
                    }
                    if !empty {
                        depth += 1;
                    }
                }
                Event::End(_) => {
                    depth = depth.saturating_sub(1);
                    if depth == 2
                        && let Some(i) = current
                    {
                        lists[i]
                            .children
                            .push(String::from_utf8_lossy(&xml[child_start..after]).into_owned());
                    } else if depth == 1
                        && let Some(i) = current.take()
                    {
                        lists[i].end = Some(before);
                    }
                }
                Event::Eof => break,
                _ => {}
            }
        }
        for name in ["fonts", "fills", "borders", "cellXfs"] {
            if !lists[list(name)].present {
                return Err(PackageError::new(format!("样式部件没有 {name}")));
            }
        }
        Ok(Styles {
            original: xml.to_vec(),
            prefix,
            sheet_start,
            lists,
            marked: HashMap::new(),
            fills: HashMap::new(),
            formatted: HashMap::new(),
        })
    }

    fn count(&self, name: &str) -> usize {
        let l = &self.lists[list(name)];
        l.children.len() + l.added.len()
    }

    fn push(&mut self, name: &str, xml: String) -> u32 {
        let n = self.count(name);
        self.lists[list(name)].added.push(xml);
        n as u32
    }

    /// The index of cell format `xf` with the fill of `severity` (a note
    /// has no fill: the format stays).
    pub(crate) fn marked(&mut self, xf: u32, severity: Severity) -> u32 {
        let rgb = match severity {
            Severity::Error => ERROR_FILL,
            Severity::Warning => WARNING_FILL,
            Severity::Note => return xf,
        };
        if let Some(&x) = self.marked.get(&(xf, severity)) {
            return x;
        }
        let p = self.prefix.clone();
        let fill = match self.fills.get(&severity) {
            Some(&f) => f,
            None => {
                let f = self.push(
                    "fills",
                    format!(
                        r#"<{p}fill><{p}patternFill patternType="solid"><{p}fgColor rgb="FF{rgb:06X}"/><{p}bgColor indexed="64"/></{p}patternFill></{p}fill>"#
                    ),
                );
                self.fills.insert(severity, f);
                f
            }
        };
        let x = self.derived(xf, &[("fillId", &fill.to_string()), ("applyFill", "1")]);
        self.marked.insert((xf, severity), x);
        x
    }

    /// A new cell format: `xf` with attributes `set` (a format missing or
    /// unreadable is taken as the default one).
    fn derived(&mut self, xf: u32, set: &[(&str, &str)]) -> u32 {
        let p = &self.prefix;
        let plain = format!(r#"<{p}xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>"#);
        let base = self.lists[list("cellXfs")]
            .children
            .get(xf as usize)
            .and_then(|b| with_attrs(b, set));
        let derived = base.or_else(|| with_attrs(&plain, set)).unwrap_or(plain);
        self.push("cellXfs", derived)
    }

    /// The index of cell format `xf` with number format `code` (a computed
    /// figure's, e.g. `0.00"%"`): its font, fill, border and protection
    /// stay.
    pub(crate) fn formatted(&mut self, xf: u32, code: &'static str) -> u32 {
        if let Some(&x) = self.formatted.get(&(xf, code)) {
            return x;
        }
        let numfmts = &self.lists[list("numFmts")];
        let known = numfmts
            .children
            .iter()
            .chain(&numfmts.added)
            .filter_map(|c| num_fmt(c));
        let mut max_fmt = 163;
        let mut id = None;
        for (n, c) in known {
            max_fmt = max_fmt.max(n);
            if c == code {
                id = Some(n);
            }
        }
        let id = id.unwrap_or_else(|| {
            let n = max_fmt + 1;
            self.push(
                "numFmts",
                format!(
                    r#"<{p}numFmt numFmtId="{n}" formatCode="{}"/>"#,
                    super::parts::esc(code),
                    p = self.prefix
                ),
            );
            n
        });
        let x = self.derived(
            xf,
            &[("numFmtId", &id.to_string()), ("applyNumberFormat", "1")],
        );
        self.formatted.insert((xf, code), x);
        x
    }

    /// Appends a scratch workbook's formats; the index each of its cell
    /// formats has here.
    pub(crate) fn merge(&mut self, other: &Styles) -> Vec<u32> {
        let base = |name: &str| self.count(name) as u32;
        let (fonts, fills, borders) = (base("fonts"), base("fills"), base("borders"));
        let mut max_fmt = self.lists[list("numFmts")]
            .children
            .iter()
            .chain(&self.lists[list("numFmts")].added)
            .filter_map(|c| num_fmt(c).map(|(id, _)| id))
            .max()
            .unwrap_or(163)
            .max(163);
        let mut fmt_map: HashMap<u32, u32> = HashMap::new();
        let mut new_fmts = Vec::new();
        for c in &other.lists[list("numFmts")].children {
            if let Some((id, code)) = num_fmt(c) {
                max_fmt += 1;
                fmt_map.insert(id, max_fmt);
                new_fmts.push(format!(
                    r#"<{p}numFmt numFmtId="{max_fmt}" formatCode="{}"/>"#,
                    super::parts::esc(&code),
                    p = self.prefix
                ));
            }
        }
        for f in new_fmts {
            self.push("numFmts", f);
        }
        for name in ["fonts", "fills", "borders"] {
            for c in other.lists[list(name)].children.clone() {
                self.push(name, c);
            }
        }
        let mut map = Vec::new();
        for c in other.lists[list("cellXfs")].children.clone() {
            let get = |k: &str| {
                first_attr(&c, k)
                    .and_then(|v| v.parse::<u32>().ok())
                    .unwrap_or(0)
            };
            let fmt = get("numFmtId");
            let fmt = fmt_map.get(&fmt).copied().unwrap_or(fmt).to_string();
            let font = (fonts + get("fontId")).to_string();
            let fill = (fills + get("fillId")).to_string();
            let border = (borders + get("borderId")).to_string();
            let xf = with_attrs(
                &c,
                &[
                    ("numFmtId", &fmt),
                    ("fontId", &font),
                    ("fillId", &fill),
                    ("borderId", &border),
                    ("xfId", "0"),
                ],
            )
            .unwrap_or(c);
            map.push(self.push("cellXfs", xf));
        }
        map
    }

    /// The styles part with what was added.
    pub(crate) fn write(&self) -> Result<Vec<u8>, PackageError> {
        let src = &self.original;
        let mut out = Vec::with_capacity(src.len() + 2048);
        let mut last = 0usize;
        let p = &self.prefix;
        for (i, name) in LISTS.iter().enumerate() {
            let l = &self.lists[i];
            if l.added.is_empty() {
                continue;
            }
            let total = l.children.len() + l.added.len();
            let added: String = l.added.concat();
            if !l.present {
                // Only numFmts can be missing: it comes first.
                out.extend_from_slice(&src[last..self.sheet_start]);
                out.extend_from_slice(
                    format!(r#"<{p}{name} count="{total}">{added}</{p}{name}>"#).as_bytes(),
                );
                last = self.sheet_start;
                continue;
            }
            out.extend_from_slice(&src[last..l.start.0]);
            let tag = String::from_utf8_lossy(&src[l.start.0..l.start.1]).into_owned();
            let start = with_attrs(&tag, &[("count", &total.to_string())])
                .ok_or_else(|| PackageError::new("样式列表无法改写"))?;
            match l.end {
                Some(end) => {
                    // with_attrs keeps the form it was given: a start tag.
                    out.extend_from_slice(start.as_bytes());
                    out.extend_from_slice(&src[l.start.1..end]);
                    out.extend_from_slice(added.as_bytes());
                    last = end;
                }
                None => {
                    let open = start.trim_end_matches("/>").to_string() + ">";
                    out.extend_from_slice(open.as_bytes());
                    out.extend_from_slice(added.as_bytes());
                    out.extend_from_slice(format!("</{p}{name}>").as_bytes());
                    last = l.start.1;
                }
            }
        }
        out.extend_from_slice(&src[last..]);
        Ok(out)
    }
}

fn list(name: &str) -> usize {
    LISTS.iter().position(|l| *l == name).unwrap_or(0)
}

/// A numFmt element's id and code.
fn num_fmt(xml: &str) -> Option<(u32, String)> {
    let id = first_attr(xml, "numFmtId")?.parse().ok()?;
    Some((id, first_attr(xml, "formatCode")?))
}

/// An attribute of the first element of `xml`.
fn first_attr(xml: &str, name: &str) -> Option<String> {
    let mut reader = quick_xml::Reader::from_str(xml);
    match reader.read_event().ok()? {
        Event::Start(e) | Event::Empty(e) => attr(&e, name),
        _ => None,
    }
}

/// `xml` (an element) with attributes of its first tag set, the rest of it
/// as it was.
fn with_attrs(xml: &str, set: &[(&str, &str)]) -> Option<String> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let (e, empty) = match reader.read_event().ok()? {
        Event::Start(e) => (e, false),
        Event::Empty(e) => (e, true),
        _ => return None,
    };
    let rest = &xml[reader.buffer_position() as usize..];
    let name = e.name().as_ref().to_string();
    let mut out = BytesStart::new(name);
    for a in e.attributes().flatten() {
        if !set.iter().any(|(k, _)| a.key.as_ref() == *k) {
            out.push_attribute(a);
        }
    }
    for (k, v) in set {
        out.push_attribute((*k, *v));
    }
    let tag = (*out).to_string();
    Some(if empty {
        format!("<{tag}/>{rest}")
    } else {
        format!("<{tag}>{rest}")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_marked_format_keeps_the_cells_own_and_gets_the_fill() {
        let mut s = Styles::minimal();
        let x = s.marked(0, Severity::Error);
        assert_eq!(x, 1);
        assert_eq!(s.marked(0, Severity::Error), 1);
        assert_eq!(s.marked(0, Severity::Note), 0);
        let out = String::from_utf8(s.write().unwrap()).unwrap();
        assert!(out.contains(r#"<fills count="3">"#), "{out}");
        assert!(out.contains(r#"<cellXfs count="2">"#), "{out}");
        assert!(
            out.contains(
                r#"<xf numFmtId="0" fontId="0" borderId="0" xfId="0" fillId="2" applyFill="1"/>"#
            ),
            "{out}"
        );
        assert!(out.contains(r#"rgb="FFFFC7CE""#), "{out}");
    }

    #[test]
    fn merged_formats_point_at_their_own_fonts_and_number_formats() {
        let mut s = Styles::minimal();
        let other = Styles::parse(br#"<styleSheet><numFmts count="1"><numFmt numFmtId="164" formatCode="0.00%"/></numFmts><fonts count="2"><font/><font><b/></font></fonts><fills count="2"><fill/><fill/></fills><borders count="1"><border/></borders><cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="164" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"><alignment wrapText="1"/></xf></cellXfs></styleSheet>"#).unwrap();
        let map = s.merge(&other);
        assert_eq!(map, vec![1, 2]);
        let out = String::from_utf8(s.write().unwrap()).unwrap();
        assert!(
            out.contains(
                r#"<numFmts count="1"><numFmt numFmtId="164" formatCode="0.00%"/></numFmts><fonts"#
            ),
            "{out}"
        );
        assert!(out.contains(r#"<xf applyFont="1" numFmtId="164" fontId="2" fillId="2" borderId="1" xfId="0"><alignment wrapText="1"/></xf>"#), "{out}");
    }
}
