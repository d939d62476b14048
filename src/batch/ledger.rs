//! The batch's state on disk: the manifest of the last run (one entry per
//! line) and this run's entries as they finish, each read back by its
//! offset. A batch of 10,000 workbooks keeps a few dozen bytes per workbook
//! in memory (offsets and 64-bit keys) instead of the entries themselves, so
//! its memory does not grow with the batch.

use std::collections::HashSet;
use std::fs::File;
use std::io::{BufRead as _, BufReader, BufWriter, Read as _, Seek as _, SeekFrom, Write as _};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use serde::{Deserialize, Serialize};

use crate::batch::entry::Entry;

/// The manifest's schema: a header line, then one entry per line, in the
/// summary's order. 3: entries know their workbook's kind and project.
pub const MANIFEST_SCHEMA: &str = "jixiao-manifest/3";

/// The schema before this one, still read for what it names (inputs and
/// folders, so the folders of jixiao's are known and those of deleted
/// inputs removed) but never trusted for results: its entries do not know
/// a project workbook from a department's, so every file is redone.
pub const PREVIOUS_MANIFEST_SCHEMA: &str = "jixiao-manifest/2";

/// A 64-bit key of a name, for lookups and sets that must not hold the name
/// itself. Every use either checks the name behind a matching key or only
/// loses something harmless on a (2⁻⁶⁴) collision; each says which.
pub fn key(s: &str) -> u64 {
    let h = blake3::hash(s.as_bytes());
    let mut b = [0u8; 8];
    b.copy_from_slice(&h.as_bytes()[..8]);
    u64::from_le_bytes(b)
}

/// The manifest's first line: the keys its outputs were made with.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Header {
    pub schema: String,
    pub jixiao_version: String,
    /// Version, frameworks and tolerance: a change redoes everything.
    pub check_key: String,
    /// Templates and the public variant: a change re-renders the reports.
    pub render_key: String,
    /// Folders of jixiao's that no entry uses any more, to be removed (kept
    /// here in case the run stops before it removes them).
    #[serde(default)]
    pub retired: Vec<String>,
}

/// What a manifest line is looked up by; the rest of the line is skipped.
#[derive(Deserialize)]
struct LineKeys<'a> {
    #[serde(borrow)]
    input: std::borrow::Cow<'a, str>,
    #[serde(borrow)]
    folder: std::borrow::Cow<'a, str>,
}

/// The last run's manifest, open for lookups by input and by folder.
#[derive(Debug)]
pub struct OldManifest {
    pub header: Header,
    /// Whether it is of this version's schema: an entry of the previous
    /// one is never reused as a result (see [`PREVIOUS_MANIFEST_SCHEMA`]).
    pub current: bool,
    file: Mutex<File>,
    /// Where each entry's line starts, and where the last one ends.
    starts: Vec<u64>,
    /// (key of the input, line), sorted.
    by_input: Vec<(u64, u32)>,
    /// (key of the folder, line), sorted.
    by_folder: Vec<(u64, u32)>,
    /// Lines taken by this run's files; the others are deleted inputs.
    claimed: Mutex<Vec<bool>>,
}

impl OldManifest {
    /// Opens a manifest; `None` when there is none or it is not one this
    /// version reads (then every file is processed anew, as it is for a
    /// manifest of the previous schema).
    pub fn open(path: &Path) -> Option<OldManifest> {
        let mut reader = BufReader::new(File::open(path).ok()?);
        let mut line = String::new();
        reader.read_line(&mut line).ok()?;
        let header: Header = serde_json::from_str(&line).ok()?;
        let current = header.schema == MANIFEST_SCHEMA;
        if !current && header.schema != PREVIOUS_MANIFEST_SCHEMA {
            return None;
        }
        let mut pos = line.len() as u64;
        let mut starts = Vec::new();
        let mut by_input = Vec::new();
        let mut by_folder = Vec::new();
        loop {
            line.clear();
            let n = reader.read_line(&mut line).ok()?;
            if n == 0 {
                break;
            }
            let keys: LineKeys<'_> = serde_json::from_str(&line).ok()?;
            let index = u32::try_from(starts.len()).ok()?;
            by_input.push((key(&keys.input), index));
            by_folder.push((key(&keys.folder), index));
            starts.push(pos);
            pos += n as u64;
        }
        starts.push(pos);
        by_input.sort_unstable();
        by_folder.sort_unstable();
        let claimed = Mutex::new(vec![false; by_input.len()]);
        Some(OldManifest {
            header,
            current,
            file: Mutex::new(reader.into_inner()),
            starts,
            by_input,
            by_folder,
            claimed,
        })
    }

