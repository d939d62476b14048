use std::collections::BTreeMap;

use rust_decimal::Decimal;

use super::rule::{Basis, policy, subset_sums, value_score};
use super::*;
use crate::contract::cell::CellValue;
use crate::contract::fields::{ColumnId, TBL_PROJECT_INDICATORS, TBL_PROJECTS, Table, col};
use crate::contract::finding::Code;
use crate::contract::number::round_half_up;
use crate::ingest::model::{Entry, Row, TableData, Value};
use crate::rules::framework::{Band, Interval, Outcome, Rule, Worse};
use crate::rules::metrics::Metric;

#[test]
fn names_compare_without_quotes_and_spaces() {
    assert_eq!(name_key("“三公经费”变动率"), name_key("三公经费 变动率"));
    assert_eq!(
        name_key("《政府工作报告》目标任务完成情况"),
        name_key("政府工作报告目标任务完成情况")
    );
}

fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

fn score_of(rule: &Rule, points: &str, v: &str) -> Decimal {
    let applied = value_score(rule, d(points), d(v), d("20"));
    round_half_up(applied.system.expect("scored"), 2)
}

/// 预算调整率 of seed 000: =0 → 3; (0,10] → 2; (10,20] → 1; (20,30] → 0.5; >30 → 0.
#[test]
fn bands_at_their_boundaries() {
    let band = |w: &str, s: &str| Band {
        interval: Interval::parse(w).unwrap(),
        score: d(s),
    };
    let rule = Rule::Bands {
        metric: Metric::BudgetAdjustment.into(),
        absolute: true,
        domain: Interval::parse("[0,)").unwrap(),
        bands: vec![
            band("=0", "3"),
            band("(0,10]", "2"),
            band("(10,20]", "1"),
            band("(20,30]", "0.5"),
            band("(30,)", "0"),
        ],
    };
    for (v, want) in [
        ("0", "3"),
        ("0.0001", "2"),
        ("10", "2"),
        ("10.01", "1"),
        ("20", "1"),
        ("30", "0.5"),
        ("30.01", "0"),
        ("100", "0"),
        ("-10", "2"),
    ] {
        assert_eq!(score_of(&rule, "3", v), d(want), "{v}%");
    }
}

/// 在职人员控制率 ≤100% → 5; each point over −0.5; 公务卡 ≥50% → 3, each point under −0.2.
/// Scores round half-up: 4.995 → 5.00, 4.985 → 4.99 (banker's rounding would give 4.98).
#[test]
fn linear_at_its_boundaries() {
    let above = Rule::Linear {
        metric: Metric::StaffControl.into(),
        standard: d("100"),
        worse: Worse::Above,
        per_point: d("0.5"),
    };
    for (v, want) in [
        ("0", "5"),
        ("100", "5"),
        ("100.01", "5"),
        ("100.03", "4.99"),
        ("101", "4.5"),
        ("110", "0"),
        ("171", "0"),
    ] {
        assert_eq!(score_of(&above, "5", v), d(want), "{v}%");
    }
    let below = Rule::Linear {
        metric: Metric::CardPayment.into(),
        standard: d("50"),
        worse: Worse::Below,
        per_point: d("0.2"),
    };
    for (v, want) in [
        ("100", "3"),
        ("50", "3"),
        ("49.99", "3"),
        ("49.975", "3"),
        ("45", "2"),
        ("35", "0"),
        ("0", "0"),
    ] {
        assert_eq!(score_of(&below, "3", v), d(want), "{v}%");
    }
}

#[test]
fn proportional_is_capped() {
    let rule = Rule::Proportional {
        metric: Metric::ProcurementExecution.into(),
        cap: None,
    };
    for (v, want) in [("0", "0"), ("96.25", "2.89"), ("100", "3"), ("317", "3")] {
        assert_eq!(score_of(&rule, "3", v), d(want), "{v}%");
    }
}

/// A rate at either end of what a decimal holds (a huge amount over a tiny
/// one) scores at the bounds: the products saturate instead of overflowing.
#[test]
fn rates_at_the_decimal_limits_score_at_the_bounds() {
    let (max, min) = (Decimal::MAX.to_string(), Decimal::MIN.to_string());
    let linear = |worse| Rule::Linear {
        metric: Metric::StaffControl.into(),
        standard: d("100"),
        worse,
        per_point: d("0.5"),
    };
    for (rule, v, want) in [
        (linear(Worse::Above), &max, "0"),
        (linear(Worse::Above), &min, "5"),
        (linear(Worse::Below), &max, "5"),
        (linear(Worse::Below), &min, "0"),
    ] {
        assert_eq!(score_of(&rule, "5", v), d(want), "{rule:?} {v}");
    }
    let proportional = Rule::Proportional {
        metric: Metric::ProcurementExecution.into(),
        cap: None,
    };
    assert_eq!(score_of(&proportional, "3", &max), d("3"));
    assert_eq!(score_of(&proportional, "3", &min), d("0"));
}

