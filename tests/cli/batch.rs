//! `jixiao run`: a folder of workbooks, good and bad, processed into outputs
//! and a summary; re-runs that redo only what changed; duplicates, roster,
//! deletions, a killed run, and every exit code; department and project
//! workbooks together.

use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::NaiveDate;
use jixiao::ingest::guard::Limits;
use jixiao::workbook::inputs::Input;
use serde_json::Value;

use crate::support::hostile;
use crate::support::workbook::{build, clean_inputs, clean_of, jixiao, put, root, text};

fn summary(out: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(out.join("summary.json")).unwrap()).unwrap()
}

fn units(s: &Value) -> &Vec<Value> {
    s["units"].as_array().unwrap()
}

fn unit<'a>(s: &'a Value, input: &str) -> &'a Value {
    units(s)
        .iter()
        .find(|u| u["input"] == input)
        .unwrap_or_else(|| panic!("{input} not in the summary"))
}

/// Runs `jixiao run in -o out` with extra arguments; returns the exit code.
fn run(cwd: &Path, extra: &[&str]) -> i32 {
    let out = jixiao(cwd)
        .args(["run", "in", "-o", "out", "--quiet"])
        .args(extra)
        .output()
        .unwrap();
    out.status.code().unwrap_or(-1)
}

/// The visible files of a folder (each output folder also holds the hidden
/// `.jixiao-source`, checked where it matters).
fn files_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| !n.starts_with('.'))
        .collect();
    names.sort();
    names
}

/// Every output of a workbook, in name order: with report.pdf and
/// report.public.pdf in a build with the `pdf` feature.
#[cfg(not(feature = "pdf"))]
const ALL_OUTPUTS: [&str; 8] = [
    "completed.xlsx",
    "diagnostics.json",
    "findings.html",
    "report.docx",
    "report.html",
    "report.md",
    "report.public.docx",
    "report.public.html",
];
#[cfg(feature = "pdf")]
const ALL_OUTPUTS: [&str; 10] = [
    "completed.xlsx",
    "diagnostics.json",
    "findings.html",
    "report.docx",
    "report.html",
    "report.md",
    "report.pdf",
    "report.public.docx",
    "report.public.html",
    "report.public.pdf",
];

#[test]
fn a_mixed_batch_gives_every_good_output_and_one_finding_per_bad_file() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let samples = root().join("input");
    for stem in ["junshan-2022", "chenxi-2022"] {
        put(
            dir,
            &format!("in/{stem}.xlsx"),
            &std::fs::read(samples.join(format!("{stem}.xlsx"))).unwrap(),
        );
    }
    let clean = clean_of("甲县财政局", (2023, 3, 1));
    put(dir, "in/sub/clean.xlsx", &clean);
    put(dir, "in/truncated.xlsx", &hostile::truncated_xlsx(&clean));
    put(dir, "in/password.xlsx", &hostile::password_xlsx());
    put(dir, "in/bomb.xlsx", &hostile::sparse_bomb_xlsx());
    put(dir, "in/notes.docx", &hostile::not_a_workbook());
    // Lock and hidden files are not inputs.
    put(dir, "in/~$clean.xlsx", b"lock");
    put(dir, "in/.hidden.xlsx", &clean);
    let snapshot = |dir: &Path| -> Vec<(PathBuf, Vec<u8>, std::time::SystemTime)> {
        walkdir::WalkDir::new(dir.join("in"))
            .sort_by_file_name()
            .into_iter()
            .flatten()
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                let m = e.metadata().unwrap().modified().unwrap();
                (e.path().to_path_buf(), std::fs::read(e.path()).unwrap(), m)
            })
            .collect()
    };
    let before = snapshot(dir);
    assert_eq!(run(dir, &[]), 1);
    assert!(before == snapshot(dir), "an input was modified");
    let s = summary(&dir.join("out"));
    assert_eq!(units(&s).len(), 7, "{s:#}");
    for input in ["junshan-2022.xlsx", "chenxi-2022.xlsx", "sub/clean.xlsx"] {
        let u = unit(&s, input);
        let folder = dir.join("out").join(u["folder"].as_str().unwrap());
        assert_eq!(files_in(&folder), ALL_OUTPUTS, "{input}");
    }
    assert_eq!(unit(&s, "sub/clean.xlsx")["status"], "passed");
    assert_eq!(unit(&s, "sub/clean.xlsx")["folder"], "甲县财政局-2022");
    for bad in ["truncated.xlsx", "password.xlsx", "bomb.xlsx", "notes.docx"] {
        let u = unit(&s, bad);
        assert_eq!(u["status"], "unreadable", "{bad}");
        assert_eq!(u["errors"], 1, "{bad}");
        let folder = dir.join("out").join(u["folder"].as_str().unwrap());
        assert_eq!(files_in(&folder), ["diagnostics.json"], "{bad}");
        let d: Value = serde_json::from_str(
            &std::fs::read_to_string(folder.join("diagnostics.json")).unwrap(),
        )
        .unwrap();
        assert_eq!(
            d["files"][0]["findings"].as_array().unwrap().len(),
            1,
            "{bad}"
        );
    }
    assert!(
        unit(&s, "password.xlsx")["first_error"]
            .as_str()
            .unwrap()
            .contains("密码")
    );
    for f in ["index.html", "summary.xlsx", "summary.json"] {
        assert!(dir.join("out").join(f).is_file(), "{f}");
    }
    let index = std::fs::read_to_string(dir.join("out/index.html")).unwrap();
    assert!(index.contains("甲县财政局") && index.contains("无法读取"));
    // The summary workbook reads back with every row.
    let xlsx = std::fs::read(dir.join("out/summary.xlsx")).unwrap();
    let wb = jixiao::ingest::read::read_bytes(&xlsx, &Limits::default()).unwrap();
    assert_eq!(wb.sheet_names[0], "汇总");
    assert_eq!(wb.last_filled_row("汇总", 0, 12), Some(7));
}

#[test]
fn a_panic_in_one_file_is_that_files_finding() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    put(dir, "in/a.xlsx", &clean_of("甲局", (2023, 3, 1)));
    put(dir, "in/b.xlsx", &clean_of("乙局", (2023, 3, 1)));
    let out = jixiao(dir)
        .args(["run", "in", "-o", "out", "--quiet"])
        .env("JIXIAO_FAULT", "file:a.xlsx")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let s = summary(&dir.join("out"));
    assert_eq!(unit(&s, "a.xlsx")["status"], "unreadable");
    assert!(
        unit(&s, "a.xlsx")["first_error"]
            .as_str()
            .unwrap()
            .contains("内部出错")
    );
    assert_eq!(unit(&s, "b.xlsx")["status"], "passed");
}

