//! Reading an .xlsx package part by part (its sheets by name, each cell's
//! resolved style) to compare a department's file with its completed
//! workbook, and building department workbooks with what departments add
//! to them: an extra sheet, an image, a comment, merged cells, custom
//! formats and print settings (rust_xlsxwriter writes them all).

use std::collections::BTreeMap;
use std::io::{Cursor, Read};

use calamine::{Data, Reader, Xlsx};
use quick_xml::events::Event;
use rust_xlsxwriter::{Color, Format, FormatBorder, Formula, Image, Note, Workbook};

/// Every part of a zip, decompressed, by name.
pub fn parts(bytes: &[u8]) -> BTreeMap<String, Vec<u8>> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).expect("zip");
    let mut out = BTreeMap::new();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).expect("entry");
        let mut b = Vec::new();
        f.read_to_end(&mut b).expect("read");
        out.insert(f.name().unwrap().to_string(), b);
    }
    out
}

fn attr(e: &quick_xml::events::BytesStart<'_>, name: &str) -> Option<String> {
    e.attributes().flatten().find_map(|a| {
        (a.key.local_name().as_ref() == name).then(|| {
            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .map(|v| v.into_owned())
                .unwrap_or_default()
        })
    })
}

/// Elements of `xml` by local name, with their start tag's attributes and
/// their raw text (from start to end), in order.
fn elements(xml: &[u8], name: &str) -> Vec<(quick_xml::events::BytesStart<'static>, String)> {
    let mut reader = quick_xml::Reader::from_reader(xml);
    let mut out = Vec::new();
    let mut open: Option<(quick_xml::events::BytesStart<'static>, usize, usize)> = None;
    loop {
        let before = reader.buffer_position() as usize;
        let ev = reader.read_event().expect("xml");
        let after = reader.buffer_position() as usize;
        match ev {
            Event::Empty(e) if e.local_name().as_ref() == name && open.is_none() => {
                out.push((
                    e.into_owned(),
                    String::from_utf8_lossy(&xml[before..after]).into(),
                ));
            }
            Event::Start(e) if e.local_name().as_ref() == name => match &mut open {
                None => open = Some((e.into_owned(), before, 0)),
                Some((_, _, depth)) => *depth += 1,
            },
            Event::End(e) if e.local_name().as_ref() == name => {
                if let Some((s, start, depth)) = open.take() {
                    if depth == 0 {
                        out.push((s, String::from_utf8_lossy(&xml[start..after]).into()));
                    } else {
                        open = Some((s, start, depth - 1));
                    }
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    out
}

/// The sheets of a package: name → part name.
pub fn sheet_parts(parts: &BTreeMap<String, Vec<u8>>) -> Vec<(String, String)> {
    let book = &parts["xl/workbook.xml"];
    let rels = &parts["xl/_rels/workbook.xml.rels"];
    let targets: BTreeMap<String, String> = elements(rels, "Relationship")
        .into_iter()
        .map(|(e, _)| (attr(&e, "Id").unwrap(), attr(&e, "Target").unwrap()))
        .collect();
    elements(book, "sheet")
        .into_iter()
        .map(|(e, _)| {
            let id = e
                .attributes()
                .flatten()
                .find(|a| a.key.local_name().as_ref() == "id")
                .unwrap()
                .value
                .to_string();
            let t = &targets[&id];
            let part = match t.strip_prefix('/') {
                Some(abs) => abs.to_string(),
                None => format!("xl/{t}"),
            };
            (attr(&e, "name").unwrap(), part)
        })
        .collect()
}

/// A cell format resolved to what it shows: number format, font, fill,
/// border and the rest of the `xf` (alignment, protection).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Look {
    pub num_fmt: String,
    pub font: String,
    pub fill: String,
    pub border: String,
    pub rest: String,
}

/// The resolved cell formats of a styles part, by index.
pub fn looks(styles: &[u8]) -> Vec<Look> {
    let fmts: BTreeMap<String, String> = elements(styles, "numFmt")
        .into_iter()
        .map(|(e, _)| {
            (
                attr(&e, "numFmtId").unwrap(),
                attr(&e, "formatCode").unwrap(),
            )
        })
        .collect();
    let list = |outer: &str, inner: &str| -> Vec<String> {
        elements(styles, outer)
            .first()
            .map(|(_, raw)| {
                elements(raw.as_bytes(), inner)
                    .into_iter()
                    .map(|(_, r)| r)
                    .collect()
            })
            .unwrap_or_default()
    };
    let (fonts, fills, borders) = (
        list("fonts", "font"),
        list("fills", "fill"),
        list("borders", "border"),
    );
    let xfs = list("cellXfs", "xf");
    xfs.iter()
        .map(|raw| {
            let (e, _) = elements(raw.as_bytes(), "xf").remove(0);
            let get = |k: &str| attr(&e, k).unwrap_or_else(|| "0".into());
            let nf = get("numFmtId");
            let pick = |l: &Vec<String>, k: &str| {
                l.get(get(k).parse::<usize>().unwrap_or(0))
                    .cloned()
                    .unwrap_or_default()
            };
            let inner = raw
                .split_once('>')
                .map(|(_, r)| r.trim_end_matches("</xf>").to_string())
                .unwrap_or_default();
            Look {
                num_fmt: fmts.get(&nf).cloned().unwrap_or(nf),
                font: pick(&fonts, "fontId"),
                fill: pick(&fills, "fillId"),
                border: pick(&borders, "borderId"),
                rest: inner,
            }
        })
        .collect()
}

/// Each written cell's format index in a sheet part: (row, col) → xf.
pub fn cell_styles(sheet: &[u8]) -> BTreeMap<(u32, u32), usize> {
    elements(sheet, "c")
        .into_iter()
        .filter_map(|(e, _)| {
            let r = attr(&e, "r")?;
            let split = r.find(|c: char| c.is_ascii_digit())?;
            let (letters, digits) = r.split_at(split);
            let col = letters
                .bytes()
                .fold(0u32, |n, b| n * 26 + u32::from(b - b'A' + 1))
                - 1;
            let row = digits.parse::<u32>().ok()? - 1;
            Some((
                (row, col),
                attr(&e, "s").and_then(|s| s.parse().ok()).unwrap_or(0),
            ))
        })
        .collect()
}

/// A sheet's values and formulas as calamine reads them: (row, col) →
/// (value, formula).
pub fn cells(bytes: &[u8], sheet: &str) -> BTreeMap<(u32, u32), (Data, String)> {
    let mut wb: Xlsx<_> = Xlsx::new(Cursor::new(bytes.to_vec())).expect("xlsx");
    let mut out = BTreeMap::new();
    if let Ok(range) = wb.worksheet_range(sheet) {
        for (r, c, v) in range.used_cells() {
            let (sr, sc) = range.start().unwrap_or((0, 0));
            out.insert((sr + r as u32, sc + c as u32), (v.clone(), String::new()));
        }
    }
    if let Ok(range) = wb.worksheet_formula(sheet) {
        let (sr, sc) = range.start().unwrap_or((0, 0));
        for (r, c, f) in range.used_cells() {
            if !f.is_empty() {
                out.entry((sr + r as u32, sc + c as u32))
                    .or_insert((Data::Empty, String::new()))
                    .1 = f.clone();
            }
        }
    }
    out
}

/// A 1×1 PNG.
const PNG: [u8; 67] = [
    0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F, 0x15, 0xC4,
    0x89, 0x00, 0x00, 0x00, 0x0A, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9C, 0x63, 0x00, 0x01, 0x00, 0x00,
    0x05, 0x00, 0x01, 0x0D, 0x0A, 0x2D, 0xB4, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4E, 0x44, 0xAE,
    0x42, 0x60, 0x82,
];

/// What a hand-built department workbook carries besides the form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Extra {
    /// A sheet of its own (附件-项目明细) with figures and a formula.
    Sheet,
    /// An image on the extra sheet.
    Image,
    /// A comment of the department's on 基本情况.
    Comment,
    /// Merged cells.
    Merged,
    /// Custom fonts, fills, borders and number formats.
    Styles,
    /// Print settings (landscape, margins, header, print area).
    Print,
}

/// A department workbook written anew by rust_xlsxwriter from `source`
/// (a filled template): every sheet's values, formulas and defined names,
/// plus a remark in 基本情况!E3 (a project form's L3) and the `extras`.
pub fn hand_built(source: &[u8], extras: &[Extra]) -> Vec<u8> {
    let parts = parts(source);
    let mut wb = Workbook::new();
    let red = Format::new()
        .set_font_color(Color::Red)
        .set_bold()
        .set_font_name("楷体")
        .set_background_color(Color::RGB(0xDDEEFF))
        .set_border(FormatBorder::Double)
        .set_num_format("0.000");
    let sheets = sheet_parts(&parts);
    for (name, _) in &sheets {
        let ws = wb.add_worksheet();
        ws.set_name(name).unwrap();
        for ((r, c), (v, f)) in cells(source, name) {
            let c = c as u16;
            if !f.is_empty() {
                ws.write_formula(r, c, Formula::new(format!("={f}")))
                    .unwrap();
                continue;
            }
            match v {
                Data::String(s) => ws.write_string(r, c, s).map(|_| ()),
                Data::Float(x) => ws.write_number(r, c, x).map(|_| ()),
                Data::Int(x) => ws.write_number(r, c, x as f64).map(|_| ()),
                Data::Bool(b) => ws.write_boolean(r, c, b).map(|_| ()),
                Data::DateTime(d) => ws
                    .write_number_with_format(
                        r,
                        c,
                        d.as_f64(),
                        &Format::new().set_num_format("yyyy-mm-dd"),
                    )
                    .map(|_| ()),
                _ => Ok(()),
            }
            .unwrap();
        }
        // The remark: beside 基本情况's fields, or right of a project
        // form (past its 系统得分 column).
        let remark_col = match name.as_str() {
            "基本情况" => Some(4),
            jixiao::contract::fields::PROJECT_SHEET => Some(11),
            _ => None,
        };
        if let Some(rc) = remark_col {
            ws.write_string(2, rc, "备注：本单位另附项目明细。")
                .unwrap();
            ws.set_column_width(rc, 30).unwrap();
            if extras.contains(&Extra::Comment) {
                ws.insert_note(2, rc, &Note::new("单位自己的批注").set_author("填表人"))
                    .unwrap();
            }
            if extras.contains(&Extra::Styles) {
                ws.write_number_with_format(3, rc, 12.5, &red).unwrap();
            }
        }
        if name == "基本情况" {
            if extras.contains(&Extra::Merged) {
                ws.merge_range(5, 5, 6, 7, "合并的说明", &Format::new().set_italic())
                    .unwrap();
            }
            if extras.contains(&Extra::Print) {
                ws.set_landscape();
                ws.set_margins(0.3, 0.3, 0.5, 0.5, 0.2, 0.2);
                ws.set_header("&C单位自评");
                ws.set_print_area(0, 0, 30, 5).unwrap();
            }
        }
    }
    if extras.contains(&Extra::Sheet) {
        let ws = wb.add_worksheet();
        ws.set_name("附件-项目明细").unwrap();
        ws.write_string(0, 0, "项目").unwrap();
        ws.write_string(0, 1, "金额（万元）").unwrap();
        ws.write_string(1, 0, "道路维护").unwrap();
        ws.write_number_with_format(1, 1, 120.5, &red).unwrap();
        ws.write_string(2, 0, "绿化").unwrap();
        ws.write_number(2, 1, 30.25).unwrap();
        ws.write_formula(3, 1, Formula::new("=SUM(B2:B3)").set_result("150.75"))
            .unwrap();
        if extras.contains(&Extra::Image) {
            let image = Image::new_from_buffer(&PNG).unwrap();
            ws.insert_image(5, 3, &image).unwrap();
        }
    }
    // The form's defined names, as the template has them.
    for (e, raw) in elements(&parts["xl/workbook.xml"], "definedName") {
        if attr(&e, "localSheetId").is_some() {
            continue;
        }
        let name = attr(&e, "name").unwrap();
        let text = raw
            .split_once('>')
            .unwrap()
            .1
            .trim_end_matches("</definedName>");
        let text = quick_xml::escape::unescape(text).unwrap();
        wb.define_name(name, &format!("={text}")).unwrap();
    }
    wb.save_to_buffer().unwrap()
}
