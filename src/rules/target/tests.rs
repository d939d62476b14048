use rust_decimal::Decimal;

use super::*;
use crate::contract::number::round_half_up;
use proptest::prelude::*;
use std::str::FromStr;

fn dec(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

fn qty(v: &str, unit: Unit) -> Quantity {
    Quantity {
        value: dec(v),
        unit,
    }
}

fn cmp(op: Op, v: &str, unit: Unit) -> Target {
    Target::Compare {
        op,
        quantity: qty(v, unit),
    }
}

/// A self-scored indicator: target, actual, 10 points, the self-score.
fn judged(target: &str, actual: &str, own: Option<i64>) -> Outcome {
    let (t, a) = (parse_target(target), parse_actual(actual));
    score_indicator(&t, &a, dec("10"), own.map(Decimal::from), None)
}

fn named(w: &str) -> Unit {
    Unit::Named(w.to_string())
}

fn score(target: &str, actual: &str, points: i64, name: &str) -> Outcome {
    let unit = unit_from_name(name);
    score_indicator(
        &parse_target(target),
        &parse_actual(actual),
        Decimal::from(points),
        None,
        unit.as_ref(),
    )
}

#[test]
fn every_operator_spelling() {
    let cases = [
        (
            Op::Ge,
            "≥ >= ＞= ≧ => 大于等于 大于或等于 不低于 不少于 至少 达到",
        ),
        (Op::Gt, "> ＞ 大于 高于 超过"),
        (Op::Le, "≤ <= ＜= ≦ 小于等于 不高于 不超过 不多于"),
        (Op::Lt, "< ＜ 小于 低于"),
        (Op::Eq, "= ＝ == 等于"),
    ];
    for (op, words) in cases {
        for word in words.split(' ') {
            let text = format!("{word}95%");
            assert_eq!(parse_target(&text), cmp(op, "95", Unit::Percent), "{text}");
        }
    }
    let suffixed: &[(&str, Op)] = &[
        ("95%以上", Op::Ge),
        ("95%及以上", Op::Ge),
        ("95%以内", Op::Le),
        ("95%以下", Op::Le),
        ("控制在95%以内", Op::Le),
        ("不低于95%以上", Op::Ge),
        ("95%", Op::Ge),
    ];
    for &(text, op) in suffixed {
        assert_eq!(parse_target(text), cmp(op, "95", Unit::Percent), "{text}");
    }
    assert_eq!(
        parse_target("≤95%以上"),
        Target::Qualitative("≤95%以上".into())
    );
}

#[test]
fn full_width_separators_and_spaces() {
    let want = cmp(Op::Ge, "240000.5", named("人"));
    for text in [
        "≥２４００００．５人",
        "≥ 240,000.5 人",
        "不低于２４０，０００．５人",
        "\u{3000}≥240000.5人\u{3000}",
    ] {
        assert_eq!(parse_target(text), want, "{text}");
    }
    assert_eq!(parse_target("＞＝９５％"), cmp(Op::Ge, "95", Unit::Percent));
    assert_eq!(parse_target("1,23"), Target::Qualitative("1,23".into()));
}

#[test]
fn units() {
    let q = |text: &str| match parse_actual(text) {
        Actual::Quantity(q) => q,
        Actual::Text(t) => panic!("text {t}"),
    };
    assert_eq!(q("2300万元").unit, Unit::WanYuan);
    assert_eq!(q("2031.2万").unit, Unit::WanYuan);
    assert_eq!(q("7,167,065.75元"), qty("7167065.75", Unit::Yuan));
    assert_eq!(q("12411人次").unit, named("人次"));
    assert_eq!(q("2.4万人"), qty("24000", named("人")));
    assert_eq!(q("3个月").unit, Unit::Month);
    assert_eq!(q("30日").unit, Unit::Day);
    assert_eq!(q("2小时").unit, Unit::Hour);
    assert_eq!(q("600元/人·年").unit.to_string(), "元/人·年");
    assert_eq!(q("4.24"), qty("4.24", Unit::Bare));
    assert_eq!(parse_actual("已完成"), Actual::Text("已完成".into()));
    assert_eq!(parse_actual("100余人"), Actual::Text("100余人".into()));
    assert_eq!(parse_actual(" 基本实现 "), Actual::Text("基本实现".into()));
}

#[test]
fn ranges() {
    let months = |lo: &str, hi: &str| Target::Range {
        low: qty(lo, Unit::Month),
        high: qty(hi, Unit::Month),
    };
    for text in "6-9个月 6～9个月 6~9个月 6至9个月 6到9个月 6个月-9个月 9-6个月 ６－９个月 6—9个月"
        .split(' ')
    {
        assert_eq!(parse_target(text), months("6", "9"), "{text}");
    }
    assert_eq!(parse_target("6个月-1年"), months("6", "12"));
    let pct = parse_target("80%-90%");
    assert_eq!(pct.to_string(), "80–90%");
    assert_eq!(parse_target("6%-9人"), Target::Qualitative("6%-9人".into()));
    assert_eq!(
        parse_target("≥6-9个月"),
        Target::Qualitative("≥6-9个月".into())
    );
}

#[test]
fn qualitative_texts() {
    for text in [
        "明显提高",
        "普遍开展",
        "成效显著",
        "未成年人550成年人590\n困难居民：\n未成年人830",
        "95%左右",
        "",
    ] {
        assert_eq!(
            parse_target(text),
            Target::Qualitative(text.trim().into()),
            "{text}"
        );
    }
}

#[test]
fn display() {
    assert_eq!(parse_target("＞=95%").to_string(), "≥95%");
    assert_eq!(parse_target("6-9个月").to_string(), "6–9个月");
    assert_eq!(parse_target("30天以内").to_string(), "≤30天");
    assert_eq!(parse_target("≤600元/人").to_string(), "≤600元/人");
    assert_eq!(qty("4.240", Unit::Month).to_string(), "4.24个月");
}

#[test]
fn names() {
    assert_eq!(unit_from_name("参保人数（人）"), Some(named("人")));
    assert_eq!(unit_from_name("参保对象满意度（%）"), Some(Unit::Percent));
    assert_eq!(unit_from_name("参保对象满意度(％)"), Some(Unit::Percent));
    assert_eq!(
        unit_from_name("城乡居民财政补助标准成本（元）"),
        Some(Unit::Yuan)
    );
    assert_eq!(
        unit_from_name("补助标准（单位：元/人）").map(|u| u.to_string()),
        Some("元/人".into())
    );
    assert_eq!(unit_from_name("服务对象满意度指标（10分）"), None);
    assert_eq!(unit_from_name("管理办法（试行）"), None);
    assert_eq!(unit_from_name("基金累计结余可支配月数"), None);
}

#[test]
fn seed_004_cases() {
    let o = score("6-9个月", "4.24", 5, "基金累计结余可支配月数");
    assert_eq!(o.direction, Direction::Range);
    assert_eq!(o.met, Some(false));
    let s = o.score.unwrap();
    assert_eq!(s, dec("5") * dec("4.24") / dec("6"));
    assert_eq!(round_half_up(s, 2), dec("3.53"));
    assert_eq!(
        o.explain,
        "实际 4.24个月 低于区间下限 6个月，按 5 × 4.24 ÷ 6 计 3.53 分"
    );

    let o = score("240000", "242566", 5, "参保人数（人）");
    assert_eq!(
        (o.direction, o.met, o.score),
        (Direction::Higher, Some(true), Some(dec("5")))
    );
    assert!(o.explain.contains("242566人"), "{}", o.explain);

    let o = score("0", "0", 5, "重复参保人数（人）");
    assert_eq!(
        (o.direction, o.met, o.score),
        (Direction::Lower, Some(true), Some(dec("5")))
    );

    let o = score("＞=95%", "96%", 10, "参保对象满意度（%）");
    assert_eq!((o.met, o.score), (Some(true), Some(dec("10"))));
    let o = score("=10万元", "10万元", 5, "准入评估成本");
    assert_eq!(
        (o.direction, o.met, o.score),
        (Direction::Equal, Some(true), Some(dec("5")))
    );
    let o = score("100", "100", 10, "救助资金足额率（%）");
    assert_eq!(o.score, Some(dec("10")));
}

#[test]
fn proportional_scores() {
    let o = score("≥95%", "90%", 5, "");
    assert_eq!(o.score.unwrap(), dec("5") * dec("90") / dec("95"));
    assert_eq!(
        o.explain,
        "实际 90% 未达到指标值 ≥95%，按 5 × 90 ÷ 95 计 4.74 分"
    );
    let o = score("≤30天", "35天", 6, "");
    assert_eq!(o.score.unwrap(), dec("5"));
    assert_eq!(o.met, Some(false));
    assert_eq!(score("≤30天", "90天", 6, "").score, Some(Decimal::ZERO));
    assert_eq!(score("≤30天", "30天", 6, "").score, Some(dec("6")));
    assert!(score("≤30天", "1个月", 6, "").unit_mismatch);
    assert_eq!(score("≤48小时", "2天", 6, "").met, Some(true));
    let o = score("6-9个月", "10个月", 9, "");
    assert_eq!(o.score.unwrap(), dec("8"));
    assert_eq!(score("6-9个月", "9", 9, "").score, Some(dec("9")));
    assert_eq!(score("=100%", "100.01%", 5, "").met, Some(true));
    assert_eq!(score("=100%", "90%", 5, "").score, Some(dec("4.5")));
    assert_eq!(score("=100%", "110%", 5, "").score, Some(dec("4.5")));
    assert_eq!(score(">95%", "95%", 5, "").met, Some(false));
    assert_eq!(score("≥95%", "200%", 5, "").score, Some(dec("5")));
    assert_eq!(score("≥95%", "-5%", 5, "").score, Some(Decimal::ZERO));
}

#[test]
fn zero_targets() {
    assert_eq!(parse_target("0"), cmp(Op::Le, "0", Unit::Bare));
    let o = score("0", "3", 5, "虚报参保人数（人）");
    assert_eq!((o.met, o.score), (Some(false), Some(Decimal::ZERO)));
    assert!(o.explain.contains("计 0 分"), "{}", o.explain);
    assert_eq!(score("≥0", "0", 5, "").score, Some(dec("5")));
}

#[test]
fn money_converts_and_mismatch_is_flagged() {
    let o = score("≥2300万元", "23,000,000元", 10, "");
    assert_eq!((o.met, o.score), (Some(true), Some(dec("10"))));
    assert!(o.explain.contains("折合 2300万元"), "{}", o.explain);
    let o = score("≥2300", "2000万元", 10, "年度资金总额（万元）");
    assert_eq!(o.score.unwrap(), dec("10") * dec("2000") / dec("2300"));

    let o = score("≤600元/人", "2300万元", 10, "");
    assert!(o.unit_mismatch);
    assert_eq!((o.score, o.met), (None, None));
    assert!(o.explain.contains("是每人的标准"), "{}", o.explain);
    assert!(score("≥95%", "20万元", 5, "").unit_mismatch);
    assert!(
        score("≥95%", "20万元", 5, "")
            .explain
            .contains("单位不可比（% 与 万元）")
    );
    assert!(score("≥100人", "120人次", 5, "").unit_mismatch);
    assert!(!score("≤600元/人", "0.05万元/人", 5, "").unit_mismatch);
}

#[test]
fn fraction_for_percent() {
    let o = score("≥95%", "0.96", 5, "");
    assert_eq!((o.met, o.score), (Some(true), Some(dec("5"))));
    assert!(o.explain.contains("按 96% 读取"), "{}", o.explain);
    assert_eq!(score("≤5%", "0.5", 5, "").score, Some(dec("5")));
}

#[test]
fn qualitative_scoring() {
    let o = judged("成效显著", "成效显著", Some(5));
    assert_eq!(o.direction, Direction::Qualitative);
    assert_eq!(
        (o.score, o.met, o.band),
        (Some(dec("5")), Some(true), Some("未达成"))
    );
    let o = judged("成效显著", "已全面完成", Some(8));
    assert_eq!((o.met, o.band), (Some(true), Some("达成")));
    let o = judged("成效显著", "尚未完成", Some(6));
    assert_eq!((o.met, o.band), (Some(false), Some("部分达成")));
    let o = judged("成效显著", "部分实现", Some(12));
    assert_eq!((o.met, o.score), (None, Some(dec("10"))));
    assert!(o.explain.contains("超出"), "{}", o.explain);
    let o = judged("成效显著", "有所提高", None);
    assert_eq!((o.score, o.met, o.band), (None, None, None));
    assert_eq!(judged("成效显著", "100%", Some(10)).met, Some(true));
    assert_eq!(judged("普遍开展", "基本实现", Some(7)).met, None);
}

#[test]
fn numeric_target_text_actual() {
    let o = judged("≥95%", "已完成", Some(10));
    assert_eq!(
        (o.score, o.met, o.band, o.direction),
        (None, Some(true), Some("达成"), Direction::Higher)
    );
    assert_eq!(judged("≥95%", "未达到", Some(2)).met, Some(false));
    let o = judged("≥95%", "—", Some(10));
    assert_eq!((o.score, o.met), (None, None));
    assert!(o.explain.contains("未填写实际完成值"), "{}", o.explain);
}

#[test]
fn overflow_does_not_panic() {
    let big = "79228162514264337593543950335";
    let o = score(&format!("≥{big}亿元"), "1元", 5, "");
    assert!(o.score.is_none() || o.score <= Some(dec("5")));
    let o = score(
        "≤0.0000000000000000000000001元",
        &format!("{big}亿元"),
        5,
        "",
    );
    assert!(o.score.is_none() || o.score == Some(Decimal::ZERO));
}

fn full_width(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '0'..='9' | '.' | ',' | '%' => char::from_u32(c as u32 + 0xFEE0).unwrap(),
            other => other,
        })
        .collect()
}

