//! One project indicator scored (SPEC §7): its actual compared with its
//! target in the target's unit, the score computed exactly (proportional
//! when missed), or, for qualitative targets and text actuals, the
//! self-score's band and what the text says; each with a sentence saying how.

use rust_decimal::Decimal;

use crate::contract::number::round_half_up;
use crate::ingest::coerce::normalize::is_placeholder;
use crate::rules::target::parse::compact;
use crate::rules::target::quantity::{
    Actual, Direction, Fail, Op, Quantity, Target, Unit, convert,
};

/// The result of scoring one project indicator.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    /// System score, exact (not rounded); None when it cannot be computed
    /// (unit mismatch, missing or text actual, qualitative without a self-score).
    /// For a qualitative target it is the self-score clamped to [0, points].
    pub score: Option<Decimal>,
    pub(crate) direction: Direction,
    /// Whether the target is met; None when unknown.
    pub(crate) met: Option<bool>,
    /// Target and actual have incomparable units (per-head target vs total
    /// actual, % vs 万元 …): never scored as a ratio.
    pub(crate) unit_mismatch: bool,
    /// No 年度指标值 on a quantitative row (its actual is a quantity, or its
    /// name carries a unit): not scored.
    pub(crate) no_target: bool,
    /// A met target exceeded by far: a ≥ target reached 150% of it or more,
    /// a ≤ target kept under half of it (and not at 0). See
    /// [`FAR_ABOVE`].
    pub(crate) far_exceeded: bool,
    /// For a self-scored indicator, the band of the self-score: 达成 [80%,100%],
    /// 部分达成 [60%,80%), 未达成 [0,60%) of the points.
    pub(crate) band: Option<&'static str>,
    /// One Chinese sentence: how the score was computed or why it was not.
    pub(crate) explain: String,
}

/// A number for an explanation: rounded half-up to 2 dp, trailing zeros trimmed.
fn num(d: Decimal) -> String {
    round_half_up(d, 2).normalize().to_string()
}

fn show(value: Decimal, unit: &Unit) -> String {
    format!("{}{unit}", num(value))
}

fn clamp(d: Decimal, points: Decimal) -> Decimal {
    d.max(Decimal::ZERO).min(points)
}

/// The band of a self-score: 达成 [80%,100%], 部分达成 [60%,80%), 未达成 [0,60%).
fn band(self_score: Option<Decimal>, points: Decimal) -> Option<&'static str> {
    let s = clamp(self_score?, points);
    if points <= Decimal::ZERO {
        return None;
    }
    if s >= points.checked_mul(Decimal::new(8, 1))? {
        Some("达成")
    } else if s >= points.checked_mul(Decimal::new(6, 1))? {
        Some("部分达成")
    } else {
        Some("未达成")
    }
}

/// What a text actual says: Some(false) for 未完成/未达到/尚未…, None for partial
/// or hedged wording (部分, 基本, 未…), Some(true) for 已完成/完成/达到/实现/全面/
/// 100%…, else None.
fn verdict(text: &str) -> Option<bool> {
    const NOT: &str = "未完成 未达到 未达成 未达标 未实现 尚未 没有完成 没有达到 未能 不达标 未到位 未按期 未按时";
    const UNSURE: &str = "未 没有 尚 部分 基本 暂 正在 进行中";
    const YES: &str = "已完成 完成 达到 达成 实现 已 全面 100% 达标 到位 按时 足额 及时";
    let s = compact(text);
    let any = |words: &str| words.split(' ').any(|w| s.contains(w));
    if any(NOT) {
        Some(false)
    } else if any(UNSURE) {
        None
    } else if any(YES) {
        Some(true)
    } else {
        None
    }
}

fn outcome(
    direction: Direction,
    score: Option<Decimal>,
    met: Option<bool>,
    explain: String,
) -> Outcome {
    Outcome {
        score,
        direction,
        met,
        unit_mismatch: false,
        no_target: false,
        far_exceeded: false,
        band: None,
        explain,
    }
}

