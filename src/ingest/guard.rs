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
    /// Cells of the sheets' bounding boxes, each and all together (.xls,
    /// .ods: the reader holds every sheet as a dense range at once), or
    /// cells stored in the whole workbook (.xlsx, streamed).
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
    /// Style records (样式): an .xlsx's cell formats (`xf` of `cellXfs` and
    /// `cellStyleXfs`), named styles, number formats, fonts, fills, borders
    /// and differential formats (`dxf`) together; an .xls's XF, FONT,
    /// FORMAT and STYLE records. The reader keeps every one in memory.
    pub(crate) max_styles: u64,
    /// Merged ranges (合并单元格) of one sheet: `mergeCell` elements of an
    /// .xlsx part, the ranges of an .xls sheet's MERGEDCELLS records.
    pub(crate) max_merged_per_sheet: u64,
    /// Merged ranges of the whole workbook.
    pub(crate) max_merged_total: u64,
    /// Rows a sheet can have: a cell or a declared range beyond it is not
    /// one a spreadsheet program wrote (.xls: at most 65,536 whatever this
    /// says).
    pub(crate) max_rows: u32,
    /// Columns a sheet can have (Excel's XFD; .xls: at most 256).
    pub(crate) max_columns: u32,
    /// Bytes of XML of all sheet parts of an .xlsx together, unpacked: the
    /// reader parses every one of them.
    pub(crate) max_sheet_xml_bytes: u64,
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
            // Excel allows 64,000 cell formats and styles together; a
            // workbook at that limit has about as many again in fonts,
            // fills and borders at most. The templates hold under 100.
            max_styles: 200_000,
            // A project sheet has 37, the department workbook none: one per
            // indicator row of a 2,000-row table, ten times over, is 20,000.
            max_merged_per_sheet: 50_000,
            max_merged_total: 100_000,
            max_rows: 1_048_576,
            max_columns: 16_384,
            // The sheets of a real workbook come to 100–200 KiB.
            max_sheet_xml_bytes: 64 * 1024 * 1024,
        }
    }
}

/// Adds one sheet's bounding box to the cells of the workbook's boxes so
/// far, refused past the limit: the reader of an .xls or .ods holds every
/// sheet's range at once, so boxes each under the limit still add up.
fn add_box(total: &mut u64, cells: u64, limits: &Limits) -> Result<(), Refusal> {
    *total = total.saturating_add(cells);
    if *total > limits.max_cells {
        return Err(too_large(format!(
            "各工作表的使用范围共达 {} 个单元格以上，超过上限 {}",
            *total, limits.max_cells
        )));
    }
    Ok(())
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

/// A .zip archive that carries workbooks (a mail attachment, or a .zip
/// among a run's inputs), opened under the same limits as a workbook's
/// container: at most [`Limits::max_zip_entries`] entries, each inflated
/// with a cap (declared sizes can lie) and the compression ratio watched,
/// all entries together at most [`Limits::max_total_bytes`]. Each file
/// entry is handed to `each` with its name (decoded: UTF-8 when flagged
/// or valid, else GB18030, the code page of a zip made on Chinese Windows)
/// and its bytes, or, for an entry declared larger than a workbook file
/// may be ([`Limits::max_file_bytes`]), the refusal, unread. A bomb, a
/// damaged or encrypted archive ends the archive: the refusal is returned
/// and the entries handed on so far stand.
pub(crate) fn open_archive(
    bytes: &[u8],
    limits: &Limits,
    mut each: impl FnMut(String, Result<Vec<u8>, Refusal>),
) -> Result<(), Refusal> {
    let corrupt = |e: &dyn std::fmt::Display| Refusal::Corrupt {
        what: format!("压缩包已损坏或已加密（{e}）"),
    };
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| corrupt(&e))?;
    if zip.len() > limits.max_zip_entries {
        return Err(too_large(format!(
            "压缩包内有 {} 个条目，超过上限 {}",
            zip.len(),
            limits.max_zip_entries
        )));
    }
    let mut total: u64 = 0;
    let mut buf = vec![0u8; 64 * 1024];
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).map_err(|e| corrupt(&e))?;
        if entry.is_dir() {
            continue;
        }
        let name = entry_name(entry.name_raw(), entry.flags().as_u16());
        if entry.size() > limits.max_file_bytes {
            each(
                name,
                Err(too_large(format!(
                    "解压后 {:.1} MiB，超过工作簿文件的上限 {:.0} MiB",
                    entry.size() as f64 / 1_048_576.0,
                    limits.max_file_bytes as f64 / 1_048_576.0
                ))),
            );
            continue;
        }
        let compressed = entry.compressed_size().max(1);
        let cap = limits
            .max_file_bytes
            .min(limits.max_total_bytes.saturating_sub(total));
        // What the entry declares, within the cap: room made once.
        let mut out = Vec::with_capacity(entry.size().min(cap) as usize);
        loop {
            let n = match entry.read(&mut buf) {
                Ok(0) => break,
                Ok(n) => n,
                Err(e) => {
                    return Err(Refusal::Corrupt {
                        what: format!("条目 {name} 无法解压（{e}）"),
                    });
                }
            };
            out.extend_from_slice(&buf[..n]);
            let seen = out.len() as u64;
            if seen > cap {
                return Err(too_large(format!(
                    "条目 {name} 解压后超过 {cap} 字节（疑似压缩炸弹）"
                )));
            }
            if seen > 1024 * 1024 && seen / compressed > limits.max_ratio {
                return Err(too_large(format!(
                    "条目 {name} 的压缩比超过 {}:1（疑似压缩炸弹）",
                    limits.max_ratio
                )));
            }
        }
        total += out.len() as u64;
        each(name, Ok(out));
    }
    Ok(())
}

