//! 上年对比 (`--previous`): a second year's run uses the first year's
//! output. Last year's figures fill this year's blanks (marked, with the
//! file), a figure that disagrees is warned, last year's problems pre-fill
//! the 上年问题整改情况 table (in `fill` and in the completed workbook), a
//! problem that comes back is warned, and the report compares the years
//! (the file named in the internal report only).

use std::path::Path;

use jixiao::workbook::inputs::Input;
use serde_json::Value;

use crate::support::workbook::{build, clean_inputs, jixiao, put, set_cell};

/// The unit's 2021 workbook: the figures this year's clean fixture gives as
/// last year's (its 上年 三公 and 上年结转), except 因公出国（境）费, 1.00
/// last year where this year's workbook says 0.
fn last_year() -> Vec<u8> {
    let mut inputs = clean_inputs();
    inputs.scalars.insert("year".into(), Input::Number(2021.0));
    inputs.scalars.insert(
        "fill_date".into(),
        Input::Date(chrono::NaiveDate::from_ymd_opt(2022, 3, 15).unwrap()),
    );
    for (key, value) in [
        ("sg_abroad_budget", 1.0),
        ("sg_abroad_actual", 1.0),
        ("sg_car_buy_budget", 0.0),
        ("sg_car_buy_actual", 0.0),
        ("sg_car_run_budget", 5.0),
        ("sg_car_run_actual", 4.5),
        ("sg_reception_budget", 3.5),
        ("sg_reception_actual", 2.4),
    ] {
        inputs.scalars.insert(key.into(), Input::Number(value));
    }
    // This year's 上年结转 of each row: 20, 20, none.
    for (i, balance) in [20.0, 20.0, 0.0].into_iter().enumerate() {
        set_cell(
            &mut inputs,
            "tbl_finance",
            i,
            "balance_total",
            Some(Input::Number(balance)),
        );
    }
    set_cell(
        &mut inputs,
        "tbl_problems",
        1,
        "text",
        Some(Input::Text(
            "2. 绩效目标设置不够细化，部分指标难以量化。".into(),
        )),
    );
    build(&inputs)
}

