//! Checking workbooks end to end (`jixiao check`): read → model → validate, one
//! file at a time, each isolated so that a bad or hostile file — even a panic
//! while reading it — becomes that file's finding and never stops the others.

use std::path::Path;

use rust_decimal::Decimal;
use serde::Serialize;

use crate::contract::fields::key;
use crate::contract::finding::{Code, Finding, Severity, sort_findings};
use crate::ingest::guard::Limits;
use crate::ingest::isolate::Reader;
use crate::ingest::model::{self, Department};
use crate::ingest::read;
use crate::ingest::sniff::Format;
use crate::rules::prior;
use crate::rules::score::{self, Scorecard};
use crate::rules::settings::Settings;
use crate::rules::validate;

pub mod diagnostics;

/// The outcome for one file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Read, and no error (warnings and notes allowed). 通过
    Passed,
    /// Read, with at least one error. 未通过校验
    Failed,
    /// Could not be read as the template at all. 无法读取
    Unreadable,
}

impl Status {
    /// The stable code, as the JSON documents write it.
    pub(crate) fn code(self) -> &'static str {
        match self {
            Status::Passed => "passed",
            Status::Failed => "failed",
            Status::Unreadable => "unreadable",
        }
    }

    /// The one Chinese word for the status, wherever it is shown.
    pub fn zh(self) -> &'static str {
        match self {
            Status::Passed => "通过",
            Status::Failed => "未通过校验",
            Status::Unreadable => "无法读取",
        }
    }
}

/// Counts of findings by severity.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct Counts {
    /// Errors (错误).
    pub error: usize,
    /// Warnings (警告).
    pub warning: usize,
    /// Notes (提示).
    pub note: usize,
}

/// Everything `check` learned about one file.
#[derive(Debug, Clone)]
pub struct FileReport {
    /// The file's name, as given or as found in the batch.
    pub file: String,
    pub(crate) format: Option<Format>,
    /// The outcome: 通过, 未通过校验 or 无法读取.
    pub status: Status,
    /// Sorted by sheet, cell, severity.
    pub findings: Vec<Finding>,
    /// The model, when the file could be read as the template.
    pub department: Option<Department>,
    /// The scores, when the model was built and its framework is known.
    pub score: Option<Scorecard>,
    /// The tolerance the file was checked with ([`Settings::tolerance`]):
    /// the report calls two figures different by the same measure.
    pub(crate) tolerance: Decimal,
    /// The file's own bytes, when it was read as the template: the
    /// completed workbook of an .xlsx/.xlsm is this package edited (the
    /// reader may have been handed a stored copy; these are the bytes as
    /// they came), that of an .xls or .ods carries its extra sheets.
    pub(crate) source: Option<std::sync::Arc<[u8]>>,
    /// What changed since the version of the same submission it replaces
    /// (修改对比), when a batch knows one: set after the check, shown in
    /// the internal report and the completed workbook.
    pub revision: Option<crate::rules::revision::Revision>,
    /// Last year's submission of the unit (`--previous`) and the cells
    /// filled from it: the report's year-on-year table and 整改情况, the
    /// completed workbook's filled cells.
    pub prior: Option<crate::rules::prior::PriorUse>,
}

impl FileReport {
    /// The report of a file that could not be read: its one finding.
    pub(crate) fn unreadable(name: &str, mut finding: Finding) -> Self {
        finding.file = name.to_string();
        FileReport {
            file: name.to_string(),
            format: None,
            status: Status::Unreadable,
            findings: vec![finding],
            department: None,
            score: None,
            tolerance: Settings::DEFAULT_TOLERANCE,
            source: None,
            revision: None,
            prior: None,
        }
    }

    /// Adds a finding made after the check (an internal error while
    /// writing the outputs): named after the file, in order, and an error
    /// makes a passed file failed.
    fn add(&mut self, mut finding: Finding) {
        finding.file = self.file.clone();
        if finding.severity == Severity::Error && self.status == Status::Passed {
            self.status = Status::Failed;
        }
        self.findings.push(finding);
        sort_findings(&mut self.findings);
    }

