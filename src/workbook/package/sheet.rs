//! One worksheet part streamed through quick-xml with a few cells written
//! or marked: every other element, attribute and byte of text is copied as
//! it was read, so the department's rows, formats, merged cells, validations,
//! protection and print settings stay. Cells and rows without an `r`
//! (allowed, and written by some producers) are counted in order.

use std::collections::BTreeMap;

use quick_xml::events::{BytesStart, Event};

use super::PackageError;
use super::parts::{attr, esc};
use crate::contract::cell::{a1, parse_a1};
use crate::contract::finding::Severity;

/// A value jixiao writes into a cell.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Value {
    /// Text (an inline string: the shared strings part is left as it was).
    Text(String),
    /// A number.
    Number(f64),
    /// A formula and its cached result.
    Formula(String, Option<f64>),
    /// Nothing (a figure of an earlier round cleared; the style stays).
    Blank,
    /// The result of the formula the cell already has, cached, when that
    /// formula refers to every cell of `over` (A1 references): a cell
    /// without a formula (a figure the department typed) or with one over
    /// other cells is left as it is.
    Cached {
        /// The result.
        value: f64,
        /// The cells the formula must refer to.
        over: Vec<String>,
    },
}

/// What happens to one cell.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct CellEdit {
    /// The value to write, if any.
    pub write: Option<Value>,
    /// The block the cell belongs to, when it is one jixiao adds beside
    /// the department's cells rather than one of the template's cells.
    pub block: Option<Block>,
    /// The fill of a finding's severity.
    pub mark: Option<Severity>,
    /// The number format of the value written (a computed rate's), when
    /// it is written.
    pub num_fmt: Option<&'static str>,
}

/// A change to a cell's format: the fill of a finding's severity, or a
/// number format.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Look {
    /// The fill of a finding's severity.
    Mark(Severity),
    /// A number format code.
    Format(&'static str),
}

/// Cells jixiao adds where the template has none (the 合计 row under the
/// 评分表, a project form's 系统得分 column), recognised by a label cell.
/// The label says whose the place is: empty, it is free, and the block's
/// cells are written only where the department left them empty; holding
/// the label's text, the block is jixiao's own from an earlier round and
/// is written again in full (so no stale score survives a resubmission);
/// holding anything else, the department has used the place and the block
/// is not written. The label must come before the block's other cells in
/// row order (the sheet is edited in one pass).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Block {
    /// The label cell, (row, column).
    pub label: (u32, u32),
    /// The label's text.
    pub text: &'static str,
}

/// What a block's label cell was found to hold.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Place {
    /// Nothing: write where the department left cells empty.
    Free,
    /// The label: jixiao's own block, written again.
    Ours,
    /// Something of the department's: leave the block out.
    Theirs,
}

/// The state of one sheet's edit that cells consult: each block's place,
/// as its label was found, and how to read a shared string.
struct Places<'s> {
    found: BTreeMap<(u32, u32), Place>,
    shared: &'s mut dyn FnMut(usize) -> Option<String>,
}

impl Places<'_> {
    /// Whether a cell that `holds` something (or not) gets `edit`'s value.
    fn writes(&self, edit: &CellEdit, holds: bool) -> bool {
        match edit.block {
            None => true,
            Some(b) => match self.found.get(&b.label).copied().unwrap_or(Place::Free) {
                Place::Free => !holds,
                Place::Ours => true,
                Place::Theirs => false,
            },
        }
    }

    /// Records a block's label cell when `(row, col)` is one: `text` what
    /// it holds (`None` for nothing).
    fn label(&mut self, row: u32, col: u32, edit: &CellEdit, text: Option<&str>) {
        if let Some(b) = edit.block
            && b.label == (row, col)
        {
            let place = match text {
                None => Place::Free,
                Some(t) if t.trim().is_empty() => Place::Free,
                Some(t) if t.trim() == b.text => Place::Ours,
                Some(_) => Place::Theirs,
            };
            self.found.insert(b.label, place);
        }
    }
}

