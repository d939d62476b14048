//! The batch summary in the output folder: `index.html` (from the
//! overridable `summary.html` template), `summary.xlsx` and `summary.json`
//! (schema `jixiao-summary/3`, documented in `docs/batch.md`). All three
//! show the same rows: every department workbook (and unreadable file) with
//! its status, score, grade, finding counts and links; every project
//! workbook with its project's money, rate, score and grade; the projects
//! of the department workbooks; the grade distribution of each kind; and
//! who (and which project) has not submitted.

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use rust_xlsxwriter::{
    Color, ConditionalFormatCell, ConditionalFormatCellRule, ConditionalFormatDataBar, Format,
    FormatBorder, Formula, Workbook, Worksheet, XlsxError,
};
use serde::Serialize;
use std::io::Write as _;

use crate::batch::entry::{
    BatchStatus, Entry, LookAlike, NOT_SCORED_WORD, ProjectLine, Removed, RunError, RunOptions,
    RunResult,
};
use crate::batch::history::{self, HistoryRun};
use crate::batch::mail::{MailFinding, MailSource};
use crate::batch::roster::ExpectedProject;
use crate::contract::fields::WorkbookKind;
use crate::output::{self, OutputError};
use crate::report::render::Templates;
use crate::rules::framework::Frameworks;
use crate::workbook::complete::sheets::row_height;
use crate::workbook::styles::{
    base_format, header_format, print_setup_sized, text_width, wrapped_lines,
};

/// 3: every score and amount with two decimals, as the page shows it
/// (`"98.00"`, not `"98.0"`); 2 wrote the decimals as they were computed.
pub(crate) const SUMMARY_SCHEMA: &str = "jixiao-summary/3";
/// The batch summary page (汇总), in the output folder.
pub const INDEX_HTML: &str = "index.html";
pub(crate) const SUMMARY_XLSX: &str = "summary.xlsx";
pub(crate) const SUMMARY_JSON: &str = "summary.json";
/// The template of `index.html`.
pub(crate) const SUMMARY_TEMPLATE: &str = "summary.html";

/// The summary's data: the JSON document and the page template's view.
/// The units are not held as rows: they are made one at a time from the
/// run's entries as they are written, so memory does not grow with them.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct SummaryView {
    pub schema: &'static str,
    pub generator: String,
    /// Local time of the run, `2026-11-30 14:05`.
    pub generated: String,
    pub input: String,
    pub output: String,
    pub counts: SummaryCounts,
    /// The department workbooks' grades.
    pub grades: Vec<GradeCount>,
    /// The project workbooks' grades; 权重不符 and 未计分 apart, after them.
    pub project_grades: Vec<GradeCount>,
    /// The department workbooks and the files that could not be read.
    pub units: Listing<UnitRow>,
    pub units_count: usize,
    /// The project workbooks, replaced ones too.
    pub projects: Listing<ProjectRow>,
    pub projects_count: usize,
    /// The projects in the project tables of current department workbooks.
    pub department_projects: Listing<ProjectRow>,
    pub department_projects_count: usize,
    /// Roster units without a department workbook (未报送); empty without a
    /// roster.
    pub missing: Vec<String>,
    /// Roster projects without a project workbook (未报送).
    pub missing_projects: Vec<ExpectedProject>,
    /// How many units the roster expects a department workbook from, when
    /// one was given.
    pub roster_size: Option<usize>,
    /// How many projects the roster expects, when one was given.
    pub roster_projects: Option<usize>,
    /// Inputs deleted since the last run; their outputs were removed.
    pub removed: Vec<Removed>,
    /// Different units whose names look alike (名称相似): each with the
    /// units, their input files and the warning.
    pub look_alike: Vec<LookAlike>,
    /// What the saved mail held that is not a workbook: messages without
    /// one, attachments not opened, messages not read.
    pub mail_findings: Vec<MailFinding>,
    /// In the page template only: the month's trend, a chart of the last
    /// run of each month as inline SVG (`{{ history_chart | safe }}`);
    /// the counts are in `history.json`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub history_chart: Option<String>,
    /// In the page template only: where the rows go (`{{ rows | safe }}`);
    /// each row is `partials/summary_row.html` with the unit as `u`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rows: Option<&'static str>,
    /// In the page template only: where the project workbooks' rows go
    /// (`{{ project_rows | safe }}`); each is
    /// `partials/summary_project_row.html` with the project as `p`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub project_rows: Option<&'static str>,
    /// In the page template only: where the department workbooks'
    /// projects go (`{{ department_project_rows | safe }}`), each as a
    /// project workbook's.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub department_project_rows: Option<&'static str>,
}

/// Rows of a summary made from the run's entries, in the manifest's order
/// (unit, year, kind, project, input), read from the manifest as they are
/// serialised: an entry gives none, one or several rows. Each listing
/// reads the manifest on its own, and one known to be empty not at all.
#[derive(Debug, Clone)]
pub(crate) struct Listing<R> {
    manifest: Option<std::path::PathBuf>,
    of: fn(&Entry) -> Vec<R>,
}

impl<R> Listing<R> {
    /// The rows `of` makes of the entries in `manifest`, `count` in all.
    fn new(manifest: &std::path::Path, count: usize, of: fn(&Entry) -> Vec<R>) -> Self {
        Listing {
            manifest: (count > 0).then(|| manifest.to_path_buf()),
            of,
        }
    }

    fn rows(&self) -> std::io::Result<impl Iterator<Item = std::io::Result<R>> + '_> {
        let entries = match &self.manifest {
            Some(m) => Some(crate::batch::ledger::read_entries(m)?),
            None => None,
        };
        Ok(entries.into_iter().flatten().flat_map(|e| match e {
            Ok(e) => (self.of)(&e).into_iter().map(Ok).collect::<Vec<_>>(),
            Err(e) => vec![Err(e)],
        }))
    }

    /// The same rows, without the manifest: the page's view has none.
    fn empty(&self) -> Self {
        Listing {
            manifest: None,
            of: self.of,
        }
    }
}

impl<R: Serialize> Serialize for Listing<R> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::{Error as _, SerializeSeq as _};
        let mut seq = s.serialize_seq(None)?;
        for r in self.rows().map_err(S::Error::custom)? {
            seq.serialize_element(&r.map_err(S::Error::custom)?)?;
        }
        seq.end()
    }
}

/// The template of one row of `index.html`.
pub(crate) const ROW_TEMPLATE: &str = "partials/summary_row.html";
/// The template of one project's row of `index.html`.
pub(crate) const PROJECT_ROW_TEMPLATE: &str = "partials/summary_project_row.html";
const ROWS_MARKER: &str = "<!--jixiao:summary-rows-->";
const PROJECT_ROWS_MARKER: &str = "<!--jixiao:summary-project-rows-->";
const DEPARTMENT_PROJECT_ROWS_MARKER: &str = "<!--jixiao:summary-department-project-rows-->";

#[derive(Serialize)]
struct RowContext {
    u: UnitRow,
}