fn grouped(int: u64, sep: &str) -> String {
    let digits = int.to_string();
    let mut out = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push_str(sep);
        }
        out.push(ch);
    }
    out
}

proptest! {
    #[test]
    fn formatted_numbers_parse_back(
        int in 0u64..1_000_000_000_000,
        frac in proptest::option::of(0u32..10_000),
        sep in prop_oneof![Just(""), Just(","), Just("，"), Just(" ")],
        wide in any::<bool>(),
        unit in prop_oneof![Just(""), Just("%"), Just("人"), Just("万元"), Just("个月")],
    ) {
        let mut plain = int.to_string();
        let mut text = grouped(int, sep);
        if let Some(f) = frac {
            plain.push_str(&format!(".{f:04}"));
            text.push_str(&format!(".{f:04}"));
        }
        let text = if wide { full_width(&text) } else { text };
        let text = format!("{text}{unit}");
        match parse_actual(&text) {
            Actual::Quantity(q) => prop_assert_eq!(q.value, dec(&plain)),
            Actual::Text(t) => prop_assert!(false, "not a number: {}", t),
        }
        match parse_target(&format!("≥{text}")) {
            Target::Compare { quantity, .. } => prop_assert_eq!(quantity.value, dec(&plain)),
            other => prop_assert!(false, "not a comparison: {:?}", other),
        }
    }

    #[test]
    fn score_is_within_points(
        t in 0i64..100_000,
        a in -1_000i64..200_000,
        hi in 0i64..1_000,
        scale in 0u32..3,
        points in 0i64..100,
        op in prop_oneof![Just("≥"), Just(">"), Just("≤"), Just("<"), Just("="), Just("")],
        range in any::<bool>(),
    ) {
        let tv = Decimal::new(t, scale);
        let target = if range {
            format!("{tv}-{}%", tv + Decimal::from(hi))
        } else {
            format!("{op}{tv}%")
        };
        let actual = format!("{}%", Decimal::new(a, scale));
        let points = Decimal::from(points);
        let o = score_indicator(&parse_target(&target), &parse_actual(&actual), points, None, None);
        let s = o.score;
        prop_assert!(s.is_some(), "{} {}: {}", target, actual, o.explain);
        let s = s.unwrap_or_default();
        prop_assert!(s >= Decimal::ZERO && s <= points, "{} {}: {}", target, actual, s);
        if o.met == Some(true) {
            prop_assert_eq!(s, points);
        }
    }

    #[test]
    fn any_text_is_accepted(t in "\\PC{0,16}", a in "\\PC{0,16}", n in "\\PC{0,16}", points in 0i64..100, own in proptest::option::of(-10i64..200)) {
        let points = Decimal::from(points);
        let unit = unit_from_name(&n);
        let o = score_indicator(&parse_target(&t), &parse_actual(&a), points, own.map(Decimal::from), unit.as_ref());
        if let Some(s) = o.score {
            prop_assert!(s >= Decimal::ZERO && s <= points);
        }
        prop_assert!(!o.explain.is_empty());
    }
}