/// 资金结余: none → 3; ≤ 上年结转 (20 here) → 2; more → 0.
#[test]
fn compare_at_its_boundaries() {
    let rule = Rule::Compare {
        metric: Metric::Surplus.into(),
        reference: Metric::Carryover.into(),
        none: d("3"),
        within: d("2"),
        beyond: d("0"),
    };
    for (v, want) in [
        ("-5", "3"),
        ("0", "3"),
        ("0.01", "2"),
        ("20", "2"),
        ("20.01", "0"),
    ] {
        assert_eq!(score_of(&rule, "3", v), d(want), "{v} 万元");
    }
}

#[test]
fn zero_denominator_policies() {
    let p = d("5");
    assert_eq!(
        policy(Outcome::Full, p, None, String::new()).system,
        Some(p)
    );
    assert_eq!(
        policy(Outcome::Zero, p, Some(d("4")), String::new()).system,
        Some(Decimal::ZERO)
    );
    assert_eq!(
        policy(Outcome::ZeroError, p, None, String::new()).system,
        Some(Decimal::ZERO)
    );
    let own = policy(Outcome::SelfScore, p, Some(d("4")), "缺少数据".into());
    assert_eq!(
        (own.system, own.basis),
        (Some(d("4")), Basis::SelfScoreForData)
    );
    // No data and no self-score: no score at all, not 0.
    let none = policy(Outcome::SelfScore, p, None, "缺少数据".into());
    assert_eq!((none.system, none.basis), (None, Basis::Unscorable));
    assert!(none.explain.contains("无法计分"), "{}", none.explain);
}

/// 满意度 120% is outside the domain [0,100]: it scores nothing until
/// corrected, though the top band [95,) contains it.
#[test]
fn a_value_outside_the_domain_is_unscorable() {
    let band = |w: &str, s: &str| Band {
        interval: Interval::parse(w).unwrap(),
        score: d(s),
    };
    let rule = Rule::Bands {
        metric: Metric::Satisfaction.into(),
        absolute: false,
        domain: Interval::parse("[0,100]").unwrap(),
        bands: vec![band("[95,)", "8"), band("[0,95)", "0")],
    };
    let over = value_score(&rule, d("8"), d("120"), Decimal::ZERO);
    assert_eq!((over.system, over.basis), (None, Basis::Unscorable));
    assert!(over.explain.contains("超出取值范围"), "{}", over.explain);
    let top = value_score(&rule, d("8"), d("100"), Decimal::ZERO);
    assert_eq!(top.system, Some(d("8")));
}

/// The total is rounded half-up before it is graded: 89.995 is 90.00 → 优.
#[test]
fn grade_boundary_is_stable() {
    let fw = crate::rules::framework::Framework::builtin("national")
        .unwrap()
        .unwrap();
    assert_eq!(fw.grade(round_half_up(d("89.995"), 2)), "优");
    assert_eq!(fw.grade(round_half_up(d("89.9949"), 2)), "良");
    assert_eq!(fw.grade(d("90")), "优");
    assert_eq!(fw.grade(d("0")), "差");
}

proptest::proptest! {
    /// Any rate gives a score within [0, points] with at most 2 decimals,
    /// and the rounding is half-up.
    #[test]
    fn linear_scores_stay_in_range(cents in -100_000i64..100_000, per in 1i64..200) {
        let rule = Rule::Linear {
            metric: Metric::StaffControl.into(),
            standard: d("100"),
            worse: Worse::Above,
            per_point: Decimal::new(per, 2),
        };
        let v = Decimal::new(cents, 2);
        let exact = value_score(&rule, d("5"), v, Decimal::ZERO).system.expect("linear always scores");
        let shown = round_half_up(exact, 2);
        proptest::prop_assert!(shown >= Decimal::ZERO && shown <= d("5"));
        proptest::prop_assert!(shown.scale() <= 2);
        proptest::prop_assert!((shown - exact).abs() <= d("0.005"));
    }
}

