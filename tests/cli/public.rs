//! The public report (`report.public.html`): no personal data in any text
//! of it, wherever a department wrote it, and no internals of the check;
//! for a workbook with errors, a notice in its place unless asked.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use jixiao::workbook::inputs::{Input, Inputs};

use crate::support::workbook::{build, clean_inputs, num, root, set_cell, text};

/// The names the workbook gives: 单位负责人, 联系人, 评价人员.
const HEAD: &str = "欧阳明华";
const CONTACT: &str = "赵小红";
const EVALUATOR: &str = "孙立平";

/// Personal data as departments write it, none of which may reach the
/// public report: each as written, with what must be gone.
const PERSONAL: &[&str] = &[
    HEAD,
    CONTACT,
    EVALUATOR,
    // 18-digit ID (the standard's example, check character X), 15-digit ID.
    "11010519491231002X",
    "430602900101123",
    // Mobiles: spaced, dashed with +86, full-width, 0086 with dots, em dash.
    "158 9730 3065",
    "+86-139-0730-1234",
    "１３８００１３８０００",
    "0086 137.1234.5678",
    "186—1234—5678",
    "wang.ping@qq.com",
    // Bank cards passing Luhn, together and in groups of four.
    "4111111111111111",
    "5500 0000 0000 0004",
];

/// The middle groups of the numbers above: none may be left in the report
/// in any writing.
const MIDDLES: &[&str] = &["9730", "0730-1234", "００１３", "1234.5678", "1234—5678"];

/// One text holding every kind of personal data, and a landline, which
/// stays.
fn personal_text() -> String {
    format!(
        "联系人{HEAD}（身份证11010519491231002X，旧证430602900101123），手机158 9730 3065、\
         +86-139-0730-1234、１３８００１３８０００、0086 137.1234.5678、186—1234—5678，\
         邮箱wang.ping@qq.com，卡号4111111111111111、5500 0000 0000 0004；{CONTACT}、{EVALUATOR}参加。\
         办公电话0745-5223456。"
    )
}

fn jixiao() -> Command {
    let mut cmd = Command::cargo_bin("jixiao").unwrap();
    cmd.current_dir(root());
    cmd
}