    fn line(&self, index: u32) -> std::io::Result<Entry> {
        let i = index as usize;
        let (start, end) = (self.starts[i], self.starts[i + 1]);
        let mut buf = vec![0u8; usize::try_from(end - start).map_err(std::io::Error::other)?];
        {
            let mut f = self
                .file
                .lock()
                .map_err(|_| std::io::Error::other("manifest lock poisoned"))?;
            f.seek(SeekFrom::Start(start))?;
            f.read_exact(&mut buf)?;
        }
        serde_json::from_slice(&buf).map_err(std::io::Error::other)
    }

    fn lines_with(index: &[(u64, u32)], k: u64) -> impl Iterator<Item = u32> + '_ {
        let from = index.partition_point(|&(h, _)| h < k);
        index[from..]
            .iter()
            .take_while(move |&&(h, _)| h == k)
            .map(|&(_, line)| line)
    }

    /// The entry of this input, taken: it is not a deleted input. The key
    /// is only a pointer; the line's own input must match.
    pub fn take(&self, input: &str) -> Option<Entry> {
        for line in Self::lines_with(&self.by_input, key(input)) {
            if let Ok(e) = self.line(line)
                && e.input == input
            {
                if let Ok(mut c) = self.claimed.lock() {
                    c[line as usize] = true;
                }
                return Some(e);
            }
        }
        None
    }

    /// Whether some entry of the last run had this folder (exactly).
    pub fn has_folder(&self, folder: &str) -> bool {
        self.header.retired.iter().any(|r| r == folder)
            || Self::lines_with(&self.by_folder, key(folder))
                .any(|line| self.line(line).is_ok_and(|e| e.folder == folder))
    }

    /// Every entry of the last run, in order, with whether this run took it.
    pub fn entries(&self) -> std::io::Result<impl Iterator<Item = std::io::Result<(Entry, bool)>>> {
        let claimed = self
            .claimed
            .lock()
            .map_err(|_| std::io::Error::other("manifest lock poisoned"))?
            .clone();
        let mut i = 0usize;
        let mut lines = self.lines_from_start()?;
        Ok(std::iter::from_fn(move || {
            let e = lines.next()?;
            let taken = claimed.get(i).copied().unwrap_or(false);
            i += 1;
            Some(e.map(|e| (e, taken)))
        }))
    }

    fn lines_from_start(&self) -> std::io::Result<EntryLines> {
        let f = self
            .file
            .lock()
            .map_err(|_| std::io::Error::other("manifest lock poisoned"))?
            .try_clone()?;
        let mut reader = BufReader::new(f);
        reader.seek(SeekFrom::Start(self.starts[0]))?;
        Ok(EntryLines {
            reader,
            line: String::new(),
        })
    }
}

/// The entries of a manifest file, read one line at a time.
#[derive(Debug)]
pub struct EntryLines {
    reader: BufReader<File>,
    line: String,
}

impl Iterator for EntryLines {
    type Item = std::io::Result<Entry>;
    fn next(&mut self) -> Option<Self::Item> {
        self.line.clear();
        match self.reader.read_line(&mut self.line) {
            Ok(0) => None,
            Ok(_) => Some(serde_json::from_str(&self.line).map_err(std::io::Error::other)),
            Err(e) => Some(Err(e)),
        }
    }
}

/// The entries of the manifest at `path` (after its header line).
pub fn read_entries(path: &Path) -> std::io::Result<EntryLines> {
    let mut reader = BufReader::new(File::open(path)?);
    let mut header = String::new();
    reader.read_line(&mut header)?;
    Ok(EntryLines {
        reader,
        line: String::new(),
    })
}

/// Writes a manifest: the header line, then the entries' lines as they are
/// in `lines` (a file written by [`LineWriter`]).
pub fn write_manifest(
    path: &Path,
    header: &Header,
    lines: &Path,
) -> Result<(), crate::output::OutputError> {
    crate::output::fs::write_atomic_with(path, |w| {
        serde_json::to_writer(&mut *w, header).map_err(std::io::Error::other)?;
        w.write_all(b"\n")?;
        std::io::copy(&mut File::open(lines)?, w)?;
        Ok(())
    })
}

/// Where a finished file's outputs are, until they are published.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Location {
    /// `.jixiao/staging/<index>`.
    Staging(usize),
    /// A folder of the output folder (outputs kept, or re-rendered in place).
    Folder(String),
}

