//! `jixiao run` (SPEC §10): a folder of emailed workbooks → every workbook's
//! outputs and one summary. The run reads like a recipe:
//!
//! 1. discover the input files (sorted; lock, hidden and output files skipped);
//! 2. in parallel, for each file: hash it, skip it when the manifest says its
//!    outputs are current, else check, score and render it into a staging
//!    folder (a panic or an error stays with that file);
//! 3. settle who is who: duplicates (same unit and year: the later 填报日期,
//!    then the later file time, wins; the others are 已被替代), folder names
//!    (`单位名称-年度`, sanitised, collisions numbered);
//! 4. publish: move each staging folder to its name (a directory rename),
//!    remove the outputs of deleted inputs;
//! 5. write the summary (`index.html`, `summary.xlsx`, `summary.json`) and
//!    the manifest.
//!
//! Every file is written atomically; inputs are only read.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rayon::prelude::*;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::check::{self, Counts, FileReport, Status};
use crate::finding::Severity;
use crate::framework::Frameworks;
use crate::guard::Limits;
use crate::output::{self, COMPLETED, OutputError, Rendered};
use crate::render::Templates;
use crate::roster;
use crate::validate::Context;

/// Where jixiao keeps its own state inside the output folder.
pub const STATE_DIR: &str = ".jixiao";
const MANIFEST: &str = "manifest.json";
const STAGING: &str = "staging";
const MANIFEST_SCHEMA: &str = "jixiao-manifest/1";
/// Names in the output folder that are not a workbook's folder.
const RESERVED: &[&str] = &[STATE_DIR, "index.html", "summary.xlsx", "summary.json"];

/// What `jixiao run` is asked to do.
#[derive(Debug)]
pub struct RunOptions {
    pub input: PathBuf,
    pub output: PathBuf,
    /// Worker threads; 0 for one per core.
    pub jobs: usize,
    pub roster: Option<PathBuf>,
    /// Redo every file, whatever the manifest says.
    pub force: bool,
    /// Write `report.public.html`.
    pub public: bool,
    /// Show a progress bar (on a terminal).
    pub progress: bool,
    pub frameworks: Frameworks,
    pub templates: Templates,
    pub tolerance: Decimal,
    pub limits: Limits,
}

/// The batch's state of one input workbook: what the summary shows and what
/// the manifest remembers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    /// The input, relative to the input folder, `/`-separated.
    pub input: String,
    /// blake3 of the file's bytes.
    pub hash: String,
    pub size: u64,
    /// The file's modification time (Unix seconds).
    pub modified: Option<i64>,
    /// The output folder, relative to the output folder.
    pub folder: String,
    /// 通过 / 有错误 / 无法读取, from checking the file.
    pub status: Status,
    /// Another workbook of the same unit and year replaced this one
    /// (已被替代): the winner's input.
    pub superseded_by: Option<String>,
    pub unit: Option<String>,
    pub year: Option<i64>,
    /// ISO date.
    pub fill_date: Option<String>,
    pub framework: Option<String>,
    pub score: Option<Decimal>,
    pub grade: Option<String>,
    pub counts: Counts,
    /// The first error (or the unreadable file's finding), for the summary.
    pub first_error: Option<String>,
    /// An output that could not be produced (a broken template, say).
    pub output_error: Option<String>,
    /// The output files in the folder.
    pub files: Vec<String>,
}

/// A workbook's status in the batch summary.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BatchStatus {
    Passed,
    Failed,
    Unreadable,
    /// Replaced by a newer workbook of the same unit and year.
    Superseded,
}

impl BatchStatus {
    /// The stable code (`passed`, `failed`, `unreadable`, `superseded`) and
    /// the summary's word (通过, 有错误, 无法读取, 已被替代).
    pub fn names(self) -> (&'static str, &'static str) {
        match self {
            BatchStatus::Passed => ("passed", "通过"),
            BatchStatus::Failed => ("failed", "有错误"),
            BatchStatus::Unreadable => ("unreadable", "无法读取"),
            BatchStatus::Superseded => ("superseded", "已被替代"),
        }
    }
}