#[test]
fn checklist_sums() {
    let d = |s: &str| s.parse::<Decimal>().unwrap();
    let sums = subset_sums([d("1"), d("0.5"), d("0.5"), d("0.5"), d("0.5")].into_iter());
    assert_eq!(sums, ["0", "0.5", "1", "1.5", "2", "2.5", "3"].map(d));
}

/// A cell holding `value` (`None`: blank), as the model reads it.
fn cell(value: Option<Value>) -> Entry {
    Entry {
        spot: None,
        raw: CellValue::Empty,
        value,
        unreadable: false,
    }
}

/// A table of the model with these rows, each its (column, value) cells.
fn table(table: &'static Table, rows: Vec<Vec<(ColumnId, Value)>>) -> TableData {
    let rows = rows
        .into_iter()
        .enumerate()
        .map(|(i, cells)| {
            let mut row = Row {
                table,
                sheet_row: u32::try_from(i).unwrap(),
                cells: table.columns.iter().map(|_| cell(None)).collect(),
            };
            for (id, value) in cells {
                row.cells[table.col(id)] = cell(Some(value));
            }
            row
        })
        .collect();
    TableData {
        table,
        area: None,
        rows,
    }
}

/// One project, 测试项目, spending all its budget, with one indicator per
/// (一级, 二级, points), each met and self-scored in full.
fn one_project(indicators: &[(&str, &str, &str)]) -> Department {
    let text = |s: &str| Value::Text(s.to_string());
    let project = vec![
        (col::NAME, text("测试项目")),
        (col::BUDGET_FULL, Value::Dec(d("100"))),
        (col::EXECUTED, Value::Dec(d("100"))),
    ];
    let rows = indicators
        .iter()
        .enumerate()
        .map(|(i, &(level1, level2, points))| {
            vec![
                (col::PROJECT, text("测试项目")),
                (col::LEVEL1, text(level1)),
                (col::LEVEL2, text(level2)),
                (col::LEVEL3, text(&format!("指标{i}"))),
                (col::TARGET, text("≥95%")),
                (col::ACTUAL, text("100%")),
                (col::POINTS, Value::Dec(d(points))),
                (col::SELF_SCORE, Value::Dec(d(points))),
            ]
        })
        .collect();
    Department {
        kind: Default::default(),
        scalars: BTreeMap::new(),
        tables: [
            table(&TBL_PROJECTS, vec![project]),
            table(&TBL_PROJECT_INDICATORS, rows),
        ]
        .into_iter()
        .map(|t| (t.table.key, t))
        .collect(),
    }
}

/// The weights finding of a project scored under `fw`, if any.
fn weights_finding(fw: &Framework, dept: &Department) -> (ProjectScore, Option<Finding>) {
    let (project, findings) = project_findings(fw, dept);
    (
        project,
        findings.into_iter().find(|f| f.code == Code::ScoreWeights),
    )
}

fn project_findings(fw: &Framework, dept: &Department) -> (ProjectScore, Vec<Finding>) {
    let (card, findings) = score(dept, fw, d("0.01"));
    (card.projects[0].clone(), findings)
}

fn points_finding(fw: &Framework, dept: &Department) -> Option<Finding> {
    let (_, findings) = project_findings(fw, dept);
    findings
        .into_iter()
        .find(|f| f.code == Code::ScoreProjectPoints)
}

const USUAL: &[(&str, &str, &str)] = &[
    ("产出指标", "数量指标", "30"),
    ("产出指标", "质量指标", "20"),
    ("效益指标", "社会效益指标", "30"),
    ("满意度指标", "服务对象满意度指标", "10"),
];

