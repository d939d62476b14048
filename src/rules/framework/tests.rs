use rust_decimal::Decimal;

use super::load::{FORMAT, check_cover, parse_with_notes};
use super::*;

fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

#[test]
fn builtins_load() {
    for (id, file, text) in BUILTIN {
        let (f, notes) = parse_with_notes(text, file).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(f.id, *id);
        assert_eq!(f.total, d("100"));
        assert_eq!(notes, [], "{file}");
        assert!(text.contains(&format!("\nformat = {FORMAT}\n")), "{file}");
    }
}

#[test]
fn intervals() {
    let i = Interval::parse("(0,10]").unwrap();
    assert!(!i.contains(d("0")));
    assert!(i.contains(d("0.0001")));
    assert!(i.contains(d("10")));
    assert!(!i.contains(d("10.01")));
    assert!(Interval::parse("=0").unwrap().contains(d("0")));
    assert!(Interval::parse("[90,)").unwrap().contains(d("1000")));
    assert!(Interval::parse("(,60)").unwrap().contains(d("-5")));
    assert_eq!(Interval::parse("[,60)"), None);
    assert_eq!(Interval::parse("(10,10]"), None);
    assert_eq!(Interval::parse("0-10"), None);
    assert_eq!(Interval::parse("(0,10]").unwrap().to_string(), "(0%,10%]");
}

/// Readers see an interval in words, not in the framework's notation.
#[test]
fn intervals_in_words() {
    let zh = |s: &str| Interval::parse(s).unwrap().zh();
    assert_eq!(zh("(20,)"), "20% 以上");
    assert_eq!(zh("[90,)"), "90% 及以上");
    assert_eq!(zh("(,60)"), "低于 60%");
    assert_eq!(zh("(,60]"), "60% 及以下");
    assert_eq!(zh("(10,20]"), "10%（不含）至 20%（含）");
    assert_eq!(zh("=0"), "等于 0%");
}

fn bands(list: &[&str]) -> Vec<Band> {
    list.iter()
        .map(|w| Band {
            interval: Interval::parse(w).unwrap(),
            score: Decimal::ONE,
        })
        .collect()
}

#[test]
fn cover_accepts_a_partition() {
    let dom = Interval::parse("[0,)").unwrap();
    check_cover(
        &bands(&["=0", "(0,10]", "(10,20]", "(20,30]", "(30,)"]),
        dom,
    )
    .unwrap();
    let all = Interval {
        low: None,
        high: None,
    };
    check_cover(&bands(&["[90,)", "[80,90)", "[60,80)", "(,60)"]), all).unwrap();
    check_cover(
        &bands(&["[0,60)", "[60,100]"]),
        Interval::parse("[0,100]").unwrap(),
    )
    .unwrap();
}

#[test]
fn cover_refuses_gaps_and_overlaps() {
    let dom = Interval::parse("[0,)").unwrap();
    let gap = check_cover(&bands(&["=0", "(0,10]", "(20,30]", "(30,)"]), dom).unwrap_err();
    assert!(gap.contains("缺口"), "{gap}");
    let hole = check_cover(&bands(&["=0", "(0,10)", "(10,)"]), dom).unwrap_err();
    assert!(hole.contains("10"), "{hole}");
    let over = check_cover(&bands(&["[0,10]", "[10,)"]), dom).unwrap_err();
    assert!(over.contains("重叠"), "{over}");
    let top = check_cover(&bands(&["=0", "(0,10]"]), dom).unwrap_err();
    assert!(top.contains("以上"), "{top}");
    let bottom = check_cover(&bands(&["(0,10]", "(10,)"]), dom).unwrap_err();
    assert!(bottom.contains('0'), "{bottom}");
}

const MINIMAL: &str = r#"
id = "t"
name = "测试"
total = 10

[[level1]]
name = "投入"
points = 10

[[level1.level2]]
name = "预算配置"
points = 10

[[level1.level2.indicators]]
id = "a"
name = "在职人员控制率"
points = 4
rule = { kind = "linear", metric = "staff_control", standard = 100, worse = "above", per_point = 0.5 }

[[level1.level2.indicators]]
id = "b"
name = "职责履行"
points = 6
rule = { kind = "self" }
"#;

#[test]
fn a_minimal_framework_loads_with_default_grades() {
    let f = parse(MINIMAL, "t.toml").unwrap();
    assert_eq!(f.leaves().count(), 2);
    assert_eq!(f.grade(d("9")), "优");
    assert_eq!(f.grade(d("8.99")), "良");
    assert_eq!(f.grade(d("0")), "差");
}

#[test]
fn mistakes_are_reported_at_their_line() {
    let bad = MINIMAL.replace("points = 4", "points = 5");
    let e = parse(&bad, "t.toml").unwrap_err();
    assert_eq!(e.file, "t.toml");
    assert_eq!(e.line, 12, "{e}");
    assert!(e.message.contains("之和为 11"), "{e}");

    let bad = MINIMAL.replace("staff_control", "staff_contrl");
    let e = parse(&bad, "t.toml").unwrap_err();
    assert_eq!(e.line, 18, "{e}");
    assert!(e.message.contains("staff_contrl"), "{e}");

    let bad = MINIMAL.replace("id = \"b\"", "id = \"a\"");
    let e = parse(&bad, "t.toml").unwrap_err();
    assert_eq!(e.line, 21, "{e}");

    let bad = MINIMAL.replace("name = \"测试\"", "name = \"测试\"\ncolour = 1");
    let e = parse(&bad, "t.toml").unwrap_err();
    assert_eq!(e.line, 4, "{e}");
    assert!(e.message.contains("colour"), "{e}");
}

