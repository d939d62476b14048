//! Hostile and broken files through the binary: each gives exactly one
//! finding, exit code 1, and never a panic or an abort.

use assert_cmd::Command;
use jixiao::contract::finding::Code;

use crate::support::hostile;
use crate::support::workbook::save;

fn check_json(path: &std::path::Path) -> (i32, serde_json::Value) {
    let out = Command::cargo_bin("jixiao")
        .unwrap()
        .args(["check", "--format", "json"])
        .arg(path)
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "{e}: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (out.status.code().unwrap_or(-1), json)
}

/// Saves `bytes` as `name`, checks it, and returns its one finding: the
/// file is refused (exit 1, status unreadable) with nothing else said.
fn refused_alone(dir: &std::path::Path, name: &str, bytes: &[u8]) -> serde_json::Value {
    let path = save(dir, name, bytes);
    let (rc, json) = check_json(&path);
    assert_eq!(rc, 1, "{name}");
    let file = &json["files"][0];
    assert_eq!(file["status"], "unreadable", "{name}");
    let findings = file["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 1, "{name}: {findings:#?}");
    findings[0].clone()
}

#[test]
fn each_hostile_file_gives_one_finding() {
    let dir = tempfile::tempdir().unwrap();
    let valid = crate::support::workbook::build(&crate::support::workbook::clean_inputs());
    let cases: Vec<(&str, Vec<u8>, Code)> = vec![
        (
            "truncated.xlsx",
            hostile::truncated_xlsx(&valid),
            Code::FileCorrupt,
        ),
        (
            "password.xlsx",
            hostile::password_xlsx(),
            Code::FileEncrypted,
        ),
        ("html.xls", hostile::html_as_xls(), Code::FileHtml),
        (
            "sparse.xlsx",
            hostile::sparse_bomb_xlsx(),
            Code::FileNotTemplate,
        ),
        ("bomb.xlsx", hostile::zip_bomb_xlsx(), Code::FileTooLarge),
        ("empty.xlsx", hostile::empty(), Code::FileEmpty),
        ("repeat.ods", hostile::ods_repeat_bomb(), Code::FileTooLarge),
        (
            "shared-string-amplifier.xlsx",
            hostile::shared_string_amplifier_xlsx(),
            Code::FileTooLarge,
        ),
        (
            "shared-string-count.xlsx",
            hostile::shared_string_count_bomb_xlsx(),
            Code::FileTooLarge,
        ),
        (
            "many-sheets.xlsx",
            hostile::many_sheets_xlsx(),
            Code::FileTooLarge,
        ),
        (
            "text-amplifier.ods",
            hostile::ods_text_amplifier(),
            Code::FileTooLarge,
        ),
    ];
    for (name, bytes, code) in cases {
        let finding = refused_alone(dir.path(), name, &bytes);
        assert_eq!(finding["code"], code.id(), "{name}");
        assert!(finding["file"].as_str().unwrap().ends_with(name));
        // The resource caps name what was too large.
        let what = match name {
            "shared-string-amplifier.xlsx" => Some("单元格中的文字"),
            "shared-string-count.xlsx" => Some("共享字符串"),
            "many-sheets.xlsx" => Some("3000 个工作表指向同一个部件"),
            "text-amplifier.ods" => Some("单元格中的文字"),
            _ => None,
        };
        if let Some(what) = what {
            let message = finding["message"].as_str().unwrap();
            assert!(message.contains(what), "{name}: {message}");
        }
    }
}

#[test]
fn report_without_an_output_folder_stays_under_output_and_removes_only_its_own() {
    let dir = tempfile::tempdir().unwrap();
    let cwd = dir.path();
    // Files of the current folder that a report must never touch.
    for name in [
        "completed.xlsx",
        "report.md",
        "report.html",
        "diagnostics.json",
    ] {
        std::fs::write(cwd.join(name), "mine").unwrap();
    }
    let valid = crate::support::workbook::build(&crate::support::workbook::clean_inputs());
    save(cwd, "...xlsx", &valid);
    let report = || {
        Command::cargo_bin("jixiao")
            .unwrap()
            .current_dir(cwd)
            .args(["report", "...xlsx"])
            .output()
            .unwrap()
    };
    let out = report();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let folder = cwd.join("output/__");
    assert!(folder.join("completed.xlsx").is_file());
    assert!(folder.join("report.html").is_file());
    // A file of someone else's in that folder, then the workbook made
    // unreadable: its own stale outputs go, the other file stays.
    std::fs::write(folder.join("notes.md"), "keep").unwrap();
    save(cwd, "...xlsx", b"not a workbook");
    let out = report();
    assert_eq!(out.status.code(), Some(1));
    assert!(!folder.join("completed.xlsx").exists());
    assert!(folder.join("diagnostics.json").is_file());
    assert!(folder.join("notes.md").is_file());
    for name in [
        "completed.xlsx",
        "report.md",
        "report.html",
        "diagnostics.json",
    ] {
        assert_eq!(
            std::fs::read_to_string(cwd.join(name)).unwrap(),
            "mine",
            "{name}"
        );
    }
}

/// What a terminal receives from `jixiao` with these arguments.
fn stdout_of(cwd: &std::path::Path, args: &[&str]) -> String {
    let out = Command::cargo_bin("jixiao")
        .unwrap()
        .current_dir(cwd)
        .args(args)
        .output()
        .unwrap();
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn control_characters_from_cells_never_reach_the_terminal() {
    use crate::support::workbook::{build, clean_inputs, text};
    let dir = tempfile::tempdir().unwrap();
    let mut inputs = clean_inputs();
    // A title change, a screen clear, a bell, a carriage return and a
    // right-to-left override, in the unit's name and in a number's cell.
    let payload = "\u{1b}]0;pwned\u{7}\u{1b}[2J\r\u{202E}\u{2066}";
    inputs
        .scalars
        .insert("unit_name".into(), text(&format!("甲局{payload}乙")));
    inputs
        .scalars
        .insert("budget_initial".into(), text(&format!("一千{payload}万")));
    save(dir.path(), "ctl.xlsx", &build(&inputs));
    for args in [
        &["check", "--color", "always", "ctl.xlsx"][..],
        &["check", "--color", "never", "ctl.xlsx"],
        &["score", "--color", "always", "ctl.xlsx"],
    ] {
        let shown = stdout_of(dir.path(), args);
        // jixiao's own colours are the only escapes left.
        let mut rest = shown.clone();
        for sgr in [
            "\u{1b}[1;31m",
            "\u{1b}[1;32m",
            "\u{1b}[33m",
            "\u{1b}[2m",
            "\u{1b}[1m",
            "\u{1b}[0m",
        ] {
            rest = rest.replace(sgr, "");
        }
        assert!(!rest.contains('\u{1b}'), "{args:?}: {shown:?}");
        for c in ['\u{7}', '\r', '\u{202E}', '\u{2066}'] {
            assert!(!shown.contains(c), "{args:?} {c:?}: {shown:?}");
        }
        assert!(
            shown.contains("一千]0;pwned[2J万") || shown.contains("甲局]0;pwned[2J乙"),
            "{args:?}: {shown}"
        );
    }
    // JSON keeps the text, escaped.
    let json = stdout_of(dir.path(), &["check", "--format", "json", "ctl.xlsx"]);
    assert!(
        !json.contains('\u{1b}') && json.contains("\\u001b"),
        "{json}"
    );
}

/// Runs `check`, `score` and `report` on the file: each ends with exit 1
/// (the file has findings), never a panic, a backtrace or an internal error.
fn no_panic_anywhere(path: &std::path::Path, out: &std::path::Path) -> Vec<serde_json::Value> {
    let (rc, json) = check_json(path);
    assert_eq!(rc, 1, "{json:#}");
    let findings = json["files"][0]["findings"].as_array().unwrap().clone();
    assert!(
        findings
            .iter()
            .all(|f| f["code"] != Code::FileInternal.id()),
        "{findings:#?}"
    );
    for args in [
        vec!["score".into(), path.display().to_string()],
        vec![
            "report".into(),
            path.display().to_string(),
            "-o".into(),
            out.display().to_string(),
        ],
    ] {
        let o = Command::cargo_bin("jixiao")
            .unwrap()
            .args(&args)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&o.stderr);
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
        assert!(
            !String::from_utf8_lossy(&o.stdout).contains(Code::FileInternal.id()),
            "{args:?}"
        );
        assert_eq!(o.status.code(), Some(1), "{args:?}: {stderr}");
    }
    findings
}

/// The largest decimal (≈ 7.9e28) in every money, points and percent cell and
/// in every target and actual: each is a FIELD-RANGE finding at its cell.
#[test]
fn decimal_max_in_every_number_is_a_finding_not_a_panic() {
    let max = "79228162514264337593543950335";
    let dir = tempfile::tempdir().unwrap();
    let bytes = crate::support::hostile::every_number_xlsx(
        &[max],
        &format!("≥{max}人次"),
        &format!("{max}人次"),
    );
    let path = save(dir.path(), "max.xlsx", &bytes);
    let findings = no_panic_anywhere(&path, &dir.path().join("out"));
    let range: Vec<_> = findings
        .iter()
        .filter(|f| f["code"] == Code::FieldRange.id())
        .collect();
    assert!(range.len() > 20, "{findings:#?}");
    assert!(
        range.iter().all(|f| f["cell"].as_str().is_some()),
        "{range:#?}"
    );
}

/// The largest value allowed in every number cell, and the smallest positive
/// decimal: sums, differences, products and quotients of them stay checked.
#[test]
fn extreme_allowed_numbers_are_scored_without_overflow() {
    let dir = tempfile::tempdir().unwrap();
    let (big, tiny) = ("999999999999999", "0.0000000000000000000000000001");
    for (i, (numbers, target, actual)) in [
        (
            vec![big],
            "≥999999999999999人次",
            "0.0000000000000000000000000001人次",
        ),
        (
            vec!["-999999999999999"],
            "≤0.0000000000000000000000000001%",
            "999999999999999%",
        ),
        (
            vec![tiny],
            "≥0.0000000000000000000000000001",
            "999999999999999",
        ),
        (vec![big, tiny], "≥999999999999999", "-999999999999999"),
        (
            vec![tiny, big, "-999999999999999"],
            "≥0.0000000000000000000000000001",
            "-999999999999999",
        ),
        (
            vec![big, big, tiny],
            "≤-999999999999999万人",
            "999999999999999亿元",
        ),
    ]
    .into_iter()
    .enumerate()
    {
        let path = save(
            dir.path(),
            &format!("extreme{i}.xlsx"),
            &crate::support::hostile::every_number_xlsx(&numbers, target, actual),
        );
        no_panic_anywhere(&path, &dir.path().join(format!("out{i}")));
    }
}

/// A panic while validating or scoring a file (the debug builds'
/// `JIXIAO_FAULT=STAGE:NAME` hook) keeps the findings found before it, is a
/// FILE-INTERNAL finding naming the file, prints no backtrace, and `report`
/// still writes the file's outputs with exit 1.
#[test]
fn a_panic_at_a_stage_keeps_the_findings_before_it() {
    let dir = tempfile::tempdir().unwrap();
    let mut inputs = crate::support::workbook::clean_inputs();
    // A negative headcount: a validation finding (FIELD-RANGE) made before
    // scoring; a text number: a note made while reading.
    inputs
        .scalars
        .insert("staff_actual".into(), crate::support::workbook::text("-9"));
    let path = save(
        dir.path(),
        "故障.xlsx",
        &crate::support::workbook::build(&inputs),
    );
    for (stage, kept) in [("score", Code::FieldRange), ("validate", Code::NoteCoerced)] {
        let fault = format!("{stage}:故障.xlsx");
        let run = |args: &[&str]| {
            Command::cargo_bin("jixiao")
                .unwrap()
                .args(args)
                .arg(&path)
                .env("JIXIAO_FAULT", &fault)
                .env("RUST_BACKTRACE", "1")
                .output()
                .unwrap()
        };
        let out = run(&["check", "--format", "json"]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!stderr.contains("panicked"), "{stage}: {stderr}");
        assert!(!stderr.contains("backtrace"), "{stage}: {stderr}");
        assert_eq!(out.status.code(), Some(1), "{stage}: {stderr}");
        let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let file = &json["files"][0];
        assert_eq!(file["status"], "failed", "{stage}");
        let findings = file["findings"].as_array().unwrap();
        let codes: Vec<&str> = findings
            .iter()
            .map(|f| f["code"].as_str().unwrap())
            .collect();
        assert!(codes.contains(&kept.id()), "{stage}: {codes:?}");
        let internal = findings
            .iter()
            .find(|f| f["code"] == Code::FileInternal.id())
            .unwrap_or_else(|| panic!("{stage}: {codes:?}"));
        let message = internal["message"].as_str().unwrap();
        assert!(
            message.contains("故障.xlsx") && message.contains("缺陷"),
            "{message}"
        );

        let out_dir = dir.path().join(format!("out-{stage}"));
        let out = run(&["report", "-o", out_dir.to_str().unwrap()]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!stderr.contains("panicked"), "{stage}: {stderr}");
        assert_eq!(out.status.code(), Some(1), "{stage}: {stderr}");
        let diagnostics = std::fs::read_to_string(out_dir.join("diagnostics.json")).unwrap();
        assert!(diagnostics.contains(Code::FileInternal.id()), "{stage}");
        assert!(diagnostics.contains(kept.id()), "{stage}");

        // And in a batch: the file's outputs and the summary are written.
        let batch = dir.path().join(format!("batch-{stage}"));
        std::fs::create_dir_all(batch.join("in")).unwrap();
        std::fs::copy(&path, batch.join("in/故障.xlsx")).unwrap();
        let out = Command::cargo_bin("jixiao")
            .unwrap()
            .current_dir(&batch)
            .args(["run", "in", "-o", "out", "--quiet"])
            .env("JIXIAO_FAULT", &fault)
            .env("RUST_BACKTRACE", "1")
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!stderr.contains("panicked"), "{stage}: {stderr}");
        assert_eq!(out.status.code(), Some(1), "{stage}: {stderr}");
        let summary = std::fs::read_to_string(batch.join("out/summary.json")).unwrap();
        let summary: serde_json::Value = serde_json::from_str(&summary).unwrap();
        let unit = &summary["units"][0];
        let diagnostics = unit["diagnostics"].as_str().unwrap();
        let diagnostics = std::fs::read_to_string(batch.join("out").join(diagnostics)).unwrap();
        assert!(diagnostics.contains(Code::FileInternal.id()), "{stage}");
        assert!(diagnostics.contains(kept.id()), "{stage}");
    }
}

/// A panic while rendering or writing a file's outputs (the debug builds'
/// `JIXIAO_FAULT=render:NAME` hook) is that file's FILE-INTERNAL finding
/// saying it is a bug to report: no backtrace, exit 1 (not 3), its
/// diagnostics written without the reports it could not make; in a batch
/// the file keeps its row and the other files their outputs.
#[test]
fn a_panic_while_rendering_is_the_files_finding() {
    let dir = tempfile::tempdir().unwrap();
    let workbook = |unit: &str| {
        let mut inputs = crate::support::workbook::clean_inputs();
        inputs
            .scalars
            .insert("unit_name".into(), crate::support::workbook::text(unit));
        inputs.scalars.remove("unit_code");
        crate::support::workbook::build(&inputs)
    };
    let path = save(dir.path(), "故障.xlsx", &workbook("示例县卫生健康局"));
    let jixiao = |fault: Option<&str>| {
        let mut cmd = Command::cargo_bin("jixiao").unwrap();
        cmd.current_dir(dir.path()).env("RUST_BACKTRACE", "1");
        match fault {
            Some(f) => cmd.env("JIXIAO_FAULT", f),
            None => cmd.env_remove("JIXIAO_FAULT"),
        };
        cmd
    };
    let quiet = |out: &std::process::Output| {
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        assert!(!stderr.contains("panicked"), "{stderr}");
        assert!(!stderr.contains("backtrace"), "{stderr}");
        stderr
    };
    let internal = |diagnostics: &str| -> String {
        let json: serde_json::Value = serde_json::from_str(diagnostics).unwrap();
        json["files"][0]["findings"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["code"] == Code::FileInternal.id())
            .map(|f| f["message"].as_str().unwrap().to_string())
            .unwrap_or_default()
    };

    // `report`: a passing workbook's reports, then the same folder again
    // with the fault.
    let out_dir = dir.path().join("out");
    let report = |fault| {
        jixiao(fault)
            .arg("report")
            .arg(&path)
            .arg("-o")
            .arg(&out_dir)
            .output()
            .unwrap()
    };
    let out = report(None);
    assert_eq!(out.status.code(), Some(0), "{}", quiet(&out));
    assert!(out_dir.join("report.html").is_file());
    let out = report(Some("render:故障.xlsx"));
    let stderr = quiet(&out);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    let diagnostics = std::fs::read_to_string(out_dir.join("diagnostics.json")).unwrap();
    let message = internal(&diagnostics);
    assert!(
        message.contains("故障.xlsx") && message.contains("生成") && message.contains("缺陷"),
        "{diagnostics}"
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains(Code::FileInternal.id()));
    // The reports of the earlier, good render are not left as if current.
    assert!(!out_dir.join("report.html").exists());

    // `run`: the faulty file keeps its row, with its diagnostics; the
    // other file all its outputs.
    std::fs::create_dir_all(dir.path().join("in")).unwrap();
    std::fs::copy(&path, dir.path().join("in/故障.xlsx")).unwrap();
    save(
        &dir.path().join("in"),
        "好.xlsx",
        &workbook("示例县医疗保障局"),
    );
    let run = |fault| {
        jixiao(fault)
            .args(["run", "in", "-o", "batch", "--quiet"])
            .output()
            .unwrap()
    };
    let out = run(Some("render:故障.xlsx"));
    let stderr = quiet(&out);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    let batch = dir.path().join("batch");
    let summary: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(batch.join("summary.json")).unwrap())
            .unwrap();
    let unit = |input: &str| {
        summary["units"]
            .as_array()
            .unwrap()
            .iter()
            .find(|u| u["input"] == input)
            .unwrap_or_else(|| panic!("{input} not in the summary"))
            .clone()
    };
    let faulty = unit("故障.xlsx");
    assert_eq!(faulty["status"], "failed");
    assert!(faulty["first_error"].as_str().unwrap().contains("缺陷"));
    assert!(
        faulty["output_error"]
            .as_str()
            .unwrap()
            .contains("内部出错")
    );
    assert!(faulty["report"].is_null());
    let diagnostics =
        std::fs::read_to_string(batch.join(faulty["diagnostics"].as_str().unwrap())).unwrap();
    assert!(
        internal(&diagnostics).contains("故障.xlsx"),
        "{diagnostics}"
    );
    let good = unit("好.xlsx");
    assert_eq!(good["status"], "passed");
    assert!(batch.join(good["report"].as_str().unwrap()).is_file());
    // Without the fault the file is redone and passes.
    let out = run(None);
    assert_eq!(out.status.code(), Some(0), "{}", quiet(&out));
}

