//! The sheets jixiao adds (校验结果, 项目计分, 图表), moved from the scratch
//! workbook rust_xlsxwriter wrote them in into the department's package:
//! each sheet part with the parts it points at (drawings, charts), renamed
//! to names the package does not use, its cell formats appended to the
//! package's styles and renumbered. rust_xlsxwriter keeps writing them —
//! their formats, links, filters and native charts — so the edited and the
//! regenerated workbooks add the same sheets; hand-writing chart XML would
//! duplicate what it does well. Sheets of those names from an earlier
//! round are removed with everything they pointed at.

use quick_xml::events::Event;

use super::parts::{self, Book, BookSheet, ContentTypes, Rels, esc, relative, rels_part, resolve};
use super::styles::Styles;
use super::{Package, PackageError};
use crate::ingest::guard::Limits;

/// Removes a sheet part and every part it points at (its drawings and
/// their charts, its comments).
pub(super) fn remove_sheet(
    pkg: &mut Package<'_>,
    types: &mut ContentTypes,
    part: &str,
) -> Result<(), PackageError> {
    remove_tree(pkg, types, part, 0)
}

fn remove_tree(
    pkg: &mut Package<'_>,
    types: &mut ContentTypes,
    part: &str,
    depth: u32,
) -> Result<(), PackageError> {
    if depth > 3 || !pkg.exists(part) {
        return Ok(());
    }
    let rels = pkg.rels(part)?;
    pkg.remove(part);
    pkg.remove(&rels_part(part));
    types.remove_override(part);
    for r in rels.list.iter().filter(|r| !r.external) {
        remove_tree(pkg, types, &resolve(part, &r.target), depth + 1)?;
    }
    Ok(())
}

/// Adds the sheets of the scratch workbook after the package's own.
#[allow(clippy::too_many_arguments)]
pub(super) fn add_sheets(
    pkg: &mut Package<'_>,
    types: &mut ContentTypes,
    book: &mut Book,
    wb_rels: &mut Rels,
    workbook_part: &str,
    styles: &mut Styles,
    scratch: &[u8],
    active: Option<&str>,
    limits: &Limits,
) -> Result<(), PackageError> {
    let mut src = Package::open(scratch, limits)?;
    let src_types = ContentTypes::parse(
        &src.read("[Content_Types].xml")?
            .ok_or_else(|| PackageError::new("临时工作簿没有内容类型"))?,
    )?;
    let src_wb = "xl/workbook.xml";
    let src_book = Book::parse(
        &src.read(src_wb)?
            .ok_or_else(|| PackageError::new("临时工作簿没有工作簿部件"))?,
    )?;
    let src_rels = src.rels(src_wb)?;
    let src_styles = Styles::parse(
        &src.read("xl/styles.xml")?
            .ok_or_else(|| PackageError::new("临时工作簿没有样式"))?,
    )?;
    let xf_map = styles.merge(&src_styles);
    // The department's package has its own shared strings (or none): a
    // scratch sheet's shared-string cells are made inline strings.
    let strings = match src_rels.of_type("sharedStrings") {
        Some(rel) => match src.read(&resolve(src_wb, &rel.target))? {
            Some(xml) => string_items(&xml)?,
            None => Vec::new(),
        },
        None => Vec::new(),
    };
    let r = book
        .r_prefix
        .clone()
        .ok_or_else(|| PackageError::new("工作簿部件没有声明关系命名空间"))?;
    let p = book.prefix.clone();
    let mut next_id = book.sheets.iter().map(|s| s.sheet_id).max().unwrap_or(0) + 1;
    for (i, s) in src_book.sheets.iter().enumerate() {
        let Some(rel) = src_rels.by_id(&s.rid) else {
            continue;
        };
        let from = resolve(src_wb, &rel.target);
        let Some(xml) = src.read(&from)? else {
            continue;
        };
        let to = pkg.fresh("xl/worksheets/sheet", ".xml");
        let mut xml = restyle(&xml, &xf_map)?;
        if !strings.is_empty() {
            xml = inline_strings(&xml, &strings)?;
        }
        // Only the sheet the workbook opens on stays selected: the
        // department's file has its own.
        if active != Some(s.name.as_str())
            && let Some(unselected) = parts::unselect(&xml)
        {
            xml = unselected;
        }
        pkg.put(&to, xml);
        types.add_override(&to, parts::CT_WORKSHEET);
        copy_rels(&mut src, &src_types, pkg, types, &from, &to, 0)?;
        let id = wb_rels.fresh_id();
        wb_rels.push(
            id.clone(),
            parts::REL_WORKSHEET,
            &relative(workbook_part, &to),
        );
        let index = book.sheets.len();
        book.sheets.push(BookSheet {
            name: s.name.clone(),
            sheet_id: next_id,
            rid: id.clone(),
            raw: format!(
                r#"<{p}sheet name="{}" sheetId="{next_id}" {r}:id="{}"/>"#,
                esc(&s.name),
                esc(&id)
            ),
        });
        next_id += 1;
        for n in src_book.names.iter().filter(|n| n.local_sheet == Some(i)) {
            let mut n = n.clone();
            n.raw_start = n
                .raw_start
                .replace(
                    &format!("localSheetId=\"{i}\""),
                    &format!("localSheetId=\"{index}\""),
                )
                .replacen("<", &format!("<{p}"), 1);
            n.local_sheet = Some(index);
            book.names.push(n);
        }
    }
    Ok(())
}