/// MINIMAL with its rate measured by `metric`, written as `format` says.
fn with_metric(metric: &str, format: Option<&str>) -> String {
    let text = MINIMAL.replace("staff_control", metric);
    match format {
        Some(f) => format!("format = {f}\n{text}"),
        None => text,
    }
}

/// A format-1 file (no `format`, or `format = 1`) reads a legacy id the old
/// way, with a note at the id naming both ids to choose from.
#[test]
fn format1_reads_a_legacy_id_the_old_way_with_a_note() {
    for l in crate::rules::metrics::LEGACY {
        for format in [None, Some("1")] {
            let text = with_metric(l.id, format);
            let (f, notes) = parse_with_notes(&text, "t.toml").unwrap_or_else(|e| panic!("{e}"));
            let rule = &f.leaves().next().unwrap().2.rule;
            assert!(
                matches!(rule, Rule::Linear { metric, .. } if *metric == l.reads),
                "{rule:?}"
            );
            let (line, column) = place(&text, &format!("\"{}\"", l.id));
            assert_eq!(
                notes,
                [FrameworkNote {
                    file: "t.toml".into(),
                    line,
                    column,
                    message: l.note(),
                }]
            );
            assert_eq!(notes[0].to_string(), format!("t.toml:{line}: {}", l.note()));
        }
        // The explicit ids give no note.
        for m in [l.reads, l.current] {
            let (_, notes) = parse_with_notes(&with_metric(m.id(), None), "t.toml").unwrap();
            assert_eq!(notes, [], "{}", m.id());
        }
    }
}

/// In format 2 a legacy id is an error at the id, with the same guidance;
/// the explicit ids load.
#[test]
fn format2_refuses_a_legacy_id_at_its_place() {
    for l in crate::rules::metrics::LEGACY {
        let text = with_metric(l.id, Some("2"));
        let e = parse(&text, "t.toml").unwrap_err();
        assert_eq!(
            (e.line, e.column),
            place(&text, &format!("\"{}\"", l.id)),
            "{e}"
        );
        assert!(e.message.contains(&l.refusal()), "{e}");
        for m in [l.reads, l.current] {
            let (_, notes) = parse_with_notes(&with_metric(m.id(), Some("2")), "t.toml").unwrap();
            assert_eq!(notes, []);
        }
    }
    // A compare rule's reference is an id like any other.
    let text = format!(
        "format = 2\n{}",
        MINIMAL.replace(
            r#"{ kind = "linear", metric = "staff_control", standard = 100, worse = "above", per_point = 0.5 }"#,
            r#"{ kind = "compare", metric = "surplus", reference = "carryover_rate", none = 4, within = 2, beyond = 0 }"#,
        )
    );
    let e = parse(&text, "t.toml").unwrap_err();
    assert_eq!(
        (e.line, e.column),
        place(&text, "\"carryover_rate\""),
        "{e}"
    );
}

/// A format newer than this build, or one that is no format, is refused at
/// the key, before any key the newer format may have added is looked at.
#[test]
fn unknown_formats_are_refused() {
    let newer = format!("format = 3\n{MINIMAL}\n[whatever]\nnew = 1\n");
    let e = parse(&newer, "t.toml").unwrap_err();
    assert_eq!((e.line, e.column), (1, 10), "{e}");
    assert!(e.message.contains("格式 3"), "{e}");
    assert!(e.message.contains("升级 jixiao"), "{e}");
    for bad in ["0", "-1", "\"2\"", "2.0"] {
        let e = parse(&format!("format = {bad}\n{MINIMAL}"), "t.toml").unwrap_err();
        assert_eq!(e.line, 1, "{bad}: {e}");
        assert!(
            e.message.contains("format 应为 1 到 2 的整数"),
            "{bad}: {e}"
        );
    }
    // Not TOML at all: the parse's own message, as before.
    let e = parse("format = \n", "t.toml").unwrap_err();
    assert!(e.message.starts_with("评价框架格式错误"), "{e}");
}

/// The 1-based line and column where `needle` starts in `text`.
fn place(text: &str, needle: &str) -> (usize, usize) {
    let at = text.find(needle).unwrap();
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().unwrap().chars().count() + 1;
    (line, column)
}

/// Without a `[projects]` table, projects are scored as they always were:
/// 预算执行率 10, 产出 50、效益 30、满意度 10 (财预〔2020〕10号), graded by
/// the framework's own bands.
#[test]
fn projects_default_to_the_usual_weights() {
    let usual = [
        (ProjectGroup::Output, "产出指标", "50"),
        (ProjectGroup::Benefit, "效益指标", "30"),
        (ProjectGroup::Satisfaction, "满意度指标", "10"),
    ];
    let minimal = parse(MINIMAL, "t.toml").unwrap();
    for f in BUILTIN
        .iter()
        .map(|(_, file, text)| parse(text, file).unwrap())
        .chain([minimal])
    {
        let p = &f.projects;
        assert_eq!(p.source, "财预〔2020〕10号", "{}", f.id);
        assert_eq!(p.execution, d("10"), "{}", f.id);
        let weights: Vec<_> = p
            .weights
            .iter()
            .map(|w| (w.group, w.label.as_str(), w.points))
            .collect();
        let want: Vec<_> = usual.iter().map(|&(g, l, p)| (g, l, d(p))).collect();
        assert_eq!(weights, want, "{}", f.id);
        assert_eq!(p.total().to_string(), "100", "{}", f.id);
        assert_eq!(p.grades, f.grades, "{}", f.id);
    }
}