/// The worksheet part `xml` with `edits` applied; `restyle(xf, severity)`
/// gives the index of the cell format `xf` filled for the severity;
/// `legacy` is a relationship id to give the sheet a `<legacyDrawing>`
/// (its comments' VML); `shared(i)` is the workbook's shared string `i`
/// (read only to know whose a [`Block`]'s label cell is).
///
/// The part is copied as raw byte spans: only where something changes (a
/// cell written or marked, a row added, the `<legacyDrawing>`) is anything
/// written; every other cell is read past without being parsed further.
pub(crate) fn edit_sheet(
    xml: &[u8],
    edits: &BTreeMap<(u32, u32), CellEdit>,
    restyle: &mut dyn FnMut(u32, Look) -> u32,
    legacy: Option<&str>,
    shared: &mut dyn FnMut(usize) -> Option<String>,
    widths: &BTreeMap<u32, f64>,
) -> Result<EditedSheet, PackageError> {
    let mut reader = quick_xml::Reader::from_reader(xml);
    let mut out = Splice {
        src: xml,
        out: Vec::with_capacity(xml.len() + 4096),
        last: 0,
    };
    // Rows still to visit, each with its cells' edits.
    let mut rows: BTreeMap<u32, BTreeMap<u32, &CellEdit>> = BTreeMap::new();
    for ((r, c), e) in edits {
        rows.entry(*r).or_default().insert(*c, e);
    }
    let mut w = Writer {
        prefix: String::new(),
        col_styles: Vec::new(),
        restyle,
        places: Places {
            found: BTreeMap::new(),
            shared,
        },
    };
    let mut r_prefix: Option<String> = None;
    let mut depth = 0usize;
    let mut next_row = 0u32;
    // The current row: its index, its edits left, its style, next column.
    let mut row: Option<OpenRow<'_>> = None;
    let mut legacy_done = legacy.is_none();
    // Column widths to give: where in the output each `<col>` would go
    // (and whether a `<cols>` must be opened for it), decided as the
    // sheet's own columns are read; written at the end, once the blocks
    // show which columns are jixiao's.
    let mut cols_seen = false;
    let mut col_at: BTreeMap<u32, (usize, bool)> = BTreeMap::new();
    loop {
        let before = pos(&reader);
        let ev = reader.read_event().map_err(PackageError::new)?;
        let after = pos(&reader);
        let empty = matches!(ev, Event::Empty(_));
        match ev {
            Event::Start(e) | Event::Empty(e) if depth == 0 && is(&e, "worksheet") => {
                w.prefix = e
                    .name()
                    .as_ref()
                    .split_once(':')
                    .map_or(String::new(), |(p, _)| format!("{p}:"));
                for a in e.attributes().flatten() {
                    if let Some(p) = a.key.as_ref().strip_prefix("xmlns:")
                        && a.value.as_ref()
                            == "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
                    {
                        r_prefix = Some(p.to_string());
                    }
                }
                if legacy.is_some() && r_prefix.is_none() {
                    let mut start = e.to_owned();
                    start.push_attribute((
                        "xmlns:jxr",
                        "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
                    ));
                    r_prefix = Some("jxr".to_string());
                    out.copy_to(before);
                    out.tag(&start, false);
                    out.skip_to(after);
                }
                depth += 1;
            }
            Event::Start(e) | Event::Empty(e) if depth == 1 && is(&e, "cols") => {
                cols_seen = true;
                if empty {
                    // `<cols/>`: the columns go in its place.
                    out.copy_to(before);
                    for &c in widths.keys() {
                        col_at.insert(c, (out.out.len(), true));
                    }
                    out.skip_to(after);
                } else {
                    depth += 1;
                }
            }
            Event::End(e) if depth == 2 && e.local_name().as_ref() == "cols" => {
                out.copy_to(before);
                for &c in widths.keys() {
                    col_at.entry(c).or_insert((out.out.len(), false));
                }
                depth -= 1;
            }
            Event::Start(e) | Event::Empty(e)
                if depth == 1 && is(&e, "sheetData") && !cols_seen =>
            {
                // No `<cols>`: one goes before the cells.
                cols_seen = true;
                out.copy_to(before);
                for &c in widths.keys() {
                    col_at.insert(c, (out.out.len(), true));
                }
                if empty {
                    w.sheet_data(&mut out.out, std::mem::take(&mut rows));
                    out.skip_to(after);
                } else {
                    depth += 1;
                }
            }
            Event::Start(e) | Event::Empty(e) if depth == 2 && is(&e, "col") => {
                let min = attr_u32(&e, "min").unwrap_or(0);
                let max = attr_u32(&e, "max").unwrap_or(0);
                if let Some(s) = attr_u32(&e, "style") {
                    w.col_styles.push((min, max, s));
                }
                // A column the sheet sizes itself keeps its width; one
                // before this range goes before it (`<col>`s are in order).
                for &c in widths.keys() {
                    if (min..=max).contains(&(c + 1)) {
                        col_at.insert(c, (usize::MAX, false));
                    } else if c + 1 < min && !col_at.contains_key(&c) {
                        out.copy_to(before);
                        col_at.insert(c, (out.out.len(), false));
                    }
                }
                if !empty {
                    depth += 1;
                }
            }
            Event::Empty(e) if depth == 1 && is(&e, "sheetData") => {
                out.copy_to(before);
                w.sheet_data(&mut out.out, std::mem::take(&mut rows));
                out.skip_to(after);
            }
            Event::Start(e) | Event::Empty(e) if depth == 2 && is(&e, "row") => {
                if !empty {
                    depth += 1;
                }
                if rows.is_empty() {
                    // Nothing left to write in the sheet's rows.
                    row = Some((0, BTreeMap::new(), None, 0));
                    continue;
                }
                let r = attr_u32(&e, "r").map_or(next_row, |v| v.saturating_sub(1));
                next_row = r + 1;
                // Rows jixiao adds before this one.
                while let Some(entry) = rows.first_entry() {
                    if *entry.key() >= r {
                        break;
                    }
                    let (k, cells) = entry.remove_entry();
                    out.copy_to(before);
                    w.new_row(&mut out.out, k, &cells);
                }
                let cells = rows.remove(&r).unwrap_or_default();
                let style = (attr(&e, "customFormat").is_some_and(|v| v == "1" || v == "true"))
                    .then(|| attr_u32(&e, "s"))
                    .flatten();
                if !cells.is_empty() {
                    // `spans` is a hint a cell added outside it would belie.
                    out.copy_to(before);
                    out.tag(&rebuild(&e, &[("spans", None)]), false);
                    out.skip_to(after);
                    if empty {
                        w.new_cells(&mut out.out, r, &cells, style);
                        out.out
                            .extend_from_slice(format!("</{}row>", w.prefix).as_bytes());
                    }
                }
                row = (!empty).then_some((r, cells, style, 0));
            }
            Event::Start(e) | Event::Empty(e) if depth == 3 && is(&e, "c") => {
                let Some((r, cells, style, next_col)) = &mut row else {
                    return Err(PackageError::new("单元格不在行内"));
                };
                if cells.is_empty() {
                    // A cell of a row with nothing to write: read past it.
                    if !empty {
                        depth += 1;
                    }
                    continue;
                }
                let c = attr(&e, "r")
                    .and_then(|v| parse_a1(&v))
                    .map_or(*next_col, |(_, c)| c);
                *next_col = c + 1;
                while let Some(entry) = cells.first_entry() {
                    if *entry.key() >= c {
                        break;
                    }
                    let (k, edit) = entry.remove_entry();
                    out.copy_to(before);
                    w.new_cell(&mut out.out, *r, k, edit, *style);
                }
                let Some(edit) = cells.remove(&c) else {
                    if !empty {
                        depth += 1;
                    }
                    continue;
                };
                // The cell's content and where the cell ends.
                let (inner, end) = if empty {
                    (&xml[0..0], after)
                } else {
                    let span = reader.read_to_end(e.name()).map_err(PackageError::new)?;
                    let inner_end = usize::try_from(span.end).unwrap_or(after);
                    (xml.get(after..inner_end).unwrap_or_default(), pos(&reader))
                };
                out.copy_to(before);
                let cell = Existing {
                    start: &e,
                    empty,
                    content_from: after,
                    end,
                    inner,
                };
                w.edited_cell(&mut out, *r, c, &cell, edit);
                out.skip_to(end);
            }
            Event::End(e) if depth == 3 && e.local_name().as_ref() == "row" => {
                if let Some((r, cells, style, _)) = row.take()
                    && !cells.is_empty()
                {
                    out.copy_to(before);
                    w.new_cells(&mut out.out, r, &cells, style);
                }
                depth -= 1;
            }
            Event::End(e) if depth == 2 && e.local_name().as_ref() == "sheetData" => {
                if !rows.is_empty() {
                    out.copy_to(before);
                    for (r, cells) in std::mem::take(&mut rows) {
                        w.new_row(&mut out.out, r, &cells);
                    }
                }
                depth -= 1;
            }
            Event::Start(e) | Event::Empty(e)
                if depth == 1
                    && !legacy_done
                    && matches!(
                        e.local_name().as_ref(),
                        "legacyDrawingHF"
                            | "drawingHF"
                            | "picture"
                            | "oleObjects"
                            | "controls"
                            | "webPublishItems"
                            | "tableParts"
                            | "extLst"
                    ) =>
            {
                out.copy_to(before);
                write_legacy(&mut out.out, &w.prefix, r_prefix.as_deref(), legacy);
                legacy_done = true;
                if !empty {
                    depth += 1;
                }
            }
            Event::End(_) if depth == 1 => {
                if !legacy_done {
                    out.copy_to(before);
                    write_legacy(&mut out.out, &w.prefix, r_prefix.as_deref(), legacy);
                    legacy_done = true;
                }
                depth -= 1;
            }
            Event::Start(_) => depth += 1,
            Event::End(_) => depth = depth.saturating_sub(1),
            Event::Eof => break,
            _ => {}
        }
    }
    out.copy_to(xml.len());
    let left_out: Vec<(u32, u32)> = w
        .places
        .found
        .iter()
        .filter(|(_, p)| **p == Place::Theirs)
        .map(|(label, _)| *label)
        .collect();
    // The widths, last first so the earlier offsets stay where they were.
    let mut inserts: Vec<(usize, bool, u32, f64)> = col_at
        .into_iter()
        .filter(|(c, (at, _))| *at != usize::MAX && !left_out.iter().any(|(_, l)| l == c))
        .filter_map(|(c, (at, wrap))| Some((at, wrap, c, *widths.get(&c)?)))
        .collect();
    inserts.sort_by(|a, b| b.0.cmp(&a.0).then(b.2.cmp(&a.2)));
    for (at, wrap, c, width) in inserts {
        let p = &w.prefix;
        let col = format!(
            r#"<{p}col min="{n}" max="{n}" width="{width}" customWidth="1"/>"#,
            n = c + 1
        );
        let xml = if wrap {
            format!("<{p}cols>{col}</{p}cols>")
        } else {
            col
        };
        if at <= out.out.len() {
            out.out.splice(at..at, xml.into_bytes());
        }
    }
    Ok(EditedSheet {
        xml: out.out,
        left_out,
    })
}

