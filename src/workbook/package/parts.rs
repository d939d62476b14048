//! The package's bookkeeping parts, read and written again: relationships,
//! `[Content_Types].xml`, the sheet list and defined names of the workbook
//! part, and the sheet titles of `docProps/app.xml`. Part names are
//! resolved as OPC says (relative to the source part, or absolute), so a
//! package whose names and ids do not follow Excel's habits is edited as
//! well.

use quick_xml::events::{BytesStart, Event};

use super::{PackageError, part_key};

/// Relationship type of a worksheet.
pub(crate) const REL_WORKSHEET: &str =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet";
/// Relationship type of the styles part.
pub(crate) const REL_STYLES: &str =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles";
/// Relationship type of a comments part.
pub(crate) const REL_COMMENTS: &str =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments";
/// Relationship type of a legacy (VML) drawing.
pub(crate) const REL_VML: &str =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/vmlDrawing";
/// Content type of the styles part.
pub(crate) const CT_STYLES: &str =
    "application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml";
/// Content type of a worksheet.
pub(crate) const CT_WORKSHEET: &str =
    "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml";
/// Content type of a comments part.
pub(crate) const CT_COMMENTS: &str =
    "application/vnd.openxmlformats-officedocument.spreadsheetml.comments+xml";
/// Content type of a VML drawing.
pub(crate) const CT_VML: &str = "application/vnd.openxmlformats-officedocument.vmlDrawing";

const NS_PACKAGE_RELS: &str = "http://schemas.openxmlformats.org/package/2006/relationships";

/// An attribute's value, unescaped, by local name.
pub(crate) fn attr(e: &BytesStart<'_>, local: &str) -> Option<String> {
    e.attributes().flatten().find_map(|a| {
        (a.key.local_name().as_ref() == local)
            .then(|| {
                a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                    .ok()
                    .map(|v| v.into_owned())
            })
            .flatten()
    })
}

/// The local name of an element.
pub(crate) fn local(e: &BytesStart<'_>) -> String {
    e.local_name().as_ref().to_string()
}

/// A `<workbookView …/>` tag opening on tab `tab`: its `activeTab` set
/// and its `firstSheet` (the first tab shown) dropped.
fn with_active_tab(raw: &str, tab: usize) -> String {
    let mut tag = raw.trim_end_matches("/>").trim_end().to_string();
    for name in ["activeTab", "firstSheet"] {
        if let Some(at) = tag.find(&format!(" {name}=\"")) {
            let value_from = at + name.len() + 3;
            let end = tag[value_from..]
                .find('"')
                .map_or(tag.len(), |e| value_from + e + 1);
            tag.replace_range(at..end, "");
        }
    }
    format!("{tag} activeTab=\"{tab}\"/>")
}

/// A sheet part with its views no longer selected (`tabSelected` dropped
/// from the `<sheetView>`s before its cells); `None` when none was.
pub(crate) fn unselect(xml: &[u8]) -> Option<Vec<u8>> {
    let head = memchr::memmem::find(xml, b"sheetData").unwrap_or(xml.len());
    let mut out: Option<Vec<u8>> = None;
    for flag in [&b" tabSelected=\"1\""[..], b" tabSelected=\"true\""] {
        let src = out.as_deref().unwrap_or(xml);
        let head = head.min(src.len());
        if let Some(at) = memchr::memmem::find(&src[..head], flag) {
            let mut v = Vec::with_capacity(src.len());
            v.extend_from_slice(&src[..at]);
            v.extend_from_slice(&src[at + flag.len()..]);
            out = Some(v);
        }
    }
    out
}

/// Escapes text for an attribute or element.
pub(crate) fn esc(s: &str) -> String {
    quick_xml::escape::escape(s).into_owned()
}

/// The relationships part of a part (`""` is the package).
pub(crate) fn rels_part(part: &str) -> String {
    let part = part.trim_start_matches('/');
    match part.rsplit_once('/') {
        Some((dir, name)) => format!("{dir}/_rels/{name}.rels"),
        None => format!("_rels/{part}.rels"),
    }
}

