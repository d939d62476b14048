//! Refusing hostile or runaway files before any large allocation: zip bombs,
//! sheets that declare a bounding box of billions of cells, huge shared-string
//! tables. The readers behind this (calamine) allocate whole bounding boxes for
//! .xls and .ods and hold whole XML parts in memory, so every size they would
//! act on is measured here first, from the container, in bounded memory.

use std::io::{Cursor, Read};

use crate::ingest::sniff::Format;

/// The safety limits. The defaults are far above any real self-evaluation
/// workbook (a few hundred KiB, a few thousand cells) and far below what
/// would exhaust a finance office's PC.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Limits {
    /// The file itself.
    pub(crate) max_file_bytes: u64,
    /// Entries in a zip container.
    pub(crate) max_zip_entries: usize,
    /// One zip entry, uncompressed.
    pub(crate) max_entry_bytes: u64,
    /// All zip entries together, uncompressed.
    pub(crate) max_total_bytes: u64,
    /// Uncompressed : compressed, for entries larger than 1 MiB.
    pub(crate) max_ratio: u64,
    /// Cells of one sheet's bounding box (.xls, .ods), or cells stored in the
    /// whole workbook (.xlsx, streamed).
    pub(crate) max_cells: u64,
    /// Sheets of a workbook: each is read on its own, so a workbook listing
    /// thousands of sheets (all pointing at one part) costs thousands of
    /// readings.
    pub(crate) max_sheets: usize,
    /// Entries an .xlsx's shared-string table may declare: the reader
    /// reserves room for the declared count before reading one.
    pub(crate) max_shared_strings: u64,
    /// Text of all cells together, in bytes, as the reader materialises it:
    /// a shared string is copied into every cell that refers to it, so a
    /// few KiB of strings can become gigabytes of cells.
    pub(crate) max_text_bytes: u64,
    /// Defined names of an .xlsx (the department workbook has about 120).
    pub(crate) max_defined_names: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_file_bytes: 64 * 1024 * 1024,
            max_zip_entries: 10_000,
            max_entry_bytes: 128 * 1024 * 1024,
            max_total_bytes: 384 * 1024 * 1024,
            max_ratio: 200,
            max_cells: 2_000_000,
            // The department workbook has 9 sheets, a completed one 13.
            max_sheets: 256,
            max_shared_strings: 1_000_000,
            max_text_bytes: 64 * 1024 * 1024,
            max_defined_names: 10_000,
        }
    }
}

/// Why a file is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Refusal {
    /// An .xls with a FILEPASS record (opened with a password).
    Encrypted,
    /// The container is damaged; says where.
    Corrupt { what: String },
    /// A size beyond the limits; says which.
    TooLarge { what: String },
}

fn too_large(what: String) -> Refusal {
    Refusal::TooLarge { what }
}

/// Checks a file's size, before it is read or sniffed.
pub(crate) fn check_size(len: u64, limits: &Limits) -> Result<(), Refusal> {
    if len > limits.max_file_bytes {
        return Err(too_large(format!(
            "文件大小 {:.1} MiB，超过上限 {:.0} MiB",
            len as f64 / 1_048_576.0,
            limits.max_file_bytes as f64 / 1_048_576.0
        )));
    }
    Ok(())
}

/// Parts of an .xlsx up to this size together (unpacked) are passed on
/// unpacked by [`check`]: far above a real workbook (a few hundred KiB),
/// small enough to hold for each worker.
const UNPACKED_MAX_BYTES: u64 = 16 * 1024 * 1024;

/// Checks the content of a file whose size [`check_size`] has passed and
/// whose format [`crate::ingest::sniff`] has named.
///
/// For an .xlsx the guard inflates every part to measure it, so it passes on
/// what it inflated: the same container with every part stored, not
/// compressed (when its parts come to at most 16 MiB). The reader then
/// reads that copy, and no part is inflated twice.
pub(crate) fn check(
    format: Format,
    bytes: &[u8],
    limits: &Limits,
) -> Result<Option<Vec<u8>>, Refusal> {
    match format {
        Format::Xlsx => check_zip(bytes, limits, true),
        Format::Ods => {
            check_zip(bytes, limits, false)?;
            check_ods_content(bytes, limits).map(|()| None)
        }
        Format::Xls => check_xls(bytes, limits).map(|()| None),
    }
}

