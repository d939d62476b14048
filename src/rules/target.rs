//! Project performance targets (年度指标值) as written by departments, parsed
//! into comparable quantities, and each project indicator scored against them.
//!
//! Everything here is a pure function over text and [`Decimal`]s (SPEC §7):
//! [`parse_target`] reads the 年度指标值, [`parse_actual`] the 实际完成值,
//! [`unit_from_name`] the unit written in the indicator's name ("参保人数（人）"),
//! and [`score_indicator`] computes the system score exactly, unrounded; callers
//! round half-up with [`crate::contract::number::round_half_up`] for display.
//!
//! Decisions beyond the SPEC, each documented where it applies:
//! - a bare number is "higher is better" (≥), except a bare 0, which is "lower is
//!   better" (≤ 0: 重复参保人数 0);
//! - 达到 reads as ≥ ("达到95%" is met by 96%);
//! - "万" alone is 万元 as in [`crate::ingest::coerce`]; "万人" multiplies by 10000;
//! - a bare actual in (0, 1] against a percentage target of at least 10% is a
//!   fraction typed for a percentage (0.96 → 96%);
//! - a numeric target with a text actual ("已完成") is not scored: only the text's
//!   verdict and the self-score band are reported.

use std::fmt;

use rust_decimal::Decimal;

use crate::contract::number::round_half_up;
use crate::ingest::coerce::normalize::{is_placeholder, normalize};
use crate::ingest::coerce::number::scan_digits;

/// A comparison operator of a target: "≥95%" is [`Op::Ge`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    /// ≥ 不低于 不少于 至少 达到 …以上
    Ge,
    /// > 大于 高于 超过
    Gt,
    /// ≤ 不高于 不超过 …以内 …以下
    Le,
    /// < 小于 低于
    Lt,
    /// = 等于
    Eq,
}

impl Op {
    /// The mathematical sign: "≥", ">", "≤", "<", "=".
    pub fn symbol(self) -> &'static str {
        match self {
            Op::Ge => "≥",
            Op::Gt => ">",
            Op::Le => "≤",
            Op::Lt => "<",
            Op::Eq => "=",
        }
    }
}

/// The unit (计量单位) of a quantity. Money, durations and calendar spans convert
/// within their kind (1万元 = 10000元, 1天 = 24小时, 1年 = 12个月); any other
/// unit compares only with itself.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Unit {
    /// No unit written: takes the unit of the name or of the other side.
    Bare,
    /// %, in percentage points (95% is 95).
    Percent,
    /// 元
    Yuan,
    /// 万元 (also "万" alone, as in money cells)
    WanYuan,
    /// 亿元
    YiYuan,
    /// 分钟
    Minute,
    /// 小时
    Hour,
    /// 天, 日
    Day,
    /// 个月, 月
    Month,
    /// 年
    Year,
    /// A counted thing or other unit word (人, 人次, 户, 个, 家, 所, 项, 次 …):
    /// comparable only with the same word.
    Named(String),
    /// A per-head or per-period unit, "元/人", "元/人·年": `base` per `per`. Not the
    /// same dimension as `base` alone.
    Per { base: Box<Unit>, per: String },
}

impl Unit {
    /// Whether no unit was written.
    pub fn is_bare(&self) -> bool {
        matches!(self, Unit::Bare)
    }

    /// The dimension (units of one dimension convert) and this unit's size in the
    /// dimension's base unit.
    fn dimension(&self) -> (String, Decimal) {
        let d = |key: &str, factor: i64| (key.to_string(), Decimal::from(factor));
        match self {
            Unit::Bare => d("", 1),
            Unit::Percent => d("%", 1),
            Unit::Yuan => d("元", 1),
            Unit::WanYuan => d("元", 10_000),
            Unit::YiYuan => d("元", 100_000_000),
            Unit::Minute => d("分钟", 1),
            Unit::Hour => d("分钟", 60),
            Unit::Day => d("分钟", 1_440),
            Unit::Month => d("月", 1),
            Unit::Year => d("月", 12),
            Unit::Named(word) => (word.clone(), Decimal::ONE),
            Unit::Per { base, per } => {
                let (key, factor) = base.dimension();
                (format!("{key}/{per}"), factor)
            }
        }
    }
}