/// A worksheet part edited.
#[derive(Debug)]
pub(crate) struct EditedSheet {
    /// The part.
    pub xml: Vec<u8>,
    /// The labels of the blocks left out, the department having used
    /// their place.
    pub left_out: Vec<(u32, u32)>,
}

/// The reader's position in the part.
fn pos(reader: &quick_xml::Reader<&[u8]>) -> usize {
    usize::try_from(reader.buffer_position()).unwrap_or(usize::MAX)
}

/// The edited part: the source's bytes copied up to `last`, and what was
/// written in place of the rest so far.
struct Splice<'a> {
    src: &'a [u8],
    out: Vec<u8>,
    last: usize,
}

impl Splice<'_> {
    /// Copies the source up to `to`.
    fn copy_to(&mut self, to: usize) {
        if let Some(bytes) = self.src.get(self.last..to) {
            self.out.extend_from_slice(bytes);
        }
        self.last = self.last.max(to);
    }

    /// Leaves the source up to `to` out (it was written otherwise).
    fn skip_to(&mut self, to: usize) {
        self.last = self.last.max(to);
    }

    /// Writes a start tag (or an empty element).
    fn tag(&mut self, e: &BytesStart<'_>, empty: bool) {
        self.out.push(b'<');
        self.out.extend_from_slice(e.as_ref().as_bytes());
        self.out.extend_from_slice(if empty { b"/>" } else { b">" });
    }
}

