//! Numbers as departments type them: cell floats as Excel shows them, and
//! text with full-width digits, thousands separators, brackets for negatives,
//! 元/万元 units, percent signs and count units ("26人"), read into exact
//! decimals for the number, money, percent and count fields.

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

use crate::contract::cell::CellValue;
use crate::contract::number::within_bounds;
use crate::ingest::coerce::normalize::{is_placeholder, normalize_inner};
use crate::ingest::coerce::{Coerced, Coercion, Problem, push};

/// A cell float as Excel shows it: rounded to 15 significant digits, then
/// normalized, so 0.1+0.2 (stored as 0.30000000000000004) is 0.3. `None` for NaN,
/// infinities and magnitudes beyond [`Decimal`]'s range.
pub fn decimal_from_f64(x: f64) -> Option<Decimal> {
    if !x.is_finite() {
        return None;
    }
    if x == 0.0 {
        return Some(Decimal::ZERO);
    }
    // Whole numbers below 10^15 have at most 15 digits: exact as they are
    // (most amounts, counts and years).
    if x.fract() == 0.0 && x.abs() < 1e15 {
        return Some(Decimal::from(x as i64));
    }
    decimal_from_f64_digits(x)
}

/// [`decimal_from_f64`] for any finite, non-zero `x`, from its first 15
/// significant digits.
fn decimal_from_f64_digits(x: f64) -> Option<Decimal> {
    // 15 significant digits: one before the point, 14 after.
    let sci = format!("{x:.14e}");
    let (mantissa, exp) = sci.split_once('e')?;
    let exp: i32 = exp.parse().ok()?;
    let negative = mantissa.starts_with('-');
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    let mut m: i128 = digits.parse().ok()?;
    // value = m × 10^(exp − 14)
    let scale = 14 - exp;
    let d = if scale < 0 {
        let mut d = Decimal::from_i128_with_scale(m, 0);
        for _ in 0..(-scale).min(40) {
            d = d.checked_mul(Decimal::TEN)?;
        }
        d
    } else if scale as u32 > Decimal::MAX_SCALE {
        let drop = scale as u32 - Decimal::MAX_SCALE;
        if drop > 16 {
            return Some(Decimal::ZERO);
        }
        let p = 10i128.pow(drop);
        m = (m + p / 2) / p;
        Decimal::try_from_i128_with_scale(m, Decimal::MAX_SCALE).ok()?
    } else {
        Decimal::try_from_i128_with_scale(m, scale as u32).ok()?
    };
    let d = if negative { -d } else { d };
    Some(d.normalize())
}

/// A number parsed from text, before the caller decides what the suffix may be.
struct TextNumber {
    /// The value as typed (not normalized, so "26.0" keeps its scale).
    value: Decimal,
    /// What followed the number (spaces removed): a unit, "%", or junk.
    rest: String,
    /// TextNumber plus every other coercion applied so far.
    notes: Vec<Coercion>,
}

/// Unsigned digits read by [`scan_digits`].
pub(crate) struct Digits {
    /// The digits without separators, with the fraction: "1234.50".
    pub literal: String,
    /// The index after the last character read.
    pub end: usize,
    /// Whether thousands separators were used.
    pub grouped: bool,
}

/// Reads unsigned digits at `start`: an integer part whose thousands
/// separators `,` stand in groups of three, and an optional fraction
/// (".5" is 0.5). A `,` not followed by a digit ends the number. `None` when
/// there is no digit or the grouping is wrong ("1,23"). Shared by cell
/// numbers and project targets, so both read "1,234.5" alike.
pub(crate) fn scan_digits(c: &[char], start: usize) -> Option<Digits> {
    let digit_at = |i: usize| c.get(i).is_some_and(char::is_ascii_digit);
    let mut i = start;
    while digit_at(i) || (c.get(i) == Some(&',') && i > start && digit_at(i + 1)) {
        i += 1;
    }
    let int: String = c[start..i].iter().collect();
    let mut frac = String::new();
    if c.get(i) == Some(&'.') && digit_at(i + 1) {
        let fs = i + 1;
        i = fs;
        while digit_at(i) {
            i += 1;
        }
        frac = c[fs..i].iter().collect();
    } else if c.get(i) == Some(&'.') && !int.is_empty() {
        // "12." is 12.
        i += 1;
    }
    if int.is_empty() && frac.is_empty() {
        return None;
    }
    let grouped = int.contains(',');
    if grouped {
        let mut groups = int.split(',');
        let first_ok = groups.next().is_some_and(|g| (1..=3).contains(&g.len()));
        if !first_ok || !groups.all(|g| g.len() == 3) {
            return None;
        }
    }
    let mut literal: String = int.chars().filter(|&ch| ch != ',').collect();
    if literal.is_empty() {
        literal.push('0');
    }
    if !frac.is_empty() {
        literal.push('.');
        literal.push_str(&frac);
    }
    Some(Digits {
        literal,
        end: i,
        grouped,
    })
}

