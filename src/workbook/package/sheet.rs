//! One worksheet part streamed through quick-xml with a few cells written
//! or marked: every other element, attribute and byte of text is copied as
//! it was read, so the department's rows, formats, merged cells, validations,
//! protection and print settings stay. Cells and rows without an `r`
//! (allowed, and written by some producers) are counted in order.

use std::collections::BTreeMap;

use quick_xml::events::{BytesEnd, BytesStart, Event};

use super::PackageError;
use super::parts::{attr, esc, local};
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
}

/// What happens to one cell.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct CellEdit {
    /// The value to write, if any.
    pub write: Option<Value>,
    /// Write only when the cell holds nothing (a row jixiao adds under a
    /// table must not overwrite what the department wrote there).
    pub only_if_empty: bool,
    /// The fill of a finding's severity.
    pub mark: Option<Severity>,
}

/// The worksheet part `xml` with `edits` applied; `restyle(xf, severity)`
/// gives the index of the cell format `xf` filled for the severity;
/// `legacy` is a relationship id to give the sheet a `<legacyDrawing>`
/// (its comments' VML).
pub(crate) fn edit_sheet(
    xml: &[u8],
    edits: &BTreeMap<(u32, u32), CellEdit>,
    restyle: &mut dyn FnMut(u32, Severity) -> u32,
    legacy: Option<&str>,
) -> Result<Vec<u8>, PackageError> {
    let mut reader = quick_xml::Reader::from_reader(xml);
    let mut w = quick_xml::Writer::new(Vec::with_capacity(xml.len() + 4096));
    // Rows still to visit, each with its cells' edits.
    let mut rows: BTreeMap<u32, BTreeMap<u32, &CellEdit>> = BTreeMap::new();
    for ((r, c), e) in edits {
        rows.entry(*r).or_default().insert(*c, e);
    }
    let mut prefix = String::new();
    let mut r_prefix: Option<String> = None;
    let mut depth = 0usize;
    let mut col_styles: Vec<(u32, u32, u32)> = Vec::new();
    let mut next_row = 0u32;
    // The current row: its index, its edits left, its style, next column.
    let mut row: Option<OpenRow<'_>> = None;
    let mut legacy_done = legacy.is_none();
    loop {
        let ev = reader.read_event().map_err(PackageError::new)?;
        let kind = if matches!(ev, Event::Empty(_)) {
            Kind::Empty
        } else {
            Kind::Start
        };
        match ev {
            Event::Start(e) | Event::Empty(e) if depth == 0 && local(&e) == "worksheet" => {
                let name = e.name().as_ref().to_string();
                prefix = name
                    .split_once(':')
                    .map_or(String::new(), |(p, _)| format!("{p}:"));
                let mut start = e.to_owned();
                for a in e.attributes().flatten() {
                    let key = a.key.as_ref().to_string();
                    if let Some(p) = key.strip_prefix("xmlns:")
                        && a.value.as_ref()
                            == "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
                    {
                        r_prefix = Some(p.to_string());
                    }
                }
                if legacy.is_some() && r_prefix.is_none() {
                    start.push_attribute((
                        "xmlns:jxr",
                        "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
                    ));
                    r_prefix = Some("jxr".to_string());
                }
                depth += 1;
                w.write_event(Event::Start(start))
                    .map_err(PackageError::new)?;
            }
            Event::Start(e) | Event::Empty(e) if depth == 2 && local(&e) == "col" => {
                let min = attr(&e, "min").and_then(|v| v.parse().ok()).unwrap_or(0);
                let max = attr(&e, "max").and_then(|v| v.parse().ok()).unwrap_or(0);
                if let Some(s) = attr(&e, "style").and_then(|v| v.parse().ok()) {
                    col_styles.push((min, max, s));
                }
                copy_kind(&mut w, &mut depth, e.into_owned(), kind)?;
            }
            Event::Empty(e) if depth == 1 && local(&e) == "sheetData" => {
                let tag = format!("{prefix}sheetData");
                w.write_event(Event::Start(BytesStart::new(tag.as_str())))
                    .map_err(PackageError::new)?;
                for (r, cells) in std::mem::take(&mut rows) {
                    write_new_row(&mut w, &prefix, r, &cells, &col_styles, restyle)?;
                }
                w.write_event(Event::End(BytesEnd::new(tag.as_str())))
                    .map_err(PackageError::new)?;
            }
            Event::Start(e) | Event::Empty(e) if depth == 2 && local(&e) == "row" => {
                let empty = matches!(kind, Kind::Empty);
                let r = attr(&e, "r")
                    .and_then(|v| v.parse::<u32>().ok())
                    .map_or(next_row, |v| v.saturating_sub(1));
                next_row = r + 1;
                // Rows jixiao adds before this one.
                let before: Vec<u32> = rows.range(..r).map(|(k, _)| *k).collect();
                for k in before {
                    if let Some(cells) = rows.remove(&k) {
                        write_new_row(&mut w, &prefix, k, &cells, &col_styles, restyle)?;
                    }
                }
                let cells = rows.remove(&r).unwrap_or_default();
                let style = (attr(&e, "customFormat").is_some_and(|v| v == "1" || v == "true"))
                    .then(|| attr(&e, "s").and_then(|v| v.parse().ok()))
                    .flatten();
                let mut start = e.to_owned();
                if !cells.is_empty() {
                    // `spans` is a hint a cell added outside it would belie.
                    start = rebuild(&e, &[("spans", None)]);
                }
                if empty {
                    if cells.is_empty() {
                        w.write_event(Event::Empty(start))
                            .map_err(PackageError::new)?;
                    } else {
                        w.write_event(Event::Start(start))
                            .map_err(PackageError::new)?;
                        for (c, edit) in &cells {
                            write_new_cell(
                                &mut w,
                                &prefix,
                                r,
                                *c,
                                edit,
                                style,
                                &col_styles,
                                restyle,
                            )?;
                        }
                        let tag = format!("{prefix}row");
                        w.write_event(Event::End(BytesEnd::new(tag.as_str())))
                            .map_err(PackageError::new)?;
                    }
                } else {
                    depth += 1;
                    w.write_event(Event::Start(start))
                        .map_err(PackageError::new)?;
                    row = Some((r, cells, style, 0));
                }
            }
            Event::Start(e) | Event::Empty(e) if depth == 3 && local(&e) == "c" => {
                let empty = matches!(kind, Kind::Empty);
                let Some((r, cells, style, next_col)) = &mut row else {
                    return Err(PackageError::new("单元格不在行内"));
                };
                let c = attr(&e, "r")
                    .and_then(|v| parse_a1(&v))
                    .map_or(*next_col, |(_, c)| c);
                *next_col = c + 1;
                let before: Vec<u32> = cells.range(..c).map(|(k, _)| *k).collect();
                for k in before {
                    if let Some(edit) = cells.remove(&k) {
                        write_new_cell(&mut w, &prefix, *r, k, edit, *style, &col_styles, restyle)?;
                    }
                }
                let start = e.to_owned();
                let inner = if empty {
                    Vec::new()
                } else {
                    read_inner(&mut reader)?
                };
                match cells.remove(&c) {
                    None => write_cell_as_read(&mut w, &prefix, start, &inner)?,
                    Some(edit) => {
                        write_edited_cell(&mut w, &prefix, *r, c, start, &inner, edit, restyle)?
                    }
                }
            }
            Event::End(e) if depth == 3 && e.local_name().as_ref() == "row" => {
                if let Some((r, cells, style, _)) = row.take() {
                    for (c, edit) in &cells {
                        write_new_cell(&mut w, &prefix, r, *c, edit, style, &col_styles, restyle)?;
                    }
                }
                depth -= 1;
                w.write_event(Event::End(e)).map_err(PackageError::new)?;
            }
            Event::End(e) if depth == 2 && e.local_name().as_ref() == "sheetData" => {
                for (r, cells) in std::mem::take(&mut rows) {
                    write_new_row(&mut w, &prefix, r, &cells, &col_styles, restyle)?;
                }
                depth -= 1;
                w.write_event(Event::End(e)).map_err(PackageError::new)?;
            }
            Event::Start(e) | Event::Empty(e)
                if depth == 1
                    && !legacy_done
                    && matches!(
                        local(&e).as_str(),
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
                write_legacy(&mut w, &prefix, r_prefix.as_deref(), legacy)?;
                legacy_done = true;
                copy_kind(&mut w, &mut depth, e.into_owned(), kind)?;
            }
            Event::End(e) if depth == 1 => {
                if !legacy_done {
                    write_legacy(&mut w, &prefix, r_prefix.as_deref(), legacy)?;
                    legacy_done = true;
                }
                depth -= 1;
                w.write_event(Event::End(e)).map_err(PackageError::new)?;
            }
            Event::Start(e) => {
                depth += 1;
                w.write_event(Event::Start(e)).map_err(PackageError::new)?;
            }
            Event::End(e) => {
                depth = depth.saturating_sub(1);
                w.write_event(Event::End(e)).map_err(PackageError::new)?;
            }
            Event::Eof => break,
            other => w.write_event(other).map_err(PackageError::new)?,
        }
    }
    Ok(w.into_inner())
}

