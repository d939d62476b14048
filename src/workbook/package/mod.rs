//! Editing a department's .xlsx/.xlsm package in place (SPEC §9): the
//! completed workbook is the department's own file with jixiao's changes
//! applied, so every sheet, cell, style, comment, image, defined name and
//! print setting it holds survives. Every zip entry jixiao does not change
//! is copied as it was, its compressed bytes untouched (`zip`'s raw copy);
//! the few parts that change are streamed through quick-xml ([`sheet`],
//! [`styles`], [`notes`], [`parts`]); the sheets jixiao adds are written by
//! rust_xlsxwriter into a scratch workbook and transplanted ([`transplant`]).
//!
//! Written by hand rather than with a crate that loads a whole workbook into
//! a model and writes it again (`umya-spreadsheet`): such a round trip
//! rewrites every part, drops what its model does not know and costs many
//! times the work (docs/completed-workbook.md).

use std::collections::{BTreeMap, HashMap, HashSet};
use std::io::{Cursor, Read, Write as _};

use zip::write::SimpleFileOptions;

mod notes;
pub(crate) mod parts;
pub(crate) mod sheet;
mod styles;
mod transplant;

pub(crate) use sheet::{Block, CellEdit, Look, Value};

use crate::ingest::guard::Limits;
use crate::workbook::layout::Mark;
use parts::{ContentTypes, Rels, rels_part, resolve};

/// Why a package could not be edited; the completed workbook is then
/// regenerated instead.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub(crate) struct PackageError(pub String);

impl PackageError {
    pub(crate) fn new(what: impl std::fmt::Display) -> Self {
        PackageError(what.to_string())
    }
}

/// Everything jixiao changes in a department's package.
#[derive(Debug, Default)]
pub(crate) struct Edits {
    /// Cells to write or mark, by sheet name, then (zero-based row, column).
    pub cells: BTreeMap<String, BTreeMap<(u32, u32), CellEdit>>,
    /// Comments to add, by sheet name, then (row, column).
    pub notes: BTreeMap<String, BTreeMap<(u32, u32), Mark>>,
    /// Columns jixiao adds right of a sheet's form, by sheet name: the
    /// sheet's print area, when it ends just left of one, takes it in
    /// (unless the column was left out, the department having used it).
    pub print_columns: BTreeMap<String, u32>,
    /// Widths (in characters) of columns jixiao adds, by sheet name, then
    /// zero-based column: given where the sheet sizes the column itself
    /// nowhere, and the column was not left out.
    pub widths: BTreeMap<String, BTreeMap<u32, f64>>,
    /// A workbook (rust_xlsxwriter's) whose sheets are added after the
    /// department's; sheets of the same names from an earlier round are
    /// replaced.
    pub added: Option<Vec<u8>>,
    /// The sheet the workbook opens on (one of the added sheets), when not
    /// the one the department's file opens on.
    pub active: Option<&'static str>,
}

/// The package being edited: the original zip, the parts replaced, added
/// and removed.
pub(crate) struct Package<'a> {
    zip: zip::ZipArchive<Cursor<&'a [u8]>>,
    /// Lower-cased part name → zip entry index.
    index: HashMap<String, usize>,
    /// The entries' names, by index.
    names: Vec<String>,
    /// New content of parts, by part name (original spelling when the part
    /// was in the zip).
    changed: BTreeMap<String, Vec<u8>>,
    /// Parts removed (lower-cased).
    removed: HashSet<String>,
    cap: u64,
}

impl<'a> Package<'a> {
    fn open(bytes: &'a [u8], limits: &Limits) -> Result<Self, PackageError> {
        let zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(PackageError::new)?;
        let mut index = HashMap::new();
        let mut names = Vec::with_capacity(zip.len());
        for i in 0..zip.len() {
            let name = zip
                .name_for_index(i)
                .ok_or_else(|| PackageError::new("压缩包条目没有名称"))?
                .map_err(PackageError::new)?
                .to_string();
            index.insert(part_key(&name), i);
            names.push(name);
        }
        // Zip entries keep their order: file_names() follows the index.
        Ok(Package {
            zip,
            index,
            names,
            changed: BTreeMap::new(),
            removed: HashSet::new(),
            cap: limits.max_entry_bytes,
        })
    }

