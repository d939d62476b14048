//! The completed workbook of an .xlsx is the department's own file with
//! jixiao's additions: every cell of every sheet the department wrote is
//! there with its value, formula and look (read back with calamine and a
//! style reader, not compared by bytes), every other part is there
//! unchanged unless jixiao must change it, and jixiao reads it back to the
//! same findings and scores.

use std::collections::BTreeSet;

use calamine::Data;
use jixiao::check::{FileReport, check_bytes};
use jixiao::contract::fields::{self, col};
use jixiao::ingest::guard::Limits;
use jixiao::ingest::read::{Target, read_bytes};
use jixiao::output::render_workbook;
use jixiao::rules::settings::Settings;

use crate::support::fidelity::{Extra, cell_styles, cells, hand_built, looks, parts, sheet_parts};
use crate::support::workbook::{build, clean_inputs, root};

/// The parts jixiao must change (the others are compared byte for byte):
/// the package's content types, the workbook part (its sheet list and
/// defined names), its relationships, the styles (formats appended),
/// docProps/app.xml (the sheet titles) and the calculation chain (dropped:
/// Excel rebuilds it). Sheet parts are compared cell by cell, and the
/// parts of a sheet's comments (relationships, comments, VML) gain
/// jixiao's comments beside the department's.
const CHANGED: [&str; 6] = [
    "[Content_Types].xml",
    "xl/workbook.xml",
    "xl/_rels/workbook.xml.rels",
    "xl/styles.xml",
    "docProps/app.xml",
    "xl/calcChain.xml",
];

/// The fills jixiao marks cells with (错误, 警告).
const MARK_FILLS: [&str; 2] = ["FFFFC7CE", "FFFFEB9C"];

fn report(name: &str, bytes: &[u8]) -> FileReport {
    check_bytes(name, bytes, &Settings::default(), &Limits::default())
}

fn completed(report: &FileReport) -> Vec<u8> {
    render_workbook(report, &Settings::default().scoring)
        .unwrap()
        .expect("a completed workbook")
}

/// The cells whose values jixiao computes: the 评分表's 计算值 and 系统得分
/// columns, a project form's 执行率 (two cells right of each 全年执行数;
/// its formula stays, its cached result is jixiao's).
fn computed_cells(bytes: &[u8]) -> BTreeSet<(String, u32, u32)> {
    let wb = read_bytes(bytes, &Limits::default()).unwrap();
    let mut out = BTreeSet::new();
    for name in [
        "project_executed",
        "project_fiscal_executed",
        "project_carry_executed",
        "project_other_executed",
    ] {
        if let Some((Target::Area(a), _)) = wb.resolve(name) {
            out.insert((a.sheet.clone(), a.first_row, a.first_col + 2));
        }
    }
    if let Some((Target::Area(area), _)) = wb.resolve("tbl_scores") {
        for id in [col::COMPUTED, col::SYSTEM_SCORE] {
            let c = area.first_col + fields::TBL_SCORES.col(id) as u32;
            for r in area.first_row + 1..area.first_row + 2000 {
                out.insert((area.sheet.clone(), r, c));
            }
        }
    }
    out
}

/// A1 → zero-based (row, column).
fn a1_cell(a1: &str) -> (u32, u32) {
    let split = a1.find(|c: char| c.is_ascii_digit()).unwrap();
    let (letters, digits) = a1.split_at(split);
    let col = letters
        .bytes()
        .fold(0u32, |n, b| n * 26 + u32::from(b - b'A' + 1))
        - 1;
    (digits.parse::<u32>().unwrap() - 1, col)
}

fn findings_of(r: &FileReport) -> Vec<(String, Option<String>, Option<String>, String)> {
    r.findings
        .iter()
        .map(|f| {
            (
                f.code.id().to_string(),
                f.sheet.clone(),
                f.cell.clone(),
                f.message.clone(),
            )
        })
        .collect()
}

