//! `jixiao run` (SPEC §10): a folder of emailed workbooks → every workbook's
//! outputs and one summary. The run reads like a recipe:
//!
//! 1. walk the input files (lock, hidden and output files skipped), and in
//!    parallel, as they are found: hash each, skip it when the last run's
//!    manifest says its outputs are current, else check, score and render it
//!    into a staging folder (a panic or an error stays with that file); its
//!    entry goes to the pending file on disk ([`crate::batch::ledger`]);
//! 2. settle who is who: duplicates (same unit and year: the later 填报日期,
//!    then the later file time, wins; the others are 已被替代), the
//!    summary's order (unit, year, input) and folder names (`单位名称-年度`,
//!    sanitised, collisions numbered), writing the new manifest's lines;
//! 3. write the manifest, publish (move each staging folder to its name: a
//!    directory rename), remove the outputs of deleted inputs;
//! 4. write the summary (`index.html`, `summary.xlsx`, `summary.json`),
//!    reading the entries back from the manifest.
//!
//! Memory holds a few dozen bytes per workbook, not its entry.
//!
//! Every file is written atomically; inputs are only read.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use rayon::prelude::*;

pub mod entry;
pub mod ledger;
pub mod roster;
pub mod summary;

pub use entry::{BatchStatus, Entry, Removed, RunError, RunOptions, RunResult};

use crate::check::{self, FileReport, Status};
use crate::contract::finding::Severity;
use crate::output::{self, COMPLETED, OutputError, Rendered};
use crate::rules::validate::Context;
use ledger::{Finished, KeyList, KeySet, LineWriter, Location, OldManifest, Pending, Record};