/// Under a framework without a `[projects]` table, projects score as they
/// always did, and the weights finding reads as it always did.
#[test]
fn projects_score_with_the_usual_weights_by_default() {
    let fw = Framework::builtin("national").unwrap().unwrap();
    let (project, found) = weights_finding(&fw, &one_project(USUAL));
    assert_eq!(found, None);
    assert_eq!(project.execution_score, d("10"));
    assert_eq!(project.total, d("100"));
    assert_eq!(
        (project.valid, project.grade.as_deref()),
        (true, Some("优"))
    );
    assert_eq!(points_finding(&fw, &one_project(USUAL)), None);

    // Points that do not add up to 100: an error, a computed figure and
    // no grade; the level weights stay a warning.
    let light = &USUAL[1..];
    let (project, found) = weights_finding(&fw, &one_project(light));
    let found = found.unwrap();
    assert_eq!(
        found.message,
        "项目“测试项目”的指标权重与通行做法不同：产出指标 20 分（通常为 50 分）"
    );
    let points = points_finding(&fw, &one_project(light)).unwrap();
    assert_eq!(points.severity, crate::contract::finding::Severity::Error);
    assert_eq!(
        points.message,
        "项目“测试项目”各指标分值之和 60 加预算执行率 10 分为 70，不等于满分 100：得分只作计算值，不评定等次"
    );
    assert_eq!(
        found.expected.as_deref(),
        Some("预算执行率 10、产出 50、效益 30、满意度 10")
    );
    assert_eq!(
        found.hint.as_deref(),
        Some(
            "核实各类指标的分值；不按通行权重的，在报告中说明理由（财预〔2020〕10号：预算执行率 10 分，产出、效益、满意度一般为 50、30、10 分）"
        )
    );
    assert_eq!(project.total, d("70"));
    assert_eq!((project.valid, project.grade.as_deref()), (false, None));
    assert_eq!(project.grade_text(), "权重不符，不评定");
}

/// A framework's own weights, 预算执行率 points and grade bands change the
/// finding, the score and the grade.
#[test]
fn a_framework_with_other_weights_changes_the_finding() {
    let (_, _, national) = crate::rules::framework::BUILTIN[0];
    let projects = r#"
[projects]
source = "测试省项目支出绩效评价办法"
execution = 20
output = { label = "产出", points = 40 }
benefit = { points = 30 }
satisfaction = { points = 10 }

[[projects.grades]]
label = "达标"
min = 80

[[projects.grades]]
label = "未达标"
min = 0
"#;
    let fw = crate::rules::framework::parse(&format!("{national}{projects}"), "t.toml").unwrap();
    // The usual 50、30、10 are now off by 10 points of 产出.
    let (project, found) = weights_finding(&fw, &one_project(USUAL));
    let found = found.unwrap();
    assert_eq!(
        found.message,
        "项目“测试项目”的指标权重与通行做法不同：产出 50 分（通常为 40 分）"
    );
    assert!(points_finding(&fw, &one_project(USUAL)).is_some());
    assert_eq!(
        found.expected.as_deref(),
        Some("预算执行率 20、产出 40、效益 30、满意度 10")
    );
    assert_eq!(
        found.hint.as_deref(),
        Some(
            "核实各类指标的分值；不按通行权重的，在报告中说明理由（测试省项目支出绩效评价办法：预算执行率 20 分，产出、效益、满意度一般为 40、30、10 分）"
        )
    );
    assert_eq!(project.execution_score, d("20"));
    // 110 of 100 is not a score: no grade, whatever the bands would say.
    assert_eq!(project.total, d("110"));
    assert_eq!((project.valid, project.grade.as_deref()), (false, None));

    // Weights as the framework says: no finding.
    let mut fitting = USUAL.to_vec();
    fitting[1].2 = "10";
    let (project, found) = weights_finding(&fw, &one_project(&fitting));
    assert_eq!(found, None);
    assert_eq!(project.total, d("100"));
}

fn text(s: &str) -> Value {
    Value::Text(s.to_string())
}

/// 测试项目 with these cells of its 项目支出 row (name, budget 100 and
/// spending 100 besides) and these indicators (项目名称 besides).
fn project_with(
    project: Vec<(ColumnId, Value)>,
    indicators: Vec<Vec<(ColumnId, Value)>>,
) -> Department {
    let mut row = vec![
        (col::NAME, text("测试项目")),
        (col::BUDGET_FULL, Value::Dec(d("100"))),
        (col::EXECUTED, Value::Dec(d("100"))),
    ];
    row.extend(project);
    let rows = indicators
        .into_iter()
        .map(|mut cells| {
            cells.insert(0, (col::PROJECT, text("测试项目")));
            cells
        })
        .collect();
    Department {
        kind: Default::default(),
        scalars: BTreeMap::new(),
        tables: [
            table(&TBL_PROJECTS, vec![row]),
            table(&TBL_PROJECT_INDICATORS, rows),
        ]
        .into_iter()
        .map(|t| (t.table.key, t))
        .collect(),
    }
}

