use rust_decimal::Decimal;

use super::rule::{Basis, policy, subset_sums, value_score};
use super::*;
use crate::contract::number::round_half_up;
use crate::rules::framework::{Outcome, Rule, Worse};
use crate::rules::metrics::Metric;

#[test]
fn names_compare_without_quotes_and_spaces() {
    assert_eq!(name_key("“三公经费”变动率"), name_key("三公经费 变动率"));
    assert_eq!(
        name_key("《政府工作报告》目标任务完成情况"),
        name_key("政府工作报告目标任务完成情况")
    );
}

use crate::rules::framework::{Band, Interval};

fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

fn score_of(rule: &Rule, points: &str, v: &str) -> Decimal {
    round_half_up(value_score(rule, d(points), d(v), d("20")).system, 2)
}

/// 预算调整率 of seed 000: =0 → 3; (0,10] → 2; (10,20] → 1; (20,30] → 0.5; >30 → 0.
#[test]
fn bands_at_their_boundaries() {
    let band = |w: &str, s: &str| Band {
        interval: Interval::parse(w).unwrap(),
        score: d(s),
    };
    let rule = Rule::Bands {
        metric: Metric::BudgetAdjustment,
        absolute: true,
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
        metric: Metric::StaffControl,
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
        metric: Metric::CardPayment,
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
        metric: Metric::ProcurementExecution,
        cap: None,
    };
    for (v, want) in [("0", "0"), ("96.25", "2.89"), ("100", "3"), ("317", "3")] {
        assert_eq!(score_of(&rule, "3", v), d(want), "{v}%");
    }
}

/// 资金结余: none → 3; ≤ 上年结转 (20 here) → 2; more → 0.
#[test]
fn compare_at_its_boundaries() {
    let rule = Rule::Compare {
        metric: Metric::Surplus,
        reference: Metric::Carryover,
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
    assert_eq!(policy(Outcome::Full, p, None, String::new()).system, p);
    assert_eq!(
        policy(Outcome::Zero, p, Some(d("4")), String::new()).system,
        Decimal::ZERO
    );
    assert_eq!(
        policy(Outcome::ZeroError, p, None, String::new()).system,
        Decimal::ZERO
    );
    let own = policy(Outcome::SelfScore, p, Some(d("4")), "缺少数据".into());
    assert_eq!((own.system, own.basis), (d("4"), Basis::SelfScore));
    let none = policy(Outcome::SelfScore, p, None, "缺少数据".into());
    assert_eq!(none.system, Decimal::ZERO);
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
            metric: Metric::StaffControl,
            standard: d("100"),
            worse: Worse::Above,
            per_point: Decimal::new(per, 2),
        };
        let v = Decimal::new(cents, 2);
        let exact = value_score(&rule, d("5"), v, Decimal::ZERO).system;
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