/// The row being streamed: its index, its edits left, its style, the
/// next column.
type OpenRow<'e> = (u32, BTreeMap<u32, &'e CellEdit>, Option<u32>, u32);

#[derive(Clone, Copy)]
enum Kind {
    Start,
    Empty,
}

fn copy_kind(
    w: &mut quick_xml::Writer<Vec<u8>>,
    depth: &mut usize,
    e: BytesStart<'static>,
    kind: Kind,
) -> Result<(), PackageError> {
    match kind {
        Kind::Empty => w.write_event(Event::Empty(e)),
        Kind::Start => {
            *depth += 1;
            w.write_event(Event::Start(e))
        }
    }
    .map_err(PackageError::new)
}

/// The events inside a cell, up to and without its end tag.
fn read_inner(reader: &mut quick_xml::Reader<&[u8]>) -> Result<Vec<Event<'static>>, PackageError> {
    let mut inner = Vec::new();
    let mut depth = 0usize;
    loop {
        let ev = reader.read_event().map_err(PackageError::new)?;
        match &ev {
            Event::Start(_) => depth += 1,
            Event::End(_) if depth == 0 => return Ok(inner),
            Event::End(_) => depth -= 1,
            Event::Eof => return Err(PackageError::new("单元格未结束")),
            _ => {}
        }
        inner.push(ev.into_owned());
    }
}

