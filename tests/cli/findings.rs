//! Every finding code has a fixture that triggers it at the right cell, and
//! the clean fixture triggers none. Fixtures are the clean source with one
//! change, or (for file-level codes) hostile or edited files.

use jixiao::check::{FileReport, Status, check_bytes};
use jixiao::contract::fields::{TBL_GOALS, key};
use jixiao::contract::finding::{CATALOGUE, Code};
use jixiao::ingest::guard::Limits;
use jixiao::rules::validate::Context;
use jixiao::workbook::inputs::{Input, Inputs};
use jixiao::workbook::layout::layout;

use crate::support::hostile;
use crate::support::workbook::{build, clean_inputs, num, patch_xlsx, set_cell, text};

fn check(bytes: &[u8]) -> FileReport {
    check_bytes(
        "fixture.xlsx",
        bytes,
        &Context::default(),
        &Limits::default(),
    )
}

/// `sheet!A1` of a scalar key in the standard layout.
fn at(key: &str) -> String {
    layout(&Inputs::default()).scalars[key].to_string()
}

/// `sheet!A1` of data row `i`, column `col` of a table.
fn at_row(inputs: &Inputs, table: &str, i: u32, col: &str) -> String {
    let t = jixiao::contract::fields::table(table).unwrap();
    let c = t.column(col).unwrap().col_id();
    layout(inputs).tables[table].spot(i, t.col(c)).to_string()
}

fn assert_finding(report: &FileReport, code: Code, location: Option<&str>) {
    let hit = report.findings.iter().find(|f| {
        f.code == code
            && location.is_none_or(|l| {
                format!(
                    "{}!{}",
                    f.sheet.as_deref().unwrap_or(""),
                    f.cell.as_deref().unwrap_or("")
                ) == l
            })
    });
    assert!(
        hit.is_some(),
        "expected {} at {location:?}, got:\n{}",
        code.id(),
        report
            .findings
            .iter()
            .map(|f| format!("{} {} {}", f.code.id(), f.location(), f.message))
            .collect::<Vec<_>>()
            .join("\n")
    );
    let f = hit.unwrap();
    assert!(!f.message.is_empty());
    assert_eq!(f.file, "fixture.xlsx");
}

/// Applies `change` to the clean inputs and checks that `code` is reported at `location`.
fn case(
    code: Code,
    change: impl FnOnce(&mut Inputs),
    location: impl FnOnce(&Inputs) -> Option<String>,
) {
    let mut inputs = clean_inputs();
    change(&mut inputs);
    let loc = location(&inputs);
    let report = check(&build(&inputs));
    assert_finding(&report, code, loc.as_deref());
}

fn scalar(key: &'static str, value: Option<Input>) -> impl FnOnce(&mut Inputs) {
    move |i: &mut Inputs| match value {
        Some(v) => {
            i.scalars.insert(key.into(), v);
        }
        None => {
            i.scalars.remove(key);
        }
    }
}

#[test]
fn clean_fixture_has_no_findings() {
    let report = check(&build(&clean_inputs()));
    assert_eq!(report.status, Status::Passed);
    assert!(report.findings.is_empty(), "{:#?}", report.findings);
}

#[test]
fn field_codes() {
    case(Code::FieldRequired, scalar("unit_name", None), |_| {
        Some(at("unit_name"))
    });
    case(
        Code::FieldRequired,
        scalar("unit_name", Some(text("—"))),
        |_| Some(at("unit_name")),
    );
    case(
        Code::FieldType,
        scalar("staff_quota", Some(text("二十六"))),
        |_| Some(at("staff_quota")),
    );
    case(
        Code::FieldType,
        scalar("budget_initial", Some(text("约1000万元"))),
        |_| Some(at("budget_initial")),
    );
    case(Code::FieldRange, scalar("year", Some(num(1999.0))), |_| {
        Some(at("year"))
    });
    case(
        Code::FieldRange,
        scalar("assets_in_use", Some(num(-1.0))),
        |_| Some(at("assets_in_use")),
    );
    case(
        Code::FieldRange,
        scalar("satisfaction_rate", Some(text("120%"))),
        |_| Some(at("satisfaction_rate")),
    );
    case(
        Code::FieldPhone,
        scalar("contact_phone", Some(text("12345"))),
        |_| Some(at("contact_phone")),
    );
    case(
        Code::FieldDate,
        scalar("fill_date", Some(text("下月"))),
        |_| Some(at("fill_date")),
    );
    case(
        Code::FieldDate,
        scalar(
            "fill_date",
            Some(Input::Date(
                chrono::NaiveDate::from_ymd_opt(2021, 5, 1).unwrap(),
            )),
        ),
        |_| Some(at("fill_date")),
    );
    case(
        Code::FieldChoice,
        scalar("period", Some(text("第五季度"))),
        |_| Some(at("period")),
    );
    case(
        Code::FieldChoice,
        scalar("framework", Some(text("no-such-framework"))),
        |_| Some(at("framework")),
    );
    case(
        Code::TableEmpty,
        |i| {
            i.tables.remove("tbl_finance");
        },
        |i| {
            let p = &layout(i).tables["tbl_finance"];
            Some(
                jixiao::contract::cell::Spot::new(p.sheet, p.header_row, u32::from(p.first_col))
                    .to_string(),
            )
        },
    );
    case(
        Code::FieldRequired,
        |i| set_cell(i, "tbl_projects", 0, "budget_full", None),
        |i| Some(at_row(i, "tbl_projects", 0, "budget_full")),
    );
    case(
        Code::NoteCoerced,
        scalar("staff_quota", Some(text("１０"))),
        |_| Some(at("staff_quota")),
    );
    case(
        Code::NoteUnit,
        scalar("budget_initial", Some(text("10,000,000元"))),
        |_| Some(at("budget_initial")),
    );
}