/// An indicator: 三级指标, 年度指标值, 实际完成值, 分值, 自评得分.
fn indicator(
    level1: &str,
    level3: &str,
    target: &str,
    actual: &str,
    points: &str,
    own: &str,
) -> Vec<(ColumnId, Value)> {
    let mut cells = vec![
        (col::LEVEL1, text(level1)),
        (col::LEVEL2, text("二级")),
        (col::LEVEL3, text(level3)),
        (col::POINTS, Value::Dec(d(points))),
        (col::SELF_SCORE, Value::Dec(d(own))),
    ];
    for (id, s) in [(col::TARGET, target), (col::ACTUAL, actual)] {
        if !s.is_empty() {
            cells.push((id, text(s)));
        }
    }
    cells
}

/// 90 points of indicators met in full, and `extra` rows of the 产出 50.
fn with_usual(
    extra: Vec<Vec<(ColumnId, Value)>>,
    output_left: &str,
) -> Vec<Vec<(ColumnId, Value)>> {
    let mut rows = extra;
    rows.push(indicator(
        "产出指标",
        "完成率",
        "≥95%",
        "100%",
        output_left,
        output_left,
    ));
    rows.push(indicator("效益指标", "效益", "≥95%", "100%", "30", "30"));
    rows.push(indicator(
        "满意度指标",
        "满意度",
        "≥95%",
        "100%",
        "10",
        "10",
    ));
    rows
}

fn codes(findings: &[Finding]) -> Vec<Code> {
    findings.iter().map(|f| f.code).collect()
}

/// "=200/人" against a total: a unit mismatch with the arithmetic from the
/// project's headcount, not scored; the total takes the self-score.
#[test]
fn a_per_head_target_against_a_total_is_a_mismatch_with_its_arithmetic() {
    let fw = Framework::builtin("national").unwrap().unwrap();
    let dept = project_with(
        vec![],
        with_usual(
            vec![
                indicator("产出指标", "参保人数", "≥3000人", "3170人", "10", "10"),
                indicator("产出指标", "补助标准", "=200/人", "63.40", "10", "10"),
            ],
            "30",
        ),
    );
    let (project, findings) = project_findings(&fw, &dept);
    let mismatch: Vec<&Finding> = findings
        .iter()
        .filter(|f| f.code == Code::ScoreUnitMismatch)
        .collect();
    assert_eq!(mismatch.len(), 1, "{findings:#?}");
    assert!(
        mismatch[0]
            .message
            .contains("按“参保人数” 3,170 人 × 200 元 = 63.40 万元，实际完成值是总数"),
        "{}",
        mismatch[0].message
    );
    let standard = &project.indicators[1];
    assert_eq!(standard.system, None);
    assert!(
        standard.explain.contains("自评 10 分计入总分"),
        "{}",
        standard.explain
    );
    assert_eq!(project.total, d("100"));
    // Without a headcount that multiplies out, only the units are named.
    let dept = project_with(
        vec![],
        with_usual(
            vec![indicator(
                "产出指标",
                "补助标准",
                "=200/人",
                "63.40",
                "20",
                "20",
            )],
            "30",
        ),
    );
    let (_, findings) = project_findings(&fw, &dept);
    let m = findings
        .iter()
        .find(|f| f.code == Code::ScoreUnitMismatch)
        .unwrap();
    assert!(!m.message.contains(" × "), "{}", m.message);
    assert!(m.message.contains("未写单位"), "{}", m.message);
}

/// An empty target on a quantitative row: SCORE-NO-TARGET, not scored, the
/// self-score in the total; none for a qualitative one.
#[test]
fn an_empty_target_on_a_quantitative_row_is_a_finding() {
    let fw = Framework::builtin("national").unwrap().unwrap();
    let dept = project_with(
        vec![],
        with_usual(
            vec![
                indicator("产出指标", "救助人次", "", "12045人次", "10", "7"),
                indicator("产出指标", "困难群众负担", "", "明显减轻", "10", "10"),
            ],
            "30",
        ),
    );
    let (project, findings) = project_findings(&fw, &dept);
    let no_target: Vec<&Finding> = findings
        .iter()
        .filter(|f| f.code == Code::ScoreNoTarget)
        .collect();
    assert_eq!(no_target.len(), 1, "{findings:#?}");
    assert!(no_target[0].message.contains("救助人次"));
    assert_eq!(
        no_target[0].severity,
        crate::contract::finding::Severity::Warning
    );
    assert_eq!(project.indicators[0].system, None);
    assert_eq!(project.total, d("97"));
}