/// Whether an element has the local name `name` (without allocating).
fn is(e: &BytesStart<'_>, name: &str) -> bool {
    e.local_name().as_ref() == name
}

/// A numeric attribute, by its (unprefixed) name.
fn attr_u32(e: &BytesStart<'_>, key: &str) -> Option<u32> {
    e.attributes()
        .flatten()
        .find(|a| a.key.as_ref() == key)
        .and_then(|a| a.value.trim().parse().ok())
}

/// The row being streamed: its index, its edits left, its style, the
/// next column.
type OpenRow<'e> = (u32, BTreeMap<u32, &'e CellEdit>, Option<u32>, u32);

/// Whether a cell's content holds a value or a formula.
fn holds_something(inner: &[u8]) -> bool {
    let mut reader = quick_xml::Reader::from_reader(inner);
    loop {
        match reader.read_event() {
            Ok(Event::Start(e) | Event::Empty(e))
                if matches!(e.local_name().as_ref(), "f" | "is") =>
            {
                return true;
            }
            Ok(Event::Text(t)) if !t.is_empty() => return true,
            Ok(Event::GeneralRef(_)) => return true,
            Ok(Event::Eof) | Err(_) => return false,
            Ok(_) => {}
        }
    }
}

/// Whether formula text `f` (upper case, without `$`) refers to cell `a1`:
/// the reference not part of a longer one (`D7` is not in `AD7` or `D70`).
fn refers_to(f: &str, a1: &str) -> bool {
    f.match_indices(a1).any(|(i, _)| {
        let before = f[..i].chars().next_back();
        let after = f[i + a1.len()..].chars().next();
        !before.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_')
            && !after.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_' || c == '(')
    })
}

/// The text of a cell's formula, when it has one of its own (not a shared
/// formula's dependant, whose text is its master's).
fn formula_of(inner: &[u8]) -> Option<String> {
    let mut reader = quick_xml::Reader::from_reader(inner);
    let mut text: Option<String> = None;
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) if e.local_name().as_ref() == "f" => {
                if attr(&e, "t").as_deref() == Some("shared") && attr(&e, "ref").is_none() {
                    return None;
                }
                text = Some(String::new());
            }
            Ok(Event::Text(t)) => {
                if let Some(f) = &mut text {
                    f.push_str(&quick_xml::escape::unescape(&t).ok()?);
                }
            }
            Ok(Event::GeneralRef(r)) => {
                if let Some(f) = &mut text {
                    f.push_str(&quick_xml::escape::unescape(&format!("&{};", &*r)).ok()?);
                }
            }
            Ok(Event::End(e)) if e.local_name().as_ref() == "f" => {
                return text.filter(|f| !f.is_empty());
            }
            Ok(Event::Eof) | Err(_) => return None,
            _ => {}
        }
    }
}

