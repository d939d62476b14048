//! Framework files written before the format key existed (format 1) keep
//! loading and scoring as they did: copies of the built-ins as they were and
//! the example of `docs/frameworks.md`, in `tests/fixtures/frameworks/format1/`,
//! score the clean fixture and the samples to the same per-indicator system
//! scores, snapshotted.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use jixiao::check::{FileReport, check_bytes, check_path};
use jixiao::ingest::guard::Limits;
use jixiao::rules::framework::Frameworks;
use jixiao::rules::settings::Settings;

use crate::support::workbook::{build, clean_inputs, root, save};

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
    let json =
        serde_json::to_value(&card.department.as_ref().unwrap().indicators).expect("serializes");
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

/// The line of each legacy id a file names as a metric, in file order.
fn legacy_lines(text: &str) -> Vec<(usize, &'static str)> {
    let mut found = Vec::new();
    for (n, line) in text.lines().enumerate() {
        for id in ["sangong_change", "carryover_rate", "budget_adjustment"] {
            if line.contains(&format!("metric = \"{id}\""))
                || line.contains(&format!("reference = \"{id}\""))
            {
                found.push((n + 1, id));
            }
        }
    }
    found
}

/// The explicit old-reading id and the 53号 id of a legacy id.
fn explicit_and_current(id: &str) -> (&'static str, &'static str) {
    match id {
        "sangong_change" => ("sangong_actual_change", "sangong_budget_change"),
        "carryover_rate" => ("carryover_derived_rate", "carryover_balance_rate"),
        "budget_adjustment" => ("budget_adjustment_net", "budget_adjustment_gross"),
        other => panic!("{other} is no legacy id"),
    }
}

/// Each format-1 file loads with one note per legacy id it uses, at the id's
/// line, naming the 53号 id and the explicit old-reading id.
#[test]
fn format1_files_load_with_a_note_per_legacy_id() {
    let expected: &[(&str, &[&str])] = &[
        (
            "national",
            &["sangong_change", "budget_adjustment", "carryover_rate"],
        ),
        ("yueyang-2015", &["sangong_change", "budget_adjustment"]),
        ("example-city", &["budget_adjustment"]),
    ];
    for (stem, ids) in expected {
        let path = format1(stem);
        let text = std::fs::read_to_string(&path).unwrap();
        let lines = legacy_lines(&text);
        assert_eq!(
            lines.iter().map(|(_, id)| *id).collect::<Vec<_>>(),
            *ids,
            "{stem}"
        );
        let scoring = Frameworks::builtin()
            .unwrap()
            .with_choice(path.to_str().unwrap())
            .unwrap();
        let notes: Vec<String> = scoring.notes().iter().map(|n| n.to_string()).collect();
        assert_eq!(notes.len(), ids.len(), "{notes:#?}");
        for (note, (line, id)) in notes.iter().zip(&lines) {
            let (old, new) = explicit_and_current(id);
            assert!(
                note.starts_with(&format!("{}:{line}: `{id}` 按旧口径", path.display())),
                "{note}"
            );
            assert!(note.contains(&format!("`{old}`")), "{note}");
            assert!(note.contains(&format!("`{new}`")), "{note}");
        }
    }
}

/// `jixiao score --framework FILE` prints a format-1 file's notes on stderr
/// as 提示 and scores; the built-ins print none.
#[test]
fn the_program_shows_the_notes_of_a_framework_file() {
    let dir = tempfile::tempdir().unwrap();
    let wb = save(dir.path(), "clean.xlsx", &build(&clean_inputs()));
    let path = format1("example-city");
    let out = Command::cargo_bin("jixiao")
        .unwrap()
        .args(["score", "--color", "never", "--framework"])
        .arg(&path)
        .arg(&wb)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    let line = legacy_lines(&std::fs::read_to_string(&path).unwrap())[0].0;
    assert_eq!(
        err.lines().filter(|l| l.starts_with("提示：")).count(),
        1,
        "{err}"
    );
    assert!(
        err.contains(&format!(
            "提示：{}:{line}: `budget_adjustment` 按旧口径",
            path.display()
        )),
        "{err}"
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("总分"));
    for builtin in ["national", "yueyang-2015"] {
        let out = Command::cargo_bin("jixiao")
            .unwrap()
            .args(["score", "--color", "never", "--framework", builtin])
            .arg(&wb)
            .output()
            .unwrap();
        assert!(
            !String::from_utf8_lossy(&out.stderr).contains("提示"),
            "{builtin}"
        );
    }
}

/// A format-2 file naming a legacy id, and a file of a newer format, are
/// refused with file:line, exit code 2.
#[test]
fn format2_legacy_ids_and_newer_formats_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let wb = save(dir.path(), "clean.xlsx", &build(&clean_inputs()));
    let old = std::fs::read_to_string(format1("example-city")).unwrap();
    let line = legacy_lines(&old)[0].0 + 1;
    let cases = [
        (
            "format2.toml",
            format!("format = 2\n{old}"),
            format!("format2.toml:{line}:"),
            "格式 2 中不能再写 `budget_adjustment`",
        ),
        (
            "format3.toml",
            format!("format = 3\n{old}"),
            "format3.toml:1:10:".to_string(),
            "格式 3",
        ),
    ];
    for (name, text, place, message) in cases {
        let fw = save(dir.path(), name, text.as_bytes());
        let out = Command::cargo_bin("jixiao")
            .unwrap()
            .args(["score", "--framework"])
            .arg(&fw)
            .arg(&wb)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{name}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(&place), "{err}");
        assert!(err.contains(message), "{err}");
    }
    // The same file with the explicit id loads in format 2, without a note.
    let fixed = format!("format = 2\n{old}").replace(
        "metric = \"budget_adjustment\"",
        "metric = \"budget_adjustment_net\"",
    );
    let fw = save(dir.path(), "fixed.toml", fixed.as_bytes());
    let scoring = Frameworks::builtin()
        .unwrap()
        .with_choice(fw.to_str().unwrap())
        .unwrap();
    assert_eq!(scoring.notes(), []);
}