/// A FIFO and a link to `/dev/zero` would block or never end if read:
/// `check` refuses each at once with its finding, and `run` over a folder
/// holding them names each as a file it did not read and checks the real
/// workbook.
#[cfg(unix)]
#[test]
fn pipes_and_devices_are_never_read() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("pipe.xlsx");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    let zero = dir.path().join("zero.xlsx");
    std::os::unix::fs::symlink("/dev/zero", &zero).unwrap();
    for path in [&fifo, &zero] {
        let out = Command::cargo_bin("jixiao")
            .unwrap()
            .args(["check", "--format", "json"])
            .arg(path)
            .timeout(std::time::Duration::from_secs(20))
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{path:?}");
        let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let findings = json["files"][0]["findings"].as_array().unwrap();
        assert_eq!(findings.len(), 1, "{findings:#?}");
        assert_eq!(findings[0]["code"], Code::FileNotWorkbook.id());
        assert!(
            findings[0]["message"]
                .as_str()
                .unwrap()
                .contains("不是普通文件"),
            "{findings:#?}"
        );
    }
    let valid = crate::support::workbook::build(&crate::support::workbook::clean_inputs());
    save(dir.path(), "good.xlsx", &valid);
    let out = Command::cargo_bin("jixiao")
        .unwrap()
        .current_dir(dir.path())
        .args(["run", ".", "-o", "out", "--quiet"])
        .timeout(std::time::Duration::from_secs(60))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(matches!(out.status.code(), Some(0 | 1)), "{stderr}");
    let summary: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(dir.path().join("out/summary.json")).unwrap(),
    )
    .unwrap();
    let units = summary["units"].as_array().unwrap();
    assert_eq!(units.len(), 3, "{units:#?}");
    for u in units {
        let special = u["input"] != "good.xlsx";
        assert_eq!(u["status"] == "unreadable", special, "{u:#?}");
    }
}