#[test]
fn re_runs_redo_only_what_changed() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    put(dir, "in/a.xlsx", &clean_of("甲局", (2023, 3, 1)));
    put(dir, "in/b.xlsx", &clean_of("乙局", (2023, 3, 1)));
    put(dir, "in/c.xlsx", &clean_of("丙局", (2023, 3, 1)));
    assert_eq!(run(dir, &[]), 0);
    let counts = |dir: &Path| {
        let s = summary(&dir.join("out"));
        (
            s["counts"]["processed"].as_u64().unwrap(),
            s["counts"]["skipped"].as_u64().unwrap(),
        )
    };
    assert_eq!(counts(dir), (3, 0));
    // Nothing changed.
    assert_eq!(run(dir, &[]), 0);
    assert_eq!(counts(dir), (0, 3));
    // One input changed (same name, new content).
    put(dir, "in/b.xlsx", &clean_of("乙局", (2023, 3, 2)));
    assert_eq!(run(dir, &[]), 0);
    assert_eq!(counts(dir), (1, 2));
    // A different framework re-scores everything.
    assert_eq!(run(dir, &["--framework", "yueyang-2015"]), 1);
    assert_eq!(counts(dir), (3, 0));
    assert_eq!(run(dir, &["--framework", "yueyang-2015"]), 1);
    assert_eq!(counts(dir), (0, 3));
    assert_eq!(run(dir, &[]), 0);
    // Changed templates re-render the reports and keep the completed workbooks.
    let workbook = dir.join("out/甲局-2022/completed.xlsx");
    let before = std::fs::metadata(&workbook).unwrap().modified().unwrap();
    std::fs::create_dir_all(dir.join("tpl/partials")).unwrap();
    std::fs::write(
        dir.join("tpl/partials/problems.html"),
        "<section><h2>五、问题（本市格式）</h2></section>\n",
    )
    .unwrap();
    std::thread::sleep(Duration::from_millis(20));
    assert_eq!(run(dir, &["--templates", "tpl"]), 0);
    assert_eq!(counts(dir), (3, 0));
    assert_eq!(
        std::fs::metadata(&workbook).unwrap().modified().unwrap(),
        before
    );
    let html = std::fs::read_to_string(dir.join("out/甲局-2022/report.html")).unwrap();
    assert!(html.contains("本市格式"));
    // --force redoes everything.
    assert_eq!(run(dir, &["--templates", "tpl", "--force"]), 0);
    assert_eq!(counts(dir), (3, 0));
    assert_ne!(
        std::fs::metadata(&workbook).unwrap().modified().unwrap(),
        before
    );
}

#[test]
fn deleted_inputs_lose_their_outputs_and_are_reported() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    put(dir, "in/a.xlsx", &clean_of("甲局", (2023, 3, 1)));
    put(dir, "in/b.xlsx", &clean_of("乙局", (2023, 3, 1)));
    // A folder of the finance office's own is never touched.
    put(dir, "out/说明/readme.txt", b"ours");
    assert_eq!(run(dir, &[]), 0);
    assert!(dir.join("out/乙局-2022").is_dir());
    std::fs::remove_file(dir.join("in/b.xlsx")).unwrap();
    assert_eq!(run(dir, &[]), 0);
    assert!(!dir.join("out/乙局-2022").exists());
    let s = summary(&dir.join("out"));
    assert_eq!(s["removed"][0]["input"], "b.xlsx");
    assert_eq!(units(&s).len(), 1);
    assert!(dir.join("out/说明/readme.txt").is_file());
    let index = std::fs::read_to_string(dir.join("out/index.html")).unwrap();
    assert!(index.contains("已删除的输入") && index.contains("b.xlsx"));
}

#[test]
fn the_later_workbook_of_a_unit_and_year_wins() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    put(dir, "in/甲局-初稿.xlsx", &clean_of("甲局", (2023, 3, 20)));
    put(dir, "in/甲局-改.xlsx", &clean_of("甲局", (2023, 4, 2)));
    assert_eq!(run(dir, &[]), 0);
    let s = summary(&dir.join("out"));
    let old = unit(&s, "甲局-初稿.xlsx");
    assert_eq!(old["status"], "superseded");
    assert_eq!(old["status_zh"], "已被替代");
    assert_eq!(old["superseded_by"], "甲局-改.xlsx");
    assert_eq!(old["folder"], "甲局-2022-已被替代-甲局-初稿");
    let new = unit(&s, "甲局-改.xlsx");
    assert_eq!(new["status"], "passed");
    assert_eq!(new["folder"], "甲局-2022");
    assert_eq!(
        s["grades"][0]["count"], 1,
        "a replaced workbook is not counted twice"
    );
}

#[test]
fn the_roster_lists_who_has_not_submitted() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    put(dir, "in/a.xlsx", &clean_of("甲局", (2023, 3, 1)));
    put(dir, "名单.csv", "单位名称\n甲局\n乙局\n丙局\n".as_bytes());
    assert_eq!(run(dir, &["--roster", "名单.csv"]), 0);
    let s = summary(&dir.join("out"));
    assert_eq!(s["missing"], serde_json::json!(["乙局", "丙局"]));
    assert_eq!(s["roster_size"], 3);
    let index = std::fs::read_to_string(dir.join("out/index.html")).unwrap();
    assert!(index.contains("未报送") && index.contains("丙局"));
    // A roster inside the input folder is not taken for a workbook.
    put(dir, "in/名单.csv", "甲局\n".as_bytes());
    assert_eq!(run(dir, &["--roster", "in/名单.csv"]), 0);
    let s = summary(&dir.join("out"));
    assert_eq!(units(&s).len(), 1);
    assert_eq!(s["missing"], serde_json::json!([]));
}

#[test]
fn a_roster_workbook_works_as_a_csv_does() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    put(dir, "in/a.xlsx", &clean_of("甲局", (2023, 3, 1)));
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    for (r, row) in [
        ["序号", "单位名称"],
        ["1", "乙局"],
        ["2", "甲局"],
        ["3", "丁局"],
    ]
    .iter()
    .enumerate()
    {
        for (c, v) in row.iter().enumerate() {
            ws.write_string(r as u32, c as u16, *v).unwrap();
        }
    }
    put(dir, "应报送.xlsx", &wb.save_to_buffer().unwrap());
    assert_eq!(run(dir, &["--roster", "应报送.xlsx"]), 0);
    let s = summary(&dir.join("out"));
    assert_eq!(s["missing"], serde_json::json!(["乙局", "丁局"]));
    let xlsx = std::fs::read(dir.join("out/summary.xlsx")).unwrap();
    let wb = jixiao::ingest::read::read_bytes(&xlsx, &Limits::default()).unwrap();
    assert!(wb.sheet_names.iter().any(|s| s == "未报送"));
}

