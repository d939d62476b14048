//! 修改对比: a workbook that replaces an earlier version of the same
//! submission shows what changed — in its internal report (never the
//! public one), a 修改对比 sheet of its completed workbook and the 修改
//! column of the summary — whether the earlier version came in the same
//! run or in an earlier one whose input is gone.

use std::io::Cursor;
use std::path::Path;

use calamine::{Data, Reader as _};
use jixiao::workbook::inputs::Input;
use serde_json::Value;

use crate::support::workbook::{build, clean_inputs, jixiao, put};

/// A 甲局 workbook filled on `fill`, with `staff` in 实有（在职）人数 (its
/// quota is 10), and its 联系电话 or not (an error).
fn version(fill: (i32, u32, u32), staff: f64, phone: bool) -> Vec<u8> {
    let mut inputs = clean_inputs();
    inputs
        .scalars
        .insert("unit_name".into(), Input::Text("甲局".into()));
    inputs.scalars.remove("unit_code");
    inputs.scalars.insert(
        "fill_date".into(),
        Input::Date(chrono::NaiveDate::from_ymd_opt(fill.0, fill.1, fill.2).unwrap()),
    );
    inputs
        .scalars
        .insert("staff_actual".into(), Input::Number(staff));
    if !phone {
        inputs.scalars.remove("contact_phone");
    }
    build(&inputs)
}

fn run(dir: &Path) -> i32 {
    jixiao(dir)
        .args(["run", "in", "-o", "out", "--quiet"])
        .output()
        .unwrap()
        .status
        .code()
        .unwrap_or(-1)
}

fn summary(out: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(out.join("summary.json")).unwrap()).unwrap()
}

fn unit<'a>(s: &'a Value, input: &str) -> &'a Value {
    s["units"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["input"] == input)
        .unwrap_or_else(|| panic!("{input} not in the summary"))
}

/// The rows of a sheet of an .xlsx, as text.
fn sheet_rows(bytes: &[u8], sheet: &str) -> Option<Vec<Vec<String>>> {
    let mut book = calamine::Xlsx::new(Cursor::new(bytes.to_vec())).unwrap();
    let range = book.worksheet_range(sheet).ok()?;
    Some(
        range
            .rows()
            .map(|r| {
                r.iter()
                    .map(|c| match c {
                        Data::Empty => String::new(),
                        other => other.to_string(),
                    })
                    .collect()
            })
            .collect(),
    )
}

/// Checks the second version's outputs against the first's.
fn shows_the_changes(out: &Path, first: &str, second: &str) {
    let s = summary(out);
    let new = unit(&s, second);
    let r = &new["revision"];
    assert_eq!(r["version"], 2, "{new}");
    assert_eq!(r["previous"], first);
    // The missing 联系电话 is fixed; 12 staff over a quota of 10 are new,
    // and they cost points.
    assert!(r["fixed"].as_u64().unwrap() >= 1, "{r}");
    assert!(r["new"].as_u64().unwrap() >= 1, "{r}");
    assert_ne!(r["score_before"], r["score_after"], "{r}");
    assert_eq!(
        r["score_after"],
        new["score"].as_str().unwrap().trim_end_matches(".00")
    );
    // 填报日期, 实有（在职）人数 and 联系电话.
    assert_eq!(r["changed_cells"], 3, "{r}");
    let text = format!("第 2 版：改正 {} 处，新增 {} 处", r["fixed"], r["new"]);
    assert_eq!(r["text"], text.as_str());
    let folder = out.join(new["folder"].as_str().unwrap());

    // The internal report has the section, with the changed cells …
    let md = std::fs::read_to_string(folder.join("report.md")).unwrap();
    assert!(md.contains("## 附：与上一版相比"), "{md}");
    assert!(md.contains(&format!("替代 {first}")));
    assert!(md.contains("| 实有（在职）人数 | 9 | 12 |"), "{md}");
    assert!(md.contains("| 联系电话 | （空） | 0745-5223456 |"), "{md}");
    let (fixed, new_ones) = md
        .split_once("### 已改正的问题")
        .and_then(|(_, rest)| rest.split_once("### 新出现的问题"))
        .unwrap();
    assert!(
        fixed.contains("| FIELD-REQUIRED | 基本情况!C15 |"),
        "{fixed}"
    );
    assert!(
        new_ones.contains("| PLAUS-STAFF-OVER-QUOTA | 基本情况!C17 |"),
        "{new_ones}"
    );
    let html = std::fs::read_to_string(folder.join("report.html")).unwrap();
    assert!(html.contains("附：与上一版相比") && html.contains("已改正的问题"));
    // … the public one never.
    let public = std::fs::read_to_string(folder.join("report.public.html")).unwrap();
    assert!(!public.contains("与上一版相比"), "{public}");
    assert!(!public.contains(first));

    // The completed workbook's 修改对比 sheet.
    let book = std::fs::read(folder.join("completed.xlsx")).unwrap();
    let rows = sheet_rows(&book, "修改对比").expect("a 修改对比 sheet");
    assert!(rows[1][0].starts_with(&text), "{:?}", rows[1]);
    assert!(
        rows.iter()
            .any(|r| r[1] == "修改" && r[3] == "实有（在职）人数" && r[4] == "9" && r[5] == "12"),
        "{rows:?}"
    );
    assert!(
        rows.iter()
            .any(|r| r[1] == "已改正" && r[2] == "基本情况!C15"),
        "{rows:?}"
    );
    assert!(
        rows.iter()
            .any(|r| r[1] == "新增问题" && r[3].ends_with("PLAUS-STAFF-OVER-QUOTA")),
        "{rows:?}"
    );

    // The summary's 修改 column.
    let index = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(index.contains(&text));
    let summary_book = std::fs::read(out.join("summary.xlsx")).unwrap();
    let rows = sheet_rows(&summary_book, "汇总").unwrap();
    let column = rows[0].iter().position(|h| h == "修改").unwrap();
    let input = rows[0].iter().position(|h| h == "输入文件").unwrap();
    for row in &rows[1..] {
        let want = if row[input] == second {
            text.as_str()
        } else {
            ""
        };
        assert_eq!(row[column], want, "{row:?}");
    }

    // The first version, when still an input, shows no comparison, nor a
    // sheet for one.
    let old = s["units"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["input"] == first);
    if let Some(old) = old {
        assert!(old["revision"].is_null());
        let f = old["folder"].as_str().unwrap();
        let book = std::fs::read(out.join(f).join("completed.xlsx")).unwrap();
        assert!(sheet_rows(&book, "修改对比").is_none());
        let md = std::fs::read_to_string(out.join(f).join("report.md")).unwrap();
        assert!(!md.contains("与上一版相比"));
    }
}