fn per(base: Unit, per: &str) -> Unit {
    Unit::Per {
        base: Box::new(base),
        per: per.to_string(),
    }
}

#[test]
fn per_unit_targets_are_read_whatever_their_spelling() {
    assert_eq!(
        parse_target("=200/人"),
        cmp(Op::Eq, "200", per(Unit::Bare, "人"))
    );
    assert_eq!(
        parse_target("=200元/人"),
        cmp(Op::Eq, "200", per(Unit::Yuan, "人"))
    );
    assert_eq!(
        parse_target("人均200元"),
        cmp(Op::Ge, "200", per(Unit::Yuan, "人"))
    );
    assert_eq!(
        parse_target("≥人均200元"),
        cmp(Op::Ge, "200", per(Unit::Yuan, "人"))
    );
    assert_eq!(
        parse_target("每户300元"),
        cmp(Op::Ge, "300", per(Unit::Yuan, "户"))
    );
    assert_eq!(
        parse_target("2/人次"),
        cmp(Op::Ge, "2", per(Unit::Bare, "人次"))
    );
    assert_eq!(parse_target("=200/人").to_string(), "=200/人");
    assert_eq!(
        parse_actual("人均210元"),
        Actual::Quantity(qty("210", per(Unit::Yuan, "人")))
    );
    // Only a counted thing follows a bare slash: "1/2" and "3/5年" stay text.
    assert_eq!(parse_target("1/2"), Target::Qualitative("1/2".into()));
    assert_eq!(parse_target("3/5年"), Target::Qualitative("3/5年".into()));
}