const PROJECTS: &str = r#"
[projects]
source = "测试省项目支出绩效评价办法"
execution = 20
output = { points = 40 }
satisfaction = { label = "满意度", points = 10 }

[[projects.grades]]
label = "达标"
min = 60

[[projects.grades]]
label = "未达标"
min = 0
"#;

#[test]
fn a_projects_table_sets_weights_and_grades() {
    let f = parse(&format!("{MINIMAL}{PROJECTS}"), "t.toml").unwrap();
    let p = &f.projects;
    assert_eq!(p.source, "测试省项目支出绩效评价办法");
    assert_eq!(p.execution, d("20"));
    let weights: Vec<_> = p
        .weights
        .iter()
        .map(|w| (w.label.as_str(), w.points))
        .collect();
    // 效益 is left out: its usual label and points.
    assert_eq!(
        weights,
        [
            ("产出指标", d("40")),
            ("效益指标", d("30")),
            ("满意度", d("10"))
        ]
    );
    assert_eq!(p.total(), d("100"));
    assert_eq!(p.grade(d("60")), "达标");
    assert_eq!(p.grade(d("59.99")), "未达标");
    // The department's bands are the framework's own.
    assert_eq!(f.grade(d("9")), "优");

    // Only grades: the weights stay the usual ones.
    let only = "\n[[projects.grades]]\nlabel = \"好\"\nmin = 0\n";
    let f = parse(&format!("{MINIMAL}{only}"), "t.toml").unwrap();
    assert_eq!(f.projects.execution, d("10"));
    assert_eq!(f.projects.grade(d("100")), "好");
}

/// A mistake in the `[projects]` table is refused at its line and column,
/// like any other mistake in a framework file.
#[test]
fn a_bad_projects_table_is_refused_at_its_line() {
    let with = |from: &str, to: &str| {
        let text = format!("{MINIMAL}{}", PROJECTS.replace(from, to));
        let e = parse(&text, "t.toml").unwrap_err();
        (text, e)
    };

    let (text, e) = with("execution = 20", "execution = -1");
    assert_eq!((e.line, e.column), place(&text, "-1"), "{e}");
    assert_eq!(e.message, "预算执行率的分值 -1 不能为负数");

    let (text, e) = with("output = { points = 40 }", "output = { points = -5 }");
    assert_eq!((e.line, e.column), place(&text, "-5"), "{e}");
    assert_eq!(e.message, "产出指标的分值 -5 不能为负数");

    let (text, e) = with("execution = 20", "execution = \"二十\"");
    assert_eq!(e.line, place(&text, "二十").0, "{e}");
    assert!(e.message.contains("“二十”不是数字"), "{e}");

    let (text, e) = with("execution = 20", "execution = 20\nweight = 1");
    assert_eq!(e.line, place(&text, "weight").0, "{e}");
    assert!(e.message.contains("weight"), "{e}");

    // Nothing left to score a project on.
    let nothing = format!(
        "{MINIMAL}\n[projects]\nexecution = 0\noutput = {{ points = 0 }}\n\
         benefit = {{ points = 0 }}\nsatisfaction = {{ points = 0 }}\n"
    );
    let e = parse(&nothing, "t.toml").unwrap_err();
    assert_eq!((e.line, e.column), place(&nothing, "[projects]"), "{e}");
    assert_eq!(e.message, "项目的预算执行率与各组指标分值之和应大于 0");

    let (text, e) = with("min = 0", "min = 10");
    assert_eq!(e.line, place(&text, "[[projects.grades]]").0, "{e}");
    assert_eq!(e.message, "项目等次须覆盖 0 分到总分：最低一档的下限应为 0");

    let (text, e) = with("min = 60", "min = 120");
    assert_eq!(e.line, place(&text, "[[projects.grades]]").0, "{e}");
    assert_eq!(e.message, "项目等次的下限超过了总分");
}

/// The `[projects]` example of `docs/frameworks.md` loads, and spells out
/// the defaults.
#[test]
fn the_documented_projects_table_loads() {
    let doc = include_str!("../../../docs/frameworks.md");
    let example = doc
        .split("```toml\n")
        .find(|block| block.starts_with("[projects]"))
        .and_then(|block| block.split("```").next())
        .unwrap();
    let f = parse(&format!("{MINIMAL}{example}"), "t.toml").unwrap();
    let usual = parse(MINIMAL, "t.toml").unwrap().projects;
    assert_eq!(f.projects.source, "湘财绩〔2024〕X号");
    assert_eq!(f.projects.execution, usual.execution);
    assert_eq!(f.projects.weights, usual.weights);
    let national = parse(BUILTIN[0].2, BUILTIN[0].1).unwrap();
    assert_eq!(f.projects.grades, national.grades);
}

/// 全年预算数 as the built-in metrics read it, in a formula: a blank 上年结转
/// is no carry-over, and a blank 预算调整数 is 追加 − 追减.
const FULL_YEAR: &str = "IF(ISBLANK(tbl_finance.carryover), 0, tbl_finance.carryover) \
    + budget_initial \
    + IF(ISBLANK(budget_adjustment), budget_added - budget_reduced, budget_adjustment)";