/// Checks the completed workbook of `bytes` against it; `name` says which
/// input in the messages.
fn assert_kept(name: &str, bytes: &[u8]) -> Vec<u8> {
    let checked = report(name, bytes);
    let out = completed(&checked);
    let (before, after) = (parts(bytes), parts(&out));
    let (in_sheets, out_sheets) = (sheet_parts(&before), sheet_parts(&after));
    let in_names: Vec<&str> = in_sheets.iter().map(|(n, _)| n.as_str()).collect();
    let out_names: Vec<&str> = out_sheets.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        &out_names[..in_names.len()],
        &in_names[..],
        "{name}: the department's sheets, in order"
    );
    let project = checked
        .department
        .as_ref()
        .is_some_and(|d| d.kind == fields::WorkbookKind::Project);
    let added: &[&str] = if project {
        &["校验结果"]
    } else {
        &["校验结果", "图表"]
    };
    for added in added {
        assert!(out_names.contains(added), "{name}: {added} added");
    }
    if project {
        assert!(
            !out_names.contains(&"图表"),
            "{name}: a project has no 图表"
        );
    }

    // Every cell: value and formula.
    let computed = computed_cells(bytes);
    for (sheet, _) in &in_sheets {
        let (a, b) = (cells(bytes, sheet), cells(&out, sheet));
        for ((r, c), (value, formula)) in &a {
            if *value == Data::Empty && formula.is_empty() {
                continue;
            }
            if computed.contains(&(sheet.clone(), *r, *c)) {
                assert_eq!(
                    b.get(&(*r, *c)).map(|(_, f)| f),
                    Some(formula),
                    "{name}: {sheet} row {r} col {c}: the formula kept"
                );
                continue;
            }
            assert_eq!(
                b.get(&(*r, *c)),
                Some(&(value.clone(), formula.clone())),
                "{name}: {sheet} row {r} col {c}"
            );
        }
    }

    // Every cell: its look (a marked cell's fill is jixiao's).
    let (in_looks, out_looks) = (
        looks(&before["xl/styles.xml"]),
        looks(&after["xl/styles.xml"]),
    );
    let out_parts: std::collections::BTreeMap<&str, &str> = out_sheets
        .iter()
        .map(|(n, p)| (n.as_str(), p.as_str()))
        .collect();
    let mut marked = 0;
    for (sheet, part) in &in_sheets {
        let a = cell_styles(&before[part]);
        let b = cell_styles(&after[out_parts[sheet.as_str()]]);
        for (cell, xf) in &a {
            let want = &in_looks[*xf];
            let got = &out_looks[*b
                .get(cell)
                .unwrap_or_else(|| panic!("{name}: {sheet} {cell:?} kept"))];
            if want == got {
                continue;
            }
            // A computed figure's number format is jixiao's; the rest of
            // its look stays.
            if computed.contains(&(sheet.clone(), cell.0, cell.1)) && want.num_fmt != got.num_fmt {
                assert_eq!(
                    (&want.font, &want.border),
                    (&got.font, &got.border),
                    "{name}: {sheet} {cell:?} keeps its look"
                );
                continue;
            }
            assert!(
                MARK_FILLS.iter().any(|f| got.fill.contains(f)),
                "{name}: {sheet} {cell:?} changed look: {want:?} → {got:?}"
            );
            marked += 1;
            assert_eq!(
                (&want.num_fmt, &want.font, &want.border),
                (&got.num_fmt, &got.font, &got.border),
                "{name}: {sheet} {cell:?} marked keeps its own format"
            );
        }
    }
    // Every cell with an error or a warning: marked with its fill.
    for f in &checked.findings {
        let (Some(sheet), Some(cell)) = (&f.sheet, &f.cell) else {
            continue;
        };
        if f.severity == jixiao::contract::finding::Severity::Note {
            continue;
        }
        let Some(part) = out_parts.get(sheet.as_str()) else {
            continue;
        };
        let (row, col) = a1_cell(cell);
        let xf = cell_styles(&after[*part]).get(&(row, col)).copied();
        let fill = xf.map(|x| out_looks[x].fill.clone()).unwrap_or_default();
        assert!(
            MARK_FILLS.iter().any(|m| fill.contains(m)),
            "{name}: {sheet}!{cell} ({}) is marked",
            f.code.id()
        );
        marked += 1;
    }
    let _ = marked;
    // Every part that is not a sheet: unchanged, unless jixiao must change it.
    let sheet_part_names: BTreeSet<&str> = in_sheets.iter().map(|(_, p)| p.as_str()).collect();
    for (part, content) in &before {
        if sheet_part_names.contains(part.as_str())
            || CHANGED.contains(&part.as_str())
            || part.starts_with("xl/worksheets/_rels/")
            || part.starts_with("xl/comments")
            || part.ends_with(".vml")
        {
            continue;
        }
        assert!(after.get(part) == Some(content), "{name}: {part} unchanged");
    }
    // A department's comment stays, jixiao's beside it.
    for (part, content) in &before {
        if part.starts_with("xl/comments") {
            let text = String::from_utf8_lossy(content);
            let kept = after.iter().any(|(p, c)| {
                p.starts_with("xl/comments")
                    && text.split("<t").skip(1).all(|t| {
                        String::from_utf8_lossy(c).contains(t.split('<').next().unwrap_or(""))
                    })
            });
            assert!(kept, "{name}: the comments of {part} are kept");
        }
    }

    // Read back: the same findings and scores.
    let again = report(name, &out);
    assert_eq!(
        findings_of(&again),
        findings_of(&checked),
        "{name}: same findings"
    );
    let total = |r: &FileReport| {
        r.score
            .as_ref()
            .and_then(|s| s.department.as_ref())
            .map(|d| d.total)
    };
    assert_eq!(total(&again), total(&checked), "{name}: same score");
    let projects = |r: &FileReport| -> Vec<_> {
        r.score
            .iter()
            .flat_map(|s| &s.projects)
            .map(|p| (p.total, p.grade.clone()))
            .collect()
    };
    assert_eq!(
        projects(&again),
        projects(&checked),
        "{name}: same project scores"
    );
    out
}

