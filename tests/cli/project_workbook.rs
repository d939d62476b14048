//! The project workbook (项目支出绩效自评表): the blank form asks only for
//! a project's own fields, a filled form reads back at its defined cells,
//! targets are text cells, it prints on A4 portrait, its indicator rows can
//! be inserted, `fill --kind project` picks one project of a department's
//! source, and its completed workbook reads back with the system's figures.

use std::collections::BTreeMap;
use std::io::{Cursor, Read};

use assert_cmd::Command;
use calamine::{Data, Reader, Xlsx};
use jixiao::check::{FileReport, check_bytes};
use jixiao::contract::cell::{CellValue, a1};
use jixiao::contract::fields::{
    FORM_CELLS, PROJECT_FIELDS, PROJECT_SHEET, TBL_FORM_INDICATORS, TBL_PROJECT_INDICATORS,
    TBL_PROJECTS, WorkbookKind, col,
};
use jixiao::contract::finding::Code;
use jixiao::ingest::guard::Limits;
use jixiao::ingest::read::{Target, read_bytes};
use jixiao::rules::framework::Frameworks;
use jixiao::rules::settings::Settings;
use jixiao::workbook::fill;
use jixiao::workbook::inputs::{Input, Inputs};
use jixiao::workbook::options::TemplateOptions;
use jixiao::workbook::project;
use rust_decimal::Decimal;

use crate::support::workbook::{patch_xlsx, root};

const SOURCE: &str = r#"
[fields]
unit_name = "青山湖区医疗保障局"
year = 2020
fill_date = 2021-03-20
contact_name = "李四"
contact_phone = "0791-88888888"
framework = "national"

[[tables.tbl_projects]]
name = "城乡医疗救助"
supervisor = "青山湖区医疗保障局"
implementer = "青山湖区医疗保险事业管理局"
budget_initial = 48
budget_full = "48万元"
executed = 46
fiscal_initial = 48
fiscal_full = 48
fiscal_executed = 46
goal = "城乡医疗救助每年配套48万元。"
done = "已拨付46万元。"
execution_self = 9.58
self_score = 99.58
self_grade = "优"

[[tables.tbl_project_indicators]]
level1 = "产出指标"
level2 = "数量指标"
level3 = "救助人次"
target = "=100%"
actual = "≥95%"
points = 50
self_score = 50

[[tables.tbl_project_indicators]]
project = "城乡医疗救助"
level3 = "救助及时率"
target = "100%"
actual = "100%"
points = 30
self_score = 30

[[tables.tbl_project_indicators]]
level1 = "满意度指标"
level2 = "服务对象满意度"
level3 = "受助对象满意度"
target = "≥90%"
actual = "96%"
points = 10
self_score = 10
"#;

fn source_inputs() -> Inputs {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("project.toml");
    std::fs::write(&path, SOURCE).unwrap();
    let inputs = fill::read_source(&path).unwrap();
    let source = fill::for_project(inputs, None, "project.toml").unwrap();
    assert!(source.ignored.is_empty(), "{:?}", source.ignored);
    source.inputs
}

fn build(inputs: &Inputs) -> Vec<u8> {
    project::build(inputs, &TemplateOptions::default()).unwrap()
}

fn check(bytes: &[u8]) -> FileReport {
    check_bytes("p.xlsx", bytes, &Settings::default(), &Limits::default())
}

fn part(bytes: &[u8], name: &str) -> String {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    let mut s = String::new();
    zip.by_name(name).unwrap().read_to_string(&mut s).unwrap();
    s
}

/// The workbook-scoped cell (0-based row, col) of a defined name.
fn named_cell(bytes: &[u8], name: &str) -> (u32, u32) {
    let wb = read_bytes(bytes, &Limits::default()).unwrap();
    let Some((Target::Area(area), false)) = wb.resolve(name) else {
        panic!("{name} does not resolve at workbook scope")
    };
    assert_eq!(area.sheet, PROJECT_SHEET);
    (area.first_row, area.first_col)
}