/// How far over a ≥ target an actual must be to call the target exceeded
/// by far: 150% of it. Half the target again is beyond what an estimate
/// errs by (a target set at last year's level and met with a few percent
/// to spare is the usual case); a figure that far over says the target was
/// set too low or the figure is wrong, and the department should say which
/// in its 偏差原因. A ≤ target is exceeded by far at half of it or less
/// ([`FAR_BELOW`]), the same margin the other way; an actual of 0 there is
/// the ideal the bound limits (no complaints, no duplicates), not a target
/// set too loosely.
pub(crate) const FAR_ABOVE: Decimal = Decimal::from_parts(15, 0, 0, false, 1);

/// See [`FAR_ABOVE`]: a ≤ target kept to this fraction of it or less.
pub(crate) const FAR_BELOW: Decimal = Decimal::from_parts(5, 0, 0, false, 1);

/// What the total takes instead of a score the system cannot compute: the
/// self-score (the project's total adds it as it is), else nothing.
fn fallback(self_score: Option<Decimal>) -> String {
    match self_score {
        Some(s) => format!("，得分以自评为准（自评 {} 分计入总分）", num(s)),
        None => "，也未填写自评得分，该项计 0 分".to_string(),
    }
}

/// Scores one project indicator (SPEC §7). `points` is its 分值 (negative counts
/// as 0), `self_score` the department's 自评得分, `name_unit` the unit from its
/// name ([`unit_from_name`](crate::rules::target::unit_from_name)), used for
/// a side written without a unit.
///
/// - Higher (≥ >): met → full; else points × actual ÷ target, in [0, points]
///   (0 when the target is not positive).
/// - Lower (≤ <): met → full; else points × (1 − (actual − target) ÷ target),
///   floor 0; a target ≤ 0 that is exceeded scores 0.
/// - Range: inside (inclusive) → full; below → points × actual ÷ low; above →
///   as lower against high.
/// - Equal: met within 0.01; below scores as higher, above as lower.
/// - Qualitative: the self-score clamped to [0, points], with its band; `met`
///   from the actual text (equal to the target text, or a clear verdict), or
///   Some(true) for an actual of exactly 100%.
/// - Numeric target with a text actual: not computable (score None); `met` from
///   the text's verdict ("已完成" → Some(true)), band from the self-score.
/// - Units of different dimensions: `unit_mismatch`, score None.
///
/// A strict operator missed at its bound (">95%" with 95%) is not met but its
/// proportional score is the full points, as the formula gives.
pub fn score_indicator(
    target: &Target,
    actual: &Actual,
    points: Decimal,
    self_score: Option<Decimal>,
    name_unit: Option<&Unit>,
) -> Outcome {
    let points = points.max(Decimal::ZERO);
    let direction = target.direction();
    let (goal, unit, q) = match (target, actual) {
        (Target::Qualitative(text), _)
            if is_placeholder(text)
                && (matches!(actual, Actual::Quantity(_)) || name_unit.is_some()) =>
        {
            return no_target(actual, name_unit, self_score);
        }
        (Target::Qualitative(text), _) => return qualitative(text, actual, points, self_score),
        (_, Actual::Text(text)) => return text_actual(target, text, points, self_score),
        (Target::Compare { op, quantity }, Actual::Quantity(q)) => {
            (Goal::Cmp(*op, quantity.value), &quantity.unit, q)
        }
        (Target::Range { low, high }, Actual::Quantity(q)) => {
            let high_value = if high.unit.is_bare() || high.unit == low.unit {
                Ok(high.value)
            } else {
                convert(high.value, &high.unit, &low.unit)
            };
            match high_value {
                Ok(h) => (Goal::Range(low.value, h), &low.unit, q),
                Err(fail) => {
                    let units = (&low.unit, &high.unit);
                    return failed(fail, direction, target, &q.to_string(), units, self_score);
                }
            }
        }
    };
    quantitative(target, goal, unit, q, points, name_unit, self_score)
}