/// The part a relationship of `source` points at.
pub(crate) fn resolve(source: &str, target: &str) -> String {
    let target = target.split('#').next().unwrap_or(target);
    let joined = match target.strip_prefix('/') {
        Some(abs) => abs.to_string(),
        None => match source.trim_start_matches('/').rsplit_once('/') {
            Some((dir, _)) => format!("{dir}/{target}"),
            None => target.to_string(),
        },
    };
    let mut out: Vec<&str> = Vec::new();
    for seg in joined.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                out.pop();
            }
            s => out.push(s),
        }
    }
    out.join("/")
}

/// A target for a relationship of `source` to `part`, relative to it.
pub(crate) fn relative(source: &str, part: &str) -> String {
    let from: Vec<&str> = source.split('/').collect();
    let from_dir = &from[..from.len().saturating_sub(1)];
    let to: Vec<&str> = part.split('/').collect();
    let common = from_dir
        .iter()
        .zip(&to)
        .take_while(|(a, b)| a.eq_ignore_ascii_case(b))
        .count();
    let mut out: Vec<&str> = vec![".."; from_dir.len() - common];
    out.extend(&to[common..]);
    out.join("/")
}

/// The last segment of a relationship type (`worksheet`, `styles`, …).
pub(crate) fn rel_type(t: &str) -> &str {
    t.rsplit('/').next().unwrap_or(t)
}

/// One relationship.
#[derive(Debug, Clone)]
pub(crate) struct Rel {
    pub id: String,
    pub typ: String,
    pub target: String,
    pub external: bool,
}

/// A relationships part.
#[derive(Debug, Clone, Default)]
pub(crate) struct Rels {
    pub list: Vec<Rel>,
}

impl Rels {
    pub(crate) fn parse(xml: &[u8]) -> Result<Self, PackageError> {
        let mut reader = quick_xml::Reader::from_reader(xml);
        let mut list = Vec::new();
        loop {
            match reader.read_event().map_err(PackageError::new)? {
                Event::Start(e) | Event::Empty(e) if local(&e) == "Relationship" => {
                    list.push(Rel {
                        id: attr(&e, "Id").unwrap_or_default(),
                        typ: attr(&e, "Type").unwrap_or_default(),
                        target: attr(&e, "Target").unwrap_or_default(),
                        external: attr(&e, "TargetMode").is_some_and(|m| m == "External"),
                    });
                }
                Event::Eof => break,
                _ => {}
            }
        }
        Ok(Rels { list })
    }

    pub(crate) fn write(&self) -> Vec<u8> {
        let mut s = format!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="{NS_PACKAGE_RELS}">"#
        );
        for r in &self.list {
            s.push_str(&format!(
                r#"<Relationship Id="{}" Type="{}" Target="{}"{}/>"#,
                esc(&r.id),
                esc(&r.typ),
                esc(&r.target),
                if r.external {
                    r#" TargetMode="External""#
                } else {
                    ""
                }
            ));
        }
        s.push_str("</Relationships>");
        s.into_bytes()
    }

    /// The first internal relationship whose type ends with `/{kind}`.
    pub(crate) fn of_type(&self, kind: &str) -> Option<&Rel> {
        self.list
            .iter()
            .find(|r| !r.external && rel_type(&r.typ) == kind)
    }

    pub(crate) fn by_id(&self, id: &str) -> Option<&Rel> {
        self.list.iter().find(|r| r.id == id && !r.external)
    }

    /// Removes and returns the relationships of a kind.
    pub(crate) fn take_type(&mut self, kind: &str) -> Vec<Rel> {
        let (taken, kept) = std::mem::take(&mut self.list)
            .into_iter()
            .partition(|r| !r.external && rel_type(&r.typ) == kind);
        self.list = kept;
        taken
    }

    pub(crate) fn take_id(&mut self, id: &str) -> Option<Rel> {
        let i = self.list.iter().position(|r| r.id == id)?;
        Some(self.list.remove(i))
    }

    /// An id no relationship of the part has.
    pub(crate) fn fresh_id(&self) -> String {
        (1..)
            .map(|n| format!("rIdJx{n}"))
            .find(|id| self.list.iter().all(|r| &r.id != id))
            .unwrap_or_default()
    }

    pub(crate) fn push(&mut self, id: String, typ: &str, target: &str) {
        self.list.push(Rel {
            id,
            typ: typ.to_string(),
            target: target.to_string(),
            external: false,
        });
    }
}

