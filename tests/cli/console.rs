//! What the console says: clap's help and errors in Chinese, a file
//! system error said once in Chinese, the files a run could not pass named
//! after it, files that are no workbook counted apart, and a reader that
//! closes the pipe early.

use std::process::Stdio;

use crate::support::hostile;
use crate::support::workbook::{build, clean_of, jixiao, put, scalar_removed};

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn help_and_usage_errors_are_in_chinese() {
    let dir = tempfile::tempdir().unwrap();
    let out = jixiao(dir.path()).args(["run", "--help"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let help = text(&out.stdout);
    for word in [
        "用法：jixiao run [选项] [INPUT]",
        "参数：",
        "选项：",
        "显示帮助",
    ] {
        assert!(help.contains(word), "{word}: {help}");
    }
    for word in ["Usage", "Options", "Arguments", "Print help"] {
        assert!(!help.contains(word), "{word}: {help}");
    }
    let out = jixiao(dir.path())
        .args(["check", "--format", "xml", "a.xlsx"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(
        err.starts_with("错误：--format <FORMAT> 的值“xml”无效"),
        "{err}"
    );
    assert!(err.contains("--help") && !err.contains("error:"), "{err}");
}

#[test]
fn a_missing_roster_is_said_once_in_chinese() {
    let dir = tempfile::tempdir().unwrap();
    put(dir.path(), "in/甲局.xlsx", &clean_of("甲局", (2023, 3, 1)));
    let out = jixiao(dir.path())
        .args([
            "run",
            "in",
            "-o",
            "out",
            "--quiet",
            "--roster",
            "没有的名单.csv",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert_eq!(err.matches("文件或文件夹不存在").count(), 1, "{err}");
    assert!(err.contains("没有的名单.csv"), "{err}");
    assert!(
        !err.contains("No such file") && !err.contains("os error"),
        "{err}"
    );
}

#[test]
fn a_run_names_its_failed_files_and_counts_other_files_apart() {
    let dir = tempfile::tempdir().unwrap();
    put(dir.path(), "in/甲局.xlsx", &clean_of("甲局", (2023, 3, 1)));
    put(
        dir.path(),
        "in/乙局.xlsx",
        &build(&scalar_removed("unit_name")),
    );
    put(dir.path(), "in/坏.xlsx", &hostile::password_xlsx());
    put(dir.path(), "in/说明.docx", &hostile::not_a_workbook());
    let out = jixiao(dir.path())
        .args(["run", "in", "-o", "out", "--jobs", "1"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let said = text(&out.stdout);
    assert!(
        said.contains("共 3 个工作簿（本次处理 3，未变化跳过 0）"),
        "{said}"
    );
    assert!(said.contains("无法读取 1"), "{said}");
    assert!(said.contains("另有 1 个非工作簿文件未处理"), "{said}");
    assert!(said.contains("未通过校验或无法读取的工作簿："), "{said}");
    let listed: Vec<&str> = said.lines().filter(|l| l.starts_with("  ")).collect();
    assert_eq!(listed.len(), 2, "{said}");
    assert!(
        listed
            .iter()
            .any(|l| l.contains("乙局.xlsx — 未通过校验：")),
        "{said}"
    );
    assert!(
        listed.iter().any(|l| l.contains("坏.xlsx — 无法读取：")),
        "{said}"
    );
    assert!(!said.contains("说明.docx —"), "{said}");
    let summary: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(dir.path().join("out/summary.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(summary["counts"]["total"], 3);
    assert_eq!(summary["counts"]["unreadable"], 1);
    assert_eq!(summary["counts"]["not_workbooks"], 1);
    // The summary page: a readable problem list for a workbook that was
    // read, no links at all for a file that was not.
    let page = std::fs::read_to_string(dir.path().join("out/index.html")).unwrap();
    let row = |input: &str| {
        page.split("<tr")
            .find(|r| r.contains(input) && r.contains("data-label"))
            .unwrap_or_else(|| panic!("{input} has no row"))
            .to_string()
    };
    assert!(
        row("乙局.xlsx").contains("/findings.html\">问题清单</a>"),
        "{page}"
    );
    for unread in ["坏.xlsx", "说明.docx"] {
        let r = row(unread);
        assert!(!r.contains("问题清单") && !r.contains(" · "), "{r}");
    }
    assert!(row("说明.docx").contains("不是工作簿"));
    assert!(page.contains("另有 1 个非工作簿文件未处理"));
    // Again, nothing changed: three workbooks skipped, the other file apart.
    let out = jixiao(dir.path())
        .args(["run", "in", "-o", "out", "--jobs", "1"])
        .output()
        .unwrap();
    let said = text(&out.stdout);
    assert!(
        said.contains("共 3 个工作簿（本次处理 0，未变化跳过 3）"),
        "{said}"
    );
    assert!(said.contains("另有 1 个非工作簿文件未处理"), "{said}");
}

#[test]
fn a_run_names_ten_failed_files_and_counts_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    for i in 0..12 {
        put(
            dir.path(),
            &format!("in/坏{i:02}.xlsx"),
            &hostile::password_xlsx(),
        );
    }
    let out = jixiao(dir.path())
        .args(["run", "in", "-o", "out"])
        .output()
        .unwrap();
    let said = text(&out.stdout);
    let listed = said.lines().filter(|l| l.contains("— 无法读取")).count();
    assert_eq!(listed, 10, "{said}");
    assert!(said.contains("…另有 2 个，见 "), "{said}");
    assert!(said.contains("index.html"), "{said}");
}

/// `jixiao score … | head`: the reader goes before jixiao writes; jixiao
/// ends quietly, as other command-line programs do.
#[test]
fn a_closed_pipe_ends_quietly() {
    let dir = tempfile::tempdir().unwrap();
    put(dir.path(), "甲局.xlsx", &clean_of("甲局", (2023, 3, 1)));
    let bin = assert_cmd::cargo::cargo_bin("jixiao");
    let mut child = std::process::Command::new(bin)
        .current_dir(dir.path())
        .args(["score", "甲局.xlsx", "--no-isolation"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // The reading end closed before anything is written.
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(err.is_empty(), "{err}");
}