/// A copy of a zip with every file stored (method 0): what [`check_zip`]
/// inflates goes straight into it. Dropped (`None`) past
/// [`UNPACKED_MAX_BYTES`] or when the zip crate refuses an entry (e.g. two
/// entries of one name), and the reader reads the original.
struct StoredCopy(Option<zip::ZipWriter<Cursor<Vec<u8>>>>);

impl StoredCopy {
    fn new(wanted: bool, packed_len: usize) -> Self {
        let max = UNPACKED_MAX_BYTES as usize;
        // Office XML inflates about 4 to 8 times.
        let capacity = packed_len.saturating_mul(6).min(max);
        StoredCopy(
            (wanted && packed_len <= max)
                .then(|| zip::ZipWriter::new(Cursor::new(Vec::with_capacity(capacity)))),
        )
    }

    fn start(&mut self, name: &str, is_dir: bool) {
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored)
            .large_file(false);
        let Some(w) = self.0.as_mut() else { return };
        // Sizes are checked as the parts are inflated ([`StoredCopy::write`]).
        let started = if is_dir {
            w.add_directory(name, options)
        } else {
            w.start_file(name, options)
        };
        if started.is_err() {
            self.0 = None;
        }
    }

    fn write(&mut self, chunk: &[u8], total_so_far: u64) {
        if total_so_far > UNPACKED_MAX_BYTES {
            self.0 = None;
        }
        if let Some(w) = self.0.as_mut()
            && std::io::Write::write_all(w, chunk).is_err()
        {
            self.0 = None;
        }
    }

    fn finish(self) -> Option<Vec<u8>> {
        self.0?.finish().ok().map(Cursor::into_inner)
    }
}

/// Every entry's real uncompressed size is measured by inflating it with a
/// cap, since a zip's declared sizes can lie. With `copy`, what is inflated
/// is also written to a stored copy of the zip (see [`check`]).
fn check_zip(bytes: &[u8], limits: &Limits, copy: bool) -> Result<Option<Vec<u8>>, Refusal> {
    let corrupt = |e: &dyn std::fmt::Display| Refusal::Corrupt {
        what: format!("ZIP 结构已损坏（{e}）"),
    };
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| corrupt(&e))?;
    if zip.len() > limits.max_zip_entries {
        return Err(too_large(format!(
            "压缩包内有 {} 个部件，超过上限 {}",
            zip.len(),
            limits.max_zip_entries
        )));
    }
    let mut total: u64 = 0;
    let mut buf = vec![0u8; 64 * 1024];
    let mut stored = StoredCopy::new(copy, bytes.len());
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).map_err(|e| corrupt(&e))?;
        let name = match entry.name() {
            Ok(n) => n.into_owned(),
            Err(_) => {
                // A name the reader could not look up either.
                stored = StoredCopy(None);
                format!("#{i}")
            }
        };
        stored.start(&name, entry.is_dir());
        let compressed = entry.compressed_size().max(1);
        let cap = limits
            .max_entry_bytes
            .min(limits.max_total_bytes.saturating_sub(total));
        if entry.size() > cap {
            return Err(too_large(format!(
                "部件 {name} 解压后 {} 字节，超过上限 {cap} 字节（疑似压缩炸弹）",
                entry.size()
            )));
        }
        let mut seen: u64 = 0;
        // The shared-string table's start tag, for the count it declares.
        let shared_strings = name.to_ascii_lowercase().ends_with("sharedstrings.xml");
        let mut head: Vec<u8> = Vec::new();
        loop {
            let n = match entry.read(&mut buf) {
                Ok(0) => break,
                Ok(n) => n,
                Err(e) => {
                    return Err(Refusal::Corrupt {
                        what: format!("部件 {name} 无法解压（{e}）"),
                    });
                }
            };
            seen += n as u64;
            if shared_strings && head.len() < SST_HEAD_BYTES {
                let take = n.min(SST_HEAD_BYTES - head.len());
                head.extend_from_slice(&buf[..take]);
            }
            stored.write(&buf[..n], total + seen);
            if seen > cap {
                return Err(too_large(format!(
                    "部件 {name} 解压后超过 {cap} 字节（疑似压缩炸弹）"
                )));
            }
            if seen > 1024 * 1024 && seen / compressed > limits.max_ratio {
                return Err(too_large(format!(
                    "部件 {name} 的压缩比超过 {}:1（疑似压缩炸弹）",
                    limits.max_ratio
                )));
            }
        }
        total += seen;
        if shared_strings {
            check_shared_strings(&name, &head, seen, limits)?;
        }
    }
    Ok(stored.finish())
}