/// Parses the number-text grammar; `Ok(None)` for a placeholder.
fn parse_text_number(raw: &str) -> Result<Option<TextNumber>, Problem> {
    if is_placeholder(raw) {
        return Ok(None);
    }
    let norm = normalize_inner(raw);
    let mut notes = vec![Coercion::TextNumber];
    // "，" and "（）" are reported as Separators and ParenNegative below.
    if norm
        .full_width
        .iter()
        .any(|c| !matches!(c, '，' | '（' | '）'))
    {
        push(&mut notes, Coercion::FullWidth);
    }
    if norm.spaces {
        push(&mut notes, Coercion::Spaces);
    }

    // Inner white space: between two digits it can only be a thousands separator
    // (validated as one below), elsewhere ("- 12", "12 万 元") it is dropped.
    let chars: Vec<char> = norm.text.chars().collect();
    let mut s: Vec<char> = Vec::with_capacity(chars.len());
    let mut i = 0;
    while i < chars.len() {
        if chars[i].is_whitespace() {
            let start = i;
            while i < chars.len() && chars[i].is_whitespace() {
                i += 1;
            }
            push(&mut notes, Coercion::Spaces);
            let before = start > 0 && chars[start - 1].is_ascii_digit();
            let after = chars.get(i).is_some_and(|c| c.is_ascii_digit());
            if before && after {
                s.push(',');
            }
            continue;
        }
        s.push(chars[i]);
        i += 1;
    }

    let mut i = 0;
    let mut negative = false;
    let mut signed = false;
    if let Some(c) = s.first().copied()
        && matches!(c, '+' | '-' | '−')
    {
        negative = c != '+';
        signed = true;
        i = 1;
    }
    let paren = s.get(i).copied() == Some('(');
    if paren {
        if signed {
            return Err(Problem::NotANumber);
        }
        i += 1;
    }

    let Some(scanned) = scan_digits(&s, i) else {
        return Err(Problem::NotANumber);
    };
    i = scanned.end;
    if scanned.grouped {
        push(&mut notes, Coercion::Separators);
    }
    let mut exponent = String::new();
    if matches!(s.get(i).copied(), Some('e' | 'E')) {
        let mut j = i + 1;
        let mut e = String::new();
        if let Some(c) = s.get(j).copied()
            && matches!(c, '+' | '-')
        {
            if c == '-' {
                e.push('-');
            }
            j += 1;
        }
        let ds = j;
        while j < s.len() && s[j].is_ascii_digit() {
            j += 1;
        }
        if j > ds {
            e.extend(&s[ds..j]);
            exponent = e;
            i = j;
        }
    }

    let tail: String = s[i..].iter().collect();
    let rest = if paren {
        let Some((inner, outer)) = tail.split_once(')') else {
            return Err(Problem::NotANumber);
        };
        if !inner.is_empty() && !outer.is_empty() {
            return Err(Problem::NotANumber);
        }
        negative = true;
        push(&mut notes, Coercion::ParenNegative);
        format!("{inner}{outer}")
    } else {
        tail
    };

    let literal = scanned.literal;
    let value = if exponent.is_empty() {
        Decimal::from_str_exact(&literal)
    } else {
        Decimal::from_scientific(&format!("{literal}e{exponent}"))
    }
    .map_err(|_| Problem::NotANumber)?;
    let value = if negative { -value } else { value };
    Ok(Some(TextNumber { value, rest, notes }))
}

/// The problem for a cell kind that is never a number.
fn not_numeric(v: &CellValue) -> Problem {
    match v {
        CellValue::Bool(_) => Problem::Bool,
        CellValue::Error(e) => Problem::ErrorValue(e.clone()),
        _ => Problem::NotANumber,
    }
}

fn from_float(x: f64) -> Result<Decimal, Problem> {
    decimal_from_f64(x).ok_or(Problem::NotANumber)
}