/// Where jixiao keeps its own state inside the output folder.
pub const STATE_DIR: &str = ".jixiao";
const MANIFEST: &str = "manifest.jsonl";
const STAGING: &str = "staging";
/// This run's entries as files finish, the manifest's body being written,
/// and the folder moves to make: the run's state on disk.
const PENDING: &str = "pending.jsonl";
const BODY: &str = "body.jsonl";
const MOVES: &str = "moves.jsonl";
/// Names in the output folder that are not a workbook's folder.
const RESERVED: &[&str] = &[STATE_DIR, "index.html", "summary.xlsx", "summary.json"];

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
    let manifest_path = state.join(MANIFEST);
    let old = OldManifest::open(&manifest_path);
    let same_check = old
        .as_ref()
        .is_some_and(|m| m.header.check_key == keys.check);
    let same_render = old
        .as_ref()
        .is_some_and(|m| m.header.render_key == keys.render);
    let roster_path = opts.roster.as_deref();
    let roster_units = match roster_path {
        Some(p) => Some(roster::read(p)?),
        None => None,
    };

    // Files are checked as the walk finds them; each finished file's entry
    // goes to the pending file, not to memory.
    let bar = progress_bar(opts.progress, || {
        discover(&opts.input, &opts.output, roster_path).count()
    });
    let pending_path = state.join(PENDING);
    let pending = Pending::create(&pending_path).map_err(io_error(&pending_path))?;
    let ctx = Context {
        tolerance: opts.tolerance,
        ..Context::with_frameworks(opts.frameworks.clone())
    };
    let skipped = AtomicUsize::new(0);
    // The units' names, in bytes: the order's string of them is made to size.
    let unit_bytes = AtomicUsize::new(0);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(opts.jobs)
        .build()
        .map_err(|e| RunError::Threads(e.to_string()))?;
    pool.install(|| {
        discover(&opts.input, &opts.output, roster_path)
            .enumerate()
            .par_bridge()
            .try_for_each(|(index, (path, rel))| {
                let previous = old.as_ref().and_then(|m| m.take(&rel));
                let record = process(
                    index,
                    &path,
                    &rel,
                    previous,
                    same_check,
                    same_render,
                    opts,
                    &ctx,
                    &staging,
                );
                if record.skipped {
                    skipped.fetch_add(1, Ordering::Relaxed);
                }
                unit_bytes.fetch_add(
                    record.entry.unit.as_ref().map_or(0, String::len),
                    Ordering::Relaxed,
                );
                pending
                    .push(index, &record)
                    .map_err(io_error(&pending_path))?;
                if let Some(b) = &bar {
                    b.inc(1);
                }
                Ok::<(), RunError>(())
            })
    })?;
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    let mut done = pending.finish().map_err(io_error(&pending_path))?;
    fault("publish");

    // Settled on a worker thread: its heap already holds the memory the
    // workbooks used, which settling then reuses instead of growing another.
    let settled = pool.install(|| {
        settle(
            &mut done,
            old.as_ref(),
            opts,
            &state,
            roster_units.as_deref(),
            unit_bytes.load(Ordering::Relaxed),
        )
    })?;
    drop(done);
    let mut retired = Vec::new();
    let mut removed = Vec::new();
    if let Some(m) = &old {
        let entries = m.entries().map_err(io_error(&manifest_path))?;
        for item in entries {
            let (e, taken) = item.map_err(io_error(&manifest_path))?;
            // A key collision (2⁻⁶⁴) only leaves a stale folder in place.
            if !settled.kept.contains(&e.folder) && is_safe_folder(&e.folder) {
                retired.push(e.folder.clone());
            }
            if !taken {
                removed.push(Removed {
                    input: e.input,
                    folder: e.folder,
                    unit: e.unit,
                });
            }
        }
        retired.extend(
            m.header
                .retired
                .iter()
                .filter(|f| !settled.kept.contains(f) && is_safe_folder(f))
                .cloned(),
        );
    }
    retired.sort();
    retired.dedup();
    removed.sort_by(|a, b| a.input.cmp(&b.input));
    drop(old);

    let body = state.join(BODY);
    let mut header = ledger::Header {
        schema: ledger::MANIFEST_SCHEMA.to_string(),
        jixiao_version: env!("CARGO_PKG_VERSION").to_string(),
        check_key: keys.check,
        render_key: keys.render,
        retired,
    };
    // The manifest before any folder moves: should the run stop midway, the
    // next one knows every folder that is jixiao's, moved or not.
    ledger::write_manifest(&manifest_path, &header, &body)?;
    publish(&state.join(MOVES), &opts.output, &state)?;
    for folder in std::mem::take(&mut header.retired) {
        let dir = opts.output.join(&folder);
        if dir.is_dir() {
            std::fs::remove_dir_all(&dir).map_err(io_error(&dir))?;
        }
    }
    ledger::write_manifest(&manifest_path, &header, &body)?;
    let result = RunResult {
        manifest: manifest_path,
        total: settled.total,
        counts: settled.counts,
        grades: settled.grades,
        output_errors: settled.output_errors,
        missing: settled.missing,
        roster_size: roster_units.as_ref().map(Vec::len),
        removed,
        processed: settled.total - skipped.load(Ordering::Relaxed),
        skipped: skipped.load(Ordering::Relaxed),
        elapsed: started.elapsed(),
    };
    pool.install(|| crate::batch::summary::write(&result, opts))?;
    for f in [PENDING, BODY, MOVES] {
        let _ = std::fs::remove_file(state.join(f));
    }
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