impl Entry {
    pub fn batch_status(&self) -> BatchStatus {
        if self.superseded_by.is_some() {
            return BatchStatus::Superseded;
        }
        match self.status {
            Status::Passed => BatchStatus::Passed,
            Status::Failed => BatchStatus::Failed,
            Status::Unreadable => BatchStatus::Unreadable,
        }
    }

    /// The summary's status word.
    pub fn status_zh(&self) -> &'static str {
        self.batch_status().names().1
    }

    /// The status's stable code.
    pub fn status_code(&self) -> &'static str {
        self.batch_status().names().0
    }
}

/// The manifest: the entries of the last run and the keys they were made with.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Manifest {
    schema: String,
    jixiao_version: String,
    /// Version, frameworks and tolerance: a change redoes everything.
    check_key: String,
    /// Templates and the public variant: a change re-renders the reports.
    render_key: String,
    entries: Vec<Entry>,
    /// Folders of jixiao's that no entry uses any more, to be removed (kept
    /// here in case the run stops before it removes them).
    #[serde(default)]
    retired: Vec<String>,
}

fn write_manifest(state: &Path, manifest: &Manifest) -> Result<(), RunError> {
    Ok(output::write_atomic_with(&state.join(MANIFEST), |w| {
        serde_json::to_writer(w, manifest).map_err(std::io::Error::other)
    })?)
}

/// A deleted input whose outputs were removed.
#[derive(Debug, Clone, Serialize)]
pub struct Removed {
    pub input: String,
    pub folder: String,
    pub unit: Option<String>,
}

/// What a run did.
#[derive(Debug, Clone)]
pub struct RunResult {
    pub entries: Vec<Entry>,
    /// Roster units without a workbook (未报送).
    pub missing: Vec<String>,
    pub roster_size: Option<usize>,
    pub removed: Vec<Removed>,
    pub processed: usize,
    pub skipped: usize,
    pub elapsed: Duration,
}

impl RunResult {
    /// Whether some workbook (not replaced by a newer one) has errors or
    /// could not be read.
    pub fn has_problems(&self) -> bool {
        self.entries
            .iter()
            .any(|e| e.superseded_by.is_none() && e.status != Status::Passed)
    }

    /// How many workbooks have this status.
    pub fn count(&self, status: BatchStatus) -> usize {
        self.entries
            .iter()
            .filter(|e| e.batch_status() == status)
            .count()
    }

    /// Whether some output could not be produced.
    pub fn has_output_errors(&self) -> bool {
        self.entries.iter().any(|e| e.output_error.is_some())
    }
}

/// A run that cannot start or finish (not a bad workbook: those are entries).
#[derive(Debug, thiserror::Error)]
pub enum RunError {
    #[error("找不到输入文件夹 {0}")]
    NoInput(String),
    #[error(
        "输出文件夹不能就是输入文件夹（{0}）：输出会被当作新的工作簿读入；请用 -o 指定另一个文件夹"
    )]
    SameFolder(String),
    #[error(transparent)]
    Roster(#[from] roster::RosterError),
    #[error(transparent)]
    Output(#[from] OutputError),
    #[error("无法整理输出文件夹 {path}：{source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("无法启动并行处理：{0}")]
    Threads(String),
}

fn io_error(path: &Path) -> impl FnOnce(std::io::Error) -> RunError + '_ {
    move |source| RunError::Io {
        path: path.display().to_string(),
        source,
    }
}