#[test]
fn table_header_changed_by_hand() {
    let bytes = patch_xlsx(&build(&clean_inputs()), |name, xml| {
        if name == "xl/sharedStrings.xml" {
            xml.replacen(">* 预期目标<", ">* 目标<", 1)
        } else {
            xml
        }
    });
    let report = check(&bytes);
    let p = &layout(&clean_inputs()).tables["tbl_goals"];
    let loc = jixiao::contract::cell::Spot::new(p.sheet, p.header_row, u32::from(p.first_col))
        .to_string();
    assert_finding(&report, Code::TableHeader, Some(&loc));
    // Still read by position.
    assert_eq!(report.department.unwrap().rows(&TBL_GOALS).len(), 1);
}

#[test]
fn arithmetic_codes() {
    case(
        Code::SumIncome,
        |i| set_cell(i, "tbl_finance", 1, "income_total", Some(num(630.0))),
        |i| Some(at_row(i, "tbl_finance", 1, "income_total")),
    );
    case(
        Code::SumBasic,
        |i| set_cell(i, "tbl_finance", 1, "basic", Some(num(261.0))),
        |i| Some(at_row(i, "tbl_finance", 1, "basic")),
    );
    case(
        Code::SumExpense,
        |i| set_cell(i, "tbl_finance", 2, "expense_total", Some(num(425.0))),
        |i| Some(at_row(i, "tbl_finance", 2, "expense_total")),
    );
    case(
        Code::SumSubunits,
        |i| set_cell(i, "tbl_finance", 0, "personnel", Some(num(310.0))),
        |i| Some(at_row(i, "tbl_finance", 0, "personnel")),
    );
    case(
        Code::SumAssets,
        scalar("assets_total", Some(num(81.0))),
        |_| Some(at("assets_total")),
    );
    case(
        Code::SumProjectFunds,
        |i| set_cell(i, "tbl_projects", 0, "fiscal_full", Some(num(300.0))),
        |i| Some(at_row(i, "tbl_projects", 0, "budget_full")),
    );
}

#[test]
fn cross_codes() {
    case(
        Code::CrossBalance,
        |i| set_cell(i, "tbl_finance", 1, "balance_year", Some(num(25.0))),
        |i| Some(at_row(i, "tbl_finance", 1, "balance_year")),
    );
    case(
        Code::CrossYearEnd,
        scalar("budget_adjustment", Some(num(60.0))),
        |i| Some(at_row(i, "tbl_finance", 0, "balance_total")),
    );
    case(
        Code::CrossProjectOverspend,
        |i| set_cell(i, "tbl_projects", 0, "executed", Some(num(330.0))),
        |i| Some(at_row(i, "tbl_projects", 0, "executed")),
    );
    case(
        Code::CrossProjectTotal,
        |i| {
            set_cell(i, "tbl_projects", 1, "name", Some(text("医保信息化建设")));
            set_cell(i, "tbl_projects", 1, "budget_full", Some(num(400.0)));
            set_cell(i, "tbl_projects", 1, "executed", Some(num(400.0)));
        },
        |i| Some(at_row(i, "tbl_projects", 0, "executed")),
    );
    case(
        Code::CrossProjectUnknown,
        |i| {
            set_cell(
                i,
                "tbl_project_indicators",
                0,
                "project",
                Some(text("不存在的项目")),
            )
        },
        |i| Some(at_row(i, "tbl_project_indicators", 0, "project")),
    );
}