/// A project workbook whose 全年执行数 is the largest allowed amount over
/// the smallest positive 全年预算数: the 执行率 is beyond any decimal, and
/// `report` (which writes it into the completed workbook) still ends with
/// exit 1 and its outputs.
#[test]
fn a_project_rate_beyond_any_decimal_is_not_a_panic() {
    use jixiao::workbook::inputs::Input;
    let inputs = crate::support::workbook::clean_inputs();
    let mut inputs = jixiao::workbook::fill::for_project(inputs, None, "clean.toml")
        .unwrap()
        .inputs;
    let project = &mut inputs.tables.get_mut("tbl_projects").unwrap()[0];
    for (full, executed) in [
        ("budget_full", "executed"),
        ("fiscal_full", "fiscal_executed"),
    ] {
        project.insert(
            full.into(),
            Input::Text("0.0000000000000000000000000001".into()),
        );
        project.insert(executed.into(), Input::Text("999999999999999".into()));
    }
    let bytes = jixiao::workbook::project::build(
        &inputs,
        &jixiao::workbook::options::TemplateOptions::default(),
    )
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = save(dir.path(), "project.xlsx", &bytes);
    no_panic_anywhere(&path, &dir.path().join("out"));
    assert!(dir.path().join("out/diagnostics.json").is_file());
}