/// A project form's 系统得分 column: (row, value) of each cell jixiao
/// wrote in it, read from the completed workbook `out` of `checked`.
fn system_column(checked: &FileReport, out: &[u8]) -> Vec<(u32, Data)> {
    let wb = read_bytes(out, &Limits::default()).unwrap();
    let Some((Target::Area(area), _)) = wb.resolve("tbl_indicators") else {
        panic!("{}: the indicator table", checked.file);
    };
    cells(out, &area.sheet)
        .into_iter()
        .filter(|((_, c), (v, _))| *c == area.last_col + 1 && *v != Data::Empty)
        .map(|((r, _), (v, _))| (r, v))
        .collect()
}

/// The text of the first sheet's print area.
fn print_area(bytes: &[u8]) -> Option<String> {
    let book = String::from_utf8(parts(bytes)["xl/workbook.xml"].clone()).unwrap();
    let at = book.find("\"_xlnm.Print_Area\"")?;
    let text = &book[at..];
    let start = text.find('>')? + 1;
    let end = text.find("</")?;
    Some(text[start..end].to_string())
}

/// The project's total as jixiao scored it, as the form's 系统得分 shows it.
fn system_total(checked: &FileReport) -> Data {
    let p = &checked.score.as_ref().unwrap().projects[0];
    assert!(p.valid, "{}: a valid total", checked.file);
    let total = jixiao::contract::number::round_half_up(p.total, 2);
    Data::Float(rust_decimal::prelude::ToPrimitive::to_f64(&total).unwrap())
}

