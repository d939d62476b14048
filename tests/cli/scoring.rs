//! `jixiao score` on the samples and on a framework written from scratch: the
//! published totals of seed 000 and seed 004, and every lost point explained.

use assert_cmd::Command;
use jixiao::check::{FileReport, check_path};
use jixiao::contract::fields::{TBL_SCORES, col, key};
use jixiao::contract::finding::Code;
use jixiao::ingest::guard::Limits;
use jixiao::rules::settings::Settings;
use rust_decimal::Decimal;

use crate::support::workbook::{build, clean_inputs, root, save};

fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

fn sample(stem: &str) -> FileReport {
    check_path(
        &root().join(format!("input/{stem}.xlsx")),
        &Settings::default(),
        &Limits::default(),
    )
}

/// Seed 000: 君山区医疗保障局 2022 under the 岳阳 table as published: 98 → 优秀.
#[test]
fn junshan_2022_scores_98_under_yueyang_2015() {
    let r = sample("junshan-2022");
    let card = r.score.as_ref().expect("scored");
    let dept = card.department.as_ref().expect("a department");
    assert_eq!(dept.framework_id, "yueyang-2015");
    assert_eq!(dept.total, d("98"));
    assert_eq!(dept.grade.as_deref(), Some("优秀"));
    assert_eq!(dept.standing, jixiao::rules::score::Standing::Complete);
    assert_eq!(dept.self_total, Some(d("98")));
    assert_eq!(dept.stated_self_total, Some(d("98")));
    // The two lost points are 公务卡刷卡率's, taken from the self-score
    // because the workbook has no 公务卡 figures.
    let lost: Vec<_> = dept
        .indicators
        .iter()
        .filter(|i| i.system.is_some_and(|s| s < i.points))
        .collect();
    assert_eq!(lost.len(), 1, "{lost:#?}");
    assert_eq!(lost[0].name, "公务卡刷卡率");
    assert_eq!(lost[0].system, Some(d("1")));
    assert!(lost[0].explain.contains("采用自评"), "{}", lost[0].explain);
    assert_eq!(lost[0].reason.as_deref(), Some("购物卡刷卡未达标"));
    assert!(r.findings.iter().any(|f| f.code == Code::ScoreNoData));
    assert!(
        !r.findings
            .iter()
            .any(|f| matches!(f.code, Code::ScoreSelfTotal | Code::ScoreTotalDiffers))
    );
}

/// Seed 004: the six project tables of 青山湖区医疗保障局 2020.
#[test]
fn qingshanhu_2020_project_totals() {
    let r = sample("qingshanhu-2020");
    let projects = &r.score.as_ref().expect("scored").projects;
    assert_eq!(projects.len(), 6);
    let by_name = |n: &str| {
        projects
            .iter()
            .find(|p| p.name == n)
            .unwrap_or_else(|| panic!("{n}"))
    };
    // Consistent tables: the self-scores add up to the stated total.
    for (name, total) in [
        ("城乡居民医疗保险配套补助经费", "93"),
        ("2020年困难企业职工医疗保险配套资金", "91"),
        ("2020年离休干部医疗统筹金", "94"),
        ("2020年军转干专项医疗救助", "94"),
    ] {
        let p = by_name(name);
        assert_eq!(p.stated_self, Some(d(total)), "{name}");
        assert_eq!(p.self_sum, Some(d(total)), "{name}");
    }
    // Inconsistent ones are flagged at the project's 自评得分.
    for (name, sum) in [("定点医疗机构资格准入评估费", "89"), ("城乡医疗救助", "84")]
    {
        let p = by_name(name);
        assert_eq!(p.stated_self, Some(d("94")), "{name}");
        assert_eq!(p.self_sum, Some(d(sum)), "{name}");
        assert!(
            r.findings.iter().any(|f| f.code == Code::ScoreProjectTotal
                && f.message.contains(name)
                && f.message.contains(&format!("{sum}.00"))),
            "{name}"
        );
    }
    // 基金累计结余可支配月数: target 6-9个月, actual 4.24, self-scored 3 of 5.
    let months = by_name("城乡居民医疗保险配套补助经费")
        .indicators
        .iter()
        .find(|i| i.level3 == "基金累计结余可支配月数")
        .unwrap();
    assert_eq!(months.self_score, Some(d("3")));
    assert_eq!(months.system, Some(d("3.53")));
    assert!(
        r.findings
            .iter()
            .any(|f| f.code == Code::ScoreSelfDiffers
                && f.message.contains("基金累计结余可支配月数"))
    );
    // A met qualitative target scored 5 of 10: both shown, with the reason.
    assert!(r.findings.iter().any(|f| f.code == Code::ScoreMetDeducted
        && f.message.contains("对健全医疗保障制度体系的影响")
        && f.message.contains("自评 5 分（满分 10）")));
}