/// This year's fill source: the clean fixture without its 上年 三公
/// figures (but 因公出国（境）费's 上年决算) and without 上年结转.
fn this_year_source() -> String {
    let clean = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/clean.toml"),
    )
    .unwrap();
    clean
        .lines()
        .filter(|l| {
            let l = l.trim_start();
            !(l.starts_with("carryover =")
                || (l.starts_with("sg_")
                    && l.contains("_prev")
                    && !l.starts_with("sg_abroad_prev =")))
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn findings(doc: &Value) -> Vec<&Value> {
    doc["files"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .collect()
}

fn with_code<'a>(doc: &'a Value, code: &str) -> Vec<&'a Value> {
    findings(doc)
        .into_iter()
        .filter(|f| f["code"] == code)
        .collect()
}

fn check_json(dir: &Path, file: &str, previous: Option<&str>) -> Value {
    json_of(dir, "check", file, previous)
}

/// `jixiao score` as JSON: the department's total.
fn total(dir: &Path, file: &str, previous: Option<&str>) -> Value {
    json_of(dir, "score", file, previous)["files"][0]["score"]["department"]["total"].clone()
}

fn json_of(dir: &Path, command: &str, file: &str, previous: Option<&str>) -> Value {
    let mut cmd = jixiao(dir);
    cmd.args([command, file, "--format", "json"]);
    if let Some(p) = previous {
        cmd.args(["--previous", p]);
    }
    let out = cmd.output().unwrap();
    serde_json::from_slice(&out.stdout).unwrap()
}

fn unit_folder(out: &Path) -> std::path::PathBuf {
    std::fs::read_dir(out)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .find(|p| p.join("completed.xlsx").is_file())
        .expect("a unit folder")
}

#[test]
fn a_second_years_run_uses_the_first_years_output() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    put(d, "2021/in/示例县医疗保障局.xlsx", &last_year());
    let status = jixiao(d)
        .args([
            "run",
            "2021/in",
            "-o",
            "2021/out",
            "--quiet",
            "--formats",
            "md,html",
        ])
        .output()
        .unwrap();
    assert!(status.status.code().unwrap() <= 1, "{status:?}");

    std::fs::write(d.join("this.toml"), this_year_source()).unwrap();
    std::fs::create_dir_all(d.join("2022/in")).unwrap();
    jixiao(d)
        .args(["fill", "this.toml", "-o", "2022/in/示例县医疗保障局.xlsx"])
        .assert()
        .success();
    let run = jixiao(d)
        .args([
            "run",
            "2022/in",
            "-o",
            "2022/out",
            "--quiet",
            "--formats",
            "md,html",
            "--previous",
            "2021/out",
        ])
        .output()
        .unwrap();
    assert!(run.status.code().unwrap() <= 1, "{run:?}");
    assert!(
        String::from_utf8_lossy(&run.stderr).contains("读到 1 个部门整体支出工作簿"),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let unit = unit_folder(&d.join("2022/out"));
    let diagnostics: Value =
        serde_json::from_str(&std::fs::read_to_string(unit.join("diagnostics.json")).unwrap())
            .unwrap();

    // Seven 三公 figures and three rows. 上年结转 filled, each at its cell,
    // naming last year's file; the three 上年问题 rows too.
    let filled = with_code(&diagnostics, "PRIOR-FILLED");
    let sangong: Vec<_> = filled
        .iter()
        .filter(|f| f["field"].as_str().unwrap_or("").starts_with("sg_"))
        .collect();
    assert_eq!(sangong.len(), 7, "{filled:#?}");
    assert!(sangong.iter().all(|f| f["cell"].is_string()));
    assert!(
        sangong.iter().all(|f| f["message"]
            .as_str()
            .unwrap()
            .contains("2021年报送的“示例县医疗保障局-2021/completed.xlsx”")),
        "{sangong:#?}"
    );
    let carried: Vec<_> = filled
        .iter()
        .filter(|f| f["field"] == "tbl_finance")
        .collect();
    assert_eq!(carried.len(), 3, "{filled:#?}");
    let rectification: Vec<_> = filled
        .iter()
        .filter(|f| f["field"] == "tbl_rectification")
        .collect();
    assert_eq!(rectification.len(), 2, "{filled:#?}");
    // 因公出国（境）费: 0 this year, 1.00 last year.
    let mismatch = with_code(&diagnostics, "PRIOR-MISMATCH");
    assert_eq!(mismatch.len(), 1, "{mismatch:#?}");
    assert_eq!(mismatch[0]["field"], "sg_abroad_prev");
    assert_eq!(mismatch[0]["expected"], "1.00");
    // Last year's first problem is this year's too.
    let repeat = with_code(&diagnostics, "PRIOR-REPEAT");
    assert!(
        repeat.iter().any(|f| f["field"] == "tbl_problems"),
        "{repeat:#?}"
    );
    // Each pre-filled problem waits for what was done.
    assert_eq!(with_code(&diagnostics, "RECTIFY-MISSING").len(), 2);

    // The filled figures score as the same figures typed: the clean
    // fixture gives them all.
    let clean = d.join("clean.xlsx");
    std::fs::write(&clean, build(&clean_inputs())).unwrap();
    let typed = total(d, "clean.xlsx", None);
    assert!(!typed.is_null());
    assert_eq!(
        typed,
        total(d, "2022/in/示例县医疗保障局.xlsx", Some("2021/out"))
    );
    // Without last year, the blank 上年 三公 leave 三公经费变动率 unscored.
    assert_ne!(typed, total(d, "2022/in/示例县医疗保障局.xlsx", None));

    // The completed workbook holds the filled cells and the problems: read
    // back without --previous, nothing is missing that last year gave.
    std::fs::copy(unit.join("completed.xlsx"), d.join("completed.xlsx")).unwrap();
    let back = check_json(d, "completed.xlsx", None);
    assert_eq!(total(d, "completed.xlsx", None), typed);
    assert!(
        findings(&back)
            .iter()
            .all(|f| !f["field"].as_str().unwrap_or("").contains("_prev")),
        "{back:#}"
    );
    assert_eq!(with_code(&back, "RECTIFY-MISSING").len(), 2);

    // The reports: the year-on-year table and 整改情况; the file in the
    // internal report only.
    let md = std::fs::read_to_string(unit.join("report.md")).unwrap();
    assert!(md.contains("## 七、上年问题整改情况"), "{md}");
    assert!(md.contains("绩效目标设置不够细化"));
    assert!(md.contains("## 附：与上年对比"));
    assert!(
        md.contains("| 预算执行数 | 万元 | 1,020.00 | 1,020.00 | 0.00 | 0.00% |"),
        "{md}"
    );
    assert!(md.contains("示例县医疗保障局-2021/completed.xlsx"));
    let public = std::fs::read_to_string(unit.join("report.public.html")).unwrap();
    assert!(public.contains("与上年对比"));
    assert!(!public.contains("completed.xlsx"));
}

#[test]
fn fill_puts_last_years_figures_and_problems_in_the_workbook() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    put(d, "last/a.xlsx", &last_year());
    std::fs::write(d.join("this.toml"), this_year_source()).unwrap();
    let out = jixiao(d)
        .args([
            "fill",
            "this.toml",
            "-o",
            "filled.xlsx",
            "--previous",
            "last",
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    assert!(String::from_utf8_lossy(&out.stderr).contains("已按上年报送“a.xlsx”填入"));
    // Read without --previous: the figures are there, and the two
    // problems wait in 上年问题整改情况.
    let doc = check_json(d, "filled.xlsx", None);
    assert!(
        findings(&doc)
            .iter()
            .all(|f| !f["field"].as_str().unwrap_or("").contains("_prev")),
        "{doc:#}"
    );
    assert_eq!(with_code(&doc, "RECTIFY-MISSING").len(), 2);
    // Nothing to fill for a unit last year did not have.
    let other = this_year_source()
        .replace("431222001", "431222999")
        .replace("示例县医疗保障局\"", "另一个局\"");
    std::fs::write(d.join("other.toml"), other).unwrap();
    let out = jixiao(d)
        .args([
            "fill",
            "other.toml",
            "-o",
            "other.xlsx",
            "--previous",
            "last",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("上年报送中没有这个单位"));
}

#[test]
fn a_previous_folder_that_does_not_exist_is_an_error_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    put(dir.path(), "a.xlsx", &build(&clean_inputs()));
    let out = jixiao(dir.path())
        .args(["check", "a.xlsx", "--previous", "没有这个文件夹"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("“没有这个文件夹”不存在"));
}