#[test]
fn the_project_samples_are_edited_with_the_system_scores_beside_the_form() {
    let dir = root().join("input/qingshanhu-2020-projects");
    let mut seen = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let bytes = std::fs::read(&path).unwrap();
        let out = assert_kept(&name, &bytes);
        let checked = report(&name, &bytes);
        let column = system_column(&checked, &out);
        let header = Data::String("系统得分".into());
        assert_eq!(
            column.iter().filter(|(_, v)| *v == header).count(),
            2,
            "{name}: the funds' and the indicators' headers: {column:?}"
        );
        let p = &checked.score.as_ref().unwrap().projects[0];
        if p.valid {
            assert!(
                column.iter().any(|(_, v)| *v == system_total(&checked)),
                "{name}: the total {:?} in {column:?}",
                p.total
            );
        }
        let grade = Data::String(p.grade_text().to_string());
        assert!(column.iter().any(|(_, v)| *v == grade), "{name}: the grade");
        assert_eq!(
            print_area(&bytes).map(|a| a.replace("$I$", "$J$")),
            print_area(&out),
            "{name}: the print area takes in the 系统得分 column"
        );
        let after = parts(&out);
        let (_, form) = &sheet_parts(&after)[0];
        let xml = String::from_utf8_lossy(&after[form]);
        assert!(
            xml.contains(r#"<col min="10" max="10" width="#),
            "{name}: the 系统得分 column is sized"
        );
        seen += 1;
    }
    assert_eq!(seen, 6, "the six 青山湖区 project workbooks");
}

#[test]
fn a_projects_own_sheet_and_remark_survive() {
    let source =
        std::fs::read(root().join("input/qingshanhu-2020-projects/城乡医疗救助.xlsx")).unwrap();
    let bytes = hand_built(&source, &[Extra::Sheet, Extra::Comment, Extra::Styles]);
    let out = assert_kept("project with extras", &bytes);
    let names: Vec<String> = sheet_parts(&parts(&out))
        .into_iter()
        .map(|(n, _)| n)
        .collect();
    assert!(names.contains(&"附件-项目明细".to_string()), "{names:?}");
    let form = cells(&out, fields::PROJECT_SHEET);
    assert_eq!(
        form.get(&(2, 11)).map(|(v, _)| v.clone()),
        Some(Data::String("备注：本单位另附项目明细。".into()))
    );
}

#[test]
fn a_projects_second_round_writes_its_system_column_again() {
    let bytes =
        std::fs::read(root().join("input/qingshanhu-2020-projects/城乡医疗救助.xlsx")).unwrap();
    let checked = report("first", &bytes);
    let first = completed(&checked);
    let column = system_column(&checked, &first);
    let (row, _) = column
        .iter()
        .find(|(_, v)| matches!(v, Data::Float(x) if *x != 1.0))
        .cloned()
        .expect("a figure");
    // The department's copy, a figure of the first round gone stale.
    let cell = format!("r=\"{}{}\"", "J", row + 1);
    let stale = crate::support::workbook::patch_xlsx(&first, |name, xml| {
        if !name.starts_with("xl/worksheets/sheet") || !xml.contains(&cell) {
            return xml;
        }
        let at = xml.find(&cell).unwrap();
        let v = at + xml[at..].find("<v>").unwrap() + 3;
        let end = v + xml[v..].find("</v>").unwrap();
        format!("{}1{}", &xml[..v], &xml[end..])
    });
    assert_ne!(system_column(&checked, &stale), column, "the total patched");
    let second = completed(&report("second", &stale));
    assert_eq!(
        system_column(&checked, &second),
        column,
        "the column written again, not kept stale"
    );
}