impl fmt::Display for Unit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = match self {
            Unit::Bare => "",
            Unit::Percent => "%",
            Unit::Yuan => "元",
            Unit::WanYuan => "万元",
            Unit::YiYuan => "亿元",
            Unit::Minute => "分钟",
            Unit::Hour => "小时",
            Unit::Day => "天",
            Unit::Month => "个月",
            Unit::Year => "年",
            Unit::Named(word) => word,
            Unit::Per { base, per } => return write!(f, "{base}/{per}"),
        };
        f.write_str(s)
    }
}

/// A number with its unit: "95%", "240000人", "4.24个月".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quantity {
    pub value: Decimal,
    pub unit: Unit,
}

impl fmt::Display for Quantity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}", self.value.normalize(), self.unit)
    }
}

/// A parsed 年度指标值.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// "≥95%", "不低于240000人", "<=30天", "=100%", "95%以上". A bare number
    /// ("240000") is [`Op::Ge`] (higher is better); a bare 0 is [`Op::Le`]
    /// (重复参保人数 0: the fewer the better).
    Compare { op: Op, quantity: Quantity },
    /// "6-9个月", "6～9个月", "6至9个月", "80%-90%": inclusive, `low ≤ high`, both
    /// in the same unit.
    Range { low: Quantity, high: Quantity },
    /// Anything else, as typed (trimmed): "明显提高", "普遍开展", multi-line text.
    Qualitative(String),
}

impl Target {
    /// How the target is scored: higher, lower, range, equal or qualitative.
    pub fn direction(&self) -> Direction {
        match self {
            Target::Compare { op, .. } => match op {
                Op::Ge | Op::Gt => Direction::Higher,
                Op::Le | Op::Lt => Direction::Lower,
                Op::Eq => Direction::Equal,
            },
            Target::Range { .. } => Direction::Range,
            Target::Qualitative(_) => Direction::Qualitative,
        }
    }
}

impl fmt::Display for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Target::Compare { op, quantity } => write!(f, "{}{quantity}", op.symbol()),
            Target::Range { low, high } if low.unit == high.unit => {
                write!(f, "{}–{high}", low.value.normalize())
            }
            Target::Range { low, high } => write!(f, "{low}–{high}"),
            Target::Qualitative(text) => f.write_str(text),
        }
    }
}

/// A parsed 实际完成值: a quantity ("242566", "4.24个月", "96%") or text ("已完成").
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Actual {
    Quantity(Quantity),
    /// Text as typed (trimmed); blank or a placeholder ("—", "无") means not filled.
    Text(String),
}

/// How an indicator is scored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// ≥, >, a bare number: points × actual ÷ target.
    Higher,
    /// ≤, <, a bare 0: points × (1 − (actual − target) ÷ target).
    Lower,
    /// Inside the range full, else proportional to the nearer bound.
    Range,
    /// =: met within 0.01, else as higher or lower depending on the side.
    Equal,
    /// Text target: self-scored, banded.
    Qualitative,
}

/// The result of scoring one project indicator.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    /// System score, exact (not rounded); None when it cannot be computed
    /// (unit mismatch, missing or text actual, qualitative without a self-score).
    /// For a qualitative target it is the self-score clamped to [0, points].
    pub score: Option<Decimal>,
    pub direction: Direction,
    /// Whether the target is met; None when unknown.
    pub met: Option<bool>,
    /// Target and actual have incomparable units (per-head target vs total
    /// actual, % vs 万元 …): never scored as a ratio.
    pub unit_mismatch: bool,
    /// For a self-scored indicator, the band of the self-score: 达成 [80%,100%],
    /// 部分达成 [60%,80%), 未达成 [0,60%) of the points.
    pub band: Option<&'static str>,
    /// One Chinese sentence: how the score was computed or why it was not.
    pub explain: String,
}

// ---------------------------------------------------------------------------
// Parsing

/// Operators written before the number, by operator; the longest spelling that
/// matches wins. "≦", "≧", "＞=" arrive as "<=", ">=" after normalizing.
const PREFIX_OPS: &[(Op, &str)] = &[
    (
        Op::Ge,
        "≥ >= => 大于等于 大于或等于 不低于 不少于 不小于 至少 达到",
    ),
    (Op::Gt, "> 大于 高于 超过 多于"),
    (
        Op::Le,
        "≤ <= =< 小于等于 小于或等于 不高于 不超过 不多于 不大于 至多",
    ),
    (Op::Lt, "< 小于 低于 少于"),
    (Op::Eq, "= == 等于"),
];

