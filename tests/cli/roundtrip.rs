//! Template → filled by another program through the defined names → `check`
//! is clean and every value reads back as written.

use jixiao::check::check_bytes;
use jixiao::contract::cell::a1;
use jixiao::contract::fields::{self, ColumnId, Kind, TBL_PROJECT_INDICATORS, TBL_PROJECTS, col};
use jixiao::contract::finding::Code;
use jixiao::ingest::guard::Limits;
use jixiao::ingest::model::Entry;
use jixiao::ingest::read::{Target, read_bytes};
use jixiao::rules::settings::Settings;
use jixiao::workbook::inputs::{Input, Inputs};
use rust_decimal::Decimal;
use rust_decimal::prelude::FromPrimitive;

use crate::support::workbook::{build, clean_inputs, fill_cells};

fn assert_reads_as(entry: &Entry, kind: Kind, written: &Input, what: &str) {
    match (written, kind) {
        (Input::Text(s), _) => assert_eq!(entry.text(), Some(s.trim()), "{what}"),
        (Input::Number(n), Kind::Count | Kind::Year) => {
            assert_eq!(entry.int(), Some(*n as i64), "{what}")
        }
        (Input::Number(n), Kind::Percent) => {
            assert_eq!(
                entry.dec(),
                Some(Decimal::from_f64(*n).unwrap() * Decimal::ONE_HUNDRED),
                "{what}"
            )
        }
        (Input::Number(n), _) => assert_eq!(entry.dec(), Decimal::from_f64(*n), "{what}"),
        (Input::Date(d), _) => assert_eq!(entry.date(), Some(*d), "{what}"),
    }
}

#[test]
fn template_filled_through_defined_names_is_clean_and_reads_back() {
    let blank = build(&Inputs::default());
    let wb = read_bytes(&blank, &Limits::default()).unwrap();
    let inputs = clean_inputs();
    let locate = |key: &str| {
        let Some((Target::Area(area), false)) = wb.resolve(key) else {
            panic!("{key} does not resolve to a workbook-scoped area")
        };
        let sheet = wb
            .sheet_names
            .iter()
            .position(|s| *s == area.sheet)
            .unwrap();
        (sheet, area)
    };
    let mut cells = Vec::new();
    for (key, value) in &inputs.scalars {
        let (sheet, area) = locate(key);
        assert!(area.is_single_cell(), "{key}");
        cells.push((sheet, a1(area.first_row, area.first_col), value.clone()));
    }
    for (key, rows) in &inputs.tables {
        let table = fields::table(key).unwrap();
        let (sheet, area) = locate(key);
        // Every column but an optional one (the 评分表's 设定分值, written
        // only for a framework whose weights the department sets).
        assert_eq!(
            (area.last_col - area.first_col + 1) as usize,
            table
                .columns
                .iter()
                .filter(|c| c.id != "set_points")
                .count(),
            "{key}"
        );
        for (i, row) in rows.iter().enumerate() {
            for (id, value) in row {
                let col = area.first_col + table.col(table.column(id).unwrap().col_id()) as u32;
                cells.push((sheet, a1(area.first_row + 1 + i as u32, col), value.clone()));
            }
        }
    }
    let filled = fill_cells(&blank, &cells);
    let report = check_bytes(
        "filled.xlsx",
        &filled,
        &Settings::default(),
        &Limits::default(),
    );
    assert!(report.findings.is_empty(), "{:#?}", report.findings);
    let dept = report.department.unwrap();
    for (key, value) in &inputs.scalars {
        let f = fields::field(key).unwrap();
        assert_reads_as(dept.entry(f.id()), f.kind, value, key);
    }
    for (key, rows) in &inputs.tables {
        let table = fields::table(key).unwrap();
        let read = dept.rows(table);
        assert_eq!(read.len(), rows.len(), "{key}");
        for (row, written) in read.iter().zip(rows) {
            for c in table.columns {
                match written.get(c.id) {
                    Some(v) => assert_reads_as(
                        row.entry(c.col_id()),
                        c.kind,
                        v,
                        &format!("{key}.{}", c.id),
                    ),
                    // The template prefills the 评分表's labels, criteria and
                    // points from the framework; a program fills the rest.
                    None if *key == "tbl_scores" => {}
                    None => assert!(row.entry(c.col_id()).value.is_none(), "{key}.{}", c.id),
                }
            }
        }
    }
}