// Caps on styles, merged ranges and columns.

/// Each cap on styles, merged ranges, sheet bounds and sheet XML: a small
/// crafted file goes past exactly that one, and is one FILE-TOO-LARGE
/// finding naming it, with exit code 1.
#[test]
fn each_cap_on_styles_merged_ranges_and_columns_gives_one_finding() {
    let dir = tempfile::tempdir().unwrap();
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        (
            "styles.xlsx",
            hostile::many_styles_xlsx(),
            "有 200001 条样式记录",
        ),
        (
            "merged.xlsx",
            hostile::many_merged_ranges_xlsx(),
            "有 50001 个合并单元格区域，超过每张工作表的上限",
        ),
        (
            "merged-in-all.xlsx",
            hostile::many_merged_ranges_in_all_xlsx(),
            "工作簿共有 120000 个合并单元格区域",
        ),
        (
            "column.xlsx",
            hostile::cell_beyond_last_column_xlsx(),
            "单元格（第 1 行第 16385 列）超出 Excel 的最大范围",
        ),
        (
            "sheet-xml.xlsx",
            hostile::huge_sheet_xml_xlsx(),
            "工作表部件解压后共",
        ),
    ];
    for (name, bytes, what) in cases {
        assert!(bytes.len() < 100 * 1024, "{name}: {} bytes", bytes.len());
        let finding = refused_alone(dir.path(), name, &bytes);
        assert_eq!(finding["code"], Code::FileTooLarge.id(), "{name}");
        let message = finding["message"].as_str().unwrap();
        assert!(message.contains(what), "{name}: {message}");
    }
}

