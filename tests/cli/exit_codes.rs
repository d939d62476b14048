//! The exit codes of `jixiao`: 0 clean, 1 findings with errors, 2 usage.

use assert_cmd::Command;

use crate::support::workbook::{build, clean_inputs, save, scalar_removed};

fn jixiao() -> Command {
    Command::cargo_bin("jixiao").unwrap()
}

#[test]
fn template_writes_a_workbook_and_exits_0() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("模板.xlsx");
    jixiao().args(["template", "-o"]).arg(&out).assert().code(0);
    let bytes = std::fs::read(&out).unwrap();
    assert_eq!(&bytes[..2], b"PK");
}

#[test]
fn check_exits_0_when_clean_and_1_with_errors() {
    let dir = tempfile::tempdir().unwrap();
    let clean = save(dir.path(), "clean.xlsx", &build(&clean_inputs()));
    let out = jixiao().arg("check").arg(&clean).assert().code(0);
    let text = String::from_utf8_lossy(&out.get_output().stdout).to_string();
    assert!(text.contains("通过"), "{text}");

    let broken = save(
        dir.path(),
        "broken.xlsx",
        &build(&scalar_removed("unit_name")),
    );
    let out = jixiao()
        .args(["check", "--color", "never"])
        .arg(&broken)
        .assert()
        .code(1);
    let text = String::from_utf8_lossy(&out.get_output().stdout).to_string();
    assert!(text.contains("基本情况"), "{text}");
    assert!(text.contains("FIELD-REQUIRED"), "{text}");
    assert!(!text.contains('\u{1b}'), "no colour when asked for none");

    // A folder: both files, and a summary line.
    let out = jixiao().arg("check").arg(dir.path()).assert().code(1);
    let text = String::from_utf8_lossy(&out.get_output().stdout).to_string();
    assert!(
        text.contains("共 2 个文件：通过 1，未通过校验 1，无法读取 0"),
        "{text}"
    );
}

#[test]
fn usage_errors_exit_2() {
    jixiao()
        .args(["check", "--no-such-flag", "x.xlsx"])
        .assert()
        .code(2);
    jixiao()
        .args(["check", "/no/such/file.xlsx"])
        .assert()
        .code(2);
    jixiao().arg("frobnicate").assert().code(2);
}

#[test]
fn fill_reports_the_line_of_an_unknown_key() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("bad.toml");
    std::fs::write(&src, "[fields]\nunit_name = \"x\"\nbudget = 1\n").unwrap();
    let out = jixiao()
        .arg("fill")
        .arg(&src)
        .arg("-o")
        .arg(dir.path().join("x.xlsx"))
        .assert()
        .code(2);
    let err = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    assert!(err.contains("bad.toml:3"), "{err}");
}
