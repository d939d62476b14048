//! `jixiao run` (SPEC §10): a folder of emailed workbooks → every workbook's
//! outputs and one summary. The run reads like a recipe:
//!
//! 1. open the saved mail (`.eml`, `.msg`, mbox, Maildir) and `.zip`
//!    inputs (`mail`, `outlook`) and save their workbooks in the state
//!    folder; walk the input files
//!    (lock, hidden, output and mail files skipped: `discover`) and then
//!    those attachments, and in parallel, as they are found: hash each, skip it
//!    when the last run's manifest says its outputs are current, else check,
//!    score and render it into a staging folder (a panic or an error stays
//!    with that file; this module's `process`); its entry goes to the
//!    pending file on disk (`ledger`), and a snapshot of its values,
//!    findings and score to the versions kept of its submission
//!    (`versions`);
//! 2. show what changed: a workbook that replaces an earlier version of
//!    its submission (of this run or an earlier one) whose outputs do not
//!    yet show the comparison with it is checked and rendered again with
//!    it (`versions`, this module's `revise_outputs`);
//! 3. settle who is who (`settle`): duplicates (versions of one
//!    submission: same kind, unit and year, and for a project workbook the
//!    same project; the later 填报日期, then the later file time, wins; the
//!    others are 已被替代), the summary's order (unit, year, kind, project,
//!    input) and folder names (`单位名称-年度`, `单位名称-年度-项目-项目名称`,
//!    made safe, names that meet told apart by the input), writing the new
//!    manifest's lines;
//! 4. write the manifest, publish (`publish`: move each staging folder to
//!    its name, a directory rename), remove the outputs of deleted inputs;
//! 5. write the summary (`index.html`, `summary.xlsx`, `summary.json`:
//!    [`summary`]), reading the entries back from the manifest.
//!
//! Memory holds a few dozen bytes per workbook, not its entry. The names
//! the run gives inside the output folder are in `layout`.
//!
//! Every file is written atomically; inputs are only read.

use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use rayon::prelude::*;

pub mod discover;
mod entry;
mod fault;
mod history;
mod layout;
mod ledger;
mod mail;
pub mod names;
mod outlook;
pub mod previous;
mod publish;
pub mod roster;
mod settle;
pub mod summary;
#[cfg(test)]
mod tests;
mod versions;

pub(crate) use entry::Entry;
pub use entry::{
    BatchStatus, LookAlike, LookAlikeUnit, ProjectLine, Removed, RevisionLine, RunError,
    RunOptions, RunResult,
};
pub use mail::{MailFinding, MailSource, Opened, open_inputs};

use crate::check::{self, FileReport};
use crate::contract::fields::{TBL_PROJECTS, WorkbookKind, col, key};
use crate::contract::finding::Severity;
use crate::ingest::isolate::Reader;
use crate::output::{self, COMPLETED, OutputError, Rendered};
use crate::rules::revision::Revision;
use crate::rules::settings::Settings;
use entry::io_error;
use fault::{kill_at, kill_while_writing};
use layout::{
    BODY, LOCK, MAIL, MANIFEST, MOVES, PENDING, SOURCE_MARK, STAGING, STATE_DIR, VERSIONS,
};
use ledger::{Location, OldManifest, Pending, Record};