// All crafted files in one run.

/// Copies the sample workbooks (`input/*.xlsx` and the project workbooks of
/// `input/qingshanhu-2020-projects/`) into `to`, keeping their folders;
/// how many.
fn copy_samples(to: &std::path::Path) -> usize {
    let mut copied = 0;
    let input = crate::support::workbook::root().join("input");
    for entry in walkdir::WalkDir::new(&input).max_depth(2) {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(&input).unwrap();
        let target = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else if rel.extension().is_some_and(|e| e == "xlsx") {
            std::fs::copy(entry.path(), &target).unwrap();
            copied += 1;
        }
    }
    copied
}

/// `jixiao run IN -o OUT --quiet` in `dir`: exit code and summary.json.
fn run_folder(dir: &std::path::Path, input: &str, output: &str) -> (i32, serde_json::Value) {
    let out = Command::cargo_bin("jixiao")
        .unwrap()
        .current_dir(dir)
        .args(["run", input, "-o", output, "--quiet"])
        .env("RUST_BACKTRACE", "1")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    let summary = std::fs::read_to_string(dir.join(output).join("summary.json")).unwrap();
    (
        out.status.code().unwrap_or(-1),
        serde_json::from_str(&summary).unwrap(),
    )
}

/// Every entry of a summary (units and project workbooks), by input file.
fn entries(summary: &serde_json::Value) -> std::collections::BTreeMap<String, serde_json::Value> {
    ["units", "projects"]
        .iter()
        .flat_map(|list| summary[*list].as_array().unwrap().iter())
        .map(|e| (e["input"].as_str().unwrap().to_string(), e.clone()))
        .collect()
}