#[test]
fn filled_by_jixiao_is_clean_too() {
    let report = check_bytes(
        "clean.xlsx",
        &build(&clean_inputs()),
        &Settings::default(),
        &Limits::default(),
    );
    assert!(report.findings.is_empty(), "{:#?}", report.findings);
}

#[test]
fn blank_template_asks_only_for_what_is_required() {
    let report = check_bytes(
        "blank.xlsx",
        &build(&Inputs::default()),
        &Settings::default(),
        &Limits::default(),
    );
    let required: Vec<&str> = fields::FIELDS
        .iter()
        .filter(|f| f.required && !matches!(f.key, "template_version" | "framework" | "period"))
        .map(|f| f.key)
        .collect();
    for f in &report.findings {
        assert!(
            matches!(
                f.code,
                Code::FieldRequired
                    | Code::ScoreNoSelf
                    | Code::ScoreNoData
                    | Code::TableEmpty
                    | Code::PlausNoProblems
                    | Code::PlausNoMeasures
            ),
            "unexpected {f:?}"
        );
    }
    let missing: Vec<&str> = report
        .findings
        .iter()
        .filter(|f| f.code == Code::FieldRequired)
        .filter_map(|f| f.field.as_deref())
        .collect();
    assert_eq!(missing, required);
    assert!(
        report
            .findings
            .iter()
            .all(|f| f.sheet.is_some() && f.cell.is_some())
    );
}

#[test]
fn a_workbook_with_twelve_projects_of_fifteen_indicators_fits() {
    let mut inputs = clean_inputs();
    let projects = inputs.tables.get_mut("tbl_projects").unwrap();
    let first = projects[0].clone();
    let indicators = inputs.tables.get_mut("tbl_project_indicators").unwrap();
    let indicator = indicators[0].clone();
    indicators.clear();
    let mut rows = Vec::new();
    for p in 0..12 {
        let mut row = first.clone();
        row.insert("name".into(), Input::Text(format!("项目{p}")));
        rows.push(row);
        for i in 0..15 {
            let mut ind = indicator.clone();
            ind.insert("project".into(), Input::Text(format!("项目{p}")));
            ind.insert("level3".into(), Input::Text(format!("指标{i}")));
            indicators.push(ind);
        }
    }
    inputs.tables.insert("tbl_projects".into(), rows);
    let report = check_bytes(
        "big.xlsx",
        &build(&inputs),
        &Settings::default(),
        &Limits::default(),
    );
    let dept = report.department.unwrap();
    assert_eq!(dept.rows(&TBL_PROJECTS).len(), 12);
    assert_eq!(dept.rows(&TBL_PROJECT_INDICATORS).len(), 180);
}