/// Runs the batch.
pub fn run(opts: &RunOptions) -> Result<RunResult, RunError> {
    let started = Instant::now();
    if !opts.input.is_dir() {
        return Err(RunError::NoInput(opts.input.display().to_string()));
    }
    if let (Ok(i), Ok(o)) = (opts.input.canonicalize(), opts.output.canonicalize())
        && i == o
    {
        return Err(RunError::SameFolder(opts.input.display().to_string()));
    }
    let state = opts.output.join(STATE_DIR);
    let staging = state.join(STAGING);
    clean_leftovers(&opts.output, &state)?;
    let keys = Keys::new(opts);
    let old = load_manifest(&state.join(MANIFEST));
    let same_check = old.as_ref().is_some_and(|m| m.check_key == keys.check);
    let same_render = old.as_ref().is_some_and(|m| m.render_key == keys.render);
    let (old_entries, old_retired) = old.map_or_else(Default::default, |m| (m.entries, m.retired));
    // Every folder that is jixiao's, before the old entries are handed on.
    let ours: HashSet<String> = old_entries
        .iter()
        .map(|e| e.folder.clone())
        .chain(old_retired)
        .collect();
    let roster_path = opts.roster.as_deref();
    let files = discover(&opts.input, &opts.output, roster_path);
    let roster_units = match roster_path {
        Some(p) => Some(roster::read(p)?),
        None => None,
    };
    // Each file takes its old entry (moved, not copied: a batch of 10,000
    // holds one set of entries); what is left are deleted inputs.
    let mut old_by_input: HashMap<String, Entry> = old_entries
        .into_iter()
        .map(|e| (e.input.clone(), e))
        .collect();
    let jobs: Vec<(PathBuf, String, Option<Entry>)> = files
        .into_iter()
        .map(|(path, rel)| {
            let old = old_by_input.remove(&rel);
            (path, rel, old)
        })
        .collect();
    let mut removed: Vec<Removed> = old_by_input
        .into_values()
        .map(|e| Removed {
            input: e.input,
            folder: e.folder,
            unit: e.unit,
        })
        .collect();
    removed.sort_by(|a, b| a.input.cmp(&b.input));

    let ctx = Context {
        tolerance: opts.tolerance,
        ..Context::with_frameworks(opts.frameworks.clone())
    };
    let bar = progress_bar(opts.progress, jobs.len());
    let work = |(index, (path, rel, old)): (usize, (PathBuf, String, Option<Entry>))| -> Work {
        let w = process(
            index,
            &path,
            &rel,
            old,
            same_check,
            same_render,
            opts,
            &ctx,
            &staging,
        );
        if let Some(b) = &bar {
            b.inc(1);
        }
        w
    };
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(opts.jobs)
        .build()
        .map_err(|e| RunError::Threads(e.to_string()))?;
    let done: Vec<Work> = pool.install(|| jobs.into_par_iter().enumerate().map(work).collect());
    if let Some(b) = bar {
        b.finish_and_clear();
    }

    let skipped = done.iter().filter(|w| w.skipped).count();
    let mut entries: Vec<Entry> = Vec::with_capacity(done.len());
    let mut locations: Vec<PathBuf> = Vec::with_capacity(done.len());
    for w in done {
        locations.push(w.location);
        entries.push(w.entry);
    }
    fault("publish");
    supersede(&mut entries);
    name_folders(&mut entries, &opts.output, &ours);
    let kept: HashSet<&str> = entries.iter().map(|e| e.folder.as_str()).collect();
    let retired: Vec<String> = ours
        .iter()
        .filter(|f| !kept.contains(f.as_str()) && is_safe_folder(f))
        .cloned()
        .collect();
    let mut manifest = Manifest {
        schema: MANIFEST_SCHEMA.to_string(),
        jixiao_version: env!("CARGO_PKG_VERSION").to_string(),
        check_key: keys.check,
        render_key: keys.render,
        entries,
        retired,
    };
    // The manifest before any folder moves: should the run stop midway, the
    // next one knows every folder that is jixiao's, moved or not.
    write_manifest(&state, &manifest)?;
    publish(&manifest.entries, &locations, &opts.output, &state)?;
    for folder in std::mem::take(&mut manifest.retired) {
        let dir = opts.output.join(&folder);
        if dir.is_dir() {
            std::fs::remove_dir_all(&dir).map_err(io_error(&dir))?;
        }
    }
    write_manifest(&state, &manifest)?;
    let missing = match &roster_units {
        Some(units) => missing_units(units, &manifest.entries),
        None => Vec::new(),
    };
    let result = RunResult {
        processed: manifest.entries.len() - skipped,
        entries: manifest.entries,
        missing,
        roster_size: roster_units.as_ref().map(Vec::len),
        removed,
        skipped,
        elapsed: started.elapsed(),
    };
    crate::summary::write(&result, opts)?;
    let _ = std::fs::remove_dir_all(&staging);
    let _ = std::fs::remove_file(state.join(RUNNING));
    Ok(RunResult {
        elapsed: started.elapsed(),
        ..result
    })
}

