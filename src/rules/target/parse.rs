//! Reading what departments type: a 年度指标值 into a target (an operator
//! and a quantity, a range, or qualitative text), a 实际完成值 into a
//! quantity or text, and the unit an indicator's name ends with. Tolerant of
//! full-width characters, separators and the many ways an operator is
//! written; never fails.

use rust_decimal::Decimal;

use crate::contract::number::within_bounds;
use crate::ingest::coerce::normalize::normalize;
use crate::ingest::coerce::number::scan_digits;
use crate::rules::target::quantity::{Actual, Op, Quantity, Target, Unit, convert};

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

pub(super) fn compact(text: &str) -> String {
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
    // Beyond the bound a figure is not plausible (the cells refuse it too).
    if !within_bounds(value) {
        return None;
    }
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
                if matches!(base, Unit::Per { .. }) {
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
                // "200/人": a per-head figure whose base unit is not written;
                // only counted things can follow a bare slash.
                let bare_ok = !base.is_bare() || per.split('·').all(|w| COUNT_WORDS.contains(&w));
                if !words_ok || !bare_ok {
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

/// Words that make what follows a per-unit figure: "人均200元" is 200 元/人.
const PER_PREFIXES: &[(&str, &str)] = &[
    ("人均", "人"),
    ("每人", "人"),
    ("户均", "户"),
    ("每户", "户"),
    ("次均", "次"),
    ("每次", "次"),
];

/// Strips a per-unit prefix ("人均", "每户" …), giving what it is per.
fn strip_per(s: &str) -> (Option<&'static str>, &str) {
    for &(word, per) in PER_PREFIXES {
        if let Some(rest) = s.strip_prefix(word) {
            return (Some(per), rest);
        }
    }
    (None, s)
}

/// A quantity made per-unit by a prefix: 200元 per 人 is 200 元/人. A
/// quantity already per something stays as it is.
fn per_quantity(q: Quantity, per: Option<&str>) -> Quantity {
    match per {
        Some(per) if !matches!(q.unit, Unit::Per { .. }) => Quantity {
            value: q.value,
            unit: Unit::Per {
                base: Box::new(q.unit),
                per: per.to_string(),
            },
        },
        _ => q,
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
    let (per, s) = strip_per(s);
    let (pre, s) = strip_op(s, PREFIX_OPS, true);
    let (per, s) = match per {
        Some(per) => (Some(per), s),
        None => strip_per(s),
    };
    let (suf, s) = strip_op(s, SUFFIX_OPS, false);
    let op = match (pre, suf) {
        (Some(a), Some(b)) if !same_side(a, b) => return None,
        (a, b) => a.or(b),
    };
    let (quantity, high) = parse_body(s)?;
    let quantity = per_quantity(quantity, per);
    let high = high.map(|h| per_quantity(h, per));
    match (quantity, high) {
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
/// or after it (以上 · 以内 以下 内); a per-unit figure written with a slash
/// ("200元/人", "=200/人") or a prefix ("人均200元", "每户" …). Any text that is not one quantity with an optional operator,
/// or a range, is [`Target::Qualitative`]; never fails.
pub fn parse_target(text: &str) -> Target {
    parse_numeric_target(&compact(text))
        .unwrap_or_else(|| Target::Qualitative(text.trim().to_string()))
}

/// Parses a 实际完成值: a single quantity ("242566", "242,566人", "4.24个月",
/// "９６％", "人均210元" as 210 元/人) or else the text as typed, trimmed.
pub fn parse_actual(text: &str) -> Actual {
    let s = compact(text);
    let (per, body) = strip_per(&s);
    match parse_body(body) {
        Some((q, None)) => Actual::Quantity(per_quantity(q, per)),
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