/// [`number`] before its bound.
fn number_unbounded(v: &CellValue) -> Result<Option<Coerced<Decimal>>, Problem> {
    match v {
        CellValue::Empty => Ok(None),
        CellValue::Int(i) => Ok(Some(Coerced::plain(Decimal::from(*i)))),
        CellValue::Number(x) => Ok(Some(Coerced::plain(from_float(*x)?))),
        CellValue::Text(t) => {
            let Some(p) = parse_text_number(t)? else {
                return Ok(None);
            };
            if !p.rest.is_empty() {
                return Err(Problem::NotANumber);
            }
            Ok(Some(Coerced {
                value: p.value.normalize(),
                notes: p.notes,
            }))
        }
        other => Err(not_numeric(other)),
    }
}

/// Divides by 10000 exactly (shifting the scale when it fits).
fn div_10000(d: Decimal) -> Option<Decimal> {
    let scale = d.scale() + 4;
    if scale <= Decimal::MAX_SCALE {
        let mut r = d;
        r.set_scale(scale).ok()?;
        Some(r)
    } else {
        d.checked_div(Decimal::from(10_000))
    }
}

/// The problem for an unaccepted suffix in a money cell.
fn money_suffix_problem(rest: &str) -> Problem {
    let n = rest.chars().count();
    let unit_like = (1..=4).contains(&n)
        && rest.chars().all(|c| c.is_alphabetic() && !c.is_ascii())
        && (rest.ends_with('元') || matches!(rest, "亿" | "千" | "百万" | "千万" | "美金"));
    if unit_like {
        Problem::UnknownUnit(rest.to_string())
    } else {
        Problem::NotANumber
    }
}

/// [`money`] before its bound.
fn money_unbounded(v: &CellValue) -> Result<Option<Coerced<Decimal>>, Problem> {
    let CellValue::Text(t) = v else {
        return number(v);
    };
    let Some(mut p) = parse_text_number(t)? else {
        return Ok(None);
    };
    let value = match p.rest.as_str() {
        "" => p.value,
        "元" => {
            p.notes.push(Coercion::Unit {
                from: "元".to_string(),
                factor: "÷10000".to_string(),
            });
            div_10000(p.value).ok_or(Problem::NotANumber)?
        }
        "万元" | "万" => {
            p.notes.push(Coercion::Unit {
                from: p.rest.clone(),
                factor: "×1".to_string(),
            });
            p.value
        }
        rest => return Err(money_suffix_problem(rest)),
    };
    Ok(Some(Coerced {
        value: value.normalize(),
        notes: p.notes,
    }))
}

/// A bare number in a percent field: ≤ 1.5 in magnitude is a fraction (0.95 → 95),
/// above is already in points (95 → 95).
fn bare_percent(d: Decimal, notes: &mut Vec<Coercion>) -> Result<Decimal, Problem> {
    if d.is_zero() {
        Ok(Decimal::ZERO)
    } else if d.abs() > Decimal::new(15, 1) {
        push(notes, Coercion::PointsAsPercent);
        Ok(d)
    } else {
        push(notes, Coercion::FractionAsPercent);
        d.checked_mul(Decimal::ONE_HUNDRED)
            .ok_or(Problem::NotANumber)
    }
}

/// [`percent`] before its bound.
fn percent_unbounded(v: &CellValue) -> Result<Option<Coerced<Decimal>>, Problem> {
    let (value, mut notes, bare) = match v {
        CellValue::Text(t) => {
            let Some(p) = parse_text_number(t)? else {
                return Ok(None);
            };
            match p.rest.as_str() {
                "" => (p.value, p.notes, true),
                "%" => {
                    let mut notes = p.notes;
                    push(&mut notes, Coercion::PercentSign);
                    (p.value, notes, false)
                }
                _ => return Err(Problem::NotANumber),
            }
        }
        other => match number(other)? {
            Some(c) => (c.value, c.notes, true),
            None => return Ok(None),
        },
    };
    let value = if bare {
        bare_percent(value, &mut notes)?
    } else {
        value
    };
    Ok(Some(Coerced {
        value: value.normalize(),
        notes,
    }))
}

/// Characters that make a suffix a hedge or a multiplier rather than a unit
/// ("26人左右", "1.2万人次"): refused rather than guessed.
const NOT_A_UNIT: &str = "左右多余约近超以上下至到或及等万亿千百十";