    /// The findings counted by severity.
    pub fn counts(&self) -> Counts {
        let mut c = Counts::default();
        for f in &self.findings {
            match f.severity {
                Severity::Error => c.error += 1,
                Severity::Warning => c.warning += 1,
                Severity::Note => c.note += 1,
            }
        }
        c
    }
}

/// Checks a workbook held in memory, reading it in this process; `name` is
/// how findings name the file.
pub fn check_bytes(name: &str, bytes: &[u8], ctx: &Settings, limits: &Limits) -> FileReport {
    check_bytes_with(name, bytes, ctx, limits, &Reader::in_process())
}

/// Checks a workbook held in memory, read by `reader` (in this process or
/// by a worker process: a worker that dies reading it gives the file's one
/// finding); `name` is how findings name the file.
///
/// Validation and scoring are each [`isolated`] on their own: a panic in one
/// of them becomes a `FILE-INTERNAL` finding beside the findings made before
/// it, and the model read stays, so the report still shows what was found.
pub fn check_bytes_with(
    name: &str,
    bytes: &[u8],
    ctx: &Settings,
    limits: &Limits,
    reader: &Reader,
) -> FileReport {
    let mut prior_use = None;
    let read = reader
        .read(name, bytes, limits)
        .unwrap_or_else(|panic| Err(internal_finding(name, Stage::Read, &panic)));
    let (format, department, mut findings, unreadable) = match read {
        Err(f) => (None, None, vec![f], true),
        Ok(wb) => match model::build(&wb) {
            Err(f) => (Some(wb.format), None, vec![f], true),
            Ok((mut dept, mut findings)) => {
                // Last year's figures fill this year's blanks before
                // anything reads them.
                if let Some(last) = ctx.prior.as_ref().and_then(|p| p.find(&dept)) {
                    let (used, found) = prior::take(&mut dept, last, ctx.tolerance);
                    findings.extend(found);
                    prior_use = Some(used);
                }
                let validated = stage(name, Stage::Validate, || validate::validate(&dept, ctx));
                match validated {
                    Ok(found) => findings.extend(found),
                    Err(internal) => findings.push(internal),
                }
                (Some(wb.format), Some(dept), findings, false)
            }
        },
    };
    let score = department.as_ref().and_then(|dept| {
        let framework = ctx.scoring.for_workbook(dept.text(key::FRAMEWORK))?;
        match stage(name, Stage::Score, || {
            score::score(dept, &framework, ctx.tolerance)
        }) {
            Ok((card, scoring_findings)) => {
                findings.extend(scoring_findings);
                Some(card)
            }
            Err(internal) => {
                findings.push(internal);
                None
            }
        }
    });
    if let (Some(used), Some(dept)) = (&prior_use, &department) {
        findings.extend(prior::compare(dept, score.as_ref(), &used.last));
    }
    // Kept only for a file read as the template: its completed workbook
    // is made from it.
    let source = department.is_some().then(|| bytes.into());
    FileReport {
        tolerance: ctx.tolerance,
        source,
        prior: prior_use,
        ..FileReport::new(name, format, department, score, findings, unreadable)
    }
}

/// The stages of one file's work that are isolated on their own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Stage {
    /// Reading the file and building its model (读取).
    Read,
    /// Validation (校验).
    Validate,
    /// Scoring (计分).
    Score,
    /// Rendering and writing the outputs (生成输出).
    Render,
}

impl Stage {
    /// The stage's name in the debug builds' `JIXIAO_FAULT=STAGE:NAME` hook.
    #[cfg(debug_assertions)]
    fn id(self) -> &'static str {
        match self {
            Stage::Read => "read",
            Stage::Validate => "validate",
            Stage::Score => "score",
            Stage::Render => "render",
        }
    }

    /// What the program was doing with the file `name`, as the finding
    /// says it.
    fn doing(self, name: &str) -> String {
        match self {
            Stage::Read => format!("读取文件“{name}”"),
            Stage::Validate => format!("校验文件“{name}”"),
            Stage::Score => format!("计分文件“{name}”"),
            Stage::Render => format!("为文件“{name}”生成报告等输出文件"),
        }
    }
}