/// A cell as a spot names it, `项目支出绩效自评表!C4`.
fn at_a1((row, col): (u32, u32)) -> String {
    format!("{PROJECT_SHEET}!{}", a1(row, col))
}

/// The last row of a defined name's range.
fn last_row(bytes: &[u8], name: &str) -> u32 {
    let book = part(bytes, "xl/workbook.xml");
    let tag = format!("<definedName name=\"{name}\">");
    let at = book.find(&tag).unwrap() + tag.len();
    let range = &book[at..at + book[at..].find('<').unwrap()];
    let n: u32 = range.rsplit('$').next().unwrap().parse().unwrap();
    n - 1
}

/// The written value as the model reads it.
fn assert_reads(entry: &jixiao::ingest::model::Entry, written: &Input, what: &str) {
    match written {
        Input::Text(s) => assert_eq!(entry.raw, CellValue::Text(s.clone()), "{what}"),
        Input::Number(n) => assert_eq!(
            entry.dec(),
            Decimal::try_from(*n).ok().map(|d| d.normalize()),
            "{what}"
        ),
        Input::Date(d) => assert_eq!(entry.date(), Some(*d), "{what}"),
    }
}

#[test]
fn blank_form_asks_only_for_the_projects_own_fields() {
    let report = check(&build(&Inputs::default()));
    let dept = report.department.as_ref().unwrap();
    assert_eq!(dept.kind, WorkbookKind::Project);
    assert!(!report.findings.is_empty());
    let own: Vec<String> = PROJECT_FIELDS
        .iter()
        .map(|k| k.as_str().to_string())
        .chain(
            TBL_PROJECTS
                .columns
                .iter()
                .map(|c| format!("tbl_projects.{}", c.id)),
        )
        .chain(["tbl_project_indicators".to_string()])
        .collect();
    for f in &report.findings {
        // A required cell, or the required indicator table, left empty.
        assert!(
            matches!(f.code, Code::FieldRequired | Code::TableEmpty),
            "{f:?}"
        );
        let field = f.field.as_deref().unwrap_or_default();
        assert!(
            own.iter().any(|k| k == field),
            "not the project's own: {f:?}"
        );
        for word in ["负责人", "编制", "三公", "资产", "人员"] {
            assert!(!f.message.contains(word), "{f:?}");
        }
    }
    // The project's required cells are among them.
    for field in ["tbl_projects.name", "tbl_projects.budget_full", "unit_name"] {
        assert!(
            report
                .findings
                .iter()
                .any(|f| f.field.as_deref() == Some(field)),
            "{field}"
        );
    }
}

#[test]
fn a_filled_form_reads_back_at_its_defined_cells() {
    let inputs = source_inputs();
    let bytes = build(&inputs);
    let report = check(&bytes);
    let dept = report.department.as_ref().unwrap();
    let project = &inputs.tables["tbl_projects"][0];
    let rows = dept.rows(&TBL_PROJECTS);
    assert_eq!(rows.len(), 1);
    for cell in FORM_CELLS {
        let entry = rows[0].entry(cell.column);
        let spot = entry.spot.as_ref().expect("read from a cell");
        assert_eq!(
            spot.to_string(),
            at_a1(named_cell(&bytes, cell.name)),
            "{}",
            cell.name
        );
        match project.get(cell.column.as_str()) {
            Some(v) => assert_reads(entry, v, cell.name),
            None => assert!(entry.value.is_none(), "{}", cell.name),
        }
    }
    assert_eq!(rows[0].dec(col::EXECUTION_SELF), Some(Decimal::new(958, 2)));
    assert_eq!(rows[0].text(col::SELF_GRADE), Some("优"));
    for (key, value) in &inputs.scalars {
        let entry = dept.scalars.get(key.as_str()).unwrap();
        let spot = entry.spot.as_ref().unwrap();
        assert_eq!(spot.to_string(), at_a1(named_cell(&bytes, key)), "{key}");
        match value {
            Input::Number(n) => assert_eq!(entry.int(), Some(*n as i64), "{key}"),
            v => assert_reads(entry, v, key),
        }
    }
    let given = &inputs.tables["tbl_project_indicators"];
    let read = dept.rows(&TBL_PROJECT_INDICATORS);
    assert_eq!(read.len(), given.len());
    let (top, left) = named_cell(&bytes, "tbl_indicators");
    for (i, (r, g)) in read.iter().zip(given).enumerate() {
        assert_eq!(r.text(col::PROJECT), Some("城乡医疗救助"));
        for (j, c) in TBL_FORM_INDICATORS.columns.iter().enumerate() {
            let entry = r.entry(c.col_id());
            let spot = entry.spot.as_ref().unwrap();
            assert_eq!(
                spot.to_string(),
                at_a1((top + 1 + i as u32, left + j as u32))
            );
            if let Some(v) = g.get(c.id) {
                assert_reads(entry, v, c.id);
            }
        }
    }
    // The blank 一级 and 二级 of the second row are the first row's.
    assert_eq!(read[1].text(col::LEVEL2), Some("数量指标"));
    assert_eq!(read[0].text(col::TARGET), Some("=100%"));
    // The source is clean: no finding on a cell the fill wrote wrongly.
    let codes: Vec<Code> = report.findings.iter().map(|f| f.code).collect();
    assert!(
        !codes.contains(&Code::FieldRequired) && !codes.contains(&Code::TableHeader),
        "{:#?}",
        report.findings
    );
}