/// A per-head target against a total is a unit mismatch, not a ratio and
/// not a qualitative full score, however the total is written.
#[test]
fn a_per_head_target_against_a_total_is_not_scored() {
    for (target, actual) in [
        ("=200/人", "63.40"),
        ("=200元/人", "63.40"),
        ("=200/人", "63.40万元"),
        ("=200元/人", "63.40万元"),
        ("人均200元", "634000元"),
    ] {
        let o = score(target, actual, 10, "");
        assert!(o.unit_mismatch, "{target} / {actual}: {}", o.explain);
        assert_eq!((o.score, o.met), (None, None), "{target} / {actual}");
        assert_ne!(o.direction, Direction::Qualitative, "{target} / {actual}");
        assert!(o.explain.contains("是每人的标准"), "{}", o.explain);
    }
    let o = score("=200元/人", "63.40", 10, "");
    assert!(o.explain.contains("未写单位"), "{}", o.explain);
    let o = score("=200元/人", "63.40万元", 10, "");
    assert!(o.explain.contains("是总数（万元）"), "{}", o.explain);
    // The name's 万元 says the bare actual is a total.
    let o = score("=200/人", "63.40", 10, "补助资金（万元）");
    assert!(
        o.unit_mismatch && o.explain.contains("是总数（万元）"),
        "{}",
        o.explain
    );
    // Written the other way round: the actual per head, the target a total.
    let o = score("≥63.40万元", "200元/人", 10, "");
    assert!(o.unit_mismatch && o.explain.contains("实际完成值 200元/人 是每人的数"));
}