#[test]
fn plausibility_codes() {
    case(
        Code::PlausRateHigh,
        scalar("budget_executed", Some(num(1100.0))),
        |_| Some(at("budget_executed")),
    );
    case(
        Code::PlausRateHigh,
        scalar("public_budget", Some(num(30.0))),
        |_| Some(at("public_budget")),
    );
    case(
        Code::PlausExecutionLow,
        scalar("budget_executed", Some(num(500.0))),
        |_| Some(at("budget_executed")),
    );
    case(
        Code::PlausYearInText,
        |i| {
            set_cell(
                i,
                "tbl_projects",
                0,
                "done",
                Some(text("2021年区财政已下拨救助资金")),
            )
        },
        |i| Some(at_row(i, "tbl_projects", 0, "done")),
    );
    case(
        Code::PlausNoProblems,
        |i| {
            i.tables.remove("tbl_problems");
        },
        |_| None,
    );
    case(
        Code::PlausNoMeasures,
        |i| {
            i.tables.remove("tbl_measures");
        },
        |_| None,
    );
    case(
        Code::PlausStaffOverQuota,
        scalar("staff_actual", Some(num(11.0))),
        |_| Some(at("staff_actual")),
    );
}

fn edit_workbook_xml(edit: impl Fn(String) -> String) -> FileReport {
    let bytes = patch_xlsx(&build(&clean_inputs()), |name, xml| {
        if name == "xl/workbook.xml" {
            edit(xml)
        } else {
            xml
        }
    });
    check(&bytes)
}

/// The `<definedName name="key">…</definedName>` element of workbook.xml.
fn name_element(xml: &str, key: &str) -> String {
    let start = xml
        .find(&format!("<definedName name=\"{key}\">"))
        .expect("name present");
    let end = start + xml[start..].find("</definedName>").unwrap() + "</definedName>".len();
    xml[start..end].to_string()
}

#[test]
fn file_codes_from_edited_names() {
    let r = edit_workbook_xml(|xml| {
        let e = name_element(&xml, "unit_code");
        xml.replace(&e, "")
    });
    assert_finding(&r, Code::FileNameMissing, None);
    assert_eq!(
        r.findings
            .iter()
            .find(|f| f.code == Code::FileNameMissing)
            .unwrap()
            .field
            .as_deref(),
        Some("unit_code")
    );

    let r = edit_workbook_xml(|xml| {
        let e = name_element(&xml, "unit_code");
        xml.replace(
            &e,
            "<definedName name=\"unit_code\">基本情况!#REF!</definedName>",
        )
    });
    assert_finding(&r, Code::FileNameBroken, None);

    let r = edit_workbook_xml(|xml| {
        let e = name_element(&xml, "unit_code");
        let local = e.replace(
            "<definedName name=\"unit_code\">",
            "<definedName name=\"unit_code\" localSheetId=\"1\">",
        );
        xml.replace(&e, &local)
    });
    assert_finding(&r, Code::FileNameScope, Some(&at("unit_code")));
    assert_eq!(
        r.department.unwrap().text(key::UNIT_CODE),
        Some("431222001")
    );

    let bytes = patch_xlsx(&build(&clean_inputs()), |name, xml| {
        if name == "xl/sharedStrings.xml" {
            xml.replace(">jixiao-dept-1<", ">jixiao-dept-99<")
        } else {
            xml
        }
    });
    let r = check(&bytes);
    assert_eq!(r.status, Status::Unreadable);
    assert_finding(&r, Code::FileUnknownVersion, Some(&at("template_version")));
}

#[test]
fn file_codes_from_other_files() {
    let not_template = {
        let mut wb = rust_xlsxwriter::Workbook::new();
        let ws = wb.add_worksheet();
        ws.write_string(0, 0, "单位名称").unwrap();
        ws.write_string(0, 1, "君山区医疗保障局").unwrap();
        wb.save_to_buffer().unwrap()
    };
    for (bytes, code) in [
        (hostile::empty(), Code::FileEmpty),
        (hostile::not_a_workbook(), Code::FileNotWorkbook),
        (hostile::plain_zip(), Code::FileNotWorkbook),
        (hostile::password_xlsx(), Code::FileEncrypted),
        (hostile::html_as_xls(), Code::FileHtml),
        (hostile::csv_text(), Code::FileUnsupported),
        (hostile::zip_bomb_xlsx(), Code::FileTooLarge),
        (hostile::truncated_xlsx(&not_template), Code::FileCorrupt),
        (not_template.clone(), Code::FileNotTemplate),
    ] {
        let r = check(&bytes);
        assert_eq!(r.status, Status::Unreadable, "{code:?}");
        assert_eq!(r.findings.len(), 1, "{code:?}: {:#?}", r.findings);
        assert_finding(&r, code, None);
    }
}

/// Row indexes of the clean fixture's 评分表 (national framework order).
const GOAL_REASONABLE: usize = 0;
const STAFF_CONTROL: usize = 2;
const PROCUREMENT: usize = 11;