/// How much of the shared-string part holds its start tag.
const SST_HEAD_BYTES: usize = 4096;

/// The count of entries an .xlsx's shared-string table declares
/// (`uniqueCount`, which calamine reserves room for before it reads one)
/// against what the part can hold (an entry, `<si><t/></si>`, takes at
/// least 13 bytes) and the limit.
fn check_shared_strings(
    name: &str,
    head: &[u8],
    part_bytes: u64,
    limits: &Limits,
) -> Result<(), Refusal> {
    let mut reader = quick_xml::Reader::from_reader(head);
    let mut buf = Vec::new();
    let declared = loop {
        match reader.read_event_into(&mut buf) {
            Ok(quick_xml::events::Event::Start(e) | quick_xml::events::Event::Empty(e))
                if e.local_name().as_ref() == "sst" =>
            {
                break attr_u64(&e, "uniqueCount");
            }
            Ok(quick_xml::events::Event::Eof) | Err(_) => break None,
            _ => buf.clear(),
        }
    };
    let Some(declared) = declared else {
        return Ok(());
    };
    let room = (part_bytes / 13).min(limits.max_shared_strings);
    if declared > room {
        return Err(too_large(format!(
            "部件 {name} 声明 {declared} 个共享字符串，超过上限 {room}（部件大小只容得下这么多）"
        )));
    }
    Ok(())
}