/// The sample workbooks as read, and each again with 预算调整数 0 where the
/// sample leaves it blank (none of them states it), so that the rates over
/// 全年预算数 are computed too.
fn samples() -> Vec<(String, crate::ingest::model::Department)> {
    use std::path::Path;

    use crate::check::check_path;
    use crate::contract::cell::CellValue;
    use crate::contract::fields::key;
    use crate::ingest::guard::Limits;
    use crate::ingest::model::{Entry, Value};
    use crate::rules::settings::Settings;

    let mut out = Vec::new();
    for stem in ["junshan-2022", "chenxi-2022", "qingshanhu-2020"] {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("input/{stem}.xlsx"));
        let report = check_path(&path, &Settings::default(), &Limits::default());
        let dept = report.department.expect("a sample is read");
        let mut adjusted = dept.clone();
        if adjusted.dec(key::BUDGET_ADJUSTMENT).is_none() {
            adjusted.scalars.insert(
                key::BUDGET_ADJUSTMENT.as_str(),
                Entry {
                    spot: None,
                    raw: CellValue::Empty,
                    value: Some(Value::Dec(Decimal::ZERO)),
                    unreadable: false,
                },
            );
        }
        out.push((stem.to_string(), dept));
        out.push((format!("{stem}（预算调整数 0）"), adjusted));
    }
    out
}