/// Operators written after the quantity: "95%以上", "30天以内", "3个工作日内".
const SUFFIX_OPS: &[(Op, &str)] = &[
    (Op::Ge, "以上 及以上 或以上"),
    (Op::Le, "以下 及以下 或以下 以内 之内 内"),
];

/// Strips the longest operator spelling of `table` from the start (`prefix`) or
/// the end of `s`.
fn strip_op<'a>(s: &'a str, table: &[(Op, &str)], prefix: bool) -> (Option<Op>, &'a str) {
    let mut best: Option<(Op, &'a str)> = None;
    for &(op, words) in table {
        for word in words.split(' ') {
            let rest = if prefix {
                s.strip_prefix(word)
            } else {
                s.strip_suffix(word)
            };
            if let Some(rest) = rest
                && best.is_none_or(|(_, b)| rest.len() < b.len())
            {
                best = Some((op, rest));
            }
        }
    }
    match best {
        Some((op, rest)) => (Some(op), rest),
        None => (None, s),
    }
}

/// Words that may open a target without changing it: "控制在5%以内".
const FILLERS: &[&str] = &["控制在", "保持在"];

/// Unit words recognised in names (any short word is accepted in values).
const COUNT_WORDS: &[&str] = &[
    "人次", "人", "户", "个", "家", "所", "项", "次", "份", "件", "台", "套", "张", "本", "篇",
    "场", "批", "例", "床", "辆", "名", "位", "期", "条", "处", "宗", "笔", "类", "种", "座",
];

/// Characters that make a trailing word a qualifier rather than a unit
/// ("人左右", "余人", "%完成").
const NOT_IN_UNIT: &str = "左右上下约余多以及或至到内外不未已完成达超近逾";

fn is_range_sep(c: char) -> bool {
    matches!(c, '-' | '~' | '〜' | '—' | '–' | '−' | '―' | '至' | '到')
}

fn compact(text: &str) -> String {
    normalize(text)
        .0
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

/// Reads a number at `start`: optional sign, digits with valid thousands
/// separators, optional fraction. Returns the value and the index after it.
fn take_number(c: &[char], start: usize) -> Option<(Decimal, usize)> {
    let digit_at = |i: usize| c.get(i).is_some_and(char::is_ascii_digit);
    let mut i = start;
    let mut negative = false;
    if let Some(&ch) = c.get(i)
        && matches!(ch, '+' | '-' | '−')
        && (digit_at(i + 1) || (c.get(i + 1) == Some(&'.') && digit_at(i + 2)))
    {
        negative = ch != '+';
        i += 1;
    }
    let digits = scan_digits(c, i)?;
    let value = Decimal::from_str_exact(&digits.literal).ok()?;
    Some((if negative { -value } else { value }, digits.end))
}

fn is_unit_word(s: &str) -> bool {
    let n = s.chars().count();
    (1..=4).contains(&n)
        && s.chars()
            .all(|c| c.is_alphabetic() && !NOT_IN_UNIT.contains(c))
}

/// A unit as written and the multiplier it implies ("万人" is 10000 人).
/// `strict` (for names) accepts only known unit words.
fn parse_unit(s: &str, strict: bool) -> Option<(Unit, Decimal)> {
    let unit = match s {
        "" => Unit::Bare,
        "%" => Unit::Percent,
        "元" => Unit::Yuan,
        "万元" | "万" => Unit::WanYuan,
        "亿元" | "亿" => Unit::YiYuan,
        "千元" => return Some((Unit::Yuan, Decimal::from(1_000))),
        "分钟" => Unit::Minute,
        "小时" | "个小时" => Unit::Hour,
        "天" | "日" => Unit::Day,
        "个月" | "月" => Unit::Month,
        "年" => Unit::Year,
        _ => {
            if let Some((left, right)) = s.split_once('/') {
                let (base, factor) = parse_unit(left, strict)?;
                if matches!(base, Unit::Bare | Unit::Per { .. }) {
                    return None;
                }
                let per: String = right
                    .chars()
                    .map(|c| match c {
                        '/' | '.' | '•' | '・' | '*' => '·',
                        other => other,
                    })
                    .collect();
                let words_ok = per.split('·').all(is_unit_word);
                if !words_ok {
                    return None;
                }
                let base = Box::new(base);
                return Some((Unit::Per { base, per }, factor));
            }
            let known = |w: &str| COUNT_WORDS.contains(&w) || (!strict && is_unit_word(w));
            if let Some(rest) = s.strip_prefix('万')
                && known(rest)
            {
                return Some((Unit::Named(rest.to_string()), Decimal::from(10_000)));
            }
            if !known(s) {
                return None;
            }
            Unit::Named(s.to_string())
        }
    };
    Some((unit, Decimal::ONE))
}

fn quantity(value: Decimal, unit: &str) -> Option<Quantity> {
    let (unit, factor) = parse_unit(unit, false)?;
    Some(Quantity {
        value: value.checked_mul(factor)?,
        unit,
    })
}

/// `value` in `from` expressed in `to`, or why not.
fn convert(value: Decimal, from: &Unit, to: &Unit) -> Result<Decimal, Fail> {
    let (from_key, from_size) = from.dimension();
    let (to_key, to_size) = to.dimension();
    if from_key != to_key {
        return Err(Fail::Mismatch);
    }
    if from_size == to_size {
        return Ok(value);
    }
    value
        .checked_mul(from_size)
        .and_then(|v| v.checked_div(to_size))
        .ok_or(Fail::Overflow)
}

/// One quantity, or two joined by a range separator ("6-9个月").
fn parse_body(s: &str) -> Option<(Quantity, Option<Quantity>)> {
    let c: Vec<char> = s.chars().collect();
    let (v1, i) = take_number(&c, 0)?;
    let sep = c[i..].iter().position(|&ch| is_range_sep(ch));
    let Some(j) = sep.map(|p| i + p) else {
        let unit: String = c[i..].iter().collect();
        return Some((quantity(v1, &unit)?, None));
    };
    let u1: String = c[i..j].iter().collect();
    // "6——9": a doubled dash is still one separator.
    let doubled = c
        .get(j + 1)
        .is_some_and(|&ch| matches!(ch, '-' | '—' | '–' | '―'));
    let (v2, m) = take_number(&c, if doubled { j + 2 } else { j + 1 })?;
    let u2: String = c[m..].iter().collect();
    if u2.chars().any(is_range_sep) {
        return None;
    }
    let (unit1, f1) = parse_unit(&u1, false)?;
    let (unit2, f2) = parse_unit(&u2, false)?;
    // "1-2万人" is 1万–2万人: a bare bound takes the other's unit and multiplier.
    let both = |unit: Unit, factor: Decimal| {
        let low = Quantity {
            value: v1.checked_mul(factor)?,
            unit: unit.clone(),
        };
        Some((
            low,
            Quantity {
                value: v2.checked_mul(factor)?,
                unit,
            },
        ))
    };
    let (low, high) = match (unit1.is_bare(), unit2.is_bare()) {
        (true, false) => both(unit2, f2)?,
        (false, true) => both(unit1, f1)?,
        _ => {
            let v2 = convert(v2.checked_mul(f2)?, &unit2, &unit1).ok()?;
            let low = Quantity {
                value: v1.checked_mul(f1)?,
                unit: unit1.clone(),
            };
            (
                low,
                Quantity {
                    value: v2,
                    unit: unit1,
                },
            )
        }
    };
    if low.value > high.value {
        Some((high, Some(low)))
    } else {
        Some((low, Some(high)))
    }
}

fn same_side(a: Op, b: Op) -> bool {
    let higher = |o: Op| matches!(o, Op::Ge | Op::Gt);
    let lower = |o: Op| matches!(o, Op::Le | Op::Lt);
    (higher(a) && higher(b)) || (lower(a) && lower(b)) || a == b
}

fn parse_numeric_target(s: &str) -> Option<Target> {
    let mut s = s;
    for filler in FILLERS {
        if let Some(rest) = s.strip_prefix(filler) {
            s = rest;
        }
    }
    let (pre, s) = strip_op(s, PREFIX_OPS, true);
    let (suf, s) = strip_op(s, SUFFIX_OPS, false);
    let op = match (pre, suf) {
        (Some(a), Some(b)) if !same_side(a, b) => return None,
        (a, b) => a.or(b),
    };
    match parse_body(s)? {
        (quantity, None) => {
            let default = if quantity.value.is_zero() {
                Op::Le
            } else {
                Op::Ge
            };
            let op = op.unwrap_or(default);
            Some(Target::Compare { op, quantity })
        }
        (low, Some(high)) => op.is_none().then_some(Target::Range { low, high }),
    }
}

/// Parses a 年度指标值. Tolerates full-width digits and signs, thousands
/// separators and spaces; operators before the number (≥ >= 大于等于 不低于 不少于
/// 至少 达到 · > 大于 高于 超过 · ≤ <= 小于等于 不高于 不超过 · < 小于 低于 · = 等于)
/// or after it (以上 · 以内 以下 内). Any text that is not one quantity with an optional operator,
/// or a range, is [`Target::Qualitative`]; never fails.
pub fn parse_target(text: &str) -> Target {
    parse_numeric_target(&compact(text))
        .unwrap_or_else(|| Target::Qualitative(text.trim().to_string()))
}

/// Parses a 实际完成值: a single quantity ("242566", "242,566人", "4.24个月",
/// "９６％") or else the text as typed, trimmed.
pub fn parse_actual(text: &str) -> Actual {
    match parse_body(&compact(text)) {
        Some((q, None)) => Actual::Quantity(q),
        _ => Actual::Text(text.trim().to_string()),
    }
}

/// The unit written at the end of an indicator name: "参保人数（人）" → 人,
/// "参保对象满意度（%）" → %, "补助标准（单位：元/人）" → 元/人. Only known unit
/// words are accepted, so "（试行）" or "（10分）" give None.
pub fn unit_from_name(level3: &str) -> Option<Unit> {
    let s = compact(level3);
    let body = s.strip_suffix(')')?;
    let open = body.rfind('(')?;
    let inner = body.get(open + 1..)?;
    let inner = inner
        .strip_prefix("单位:")
        .or_else(|| inner.strip_prefix("单位"))
        .unwrap_or(inner);
    match parse_unit(inner, true)? {
        (Unit::Bare, _) => None,
        (unit, factor) if factor == Decimal::ONE => Some(unit),
        // "（万人）": a scaled unit is kept as written, comparable only with itself.
        _ => Some(Unit::Named(inner.to_string())),
    }
}

// ---------------------------------------------------------------------------
// Scoring

/// Why a quantitative score could not be computed.
enum Fail {
    Mismatch,
    Overflow,
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
        band: None,
        explain,
    }
}

/// Scores one project indicator (SPEC §7). `points` is its 分值 (negative counts
/// as 0), `self_score` the department's 自评得分, `name_unit` the unit from its
/// name ([`unit_from_name`]), used for a side written without a unit.
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
                Err(fail) => return failed(fail, direction, target, &q.to_string()),
            }
        }
    };
    quantitative(target, goal, unit, q, points, name_unit)
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
    if let Some(b) = band {
        explain.push_str(&format!("（{b}）"));
    }
    if score != raw {
        explain.push_str(&format!("，自评 {} 分超出 0–{} 分", num(raw), num(points)));
    }
    let said = match (actual, met) {
        (Actual::Text(a), _) if is_placeholder(a) => "；未填写实际完成值",
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
) -> Outcome {
    let direction = target.direction();
    let resolve = |u: &Unit| match (u, name_unit) {
        (Unit::Bare, Some(n)) => n.clone(),
        _ => u.clone(),
    };
    let t_unit = resolve(target_unit);
    let mut a_unit = resolve(&actual.unit);
    let t_unit = if t_unit.is_bare() {
        a_unit.clone()
    } else {
        t_unit
    };
    if a_unit.is_bare() {
        a_unit = t_unit.clone();
    }
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
        Err(fail) => return failed(fail, direction, target, &actual_shown),
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
                return full(format!("{verb}指标值 {t_shown}"));
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
        None => failed(Fail::Overflow, direction, target, &shown),
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

fn failed(fail: Fail, direction: Direction, target: &Target, actual: &str) -> Outcome {
    match fail {
        Fail::Mismatch => Outcome {
            unit_mismatch: true,
            ..outcome(
                direction,
                None,
                None,
                format!(
                    "指标值 {target} 与实际完成值 {actual} 单位不可比，不按比例计分，请核对单位"
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

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
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
        for text in
            "6-9个月 6～9个月 6~9个月 6至9个月 6到9个月 6个月-9个月 9-6个月 ６－９个月 6—9个月"
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
        assert!(o.explain.contains("单位不可比"), "{}", o.explain);
        assert!(score("≥95%", "20万元", 5, "").unit_mismatch);
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
}