/// Whether a cell is the master of a shared or array formula: other
/// cells depend on its `<f>`, which must stay.
fn formula_master(inner: &[u8]) -> bool {
    let mut reader = quick_xml::Reader::from_reader(inner);
    loop {
        match reader.read_event() {
            Ok(Event::Start(e) | Event::Empty(e)) if e.local_name().as_ref() == "f" => {
                let t = attr(&e, "t");
                if (t.as_deref() == Some("shared") && attr(&e, "ref").is_some())
                    || t.as_deref() == Some("array")
                {
                    return true;
                }
            }
            Ok(Event::Eof) | Err(_) => return false,
            Ok(_) => {}
        }
    }
}

/// A start tag with some attributes set (`Some`) or dropped (`None`).
fn rebuild(e: &BytesStart<'_>, set: &[(&str, Option<&str>)]) -> BytesStart<'static> {
    let name = e.name().as_ref().to_string();
    let mut out = BytesStart::new(name);
    for a in e.attributes().flatten() {
        if set.iter().any(|(k, _)| a.key.as_ref() == *k) {
            continue;
        }
        out.push_attribute(a);
    }
    for (k, v) in set {
        if let Some(v) = v {
            out.push_attribute((*k, *v));
        }
    }
    out
}

/// A cell of the department's that has an edit: `start` its start tag
/// (ending at `content_from`), `inner` its content, `end` where it ends.
struct Existing<'e, 'x> {
    start: &'e BytesStart<'x>,
    empty: bool,
    content_from: usize,
    end: usize,
    inner: &'x [u8],
}

/// What writes the cells: the sheet's namespace prefix, its columns'
/// styles, the restyling of marked cells and the blocks' places.
struct Writer<'s> {
    prefix: String,
    /// (first column, last column, style), one-based as in `<col>`.
    col_styles: Vec<(u32, u32, u32)>,
    restyle: &'s mut dyn FnMut(u32, Look) -> u32,
    places: Places<'s>,
}

