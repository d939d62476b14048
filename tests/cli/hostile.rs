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
            "many-sheets.xlsx" => Some("工作表有 3000 个"),
            "text-amplifier.ods" => Some("单元格中的文字"),
            _ => None,
        };
        if let Some(what) = what {
            let message = findings[0]["message"].as_str().unwrap();
            assert!(message.contains(what), "{name}: {message}");
        }
    }
}