/// A test hook of debug builds: `JIXIAO_FAULT=publish` panics outside any
/// one file (an internal failure: exit 3), `JIXIAO_FAULT=file:NAME` panics
/// while checking that file (its own finding; the batch goes on).
#[cfg(debug_assertions)]
fn fault(point: &str) {
    if std::env::var("JIXIAO_FAULT").is_ok_and(|v| v == point) {
        panic!("injected fault at {point}");
    }
}

#[cfg(not(debug_assertions))]
fn fault(_: &str) {}

/// The keys outputs are made with.
struct Keys {
    check: String,
    render: String,
}

impl Keys {
    fn new(opts: &RunOptions) -> Self {
        let check = format!(
            "{}|{}|{}",
            env!("CARGO_PKG_VERSION"),
            opts.frameworks.fingerprint(),
            opts.tolerance.normalize()
        );
        let render = format!("{}|{}", opts.templates.fingerprint(), opts.public);
        Keys {
            check: blake3::hash(check.as_bytes()).to_hex().to_string(),
            render: blake3::hash(render.as_bytes()).to_hex().to_string(),
        }
    }
}

fn load_manifest(path: &Path) -> Option<Manifest> {
    let file = std::io::BufReader::new(std::fs::File::open(path).ok()?);
    let m: Manifest = serde_json::from_reader(file).ok()?;
    (m.schema == MANIFEST_SCHEMA).then_some(m)
}

/// Present while a run is under way: a run that finds it was stopped.
const RUNNING: &str = "running";

/// Removes what a stopped run left (temporary files anywhere in the output
/// folder, staged and parked outputs that were never published) and marks
/// this run as under way. The output folder is only walked after a run
/// was stopped: a normal re-run does not read every output folder.
fn clean_leftovers(output: &Path, state: &Path) -> Result<(), RunError> {
    if state.join(RUNNING).exists() {
        for entry in walkdir::WalkDir::new(output)
            .max_depth(3)
            .into_iter()
            .flatten()
        {
            let name = entry.file_name().to_string_lossy();
            if entry.file_type().is_file() && name.starts_with(".jixiao-") && name.ends_with(".tmp")
            {
                std::fs::remove_file(entry.path()).map_err(io_error(entry.path()))?;
            }
        }
    }
    for dir in [state.join(STAGING), state.join("moving")] {
        if dir.is_dir() {
            std::fs::remove_dir_all(&dir).map_err(io_error(&dir))?;
        }
    }
    let staging = state.join(STAGING);
    std::fs::create_dir_all(&staging).map_err(io_error(&staging))?;
    std::fs::write(state.join(RUNNING), b"").map_err(io_error(state))
}

/// The input files, sorted, with their names relative to the input folder.
fn discover(input: &Path, output: &Path, roster: Option<&Path>) -> Vec<(PathBuf, String)> {
    let output = output.canonicalize().ok();
    let roster = roster.and_then(|r| r.canonicalize().ok());
    let walker = walkdir::WalkDir::new(input)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            if e.depth() == 0 {
                return true;
            }
            if !check::is_candidate(&e.file_name().to_string_lossy()) {
                return false;
            }
            // An output folder inside the input folder holds jixiao's own files.
            !(e.file_type().is_dir()
                && output
                    .as_ref()
                    .is_some_and(|o| e.path().canonicalize().ok().as_ref() == Some(o)))
        });
    let mut files: Vec<(PathBuf, String)> = walker
        .flatten()
        .filter(|e| e.file_type().is_file())
        .filter(|e| roster.is_none() || e.path().canonicalize().ok() != roster)
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(input)
                .unwrap_or(e.path())
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/");
            (e.into_path(), rel)
        })
        .collect();
    // Names that are not UTF-8 (GBK attachments unzipped on Linux) can read
    // the same: each name must stay one file's, so repeats are numbered.
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (_, rel) in &mut files {
        let n = seen.entry(rel.clone()).or_insert(0);
        *n += 1;
        if *n > 1 {
            rel.push_str(&format!("（同名{n}）"));
        }
    }
    files
}