/// A quantitative row without its 年度指标值: nothing to compare the actual
/// with, so no score; the total takes the self-score.
fn no_target(actual: &Actual, name_unit: Option<&Unit>, self_score: Option<Decimal>) -> Outcome {
    let why = match (actual, name_unit) {
        (Actual::Quantity(q), _) => format!("实际完成值 {q} 无从比较"),
        (_, Some(unit)) => format!("指标名称带单位“{unit}”，是定量指标"),
        (_, None) => String::new(),
    };
    let explain = format!("未填写年度指标值，{why}，无法计分{}", fallback(self_score));
    Outcome {
        no_target: true,
        ..outcome(Direction::Qualitative, None, None, explain)
    }
}

/// The units a target and an actual are compared in. A side written
/// without a unit takes the unit of the indicator's name ("参保人数（人）"),
/// else the other side's, but never a per-unit one from the other side:
/// against "=200元/人", a bare "63.40" may be a total (in 万元, as a
/// project's money is) as well as a per-head figure, and only the row can
/// say which. A per-unit figure without its base ("200/人") takes the base
/// of the other side's figure per the same thing.
pub(super) fn resolve_units(target: &Unit, actual: &Unit, name: Option<&Unit>) -> (Unit, Unit) {
    let from_name = |u: &Unit| match (u, name) {
        (Unit::Bare, Some(n)) => n.clone(),
        _ => u.clone(),
    };
    let mut t = from_name(target);
    let mut a = from_name(actual);
    if t.is_bare() && a.per().is_none() {
        t = a.clone();
    }
    if a.is_bare() && t.per().is_none() {
        a = t.clone();
    }
    if let (Unit::Per { base: tb, per: tp }, Unit::Per { base: ab, per: ap }) = (&t, &a)
        && tp == ap
    {
        if tb.is_bare() && !ab.is_bare() {
            t = a.clone();
        } else if ab.is_bare() && !tb.is_bare() {
            a = t.clone();
        }
    }
    (t, a)
}

fn qualitative(
    target: &str,
    actual: &Actual,
    points: Decimal,
    self_score: Option<Decimal>,
) -> Outcome {
    let met = match actual {
        Actual::Text(a) if !is_placeholder(a) && compact(a) == compact(target) => Some(true),
        Actual::Text(a) => verdict(a),
        Actual::Quantity(q) => {
            (q.unit == Unit::Percent && q.value == Decimal::ONE_HUNDRED).then_some(true)
        }
    };
    let what = if is_placeholder(target) {
        "未填写年度指标值".to_string()
    } else {
        format!("定性指标“{target}”")
    };
    let band = band(self_score, points);
    let Some(raw) = self_score else {
        let explain = format!("{what}，未填写自评得分，无法计分");
        return outcome(Direction::Qualitative, None, met, explain);
    };
    let score = clamp(raw, points);
    let mut explain = format!("{what}，按自评得分计 {} 分", num(score));
    // The band is the self-score's (10号's 达成/部分达成/未达成 of the
    // points), not a verdict on the actual: say whose it is.
    if let Some(b) = band {
        explain.push_str(&format!("（自评档次：{b}）"));
    }
    if score != raw {
        explain.push_str(&format!("，自评 {} 分超出 0–{} 分", num(raw), num(points)));
    }
    let said = match (actual, met) {
        (Actual::Text(a), _) if is_placeholder(a) => "；未填写实际完成值",
        (Actual::Text(a), Some(true)) if compact(a) == compact(target) && score < points => {
            "；实际完成值与指标值一致，自评却未给满分"
        }
        (Actual::Text(a), Some(true)) if compact(a) == compact(target) => {
            "；实际完成值与指标值一致"
        }
        (_, Some(true)) => "；实际完成值表明已达成",
        (_, Some(false)) => "；实际完成值表明未达成",
        (_, None) => "",
    };
    explain.push_str(said);
    Outcome {
        band,
        ..outcome(Direction::Qualitative, Some(score), met, explain)
    }
}

