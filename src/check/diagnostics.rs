//! The JSON documents of `jixiao check --format json` (also each workbook's
//! `diagnostics.json`) and `jixiao score --format json`, documented in
//! `docs/diagnostics.md`. They live with the check, not with the console, so
//! that the batch and the per-workbook outputs write them too.

use serde::Serialize;

use crate::check::{Counts, FileReport, Status};
use crate::contract::fields::{WorkbookKind, key};
use crate::contract::finding::Finding;

/// The JSON schema id of `jixiao check --format json` and `diagnostics.json`.
pub(crate) const CHECK_SCHEMA: &str = "jixiao-check/1";

#[derive(Debug, Serialize)]
struct JsonFile<'a> {
    file: &'a str,
    format: Option<&'static str>,
    kind: Option<WorkbookKind>,
    status: Status,
    counts: Counts,
    findings: &'a [Finding],
}

/// The envelope of every JSON document jixiao prints: its schema id, the
/// version that wrote it, one entry per file.
#[derive(Debug, Serialize)]
struct JsonDoc<F> {
    schema: &'static str,
    jixiao_version: &'static str,
    files: Vec<F>,
}

fn json_doc<F: Serialize>(schema: &'static str, files: Vec<F>) -> String {
    let doc = JsonDoc {
        schema,
        jixiao_version: env!("CARGO_PKG_VERSION"),
        files,
    };
    serde_json::to_string_pretty(&doc).unwrap_or_else(|e| format!("{{\"error\":\"{e}\"}}"))
}

/// The JSON document for a set of reports.
pub fn json(reports: &[FileReport]) -> String {
    json_doc(
        CHECK_SCHEMA,
        reports
            .iter()
            .map(|r| JsonFile {
                file: &r.file,
                format: r.format.map(|f| f.name()),
                kind: r.department.as_ref().map(|d| d.kind),
                status: r.status,
                counts: r.counts(),
                findings: &r.findings,
            })
            .collect(),
    )
}

/// The JSON schema id of `jixiao score --format json`.
pub(crate) const SCORE_SCHEMA: &str = "jixiao-score/2";

#[derive(Debug, Serialize)]
struct ScoreFile<'a> {
    file: &'a str,
    status: Status,
    kind: Option<WorkbookKind>,
    unit_name: Option<&'a str>,
    year: Option<i64>,
    score: Option<&'a crate::rules::score::Scorecard>,
    findings: Vec<&'a Finding>,
}

/// `jixiao score --format json`: the scorecards and the scoring findings.
pub fn score_json(reports: &[FileReport]) -> String {
    json_doc(
        SCORE_SCHEMA,
        reports
            .iter()
            .map(|r| ScoreFile {
                file: &r.file,
                status: r.status,
                kind: r.department.as_ref().map(|d| d.kind),
                unit_name: r.department.as_ref().and_then(|d| d.text(key::UNIT_NAME)),
                year: r.department.as_ref().and_then(|d| d.int(key::YEAR)),
                score: r.score.as_ref(),
                findings: r.findings.iter().filter(|f| f.is_scoring()).collect(),
            })
            .collect(),
    )
}