/// Takes the output folder for this run: an exclusive OS advisory lock on
/// `.jixiao/lock`, held as long as the returned file is open. A folder
/// another run holds is [`RunError::Busy`], at once, without waiting.
fn lock_output(output: &Path, state: &Path) -> Result<std::fs::File, RunError> {
    std::fs::create_dir_all(state).map_err(io_error(state))?;
    let path = state.join(LOCK);
    let file = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .map_err(io_error(&path))?;
    #[cfg(not(target_arch = "wasm32"))]
    match fs4::FileExt::try_lock(&file) {
        Ok(()) => Ok(file),
        Err(fs4::TryLockError::WouldBlock) => Err(RunError::Busy(output.display().to_string())),
        Err(fs4::TryLockError::Error(e)) => Err(io_error(&path)(e)),
    }
    // No file system to share in a browser, and no other run to lock out.
    #[cfg(target_arch = "wasm32")]
    {
        let _ = output;
        Ok(file)
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
    let versions = state.join(VERSIONS);
    // Held until the run returns; the OS lets go if the process dies.
    let _lock = lock_output(&opts.output, &state)?;
    publish::clean_leftovers(&opts.output, &state)?;
    kill_at("started");
    let keys = Keys::new(opts);
    let manifest_path = state.join(MANIFEST);
    let old = OldManifest::open(&manifest_path);
    // A manifest of the previous schema names folders, but its results are
    // redone (`ledger::PREVIOUS_MANIFEST_SCHEMA`).
    let same_check = old
        .as_ref()
        .is_some_and(|m| m.current && m.header.check_key == keys.check);
    let same_render = old
        .as_ref()
        .is_some_and(|m| m.header.render_key == keys.render);
    let roster_path = opts.roster.as_deref();
    let roster = match roster_path {
        Some(p) => Some(roster::read(p)?),
        None => None,
    };

    // Saved mail is opened first: its workbook attachments are saved in
    // the state folder and then checked like the files found by the walk.
    let mail_files: Vec<_> =
        discover::input_files(&opts.input, true, Some(&opts.output), roster_path, false)
            .filter_map(|path| {
                let kind = mail::kind(&path)?;
                let rel = discover::relative(&opts.input, &path);
                Some((path, rel, kind))
            })
            .collect();
    let mail_dir = state.join(MAIL);
    let unpacked =
        mail::unpack(&mail_files, &mail_dir, &opts.limits).map_err(io_error(&mail_dir))?;
    let mail_paths: std::collections::HashSet<std::path::PathBuf> =
        mail_files.iter().map(|(path, _, _)| path.clone()).collect();
    // Each input with the messages it came from (none for a file found by
    // the walk).
    let inputs = || {
        discover::discover(&opts.input, &opts.output, roster_path, &mail_paths)
            .map(|(path, rel)| (path, rel, &[][..]))
            .chain(
                unpacked
                    .workbooks
                    .iter()
                    .map(|(path, rel, sources)| (path.clone(), rel.clone(), sources.as_slice())),
            )
    };

    // Files are checked as the walk finds them; each finished file's entry
    // goes to the pending file, not to memory.
    let bar = progress_bar(opts.progress, || inputs().count());
    let pending_path = state.join(PENDING);
    let pending = Pending::create(&pending_path).map_err(io_error(&pending_path))?;
    let ctx = &opts.settings;
    let skipped = AtomicUsize::new(0);
    // The units' and projects' names, in bytes: the order's string of them
    // is made to size.
    let unit_bytes = AtomicUsize::new(0);
    // At most one worker process per thread, kept for the whole walk.
    let reader = Reader::new(&opts.reading);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(opts.jobs)
        .build()
        .map_err(|e| RunError::Threads(e.to_string()))?;
    pool.install(|| {
        inputs()
            .enumerate()
            .par_bridge()
            .try_for_each(|(index, (path, rel, sources))| {
                let previous = old.as_ref().and_then(|m| m.take(&rel));
                let mut record = process(
                    index,
                    &path,
                    &rel,
                    previous,
                    same_check,
                    same_render,
                    opts,
                    ctx,
                    &reader,
                    &staging,
                    &versions,
                    None,
                );
                record.entry.mail = sources.to_vec();
                if record.skipped {
                    skipped.fetch_add(1, Ordering::Relaxed);
                }
                unit_bytes.fetch_add(
                    record.entry.unit.as_ref().map_or(0, String::len)
                        + record.entry.project.as_ref().map_or(0, String::len),
                    Ordering::Relaxed,
                );
                pending
                    .push(index, &record)
                    .map_err(io_error(&pending_path))?;
                // The name is only made where the hook exists.
                #[cfg(debug_assertions)]
                kill_at(&format!("file:{rel}"));
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
    // A version that replaces another shows what it changed: its outputs
    // are made again, with the comparison, where they do not show it yet.
    let revise = versions::to_revise(&mut done, &versions, &pending_path)?;
    let mut revised = if revise.is_empty() {
        std::collections::HashMap::new()
    } else {
        let dirs = Dirs {
            pending: &pending_path,
            staging: &staging,
            versions: &versions,
        };
        pool.install(|| revise_outputs(revise, inputs(), &mut done, opts, &reader, &dirs))?
    };
    skipped.fetch_sub(
        revised
            .values()
            .filter(|(was_skipped, _)| *was_skipped)
            .count(),
        Ordering::Relaxed,
    );
    let mut revised: std::collections::HashMap<u32, ledger::Record> = revised
        .drain()
        .filter_map(|(i, (_, r))| Some((u32::try_from(i).ok()?, r)))
        .collect();
    drop(reader);
    fault("publish");
    kill_at("checked");

    // Settled on a worker thread: its heap already holds the memory the
    // workbooks used, which settling then reuses instead of growing another.
    let settled = pool.install(|| {
        settle::settle(
            &mut done,
            &mut revised,
            old.as_ref(),
            opts,
            &state,
            roster.as_ref(),
            unit_bytes.load(Ordering::Relaxed),
        )
    })?;
    drop(done);
    kill_at("settled");
    let (retired, removed) = publish::retired(old.as_ref(), &settled.kept, &manifest_path)?;
    let removed = publish::note_removed(removed, &state, &opts.input)?;
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
    kill_at("manifest");
    publish::publish(&state.join(MOVES), &opts.output, &state)?;
    kill_at("published");
    for folder in std::mem::take(&mut header.retired) {
        let dir = opts.output.join(&folder);
        if dir.is_dir() {
            std::fs::remove_dir_all(&dir).map_err(io_error(&dir))?;
            kill_at("retiring");
        }
    }
    kill_at("retired");
    ledger::write_manifest(&manifest_path, &header, &body)?;
    kill_at("ledger");
    let skipped_workbooks = skipped
        .load(Ordering::Relaxed)
        .saturating_sub(settled.not_workbooks_skipped);
    let result = RunResult {
        manifest: manifest_path,
        total: settled.total,
        counts: settled.counts,
        grades: settled.grades,
        project_grades: settled.project_grades,
        kinds: settled.kinds,
        project_workbooks: settled.project_workbooks,
        department_projects: settled.department_projects,
        output_errors: settled.output_errors,
        warnings: settled.warnings,
        missing: settled.missing,
        missing_projects: settled.missing_projects,
        roster_size: roster.as_ref().map(|r| r.units.len()),
        roster_projects: roster.as_ref().map(|r| r.projects.len()),
        removed,
        look_alike: settled.look_alike,
        mail_findings: unpacked.findings.clone(),
        // Workbooks only: files that are no workbook are counted apart.
        processed: settled.total.saturating_sub(skipped_workbooks),
        skipped: skipped_workbooks,
        elapsed: started.elapsed(),
        not_workbooks: settled.not_workbooks,
    };
    pool.install(|| crate::batch::summary::write(&result, opts))?;
    kill_at("summarized");
    publish::finish(&state);
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
            "{}|{}|{}|{}",
            env!("CARGO_PKG_VERSION"),
            opts.settings.scoring.fingerprint(),
            opts.settings.tolerance.normalize(),
            // Outputs made beside one last year are not current for another.
            opts.settings
                .prior
                .as_ref()
                .map_or("", |p| p.fingerprint.as_str())
        );
        let render = format!(
            "{}|{}|{}|{}",
            opts.templates.fingerprint(),
            opts.public,
            opts.public_despite_errors,
            opts.formats.key()
        );
        Keys {
            check: blake3::hash(check.as_bytes()).to_hex().to_string(),
            render: blake3::hash(render.as_bytes()).to_hex().to_string(),
        }
    }
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

/// What an output folder's source mark says: the input's name and content
/// hash.
fn source_mark(rel: &str, hash: &str) -> String {
    format!("{rel}\n{hash}\n")
}

/// Whether the folder `dir` says it holds the outputs of `rel` as hashed.
fn holds(dir: &Path, rel: &str, hash: &str) -> bool {
    std::fs::read_to_string(dir.join(SOURCE_MARK)).is_ok_and(|s| s == source_mark(rel, hash))
}

/// Whether `dir` holds every output file a current entry should have, and
/// says it holds this input's.
fn outputs_present(dir: &Path, e: &Entry) -> bool {
    e.output_error.is_none()
        && !e.files.is_empty()
        && e.files.iter().all(|f| dir.join(f).is_file())
        && holds(dir, &e.input, &e.hash)
}

/// One input file's record: its outputs kept when the last run's are
/// current, else checked, scored and rendered (into its folder when its
/// completed workbook is still current, or a staging folder).
#[allow(clippy::too_many_arguments)]
fn process(
    index: usize,
    path: &Path,
    rel: &str,
    old: Option<Entry>,
    same_check: bool,
    same_render: bool,
    opts: &RunOptions,
    ctx: &Settings,
    reader: &Reader,
    staging: &Path,
    versions: &Path,
    revision: Option<(Revision, RevisionLine)>,
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
        // A manifest written before the mark was kept reads as `false`.
        entry.public_withheld = public_withheld(&entry, opts);
        return Record {
            location: Location::Folder(entry.folder.clone()),
            entry,
            skipped: true,
        };
    }
    let name = rel.to_string();
    let mut report = match bytes {
        Ok(b) => check::isolated(&name, || {
            fault(&format!("file:{rel}"));
            check::check_bytes_with(&name, &b, ctx, &opts.limits, reader)
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
    let (revision, line) = revision.unzip();
    report.revision = revision;
    let (files, output_error) =
        match render_and_write(&mut report, rel, opts, keep_workbook, &dir, &mark) {
            Ok(files) => (files, None),
            Err(e) => {
                // Whatever could be written stays; the diagnostics at least.
                let diagnostics = crate::check::diagnostics::json(std::slice::from_ref(&report));
                let written = output::fs::write_atomic(
                    &dir.join(output::DIAGNOSTICS),
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
    let mut entry = entry_of(&report, rel, hash, size, modified, files, output_error);
    entry.public_withheld = public_withheld(&entry, opts);
    entry.revision = line;
    if let Some(dept) = &report.department {
        versions::keep(versions, &entry, dept, &report.findings);
    }
    Record {
        entry,
        location,
        skipped: false,
    }
}

/// Makes again the outputs of the records whose comparison with the
/// version they replace changed (`versions::to_revise`), each with that
/// comparison, in parallel: the inputs are walked again for their paths
/// (memory keeps no path per workbook). Each record is checked anew into
/// its staging folder; by index, with whether it had been skipped.
fn revise_outputs<'a>(
    mut revise: std::collections::HashMap<usize, Option<(Revision, RevisionLine)>>,
    inputs: impl Iterator<Item = (std::path::PathBuf, String, &'a [MailSource])> + Send,
    done: &mut ledger::Finished,
    opts: &RunOptions,
    reader: &Reader,
    dirs: &Dirs<'_>,
) -> Result<std::collections::HashMap<usize, (bool, Record)>, RunError> {
    let mut work = Vec::with_capacity(revise.len());
    for (index, (path, rel, _)) in inputs.enumerate() {
        let Some(revision) = revise.remove(&index) else {
            continue;
        };
        // An input folder changed during the run may walk in another
        // order: a record only goes with its own input (one left out
        // keeps its outputs, and the next run makes them again).
        let Some(old) = done
            .get(index)
            .map_err(io_error(dirs.pending))?
            .filter(|r| r.entry.input == rel)
        else {
            continue;
        };
        work.push((index, path, rel, revision, old));
    }
    let (staging, versions) = (dirs.staging, dirs.versions);
    work.into_par_iter()
        .map(|(index, path, rel, revision, old)| {
            let dir = staging.join(format!("{index:07}"));
            if dir.is_dir() {
                std::fs::remove_dir_all(&dir).map_err(io_error(&dir))?;
            }
            let mut record = process(
                index,
                &path,
                &rel,
                None,
                false,
                false,
                opts,
                &opts.settings,
                reader,
                staging,
                versions,
                revision,
            );
            record.entry.mail = old.entry.mail;
            Ok((index, (old.skipped, record)))
        })
        .collect()
}

/// The run's folders and files that making outputs again needs.
struct Dirs<'a> {
    pending: &'a Path,
    staging: &'a Path,
    versions: &'a Path,
}

/// Whether the entry's `report.public.html` is only the notice that its
/// self-evaluation is not yet published (暂不公开): a workbook with errors
/// whose public report was written without `--public-despite-errors`.
fn public_withheld(entry: &Entry, opts: &RunOptions) -> bool {
    output::Public::of(opts.public, opts.public_despite_errors).withholds(entry.status)
        && entry.files.iter().any(|f| f == output::REPORT_PUBLIC_HTML)
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

/// Renders and writes one workbook's outputs. A panic is this file's
/// error, isolated like the checking ([`check::render_isolated`]): its
/// `FILE-INTERNAL` finding is added to the report, no backtrace printed.
fn render_and_write(
    report: &mut FileReport,
    rel: &str,
    opts: &RunOptions,
    keep_workbook: bool,
    dir: &Path,
    mark: &str,
) -> Result<Vec<String>, String> {
    let work = |report: &FileReport| -> Result<Vec<String>, OutputError> {
        let mut rendered: Rendered = output::render_reports(
            report,
            &opts.templates,
            output::Public::of(opts.public, opts.public_despite_errors),
            &opts.formats,
        )?;
        if !keep_workbook
            && let Some(bytes) = output::render_workbook(report, &opts.settings.scoring)?
        {
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
            kill_while_writing(rel, dir, &rendered);
            output::write_staged(dir, &rendered)?;
        }
        Ok(names)
    };
    match check::render_isolated(report, work) {
        Some(Ok(names)) => Ok(names),
        Some(Err(e)) => Err(message_within(e, dir)),
        None => Err(entry::OUTPUT_INTERNAL_ERROR.to_string()),
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
    let projects = project_lines(report);
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
        kind: dept.map(|d| d.kind),
        project: dept
            .filter(|d| d.kind == WorkbookKind::Project)
            .and_then(|d| d.rows(&TBL_PROJECTS).first())
            .and_then(|r| r.text(col::NAME))
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string),
        unit: dept
            .and_then(|d| d.text(key::UNIT_NAME))
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string),
        unit_code: dept
            .and_then(|d| d.text(key::UNIT_CODE))
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string),
        year: dept.and_then(|d| d.int(key::YEAR)),
        fill_date: dept
            .and_then(|d| d.date(key::FILL_DATE))
            .map(|d| d.to_string()),
        framework: report
            .score
            .as_ref()
            .and_then(|s| s.department.as_ref())
            .map(|d| d.framework_name.clone()),
        // Only a complete total is the unit's score; an incomplete one, or
        // one without self-assessment, is counted apart (`standing`). A
        // project workbook's is its project's, when graded: a total of
        // points that do not add up is no score (its line says so).
        score: match dept.map(|d| d.kind) {
            Some(WorkbookKind::Project) => projects
                .first()
                .filter(|p| p.grade.is_some())
                .and_then(ProjectLine::score),
            _ => report
                .score
                .as_ref()
                .and_then(|s| s.department.as_ref())
                .filter(|d| d.grade.is_some())
                .map(|d| d.total),
        },
        grade: match dept.map(|d| d.kind) {
            Some(WorkbookKind::Project) => projects.first().and_then(|p| p.grade.clone()),
            _ => report
                .score
                .as_ref()
                .and_then(|s| s.department.as_ref())
                .and_then(|d| d.grade.clone()),
        },
        standing: report
            .score
            .as_ref()
            .and_then(|s| s.department.as_ref())
            .map(|d| d.standing),
        counts: report.counts(),
        first_error,
        output_error,
        files,
        public_withheld: false,
        projects,
        mail: Vec::new(),
        revision: None,
    }
}

/// The projects a workbook scores, as the summary shows them: from their
/// scores, or from the project table when the workbook was not scored.
fn project_lines(report: &FileReport) -> Vec<ProjectLine> {
    if let Some(card) = &report.score {
        return card
            .projects
            .iter()
            .map(|p| ProjectLine {
                name: p.name.clone(),
                budget_full: p.budget_full,
                executed: p.executed,
                execution_rate: p.execution_rate,
                total: Some(p.total),
                valid: Some(p.valid),
                grade: p.grade.clone().filter(|_| p.valid),
            })
            .collect();
    }
    let Some(dept) = &report.department else {
        return Vec::new();
    };
    dept.rows(&TBL_PROJECTS)
        .iter()
        .map(|r| ProjectLine {
            name: r
                .text(col::NAME)
                .map(str::trim)
                .unwrap_or_default()
                .to_string(),
            budget_full: r.dec(col::BUDGET_FULL),
            executed: r.dec(col::EXECUTED),
            execution_rate: None,
            total: None,
            valid: None,
            grade: None,
        })
        .collect()
}