fn text_actual(
    target: &Target,
    text: &str,
    points: Decimal,
    self_score: Option<Decimal>,
) -> Outcome {
    let direction = target.direction();
    if is_placeholder(text) {
        let explain = format!("未填写实际完成值，无法与指标值 {target} 比较计分");
        return outcome(direction, None, None, explain);
    }
    let met = verdict(text);
    let said = match met {
        Some(true) => "按文字判断为已达成",
        Some(false) => "按文字判断为未达成",
        None => "无法判断是否达成",
    };
    let explain =
        format!("实际完成值“{text}”不是数值，无法与指标值 {target} 计算；{said}，得分以自评为准");
    Outcome {
        band: band(self_score, points),
        ..outcome(direction, None, met, explain)
    }
}

/// A numeric target reduced to one unit.
enum Goal {
    Cmp(Op, Decimal),
    Range(Decimal, Decimal),
}

fn quantitative(
    target: &Target,
    goal: Goal,
    target_unit: &Unit,
    actual: &Quantity,
    points: Decimal,
    name_unit: Option<&Unit>,
    self_score: Option<Decimal>,
) -> Outcome {
    let direction = target.direction();
    let (t_unit, a_unit) = resolve_units(target_unit, &actual.unit, name_unit);
    let actual_shown = show(actual.value, &a_unit);
    let reference = match goal {
        Goal::Cmp(_, v) | Goal::Range(v, _) => v,
    };
    // 0.96 typed for 96% against a target such as ≥95%.
    let fraction = t_unit == Unit::Percent
        && actual.unit.is_bare()
        && reference >= Decimal::TEN
        && actual.value > Decimal::ZERO
        && actual.value <= Decimal::ONE;
    let raw = if fraction {
        actual.value.checked_mul(Decimal::ONE_HUNDRED)
    } else {
        Some(actual.value)
    };
    let a = match raw
        .ok_or(Fail::Overflow)
        .and_then(|v| convert(v, &a_unit, &t_unit))
    {
        Ok(a) => a,
        Err(fail) => {
            let units = (&t_unit, &a_unit);
            return failed(fail, direction, target, &actual_shown, units, self_score);
        }
    };
    let mut shown = show(a, &t_unit);
    if fraction {
        shown = format!("{}（按 {shown} 读取）", num(actual.value));
    } else if a_unit != t_unit {
        shown = format!("{actual_shown}（折合 {shown}）");
    }
    let full = |what: String| {
        let explain = format!("实际 {shown} {what}，得满分 {} 分", num(points));
        outcome(direction, Some(points), Some(true), explain)
    };
    let result = match goal {
        Goal::Cmp(op, t) => {
            let t_shown = format!("{}{}", op.symbol(), show(t, &t_unit));
            let met = match op {
                Op::Ge => a >= t,
                Op::Gt => a > t,
                Op::Le => a <= t,
                Op::Lt => a < t,
                Op::Eq => a
                    .checked_sub(t)
                    .is_some_and(|d| d.abs() <= Decimal::new(1, 2)),
            };
            let below = match op {
                Op::Ge | Op::Gt => true,
                Op::Le | Op::Lt => false,
                Op::Eq => a < t,
            };
            if met {
                let verb = match op {
                    Op::Ge | Op::Gt => "达到",
                    Op::Le | Op::Lt => "未超过",
                    Op::Eq => "符合",
                };
                let far = t > Decimal::ZERO
                    && match op {
                        Op::Ge | Op::Gt => t.checked_mul(FAR_ABOVE).is_some_and(|f| a >= f),
                        Op::Le | Op::Lt => {
                            a > Decimal::ZERO && t.checked_mul(FAR_BELOW).is_some_and(|f| a <= f)
                        }
                        Op::Eq => false,
                    };
                return Outcome {
                    far_exceeded: far,
                    ..full(format!("{verb}指标值 {t_shown}"))
                };
            }
            let what = if below { "未达到" } else { "超过" };
            ratio(
                points,
                a,
                t,
                below,
                &format!("实际 {shown} {what}指标值 {t_shown}"),
            )
        }
        Goal::Range(low, high) => {
            let range = format!("{}–{}", num(low), show(high, &t_unit));
            if a >= low && a <= high {
                return full(format!("在区间 {range} 内"));
            }
            if a < low {
                let lead = format!("实际 {shown} 低于区间下限 {}", show(low, &t_unit));
                ratio(points, a, low, true, &lead)
            } else {
                let lead = format!("实际 {shown} 高于区间上限 {}", show(high, &t_unit));
                ratio(points, a, high, false, &lead)
            }
        }
    };
    match result {
        Some((score, explain)) => outcome(direction, Some(score), Some(false), explain),
        None => {
            let units = (&t_unit, &a_unit);
            failed(Fail::Overflow, direction, target, &shown, units, self_score)
        }
    }
}