/// [`integer`] before its bound.
fn integer_unbounded(v: &CellValue) -> Result<Option<Coerced<i64>>, Problem> {
    match v {
        CellValue::Empty => Ok(None),
        CellValue::Int(i) => Ok(Some(Coerced::plain(*i))),
        CellValue::Number(x) => {
            let d = from_float(*x)?;
            if !d.fract().is_zero() {
                return Err(Problem::NotAnInteger);
            }
            let i = d.to_i64().ok_or(Problem::TooLarge)?;
            Ok(Some(Coerced::plain(i)))
        }
        CellValue::Text(t) => {
            let Some(mut p) = parse_text_number(t)? else {
                return Ok(None);
            };
            if !p.rest.is_empty() {
                let n = p.rest.chars().count();
                let unit = (1..=4).contains(&n)
                    && p.rest
                        .chars()
                        .all(|c| c.is_alphabetic() && !c.is_ascii() && !NOT_A_UNIT.contains(c));
                if !unit {
                    return Err(Problem::NotANumber);
                }
                push(&mut p.notes, Coercion::UnitSuffix(p.rest.clone()));
            }
            if !p.value.fract().is_zero() {
                return Err(Problem::NotAnInteger);
            }
            if p.value.scale() > 0 {
                push(&mut p.notes, Coercion::IntegerFromDecimal);
            }
            let i = p.value.to_i64().ok_or(Problem::TooLarge)?;
            Ok(Some(Coerced {
                value: i,
                notes: p.notes,
            }))
        }
        other => Err(not_numeric(other)),
    }
}

/// Refuses a value beyond [`MAX_MAGNITUDE`](crate::contract::number::MAX_MAGNITUDE): no plausible figure is that
/// large, and every sum of the values let through stays exact.
fn bounded<T: Copy + Into<Decimal>>(
    parsed: Result<Option<Coerced<T>>, Problem>,
) -> Result<Option<Coerced<T>>, Problem> {
    match parsed? {
        Some(c) if !within_bounds(c.value.into()) => Err(Problem::TooLarge),
        other => Ok(other),
    }
}

/// A plain number. `Ok(None)` for a blank cell or a placeholder; a magnitude
/// beyond [`MAX_MAGNITUDE`](crate::contract::number::MAX_MAGNITUDE) is [`Problem::TooLarge`].
pub fn number(v: &CellValue) -> Result<Option<Coerced<Decimal>>, Problem> {
    bounded(number_unbounded(v))
}

/// Money in 万元. Accepts everything [`number`] does, plus a 元 (÷10000, exact),
/// 万元 or 万 suffix, each reported as [`Coercion::Unit`]; bounded like [`number`].
pub fn money(v: &CellValue) -> Result<Option<Coerced<Decimal>>, Problem> {
    bounded(money_unbounded(v))
}

/// A percentage in percentage points (95 means 95%): Number 0.95 → 95, Number 95
/// → 95, Text "95%"/"95％"/"0.95"/"95" → 95; bounded like [`number`].
pub fn percent(v: &CellValue) -> Result<Option<Coerced<Decimal>>, Problem> {
    bounded(percent_unbounded(v))
}

/// A whole number. Int and integral Number cells carry no note (.xlsx stores every
/// number as a float); text may carry a unit suffix ("26人") or ".0"; bounded
/// like [`number`].
pub fn integer(v: &CellValue) -> Result<Option<Coerced<i64>>, Problem> {
    bounded(integer_unbounded(v))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    use crate::contract::number::grouped;

    fn t(s: &str) -> CellValue {
        CellValue::Text(s.to_string())
    }

    /// Any Decimal with at most 2 decimals within ±10^12.
    fn money_value() -> impl Strategy<Value = Decimal> {
        (0u32..=2).prop_flat_map(|scale| {
            let bound = 10i64.pow(12 + scale);
            (-bound..=bound).prop_map(move |m| Decimal::new(m, scale))
        })
    }

    fn to_full_width(s: &str) -> String {
        s.chars()
            .map(|c| {
                if ('!'..='~').contains(&c) {
                    char::from_u32(c as u32 + 0xFEE0).unwrap()
                } else {
                    c
                }
            })
            .collect()
    }

    proptest! {
        #[test]
        fn grouped_round_trips(x in money_value()) {
            let g = grouped(x, 2);
            prop_assert_eq!(number(&t(&g)).unwrap().unwrap().value, x);
            let fw = format!("{}\u{3000}", to_full_width(&g));
            prop_assert_eq!(number(&t(&fw)).unwrap().unwrap().value, x);
            let yuan = money(&t(&format!("{g}元"))).unwrap().unwrap().value;
            prop_assert_eq!(yuan, Decimal::from_i128_with_scale(x.mantissa(), x.scale() + 4));
        }

        #[test]
        fn whole_numbers_take_the_short_path_to_the_same_decimal(n in -999_999_999_999_999i64..=999_999_999_999_999) {
            prop_assume!(n != 0);
            let x = n as f64;
            prop_assert_eq!(decimal_from_f64(x), decimal_from_f64_digits(x));
            prop_assert_eq!(decimal_from_f64(x), Some(Decimal::from(n)));
        }
    }
}