const FROM_SCRATCH: &str = r#"
id = "test-province"
name = "测试省部门整体支出评分表"
total = 20

[[grades]]
label = "好"
min = 15

[[grades]]
label = "差"
min = 0

[[level1]]
name = "过程"
points = 20

[[level1.level2]]
name = "预算执行"
points = 20

[[level1.level2.indicators]]
id = "completion"
name = "预算完成率"
points = 10
rule = { kind = "linear", metric = "budget_completion", standard = 100, worse = "below", per_point = 1 }

[[level1.level2.indicators]]
id = "staff"
name = "在职人员控制率"
points = 10
rule = { kind = "bands", metric = "staff_control", bands = [ { when = "(,95]", score = 10 }, { when = "(95,)", score = 4 } ] }
"#;

/// A framework written by a finance office, given by path: the clean
/// fixture's 预算完成率 is 95.33% (−4.67 points) and 在职人员控制率 90% (10).
#[test]
fn a_framework_written_from_scratch_scores_the_clean_fixture() {
    let dir = tempfile::tempdir().unwrap();
    let fw = save(dir.path(), "测试省.toml", FROM_SCRATCH.as_bytes());
    let wb = save(dir.path(), "clean.xlsx", &build(&clean_inputs()));
    let out = Command::cargo_bin("jixiao")
        .unwrap()
        .args(["score", "--format", "json", "--framework"])
        .arg(&fw)
        .arg(&wb)
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let dept = &json["files"][0]["score"]["department"];
    assert_eq!(dept["framework_id"], "test-province");
    assert_eq!(dept["indicators"][0]["system"], "5.33");
    assert_eq!(dept["indicators"][1]["system"], "10");
    assert_eq!(dept["total"], "15.33");
    assert_eq!(dept["grade"], "好");
    // The clean fixture's 评分表 follows the national framework: its rows are
    // not in this one, and the stated total disagrees; both are warnings.
    let codes: Vec<&str> = json["files"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap())
        .collect();
    assert!(codes.contains(&"SCORE-UNKNOWN-ROW"), "{codes:?}");
    assert!(codes.contains(&"SCORE-TOTAL-DIFFERS"), "{codes:?}");
    assert_eq!(out.status.code(), Some(0));
}

/// A framework with a mistake is refused, naming its line; exit code 2.
#[test]
fn a_framework_with_a_mistake_is_refused_with_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let fw = save(
        dir.path(),
        "bad.toml",
        FROM_SCRATCH
            .replace(
                "points = 10\nrule = { kind = \"bands\"",
                "points = 11\nrule = { kind = \"bands\"",
            )
            .as_bytes(),
    );
    let wb = save(dir.path(), "clean.xlsx", &build(&clean_inputs()));
    let out = Command::cargo_bin("jixiao")
        .unwrap()
        .args(["score", "--framework"])
        .arg(&fw)
        .arg(&wb)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("bad.toml:20:"), "{err}");
    assert!(
        err.contains("二级指标“预算执行”的分值为 20，其下三级指标分值之和为 21"),
        "{err}"
    );
}

#[test]
fn score_prints_the_table_total_and_grade() {
    let out = Command::cargo_bin("jixiao")
        .unwrap()
        .args(["score", "--color", "never"])
        .arg(root().join("input/junshan-2022.xlsx"))
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("岳阳市部门整体支出绩效评价评分表（yueyang-2015）"),
        "{text}"
    );
    assert!(text.contains("总分 98.00 / 100.00，等次：优秀"), "{text}");
    assert!(text.contains("公务卡刷卡率"), "{text}");
}