#[derive(Serialize)]
struct ProjectRowContext {
    p: ProjectRow,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct SummaryCounts {
    /// Workbooks found.
    pub total: usize,
    pub passed: usize,
    pub failed: usize,
    pub unreadable: usize,
    pub superseded: usize,
    /// Current (not replaced) department workbooks (部门整体).
    pub department: usize,
    /// Current project workbooks (项目).
    pub project: usize,
    /// Processed in this run / skipped as unchanged.
    pub processed: usize,
    pub skipped: usize,
    pub seconds: String,
    /// Files that are no workbook (a Word document beside the workbooks):
    /// not in `total` nor `unreadable`; their rows say so.
    pub not_workbooks: usize,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct GradeCount {
    pub grade: String,
    pub count: usize,
    /// The framework (评价框架) whose grade it is, by name; several joined
    /// by 、 when they share the word; `null` for a word that is no grade
    /// (不完整, 未自评, 权重不符, 未计分).
    pub framework: Option<String>,
}

/// Writes a table of grades with their frameworks and counts from column
/// `col` of the 等次分布 sheet: its `headings`, then a row a grade. Returns
/// the display width of the widest framework name, for the shared width
/// of the framework columns.
fn grade_columns(
    ws: &mut Worksheet,
    col: u16,
    headings: [&str; 3],
    grades: &[GradeCount],
    header: &Format,
    base: &Format,
) -> Result<usize, XlsxError> {
    for (j, h) in headings.iter().enumerate() {
        ws.write_string_with_format(0, col + j as u16, *h, header)?;
    }
    let mut wide = text_width(headings[1]);
    for (i, g) in grades.iter().enumerate() {
        let r = 1 + i as u32;
        let name = g.framework.as_deref().unwrap_or("不评定等次");
        wide = wide.max(text_width(name));
        ws.write_string_with_format(r, col, &g.grade, base)?;
        ws.write_string_with_format(r, col + 1, name, base)?;
        ws.write_number_with_format(r, col + 2, g.count as f64, base)?;
    }
    ws.set_column_width(col, 12)?;
    ws.set_column_width(col + 2, 10)?;
    Ok(wide)
}

/// One workbook in the summary.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct UnitRow {
    /// `department`, or `None` for a file that could not be read.
    pub kind: Option<&'static str>,
    pub unit: Option<String>,
    pub year: Option<i64>,
    /// `passed`, `failed`, `unreadable` or `superseded`.
    pub status: &'static str,
    /// 通过 / 未通过校验 / 无法读取 / 已被替代.
    pub status_zh: &'static str,
    /// An unreadable file that is no workbook at all (a Word document):
    /// counted apart from the workbooks.
    pub not_workbook: bool,
    /// Two decimals, as the page shows it (`"98.00"`).
    #[serde(serialize_with = "two_places")]
    pub score: Option<Decimal>,
    pub grade: Option<String>,
    /// 不完整 or 未自评 when the total got no grade.
    pub standing: Option<&'static str>,
    pub errors: usize,
    pub warnings: usize,
    pub notes: usize,
    pub fill_date: Option<String>,
    /// The input file, relative to the input folder.
    pub input: String,
    /// The output folder, relative to the output folder.
    pub folder: String,
    /// Links relative to the output folder (URL-encoded), when written.
    pub report: Option<String>,
    /// `report.docx` and `report.pdf`, when written.
    pub word: Option<String>,
    pub pdf: Option<String>,
    pub public_report: Option<String>,
    /// Whether the public report is only the notice that the
    /// self-evaluation is being corrected and not yet published (暂不公开).
    pub public_withheld: bool,
    pub workbook: Option<String>,
    pub diagnostics: Option<String>,
    /// The problem list as a page (`findings.html`), when written.
    pub findings: Option<String>,
    pub superseded_by: Option<String>,
    pub first_error: Option<String>,
    pub output_error: Option<String>,
    /// The department's projects (its project table), as scored; their
    /// figures with two decimals.
    #[serde(serialize_with = "project_lines")]
    pub projects: Vec<ProjectLine>,
    /// The messages that carried the workbook, when it came by mail.
    pub mail: Vec<MailSource>,
    /// What it changed against the version it replaces (修改).
    pub revision: Option<RevisionSummary>,
}

/// One project in the summary: a project workbook's, or one of a
/// department workbook's project table.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct ProjectRow {
    /// `project` for a project workbook, `department` for a project of a
    /// department workbook.
    pub source: &'static str,
    pub unit: Option<String>,
    pub year: Option<i64>,
    /// 项目名称.
    pub project: Option<String>,
    /// The workbook's status: `passed`, `failed`, `unreadable` or
    /// `superseded`, and its word.
    pub status: &'static str,
    pub status_zh: &'static str,
    /// 全年预算数, 全年执行数 (万元) and 执行率 (%), two decimals each.
    #[serde(serialize_with = "two_places")]
    pub budget_full: Option<Decimal>,
    #[serde(serialize_with = "two_places")]
    pub executed: Option<Decimal>,
    #[serde(serialize_with = "two_places")]
    pub execution_rate: Option<Decimal>,
    /// 得分: only a total whose points add up.
    #[serde(serialize_with = "two_places")]
    pub score: Option<Decimal>,
    /// The total of a project whose points do not add up: a computed
    /// figure, no score (计算值).
    #[serde(serialize_with = "two_places")]
    pub computed: Option<Decimal>,
    /// Whether the points add up; `None` when the project was not scored.
    pub valid: Option<bool>,
    /// 得分 as shown: `95.00`, or `计算值 110.00（权重不符）`.
    pub score_text: Option<String>,
    /// 等次; never given when the points do not add up.
    pub grade: Option<String>,
    /// Why there is no grade: 权重不符 or 未计分.
    pub standing: Option<&'static str>,
    /// The project workbook's findings; `None` for a department's project
    /// (its findings are its workbook's, in the unit table).
    pub errors: Option<usize>,
    pub warnings: Option<usize>,
    pub notes: Option<usize>,
    pub fill_date: Option<String>,
    /// The input file, relative to the input folder.
    pub input: String,
    /// The output folder, relative to the output folder.
    pub folder: String,
    /// Links relative to the output folder (URL-encoded), when written.
    pub report: Option<String>,
    /// `report.docx` and `report.pdf`, when written.
    pub word: Option<String>,
    pub pdf: Option<String>,
    pub public_report: Option<String>,
    /// Whether the public report is only the notice that the
    /// self-evaluation is being corrected and not yet published (暂不公开).
    pub public_withheld: bool,
    pub workbook: Option<String>,
    pub diagnostics: Option<String>,
    /// The problem list as a page (`findings.html`), when written.
    pub findings: Option<String>,
    pub superseded_by: Option<String>,
    pub first_error: Option<String>,
    pub output_error: Option<String>,
    /// The messages that carried the project workbook, when it came by
    /// mail; empty for a department's project.
    pub mail: Vec<MailSource>,
    /// What the project workbook changed against the version it replaces
    /// (修改); `None` for a department's project.
    pub revision: Option<RevisionSummary>,
}

/// A figure as the summary page shows it: two decimals, as a string
/// (`"98.00"`, `"19.00"`, `"15.51"`), rounded half away from zero like
/// every figure jixiao shows; `null` when there is none.
fn two_places<S: serde::Serializer>(d: &Option<Decimal>, s: S) -> Result<S::Ok, S::Error> {
    match d {
        Some(d) => s.serialize_some(&crate::contract::number::fixed(*d, 2)),
        None => s.serialize_none(),
    }
}

/// A department's projects as `summary.json` lists them: the manifest's
/// lines with their figures at two decimals.
fn project_lines<S: serde::Serializer>(lines: &[ProjectLine], s: S) -> Result<S::Ok, S::Error> {
    #[derive(Serialize)]
    struct Line<'a> {
        name: &'a str,
        #[serde(serialize_with = "two_places")]
        budget_full: Option<Decimal>,
        #[serde(serialize_with = "two_places")]
        executed: Option<Decimal>,
        #[serde(serialize_with = "two_places")]
        execution_rate: Option<Decimal>,
        #[serde(serialize_with = "two_places")]
        total: Option<Decimal>,
        valid: Option<bool>,
        grade: Option<&'a str>,
    }
    s.collect_seq(lines.iter().map(|l| Line {
        name: &l.name,
        budget_full: l.budget_full,
        executed: l.executed,
        execution_rate: l.execution_rate,
        total: l.total,
        valid: l.valid,
        grade: l.grade.as_deref(),
    }))
}

/// The 修改 column: a version's changes against the version it replaces.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct RevisionSummary {
    /// 第 N 版.
    pub version: u32,
    /// The replaced version's input file.
    pub previous: String,
    /// How many cells changed, problems were fixed (改正) and are new (新增).
    pub changed_cells: usize,
    pub fixed: usize,
    pub new: usize,
    /// The score and grade before and after.
    pub score_before: Option<String>,
    pub score_after: Option<String>,
    pub grade_before: Option<String>,
    pub grade_after: Option<String>,
    /// `第 2 版：改正 3 处，新增 1 处`.
    pub text: String,
}

