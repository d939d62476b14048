//! One settings value: the tolerance of `jixiao.toml` reaches `check`,
//! `score`, `report` and `run` alike, so no two commands judge one workbook
//! differently.

use assert_cmd::Command;

use crate::support::workbook::{build, clean_inputs, num, save, set_cell};

fn jixiao_in(dir: &std::path::Path) -> Command {
    let mut c = Command::cargo_bin("jixiao").unwrap();
    c.current_dir(dir);
    c
}

/// The clean fixture with 收入合计 of the 汇总 row 0.5 above its parts.
fn half_off() -> Vec<u8> {
    let mut inputs = clean_inputs();
    set_cell(
        &mut inputs,
        "tbl_finance",
        0,
        "income_total",
        Some(num(1070.5)),
    );
    build(&inputs)
}

#[test]
fn the_tolerance_of_jixiao_toml_reaches_every_command() {
    let dir = tempfile::tempdir().unwrap();
    save(dir.path(), "off.xlsx", &half_off());

    // The default tolerance (0.01): the 0.5 is an error.
    let out = jixiao_in(dir.path())
        .args(["check", "off.xlsx", "--format", "json"])
        .assert()
        .code(1);
    let text = String::from_utf8_lossy(&out.get_output().stdout).to_string();
    assert!(text.contains("SUM-INCOME"), "{text}");

    // A finance office that accepts 0.6 says so once.
    std::fs::write(dir.path().join("jixiao.toml"), "tolerance = 0.6\n").unwrap();
    let out = jixiao_in(dir.path())
        .args(["check", "off.xlsx", "--format", "json"])
        .assert();
    let text = String::from_utf8_lossy(&out.get_output().stdout).to_string();
    assert!(!text.contains("SUM-INCOME"), "{text}");
    let checked_passed = text.contains("\"status\": \"passed\"");

    // The batch judges the same workbook the same way.
    std::fs::create_dir(dir.path().join("in")).unwrap();
    std::fs::rename(dir.path().join("off.xlsx"), dir.path().join("in/off.xlsx")).unwrap();
    jixiao_in(dir.path())
        .args(["run", "in", "-o", "out", "--quiet"])
        .assert()
        .code(if checked_passed { 0 } else { 1 });
    let summary = std::fs::read_to_string(dir.path().join("out/summary.json")).unwrap();
    assert!(!summary.contains("收入合计"), "{summary}");
    assert_eq!(
        summary.contains("\"status\": \"passed\""),
        checked_passed,
        "{summary}"
    );
}