#[test]
fn a_killed_run_leaves_no_partial_file_and_the_next_run_finishes() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    for i in 0..40 {
        put(
            dir,
            &format!("in/w{i:02}.xlsx"),
            &clean_of(&format!("第{i}局"), (2023, 3, 1)),
        );
    }
    let bin = assert_cmd::cargo::cargo_bin("jixiao");
    let mut child = std::process::Command::new(&bin)
        .current_dir(dir)
        .args(["run", "in", "-o", "out", "--quiet", "--jobs", "1"])
        .spawn()
        .unwrap();
    // Kill it once some outputs exist.
    let staging = dir.join("out/.jixiao/staging");
    for _ in 0..400 {
        let started = std::fs::read_dir(&staging).map(|d| d.count()).unwrap_or(0);
        if started >= 3 {
            break;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    assert!(
        !dir.join("out/summary.json").exists(),
        "the run finished before it was killed"
    );
    // Every output file that exists is whole: temporary files and jixiao's
    // own unpublished staging folder aside, each output parses.
    let check_whole = |out: &Path| {
        for e in walkdir::WalkDir::new(out)
            .into_iter()
            .filter_entry(|e| e.file_name() != ".jixiao")
            .flatten()
            .filter(|e| e.file_type().is_file())
        {
            let name = e.file_name().to_string_lossy().into_owned();
            if name.starts_with(".jixiao-") {
                continue;
            }
            let bytes = std::fs::read(e.path()).unwrap();
            if name.ends_with(".xlsx") {
                jixiao::ingest::read::read_bytes(&bytes, &Limits::default())
                    .unwrap_or_else(|f| panic!("{}: {}", e.path().display(), f.message));
            } else if name.ends_with(".json") {
                serde_json::from_slice::<Value>(&bytes)
                    .unwrap_or_else(|err| panic!("{}: {err}", e.path().display()));
            } else if name.ends_with(".html") {
                assert!(
                    String::from_utf8(bytes)
                        .unwrap()
                        .trim_end()
                        .ends_with("</html>"),
                    "{}",
                    e.path().display()
                );
            }
        }
    };
    check_whole(&dir.join("out"));
    assert_eq!(run(dir, &["--jobs", "1"]), 0);
    check_whole(&dir.join("out"));
    let leftovers: Vec<_> = walkdir::WalkDir::new(dir.join("out"))
        .into_iter()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
    assert!(!staging.exists() || std::fs::read_dir(&staging).unwrap().count() == 0);
    let s = summary(&dir.join("out"));
    assert_eq!(units(&s).len(), 40);
    for u in units(&s) {
        let folder = dir.join("out").join(u["folder"].as_str().unwrap());
        assert_eq!(files_in(&folder), ALL_OUTPUTS, "{}", u["input"]);
    }
}

#[test]
fn exit_codes_of_run() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    put(dir, "in/a.xlsx", &clean_of("甲局", (2023, 3, 1)));
    assert_eq!(run(dir, &[]), 0, "clean batch");
    put(dir, "in/b.xlsx", &hostile::not_a_workbook());
    assert_eq!(run(dir, &[]), 1, "a workbook that cannot be read");
    assert_eq!(
        run(dir, &["--framework", "no-such-framework"]),
        2,
        "unknown framework"
    );
    let out = jixiao(dir)
        .args(["run", "missing-folder", "-o", "out"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "missing input folder");
    assert!(String::from_utf8_lossy(&out.stderr).contains("missing-folder"));
    let out = jixiao(dir)
        .args(["run", "in", "-o", "out", "--quiet"])
        .env("JIXIAO_FAULT", "publish")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3), "internal failure");
}