/// A framework whose metrics are formulas reproducing the built-in ones
/// scores every sample workbook exactly as the built-in framework does;
/// only the explanation adds the formula with the figures put in.
#[test]
fn formula_metrics_score_the_samples_as_the_builtins_do() {
    use crate::rules::score::{IndicatorScore, score};

    let carryover = "IF(ISBLANK(tbl_finance.carryover), 0, tbl_finance.carryover)";
    let cases = [
        (
            "national",
            vec![
                (
                    r#"metric = "budget_completion""#.to_string(),
                    format!(r#"metric = "=budget_executed / ({FULL_YEAR}) * 100""#),
                ),
                (
                    r#"metric = "staff_control""#.to_string(),
                    r#"metric = "=staff_actual / staff_quota * 100""#.to_string(),
                ),
                (
                    r#"metric = "asset_utilization""#.to_string(),
                    r#"metric = "=assets_in_use / assets_total * 100""#.to_string(),
                ),
            ],
        ),
        (
            "yueyang-2015",
            vec![(
                r#"metric = "surplus", reference = "carryover""#.to_string(),
                format!(r#"metric = "={FULL_YEAR} - budget_executed", reference = "={carryover}""#),
            )],
        ),
    ];
    let samples = samples();
    let tolerance = crate::rules::settings::Settings::default().tolerance;
    for (id, replaced) in cases {
        let (_, file, text) = BUILTIN.iter().find(|(i, _, _)| *i == id).unwrap();
        let builtin = parse(text, file).unwrap();
        let mut edited = text.to_string();
        for (from, to) in &replaced {
            assert!(edited.contains(from.as_str()), "{from}");
            edited = edited.replace(from.as_str(), to);
        }
        let formulas = parse(&edited, file).unwrap_or_else(|e| panic!("{e}"));
        let is_formula: Vec<bool> = formulas
            .leaves()
            .map(|(_, _, i)| match &i.rule {
                Rule::Linear { metric, .. }
                | Rule::Bands { metric, .. }
                | Rule::Proportional { metric, .. }
                | Rule::Compare { metric, .. } => matches!(metric, Measure::Formula(_)),
                _ => false,
            })
            .collect();
        assert_eq!(is_formula.iter().filter(|f| **f).count(), replaced.len());
        let mut computed = vec![0; replaced.len()];
        for (stem, dept) in &samples {
            let (want, _) = score(dept, &builtin, tolerance);
            let (got, _) = score(dept, &formulas, tolerance);
            let (want, got) = (want.department.unwrap(), got.department.unwrap());
            assert_eq!(want.indicators.len(), is_formula.len());
            let mut nth = 0;
            for ((w, g), formula) in want.indicators.iter().zip(&got.indicators).zip(&is_formula) {
                let without_explain = |i: &IndicatorScore| {
                    (
                        i.name.clone(),
                        i.computed.clone(),
                        i.system,
                        i.self_score,
                        i.problem.clone(),
                        i.measure.clone(),
                    )
                };
                assert_eq!(without_explain(w), without_explain(g), "{id} {stem}");
                if !formula {
                    assert_eq!(w.explain, g.explain, "{id} {stem}");
                    continue;
                }
                if g.computed.is_some() {
                    computed[nth] += 1;
                    // A reference formula is named 比较基数 where the
                    // built-in says what it is.
                    // Both end in their formulas with the figures put in
                    // (written differently); what comes before is the same.
                    let head = |e: &str| -> String {
                        e.split('；')
                            .take_while(|part| !part.contains(" = "))
                            .collect::<Vec<_>>()
                            .join("；")
                    };
                    let explain = g.explain.replace("比较基数", "上年结转");
                    assert!(
                        head(&explain) == head(&w.explain)
                            && g.explain.contains(" = ")
                            && w.explain.contains(" = "),
                        "{stem}: {} / {}",
                        w.explain,
                        g.explain
                    );
                } else {
                    // Missing data: the formula names every blank input it
                    // reads, the built-in the first it needs.
                    assert_eq!(
                        w.explain.starts_with("缺少"),
                        g.explain.starts_with("缺少"),
                        "{stem}: {} / {}",
                        w.explain,
                        g.explain
                    );
                }
                nth += 1;
            }
            assert_eq!(want.total, got.total, "{id} {stem}");
            assert_eq!(want.grade, got.grade, "{id} {stem}");
        }
        // Each formula was computed from a workbook, not passed over.
        assert!(computed.iter().all(|n| *n > 0), "{id}: {computed:?}");
    }
}

/// The explanation of a formula metric shows the formula with the
/// workbook's figures put in: 陈溪 2022, 预算完成率 2815.61 ÷ 5380.44.
#[test]
fn a_formula_metric_explains_itself_with_the_figures() {
    use crate::rules::score::score;

    let (_, file, text) = BUILTIN[0];
    let text = text.replace(
        r#"metric = "budget_completion""#,
        r#"metric = "=budget_executed / (budget_initial + budget_adjustment) * 100""#,
    );
    let framework = parse(&text, file).unwrap();
    let (_, chenxi) = samples()
        .into_iter()
        .find(|(stem, _)| stem.starts_with("chenxi") && stem.contains("预算调整数 0"))
        .unwrap();
    let (card, _) = score(&chenxi, &framework, d("0.01"));
    let department = card.department.unwrap();
    let rate = department
        .indicators
        .iter()
        .find(|i| i.name == "预算完成率")
        .unwrap();
    assert_eq!(rate.computed.as_deref(), Some("52.33%"));
    // Its score is traced to the cells the formula reads; a built-in
    // metric's, by its name.
    use crate::contract::fields::key;
    use crate::rules::metrics::Input::Field;
    assert_eq!(
        rate.formula_inputs,
        Some(vec![
            Field(key::BUDGET_EXECUTED),
            Field(key::BUDGET_INITIAL),
            Field(key::BUDGET_ADJUSTMENT)
        ])
    );
    assert!(
        department
            .indicators
            .iter()
            .filter(|i| i.name != "预算完成率")
            .all(|i| i.formula_inputs.is_none())
    );
    assert!(
        rate.explain
            .ends_with("；预算完成率 = 2815.61 ÷ (5380.44 + 0) × 100 = 52.33%"),
        "{}",
        rate.explain
    );
}

/// A formula naming a field the workbook does not have is refused when the
/// framework loads, at the name's line and column.
#[test]
fn a_formula_with_an_unknown_field_is_refused_at_its_place() {
    let text = MINIMAL.replace(
        r#"metric = "staff_control""#,
        r#"metric = "=staff_actual / staf_quota * 100""#,
    );
    let e = parse(&text, "t.toml").unwrap_err();
    assert_eq!((e.line, e.column), place(&text, "staf_quota"), "{e}");
    assert!(e.message.contains("未知的字段“staf_quota”"), "{e}");
    assert!(e.message.contains("是否为“staff_quota”"), "{e}");
    assert!(e.message.contains("指标“在职人员控制率”"), "{e}");
    assert!(
        e.to_string()
            .starts_with(&format!("t.toml:{}:{}: ", e.line, e.column))
    );
    // In a literal string, and in a compare rule's reference, too.
    let text = MINIMAL.replace(
        r#"{ kind = "linear", metric = "staff_control", standard = 100, worse = "above", per_point = 0.5 }"#,
        "{ kind = \"compare\", metric = \"surplus\", reference = '=MAX(tbl_finance.carryover, 0' , none = 4, within = 2, beyond = 0 }",
    );
    let e = parse(&text, "t.toml").unwrap_err();
    let (line, column) = place(&text, "' , none");
    assert_eq!((e.line, e.column), (line, column), "{e}");
    assert!(e.message.contains("应为“,”，或以“)”结束"), "{e}");
    // A formula that loads is a formula metric, not an id.
    let text = MINIMAL.replace(
        r#"metric = "staff_control""#,
        r#"metric = "=staff_actual / staff_quota * 100""#,
    );
    let f = parse(&text, "t.toml").unwrap();
    let rule = &f.leaves().next().unwrap().2.rule;
    assert!(
        matches!(rule, Rule::Linear { metric: Measure::Formula(m), .. }
            if m.source() == "=staff_actual / staff_quota * 100"),
        "{rule:?}"
    );
}

/// A formula whose arithmetic leaves the range of a decimal cannot be
/// scored, and says so; it is never a panic nor a score.
#[test]
fn a_formula_that_overflows_is_unscorable() {
    use crate::rules::score::score;

    let text = MINIMAL.replace(
        r#"metric = "staff_control""#,
        r#"metric = "=staff_quota + 79228162514264337593543950335 * 10""#,
    );
    let framework = parse(&text, "t.toml").unwrap();
    let (_, dept) = samples().swap_remove(0);
    let (card, _) = score(&dept, &framework, d("0.01"));
    let rate = &card.department.unwrap().indicators[0];
    assert_eq!(rate.system, None);
    assert_eq!(rate.explain, "在职人员控制率超出可计算的范围，无法计分");
}

/// The formula example of `docs/frameworks.md` loads and scores as the
/// document says, and its misspelt field gives the documented message.
#[test]
fn the_documented_formula_example_scores_as_documented() {
    use crate::contract::fields::key;
    use crate::rules::metrics::fixture::dept;
    use crate::rules::score::score;

    let doc = include_str!("../../../docs/frameworks.md");
    let example = doc
        .split("```toml\n")
        .find(|block| block.contains(r#"metric = "=paid_q3"#))
        .and_then(|block| block.split("```").next())
        .unwrap();
    let first = "[[level1.level2.indicators]]\nid = \"a\"\nname = \"在职人员控制率\"\npoints = 4\n\
                 rule = { kind = \"linear\", metric = \"staff_control\", standard = 100, worse = \"above\", per_point = 0.5 }\n";
    assert!(MINIMAL.contains(first));
    let text = MINIMAL.replace(first, example);
    let framework = parse(&text, "t.toml").unwrap();
    let unit = dept(
        &[(key::PAID_Q3, "1200"), (key::BUDGET_INITIAL, "1932.37")],
        &[],
    );
    let (card, _) = score(&unit, &framework, d("0.01"));
    let progress = &card.department.unwrap().indicators[0];
    assert_eq!(progress.computed.as_deref(), Some("62.10%"));
    assert!(
        doc.contains(&format!("\n{}\n", progress.explain)),
        "{}",
        progress.explain
    );
    let e = parse(&text.replace("paid_q3", "paid_3q"), "t.toml").unwrap_err();
    assert!(doc.contains(&format!(": {}\n", e.message)), "{e}");
}

/// The three conditions of `docs/frameworks.md` (计满分, 不扣分, 封顶)
/// load and score the documented unit as the document says: full points on
/// each, where the rules alone would give 0, 0 and 无法计分.
#[test]
fn the_documented_conditions_score_as_documented() {
    use crate::contract::fields::{col, key};
    use crate::rules::metrics::fixture::dept;
    use crate::rules::score::score;

    let doc = include_str!("../../../docs/frameworks.md");
    let section = doc
        .split("### 条件：计满分、不扣分、封顶")
        .nth(1)
        .and_then(|s| s.split("\n### ").next())
        .unwrap();
    let blocks: Vec<&str> = section
        .split("```toml\n")
        .skip(1)
        .filter_map(|b| b.split("```").next())
        .collect();
    assert_eq!(blocks.len(), 3);
    let framework_of = |blocks: &[String]| {
        let text = format!(
            "id = \"t\"\nname = \"测试\"\ntotal = 10\n\n[[level1]]\nname = \"投入\"\npoints = 10\n\n\
             [[level1.level2]]\nname = \"预算管理\"\npoints = 10\n\n{}",
            blocks.join("\n")
        );
        parse(&text, "t.toml").unwrap()
    };
    let unit = dept(
        &[
            (key::KEY_PROJECT_EXP, "0"),
            (key::PROCUREMENT_BUDGET, "50"),
            (key::PROCUREMENT_ACTUAL, "0"),
            (key::BUDGET_INITIAL, "1000"),
            (key::BUDGET_EXECUTED, "1100"),
        ],
        &[(col::PROJECT, "500")],
    );
    let scored = |fw: &Framework| {
        let (card, _) = score(&unit, fw, d("0.01"));
        card.department.unwrap().indicators
    };
    let with = scored(&framework_of(
        &blocks.iter().map(|b| b.to_string()).collect::<Vec<_>>(),
    ));
    let systems: Vec<Option<Decimal>> = with.iter().map(|i| i.system).collect();
    assert_eq!(systems, [Some(d("3")), Some(d("2")), Some(d("5"))]);
    assert_eq!(
        with[0].explain,
        "条件 =key_project_exp = 0 成立（0 = 0），按规则计满分"
    );
    assert_eq!(with[2].computed.as_deref(), Some("100.00%"));
    assert!(doc.contains(&with[0].explain));
    // Without the conditions and the cap: 0, 0 and 无法计分.
    let without = scored(&framework_of(
        &blocks
            .iter()
            .map(|b| {
                b.lines()
                    .filter(|l| !l.starts_with("full_when"))
                    .collect::<Vec<_>>()
                    .join("\n")
                    .replace(
                        "=MIN(budget_executed / budget_initial * 100, 100)",
                        "=budget_executed / budget_initial * 100",
                    )
            })
            .collect::<Vec<_>>(),
    ));
    let systems: Vec<Option<Decimal>> = without.iter().map(|i| i.system).collect();
    assert_eq!(systems, [Some(d("0")), Some(d("0")), None]);
    assert_eq!(without[2].computed.as_deref(), Some("110.00%"));
    // A condition that does not hold leaves the rule to score.
    let spent = dept(&[(key::KEY_PROJECT_EXP, "240")], &[(col::PROJECT, "500")]);
    let all: Vec<String> = blocks.iter().map(|b| b.to_string()).collect();
    let (card, _) = score(&spent, &framework_of(&all), d("0.01"));
    let key = &card.department.unwrap().indicators[0];
    // 240 ÷ 500 = 48%: 12 points under 60%, 1.2 off 3.
    assert_eq!(key.system, Some(d("1.8")));
}

/// A `full_when` that is not a condition, or names an unknown field, is
/// refused at its place.
#[test]
fn a_bad_condition_is_refused_at_its_place() {
    let rule = r#"rule = { kind = "linear", metric = "staff_control", standard = 100, worse = "above", per_point = 0.5 }"#;
    for (condition, needle, says) in [
        ("=staf_quota = 0", "staf_quota", "未知的字段“staf_quota”"),
        (
            "=staff_quota + 1",
            "staff_quota + 1",
            "条件的结果应为 TRUE 或 FALSE",
        ),
        ("staff_quota = 0", "\"staff_quota = 0", "条件应以“=”开头"),
    ] {
        let text = MINIMAL.replace(rule, &format!("{rule}\nfull_when = \"{condition}\""));
        let e = parse(&text, "t.toml").unwrap_err();
        assert_eq!((e.line, e.column), place(&text, needle), "{e}");
        assert!(e.message.contains(says), "{e}");
        assert!(e.message.contains("full_when"), "{e}");
    }
}

/// A framework whose 效益 block of 20 points the department spreads over
/// three indicators, one of them computed, with 参考分值 8, 8 and 4.
const SET_WEIGHTS: &str = r#"
id = "t"
name = "测试"
total = 20

[[level1]]
name = "效益"
points = 20

[[level1.level2]]
name = "部门效益"
points = 20
set_weights = true

[[level1.level2.indicators]]
id = "economic"
name = "经济效益"
points = 8
rule = { kind = "linear", metric = "staff_control", standard = 100, worse = "above", per_point = 0.5 }

[[level1.level2.indicators]]
id = "social"
name = "社会效益"
points = 8
rule = { kind = "self" }

[[level1.level2.indicators]]
id = "ecological"
name = "生态效益"
points = 4
rule = { kind = "self" }
"#;

/// The department in this test: 52 staff of 50 (控制率 104%: 2 points off
/// 8), its 评分表 rows with these 设定分值 and self-scores.
fn weighted_unit(rows: &[(&str, Option<&str>, Option<&str>)]) -> crate::ingest::model::Department {
    use crate::contract::cell::CellValue;
    use crate::contract::fields::{TBL_SCORES, col, key};
    use crate::ingest::model::{Entry, Row, TableData, Value};
    use crate::rules::metrics::fixture::dept;

    let entry = |v: Option<Value>| Entry {
        spot: None,
        raw: CellValue::Empty,
        value: v,
        unreadable: false,
    };
    let mut unit = dept(&[(key::STAFF_ACTUAL, "52"), (key::STAFF_QUOTA, "50")], &[]);
    let rows = rows
        .iter()
        .enumerate()
        .map(|(i, (name, set, self_score))| {
            let sheet_row = i as u32 + 7;
            let mut row = Row {
                table: &TBL_SCORES,
                sheet_row,
                cells: TBL_SCORES
                    .columns
                    .iter()
                    .enumerate()
                    .map(|(j, _)| Entry {
                        spot: Some(crate::contract::cell::Spot::new(
                            "评分表",
                            sheet_row,
                            j as u32 + 1,
                        )),
                        ..entry(None)
                    })
                    .collect(),
            };
            let mut put = |id, v| row.cells[TBL_SCORES.col(id)].value = Some(v);
            put(col::LEVEL2, Value::Text("部门效益".into()));
            put(col::LEVEL3, Value::Text(name.to_string()));
            put(col::REASON, Value::Text("见说明".into()));
            if let Some(s) = set {
                put(col::SET_POINTS, Value::Dec(d(s)));
            }
            if let Some(s) = self_score {
                put(col::SELF_SCORE, Value::Dec(d(s)));
            }
            row
        })
        .collect();
    unit.tables.insert(
        TBL_SCORES.key,
        TableData {
            table: &TBL_SCORES,
            area: None,
            rows,
        },
    );
    unit
}

/// Set weights 12, 8 and 0: 经济效益 loses 2 of its 参考分值 8, so 6 × 12 ÷ 8
/// = 9 of 12; 社会效益 keeps its self-score 7 of 8; 生态效益 scores 0 of 0,
/// not 无法计分, though it has no self-score. Total 16 of 20.
#[test]
fn set_weights_are_the_points_and_a_zero_weight_scores_nothing() {
    use crate::contract::finding::Code;
    use crate::rules::score::score;

    let framework = parse(SET_WEIGHTS, "t.toml").unwrap();
    let unit = weighted_unit(&[
        ("经济效益", Some("12"), Some("9")),
        ("社会效益", Some("8"), Some("7")),
        ("生态效益", Some("0"), None),
    ]);
    let (card, findings) = score(&unit, &framework, d("0.01"));
    let department = card.department.unwrap();
    let got: Vec<(Decimal, Option<Decimal>)> = department
        .indicators
        .iter()
        .map(|i| (i.points, i.system))
        .collect();
    assert_eq!(
        got,
        [
            (d("12"), Some(d("9"))),
            (d("8"), Some(d("7"))),
            (d("0"), Some(d("0")))
        ]
    );
    assert_eq!(department.total, d("16"));
    assert_eq!(department.unscorable, 0);
    assert!(
        department.indicators[0]
            .explain
            .ends_with("按设定分值折算：6.00 × 12 ÷ 8 = 9.00 分"),
        "{}",
        department.indicators[0].explain
    );
    assert!(
        department.indicators[2].explain.contains("设定分值为 0"),
        "{}",
        department.indicators[2].explain
    );
    let codes: Vec<Code> = findings.iter().map(|f| f.code).collect();
    assert!(!codes.contains(&Code::ScoreSetWeights), "{findings:#?}");
    assert!(!codes.contains(&Code::ScoreSelfDiffers), "{findings:#?}");

    // A blank 设定分值 is the 参考分值: 8, 8, 4 (an older workbook).
    let unit = weighted_unit(&[
        ("经济效益", None, Some("6")),
        ("社会效益", None, Some("8")),
        ("生态效益", None, Some("4")),
    ]);
    let (card, findings) = score(&unit, &framework, d("0.01"));
    let department = card.department.unwrap();
    assert_eq!(department.total, d("18"));
    assert!(findings.iter().all(|f| f.code != Code::ScoreSetWeights));

    // Set weights adding up to 25, not 20: one finding, and the 参考分值 count.
    let unit = weighted_unit(&[
        ("经济效益", Some("12"), Some("9")),
        ("社会效益", Some("8"), Some("7")),
        ("生态效益", Some("5"), Some("4")),
    ]);
    let (card, findings) = score(&unit, &framework, d("0.01"));
    let department = card.department.unwrap();
    let points: Vec<Decimal> = department.indicators.iter().map(|i| i.points).collect();
    assert_eq!(points, [d("8"), d("8"), d("4")]);
    assert_eq!(department.total, d("6") + d("7") + d("4"));
    let set: Vec<_> = findings
        .iter()
        .filter(|f| f.code == Code::ScoreSetWeights)
        .collect();
    assert_eq!(set.len(), 1, "{findings:#?}");
    assert!(
        set[0].message.contains("之和为 25，应为 20"),
        "{}",
        set[0].message
    );
}

/// A block is a level (一级 or 二级) or a list of ids within one 一级, whose
/// points are its indicators' 参考分值; a mistake is refused at load.
#[test]
fn weight_blocks_are_checked_at_load() {
    let f = parse(SET_WEIGHTS, "t.toml").unwrap();
    assert_eq!(f.weight_blocks.len(), 1);
    assert_eq!(f.weight_blocks[0].leaves, [0, 1, 2]);
    assert_eq!(f.weight_blocks[0].points, d("20"));

    let listed = SET_WEIGHTS.replace("set_weights = true\n", "")
        + "\n[[set_weights]]\nname = \"经济和社会效益\"\npoints = 16\nindicators = [\"economic\", \"social\"]\n";
    let f = parse(&listed, "t.toml").unwrap();
    assert_eq!(f.weight_blocks[0].leaves, [0, 1]);
    assert!(f.weight_block(2).is_none());

    let wrong = listed.replace("points = 16", "points = 15");
    let e = parse(&wrong, "t.toml").unwrap_err();
    assert!(e.message.contains("参考分值之和为 16"), "{e}");
    assert_eq!((e.line, e.column), place(&wrong, "15\nindicators"), "{e}");
    let e = parse(&listed.replace("\"social\"]", "\"socia\"]"), "t.toml").unwrap_err();
    assert!(e.message.contains("“socia”不存在"), "{e}");
    let both = SET_WEIGHTS.replace(
        "points = 20\n\n[[level1.level2]]",
        "points = 20\nset_weights = true\n\n[[level1.level2]]",
    );
    let e = parse(&both, "t.toml").unwrap_err();
    assert!(e.message.contains("不能再设"), "{e}");
}

/// A condition whose input is blank cannot be decided: the indicator falls
/// to its `missing` policy (here the self-score), with the blank named; and
/// a self-scored indicator with a set weight, left unscored, asks for a
/// score within the set weight.
#[test]
fn an_undecided_condition_is_missing_data() {
    use crate::contract::fields::key;
    use crate::contract::finding::Code;
    use crate::rules::metrics::fixture::dept;
    use crate::rules::score::score;

    let rule = r#"rule = { kind = "linear", metric = "staff_control", standard = 100, worse = "above", per_point = 0.5 }"#;
    let text = MINIMAL.replace(
        rule,
        &format!("{rule}\nfull_when = \"=key_project_exp = 0\""),
    );
    let framework = parse(&text, "t.toml").unwrap();
    let unit = dept(&[(key::STAFF_ACTUAL, "45"), (key::STAFF_QUOTA, "50")], &[]);
    let (card, _) = score(&unit, &framework, d("0.01"));
    let first = &card.department.unwrap().indicators[0];
    assert_eq!(first.system, None);
    assert_eq!(first.explain, "缺少重点项目支出，且未自评，无法计分");

    let framework = parse(SET_WEIGHTS, "t.toml").unwrap();
    let unit = weighted_unit(&[
        ("经济效益", Some("8"), Some("6")),
        ("社会效益", Some("12"), None),
        ("生态效益", Some("0"), None),
    ]);
    let (card, findings) = score(&unit, &framework, d("0.01"));
    let social = &card.department.unwrap().indicators[1];
    assert_eq!((social.points, social.system), (d("12"), None));
    let no_self = findings
        .iter()
        .find(|f| f.code == Code::ScoreNoSelf)
        .unwrap();
    assert_eq!(no_self.expected.as_deref(), Some("0–12"));
}

/// A framework chosen by its text (the browser page's file picker) is the
/// one every workbook is scored with, as `--framework FILE` makes it; a
/// broken one names the file and line.
#[test]
fn a_framework_chosen_by_its_text_scores_every_workbook() {
    let (_, _, text) = BUILTIN[1];
    let own = text
        .replacen("id = \"yueyang-2015\"", "id = \"own-2026\"", 1)
        .replacen("name = \"", "name = \"本市 ", 1);
    let chosen = Frameworks::builtin()
        .unwrap()
        .with_text(&own, "本市框架.toml")
        .unwrap();
    for named in [None, Some("national"), Some("yueyang-2015")] {
        let f = chosen.for_workbook(named).unwrap();
        assert_eq!(f.id, "own-2026", "{named:?}");
        assert!(f.name.starts_with("本市 "), "{}", f.name);
    }
    // The same text twice is one framework, not two of one id.
    let again = chosen.with_text(&own, "本市框架.toml").unwrap();
    assert_eq!(again.ids().iter().filter(|id| *id == "own-2026").count(), 1);

    let broken = own.replacen("total = ", "total = \"x\" # ", 1);
    let e = Frameworks::builtin()
        .unwrap()
        .with_text(&broken, "本市框架.toml")
        .unwrap_err();
    assert_eq!(e.file, "本市框架.toml");
    assert!(e.line > 0, "{e}");
}