fn write_cell_as_read(
    w: &mut quick_xml::Writer<Vec<u8>>,
    prefix: &str,
    start: BytesStart<'static>,
    inner: &[Event<'static>],
) -> Result<(), PackageError> {
    if inner.is_empty() {
        return w
            .write_event(Event::Empty(start))
            .map_err(PackageError::new);
    }
    w.write_event(Event::Start(start))
        .map_err(PackageError::new)?;
    for ev in inner {
        w.write_event(ev.clone()).map_err(PackageError::new)?;
    }
    let tag = format!("{prefix}c");
    w.write_event(Event::End(BytesEnd::new(tag.as_str())))
        .map_err(PackageError::new)
}

/// Whether a cell's content holds a value or a formula.
fn holds_something(inner: &[Event<'static>]) -> bool {
    inner.iter().any(|ev| match ev {
        Event::Start(e) | Event::Empty(e) => {
            matches!(e.local_name().as_ref(), "f" | "is")
        }
        Event::Text(t) => !t.is_empty(),
        Event::GeneralRef(_) => true,
        _ => false,
    })
}

/// Whether a cell is the master of a shared or array formula: other
/// cells depend on its `<f>`, which must stay.
fn formula_master(inner: &[Event<'static>]) -> bool {
    inner.iter().any(|ev| match ev {
        Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == "f" => {
            let t = attr(e, "t");
            (t.as_deref() == Some("shared") && attr(e, "ref").is_some())
                || t.as_deref() == Some("array")
        }
        _ => false,
    })
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

#[allow(clippy::too_many_arguments)]
fn write_edited_cell(
    w: &mut quick_xml::Writer<Vec<u8>>,
    prefix: &str,
    row: u32,
    col: u32,
    start: BytesStart<'static>,
    inner: &[Event<'static>],
    edit: &CellEdit,
    restyle: &mut dyn FnMut(u32, Severity) -> u32,
) -> Result<(), PackageError> {
    let xf: u32 = attr(&start, "s").and_then(|v| v.parse().ok()).unwrap_or(0);
    let new_xf = edit.mark.map(|sev| restyle(xf, sev));
    let write = edit
        .write
        .as_ref()
        .filter(|_| !(formula_master(inner) || edit.only_if_empty && holds_something(inner)));
    let reference = a1(row, col);
    match write {
        None => {
            let s = new_xf.map(|x| x.to_string());
            let start = match &s {
                Some(s) => rebuild(&start, &[("s", Some(s)), ("r", Some(&reference))]),
                None => start,
            };
            write_cell_as_read(w, prefix, start, inner)
        }
        Some(value) => {
            let s = new_xf.unwrap_or(xf);
            let other: Vec<(String, String)> = start
                .attributes()
                .flatten()
                .filter(|a| !matches!(a.key.as_ref(), "r" | "s" | "t"))
                .map(|a| (a.key.as_ref().to_string(), a.value.to_string()))
                .collect();
            write_value(w, prefix, &reference, s, &other, value)
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn write_new_cell(
    w: &mut quick_xml::Writer<Vec<u8>>,
    prefix: &str,
    row: u32,
    col: u32,
    edit: &CellEdit,
    row_style: Option<u32>,
    col_styles: &[(u32, u32, u32)],
    restyle: &mut dyn FnMut(u32, Severity) -> u32,
) -> Result<(), PackageError> {
    let xf = row_style
        .or_else(|| {
            col_styles
                .iter()
                .find(|(min, max, _)| (*min..=*max).contains(&(col + 1)))
                .map(|(_, _, s)| *s)
        })
        .unwrap_or(0);
    let s = edit.mark.map_or(xf, |sev| restyle(xf, sev));
    let reference = a1(row, col);
    match &edit.write {
        Some(v) => write_value(w, prefix, &reference, s, &[], v),
        None => {
            let raw = format!(r#"<{prefix}c r="{reference}" s="{s}"/>"#);
            w.get_mut().extend_from_slice(raw.as_bytes());
            Ok(())
        }
    }
}

fn write_new_row(
    w: &mut quick_xml::Writer<Vec<u8>>,
    prefix: &str,
    row: u32,
    cells: &BTreeMap<u32, &CellEdit>,
    col_styles: &[(u32, u32, u32)],
    restyle: &mut dyn FnMut(u32, Severity) -> u32,
) -> Result<(), PackageError> {
    w.get_mut()
        .extend_from_slice(format!(r#"<{prefix}row r="{}">"#, row + 1).as_bytes());
    for (c, edit) in cells {
        write_new_cell(w, prefix, row, *c, edit, None, col_styles, restyle)?;
    }
    w.get_mut()
        .extend_from_slice(format!("</{prefix}row>").as_bytes());
    Ok(())
}

fn write_value(
    w: &mut quick_xml::Writer<Vec<u8>>,
    prefix: &str,
    reference: &str,
    s: u32,
    other: &[(String, String)],
    value: &Value,
) -> Result<(), PackageError> {
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
        Value::Number(_) => format!("<{p}c{attrs}/>"),
        Value::Formula(f, cached) => {
            let f = esc(f.trim_start_matches('='));
            match cached.filter(|c| c.is_finite()) {
                Some(c) => format!("<{p}c{attrs}><{p}f>{f}</{p}f><{p}v>{c}</{p}v></{p}c>"),
                None => format!("<{p}c{attrs}><{p}f>{f}</{p}f></{p}c>"),
            }
        }
    };
    w.get_mut().extend_from_slice(xml.as_bytes());
    Ok(())
}

fn write_legacy(
    w: &mut quick_xml::Writer<Vec<u8>>,
    prefix: &str,
    r_prefix: Option<&str>,
    legacy: Option<&str>,
) -> Result<(), PackageError> {
    if let (Some(id), Some(r)) = (legacy, r_prefix) {
        w.get_mut().extend_from_slice(
            format!(r#"<{prefix}legacyDrawing {r}:id="{}"/>"#, esc(id)).as_bytes(),
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(xml: &str, edits: &[((u32, u32), CellEdit)], legacy: Option<&str>) -> String {
        let edits: BTreeMap<_, _> = edits.iter().cloned().collect();
        let out = edit_sheet(xml.as_bytes(), &edits, &mut |xf, _| 100 + xf, legacy).unwrap();
        String::from_utf8(out).unwrap()
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

    #[test]
    fn a_filled_cell_under_a_table_is_not_overwritten() {
        let xml = r#"<worksheet><sheetData><row><c><v>1</v></c><c/></row></sheetData></worksheet>"#;
        let only = |t: &str| CellEdit {
            only_if_empty: true,
            ..text(t)
        };
        let out = run(xml, &[((0, 0), only("x")), ((0, 1), only("y"))], None);
        assert!(out.contains("<c><v>1</v></c>"), "{out}");
        assert!(out.contains(r#"<c r="B1" t="inlineStr">"#), "{out}");
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