#[test]
fn two_versions_in_one_run_show_what_the_later_changed() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    put(dir, "in/初稿.xlsx", &version((2023, 3, 1), 9.0, false));
    put(dir, "in/定稿.xlsx", &version((2023, 3, 20), 12.0, true));
    assert_eq!(run(dir), 0, "the first draft is replaced");
    shows_the_changes(&dir.join("out"), "初稿.xlsx", "定稿.xlsx");
}

#[test]
fn a_version_replacing_one_of_an_earlier_run_is_compared_with_it() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    put(dir, "in/初稿.xlsx", &version((2023, 3, 1), 9.0, false));
    assert_eq!(run(dir), 1);
    assert!(unit(&summary(&dir.join("out")), "初稿.xlsx")["revision"].is_null());
    // Next month: the first draft is gone from the input folder.
    std::fs::remove_file(dir.join("in/初稿.xlsx")).unwrap();
    put(dir, "in/定稿.xlsx", &version((2023, 3, 20), 12.0, true));
    assert_eq!(run(dir), 0);
    let out = dir.join("out");
    let s = summary(&out);
    assert_eq!(s["removed"][0]["input"], "初稿.xlsx");
    shows_the_changes(&out, "初稿.xlsx", "定稿.xlsx");
    // A run with nothing new keeps the comparison (the outputs are kept).
    assert_eq!(run(dir), 0);
    let s = summary(&out);
    assert_eq!(s["counts"]["skipped"], 1);
    shows_the_changes(&out, "初稿.xlsx", "定稿.xlsx");
}

#[test]
fn a_project_workbooks_new_version_shows_its_changes_too() {
    use crate::batch::{project_source, put_project};
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    // Indicators of 110 points in the draft (权重不符), 90 in the final.
    put_project(
        dir,
        "振兴-初稿.xlsx",
        &project_source("乡村振兴补助", "2023-03-01", [50, 30, 20]),
    );
    put_project(
        dir,
        "振兴-定稿.xlsx",
        &project_source("乡村振兴补助", "2023-03-10", [50, 30, 10]),
    );
    assert_eq!(run(dir), 0);
    let out = dir.join("out");
    let s = summary(&out);
    let row = |input: &str| {
        s["projects"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["input"] == input)
            .unwrap()
            .clone()
    };
    let new = row("振兴-定稿.xlsx");
    let r = &new["revision"];
    assert_eq!(
        (r["version"].as_u64(), r["previous"].as_str()),
        (Some(2), Some("振兴-初稿.xlsx"))
    );
    assert!(r["fixed"].as_u64().unwrap() >= 1, "{r}");
    assert!(row("振兴-初稿.xlsx")["revision"].is_null());
    let folder = out.join(new["folder"].as_str().unwrap());
    let md = std::fs::read_to_string(folder.join("report.md")).unwrap();
    assert!(md.contains("## 附：与上一版相比"), "{md}");
    assert!(md.contains("| 20 | 10 |"), "the 分值 changed: {md}");
    let public = std::fs::read_to_string(folder.join("report.public.html")).unwrap();
    assert!(!public.contains("与上一版相比"));
    let book = std::fs::read(folder.join("completed.xlsx")).unwrap();
    let rows = sheet_rows(&book, "修改对比").expect("a 修改对比 sheet");
    assert!(
        rows[1][0].starts_with(r["text"].as_str().unwrap()),
        "{rows:?}"
    );
    let index = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(index.contains(r["text"].as_str().unwrap()));
    let summary_book = std::fs::read(out.join("summary.xlsx")).unwrap();
    let rows = sheet_rows(&summary_book, "项目").unwrap();
    let column = rows[0].iter().position(|h| h == "修改").unwrap();
    assert!(
        rows.iter()
            .any(|row| row[column] == r["text"].as_str().unwrap())
    );
}

#[test]
fn an_earlier_version_arriving_later_makes_the_kept_outputs_show_the_changes() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    put(dir, "in/定稿.xlsx", &version((2023, 3, 20), 12.0, true));
    assert_eq!(run(dir), 0);
    let out = dir.join("out");
    assert!(unit(&summary(&out), "定稿.xlsx")["revision"].is_null());
    // The draft, filled earlier, comes in late: the final version, its
    // file unchanged, becomes the second and its outputs are made again.
    put(dir, "in/初稿.xlsx", &version((2023, 3, 1), 9.0, false));
    assert_eq!(run(dir), 0);
    let s = summary(&out);
    assert_eq!(s["counts"]["skipped"], 0, "{}", s["counts"]);
    shows_the_changes(&out, "初稿.xlsx", "定稿.xlsx");
}
