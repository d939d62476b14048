//! Reading a workbook file into cells and defined names, whatever its format
//! (.xlsx/.xlsm, .xls, .ods), after [`crate::ingest::sniff`] has named the format and
//! [`crate::ingest::guard`] has refused anything hostile. Nothing here interprets a
//! value: that is [`crate::ingest::model`]'s job.

use std::collections::{BTreeMap, HashMap};
use std::io::{Cursor, Read};

use calamine::{Data, DataRef, Ods, Reader, Xls, Xlsx, XlsxFormulaMetadata};

use crate::contract::cell::{CellValue, Spot, a1, parse_a1};
use crate::contract::finding::{Code, Finding};
use crate::ingest::guard::{self, Limits};
use crate::ingest::sniff::{self, Format, Sniffed};

/// A rectangular area of one sheet, zero-based and inclusive.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Area {
    /// The sheet's name.
    pub sheet: String,
    /// The first row.
    pub first_row: u32,
    /// The first column.
    pub first_col: u32,
    pub(crate) last_row: u32,
    /// The last column.
    pub last_col: u32,
}

impl Area {
    pub(crate) fn top_left(&self) -> Spot {
        Spot::new(self.sheet.clone(), self.first_row, self.first_col)
    }

    /// Whether the area is a single cell.
    pub fn is_single_cell(&self) -> bool {
        self.first_row == self.last_row && self.first_col == self.last_col
    }

    /// `收支情况!B20:O41`.
    pub(crate) fn display(&self) -> String {
        if self.is_single_cell() {
            format!("{}!{}", self.sheet, a1(self.first_row, self.first_col))
        } else {
            format!(
                "{}!{}:{}",
                self.sheet,
                a1(self.first_row, self.first_col),
                a1(self.last_row, self.last_col)
            )
        }
    }
}

/// What a defined name refers to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// A plain reference to an area.
    Area(Area),
    /// `#REF!`, a deleted sheet, or a formula that is not a plain reference;
    /// holds the formula as written.
    Broken(String),
}

/// A defined name as found in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct DefinedName {
    pub name: String,
    /// The sheet the name is scoped to, when it is not workbook-scoped.
    pub local_sheet: Option<String>,
    pub formula: String,
}

/// The cells and names of one workbook.
#[derive(Debug)]
pub struct Workbook {
    /// The file's format, as sniffed from its content.
    pub format: Format,
    /// The sheets' names, in workbook order.
    pub sheet_names: Vec<String>,
    /// Every defined name, as written.
    pub(crate) names: Vec<DefinedName>,
    cells: HashMap<String, BTreeMap<(u32, u32), CellValue>>,
    /// The cells holding a formula whose value the file does not keep (a
    /// program that does not compute saved it), with the formula as
    /// written, without its `=`: they read as blank.
    valueless: Vec<(Spot, String)>,
}

static EMPTY: CellValue = CellValue::Empty;

/// The cells of one sheet of a [`Workbook`].
#[derive(Debug, Clone, Copy)]
pub(crate) struct SheetCells<'a>(Option<&'a BTreeMap<(u32, u32), CellValue>>);

impl<'a> SheetCells<'a> {
    /// The value of a cell; `Empty` where nothing is stored.
    pub fn cell(self, row: u32, col: u32) -> &'a CellValue {
        self.0.and_then(|m| m.get(&(row, col))).unwrap_or(&EMPTY)
    }

    /// The last row holding a non-blank value in columns
    /// `first_col..=last_col`, if any.
    pub fn last_filled_row(self, first_col: u32, last_col: u32) -> Option<u32> {
        self.0?
            .iter()
            .rev()
            .find(|((_, c), v)| *c >= first_col && *c <= last_col && !v.is_blank())
            .map(|((r, _), _)| *r)
    }
}