/// A zip entry's name: UTF-8 when its flag (bit 11) says so or its bytes
/// are valid UTF-8, else GB18030 (GBK's superset): zips made on Chinese
/// Windows store names in the local code page without the flag, which the
/// zip crate would read as code page 437.
fn entry_name(raw: &[u8], flags: u16) -> String {
    const UTF8_FLAG: u16 = 1 << 11;
    match std::str::from_utf8(raw) {
        Ok(s) => s.to_string(),
        Err(_) if flags & UTF8_FLAG != 0 => String::from_utf8_lossy(raw).into_owned(),
        Err(_) => encoding_rs::GB18030
            .decode_without_bom_handling(raw)
            .0
            .into_owned(),
    }
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
/// cap, since a zip's declared sizes can lie. For an .xlsx (`xlsx`), what
/// is inflated is also written to a stored copy of the zip (see [`check`]),
/// and its XML parts are counted as they stream past ([`XlsxCounts`]).
fn check_zip(bytes: &[u8], limits: &Limits, xlsx: bool) -> Result<Option<Vec<u8>>, Refusal> {
    let copy = xlsx;
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
    let mut counts = XlsxCounts::default();
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
        let mut tags = xlsx.then(|| TagCounter::for_part(&name));
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
            if let Some(tags) = tags.as_mut() {
                tags.feed(&buf[..n]);
            }
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
        if let Some(tags) = tags {
            counts.add(&name, &tags, seen, limits)?;
        }
    }
    Ok(stored.finish())
}

/// Local names counted in every part of an .xlsx: merged ranges, and the
/// cell table that makes a part a sheet, wherever the workbook puts it;
/// then, in the styles part only, the style records.
const TAGS: &[&[u8]] = &[
    b"mergeCell",
    b"sheetData",
    b"xf",
    b"cellStyle",
    b"numFmt",
    b"font",
    b"fill",
    b"border",
    b"dxf",
];
/// How many of [`TAGS`] every part is searched for.
const SHEET_TAGS: usize = 2;

/// The longest namespace prefix [`TagCounter`] tells from an end tag's.
const MAX_PREFIX: usize = 16;

/// Where the start tag of a name found at `at` in `hay` begins: its `<`,
/// right before the name or before a prefix and `:`. `None` when the name
/// is no start tag's (an end tag, an attribute, text), or its `<` lies
/// before `hay`. A prefix longer than [`MAX_PREFIX`] counts as a start
/// tag's, its window starting that far back.
fn tag_start(hay: &[u8], at: usize) -> Option<usize> {
    let before = at.checked_sub(1)?;
    match hay[before] {
        b'<' => Some(before),
        b':' => {
            let floor = before.checked_sub(MAX_PREFIX + 1);
            let name_byte = |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.');
            match (floor.unwrap_or(0)..before)
                .rev()
                .find(|&i| !name_byte(hay[i]))
            {
                Some(lt) => (hay[lt] == b'<' && lt + 1 < before).then_some(lt),
                // A prefix longer than any real one is taken for a start
                // tag's, so that no prefix can hide a tag.
                None => floor,
            }
        }
        _ => None,
    }
}

/// Start tags of a few local names (`<name` or `<prefix:name`, then a
/// space, `/` or `>`), counted in an XML part as it is inflated, chunk by
/// chunk, in bounded memory: `memchr::memmem` finds each name, and the last
/// bytes of a chunk are kept to find a tag cut by a chunk's end. A tag in a
/// comment or CDATA is counted too: only a crafted part has those.
/// Written by hand over `memmem` rather than with an XML parser: it looks
/// at the bytes the guard inflates anyway, at a fraction of a parse's cost.
struct TagCounter {
    /// Whether all of [`TAGS`] are counted, or only a sheet's.
    styles: bool,
    finders: Vec<memchr::memmem::Finder<'static>>,
    counts: Vec<u64>,
    /// The stream's last bytes, fewer than the longest tag window (`<`,
    /// prefix and `:`, name, delimiter).
    tail: Vec<u8>,
    /// The tail followed by the start of the next chunk.
    joined: Vec<u8>,
    window: usize,
}