    /// Whether a part exists (changed, added or in the zip, not removed).
    pub(crate) fn exists(&self, part: &str) -> bool {
        let key = part_key(part);
        !self.removed.contains(&key)
            && (self.index.contains_key(&key) || self.changed.keys().any(|k| part_key(k) == key))
    }

    /// A part's current bytes; `None` when there is no such part.
    pub(crate) fn read(&mut self, part: &str) -> Result<Option<Vec<u8>>, PackageError> {
        let key = part_key(part);
        if self.removed.contains(&key) {
            return Ok(None);
        }
        if let Some((_, b)) = self.changed.iter().find(|(k, _)| part_key(k) == key) {
            return Ok(Some(b.clone()));
        }
        let Some(&i) = self.index.get(&key) else {
            return Ok(None);
        };
        let entry = self.zip.by_index(i).map_err(PackageError::new)?;
        // Sized from the entry's header (bounded by the cap): read in one
        // go, not grown from a few bytes by doubling.
        let size = entry.size().min(self.cap).saturating_add(1);
        let mut out = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
        entry
            .take(self.cap.saturating_add(1))
            .read_to_end(&mut out)
            .map_err(PackageError::new)?;
        if u64::try_from(out.len()).unwrap_or(u64::MAX) > self.cap {
            return Err(PackageError::new(format!("部件 {part} 超过大小上限")));
        }
        Ok(Some(out))
    }

    /// Sets a part's content (adding the part when it is new).
    pub(crate) fn put(&mut self, part: &str, bytes: Vec<u8>) {
        let key = part_key(part);
        self.removed.remove(&key);
        let name = self
            .index
            .get(&key)
            .and_then(|&i| self.names.get(i).cloned())
            .or_else(|| self.changed.keys().find(|k| part_key(k) == key).cloned())
            .unwrap_or_else(|| part.trim_start_matches('/').to_string());
        self.changed.insert(name, bytes);
    }

    /// Removes a part.
    pub(crate) fn remove(&mut self, part: &str) {
        let key = part_key(part);
        self.changed.retain(|k, _| part_key(k) != key);
        self.removed.insert(key);
    }

    /// A part name `{stem}{n}{ext}` not yet used, n from 1.
    pub(crate) fn fresh(&self, stem: &str, ext: &str) -> String {
        (1..)
            .map(|n| format!("{stem}{n}{ext}"))
            .find(|p| !self.exists(p) && !self.removed.contains(&part_key(p)))
            .unwrap_or_else(|| format!("{stem}x{ext}"))
    }

    /// The relationships of a part (empty when it has none).
    pub(crate) fn rels(&mut self, part: &str) -> Result<Rels, PackageError> {
        match self.read(&rels_part(part))? {
            Some(xml) => Rels::parse(&xml),
            None => Ok(Rels::default()),
        }
    }

    /// Writes the edited package: unchanged entries copied raw, in their
    /// order; changed ones in their place; new ones at the end.
    fn finish(mut self) -> Result<Vec<u8>, PackageError> {
        let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
        // Each deflated entry starts a compressor whose reset alone costs
        // more than storing a few KiB: small parts (relationships, content
        // types, the workbook part, comments) are stored.
        let options = |len: usize| {
            if len < STORE_BELOW {
                SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored)
            } else {
                SimpleFileOptions::default()
                    .compression_method(zip::CompressionMethod::Deflated)
                    .compression_level(Some(1))
            }
        };
        let mut written = HashSet::new();
        for i in 0..self.zip.len() {
            let Some(name) = self.names.get(i).cloned() else {
                continue;
            };
            let key = part_key(&name);
            if self.removed.contains(&key) || !written.insert(key.clone()) {
                continue;
            }
            if let Some(bytes) = self.changed.remove(&name) {
                out.start_file(name.as_str(), options(bytes.len()))
                    .map_err(PackageError::new)?;
                out.write_all(&bytes).map_err(PackageError::new)?;
            } else {
                let entry = self.zip.by_index_raw(i).map_err(PackageError::new)?;
                out.raw_copy_file(entry).map_err(PackageError::new)?;
            }
        }
        for (name, bytes) in std::mem::take(&mut self.changed) {
            if !written.insert(part_key(&name)) {
                continue;
            }
            out.start_file(name.as_str(), options(bytes.len()))
                .map_err(PackageError::new)?;
            out.write_all(&bytes).map_err(PackageError::new)?;
        }
        Ok(out.finish().map_err(PackageError::new)?.into_inner())
    }
}