impl Workbook {
    /// The workbook-scoped name `key` (case-insensitive, as Excel treats
    /// names), falling back to a sheet-scoped one; the flag says whether the
    /// fallback was used or several candidates existed.
    pub fn resolve(&self, key: &str) -> Option<(Target, bool)> {
        let mut global = None;
        let mut local = None;
        let mut count = 0;
        for n in &self.names {
            if n.name.eq_ignore_ascii_case(key) {
                count += 1;
                if n.local_sheet.is_none() && global.is_none() {
                    global = Some(n);
                } else if local.is_none() {
                    local = Some(n);
                }
            }
        }
        let (chosen, irregular) = match (global, local) {
            (Some(g), _) => (g, count > 1),
            (None, Some(l)) => (l, true),
            (None, None) => return None,
        };
        Some((self.target_of(&chosen.formula), irregular))
    }

    /// Parses a name's formula and checks the sheet exists.
    pub(crate) fn target_of(&self, formula: &str) -> Target {
        match parse_reference(formula) {
            Some(area) if self.sheet_names.contains(&area.sheet) => Target::Area(area),
            _ => Target::Broken(formula.to_string()),
        }
    }

    /// The value of a cell; `Empty` where nothing is stored.
    pub(crate) fn cell(&self, sheet: &str, row: u32, col: u32) -> &CellValue {
        self.sheet(sheet).cell(row, col)
    }

    /// One sheet's cells, looked up once for reading many of them (a
    /// sheet that does not exist has none).
    pub(crate) fn sheet(&self, sheet: &str) -> SheetCells<'_> {
        SheetCells(self.cells.get(sheet))
    }

    /// The last row of `sheet` holding a non-blank value in columns
    /// `first_col..=last_col`, if any.
    pub fn last_filled_row(&self, sheet: &str, first_col: u32, last_col: u32) -> Option<u32> {
        self.sheet(sheet).last_filled_row(first_col, last_col)
    }

    /// The cells holding a formula without a value, each with its formula
    /// (without the `=`); they read as blank.
    pub(crate) fn formulas_without_value(&self) -> &[(Spot, String)] {
        &self.valueless
    }
}

/// Reads a workbook from its bytes. A file that cannot be read gives the one
/// finding that says why; the caller adds the file name.
pub fn read_bytes(bytes: &[u8], limits: &Limits) -> Result<Workbook, Finding> {
    guard::check_size(bytes.len() as u64, limits).map_err(refused)?;
    let format = match sniff::sniff(bytes) {
        Sniffed::Workbook(f) => f,
        Sniffed::Empty => return Err(Finding::new(Code::FileEmpty, "文件为空（0 字节）")),
        Sniffed::Encrypted => return Err(refused(guard::Refusal::Encrypted)),
        Sniffed::Html => {
            return Err(Finding::new(
                Code::FileHtml,
                "文件内容是网页（HTML），不是真正的 Excel 工作簿",
            ));
        }
        Sniffed::Unsupported(what) => {
            return Err(Finding::new(
                Code::FileUnsupported,
                format!("不支持的格式：{what}"),
            ));
        }
        Sniffed::NotWorkbook(what) => {
            return Err(Finding::new(
                Code::FileNotWorkbook,
                format!("不是工作簿：{what}"),
            ));
        }
        Sniffed::Corrupt(what) => return Err(refused(guard::Refusal::Corrupt { what })),
    };
    // An .xlsx comes back with its parts stored, as the guard inflated them.
    let unpacked = guard::check(format, bytes, limits).map_err(refused)?;
    let bytes = unpacked.as_deref().unwrap_or(bytes);
    let corrupt = |e: &dyn std::fmt::Display| {
        Finding::new(
            Code::FileCorrupt,
            format!("无法读取{}工作簿：{e}", format.name()),
        )
    };
    match format {
        Format::Xlsx => read_xlsx(bytes, limits).map_err(|e| match e.refusal() {
            Some(r) => refused(r),
            None => corrupt(&e),
        }),
        Format::Xls => {
            let mut wb: Xls<_> = Xls::new(Cursor::new(bytes)).map_err(|e| corrupt(&e))?;
            read_ranges(&mut wb, Format::Xls).map_err(|e| corrupt(&e))
        }
        Format::Ods => {
            let mut wb: Ods<_> = Ods::new(Cursor::new(bytes)).map_err(|e| corrupt(&e))?;
            read_ranges(&mut wb, Format::Ods).map_err(|e| corrupt(&e))
        }
    }
}

