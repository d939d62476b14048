//! The month's trend (历史): every run adds one line of counts to
//! `history.json` in the output folder — how many units were expected
//! (名单), how many workbooks came, passed, failed, how many warnings —
//! so that the summary can show the office's month run by run: a small
//! chart in `index.html` (the last run of each month) and a 历史 sheet in
//! `summary.xlsx` (every run). One office's batch, one file: no database.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::batch::entry::{BatchStatus, RunResult};
use crate::output::{self, OutputError};

/// The history file, beside `summary.json`.
pub(crate) const HISTORY_JSON: &str = "history.json";
/// Where a history file that cannot be read is moved aside.
const DAMAGED: &str = "history.json.bak";
const HISTORY_SCHEMA: &str = "jixiao-history/1";
/// The months the chart shows at most (the latest).
const CHART_MONTHS: usize = 24;

/// The history document: the runs, oldest first.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub(crate) struct History {
    #[serde(default)]
    pub schema: String,
    #[serde(default)]
    pub runs: Vec<HistoryRun>,
}

/// One run's counts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct HistoryRun {
    /// When the run ended, local time with its offset (RFC 3339).
    pub at: String,
    /// The month of `at`, `2026-12`.
    pub month: String,
    /// Units the roster expects a department workbook from (应报送), when a
    /// roster was given.
    pub expected_units: Option<usize>,
    /// Projects the roster expects, when a roster was given.
    pub expected_projects: Option<usize>,
    /// Current department workbooks (已报送的单位).
    pub department: usize,
    /// Current project workbooks.
    pub projects: usize,
    /// Workbooks that passed (通过), of either kind.
    pub passed: usize,
    /// Workbooks with errors (未通过校验).
    pub failed: usize,
    /// Files that could not be read (无法读取).
    pub unreadable: usize,
    /// Workbooks replaced by a later version (已被替代).
    pub superseded: usize,
    /// Warnings of the current workbooks together.
    pub warnings: usize,
    /// Roster units and projects without a workbook (未报送), when a roster
    /// was given.
    pub missing: Option<usize>,
}

impl HistoryRun {
    /// This run's line, at `at`.
    pub(crate) fn of(result: &RunResult, at: chrono::DateTime<chrono::Local>) -> Self {
        HistoryRun {
            at: at.to_rfc3339_opts(chrono::SecondsFormat::Secs, false),
            month: at.format("%Y-%m").to_string(),
            expected_units: result.roster_size,
            expected_projects: result.roster_projects,
            department: result.kinds[0],
            projects: result.kinds[1],
            passed: result.count(BatchStatus::Passed),
            failed: result.count(BatchStatus::Failed),
            unreadable: result.count(BatchStatus::Unreadable),
            superseded: result.count(BatchStatus::Superseded),
            warnings: result.warnings,
            missing: result
                .roster_size
                .map(|_| result.missing.len() + result.missing_projects.len()),
        }
    }

    /// Workbooks received (not replaced, read): both kinds.
    fn received(&self) -> usize {
        self.department + self.projects
    }

    /// What the roster expects, both kinds.
    fn expected(&self) -> Option<usize> {
        self.expected_units
            .map(|u| u + self.expected_projects.unwrap_or(0))
    }
}

/// Adds `run` to the history in `output` and returns it all. A history
/// file that cannot be read is moved aside to `history.json.bak` and a
/// new one begun: the history never stops a run.
pub(crate) fn record(output: &Path, run: HistoryRun) -> Result<History, OutputError> {
    let path = output.join(HISTORY_JSON);
    let mut history = match std::fs::read(&path) {
        Ok(bytes) => match serde_json::from_slice::<History>(&bytes) {
            Ok(h) => h,
            Err(_) => {
                let aside: PathBuf = output.join(DAMAGED);
                std::fs::rename(&path, &aside).map_err(|source| OutputError::Io {
                    path: path.display().to_string(),
                    source,
                })?;
                History::default()
            }
        },
        Err(_) => History::default(),
    };
    history.schema = HISTORY_SCHEMA.to_string();
    history.runs.push(run);
    output::fs::write_atomic_with(&path, |w| {
        serde_json::to_writer_pretty(w, &history).map_err(std::io::Error::other)
    })?;
    Ok(history)
}

/// The last run of each month, oldest first, at most [`CHART_MONTHS`].
fn by_month(runs: &[HistoryRun]) -> Vec<&HistoryRun> {
    let mut months: Vec<&HistoryRun> = Vec::new();
    for run in runs {
        match months.last_mut() {
            Some(last) if last.month == run.month => *last = run,
            _ => months.push(run),
        }
    }
    let skip = months.len().saturating_sub(CHART_MONTHS);
    months.split_off(skip)
}

/// One line of the chart: its name, colour, value of a run (none: not
/// drawn for that run) and whether it is dashed.
type Series = (
    &'static str,
    &'static str,
    fn(&HistoryRun) -> Option<usize>,
    bool,
);