fn progress_bar(enabled: bool, len: usize) -> Option<indicatif::ProgressBar> {
    use std::io::IsTerminal as _;
    if !enabled || !std::io::stderr().is_terminal() {
        return None;
    }
    let bar = indicatif::ProgressBar::new(len as u64);
    if let Ok(style) = indicatif::ProgressStyle::with_template(
        "{spinner} [{elapsed_precise}] {wide_bar} {pos}/{len} 个工作簿（剩余约 {eta}）",
    ) {
        bar.set_style(style);
    }
    Some(bar)
}

/// One file's work: its entry and where its outputs are now.
struct Work {
    entry: Entry,
    location: PathBuf,
    skipped: bool,
}

/// Every output file a current entry should have.
/// The file in each output folder that says whose outputs it holds: the
/// input's name and content hash. A folder is only trusted as an entry's
/// when it says so (a run stopped while folders moved leaves names and
/// contents that may not match the manifest).
const SOURCE_MARK: &str = ".jixiao-source";

fn source_mark(rel: &str, hash: &str) -> String {
    format!("{rel}\n{hash}\n")
}

fn holds(dir: &Path, rel: &str, hash: &str) -> bool {
    std::fs::read_to_string(dir.join(SOURCE_MARK)).is_ok_and(|s| s == source_mark(rel, hash))
}

fn outputs_present(dir: &Path, e: &Entry) -> bool {
    e.output_error.is_none()
        && !e.files.is_empty()
        && e.files.iter().all(|f| dir.join(f).is_file())
        && holds(dir, &e.input, &e.hash)
}

#[allow(clippy::too_many_arguments)]
fn process(
    index: usize,
    path: &Path,
    rel: &str,
    old: Option<Entry>,
    same_check: bool,
    same_render: bool,
    opts: &RunOptions,
    ctx: &Context,
    staging: &Path,
) -> Work {
    let meta = std::fs::metadata(path).ok();
    let size = meta.as_ref().map_or(0, std::fs::Metadata::len);
    let modified = meta
        .as_ref()
        .and_then(|m| m.modified().ok())
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .and_then(|d| i64::try_from(d.as_secs()).ok());
    let bytes = check::read_file(path, &opts.limits);
    let hash = match &bytes {
        Ok(b) => blake3::hash(b).to_hex().to_string(),
        Err(_) => format!("unread:{size}:{}", modified.unwrap_or_default()),
    };
    let old_dir = old.as_ref().map(|e| opts.output.join(&e.folder));
    let unchanged = old
        .as_ref()
        .is_some_and(|e| e.hash == hash && e.size == size);
    if !opts.force
        && unchanged
        && same_check
        && same_render
        && let (Some(mut entry), Some(dir)) = (old, &old_dir)
        && outputs_present(dir, &entry)
    {
        entry.modified = modified;
        entry.superseded_by = None;
        return Work {
            entry,
            location: dir.clone(),
            skipped: true,
        };
    }
    let name = rel.to_string();
    let report = match bytes {
        Ok(b) => check::isolated(&name, || {
            fault(&format!("file:{rel}"));
            check::check_bytes(&name, &b, ctx, &opts.limits)
        }),
        Err(mut r) => {
            r.file = name.clone();
            for f in &mut r.findings {
                f.file = name.clone();
            }
            r
        }
    };
    // Outputs go to the folder they were in (reports re-rendered beside a
    // workbook that is still current) or to a fresh staging folder.
    let keep_workbook = !opts.force
        && unchanged
        && same_check
        && old_dir
            .as_ref()
            .is_some_and(|d| d.join(COMPLETED).is_file() && holds(d, rel, &hash));
    let location = match (&old_dir, keep_workbook) {
        (Some(d), true) => d.clone(),
        _ => staging.join(format!("{index:07}")),
    };
    let mark = source_mark(rel, &hash);
    let (files, output_error) =
        match render_and_write(&report, opts, keep_workbook, &location, &mark) {
            Ok(files) => (files, None),
            Err(e) => {
                // Whatever could be written stays; the diagnostics at least.
                let diagnostics = crate::console::json(std::slice::from_ref(&report));
                let written = output::write_atomic(
                    &location.join(output::DIAGNOSTICS),
                    diagnostics.as_bytes(),
                );
                let files = if written.is_ok() {
                    vec![output::DIAGNOSTICS.to_string()]
                } else {
                    Vec::new()
                };
                (files, Some(e))
            }
        };
    Work {
        entry: entry_of(&report, rel, hash, size, modified, files, output_error),
        location,
        skipped: false,
    }
}