/// One finished file of this run: its entry and where its outputs are.
#[derive(Debug, Serialize, Deserialize)]
pub struct Record {
    pub location: Location,
    pub skipped: bool,
    pub entry: Entry,
}

/// This run's records, appended as files finish (in any order) and read
/// back by the file's index.
#[derive(Debug)]
pub struct Pending {
    path: PathBuf,
    out: Mutex<PendingOut>,
}

#[derive(Debug)]
struct PendingOut {
    writer: BufWriter<File>,
    pos: u64,
    /// (offset, length) of each index's record; length 0 when absent.
    at: Vec<(u64, u32)>,
}

impl Pending {
    pub fn create(path: &Path) -> std::io::Result<Pending> {
        Ok(Pending {
            path: path.to_path_buf(),
            out: Mutex::new(PendingOut {
                writer: BufWriter::new(File::create(path)?),
                pos: 0,
                at: Vec::new(),
            }),
        })
    }

    pub fn push(&self, index: usize, record: &Record) -> std::io::Result<()> {
        let mut line = serde_json::to_vec(record).map_err(std::io::Error::other)?;
        line.push(b'\n');
        let len = u32::try_from(line.len()).map_err(std::io::Error::other)?;
        let mut out = self
            .out
            .lock()
            .map_err(|_| std::io::Error::other("pending lock poisoned"))?;
        out.writer.write_all(&line)?;
        if out.at.len() <= index {
            out.at.resize(index + 1, (0, 0));
        }
        let pos = out.pos;
        out.at[index] = (pos, len);
        out.pos += u64::from(len);
        Ok(())
    }

    /// Ends the writing; the records can be read back.
    pub fn finish(self) -> std::io::Result<Finished> {
        let out = self
            .out
            .into_inner()
            .map_err(|_| std::io::Error::other("pending lock poisoned"))?;
        out.writer
            .into_inner()
            .map_err(|e| e.into_error())?
            .sync_data()?;
        Ok(Finished {
            file: File::open(&self.path)?,
            at: out.at,
            buf: Vec::new(),
        })
    }
}

/// This run's records, read back by index.
#[derive(Debug)]
pub struct Finished {
    file: File,
    at: Vec<(u64, u32)>,
    buf: Vec<u8>,
}

impl Finished {
    /// How many indexes there are (some may have no record).
    pub fn len(&self) -> usize {
        self.at.len()
    }

    /// The record of this index.
    pub fn get(&mut self, index: usize) -> std::io::Result<Option<Record>> {
        let Some(&(pos, len)) = self.at.get(index) else {
            return Ok(None);
        };
        if len == 0 {
            return Ok(None);
        }
        self.buf.resize(len as usize, 0);
        self.file.seek(SeekFrom::Start(pos))?;
        self.file.read_exact(&mut self.buf)?;
        serde_json::from_slice(&self.buf)
            .map(Some)
            .map_err(std::io::Error::other)
    }
}

/// Writes entries one per line (the body of a manifest).
#[derive(Debug)]
pub struct LineWriter {
    writer: BufWriter<File>,
}

impl LineWriter {
    pub fn create(path: &Path) -> std::io::Result<LineWriter> {
        Ok(LineWriter {
            writer: BufWriter::new(File::create(path)?),
        })
    }

    pub fn push<T: Serialize>(&mut self, item: &T) -> std::io::Result<()> {
        serde_json::to_writer(&mut self.writer, item).map_err(std::io::Error::other)?;
        self.writer.write_all(b"\n")
    }

    pub fn finish(self) -> std::io::Result<()> {
        self.writer
            .into_inner()
            .map_err(|e| e.into_error())?
            .sync_data()
    }
}

/// A set of names held as 64-bit keys. A collision (2⁻⁶⁴) makes a name
/// look present: each use says why that is harmless.
#[derive(Debug, Default)]
pub struct KeySet(HashSet<u64>);

impl KeySet {
    pub fn with_capacity(n: usize) -> KeySet {
        KeySet(HashSet::with_capacity(n))
    }

    pub fn insert(&mut self, name: &str) -> bool {
        self.0.insert(key(name))
    }

    pub fn contains(&self, name: &str) -> bool {
        self.0.contains(&key(name))
    }
}

/// Names held as sorted 64-bit keys (8 bytes a name): a set that is built
/// once, then only looked up. A collision (2⁻⁶⁴) makes a name look present.
#[derive(Debug, Default)]
pub struct KeyList(Vec<u64>);