/// `[Content_Types].xml`: defaults by extension, overrides by part.
#[derive(Debug, Clone, Default)]
pub(crate) struct ContentTypes {
    defaults: Vec<(String, String)>,
    overrides: Vec<(String, String)>,
}

impl ContentTypes {
    pub(crate) fn parse(xml: &[u8]) -> Result<Self, PackageError> {
        let mut reader = quick_xml::Reader::from_reader(xml);
        let mut ct = ContentTypes::default();
        loop {
            match reader.read_event().map_err(PackageError::new)? {
                Event::Start(e) | Event::Empty(e) => match local(&e).as_str() {
                    "Default" => ct.defaults.push((
                        attr(&e, "Extension").unwrap_or_default(),
                        attr(&e, "ContentType").unwrap_or_default(),
                    )),
                    "Override" => ct.overrides.push((
                        attr(&e, "PartName").unwrap_or_default(),
                        attr(&e, "ContentType").unwrap_or_default(),
                    )),
                    _ => {}
                },
                Event::Eof => break,
                _ => {}
            }
        }
        Ok(ct)
    }

    pub(crate) fn write(&self) -> Vec<u8> {
        let mut s = String::from(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">"#,
        );
        for (e, t) in &self.defaults {
            s.push_str(&format!(
                r#"<Default Extension="{}" ContentType="{}"/>"#,
                esc(e),
                esc(t)
            ));
        }
        for (p, t) in &self.overrides {
            s.push_str(&format!(
                r#"<Override PartName="{}" ContentType="{}"/>"#,
                esc(p),
                esc(t)
            ));
        }
        s.push_str("</Types>");
        s.into_bytes()
    }

    /// The content type a part has (by override, then by extension).
    pub(crate) fn of(&self, part: &str) -> Option<String> {
        let key = part_key(part);
        if let Some((_, t)) = self.overrides.iter().find(|(p, _)| part_key(p) == key) {
            return Some(t.clone());
        }
        let ext = key.rsplit_once('.')?.1;
        self.defaults
            .iter()
            .find(|(e, _)| e.eq_ignore_ascii_case(ext))
            .map(|(_, t)| t.clone())
    }

    pub(crate) fn remove_override(&mut self, part: &str) {
        let key = part_key(part);
        self.overrides.retain(|(p, _)| part_key(p) != key);
    }

    pub(crate) fn add_override(&mut self, part: &str, typ: &str) {
        self.remove_override(part);
        self.overrides.push((
            format!("/{}", part.trim_start_matches('/')),
            typ.to_string(),
        ));
    }

    pub(crate) fn ensure_default(&mut self, ext: &str, typ: &str) {
        if !self
            .defaults
            .iter()
            .any(|(e, _)| e.eq_ignore_ascii_case(ext))
        {
            self.defaults.push((ext.to_string(), typ.to_string()));
        }
    }

    /// An .xlsm's workbook part typed as an .xlsx's.
    pub(crate) fn demote_macro_workbook(&mut self, workbook: &str) {
        let key = part_key(workbook);
        for (p, t) in &mut self.overrides {
            if part_key(p) == key && t.contains("macroEnabled") {
                *t = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
                    .to_string();
            }
        }
    }
}

/// One `<sheet>` of the workbook part.
#[derive(Debug, Clone)]
pub(crate) struct BookSheet {
    pub name: String,
    pub sheet_id: u32,
    pub rid: String,
    /// The element as written (kept as it was for the department's sheets).
    pub raw: String,
}