/// The cells calamine would allocate for each sheet of an .ods: the bounding
/// box of non-empty cells, with `number-rows-repeated` and
/// `number-columns-repeated` expanded, and the cells it materialises row
/// element by row element. Computed by streaming `content.xml` with counters
/// only. Written by hand: calamine offers no way to ask before it allocates.
fn check_ods_content(bytes: &[u8], limits: &Limits) -> Result<(), Refusal> {
    use quick_xml::events::Event;
    let corrupt = |e: &dyn std::fmt::Display| Refusal::Corrupt {
        what: format!("content.xml 已损坏（{e}）"),
    };
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| corrupt(&e))?;
    let entry = zip.by_name("content.xml").map_err(|e| corrupt(&e))?;
    let mut reader = quick_xml::Reader::from_reader(std::io::BufReader::new(entry));
    let mut buf = Vec::new();

    let mut sheet = OdsSheet::default();
    let mut in_row = false;
    let mut row_repeat: u64 = 1;
    let mut row_cells: Vec<(u64, bool)> = Vec::new();
    let mut cell_open: Option<(u64, bool)> = None;
    // The text calamine materialises: a cell's text once per column it is
    // repeated over, a row's once per row it is repeated over.
    let mut cell_text: u64 = 0;
    let mut row_text: u64 = 0;
    let mut text: u64 = 0;
    loop {
        let event = reader.read_event_into(&mut buf).map_err(|e| corrupt(&e))?;
        match &event {
            Event::Start(e) | Event::Empty(e) => {
                let name = e.name();
                let local = name.local_name();
                let local = local.into_inner();
                let is_empty_tag = matches!(event, Event::Empty(_));
                match local {
                    "table" if name.prefix().is_some() => sheet = OdsSheet::default(),
                    "table-row" => {
                        in_row = true;
                        row_repeat = attr_u64(e, "number-rows-repeated").unwrap_or(1);
                        row_cells.clear();
                        row_text = 0;
                        if is_empty_tag {
                            sheet.row(row_repeat, &row_cells);
                            in_row = false;
                        }
                    }
                    "table-cell" | "covered-table-cell" if in_row => {
                        let repeat = attr_u64(e, "number-columns-repeated").unwrap_or(1);
                        let has_value = e.attributes().flatten().any(|a| {
                            matches!(a.key.local_name().into_inner(), "value-type" | "formula")
                        });
                        if is_empty_tag {
                            row_cells.push((repeat, has_value));
                        } else {
                            cell_open = Some((repeat, has_value));
                            cell_text = 0;
                        }
                    }
                    "p" | "span" | "s" | "a" => {
                        if let Some((_, v)) = cell_open.as_mut() {
                            *v = true;
                        }
                    }
                    _ => {}
                }
            }
            Event::Text(t) => {
                if let Some((_, v)) = cell_open.as_mut() {
                    *v = true;
                    cell_text = cell_text.saturating_add(t.len() as u64);
                }
            }
            Event::End(e) => {
                let name = e.name();
                let local = name.local_name();
                match local.into_inner() {
                    "table-cell" | "covered-table-cell" => {
                        if let Some((repeat, v)) = cell_open.take() {
                            row_cells.push((repeat, v));
                            row_text = row_text.saturating_add(repeat.saturating_mul(cell_text));
                        }
                    }
                    "table-row" if in_row => {
                        sheet.row(row_repeat, &row_cells);
                        in_row = false;
                        text = text.saturating_add(row_repeat.saturating_mul(row_text));
                        if text > limits.max_text_bytes {
                            return Err(too_large(format!(
                                "单元格中的文字共超过 {} 字节（重复的单元格、行各复制一份）",
                                limits.max_text_bytes
                            )));
                        }
                    }
                    "table" => {
                        sheet.check(limits)?;
                    }
                    _ => {}
                }
            }
            Event::Eof => break,
            _ => {}
        }
        sheet.check_running(limits)?;
        buf.clear();
    }
    Ok(())
}

/// Counters for one ODS sheet.
#[derive(Debug, Default)]
struct OdsSheet {
    /// Rows seen so far (repeats expanded).
    rows: u64,
    first_row: Option<u64>,
    last_row: u64,
    first_col: u64,
    last_col: u64,
    /// Cells calamine pushes while reading rows (before the bounding box).
    materialised: u64,
}

impl OdsSheet {
    /// One row element: `cells` are (columns repeated, has a value).
    fn row(&mut self, repeat: u64, cells: &[(u64, bool)]) {
        let mut col: u64 = 0;
        let mut first: Option<u64> = None;
        let mut last: u64 = 0;
        for &(n, has_value) in cells {
            if has_value {
                first.get_or_insert(col);
                last = col + n - 1;
            }
            col = col.saturating_add(n);
        }
        if let Some(first) = first {
            self.materialised = self.materialised.saturating_add(last + 1);
            if self.first_row.is_none() {
                self.first_row = Some(self.rows);
                self.first_col = first;
            }
            self.first_col = self.first_col.min(first);
            self.last_col = self.last_col.max(last);
            self.last_row = self.rows.saturating_add(repeat - 1);
        }
        self.rows = self.rows.saturating_add(repeat.max(1));
    }

    fn bounding_box(&self) -> u64 {
        match self.first_row {
            None => 0,
            Some(r0) => (self.last_row - r0 + 1).saturating_mul(self.last_col - self.first_col + 1),
        }
    }

    fn check_running(&self, limits: &Limits) -> Result<(), Refusal> {
        if self.materialised > limits.max_cells {
            return Err(too_large(format!(
                "工作表的单元格数量超过上限 {}（可能是损坏或恶意文件）",
                limits.max_cells
            )));
        }
        Ok(())
    }

