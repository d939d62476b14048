//! Comments on the marked cells of a sheet: added to the sheet's comments
//! part and its legacy (VML) drawing when it has them, or in new ones with
//! their relationships and content types. A cell the department already
//! commented keeps its comment; jixiao's text is added under it.

use std::collections::BTreeMap;

use super::parts::{self, ContentTypes, esc, relative, rels_part, resolve};
use super::{Package, PackageError};
use crate::contract::cell::{a1, parse_a1};
use crate::workbook::layout::Mark;

const AUTHOR: &str = "jixiao";

/// Adds the comments of `notes` to the sheet `sheet_part` (the `n`th
/// sheet); the id of a new relationship to its VML drawing, when the sheet
/// needs a `<legacyDrawing>` for it.
pub(super) fn add_notes(
    pkg: &mut Package<'_>,
    types: &mut ContentTypes,
    sheet_part: &str,
    notes: &BTreeMap<(u32, u32), Mark>,
    n: u32,
) -> Result<Option<String>, PackageError> {
    let mut rels = pkg.rels(sheet_part)?;
    let comments = rels
        .of_type("comments")
        .map(|r| resolve(sheet_part, &r.target));
    let vml = rels
        .of_type("vmlDrawing")
        .map(|r| resolve(sheet_part, &r.target));
    let existing = match &comments {
        Some(part) => pkg.read(part)?,
        None => None,
    };
    let comments_part = match (&comments, &existing) {
        (Some(p), Some(_)) => p.clone(),
        _ => {
            let p = pkg.fresh("xl/comments", ".xml");
            let id = rels.fresh_id();
            rels.push(id, parts::REL_COMMENTS, &relative(sheet_part, &p));
            types.add_override(&p, parts::CT_COMMENTS);
            p
        }
    };
    let commented = comments_xml(existing.as_deref(), notes)?;
    pkg.put(&comments_part, commented.xml);
    let existing_vml = match &vml {
        Some(p) => pkg.read(p)?,
        None => None,
    };
    let mut legacy = None;
    match (&vml, existing_vml) {
        (Some(p), Some(old)) => pkg.put(
            p,
            vml_xml(Some(&old), &commented.boxed, &commented.removed, n)?,
        ),
        _ => {
            let p = pkg.fresh("xl/drawings/vmlDrawing", ".vml");
            let id = rels.fresh_id();
            rels.push(id.clone(), parts::REL_VML, &relative(sheet_part, &p));
            types.ensure_default("vml", parts::CT_VML);
            pkg.put(&p, vml_xml(None, &commented.boxed, &[], n)?);
            legacy = Some(id);
        }
    }
    pkg.put(&rels_part(sheet_part), rels.write());
    Ok(legacy)
}

fn comment_body(text: &str) -> String {
    format!(
        r#"<text><r><rPr><sz val="9"/><rFont val="宋体"/><family val="3"/><charset val="134"/></rPr><t xml:space="preserve">{}</t></r></text>"#,
        esc(text)
    )
}

