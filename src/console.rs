//! What `jixiao check` prints: findings grouped by file and sheet, sorted by
//! cell, coloured on a terminal; or the JSON document of `docs/diagnostics.md`.

use std::fmt::Write as _;

use serde::Serialize;

use crate::check::{Counts, FileReport, Status};
use crate::finding::{Finding, Severity};

/// The JSON schema id of `jixiao check --format json` and `diagnostics.json`.
pub const CHECK_SCHEMA: &str = "jixiao-check/1";

#[derive(Debug, Serialize)]
struct JsonFile<'a> {
    file: &'a str,
    format: Option<&'static str>,
    status: Status,
    counts: Counts,
    findings: &'a [Finding],
}

#[derive(Debug, Serialize)]
struct JsonDoc<'a> {
    schema: &'static str,
    jixiao_version: &'static str,
    files: Vec<JsonFile<'a>>,
}

/// The JSON document for a set of reports.
pub fn json(reports: &[FileReport]) -> String {
    let doc = JsonDoc {
        schema: CHECK_SCHEMA,
        jixiao_version: env!("CARGO_PKG_VERSION"),
        files: reports
            .iter()
            .map(|r| JsonFile {
                file: &r.file,
                format: r.format.map(|f| f.name()),
                status: r.status,
                counts: r.counts(),
                findings: &r.findings,
            })
            .collect(),
    };
    serde_json::to_string_pretty(&doc).unwrap_or_else(|e| format!("{{\"error\":\"{e}\"}}"))
}

/// ANSI styling, or none.
#[derive(Debug, Clone, Copy)]
pub struct Paint {
    pub enabled: bool,
}

impl Paint {
    fn wrap(self, code: &str, s: &str) -> String {
        if self.enabled {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    }

    fn severity(self, sev: Severity) -> String {
        let label = sev.zh();
        match sev {
            Severity::Error => self.wrap("1;31", label),
            Severity::Warning => self.wrap("33", label),
            Severity::Note => self.wrap("2", label),
        }
    }

    fn bold(self, s: &str) -> String {
        self.wrap("1", s)
    }

    fn dim(self, s: &str) -> String {
        self.wrap("2", s)
    }
}

fn status_line(r: &FileReport, paint: Paint) -> String {
    let c = r.counts();
    let status = match r.status {
        Status::Passed => paint.wrap("1;32", r.status.zh()),
        Status::Failed | Status::Unreadable => paint.wrap("1;31", r.status.zh()),
    };
    format!(
        "{} — {status}（错误 {}，警告 {}，提示 {}）",
        paint.bold(&r.file),
        c.error,
        c.warning,
        c.note
    )
}

/// Human-readable output for one file.
pub fn human(r: &FileReport, paint: Paint, show_notes: bool) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}", status_line(r, paint));
    let mut current_sheet: Option<Option<&str>> = None;
    for f in r
        .findings
        .iter()
        .filter(|f| show_notes || f.severity != Severity::Note)
    {
        let sheet = f.sheet.as_deref();
        if current_sheet != Some(sheet) {
            let _ = writeln!(out, "  {}", paint.bold(sheet.unwrap_or("（文件）")));
            current_sheet = Some(sheet);
        }
        let cell = f.cell.as_deref().unwrap_or("");
        let _ = writeln!(
            out,
            "    {:<6} {} {} {}",
            cell,
            paint.severity(f.severity),
            paint.dim(f.code.id()),
            f.message
        );
        let mut detail = Vec::new();
        if let Some(e) = &f.expected {
            detail.push(format!("应为：{e}"));
        }
        if let Some(found) = &f.found {
            detail.push(format!("实为：{found}"));
        }
        if !detail.is_empty() {
            let _ = writeln!(out, "           {}", detail.join("；"));
        }
        if let Some(h) = &f.hint {
            let _ = writeln!(out, "           {} {h}", paint.dim("→"));
        }
    }
    out
}

/// The closing line over several files.
pub fn summary(reports: &[FileReport]) -> String {
    let count = |s: Status| reports.iter().filter(|r| r.status == s).count();
    format!(
        "共 {} 个文件：通过 {}，未通过校验 {}，无法读取 {}",
        reports.len(),
        count(Status::Passed),
        count(Status::Failed),
        count(Status::Unreadable)
    )
}