    fn check(&self, limits: &Limits) -> Result<(), Refusal> {
        self.check_running(limits)?;
        let cells = self.bounding_box();
        if cells > limits.max_cells {
            return Err(too_large(format!(
                "工作表的使用范围达 {cells} 个单元格，超过上限 {}（常因大量重复的空行空列或格式）",
                limits.max_cells
            )));
        }
        Ok(())
    }
}

fn attr_u64(e: &quick_xml::events::BytesStart<'_>, local: &str) -> Option<u64> {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().into_inner() == local)
        .and_then(|a| a.value.trim().parse().ok())
        .map(|n: u64| n.max(1))
}

/// BIFF record types that store a cell (row at offset 0, column at offset 2).
const CELL_RECORDS: &[u16] = &[
    0x0006, // FORMULA
    0x00FD, // LABELSST
    0x0203, // NUMBER
    0x0204, // LABEL
    0x0205, // BOOLERR
    0x027E, // RK
    0x00D6, // RSTRING
];
const MULRK: u16 = 0x00BD;
const SST: u16 = 0x00FC;
const CONTINUE: u16 = 0x003C;
const LABELSST: u16 = 0x00FD;
const BOF: u16 = 0x0809;
const EOF: u16 = 0x000A;
const FILEPASS: u16 = 0x002F;

/// The bounding box of every sheet of an .xls, from the cell records of the
/// `Workbook` stream, which calamine turns into a dense range. Written by
/// hand: a BIFF record walk is a few lines and no crate exposes it.
fn check_xls(bytes: &[u8], limits: &Limits) -> Result<(), Refusal> {
    let corrupt = |e: &dyn std::fmt::Display| Refusal::Corrupt {
        what: format!("Excel 97–2003 文件结构已损坏（{e}）"),
    };
    let mut cfb = cfb::CompoundFile::open(Cursor::new(bytes)).map_err(|e| corrupt(&e))?;
    let name = if cfb.is_stream("Workbook") {
        "Workbook"
    } else {
        "Book"
    };
    let mut stream = Vec::new();
    cfb.open_stream(name)
        .map_err(|e| corrupt(&e))?
        .take(limits.max_file_bytes * 2)
        .read_to_end(&mut stream)
        .map_err(|e| corrupt(&e))?;

    let mut pos = 0usize;
    let mut bbox: Option<(u32, u32, u32, u32)> = None;
    // The shared strings' sizes, and the text the cells referring to them
    // materialise: each LABELSST cell gets its own copy.
    let mut shared: Vec<u64> = Vec::new();
    let mut text: u64 = 0;
    let check_box = |bbox: &Option<(u32, u32, u32, u32)>| -> Result<(), Refusal> {
        if let Some((r0, c0, r1, c1)) = bbox {
            let cells = u64::from(r1 - r0 + 1) * u64::from(c1 - c0 + 1);
            if cells > limits.max_cells {
                return Err(too_large(format!(
                    "工作表的使用范围达 {cells} 个单元格，超过上限 {}",
                    limits.max_cells
                )));
            }
        }
        Ok(())
    };
    while pos + 4 <= stream.len() {
        let kind = u16::from_le_bytes([stream[pos], stream[pos + 1]]);
        let len = usize::from(u16::from_le_bytes([stream[pos + 2], stream[pos + 3]]));
        let body = stream.get(pos + 4..pos + 4 + len).unwrap_or(&[]);
        pos += 4 + len;
        let u16_at = |o: usize| body.get(o..o + 2).map(|b| u16::from_le_bytes([b[0], b[1]]));
        let mut extend = |row: u16, c_first: u16, c_last: u16| {
            let (row, c_first, c_last) = (
                u32::from(row),
                u32::from(c_first),
                u32::from(c_last.max(c_first)),
            );
            bbox = Some(match bbox {
                None => (row, c_first, row, c_last),
                Some((r0, c0, r1, c1)) => {
                    (r0.min(row), c0.min(c_first), r1.max(row), c1.max(c_last))
                }
            });
        };
        match kind {
            FILEPASS => return Err(Refusal::Encrypted),
            SST => {
                let mut segments = vec![body];
                let mut next = pos;
                while next + 4 <= stream.len()
                    && u16::from_le_bytes([stream[next], stream[next + 1]]) == CONTINUE
                {
                    let len = usize::from(u16::from_le_bytes([stream[next + 2], stream[next + 3]]));
                    segments.push(stream.get(next + 4..next + 4 + len).unwrap_or(&[]));
                    next += 4 + len;
                }
                shared = sst_sizes(&segments);
            }
            LABELSST => {
                let index = body
                    .get(6..10)
                    .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as usize);
                if let Some(size) = index.and_then(|i| shared.get(i)) {
                    text = text.saturating_add(*size);
                    if text > limits.max_text_bytes {
                        return Err(too_large(format!(
                            "单元格中的文字共超过 {} 字节（共享字符串被大量单元格引用）",
                            limits.max_text_bytes
                        )));
                    }
                }
            }
            BOF => bbox = None,
            EOF => check_box(&bbox)?,
            MULRK => {
                if let (Some(row), Some(c0)) = (u16_at(0), u16_at(2)) {
                    let c1 = body.len().checked_sub(2).and_then(u16_at).unwrap_or(c0);
                    extend(row, c0, c1);
                }
            }
            k if CELL_RECORDS.contains(&k) => {
                if let (Some(row), Some(col)) = (u16_at(0), u16_at(2)) {
                    extend(row, col, col);
                }
            }
            _ => {}
        }
    }
    check_box(&bbox)
}