/// `template --framework FILE`: a finance office hands out a template whose
/// 评分表 is its own table, and whose `framework` cell names it.
#[test]
fn template_for_a_framework_file_lists_its_indicators() {
    let dir = tempfile::tempdir().unwrap();
    let fw = save(dir.path(), "测试省.toml", FROM_SCRATCH.as_bytes());
    let out = dir.path().join("模板.xlsx");
    Command::cargo_bin("jixiao")
        .unwrap()
        .args(["template", "--framework"])
        .arg(&fw)
        .arg("-o")
        .arg(&out)
        .assert()
        .code(0);
    let scoring = jixiao::rules::framework::Frameworks::builtin()
        .unwrap()
        .with_choice(fw.to_str().unwrap())
        .unwrap();
    // The dropdown shows the framework's name; it reads back as the framework.
    let chosen = scoring.get("test-province").unwrap();
    let r = check_path(
        &out,
        &Settings::with_frameworks(scoring.clone()),
        &Limits::default(),
    );
    let dept = r.department.as_ref().unwrap();
    let named = dept.text(key::FRAMEWORK).unwrap();
    assert_ne!(named, "test-province", "the name, not the id");
    assert!(std::sync::Arc::ptr_eq(
        &scoring.get(named).unwrap(),
        &chosen
    ));
    let rows: Vec<(Option<&str>, Option<Decimal>)> = dept
        .rows(&TBL_SCORES)
        .iter()
        .map(|row| (row.text(col::LEVEL3), row.dec(col::POINTS)))
        .collect();
    assert_eq!(
        rows,
        [
            (Some("预算完成率"), Some(d("10"))),
            (Some("在职人员控制率"), Some(d("10")))
        ]
    );
}

/// A 评分表 left without any self-score is one finding at the table, not one
/// per row (seed 001 publishes no score table).
#[test]
fn an_unscored_score_table_is_one_finding() {
    let mut inputs = clean_inputs();
    for row in inputs.tables.get_mut("tbl_scores").unwrap() {
        row.remove("self_score");
        row.remove("reason");
    }
    inputs.scalars.remove("score_overall_self");
    let r = jixiao::check::check_bytes(
        "unscored.xlsx",
        &build(&inputs),
        &Settings::default(),
        &Limits::default(),
    );
    let no_self: Vec<_> = r
        .findings
        .iter()
        .filter(|f| f.code == Code::ScoreNoSelf)
        .collect();
    assert_eq!(no_self.len(), 1, "{no_self:#?}");
    assert!(
        no_self[0].message.contains("15 项"),
        "{}",
        no_self[0].message
    );
    assert_eq!(no_self[0].location(), "评分表!B7");
    // Not self-assessed: no grade, whatever the figures alone would give.
    let dept = r.score.as_ref().unwrap().department.as_ref().unwrap();
    assert_eq!(
        dept.standing,
        jixiao::rules::score::Standing::NotSelfAssessed
    );
    assert_eq!(dept.grade, None);
    assert!(dept.unscorable > 0);
}

#[test]
fn an_indicator_without_a_self_score_is_unscorable_and_the_total_incomplete() {
    let mut inputs = clean_inputs();
    // Row 0 of the clean 评分表 is a self-scored indicator (目标设定).
    crate::support::workbook::set_cell(&mut inputs, "tbl_scores", 0, "self_score", None);
    let r = jixiao::check::check_bytes(
        "unscored.xlsx",
        &build(&inputs),
        &Settings::default(),
        &Limits::default(),
    );
    let card = r.score.unwrap();
    let first = &card.department.as_ref().unwrap().indicators[0];
    assert!(first.unscorable(), "{first:?}");
    assert_eq!(first.system, None);
    assert!(first.explain.contains("无法计分"), "{}", first.explain);
    assert_eq!((&first.problem, &first.measure), (&None, &None));
    let dept = card.department.as_ref().expect("a department");
    assert_eq!(dept.standing, jixiao::rules::score::Standing::Incomplete);
    assert_eq!((dept.unscorable, dept.grade.as_deref()), (1, None));
    // The total is the others' sum: the clean workbook's other indicators
    // keep their scores.
    let others: Decimal = dept.indicators[1..].iter().filter_map(|i| i.system).sum();
    assert_eq!(dept.total, others);
    // Points lost on the figures keep the framework's sentences.
    let sample = sample("chenxi-2022");
    let lost = sample
        .score
        .unwrap()
        .department
        .unwrap()
        .indicators
        .into_iter()
        .find(|i| i.system.is_some_and(|s| s < i.points))
        .unwrap();
    assert!(lost.problem.is_some(), "{lost:?}");
}