impl TagCounter {
    /// The counter for an .xlsx part, by its name: the styles part
    /// (`styles.xml` in any folder) is searched for every tag, every other
    /// part, whatever its name says, for those of a sheet.
    fn for_part(name: &str) -> Self {
        let lower = name.to_ascii_lowercase();
        let styles = lower.rsplit('/').next() == Some("styles.xml");
        let mut counter = Self::new(if styles { TAGS } else { &TAGS[..SHEET_TAGS] }, styles);
        if lower.contains("worksheets/") && lower.ends_with(".xml") {
            // A sheet by its name: no need to look for its cell table.
            counter.counts[1] = 1;
        }
        counter
    }

    fn new(names: &'static [&'static [u8]], styles: bool) -> Self {
        let window = names
            .iter()
            .map(|n| n.len() + 3 + MAX_PREFIX)
            .max()
            .unwrap_or(0);
        TagCounter {
            styles,
            finders: names.iter().map(memchr::memmem::Finder::new).collect(),
            counts: vec![0; names.len()],
            tail: Vec::with_capacity(window),
            joined: Vec::with_capacity(2 * window),
            window,
        }
    }

    /// Counts the tags of `hay` whose window (the tag's `<` to the byte
    /// after the name) lies in `hay`, and, with `straddle`, starts
    /// before it and ends at or after it. A sheet part's cell table
    /// (`sheetData`) is only looked for until found once.
    fn count(
        finders: &[memchr::memmem::Finder<'_>],
        counts: &mut [u64],
        hay: &[u8],
        straddle: Option<usize>,
    ) {
        for (i, (finder, count)) in finders.iter().zip(counts.iter_mut()).enumerate() {
            if i == 1 && *count > 0 {
                // The cell table is looked for until found once.
                continue;
            }
            let len = finder.needle().len();
            for at in finder.find_iter(hay) {
                let (Some(lt), Some(&after)) = (tag_start(hay, at), hay.get(at + len)) else {
                    continue;
                };
                if let Some(t) = straddle
                    && (lt >= t || at + len < t)
                {
                    continue;
                }
                if matches!(after, b' ' | b'\t' | b'\r' | b'\n' | b'/' | b'>') {
                    *count += 1;
                }
            }
        }
    }

    /// The next chunk of the part.
    fn feed(&mut self, chunk: &[u8]) {
        Self::count(&self.finders, &mut self.counts, chunk, None);
        if !self.tail.is_empty() {
            self.joined.clear();
            self.joined.extend_from_slice(&self.tail);
            self.joined
                .extend_from_slice(&chunk[..chunk.len().min(self.window)]);
            let t = self.tail.len();
            Self::count(&self.finders, &mut self.counts, &self.joined, Some(t));
        }
        let keep = self.window - 1;
        self.tail
            .extend_from_slice(&chunk[chunk.len().saturating_sub(keep)..]);
        let extra = self.tail.len().saturating_sub(keep);
        self.tail.drain(..extra);
    }
}

/// What the XML parts of an .xlsx hold, part by part.
#[derive(Debug, Default)]
struct XlsxCounts {
    styles: u64,
    merged: u64,
    sheet_bytes: u64,
}