impl Writer<'_> {
    /// A cell of the department's that has an edit.
    fn edited_cell(
        &mut self,
        out: &mut Splice<'_>,
        row: u32,
        col: u32,
        cell: &Existing<'_, '_>,
        edit: &CellEdit,
    ) {
        let start = cell.start;
        let xf: u32 = attr_u32(start, "s").unwrap_or(0);
        if edit.block.is_some_and(|b| b.label == (row, col)) {
            let text = cell_text(start, cell.inner, &mut *self.places.shared);
            self.places.label(row, col, edit, text.as_deref());
        }
        let holds = holds_something(cell.inner);
        let cached;
        let write = match &edit.write {
            // The cell's own formula, with the result.
            Some(Value::Cached { value, over }) => {
                cached = formula_of(cell.inner)
                    .filter(|f| {
                        let f = f.replace('$', "").to_uppercase();
                        !formula_master(cell.inner) && over.iter().all(|a| refers_to(&f, a))
                    })
                    .map(|f| Value::Formula(f, Some(*value)));
                cached.as_ref()
            }
            w => w
                .as_ref()
                .filter(|_| !formula_master(cell.inner) && self.places.writes(edit, holds)),
        };
        let reference = a1(row, col);
        let formatted = match (write, edit.num_fmt) {
            (Some(_), Some(code)) => Some((self.restyle)(xf, Look::Format(code))),
            _ => None,
        };
        let new_xf = match edit.mark {
            Some(sev) => Some((self.restyle)(formatted.unwrap_or(xf), Look::Mark(sev))),
            None => formatted,
        };
        match write {
            None => {
                match new_xf {
                    Some(x) => {
                        let s = x.to_string();
                        out.tag(
                            &rebuild(start, &[("s", Some(&s)), ("r", Some(&reference))]),
                            cell.empty,
                        );
                    }
                    None => out.tag(start, cell.empty),
                }
                // The content and end tag as they were.
                if let Some(rest) = out.src.get(cell.content_from..cell.end) {
                    out.out.extend_from_slice(rest);
                }
            }
            Some(value) => {
                let s = new_xf.unwrap_or(xf);
                let other: Vec<(String, String)> = start
                    .attributes()
                    .flatten()
                    .filter(|a| !matches!(a.key.as_ref(), "r" | "s" | "t"))
                    .map(|a| (a.key.as_ref().to_string(), a.value.to_string()))
                    .collect();
                write_value(&mut out.out, &self.prefix, &reference, s, &other, value);
            }
        }
    }

    /// A cell the part does not have yet.
    fn new_cell(
        &mut self,
        out: &mut Vec<u8>,
        row: u32,
        col: u32,
        edit: &CellEdit,
        row_style: Option<u32>,
    ) {
        self.places.label(row, col, edit, None);
        let xf = row_style
            .or_else(|| {
                self.col_styles
                    .iter()
                    .find(|(min, max, _)| (*min..=*max).contains(&(col + 1)))
                    .map(|(_, _, s)| *s)
            })
            .unwrap_or(0);
        // A cache belongs to a formula the cell already has: none here.
        let write = edit
            .write
            .as_ref()
            .filter(|v| !matches!(v, Value::Cached { .. }) && self.places.writes(edit, false));
        let xf = match (write, edit.num_fmt) {
            (Some(_), Some(code)) => (self.restyle)(xf, Look::Format(code)),
            _ => xf,
        };
        let s = edit
            .mark
            .map_or(xf, |sev| (self.restyle)(xf, Look::Mark(sev)));
        let reference = a1(row, col);
        let prefix = &self.prefix;
        match write {
            Some(v) => write_value(out, prefix, &reference, s, &[], v),
            None if edit.mark.is_some() => {
                let raw = format!(r#"<{prefix}c r="{reference}" s="{s}"/>"#);
                out.extend_from_slice(raw.as_bytes());
            }
            None => {}
        }
    }

    /// A `<sheetData>` with `rows`, in place of an empty one.
    fn sheet_data(&mut self, out: &mut Vec<u8>, rows: BTreeMap<u32, BTreeMap<u32, &CellEdit>>) {
        out.extend_from_slice(format!("<{}sheetData>", self.prefix).as_bytes());
        for (r, cells) in rows {
            self.new_row(out, r, &cells);
        }
        out.extend_from_slice(format!("</{}sheetData>", self.prefix).as_bytes());
    }

    /// A row the part does not have yet.
    fn new_row(&mut self, out: &mut Vec<u8>, row: u32, cells: &BTreeMap<u32, &CellEdit>) {
        let open = format!(r#"<{}row r="{}">"#, self.prefix, row + 1);
        let at = out.len();
        out.extend_from_slice(open.as_bytes());
        let cells_from = out.len();
        self.new_cells(out, row, cells, None);
        if out.len() == cells_from {
            // Nothing was written in it (a block left out).
            out.truncate(at);
            return;
        }
        out.extend_from_slice(format!("</{}row>", self.prefix).as_bytes());
    }

    /// The cells of a row that its part does not have yet, in column order.
    fn new_cells(
        &mut self,
        out: &mut Vec<u8>,
        row: u32,
        cells: &BTreeMap<u32, &CellEdit>,
        row_style: Option<u32>,
    ) {
        for (c, edit) in cells {
            self.new_cell(out, row, *c, edit, row_style);
        }
    }
}

/// The text a cell holds (`None` for nothing): a shared string's (looked
/// up), an inline string's, or the raw value of a number or formula.
fn cell_text(
    start: &BytesStart<'_>,
    inner: &[u8],
    shared: &mut dyn FnMut(usize) -> Option<String>,
) -> Option<String> {
    if !holds_something(inner) {
        return None;
    }
    let mut reader = quick_xml::Reader::from_reader(inner);
    let mut value: Option<String> = None;
    let mut in_v = false;
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) if e.local_name().as_ref() == "v" => in_v = true,
            Ok(Event::End(e)) if e.local_name().as_ref() == "v" => in_v = false,
            Ok(Event::Text(t)) if in_v => {
                value.get_or_insert_with(String::new).push_str(&t);
            }
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
    }
    match attr(start, "t").as_deref() {
        Some("s") => shared(value?.trim().parse().ok()?),
        Some("inlineStr") => Some(super::parts::item_text(inner)),
        // A formula or a number: something the department wrote.
        _ => Some(value.unwrap_or_else(|| "=".to_string())),
    }
}