/// 满意度 120% is an error in the workbook and scores nothing until it is
/// corrected: the indicator is 无法计分 and the total 不完整, though the
/// top band (≥95%) would contain it.
#[test]
fn a_satisfaction_over_100_percent_scores_nothing() {
    let mut inputs = clean_inputs();
    inputs.scalars.insert(
        "satisfaction_rate".into(),
        jixiao::workbook::inputs::Input::Number(1.2),
    );
    let r = jixiao::check::check_bytes(
        "over.xlsx",
        &build(&inputs),
        &Settings::default(),
        &Limits::default(),
    );
    assert!(
        r.findings
            .iter()
            .any(|f| f.field.as_deref() == Some("satisfaction_rate")
                && f.severity == jixiao::contract::finding::Severity::Error),
        "{:#?}",
        r.findings
    );
    let dept = r.score.as_ref().unwrap().department.as_ref().unwrap();
    let sat = dept
        .indicators
        .iter()
        .find(|i| i.name.contains("满意度"))
        .unwrap();
    assert_eq!(sat.system, None, "{sat:?}");
    assert!(sat.explain.contains("超出取值范围"), "{}", sat.explain);
    assert_eq!(dept.standing, jixiao::rules::score::Standing::Incomplete);
    assert_eq!(dept.grade, None);
}

/// A project named for a year speaks of that year: its goals and
/// indicators are not taken for last year's material.
#[test]
fn a_year_the_project_is_named_for_is_not_a_stale_year() {
    let mut inputs = clean_inputs();
    let named = jixiao::workbook::inputs::Input::Text("2021年城乡医疗救助".into());
    for row in inputs.tables.get_mut("tbl_projects").unwrap() {
        row.insert("name".into(), named.clone());
        row.insert(
            "done".into(),
            jixiao::workbook::inputs::Input::Text("2021年城乡医疗救助资金已全部拨付".into()),
        );
    }
    for row in inputs.tables.get_mut("tbl_project_indicators").unwrap() {
        row.insert("project".into(), named.clone());
    }
    let check = |inputs: &jixiao::workbook::inputs::Inputs| {
        jixiao::check::check_bytes(
            "named.xlsx",
            &build(inputs),
            &Settings::default(),
            &Limits::default(),
        )
    };
    let r = check(&inputs);
    assert!(
        !r.findings.iter().any(|f| f.code == Code::PlausYearInText),
        "{:#?}",
        r.findings
    );
    // The same words under a project not named for 2021 are flagged.
    for row in inputs.tables.get_mut("tbl_projects").unwrap() {
        row.insert(
            "name".into(),
            jixiao::workbook::inputs::Input::Text("城乡医疗救助".into()),
        );
    }
    for row in inputs.tables.get_mut("tbl_project_indicators").unwrap() {
        row.insert(
            "project".into(),
            jixiao::workbook::inputs::Input::Text("城乡医疗救助".into()),
        );
    }
    let r = check(&inputs);
    assert!(r.findings.iter().any(|f| f.code == Code::PlausYearInText));
}

/// A missed target needs a 偏差原因 even when the self-score is full: the
/// finding is at the 偏差原因 cell; one met is not asked for one.
#[test]
fn a_missed_target_without_a_reason_is_flagged() {
    use jixiao::workbook::inputs::Input;
    let mut inputs = clean_inputs();
    let rows = inputs.tables.get_mut("tbl_project_indicators").unwrap();
    let points = rows[0].get("points").cloned().unwrap();
    rows[0].insert("target".into(), Input::Text("≥1000人次".into()));
    rows[0].insert("actual".into(), Input::Text("800人次".into()));
    rows[0].insert("self_score".into(), points);
    rows[0].remove("deviation");
    let r = jixiao::check::check_bytes(
        "missed.xlsx",
        &build(&inputs),
        &Settings::default(),
        &Limits::default(),
    );
    let missed: Vec<_> = r
        .findings
        .iter()
        .filter(|f| f.code == Code::ScoreNoReason && f.message.contains("未完成年度指标值"))
        .collect();
    assert_eq!(missed.len(), 1, "{:#?}", r.findings);
    assert_eq!(
        missed[0].field.as_deref(),
        Some("tbl_project_indicators.deviation")
    );
    // The clean workbook's targets are met: none there.
    let clean = jixiao::check::check_bytes(
        "clean.xlsx",
        &build(&clean_inputs()),
        &Settings::default(),
        &Limits::default(),
    );
    assert!(!clean.findings.iter().any(|f| f.code == Code::ScoreNoReason));
}