#[test]
fn scoring_codes() {
    let score_at = |i: usize, col: &'static str| {
        move |inputs: &Inputs| Some(at_row(inputs, "tbl_scores", i as u32, col))
    };
    case(
        Code::ScoreOverPoints,
        |i| {
            set_cell(
                i,
                "tbl_scores",
                GOAL_REASONABLE,
                "self_score",
                Some(num(4.0)),
            )
        },
        score_at(GOAL_REASONABLE, "self_score"),
    );
    case(
        Code::ScoreNoReason,
        |i| {
            set_cell(
                i,
                "tbl_scores",
                GOAL_REASONABLE,
                "self_score",
                Some(num(2.0)),
            )
        },
        score_at(GOAL_REASONABLE, "reason"),
    );
    case(
        Code::ScoreSelfDiffers,
        |i| {
            set_cell(i, "tbl_scores", STAFF_CONTROL, "self_score", Some(num(3.0)));
            set_cell(
                i,
                "tbl_scores",
                STAFF_CONTROL,
                "reason",
                Some(text("人员略有超编")),
            );
        },
        score_at(STAFF_CONTROL, "self_score"),
    );
    case(
        Code::ScoreNoSelf,
        |i| set_cell(i, "tbl_scores", GOAL_REASONABLE, "self_score", None),
        score_at(GOAL_REASONABLE, "self_score"),
    );
    case(
        Code::ScoreSelfTotal,
        scalar("score_overall_self", Some(num(90.0))),
        |_| Some(at("score_overall_self")),
    );
    case(
        Code::ScoreTotalDiffers,
        scalar("score_overall_self", Some(num(90.0))),
        |_| Some(at("score_overall_self")),
    );
    case(
        Code::ScorePoints,
        |i| set_cell(i, "tbl_scores", GOAL_REASONABLE, "points", Some(num(5.0))),
        score_at(GOAL_REASONABLE, "points"),
    );
    case(
        Code::ScoreUnknownRow,
        |i| {
            set_cell(
                i,
                "tbl_scores",
                GOAL_REASONABLE,
                "level3",
                Some(text("目标设定的合理性")),
            )
        },
        score_at(GOAL_REASONABLE, "level3"),
    );
    case(
        Code::ScoreMissingRow,
        |i| {
            set_cell(
                i,
                "tbl_scores",
                GOAL_REASONABLE,
                "level3",
                Some(text("目标设定的合理性")),
            )
        },
        |_| None,
    );
    case(
        Code::ScoreNoData,
        scalar("procurement_budget", None),
        score_at(PROCUREMENT, "self_score"),
    );
    case(
        Code::ScoreZeroBase,
        scalar("procurement_budget", Some(num(0.0))),
        score_at(PROCUREMENT, "self_score"),
    );
    case(
        Code::ScoreWeights,
        |i| set_cell(i, "tbl_project_indicators", 0, "points", Some(num(40.0))),
        |i| Some(at_row(i, "tbl_project_indicators", 0, "points")),
    );
    case(
        Code::ScoreProjectTotal,
        |i| set_cell(i, "tbl_projects", 0, "self_score", Some(num(90.0))),
        |i| Some(at_row(i, "tbl_projects", 0, "self_score")),
    );
    case(
        Code::ScoreUnitMismatch,
        |i| {
            set_cell(
                i,
                "tbl_project_indicators",
                0,
                "target",
                Some(text("≤600元/人")),
            );
            set_cell(
                i,
                "tbl_project_indicators",
                0,
                "actual",
                Some(text("310万元")),
            );
        },
        |i| Some(at_row(i, "tbl_project_indicators", 0, "actual")),
    );
    case(
        Code::ScoreMetDeducted,
        |i| set_cell(i, "tbl_project_indicators", 2, "self_score", Some(num(8.0))),
        |i| Some(at_row(i, "tbl_project_indicators", 2, "self_score")),
    );
}

#[test]
fn a_panic_while_reading_is_that_files_finding() {
    let r = jixiao::check::isolated("fixture.xlsx", || panic!("模拟的读取故障"));
    assert_eq!(r.status, Status::Unreadable);
    assert_eq!(r.findings.len(), 1);
    assert_finding(&r, Code::FileInternal, None);
    assert!(r.findings[0].message.contains("模拟的读取故障"));
}

/// Codes that no fixture here triggers must be listed with the test that does.
#[test]
fn every_code_is_covered() {
    let sources = [include_str!("findings.rs"), include_str!("hostile.rs")];
    for info in CATALOGUE {
        let variant = format!("Code::{:?}", info.code);
        let covered = sources
            .iter()
            .any(|s| s.contains(&format!("{variant},")) || s.contains(&format!("{variant})")));
        assert!(covered, "no fixture triggers {} ({variant})", info.id);
    }
}