/// One `<definedName>`: its name, scope and text.
#[derive(Debug, Clone)]
pub(crate) struct DefinedName {
    pub raw_start: String,
    pub local_sheet: Option<usize>,
    pub text: String,
}

/// The workbook part's sheet list and defined names.
#[derive(Debug, Clone, Default)]
pub(crate) struct Book {
    pub sheets: Vec<BookSheet>,
    pub names: Vec<DefinedName>,
    /// The prefix of the relationships namespace (`r`), as declared.
    pub r_prefix: Option<String>,
    /// The prefix of the main namespace (empty when it is the default).
    pub prefix: String,
    /// The index of the sheet to open on, when it changes.
    pub active: Option<usize>,
}

impl Book {
    pub(crate) fn parse(xml: &[u8]) -> Result<Self, PackageError> {
        let mut reader = quick_xml::Reader::from_reader(xml);
        let mut book = Book::default();
        let mut in_name: Option<DefinedName> = None;
        loop {
            match reader.read_event().map_err(PackageError::new)? {
                Event::Start(e) | Event::Empty(e) if local(&e) == "workbook" => {
                    let name = e.name().as_ref().to_string();
                    book.prefix = match name.split_once(':') {
                        Some((p, _)) => format!("{p}:"),
                        None => String::new(),
                    };
                    for a in e.attributes().flatten() {
                        let key = a.key.as_ref().to_string();
                        let value = a.value.to_string();
                        if let Some(p) = key.strip_prefix("xmlns:")
                            && value.ends_with("/officeDocument/2006/relationships")
                        {
                            book.r_prefix = Some(p.to_string());
                        }
                    }
                }
                Event::Start(e) | Event::Empty(e) if local(&e) == "sheet" => {
                    let rid = e
                        .attributes()
                        .flatten()
                        .find(|a| a.key.local_name().as_ref() == "id" && a.key.prefix().is_some())
                        .and_then(|a| {
                            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                                .ok()
                                .map(|v| v.into_owned())
                        })
                        .unwrap_or_default();
                    book.sheets.push(BookSheet {
                        name: attr(&e, "name").unwrap_or_default(),
                        sheet_id: attr(&e, "sheetId")
                            .and_then(|v| v.parse().ok())
                            .unwrap_or(0),
                        rid,
                        raw: format!("<{}/>", &*e),
                    });
                }
                Event::Start(e) if local(&e) == "definedName" => {
                    in_name = Some(DefinedName {
                        raw_start: format!("<{}>", &*e),
                        local_sheet: attr(&e, "localSheetId").and_then(|v| v.parse().ok()),
                        text: String::new(),
                    });
                }
                Event::Text(t) => {
                    if let Some(n) = &mut in_name {
                        n.text.push_str(&t);
                    }
                }
                Event::GeneralRef(r) => {
                    if let Some(n) = &mut in_name {
                        n.text.push('&');
                        n.text.push_str(&r);
                        n.text.push(';');
                    }
                }
                Event::End(e) if e.local_name().as_ref() == "definedName" => {
                    if let Some(n) = in_name.take() {
                        book.names.push(n);
                    }
                }
                Event::Eof => break,
                _ => {}
            }
        }
        Ok(book)
    }

    /// Removes sheets by index: their names (local to them, or naming
    /// them) go, and the local names of the later sheets follow them.
    pub(crate) fn remove_sheets(&mut self, indices: &[usize]) {
        if indices.is_empty() {
            return;
        }
        let gone: Vec<String> = indices
            .iter()
            .filter_map(|&i| self.sheets.get(i).map(|s| s.name.clone()))
            .collect();
        let new_index = |i: usize| -> Option<usize> {
            (!indices.contains(&i)).then(|| i - indices.iter().filter(|&&j| j < i).count())
        };
        self.names.retain_mut(|n| {
            if gone.iter().any(|g| n.text.contains(g.as_str())) {
                return false;
            }
            match n.local_sheet {
                Some(i) => match new_index(i) {
                    Some(j) => {
                        n.raw_start = n.raw_start.replace(
                            &format!("localSheetId=\"{i}\""),
                            &format!("localSheetId=\"{j}\""),
                        );
                        n.local_sheet = Some(j);
                        true
                    }
                    None => false,
                },
                None => true,
            }
        });
        let mut i = 0;
        self.sheets.retain(|_| {
            let keep = !indices.contains(&i);
            i += 1;
            keep
        });
    }