impl XlsxCounts {
    /// Adds a part of `part_bytes` unpacked, whose tags `tags` counted.
    fn add(
        &mut self,
        name: &str,
        tags: &TagCounter,
        part_bytes: u64,
        limits: &Limits,
    ) -> Result<(), Refusal> {
        if tags.styles {
            self.styles += tags.counts[SHEET_TAGS..].iter().sum::<u64>();
            if self.styles > limits.max_styles {
                return Err(too_large(format!(
                    "部件 {name} 有 {} 条样式记录（单元格格式、字体、填充、边框、数字格式等），\
                     超过上限 {}（常因从别的工作簿复制粘贴积累大量样式；请另存为新工作簿或清除多余样式）",
                    self.styles, limits.max_styles
                )));
            }
        }
        let (merged, cell_table) = (tags.counts[0], tags.counts[1]);
        if merged > limits.max_merged_per_sheet {
            return Err(too_large(format!(
                "部件 {name} 有 {merged} 个合并单元格区域，超过每张工作表的上限 {}",
                limits.max_merged_per_sheet
            )));
        }
        self.merged += merged;
        if self.merged > limits.max_merged_total {
            return Err(too_large(format!(
                "工作簿共有 {} 个合并单元格区域，超过上限 {}",
                self.merged, limits.max_merged_total
            )));
        }
        if cell_table > 0 || name.to_ascii_lowercase().contains("worksheets/") {
            self.sheet_bytes += part_bytes;
            if self.sheet_bytes > limits.max_sheet_xml_bytes {
                return Err(too_large(format!(
                    "工作表部件解压后共 {} 字节，超过上限 {} 字节",
                    self.sheet_bytes, limits.max_sheet_xml_bytes
                )));
            }
        }
        Ok(())
    }
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
    let mut boxes: u64 = 0;
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
                        add_box(&mut boxes, sheet.bounding_box(), limits)?;
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
        if self.first_row.is_some()
            && (self.last_row >= u64::from(limits.max_rows)
                || self.last_col >= u64::from(limits.max_columns))
        {
            let (what, max) = if self.last_row >= u64::from(limits.max_rows) {
                (
                    format!("第 {} 行", self.last_row + 1),
                    format!("行数 {}", limits.max_rows),
                )
            } else {
                (
                    format!("第 {} 列", self.last_col + 1),
                    format!("列数 {}", limits.max_columns),
                )
            };
            return Err(too_large(format!(
                "工作表{what}有内容，超出电子表格的最大{max}，不是电子表格程序保存的文件"
            )));
        }
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
const DIMENSIONS: u16 = 0x0200;
const MERGEDCELLS: u16 = 0x00E5;
/// Style records: XF, FONT, FORMAT, STYLE.
const STYLE_RECORDS: &[u16] = &[0x00E0, 0x0031, 0x041E, 0x0293];
/// Rows and columns of a BIFF8 sheet.
const XLS_MAX_ROWS: u32 = 65_536;
const XLS_MAX_COLUMNS: u32 = 256;
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
    let mut styles: u64 = 0;
    let (mut merged, mut merged_total): (u64, u64) = (0, 0);
    let max_rows = limits.max_rows.min(XLS_MAX_ROWS);
    let max_columns = limits.max_columns.min(XLS_MAX_COLUMNS);
    let beyond = |row: u32, col: u32| {
        too_large(format!(
            "工作表第 {} 行第 {} 列超出 Excel 97–2003 工作簿的最大范围（{max_rows} 行、{max_columns} 列），\
             不是电子表格程序保存的文件",
            u64::from(row) + 1,
            u64::from(col) + 1
        ))
    };
    let mut boxes: u64 = 0;
    let mut check_box = |bbox: &Option<(u32, u32, u32, u32)>| -> Result<(), Refusal> {
        if let Some((r0, c0, r1, c1)) = bbox {
            let cells = u64::from(r1 - r0 + 1) * u64::from(c1 - c0 + 1);
            if cells > limits.max_cells {
                return Err(too_large(format!(
                    "工作表的使用范围达 {cells} 个单元格，超过上限 {}",
                    limits.max_cells
                )));
            }
            add_box(&mut boxes, cells, limits)?;
        }
        Ok(())
    };
    while pos + 4 <= stream.len() {
        let kind = u16::from_le_bytes([stream[pos], stream[pos + 1]]);
        let len = usize::from(u16::from_le_bytes([stream[pos + 2], stream[pos + 3]]));
        let body = stream.get(pos + 4..pos + 4 + len).unwrap_or(&[]);
        pos += 4 + len;
        let u16_at = |o: usize| body.get(o..o + 2).map(|b| u16::from_le_bytes([b[0], b[1]]));
        // A cell's position (a row of cells for MULRK): beyond the sheet it
        // is refused, else it extends the sheet's box.
        let mut place = |row: u16, c_first: u16, c_last: u16| -> Result<(), Refusal> {
            let (row, c_first, c_last) = (
                u32::from(row),
                u32::from(c_first),
                u32::from(c_last.max(c_first)),
            );
            if row >= max_rows || c_last >= max_columns {
                return Err(beyond(row, c_last));
            }
            bbox = Some(match bbox {
                None => (row, c_first, row, c_last),
                Some((r0, c0, r1, c1)) => {
                    (r0.min(row), c0.min(c_first), r1.max(row), c1.max(c_last))
                }
            });
            Ok(())
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
                // A cell like any other (this arm comes first).
                if let (Some(row), Some(col)) = (u16_at(0), u16_at(2)) {
                    place(row, col, col)?;
                }
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
            BOF => {
                bbox = None;
                merged = 0;
            }
            EOF => {
                check_box(&bbox)?;
                bbox = None;
            }
            MULRK => {
                if let (Some(row), Some(c0)) = (u16_at(0), u16_at(2)) {
                    let c1 = body.len().checked_sub(2).and_then(u16_at).unwrap_or(c0);
                    place(row, c0, c1)?;
                }
            }
            k if CELL_RECORDS.contains(&k) => {
                if let (Some(row), Some(col)) = (u16_at(0), u16_at(2)) {
                    place(row, col, col)?;
                }
            }
            DIMENSIONS => {
                // The reader reserves room for the whole declared range.
                if let Some((r0, r1, c0, c1)) = xls_dimensions(body) {
                    if r1 >= max_rows || c1 >= max_columns {
                        return Err(beyond(r1, c1));
                    }
                    // A first row or column just after the last is an empty
                    // range; further after, the reader's subtraction wraps.
                    let (rows, cols) = (
                        (u64::from(r1) + 1).checked_sub(u64::from(r0)),
                        (u64::from(c1) + 1).saturating_sub(u64::from(c0)),
                    );
                    let Some(rows) = rows else {
                        return Err(Refusal::Corrupt {
                            what: format!(
                                "Excel 97–2003 文件结构已损坏（DIMENSIONS 记录的首行 {} 在末行 {} 之后）",
                                u64::from(r0) + 1,
                                u64::from(r1) + 1
                            ),
                        });
                    };
                    let cells = rows * cols;
                    if cells > limits.max_cells {
                        return Err(too_large(format!(
                            "工作表声明的使用范围（DIMENSIONS 记录）达 {cells} 个单元格，超过上限 {}",
                            limits.max_cells
                        )));
                    }
                }
            }
            MERGEDCELLS => {
                let count = u64::from(u16_at(0).unwrap_or(0));
                // The reader reads as many ranges as the record says.
                if 2 + count * 8 > len as u64 {
                    return Err(Refusal::Corrupt {
                        what: format!(
                            "Excel 97–2003 文件结构已损坏（MERGEDCELLS 记录声明 {count} 个区域，记录只容得下 {} 个）",
                            len.saturating_sub(2) / 8
                        ),
                    });
                }
                merged += count;
                merged_total += count;
                if merged > limits.max_merged_per_sheet {
                    return Err(too_large(format!(
                        "一张工作表有 {merged} 个合并单元格区域，超过每张工作表的上限 {}",
                        limits.max_merged_per_sheet
                    )));
                }
                if merged_total > limits.max_merged_total {
                    return Err(too_large(format!(
                        "工作簿共有 {merged_total} 个合并单元格区域，超过上限 {}",
                        limits.max_merged_total
                    )));
                }
            }
            k if STYLE_RECORDS.contains(&k) => {
                styles += 1;
                if styles > limits.max_styles {
                    return Err(too_large(format!(
                        "样式记录（单元格格式、字体、数字格式、样式）超过 {} 条，超过上限",
                        limits.max_styles
                    )));
                }
            }
            _ => {}
        }
    }
    check_box(&bbox)
}