/// The proportional score of a missed target: `below` (actual short of a
/// higher-is-better bound) scores points × a ÷ t, otherwise (a bound exceeded)
/// points × (1 − (a − t) ÷ t); both within [0, points], 0 when t ≤ 0.
fn ratio(
    points: Decimal,
    a: Decimal,
    t: Decimal,
    below: bool,
    lead: &str,
) -> Option<(Decimal, String)> {
    if t.is_zero() {
        return Some((Decimal::ZERO, format!("{lead}，指标值为 0，计 0 分")));
    }
    if t < Decimal::ZERO {
        return Some((
            Decimal::ZERO,
            format!("{lead}，指标值为负数，无法按比例计分，计 0 分"),
        ));
    }
    let (p, an, tn) = (num(points), num(a), num(t));
    // points × x ÷ t with x in [0, t]: multiplying first keeps 6 × 25 ÷ 30 exact.
    let (x, formula) = if below {
        (a, format!("{p} × {an} ÷ {tn}"))
    } else {
        (
            t.checked_sub(a.checked_sub(t)?)?,
            format!("{p} × (1 − ({an} − {tn}) ÷ {tn})"),
        )
    };
    let x = x.max(Decimal::ZERO).min(t);
    let score = points
        .checked_mul(x)
        .and_then(|v| v.checked_div(t))
        .or_else(|| x.checked_div(t).and_then(|r| points.checked_mul(r)))?;
    let score = clamp(score, points);
    Some((score, format!("{lead}，按 {formula} 计 {} 分", num(score))))
}

/// Why the two sides of a mismatch cannot be compared, in words.
fn mismatch_reason(target: &Target, actual: &str, t: &Unit, a: &Unit) -> String {
    let other = |u: &Unit| {
        if u.is_bare() {
            "未写单位，不能确定是同一口径的数还是总数".to_string()
        } else {
            format!("是总数（{u}）")
        }
    };
    match (t.per(), a.per()) {
        (Some(per), None) => format!(
            "指标值 {target} 是每{per}的标准，实际完成值 {actual} {}，口径不同",
            other(a)
        ),
        (None, Some(per)) => format!(
            "实际完成值 {actual} 是每{per}的数，指标值 {target} {}，口径不同",
            other(t)
        ),
        _ => format!("指标值 {target} 与实际完成值 {actual} 单位不可比（{t} 与 {a}）"),
    }
}

fn failed(
    fail: Fail,
    direction: Direction,
    target: &Target,
    actual: &str,
    (t, a): (&Unit, &Unit),
    self_score: Option<Decimal>,
) -> Outcome {
    match fail {
        Fail::Mismatch => Outcome {
            unit_mismatch: true,
            ..outcome(
                direction,
                None,
                None,
                format!(
                    "{}，不按比例计分{}",
                    mismatch_reason(target, actual, t, a),
                    fallback(self_score)
                ),
            )
        },
        Fail::Overflow => outcome(
            direction,
            None,
            None,
            format!("指标值 {target} 或实际完成值 {actual} 超出可计算范围，无法计分"),
        ),
    }
}