/// Renders and writes one workbook's outputs; a panic is this file's error.
fn render_and_write(
    report: &FileReport,
    opts: &RunOptions,
    keep_workbook: bool,
    dir: &Path,
    mark: &str,
) -> Result<Vec<String>, String> {
    let work = || -> Result<Vec<String>, OutputError> {
        let mut rendered: Rendered = output::render_reports(report, &opts.templates, opts.public)?;
        let mut names: Vec<String> = rendered
            .files
            .iter()
            .map(|(n, _)| (*n).to_string())
            .collect();
        if keep_workbook {
            names.insert(0, COMPLETED.to_string());
        } else if let Some(bytes) = output::render_workbook(report, &opts.frameworks)? {
            rendered.files.insert(0, (COMPLETED, bytes));
            names.insert(0, COMPLETED.to_string());
        }
        if keep_workbook {
            // The folder is live: each file replaced atomically.
            output::write_files(dir, &rendered)?;
            output::remove_others(dir, &names)?;
        } else {
            rendered.files.push((SOURCE_MARK, mark.as_bytes().to_vec()));
            output::write_staged(dir, &rendered)?;
        }
        Ok(names)
    };
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(work)) {
        Ok(Ok(names)) => Ok(names),
        Ok(Err(e)) => Err(e.to_string()),
        Err(panic) => Err(panic
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .map_or_else(
                || "生成输出时程序内部出错".to_string(),
                |s| format!("生成输出时程序内部出错：{s}"),
            )),
    }
}

fn entry_of(
    report: &FileReport,
    rel: &str,
    hash: String,
    size: u64,
    modified: Option<i64>,
    files: Vec<String>,
    output_error: Option<String>,
) -> Entry {
    let dept = report.department.as_ref();
    let first_error = report
        .findings
        .iter()
        .find(|f| f.severity == Severity::Error)
        .map(|f| {
            let at = f.location();
            if at.is_empty() {
                f.message.clone()
            } else {
                format!("{at}：{}", f.message)
            }
        });
    Entry {
        input: rel.to_string(),
        hash,
        size,
        modified,
        folder: String::new(),
        status: report.status,
        superseded_by: None,
        unit: dept
            .and_then(|d| d.text("unit_name"))
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string),
        year: dept.and_then(|d| d.int("year")),
        fill_date: dept
            .and_then(|d| d.date("fill_date"))
            .map(|d| d.to_string()),
        framework: report
            .score
            .as_ref()
            .map(|s| s.department.framework_name.clone()),
        score: report.score.as_ref().map(|s| s.department.total),
        grade: report.score.as_ref().map(|s| s.department.grade.clone()),
        counts: report.counts(),
        first_error,
        output_error,
        files,
    }
}