impl RevisionSummary {
    fn of(e: &Entry) -> Option<RevisionSummary> {
        let r = e.revision.as_ref()?;
        Some(RevisionSummary {
            version: r.version,
            previous: r.previous.clone(),
            changed_cells: r.changed_cells,
            fixed: r.fixed,
            new: r.new,
            score_before: r.score_before.clone(),
            score_after: r.score_after.clone(),
            grade_before: r.grade_before.clone(),
            grade_after: r.grade_after.clone(),
            text: r.text(),
        })
    }
}

/// The 修改 column's text.
fn revision_text(r: &Option<RevisionSummary>) -> &str {
    r.as_ref().map_or("", |r| r.text.as_str())
}

/// Where a workbook came by mail, for a cell: each message's sender, date
/// sent, subject and the attachment's name, one line each.
fn mail_text(mail: &[MailSource]) -> String {
    mail.iter()
        .map(|m| {
            format!(
                "{} {} 《{}》 附件“{}”（{}）",
                m.sender.as_deref().unwrap_or(""),
                m.sent.as_deref().unwrap_or(""),
                m.subject.as_deref().unwrap_or(""),
                m.attachment,
                m.mail
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Writes the three summary files into the output folder.
pub(crate) fn write(result: &RunResult, opts: &RunOptions) -> Result<(), RunError> {
    let view = view(result, opts);
    let history = history::record(
        &opts.output,
        history::HistoryRun::of(result, chrono::Local::now()),
    )?;
    let page_view = SummaryView {
        history_chart: Some(history::chart(&history)),
        units: view.units.empty(),
        projects: view.projects.empty(),
        department_projects: view.department_projects.empty(),
        rows: Some(ROWS_MARKER),
        project_rows: Some(PROJECT_ROWS_MARKER),
        department_project_rows: Some(DEPARTMENT_PROJECT_ROWS_MARKER),
        ..view.clone()
    };
    let failed = |source| OutputError::Template {
        file: SUMMARY_TEMPLATE.to_string(),
        source,
    };
    let page = opts
        .templates
        .render(SUMMARY_TEMPLATE, &page_view)
        .map_err(failed)?;
    // The page and the JSON on one worker, the workbook on another: each
    // reads the manifest on its own, and the batch waits for the slower.
    let (pages, xlsx) = rayon::join(
        || write_page_and_json(&view, &page, opts),
        || -> Result<(), RunError> {
            let mut xlsx = workbook(&view, &history.runs, &result.manifest)?;
            // Saved straight into its file: a batch's summary is not held
            // in memory.
            output::fs::write_atomic_with(&opts.output.join(SUMMARY_XLSX), |w| {
                xlsx.save_to_writer(w).map_err(std::io::Error::other)
            })?;
            Ok(())
        },
    );
    pages.and(xlsx)
}

/// `index.html`, streamed row by row into `page` at its markers (each
/// where the page puts it; a page without one shows no such rows), and
/// `summary.json`.
fn write_page_and_json(view: &SummaryView, page: &str, opts: &RunOptions) -> Result<(), RunError> {
    output::fs::write_atomic_with(&opts.output.join(INDEX_HTML), |w| {
        let mut rest = page;
        let markers = [
            ROWS_MARKER,
            PROJECT_ROWS_MARKER,
            DEPARTMENT_PROJECT_ROWS_MARKER,
        ];
        while let Some((at, marker)) = markers
            .iter()
            .filter_map(|m| rest.find(m).map(|at| (at, *m)))
            .min()
        {
            w.write_all(&rest.as_bytes()[..at])?;
            rest = &rest[at + marker.len()..];
            let render = |w: &mut dyn std::io::Write, name: &str, context| {
                opts.templates
                    .render_context_to(name, &context, w)
                    .map_err(std::io::Error::other)
            };
            if marker == ROWS_MARKER {
                for u in view.units.rows()? {
                    let context = Templates::context(ROW_TEMPLATE, &RowContext { u: u? })
                        .map_err(std::io::Error::other)?;
                    render(&mut *w, ROW_TEMPLATE, context)?;
                }
            } else {
                let listing = if marker == PROJECT_ROWS_MARKER {
                    &view.projects
                } else {
                    &view.department_projects
                };
                for p in listing.rows()? {
                    let context =
                        Templates::context(PROJECT_ROW_TEMPLATE, &ProjectRowContext { p: p? })
                            .map_err(std::io::Error::other)?;
                    render(&mut *w, PROJECT_ROW_TEMPLATE, context)?;
                }
            }
        }
        w.write_all(rest.as_bytes())
    })?;
    crate::batch::fault::kill_at("summary");
    output::fs::write_atomic_with(&opts.output.join(SUMMARY_JSON), |w| {
        serde_json::to_writer_pretty(w, view).map_err(std::io::Error::other)
    })?;
    Ok(())
}

/// Percent-encodes a relative link's ASCII specials (non-ASCII stays: every
/// browser reads UTF-8 links).
fn href(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for ch in path.chars() {
        match ch {
            'a'..='z' | 'A'..='Z' | '0'..='9' | '-' | '_' | '.' | '~' | '/' => out.push(ch),
            c if !c.is_ascii() => out.push(c),
            c => out.push_str(&format!("%{:02X}", c as u32)),
        }
    }
    out
}

/// A link to an output file of the entry, when it was written.
fn link(e: &Entry, name: &str) -> Option<String> {
    e.files
        .iter()
        .any(|f| f == name)
        .then(|| href(&format!("{}/{name}", e.folder)))
}

/// The unit table's row of a workbook that is not a project's.
fn unit_rows(e: &Entry) -> Vec<UnitRow> {
    if e.is_project() {
        Vec::new()
    } else {
        vec![row(e)]
    }
}

/// The project table's row of a project workbook.
fn project_rows(e: &Entry) -> Vec<ProjectRow> {
    if !e.is_project() {
        return Vec::new();
    }
    let fallback = ProjectLine {
        name: e.project.clone().unwrap_or_default(),
        budget_full: None,
        executed: None,
        execution_rate: None,
        total: None,
        valid: None,
        grade: None,
    };
    let line = e.projects.first().unwrap_or(&fallback);
    let mut r = project_row(e, line, "project");
    r.project = e.project.clone().or(r.project);
    r.errors = Some(e.counts.error);
    r.warnings = Some(e.counts.warning);
    r.notes = Some(e.counts.note);
    r.superseded_by = e.superseded_by.clone();
    r.first_error = e.first_error.clone();
    r.output_error = e.output_error.clone();
    r.mail = e.mail.clone();
    r.revision = RevisionSummary::of(e);
    vec![r]
}

/// The rows of a current department workbook's projects.
fn department_project_rows(e: &Entry) -> Vec<ProjectRow> {
    if e.kind != Some(WorkbookKind::Department) || e.superseded_by.is_some() {
        return Vec::new();
    }
    e.projects
        .iter()
        .map(|p| project_row(e, p, "department"))
        .collect()
}

/// A project's row: its line's figures, with its workbook's status and
/// links; no findings (a project workbook's are added by the caller).
fn project_row(e: &Entry, p: &ProjectLine, source: &'static str) -> ProjectRow {
    let standing = match (p.grade.is_some(), p.valid) {
        (true, _) => None,
        (false, Some(false)) => Some(crate::batch::entry::NOT_GRADED_WORD),
        (false, _) => Some(NOT_SCORED_WORD),
    };
    ProjectRow {
        source,
        unit: e.unit.clone(),
        year: e.year,
        project: Some(p.name.clone()).filter(|n| !n.is_empty()),
        status: e.status_code(),
        status_zh: e.status_zh(),
        budget_full: p.budget_full,
        executed: p.executed,
        execution_rate: p.execution_rate,
        score: p.score(),
        computed: p.total.filter(|_| p.valid == Some(false)),
        valid: p.valid,
        score_text: p.score_text(),
        grade: p.grade.clone(),
        standing,
        errors: None,
        warnings: None,
        notes: None,
        fill_date: e.fill_date.clone(),
        input: e.input.clone(),
        folder: e.folder.clone(),
        report: link(e, crate::report::render::REPORT_HTML),
        word: link(e, output::REPORT_DOCX),
        pdf: link(e, output::REPORT_PDF),
        public_report: link(e, output::REPORT_PUBLIC_HTML),
        public_withheld: e.public_withheld,
        workbook: link(e, output::COMPLETED),
        diagnostics: link(e, output::DIAGNOSTICS),
        findings: link(e, output::FINDINGS),
        superseded_by: None,
        first_error: None,
        output_error: None,
        mail: Vec::new(),
        revision: None,
    }
}

fn row(e: &Entry) -> UnitRow {
    let link = |name: &str| link(e, name);
    UnitRow {
        kind: e.kind.map(WorkbookKind::id),
        unit: e.unit.clone(),
        year: e.year,
        status: e.status_code(),
        status_zh: e.status_zh(),
        not_workbook: e.is_not_workbook(),
        score: e.score,
        grade: e.grade.clone(),
        standing: e.standing_zh(),
        errors: e.counts.error,
        warnings: e.counts.warning,
        notes: e.counts.note,
        fill_date: e.fill_date.clone(),
        input: e.input.clone(),
        folder: e.folder.clone(),
        report: link(crate::report::render::REPORT_HTML),
        word: link(output::REPORT_DOCX),
        pdf: link(output::REPORT_PDF),
        public_report: link(output::REPORT_PUBLIC_HTML),
        public_withheld: e.public_withheld,
        workbook: link(output::COMPLETED),
        diagnostics: link(output::DIAGNOSTICS),
        findings: link(output::FINDINGS),
        superseded_by: e.superseded_by.clone(),
        first_error: e.first_error.clone(),
        output_error: e.output_error.clone(),
        projects: e.projects.clone(),
        mail: e.mail.clone(),
        revision: RevisionSummary::of(e),
    }
}

/// The summary workbook's 公开版 column: 暂不公开 when the public report is
/// only the notice that the self-evaluation is being corrected, 已生成 when
/// the public report was written, else nothing.
fn public_word(written: bool, withheld: bool) -> &'static str {
    match (written, withheld) {
        (true, true) => PUBLIC_WITHHELD_WORD,
        (true, false) => "已生成",
        (false, _) => "",
    }
}

/// What a workbook whose public report is only the notice is marked as.
pub(crate) const PUBLIC_WITHHELD_WORD: &str = "暂不公开";

/// A workbook of the run that failed its checks or could not be read, as
/// the console lists it after a run.
#[derive(Debug, Clone)]
pub struct ProblemFile {
    /// The input file, relative to the input folder.
    pub input: String,
    /// 未通过校验 or 无法读取.
    pub status: &'static str,
    /// The unit's name, when it was read.
    pub unit: Option<String>,
    /// Its first error, with where it is.
    pub first_error: Option<String>,
}

/// The first `limit` workbooks, in the summary's order, that failed their
/// checks or could not be read (not those replaced by a newer version,
/// nor files that are no workbook), and how many more there are. Read
/// back from the run's manifest: memory holds `limit` of them.
pub fn problem_files(
    result: &RunResult,
    limit: usize,
) -> std::io::Result<(Vec<ProblemFile>, usize)> {
    use crate::batch::entry::BatchStatus::{Failed, Unreadable};
    let mut shown = Vec::new();
    let mut more = 0;
    if result.count(Failed) + result.count(Unreadable) == 0 {
        return Ok((shown, more));
    }
    for e in crate::batch::ledger::read_entries(&result.manifest)? {
        let e = e?;
        if !matches!(e.batch_status(), Failed | Unreadable) || e.is_not_workbook() {
            continue;
        }
        if shown.len() < limit {
            shown.push(ProblemFile {
                status: e.status_zh(),
                input: e.input,
                unit: e.unit,
                first_error: e.output_error.or(e.first_error),
            });
        } else {
            more += 1;
        }
    }
    Ok((shown, more))
}

/// `0.04`, `5.3`, `49`: seconds as a reader wants them.
pub fn seconds(d: std::time::Duration) -> String {
    let s = d.as_secs_f64();
    match s {
        s if s < 1.0 => format!("{s:.2}"),
        s if s < 100.0 => format!("{s:.1}"),
        s => format!("{s:.0}"),
    }
}

/// The grades of the run's frameworks, best first: every framework's top
/// band, then every framework's second band, and so on (so 优 and 优秀 come
/// before 良 and 良好), each label once.
fn grade_order(frameworks: &Frameworks) -> Vec<String> {
    let bands: Vec<Vec<String>> = frameworks
        .ids()
        .iter()
        .filter_map(|id| frameworks.get(id))
        .map(|f| f.grades.iter().map(|g| g.label.clone()).collect())
        .collect();
    let deepest = bands.iter().map(Vec::len).max().unwrap_or(0);
    let mut order: Vec<String> = Vec::new();
    for rank in 0..deepest {
        for label in bands.iter().filter_map(|b| b.get(rank)) {
            if !order.contains(label) {
                order.push(label.clone());
            }
        }
    }
    order
}

/// Each grade word of the run's frameworks (of a department's total, or
/// with `project` of a project's) with the names of the frameworks that
/// grade with it, joined by 、.
fn grade_owners(frameworks: &Frameworks, project: bool) -> Vec<(String, String)> {
    let mut owners: Vec<(String, String)> = Vec::new();
    for f in frameworks.ids().iter().filter_map(|id| frameworks.get(id)) {
        let grades = if project {
            &f.projects.grades
        } else {
            &f.grades
        };
        for g in grades {
            match owners.iter_mut().find(|(label, _)| *label == g.label) {
                Some((_, names)) if !names.split('、').any(|n| n == f.name) => {
                    names.push('、');
                    names.push_str(&f.name);
                }
                Some(_) => {}
                None => owners.push((g.label.clone(), f.name.clone())),
            }
        }
    }
    owners
}

/// The summary view of a run.
pub(crate) fn view(result: &RunResult, opts: &RunOptions) -> SummaryView {
    use crate::batch::entry::BatchStatus::{Failed, Passed, Superseded, Unreadable};
    let order = grade_order(&opts.settings.scoring);
    let owners = |project: bool| grade_owners(&opts.settings.scoring, project);
    let (unit_owners, project_owners) = (owners(false), owners(true));
    // Each kind's grades in the frameworks' order, the words that are no
    // grade (不完整, 未自评, 权重不符, 未计分) after them; each grade with
    // the framework it is of.
    let sorted = |counts: &[(String, usize)], owners: &[(String, String)]| {
        let mut grades: Vec<GradeCount> = counts
            .iter()
            .map(|(grade, count)| GradeCount {
                grade: grade.clone(),
                count: *count,
                framework: owners
                    .iter()
                    .find(|(label, _)| label == grade)
                    .map(|(_, names)| names.clone()),
            })
            .collect();
        grades.sort_by_key(|g| {
            order
                .iter()
                .position(|o| *o == g.grade)
                .unwrap_or(order.len())
        });
        grades
    };
    let manifest = result.manifest.as_path();
    let units = result.total - result.project_workbooks;
    SummaryView {
        schema: SUMMARY_SCHEMA,
        generator: format!("jixiao {}", env!("CARGO_PKG_VERSION")),
        generated: chrono::Local::now().format("%Y-%m-%d %H:%M").to_string(),
        input: opts.input.display().to_string(),
        output: opts.output.display().to_string(),
        counts: SummaryCounts {
            total: result.total,
            passed: result.count(Passed),
            failed: result.count(Failed),
            unreadable: result.count(Unreadable),
            superseded: result.count(Superseded),
            department: result.kinds[0],
            project: result.kinds[1],
            processed: result.processed,
            skipped: result.skipped,
            seconds: seconds(result.elapsed),
            not_workbooks: result.not_workbooks,
        },
        grades: sorted(&result.grades, &unit_owners),
        project_grades: sorted(&result.project_grades, &project_owners),
        units_count: units,
        units: Listing::new(manifest, units, unit_rows),
        projects_count: result.project_workbooks,
        projects: Listing::new(manifest, result.project_workbooks, project_rows),
        department_projects_count: result.department_projects,
        department_projects: Listing::new(
            manifest,
            result.department_projects,
            department_project_rows,
        ),
        missing: result.missing.clone(),
        missing_projects: result.missing_projects.clone(),
        roster_size: result.roster_size,
        roster_projects: result.roster_projects,
        removed: result.removed.clone(),
        look_alike: result.look_alike.clone(),
        mail_findings: result.mail_findings.clone(),
        history_chart: None,
        rows: None,
        project_rows: None,
        department_project_rows: None,
    }
}

/// Writes text and widens its column to fit (CJK characters count two).
fn put_text(
    ws: &mut rust_xlsxwriter::Worksheet,
    r: u32,
    c: u16,
    s: &str,
    fmt: &Format,
    widths: &mut [usize],
) -> Result<(), XlsxError> {
    let s = &*crate::workbook::cell_text::fit_cell(s);
    ws.write_string_with_format(r, c, s, fmt)?;
    if let Some(w) = widths.get_mut(c as usize) {
        *w = (*w).max(text_width(s).min(60));
    }
    Ok(())
}

/// The width (display columns) at which a long text of summary.xlsx
/// (a file name, the first error, the mail) wraps: the sheet then prints
/// readably on landscape A4.
const WRAP_AT: usize = 30;

/// The current row of a streamed sheet and the lines its tallest wrapped
/// text takes (its height is set as its cells are written).
#[derive(Default)]
struct RowLines {
    row: u32,
    lines: usize,
}

/// [`put_text`] for a long text: wrapped at [`WRAP_AT`], its row made as
/// tall as it needs.
#[allow(clippy::too_many_arguments)]
fn put_long(
    ws: &mut rust_xlsxwriter::Worksheet,
    r: u32,
    c: u16,
    s: &str,
    fmt: &Format,
    widths: &mut [usize],
    tallest: &mut RowLines,
) -> Result<(), XlsxError> {
    if !grow_row(ws, r, s, tallest)? {
        return put_text(ws, r, c, s, fmt, widths);
    }
    put_text(ws, r, c, s, &fmt.clone().set_text_wrap(), widths)?;
    if let Some(w) = widths.get_mut(c as usize) {
        *w = (*w).min(WRAP_AT);
    }
    Ok(())
}

/// Makes row `r` as tall as `s` wrapped at [`WRAP_AT`] needs, if taller
/// than it is; whether `s` wraps.
fn grow_row(
    ws: &mut rust_xlsxwriter::Worksheet,
    r: u32,
    s: &str,
    tallest: &mut RowLines,
) -> Result<bool, XlsxError> {
    if tallest.row != r {
        *tallest = RowLines { row: r, lines: 1 };
    }
    if text_width(s) <= WRAP_AT {
        return Ok(false);
    }
    let lines = wrapped_lines(s, WRAP_AT + 2);
    if lines > tallest.lines {
        tallest.lines = lines;
        ws.set_row_height(r, row_height(lines))?;
    }
    Ok(true)
}

/// Column widths as set (characters), and the sheet printed on landscape
/// A4: fit to the page's width while readable, else split across pages
/// with the header row and the `key` columns repeated.
fn size_and_print(
    ws: &mut rust_xlsxwriter::Worksheet,
    widths: &[usize],
    key: u16,
    last_row: u32,
) -> Result<(), XlsxError> {
    let shown: Vec<f64> = widths.iter().map(|w| (*w as f64 + 2.0).min(62.0)).collect();
    for (c, w) in shown.iter().enumerate() {
        ws.set_column_width(c as u16, *w)?;
    }
    // A streamed sheet's last row must not have a height (end_streamed).
    crate::workbook::template::end_streamed(ws, last_row + 1)?;
    print_setup_sized(ws, true, &shown, Some((0, key)))?;
    ws.set_repeat_rows(0, 0)?;
    Ok(())
}

/// `summary.xlsx`: the same rows, filterable, with the status coloured.
fn workbook(
    view: &SummaryView,
    history: &[HistoryRun],
    manifest: &std::path::Path,
) -> Result<Workbook, OutputError> {
    let failed = |source| OutputError::Workbook {
        file: SUMMARY_XLSX.to_string(),
        source,
    };
    let unread = |source| OutputError::Io {
        path: manifest.display().to_string(),
        source,
    };
    let mut unreadable = None;
    let mut xlsx = sheets(view, &mut unreadable).map_err(failed)?;
    history_sheet(&mut xlsx, history).map_err(failed)?;
    match unreadable {
        Some(e) => Err(unread(e)),
        None => Ok(xlsx),
    }
}

/// Calls `f` on each row of a listing; a manifest that cannot be read
/// ends the rows and is kept in `unreadable`.
fn each<R>(
    listing: &Listing<R>,
    unreadable: &mut Option<std::io::Error>,
    mut f: impl FnMut(R) -> Result<(), XlsxError>,
) -> Result<(), XlsxError> {
    let rows = match listing.rows() {
        Ok(rows) => rows,
        Err(e) => {
            *unreadable = Some(e);
            return Ok(());
        }
    };
    for r in rows {
        match r {
            Ok(r) => f(r)?,
            Err(e) => {
                *unreadable = Some(e);
                break;
            }
        }
    }
    Ok(())
}

fn sheets(
    view: &SummaryView,
    unreadable: &mut Option<std::io::Error>,
) -> Result<Workbook, XlsxError> {
    let mut wb = Workbook::new();
    let base = base_format().set_border(FormatBorder::Thin);
    let header = header_format();
    let score_fmt = base.clone().set_num_format("0.00");
    let link_fmt = base
        .clone()
        .set_font_color(Color::RGB(0x0563C1))
        .set_underline(rust_xlsxwriter::FormatUnderline::Single);
    // Rows are written in order and streamed to a temporary file: memory
    // stays flat however many workbooks the batch has.
    let ws = wb.add_worksheet_with_constant_memory()?;
    ws.set_name("汇总")?;
    let headers = [
        "序号",
        "单位名称",
        "年度",
        "状态",
        "系统得分",
        "等次",
        "错误",
        "警告",
        "提示",
        "填报日期",
        "输入文件",
        "报告",
        "公开版",
        "第一个错误",
        "来源邮件",
        "修改",
    ];
    let mut widths: Vec<usize> = headers.iter().map(|h| text_width(h)).collect();
    for (c, h) in headers.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, *h, &header)?;
    }
    let mut i = 0usize;
    let mut tallest = RowLines::default();
    let link_wrapped = link_fmt.clone().set_text_wrap();
    each(&view.units, unreadable, |u| {
        let r = 1 + i as u32;
        i += 1;
        ws.write_number_with_format(r, 0, i as f64, &base)?;
        put_text(
            ws,
            r,
            1,
            u.unit.as_deref().unwrap_or(""),
            &base,
            &mut widths,
        )?;
        match u.year {
            Some(y) => ws.write_number_with_format(r, 2, y as f64, &base)?,
            None => ws.write_blank(r, 2, &base)?,
        };
        put_text(ws, r, 3, u.status_zh, &base, &mut widths)?;
        match u.score.and_then(|s| s.to_f64()) {
            Some(s) => ws.write_number_with_format(r, 4, s, &score_fmt)?,
            None => ws.write_blank(r, 4, &score_fmt)?,
        };
        put_text(
            ws,
            r,
            5,
            u.grade.as_deref().or(u.standing).unwrap_or(""),
            &base,
            &mut widths,
        )?;
        for (c, n) in [(6u16, u.errors), (7, u.warnings), (8, u.notes)] {
            ws.write_number_with_format(r, c, n as f64, &base)?;
        }
        put_text(
            ws,
            r,
            9,
            u.fill_date.as_deref().unwrap_or(""),
            &base,
            &mut widths,
        )?;
        put_long(ws, r, 10, &u.input, &base, &mut widths, &mut tallest)?;
        if u.report.is_some() {
            // A HYPERLINK formula, not a hyperlink record: it is streamed
            // with its row (10,000 hyperlink records are held in memory
            // until the file is saved). Folder names carry no quote
            // (sanitised), so the path goes in as it is, not URL-encoded.
            let formula = Formula::new(format!(
                "=HYPERLINK(\"{}/{}\",\"{}\")",
                u.folder,
                crate::report::render::REPORT_HTML,
                u.folder
            ))
            .set_result(&u.folder);
            let wraps = grow_row(ws, r, &u.folder, &mut tallest)?;
            let fmt = if wraps { &link_wrapped } else { &link_fmt };
            ws.write_formula_with_format(r, 11, formula, fmt)?;
            widths[11] = widths[11].max(text_width(&u.folder).min(WRAP_AT));
        } else {
            put_text(ws, r, 11, &u.folder, &base, &mut widths)?;
        }
        let note = u
            .output_error
            .as_deref()
            .or(u.first_error.as_deref())
            .unwrap_or("");
        put_text(
            ws,
            r,
            12,
            public_word(u.public_report.is_some(), u.public_withheld),
            &base,
            &mut widths,
        )?;
        put_long(ws, r, 13, note, &base, &mut widths, &mut tallest)?;
        put_long(
            ws,
            r,
            14,
            &mail_text(&u.mail),
            &base,
            &mut widths,
            &mut tallest,
        )?;
        put_long(
            ws,
            r,
            15,
            revision_text(&u.revision),
            &base,
            &mut widths,
            &mut tallest,
        )
    })?;
    let last = view.units_count as u32;
    if last > 0 {
        ws.autofilter(0, 0, last, (headers.len() - 1) as u16)?;
        for (status, fill) in [
            (BatchStatus::Passed, 0xC6EFCE),
            (BatchStatus::Failed, 0xFFC7CE),
            (BatchStatus::Unreadable, 0xFFC7CE),
            (BatchStatus::Superseded, 0xEDEDED),
        ] {
            let word = status.names().1;
            ws.add_conditional_format(
                1,
                3,
                last,
                3,
                &ConditionalFormatCell::new()
                    .set_rule(ConditionalFormatCellRule::EqualTo(
                        format!("\"{word}\"").as_str(),
                    ))
                    .set_format(Format::new().set_background_color(Color::RGB(fill))),
            )?;
        }
        ws.add_conditional_format(
            1,
            6,
            last,
            6,
            &ConditionalFormatCell::new()
                .set_rule(ConditionalFormatCellRule::GreaterThan(0))
                .set_format(
                    Format::new()
                        .set_font_color(Color::RGB(0x9C0006))
                        .set_bold(),
                ),
        )?;
        ws.add_conditional_format(1, 4, last, 4, &ConditionalFormatDataBar::new())?;
    }
    size_and_print(ws, &widths, 1, last)?;
    ws.set_freeze_panes(1, 2)?;

    if view.projects_count > 0 {
        project_sheet(
            &mut wb,
            "项目",
            &view.projects,
            view.projects_count,
            unreadable,
        )?;
    }
    if view.department_projects_count > 0 {
        project_sheet(
            &mut wb,
            "部门整体中的项目",
            &view.department_projects,
            view.department_projects_count,
            unreadable,
        )?;
    }

    let ws = wb.add_worksheet();
    ws.set_name("等次分布")?;
    // Each grade with its framework: 优 and 优秀 are two frameworks' words.
    let mut wide = grade_columns(
        ws,
        0,
        ["等次", "评价框架", "单位数"],
        &view.grades,
        &header,
        &base,
    )?;
    if !view.project_grades.is_empty() {
        let projects = ["项目等次", "评价框架", "项目数"];
        wide = wide.max(grade_columns(
            ws,
            4,
            projects,
            &view.project_grades,
            &header,
            &base,
        )?);
    }
    let wide = (wide as f64 + 2.0).min(62.0);
    ws.set_column_width(1, wide)?;
    ws.set_column_width(5, wide)?;

    if !view.look_alike.is_empty() {
        // One row a unit, each warning's units together under its number.
        let ws = wb.add_worksheet();
        ws.set_name("名称相似")?;
        let wrap = base.clone().set_text_wrap();
        for (c, h) in ["序号", "单位名称", "输入文件", "提示"].iter().enumerate() {
            ws.write_string_with_format(0, c as u16, *h, &header)?;
        }
        let mut widths = vec![6, 10, 10, 0];
        let mut r = 1;
        for (i, warning) in view.look_alike.iter().enumerate() {
            for (j, u) in warning.units.iter().enumerate() {
                ws.write_number_with_format(r, 0, (i + 1) as f64, &base)?;
                put_text(ws, r, 1, &u.shown, &base, &mut widths)?;
                put_text(ws, r, 2, &u.inputs.join("、"), &base, &mut widths)?;
                let note = if j == 0 { warning.message.as_str() } else { "" };
                ws.write_string_with_format(
                    r,
                    3,
                    &*crate::workbook::cell_text::fit_cell(note),
                    &wrap,
                )?;
                r += 1;
            }
        }
        ws.set_column_width(1, (widths[1] as f64 + 2.0).min(62.0))?;
        ws.set_column_width(2, (widths[2] as f64 + 2.0).min(62.0))?;
        ws.set_column_width(3, 80)?;
    }

    if !view.mail_findings.is_empty() {
        // What the mail held that is not a workbook: one row a finding.
        let ws = wb.add_worksheet();
        ws.set_name("邮件")?;
        let headers = ["序号", "邮件", "主题", "附件", "问题"];
        for (c, h) in headers.iter().enumerate() {
            ws.write_string_with_format(0, c as u16, *h, &header)?;
        }
        let mut widths = vec![6, 10, 10, 10, 10];
        for (i, f) in view.mail_findings.iter().enumerate() {
            let r = 1 + i as u32;
            ws.write_number_with_format(r, 0, (i + 1) as f64, &base)?;
            put_text(ws, r, 1, &f.mail, &base, &mut widths)?;
            put_text(
                ws,
                r,
                2,
                f.subject.as_deref().unwrap_or(""),
                &base,
                &mut widths,
            )?;
            put_text(
                ws,
                r,
                3,
                f.attachment.as_deref().unwrap_or(""),
                &base,
                &mut widths,
            )?;
            put_text(ws, r, 4, &f.message, &base, &mut widths)?;
        }
        for (c, w) in widths.iter().enumerate().skip(1) {
            ws.set_column_width(c as u16, (*w as f64 + 2.0).min(62.0))?;
        }
    }

    if view.roster_size.is_some() {
        // A unit whose department workbook is missing, then each missing
        // project with its unit.
        let ws = wb.add_worksheet();
        ws.set_name("未报送")?;
        ws.write_string_with_format(0, 0, "序号", &header)?;
        ws.write_string_with_format(0, 1, "单位名称", &header)?;
        ws.write_string_with_format(0, 2, "项目名称", &header)?;
        let mut w = [10, 10];
        let missing = view.missing.iter().map(|u| (u.as_str(), "")).chain(
            view.missing_projects
                .iter()
                .map(|p| (p.unit.as_str(), p.project.as_str())),
        );
        for (i, (u, p)) in missing.enumerate() {
            ws.write_number_with_format(1 + i as u32, 0, (i + 1) as f64, &base)?;
            ws.write_string_with_format(1 + i as u32, 1, u, &base)?;
            ws.write_string_with_format(1 + i as u32, 2, p, &base)?;
            w = [w[0].max(text_width(u)), w[1].max(text_width(p))];
        }
        ws.set_column_width(1, (w[0] as f64 + 2.0).min(62.0))?;
        ws.set_column_width(2, (w[1] as f64 + 2.0).min(62.0))?;
    }
    Ok(wb)
}

/// The 历史 sheet: every run of `history.json`, oldest first.
fn history_sheet(wb: &mut Workbook, runs: &[HistoryRun]) -> Result<(), XlsxError> {
    let base = base_format().set_border(FormatBorder::Thin);
    let header = header_format();
    let ws = wb.add_worksheet();
    ws.set_name("历史")?;
    let headers = [
        "运行时间",
        "月份",
        "应报送单位",
        "应报送项目",
        "收到部门整体",
        "收到项目",
        "通过",
        "未通过校验",
        "无法读取",
        "已被替代",
        "警告",
        "未报送",
    ];
    for (c, h) in headers.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, *h, &header)?;
        let width = if c == 0 {
            26
        } else {
            12.max(text_width(h) + 2)
        };
        ws.set_column_width(c as u16, width as f64)?;
    }
    for (i, run) in runs.iter().enumerate() {
        let r = 1 + i as u32;
        ws.write_string_with_format(r, 0, &run.at, &base)?;
        ws.write_string_with_format(r, 1, &run.month, &base)?;
        let numbers = [
            run.expected_units,
            run.expected_projects,
            Some(run.department),
            Some(run.projects),
            Some(run.passed),
            Some(run.failed),
            Some(run.unreadable),
            Some(run.superseded),
            Some(run.warnings),
            run.missing,
        ];
        for (c, n) in numbers.iter().enumerate() {
            match n {
                Some(n) => ws.write_number_with_format(r, 2 + c as u16, *n as f64, &base)?,
                None => ws.write_string_with_format(r, 2 + c as u16, "", &base)?,
            };
        }
    }
    ws.set_freeze_panes(1, 0)?;
    Ok(())
}