/// The input files, with their names relative to the input folder, as the
/// walk finds them. The walk is not sorted (sorting holds a folder's whole
/// listing in memory); the summary puts the entries in order.
fn discover<'a>(
    input: &'a Path,
    output: &Path,
    roster: Option<&Path>,
) -> impl Iterator<Item = (PathBuf, String)> + Send + 'a {
    let output = output.canonicalize().ok();
    let roster = roster.and_then(|r| r.canonicalize().ok());
    // Paths are resolved only for entries whose name matches: not a
    // `realpath` for every file walked.
    let same = |e: &walkdir::DirEntry, target: Option<&PathBuf>| {
        target.is_some_and(|t| {
            t.file_name() == Some(e.file_name()) && e.path().canonicalize().ok().as_ref() == Some(t)
        })
    };
    let walker = walkdir::WalkDir::new(input)
        .follow_links(true)
        .into_iter()
        .filter_entry(move |e| {
            if e.depth() == 0 {
                return true;
            }
            if !check::is_candidate(&e.file_name().to_string_lossy()) {
                return false;
            }
            // An output folder inside the input folder holds jixiao's own files.
            !(e.file_type().is_dir() && same(e, output.as_ref()))
        });
    walker
        .flatten()
        .filter(|e| e.file_type().is_file())
        .filter(move |e| !same(e, roster.as_ref()))
        .map(move |e| {
            let relative = e.path().strip_prefix(input).unwrap_or(e.path());
            let mut rel = relative
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/");
            // Names that are not UTF-8 (GBK attachments unzipped on Linux)
            // can read the same: each such name gets a mark made from its
            // bytes, so it stays one file's whatever order the walk takes.
            if relative.to_str().is_none() {
                let bytes = relative.as_os_str().as_encoded_bytes();
                let mark = blake3::hash(bytes).to_hex();
                rel.push_str(&format!("（文件名非UTF-8 #{}）", &mark[..8]));
            }
            (e.into_path(), rel)
        })
}