/// Marks every workbook replaced by a newer one of the same unit and year:
/// the later 填报日期 wins, then the later file time, then the later name.
fn supersede(entries: &mut [Entry]) {
    let mut groups: BTreeMap<(String, i64), Vec<usize>> = BTreeMap::new();
    for (i, e) in entries.iter().enumerate() {
        if let (Some(u), Some(y)) = (&e.unit, e.year) {
            groups.entry((roster::unit_key(u), y)).or_default().push(i);
        }
    }
    for members in groups.values().filter(|m| m.len() > 1) {
        let Some(&winner) = members.iter().max_by(|&&a, &&b| {
            let (ea, eb) = (&entries[a], &entries[b]);
            (&ea.fill_date, ea.modified, &ea.input).cmp(&(&eb.fill_date, eb.modified, &eb.input))
        }) else {
            continue;
        };
        let winner_input = entries[winner].input.clone();
        for &i in members.iter().filter(|&&i| i != winner) {
            entries[i].superseded_by = Some(winner_input.clone());
        }
    }
}

/// A folder or file name made from a unit's name: no path separators, no
/// `..`, no control or Windows-forbidden characters, not a Windows reserved
/// name, at most 80 characters.
pub fn sanitize(name: &str) -> String {
    let mut s: String = name
        .trim_matches(|c: char| c.is_whitespace() || c == '.')
        .chars()
        .map(|c| match c {
            '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|' => '_',
            c if c.is_control() => '_',
            c => c,
        })
        .collect();
    s = s
        .trim_matches(|c: char| c.is_whitespace() || c == '.')
        .to_string();
    s = s.chars().take(80).collect();
    s = s
        .trim_end_matches(|c: char| c.is_whitespace() || c == '.')
        .to_string();
    let stem = s.split('.').next().unwrap_or("").to_ascii_uppercase();
    let reserved = matches!(stem.as_str(), "CON" | "PRN" | "AUX" | "NUL")
        || ((stem.starts_with("COM") || stem.starts_with("LPT"))
            && stem.len() == 4
            && stem.as_bytes()[3].is_ascii_digit());
    if reserved {
        s.insert(0, '_');
    }
    if s.is_empty() || s.starts_with('.') {
        s.insert_str(0, "未命名");
    }
    s
}

fn is_safe_folder(folder: &str) -> bool {
    !folder.is_empty()
        && !folder.contains(['/', '\\'])
        && folder != ".."
        && !RESERVED.contains(&folder)
}

/// Gives every entry its folder: `单位名称-年度`, or `…-已被替代-文件名` for a
/// replaced workbook, or `无法读取-文件名`; a name already taken (by another
/// entry, or by a folder that is not jixiao's) gets `-2`, `-3`, ….
fn name_folders(entries: &mut [Entry], output: &Path, ours: &HashSet<String>) {
    let mut taken: HashSet<String> = RESERVED.iter().map(|s| s.to_lowercase()).collect();
    for e in entries.iter_mut() {
        let stem = e
            .input
            .rsplit('/')
            .next()
            .unwrap_or(&e.input)
            .rsplit_once('.')
            .map_or(e.input.as_str(), |(s, _)| s)
            .to_string();
        let year = e.year.map_or(String::new(), |y| format!("-{y}"));
        let base = match (&e.unit, &e.superseded_by) {
            (Some(u), None) => format!("{u}{year}"),
            (Some(u), Some(_)) => format!("{u}{year}-已被替代-{stem}"),
            (None, _) if e.status == Status::Unreadable => format!("无法读取-{stem}"),
            (None, _) => stem,
        };
        let base = sanitize(&base);
        let mut name = base.clone();
        let mut n = 1;
        loop {
            let foreign = !ours.contains(&name) && output.join(&name).exists();
            if !taken.contains(&name.to_lowercase()) && !foreign {
                break;
            }
            n += 1;
            name = format!("{base}-{n}");
        }
        taken.insert(name.to_lowercase());
        e.folder = name;
    }
}

