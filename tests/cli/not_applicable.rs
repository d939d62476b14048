//! Goals and indicators a department does not have, marked “无” (or “—”,
//! “不适用”) as published tables mark them: each row is one note, never an
//! error nor a problem of the report; a project's indicator marked so is not
//! scored and costs nothing; the report shows the rows as 不适用 and the
//! completed workbook keeps the markers as written. Where a row must be
//! filled (the 评分表's), the marker is refused with a hint to fill it.

use std::path::Path;

use assert_cmd::Command;
use jixiao::check::{FileReport, Status, check_bytes, check_path};
use jixiao::contract::cell::CellValue;
use jixiao::contract::fields::{TBL_GOALS, TBL_PROJECT_INDICATORS, TBL_TARGETS, Table, col};
use jixiao::contract::finding::{Code, Finding, Severity};
use jixiao::ingest::guard::Limits;
use jixiao::rules::settings::Settings;
use jixiao::workbook::inputs::Inputs;
use jixiao::workbook::layout::layout;

use crate::support::workbook::{build, clean_inputs, num, root, set_cell, text};

const INDICATORS: &str = "tbl_project_indicators";
const SCORES: &str = "tbl_scores";
/// The row of 生态效益 in the clean fixture's 评分表.
const ECOLOGY_SCORE: usize = 25;

/// The clean fixture with one goal, one target and one project indicator
/// the department does not have, each marked as departments do.
fn marked_inputs() -> Inputs {
    let mut i = clean_inputs();
    for (c, v) in [("goal", "无"), ("done", "无")] {
        set_cell(&mut i, "tbl_goals", 1, c, Some(text(v)));
    }
    // As the 岳阳市君山区 table has it: even the 三级指标 is “无”.
    for (c, v) in [
        ("level1", "效益目标"),
        ("level2", "生态效益"),
        ("level3", "无"),
        ("target", "无"),
        ("actual", "无"),
    ] {
        set_cell(&mut i, "tbl_targets", 1, c, Some(text(v)));
    }
    // No 分值 (a required cell), a dash for the values, “不适用” for the score.
    for (c, v) in [
        ("project", "城乡医疗救助"),
        ("level1", "效益指标"),
        ("level2", "生态效益指标"),
        ("level3", "生态效益"),
        ("target", "—"),
        ("actual", "—"),
        ("self_score", "不适用"),
    ] {
        set_cell(&mut i, INDICATORS, 3, c, Some(text(v)));
    }
    i
}

fn check(bytes: &[u8]) -> FileReport {
    check_bytes(
        "marked.xlsx",
        bytes,
        &Settings::default(),
        &Limits::default(),
    )
}

/// `sheet!A1` of column `col` of data row `row` of table `key`, as written.
fn at(inputs: &Inputs, key: &str, row: usize, col: &str) -> String {
    let table = jixiao::contract::fields::table(key).expect("a table");
    let c = table.column(col).expect("a column");
    layout(inputs).tables[key]
        .spot(u32::try_from(row).unwrap(), table.col(c.col_id()))
        .to_string()
}