#[test]
fn a_column_the_department_used_beside_the_form_is_left_alone() {
    let source =
        std::fs::read(root().join("input/qingshanhu-2020-projects/城乡医疗救助.xlsx")).unwrap();
    let checked = report("project", &source);
    let first = completed(&checked);
    let column = system_column(&checked, &first);
    let (label, _) = column[0].clone();
    // The department wrote its own heading where jixiao's would go.
    let cell = format!("r=\"J{}\"", label + 1);
    let used = crate::support::workbook::patch_xlsx(&first, |name, xml| {
        if !name.starts_with("xl/worksheets/sheet") || !xml.contains(&cell) {
            return xml;
        }
        let at = xml.find(&cell).unwrap();
        let start = xml[..at].rfind("<c ").unwrap();
        let end = at + xml[at..].find("</c>").unwrap() + 4;
        format!(
            "{}<c {cell} t=\"inlineStr\"><is><t>单位备注</t></is></c>{}",
            &xml[..start],
            &xml[end..]
        )
    });
    let again = report("used", &used);
    let second = completed(&again);
    let left = system_column(&again, &second);
    assert_eq!(
        left.first().map(|(_, v)| v.clone()),
        Some(Data::String("单位备注".into()))
    );
    // Only what was there before: nothing of jixiao's written beside it,
    // and the print area as the department had it.
    let before = system_column(&again, &used);
    assert_eq!(left, before);

    // The same heading in the department's first submission: the column
    // stays theirs alone, and their print area is not widened to it.
    let row = format!("<row r=\"{}\"", label + 1);
    let own = crate::support::workbook::patch_xlsx(&source, |name, xml| {
        if !name.starts_with("xl/worksheets/sheet") || !xml.contains(&row) {
            return xml;
        }
        let at = xml.find(&row).unwrap();
        let end = at + xml[at..].find("</row>").unwrap();
        format!(
            "{}<c {cell} t=\"inlineStr\"><is><t>单位备注</t></is></c>{}",
            &xml[..end],
            &xml[end..]
        )
    });
    let checked = report("own", &own);
    let out = completed(&checked);
    assert_eq!(
        system_column(&checked, &out),
        vec![(label, Data::String("单位备注".into()))]
    );
    assert_eq!(print_area(&out), print_area(&source));
    assert!(print_area(&source).is_some_and(|a| a.contains("$I$")));
}

#[test]
fn the_samples_are_completed_with_everything_they_hold() {
    for sample in [
        "chenxi-2022.xlsx",
        "junshan-2022.xlsx",
        "qingshanhu-2020.xlsx",
    ] {
        let bytes = std::fs::read(root().join("input").join(sample)).unwrap();
        let out = assert_kept(sample, &bytes);
        if sample == "chenxi-2022.xlsx" {
            // A computed figure's working, figures put in, as its comment.
            let comments: String = parts(&out)
                .iter()
                .filter(|(p, _)| p.starts_with("xl/comments"))
                .map(|(_, c)| String::from_utf8_lossy(c).into_owned())
                .collect();
            assert!(
                comments.contains("【计算】公用经费控制率 317.14%")
                    && comments.contains("公用经费控制率 = 272.74 ÷ 86 × 100 = 317.14%"),
                "the working of 公用经费控制率"
            );
            // Its 计算值: a live formula shown as a percentage.
            let after = parts(&out);
            let scores = sheet_parts(&after)
                .into_iter()
                .find(|(n, _)| n == "评分表")
                .unwrap()
                .1;
            let xml = String::from_utf8_lossy(&after[&scores]).into_owned();
            let at = xml.find("<f>IFERROR(").expect("a live 计算值");
            let start = xml[..at].rfind("<c ").unwrap();
            let (row, col) = a1_cell(
                xml[start..]
                    .split('"')
                    .nth(1)
                    .expect("the cell's reference"),
            );
            let xf = cell_styles(&after[&scores])[&(row, col)];
            assert_eq!(
                looks(&after["xl/styles.xml"])[xf].num_fmt,
                r#"0.00"%""#,
                "the rate's number format"
            );
        }
    }
}

#[test]
fn libreoffice_saves_are_completed_with_everything_they_hold() {
    for fixture in ["clean.xlsx", "junshan-2022.xlsx", "project.xlsx"] {
        let bytes = std::fs::read(root().join("tests/fixtures/libreoffice").join(fixture)).unwrap();
        assert_kept(fixture, &bytes);
    }
}