/// A progress bar on a terminal; `count` walks the input once for its length.
fn progress_bar(enabled: bool, count: impl FnOnce() -> usize) -> Option<indicatif::ProgressBar> {
    use std::io::IsTerminal as _;
    if !enabled || !std::io::stderr().is_terminal() {
        return None;
    }
    let bar = indicatif::ProgressBar::new(count() as u64);
    if let Ok(style) = indicatif::ProgressStyle::with_template(
        "{spinner} [{elapsed_precise}] {wide_bar} {pos}/{len} 个工作簿（剩余约 {eta}）",
    ) {
        bar.set_style(style);
    }
    Some(bar)
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
) -> Record {
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
    let old_folder = old.as_ref().map(|e| e.folder.clone());
    let old_dir = old_folder.as_ref().map(|f| opts.output.join(f));
    // The hash covers the bytes (and, for a file that could not be read,
    // its size and time).
    let unchanged = old.as_ref().is_some_and(|e| e.hash == hash);
    if !opts.force
        && unchanged
        && same_check
        && same_render
        && let (Some(mut entry), Some(dir)) = (old, &old_dir)
        && outputs_present(dir, &entry)
    {
        entry.modified = modified;
        entry.superseded_by = None;
        return Record {
            location: Location::Folder(entry.folder.clone()),
            entry,
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
    let (location, dir) = match (old_folder, &old_dir, keep_workbook) {
        (Some(f), Some(d), true) => (Location::Folder(f), d.clone()),
        _ => (
            Location::Staging(index),
            staging.join(format!("{index:07}")),
        ),
    };
    let mark = source_mark(rel, &hash);
    let (files, output_error) = match render_and_write(&report, opts, keep_workbook, &dir, &mark) {
        Ok(files) => (files, None),
        Err(e) => {
            // Whatever could be written stays; the diagnostics at least.
            let diagnostics = crate::check::diagnostics::json(std::slice::from_ref(&report));
            let written =
                output::fs::write_atomic(&dir.join(output::DIAGNOSTICS), diagnostics.as_bytes());
            let files = if written.is_ok() {
                vec![output::DIAGNOSTICS.to_string()]
            } else {
                Vec::new()
            };
            (files, Some(e))
        }
    };
    Record {
        entry: entry_of(&report, rel, hash, size, modified, files, output_error),
        location,
        skipped: false,
    }
}

/// An output error's message for the entry, a file written in `dir` named
/// within it: a staging folder is gone by the end of the run, so its path
/// would name nowhere (the entry names its folder).
fn message_within(e: OutputError, dir: &Path) -> String {
    match e {
        OutputError::Io { path, source } => {
            let path = Path::new(&path)
                .strip_prefix(dir)
                .map_or_else(|_| path.clone(), |p| p.display().to_string());
            OutputError::Io { path, source }.to_string()
        }
        e => e.to_string(),
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
        if !keep_workbook && let Some(bytes) = output::render_workbook(report, &opts.frameworks)? {
            rendered.files.insert(0, (COMPLETED, bytes));
        }
        let mut names: Vec<String> = rendered
            .files
            .iter()
            .map(|(n, _)| (*n).to_string())
            .collect();
        if keep_workbook {
            // The folder is live: each file replaced atomically, the
            // workbook kept.
            names.insert(0, COMPLETED.to_string());
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
        Ok(Err(e)) => Err(message_within(e, dir)),
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

/// The run's records settled: the manifest's body and the moves written,
/// and what the summary counts.
#[derive(Debug)]
struct Settled {
    total: usize,
    counts: [usize; 4],
    grades: Vec<(String, usize)>,
    output_errors: usize,
    missing: Vec<String>,
    /// The folders the entries now have.
    kept: KeyList,
}

/// What a record is ordered and grouped by, in 24 bytes: its unit (start
/// and length in the string of units; length 0 for none), year and index,
/// and the key of its unit and year for duplicates (0 for none; a real key
/// of 0 would only be checked against its own group's names).
#[derive(Debug, Clone, Copy)]
struct OrderKey {
    unit: (u32, u32),
    year: i32,
    index: u32,
    group: u64,
}

/// Settles who is who, one record at a time: duplicates (已被替代), the
/// summary's order (unit, year, input), folder names; writes each entry
/// into the manifest's body and each folder that must move into the moves
/// file, and counts what the summary shows.
fn settle(
    done: &mut Finished,
    old: Option<&OldManifest>,
    opts: &RunOptions,
    state: &Path,
    roster_units: Option<&[String]>,
    unit_bytes: usize,
) -> Result<Settled, RunError> {
    let pending = state.join(PENDING);
    let read = |done: &mut Finished, index: u32| -> Result<Option<Record>, RunError> {
        done.get(index as usize).map_err(io_error(&pending))
    };
    // The units side by side in one string: a few dozen bytes a workbook.
    let mut units = String::with_capacity(unit_bytes);
    let mut order: Vec<OrderKey> = Vec::with_capacity(done.len());
    for index in 0..done.len() {
        let index =
            u32::try_from(index).map_err(|e| io_error(&pending)(std::io::Error::other(e)))?;
        let Some(r) = read(done, index)? else {
            continue;
        };
        let e = &r.entry;
        let unit = e.unit.as_deref().map_or((0, 0), |u| {
            let start = units.len() as u32;
            units.push_str(u);
            (start, u.len() as u32)
        });
        let group = match (&e.unit, e.year) {
            (Some(u), Some(y)) => ledger::key(&format!("{}\n{y}", roster::unit_key(u))),
            _ => 0,
        };
        // Years beyond i32 are not years; they sort at the ends.
        let year = e.year.map_or(i32::MIN, |y| {
            i32::try_from(y).unwrap_or(if y < 0 { i32::MIN + 1 } else { i32::MAX })
        });
        order.push(OrderKey {
            unit,
            year,
            index,
            group,
        });
    }
    let superseded = duplicates(done, &mut order, &pending)?;
    let unit_of = |k: &OrderKey| {
        let (s, l) = k.unit;
        (l > 0).then(|| &units[s as usize..(s + l) as usize])
    };
    let same = |a: &OrderKey, b: &OrderKey| (unit_of(a), a.year) == (unit_of(b), b.year);
    order.sort_by(|a, b| {
        let (ua, ub) = (unit_of(a), unit_of(b));
        (ua.is_none(), ua, a.year).cmp(&(ub.is_none(), ub, b.year))
    });
    // Workbooks of the same unit and year (duplicates, unreadable files) go
    // by input name, read back for them alone.
    let mut start = 0;
    while start < order.len() {
        let first = order[start];
        let end = start
            + order[start..]
                .iter()
                .take_while(|k| same(k, &first))
                .count();
        if end - start > 1 {
            let mut named: Vec<(String, OrderKey)> = Vec::with_capacity(end - start);
            for k in &order[start..end] {
                let input = read(done, k.index)?
                    .map(|r| r.entry.input)
                    .unwrap_or_default();
                named.push((input, *k));
            }
            named.sort_by(|a, b| a.0.cmp(&b.0));
            for (slot, (_, k)) in order[start..end].iter_mut().zip(named) {
                *slot = k;
            }
        }
        start = end;
    }
    let mut roster_left: HashSet<String> = roster_units
        .unwrap_or_default()
        .iter()
        .map(|u| roster::unit_key(u))
        .collect();
    let body_path = state.join(BODY);
    let moves_path = state.join(MOVES);
    let mut body = LineWriter::create(&body_path).map_err(io_error(&body_path))?;
    let mut moves = LineWriter::create(&moves_path).map_err(io_error(&moves_path))?;
    let mut namer = Namer::new(&opts.output, old, order.len());
    let mut kept: Vec<u64> = Vec::with_capacity(order.len());
    let mut settled = Settled {
        total: order.len(),
        counts: [0; 4],
        grades: Vec::new(),
        output_errors: 0,
        missing: Vec::new(),
        kept: KeyList::default(),
    };
    for k in &order {
        let Some(mut r) = read(done, k.index)? else {
            continue;
        };
        let e = &mut r.entry;
        e.superseded_by = superseded.get(&k.index).cloned();
        e.folder = namer.name(e);
        kept.push(ledger::key(&e.folder));
        if r.location != Location::Folder(e.folder.clone()) {
            moves
                .push(&(&r.location, &e.folder))
                .map_err(io_error(&moves_path))?;
        }
        settled.counts[e.batch_status() as usize] += 1;
        settled.output_errors += usize::from(e.output_error.is_some());
        if e.superseded_by.is_none() {
            if let Some(g) = &e.grade {
                match settled.grades.iter_mut().find(|(grade, _)| grade == g) {
                    Some((_, n)) => *n += 1,
                    None => settled.grades.push((g.clone(), 1)),
                }
            }
            if let Some(u) = &e.unit {
                roster_left.remove(&roster::unit_key(u));
            }
        }
        body.push(&r.entry).map_err(io_error(&body_path))?;
    }
    settled.kept = KeyList::from_keys(kept);
    body.finish().map_err(io_error(&body_path))?;
    moves.finish().map_err(io_error(&moves_path))?;
    settled.missing = roster_units
        .unwrap_or_default()
        .iter()
        .filter(|u| roster_left.contains(&roster::unit_key(u)))
        .cloned()
        .collect();
    Ok(settled)
}

/// Every workbook replaced by a newer one of the same unit and year, with
/// the input that replaced it: the later 填报日期 wins, then the later file
/// time, then the later name. Only records whose keys meet are read again
/// (and grouped by their names, not their keys).
fn duplicates(
    done: &mut Finished,
    order: &mut [OrderKey],
    pending: &Path,
) -> Result<HashMap<u32, String>, RunError> {
    // Grouped in place (the summary's order is made afterwards).
    order.sort_unstable_by_key(|k| (k.group, k.index));
    let mut superseded = HashMap::new();
    for run in order
        .chunk_by(|a, b| a.group == b.group)
        .filter(|r| r.len() > 1 && r[0].group != 0)
    {
        let mut members: Vec<(u32, Entry)> = Vec::with_capacity(run.len());
        for index in run.iter().map(|k| k.index) {
            if let Some(r) = done.get(index as usize).map_err(io_error(pending))? {
                members.push((index, r.entry));
            }
        }
        let mut groups: BTreeMap<(String, i64), Vec<&(u32, Entry)>> = BTreeMap::new();
        for m in &members {
            if let (Some(u), Some(y)) = (&m.1.unit, m.1.year) {
                groups.entry((roster::unit_key(u), y)).or_default().push(m);
            }
        }
        for group in groups.values().filter(|g| g.len() > 1) {
            let entries: Vec<&Entry> = group.iter().map(|(_, e)| e).collect();
            let winner = latest(&entries);
            for (i, (index, _)) in group.iter().enumerate() {
                if i != winner {
                    superseded.insert(*index, entries[winner].input.clone());
                }
            }
        }
    }
    Ok(superseded)
}

/// Which of the workbooks of one unit and year is current: the later
/// 填报日期, then the later file time, then the later name.
fn latest(entries: &[&Entry]) -> usize {
    (0..entries.len())
        .max_by(|&a, &b| {
            let (ea, eb) = (entries[a], entries[b]);
            (&ea.fill_date, ea.modified, &ea.input).cmp(&(&eb.fill_date, eb.modified, &eb.input))
        })
        .unwrap_or(0)
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

/// Gives entries their folders: `单位名称-年度`, or `…-已被替代-文件名` for a
/// replaced workbook, or `无法读取-文件名`; a name already taken (by another
/// entry, or by a folder that is not jixiao's) gets `-2`, `-3`, ….
struct Namer<'a> {
    output: &'a Path,
    old: Option<&'a OldManifest>,
    /// Names given, lower-cased (Windows and macOS ignore case). A key
    /// collision (2⁻⁶⁴) only numbers a name that did not need it.
    taken: KeySet,
}

impl<'a> Namer<'a> {
    fn new(output: &'a Path, old: Option<&'a OldManifest>, names: usize) -> Self {
        let mut taken = KeySet::with_capacity(names + RESERVED.len());
        for r in RESERVED {
            taken.insert(&r.to_lowercase());
        }
        Namer { output, old, taken }
    }

    /// A folder is jixiao's when the last run's manifest names it or it
    /// carries jixiao's source mark; any other existing folder is foreign
    /// and never used.
    fn is_ours(&self, name: &str) -> bool {
        self.old.is_some_and(|m| m.has_folder(name))
            || self.output.join(name).join(SOURCE_MARK).is_file()
    }

    fn name(&mut self, e: &Entry) -> String {
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
            let free = !self.taken.contains(&name.to_lowercase())
                && (!self.output.join(&name).exists() || self.is_ours(&name));
            if free {
                break;
            }
            n += 1;
            name = format!("{base}-{n}");
        }
        self.taken.insert(&name.to_lowercase());
        name
    }
}

/// Moves every entry's outputs to its folder, from the moves file. A folder
/// whose name is free moves at once; the others are parked in the state
/// folder first and moved once every folder has left, so two entries can
/// swap names.
fn publish(moves_path: &Path, output: &Path, state: &Path) -> Result<(), RunError> {
    let staging = state.join(STAGING);
    let moving = state.join("moving");
    let from_of = |l: &Location| match l {
        Location::Staging(i) => staging.join(format!("{i:07}")),
        Location::Folder(f) => output.join(f),
    };
    let moves = || -> Result<_, RunError> {
        let file = std::fs::File::open(moves_path).map_err(io_error(moves_path))?;
        Ok(std::io::BufRead::lines(std::io::BufReader::new(file))
            .enumerate()
            .map(move |(i, line)| {
                let line = line.map_err(io_error(moves_path))?;
                let (from, to): (Location, String) = serde_json::from_str(&line)
                    .map_err(|e| io_error(moves_path)(std::io::Error::other(e)))?;
                Ok::<_, RunError>((i, from, to))
            }))
    };
    for m in moves()? {
        let (i, from, to) = m?;
        let (from, to) = (from_of(&from), output.join(&to));
        if !from.is_dir() {
            continue;
        }
        if to.exists() {
            std::fs::create_dir_all(&moving).map_err(io_error(&moving))?;
            let park = moving.join(i.to_string());
            std::fs::rename(&from, &park).map_err(io_error(&from))?;
        } else {
            std::fs::rename(&from, &to).map_err(io_error(&to))?;
        }
    }
    if moving.is_dir() {
        for m in moves()? {
            let (i, _, to) = m?;
            let (park, to) = (moving.join(i.to_string()), output.join(&to));
            if !park.is_dir() {
                continue;
            }
            if to.is_dir() {
                // jixiao's own stale folder of that name (checked when named).
                std::fs::remove_dir_all(&to).map_err(io_error(&to))?;
            }
            std::fs::rename(&park, &to).map_err(io_error(&to))?;
        }
        let _ = std::fs::remove_dir_all(&moving);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_output_error_names_the_file_within_the_entrys_folder() {
        let dir = Path::new("out")
            .join(".jixiao")
            .join("staging")
            .join("0000007");
        let io = |path: &Path| OutputError::Io {
            path: path.display().to_string(),
            source: std::io::Error::other("磁盘已满"),
        };
        assert_eq!(
            message_within(io(&dir.join("report.html")), &dir),
            "无法写入 report.html：磁盘已满"
        );
        // A path elsewhere stays whole.
        let elsewhere = Path::new("out").join("summary.json");
        assert_eq!(
            message_within(io(&elsewhere), &dir),
            format!("无法写入 {}：磁盘已满", elsewhere.display())
        );
    }

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
            modified: Some(modified),
            fill_date: fill.map(str::to_string),
            ..Entry::passed(input, unit)
        }
    }

    #[test]
    fn the_later_fill_date_then_the_later_file_wins() {
        let a = entry("a.xlsx", "甲局", Some("2023-03-01"), 200);
        let b = entry("b.xlsx", "甲 局", Some("2023-03-20"), 100);
        assert_eq!(latest(&[&a, &b]), 1);
        let c = entry("c.xlsx", "乙局", None, 100);
        let d = entry("d.xlsx", "乙局", None, 300);
        assert_eq!(latest(&[&c, &d]), 1);
        let e = entry("e.xlsx", "乙局", None, 300);
        assert_eq!(latest(&[&e, &d]), 0, "then the later name");
    }

    #[test]
    fn folders_are_numbered_past_names_taken_and_foreign_folders() {
        let tmp = tempfile::tempdir().unwrap();
        std::fs::create_dir(tmp.path().join("乙局-2022")).unwrap();
        std::fs::create_dir(tmp.path().join("丙局-2022")).unwrap();
        std::fs::write(tmp.path().join("丙局-2022").join(SOURCE_MARK), "x").unwrap();
        let mut namer = Namer::new(tmp.path(), None, 5);
        let mut replaced = entry("a.xlsx", "甲局", None, 1);
        replaced.superseded_by = Some("b.xlsx".into());
        let names: Vec<String> = [
            replaced,
            entry("b.xlsx", "甲局", None, 1),
            entry("c.xlsx", "甲局", None, 1),
            entry("d.xlsx", "乙局", None, 1),
            entry("e.xlsx", "丙局", None, 1),
        ]
        .iter()
        .map(|e| namer.name(e))
        .collect();
        assert_eq!(
            names,
            [
                "甲局-2022-已被替代-a",
                "甲局-2022",
                "甲局-2022-2",
                // A folder that is not jixiao's is never used …
                "乙局-2022-2",
                // … one with jixiao's mark is.
                "丙局-2022",
            ]
        );
    }
}