/// The finding for a file the guard refuses.
pub(crate) fn refused(r: guard::Refusal) -> Finding {
    match r {
        guard::Refusal::Encrypted => {
            Finding::new(Code::FileEncrypted, "工作簿设置了打开密码，无法读取")
        }
        guard::Refusal::Corrupt { what } => {
            Finding::new(Code::FileCorrupt, format!("文件已损坏：{what}"))
        }
        guard::Refusal::TooLarge { what } => Finding::new(Code::FileTooLarge, what),
    }
}

/// .xls and .ods: calamine has already parsed every sheet (the guard bounded
/// their size); copy the used cells into the sparse map.
fn read_ranges<RS, R>(wb: &mut R, format: Format) -> Result<Workbook, R::Error>
where
    RS: std::io::Read + std::io::Seek,
    R: Reader<RS>,
{
    // calamine gives .xls and .ods names without their sheet scope.
    let names = wb
        .defined_names()
        .iter()
        .map(|(name, formula)| DefinedName {
            name: name.clone(),
            local_sheet: None,
            formula: formula.clone(),
        })
        .collect();
    let sheet_names = wb.sheet_names();
    let mut cells = HashMap::new();
    let mut valueless = Vec::new();
    for sheet in &sheet_names {
        let range = wb.worksheet_range(sheet)?;
        let mut map = BTreeMap::new();
        for (r, c, v) in range.used_cells() {
            let (r0, c0) = range.start().unwrap_or((0, 0));
            let value = from_data(v);
            if value != CellValue::Empty {
                map.insert((r0 + r as u32, c0 + c as u32), value);
            }
        }
        // calamine has parsed the formulas with the sheet: a formula cell
        // with no value is one the saving program did not compute. A sheet
        // whose formulas cannot be read loses nothing it had.
        if let Ok(formulas) = wb.worksheet_formula(sheet) {
            let (r0, c0) = formulas.start().unwrap_or((0, 0));
            for (r, c, f) in formulas.used_cells() {
                let at = (r0 + r as u32, c0 + c as u32);
                if !f.trim().is_empty() && !map.contains_key(&at) {
                    valueless.push((Spot::new(sheet.clone(), at.0, at.1), f.clone()));
                }
            }
        }
        cells.insert(sheet.clone(), map);
    }
    Ok(Workbook {
        format,
        sheet_names,
        names,
        cells,
        valueless,
    })
}

fn from_data(v: &Data) -> CellValue {
    match v {
        Data::Empty => CellValue::Empty,
        Data::String(s) => CellValue::Text(s.clone()),
        Data::Float(f) => CellValue::Number(*f),
        Data::Int(i) => CellValue::Int(*i),
        Data::Bool(b) => CellValue::Bool(*b),
        Data::DateTime(d) => CellValue::DateSerial(d.as_f64()),
        Data::DateTimeIso(s) => CellValue::DateIso(s.clone()),
        Data::DurationIso(s) => CellValue::Text(s.clone()),
        Data::Error(e) => CellValue::Error(e.to_string()),
    }
}