/// Moves every entry's outputs to its folder. Folders that change hands go
/// through the state folder first, so two entries can swap names.
fn publish(
    entries: &[Entry],
    locations: &[PathBuf],
    output: &Path,
    state: &Path,
) -> Result<(), RunError> {
    let moving = state.join("moving");
    let mut parked: Vec<(PathBuf, PathBuf)> = Vec::new();
    for (i, (e, from)) in entries.iter().zip(locations).enumerate() {
        let to = output.join(&e.folder);
        if *from == to {
            continue;
        }
        let park = moving.join(i.to_string());
        std::fs::create_dir_all(&moving).map_err(io_error(&moving))?;
        if from.is_dir() {
            std::fs::rename(from, &park).map_err(io_error(from))?;
            parked.push((park, to));
        }
    }
    for (park, to) in parked {
        if to.is_dir() {
            // jixiao's own stale folder of that name (checked in name_folders).
            std::fs::remove_dir_all(&to).map_err(io_error(&to))?;
        }
        std::fs::rename(&park, &to).map_err(io_error(&to))?;
    }
    let _ = std::fs::remove_dir_all(&moving);
    Ok(())
}

/// Roster units without a current workbook.
fn missing_units(units: &[String], entries: &[Entry]) -> Vec<String> {
    let submitted: HashSet<String> = entries
        .iter()
        .filter(|e| e.superseded_by.is_none())
        .filter_map(|e| e.unit.as_deref())
        .map(roster::unit_key)
        .collect();
    units
        .iter()
        .filter(|u| !submitted.contains(&roster::unit_key(u)))
        .cloned()
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folder_names_are_safe_on_every_system() {
        for (given, safe) in [
            ("岳阳市君山区医疗保障局-2022", "岳阳市君山区医疗保障局-2022"),
            ("../../etc/passwd", "_.._etc_passwd"),
            ("a/b\\c:d*e?f\"g<h>i|j", "a_b_c_d_e_f_g_h_i_j"),
            ("CON", "_CON"),
            ("com1.txt", "_com1.txt"),
            ("lpt9", "_lpt9"),
            ("..", "未命名"),
            ("", "未命名"),
            ("局\u{7}名\n", "局_名"),
            ("名称。 . ", "名称。"),
            (".hidden", "hidden"),
        ] {
            assert_eq!(sanitize(given), safe, "{given:?}");
        }
        assert_eq!(sanitize(&"长".repeat(200)).chars().count(), 80);
    }

    fn entry(input: &str, unit: &str, fill: Option<&str>, modified: i64) -> Entry {
        Entry {
            input: input.into(),
            hash: String::new(),
            size: 0,
            modified: Some(modified),
            folder: String::new(),
            status: Status::Passed,
            superseded_by: None,
            unit: Some(unit.into()),
            year: Some(2022),
            fill_date: fill.map(str::to_string),
            framework: None,
            score: None,
            grade: None,
            counts: Counts::default(),
            first_error: None,
            output_error: None,
            files: Vec::new(),
        }
    }

    #[test]
    fn the_later_fill_date_then_the_later_file_wins() {
        let mut es = vec![
            entry("a.xlsx", "甲局", Some("2023-03-01"), 200),
            entry("b.xlsx", "甲 局", Some("2023-03-20"), 100),
            entry("c.xlsx", "乙局", None, 100),
            entry("d.xlsx", "乙局", None, 300),
        ];
        supersede(&mut es);
        assert_eq!(es[0].superseded_by.as_deref(), Some("b.xlsx"));
        assert_eq!(es[1].superseded_by, None);
        assert_eq!(es[2].superseded_by.as_deref(), Some("d.xlsx"));
        assert_eq!(es[3].superseded_by, None);
        let tmp = tempfile::tempdir().unwrap();
        std::fs::create_dir(tmp.path().join("乙局-2022")).unwrap();
        name_folders(&mut es, tmp.path(), &HashSet::new());
        let folders: Vec<&str> = es.iter().map(|e| e.folder.as_str()).collect();
        assert_eq!(
            folders,
            [
                "甲局-2022-已被替代-a",
                "甲 局-2022",
                "乙局-2022-已被替代-c",
                "乙局-2022-2"
            ]
        );
    }
}