/// A sheet of projects: each with its unit, money, rate, 得分 (a computed
/// figure of points that do not add up is written as text, never as a
/// score), 等次 and its workbook's status and findings.
fn project_sheet(
    wb: &mut Workbook,
    name: &str,
    listing: &Listing<ProjectRow>,
    count: usize,
    unreadable: &mut Option<std::io::Error>,
) -> Result<(), XlsxError> {
    let base = base_format().set_border(FormatBorder::Thin);
    let header = header_format();
    let money = base.clone().set_num_format("#,##0.00");
    let score_fmt = base.clone().set_num_format("0.00");
    let ws = wb.add_worksheet_with_constant_memory()?;
    ws.set_name(name)?;
    let headers = [
        "序号",
        "单位名称",
        "项目名称",
        "年度",
        "状态",
        "全年预算数（万元）",
        "全年执行数（万元）",
        "执行率（%）",
        "得分",
        "等次",
        "错误",
        "警告",
        "输入文件",
        "输出文件夹",
        "公开版",
        "说明",
        "来源邮件",
        "修改",
    ];
    let mut widths: Vec<usize> = headers.iter().map(|h| text_width(h)).collect();
    for (c, h) in headers.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, *h, &header)?;
    }
    let number = |ws: &mut rust_xlsxwriter::Worksheet, r, c, d: Option<Decimal>, f: &Format| match d
        .and_then(|d| d.to_f64())
    {
        Some(v) => ws.write_number_with_format(r, c, v, f).map(|_| ()),
        None => ws.write_blank(r, c, f).map(|_| ()),
    };
    let mut i = 0usize;
    let mut tallest = RowLines::default();
    each(listing, unreadable, |p| {
        let r = 1 + i as u32;
        i += 1;
        ws.write_number_with_format(r, 0, i as f64, &base)?;
        put_text(
            ws,
            r,
            1,
            p.unit.as_deref().unwrap_or(""),
            &base,
            &mut widths,
        )?;
        put_text(
            ws,
            r,
            2,
            p.project.as_deref().unwrap_or(""),
            &base,
            &mut widths,
        )?;
        match p.year {
            Some(y) => ws.write_number_with_format(r, 3, y as f64, &base)?,
            None => ws.write_blank(r, 3, &base)?,
        };
        put_text(ws, r, 4, p.status_zh, &base, &mut widths)?;
        number(ws, r, 5, p.budget_full, &money)?;
        number(ws, r, 6, p.executed, &money)?;
        number(ws, r, 7, p.execution_rate, &score_fmt)?;
        match (p.score, &p.score_text) {
            (Some(_), _) => number(ws, r, 8, p.score, &score_fmt)?,
            (None, Some(text)) => put_text(ws, r, 8, text, &base, &mut widths)?,
            (None, None) => ws.write_blank(r, 8, &base).map(|_| ())?,
        }
        put_text(
            ws,
            r,
            9,
            p.grade.as_deref().or(p.standing).unwrap_or(""),
            &base,
            &mut widths,
        )?;
        for (c, n) in [(10u16, p.errors), (11, p.warnings)] {
            match n {
                Some(n) => ws.write_number_with_format(r, c, n as f64, &base)?,
                None => ws.write_blank(r, c, &base)?,
            };
        }
        put_long(ws, r, 12, &p.input, &base, &mut widths, &mut tallest)?;
        put_long(ws, r, 13, &p.folder, &base, &mut widths, &mut tallest)?;
        let note = match (&p.superseded_by, &p.output_error, &p.first_error) {
            (Some(by), _, _) => format!("已由 {by} 替代"),
            (None, Some(e), _) | (None, None, Some(e)) => e.clone(),
            (None, None, None) => String::new(),
        };
        put_text(
            ws,
            r,
            14,
            public_word(p.public_report.is_some(), p.public_withheld),
            &base,
            &mut widths,
        )?;
        put_long(ws, r, 15, &note, &base, &mut widths, &mut tallest)?;
        put_long(
            ws,
            r,
            16,
            &mail_text(&p.mail),
            &base,
            &mut widths,
            &mut tallest,
        )?;
        put_long(
            ws,
            r,
            17,
            revision_text(&p.revision),
            &base,
            &mut widths,
            &mut tallest,
        )
    })?;
    if count > 0 {
        ws.autofilter(0, 0, count as u32, (headers.len() - 1) as u16)?;
    }
    size_and_print(ws, &widths, 2, count as u32)?;
    ws.set_freeze_panes(1, 3)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grades_are_ordered_by_band_across_the_frameworks() {
        let order = grade_order(&Frameworks::builtin_checked());
        assert_eq!(
            order,
            ["优", "优秀", "良", "良好", "中", "合格", "差", "不合格"]
        );
    }

    #[test]
    fn links_encode_ascii_specials_only() {
        assert_eq!(href("君山 局#1/report.html"), "君山%20局%231/report.html");
        assert_eq!(href("a%b/c.html"), "a%25b/c.html");
    }

    use crate::batch::entry::BatchStatus;
    use crate::batch::ledger::{Header, LineWriter, MANIFEST_SCHEMA, write_manifest};

    fn line(name: &str, total: i64, valid: bool, grade: Option<&str>) -> ProjectLine {
        ProjectLine {
            name: name.into(),
            budget_full: Some(Decimal::from(200)),
            executed: Some(Decimal::from(190)),
            execution_rate: Some(Decimal::from(95)),
            total: Some(Decimal::from(total)),
            valid: Some(valid),
            grade: grade.map(str::to_string),
        }
    }

    /// A department workbook with a project of its own, a graded project
    /// workbook, one of 110 points and a replaced version, written as a
    /// run's manifest, and the run's result.
    fn a_run(dir: &std::path::Path) -> (RunResult, RunOptions) {
        let mut dept = Entry::passed("部门.xlsx", "甲局");
        dept.folder = "甲局-2022".into();
        dept.grade = Some("良".into());
        dept.score = Some(Decimal::from(85));
        dept.files = vec![crate::report::render::REPORT_HTML.to_string()];
        dept.projects = vec![line("办公楼维修", 88, true, Some("良"))];
        let mut old = Entry::project(
            "振兴-初稿.xlsx",
            "甲局",
            line("乡村振兴补助", 80, true, Some("中")),
        );
        old.superseded_by = Some("振兴.xlsx".into());
        let good = Entry::project(
            "振兴.xlsx",
            "甲局",
            line("乡村振兴补助", 95, true, Some("优")),
        );
        let mut weights = Entry::project("资助.xlsx", "甲局", line("学生资助", 110, false, None));
        weights.status = crate::check::Status::Failed;
        weights.counts.error = 1;
        weights.first_error = Some("项目支出绩效自评表!F20：分值合计 110".into());
        let body = dir.join("body");
        let mut w = LineWriter::create(&body).unwrap();
        for e in [&dept, &old, &good, &weights] {
            w.push(e).unwrap();
        }
        w.finish().unwrap();
        let manifest = dir.join("manifest.jsonl");
        let header = Header {
            schema: MANIFEST_SCHEMA.into(),
            jixiao_version: "0".into(),
            check_key: "c".into(),
            render_key: "r".into(),
            retired: Vec::new(),
        };
        write_manifest(&manifest, &header, &body).unwrap();
        let mut counts = [0; 4];
        counts[BatchStatus::Passed as usize] = 2;
        counts[BatchStatus::Failed as usize] = 1;
        counts[BatchStatus::Superseded as usize] = 1;
        let result = RunResult {
            manifest,
            total: 4,
            counts,
            grades: vec![("良".into(), 1)],
            project_grades: vec![("权重不符".into(), 1), ("优".into(), 1)],
            kinds: [1, 2],
            project_workbooks: 3,
            department_projects: 1,
            output_errors: 0,
            warnings: 0,
            missing: vec!["乙局".into()],
            missing_projects: vec![ExpectedProject {
                unit: "甲局".into(),
                project: "道路维修".into(),
            }],
            roster_size: Some(2),
            roster_projects: Some(3),
            removed: Vec::new(),
            look_alike: Vec::new(),
            mail_findings: Vec::new(),
            processed: 4,
            skipped: 0,
            elapsed: std::time::Duration::from_millis(10),
            not_workbooks: 0,
        };
        let opts = RunOptions {
            input: dir.join("in"),
            output: dir.to_path_buf(),
            jobs: 1,
            roster: None,
            force: false,
            public: true,
            public_despite_errors: false,
            progress: false,
            settings: crate::rules::settings::Settings::default(),
            templates: Templates::load(None).unwrap(),
            limits: crate::ingest::guard::Limits::default(),
            reading: crate::ingest::isolate::Reading::InProcess,
            formats: crate::output::Formats::every_built(crate::report::document::Fonts::only(
                Vec::new(),
            )),
        };
        (result, opts)
    }

    #[test]
    fn the_summary_has_a_project_table_and_counts_each_kind() {
        let tmp = tempfile::tempdir().unwrap();
        let (result, opts) = a_run(tmp.path());
        write(&result, &opts).unwrap();
        let json: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(tmp.path().join(SUMMARY_JSON)).unwrap())
                .unwrap();
        assert_eq!(json["schema"], "jixiao-summary/3");
        assert_eq!(json["counts"]["department"], 1);
        assert_eq!(json["counts"]["project"], 2);
        // The unit table keeps the department workbook alone.
        let units = json["units"].as_array().unwrap();
        assert_eq!(units.len(), 1);
        assert_eq!(units[0]["kind"], "department");
        assert_eq!(units[0]["projects"][0]["name"], "办公楼维修");
        let projects = json["projects"].as_array().unwrap();
        let seen: Vec<(&str, &str, &serde_json::Value)> = projects
            .iter()
            .map(|p| {
                (
                    p["input"].as_str().unwrap(),
                    p["status"].as_str().unwrap(),
                    &p["grade"],
                )
            })
            .collect();
        assert_eq!(
            seen,
            [
                ("振兴-初稿.xlsx", "superseded", &serde_json::json!("中")),
                ("振兴.xlsx", "passed", &serde_json::json!("优")),
                ("资助.xlsx", "failed", &serde_json::Value::Null),
            ]
        );
        // The 110-point project: a computed figure, no score, no grade.
        let weights = &projects[2];
        assert_eq!(weights["score"], serde_json::Value::Null);
        assert_eq!(weights["computed"], "110.00");
        assert_eq!(weights["valid"], false);
        assert_eq!(weights["score_text"], "计算值 110.00（权重不符）");
        assert_eq!(weights["standing"], "权重不符");
        assert_eq!(weights["errors"], 1);
        assert_eq!(projects[1]["execution_rate"], "95.00");
        assert_eq!(projects[1]["score"], "95.00");
        assert_eq!(projects[1]["budget_full"], "200.00");
        assert_eq!(units[0]["score"], "85.00");
        assert_eq!(units[0]["projects"][0]["total"], "88.00");
        assert_eq!(units[0]["projects"][0]["execution_rate"], "95.00");
        let theirs = json["department_projects"].as_array().unwrap();
        assert_eq!(theirs.len(), 1);
        assert_eq!(
            (theirs[0]["project"].as_str(), theirs[0]["source"].as_str()),
            (Some("办公楼维修"), Some("department"))
        );
        assert_eq!(theirs[0]["errors"], serde_json::Value::Null);
        // Project grades: the grades first, 权重不符 apart after them.
        let grades: Vec<&str> = json["project_grades"]
            .as_array()
            .unwrap()
            .iter()
            .map(|g| g["grade"].as_str().unwrap())
            .collect();
        assert_eq!(grades, ["优", "权重不符"]);
        assert_eq!(json["missing_projects"][0]["project"], "道路维修");

        let html = std::fs::read_to_string(tmp.path().join(INDEX_HTML)).unwrap();
        assert!(html.contains("<title>支出绩效自评汇总</title>"));
        assert!(html.contains("部门整体支出绩效自评表 1 份、项目支出绩效自评表 2 份"));
        assert!(html.contains("计算值 110.00（权重不符）"));
        assert!(html.contains(
            "<th scope=\"row\" class=\"unit\">乡村振兴补助<span class=\"of-unit\">甲局</span></th>"
        ));
        assert!(html.contains("部门整体支出绩效自评表中的项目（1 个）"));
        assert!(html.contains(">办公楼维修<span class=\"of-unit\">甲局</span></th>"));
        // Each grade says its framework.
        assert_eq!(json["grades"][0]["grade"], "良");
        assert_eq!(
            json["grades"][0]["framework"],
            "部门整体支出绩效评价共性指标（财预〔2013〕53号）"
        );
        assert_eq!(
            json["project_grades"][1]["framework"],
            serde_json::Value::Null
        );
        assert!(html.contains("甲局：道路维修"));
        assert!(!html.contains("jixiao:summary"), "a marker was left");
        // The 110-point project's row has no grade.
        let row = html.split("<tr").find(|r| r.contains("学生资助")).unwrap();
        assert!(!row.contains(">差<") && row.contains(">权重不符<"), "{row}");

        let xlsx = std::fs::read(tmp.path().join(SUMMARY_XLSX)).unwrap();
        let wb = crate::ingest::read::read_bytes(&xlsx, &crate::ingest::guard::Limits::default())
            .unwrap();
        assert_eq!(
            wb.sheet_names,
            [
                "汇总",
                "项目",
                "部门整体中的项目",
                "等次分布",
                "未报送",
                "历史"
            ]
        );
        assert_eq!(wb.last_filled_row("项目", 0, 14), Some(3));
        assert_eq!(wb.cell("项目", 3, 8).display(), "计算值 110.00（权重不符）");
        assert_eq!(wb.cell("项目", 3, 9).display(), "权重不符");
        assert_eq!(wb.cell("未报送", 2, 2).display(), "道路维修");
        assert_eq!(wb.cell("等次分布", 1, 0).display(), "良");
        assert_eq!(
            wb.cell("等次分布", 1, 1).display(),
            "部门整体支出绩效评价共性指标（财预〔2013〕53号）"
        );

        // The run's line of history: the same counts as the summary's.
        let history: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(tmp.path().join(history::HISTORY_JSON)).unwrap(),
        )
        .unwrap();
        let line = &history["runs"][0];
        assert_eq!(line["department"], json["counts"]["department"]);
        assert_eq!(line["projects"], json["counts"]["project"]);
        assert_eq!(line["passed"], json["counts"]["passed"]);
        assert_eq!(line["failed"], json["counts"]["failed"]);
        assert_eq!(line["superseded"], json["counts"]["superseded"]);
        assert_eq!(line["expected_units"], json["roster_size"]);
        assert!(html.contains("<svg class=\"history-chart\""));
        assert_eq!(wb.cell("历史", 1, 4).display(), "1");
        // Another run in the same month: two lines, one point a series.
        write(&result, &opts).unwrap();
        let history: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(tmp.path().join(history::HISTORY_JSON)).unwrap(),
        )
        .unwrap();
        assert_eq!(history["runs"].as_array().unwrap().len(), 2);
        let html = std::fs::read_to_string(tmp.path().join(INDEX_HTML)).unwrap();
        assert_eq!(
            html.matches("<circle").count(),
            4,
            "expected, received, passed, failed"
        );
    }
}