/// Whether the cell `a1` of sheet `n` (1-based) is unlocked under sheet
/// protection, read from the .xlsx's XML.
fn unlocked(bytes: &[u8], n: usize, a1: &str) -> bool {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut part = |name: &str| {
        let mut s = String::new();
        zip.by_name(name).unwrap().read_to_string(&mut s).unwrap();
        s
    };
    let sheet = part(&format!("xl/worksheets/sheet{n}.xml"));
    let styles = part("xl/styles.xml");
    let cell = &sheet[sheet.find(&format!("<c r=\"{a1}\"")).unwrap()..];
    let style: usize = cell[..cell.find('>').unwrap()]
        .split("s=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .map_or(0, |s| s.parse().unwrap());
    let xfs = &styles[styles.find("<cellXfs").unwrap()..styles.find("</cellXfs>").unwrap()];
    let xf = xfs.split("<xf ").nth(style + 1).unwrap();
    xf.contains("locked=\"0\"")
}

/// In the template, the 评分表's labels, criteria and points come from the
/// framework and are locked; only 自评得分 and 扣分原因 are for the department.
#[test]
fn score_table_locks_what_the_framework_fills() {
    let bytes = build(&Inputs::default());
    let wb = read_bytes(&bytes, &Limits::default()).unwrap();
    let Some((Target::Area(area), _)) = wb.resolve("tbl_scores") else {
        panic!("tbl_scores")
    };
    let n = wb
        .sheet_names
        .iter()
        .position(|s| *s == area.sheet)
        .unwrap()
        + 1;
    let t = &fields::TBL_SCORES;
    let at = |id: ColumnId| a1(area.first_row + 1, area.first_col + t.col(id) as u32);
    for id in [
        col::LEVEL1,
        col::LEVEL3,
        col::CRITERIA,
        col::POINTS,
        col::COMPUTED,
        col::SYSTEM_SCORE,
    ] {
        assert!(!unlocked(&bytes, n, &at(id)), "{id} should be locked");
    }
    for id in [col::SELF_SCORE, col::REASON] {
        assert!(unlocked(&bytes, n, &at(id)), "{id} should be an input");
    }
}

/// A workbook of the first template (`jixiao-dept-1`) has none of the names
/// and columns later ones added: it reads without a missing-name or required-field
/// finding, and the fields it lacks are unknown, not zero.
#[test]
fn a_first_template_workbook_reads_without_the_later_fields() {
    let later = [
        "budget_added",
        "budget_reduced",
        "budget_restructured",
        "budget_adjust_excluded",
        "execution_note",
        "finance_note",
        "sg_abroad_prev_budget",
        "sg_car_buy_prev_budget",
        "sg_car_run_prev_budget",
        "sg_reception_prev_budget",
    ];
    let current = build(&clean_inputs());
    let old = crate::support::workbook::patch_xlsx(&current, |name, xml| match name {
        "xl/sharedStrings.xml" => xml.replace(">jixiao-dept-4<", ">jixiao-dept-1<"),
        "xl/workbook.xml" => {
            let mut xml = xml;
            for key in &later {
                let open = format!("<definedName name=\"{key}\">");
                let start = xml
                    .find(&open)
                    .unwrap_or_else(|| panic!("{key} not defined"));
                let end = start + xml[start..].find("</definedName>").unwrap() + 14;
                xml.replace_range(start..end, "");
            }
            // The 评分表 of the first template ends at 扣分原因, one column
            // before 说明; its 项目支出 at 自评得分, two before 自评等次.
            xml.replace("'评分表'!$B$7:$K$", "'评分表'!$B$7:$J$")
                .replace("'项目支出'!$B$4:$U$", "'项目支出'!$B$4:$S$")
        }
        _ => xml,
    });
    let report = check_bytes("old.xlsx", &old, &Settings::default(), &Limits::default());
    // The only findings: the two 53号 indicators that need the later fields
    // say so, and take the self-score, instead of reading them as 0.
    let no_data: Vec<&str> = report
        .findings
        .iter()
        .filter(|f| f.code == jixiao::contract::finding::Code::ScoreNoData)
        .map(|f| f.message.as_str())
        .collect();
    assert_eq!(
        no_data,
        [
            "指标““三公经费”变动率”缺少数据（“三公”经费上年预算），采用自评得分",
            "指标“预算调整率”缺少数据（追加预算数、追减预算数、结构调整数），采用自评得分",
        ],
        "{:#?}",
        report.findings
    );
    assert_eq!(
        report.findings.len(),
        no_data.len(),
        "{:#?}",
        report.findings
    );
    let model = report.department.as_ref().expect("read");
    for key in &later {
        let entry = &model.scalars[key];
        assert!(entry.value.is_none() && entry.spot.is_none(), "{key}");
    }
    // The project table's columns of the third template are unknown too.
    let projects = model.rows(&jixiao::contract::fields::TBL_PROJECTS);
    assert!(!projects.is_empty());
    for row in projects {
        for id in [col::EXECUTION_SELF, col::SELF_GRADE] {
            assert_eq!(row.entry(id).value, None, "{id}");
        }
    }
}