/// Copies the parts `from` points at (and theirs) into the package under
/// fresh names, and gives `to` the relationships to them.
fn copy_rels(
    src: &mut Package<'_>,
    src_types: &ContentTypes,
    pkg: &mut Package<'_>,
    types: &mut ContentTypes,
    from: &str,
    to: &str,
    depth: u32,
) -> Result<(), PackageError> {
    let mut rels = src.rels(from)?;
    if rels.list.is_empty() || depth > 3 {
        return Ok(());
    }
    for r in rels.list.iter_mut().filter(|r| !r.external) {
        let part = resolve(from, &r.target);
        let Some(bytes) = src.read(&part)? else {
            continue;
        };
        let (stem, ext) = split_name(&part);
        let new = pkg.fresh(&stem, &ext);
        pkg.put(&new, bytes);
        match src_types.of(&part) {
            Some(t) if !ext.is_empty() && src_types_default(src_types, &ext, &t) => {
                types.ensure_default(ext.trim_start_matches('.'), &t)
            }
            Some(t) => types.add_override(&new, &t),
            None => {}
        }
        copy_rels(src, src_types, pkg, types, &part, &new, depth + 1)?;
        r.target = relative(to, &new);
    }
    pkg.put(&rels_part(to), rels.write());
    Ok(())
}

/// Whether a part's type comes from its extension's default.
fn src_types_default(types: &ContentTypes, ext: &str, t: &str) -> bool {
    types.of(&format!("x{ext}")).as_deref() == Some(t)
}

/// `xl/charts/chart1.xml` → (`xl/charts/chart`, `.xml`).
fn split_name(part: &str) -> (String, String) {
    let (base, ext) = match part.rsplit_once('.') {
        Some((b, e)) if !e.contains('/') => (b, format!(".{e}")),
        _ => (part, String::new()),
    };
    let stem = base.trim_end_matches(|c: char| c.is_ascii_digit());
    (stem.to_string(), ext)
}

/// A transplanted sheet with its cell formats renumbered (`s` of cells and
/// rows, `style` of columns). Only the numbers change: the part is copied
/// as byte spans with each number replaced where it stands, found by
/// searching the raw tag. The sheets are rust_xlsxwriter's own output,
/// which writes each attribute once, double-quoted, after a space; going
/// through quick-xml's writer instead rebuilt every cell's tag and cost
/// more than the rest of the transplant.
fn restyle(xml: &[u8], map: &[u32]) -> Result<Vec<u8>, PackageError> {
    let mut reader = quick_xml::Reader::from_reader(xml);
    let mut out = Vec::with_capacity(xml.len() + 256);
    let mut last = 0usize;
    let s_attr = memchr::memmem::Finder::new(b" s=\"");
    let style_attr = memchr::memmem::Finder::new(b" style=\"");
    loop {
        let before = usize::try_from(reader.buffer_position()).unwrap_or(usize::MAX);
        let ev = reader.read_event().map_err(PackageError::new)?;
        let after = usize::try_from(reader.buffer_position()).unwrap_or(usize::MAX);
        let finder = match &ev {
            Event::Start(e) | Event::Empty(e) => match e.local_name().as_ref() {
                "c" | "row" => &s_attr,
                "col" => &style_attr,
                _ => continue,
            },
            Event::Eof => break,
            _ => continue,
        };
        let Some(tag) = xml.get(before..after) else {
            continue;
        };
        let Some(at) = finder.find(tag) else {
            continue;
        };
        let from = before + at + finder.needle().len();
        let Some(len) = xml.get(from..after).and_then(|v| memchr::memchr(b'"', v)) else {
            continue;
        };
        let old: usize = std::str::from_utf8(&xml[from..from + len])
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(0);
        let new = map.get(old).copied().unwrap_or(0);
        out.extend_from_slice(&xml[last..from]);
        out.extend_from_slice(new.to_string().as_bytes());
        last = from + len;
    }
    out.extend_from_slice(&xml[last..]);
    Ok(out)
}

/// What a `read_to_end` span covers: an element's content, without its
/// start and end tags.
fn spanned(xml: &[u8], span: std::ops::Range<u64>) -> &[u8] {
    usize::try_from(span.start)
        .ok()
        .zip(usize::try_from(span.end).ok())
        .and_then(|(a, b)| xml.get(a..b))
        .unwrap_or_default()
}

