//! What a batch run is asked and what it came to: the options, one entry per
//! input file, the removed outputs, the result and the errors that stop a
//! run. Their own module so that the run, the ledger and the summary all
//! see them without importing one another.

use std::path::{Path, PathBuf};
use std::time::Duration;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::batch::roster;
use crate::check::{Counts, Status};
use crate::ingest::guard::Limits;
use crate::output::OutputError;
use crate::report::render::Templates;
use crate::rules::score::Standing;
use crate::rules::settings::Settings;

/// What `jixiao run` is asked to do.
#[derive(Debug)]
pub struct RunOptions {
    /// The input folder.
    pub input: PathBuf,
    /// The output folder.
    pub output: PathBuf,
    /// Worker threads; 0 for one per core.
    pub jobs: usize,
    /// The roster (名单) of units expected to report, if any.
    pub roster: Option<PathBuf>,
    /// Redo every file, whatever the manifest says.
    pub force: bool,
    /// Write `report.public.html`.
    pub public: bool,
    /// Show a progress bar (on a terminal).
    pub progress: bool,
    /// Tolerance, frameworks and the day: what checking and scoring need.
    pub settings: Settings,
    /// The report templates.
    pub templates: Templates,
    /// The size limits a workbook must keep to.
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
    /// 通过 / 未通过校验 / 无法读取, from checking the file.
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
    /// Whether the score is complete, incomplete (不完整) or the unit did
    /// not assess itself (未自评); `None` when nothing was scored.
    #[serde(default)]
    pub standing: Option<Standing>,
    pub counts: Counts,
    /// The first error (or the unreadable file's finding), for the summary.
    pub first_error: Option<String>,
    /// An output that could not be produced (a broken template, say).
    pub output_error: Option<String>,
    /// The output files in the folder.
    pub files: Vec<String>,
}

#[cfg(test)]
impl Entry {
    /// A passed workbook of this unit for 2022, with nothing else known.
    pub(crate) fn passed(input: &str, unit: &str) -> Entry {
        Entry {
            input: input.into(),
            hash: String::new(),
            size: 0,
            modified: None,
            folder: String::new(),
            status: Status::Passed,
            superseded_by: None,
            unit: Some(unit.into()),
            year: Some(2022),
            fill_date: None,
            framework: None,
            score: None,
            grade: None,
            standing: None,
            counts: Counts::default(),
            first_error: None,
            output_error: None,
            files: Vec::new(),
        }
    }
}

/// A workbook's status in the batch summary.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BatchStatus {
    /// Read, and no error (通过).
    Passed,
    /// Read, with at least one error (未通过校验).
    Failed,
    /// Could not be read as the template (无法读取).
    Unreadable,
    /// Replaced by a newer workbook of the same unit and year.
    Superseded,
}

impl BatchStatus {
    /// The stable code (`passed`, `failed`, `unreadable`, `superseded`) and
    /// the word shown for it: a checked file's is its [`Status`]'s (通过,
    /// 未通过校验, 无法读取), so a workbook is called the same everywhere.
    pub fn names(self) -> (&'static str, &'static str) {
        match self {
            BatchStatus::Passed => (Status::Passed.code(), Status::Passed.zh()),
            BatchStatus::Failed => (Status::Failed.code(), Status::Failed.zh()),
            BatchStatus::Unreadable => (Status::Unreadable.code(), Status::Unreadable.zh()),
            BatchStatus::Superseded => ("superseded", "已被替代"),
        }
    }
}

impl Entry {
    /// 不完整 or 未自评 when the unit's total got no grade.
    pub(crate) fn standing_zh(&self) -> Option<&'static str> {
        self.standing
            .filter(|s| *s != Standing::Complete)
            .map(Standing::zh)
    }

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

/// A deleted input whose outputs were removed.
#[derive(Debug, Clone, Serialize)]
pub struct Removed {
    pub(crate) input: String,
    pub(crate) folder: String,
    pub(crate) unit: Option<String>,
}

/// What a run did. The entries themselves are in the manifest it wrote, in
/// the summary's order (`ledger::read_entries`): a batch does not hold them.
#[derive(Debug, Clone)]
pub struct RunResult {
    /// The manifest this run wrote.
    pub(crate) manifest: PathBuf,
    /// Workbooks found.
    pub total: usize,
    /// How many have each [`BatchStatus`], in its order.
    pub(crate) counts: [usize; 4],
    /// Current workbooks (not replaced) by grade, in order of first appearance.
    pub(crate) grades: Vec<(String, usize)>,
    pub(crate) output_errors: usize,
    /// Roster units without a workbook (未报送).
    pub missing: Vec<String>,
    /// How many units the roster names, when there is one.
    pub roster_size: Option<usize>,
    /// Deleted inputs whose outputs this run removed.
    pub removed: Vec<Removed>,
    /// Workbooks checked in this run.
    pub processed: usize,
    /// Workbooks skipped as unchanged since the last run.
    pub skipped: usize,
    /// How long the run took.
    pub elapsed: Duration,
}

impl RunResult {
    /// Whether some workbook (not replaced by a newer one) has errors or
    /// could not be read.
    pub fn has_problems(&self) -> bool {
        self.count(BatchStatus::Failed) + self.count(BatchStatus::Unreadable) > 0
    }

    /// How many workbooks have this status.
    pub fn count(&self, status: BatchStatus) -> usize {
        self.counts[status as usize]
    }

    /// Whether some output could not be produced.
    pub fn has_output_errors(&self) -> bool {
        self.output_errors > 0
    }
}

/// A run that cannot start or finish (not a bad workbook: those are entries).
#[derive(Debug, thiserror::Error)]
pub enum RunError {
    /// The input folder does not exist.
    #[error("找不到输入文件夹 {0}")]
    NoInput(String),
    /// The output folder is the input folder.
    #[error(
        "输出文件夹不能就是输入文件夹（{0}）：输出会被当作新的工作簿读入；请用 -o 指定另一个文件夹"
    )]
    SameFolder(String),
    /// The roster cannot be read.
    #[error(transparent)]
    Roster(#[from] roster::RosterError),
    /// A file of the batch (the manifest, the summary) cannot be written.
    #[error(transparent)]
    Output(#[from] OutputError),
    /// The output folder cannot be arranged (a move or a removal failed).
    #[error("无法整理输出文件夹 {path}：{source}")]
    Io {
        /// The file or folder.
        path: String,
        /// Why.
        source: std::io::Error,
    },
    /// The worker threads cannot be started.
    #[error("无法启动并行处理：{0}")]
    Threads(String),
}

/// A file system error at `path` as the error that stops the run.
pub(crate) fn io_error(path: &Path) -> impl FnOnce(std::io::Error) -> RunError + '_ {
    move |source| RunError::Io {
        path: path.display().to_string(),
        source,
    }
}