#[test]
fn a_departments_own_sheets_images_comments_and_formats_survive() {
    let source = build(&clean_inputs());
    let all = [
        Extra::Sheet,
        Extra::Image,
        Extra::Comment,
        Extra::Merged,
        Extra::Styles,
        Extra::Print,
    ];
    for extras in [
        &all[..],
        &[Extra::Sheet],
        &[Extra::Comment],
        &[Extra::Merged, Extra::Print],
    ] {
        let bytes = hand_built(&source, extras);
        let out = assert_kept(&format!("{extras:?}"), &bytes);
        let after = parts(&out);
        let names: Vec<String> = sheet_parts(&after).into_iter().map(|(n, _)| n).collect();
        if extras.contains(&Extra::Sheet) {
            assert!(names.contains(&"附件-项目明细".to_string()));
        }
        if extras.contains(&Extra::Image) {
            assert!(
                after.keys().any(|p| p.starts_with("xl/media/")),
                "the image"
            );
        }
        if extras.contains(&Extra::Print) {
            let book = String::from_utf8_lossy(&after["xl/workbook.xml"]);
            assert!(book.contains("_xlnm.Print_Area"), "the print area");
        }
        // The remark typed beside the form.
        let remark = cells(&out, "基本情况");
        assert_eq!(
            remark.get(&(2, 4)).map(|(v, _)| v.clone()),
            Some(Data::String("备注：本单位另附项目明细。".into()))
        );
    }
}

#[test]
fn a_second_round_replaces_the_added_sheets_and_comments() {
    let bytes = std::fs::read(root().join("input/chenxi-2022.xlsx")).unwrap();
    let first = assert_kept("chenxi first round", &bytes);
    let second = completed(&report("completed.xlsx", &first));
    let (a, b) = (parts(&first), parts(&second));
    let names = |p: &std::collections::BTreeMap<String, Vec<u8>>| -> Vec<String> {
        sheet_parts(p).into_iter().map(|(n, _)| n).collect()
    };
    assert_eq!(names(&a), names(&b), "the same sheets, not added twice");
    let count = |p: &std::collections::BTreeMap<String, Vec<u8>>, what: &str| -> usize {
        p.iter()
            .filter(|(n, _)| n.starts_with("xl/comments") || n.ends_with(".vml"))
            .map(|(_, c)| String::from_utf8_lossy(c).matches(what).count())
            .sum()
    };
    assert_eq!(
        count(&a, "<comment "),
        count(&b, "<comment "),
        "comments not repeated"
    );
    assert_eq!(
        count(&a, "<v:shape "),
        count(&b, "<v:shape "),
        "note boxes not repeated"
    );
    assert_eq!(
        a.keys().filter(|k| k.starts_with("xl/charts/")).count(),
        b.keys().filter(|k| k.starts_with("xl/charts/")).count(),
        "the earlier charts removed"
    );
}

#[test]
fn a_package_named_in_its_own_way_is_edited_not_regenerated() {
    // Relationship ids and targets as other producers write them: ids that
    // are not `rIdN`, absolute part paths.
    let source =
        crate::support::workbook::patch_xlsx(&build(&clean_inputs()), |name, xml| match name {
            "xl/_rels/workbook.xml.rels" => xml
                .replace("Id=\"rId", "Id=\"part")
                .replace("Target=\"worksheets/", "Target=\"/xl/worksheets/"),
            "xl/workbook.xml" => xml.replace("r:id=\"rId", "r:id=\"part"),
            _ => xml,
        });
    let out = assert_kept("own naming", &source);
    let rels = String::from_utf8(parts(&out)["xl/_rels/workbook.xml.rels"].clone()).unwrap();
    assert!(
        rels.contains("Id=\"part1\"") && rels.contains("Target=\"/xl/worksheets/"),
        "{rels}"
    );
}