/// The style index's number format of a cell in sheet 1.
fn number_format(bytes: &[u8], cell: &str) -> String {
    let sheet = part(bytes, "xl/worksheets/sheet1.xml");
    let at = sheet
        .find(&format!("<c r=\"{cell}\""))
        .unwrap_or_else(|| panic!("{cell} is written"));
    let style: usize = sheet[at..sheet[at..].find('>').unwrap() + at]
        .split("s=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .map_or(0, |s| s.parse().unwrap());
    let styles = part(bytes, "xl/styles.xml");
    let xfs = &styles[styles.find("<cellXfs").unwrap()..];
    let xf = xfs.split("<xf ").nth(style + 1).unwrap();
    let id = xf
        .split("numFmtId=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap();
    styles
        .split("<numFmt ")
        .find(|f| f.starts_with(&format!("numFmtId=\"{id}\"")))
        .and_then(|f| f.split("formatCode=\"").nth(1))
        .and_then(|f| f.split('"').next())
        .unwrap_or(if id == "49" { "@" } else { "" })
        .to_string()
}

#[test]
fn targets_and_actuals_are_text_cells() {
    let bytes = build(&Inputs::default());
    let (top, left) = named_cell(&bytes, "tbl_indicators");
    for id in [col::TARGET, col::ACTUAL] {
        let c = left + TBL_FORM_INDICATORS.col(id) as u32;
        for row in [top + 1, last_row(&bytes, "tbl_indicators")] {
            assert_eq!(number_format(&bytes, &a1(row, c)), "@", "{id} row {row}");
        }
    }
    // 分值 is a number, not text.
    let points = left + TBL_FORM_INDICATORS.col(col::POINTS) as u32;
    assert_ne!(number_format(&bytes, &a1(top + 1, points)), "@");
}

#[test]
fn prints_on_one_a4_portrait_page_wide() {
    let bytes = build(&source_inputs());
    let sheet = part(&bytes, "xl/worksheets/sheet1.xml");
    let setup = &sheet[sheet.find("<pageSetup").unwrap()..];
    let setup = &setup[..setup.find("/>").unwrap()];
    assert!(setup.contains("paperSize=\"9\""), "{setup}");
    assert!(!setup.contains("landscape"), "{setup}");
    assert!(setup.contains("fitToHeight=\"0\""), "{setup}");
    assert!(!setup.contains("fitToWidth=\"") || setup.contains("fitToWidth=\"1\""));
    assert!(sheet.contains("<pageSetUpPr fitToPage=\"1\"/>"));
    assert!(sheet.contains("<printOptions horizontalCentered=\"1\"/>"));
    let book = part(&bytes, "xl/workbook.xml");
    assert!(
        book.contains(&format!(
            "<definedName name=\"_xlnm.Print_Area\" localSheetId=\"0\">{PROJECT_SHEET}!$A$1:$I$"
        )),
        "{book}"
    );
}

#[test]
fn every_name_is_defined_once_at_workbook_scope() {
    let bytes = build(&Inputs::default());
    let book = part(&bytes, "xl/workbook.xml");
    let names: Vec<&str> = FORM_CELLS
        .iter()
        .map(|c| c.name)
        .chain(PROJECT_FIELDS.iter().map(|k| k.as_str()))
        .chain(["tbl_indicators"])
        .collect();
    for name in &names {
        let tag = format!("<definedName name=\"{name}\">");
        assert_eq!(book.matches(&tag).count(), 1, "{name}");
    }
    let defined = book.matches("<definedName name=").count();
    // The names, and the print area.
    assert_eq!(defined, names.len() + 1, "{book}");
}

/// Inserts `k` rows before 1-based row `at` of sheet 1, as a spreadsheet
/// does: later rows, merged ranges and defined names move down; the new
/// rows hold `cells` (column letter, text).
fn insert_rows(bytes: &[u8], at: u32, k: u32, cells: &[(&str, &str)]) -> Vec<u8> {
    let shift = |n: u32| if n >= at { n + k } else { n };
    let renumber = |s: &str, open: &str| -> String {
        // Every `open` followed by letters (optional `$`) and a row number.
        let mut out = String::with_capacity(s.len());
        let mut rest = s;
        while let Some(i) = rest.find(open) {
            out.push_str(&rest[..i + open.len()]);
            rest = &rest[i + open.len()..];
            loop {
                let letters = rest
                    .find(|c: char| !(c.is_ascii_uppercase() || c == '$'))
                    .unwrap_or(0);
                let digits = rest[letters..]
                    .find(|c: char| !c.is_ascii_digit())
                    .unwrap_or(rest.len() - letters);
                if letters == 0 || digits == 0 {
                    break;
                }
                let n: u32 = rest[letters..letters + digits].parse().unwrap();
                out.push_str(&rest[..letters]);
                out.push_str(&shift(n).to_string());
                rest = &rest[letters + digits..];
                if let Some(r) = rest.strip_prefix(':') {
                    out.push(':');
                    rest = r;
                } else {
                    break;
                }
            }
        }
        out.push_str(rest);
        out
    };
    patch_xlsx(bytes, |name, text| match name {
        "xl/worksheets/sheet1.xml" => {
            let mut s = text;
            for open in [
                "<row r=\"",
                "<c r=\"",
                "<mergeCell ref=\"",
                "sqref=\"",
                "<dimension ref=\"",
            ] {
                s = renumber(&s, open);
            }
            // Formulas above the insertion point do not move.
            let new_rows: String = (0..k)
                .map(|i| {
                    let r = at + i;
                    let cells: String = cells
                        .iter()
                        .map(|(c, t)| {
                            format!("<c r=\"{c}{r}\" t=\"inlineStr\"><is><t>{t}</t></is></c>")
                        })
                        .collect();
                    format!("<row r=\"{r}\">{cells}</row>")
                })
                .collect();
            let anchor = format!("<row r=\"{}\"", at + k);
            let i = s.find(&anchor).unwrap();
            s.insert_str(i, &new_rows);
            s
        }
        "xl/workbook.xml" => renumber(&text, "!"),
        _ => text,
    })
}

#[test]
fn inserted_indicator_rows_are_read() {
    let inputs = source_inputs();
    let bytes = build(&inputs);
    let (top, _) = named_cell(&bytes, "tbl_indicators");
    let (total_row, _) = named_cell(&bytes, "project_self_score");
    // Two rows after the first indicator.
    let at = top + 3;
    let patched = insert_rows(
        &bytes,
        at,
        2,
        &[
            ("D", "插入的指标"),
            ("E", "=100%"),
            ("F", "100%"),
            ("G", "0"),
        ],
    );
    let (moved_total, _) = named_cell(&patched, "project_self_score");
    assert_eq!(moved_total, total_row + 2);
    let report = check(&patched);
    let dept = report.department.as_ref().unwrap();
    let read = dept.rows(&TBL_PROJECT_INDICATORS);
    let names: Vec<_> = read.iter().map(|r| r.text(col::LEVEL3).unwrap()).collect();
    assert_eq!(
        names,
        [
            "救助人次",
            "插入的指标",
            "插入的指标",
            "救助及时率",
            "受助对象满意度"
        ]
    );
    assert_eq!(read[1].text(col::LEVEL1), Some("产出指标"), "filled down");
    let rows = dept.rows(&TBL_PROJECTS);
    assert_eq!(rows[0].dec(col::SELF_SCORE), Some(Decimal::new(9958, 2)));
    assert!(
        !report
            .findings
            .iter()
            .any(|f| matches!(f.code, Code::TableHeader | Code::FileNameBroken)),
        "{:#?}",
        report.findings
    );
}

fn jixiao(dir: &std::path::Path) -> Command {
    let mut cmd = Command::cargo_bin("jixiao").unwrap();
    cmd.current_dir(dir);
    cmd
}

#[test]
fn fill_picks_one_project_of_a_department_source() {
    let dir = tempfile::tempdir().unwrap();
    let sample = root().join("tests/samples/qingshanhu-2020.toml");
    let out = jixiao(dir.path())
        .args(["fill", "--kind", "project", "--project", "城乡医疗救助"])
        .arg(&sample)
        .args(["-o", "p.xlsx"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.matches("已忽略").count(), 1, "{stderr}");
    assert!(stderr.contains("tbl_finance") && stderr.contains("budget_executed"));
    let bytes = std::fs::read(dir.path().join("p.xlsx")).unwrap();
    let report = check(&bytes);
    let dept = report.department.as_ref().unwrap();
    let given = fill::read_source(&sample).unwrap();
    let expected: Vec<&BTreeMap<String, Input>> = given.tables["tbl_project_indicators"]
        .iter()
        .filter(|r| r.get("project") == Some(&Input::Text("城乡医疗救助".into())))
        .collect();
    let read = dept.rows(&TBL_PROJECT_INDICATORS);
    assert!(!expected.is_empty());
    assert_eq!(read.len(), expected.len());
    for (r, e) in read.iter().zip(&expected) {
        assert_eq!(r.text(col::PROJECT), Some("城乡医疗救助"));
        assert_eq!(
            r.text(col::LEVEL3).map(str::to_string),
            match e.get("level3") {
                Some(Input::Text(t)) => Some(t.clone()),
                _ => None,
            }
        );
    }
    let rows = dept.rows(&TBL_PROJECTS);
    assert_eq!(rows[0].text(col::NAME), Some("城乡医疗救助"));
    // Text amounts are written as typed, for the check to convert.
    assert_eq!(
        rows[0].entry(col::BUDGET_FULL).raw,
        CellValue::Text("48万元".into())
    );
    assert_eq!(rows[0].dec(col::BUDGET_FULL), Some(Decimal::from(48)));
}

#[test]
fn a_source_of_several_projects_needs_one_named() {
    let dir = tempfile::tempdir().unwrap();
    let sample = root().join("tests/samples/qingshanhu-2020.toml");
    let out = jixiao(dir.path())
        .args(["fill", "--kind", "project"])
        .arg(&sample)
        .args(["-o", "p.xlsx"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    for name in [
        "城乡居民医疗保险配套补助经费",
        "城乡医疗救助",
        "2020年军转干专项医疗救助",
    ] {
        assert!(stderr.contains(&format!("“{name}”")), "{stderr}");
    }
    assert!(stderr.contains("--project"), "{stderr}");
    assert!(!dir.path().join("p.xlsx").exists());
}

/// A sheet's cells by (row, col), as calamine reads them.
fn cells(bytes: &[u8], sheet: &str) -> calamine::Range<Data> {
    let mut xlsx: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes.to_vec())).unwrap();
    xlsx.worksheet_range(sheet).unwrap()
}

#[test]
fn the_completed_workbook_reads_back_and_shows_the_computed_figures() {
    let mut inputs = source_inputs();
    // Points that add up to 90 with the 预算执行率: an invalid total.
    inputs.tables.get_mut("tbl_project_indicators").unwrap()[0]
        .insert("points".into(), Input::Number(40.0));
    let bytes = build(&inputs);
    let report = check(&bytes);
    let score = report.score.as_ref().unwrap().projects[0].clone();
    assert!(!score.valid);
    let completed = jixiao::output::render_workbook(&report, &Frameworks::builtin_checked())
        .unwrap()
        .unwrap();
    let again = check(&completed);
    // The same model, cell for cell (the cells may have moved).
    let values = |r: &FileReport| {
        let d = r.department.as_ref().unwrap();
        let mut out = Vec::new();
        for t in [&TBL_PROJECTS, &TBL_PROJECT_INDICATORS] {
            for row in d.rows(t) {
                out.push(
                    row.cells
                        .iter()
                        .map(|e| e.value.clone())
                        .collect::<Vec<_>>(),
                );
            }
        }
        let scalars: Vec<_> = d.scalars.values().map(|e| e.value.clone()).collect();
        (out, scalars)
    };
    assert_eq!(values(&again), values(&report));
    let codes = |r: &FileReport| {
        let mut c: Vec<_> = r
            .findings
            .iter()
            .map(|f| (f.code, f.message.clone()))
            .collect();
        c.sort_by(|a, b| a.1.cmp(&b.1));
        c
    };
    assert_eq!(codes(&again), codes(&report));
    assert_eq!(again.score.as_ref().unwrap().projects[0], score);

    // The system's figures, right of the form.
    let range = cells(&completed, PROJECT_SHEET);
    let at = |name: &str| named_cell(&completed, name);
    let text = |row: u32, col: u32| {
        range
            .get_value((row, col))
            .map(|d| d.to_string())
            .unwrap_or_default()
    };
    let (funds, _) = at("project_budget_full");
    let (total, _) = at("project_self_score");
    let (top, _) = at("tbl_indicators");
    let system_col = 9;
    assert_eq!(text(funds - 1, system_col), "系统得分");
    assert_eq!(text(top, system_col), "系统得分");
    assert_eq!(text(funds, system_col), score.execution_score.to_string());
    assert_eq!(
        text(total, system_col),
        format!("计算值 {:.2}（权重不符）", score.total)
    );
    assert_eq!(text(total + 1, system_col), "权重不符，不评定");
    for (i, ind) in score.indicators.iter().enumerate() {
        let expected = match ind.system {
            Some(s) => s.normalize().to_string(),
            None => "无法计分".to_string(),
        };
        assert_eq!(
            text(top + 1 + i as u32, system_col),
            expected,
            "{}",
            ind.level3
        );
    }
    assert!(score.indicators.iter().any(|i| i.system.is_some()));
    // The 执行率 is cached as the formula computes it: 46 ÷ 48 for the
    // 当年财政拨款 typed as numbers; none for the 年度资金总额, whose
    // 全年预算数 is typed as text (“48万元”), which the formula does not
    // count (jixiao converts it for the check, the spreadsheet does not).
    let rate = range.get_value((funds + 1, 6)).unwrap();
    assert_eq!(rate.to_string(), "0.9583333333333334");
    let rate = range.get_value((funds, 6)).map(|d| d.to_string());
    assert_eq!(rate.as_deref().unwrap_or(""), "");
    // Findings are marked and listed.
    let sheet = part(&completed, "xl/worksheets/sheet1.xml");
    assert!(sheet.contains("<legacyDrawing"), "marked cells carry notes");
    let findings = cells(&completed, "校验结果");
    assert!(
        findings
            .rows()
            .any(|r| r.iter().any(|c| *c == "SCORE-PROJECT-POINTS"))
    );
}
