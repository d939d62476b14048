//! Framework files written before the format key existed (format 1) keep
//! loading and scoring as they did: copies of the built-ins as they were and
//! the example of `docs/frameworks.md`, in `tests/fixtures/frameworks/format1/`,
//! score the clean fixture and the samples to the same per-indicator system
//! scores, snapshotted.

use std::path::{Path, PathBuf};

use jixiao::check::{FileReport, check_bytes, check_path};
use jixiao::ingest::guard::Limits;
use jixiao::rules::framework::Frameworks;
use jixiao::rules::settings::Settings;

use crate::support::workbook::{build, clean_inputs, root};

/// The format-1 framework files, by file stem.
const FORMAT1: &[&str] = &["national", "yueyang-2015", "example-city"];

/// The sample workbooks in `input/`.
const SAMPLES: &[&str] = &["junshan-2022", "chenxi-2022", "qingshanhu-2020"];

fn format1(stem: &str) -> PathBuf {
    root().join(format!("tests/fixtures/frameworks/format1/{stem}.toml"))
}

/// The settings of a run given `--framework FILE`.
fn with_file(path: &Path) -> Settings {
    let path = path.to_str().expect("utf-8 path");
    let scoring = Frameworks::builtin()
        .expect("built-ins load")
        .with_choice(path)
        .unwrap_or_else(|e| panic!("{e}"));
    Settings::with_frameworks(scoring)
}

/// One line per indicator: its id, system score and 计算值, read through the
/// score's JSON form so that the snapshot names what a user sees.
fn indicator_lines(report: &FileReport) -> String {
    let card = report
        .score
        .as_ref()
        .unwrap_or_else(|| panic!("{} not scored", report.file));
    let json = serde_json::to_value(&card.department.indicators).expect("serializes");
    let mut out = String::new();
    for ind in json.as_array().expect("a list") {
        let field = |k: &str| match &ind[k] {
            serde_json::Value::Null => "—".to_string(),
            serde_json::Value::String(s) => s.clone(),
            v => v.to_string(),
        };
        out.push_str(&format!(
            "  {:<24} {:>8}  {}\n",
            field("id"),
            field("system"),
            field("computed")
        ));
    }
    out
}

#[test]
fn format1_files_score_as_before() {
    let clean = build(&clean_inputs());
    for stem in FORMAT1 {
        let settings = with_file(&format1(stem));
        let mut text = String::new();
        let r = check_bytes("clean.xlsx", &clean, &settings, &Limits::default());
        text.push_str(&format!("clean.xlsx\n{}", indicator_lines(&r)));
        for sample in SAMPLES {
            let r = check_path(
                &root().join(format!("input/{sample}.xlsx")),
                &settings,
                &Limits::default(),
            );
            text.push_str(&format!("{sample}.xlsx\n{}", indicator_lines(&r)));
        }
        insta::assert_snapshot!(format!("format1-{stem}"), text);
    }
}