#[test]
fn jixiao_toml_sets_defaults_the_command_line_overrides() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    put(dir, "收件/a.xlsx", &clean_of("甲局", (2023, 3, 1)));
    put(
        dir,
        "jixiao.toml",
        "input = \"收件\"\noutput = \"结果\"\npublic = false\njobs = 1\n".as_bytes(),
    );
    let out = jixiao(dir).args(["run"]).output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("共 1 个工作簿"));
    let folder = dir.join("结果/甲局-2022");
    assert!(
        !folder.join("report.public.html").exists(),
        "public = false"
    );
    assert!(folder.join("report.html").is_file());
    // The command line wins.
    let out = jixiao(dir)
        .args(["run", "-o", "别处", "--quiet"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(dir.join("别处/summary.json").is_file());
    // A typo is an error at its line and column, and nothing runs.
    put(
        dir,
        "jixiao.toml",
        "input = \"收件\"\nouptut = \"x\"\n".as_bytes(),
    );
    let out = jixiao(dir).args(["run"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("jixiao.toml:2:1") && err.contains("ouptut"),
        "{err}"
    );
}

#[cfg(unix)]
#[test]
fn links_in_the_folder_are_followed() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    put(dir, "mail/a.xlsx", &clean_of("甲局", (2023, 3, 1)));
    std::fs::create_dir_all(dir.join("in")).unwrap();
    std::os::unix::fs::symlink(dir.join("mail/a.xlsx"), dir.join("in/a.xlsx")).unwrap();
    assert_eq!(run(dir, &[]), 0);
    assert_eq!(units(&summary(&dir.join("out"))).len(), 1);
}

#[test]
fn a_folder_is_trusted_only_when_it_says_whose_outputs_it_holds() {
    // The state a run stopped between its manifest and its folder moves
    // leaves: the manifest names a folder that still holds another
    // workbook's outputs.
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    put(dir, "in/a.xlsx", &clean_of("甲局", (2023, 3, 1)));
    assert_eq!(run(dir, &[]), 0);
    let copy = |from: &Path, to: &Path| {
        for e in walkdir::WalkDir::new(from).into_iter().flatten() {
            let target = to.join(e.path().strip_prefix(from).unwrap());
            if e.file_type().is_dir() {
                std::fs::create_dir_all(&target).unwrap();
            } else {
                std::fs::copy(e.path(), &target).unwrap();
            }
        }
    };
    copy(&dir.join("out"), &dir.join("out2"));
    put(dir, "in/b.xlsx", &clean_of("甲局", (2023, 4, 1)));
    let out = jixiao(dir)
        .args(["run", "in", "-o", "out2", "--quiet"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    std::fs::copy(
        dir.join("out2/.jixiao/manifest.jsonl"),
        dir.join("out/.jixiao/manifest.jsonl"),
    )
    .unwrap();
    assert_eq!(run(dir, &[]), 0);
    let s = summary(&dir.join("out"));
    assert_eq!(unit(&s, "b.xlsx")["status"], "passed");
    assert_eq!(unit(&s, "a.xlsx")["status"], "superseded");
    let mark = std::fs::read_to_string(dir.join("out/甲局-2022/.jixiao-source")).unwrap();
    assert!(mark.starts_with("b.xlsx\n"), "{mark}");
    let report = std::fs::read_to_string(dir.join("out/甲局-2022/report.md")).unwrap();
    assert!(
        report.contains("2023年4月1日"),
        "the folder holds a.xlsx's report"
    );
}

#[cfg(unix)]
#[test]
fn names_that_are_not_utf8_stay_apart() {
    use std::os::unix::ffi::OsStrExt as _;
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    std::fs::create_dir_all(dir.join("in")).unwrap();
    // 张.xlsx and 李.xlsx in GBK: both read as "\u{fffd}.xlsx".
    for (name, unit) in [
        (&b"\xd5\xc5.xlsx"[..], "甲局"),
        (&b"\xc0\xee.xlsx"[..], "乙局"),
    ] {
        let path = dir.join("in").join(std::ffi::OsStr::from_bytes(name));
        std::fs::write(path, clean_of(unit, (2023, 3, 1))).unwrap();
    }
    assert_eq!(run(dir, &[]), 0);
    let s = summary(&dir.join("out"));
    assert_eq!(units(&s).len(), 2);
    for u in units(&s) {
        let folder = dir.join("out").join(u["folder"].as_str().unwrap());
        assert_eq!(files_in(&folder), ALL_OUTPUTS, "{}", u["input"]);
    }
    assert_ne!(units(&s)[0]["input"], units(&s)[1]["input"]);
}

#[test]
fn the_output_folder_cannot_be_the_input_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    put(dir, "same/a.xlsx", &clean_of("甲局", (2023, 3, 1)));
    let out = jixiao(dir)
        .args(["run", "same", "-o", "same", "--quiet"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("输出文件夹不能就是输入文件夹"));
    assert_eq!(files_in(&dir.join("same")), ["a.xlsx"], "nothing written");
}

#[test]
fn a_manifest_jixiao_cannot_read_redoes_everything_in_the_same_folders() {
    // An older jixiao's manifest (another schema), or none at all: every
    // file is processed again, and the folders jixiao made (they carry its
    // mark) are reused, not numbered past as if they were someone else's.
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    put(dir, "in/a.xlsx", &clean_of("甲局", (2023, 3, 1)));
    put(dir, "in/b.xlsx", &clean_of("乙局", (2023, 3, 1)));
    std::fs::create_dir_all(dir.join("out/丙局-2022")).unwrap();
    assert_eq!(run(dir, &[]), 0);
    let manifest = dir.join("out/.jixiao/manifest.jsonl");
    std::fs::write(
        &manifest,
        "{\"schema\":\"jixiao-manifest/1\",\"entries\":[]}",
    )
    .unwrap();
    assert_eq!(run(dir, &[]), 0);
    let s = summary(&dir.join("out"));
    assert_eq!(s["counts"]["processed"], 2);
    let mut folders: Vec<&str> = units(&s)
        .iter()
        .map(|u| u["folder"].as_str().unwrap())
        .collect();
    folders.sort_unstable();
    assert_eq!(folders, ["乙局-2022", "甲局-2022"]);
    // The department's own folder is left alone.
    assert!(dir.join("out/丙局-2022").is_dir());
    let written = std::fs::read_to_string(&manifest).unwrap();
    assert!(written.starts_with("{\"schema\":\"jixiao-manifest/3\""));
    assert_eq!(
        written.lines().count(),
        3,
        "a header and one line per workbook"
    );
}

#[test]
fn a_manifest_of_the_previous_schema_is_redone_but_its_folders_are_known() {
    // jixiao-manifest/2 did not know a project workbook from a department's:
    // its results are not reused, but the folders it names are jixiao's, so
    // a deleted input's outputs are still removed.
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    put(dir, "in/a.xlsx", &clean_of("甲局", (2023, 3, 1)));
    put(dir, "in/b.xlsx", &clean_of("乙局", (2023, 3, 1)));
    assert_eq!(run(dir, &[]), 0);
    let manifest = dir.join("out/.jixiao/manifest.jsonl");
    let written = std::fs::read_to_string(&manifest).unwrap();
    std::fs::write(
        &manifest,
        written.replacen("jixiao-manifest/3", "jixiao-manifest/2", 1),
    )
    .unwrap();
    std::fs::remove_file(dir.join("in/b.xlsx")).unwrap();
    assert_eq!(run(dir, &[]), 0);
    let s = summary(&dir.join("out"));
    assert_eq!(s["counts"]["processed"], 1);
    assert_eq!(s["counts"]["skipped"], 0);
    assert_eq!(s["removed"][0]["input"], "b.xlsx");
    assert!(!dir.join("out/乙局-2022").exists());
    assert!(dir.join("out/甲局-2022/report.html").is_file());
}

/// A blank template, a workbook with no self-scores and one with a
/// self-score missing are not graded: the summary counts them apart
/// (未自评, 不完整), never as 差, and gives them no score.
#[test]
fn units_without_a_complete_self_assessment_are_counted_apart() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    put(
        &input,
        "空白模板.xlsx",
        &build(&jixiao::workbook::inputs::Inputs::default()),
    );
    let mut no_self = clean_inputs();
    no_self.scalars.insert("unit_name".into(), text("未自评局"));
    no_self.scalars.remove("unit_code");
    no_self.scalars.remove("score_overall_self");
    for row in no_self.tables.get_mut("tbl_scores").unwrap() {
        row.remove("self_score");
        row.remove("reason");
    }
    put(&input, "未自评.xlsx", &build(&no_self));
    let mut one_missing = clean_inputs();
    one_missing
        .scalars
        .insert("unit_name".into(), text("缺一项局"));
    one_missing.scalars.remove("unit_code");
    crate::support::workbook::set_cell(&mut one_missing, "tbl_scores", 0, "self_score", None);
    put(&input, "缺一项.xlsx", &build(&one_missing));
    put(&input, "完整.xlsx", &clean_of("完整局", (2023, 3, 1)));
    run(dir.path(), &[]);
    let s = summary(&dir.path().join("out"));
    for (file, standing) in [
        ("空白模板.xlsx", "未自评"),
        ("未自评.xlsx", "未自评"),
        ("缺一项.xlsx", "不完整"),
    ] {
        let u = unit(&s, file);
        assert_eq!(u["grade"], Value::Null, "{u}");
        assert_eq!(u["score"], Value::Null, "{u}");
        assert_eq!(u["standing"], standing, "{u}");
    }
    assert_eq!(unit(&s, "完整.xlsx")["standing"], Value::Null);
    assert!(unit(&s, "完整.xlsx")["grade"].is_string());
    let grades: Vec<(String, u64)> = s["grades"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| {
            (
                g["grade"].as_str().unwrap().to_string(),
                g["count"].as_u64().unwrap(),
            )
        })
        .collect();
    assert!(grades.iter().all(|(g, _)| g != "差"), "{grades:?}");
    assert!(grades.contains(&("未自评".to_string(), 2)), "{grades:?}");
    assert!(grades.contains(&("不完整".to_string(), 1)), "{grades:?}");
    let html = std::fs::read_to_string(dir.path().join("out/index.html")).unwrap();
    assert!(html.contains("<span class=\"standing\">未自评</span>"));
}

/// The TOML of one project's workbook of 示例县医疗保障局 for 2022: its
/// name, fill date and the points of its three indicators (10 more are
/// the 预算执行率's).
pub(crate) fn project_source(project: &str, fill: &str, points: [u32; 3]) -> String {
    let [a, b, c] = points;
    format!(
        r#"
[fields]
unit_name = "示例县医疗保障局"
year = 2022
fill_date = {fill}
contact_name = "李四"
contact_phone = "0791-88888888"
framework = "national"

[[tables.tbl_projects]]
name = "{project}"
supervisor = "示例县医疗保障局"
implementer = "示例县医疗保障局"
budget_initial = 48
budget_full = 48
executed = 48
goal = "全年完成{project}。"
done = "已完成。"

[[tables.tbl_project_indicators]]
level1 = "产出指标"
level2 = "数量指标"
level3 = "救助人次"
target = "≥95%"
actual = "96%"
points = {a}
self_score = {a}

[[tables.tbl_project_indicators]]
level1 = "效益指标"
level2 = "社会效益指标"
level3 = "救助及时率"
target = "100%"
actual = "100%"
points = {b}
self_score = {b}

[[tables.tbl_project_indicators]]
level1 = "满意度指标"
level2 = "服务对象满意度指标"
level3 = "受助对象满意度"
target = "≥90%"
actual = "96%"
points = {c}
self_score = {c}
"#
    )
}

/// A project workbook, written by `jixiao fill --kind project` into `in/`.
pub(crate) fn put_project(dir: &Path, name: &str, source: &str) {
    let data = dir.join(format!("{name}.toml"));
    std::fs::write(&data, source).unwrap();
    std::fs::create_dir_all(dir.join("in")).unwrap();
    let out = jixiao(dir)
        .args(["fill", "--kind", "project"])
        .arg(&data)
        .arg("-o")
        .arg(dir.join("in").join(name))
        .output()
        .unwrap();
    assert!(
        out.status.code().is_some_and(|c| c <= 1),
        "fill failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn projects(s: &Value) -> &Vec<Value> {
    s["projects"].as_array().unwrap()
}

fn project<'a>(s: &'a Value, input: &str) -> &'a Value {
    projects(s)
        .iter()
        .find(|p| p["input"] == input)
        .unwrap_or_else(|| panic!("{input} not among the projects"))
}

#[test]
fn department_and_project_workbooks_make_one_summary() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    put(
        dir,
        "in/部门.xlsx",
        &clean_of("示例县医疗保障局", (2023, 3, 15)),
    );
    put_project(
        dir,
        "振兴-初稿.xlsx",
        &project_source("乡村振兴补助", "2023-03-01", [50, 30, 10]),
    );
    put_project(
        dir,
        "振兴-定稿.xlsx",
        &project_source("乡村振兴补助", "2023-03-10", [50, 30, 10]),
    );
    // Indicators of 100 points besides the 预算执行率's 10: 110 in all.
    put_project(
        dir,
        "资助.xlsx",
        &project_source("学生资助", "2023-03-05", [50, 30, 20]),
    );
    std::fs::write(
        dir.join("名单.csv"),
        "单位名称,项目名称\n示例县医疗保障局,\n示例县医疗保障局,乡村振兴补助\n,学生资助\n,道路维修\n",
    )
    .unwrap();
    // The 110-point project is an error.
    assert_eq!(run(dir, &["--roster", "名单.csv"]), 1);
    let s = summary(&dir.join("out"));
    assert_eq!(s["schema"], "jixiao-summary/3");
    assert_eq!(s["counts"]["total"], 4);
    assert_eq!(s["counts"]["department"], 1);
    assert_eq!(s["counts"]["project"], 2);
    assert_eq!(s["counts"]["superseded"], 1);

    // The department's workbook is not replaced by its projects'.
    assert_eq!(units(&s).len(), 1);
    let dept = unit(&s, "部门.xlsx");
    assert_eq!(dept["status"], "passed");
    assert_eq!(dept["folder"], "示例县医疗保障局-2022");

    // Two versions of one project: the later one wins.
    let first = project(&s, "振兴-初稿.xlsx");
    assert_eq!(first["status"], "superseded");
    assert_eq!(first["superseded_by"], "振兴-定稿.xlsx");
    let later = project(&s, "振兴-定稿.xlsx");
    assert_eq!(later["status"], "passed", "{later}");
    assert_eq!(later["project"], "乡村振兴补助");
    assert_eq!(later["valid"], true);
    assert!(later["grade"].is_string(), "{later}");
    assert_eq!(later["folder"], "示例县医疗保障局-2022-项目-乡村振兴补助");

    // The 110-point project: a computed figure, no grade, never 差.
    let weights = project(&s, "资助.xlsx");
    assert_eq!(weights["superseded_by"], Value::Null);
    assert_eq!(weights["valid"], false);
    assert_eq!(weights["score"], Value::Null);
    assert_eq!(weights["grade"], Value::Null);
    assert_eq!(weights["computed"], "110.00");
    assert_eq!(weights["standing"], "权重不符");
    let tally: Vec<(&str, u64)> = s["project_grades"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| (g["grade"].as_str().unwrap(), g["count"].as_u64().unwrap()))
        .collect();
    assert!(tally.contains(&("权重不符", 1)), "{tally:?}");
    assert!(!tally.iter().any(|(g, _)| *g == "差"), "{tally:?}");
    assert_eq!(tally.iter().map(|(_, n)| n).sum::<u64>(), 2);
    let index = std::fs::read_to_string(dir.join("out/index.html")).unwrap();
    assert!(index.contains("计算值 110.00（权重不符）"));
    assert!(index.contains("部门整体支出绩效自评表 1 份、项目支出绩效自评表 2 份"));

    // Each submission has its own folder beside the department's.
    for folder in [
        "示例县医疗保障局-2022",
        "示例县医疗保障局-2022-项目-乡村振兴补助",
        "示例县医疗保障局-2022-项目-乡村振兴补助-已被替代-振兴-初稿",
        "示例县医疗保障局-2022-项目-学生资助",
    ] {
        assert!(
            dir.join("out")
                .join(folder)
                .join("diagnostics.json")
                .is_file(),
            "{folder}"
        );
    }

    // The roster's project not received.
    assert_eq!(s["missing"].as_array().unwrap().len(), 0);
    assert_eq!(
        s["missing_projects"],
        serde_json::json!([{"unit": "示例县医疗保障局", "project": "道路维修"}])
    );

    // A second run keeps every folder and skips every file.
    assert_eq!(run(dir, &["--roster", "名单.csv"]), 1);
    let again = summary(&dir.join("out"));
    assert_eq!(again["counts"]["skipped"], 4);
    let folders = |s: &Value| -> Vec<String> {
        units(s)
            .iter()
            .chain(projects(s))
            .map(|u| u["folder"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(folders(&s), folders(&again));
}

/// The folders of the units in the summary, by input.
fn folders(out: &Path) -> Vec<(String, String)> {
    let s = summary(out);
    let mut seen: Vec<(String, String)> = units(&s)
        .iter()
        .map(|u| {
            (
                u["input"].as_str().unwrap().to_string(),
                u["folder"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    seen.sort();
    seen
}

#[test]
fn a_name_too_long_for_the_file_system_gets_a_short_folder() {
    let dir = tempfile::tempdir().unwrap();
    let name = "\u{20000}".repeat(100);
    put(
        &dir.path().join("in"),
        "wide.xlsx",
        &clean_of(&name, (2023, 3, 1)),
    );
    put(&dir.path().join("in"), "bad.xlsx", b"not a workbook");
    assert_eq!(run(dir.path(), &[]), 1);
    let out = dir.path().join("out");
    assert!(out.join("index.html").is_file());
    assert!(out.join("summary.xlsx").is_file());
    let folder = folders(&out)
        .into_iter()
        .find(|(input, _)| input == "wide.xlsx")
        .unwrap()
        .1;
    assert!(folder.len() <= 120, "{folder}");
    assert!(folder.starts_with('\u{20000}'), "{folder}");
    assert_eq!(files_in(&out.join(&folder)), ALL_OUTPUTS);
}

#[test]
fn a_leading_dot_never_takes_another_units_folder() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    put(
        &input,
        "real.xlsx",
        &clean_of("岳阳市君山区医疗保障局", (2023, 3, 1)),
    );
    put(
        &input,
        "dotted.xlsx",
        &clean_of(".岳阳市君山区医疗保障局", (2023, 3, 2)),
    );
    put(
        &input,
        "rtl.xlsx",
        &clean_of("岳阳市\u{202E}君山区医疗保障局", (2023, 3, 3)),
    );
    let rc = run(dir.path(), &[]);
    assert!(rc == 0 || rc == 1, "{rc}");
    let out = dir.path().join("out");
    // Three units (punctuation and invisible characters make another
    // unit): none replaced, each in its own folder.
    let s = summary(&out);
    assert_eq!(s["counts"]["superseded"], 0);
    assert_eq!(
        folders(&out),
        [
            ("dotted.xlsx".into(), "_岳阳市君山区医疗保障局-2022".into()),
            ("real.xlsx".into(), "岳阳市君山区医疗保障局-2022".into()),
            ("rtl.xlsx".into(), "岳阳市_君山区医疗保障局-2022".into()),
        ]
    );
    for (_, folder) in folders(&out) {
        assert_eq!(files_in(&out.join(folder)), ALL_OUTPUTS);
    }
    // A second run keeps each where it is.
    let before = folders(&out);
    run(dir.path(), &["--force"]);
    assert_eq!(folders(&out), before);
}

#[test]
fn a_unit_code_is_the_units_identity_whatever_its_name() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    let coded = |name: &str, day: u32| {
        let mut inputs = clean_inputs();
        inputs.scalars.insert("unit_name".into(), text(name));
        inputs
            .scalars
            .insert("unit_code".into(), text("11430600MB1234567X"));
        inputs.scalars.insert(
            "fill_date".into(),
            Input::Date(NaiveDate::from_ymd_opt(2023, 3, day).unwrap()),
        );
        build(&inputs)
    };
    put(&input, "old.xlsx", &coded("君山区医保局", 1));
    put(&input, "new.xlsx", &coded("岳阳市君山区医疗保障局", 2));
    assert_eq!(run(dir.path(), &[]), 0);
    let s = summary(&dir.path().join("out"));
    assert_eq!(unit(&s, "old.xlsx")["status"], "superseded");
    assert_eq!(unit(&s, "new.xlsx")["status"], "passed");
}

#[test]
fn a_second_run_on_the_same_output_stops_at_once() {
    let dir = tempfile::tempdir().unwrap();
    put(
        &dir.path().join("in"),
        "a.xlsx",
        &clean_of("甲局", (2023, 3, 1)),
    );
    let state = dir.path().join("out/.jixiao");
    std::fs::create_dir_all(&state).unwrap();
    // This process holds the lock as a running `run` would.
    let lock = std::fs::File::create(state.join("lock")).unwrap();
    fs4::FileExt::try_lock(&lock).unwrap();
    let out = jixiao(dir.path())
        .args(["run", "in", "-o", "out", "--quiet"])
        .timeout(Duration::from_secs(60))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("另一个 jixiao run 正在使用输出文件夹"),
        "{stderr}"
    );
    assert!(!dir.path().join("out/summary.json").exists());
    assert!(!state.join("staging").exists(), "nothing touched");
    // Released (as the OS does when the holder dies), the run goes ahead.
    drop(lock);
    assert_eq!(run(dir.path(), &[]), 0);
    assert!(dir.path().join("out/summary.json").is_file());
}

/// A clean workbook whose `key` holds `len` characters: made with a short
/// placeholder, then the placeholder replaced in the file's XML (a cell of
/// more than Excel's 32,767 characters cannot be written the ordinary way).
fn long_text_in(key: &str, len: usize) -> Vec<u8> {
    let mut inputs = clean_inputs();
    inputs.scalars.remove("unit_code");
    inputs.scalars.insert(key.into(), text("长文本占位"));
    let long = "长".repeat(len);
    crate::support::workbook::patch_xlsx(&build(&inputs), |_, xml| xml.replace("长文本占位", &long))
}

/// Every XML part of an .xlsx, one after another.
fn xlsx_text(bytes: &[u8]) -> String {
    use std::io::Read as _;
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut all = String::new();
    for i in 0..zip.len() {
        zip.by_index(i).unwrap().read_to_string(&mut all).unwrap();
    }
    all
}

#[test]
fn texts_longer_than_a_cell_allows_are_cut_with_a_note_not_a_failure() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    put(
        &input,
        "long-text.xlsx",
        &long_text_in("achievements", 40_000),
    );
    put(&input, "long-unit.xlsx", &long_text_in("unit_name", 40_000));
    let rc = run(dir.path(), &[]);
    assert!(rc == 0 || rc == 1, "{rc}");
    let out = dir.path().join("out");
    assert!(out.join("summary.xlsx").is_file());
    let s = summary(&out);
    for input in ["long-text.xlsx", "long-unit.xlsx"] {
        let u = unit(&s, input);
        assert_eq!(u["output_error"], Value::Null, "{u}");
        let folder = out.join(u["folder"].as_str().unwrap());
        assert_eq!(files_in(&folder), ALL_OUTPUTS, "{input}");
        // The completed workbook is read back: its cell holds the start of
        // the text and the note saying how long the original was.
        let completed = std::fs::read(folder.join("completed.xlsx")).unwrap();
        let xml = xlsx_text(&completed);
        assert!(xml.contains("（已截断，原文 40000 字）"), "{input}");
        assert!(!xml.contains(&"长".repeat(32_768)), "{input}");
    }
    let summary_xlsx = std::fs::read(out.join("summary.xlsx")).unwrap();
    let xml = xlsx_text(&summary_xlsx);
    assert!(xml.contains("（已截断，原文 40000 字）"));
}

#[test]
fn a_folder_named_by_an_earlier_rule_is_renamed_not_redone() {
    let dir = tempfile::tempdir().unwrap();
    put(
        &dir.path().join("in"),
        "a.xlsx",
        &clean_of(".甲局", (2023, 3, 1)),
    );
    assert_eq!(run(dir.path(), &[]), 0);
    let out = dir.path().join("out");
    assert_eq!(folders(&out), [("a.xlsx".into(), "_甲局-2022".into())]);
    // As an earlier version named it (the leading dot dropped): the
    // folder and the manifest say so.
    std::fs::rename(out.join("_甲局-2022"), out.join("甲局-2022")).unwrap();
    let manifest = out.join(".jixiao/manifest.jsonl");
    let text = std::fs::read_to_string(&manifest).unwrap();
    assert!(text.contains("\"folder\":\"_甲局-2022\""));
    std::fs::write(
        &manifest,
        text.replace("\"folder\":\"_甲局-2022\"", "\"folder\":\"甲局-2022\""),
    )
    .unwrap();
    assert_eq!(run(dir.path(), &[]), 0);
    let s = summary(&out);
    assert_eq!(s["counts"]["processed"], 0, "renamed, not redone");
    assert_eq!(folders(&out), [("a.xlsx".into(), "_甲局-2022".into())]);
    assert_eq!(files_in(&out.join("_甲局-2022")), ALL_OUTPUTS);
    assert!(!out.join("甲局-2022").exists());
}

/// A sheet's rows as text, header first, as calamine reads them.
fn sheet_rows(bytes: &[u8], sheet: &str) -> Vec<Vec<String>> {
    use calamine::Reader as _;
    let mut xlsx: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(bytes.to_vec())).unwrap();
    let range = xlsx.worksheet_range(sheet).unwrap();
    range
        .rows()
        .map(|r| r.iter().map(ToString::to_string).collect())
        .collect()
}

/// The 公开版 column of a summary sheet, by input file.
fn public_column(bytes: &[u8], sheet: &str) -> Vec<(String, String)> {
    let rows = sheet_rows(bytes, sheet);
    let at = |name: &str| rows[0].iter().position(|h| h == name).unwrap();
    let (input, public) = (at("输入文件"), at("公开版"));
    let mut column: Vec<(String, String)> = rows[1..]
        .iter()
        .map(|r| (r[input].clone(), r[public].clone()))
        .collect();
    column.sort();
    column
}

#[test]
fn workbooks_with_errors_are_marked_not_yet_public_unless_published_despite_them() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    // A department's workbook with an error (收入合计 that its parts do not
    // make), another's without, and a project workbook of each.
    let mut failing = clean_inputs();
    failing
        .scalars
        .insert("unit_name".into(), text("示例县卫生健康局"));
    failing.scalars.remove("unit_code");
    crate::support::workbook::set_cell(
        &mut failing,
        "tbl_finance",
        0,
        "income_total",
        Some(crate::support::workbook::num(9999.0)),
    );
    put(dir, "in/卫健.xlsx", &build(&failing));
    put(
        dir,
        "in/医保.xlsx",
        &clean_of("示例县医疗保障局", (2023, 3, 15)),
    );
    put_project(
        dir,
        "振兴.xlsx",
        &project_source("乡村振兴补助", "2023-03-10", [50, 30, 10]),
    );
    // 110 points in all: an error.
    put_project(
        dir,
        "资助.xlsx",
        &project_source("学生资助", "2023-03-05", [50, 30, 20]),
    );
    for (extra, withheld) in [
        (&[][..], ["卫健.xlsx", "资助.xlsx"].as_slice()),
        (&["--public-despite-errors"][..], [].as_slice()),
    ] {
        assert_eq!(run(dir, extra), 1);
        let out = dir.join("out");
        let s = summary(&out);
        assert_eq!(unit(&s, "卫健.xlsx")["status"], "failed");
        assert_eq!(project(&s, "资助.xlsx")["status"], "failed");
        let marked = |v: &Value| v["public_withheld"].as_bool().unwrap();
        for input in ["卫健.xlsx", "医保.xlsx"] {
            assert_eq!(
                marked(unit(&s, input)),
                withheld.contains(&input),
                "{input}"
            );
        }
        for input in ["振兴.xlsx", "资助.xlsx"] {
            assert_eq!(
                marked(project(&s, input)),
                withheld.contains(&input),
                "{input}"
            );
        }
        // A department's projects link to its reports: marked with it.
        let department_projects = s["department_projects"].as_array().unwrap();
        let of_withheld = department_projects
            .iter()
            .filter(|p| withheld.contains(&p["input"].as_str().unwrap()))
            .count();
        assert!(withheld.is_empty() || of_withheld > 0);
        for p in department_projects {
            let input = p["input"].as_str().unwrap();
            assert_eq!(marked(p), withheld.contains(&input), "{input}");
        }
        // The page labels the link of each withheld one, and only those.
        let html = std::fs::read_to_string(out.join("index.html")).unwrap();
        assert_eq!(
            html.matches("公开版（暂不公开）").count(),
            withheld.len() + of_withheld,
            "{extra:?}"
        );
        // The summary workbook says it in its 公开版 column.
        let xlsx = std::fs::read(out.join("summary.xlsx")).unwrap();
        let word = |input: &str| {
            if withheld.contains(&input) {
                "暂不公开".to_string()
            } else {
                "已生成".to_string()
            }
        };
        assert_eq!(
            public_column(&xlsx, "汇总"),
            ["医保.xlsx", "卫健.xlsx"]
                .map(|i| (i.to_string(), word(i)))
                .into_iter()
                .collect::<std::collections::BTreeSet<_>>()
                .into_iter()
                .collect::<Vec<_>>()
        );
        assert_eq!(
            public_column(&xlsx, "项目"),
            ["振兴.xlsx", "资助.xlsx"]
                .map(|i| (i.to_string(), word(i)))
                .into_iter()
                .collect::<std::collections::BTreeSet<_>>()
                .into_iter()
                .collect::<Vec<_>>()
        );
    }
}

/// The links of a page (`href="…"`) that name a file of the output folder,
/// percent-decoded: every one but anchors and web addresses.
fn local_links(page: &str) -> Vec<String> {
    let decode = |s: &str| {
        // Two hex digits after each `%`, as the summary's links encode.
        let b = s.as_bytes();
        let mut out = Vec::with_capacity(b.len());
        let mut i = 0;
        while i < b.len() {
            if b[i] == b'%' && i + 2 < b.len() + 1 {
                let hex = std::str::from_utf8(&b[i + 1..i + 3]).unwrap();
                out.push(u8::from_str_radix(hex, 16).unwrap());
                i += 3;
            } else {
                out.push(b[i]);
                i += 1;
            }
        }
        String::from_utf8(out).unwrap()
    };
    page.split("href=\"")
        .skip(1)
        .map(|rest| rest.split('"').next().unwrap())
        .filter(|h| !h.starts_with('#') && !h.contains("://") && !h.starts_with("mailto:"))
        .map(|h| decode(&h.replace("&amp;", "&")))
        .collect()
}

/// What a run's summary says of each input, for comparing two runs.
fn listed(out: &Path) -> Vec<(String, String, String, String)> {
    let s = summary(out);
    let mut rows: Vec<_> = units(&s)
        .iter()
        .map(|u| {
            let text = |k: &str| u[k].as_str().unwrap_or_default().to_string();
            (
                text("input"),
                text("folder"),
                text("status"),
                text("superseded_by"),
            )
        })
        .collect();
    rows.sort();
    rows
}

#[test]
#[cfg(unix)]
fn a_run_killed_at_any_stage_is_repaired_by_the_next() {
    use std::os::unix::process::ExitStatusExt as _;
    // The stages of `JIXIAO_FAULT=kill:STAGE`, in the order a run meets them.
    let stages = [
        "started",
        "file:a.xlsx",
        "writing:d.xlsx",
        "writing:b.xlsx",
        "checked",
        "settled",
        "manifest",
        "publishing",
        "published",
        "retiring",
        "retired",
        "ledger",
        "summary",
        "summarized",
    ];
    let first = |dir: &Path| {
        put(dir, "in/a.xlsx", &clean_of("甲局", (2023, 3, 1)));
        put(dir, "in/b.xlsx", &clean_of("乙局", (2023, 3, 1)));
        put(dir, "in/c.xlsx", &clean_of("丙局", (2023, 3, 1)));
    };
    // Then: c removed (its folder retired), b changed (re-rendered over
    // its folder), d a later version of a (a's folder renamed, d taking
    // its name: the folders swap through the parking place).
    let second = |dir: &Path| {
        std::fs::remove_file(dir.join("in/c.xlsx")).unwrap();
        put(dir, "in/b.xlsx", &clean_of("乙局", (2023, 3, 5)));
        put(dir, "in/d.xlsx", &clean_of("甲局", (2023, 3, 9)));
    };
    // What an uninterrupted second run gives.
    let reference = tempfile::tempdir().unwrap();
    first(reference.path());
    assert_eq!(run(reference.path(), &["--jobs", "1"]), 0);
    second(reference.path());
    let normal = run(reference.path(), &["--jobs", "1"]);
    let want = listed(&reference.path().join("out"));
    assert_eq!(want.len(), 3);
    for stage in stages {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path();
        let out = dir.join("out");
        first(dir);
        assert_eq!(run(dir, &["--jobs", "1"]), 0, "{stage}");
        second(dir);
        let killed = jixiao(dir)
            .args(["run", "in", "-o", "out", "--quiet", "--jobs", "1"])
            .env("JIXIAO_FAULT", format!("kill:{stage}"))
            .output()
            .unwrap();
        assert_eq!(killed.status.signal(), Some(6), "{stage}: not killed there");
        // The next run, as usual: the lock of the killed one is gone.
        assert_eq!(run(dir, &["--jobs", "1"]), normal, "{stage}");
        assert_eq!(listed(&out), want, "{stage}");
        let s = summary(&out);
        assert_eq!(s["removed"].as_array().map(Vec::len), Some(1), "{stage}");
        assert_eq!(s["removed"][0]["input"], "c.xlsx", "{stage}");
        // Every link of the page names a file that is there.
        let index = std::fs::read_to_string(out.join("index.html")).unwrap();
        let links = local_links(&index);
        assert!(links.len() >= 3 * 4, "{stage}: {links:?}");
        for link in &links {
            assert!(out.join(link).is_file(), "{stage}: {link} is dead");
        }
        // Each input's outputs once, whole, in its own folder; no other
        // folder of jixiao's.
        let mut folders: Vec<String> = std::fs::read_dir(&out)
            .unwrap()
            .map(|e| e.unwrap())
            .filter(|e| e.file_type().unwrap().is_dir() && e.file_name() != ".jixiao")
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        folders.sort();
        let mut named: Vec<String> = want.iter().map(|w| w.1.clone()).collect();
        named.sort();
        assert_eq!(folders, named, "{stage}");
        for (input, folder, ..) in &want {
            let got = out.join(folder);
            let made = reference.path().join("out").join(folder);
            assert_eq!(files_in(&got), files_in(&made), "{stage}: {folder}");
            let mark = std::fs::read_to_string(got.join(".jixiao-source")).unwrap();
            assert_eq!(mark.lines().next(), Some(input.as_str()), "{stage}");
        }
        // Nothing temporary or staged is left.
        let leftovers: Vec<_> = walkdir::WalkDir::new(&out)
            .into_iter()
            .flatten()
            .map(|e| e.path().strip_prefix(&out).unwrap().display().to_string())
            .filter(|p| {
                p.ends_with(".tmp")
                    || p.starts_with(".jixiao/staging/")
                    || p.starts_with(".jixiao/moving")
                    || ["pending.jsonl", "body.jsonl", "moves.jsonl", "running"]
                        .iter()
                        .any(|f| p == &format!(".jixiao/{f}"))
            })
            .collect();
        assert!(leftovers.is_empty(), "{stage}: {leftovers:?}");
    }
}

#[test]
#[cfg(unix)]
fn a_fifo_in_the_input_folder_is_named_as_not_read_and_never_opened() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    put(dir, "in/a.xlsx", &clean_of("甲局", (2023, 3, 1)));
    // One named as a workbook, one as saved mail: neither is opened, both
    // are named.
    for name in ["管道.xlsx", "管道.eml"] {
        let made = std::process::Command::new("mkfifo")
            .arg(dir.join("in").join(name))
            .status()
            .unwrap();
        assert!(made.success());
    }
    // Opening the FIFO would block: nobody writes to it.
    let out = jixiao(dir)
        .args(["run", "in", "-o", "out", "--quiet"])
        .timeout(Duration::from_secs(120))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let s = summary(&dir.join("out"));
    assert_eq!(units(&s).len(), 3);
    for name in ["管道.xlsx", "管道.eml"] {
        let pipe = unit(&s, name);
        assert_eq!(pipe["status"], "unreadable");
        assert!(
            pipe["first_error"]
                .as_str()
                .unwrap()
                .contains("不是普通文件"),
            "{pipe}"
        );
    }
    assert_eq!(unit(&s, "a.xlsx")["status"], "passed");
    let index = std::fs::read_to_string(dir.join("out/index.html")).unwrap();
    assert!(index.contains("管道.xlsx"));
}