    /// The workbook part again: `original` with its sheet list and defined
    /// names replaced, everything else as it was.
    pub(crate) fn write(&self, original: &[u8]) -> Result<Vec<u8>, PackageError> {
        let mut reader = quick_xml::Reader::from_reader(original);
        let mut out: Vec<u8> = Vec::with_capacity(original.len() + 1024);
        let mut last = 0usize;
        let mut names_written = false;
        let mut skip_until: Option<&str> = None;
        let mut depth = 0usize;
        let mut view_done = false;
        loop {
            let before = reader.buffer_position() as usize;
            let ev = reader.read_event().map_err(PackageError::new)?;
            let after = reader.buffer_position() as usize;
            match ev {
                Event::Start(e) => {
                    depth += 1;
                    if depth == 2 && skip_until.is_none() {
                        match local(&e).as_str() {
                            "sheets" => {
                                out.extend_from_slice(&original[last..before]);
                                self.write_sheets(&mut out);
                                skip_until = Some("sheets");
                            }
                            "definedNames" => {
                                out.extend_from_slice(&original[last..before]);
                                self.write_names(&mut out);
                                names_written = true;
                                skip_until = Some("definedNames");
                            }
                            "calcPr"
                            | "oleSize"
                            | "customWorkbookViews"
                            | "pivotCaches"
                            | "smartTagPr"
                            | "smartTagTypes"
                            | "webPublishing"
                            | "fileRecoveryPr"
                            | "webPublishObjects"
                            | "extLst"
                                if !names_written =>
                            {
                                out.extend_from_slice(&original[last..before]);
                                self.write_names(&mut out);
                                names_written = true;
                                last = before;
                            }
                            _ => {}
                        }
                    }
                }
                Event::Empty(e) if depth == 1 && skip_until.is_none() => match local(&e).as_str() {
                    "sheets" => {
                        out.extend_from_slice(&original[last..before]);
                        self.write_sheets(&mut out);
                        last = after;
                    }
                    "definedNames" => {
                        out.extend_from_slice(&original[last..before]);
                        self.write_names(&mut out);
                        names_written = true;
                        last = after;
                    }
                    "calcPr" | "oleSize" | "fileRecoveryPr" | "webPublishing" | "smartTagPr"
                        if !names_written =>
                    {
                        out.extend_from_slice(&original[last..before]);
                        self.write_names(&mut out);
                        names_written = true;
                        last = before;
                    }
                    _ => {}
                },
                // The first view (in <bookViews>) opens on the sheet chosen;
                // its active tab must name a sheet that is left.
                Event::Empty(e) if local(&e) == "workbookView" && !view_done => {
                    view_done = true;
                    let tab = attr(&e, "activeTab").and_then(|t| t.parse::<usize>().ok());
                    let new = match (self.active, tab) {
                        (Some(a), _) => Some(a),
                        (None, Some(t)) if t >= self.sheets.len() => Some(0),
                        _ => None,
                    };
                    if let Some(new) = new {
                        out.extend_from_slice(&original[last..before]);
                        let raw = String::from_utf8_lossy(&original[before..after]);
                        out.extend_from_slice(with_active_tab(&raw, new).as_bytes());
                        last = after;
                    }
                }
                Event::End(e) => {
                    if let Some(name) = skip_until
                        && depth == 2
                        && e.local_name().as_ref() == name
                    {
                        skip_until = None;
                        last = after;
                    } else if depth == 1 && !names_written {
                        // The end of the workbook: names go last.
                        out.extend_from_slice(&original[last..before]);
                        self.write_names(&mut out);
                        names_written = true;
                        last = before;
                    }
                    depth = depth.saturating_sub(1);
                }
                Event::Eof => break,
                _ => {}
            }
        }
        out.extend_from_slice(&original[last..]);
        Ok(out)
    }