/// The local table of `tests/fixtures/frameworks/local-table.toml`: a
/// condition (无重点项目的，计满分), a 效益 block whose weights the
/// department sets (one to 0), and 支付进度 at four time points, the last at
/// 11月底, a field the template shows only for such a framework.
const LOCAL_TABLE: &str = "tests/fixtures/frameworks/local-table.toml";

pub(crate) fn local_table() -> jixiao::rules::framework::Frameworks {
    jixiao::rules::framework::Frameworks::builtin()
        .unwrap()
        .with_choice(root().join(LOCAL_TABLE).to_str().unwrap())
        .unwrap()
}

/// `template --framework FILE` writes the 设定分值 column, prefilled with
/// the 参考分值 of the block's indicators only, and the 截至11月底累计支出
/// field; the built-in template has neither.
#[test]
fn template_for_a_local_table_has_set_weights_and_the_11th_month() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("模板.xlsx");
    Command::cargo_bin("jixiao")
        .unwrap()
        .args(["template", "--framework"])
        .arg(root().join(LOCAL_TABLE))
        .arg("-o")
        .arg(&out)
        .assert()
        .code(0);
    let r = check_path(
        &out,
        &Settings::with_frameworks(local_table()),
        &Limits::default(),
    );
    let dept = r.department.as_ref().unwrap();
    // The dropdown shows the framework's name; it reads back as the framework.
    let named = dept.text(key::FRAMEWORK).unwrap();
    let frameworks = local_table();
    assert!(std::sync::Arc::ptr_eq(
        &frameworks.get(named).unwrap(),
        &frameworks.get("local-table").unwrap()
    ));
    assert_ne!(named, "local-table", "the name, not the id");
    let set: Vec<(Option<&str>, Option<Decimal>)> = dept
        .rows(&TBL_SCORES)
        .iter()
        .map(|row| (row.text(col::LEVEL3), row.dec(col::SET_POINTS)))
        .collect();
    assert_eq!(set.len(), 11);
    assert_eq!(
        set.iter().filter(|(_, s)| s.is_some()).collect::<Vec<_>>(),
        [
            &(Some("经济效益"), Some(d("10"))),
            &(Some("社会效益"), Some(d("10"))),
            &(Some("生态效益"), Some(d("10")))
        ]
    );
    let names = |path: &std::path::Path| {
        jixiao::ingest::read::read_bytes(&std::fs::read(path).unwrap(), &Limits::default()).unwrap()
    };
    let wb = names(&out);
    let Some((jixiao::ingest::read::Target::Area(area), false)) = wb.resolve("paid_m11") else {
        panic!("paid_m11 is not a workbook-scoped cell")
    };
    assert_eq!(area.sheet, "收支情况");
    let Some((jixiao::ingest::read::Target::Area(scores), false)) = wb.resolve("tbl_scores") else {
        panic!("tbl_scores is not a workbook-scoped area")
    };
    assert_eq!(scores.last_col - scores.first_col + 1, 11);
    // The blank template lints clean of the new codes.
    assert!(
        r.findings
            .iter()
            .all(|f| f.code != Code::ScoreSetWeights && f.code != Code::TableHeader),
        "{:#?}",
        r.findings
    );

    let builtin = dir.path().join("内置.xlsx");
    Command::cargo_bin("jixiao")
        .unwrap()
        .args(["template", "-o"])
        .arg(&builtin)
        .assert()
        .code(0);
    let wb = names(&builtin);
    assert!(wb.resolve("paid_m11").is_none());
    let Some((jixiao::ingest::read::Target::Area(scores), false)) = wb.resolve("tbl_scores") else {
        panic!("tbl_scores is not a workbook-scoped area")
    };
    assert_eq!(scores.last_col - scores.first_col + 1, 10);
}