fn listing(findings: &[Finding]) -> String {
    findings
        .iter()
        .map(|f| format!("  {} {} {}", f.code.id(), f.location(), f.message))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Runs `jixiao report` on a file; returns the folder it wrote.
fn report_into(file: &Path) -> (tempfile::TempDir, std::path::PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let output = Command::cargo_bin("jixiao")
        .unwrap()
        .current_dir(root())
        .arg("report")
        .arg(file)
        .arg("-o")
        .arg(&out)
        .output()
        .unwrap();
    assert!(
        matches!(output.status.code(), Some(0 | 1)),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    (tmp, out)
}

/// Section 五 and 六 of a Markdown report: the problems and measures.
fn problems_and_measures(md: &str) -> &str {
    let start = md.find("## 五、存在的主要问题").expect("section 五");
    let end = md.find("## 附表").expect("the appendix");
    &md[start..end]
}

#[test]
fn rows_marked_none_are_notes_and_never_problems() {
    let inputs = marked_inputs();
    let tmp = tempfile::tempdir().unwrap();
    let marked = tmp.path().join("marked.xlsx");
    let clean = tmp.path().join("clean.xlsx");
    std::fs::write(&marked, build(&inputs)).unwrap();
    std::fs::write(&clean, build(&clean_inputs())).unwrap();
    let (_m, out) = report_into(&marked);
    let (_c, clean_out) = report_into(&clean);

    let diagnostics: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("diagnostics.json")).unwrap())
            .unwrap();
    let file = &diagnostics["files"][0];
    let findings = file["findings"].as_array().unwrap();
    let shown = serde_json::to_string_pretty(findings).unwrap();
    assert_eq!(file["status"], "passed", "{shown}");
    assert_eq!(file["counts"]["error"], 0, "{shown}");
    assert_eq!(file["counts"]["warning"], 0, "{shown}");
    // The clean fixture gives nothing: these are the three rows' notes.
    let notes: Vec<(String, String)> = findings
        .iter()
        .map(|f| {
            assert_eq!(f["code"], "TABLE-NOT-APPLICABLE", "{shown}");
            assert_eq!(f["severity"], "note", "{shown}");
            (
                format!(
                    "{}!{}",
                    f["sheet"].as_str().unwrap(),
                    f["cell"].as_str().unwrap()
                ),
                f["found"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        notes,
        [
            (at(&inputs, "tbl_goals", 1, "goal"), "无".to_string()),
            (at(&inputs, "tbl_targets", 1, "target"), "无".to_string()),
            (at(&inputs, INDICATORS, 3, "target"), "—".to_string()),
        ]
    );

    let md = std::fs::read_to_string(out.join("report.md")).unwrap();
    let clean_md = std::fs::read_to_string(clean_out.join("report.md")).unwrap();
    // Nothing to add to the problems and measures of the clean workbook.
    assert_eq!(problems_and_measures(&md), problems_and_measures(&clean_md));
    assert!(!md.contains("自评材料"), "{md}");
    // Each row as the department wrote it, read as 不适用.
    for row in [
        "| 2 | 无 | 不适用 |",
        "| 效益目标 | 生态效益 | 无 | 无 | 无 | 不适用 |",
        // No 分值 written: it carries none.
        "| 效益指标 | 生态效益指标 | 生态效益 | — | — | — | 不适用 | — | 不适用：单位填写为没有此项指标，不计分，分值不计入 |  |",
    ] {
        assert!(md.contains(row), "no row {row} in:\n{md}");
    }
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(
        html.contains("<th scope=\"row\">无</th><td>无</td><td>无</td><td>不适用</td>"),
        "the target row in the HTML report"
    );
    assert!(!html.contains("未通过校验"));
}

#[test]
fn completed_workbook_keeps_the_markers_as_written() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("marked.xlsx");
    std::fs::write(&file, build(&marked_inputs())).unwrap();
    let (_t, out) = report_into(&file);
    let settings = Settings::default();
    let checked = check_path(&file, &settings, &Limits::default());
    let completed = check_path(&out.join("completed.xlsx"), &settings, &Limits::default());
    let codes = |r: &FileReport| -> Vec<(Code, String)> {
        r.findings
            .iter()
            .map(|f| (f.code, f.message.clone()))
            .collect()
    };
    assert_eq!(codes(&completed), codes(&checked));
    assert_eq!(completed.score, checked.score);
    let dept = completed.department.as_ref().unwrap();
    let raw = |t: &Table, row: usize, id| &dept.rows(t)[row].entry(id).raw;
    let typed = |s: &str| CellValue::Text(s.to_string());
    assert_eq!(raw(&TBL_GOALS, 1, col::DONE), &typed("无"));
    assert_eq!(raw(&TBL_TARGETS, 1, col::LEVEL3), &typed("无"));
    assert_eq!(raw(&TBL_TARGETS, 1, col::ACTUAL), &typed("无"));
    assert_eq!(raw(&TBL_PROJECT_INDICATORS, 3, col::TARGET), &typed("—"));
    assert_eq!(
        raw(&TBL_PROJECT_INDICATORS, 3, col::SELF_SCORE),
        &typed("不适用")
    );
    for (t, row, name) in [
        (&TBL_GOALS, 1, "goals"),
        (&TBL_TARGETS, 1, "targets"),
        (&TBL_PROJECT_INDICATORS, 3, "indicators"),
    ] {
        assert!(dept.rows(t)[row].is_not_applicable(), "{name}");
    }
}

#[test]
fn a_project_indicator_that_does_not_apply_costs_nothing() {
    let clean = check(&build(&clean_inputs()));
    let mut inputs = marked_inputs();
    // Points left on it by mistake are not counted either.
    set_cell(&mut inputs, INDICATORS, 3, "points", Some(num(10.0)));
    let marked = check(&build(&inputs));
    assert_eq!(
        marked.status,
        Status::Passed,
        "{}",
        listing(&marked.findings)
    );
    let note = marked
        .findings
        .iter()
        .find(|f| f.location() == at(&inputs, INDICATORS, 3, "target"))
        .expect("the indicator's note");
    assert!(note.message.contains("不计分"), "{}", note.message);
    assert!(note.message.contains("分值 10 不计入"), "{}", note.message);
    let project = |r: &FileReport| r.score.as_ref().unwrap().projects[0].clone();
    let (before, after) = (project(&clean), project(&marked));
    assert_eq!(after.total, before.total);
    assert_eq!(after.grade, before.grade);
    assert_eq!(after.self_sum, before.self_sum);
    assert_eq!(after.indicators.len(), before.indicators.len() + 1);
    let ecology = &after.indicators[3];
    assert!(ecology.not_applicable);
    assert_eq!(ecology.system, None);
    assert_eq!(ecology.self_score, None);
    assert_eq!(
        (ecology.target.as_str(), ecology.actual.as_str()),
        ("—", "—")
    );
    assert!(after.indicators[..3].iter().all(|i| !i.not_applicable));

    // The same row with a target: it applies, is scored, and its points
    // make the weights 110.
    set_cell(&mut inputs, INDICATORS, 3, "target", Some(text("≥1")));
    let applies = check(&build(&inputs));
    assert!(
        applies
            .findings
            .iter()
            .any(|f| f.code == Code::ScoreWeights),
        "{}",
        listing(&applies.findings)
    );
    assert!(
        !applies
            .findings
            .iter()
            .any(|f| f.code == Code::TableNotApplicable
                && f.sheet.as_deref() == Some("项目绩效指标")),
        "{}",
        listing(&applies.findings)
    );
}

#[test]
fn a_required_cell_marked_none_is_to_be_filled_or_its_row_deleted() {
    let mut inputs = clean_inputs();
    // A target and a result, so the row applies; its 三级指标 is “无”.
    for (c, v) in [
        ("level1", "效益目标"),
        ("level2", "社会效益"),
        ("level3", "无"),
        ("target", "≥95%"),
        ("actual", "96%"),
    ] {
        set_cell(&mut inputs, "tbl_targets", 1, c, Some(text(v)));
    }
    let r = check(&build(&inputs));
    let required: Vec<&Finding> = r
        .findings
        .iter()
        .filter(|f| f.code == Code::FieldRequired)
        .collect();
    assert_eq!(required.len(), 1, "{}", listing(&r.findings));
    assert_eq!(
        required[0].location(),
        at(&inputs, "tbl_targets", 1, "level3")
    );
    let hint = required[0].hint.as_deref().unwrap();
    assert!(hint.contains("删除该行"), "{hint}");
    assert!(
        !hint.contains("≥95%"),
        "a hint about target formats: {hint}"
    );
}

#[test]
fn a_score_row_marked_none_is_refused_and_to_be_filled() {
    let mut inputs = clean_inputs();
    set_cell(
        &mut inputs,
        SCORES,
        ECOLOGY_SCORE,
        "self_score",
        Some(text("无")),
    );
    let r = check(&build(&inputs));
    let cell = at(&inputs, SCORES, ECOLOGY_SCORE, "self_score");
    let refused: Vec<&Finding> = r
        .findings
        .iter()
        .filter(|f| f.code == Code::ScoreNotApplicable)
        .collect();
    assert_eq!(refused.len(), 1, "{}", listing(&r.findings));
    assert_eq!(refused[0].location(), cell);
    assert_eq!(refused[0].severity, Severity::Warning);
    assert!(
        refused[0].message.contains("生态效益"),
        "{}",
        refused[0].message
    );
    let hint = refused[0].hint.as_deref().unwrap();
    assert!(hint.contains("请填写自评得分"), "{hint}");
    // One finding at that cell, not also the one for a blank self-score.
    assert!(
        !r.findings
            .iter()
            .any(|f| f.code == Code::ScoreNoSelf && f.location() == cell),
        "{}",
        listing(&r.findings)
    );
    assert!(
        !r.findings
            .iter()
            .any(|f| f.code == Code::TableNotApplicable),
        "{}",
        listing(&r.findings)
    );
}

/// The published 岳阳市君山区 table has a 生态效益 row of “无”: it is a
/// note, where it used to be a missing 三级指标.
#[test]
fn the_junshan_sample_has_no_ecological_benefit_and_says_so() {
    let r = check_path(
        &root().join("input/junshan-2022.xlsx"),
        &Settings::default(),
        &Limits::default(),
    );
    let in_targets = |f: &&Finding| {
        f.field
            .as_deref()
            .is_some_and(|k| k.starts_with("tbl_targets."))
    };
    let codes: Vec<Code> = r
        .findings
        .iter()
        .filter(in_targets)
        .map(|f| f.code)
        .collect();
    assert_eq!(
        codes,
        [Code::TableNotApplicable],
        "{}",
        listing(&r.findings)
    );
    assert!(
        !r.findings
            .iter()
            .filter(in_targets)
            .any(|f| f.code == Code::FieldRequired && f.severity == Severity::Error),
        "{}",
        listing(&r.findings)
    );
}

/// A project must have indicators to score: when every one is marked
/// 不适用, the weights finding says to fill them or delete the rows.
#[test]
fn a_project_whose_every_indicator_does_not_apply_is_to_be_filled() {
    let mut inputs = clean_inputs();
    for row in 0..3 {
        set_cell(&mut inputs, INDICATORS, row, "target", Some(text("无")));
        set_cell(&mut inputs, INDICATORS, row, "actual", Some(text("无")));
        set_cell(&mut inputs, INDICATORS, row, "self_score", None);
    }
    let r = check(&build(&inputs));
    let weights: Vec<&Finding> = r
        .findings
        .iter()
        .filter(|f| f.code == Code::ScoreWeights)
        .collect();
    assert_eq!(weights.len(), 1, "{}", listing(&r.findings));
    assert!(
        weights[0].message.contains("都填写为不适用"),
        "{}",
        weights[0].message
    );
    let hint = weights[0].hint.as_deref().unwrap();
    assert!(hint.contains("删除"), "{hint}");
    let project = &r.score.as_ref().unwrap().projects[0];
    assert!(project.indicators.iter().all(|i| i.not_applicable));
    // Only the 预算执行率's points: nothing else was scored.
    assert_eq!(project.total, project.execution_score);
}