/// Exceeded by far without a reason: one finding at the 偏差原因; none with
/// a reason written.
#[test]
fn a_target_exceeded_by_far_needs_a_reason() {
    let fw = Framework::builtin("national").unwrap().unwrap();
    let far = indicator("产出指标", "救助人次", "≥8000人次", "12045人次", "20", "20");
    let dept = project_with(vec![], with_usual(vec![far.clone()], "30"));
    let (_, findings) = project_findings(&fw, &dept);
    assert_eq!(codes(&findings), [Code::ScoreTargetExceeded]);
    assert!(
        findings[0].message.contains("大幅超过"),
        "{}",
        findings[0].message
    );
    let mut explained = far;
    explained.push((col::DEVIATION, text("当年新增救助政策，救助面扩大")));
    let dept = project_with(vec![], with_usual(vec![explained], "30"));
    let (_, findings) = project_findings(&fw, &dept);
    assert_eq!(codes(&findings), []);
}

/// The 预算执行率's own 得分 against 全年执行数 ÷ 全年预算数 × 分值, and used
/// in the self-sum.
#[test]
fn the_budget_rows_own_score_is_compared_and_summed() {
    let fw = Framework::builtin("national").unwrap().unwrap();
    let spent = |own: &str, stated: &str| {
        project_with(
            vec![
                (col::EXECUTED, Value::Dec(d("90"))),
                (col::EXECUTION_SELF, Value::Dec(d(own))),
                (col::SELF_SCORE, Value::Dec(d(stated))),
            ],
            with_usual(vec![], "50"),
        )
    };
    // 90 ÷ 100 × 10 = 9; stated 10, and the project's 100 is 10 + 90.
    let (project, findings) = project_findings(&fw, &spent("10", "100"));
    assert_eq!(codes(&findings), [Code::ScoreSelfDiffers], "{findings:#?}");
    assert_eq!(
        findings[0].message,
        "项目“测试项目”的预算执行率自评 10 分，按全年执行数 90.00 ÷ 全年预算数 100.00 × 分值 10 计算为 9.00 分（执行率 90.00%）"
    );
    assert_eq!(findings[0].expected.as_deref(), Some("9.00"));
    assert_eq!(project.execution_self, Some(d("10")));
    assert_eq!(project.self_sum, Some(d("100")));
    assert_eq!(project.total, d("99"));
    // Stated as computed: nothing; the self-sum is 99 and so must be the total.
    let (project, findings) = project_findings(&fw, &spent("9", "99"));
    assert_eq!(codes(&findings), []);
    assert_eq!(project.self_sum, Some(d("99")));
    let (_, findings) = project_findings(&fw, &spent("9", "100"));
    assert_eq!(codes(&findings), [Code::ScoreProjectTotal]);
    assert!(findings[0].message.contains("含预算执行率得分 9.00 分"));
    let (_, findings) = project_findings(&fw, &spent("12", "102"));
    assert!(
        codes(&findings).contains(&Code::ScoreOverPoints),
        "{findings:#?}"
    );
}

/// 自评等次 against the grade of the self-score; any grade for a project
/// whose points do not add up.
#[test]
fn the_stated_grade_is_checked() {
    let fw = Framework::builtin("national").unwrap().unwrap();
    let graded = |grade: &str, stated: &str, output: &str| {
        let dept = project_with(
            vec![
                (col::SELF_GRADE, text(grade)),
                (col::SELF_SCORE, Value::Dec(d(stated))),
            ],
            with_usual(vec![], output),
        );
        let (project, findings) = project_findings(&fw, &dept);
        let grade: Vec<Finding> = findings
            .into_iter()
            .filter(|f| f.code == Code::ScoreProjectGrade)
            .collect();
        (project, grade)
    };
    for ok in ["优", "优秀", " 优 "] {
        let (project, found) = graded(ok, "100", "50");
        assert_eq!(found, [], "{ok}");
        assert_eq!(project.self_grade.as_deref(), Some(ok.trim()));
    }
    let (_, found) = graded("良", "100", "50");
    assert_eq!(found.len(), 1);
    assert_eq!(
        found[0].message,
        "项目“测试项目”自评等次为“良”，按自评得分 100.00 分应为“优”"
    );
    assert_eq!(found[0].expected.as_deref(), Some("优"));
    assert_eq!(
        found[0].hint.as_deref(),
        Some("等次按自评得分评定（优 ≥90、良 ≥80、中 ≥60、差 <60）")
    );
    // 60 points of indicators + 10: not a score, so no grade.
    let (project, found) = graded("优", "110", "70");
    assert!(!project.valid);
    assert_eq!(found.len(), 1);
    assert!(
        found[0].message.ends_with("权重不符，不应评定等次"),
        "{}",
        found[0].message
    );
}