/// The comments part: the department's comments, then jixiao's. A cell
/// with a comment of its own gets jixiao's text appended to it.
/// Also the cells given a comment of their own (each needs a box in the
/// VML drawing) and the cells whose earlier comments by jixiao went.
fn comments_xml(
    existing: Option<&[u8]>,
    notes: &BTreeMap<(u32, u32), Mark>,
) -> Result<Commented, PackageError> {
    let Some(old) = existing else {
        let mut s = String::from(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<comments xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><authors><author>jixiao</author></authors><commentList>"#,
        );
        for ((r, c), note) in notes {
            s.push_str(&format!(
                r#"<comment ref="{}" authorId="0">{}</comment>"#,
                a1(*r, *c),
                comment_body(&note.note)
            ));
        }
        s.push_str("</commentList></comments>");
        return Ok(Commented {
            xml: s.into_bytes(),
            boxed: notes.keys().copied().collect(),
            removed: Vec::new(),
        });
    };
    let text = std::str::from_utf8(old).map_err(PackageError::new)?;
    let authors: Vec<&str> = text
        .split("<author>")
        .skip(1)
        .filter_map(|a| a.split_once("</author>").map(|(name, _)| name))
        .collect();
    let mut out = text.to_string();
    let mut removed = Vec::new();
    let authors = match authors.iter().position(|a| *a == AUTHOR) {
        // An earlier round's comments go: this round's replace them.
        Some(ours) => {
            let (kept, gone) = without_comments_of(&out, ours);
            out = kept;
            removed = gone;
            ours
        }
        None => {
            if let Some(at) = out.find("</authors>") {
                out.insert_str(at, &format!("<author>{AUTHOR}</author>"));
            } else if let Some(at) = out.find("<authors/>") {
                out.replace_range(
                    at..at + "<authors/>".len(),
                    &format!("<authors><author>{AUTHOR}</author></authors>"),
                );
            } else {
                return Err(PackageError::new("批注部件没有作者列表"));
            }
            authors.len()
        }
    };
    let mut added = String::new();
    let mut boxed = Vec::new();
    for ((r, c), note) in notes {
        let reference = a1(*r, *c);
        let marker = format!(r#"ref="{reference}""#);
        if let Some(at) = out.find(&marker) {
            // Append to the department's comment: a new run before </text>.
            if let Some(end) = out[at..].find("</text>") {
                out.insert_str(
                    at + end,
                    &format!(
                        r#"<r><t xml:space="preserve">{}</t></r>"#,
                        esc(&format!("\n{}", note.note))
                    ),
                );
                continue;
            }
        }
        added.push_str(&format!(
            r#"<comment ref="{reference}" authorId="{authors}">{}</comment>"#,
            comment_body(&note.note)
        ));
        boxed.push((*r, *c));
    }
    if let Some(at) = out.find("</commentList>") {
        out.insert_str(at, &added);
    } else if let Some(at) = out.find("<commentList/>") {
        out.replace_range(
            at..at + "<commentList/>".len(),
            &format!("<commentList>{added}</commentList>"),
        );
    } else {
        return Err(PackageError::new("批注部件没有批注列表"));
    }
    Ok(Commented {
        xml: out.into_bytes(),
        boxed,
        removed,
    })
}

/// A comments part written: its bytes, the cells given a comment of
/// their own, the cells whose earlier comments by jixiao went.
struct Commented {
    xml: Vec<u8>,
    boxed: Vec<(u32, u32)>,
    removed: Vec<(u32, u32)>,
}

/// A comments part without the comments of author `author`, and the cells
/// those were on.
fn without_comments_of(xml: &str, author: usize) -> (String, Vec<(u32, u32)>) {
    let mut gone = Vec::new();
    let marker = format!(r#"authorId="{author}""#);
    let mut out = String::with_capacity(xml.len());
    let mut rest = xml;
    while let Some(start) = rest.find("<comment ") {
        let Some(len) = rest[start..].find("</comment>") else {
            break;
        };
        let end = start + len + "</comment>".len();
        out.push_str(&rest[..start]);
        let tag_end = rest[start..end].find('>').map_or(end, |t| start + t);
        let tag = &rest[start..tag_end];
        if tag.contains(&marker) {
            if let Some(cell) = tag
                .split("ref=\"")
                .nth(1)
                .and_then(|r| r.split('"').next())
                .and_then(parse_a1)
            {
                gone.push(cell);
            }
        } else {
            out.push_str(&rest[start..end]);
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    (out, gone)
}

/// A VML drawing without the note boxes of the cells in `cells`.
fn without_shapes_at(xml: &str, cells: &[(u32, u32)]) -> String {
    let mut out = String::with_capacity(xml.len());
    let mut rest = xml;
    while let Some(start) = rest.find("<v:shape ") {
        let Some(len) = rest[start..].find("</v:shape>") else {
            break;
        };
        let end = start + len + "</v:shape>".len();
        out.push_str(&rest[..start]);
        let shape = &rest[start..end];
        let number = |tag: &str| -> Option<u32> {
            let open = format!("<x:{tag}>");
            let from = shape.find(&open)? + open.len();
            shape[from..].split('<').next()?.trim().parse().ok()
        };
        let at = number("Row").zip(number("Column"));
        if !at.is_some_and(|c| cells.contains(&c)) {
            out.push_str(shape);
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

const SHAPETYPE: &str = r#"<v:shapetype id="_x0000_t202" coordsize="21600,21600" o:spt="202" path="m,l,21600r21600,l21600,xe"><v:stroke joinstyle="miter"/><v:path gradientshapeok="t" o:connecttype="rect"/></v:shapetype>"#;

/// The VML drawing of the comments' boxes (Excel draws a comment from it).
fn vml_xml(
    existing: Option<&[u8]>,
    boxed: &[(u32, u32)],
    removed: &[(u32, u32)],
    n: u32,
) -> Result<Vec<u8>, PackageError> {
    let mut shapes = String::new();
    // Shape ids in a block of their own: 1024 per sheet, from 1025, and
    // far above any for a drawing that has shapes already.
    let first = if existing.is_some() {
        1024 * (n + 40)
    } else {
        1024 * n
    };
    for (k, (r, c)) in boxed.iter().enumerate() {
        let id = first + 1 + k as u32;
        shapes.push_str(&format!(
            r##"<v:shape id="_x0000_s{id}" type="#_x0000_t202" style="position:absolute;margin-left:59.25pt;margin-top:1.5pt;width:270pt;height:105pt;z-index:{z};visibility:hidden" fillcolor="#ffffe1" o:insetmode="auto"><v:fill color2="#ffffe1"/><v:shadow on="t" color="black" obscured="t"/><v:path o:connecttype="none"/><v:textbox style="mso-direction-alt:auto"><div style="text-align:left"></div></v:textbox><x:ClientData ObjectType="Note"><x:MoveWithCells/><x:SizeWithCells/><x:Anchor>{c1}, 15, {r0}, 10, {c2}, 15, {r2}, 4</x:Anchor><x:AutoFill>False</x:AutoFill><x:Row>{r}</x:Row><x:Column>{c}</x:Column></x:ClientData></v:shape>"##,
            z = k + 1,
            c1 = c + 1,
            r0 = r.saturating_sub(1),
            c2 = c + 5,
            r2 = r + 7,
        ));
    }
    let Some(old) = existing else {
        return Ok(format!(
            r#"<xml xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:x="urn:schemas-microsoft-com:office:excel"><o:shapelayout v:ext="edit"><o:idmap v:ext="edit" data="{n}"/></o:shapelayout>{SHAPETYPE}{shapes}</xml>"#
        )
        .into_bytes());
    };
    let text = without_shapes_at(&String::from_utf8_lossy(old), removed);
    let Some(at) = text.rfind("</xml>") else {
        return Err(PackageError::new("VML 绘图没有结束标记"));
    };
    let mut out = text[..at].to_string();
    if !text.contains("_x0000_t202") {
        out.push_str(SHAPETYPE);
    }
    out.push_str(&shapes);
    out.push_str(&text[at..]);
    Ok(out.into_bytes())
}