/// The row leaves no doubt: the name carries the per-unit unit, or both
/// sides are per the same thing (a base written on one side only).
#[test]
fn a_per_unit_figure_the_row_vouches_for_is_scored() {
    let o = score("200", "210", 10, "人均补助标准（元/人）");
    assert_eq!((o.met, o.score), (Some(true), Some(dec("10"))));
    let o = score("=200/人", "200元/人", 10, "");
    assert_eq!((o.met, o.score), (Some(true), Some(dec("10"))));
    let o = score("人均200元", "180", 10, "补助标准（元/人）");
    assert_eq!(o.score, Some(dec("9")));
    // A bare figure still takes a plain unit from the other side.
    assert_eq!(score("≥12000人次", "12045", 10, "").met, Some(true));
    assert_eq!(score("6-9个月", "4.24", 5, "").met, Some(false));
}

fn counts(list: &[(&str, &str)]) -> Vec<Count> {
    list.iter()
        .map(|&(name, text)| match parse_actual(text) {
            Actual::Quantity(quantity) => Count {
                name: name.to_string(),
                quantity,
            },
            Actual::Text(t) => panic!("not a count: {t}"),
        })
        .collect()
}

fn reconciled(target: &str, actual: &str, name: &str, list: &[(&str, &str)]) -> Option<String> {
    let unit = unit_from_name(name);
    reconcile(
        &parse_target(target),
        &parse_actual(actual),
        unit.as_ref(),
        &counts(list),
    )
}

