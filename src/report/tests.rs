//! The report's trace, end to end: every number of each sample's
//! `report.md` is a figure the view model traces to its source.
//!
//! What counts as a number is [`number_tokens`]'s rule. Not figures, and
//! so not looked for: the numbering of a Markdown list (`3. ` at the start
//! of a line), of an appendix (`附表2`), and of a table's 序号 column (a
//! row's first cell, when it is only a number).

use std::collections::HashSet;
use std::path::Path;

use crate::check::check_path;
use crate::ingest::guard::Limits;
use crate::report::render::{REPORT_MD, Templates};
use crate::report::view::{self, Figure, number_tokens};
use crate::rules::settings::Settings;

const SAMPLES: &[&str] = &["junshan-2022", "chenxi-2022", "qingshanhu-2020"];

/// Whether the number at `at` of a line numbers a list, an appendix or a
/// table row rather than stating a figure.
fn numbering(line: &str, at: usize, number: &str) -> bool {
    let before = &line[..at];
    let after = &line[at + number.len()..];
    (before.is_empty() && after.starts_with(". "))
        || before.ends_with("附表")
        || (before == "| " && after.starts_with(" |"))
}

/// The sentence of a line around a byte offset.
fn sentence(line: &str, at: usize) -> &str {
    let start = line[..at].rfind('。').map_or(0, |i| i + '。'.len_utf8());
    let end = line[at..]
        .find('。')
        .map_or(line.len(), |i| at + i + '。'.len_utf8());
    &line[start..end]
}

/// Each number of a rendered report that no figure's text holds, with its
/// sentence.
fn untraced(report: &str, figures: &[Figure]) -> Vec<String> {
    let traced: HashSet<String> = figures
        .iter()
        .flat_map(|f| number_tokens(&f.text))
        .map(|(_, n)| n)
        .collect();
    let mut out = Vec::new();
    for line in report.lines() {
        for (at, n) in number_tokens(line) {
            if !numbering(line, at, &n) && !traced.contains(&n) {
                out.push(format!("{n}：{}", sentence(line, at)));
            }
        }
    }
    out
}

fn sample_view(stem: &str) -> (view::ReportView, String) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("input/{stem}.xlsx"));
    let report = check_path(&path, &Settings::default(), &Limits::default());
    let view = view::build_traced(&report).expect("a sample is read");
    let md = Templates::defaults()
        .expect("the default templates load")
        .render(REPORT_MD, &view)
        .expect("the report renders");
    (view, md)
}

#[test]
fn every_number_of_each_sample_report_is_a_traced_figure() {
    for stem in SAMPLES {
        let (view, md) = sample_view(stem);
        let missing = untraced(&md, &view.figures);
        assert!(
            missing.is_empty(),
            "{stem}: numbers with no traced figure:\n{}",
            missing.join("\n")
        );
    }
}

#[test]
fn a_number_the_view_does_not_trace_is_reported_with_its_sentence() {
    let (mut view, _) = sample_view("junshan-2022");
    view.spending.income_sentence = Some("上年决算98765.43万元，下降10.69%。".to_string());
    let md = Templates::defaults()
        .unwrap()
        .render(REPORT_MD, &view)
        .unwrap();
    let missing = untraced(&md, &view.figures);
    assert!(
        missing.contains(&"98765.43：上年决算98765.43万元，下降10.69%。".to_string()),
        "{missing:?}"
    );
}

#[test]
fn numbering_is_not_a_figure() {
    assert!(numbering("3. 预算完成率", 0, "3"));
    assert!(numbering("### 附表2　项目", 4 + "附表".len(), "2"));
    assert!(numbering("| 1 | 目标 |", 2, "1"));
    assert!(!numbering("| 2,815.61 | 目标 |", 2, "2815.61"));
    assert!(!numbering("共3. 5个", 3, "3"));
}

#[test]
fn tracing_changes_nothing_the_report_says() {
    for stem in SAMPLES {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("input/{stem}.xlsx"));
        let report = check_path(&path, &Settings::default(), &Limits::default());
        let templates = Templates::defaults().unwrap();
        let plain = view::build(&report).unwrap();
        let traced = view::build_traced(&report).unwrap();
        assert!(plain.figures.is_empty() && !traced.figures.is_empty());
        assert_eq!(
            templates.render(REPORT_MD, &plain).unwrap(),
            templates.render(REPORT_MD, &traced).unwrap(),
            "{stem}"
        );
    }
}