    fn write_sheets(&self, out: &mut Vec<u8>) {
        let p = &self.prefix;
        out.extend_from_slice(format!("<{p}sheets>").as_bytes());
        for s in &self.sheets {
            out.extend_from_slice(s.raw.as_bytes());
        }
        out.extend_from_slice(format!("</{p}sheets>").as_bytes());
    }

    /// Widens sheet `sheet`'s print area (a single range, as Excel, WPS and
    /// LibreOffice write it) to column `column` when it ends at the column
    /// just left of it; any other print area is left as it was.
    pub(crate) fn widen_print_area(&mut self, sheet: usize, column: u32) {
        let Some(name) = self
            .names
            .iter_mut()
            .find(|n| n.local_sheet == Some(sheet) && n.raw_start.contains("\"_xlnm.Print_Area\""))
        else {
            return;
        };
        // Several ranges (or a sheet name with a comma): left as it was.
        if name.text.contains(',') {
            return;
        }
        let Some((before, range)) = name.text.rsplit_once('!') else {
            return;
        };
        let Some((first, last)) = range.split_once(':') else {
            return;
        };
        let letters: String = last
            .trim_start_matches('$')
            .chars()
            .take_while(char::is_ascii_alphabetic)
            .collect();
        let digits = &last.trim_start_matches('$')[letters.len()..];
        let Some((_, col)) = crate::contract::cell::parse_a1(&format!("{letters}1")) else {
            return;
        };
        if col.checked_add(1) != Some(column) {
            return;
        }
        let wider = crate::contract::cell::col_letters(column);
        let dollar = if last.starts_with('$') { "$" } else { "" };
        name.text = format!("{before}!{first}:{dollar}{wider}{digits}");
    }

    fn write_names(&self, out: &mut Vec<u8>) {
        if self.names.is_empty() {
            return;
        }
        let p = &self.prefix;
        out.extend_from_slice(format!("<{p}definedNames>").as_bytes());
        for n in &self.names {
            out.extend_from_slice(n.raw_start.as_bytes());
            out.extend_from_slice(n.text.as_bytes());
            out.extend_from_slice(format!("</{p}definedName>").as_bytes());
        }
        out.extend_from_slice(format!("</{p}definedNames>").as_bytes());
    }
}