/// Runs one stage of the file `name`'s work; a panic inside it is the
/// stage's `FILE-INTERNAL` finding.
fn stage<T>(name: &str, stage: Stage, work: impl FnOnce() -> T) -> Result<T, Finding> {
    let _quiet = QuietPanics::enter();
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        fault(stage, name);
        work()
    }))
    .map_err(|panic| internal_finding(name, stage, panic.as_ref()))
}

/// A test hook of debug builds: `JIXIAO_FAULT=STAGE:NAME` (STAGE one of
/// `read`, `validate`, `score`, `render`) panics at that stage of the file whose name
/// (its last path component) is NAME. (`abort:read:NAME` and `hog:read:NAME`
/// act inside the reading itself, in the worker process when reading is
/// isolated: [`crate::ingest::isolate`].)
#[cfg(debug_assertions)]
fn fault(stage: Stage, name: &str) {
    if let Ok(v) = std::env::var("JIXIAO_FAULT")
        && let Some((at, file)) = v.split_once(':')
        && at == stage.id()
        && Path::new(name).file_name().is_some_and(|n| n == file)
    {
        panic!("injected fault at {v}");
    }
}

#[cfg(not(debug_assertions))]
fn fault(_: Stage, _: &str) {}

std::thread_local! {
    static FILE_WORK: std::cell::Cell<u32> = const { std::cell::Cell::new(0) };
}

/// Marks the current thread as doing one file's isolated work while it
/// lives, so the binary's panic hook stays silent there.
struct QuietPanics;

impl QuietPanics {
    fn enter() -> Self {
        FILE_WORK.with(|d| d.set(d.get() + 1));
        QuietPanics
    }
}

impl Drop for QuietPanics {
    fn drop(&mut self) {
        FILE_WORK.with(|d| d.set(d.get().saturating_sub(1)));
    }
}

/// Whether the current thread is inside one file's isolated work: a panic
/// there becomes that file's `FILE-INTERNAL` finding, so a panic hook
/// need print nothing (no backtrace reaches the user).
pub fn in_file_work() -> bool {
    FILE_WORK.with(|d| d.get() > 0)
}

/// The `FILE-INTERNAL` finding of a panic at `stage` of the file `name`.
fn internal_finding(name: &str, stage: Stage, panic: &(dyn std::any::Any + Send)) -> Finding {
    let what = panic
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "未知原因".to_string());
    Finding::new(
        Code::FileInternal,
        format!(
            "{}时程序内部出错（{what}）：这是 jixiao 的缺陷，不是文件的问题",
            stage.doing(name)
        ),
    )
    .hint("其他文件和已列出的问题不受影响；请把此文件和这条信息反馈给维护人员")
}

impl FileReport {
    /// The report of a file checked as `name`: its findings named after it
    /// and sorted, and the status they give (`unreadable` when it could not
    /// be read as the template).
    pub fn new(
        name: &str,
        format: Option<Format>,
        department: Option<Department>,
        score: Option<Scorecard>,
        mut findings: Vec<Finding>,
        unreadable: bool,
    ) -> Self {
        for f in &mut findings {
            f.file = name.to_string();
        }
        sort_findings(&mut findings);
        let status = if unreadable {
            Status::Unreadable
        } else if findings.iter().any(|f| f.severity == Severity::Error) {
            Status::Failed
        } else {
            Status::Passed
        };
        FileReport {
            file: name.to_string(),
            format,
            status,
            findings,
            department,
            score,
            tolerance: Settings::DEFAULT_TOLERANCE,
            source: None,
            revision: None,
            prior: None,
        }
    }

    /// The report with the file's own bytes: the completed workbook of an
    /// .xlsx/.xlsm is then that package edited (without them it is
    /// regenerated in the standard layout), that of an .xls or .ods
    /// carries its extra sheets.
    pub fn with_source(mut self, bytes: &[u8]) -> Self {
        self.source = Some(bytes.into());
        self
    }
}