/// A project workbook's model, made from the department sample's project
/// tables until a project workbook can be written: one project's row and
/// indicator rows, the fields a project workbook has, a contact with a
/// mobile number; checked and scored as `check` would.
fn project_report(name: &str) -> crate::check::FileReport {
    use crate::contract::fields::{
        PROJECT_FIELDS, TBL_PROJECT_INDICATORS, TBL_PROJECTS, WorkbookKind, col, key,
    };
    use crate::ingest::model::Value;
    use crate::rules::score::{name_key, score};
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("input/qingshanhu-2020.xlsx");
    let settings = Settings::default();
    let sample = check_path(&path, &settings, &Limits::default());
    let mut dept = sample.department.expect("the sample is read");
    dept.kind = WorkbookKind::Project;
    let unit = dept.scalars[key::UNIT_NAME.as_str()].clone();
    dept.scalars
        .retain(|k, _| PROJECT_FIELDS.iter().any(|f| f.as_str() == *k));
    for (k, v) in [
        (key::CONTACT_NAME, "张三"),
        (key::CONTACT_PHONE, "13912345678"),
    ] {
        let mut entry = unit.clone();
        entry.value = Some(Value::Text(v.to_string()));
        dept.scalars.insert(k.as_str(), entry);
    }
    let key = name_key(name);
    for (table, id) in [
        (TBL_PROJECTS.key, col::NAME),
        (TBL_PROJECT_INDICATORS.key, col::PROJECT),
    ] {
        let rows = &mut dept.tables.get_mut(table).expect("the table").rows;
        rows.retain(|r| r.text(id).map(name_key).as_deref() == Some(key.as_str()));
        assert!(!rows.is_empty(), "{name} in {table}");
    }
    dept.tables
        .retain(|k, _| *k == TBL_PROJECTS.key || *k == TBL_PROJECT_INDICATORS.key);
    let mut findings = crate::rules::validate::validate(&dept, &settings);
    let framework = settings
        .scoring
        .for_workbook(dept.text(key::FRAMEWORK))
        .expect("the default framework");
    let (card, scoring) = score(&dept, &framework, settings.tolerance);
    findings.extend(scoring);
    crate::check::FileReport::new(
        "qingshanhu-2020-城乡医疗救助.xlsx",
        None,
        Some(dept),
        Some(card),
        findings,
        false,
    )
}

/// The project report's Markdown and HTML, and its view, traced.
fn project_outputs(name: &str) -> (view::View, String, String, String) {
    use crate::report::render::{PROJECT_HTML, PROJECT_MD};
    let report = project_report(name);
    let traced = view::build_view_traced(&report).expect("a view");
    let templates = Templates::defaults().unwrap();
    let md = templates.render(PROJECT_MD, &traced).unwrap();
    let html = templates.render(PROJECT_HTML, &traced).unwrap();
    let view::View::Project(public) = view::build_view(&report).unwrap().into_public() else {
        panic!("a project report")
    };
    let public = templates.render(PROJECT_HTML, &public.to_value()).unwrap();
    (traced, md, html, public)
}

#[test]
fn a_project_report_follows_the_outline_and_grades_no_invalid_total() {
    // 城乡医疗救助: indicator points 80 + 预算执行率 10 = 90, scored 74 + 10.
    let (view, md, html, _) = project_outputs("城乡医疗救助");
    let view::View::Project(v) = &view else {
        panic!("a project workbook gets the project report")
    };
    let project = v.project.as_ref().expect("the project is scored");
    assert!(!project.valid);
    for text in [&md, &html] {
        assert!(
            text.contains("2020年度“城乡医疗救助”项目支出绩效自评报告"),
            "title"
        );
        for section in [
            "一、项目基本情况",
            "二、项目资金使用情况",
            "三、项目组织实施情况",
            "四、绩效目标完成情况",
            "五、偏差情况及原因、存在的问题",
            "六、改进措施",
            "七、其他需要说明的问题",
        ] {
            assert!(text.contains(section), "{section}");
        }
        assert!(text.contains("计算值 84.00（权重不符），不评定等次"));
        assert!(
            !text.contains("系统计算得分 84.00"),
            "no score for an invalid total"
        );
        assert!(!text.contains("部门整体支出") && !text.contains("三公"));
        assert!(!text.contains("得分 0.00") && !text.contains("等次 差"));
        assert!(text.contains("自评表未说明项目的组织实施情况"));
        // The indicator rows, their scores and how they were scored.
        assert!(text.contains("城乡医疗救助人次数") && text.contains("12045"));
        assert!(text.contains("我局级别较低，无法对整个社会综合产生重大影响"));
    }
    assert!(md.contains("预算执行率 = 全年执行数 ÷ 全年预算数 = 48.00 ÷ 48.00 = 100.00%"));
    assert!(md.contains("SCORE-PROJECT-POINTS") || md.contains("项目分值之和不等于满分"));
}