/// The workbook of the hand-computed case below, under the local table.
pub(crate) fn local_table_case() -> Vec<u8> {
    use jixiao::workbook::inputs::Input;

    let mut inputs = clean_inputs();
    inputs
        .scalars
        .insert("framework".into(), Input::Text("local-table".into()));
    inputs
        .scalars
        .insert("key_project_exp".into(), Input::Number(0.0));
    inputs
        .scalars
        .insert("paid_m11".into(), Input::Number(850.0));
    inputs
        .scalars
        .insert("score_overall_self".into(), Input::Number(90.93));
    let row = |name: &str, set: Option<f64>, score: f64, reason: Option<&str>| {
        let mut row: std::collections::BTreeMap<String, Input> = [
            ("level3".to_string(), Input::Text(name.into())),
            ("self_score".to_string(), Input::Number(score)),
        ]
        .into_iter()
        .collect();
        if let Some(s) = set {
            row.insert("set_points".into(), Input::Number(s));
        }
        if let Some(r) = reason {
            row.insert("reason".into(), Input::Text(r.into()));
        }
        row
    };
    inputs.tables.insert(
        "tbl_scores".into(),
        vec![
            row("重点支出安排率", None, 10.0, None),
            row("在职人员控制率", None, 10.0, None),
            row("预算完成率", None, 3.33, Some("预算未执行完")),
            row("支付进度（一季度末）", None, 7.0, Some("一季度支出偏慢")),
            row("支付进度（二季度末）", None, 8.0, None),
            row("支付进度（三季度末）", None, 8.0, None),
            row("支付进度（11月底）", None, 7.0, Some("11月底支出偏慢")),
            row("经济效益", Some(20.0), 18.0, Some("个别项目效益未显现")),
            row("社会效益", Some(10.0), 10.0, None),
            row("生态效益", Some(0.0), 0.0, None),
            row("社会公众或服务对象满意度", None, 9.6, Some("满意度96%")),
        ],
    );
    let opts = jixiao::workbook::options::TemplateOptions {
        frameworks: local_table(),
        ..Default::default()
    };
    jixiao::workbook::template::build(&inputs, &opts).unwrap()
}

/// The clean fixture under the local table, hand-computed (年初预算 1000):
/// 重点支出安排率 10 (no 重点项目: full), 在职人员控制率 9 ÷ 10 = 90%: 10,
/// 预算完成率 1020 ÷ (20 + 1000 + 50) = 95.33%: 8 − 4.67 = 3.33,
/// 支付进度 一季度 200 → 20% (5 points under 25%: −1) 7, 二季度 500 → 50% 8,
/// 三季度 800 → 80% 8, 11月底 850 → 85% (5 under 90%: −1) 7; 效益 set to
/// 20, 10 and 0: self-scores 18, 10 and 0 of 0; 满意度 96% × 10 = 9.6.
/// Total 90.93.
#[test]
fn a_local_table_scores_a_hand_computed_case() {
    let bytes = local_table_case();
    let r = jixiao::check::check_bytes(
        "本地评分表.xlsx",
        &bytes,
        &Settings::with_frameworks(local_table()),
        &Limits::default(),
    );
    let dept = r.score.as_ref().unwrap().department.as_ref().unwrap();
    let got: Vec<(&str, Decimal, Option<Decimal>)> = dept
        .indicators
        .iter()
        .map(|i| (i.name.as_str(), i.points, i.system))
        .collect();
    let want = [
        ("重点支出安排率", "10", "10"),
        ("在职人员控制率", "10", "10"),
        ("预算完成率", "8", "3.33"),
        ("支付进度（一季度末）", "8", "7"),
        ("支付进度（二季度末）", "8", "8"),
        ("支付进度（三季度末）", "8", "8"),
        ("支付进度（11月底）", "8", "7"),
        ("经济效益", "20", "18"),
        ("社会效益", "10", "10"),
        ("生态效益", "0", "0"),
        ("社会公众或服务对象满意度", "10", "9.6"),
    ];
    assert_eq!(
        got,
        want.iter()
            .map(|(n, p, s)| (*n, d(p), Some(d(s))))
            .collect::<Vec<_>>()
    );
    assert_eq!(dept.total, d("90.93"));
    assert_eq!(dept.grade.as_deref(), Some("优"));
    assert!(
        dept.indicators[6]
            .explain
            .ends_with("支付进度（11月底） = 850 ÷ 1000 × 100 = 85.00%"),
        "{}",
        dept.indicators[6].explain
    );
    // Every self-score agrees: no scoring finding but notes.
    let scoring: Vec<_> = r
        .findings
        .iter()
        .filter(|f| f.code.id().starts_with("SCORE-"))
        .collect();
    assert!(scoring.is_empty(), "{scoring:#?}");
}