/// Each string item (`<si>`) of a shared strings part: its content (rich
/// text runs or one `<t>`), which an inline string (`<is>`) holds the same.
fn string_items(xml: &[u8]) -> Result<Vec<Vec<u8>>, PackageError> {
    let mut reader = quick_xml::Reader::from_reader(xml);
    let mut items = Vec::new();
    loop {
        match reader.read_event().map_err(PackageError::new)? {
            Event::Start(e) if e.local_name().as_ref() == "si" => {
                let span = reader.read_to_end(e.name()).map_err(PackageError::new)?;
                items.push(spanned(xml, span).to_vec());
            }
            Event::Empty(e) if e.local_name().as_ref() == "si" => items.push(Vec::new()),
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(items)
}

/// A scratch sheet with its shared-string cells (`t="s"`, the index in
/// `<v>`) written as inline strings of the same content. A streamed sheet
/// has none; a sheet held in memory (where there are no temporary files, as
/// in a browser) refers to the scratch workbook's own table, which does not
/// come along into the department's package.
fn inline_strings(xml: &[u8], items: &[Vec<u8>]) -> Result<Vec<u8>, PackageError> {
    let mut reader = quick_xml::Reader::from_reader(xml);
    let mut out = Vec::with_capacity(xml.len() + 1024);
    let mut last = 0usize;
    let position = |r: &quick_xml::Reader<&[u8]>| usize::try_from(r.buffer_position()).ok();
    loop {
        let before = position(&reader);
        let e = match reader.read_event().map_err(PackageError::new)? {
            Event::Start(e) => e,
            Event::Eof => break,
            _ => continue,
        };
        let shared = e
            .try_get_attribute("t")
            .ok()
            .flatten()
            .is_some_and(|a| a.value.as_ref() == "s");
        if e.local_name().as_ref() != "c" || !shared {
            continue;
        }
        let start_tag_end = position(&reader);
        let name = e.name().as_ref().to_string();
        let span = reader
            .read_to_end(quick_xml::name::QName(&name))
            .map_err(PackageError::new)?;
        let (Some(before), Some(start_tag_end), Some(end)) =
            (before, start_tag_end, position(&reader))
        else {
            continue;
        };
        let index = std::str::from_utf8(spanned(xml, span)).ok().and_then(|v| {
            let v = v.trim();
            let v = v.strip_prefix("<v>")?.strip_suffix("</v>")?;
            v.trim().parse::<usize>().ok()
        });
        let Some(item) = index.and_then(|i| items.get(i)) else {
            continue;
        };
        let tag = &xml[before..start_tag_end];
        let Some(at) = memchr::memmem::find(tag, b" t=\"s\"") else {
            continue;
        };
        out.extend_from_slice(&xml[last..before]);
        out.extend_from_slice(&tag[..at]);
        out.extend_from_slice(b" t=\"inlineStr\"");
        out.extend_from_slice(&tag[at + 6..]);
        out.extend_from_slice(b"<is>");
        out.extend_from_slice(item);
        out.extend_from_slice(format!("</is></{name}>").as_bytes());
        last = end;
    }
    out.extend_from_slice(&xml[last..]);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A held scratch sheet's shared strings come along as inline strings,
    /// rich text and escapes as they were; other cells are left as they are.
    #[test]
    fn shared_strings_of_a_scratch_sheet_become_inline() {
        let sst = r#"<sst xmlns="m" count="3" uniqueCount="3"><si><t>校验结果</t></si><si><r><rPr><b/></rPr><t>错误</t></r><r><t xml:space="preserve"> 1 &amp; 2</t></r></si><si/></sst>"#;
        let items = string_items(sst.as_bytes()).unwrap();
        assert_eq!(items.len(), 3);
        let xml = r#"<worksheet><sheetData><row r="1"><c r="A1" s="3" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1"><v>7</v></c><c r="D1" t="s"><v>2</v></c><c r="E1" t="s"><v>9</v></c></row></sheetData></worksheet>"#;
        let out = String::from_utf8(inline_strings(xml.as_bytes(), &items).unwrap()).unwrap();
        assert_eq!(
            out,
            r#"<worksheet><sheetData><row r="1"><c r="A1" s="3" t="inlineStr"><is><t>校验结果</t></is></c><c r="B1" t="inlineStr"><is><r><rPr><b/></rPr><t>错误</t></r><r><t xml:space="preserve"> 1 &amp; 2</t></r></is></c><c r="C1"><v>7</v></c><c r="D1" t="inlineStr"><is></is></c><c r="E1" t="s"><v>9</v></c></row></sheetData></worksheet>"#
        );
    }

    #[test]
    fn only_the_format_numbers_change() {
        let xml = r#"<worksheet><cols><col min="1" max="1" width="9" style="2" customWidth="1"/></cols><sheetData><row r="1" spans="1:2" s="1" customFormat="1"><c r="A1" s="2" t="s"><v>0</v></c><c r="B1"><v>1</v></c></row></sheetData></worksheet>"#;
        let out = restyle(xml.as_bytes(), &[10, 11, 12]).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            r#"<worksheet><cols><col min="1" max="1" width="9" style="12" customWidth="1"/></cols><sheetData><row r="1" spans="1:2" s="11" customFormat="1"><c r="A1" s="12" t="s"><v>0</v></c><c r="B1"><v>1</v></c></row></sheetData></worksheet>"#
        );
    }
}