#[test]
fn a_valid_project_is_scored_and_graded() {
    let valid = ["2020年困难企业职工医疗保险配套资金", "2020年离休干部医疗统筹金"]
        .into_iter()
        .map(project_outputs)
        .find(|(v, ..)| matches!(v, view::View::Project(p) if p.project.as_ref().is_some_and(|p| p.valid)));
    let (view, md, ..) = valid.expect("a sample project whose points add up");
    let view::View::Project(v) = &view else {
        unreachable!()
    };
    let p = v.project.as_ref().unwrap();
    let said = format!(
        "系统计算得分 {} 分，等次 {}",
        crate::contract::number::fixed(p.score, 2),
        p.grade
    );
    assert!(md.contains(&said), "{said}");
    assert!(!md.contains("权重不符"));
}

#[test]
fn every_number_of_a_project_report_is_a_traced_figure() {
    for name in [
        "城乡医疗救助",
        "2020年困难企业职工医疗保险配套资金",
        "2020年离休干部医疗统筹金",
    ] {
        let (view, md, ..) = project_outputs(name);
        let figures = match &view {
            view::View::Project(v) => &v.figures,
            view::View::Department(_) => panic!("a project report"),
        };
        let missing = untraced(&md, figures);
        assert!(
            missing.is_empty(),
            "{name}: numbers with no traced figure:\n{}",
            missing.join("\n")
        );
    }
}

#[test]
fn the_public_project_report_removes_the_contact_and_masks_mobiles() {
    let (_, md, html, public) = project_outputs("城乡医疗救助");
    assert!(html.contains("张三") && md.contains("13912345678"));
    assert!(!public.contains("张三"));
    assert!(!public.contains("13912345678") && public.contains("139****5678"));
}

#[test]
fn the_department_appendix_shows_a_project_as_the_project_report_does() {
    let (_, project_md, project_html, _) = project_outputs("城乡医疗救助");
    let (_, department_md) = sample_view("qingshanhu-2020");
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("input/qingshanhu-2020.xlsx");
    let report = check_path(&path, &Settings::default(), &Limits::default());
    let department_html = Templates::defaults()
        .unwrap()
        .render(
            crate::report::render::REPORT_HTML,
            &view::build(&report).unwrap(),
        )
        .unwrap();
    // Every row of the project's indicator table, 预算执行率 to 总分, is
    // in the department report's appendix as it is in the project report.
    for (project, department, row) in [
        (&project_md, &department_md, "| 预算执行率 |"),
        (
            &project_html,
            &department_html,
            "<th scope=\"row\" colspan=\"3\">预算执行率</th>",
        ),
    ] {
        let start = project.find(row).expect("the table");
        let end = start + project[start..].find("总分").expect("the total row");
        let table = &project[start..end];
        assert!(table.lines().count() > 10, "{table}");
        assert!(department.contains(table), "{table}");
    }
}

#[test]
fn project_reports_match_their_snapshots() {
    let (_, md, html, _) = project_outputs("城乡医疗救助");
    let version = env!("CARGO_PKG_VERSION").replace('.', r"\.");
    insta::with_settings!({ filters => vec![(format!(r"\b{version}\b").as_str(), "[version]")] }, {
        insta::assert_snapshot!("project-城乡医疗救助.md", md);
        insta::assert_snapshot!("project-城乡医疗救助.html", html);
    });
}