fn write_value(
    out: &mut Vec<u8>,
    prefix: &str,
    reference: &str,
    s: u32,
    other: &[(String, String)],
    value: &Value,
) {
    let mut attrs = format!(r#" r="{reference}""#);
    if s != 0 {
        attrs.push_str(&format!(r#" s="{s}""#));
    }
    for (k, v) in other {
        attrs.push_str(&format!(r#" {k}="{v}""#));
    }
    let p = prefix;
    let xml = match value {
        Value::Text(t) => format!(
            r#"<{p}c{attrs} t="inlineStr"><{p}is><{p}t xml:space="preserve">{}</{p}t></{p}is></{p}c>"#,
            esc(t)
        ),
        Value::Number(n) if n.is_finite() => format!("<{p}c{attrs}><{p}v>{n}</{p}v></{p}c>"),
        Value::Number(_) | Value::Blank | Value::Cached { .. } => format!("<{p}c{attrs}/>"),
        Value::Formula(f, cached) => {
            let f = esc(f.trim_start_matches('='));
            match cached.filter(|c| c.is_finite()) {
                Some(c) => format!("<{p}c{attrs}><{p}f>{f}</{p}f><{p}v>{c}</{p}v></{p}c>"),
                None => format!("<{p}c{attrs}><{p}f>{f}</{p}f></{p}c>"),
            }
        }
    };
    out.extend_from_slice(xml.as_bytes());
}

fn write_legacy(out: &mut Vec<u8>, prefix: &str, r_prefix: Option<&str>, legacy: Option<&str>) {
    if let (Some(id), Some(r)) = (legacy, r_prefix) {
        out.extend_from_slice(
            format!(r#"<{prefix}legacyDrawing {r}:id="{}"/>"#, esc(id)).as_bytes(),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `xml` edited: marked formats numbered 100 + the cell's, shared
    /// strings from `shared`, column `widths`.
    fn edited(
        xml: &str,
        edits: &[((u32, u32), CellEdit)],
        legacy: Option<&str>,
        shared: &[&str],
        widths: &[(u32, f64)],
    ) -> EditedSheet {
        let edits: BTreeMap<_, _> = edits.iter().cloned().collect();
        edit_sheet(
            xml.as_bytes(),
            &edits,
            &mut |xf, _| 100 + xf,
            legacy,
            &mut |i| shared.get(i).map(|s| s.to_string()),
            &widths.iter().copied().collect(),
        )
        .unwrap()
    }

    fn run(xml: &str, edits: &[((u32, u32), CellEdit)], legacy: Option<&str>) -> String {
        String::from_utf8(edited(xml, edits, legacy, &[], &[]).xml).unwrap()
    }

    fn text(t: &str) -> CellEdit {
        CellEdit {
            write: Some(Value::Text(t.into())),
            ..Default::default()
        }
    }

    #[test]
    fn cells_are_written_in_order_and_the_rest_is_kept() {
        let xml = r#"<?xml version="1.0"?><worksheet xmlns="m" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheetData><row r="2" spans="1:2"><c r="A2" s="3"><v>1</v></c><c r="C2" s="4" t="s"><v>0</v></c></row><row r="5"><c r="B5"/></row></sheetData><mergeCells count="1"><mergeCell ref="A1:B1"/></mergeCells></worksheet>"#;
        let out = run(
            xml,
            &[
                ((1, 1), text("x")),
                (
                    (1, 2),
                    CellEdit {
                        mark: Some(Severity::Error),
                        ..Default::default()
                    },
                ),
                (
                    (3, 0),
                    CellEdit {
                        write: Some(Value::Number(2.5)),
                        ..Default::default()
                    },
                ),
                (
                    (6, 0),
                    CellEdit {
                        write: Some(Value::Formula("=SUM(A1:A2)".into(), Some(3.0))),
                        ..Default::default()
                    },
                ),
            ],
            Some("rId9"),
        );
        assert_eq!(
            out,
            r#"<?xml version="1.0"?><worksheet xmlns="m" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheetData><row r="2"><c r="A2" s="3"><v>1</v></c><c r="B2" t="inlineStr"><is><t xml:space="preserve">x</t></is></c><c t="s" s="104" r="C2"><v>0</v></c></row><row r="4"><c r="A4"><v>2.5</v></c></row><row r="5"><c r="B5"/></row><row r="7"><c r="A7"><f>SUM(A1:A2)</f><v>3</v></c></row></sheetData><mergeCells count="1"><mergeCell ref="A1:B1"/></mergeCells><legacyDrawing r:id="rId9"/></worksheet>"#
        );
    }

    fn in_block(t: &str) -> CellEdit {
        CellEdit {
            block: Some(Block {
                label: (0, 0),
                text: "合计",
            }),
            ..text(t)
        }
    }

    fn run_block(xml: &str, shared: &[&str]) -> String {
        let edits = [
            ((0, 0), in_block("合计")),
            ((0, 1), in_block("y")),
            ((0, 2), in_block("z")),
        ];
        String::from_utf8(edited(xml, &edits, None, shared, &[(0, 20.0)]).xml).unwrap()
    }

    #[test]
    fn a_block_in_a_free_place_keeps_what_the_department_wrote() {
        let xml = r#"<worksheet><sheetData><row><c/><c><v>1</v></c></row></sheetData></worksheet>"#;
        let out = run_block(xml, &[]);
        assert!(out.contains(r#"<c r="A1" t="inlineStr">"#), "{out}");
        assert!(out.contains("<c><v>1</v></c>"), "{out}");
        assert!(out.contains(r#"<c r="C1" t="inlineStr">"#), "{out}");
    }

    #[test]
    fn a_block_of_an_earlier_round_is_written_again() {
        // The label as a shared string, the old figure a number.
        let xml = r#"<worksheet><sheetData><row><c t="s"><v>1</v></c><c><v>1</v></c></row></sheetData></worksheet>"#;
        let out = run_block(xml, &["x", " 合计 "]);
        assert!(!out.contains("<v>1</v></c>"), "{out}");
        assert!(out.contains(r#"<c r="B1" t="inlineStr">"#), "{out}");
    }

    #[test]
    fn a_block_where_the_department_wrote_is_left_out() {
        let xml = r#"<worksheet><sheetData><row><c t="inlineStr"><is><t>备注</t></is></c></row></sheetData></worksheet>"#;
        let out = run_block(xml, &[]);
        assert_eq!(
            out, xml,
            "nothing of the block is written beside the department's text"
        );
        let empty = r#"<worksheet><sheetData><row r="3"><c r="A3"><f>1+1</f><v>2</v></c></row></sheetData></worksheet>"#;
        let edits = [
            (
                (2, 0),
                CellEdit {
                    block: Some(Block {
                        label: (2, 0),
                        text: "合计",
                    }),
                    ..text("合计")
                },
            ),
            (
                (3, 1),
                CellEdit {
                    block: Some(Block {
                        label: (2, 0),
                        text: "合计",
                    }),
                    ..text("y")
                },
            ),
        ];
        let out = edited(empty, &edits, None, &[], &[(0, 20.0)]);
        assert_eq!(out.left_out, vec![(2, 0)]);
        // Its column is not sized either.
        assert_eq!(
            String::from_utf8(out.xml).unwrap(),
            empty,
            "a formula in the label cell is the department's, and no empty row is added"
        );
    }

    #[test]
    fn a_column_jixiao_adds_is_sized_where_the_sheet_does_not_size_it() {
        let width = |xml: &str| {
            let edits = [((0, 9), text("系统得分"))];
            String::from_utf8(edited(xml, &edits, None, &[], &[(9, 12.5)]).xml).unwrap()
        };
        let col = r#"<col min="10" max="10" width="12.5" customWidth="1"/>"#;
        let out = width(r#"<worksheet><sheetFormatPr/><sheetData/></worksheet>"#);
        assert!(
            out.contains(&format!("<sheetFormatPr/><cols>{col}</cols><sheetData>")),
            "{out}"
        );
        let out = width(
            r#"<worksheet><cols><col min="1" max="2" width="9"/><col min="12" max="12" width="9"/></cols><sheetData/></worksheet>"#,
        );
        assert!(
            out.contains(&format!(
                r#"<col min="1" max="2" width="9"/>{col}<col min="12" max="12" width="9"/>"#
            )),
            "{out}"
        );
        let out = width(
            r#"<worksheet><cols><col min="1" max="3" width="9"/></cols><sheetData/></worksheet>"#,
        );
        assert!(
            out.contains(&format!(r#"width="9"/>{col}</cols>"#)),
            "{out}"
        );
        let own = r#"<col min="1" max="16384" width="9"/>"#;
        let out = width(&format!(
            "<worksheet><cols>{own}</cols><sheetData/></worksheet>"
        ));
        assert!(out.contains(&format!("<cols>{own}</cols>")), "{out}");
    }

    #[test]
    fn a_reference_is_found_whole() {
        let f = r#"IF(AND(ISNUMBER(D7),ISNUMBER(E7),D7>0),E7/D7,"")"#;
        assert!(refers_to(f, "D7") && refers_to(f, "E7"));
        assert!(!refers_to("AD7+D70+SHEETD7(1)", "D7"));
        assert!(refers_to("SUM(D7:D9)", "D7"));
    }

    #[test]
    fn a_cache_is_given_only_to_a_formula_over_the_cells_named() {
        let xml = r#"<worksheet><sheetData><row r="7"><c r="G7" t="str"><f>IF(D7&gt;0,$E$7/$D$7,"")</f><v></v></c><c r="H7"><v>3</v></c><c r="I7"><f>E7/C7</f><v>1</v></c></row></sheetData></worksheet>"#;
        let cached = || CellEdit {
            write: Some(Value::Cached {
                value: 0.5,
                over: vec!["E7".into(), "D7".into()],
            }),
            ..Default::default()
        };
        let out = run(
            xml,
            &[((6, 6), cached()), ((6, 7), cached()), ((6, 8), cached())],
            None,
        );
        assert!(
            out.contains(r#"<c r="G7"><f>IF(D7&gt;0,$E$7/$D$7,&quot;&quot;)</f><v>0.5</v></c>"#),
            "{out}"
        );
        assert!(out.contains(r#"<c r="H7"><v>3</v></c>"#), "{out}");
        assert!(
            out.contains(r#"<c r="I7"><f>E7/C7</f><v>1</v></c>"#),
            "{out}"
        );
    }

    #[test]
    fn an_empty_sheet_gets_its_rows() {
        let xml = r#"<x:worksheet xmlns:x="m"><x:sheetData/></x:worksheet>"#;
        let out = run(xml, &[((0, 0), text("a"))], Some("rId1"));
        assert!(
            out.contains(r#"<x:sheetData><x:row r="1"><x:c r="A1" t="inlineStr">"#),
            "{out}"
        );
        assert!(
            out.contains(r#"xmlns:jxr="#) && out.contains(r#"<x:legacyDrawing jxr:id="rId1"/>"#),
            "{out}"
        );
    }
}