/// 3,170 人 × 200 元 = 63.40 万元: said only when it multiplies out, to the
/// total's last written decimal.
#[test]
fn the_arithmetic_that_reconciles_is_stated_only_when_true() {
    let heads = [("困难群众人数", "12人次"), ("参保人数", "3170人")];
    let want = "按“参保人数” 3,170 人 × 200 元 = 63.40 万元，实际完成值是总数";
    assert_eq!(
        reconciled("=200/人", "63.40", "", &heads).as_deref(),
        Some(want)
    );
    assert_eq!(
        reconciled("=200元/人", "63.40万元", "", &heads).as_deref(),
        Some(want)
    );
    assert_eq!(
        reconciled("=200元/人", "634,000元", "", &heads).as_deref(),
        Some("按“参保人数” 3,170 人 × 200 元 = 634,000 元，实际完成值是总数")
    );
    // 63.4 written with one decimal is 63.4; 63.41 is not 3,170 × 200 元.
    assert!(reconciled("=200/人", "63.4", "", &heads).is_some());
    assert_eq!(reconciled("=200/人", "63.41", "", &heads), None);
    assert_eq!(
        reconciled("=200/人", "63.40", "", &[("参保人数", "3000人")]),
        None
    );
    // A count of another thing (户) does not reconcile a per-人 figure.
    assert_eq!(
        reconciled("=200/人", "63.40", "", &[("参保户数", "3170户")]),
        None
    );
    // The target the total, the actual per head.
    assert_eq!(
        reconciled("≥63.40万元", "200元/人", "", &heads).as_deref(),
        Some("按“参保人数” 3,170 人 × 200 元 = 63.40 万元，年度指标值是总数")
    );
    // A count from the name's unit: "参保人数（人）" 3170.
    let from_name = counts(&[("参保人数（人）", "3170")]);
    let named: Vec<Count> = from_name
        .into_iter()
        .map(|c| Count {
            quantity: Quantity {
                unit: unit_from_name(&c.name).unwrap(),
                ..c.quantity
            },
            ..c
        })
        .collect();
    assert!(
        reconcile(
            &parse_target("=200/人"),
            &parse_actual("63.40"),
            None,
            &named
        )
        .is_some()
    );
    // Same units on both sides: nothing to reconcile.
    assert_eq!(reconciled("≥95%", "96%", "", &heads), None);
}

/// An empty 年度指标值 on a quantitative row is not scored; the explanation
/// says the self-score stands in.
#[test]
fn a_quantitative_row_without_a_target_is_not_scored() {
    let o = score_indicator(
        &parse_target(""),
        &parse_actual("12045人次"),
        dec("10"),
        Some(dec("8")),
        None,
    );
    assert!(o.no_target);
    assert_eq!((o.score, o.met), (None, None));
    assert!(
        o.explain.contains("实际完成值 12045人次 无从比较"),
        "{}",
        o.explain
    );
    assert!(o.explain.contains("自评 8 分计入总分"), "{}", o.explain);
    // The name's unit makes the row quantitative, even without an actual.
    let o = score("", "", 10, "参保人数（人）");
    assert!(
        o.no_target && o.explain.contains("该项计 0 分"),
        "{}",
        o.explain
    );
    assert!(score("—", "95%", 10, "").no_target);
    // A text actual on a row without a unit: qualitative, self-scored.
    let o = judged("", "明显减轻", Some(10));
    assert!(!o.no_target);
    assert_eq!(o.score, Some(dec("10")));
}

/// 150% of a ≥ target, half of a ≤ one (but not 0): exceeded by far.
#[test]
fn a_target_exceeded_by_far() {
    let far = |t: &str, a: &str| {
        let o = score(t, a, 10, "");
        assert_eq!(o.met, Some(true), "{t} / {a}");
        o.far_exceeded
    };
    assert!(far("≥100人", "150人"));
    assert!(!far("≥100人", "149人"));
    assert!(far(">10%", "20%"));
    assert!(far("≤10天", "5天"));
    assert!(!far("≤10天", "6天"));
    assert!(!far("≤5%", "0%"));
    assert!(!far("≥0", "10"));
    assert!(!far("=100%", "100%"));
    assert!(!far("6-9个月", "7个月"));
    // A missed target is not exceeded.
    assert!(!score("≥100人", "50人", 10, "").far_exceeded);
}