impl KeyList {
    /// The list of these keys (of names, by [`key`]).
    pub fn from_keys(mut keys: Vec<u64>) -> KeyList {
        keys.sort_unstable();
        keys.dedup();
        KeyList(keys)
    }

    pub fn contains(&self, name: &str) -> bool {
        self.0.binary_search(&key(name)).is_ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(input: &str, folder: &str) -> Entry {
        Entry {
            hash: "h".into(),
            size: 1,
            folder: folder.into(),
            files: vec!["report.md".into()],
            ..Entry::passed(input, "甲局")
        }
    }

    #[test]
    fn a_manifest_is_looked_up_by_input_and_folder_and_remembers_what_was_taken() {
        let tmp = tempfile::tempdir().unwrap();
        let body = tmp.path().join("lines");
        let mut w = LineWriter::create(&body).unwrap();
        for i in 0..50 {
            w.push(&entry(&format!("子/{i}.xlsx"), &format!("单位{i}-2022")))
                .unwrap();
        }
        w.finish().unwrap();
        let header = Header {
            schema: MANIFEST_SCHEMA.into(),
            jixiao_version: "0".into(),
            check_key: "c".into(),
            render_key: "r".into(),
            retired: vec!["旧-2021".into()],
        };
        let path = tmp.path().join("manifest.jsonl");
        write_manifest(&path, &header, &body).unwrap();
        let m = OldManifest::open(&path).unwrap();
        assert_eq!(m.take("子/7.xlsx").unwrap().folder, "单位7-2022");
        assert!(m.take("子/70.xlsx").is_none());
        assert!(m.has_folder("单位49-2022"));
        assert!(m.has_folder("旧-2021"));
        assert!(!m.has_folder("单位50-2022"));
        let left: Vec<String> = m
            .entries()
            .unwrap()
            .map(|r| r.unwrap())
            .filter(|(_, taken)| !taken)
            .map(|(e, _)| e.input)
            .collect();
        assert_eq!(left.len(), 49);
        assert!(!left.contains(&"子/7.xlsx".to_string()));
        assert_eq!(read_entries(&path).unwrap().count(), 50);
    }

    #[test]
    fn records_come_back_by_index_whatever_order_they_finished_in() {
        let tmp = tempfile::tempdir().unwrap();
        let p = Pending::create(&tmp.path().join("pending")).unwrap();
        for i in [3usize, 0, 2] {
            let r = Record {
                location: Location::Staging(i),
                skipped: i == 2,
                entry: entry(&format!("{i}.xlsx"), ""),
            };
            p.push(i, &r).unwrap();
        }
        let mut f = p.finish().unwrap();
        assert_eq!(f.len(), 4);
        assert!(f.get(1).unwrap().is_none());
        assert_eq!(f.get(3).unwrap().unwrap().entry.input, "3.xlsx");
        assert!(f.get(2).unwrap().unwrap().skipped);
        assert_eq!(f.get(0).unwrap().unwrap().location, Location::Staging(0));
        assert!(f.get(9).unwrap().is_none());
    }

    #[test]
    fn an_old_schema_is_not_read() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("manifest.jsonl");
        // A header this version could read, but of another schema.
        std::fs::write(
            &path,
            "{\"schema\":\"jixiao-manifest/1\",\"jixiao_version\":\"0\",\"check_key\":\"c\",\"render_key\":\"r\"}\n",
        )
        .unwrap();
        assert!(OldManifest::open(&path).is_none());
    }

    #[test]
    fn the_previous_schema_names_its_folders_but_is_not_current() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("manifest.jsonl");
        // A line as jixiao-manifest/2 wrote it: no kind, project or projects.
        let line = r#"{"input":"a.xlsx","hash":"h","size":1,"modified":null,"folder":"甲局-2022","status":"passed","superseded_by":null,"unit":"甲局","year":2022,"fill_date":null,"framework":null,"score":null,"grade":null,"standing":null,"counts":{"error":0,"warning":0,"note":0},"first_error":null,"output_error":null,"files":["report.md"]}"#;
        std::fs::write(
            &path,
            format!("{{\"schema\":\"{PREVIOUS_MANIFEST_SCHEMA}\",\"jixiao_version\":\"0\",\"check_key\":\"c\",\"render_key\":\"r\"}}\n{line}\n"),
        )
        .unwrap();
        let m = OldManifest::open(&path).unwrap();
        assert!(!m.current);
        assert!(m.has_folder("甲局-2022"));
        let e = m.take("a.xlsx").unwrap();
        assert_eq!((e.kind, e.project, e.projects.len()), (None, None, 0));
    }
}