/// A DIMENSIONS record as the reader takes it: the first and last row and
/// column (0-based) of the range it reserves room for. `None` for a record
/// of a length the reader refuses anyway.
fn xls_dimensions(body: &[u8]) -> Option<(u32, u32, u32, u32)> {
    let u16_at = |o: usize| {
        body.get(o..o + 2)
            .map(|b| u32::from(u16::from_le_bytes([b[0], b[1]])))
    };
    let u32_at = |o: usize| {
        body.get(o..o + 4)
            .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    };
    let (first_row, row_after, mut first_col, col_after) = match body.len() {
        10 => (u16_at(0)?, u16_at(2)?, u16_at(4)?, u16_at(6)?),
        14 | 16 => (u32_at(0)?, u32_at(4)?, u16_at(8)?, u16_at(10)?),
        _ => return None,
    };
    if first_col > 0xFF || col_after < first_col {
        first_col = 0;
    }
    if row_after == 0 || col_after == 0 {
        return Some((first_row, first_row, first_col, first_col));
    }
    Some((first_row, row_after - 1, first_col, col_after - 1))
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
            // A CONTINUE record may be empty: skip to one with a byte.
            while self.left() == 0 {
                if !self.next_segment() {
                    return None;
                }
            }
            let b = *self.segments.get(self.i)?.get(self.at)?;
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
        // An empty CONTINUE record is skipped, not indexed.
        assert_eq!(sst_sizes(&[&sst[..8 + 6], &[], &sst[8 + 6..]]), [6, 6]);
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

    /// Every kind of cell record extends the box, the one with its own arm
    /// (LABELSST) too: a shared-string cell at row 65,293 made a 72 KB file
    /// take 1 GB (the mutation test's seed 7, case 2118).
    #[test]
    fn xls_every_cell_record_extends_the_box() {
        for kind in CELL_RECORDS.iter().copied().chain([MULRK]) {
            let far = |row: u16, col: u16| {
                let mut b = row.to_le_bytes().to_vec();
                b.extend(col.to_le_bytes());
                b.extend([0u8; 10]);
                record(kind, &b)
            };
            let bytes = xls_with(&[
                record(BOF, &[0; 16]),
                number(0, 0),
                far(65_292, 200),
                record(EOF, &[]),
            ]);
            refused_for(
                check(Format::Xls, &bytes, &Limits::default()),
                "工作表的使用范围达",
            );
        }
    }

    /// Sheets each under the limit whose boxes add up past it: the reader
    /// holds every sheet's dense range at once.
    #[test]
    fn xls_boxes_of_all_sheets_together_over_the_limit_are_refused() {
        let sheet = || {
            vec![
                record(BOF, &[0; 16]),
                number(0, 0),
                number(999, 99),
                record(EOF, &[]),
            ]
        };
        let limits = Limits {
            max_cells: 250_000,
            ..Limits::default()
        };
        let two: Vec<Vec<u8>> = (0..2).flat_map(|_| sheet()).collect();
        assert_eq!(check(Format::Xls, &xls_with(&two), &limits), Ok(None));
        let three: Vec<Vec<u8>> = (0..3).flat_map(|_| sheet()).collect();
        refused_for(
            check(Format::Xls, &xls_with(&three), &limits),
            "各工作表的使用范围共达 300000 个单元格以上",
        );
    }

    #[test]
    fn ods_boxes_of_all_sheets_together_over_the_limit_are_refused() {
        let table = r#"<table:table table:name="S"><table:table-row table:number-rows-repeated="1000"><table:table-cell table:number-columns-repeated="100" office:value-type="float" office:value="1"/></table:table-row></table:table>"#;
        let ods = |n: usize| {
            let content = format!(
                r#"<office:document-content xmlns:office="o" xmlns:table="t"><office:body><office:spreadsheet>{}</office:spreadsheet></office:body></office:document-content>"#,
                table.repeat(n)
            );
            zip_with(&[("content.xml", content.as_bytes())])
        };
        let limits = Limits {
            max_cells: 250_000,
            ..Limits::default()
        };
        assert_eq!(check(Format::Ods, &ods(2), &limits), Ok(None));
        refused_for(
            check(Format::Ods, &ods(3), &limits),
            "各工作表的使用范围共达 300000 个单元格以上",
        );
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

    /// The limits of the new caps at small values, the rest at defaults.
    fn small() -> Limits {
        Limits {
            max_styles: 10,
            max_merged_per_sheet: 3,
            max_merged_total: 5,
            max_rows: 100,
            max_columns: 10,
            max_sheet_xml_bytes: 4_000,
            ..Limits::default()
        }
    }

    fn refused_for(got: Result<Option<Vec<u8>>, Refusal>, what: &str) {
        match got {
            Err(Refusal::TooLarge { what: w }) => assert!(w.contains(what), "{w}"),
            Err(other) => panic!("expected a refusal for {what}: {other:?}"),
            Ok(_) => panic!("expected a refusal for {what}: passed"),
        }
    }

    #[test]
    fn tags_are_counted_however_the_part_is_cut() {
        let xml = b"<styleSheet><cellXfs count=\"3\"><xf/><x:xf a=\"1\"></x:xf>\
            <xf\n/><a_very_long_namespace_prefix:xf/></cellXfs><dxfs><dxf><font/><fill/></dxf></dxfs><fonts><font><b/></font>\
            </fonts><numFmts><numFmt numFmtId=\"1\"/></numFmts><borders><border>\
            </border></borders><cellStyles><cellStyle name=\"a\"/></cellStyles></styleSheet>";
        for size in 1..=xml.len() {
            let mut c = TagCounter::new(TAGS, true);
            for chunk in xml.chunks(size) {
                c.feed(chunk);
            }
            // mergeCell, sheetData, then xf, cellStyle, numFmt, font, fill,
            // border, dxf
            assert_eq!(c.counts, [0, 0, 4, 1, 1, 2, 1, 1, 1], "chunks of {size}");
        }
        let sheet = b"<worksheet><sheetData/><mergeCells count=\"2\"><mergeCell ref=\"A1:B1\"/>\
            <mergeCell ref=\"A2:B2\"></mergeCell></mergeCells><!-- mergeCells --></worksheet>";
        for size in 1..=sheet.len() {
            let mut c = TagCounter::new(&TAGS[..SHEET_TAGS], false);
            for chunk in sheet.chunks(size) {
                c.feed(chunk);
            }
            assert_eq!(c.counts, [2, 1], "chunks of {size}");
        }
    }

    fn xlsx_parts(styles: &str, sheets: &[String]) -> Vec<u8> {
        let mut entries: Vec<(String, Vec<u8>)> = vec![
            ("xl/workbook.xml".into(), b"<workbook/>".to_vec()),
            ("xl/styles.xml".into(), styles.as_bytes().to_vec()),
        ];
        for (i, sheet) in sheets.iter().enumerate() {
            entries.push((
                format!("xl/worksheets/sheet{}.xml", i + 1),
                sheet.clone().into_bytes(),
            ));
        }
        let entries: Vec<(&str, &[u8])> = entries
            .iter()
            .map(|(n, b)| (n.as_str(), b.as_slice()))
            .collect();
        zip_with(&entries)
    }

    #[test]
    fn xlsx_styles_over_the_limit_are_refused() {
        let styles = |n: usize| {
            format!(
                "<styleSheet><cellXfs>{}</cellXfs></styleSheet>",
                "<xf/>".repeat(n)
            )
        };
        let sheet = vec!["<worksheet><sheetData/></worksheet>".to_string()];
        let got = check(Format::Xlsx, &xlsx_parts(&styles(11), &sheet), &small());
        refused_for(got, "11 条样式记录");
        assert!(check(Format::Xlsx, &xlsx_parts(&styles(10), &sheet), &small()).is_ok());
    }

    #[test]
    fn xlsx_merged_ranges_over_the_limits_are_refused() {
        let sheet = |n: usize| {
            format!(
                "<worksheet><sheetData/><mergeCells>{}</mergeCells></worksheet>",
                "<mergeCell ref=\"A1:B1\"/>".repeat(n)
            )
        };
        let styles = "<styleSheet/>";
        let got = check(Format::Xlsx, &xlsx_parts(styles, &[sheet(4)]), &small());
        refused_for(got, "4 个合并单元格区域，超过每张工作表的上限 3");
        let got = check(
            Format::Xlsx,
            &xlsx_parts(styles, &[sheet(3), sheet(3)]),
            &small(),
        );
        refused_for(got, "共有 6 个合并单元格区域");
        assert!(
            check(
                Format::Xlsx,
                &xlsx_parts(styles, &[sheet(3), sheet(2)]),
                &small()
            )
            .is_ok()
        );
        // Merged ranges count in any part, whatever its name says.
        let elsewhere = zip_with(&[("xl/media/image9.png", sheet(4).as_bytes())]);
        refused_for(check(Format::Xlsx, &elsewhere, &small()), "合并单元格");
    }

    #[test]
    fn xlsx_sheet_parts_over_the_limit_together_are_refused() {
        let sheet = format!(
            "<worksheet><sheetData>{}</sheetData></worksheet>",
            "<row/>".repeat(400)
        );
        let one = xlsx_parts("<styleSheet/>", std::slice::from_ref(&sheet));
        assert!(check(Format::Xlsx, &one, &small()).is_ok());
        let two = xlsx_parts("<styleSheet/>", &[sheet.clone(), sheet]);
        refused_for(check(Format::Xlsx, &two, &small()), "工作表部件解压后共");
        // A part outside the sheets' folder counts when it holds a cell table.
        let big = format!(
            "<worksheet><sheetData>{}</sheetData></worksheet>",
            "<row/>".repeat(700)
        );
        let elsewhere = zip_with(&[("xl/media/image9.png", big.as_bytes())]);
        refused_for(check(Format::Xlsx, &elsewhere, &small()), "工作表部件");
        let plain = zip_with(&[("xl/other.xml", "<a/>".repeat(2_000).as_bytes())]);
        assert!(check(Format::Xlsx, &plain, &small()).is_ok());
    }

    #[test]
    fn xls_styles_and_merged_ranges_over_the_limits_are_refused() {
        let xf = || record(0x00E0, &[0; 20]);
        let with_xfs = |n: usize| {
            let mut r = vec![record(BOF, &[0; 16])];
            r.extend((0..n).map(|_| xf()));
            r.push(record(EOF, &[]));
            xls_with(&r)
        };
        let got = check(Format::Xls, &with_xfs(11), &small());
        refused_for(got, "样式记录");
        assert_eq!(check(Format::Xls, &with_xfs(10), &small()), Ok(None));

        let merged = |n: u16| {
            let mut b = n.to_le_bytes().to_vec();
            b.extend(vec![0u8; 8 * usize::from(n)]);
            record(MERGEDCELLS, &b)
        };
        let sheet = |ranges: &[u16]| {
            let mut r = vec![record(BOF, &[0; 16])];
            r.extend(ranges.iter().map(|&n| merged(n)));
            r.push(record(EOF, &[]));
            r
        };
        let got = check(Format::Xls, &xls_with(&sheet(&[2, 2])), &small());
        refused_for(got, "一张工作表有 4 个合并单元格区域");
        let mut two = sheet(&[3]);
        two.extend(sheet(&[3]));
        refused_for(check(Format::Xls, &xls_with(&two), &small()), "共有 6 个");
        let mut fine = sheet(&[3]);
        fine.extend(sheet(&[2]));
        assert_eq!(check(Format::Xls, &xls_with(&fine), &small()), Ok(None));
        // A count beyond the record's bytes: the reader would read past it.
        let mut lying = 50u16.to_le_bytes().to_vec();
        lying.extend([0u8; 8]);
        let bytes = xls_with(&[
            record(BOF, &[0; 16]),
            record(MERGEDCELLS, &lying),
            record(EOF, &[]),
        ]);
        assert!(matches!(
            check(Format::Xls, &bytes, &Limits::default()),
            Err(Refusal::Corrupt { .. })
        ));
    }

    fn dimensions(r0: u32, r_after: u32, c0: u16, c_after: u16) -> Vec<u8> {
        let mut b = r0.to_le_bytes().to_vec();
        b.extend(r_after.to_le_bytes());
        b.extend(c0.to_le_bytes());
        b.extend(c_after.to_le_bytes());
        b.extend([0, 0]);
        record(DIMENSIONS, &b)
    }

    #[test]
    fn xls_cells_and_ranges_beyond_the_sheet_are_refused() {
        let sheet = |r: Vec<u8>| xls_with(&[record(BOF, &[0; 16]), r, record(EOF, &[])]);
        let limits = Limits::default();
        // BIFF8 has 256 columns whatever the limits say.
        refused_for(
            check(Format::Xls, &sheet(number(0, 256)), &limits),
            "第 1 行第 257 列",
        );
        assert_eq!(
            check(Format::Xls, &sheet(number(65_535, 255)), &limits),
            Ok(None)
        );
        refused_for(
            check(Format::Xls, &sheet(number(100, 0)), &small()),
            "第 101 行",
        );
        // The declared range: the reader reserves room for all of it.
        refused_for(
            check(Format::Xls, &sheet(dimensions(0, 70_000, 0, 10)), &limits),
            "第 70000 行",
        );
        refused_for(
            check(Format::Xls, &sheet(dimensions(0, 65_536, 0, 256)), &limits),
            "DIMENSIONS",
        );
        assert_eq!(
            check(Format::Xls, &sheet(dimensions(0, 2_000, 0, 20)), &limits),
            Ok(None)
        );
        // Empty ranges, as writers declare them.
        assert_eq!(
            check(Format::Xls, &sheet(dimensions(0, 0, 0, 0)), &limits),
            Ok(None)
        );
        assert_eq!(
            check(Format::Xls, &sheet(dimensions(5, 5, 3, 3)), &limits),
            Ok(None)
        );
        assert!(matches!(
            check(Format::Xls, &sheet(dimensions(9, 5, 0, 3)), &limits),
            Err(Refusal::Corrupt { .. })
        ));
    }

    #[test]
    fn ods_cell_beyond_the_sheet_is_refused() {
        let ods = |cells: &str| {
            let content = format!(
                r#"<office:document-content xmlns:office="o" xmlns:table="t" xmlns:text="x"><office:body><office:spreadsheet><table:table table:name="S"><table:table-row>{cells}</table:table-row></table:table></office:spreadsheet></office:body></office:document-content>"#
            );
            zip_with(&[("content.xml", content.as_bytes())])
        };
        let valued = r#"<table:table-cell office:value-type="float" office:value="1"/>"#;
        let far = format!(r#"<table:table-cell table:number-columns-repeated="16384"/>{valued}"#);
        refused_for(
            check(Format::Ods, &ods(&far), &Limits::default()),
            "第 16385 列有内容",
        );
        let below = format!(
            r#"</table:table-row><table:table-row table:number-rows-repeated="1048576"/><table:table-row>{valued}"#
        );
        refused_for(
            check(Format::Ods, &ods(&below), &Limits::default()),
            "第 1048578 行有内容",
        );
        // Empty cells repeated past the last column, as LibreOffice writes
        // them, are no content.
        let trailing =
            format!(r#"{valued}<table:table-cell table:number-columns-repeated="16384"/>"#);
        assert_eq!(
            check(Format::Ods, &ods(&trailing), &Limits::default()),
            Ok(None)
        );
    }

    /// Every limit at a tenth of its default (the format bounds of rows and
    /// columns too): the shipped samples and the LibreOffice fixtures still
    /// pass, so the defaults leave them a margin of ten and more.
    #[test]
    fn samples_pass_at_a_tenth_of_every_limit() {
        let d = Limits::default();
        let tenth = Limits {
            max_file_bytes: d.max_file_bytes / 10,
            max_zip_entries: d.max_zip_entries / 10,
            max_entry_bytes: d.max_entry_bytes / 10,
            max_total_bytes: d.max_total_bytes / 10,
            max_ratio: d.max_ratio / 10,
            max_cells: d.max_cells / 10,
            max_sheets: d.max_sheets / 10,
            max_shared_strings: d.max_shared_strings / 10,
            max_text_bytes: d.max_text_bytes / 10,
            max_defined_names: d.max_defined_names / 10,
            max_styles: d.max_styles / 10,
            max_merged_per_sheet: d.max_merged_per_sheet / 10,
            max_merged_total: d.max_merged_total / 10,
            max_rows: d.max_rows / 10,
            max_columns: d.max_columns / 10,
            max_sheet_xml_bytes: d.max_sheet_xml_bytes / 10,
        };
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut files = Vec::new();
        for dir in [
            "input",
            "input/qingshanhu-2020-projects",
            "tests/fixtures/libreoffice",
        ] {
            for entry in std::fs::read_dir(root.join(dir)).expect("folder") {
                let path = entry.expect("entry").path();
                let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
                if matches!(ext, "xlsx" | "xls" | "ods") {
                    files.push(path);
                }
            }
        }
        assert!(files.len() >= 15, "{files:?}");
        for path in files {
            let bytes = std::fs::read(&path).expect("read");
            if let Err(f) = crate::ingest::read::read_bytes(&bytes, &tenth) {
                panic!("{}: {f:?}", path.display());
            }
        }
    }
}