/// The size each string of a BIFF8 shared-string table (SST and its
/// CONTINUE records, `segments`) takes once read into UTF-8, at most: 2
/// bytes a compressed character, 3 an uncompressed one. A string's
/// characters may run on into the next CONTINUE, which then starts with a
/// new flags byte. Written by hand: no crate exposes the table's layout,
/// and calamine reads it whole. Stops at the first malformed entry.
fn sst_sizes(segments: &[&[u8]]) -> Vec<u64> {
    struct Cursor<'a> {
        segments: &'a [&'a [u8]],
        i: usize,
        at: usize,
    }
    impl Cursor<'_> {
        fn left(&self) -> usize {
            self.segments
                .get(self.i)
                .map_or(0, |s| s.len().saturating_sub(self.at))
        }
        fn next_segment(&mut self) -> bool {
            self.i += 1;
            self.at = 0;
            self.i < self.segments.len()
        }
        fn bytes(&mut self, mut n: usize) -> Option<()> {
            while n > 0 {
                if self.left() == 0 && !self.next_segment() {
                    return None;
                }
                let k = n.min(self.left());
                self.at += k;
                n -= k;
            }
            Some(())
        }
        fn byte(&mut self) -> Option<u8> {
            if self.left() == 0 && !self.next_segment() {
                return None;
            }
            let b = self.segments[self.i][self.at];
            self.at += 1;
            Some(b)
        }
        fn u16(&mut self) -> Option<u16> {
            Some(u16::from_le_bytes([self.byte()?, self.byte()?]))
        }
        fn u32(&mut self) -> Option<u32> {
            Some(u32::from_le_bytes([
                self.byte()?,
                self.byte()?,
                self.byte()?,
                self.byte()?,
            ]))
        }
        /// `cch` characters; a segment boundary inside them starts with a
        /// flags byte saying their width from there.
        fn chars(&mut self, mut cch: usize, mut wide: bool) -> Option<u64> {
            let mut size: u64 = 0;
            while cch > 0 {
                if self.left() == 0 {
                    if !self.next_segment() {
                        return None;
                    }
                    wide = self.byte()? & 1 == 1;
                }
                let width = if wide { 2 } else { 1 };
                let k = cch.min(self.left() / width);
                if k == 0 {
                    return None;
                }
                self.at += k * width;
                size += k as u64 * if wide { 3 } else { 2 };
                cch -= k;
            }
            Some(size)
        }
    }
    let mut c = Cursor {
        segments,
        i: 0,
        at: 0,
    };
    let mut sizes = Vec::new();
    // cstTotal and cstUnique: counts the file declares, not trusted.
    if c.bytes(8).is_none() {
        return sizes;
    }
    let mut entry = || -> Option<u64> {
        let cch = usize::from(c.u16()?);
        let flags = c.byte()?;
        let runs = if flags & 0x08 != 0 { c.u16()? } else { 0 };
        let ext = if flags & 0x04 != 0 { c.u32()? } else { 0 };
        let size = c.chars(cch, flags & 1 == 1)?;
        c.bytes(usize::from(runs) * 4)?;
        c.bytes(ext as usize)?;
        Some(size)
    };
    while let Some(size) = entry() {
        sizes.push(size);
    }
    sizes
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(kind: u16, body: &[u8]) -> Vec<u8> {
        let mut out = kind.to_le_bytes().to_vec();
        out.extend((body.len() as u16).to_le_bytes());
        out.extend(body);
        out
    }

    fn xls_with(records: &[Vec<u8>]) -> Vec<u8> {
        use std::io::Write;
        let mut cfb = cfb::CompoundFile::create(Cursor::new(Vec::new())).expect("cfb");
        let mut s = cfb.create_stream("Workbook").expect("stream");
        for r in records {
            s.write_all(r).expect("write");
        }
        drop(s);
        cfb.flush().expect("flush");
        cfb.into_inner().into_inner()
    }

    fn number(row: u16, col: u16) -> Vec<u8> {
        let mut b = row.to_le_bytes().to_vec();
        b.extend(col.to_le_bytes());
        b.extend([0u8; 10]);
        record(0x0203, &b)
    }

    fn sst_entry(text: &[u8], wide: bool) -> Vec<u8> {
        let width = if wide { 2 } else { 1 };
        let mut e = ((text.len() / width) as u16).to_le_bytes().to_vec();
        e.push(u8::from(wide));
        e.extend_from_slice(text);
        e
    }

    #[test]
    fn shared_string_sizes_follow_continue_records() {
        let mut sst = vec![0u8; 8];
        sst.extend(sst_entry(b"abc", false));
        sst.extend(sst_entry(&[0x7E, 0x7E, 0xFD, 0x8B], true));
        // A string of 5 compressed characters: 2 here, 3 in the CONTINUE,
        // which switches to wide characters with its flags byte.
        sst.extend_from_slice(&[5, 0, 0, b'a', b'b']);
        let mut cont = vec![1u8];
        cont.extend_from_slice(&[b'c', 0, b'd', 0, b'e', 0]);
        cont.extend(sst_entry(b"z", false));
        assert_eq!(sst_sizes(&[&sst, &cont]), [6, 6, 4 + 9, 2]);
        // A truncated entry ends the table, not the reading.
        assert_eq!(sst_sizes(&[&sst[..sst.len() - 1]]), [6, 6]);
        assert!(sst_sizes(&[&[1, 2]]).is_empty());
    }

    #[test]
    fn xls_shared_string_copied_into_many_cells_is_refused() {
        let long = vec![b'x'; 8000];
        let mut sst = vec![0u8; 8];
        sst.extend(sst_entry(&long, false));
        let cell = |row: u16| {
            let mut b = row.to_le_bytes().to_vec();
            b.extend_from_slice(&[0, 0, 0, 0]);
            b.extend_from_slice(&0u32.to_le_bytes());
            record(LABELSST, &b)
        };
        let with = |cells: u16| {
            let mut records = vec![record(SST, &sst), record(BOF, &[0; 16])];
            records.extend((0..cells).map(cell));
            records.push(record(EOF, &[]));
            xls_with(&records)
        };
        // 5,000 copies of 16,000 bytes: 80 MB of cell text.
        let got = check(Format::Xls, &with(5000), &Limits::default());
        assert!(matches!(got, Err(Refusal::TooLarge { .. })), "{got:?}");
        assert_eq!(check(Format::Xls, &with(100), &Limits::default()), Ok(None));
    }

    #[test]
    fn xls_bounding_box_over_the_limit_is_refused() {
        let bytes = xls_with(&[
            record(BOF, &[0; 16]),
            number(0, 0),
            number(65_535, 255),
            record(EOF, &[]),
        ]);
        let got = check(Format::Xls, &bytes, &Limits::default());
        assert!(matches!(got, Err(Refusal::TooLarge { .. })), "{got:?}");
        let small = xls_with(&[
            record(BOF, &[0; 16]),
            number(0, 0),
            number(99, 20),
            record(EOF, &[]),
        ]);
        assert_eq!(check(Format::Xls, &small, &Limits::default()), Ok(None));
    }

    /// A zip of deflated entries.
    fn zip_with(entries: &[(&str, &[u8])]) -> Vec<u8> {
        use std::io::Write;
        let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        for (name, body) in entries {
            w.start_file(*name, options).expect("start");
            w.write_all(body).expect("write");
        }
        w.finish().expect("finish").into_inner()
    }

    /// Every file of a zip: name, method and content, in order.
    fn unpacked(bytes: &[u8]) -> Vec<(String, zip::CompressionMethod, Vec<u8>)> {
        let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).expect("zip");
        (0..zip.len())
            .map(|i| {
                let mut e = zip.by_index(i).expect("entry");
                let mut body = Vec::new();
                e.read_to_end(&mut body).expect("read");
                (e.name().expect("name").into_owned(), e.compression(), body)
            })
            .collect()
    }

    #[test]
    fn an_xlsx_is_passed_on_with_the_same_parts_stored() {
        let sheet = "<row><c><v>1</v></c></row>".repeat(2_000);
        let bytes = zip_with(&[
            ("[Content_Types].xml", b"<Types/>"),
            ("xl/workbook.xml", b"<workbook/>"),
            ("xl/worksheets/sheet1.xml", sheet.as_bytes()),
            ("xl/empty.bin", b""),
        ]);
        let stored = check(Format::Xlsx, &bytes, &Limits::default())
            .expect("passes")
            .expect("a stored copy");
        let (before, after) = (unpacked(&bytes), unpacked(&stored));
        assert_eq!(before.len(), 4);
        assert_eq!(after.len(), before.len());
        for ((n0, m0, b0), (n1, m1, b1)) in before.iter().zip(&after) {
            assert_eq!((n0, b0), (n1, b1));
            assert_eq!(*m0, zip::CompressionMethod::Deflated);
            assert_eq!(*m1, zip::CompressionMethod::Stored);
        }
    }

    #[test]
    fn an_xlsx_too_large_to_hold_unpacked_is_read_packed() {
        // Over 16 MiB unpacked, but not a bomb: it hardly compresses.
        let mut noise = Vec::with_capacity(17 * 1024 * 1024);
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        while noise.len() < 17 * 1024 * 1024 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            noise.extend_from_slice(&x.to_le_bytes());
        }
        let bytes = zip_with(&[("xl/media/image1.bin", &noise)]);
        assert_eq!(check(Format::Xlsx, &bytes, &Limits::default()), Ok(None));
    }

    #[test]
    fn xls_with_filepass_is_encrypted() {
        let bytes = xls_with(&[
            record(BOF, &[0; 16]),
            record(FILEPASS, &[1, 0]),
            record(EOF, &[]),
        ]);
        assert_eq!(
            check(Format::Xls, &bytes, &Limits::default()),
            Err(Refusal::Encrypted)
        );
    }

    #[test]
    fn ods_row_counts() {
        let mut s = OdsSheet::default();
        s.row(3, &[]);
        s.row(1, &[(2, false), (1, true)]);
        s.row(1_000, &[(1, true)]);
        assert_eq!(s.first_row, Some(3));
        assert_eq!(s.last_row, 1_003);
        assert_eq!(s.bounding_box(), 1_001 * 3);
        assert_eq!(s.materialised, 3 + 1);
    }
}
