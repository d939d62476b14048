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
        let path = save(dir.path(), name, &bytes);
        let (rc, json) = check_json(&path);
        assert_eq!(rc, 1, "{name}");
        let file = &json["files"][0];
        assert_eq!(file["status"], "unreadable", "{name}");
        let findings = file["findings"].as_array().unwrap();
        assert_eq!(findings.len(), 1, "{name}: {findings:#?}");
        assert_eq!(findings[0]["code"], code.id(), "{name}");
        assert!(findings[0]["file"].as_str().unwrap().ends_with(name));
        // The resource caps name what was too large.
        let what = match name {
            "shared-string-amplifier.xlsx" => Some("单元格中的文字"),
            "shared-string-count.xlsx" => Some("共享字符串"),
            "many-sheets.xlsx" => Some("3000 个工作表指向同一个部件"),
            "text-amplifier.ods" => Some("单元格中的文字"),
            _ => None,
        };
        if let Some(what) = what {
            let message = findings[0]["message"].as_str().unwrap();
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