/// `docProps/app.xml` with its worksheet titles made the workbook's sheets;
/// `None` when it is not laid out as Excel and LibreOffice write it (the
/// part is informative only, and left as it was).
pub(crate) fn app_titles(xml: &[u8], sheets: &[&str]) -> Option<Vec<u8>> {
    let text = std::str::from_utf8(xml).ok()?;
    let hp_start = text.find("<HeadingPairs>")?;
    let hp_end = text.find("</HeadingPairs>")? + "</HeadingPairs>".len();
    let tp_start = text.find("<TitlesOfParts>")?;
    let tp_end = text.find("</TitlesOfParts>")? + "</TitlesOfParts>".len();
    let pairs = &text[hp_start..hp_end];
    let titles = &text[tp_start..tp_end];
    // Pairs: (lpstr name, i4 count)…; titles: lpstr… in the same order.
    let strings = |s: &str| -> Vec<String> {
        s.split("<vt:lpstr>")
            .skip(1)
            .filter_map(|x| x.split_once("</vt:lpstr>").map(|(v, _)| v.to_string()))
            .collect()
    };
    let counts: Vec<usize> = pairs
        .split("<vt:i4>")
        .skip(1)
        .filter_map(|x| x.split_once("</vt:i4>")?.0.trim().parse().ok())
        .collect();
    let groups = strings(pairs);
    let all_titles = strings(titles);
    if groups.len() != counts.len() || counts.iter().sum::<usize>() != all_titles.len() {
        return None;
    }
    let first = groups.first()?;
    if !(first.contains("Worksheet") || first.contains("工作表")) {
        return None;
    }
    let mut new_counts = counts.clone();
    new_counts[0] = sheets.len();
    let mut new_titles: Vec<String> = sheets.iter().map(|s| esc(s)).collect();
    new_titles.extend(all_titles.into_iter().skip(counts[0]));
    let mut hp = format!(
        "<HeadingPairs><vt:vector size=\"{}\" baseType=\"variant\">",
        groups.len() * 2
    );
    for (g, c) in groups.iter().zip(&new_counts) {
        hp.push_str(&format!(
            "<vt:variant><vt:lpstr>{g}</vt:lpstr></vt:variant><vt:variant><vt:i4>{c}</vt:i4></vt:variant>"
        ));
    }
    hp.push_str("</vt:vector></HeadingPairs>");
    let mut tp = format!(
        "<TitlesOfParts><vt:vector size=\"{}\" baseType=\"lpstr\">",
        new_titles.len()
    );
    for t in &new_titles {
        tp.push_str(&format!("<vt:lpstr>{t}</vt:lpstr>"));
    }
    tp.push_str("</vt:vector></TitlesOfParts>");
    let (a, b) = if hp_start < tp_start {
        ((hp_start, hp_end, hp), (tp_start, tp_end, tp))
    } else {
        ((tp_start, tp_end, tp), (hp_start, hp_end, hp))
    };
    let mut out = String::with_capacity(text.len() + 256);
    out.push_str(&text[..a.0]);
    out.push_str(&a.2);
    out.push_str(&text[a.1..b.0]);
    out.push_str(&b.2);
    out.push_str(&text[b.1..]);
    Some(out.into_bytes())
}

/// The shared strings part with every text longer than a cell holds cut
/// ([`fit_cell`](crate::workbook::cell_text::fit_cell)): Excel will not
/// open a cell of more. `None` when none is that long (only a part larger
/// than the limit can hold one, so most parts are not looked into).
pub(crate) fn cut_long_strings(xml: &[u8]) -> Option<Vec<u8>> {
    use crate::workbook::cell_text::{MAX_CELL_UNITS, fit_cell};
    if xml.len() <= MAX_CELL_UNITS {
        return None;
    }
    let text = std::str::from_utf8(xml).ok()?;
    let mut out = String::new();
    let mut last = 0;
    let mut from = 0;
    while let Some(s) = text[from..].find("<si>").map(|i| from + i) {
        let e = text[s..].find("</si>").map(|i| s + i + "</si>".len())?;
        from = e;
        if e - s <= MAX_CELL_UNITS {
            continue;
        }
        // The item's text: its runs' <t> contents, unescaped.
        let item = &text[s..e];
        let mut whole = String::new();
        let mut rest = item;
        while let Some(t) = rest.find("<t") {
            let after = &rest[t + 2..];
            let Some(open_end) = after.find('>') else {
                break;
            };
            if after.starts_with(|c: char| c.is_ascii_alphanumeric())
                || after[..open_end].ends_with('/')
            {
                rest = &after[open_end + 1..];
                continue;
            }
            let body = &after[open_end + 1..];
            let Some(close) = body.find("</t>") else {
                break;
            };
            whole.push_str(&quick_xml::escape::unescape(&body[..close]).ok()?);
            rest = &body[close + 4..];
        }
        let cut = fit_cell(&whole);
        if cut.len() == whole.len() {
            continue;
        }
        out.push_str(&text[last..s]);
        out.push_str(&format!(
            r#"<si><t xml:space="preserve">{}</t></si>"#,
            esc(&cut)
        ));
        last = e;
    }
    if last == 0 {
        return None;
    }
    out.push_str(&text[last..]);
    Some(out.into_bytes())
}