/// The chart of the month's trend, as inline SVG (no script, nothing
/// fetched): for the last run of each month, the workbooks received,
/// passed and failed, and with a roster the workbooks expected (dashed).
/// Written by hand: a few polylines, where a charting crate would bring
/// its own fonts and files.
pub(crate) fn chart(history: &History) -> String {
    let months = by_month(&history.runs);
    let (w, h, left, right, top, bottom) = (640.0, 220.0, 44.0, 32.0, 16.0, 48.0);
    let series: [Series; 4] = [
        ("应报送", "#888888", HistoryRun::expected, true),
        ("收到", "#1f5fa8", |r| Some(r.received()), false),
        ("通过", "#2e7d32", |r| Some(r.passed), false),
        ("未通过校验", "#c62828", |r| Some(r.failed), false),
    ];
    let max = months
        .iter()
        .flat_map(|r| series.iter().filter_map(move |s| (s.2)(r)))
        .max()
        .unwrap_or(0)
        .max(1);
    let x = |i: usize| {
        if months.len() <= 1 {
            left + (w - left - right) / 2.0
        } else {
            left + (w - left - right) * i as f64 / (months.len() - 1) as f64
        }
    };
    let y = |v: usize| top + (h - top - bottom) * (1.0 - v as f64 / max as f64);
    let mut svg = String::new();
    let _ = write!(
        svg,
        "<svg class=\"history-chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {w} {h}\" \
         width=\"{w}\" height=\"{h}\" role=\"img\" aria-label=\"各月收到、通过、未通过校验的工作簿数\">"
    );
    // The axes, the top value and each month.
    let _ = write!(
        svg,
        "<line x1=\"{left}\" y1=\"{top}\" x2=\"{left}\" y2=\"{b}\" stroke=\"#999\"/>\
         <line x1=\"{left}\" y1=\"{b}\" x2=\"{r}\" y2=\"{b}\" stroke=\"#999\"/>\
         <text x=\"{tx}\" y=\"{ty}\" font-size=\"11\" text-anchor=\"end\">{max}</text>\
         <text x=\"{tx}\" y=\"{b}\" font-size=\"11\" text-anchor=\"end\">0</text>",
        b = h - bottom,
        r = w - right,
        tx = left - 4.0,
        ty = top + 4.0,
    );
    for (i, run) in months.iter().enumerate() {
        let _ = write!(
            svg,
            "<text x=\"{:.1}\" y=\"{}\" font-size=\"11\" text-anchor=\"middle\">{}</text>",
            x(i),
            h - bottom + 14.0,
            run.month
        );
    }
    let mut legend_x = left;
    for (name, color, value, dashed) in series {
        let points: Vec<(usize, usize)> = months
            .iter()
            .enumerate()
            .filter_map(|(i, r)| value(r).map(|v| (i, v)))
            .collect();
        if points.is_empty() {
            continue;
        }
        let dash = if dashed {
            " stroke-dasharray=\"4 3\""
        } else {
            ""
        };
        let line: Vec<String> = points
            .iter()
            .map(|&(i, v)| format!("{:.1},{:.1}", x(i), y(v)))
            .collect();
        let _ = write!(
            svg,
            "<polyline fill=\"none\" stroke=\"{color}\" stroke-width=\"2\"{dash} points=\"{}\"/>",
            line.join(" ")
        );
        for &(i, v) in &points {
            let _ = write!(
                svg,
                "<circle cx=\"{:.1}\" cy=\"{:.1}\" r=\"3\" fill=\"{color}\"><title>{} {name} {v}</title></circle>",
                x(i),
                y(v),
                months[i].month
            );
        }
        let ly = h - 12.0;
        let _ = write!(
            svg,
            "<line x1=\"{legend_x}\" y1=\"{ly}\" x2=\"{}\" y2=\"{ly}\" stroke=\"{color}\" stroke-width=\"2\"{dash}/>\
             <text x=\"{}\" y=\"{}\" font-size=\"11\">{name}</text>",
            legend_x + 18.0,
            legend_x + 22.0,
            ly + 4.0
        );
        legend_x += 34.0 + 12.0 * name.chars().count() as f64;
    }
    svg.push_str("</svg>");
    svg
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(at: &str, received: usize, passed: usize) -> HistoryRun {
        HistoryRun {
            at: at.to_string(),
            month: at[..7].to_string(),
            expected_units: None,
            expected_projects: None,
            department: received,
            projects: 0,
            passed,
            failed: received - passed,
            unreadable: 0,
            superseded: 0,
            warnings: 0,
            missing: None,
        }
    }

    #[test]
    fn the_chart_shows_the_last_run_of_each_month() {
        let runs = vec![
            run("2026-10-05T10:00:00+08:00", 3, 1),
            run("2026-10-20T10:00:00+08:00", 5, 4),
            run("2026-11-03T10:00:00+08:00", 7, 7),
        ];
        let months = by_month(&runs);
        assert_eq!(months.len(), 2);
        assert_eq!(months[0].received(), 5);
        assert_eq!(months[1].received(), 7);
        let svg = chart(&History {
            schema: HISTORY_SCHEMA.into(),
            runs,
        });
        assert!(svg.contains("2026-10 收到 5"), "{svg}");
        assert!(!svg.contains("收到 3"), "{svg}");
        assert!(svg.contains("2026-11 通过 7"), "{svg}");
        // No roster: no expected line.
        assert!(!svg.contains("应报送"), "{svg}");
        assert!(!svg.contains("<script"));
    }

    #[test]
    fn a_damaged_history_is_moved_aside_and_begun_anew() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        std::fs::write(dir.path().join(HISTORY_JSON), b"{not json").unwrap_or_default();
        let h = record(dir.path(), run("2026-12-01T09:00:00+08:00", 1, 1))
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(h.runs.len(), 1);
        assert!(dir.path().join(DAMAGED).is_file());
        let h = record(dir.path(), run("2026-12-02T09:00:00+08:00", 2, 1))
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(h.runs.len(), 2);
    }
}