/// The files in a unit's output folder, sorted.
fn outputs_of(out: &std::path::Path, entry: &serde_json::Value) -> Vec<String> {
    let Some(folder) = entry["folder"].as_str() else {
        return Vec::new();
    };
    let mut names: Vec<String> = std::fs::read_dir(out.join(folder))
        .map(|dir| {
            dir.map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .filter(|n| !n.starts_with('.'))
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

/// Every crafted file of the attack list in one folder with copies of the
/// sample workbooks: one `run` ends with exit 1 (some files have errors),
/// the samples get the very outputs a run of the samples alone gives them
/// (same folders, same files), each refused or failing crafted file is in
/// the summary with its finding in its diagnostics and its name in
/// index.html, each crafted good workbook gets all its outputs, and no
/// file is an internal error.
#[test]
fn every_crafted_file_and_the_samples_in_one_run() {
    let dir = tempfile::tempdir().unwrap();
    let samples = copy_samples(&dir.path().join("samples"));
    copy_samples(&dir.path().join("mixed"));
    let crafted = hostile::all_crafted();
    for file in &crafted {
        save(&dir.path().join("mixed"), &file.name, &file.bytes);
    }

    let (_, alone) = run_folder(dir.path(), "samples", "out-samples");
    let (rc, mixed) = run_folder(dir.path(), "mixed", "out-mixed");
    assert_eq!(rc, 1);
    let (alone_out, mixed_out) = (dir.path().join("out-samples"), dir.path().join("out-mixed"));
    let (alone, mixed) = (entries(&alone), entries(&mixed));

    // The samples: the same folders and outputs as when run alone.
    assert!(samples >= 9);
    assert_eq!(alone.len(), samples);
    for (input, entry) in &alone {
        let with = &mixed[input];
        assert_eq!(with["status"], entry["status"], "{input}");
        assert_eq!(with["folder"], entry["folder"], "{input}");
        assert_eq!(with["score"], entry["score"], "{input}");
        let files = outputs_of(&alone_out, entry);
        assert!(
            files.contains(&"report.html".to_string()),
            "{input}: {files:?}"
        );
        assert_eq!(outputs_of(&mixed_out, with), files, "{input}");
    }

    // Hidden files (a name starting with a dot, as `...xlsx`) are passed
    // by, as docs/batch.md says; every other crafted file has its entry.
    let listed: Vec<_> = crafted
        .iter()
        .filter(|f| !f.name.starts_with('.'))
        .collect();
    assert!(crafted.iter().any(|f| f.name.starts_with('.')));
    assert_eq!(mixed.len(), alone.len() + listed.len());
    let index = std::fs::read_to_string(mixed_out.join("index.html")).unwrap();
    let internal = Code::FileInternal.id();
    for file in listed {
        let name = &file.name;
        let entry = &mixed[name.as_str()];
        let status = entry["status"].as_str().unwrap();
        // The links are URL-encoded; the folder is the path itself.
        assert!(entry["diagnostics"].is_string(), "{name}: {entry:#}");
        let folder = mixed_out.join(entry["folder"].as_str().unwrap());
        let diagnostics = std::fs::read_to_string(folder.join("diagnostics.json")).unwrap();
        assert!(!diagnostics.contains(internal), "{name}: {diagnostics}");
        assert_eq!(entry["output_error"], serde_json::Value::Null, "{name}");
        match (file.target, file.code) {
            (_, Some(code)) => {
                assert!(
                    matches!(status, "unreadable" | "failed"),
                    "{name}: {status}"
                );
                assert!(diagnostics.contains(code.id()), "{name}: {diagnostics}");
                assert!(index.contains(name.as_str()), "{name} not in index.html");
            }
            (hostile::Target::Outputs, None) => {
                assert_eq!(status, "passed", "{name}: {diagnostics}");
                let files = outputs_of(&mixed_out, entry);
                for output in [
                    "completed.xlsx",
                    "report.html",
                    "report.md",
                    "report.public.html",
                ] {
                    assert!(files.contains(&output.to_string()), "{name}: {files:?}");
                }
            }
            // A changed byte: refused or read, whichever the byte makes
            // it, but named in the summary with a status.
            (hostile::Target::Reading, None) => {
                assert!(index.contains(name.as_str()), "{name} not in index.html");
            }
        }
    }
    let counts = &mixed_out.join("summary.json");
    let counts: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(counts).unwrap()).unwrap();
    let refused = crafted
        .iter()
        .filter(|f| f.code.is_some_and(|c| c.id().starts_with("FILE-")))
        .count();
    assert!(
        counts["counts"]["unreadable"].as_u64().unwrap() >= refused as u64,
        "{:#}",
        counts["counts"]
    );
}

#[test]
fn each_piece_of_hostile_mail_is_one_finding_and_the_batch_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir_all(&input).unwrap();
    save(
        &input,
        "甲局.xlsx",
        &crate::support::workbook::clean_of("甲局", (2023, 3, 1)),
    );
    let crafted = hostile::all_crafted_mail();
    for file in &crafted {
        save(&input, &file.name, &file.bytes);
    }
    let out = Command::cargo_bin("jixiao")
        .unwrap()
        .current_dir(dir.path())
        .args(["run", "in", "-o", "out", "--quiet"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let summary: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(dir.path().join("out/summary.json")).unwrap(),
    )
    .unwrap();
    let units = summary["units"].as_array().unwrap();
    assert_eq!(units.len(), 1, "{units:#?}");
    assert_eq!(units[0]["status"], "passed");
    let findings = summary["mail_findings"].as_array().unwrap();
    for file in &crafted {
        let of: Vec<&str> = findings
            .iter()
            .filter(|f| {
                f["mail"]
                    .as_str()
                    .is_some_and(|m| m.starts_with(&file.name))
            })
            .map(|f| f["message"].as_str().unwrap())
            .collect();
        assert_eq!(of.len(), 1, "{}: {findings:#?}", file.name);
        assert!(of[0].contains(file.says), "{}: {of:?}", file.name);
    }
    assert_eq!(findings.len(), crafted.len(), "{findings:#?}");
}