impl std::fmt::Debug for Package<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Package")
            .field("changed", &self.changed.keys().collect::<Vec<_>>())
            .field("removed", &self.removed)
            .finish()
    }
}

/// Parts smaller than this are stored, larger ones deflated (level 1).
const STORE_BELOW: usize = 16 * 1024;

/// How parts are compared: zip names are case-sensitive, OPC part names
/// are not, and some producers write a leading `/`.
pub(crate) fn part_key(name: &str) -> String {
    name.trim_start_matches('/').to_lowercase()
}

/// A sheet of the workbook: its name, its part and its relationship.
#[derive(Debug, Clone)]
pub(crate) struct SheetRef {
    pub name: String,
    pub part: String,
}

/// The sheets the completed workbook adds, in order; those of an earlier
/// round are removed first.
pub(crate) const ADDED_SHEETS: [&str; 4] = [
    crate::workbook::complete::sheets::PROJECTS_SHEET,
    crate::workbook::complete::sheets::FINDINGS_SHEET,
    crate::workbook::complete::sheets::REVISION_SHEET,
    crate::workbook::complete::sheets::CHARTS_SHEET,
];

/// Applies `edits` to the package `original`; the bytes of the edited
/// package, a plain .xlsx (an .xlsm's macros are left out, so the file
/// opens under the completed workbook's name).
pub(crate) fn edit(
    original: &[u8],
    edits: &Edits,
    limits: &Limits,
) -> Result<Vec<u8>, PackageError> {
    let mut pkg = Package::open(original, limits)?;
    let mut types = ContentTypes::parse(
        &pkg.read("[Content_Types].xml")?
            .ok_or_else(|| PackageError::new("没有 [Content_Types].xml"))?,
    )?;
    let root = pkg.rels("")?;
    let workbook_part = root
        .of_type("officeDocument")
        .map(|r| resolve("", &r.target))
        .unwrap_or_else(|| "xl/workbook.xml".to_string());
    let workbook_xml = pkg
        .read(&workbook_part)?
        .ok_or_else(|| PackageError::new("没有工作簿部件"))?;
    let mut wb_rels = pkg.rels(&workbook_part)?;
    let mut book = parts::Book::parse(&workbook_xml)?;
    let sheets: Vec<SheetRef> = book
        .sheets
        .iter()
        .filter_map(|s| {
            let rel = wb_rels.by_id(&s.rid)?;
            Some(SheetRef {
                name: s.name.clone(),
                part: resolve(&workbook_part, &rel.target),
            })
        })
        .collect();

    // Macros: the completed workbook is an .xlsx.
    for r in wb_rels.take_type("vbaProject") {
        pkg.remove(&resolve(&workbook_part, &r.target));
        types.remove_override(&resolve(&workbook_part, &r.target));
    }
    types.demote_macro_workbook(&workbook_part);
    // Excel rebuilds the calculation chain; a stale one (cells written,
    // sheets replaced) makes it repair the file.
    for r in wb_rels.take_type("calcChain") {
        let part = resolve(&workbook_part, &r.target);
        pkg.remove(&part);
        types.remove_override(&part);
    }

    let styles_part = match wb_rels.of_type("styles") {
        Some(r) => resolve(&workbook_part, &r.target),
        None => {
            let part = "xl/styles.xml".to_string();
            let id = wb_rels.fresh_id();
            wb_rels.push(id, parts::REL_STYLES, "styles.xml");
            types.add_override(&part, parts::CT_STYLES);
            part
        }
    };
    let mut sheet_styles = match pkg.read(&styles_part)? {
        Some(xml) => styles::Styles::parse(&xml)?,
        None => styles::Styles::minimal(),
    };

    // The department's sheets: cells written and marked, comments added.
    let shared_part = wb_rels
        .of_type("sharedStrings")
        .map(|r| resolve(&workbook_part, &r.target));
    for (i, s) in sheets.iter().enumerate() {
        if ADDED_SHEETS.contains(&s.name.as_str()) {
            continue;
        }
        let cells = edits.cells.get(&s.name);
        let notes = edits.notes.get(&s.name).filter(|n| !n.is_empty());
        if cells.is_none() && notes.is_none() {
            // Opening on another sheet: this one is no longer selected
            // (two selected tabs are grouped, and an edit goes to both).
            if edits.active.is_some()
                && let Some(xml) = pkg.read(&s.part)?
                && let Some(unselected) = parts::unselect(&xml)
            {
                pkg.put(&s.part, unselected);
            }
            continue;
        }
        let Some(mut xml) = pkg.read(&s.part)? else {
            continue;
        };
        if edits.active.is_some()
            && let Some(unselected) = parts::unselect(&xml)
        {
            xml = unselected;
        }
        let mut legacy = None;
        if let Some(notes) = notes {
            legacy = notes::add_notes(&mut pkg, &mut types, &s.part, notes, i as u32 + 1)?;
        }
        let empty = BTreeMap::new();
        let no_widths = BTreeMap::new();
        let edited = sheet::edit_sheet(
            &xml,
            cells.unwrap_or(&empty),
            &mut |xf, look| match look {
                Look::Mark(sev) => sheet_styles.marked(xf, sev),
                Look::Format(code) => sheet_styles.formatted(xf, code),
            },
            legacy.as_deref(),
            &mut |i| {
                let xml = pkg.read(shared_part.as_deref()?).ok()??;
                parts::shared_string(&xml, i)
            },
            edits.widths.get(&s.name).unwrap_or(&no_widths),
        )?;
        if let Some(&column) = edits.print_columns.get(&s.name)
            && !edited.left_out.iter().any(|&(_, c)| c == column)
            && let Some(at) = book.sheets.iter().position(|b| b.name == s.name)
        {
            book.widen_print_area(at, column);
        }
        pkg.put(&s.part, edited.xml);
    }

    // Sheets of an earlier round, then the new ones.
    let mut removed_indices = Vec::new();
    for (i, s) in book.sheets.iter().enumerate() {
        if ADDED_SHEETS.contains(&s.name.as_str()) {
            removed_indices.push(i);
            if let Some(r) = wb_rels.take_id(&s.rid) {
                transplant::remove_sheet(
                    &mut pkg,
                    &mut types,
                    &resolve(&workbook_part, &r.target),
                )?;
            }
        }
    }
    book.remove_sheets(&removed_indices);
    if let Some(scratch) = &edits.added {
        transplant::add_sheets(
            &mut pkg,
            &mut types,
            &mut book,
            &mut wb_rels,
            &workbook_part,
            &mut sheet_styles,
            scratch,
            edits.active,
            limits,
        )?;
    }

    if let Some(r) = wb_rels.of_type("sharedStrings") {
        let part = resolve(&workbook_part, &r.target);
        if let Some(cut) = pkg
            .read(&part)?
            .as_deref()
            .and_then(parts::cut_long_strings)
        {
            pkg.put(&part, cut);
        }
    }
    pkg.put(&styles_part, sheet_styles.write()?);
    book.active = edits
        .active
        .and_then(|name| book.sheets.iter().position(|s| s.name == name));
    pkg.put(&workbook_part, book.write(&workbook_xml)?);
    pkg.put(&rels_part(&workbook_part), wb_rels.write());
    if let Some(app) = root.of_type("extended-properties") {
        let part = resolve("", &app.target);
        if let Some(xml) = pkg.read(&part)? {
            let names: Vec<&str> = book.sheets.iter().map(|s| s.name.as_str()).collect();
            if let Some(new) = parts::app_titles(&xml, &names) {
                pkg.put(&part, new);
            }
        }
    }
    pkg.put("[Content_Types].xml", types.write());
    pkg.finish()
}
