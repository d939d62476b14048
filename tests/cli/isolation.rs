//! Files are read in worker processes: a file that aborts the reader (the
//! debug builds' `JIXIAO_FAULT=abort:read:NAME` hook, standing for an
//! allocation failure or a stack overflow) or exhausts a worker's memory
//! limit (`hog:read:NAME`) costs that file alone; the batch goes on.

use std::path::Path;

use assert_cmd::Command;
use serde_json::Value;

use crate::support::workbook::root;

fn jixiao(cwd: &Path) -> Command {
    let mut cmd = Command::cargo_bin("jixiao").unwrap();
    cmd.current_dir(cwd).env_remove("JIXIAO_FAULT");
    cmd
}

const SAMPLES: &[&str] = &["junshan-2022", "chenxi-2022", "qingshanhu-2020"];

/// The samples in `in/`, and a copy of one named `bad.xlsx`: the fault
/// hook picks it by name, so its bytes are a good workbook's.
fn inputs(dir: &Path) {
    std::fs::create_dir_all(dir.join("in")).unwrap();
    for s in SAMPLES {
        let from = root().join(format!("input/{s}.xlsx"));
        std::fs::copy(&from, dir.join(format!("in/{s}.xlsx"))).unwrap();
    }
    std::fs::copy(
        root().join("input/junshan-2022.xlsx"),
        dir.join("in/bad.xlsx"),
    )
    .unwrap();
}

fn unit<'a>(s: &'a Value, input: &str) -> &'a Value {
    s["units"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["input"] == input)
        .unwrap_or_else(|| panic!("{input} not in the summary"))
}

/// Runs the batch with the fault hook set; returns the summary and stderr.
fn run_with_fault(dir: &Path, fault: &str, jobs: &str) -> (Value, String) {
    let out = jixiao(dir)
        .args(["run", "in", "-o", "out", "--quiet", "--jobs", jobs])
        .env("JIXIAO_FAULT", fault)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    let summary =
        serde_json::from_str(&std::fs::read_to_string(dir.join("out/summary.json")).unwrap())
            .unwrap();
    (summary, stderr)
}

/// Every good file is checked and its outputs written, as without the bad
/// one.
fn good_files_done(dir: &Path, s: &Value) {
    for stem in SAMPLES {
        let u = unit(s, &format!("{stem}.xlsx"));
        assert_ne!(u["status"], "unreadable", "{stem}: {u}");
        for output in ["report", "public_report", "workbook", "diagnostics"] {
            let file = u[output]
                .as_str()
                .unwrap_or_else(|| panic!("{stem}: {output}"));
            assert!(dir.join("out").join(file).is_file(), "{stem}: {file}");
        }
    }
    assert!(dir.join("out/index.html").is_file());
    assert!(dir.join("out/summary.xlsx").is_file());
}

#[test]
fn a_file_that_aborts_the_reader_ends_only_its_worker() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    inputs(dir);
    // Two threads, so a worker dies while another is busy.
    let (s, stderr) = run_with_fault(dir, "abort:read:bad.xlsx", "2");
    good_files_done(dir, &s);
    let bad = unit(&s, "bad.xlsx");
    assert_eq!(bad["status"], "unreadable");
    let error = bad["first_error"].as_str().unwrap();
    assert!(
        error.contains("bad.xlsx")
            && error.contains("读取进程意外终止")
            && error.contains("已跳过"),
        "{error}"
    );
    let diagnostics: Value = serde_json::from_str(
        &std::fs::read_to_string(dir.join("out").join(bad["diagnostics"].as_str().unwrap()))
            .unwrap(),
    )
    .unwrap();
    assert!(diagnostics.to_string().contains("FILE-INTERNAL"));
    assert!(
        !stderr.contains("backtrace") && !stderr.contains("panicked"),
        "{stderr}"
    );
    assert!(
        !stderr.contains("SIGABRT") && !stderr.contains("Aborted"),
        "{stderr}"
    );
}

/// The same hook without isolation ends the whole command: what the worker
/// processes save the batch from is real.
#[cfg(unix)]
#[test]
fn without_isolation_the_abort_ends_the_command() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    inputs(dir);
    let out = jixiao(dir)
        .args(["run", "in", "-o", "out", "--quiet", "--no-isolation"])
        .env("JIXIAO_FAULT", "abort:read:bad.xlsx")
        .output()
        .unwrap();
    assert!(!matches!(out.status.code(), Some(0..=3)), "{out:?}");
    assert!(!dir.join("out/summary.json").exists());
    // `isolation = false` in jixiao.toml turns it off the same way.
    std::fs::write(dir.join("jixiao.toml"), "isolation = false\n").unwrap();
    let out = jixiao(dir)
        .args(["check", "in/bad.xlsx"])
        .env("JIXIAO_FAULT", "abort:read:bad.xlsx")
        .output()
        .unwrap();
    assert!(!matches!(out.status.code(), Some(0..=3)), "{out:?}");
}

/// A worker that allocates past its address-space limit is ended, and the
/// file is FILE-TOO-LARGE saying so; the next file gets a fresh worker.
#[cfg(unix)]
#[test]
fn the_memory_limit_is_hit_and_reported() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    inputs(dir);
    // One thread: the files after the bad one are read by its successor.
    let (s, stderr) = run_with_fault(dir, "hog:read:bad.xlsx", "1");
    good_files_done(dir, &s);
    let bad = unit(&s, "bad.xlsx");
    assert_eq!(bad["status"], "unreadable");
    let error = bad["first_error"].as_str().unwrap();
    assert!(
        error.contains("内存上限") && error.contains("bad.xlsx"),
        "{error}"
    );
    assert!(!stderr.contains("memory allocation"), "{stderr}");
    let out = jixiao(dir)
        .args([
            "check",
            "--format",
            "json",
            "in/bad.xlsx",
            "in/chenxi-2022.xlsx",
        ])
        .env("JIXIAO_FAULT", "hog:read:bad.xlsx")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let json = String::from_utf8_lossy(&out.stdout);
    assert!(
        json.contains("FILE-TOO-LARGE") && json.contains("内存上限"),
        "{json}"
    );
    assert!(json.contains("chenxi-2022.xlsx"));
}

/// The worker is not a command users see.
#[test]
fn the_worker_is_hidden_from_help() {
    let tmp = tempfile::tempdir().unwrap();
    let out = jixiao(tmp.path()).arg("--help").output().unwrap();
    let help = String::from_utf8_lossy(&out.stdout);
    assert!(
        help.contains("check") && !help.contains("read-worker"),
        "{help}"
    );
}