/// Runs `jixiao report` on a file into `dir/out`; returns the folder.
fn report(file: &Path, dir: &Path, extra: &[&str]) -> PathBuf {
    let out = dir.join("out");
    let output = jixiao()
        .arg("report")
        .arg(file)
        .arg("-o")
        .arg(&out)
        .args(extra)
        .output()
        .unwrap();
    assert!(
        matches!(output.status.code(), Some(0 | 1)),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    out
}

fn read(dir: &Path, name: &str) -> String {
    std::fs::read_to_string(dir.join(name)).unwrap()
}

/// The clean fixture with the given names of the people.
fn with_names(head: &str, contact: &str, evaluator: &str) -> Inputs {
    let mut inputs = clean_inputs();
    inputs.scalars.insert("head_name".into(), text(head));
    inputs.scalars.insert("contact_name".into(), text(contact));
    set_cell(
        &mut inputs,
        "tbl_evaluators",
        0,
        "name",
        Some(text(evaluator)),
    );
    inputs
}

/// Writes a workbook named `内部材料.xlsx` (a name the public report must
/// not show) into `dir`.
fn write(dir: &Path, inputs: &Inputs) -> PathBuf {
    let file = dir.join("内部材料.xlsx");
    std::fs::write(&file, build(inputs)).unwrap();
    file
}

/// Whether the check found an error in the workbook of an output folder.
fn has_errors(out: &Path) -> bool {
    let json: serde_json::Value = serde_json::from_str(&read(out, "diagnostics.json")).unwrap();
    json["files"][0]["status"] == "failed"
}

#[test]
fn no_personal_data_in_any_text_field_survives_in_the_public_report() {
    let mut inputs = with_names(HEAD, CONTACT, EVALUATOR);
    let personal = personal_text();
    // Every text the department writes, scalar or in a table, but the
    // framework's id (which selects the scoring) and the names themselves
    // (which the redactor learns from their cells): the texts that are keys
    // (indicator names, project names) then match nothing, and the errors
    // found quote cells holding personal data — which the public report,
    // made despite the errors, must not show either.
    for (key, v) in &mut inputs.scalars {
        let names = ["framework", "head_name", "contact_name"];
        if !names.contains(&key.as_str()) && matches!(v, Input::Text(_)) {
            *v = text(&format!("{}{personal}", as_text(v)));
        }
    }
    for (table, rows) in &mut inputs.tables {
        for row in rows {
            for (column, v) in row.iter_mut() {
                let name = table == "tbl_evaluators" && column == "name";
                if !name && matches!(v, Input::Text(_)) {
                    *v = text(&format!("{}{personal}", as_text(v)));
                }
            }
        }
    }
    // And where a number is expected.
    inputs.scalars.insert("staff_quota".into(), text(&personal));
    let tmp = tempfile::tempdir().unwrap();
    let file = write(tmp.path(), &inputs);
    let out = report(&file, tmp.path(), &["--public-despite-errors"]);
    let internal = read(&out, "report.html");
    let public = read(&out, "report.public.html");
    assert!(has_errors(&out), "the keys changed make errors");
    for p in PERSONAL.iter().chain(MIDDLES) {
        assert!(internal.contains(p), "{p} is not in the internal report");
        assert!(!public.contains(p), "{p} in the public report");
    }
    // Masked where they stood, the landline kept, the report whole.
    for shown in [
        "欧***",
        "158 **** 3065",
        "１３８****８０００",
        "110105************",
        "*********@qq.com",
        "************1111",
        "0745-5223456",
        "绩效自评结果",
    ] {
        assert!(public.contains(shown), "{shown} not in the public report");
    }
    // Nothing of the check: no banner, no finding quoted, no file name.
    assert!(internal.contains("未通过校验") && internal.contains("内部材料"));
    for internal_only in ["未通过校验", "校验结果", "内部材料", "自评材料"] {
        assert!(
            !public.contains(internal_only),
            "{internal_only} in the public report"
        );
    }
}

fn as_text(v: &Input) -> &str {
    match v {
        Input::Text(s) => s,
        _ => "",
    }
}

#[test]
fn text_sharing_characters_with_a_name_is_left_alone() {
    let mut inputs = with_names("王平", "李明", "周建");
    inputs.scalars.insert(
        "functions".into(),
        text("坚持和平发展，王平同志负责；李明确保安全，周建军统筹。"),
    );
    inputs.scalars.insert(
        "achievements".into(),
        text("平安建设、明确目标、周期考核、建设王国。"),
    );
    let tmp = tempfile::tempdir().unwrap();
    let file = write(tmp.path(), &inputs);
    let out = report(&file, tmp.path(), &[]);
    assert!(!has_errors(&out));
    let public = read(&out, "report.public.html");
    assert!(public.contains("坚持和平发展，王*同志负责；李*确保安全，周*军统筹。"));
    assert!(public.contains("平安建设、明确目标、周期考核、建设王国。"));
    for name in ["王平", "李明", "周建"] {
        assert!(!public.contains(name), "{name} in the public report");
    }
}

#[test]
fn a_workbook_with_errors_gets_a_notice_unless_published_despite_them() {
    let mut inputs = with_names(HEAD, CONTACT, EVALUATOR);
    // 收入合计 that does not add up: an error.
    set_cell(
        &mut inputs,
        "tbl_finance",
        0,
        "income_total",
        Some(num(9999.0)),
    );
    inputs
        .scalars
        .insert("achievements".into(), text("全面完成年度目标任务。"));
    let tmp = tempfile::tempdir().unwrap();
    let file = write(tmp.path(), &inputs);
    let out = report(&file, tmp.path(), &[]);
    assert!(has_errors(&out));
    let internal = read(&out, "report.html");
    let notice = read(&out, "report.public.html");
    assert!(internal.contains("全面完成年度目标任务") && internal.contains("未通过校验"));
    assert!(notice.contains("暂不公开"), "{notice}");
    assert!(notice.contains("示例县医疗保障局"), "{notice}");
    for absent in [
        "全面完成年度目标任务",
        "未通过校验",
        "内部材料",
        "9999",
        HEAD,
        "<table",
    ] {
        assert!(!notice.contains(absent), "{absent} in the notice");
    }
    // Asked for, the full public report, still without the check's internals.
    let tmp = tempfile::tempdir().unwrap();
    let file = write(tmp.path(), &inputs);
    let out = report(&file, tmp.path(), &["--public-despite-errors"]);
    let public = read(&out, "report.public.html");
    assert!(public.contains("全面完成年度目标任务"));
    assert!(!public.contains("暂不公开"));
    for absent in ["未通过校验", "内部材料", "自评材料", HEAD] {
        assert!(!public.contains(absent), "{absent} in the public report");
    }
}

#[test]
fn a_run_publishes_notices_for_workbooks_with_errors_unless_asked() {
    let mut inputs = clean_inputs();
    set_cell(
        &mut inputs,
        "tbl_finance",
        0,
        "income_total",
        Some(num(9999.0)),
    );
    // Another unit: the same unit's later workbook would supersede it.
    inputs
        .scalars
        .insert("unit_name".into(), text("示例县卫生健康局"));
    inputs.scalars.insert("unit_code".into(), text("431222002"));
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    std::fs::create_dir_all(&input).unwrap();
    std::fs::write(input.join("failed.xlsx"), build(&inputs)).unwrap();
    std::fs::write(input.join("clean.xlsx"), build(&clean_inputs())).unwrap();
    let publics = |extra: &[&str]| -> Vec<String> {
        let out = tmp.path().join(format!("out{}", extra.len()));
        let output = jixiao()
            .arg("run")
            .arg(&input)
            .arg("-o")
            .arg(&out)
            .arg("--quiet")
            .args(extra)
            .output()
            .unwrap();
        assert_eq!(
            output.status.code(),
            Some(1),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        let mut found: Vec<String> = walk(&out)
            .into_iter()
            .filter(|p| p.ends_with("report.public.html"))
            .map(|p| std::fs::read_to_string(p).unwrap())
            .collect();
        found.sort_by_key(|h| h.contains("暂不公开"));
        found
    };
    let checked = publics(&[]);
    assert_eq!(checked.len(), 2);
    assert!(!checked[0].contains("暂不公开") && checked[1].contains("暂不公开"));
    let despite = publics(&["--public-despite-errors"]);
    assert_eq!(despite.len(), 2);
    assert!(despite.iter().all(|h| !h.contains("暂不公开")));
}

/// Every file under a folder.
fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}
