//! Files that are not a sound workbook of the template: defined names edited
//! as a copy or a deleted row leaves them, a version this build does not
//! know, and the hostile and foreign files of `support::hostile`. And the
//! one code no file can produce, through the test hook of debug builds.

use std::collections::BTreeSet;

use assert_cmd::Command;
use jixiao::contract::fields::key;
use jixiao::contract::finding::CATALOGUE;
use jixiao::contract::finding::Code::{self, *};
use jixiao::workbook::layout::layout;

use super::Fixture;
use crate::support::hostile;
use crate::support::workbook::{build, clean_inputs, patch_xlsx};

pub(super) const ALL: &[fn() -> Fixture] = &[
    defined_names_edited,
    unknown_template_version,
    sheet_renamed,
];

/// A file that cannot be read at all: its name, its bytes, its one finding.
pub(super) type Unreadable = (&'static str, fn() -> Vec<u8>, Code);

pub(super) const UNREADABLE: &[Unreadable] = &[
    ("empty.xlsx", hostile::empty, FileEmpty),
    ("noise.xlsx", hostile::not_a_workbook, FileNotWorkbook),
    ("zipped.xlsx", hostile::plain_zip, FileNotWorkbook),
    ("password.xlsx", hostile::password_xlsx, FileEncrypted),
    ("export.xls", hostile::html_as_xls, FileHtml),
    ("export.csv", hostile::csv_text, FileUnsupported),
    // The cheap one of the two bombs: `hostile.rs` also sends the zip bomb
    // through the binary.
    ("repeat.ods", hostile::ods_repeat_bomb, FileTooLarge),
    ("truncated.xlsx", truncated, FileCorrupt),
    ("sparse.xlsx", hostile::sparse_bomb_xlsx, FileNotTemplate),
    ("own.xlsx", not_the_template, FileNotTemplate),
];

/// The clean workbook cut in half, as an interrupted download leaves it.
fn truncated() -> Vec<u8> {
    hostile::truncated_xlsx(&build(&clean_inputs()))
}

/// A workbook of its own: the right words, none of the template's names.
fn not_the_template() -> Vec<u8> {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.write_string(0, 0, "单位名称").expect("write");
    ws.write_string(0, 1, "君山区医疗保障局").expect("write");
    wb.save_to_buffer().expect("save")
}

/// The `<definedName name="key">…</definedName>` element of workbook.xml.
fn name_element(xml: &str, key: &str) -> String {
    let start = xml
        .find(&format!("<definedName name=\"{key}\">"))
        .expect("name present");
    let end =
        start + xml[start..].find("</definedName>").expect("name end") + "</definedName>".len();
    xml[start..end].to_string()
}

/// `supervisor` deleted, `head_name` pointing at a deleted cell, and
/// `unit_code` scoped to a sheet, as a copied sheet leaves it.
fn defined_names_edited() -> Fixture {
    let inputs = clean_inputs();
    let bytes = patch_xlsx(&build(&inputs), |name, xml| {
        if name != "xl/workbook.xml" {
            return xml;
        }
        let deleted = name_element(&xml, "supervisor");
        let broken = name_element(&xml, "head_name");
        let scoped = name_element(&xml, "unit_code");
        xml.replace(&deleted, "")
            .replace(
                &broken,
                "<definedName name=\"head_name\">基本情况!#REF!</definedName>",
            )
            .replace(
                &scoped,
                &scoped.replace(
                    "<definedName name=\"unit_code\">",
                    "<definedName name=\"unit_code\" localSheetId=\"1\">",
                ),
            )
    });
    let unit_code = layout(&inputs).scalars["unit_code"].to_string();
    Fixture::read(
        "名称被改.xlsx",
        bytes,
        vec![
            (FileNameMissing, None),
            (FileNameBroken, None),
            (FileNameScope, Some(unit_code)),
        ],
    )
    .also(|r| {
        let field_of = |code| {
            r.findings
                .iter()
                .find(|f| f.code == code)
                .and_then(|f| f.field.as_deref())
        };
        assert_eq!(field_of(FileNameMissing), Some("supervisor"));
        assert_eq!(field_of(FileNameBroken), Some("head_name"));
        // The sheet-scoped name is read all the same.
        let dept = r.department.as_ref().expect("read");
        assert_eq!(dept.text(key::UNIT_CODE), Some("431222001"));
    })
}

/// 收支情况 renamed by a program that left the defined names alone: one
/// finding says which sheet is missing and what it seems renamed to, in
/// place of one finding for each of its names.
fn sheet_renamed() -> Fixture {
    let bytes = patch_xlsx(&build(&clean_inputs()), |name, xml| {
        if name == "xl/workbook.xml" {
            xml.replace("name=\"收支情况\"", "name=\"收支情况表\"")
        } else {
            xml
        }
    });
    Fixture::read("改名.xlsx", bytes, vec![(FileSheetMissing, None)]).also(|r| {
        let file: Vec<_> = r
            .findings
            .iter()
            .filter(|f| f.code.info().category == jixiao::contract::finding::Category::File)
            .collect();
        assert_eq!(file.len(), 1, "{file:#?}");
        let f = file[0];
        assert!(
            f.message
                .contains("找不到工作表“收支情况”，看来已改名为“收支情况表”"),
            "{}",
            f.message
        );
        assert!(!f.message.contains("budget_"), "{}", f.message);
        assert!(
            f.hint
                .as_deref()
                .is_some_and(|h| h.contains("改回“收支情况”"))
        );
    })
}

/// A `template_version` this build does not know: nothing else is read.
fn unknown_template_version() -> Fixture {
    let inputs = clean_inputs();
    let bytes = patch_xlsx(&build(&inputs), |name, xml| {
        if name == "xl/sharedStrings.xml" {
            xml.replace(">jixiao-dept-4<", ">jixiao-dept-99<")
        } else {
            xml
        }
    });
    let at = layout(&inputs).scalars["template_version"].to_string();
    Fixture {
        expected: vec![(FileUnknownVersion, Some(at))],
        ..Fixture::unreadable("新版本.xlsx", bytes, FileUnknownVersion)
    }
}

/// The codes of a file whose check panics: `jixiao run` on one workbook,
/// with the debug builds' `JIXIAO_FAULT=file:NAME` panicking inside that
/// file's isolated check; read back from the file's diagnostics.json.
pub(super) fn internal_failure() -> BTreeSet<Code> {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path();
    std::fs::create_dir(dir.join("in")).expect("mkdir");
    std::fs::write(dir.join("in/故障.xlsx"), build(&clean_inputs())).expect("write");
    let out = Command::cargo_bin("jixiao")
        .expect("binary")
        .current_dir(dir)
        .args(["run", "in", "-o", "out", "--quiet"])
        .env("JIXIAO_FAULT", "file:故障.xlsx")
        .env("RUST_BACKTRACE", "0")
        .output()
        .expect("run");
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let read = |path: &std::path::Path| -> serde_json::Value {
        serde_json::from_str(&std::fs::read_to_string(path).expect("read")).expect("json")
    };
    let summary = read(&dir.join("out/summary.json"));
    let diagnostics = summary["units"][0]["diagnostics"].as_str().expect("path");
    let diagnostics = read(&dir.join("out").join(diagnostics));
    diagnostics["files"][0]["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            let id = f["code"].as_str().expect("code");
            CATALOGUE
                .iter()
                .find(|i| i.id == id)
                .unwrap_or_else(|| panic!("{id} is not in the catalogue"))
                .code
        })
        .collect()
}