#[test]
fn an_xls_or_ods_is_regenerated_with_every_sheet_and_says_what_was_lost() {
    for fixture in [
        "extra-sheet.ods",
        "extra-sheet.xls",
        "junshan-2022.ods",
        "project-extra-sheet.ods",
        "project-extra-sheet.xls",
    ] {
        let path = root().join("tests/fixtures/libreoffice").join(fixture);
        let bytes = std::fs::read(&path).unwrap();
        let out = completed(&report(fixture, &bytes));
        let mut book = calamine::open_workbook_auto(&path).unwrap();
        use calamine::Reader as _;
        let after = sheet_parts(&parts(&out));
        let names: Vec<&str> = after.iter().map(|(n, _)| n.as_str()).collect();
        for sheet in book.sheet_names() {
            assert!(names.contains(&sheet.as_str()), "{fixture}: {sheet}");
        }
        if fixture.contains("extra-sheet") {
            let carried = cells(&out, "附件-项目明细");
            let range = book.worksheet_range("附件-项目明细").unwrap();
            for (r, c, v) in range.used_cells() {
                let got = carried.get(&(r as u32, c as u32)).map(|(v, _)| v.clone());
                let same = match (v, &got) {
                    (Data::Int(i), Some(Data::Float(f))) => *i as f64 == *f,
                    (v, Some(g)) => v == g,
                    _ => false,
                };
                assert!(same, "{fixture}: 附件-项目明细 ({r},{c}) {v:?} → {got:?}");
            }
        }
        // A project workbook has no 填报说明: its 校验结果 says it.
        let said_in = if fixture.starts_with("project") {
            "校验结果"
        } else {
            "填报说明"
        };
        assert!(
            cells(&out, said_in)
                .values()
                .any(|(v, _)| matches!(v, Data::String(s) if s.contains("无法带入"))),
            "{fixture}: {said_in} says what could not be carried"
        );
    }
}

/// Through the binary, as a department and a finance office use it: the
/// sheet the department added and the remark it typed beside the form are
/// in the completed workbook that `report` writes and in the one `run`
/// writes, cell for cell.
#[test]
fn the_departments_sheet_and_remark_survive_report_and_run() {
    let bytes = hand_built(&build(&clean_inputs()), &[Extra::Sheet]);
    let tmp = tempfile::tempdir().unwrap();
    let inputs = tmp.path().join("收件");
    std::fs::create_dir_all(&inputs).unwrap();
    let file = inputs.join("部门整体支出绩效自评表.xlsx");
    std::fs::write(&file, &bytes).unwrap();
    let theirs = cells(&bytes, "附件-项目明细");
    assert!(!theirs.is_empty(), "the added sheet has cells");
    let kept = |completed: &std::path::Path| {
        let out = std::fs::read(completed).unwrap();
        assert_eq!(
            cells(&out, "附件-项目明细"),
            theirs,
            "{}",
            completed.display()
        );
        assert_eq!(
            cells(&out, "基本情况").get(&(2, 4)).map(|(v, _)| v.clone()),
            Some(Data::String("备注：本单位另附项目明细。".into())),
            "{}",
            completed.display()
        );
    };

    // Exit 0 or 1: the workbook may have findings, never a failure.
    let jixiao = |args: &[&std::ffi::OsStr]| {
        let rc = assert_cmd::Command::cargo_bin("jixiao")
            .unwrap()
            .args(args)
            .output()
            .unwrap();
        assert!(matches!(rc.status.code(), Some(0 | 1)), "{rc:?}");
    };
    let report = tmp.path().join("报告");
    jixiao(&[
        "report".as_ref(),
        file.as_ref(),
        "-o".as_ref(),
        report.as_ref(),
    ]);
    kept(&report.join("completed.xlsx"));

    let batch = tmp.path().join("汇总");
    jixiao(&[
        "run".as_ref(),
        inputs.as_ref(),
        "-o".as_ref(),
        batch.as_ref(),
        "--quiet".as_ref(),
    ]);
    let completed: Vec<_> = walkdir::WalkDir::new(&batch)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_name() == "completed.xlsx")
        .map(|e| e.into_path())
        .collect();
    assert_eq!(completed.len(), 1, "{completed:?}");
    kept(&completed[0]);
}
