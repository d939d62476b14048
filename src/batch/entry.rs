//! What a batch run is asked and what it came to: the options, one entry per
//! input file, the removed outputs, the result and the errors that stop a
//! run. Their own module so that the run, the ledger and the summary all
//! see them without importing one another.

use std::path::{Path, PathBuf};
use std::time::Duration;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::batch::names;
use crate::batch::roster;
use crate::check::{Counts, Status};
use crate::contract::fields::WorkbookKind;
use crate::contract::number::fixed;
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
    /// Write the full public report even for a workbook with errors,
    /// rather than the notice that it is not yet published.
    pub public_despite_errors: bool,
    /// Show a progress bar (on a terminal).
    pub progress: bool,
    /// Tolerance, frameworks and the day: what checking and scoring need.
    pub settings: Settings,
    /// The report templates.
    pub templates: Templates,
    /// The size limits a workbook must keep to.
    pub limits: Limits,
    /// Where files are read: in worker processes, or in this one.
    pub reading: crate::ingest::isolate::Reading,
    /// The report formats written, and the documents' fonts.
    pub formats: crate::output::Formats,
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
    /// A later version of the same submission replaced this one (已被替代):
    /// the winner's input. See [`Entry::identity`].
    pub superseded_by: Option<String>,
    /// Which kind of workbook it is (部门整体支出 or 项目支出); `None` when it
    /// could not be read as either.
    #[serde(default)]
    pub kind: Option<WorkbookKind>,
    pub unit: Option<String>,
    /// 统一社会信用代码 (or the unit code the workbook gives): the unit's
    /// identity when present.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit_code: Option<String>,
    /// 项目名称 of a project workbook.
    #[serde(default)]
    pub project: Option<String>,
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
    /// Whether its `report.public.html` is only the notice that the
    /// self-evaluation is being corrected and not yet published (暂不公开):
    /// a workbook with errors, published without `--public-despite-errors`.
    #[serde(default)]
    pub public_withheld: bool,
    /// The projects the workbook scores, in its order: a project
    /// workbook's one, a department workbook's project table.
    #[serde(default)]
    pub projects: Vec<ProjectLine>,
    /// The messages that carried it, for a workbook from saved mail (the
    /// summary's provenance; never in a report).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub mail: Vec<crate::batch::mail::MailSource>,
    /// What it changed against the version of its submission it replaces
    /// (修改对比), as its outputs show it; `None` for a first version.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revision: Option<RevisionLine>,
}

/// A version's changes as the summary shows them (the whole comparison is
/// in its report and completed workbook): which version it is, the one it
/// replaces, and how many cells and problems changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RevisionLine {
    /// 第 N 版.
    pub version: u32,
    /// The replaced version's input file.
    pub previous: String,
    /// The replaced version's content hash: a comparison with another
    /// version is another comparison.
    pub previous_hash: String,
    /// Cells whose value changed.
    pub changed_cells: usize,
    /// Problems of the earlier version no longer found (改正).
    pub fixed: usize,
    /// Problems found that the earlier version did not have (新增).
    pub new: usize,
    /// The score and grade before and after.
    pub score_before: Option<String>,
    /// See `score_before`.
    pub score_after: Option<String>,
    /// See `score_before`.
    pub grade_before: Option<String>,
    /// See `score_before`.
    pub grade_after: Option<String>,
}

impl RevisionLine {
    /// The line of a comparison with the version of hash `previous_hash`.
    pub(crate) fn of(r: &crate::rules::revision::Revision, previous_hash: &str) -> RevisionLine {
        RevisionLine {
            version: r.version,
            previous: r.previous.clone(),
            previous_hash: previous_hash.to_string(),
            changed_cells: r.cells.len(),
            fixed: r.fixed.len(),
            new: r.new.len(),
            score_before: r.score_before.clone(),
            score_after: r.score_after.clone(),
            grade_before: r.grade_before.clone(),
            grade_after: r.grade_after.clone(),
        }
    }

    /// `第 2 版：改正 3 处，新增 1 处`.
    pub fn text(&self) -> String {
        crate::rules::revision::text(self.version, self.fixed, self.new)
    }
}

/// One project as the summary shows it: its money, its rate and its score.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProjectLine {
    /// 项目名称.
    pub name: String,
    /// 全年预算数 (万元).
    pub budget_full: Option<Decimal>,
    /// 全年执行数 (万元).
    pub executed: Option<Decimal>,
    /// 执行率 (%).
    pub execution_rate: Option<Decimal>,
    /// The sum of its scores: its 得分 when `valid`, else only a computed
    /// figure (计算值); `None` when the project was not scored.
    pub total: Option<Decimal>,
    /// Whether its points add up to the full marks; `None` when not scored.
    pub valid: Option<bool>,
    /// Its 等次; never given when the points do not add up.
    pub grade: Option<String>,
}

