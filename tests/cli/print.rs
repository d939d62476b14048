//! The sheets jixiao writes show and print readably, read from their XML
//! (tests/visual.sh prints them with LibreOffice to look at): no pane frozen
//! below row 8, every row of wrapped text as tall as its lines, no sheet
//! printed under 60% on A4, and no text wider than the room it has at
//! print. The blank templates, the completed workbooks of the samples (one
//! edited, one regenerated from an .xls) and the batch's summary.xlsx.

use std::path::Path;

use assert_cmd::Command;

use crate::support::print::{MAX_FROZEN, MIN_SCALE, SheetLook, opens_on, sheets};

/// The sheets jixiao adds to a department's own file (the department's
/// own sheets keep its layout).
const ADDED: [&str; 4] = ["项目计分", "校验结果", "修改对比", "图表"];

fn jixiao() -> Command {
    Command::cargo_bin("jixiao").unwrap()
}

/// What is wrong with a sheet as it shows and prints.
fn problems(file: &str, s: &SheetLook) -> Vec<String> {
    let mut out = Vec::new();
    let at = format!("{file} {}", s.name);
    if s.frozen_rows > MAX_FROZEN {
        out.push(format!("{at}: {} rows frozen", s.frozen_rows));
    }
    let scale = s.print_scale();
    if scale < MIN_SCALE {
        out.push(format!("{at}: prints at {scale:.0}%"));
    }
    for (cell, lines, height) in s.short_rows() {
        out.push(format!(
            "{at}!{cell}: {lines} lines of wrapped text in a row {height} pt high"
        ));
    }
    for (cell, needed, room) in s.overflowing() {
        out.push(format!("{at}!{cell}: text {needed:.0} wide in {room:.0}"));
    }
    out
}

fn check(file: &str, bytes: &[u8], only: Option<&[&str]>) -> Vec<String> {
    let all = sheets(bytes);
    assert!(!all.is_empty(), "{file}: no sheet read");
    all.iter()
        .filter(|s| only.is_none_or(|names| names.contains(&s.name.as_str())))
        .flat_map(|s| problems(file, s))
        .collect()
}

#[test]
fn written_sheets_show_and_print_readably() {
    let dir = tempfile::tempdir().unwrap();
    let mut found = Vec::new();
    for (kind, name) in [("department", "template.xlsx"), ("project", "project.xlsx")] {
        let path = dir.path().join(name);
        jixiao()
            .args(["template", "--kind", kind, "-o"])
            .arg(&path)
            .assert()
            .success();
        found.extend(check(name, &std::fs::read(&path).unwrap(), None));
    }
    // Edited packages: the sheets jixiao adds; regenerated (an .xls): all.
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for (wb, only) in [
        ("input/qingshanhu-2020.xlsx", Some(&ADDED[..])),
        ("input/junshan-2022.xlsx", Some(&ADDED[..])),
        ("tests/fixtures/libreoffice/junshan-2022.xls", None),
        ("tests/fixtures/libreoffice/project.xls", None),
    ] {
        let out = dir.path().join(wb.replace('/', "-"));
        let _ = jixiao()
            .arg("report")
            .arg(root.join(wb))
            .arg("-o")
            .arg(&out)
            .output()
            .unwrap();
        let bytes = std::fs::read(out.join("completed.xlsx")).unwrap();
        found.extend(check(wb, &bytes, only));
        // Each of these has findings: it opens on them, that tab alone selected.
        let (active, selected) = opens_on(&bytes);
        assert_eq!(active, "校验结果", "{wb} opens on {active}");
        assert_eq!(selected, ["校验结果"], "{wb}: tabs selected");
    }
    let batch = dir.path().join("batch");
    let _ = jixiao()
        .arg("run")
        .arg(root.join("input"))
        .arg("-o")
        .arg(&batch)
        .output()
        .unwrap();
    found.extend(check(
        "summary.xlsx",
        &std::fs::read(batch.join("summary.xlsx")).unwrap(),
        None,
    ));
    assert!(
        found.is_empty(),
        "{} problem(s):\n{}",
        found.len(),
        found.join("\n")
    );
}

/// The checks can fail: a pane frozen low, a wrapped row left short, a
/// sheet fitted to one page wide over too many columns, and a long text in
/// a narrow column are each reported.
#[test]
fn the_checks_catch_what_they_look_for() {
    use rust_xlsxwriter::{Format, Workbook};
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("坏").unwrap();
    ws.set_freeze_panes(25, 0).unwrap();
    ws.write_string_with_format(
        0,
        0,
        "很长的一段需要换行显示的文字".repeat(4),
        &Format::new().set_text_wrap(),
    )
    .unwrap();
    ws.write_string(1, 0, "这一段文字比它所在的列宽得多")
        .unwrap();
    ws.write_string(1, 1, "右边有字").unwrap();
    for c in 0..30u16 {
        ws.set_column_width(c, 30).unwrap();
        ws.write_string(2, c, "列").unwrap();
    }
    ws.set_column_width(0, 10).unwrap();
    ws.set_print_fit_to_pages(1, 0);
    let bytes = wb.save_to_buffer().unwrap();
    let found = check("bad.xlsx", &bytes, None).join("\n");
    for what in [
        "25 rows frozen",
        "prints at",
        "lines of wrapped text",
        "!A2: text",
    ] {
        assert!(found.contains(what), "{what} not reported in:\n{found}");
    }
}