/// The text of a string item (a shared string's `<si>`, an inline
/// string's `<is>`): its `<t>` runs, without the phonetic guides
/// (`<rPh>`).
pub(crate) fn item_text(xml: &[u8]) -> String {
    let mut reader = quick_xml::Reader::from_reader(xml);
    let mut text = String::new();
    let (mut in_t, mut in_ph) = (false, false);
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) => match e.local_name().as_ref() {
                "t" => in_t = true,
                "rPh" => in_ph = true,
                _ => {}
            },
            Ok(Event::End(e)) => match e.local_name().as_ref() {
                "t" => in_t = false,
                "rPh" => in_ph = false,
                _ => {}
            },
            Ok(Event::Text(t)) if in_t && !in_ph => text.push_str(&t),
            Ok(Event::GeneralRef(r)) if in_t && !in_ph => {
                let entity = format!("&{};", &*r);
                text.push_str(&quick_xml::escape::unescape(&entity).unwrap_or_default());
            }
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
    }
    text
}

/// Shared string `index` of the shared strings part `xml`.
pub(crate) fn shared_string(xml: &[u8], index: usize) -> Option<String> {
    let mut reader = quick_xml::Reader::from_reader(xml);
    let mut n = 0usize;
    loop {
        let before = usize::try_from(reader.buffer_position()).ok()?;
        match reader.read_event() {
            Ok(Event::Start(e)) if e.local_name().as_ref() == "si" => {
                if n == index {
                    let span = reader.read_to_end(e.name()).ok()?;
                    let end = usize::try_from(span.end).ok()?;
                    return Some(item_text(xml.get(before..end)?));
                }
                reader.read_to_end(e.name()).ok()?;
                n += 1;
            }
            Ok(Event::Empty(e)) if e.local_name().as_ref() == "si" => {
                if n == index {
                    return Some(String::new());
                }
                n += 1;
            }
            Ok(Event::Eof) | Err(_) => return None,
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_print_area_ending_left_of_the_column_takes_it_in() {
        let name = |text: &str, local: usize| DefinedName {
            raw_start: format!(r#"<definedName name="_xlnm.Print_Area" localSheetId="{local}">"#),
            local_sheet: Some(local),
            text: text.to_string(),
        };
        let mut book = Book {
            names: vec![
                name("'项目支出绩效自评表'!$A$1:$I$33", 0),
                name("Other!$A$1:$I$9", 1),
                name("'表'!$A$1:$C$3,'表'!$E$1:$I$3", 2),
            ],
            ..Book::default()
        };
        book.widen_print_area(0, 9);
        book.widen_print_area(1, 10);
        book.widen_print_area(2, 9);
        assert_eq!(book.names[0].text, "'项目支出绩效自评表'!$A$1:$J$33");
        assert_eq!(book.names[1].text, "Other!$A$1:$I$9", "not just left of K");
        assert_eq!(book.names[2].text, "'表'!$A$1:$C$3,'表'!$E$1:$I$3");
    }

    #[test]
    fn targets_resolve_relative_and_absolute() {
        assert_eq!(
            resolve("xl/workbook.xml", "worksheets/sheet1.xml"),
            "xl/worksheets/sheet1.xml"
        );
        assert_eq!(
            resolve("xl/workbook.xml", "/xl/worksheets/s.xml"),
            "xl/worksheets/s.xml"
        );
        assert_eq!(
            resolve("xl/worksheets/sheet1.xml", "../drawings/d1.xml"),
            "xl/drawings/d1.xml"
        );
        assert_eq!(resolve("", "xl/workbook.xml"), "xl/workbook.xml");
        assert_eq!(rels_part("xl/workbook.xml"), "xl/_rels/workbook.xml.rels");
        assert_eq!(rels_part(""), "_rels/.rels");
        assert_eq!(
            relative("xl/worksheets/sheet1.xml", "xl/drawings/d1.xml"),
            "../drawings/d1.xml"
        );
        assert_eq!(
            relative("xl/workbook.xml", "xl/worksheets/s.xml"),
            "worksheets/s.xml"
        );
    }
}