impl ProjectLine {
    /// The 得分 as the summary writes it: the score, or `计算值 110.00（权重
    /// 不符）` for a total of points that do not add up, which is no score.
    pub(crate) fn score_text(&self) -> Option<String> {
        let total = self.total?;
        Some(match self.valid {
            Some(false) => format!("计算值 {}（{}）", fixed(total, 2), NOT_GRADED_WORD),
            _ => fixed(total, 2),
        })
    }

    /// The 得分 as a number: only a total whose points add up.
    pub(crate) fn score(&self) -> Option<Decimal> {
        self.total.filter(|_| self.valid != Some(false))
    }

    /// What the project counts as in the tally of project grades: its
    /// 等次, or 权重不符 or 未计分, apart from every grade.
    pub(crate) fn tally(&self) -> &str {
        match (&self.grade, self.valid) {
            (_, Some(false)) => NOT_GRADED_WORD,
            (Some(g), _) => g,
            (None, _) => NOT_SCORED_WORD,
        }
    }
}

/// The output error of a file whose outputs hit an internal error (a
/// panic): the file's own `FILE-INTERNAL` finding says more, and it is
/// not a template the user can fix (see [`Entry::output_failed`]).
pub(crate) const OUTPUT_INTERNAL_ERROR: &str =
    "生成输出时程序内部出错：这是 jixiao 的缺陷，请把此文件反馈给维护人员";

/// What a project whose points do not add up is counted as, instead of a
/// grade.
pub(crate) const NOT_GRADED_WORD: &str = "权重不符";
/// What a project workbook without a score (or a grade) is counted as.
pub(crate) const NOT_SCORED_WORD: &str = "未计分";

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
            kind: Some(WorkbookKind::Department),
            unit: Some(unit.into()),
            unit_code: None,
            project: None,
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
            public_withheld: false,
            projects: Vec::new(),
            mail: Vec::new(),
            revision: None,
        }
    }

    /// A passed project workbook of this unit for 2022 and its one project.
    pub(crate) fn project(input: &str, unit: &str, line: ProjectLine) -> Entry {
        Entry {
            kind: Some(WorkbookKind::Project),
            project: Some(line.name.clone()),
            score: line.score().filter(|_| line.grade.is_some()),
            grade: line.grade.clone(),
            projects: vec![line],
            ..Entry::passed(input, unit)
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
    /// Replaced by a newer version of the same submission (same kind,
    /// unit and year, and for a project the same project).
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
    /// What makes two workbooks versions of one submission, the later
    /// replacing the earlier: the kind, the unit (its code when the
    /// workbook gives one, else its name) and the year, and for a project
    /// workbook its 项目名称 (names compared by [`names::identity_key`]:
    /// NFKC without white space; punctuation and invisible characters
    /// count). So a department's
    /// workbook and its projects' never replace each other. `None` when
    /// one of them is unknown: such a workbook replaces none and is
    /// replaced by none.
    pub(crate) fn identity(&self) -> Option<String> {
        let unit = self.unit_identity()?;
        let year = self.year?;
        match self.kind? {
            WorkbookKind::Department => Some(format!("department\n{unit}\n{year}")),
            WorkbookKind::Project => {
                let project = names::identity_key(self.project.as_deref()?);
                (!project.is_empty()).then(|| format!("project\n{unit}\n{year}\n{project}"))
            }
        }
    }

    /// The unit's part of [`Entry::identity`]: its code (`code:…`) when
    /// given, else its name's [`names::identity_key`]; `None` without
    /// either.
    pub(crate) fn unit_identity(&self) -> Option<String> {
        crate::contract::unit::unit_identity(self.unit_code.as_deref(), self.unit.as_deref())
    }

    /// Whether the unit is known by its code (统一社会信用代码).
    pub(crate) fn has_unit_code(&self) -> bool {
        self.unit_code
            .as_deref()
            .is_some_and(|c| !c.trim().is_empty())
    }

    /// Whether an output could not be produced for a reason the user can
    /// fix (a broken template, a folder that cannot be written), which
    /// fails the run; an internal error is the file's own finding instead.
    pub(crate) fn output_failed(&self) -> bool {
        self.output_error
            .as_deref()
            .is_some_and(|e| e != OUTPUT_INTERNAL_ERROR)
    }

    /// Whether this is a project workbook (项目支出绩效自评表).
    pub fn is_project(&self) -> bool {
        self.kind == Some(WorkbookKind::Project)
    }

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

    /// Whether the input is no workbook at all: a file that could not be
    /// read as one and whose name is not a spreadsheet's either (a Word
    /// document or a picture beside the workbooks). It keeps its row and
    /// its problem list, but is counted apart from the workbooks. A file
    /// named like a workbook that cannot be read stays an unreadable
    /// workbook: it was meant to be one.
    pub fn is_not_workbook(&self) -> bool {
        self.status == Status::Unreadable && self.kind.is_none() && !spreadsheet_name(&self.input)
    }
}

/// Whether a file name ends in a spreadsheet's extension (Excel, WPS,
/// LibreOffice, and the ones jixiao names as unsupported).
fn spreadsheet_name(name: &str) -> bool {
    const EXTENSIONS: &[&str] = &[
        "xlsx", "xlsm", "xls", "xlsb", "xltx", "xltm", "xlt", "ods", "ots", "fods", "et", "ett",
        "csv", "numbers",
    ];
    std::path::Path::new(name)
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| EXTENSIONS.iter().any(|x| x.eq_ignore_ascii_case(e)))
}