#[test]
fn units_whose_names_look_alike_are_kept_apart_with_a_warning() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    // One zero-width space apart: two units, that look the same.
    put(
        dir,
        "in/a.xlsx",
        &clean_of("岳阳市君山区医疗保障局", (2023, 3, 1)),
    );
    put(
        dir,
        "in/b.xlsx",
        &clean_of("岳阳市君山区\u{200B}医疗保障局", (2023, 3, 2)),
    );
    put(
        dir,
        "in/c.xlsx",
        &clean_of("岳阳市君山区财政局", (2023, 3, 1)),
    );
    let out = jixiao(dir)
        .args(["run", "in", "-o", "out"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let s = summary(&dir.join("out"));
    // Different units: neither replaces the other.
    assert_eq!(unit(&s, "a.xlsx")["status"], "passed");
    assert_eq!(unit(&s, "b.xlsx")["status"], "passed");
    let warnings = s["look_alike"].as_array().unwrap();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    let w = &warnings[0];
    let inputs: Vec<&Value> = w["units"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| &u["inputs"][0])
        .collect();
    assert_eq!(inputs, ["a.xlsx", "b.xlsx"]);
    let message = w["message"].as_str().unwrap();
    for part in [
        "“岳阳市君山区医疗保障局”（a.xlsx）",
        "“岳阳市君山区<U+200B>医疗保障局”（b.xlsx）",
        "同一单位",
        "统一社会信用代码",
    ] {
        assert!(message.contains(part), "{part}: {message}");
    }
    assert!(!message.contains("c.xlsx"));
    // Near the top of the page: before the units' table.
    let index = std::fs::read_to_string(dir.join("out/index.html")).unwrap();
    let warned = index.find("名称相似的单位").expect("the page warns");
    assert!(warned < index.find("各单位（部门整体）").unwrap());
    assert!(
        index.contains("岳阳市君山区&lt;U+200B&gt;医疗保障局")
            || index.contains("岳阳市君山区<U+200B>医疗保障局")
    );
    let rows = sheet_rows(
        &std::fs::read(dir.join("out/summary.xlsx")).unwrap(),
        "名称相似",
    );
    assert_eq!(rows.len(), 3, "{rows:?}");
    assert_eq!(rows[1][2], "a.xlsx");
    assert_eq!(rows[2][2], "b.xlsx");
    assert!(rows[1][3].contains("统一社会信用代码"));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains(message), "{stderr}");
    // One name unified: no warning any more.
    put(
        dir,
        "in/b.xlsx",
        &clean_of("岳阳市君山区医疗保障局", (2023, 3, 2)),
    );
    assert_eq!(run(dir, &[]), 0);
    let s = summary(&dir.join("out"));
    assert_eq!(s["look_alike"].as_array().map(Vec::len), Some(0));
    assert_eq!(unit(&s, "a.xlsx")["status"], "superseded");
}