/// Checks a file on disk, reading it in this process. Never panics: I/O
/// errors and panics inside the readers become a finding of this file.
pub fn check_path(path: &Path, ctx: &Settings, limits: &Limits) -> FileReport {
    check_path_with(path, ctx, limits, &Reader::in_process())
}

/// Checks a file on disk, read by `reader`; as [`check_path`].
pub fn check_path_with(
    path: &Path,
    ctx: &Settings,
    limits: &Limits,
    reader: &Reader,
) -> FileReport {
    check_path_named(path, &path.display().to_string(), ctx, limits, reader)
}

/// Checks a file on disk as [`check_path_with`], shown as `name` (a
/// workbook saved from mail, named after the message and attachment).
pub fn check_path_named(
    path: &Path,
    name: &str,
    ctx: &Settings,
    limits: &Limits,
    reader: &Reader,
) -> FileReport {
    match read_file(path, limits) {
        Ok(bytes) => isolated(name, || check_bytes_with(name, &bytes, ctx, limits, reader)),
        Err(mut report) => {
            report.file = name.to_string();
            for f in &mut report.findings {
                f.file = name.to_string();
            }
            report
        }
    }
}

/// A file's bytes, its size checked before it is read into memory; a file
/// that cannot be read is the report of its one finding. Only a regular file
/// (or a link to one) is read: a pipe, a device or a socket (`/dev/zero`, a
/// FIFO) would block or never end, so it is refused unopened. What is read
/// is capped at the size limit even if the file grows meanwhile.
pub(crate) fn read_file(path: &Path, limits: &Limits) -> Result<Vec<u8>, FileReport> {
    use std::io::Read as _;
    let name = path.display().to_string();
    let unreadable = |f: Finding| FileReport::unreadable(&name, f);
    let cannot = |what: &str, e: std::io::Error| {
        unreadable(Finding::new(
            Code::FileNotWorkbook,
            format!("{what}：{}", crate::contract::os::io_zh(&e)),
        ))
    };
    let checked = |m: &std::fs::Metadata| -> Result<(), FileReport> {
        if !m.file_type().is_file() {
            return Err(unreadable(
                Finding::new(
                    Code::FileNotWorkbook,
                    "不是普通文件（是管道、设备、套接字或指向它们的链接），未读取".to_string(),
                )
                .hint("请指定工作簿文件本身（.xlsx、.xls、.ods）"),
            ));
        }
        crate::ingest::guard::check_size(m.len(), limits).map_err(|r| unreadable(read::refused(r)))
    };
    checked(&std::fs::metadata(path).map_err(|e| cannot("无法打开文件", e))?)?;
    let file = std::fs::File::open(path).map_err(|e| cannot("无法打开文件", e))?;
    // The path may have been replaced between the two looks: the opened
    // file is what is read, so it is checked again.
    checked(&file.metadata().map_err(|e| cannot("无法打开文件", e))?)?;
    let mut bytes = Vec::new();
    file.take(limits.max_file_bytes.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| cannot("无法读取文件", e))?;
    let read_len = u64::try_from(bytes.len()).unwrap_or(u64::MAX);
    crate::ingest::guard::check_size(read_len, limits).map_err(|r| unreadable(read::refused(r)))?;
    Ok(bytes)
}

/// Runs `work` for the file `name`; a panic inside it becomes that file's
/// `FILE-INTERNAL` finding instead of ending the run.
pub fn isolated(name: &str, work: impl FnOnce() -> FileReport) -> FileReport {
    stage(name, Stage::Read, work).unwrap_or_else(|f| FileReport::unreadable(name, f))
}

/// Runs the rendering and writing of a checked file's outputs (生成输出),
/// isolated like the checking: a panic inside `work` is added to the
/// report as its `FILE-INTERNAL` finding (so the file has an error and its
/// diagnostics say so), no backtrace is printed, and `None` is returned.
pub fn render_isolated<T>(
    report: &mut FileReport,
    work: impl FnOnce(&FileReport) -> T,
) -> Option<T> {
    let name = report.file.clone();
    match stage(&name, Stage::Render, || work(report)) {
        Ok(done) => Some(done),
        Err(finding) => {
            report.add(finding);
            None
        }
    }
}