/// A deleted input whose outputs were removed.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Removed {
    pub(crate) input: String,
    pub(crate) folder: String,
    pub(crate) unit: Option<String>,
}

/// Units whose names look alike ([`names::skeleton`]) but are different
/// units (名称相似): perhaps one unit written two ways. Each unit with its
/// name as written and its input files; the message says what to do.
#[derive(Debug, Clone, Serialize)]
pub struct LookAlike {
    /// The units, in the order of their first input files.
    pub units: Vec<LookAlikeUnit>,
    /// The warning, in Chinese, naming the units and their files.
    pub message: String,
}

/// One of the units of a [`LookAlike`].
#[derive(Debug, Clone, Serialize)]
pub struct LookAlikeUnit {
    /// The name as one of its workbooks writes it.
    pub name: String,
    /// The name with its invisible characters shown (`<U+200B>`).
    pub shown: String,
    /// Its input files.
    pub inputs: Vec<String>,
}

impl LookAlike {
    /// The units that look alike, with the warning made from them.
    pub(crate) fn new(mut units: Vec<LookAlikeUnit>) -> LookAlike {
        units.sort_by(|a, b| (&a.inputs, &a.name).cmp(&(&b.inputs, &b.name)));
        let named: Vec<String> = units
            .iter()
            .map(|u| {
                let inputs: Vec<String> = u.inputs.iter().map(|i| names::shown(i)).collect();
                format!("“{}”（{}）", u.shown, inputs.join("、"))
            })
            .collect();
        let message = format!(
            "单位名称{}看起来相同（只差标点、空白、不可见字符、全角半角或大小写），但按不同的单位处理，可能是同一单位的不同写法。如果是同一单位，请把这些工作簿的单位名称改为一致，或填写统一社会信用代码（unit_code）后重新运行；如果确是不同单位，可不处理。",
            named.join("与")
        );
        LookAlike { units, message }
    }
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
    /// Current department workbooks (not replaced) by grade, in order of
    /// first appearance.
    pub(crate) grades: Vec<(String, usize)>,
    /// Current project workbooks by grade, in order of first appearance;
    /// one whose points do not add up is counted as 权重不符, one without a
    /// grade as 未计分, never under a grade.
    pub(crate) project_grades: Vec<(String, usize)>,
    /// Current workbooks of each kind (部门整体, 项目), in
    /// [`WorkbookKind::ALL`]'s order.
    pub kinds: [usize; 2],
    /// Project workbooks, replaced ones too (the project table's rows).
    pub(crate) project_workbooks: usize,
    /// The projects of current department workbooks.
    pub(crate) department_projects: usize,
    pub(crate) output_errors: usize,
    /// Warnings of the current (not replaced) workbooks together.
    pub(crate) warnings: usize,
    /// Roster units without a department workbook (未报送).
    pub missing: Vec<String>,
    /// Roster projects without a project workbook (未报送).
    pub missing_projects: Vec<roster::ExpectedProject>,
    /// How many units the roster expects a department workbook from, when
    /// there is one.
    pub roster_size: Option<usize>,
    /// How many projects the roster expects, when there is one.
    pub roster_projects: Option<usize>,
    /// Deleted inputs whose outputs this run removed.
    pub removed: Vec<Removed>,
    /// Different units whose names look alike (名称相似).
    pub look_alike: Vec<LookAlike>,
    /// What the saved mail held that is not a workbook (邮件无工作簿附件,
    /// attachments not opened, messages not read).
    pub mail_findings: Vec<crate::batch::mail::MailFinding>,
    /// Workbooks checked in this run.
    pub processed: usize,
    /// Workbooks skipped as unchanged since the last run.
    pub skipped: usize,
    /// How long the run took.
    pub elapsed: Duration,
    /// Inputs that are no workbook at all (a Word document beside them),
    /// counted apart: neither in `total` nor among the unreadable.
    pub not_workbooks: usize,
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
    /// Another run holds the output folder.
    #[error("另一个 jixiao run 正在使用输出文件夹 {0}：请等它结束，或用 -o 指定另一个输出文件夹")]
    Busy(String),
    /// The roster cannot be read.
    #[error(transparent)]
    Roster(#[from] roster::RosterError),
    /// A file of the batch (the manifest, the summary) cannot be written.
    #[error(transparent)]
    Output(#[from] OutputError),
    /// The output folder cannot be arranged (a move or a removal failed).
    #[error("无法整理输出文件夹 {path}：{}", crate::contract::os::io_zh(.source))]
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