/// Errors of the .xlsx path, with the part of the file they concern.
#[derive(Debug, thiserror::Error)]
enum XlsxReadError {
    #[error("{0}")]
    Calamine(#[from] calamine::XlsxError),
    #[error("xl/workbook.xml：{0}")]
    WorkbookXml(String),
    #[error("单元格数量超过上限 {0}")]
    TooManyCells(u64),
    #[error("单元格中的文字共超过 {0} 字节（共享字符串被大量单元格引用）")]
    TooMuchText(u64),
    #[error("工作表有 {0} 个，超过上限 {1}")]
    TooManySheets(usize, usize),
    #[error("有 {0} 个工作表指向同一个部件（{1}），每张表都要重新读取一遍")]
    SheetsShareAPart(usize, String),
    #[error("定义名称有 {0} 个以上，超过上限 {1}")]
    TooManyNames(usize, usize),
    #[error("工作表“{0}”的{1}超出 Excel 的最大范围（{2} 行、{3} 列），不是电子表格程序保存的文件")]
    BeyondTheSheet(String, String, u32, u32),
}

impl XlsxReadError {
    /// A limit of [`Limits`] the workbook went past, as a refusal.
    fn refusal(&self) -> Option<guard::Refusal> {
        match self {
            XlsxReadError::TooManyCells(_)
            | XlsxReadError::TooMuchText(_)
            | XlsxReadError::TooManySheets(..)
            | XlsxReadError::SheetsShareAPart(..)
            | XlsxReadError::TooManyNames(..)
            | XlsxReadError::BeyondTheSheet(..) => Some(guard::Refusal::TooLarge {
                what: self.to_string(),
            }),
            _ => None,
        }
    }
}

/// .xlsx: stream every sheet's cells (never `worksheet_range`, which allocates
/// the bounding box), and read defined names with their sheet scope from
/// `xl/workbook.xml`, which calamine drops.
fn read_xlsx(bytes: &[u8], limits: &Limits) -> Result<Workbook, XlsxReadError> {
    let (names, date1904) = xlsx_names(bytes, limits)?;
    let mut wb: Xlsx<_> = Xlsx::new(Cursor::new(bytes))?;
    let sheet_names = wb.sheet_names();
    if sheet_names.len() > limits.max_sheets {
        return Err(XlsxReadError::TooManySheets(
            sheet_names.len(),
            limits.max_sheets,
        ));
    }
    let names = names
        .into_iter()
        .map(|(name, local, formula)| DefinedName {
            name,
            local_sheet: local.and_then(|i| sheet_names.get(i).cloned()),
            formula,
        })
        .collect();
    let mut cells = HashMap::new();
    let mut valueless = Vec::new();
    let mut total: u64 = 0;
    let mut text: u64 = 0;
    for sheet in &sheet_names {
        let mut reader = wb.worksheet_cells_reader(sheet)?;
        // A cell or a declared range past the last row or column: checked
        // on the positions the reader parses anyway.
        let beyond = |(r, c): (u32, u32)| r >= limits.max_rows || c >= limits.max_columns;
        let outside = |what: String| {
            XlsxReadError::BeyondTheSheet(sheet.clone(), what, limits.max_rows, limits.max_columns)
        };
        let declared = reader.dimensions();
        if beyond(declared.end) {
            let (r, c) = declared.end;
            return Err(outside(format!(
                "声明的使用范围（dimension）到第 {} 行第 {} 列",
                u64::from(r) + 1,
                u64::from(c) + 1
            )));
        }
        let mut map = BTreeMap::new();
        // A formula with no value is one the saving program did not compute;
        // its text comes with it, but a cell of a shared formula other than
        // its first gives only the formula's index: those cells alone send
        // the sheet to a second reading, which expands their formulas.
        let mut shared: Vec<(u32, u32)> = Vec::new();
        while let Some(cell) = reader.next_cell_with_formula_metadata()? {
            let (r, c) = cell.pos;
            if beyond(cell.pos) {
                return Err(outside(format!(
                    "单元格（第 {} 行第 {} 列）",
                    u64::from(r) + 1,
                    u64::from(c) + 1
                )));
            }
            let value = match &cell.value {
                DataRef::Empty => {
                    match cell.formula {
                        Some(
                            XlsxFormulaMetadata::Normal { formula }
                            | XlsxFormulaMetadata::Shared { formula, .. },
                        ) if !formula.trim().is_empty() => {
                            valueless.push((Spot::new(sheet.clone(), r, c), formula));
                        }
                        Some(XlsxFormulaMetadata::SharedDerived { .. }) => shared.push((r, c)),
                        _ => {}
                    }
                    continue;
                }
                DataRef::Int(i) => CellValue::Int(*i),
                DataRef::Float(f) => CellValue::Number(*f),
                DataRef::String(s) => CellValue::Text(s.clone()),
                DataRef::SharedString(s) => CellValue::Text((*s).to_string()),
                DataRef::Bool(b) => CellValue::Bool(*b),
                DataRef::DateTime(d) => {
                    let serial = d.as_f64();
                    CellValue::DateSerial(if date1904 { serial + 1462.0 } else { serial })
                }
                DataRef::DateTimeIso(s) => CellValue::DateIso(s.clone()),
                DataRef::DurationIso(s) => CellValue::Text(s.clone()),
                DataRef::Error(e) => CellValue::Error(e.to_string()),
            };
            total += 1;
            if total > limits.max_cells {
                return Err(XlsxReadError::TooManyCells(limits.max_cells));
            }
            if let CellValue::Text(t) = &value {
                text += t.len() as u64;
                if text > limits.max_text_bytes {
                    return Err(XlsxReadError::TooMuchText(limits.max_text_bytes));
                }
            }
            map.insert((r, c), value);
        }
        drop(reader);
        if !shared.is_empty() {
            shared.sort_unstable();
            formulas_of(&mut wb, sheet, &shared, &mut valueless)?;
        }
        cells.insert(sheet.clone(), map);
    }
    Ok(Workbook {
        format: Format::Xlsx,
        sheet_names,
        names,
        cells,
        valueless,
    })
}

/// The formulas of the cells `at` (in the sheet's order) of an .xlsx sheet,
/// streamed as its values were, added to `out`.
fn formulas_of(
    wb: &mut Xlsx<Cursor<&[u8]>>,
    sheet: &str,
    at: &[(u32, u32)],
    out: &mut Vec<(Spot, String)>,
) -> Result<(), XlsxReadError> {
    let mut reader = wb.worksheet_cells_reader(sheet)?;
    while let Some(cell) = reader.next_formula()? {
        let pos = cell.get_position();
        let formula = cell.get_value();
        if !formula.trim().is_empty() && at.binary_search(&pos).is_ok() {
            out.push((Spot::new(sheet, pos.0, pos.1), formula.clone()));
        }
    }
    Ok(())
}

type RawName = (String, Option<usize>, String);

/// Defined names with `localSheetId`, and the 1904 date flag, from `xl/workbook.xml`.
/// Written by hand because calamine exposes neither.
fn xlsx_names(bytes: &[u8], limits: &Limits) -> Result<(Vec<RawName>, bool), XlsxReadError> {
    use quick_xml::events::Event;
    let err = |e: &dyn std::fmt::Display| XlsxReadError::WorkbookXml(e.to_string());
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| err(&e))?;
    let mut xml = String::new();
    zip.by_name("xl/workbook.xml")
        .map_err(|e| err(&e))?
        .read_to_string(&mut xml)
        .map_err(|e| err(&e))?;
    let mut reader = quick_xml::Reader::from_str(&xml);
    let mut names = Vec::new();
    let mut date1904 = false;
    let mut current: Option<(String, Option<usize>)> = None;
    let mut text = String::new();
    // Each sheet's relationship: two sheets of one are one part read twice.
    let mut sheet_parts: Vec<String> = Vec::new();
    loop {
        match reader.read_event().map_err(|e| err(&e))? {
            Event::Start(e) | Event::Empty(e) if e.local_name().into_inner() == "sheet" => {
                for a in e.attributes().flatten() {
                    if a.key.local_name().into_inner() == "id" {
                        sheet_parts.push(a.value.to_string());
                    }
                }
            }
            Event::Start(e) | Event::Empty(e) if e.local_name().into_inner() == "workbookPr" => {
                for a in e.attributes().flatten() {
                    if a.key.local_name().into_inner() == "date1904" {
                        let v = a
                            .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                            .map_err(|e| err(&e))?;
                        date1904 = v == "1" || v == "true";
                    }
                }
            }
            Event::Start(e) if e.local_name().into_inner() == "definedName" => {
                let mut name = String::new();
                let mut local = None;
                for a in e.attributes().flatten() {
                    let v = a
                        .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                        .map_err(|e| err(&e))?;
                    match a.key.local_name().into_inner() {
                        "name" => name = v.into_owned(),
                        "localSheetId" => local = v.parse().ok(),
                        _ => {}
                    }
                }
                current = Some((name, local));
                text.clear();
            }
            Event::Text(t) if current.is_some() => {
                text.push_str(&t.xml10_content());
            }
            Event::GeneralRef(r) if current.is_some() => {
                if let Some(ch) = r.resolve_char_ref().map_err(|e| err(&e))? {
                    text.push(ch);
                    continue;
                }
                let entity = r.into_inner();
                text.push_str(match entity.as_ref() {
                    "apos" => "'",
                    "quot" => "\"",
                    "amp" => "&",
                    "lt" => "<",
                    "gt" => ">",
                    other => other,
                });
            }
            Event::End(e) if e.local_name().into_inner() == "definedName" => {
                if let Some((name, local)) = current.take() {
                    names.push((name, local, text.clone()));
                    if names.len() > limits.max_defined_names {
                        return Err(XlsxReadError::TooManyNames(
                            names.len(),
                            limits.max_defined_names,
                        ));
                    }
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    sheet_parts.sort_unstable();
    if let Some(w) = sheet_parts.windows(2).find(|w| w[0] == w[1]) {
        let n = sheet_parts.iter().filter(|p| **p == w[0]).count();
        return Err(XlsxReadError::SheetsShareAPart(n, w[0].clone()));
    }
    Ok((names, date1904))
}

/// Parses a defined name's reference in Excel syntax (`'收支情况'!$B$5:$O$25`,
/// `基本情况!C3`) or OpenDocument syntax (`$收支情况.$B$5:.$O$25`,
/// `$'收 支'.$B$5:$'收 支'.$O$25`, `[$基本情况.$C$3]`). Anything else (`#REF!`,
/// a formula, a whole column) gives `None`. Written by hand: no crate parses
/// both syntaxes.
pub(crate) fn parse_reference(formula: &str) -> Option<Area> {
    let s = formula.trim();
    let s = s.strip_prefix('=').unwrap_or(s).trim();
    let s = s
        .strip_prefix('[')
        .and_then(|x| x.strip_suffix(']'))
        .unwrap_or(s);
    if s.contains("#REF") {
        return None;
    }
    // Split into "sheet-qualified cell" parts around ':' that is outside quotes.
    let parts = split_outside_quotes(s, ':');
    if parts.is_empty() || parts.len() > 2 {
        return None;
    }
    let (sheet, first) = parse_qualified(parts[0], None)?;
    let sheet = sheet?;
    let last = match parts.get(1) {
        Some(p) => {
            let (sheet2, cell) = parse_qualified(p, Some(&sheet))?;
            if let Some(s2) = sheet2
                && s2 != sheet
            {
                return None;
            }
            cell
        }
        None => first,
    };
    Some(Area {
        sheet,
        first_row: first.0.min(last.0),
        first_col: first.1.min(last.1),
        last_row: first.0.max(last.0),
        last_col: first.1.max(last.1),
    })
}

fn split_outside_quotes(s: &str, sep: char) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut in_quote = false;
    let mut start = 0;
    for (i, ch) in s.char_indices() {
        if ch == '\'' {
            in_quote = !in_quote;
        } else if ch == sep && !in_quote {
            parts.push(&s[start..i]);
            start = i + ch.len_utf8();
        }
    }
    parts.push(&s[start..]);
    parts
}

/// `'表 1'!$A$1`, `表!A1`, `$表.$A$1`, `.$A$1` (ODS, same sheet), `$A$1`.
fn parse_qualified(
    part: &str,
    default_sheet: Option<&str>,
) -> Option<(Option<String>, (u32, u32))> {
    let part = part.trim();
    // Find the separator ('!' or the last '.') outside quotes.
    let mut in_quote = false;
    let mut sep = None;
    for (i, ch) in part.char_indices() {
        match ch {
            '\'' => in_quote = !in_quote,
            '!' | '.' if !in_quote => sep = Some(i),
            _ => {}
        }
    }
    let (sheet_part, cell_part) = match sep {
        Some(i) => (&part[..i], &part[i + 1..]),
        None => ("", part),
    };
    let cell = parse_a1(cell_part)?;
    let sheet_part = sheet_part.trim().trim_start_matches('$');
    let sheet = if sheet_part.is_empty() {
        default_sheet.map(str::to_string)
    } else if let Some(inner) = sheet_part
        .strip_prefix('\'')
        .and_then(|x| x.strip_suffix('\''))
    {
        Some(inner.replace("''", "'"))
    } else {
        Some(sheet_part.to_string())
    };
    Some((sheet, cell))
}

/// Workbooks written by hand, part by part, for the tests of reading.
#[cfg(test)]
pub(crate) mod handmade {
    use std::io::Write;

    /// An .xlsx of one sheet `sheet` whose `<sheetData>` is `rows`, with
    /// these defined names (name, reference).
    pub(crate) fn xlsx(sheet: &str, rows: &str, names: &[(&str, &str)]) -> Vec<u8> {
        const MAIN: &str = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
        const REL: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
        let defined: String = names
            .iter()
            .map(|(n, r)| format!("<definedName name=\"{n}\">{r}</definedName>"))
            .collect();
        let workbook = format!(
            "<workbook xmlns=\"{MAIN}\" xmlns:r=\"{REL}\"><sheets><sheet name=\"{sheet}\" sheetId=\"1\" r:id=\"rId1\"/></sheets><definedNames>{defined}</definedNames></workbook>"
        );
        let rels = format!(
            "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"{REL}/worksheet\" Target=\"worksheets/sheet1.xml\"/></Relationships>"
        );
        let worksheet =
            format!("<worksheet xmlns=\"{MAIN}\"><sheetData>{rows}</sheetData></worksheet>");
        let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default();
        let root = format!(
            "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"{REL}/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>"
        );
        for (name, body) in [
            ("_rels/.rels", root),
            ("xl/workbook.xml", workbook),
            ("xl/_rels/workbook.xml.rels", rels),
            ("xl/worksheets/sheet1.xml", worksheet),
        ] {
            w.start_file(name, options).expect("start");
            w.write_all(body.as_bytes()).expect("write");
        }
        w.finish().expect("finish").into_inner()
    }

    /// A cell of inline text.
    pub(crate) fn text(at: &str, s: &str) -> String {
        format!("<c r=\"{at}\" t=\"inlineStr\"><is><t>{s}</t></is></c>")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A cell past the last row or column a sheet may have is refused,
    /// naming the sheet and the cell; one on the last row and column is read.
    #[test]
    fn xlsx_cell_beyond_the_sheet_is_refused() {
        let limits = Limits {
            max_rows: 100,
            max_columns: 10,
            ..Limits::default()
        };
        let read = |at: &str| {
            let rows = format!("<row>{}</row>", handmade::text(at, "x"));
            read_bytes(&handmade::xlsx("表", &rows, &[]), &limits)
        };
        assert!(read("J100").is_ok());
        for (at, what) in [("A101", "第 101 行第 1 列"), ("K1", "第 1 行第 11 列")] {
            let got = read(at).expect_err(at);
            assert_eq!(got.code, Code::FileTooLarge, "{at}");
            assert!(got.message.contains("工作表“表”"), "{}", got.message);
            assert!(got.message.contains(what), "{}", got.message);
        }
    }

    /// A sheet declaring a used range past the last row is refused before
    /// a cell is read; one declaring the whole sheet is read.
    #[test]
    fn xlsx_range_declared_beyond_the_sheet_is_refused() {
        use std::io::Write;
        let with_range = |range: &str| {
            let bytes = handmade::xlsx("表", "", &[]);
            let mut zip = zip::ZipArchive::new(Cursor::new(bytes.as_slice())).unwrap();
            let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
            for i in 0..zip.len() {
                let mut entry = zip.by_index(i).unwrap();
                let name = entry.name().unwrap().into_owned();
                let mut body = Vec::new();
                entry.read_to_end(&mut body).unwrap();
                if name == "xl/worksheets/sheet1.xml" {
                    body = format!(
                        "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><dimension ref=\"{range}\"/><sheetData/></worksheet>"
                    )
                    .into_bytes();
                }
                w.start_file(name, zip::write::SimpleFileOptions::default())
                    .unwrap();
                w.write_all(&body).unwrap();
            }
            let bytes = w.finish().unwrap().into_inner();
            read_bytes(&bytes, &Limits::default())
        };
        assert!(with_range("A1:XFD1048576").is_ok());
        let got = with_range("A1:A1048577").expect_err("beyond");
        assert_eq!(got.code, Code::FileTooLarge);
        assert!(
            got.message.contains("dimension）到第 1048577 行第 1 列"),
            "{}",
            got.message
        );
    }

    /// A formula saved without its value (by a program that does not
    /// compute) is listed with its formula, a shared one's cells each with
    /// theirs; one with a value, an error value and a styled blank cell are
    /// not.
    #[test]
    fn formulas_without_a_value_are_listed() {
        let rows = format!(
            "<row r=\"1\">{}<c r=\"B1\"><f>200/人</f></c><c r=\"C1\"><f>1+1</f><v>2</v></c><c r=\"D1\" s=\"0\"/><c r=\"E1\" t=\"e\"><f>1/0</f><v>#DIV/0!</v></c></row><row r=\"3\"><c r=\"A3\"><f>SUM(C1:C2)</f></c></row><row r=\"4\"><c r=\"B4\"><f t=\"shared\" ref=\"B4:B5\" si=\"0\">A4*2</f></c></row><row r=\"5\"><c r=\"B5\"><f t=\"shared\" si=\"0\"/></c><c r=\"C5\" s=\"1\"/></row>",
            handmade::text("A1", "x")
        );
        let wb = read_bytes(&handmade::xlsx("表", &rows, &[]), &Limits::default()).unwrap();
        assert_eq!(
            wb.formulas_without_value(),
            [
                (Spot::new("表", 0, 1), "200/人".to_string()),
                (Spot::new("表", 2, 0), "SUM(C1:C2)".to_string()),
                (Spot::new("表", 3, 1), "A4*2".to_string()),
                // A shared formula's other cells, as the formula reads there.
                (Spot::new("表", 4, 1), "A5*2".to_string()),
            ]
        );
        assert_eq!(wb.cell("表", 0, 1), &CellValue::Empty);
        assert_eq!(wb.cell("表", 0, 2), &CellValue::Number(2.0));
        assert_eq!(wb.cell("表", 0, 4), &CellValue::Error("#DIV/0!".into()));
        // A sheet of values only is read once, and lists nothing.
        let plain = format!("<row r=\"1\">{}</row>", handmade::text("A1", "x"));
        let wb = read_bytes(&handmade::xlsx("表", &plain, &[]), &Limits::default()).unwrap();
        assert!(wb.formulas_without_value().is_empty());
    }

    fn area(sheet: &str, r0: u32, c0: u32, r1: u32, c1: u32) -> Area {
        Area {
            sheet: sheet.into(),
            first_row: r0,
            first_col: c0,
            last_row: r1,
            last_col: c1,
        }
    }

    #[test]
    fn excel_syntax() {
        assert_eq!(
            parse_reference("'收支情况'!$B$5:$O$25"),
            Some(area("收支情况", 4, 1, 24, 14))
        );
        assert_eq!(
            parse_reference("基本情况!$C$3"),
            Some(area("基本情况", 2, 2, 2, 2))
        );
        assert_eq!(
            parse_reference("='It''s'!A1"),
            Some(area("It's", 0, 0, 0, 0))
        );
        assert_eq!(
            parse_reference("Sheet1!C3:B2"),
            Some(area("Sheet1", 1, 1, 2, 2))
        );
    }

    #[test]
    fn opendocument_syntax() {
        assert_eq!(
            parse_reference("$收支情况.$B$5:.$O$25"),
            Some(area("收支情况", 4, 1, 24, 14))
        );
        assert_eq!(
            parse_reference("$'收 支'.$B$5:$'收 支'.$O$25"),
            Some(area("收 支", 4, 1, 24, 14))
        );
        assert_eq!(
            parse_reference("[$基本情况.$C$3]"),
            Some(area("基本情况", 2, 2, 2, 2))
        );
        assert_eq!(parse_reference("$Sheet1.$A$1:$Sheet2.$B$2"), None);
    }

    #[test]
    fn broken_references() {
        for f in [
            "#REF!",
            "基本情况!#REF!",
            "=SUM(A1:A3)",
            "$A$1",
            "收支情况!$A:$A",
            "",
        ] {
            assert_eq!(parse_reference(f), None, "{f}");
        }
    }
}
