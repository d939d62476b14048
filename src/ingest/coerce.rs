//! Tolerant parsing of what departments type into cells: numbers typed as text,
//! full-width digits, thousands separators, 元/万元 units, percentages written three
//! ways, dates in every common form, and placeholders such as “—” or “无”. Real
//! workbooks are filled by hand in Excel and WPS, so rejecting these forms would bury
//! users in errors; instead every tolerance applied is returned as a [`Coercion`] so
//! it is shown as a note (SPEC §3), and anything that would need a guess ("约二千",
//! "=A1", two numbers in one cell) is refused with a [`Problem`].
//!
//! Every number is a [`Decimal`]; a cell's binary float enters only through
//! [`decimal_from_f64`], which keeps Excel's 15 significant digits.

use chrono::{Days, NaiveDate};
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

use crate::contract::cell::CellValue;

/// A tolerant conversion that was applied; each becomes a note for the user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Coercion {
    /// A number typed as text: "123".
    TextNumber,
    /// Full-width digits or signs: "１２３．５" "％" "＝" "＞" "－".
    FullWidth,
    /// Thousands separators "," "，" removed.
    Separators,
    /// Leading, trailing or inner spaces (incl. U+3000, NBSP) removed.
    Spaces,
    /// "(123)" or "（123）" read as −123.
    ParenNegative,
    /// "95%" read as 95 (percentage points).
    PercentSign,
    /// 0.95 in a percent field read as 95%.
    FractionAsPercent,
    /// A bare number > 1.5 in a percent field (e.g. 95) read as 95%.
    PointsAsPercent,
    /// A money unit converted to 万元: `from` is the unit typed ("元", "万元", "万"),
    /// `factor` the conversion ("÷10000", "×1").
    Unit { from: String, factor: String },
    /// A count with a unit suffix: "26人", "12411人次", "6个" (the unit is kept).
    UnitSuffix(String),
    /// A date typed as text: "2023年3月15日", "2023/3/15", "20230315" ….
    DateText,
    /// "26.0" read as the integer 26.
    IntegerFromDecimal,
}

impl Coercion {
    /// The note shown to the user, in Chinese.
    pub fn describe(&self) -> String {
        match self {
            Coercion::TextNumber => "文本型数字已按数字读取".to_string(),
            Coercion::FullWidth => "全角字符已按半角读取".to_string(),
            Coercion::Separators => "已去除千分位分隔符".to_string(),
            Coercion::Spaces => "已去除多余空格".to_string(),
            Coercion::ParenNegative => "括号表示的负数已按负数读取".to_string(),
            Coercion::PercentSign => "已去除百分号，按百分比读取".to_string(),
            Coercion::FractionAsPercent => "小数已按百分比读取（如 0.95 读作 95%）".to_string(),
            Coercion::PointsAsPercent => "数字已按百分点读取（如 95 读作 95%）".to_string(),
            Coercion::Unit { from, factor } => {
                if factor == "×1" {
                    format!("已去除单位“{from}”，按万元读取")
                } else {
                    format!("已由{from}换算为万元（{factor}）")
                }
            }
            Coercion::UnitSuffix(unit) => format!("已去除单位“{unit}”，按整数读取"),
            Coercion::DateText => "文字形式的日期已按日期读取".to_string(),
            Coercion::IntegerFromDecimal => "小数形式的整数已按整数读取".to_string(),
        }
    }

    /// Whether this is a money unit conversion (the one coercion that changes
    /// the magnitude of what was typed, so reports may want to show it apart).
    pub fn is_unit_conversion(&self) -> bool {
        matches!(self, Coercion::Unit { .. })
    }
}

/// A value read from a cell, with the tolerant conversions that were applied.
#[derive(Debug, Clone, PartialEq)]
pub struct Coerced<T> {
    pub value: T,
    pub notes: Vec<Coercion>,
}

impl<T> Coerced<T> {
    fn plain(value: T) -> Self {
        Coerced {
            value,
            notes: Vec::new(),
        }
    }
}

/// Why a cell could not be read as the wanted kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// "约二千", "abc", two numbers in one cell.
    NotANumber,
    /// 26.5 for a headcount.
    NotAnInteger,
    /// "下月", "2023-13-45".
    NotADate,
    /// "12美元" in a money field.
    UnknownUnit(String),
    /// The cell holds `#REF!`, `#DIV/0!` ….
    ErrorValue(String),
    /// TRUE/FALSE where a number or date is wanted.
    Bool,
}

impl Problem {
    /// The message shown to the user, in Chinese.
    pub fn describe(&self) -> String {
        match self {
            Problem::NotANumber => {
                "不是可识别的数字（请只填写一个数字，不要加“约”等文字或公式）".to_string()
            }
            Problem::NotAnInteger => "应为整数".to_string(),
            Problem::NotADate => "不是可识别的日期（如 2023-03-15 或 2023年3月15日）".to_string(),
            Problem::UnknownUnit(unit) => {
                format!("无法识别的单位“{unit}”（金额请以万元填写，或写明“元”“万元”）")
            }
            Problem::ErrorValue(e) => format!("单元格为错误值 {e}（公式出错），请改为实际数值"),
            Problem::Bool => "单元格为逻辑值（TRUE/FALSE），请改为实际数值".to_string(),
        }
    }
}

fn push(notes: &mut Vec<Coercion>, c: Coercion) {
    if !notes.contains(&c) {
        notes.push(c);
    }
}

/// The result of [`normalize_inner`]: the text, which full-width characters were
/// converted, and whether spaces were trimmed or zero-width characters dropped.
struct Normalized {
    text: String,
    full_width: Vec<char>,
    spaces: bool,
}

fn normalize_inner(text: &str) -> Normalized {
    let mut out = String::with_capacity(text.len());
    let mut full_width = Vec::new();
    let mut spaces = false;
    for ch in text.chars() {
        match ch {
            '\u{FF01}'..='\u{FF5E}' => {
                full_width.push(ch);
                // The full-width block mirrors ASCII 0x21–0x7E at an offset of 0xFEE0.
                out.push(char::from_u32(ch as u32 - 0xFEE0).unwrap_or(ch));
            }
            '\u{3000}' | '\u{00A0}' | '\u{2002}'..='\u{200A}' | '\u{202F}' | '\u{205F}' => {
                out.push(' ')
            }
            '\u{200B}' | '\u{FEFF}' => spaces = true,
            '≦' => {
                full_width.push(ch);
                out.push_str("<=");
            }
            '≧' => {
                full_width.push(ch);
                out.push_str(">=");
            }
            _ => out.push(ch),
        }
    }
    let trimmed = out.trim();
    if trimmed.len() != out.len() {
        spaces = true;
    }
    Normalized {
        text: trimmed.to_string(),
        full_width,
        spaces,
    }
}

/// Converts full-width ASCII (U+FF01–U+FF5E) to ASCII, U+3000 and NBSP to a space,
/// "≦"/"≧" to "<="/">=", and trims; reports [`Coercion::FullWidth`] and
/// [`Coercion::Spaces`] when they applied. Inner spaces are kept.
pub fn normalize(text: &str) -> (String, Vec<Coercion>) {
    let n = normalize_inner(text);
    let mut notes = Vec::new();
    if !n.full_width.is_empty() {
        notes.push(Coercion::FullWidth);
    }
    if n.spaces {
        notes.push(Coercion::Spaces);
    }
    (n.text, notes)
}

/// Characters that, alone or repeated, mean "nothing to report".
fn is_filler_char(c: char) -> bool {
    matches!(
        c,
        '-' | '—' | '–' | '―' | '─' | '/' | '\\' | '.' | '…' | '。' | '·' | '_'
    ) || c.is_whitespace()
}

const CN_DIGITS: &str = "〇○零一二三四五六七八九十";

/// "指标 2:", "指标2：", "备注：" — a label with nothing after it.
fn is_enumerator_label(s: &str) -> bool {
    let Some(body) = s.strip_suffix(':') else {
        return false;
    };
    let label = body
        .trim_end()
        .trim_end_matches(|c: char| c.is_ascii_digit() || CN_DIGITS.contains(c))
        .trim_end();
    let n = label.chars().count();
    (1..=10).contains(&n) && label.chars().all(char::is_alphabetic)
}

/// Whether the text means "empty": blank (incl. U+3000), a dash, slash or dots,
/// "无"/"暂无"/"空"/"N/A", or an enumerator label with nothing after it ("指标 2:").
pub fn is_placeholder(text: &str) -> bool {
    !plainly_text(text) && is_placeholder_normalized(text)
}

/// A text that cannot be a placeholder, seen without normalizing it (most
/// texts): more than eight letters, digits or ideographs (a placeholder word
/// has at most four, and filler none), and no colon at its end (an
/// enumerator label ends in one).
fn plainly_text(text: &str) -> bool {
    let end =
        text.trim_end_matches(|c: char| c.is_whitespace() || matches!(c, '\u{200B}' | '\u{FEFF}'));
    !end.ends_with([':', '：'])
        && text
            .chars()
            // Common ideographs first: all alphabetic, and most of a Chinese
            // text, which `is_alphanumeric` would look up in its tables.
            .filter(|&c| matches!(c, '\u{4E00}'..='\u{9FFF}') || c.is_alphanumeric())
            .nth(8)
            .is_some()
}

fn is_placeholder_normalized(text: &str) -> bool {
    let n = normalize_inner(text);
    let s = n.text.as_str();
    if s.chars().all(is_filler_char) {
        return true;
    }
    // ASCII case folding is enough: no other character lowercases to one of
    // these words' letters.
    if ["无", "暂无", "空", "n/a", "na", "none", "null"]
        .iter()
        .any(|w| s.eq_ignore_ascii_case(w))
    {
        return true;
    }
    is_enumerator_label(s)
}

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

/// A plain number. `Ok(None)` for a blank cell or a placeholder.
pub fn number(v: &CellValue) -> Result<Option<Coerced<Decimal>>, Problem> {
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

/// Money in 万元. Accepts everything [`number`] does, plus a 元 (÷10000, exact),
/// 万元 or 万 suffix, each reported as [`Coercion::Unit`].
pub fn money(v: &CellValue) -> Result<Option<Coerced<Decimal>>, Problem> {
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

/// A percentage in percentage points (95 means 95%): Number 0.95 → 95, Number 95
/// → 95, Text "95%"/"95％"/"0.95"/"95" → 95.
pub fn percent(v: &CellValue) -> Result<Option<Coerced<Decimal>>, Problem> {
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

/// A whole number. Int and integral Number cells carry no note (.xlsx stores every
/// number as a float); text may carry a unit suffix ("26人") or ".0".
pub fn integer(v: &CellValue) -> Result<Option<Coerced<i64>>, Problem> {
    match v {
        CellValue::Empty => Ok(None),
        CellValue::Int(i) => Ok(Some(Coerced::plain(*i))),
        CellValue::Number(x) => {
            let d = from_float(*x)?;
            if !d.fract().is_zero() {
                return Err(Problem::NotAnInteger);
            }
            let i = d.to_i64().ok_or(Problem::NotANumber)?;
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
            let i = p.value.to_i64().ok_or(Problem::NotANumber)?;
            Ok(Some(Coerced {
                value: i,
                notes: p.notes,
            }))
        }
        other => Err(not_numeric(other)),
    }
}

/// The first serial past 9999-12-31.
const SERIAL_END: f64 = 2_958_466.0;

/// An Excel 1900-system serial as a date. Serial 60 is the fictitious 1900-02-29
/// Excel keeps for Lotus compatibility, so it has no date; a fraction is the time
/// of day and is ignored.
pub(crate) fn serial_to_date(x: f64) -> Option<NaiveDate> {
    if !x.is_finite() || !(1.0..SERIAL_END).contains(&x) {
        return None;
    }
    let n = x.floor() as u64;
    let base = match n {
        60 => return None,
        1..=59 => NaiveDate::from_ymd_opt(1899, 12, 31)?,
        _ => NaiveDate::from_ymd_opt(1899, 12, 30)?,
    };
    base.checked_add_days(Days::new(n))
}

fn ymd(y: &str, m: &str, d: &str) -> Option<NaiveDate> {
    let all_digits = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
    if y.len() != 4 || !all_digits(y) || !(1..=2).contains(&m.len()) || !(1..=2).contains(&d.len())
    {
        return None;
    }
    if !all_digits(m) || !all_digits(d) {
        return None;
    }
    NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
}

fn cn_digit(c: char) -> Option<u32> {
    match c {
        '〇' | '○' | '零' => Some(0),
        '一' => Some(1),
        '二' => Some(2),
        '三' => Some(3),
        '四' => Some(4),
        '五' => Some(5),
        '六' => Some(6),
        '七' => Some(7),
        '八' => Some(8),
        '九' => Some(9),
        _ => None,
    }
}

/// A month or day written in Arabic digits or in Chinese ("十五", "二十一").
fn small_number(s: &str) -> Option<u32> {
    if !s.is_empty() && s.len() <= 2 && s.chars().all(|c| c.is_ascii_digit()) {
        return s.parse().ok();
    }
    let chars: Vec<char> = s.chars().collect();
    match chars.as_slice() {
        ['十'] => Some(10),
        [a] => cn_digit(*a),
        ['十', b] => Some(10 + cn_digit(*b)?),
        [a, '十'] => Some(10 * cn_digit(*a)?),
        [a, '十', b] => Some(10 * cn_digit(*a)? + cn_digit(*b)?),
        _ => None,
    }
}

/// "2023年3月15日", "２０２３年３月１５日" (normalized), "二〇二三年三月十五日".
fn parse_cn_date(s: &str) -> Option<NaiveDate> {
    let (y, rest) = s.split_once('年')?;
    let (m, d) = rest.split_once('月')?;
    let d = d
        .strip_suffix('日')
        .or_else(|| d.strip_suffix('号'))
        .unwrap_or(d);
    let year: i32 = if y.len() == 4 && y.chars().all(|c| c.is_ascii_digit()) {
        y.parse().ok()?
    } else {
        let digits: Vec<u32> = y.chars().map(cn_digit).collect::<Option<_>>()?;
        if digits.len() != 4 {
            return None;
        }
        digits.iter().fold(0i32, |acc, d| acc * 10 + *d as i32)
    };
    NaiveDate::from_ymd_opt(year, small_number(m)?, small_number(d)?)
}

/// Drops a trailing time of day ("2023-03-15 10:30", "2023-03-15T00:00:00Z").
fn strip_time(s: &str) -> &str {
    if let Some(pos) = s.find(['T', ' ']) {
        let tail = s[pos + 1..].trim();
        let is_time = tail.contains(':')
            && tail
                .chars()
                .all(|c| c.is_ascii_digit() || matches!(c, ':' | '.' | 'Z' | '+' | '-'));
        if is_time {
            return &s[..pos];
        }
    }
    s
}

/// The date forms of [`Coercion::DateText`], on normalized text.
fn parse_date_text(s: &str) -> Option<NaiveDate> {
    let s = strip_time(s.trim());
    let compact: String = s.chars().filter(|c| !c.is_whitespace()).collect();
    if compact.contains('年') {
        return parse_cn_date(&compact);
    }
    if compact.len() == 8 && compact.chars().all(|c| c.is_ascii_digit()) {
        return ymd(&compact[0..4], &compact[4..6], &compact[6..8]);
    }
    for sep in ['-', '/', '.'] {
        let parts: Vec<&str> = compact.split(sep).collect();
        if let [y, m, d] = parts.as_slice() {
            return ymd(y, m, d);
        }
    }
    None
}

/// A number in a date field: a serial if 1 ≤ x < 2958466, or 20230315 typed as a number.
fn date_from_number(x: f64) -> Result<Option<Coerced<NaiveDate>>, Problem> {
    if let Some(d) = serial_to_date(x) {
        return Ok(Some(Coerced::plain(d)));
    }
    if x.fract() == 0.0 && (10_000_101.0..=99_991_231.0).contains(&x) {
        let s = format!("{}", x as u64);
        if let Some(d) = parse_date_text(&s) {
            return Ok(Some(Coerced {
                value: d,
                notes: vec![Coercion::DateText],
            }));
        }
    }
    Err(Problem::NotADate)
}

/// A calendar date: an Excel serial (1900 system), ISO text from .ods, or a date
/// typed as text in any of the [`Coercion::DateText`] forms.
pub fn date(v: &CellValue) -> Result<Option<Coerced<NaiveDate>>, Problem> {
    match v {
        CellValue::Empty => Ok(None),
        CellValue::DateSerial(x) => serial_to_date(*x)
            .map(|d| Some(Coerced::plain(d)))
            .ok_or(Problem::NotADate),
        CellValue::Number(x) => date_from_number(*x),
        CellValue::Int(i) => date_from_number(*i as f64),
        CellValue::DateIso(s) => parse_date_text(s)
            .map(|d| Some(Coerced::plain(d)))
            .ok_or(Problem::NotADate),
        CellValue::Text(t) => {
            if is_placeholder(t) {
                return Ok(None);
            }
            let (s, extra) = normalize(t);
            let d = parse_date_text(&s).ok_or(Problem::NotADate)?;
            let mut notes = vec![Coercion::DateText];
            for c in extra {
                push(&mut notes, c);
            }
            Ok(Some(Coerced { value: d, notes }))
        }
        CellValue::Bool(_) => Err(Problem::Bool),
        CellValue::Error(e) => Err(Problem::ErrorValue(e.clone())),
    }
}

fn trim_text(s: &str) -> &str {
    s.trim_matches(|c: char| c.is_whitespace() || matches!(c, '\u{200B}' | '\u{FEFF}'))
}

/// The cell as text a user would read: trimmed (incl. U+3000), inner line breaks
/// kept; `None` for a blank cell or a placeholder. Numbers are rendered as Excel
/// shows them (2815.27, never 2815.2700000000001); dates as `2023-03-15`; an error
/// value as its code (`#REF!`), so callers that must refuse errors check first.
pub fn text(v: &CellValue) -> Option<String> {
    match v {
        CellValue::Empty => None,
        CellValue::Text(s) => {
            let t = trim_text(s);
            if is_placeholder(t) {
                None
            } else {
                Some(t.to_string())
            }
        }
        CellValue::Number(x) => decimal_from_f64(*x).map(|d| d.to_string()),
        CellValue::Int(i) => Some(i.to_string()),
        CellValue::Bool(b) => Some(if *b { "TRUE" } else { "FALSE" }.to_string()),
        CellValue::DateSerial(x) => serial_to_date(*x)
            .map(|d| d.to_string())
            .or_else(|| decimal_from_f64(*x).map(|d| d.to_string())),
        CellValue::DateIso(s) => {
            let t = trim_text(s);
            match t.strip_suffix("T00:00:00") {
                Some(day) => Some(day.to_string()),
                None if t.is_empty() => None,
                None => Some(t.to_string()),
            }
        }
        CellValue::Error(e) => Some(e.clone()),
    }
}

fn all_digits(s: &str, len: std::ops::RangeInclusive<usize>) -> bool {
    len.contains(&s.len()) && s.chars().all(|c| c.is_ascii_digit())
}

fn is_mobile(d: &str) -> bool {
    let b = d.as_bytes();
    all_digits(d, 11..=11) && b[0] == b'1' && (b'3'..=b'9').contains(&b[1])
}

/// A local landline number: 7–8 digits, not starting with 0 or 1.
fn is_local(d: &str) -> bool {
    all_digits(d, 7..=8)
        && d.as_bytes()
            .first()
            .is_some_and(|b| (b'2'..=b'9').contains(b))
}

/// Area code (0 + 2–3 digits) followed by a local number.
fn is_with_area(d: &str) -> bool {
    let b = d.as_bytes();
    if !all_digits(d, 10..=12) || b[0] != b'0' || b[1] == b'0' {
        return false;
    }
    [3, 4].iter().any(|&n| is_local(&d[n..]))
}

/// One number without extension; separators (spaces, hyphens, parentheses) ignored.
fn phone_core(s: &str) -> bool {
    let s = s.trim();
    let (plus, s) = match s.strip_prefix('+') {
        Some(rest) => (true, rest),
        None => (false, s),
    };
    let d: String = s
        .chars()
        .filter(|c| !(c.is_whitespace() || matches!(c, '-' | '—' | '–' | '(' | ')')))
        .collect();
    if d.is_empty() || !d.chars().all(|c| c.is_ascii_digit()) {
        return false;
    }
    if let Some(m) = d.strip_prefix("0086").or_else(|| d.strip_prefix("86"))
        && is_mobile(m)
    {
        return true;
    }
    if plus {
        return false;
    }
    is_mobile(&d) || is_local(&d) || is_with_area(&d)
}

/// Whether the text is one telephone number: an 11-digit mobile (optionally after
/// +86/86), a 7–8 digit landline, or a landline with area code ("0730-8075108",
/// "(0730)8075108", "07308075108"), optionally with an extension ("-123", "转123").
pub fn is_phone(text: &str) -> bool {
    let s = normalize_inner(text).text;
    for marker in ["转", "分机"] {
        if let Some((main, ext)) = s.split_once(marker) {
            return all_digits(ext.trim(), 1..=6) && phone_core(main);
        }
    }
    if phone_core(&s) {
        return true;
    }
    match s.rsplit_once('-') {
        Some((main, ext)) => all_digits(ext.trim(), 1..=6) && phone_core(main),
        None => false,
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::str::FromStr;

    use crate::contract::number::grouped;

    use Coercion::*;

    fn dec(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    fn t(s: &str) -> CellValue {
        CellValue::Text(s.to_string())
    }

    fn unit(from: &str, factor: &str) -> Coercion {
        Unit {
            from: from.to_string(),
            factor: factor.to_string(),
        }
    }

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    type Parser<T> = fn(&CellValue) -> Result<Option<Coerced<T>>, Problem>;

    fn check<T: std::fmt::Debug + PartialEq + Clone>(
        f: Parser<T>,
        cases: &[(CellValue, T, Vec<Coercion>)],
    ) {
        for (input, value, notes) in cases {
            let got = f(input);
            assert_eq!(
                got,
                Ok(Some(Coerced {
                    value: value.clone(),
                    notes: notes.clone()
                })),
                "input {input:?}"
            );
        }
    }

    fn check_err<T: std::fmt::Debug + PartialEq>(f: Parser<T>, cases: &[(CellValue, Problem)]) {
        for (input, problem) in cases {
            assert_eq!(f(input), Err(problem.clone()), "input {input:?}");
        }
    }

    const PLACEHOLDERS: &[&str] = &[
        "",
        " ",
        "\u{3000}",
        " \u{3000}\t",
        "—",
        "——",
        "-",
        "--",
        "/",
        "／",
        "无",
        "暂无",
        "空",
        "N/A",
        "n/a",
        "……",
        ".....",
        "...",
        "指标 2:",
        "指标2：",
        "指标 二：",
        "－",
        "\u{a0}",
    ];

    #[test]
    fn placeholders() {
        for p in PLACEHOLDERS {
            assert!(is_placeholder(p), "{p:?}");
        }
        for s in [
            "0",
            "12",
            "-5",
            "无人",
            "指标 2: 完成",
            "张三",
            "2:",
            "1.",
            "空调",
            "N/A/B",
        ] {
            assert!(!is_placeholder(s), "{s:?}");
        }
    }

    #[test]
    fn normalizes() {
        assert_eq!(
            normalize("１２３．５％"),
            ("123.5%".to_string(), vec![FullWidth])
        );
        assert_eq!(normalize(" a\u{3000}"), ("a".to_string(), vec![Spaces]));
        assert_eq!(normalize("≦5"), ("<=5".to_string(), vec![FullWidth]));
        assert_eq!(normalize("＞＝９０"), (">=90".to_string(), vec![FullWidth]));
        assert_eq!(
            normalize("\u{3000}＜ 5 "),
            ("< 5".to_string(), vec![FullWidth, Spaces])
        );
        assert_eq!(normalize("张\u{3000}三"), ("张 三".to_string(), vec![]));
        assert_eq!(normalize("abc"), ("abc".to_string(), vec![]));
    }

    #[test]
    fn floats_as_excel_shows_them() {
        assert_eq!(decimal_from_f64(0.1 + 0.2), Some(dec("0.3")));
        assert_eq!(decimal_from_f64(2815.27), Some(dec("2815.27")));
        assert_eq!(decimal_from_f64(-2815.27), Some(dec("-2815.27")));
        assert_eq!(decimal_from_f64(1.0 / 3.0), Some(dec("0.333333333333333")));
        assert_eq!(
            decimal_from_f64(123_456_789_012_345_678.0),
            Some(dec("123456789012346000"))
        );
        assert_eq!(decimal_from_f64(-0.0), Some(Decimal::ZERO));
        assert_eq!(decimal_from_f64(1e-30), Some(Decimal::ZERO));
        assert_eq!(
            decimal_from_f64(1.5e-20),
            Some(dec("0.000000000000000000015"))
        );
        assert_eq!(decimal_from_f64(1e300), None);
        assert_eq!(decimal_from_f64(f64::NAN), None);
        assert_eq!(decimal_from_f64(f64::INFINITY), None);
        assert_eq!(decimal_from_f64(7167065.75), Some(dec("7167065.75")));
    }

    #[test]
    fn numbers() {
        check(
            number,
            &[
                (CellValue::Int(26), dec("26"), vec![]),
                (CellValue::Number(2815.27), dec("2815.27"), vec![]),
                (CellValue::Number(0.1 + 0.2), dec("0.3"), vec![]),
                (t("123"), dec("123"), vec![TextNumber]),
                (t("１２３"), dec("123"), vec![TextNumber, FullWidth]),
                (t("1,234.5"), dec("1234.5"), vec![TextNumber, Separators]),
                (t("1，234.5"), dec("1234.5"), vec![TextNumber, Separators]),
                (
                    t("1,234,567.8"),
                    dec("1234567.8"),
                    vec![TextNumber, Separators],
                ),
                (t("  12 \u{3000}"), dec("12"), vec![TextNumber, Spaces]),
                (t("(123)"), dec("-123"), vec![TextNumber, ParenNegative]),
                (t("（123）"), dec("-123"), vec![TextNumber, ParenNegative]),
                (
                    t("－１２３．５"),
                    dec("-123.5"),
                    vec![TextNumber, FullWidth],
                ),
                (t("−5"), dec("-5"), vec![TextNumber]),
                (t("- 5"), dec("-5"), vec![TextNumber, Spaces]),
                (t("+7"), dec("7"), vec![TextNumber]),
                (t("1.5E3"), dec("1500"), vec![TextNumber]),
                (t("2.5e-2"), dec("0.025"), vec![TextNumber]),
                (t(".5"), dec("0.5"), vec![TextNumber]),
                (t("0.00"), dec("0"), vec![TextNumber]),
                (
                    t("1 234 567"),
                    dec("1234567"),
                    vec![TextNumber, Spaces, Separators],
                ),
            ],
        );
        check_err(
            number,
            &[
                (t("1,23"), Problem::NotANumber),
                (t("1234,567"), Problem::NotANumber),
                (t("约二千"), Problem::NotANumber),
                (t("约200"), Problem::NotANumber),
                (t("abc"), Problem::NotANumber),
                (t("=123"), Problem::NotANumber),
                (t("＝123"), Problem::NotANumber),
                (t("12 34"), Problem::NotANumber),
                (t("1.2.3"), Problem::NotANumber),
                (t("95%"), Problem::NotANumber),
                (t("2300万元"), Problem::NotANumber),
                (t("--5"), Problem::NotANumber),
                (t("-(5)"), Problem::NotANumber),
                (t("(5"), Problem::NotANumber),
                (t("1e"), Problem::NotANumber),
                (t("2023-03-15"), Problem::NotANumber),
                (CellValue::Number(f64::NAN), Problem::NotANumber),
                (CellValue::Bool(true), Problem::Bool),
                (
                    CellValue::Error("#REF!".into()),
                    Problem::ErrorValue("#REF!".into()),
                ),
                (CellValue::DateSerial(45000.0), Problem::NotANumber),
                (CellValue::DateIso("2023-03-15".into()), Problem::NotANumber),
            ],
        );
        assert_eq!(number(&CellValue::Empty), Ok(None));
    }

    #[test]
    fn money_units() {
        check(
            money,
            &[
                (CellValue::Number(2854.84), dec("2854.84"), vec![]),
                (CellValue::Int(2300), dec("2300"), vec![]),
                (t("100"), dec("100"), vec![TextNumber]),
                (
                    t("2300万元"),
                    dec("2300"),
                    vec![TextNumber, unit("万元", "×1")],
                ),
                (
                    t("2031.2万"),
                    dec("2031.2"),
                    vec![TextNumber, unit("万", "×1")],
                ),
                (
                    t("2300 万 元"),
                    dec("2300"),
                    vec![TextNumber, Spaces, unit("万元", "×1")],
                ),
                (
                    t("7,167,065.75元"),
                    dec("716.706575"),
                    vec![TextNumber, Separators, unit("元", "÷10000")],
                ),
                (
                    t("１２元"),
                    dec("0.0012"),
                    vec![TextNumber, FullWidth, unit("元", "÷10000")],
                ),
                (
                    t("(500)元"),
                    dec("-0.05"),
                    vec![TextNumber, ParenNegative, unit("元", "÷10000")],
                ),
            ],
        );
        check_err(
            money,
            &[
                (t("12美元"), Problem::UnknownUnit("美元".into())),
                (t("3亿"), Problem::UnknownUnit("亿".into())),
                (t("45万元 40万元"), Problem::NotANumber),
                (t("200左右"), Problem::NotANumber),
                (t("约2300万元"), Problem::NotANumber),
                (t("95%"), Problem::NotANumber),
                (CellValue::Bool(false), Problem::Bool),
            ],
        );
        // Exactly ÷10000, no binary rounding.
        let v = money(&t("7,167,065.75元")).unwrap().unwrap().value;
        assert_eq!(v.to_string(), "716.706575");
        assert!(unit("元", "÷10000").is_unit_conversion());
        assert!(!TextNumber.is_unit_conversion());
    }

    #[test]
    fn percents() {
        check(
            percent,
            &[
                (CellValue::Number(0.95), dec("95"), vec![FractionAsPercent]),
                (CellValue::Number(95.0), dec("95"), vec![PointsAsPercent]),
                (CellValue::Number(1.0), dec("100"), vec![FractionAsPercent]),
                (CellValue::Number(0.0), dec("0"), vec![]),
                (CellValue::Int(95), dec("95"), vec![PointsAsPercent]),
                (t("95%"), dec("95"), vec![TextNumber, PercentSign]),
                (
                    t("95％"),
                    dec("95"),
                    vec![TextNumber, FullWidth, PercentSign],
                ),
                (t("0.95"), dec("95"), vec![TextNumber, FractionAsPercent]),
                (t("95"), dec("95"), vec![TextNumber, PointsAsPercent]),
                (t("171.43%"), dec("171.43"), vec![TextNumber, PercentSign]),
                (t("0.5%"), dec("0.5"), vec![TextNumber, PercentSign]),
                (t("95 %"), dec("95"), vec![TextNumber, Spaces, PercentSign]),
            ],
        );
        check_err(
            percent,
            &[
                (t("abc%"), Problem::NotANumber),
                (t("95%%"), Problem::NotANumber),
                (t("≥95%"), Problem::NotANumber),
                (t("95万元"), Problem::NotANumber),
                (
                    CellValue::Error("#DIV/0!".into()),
                    Problem::ErrorValue("#DIV/0!".into()),
                ),
            ],
        );
    }

    #[test]
    fn integers() {
        check(
            integer,
            &[
                (CellValue::Int(26), 26, vec![]),
                (CellValue::Number(26.0), 26, vec![]),
                (t("26"), 26, vec![TextNumber]),
                (t("26.0"), 26, vec![TextNumber, IntegerFromDecimal]),
                (t("26人"), 26, vec![TextNumber, UnitSuffix("人".into())]),
                (
                    t("12,411人次"),
                    12411,
                    vec![TextNumber, Separators, UnitSuffix("人次".into())],
                ),
                (t("6个"), 6, vec![TextNumber, UnitSuffix("个".into())]),
                (
                    t("２６ 人"),
                    26,
                    vec![TextNumber, FullWidth, Spaces, UnitSuffix("人".into())],
                ),
            ],
        );
        check_err(
            integer,
            &[
                (CellValue::Number(26.5), Problem::NotAnInteger),
                (t("26.5"), Problem::NotAnInteger),
                (t("26.5人"), Problem::NotAnInteger),
                (t("约26人"), Problem::NotANumber),
                (t("26人左右"), Problem::NotANumber),
                (t("1.2万人次"), Problem::NotANumber),
                (t("26%"), Problem::NotANumber),
                (t("26abc"), Problem::NotANumber),
                (t("26人 30人"), Problem::NotANumber),
                (CellValue::Number(1e30), Problem::NotANumber),
                (CellValue::Bool(true), Problem::Bool),
                (CellValue::DateSerial(45000.0), Problem::NotANumber),
            ],
        );
    }

    #[test]
    fn dates() {
        check(
            date,
            &[
                (CellValue::DateSerial(1.0), day(1900, 1, 1), vec![]),
                (CellValue::DateSerial(59.0), day(1900, 2, 28), vec![]),
                (CellValue::DateSerial(61.0), day(1900, 3, 1), vec![]),
                (CellValue::DateSerial(44927.0), day(2023, 1, 1), vec![]),
                (CellValue::DateSerial(45000.0), day(2023, 3, 15), vec![]),
                (CellValue::DateSerial(45000.75), day(2023, 3, 15), vec![]),
                (
                    CellValue::DateSerial(2_958_465.0),
                    day(9999, 12, 31),
                    vec![],
                ),
                (CellValue::Number(45000.0), day(2023, 3, 15), vec![]),
                (CellValue::Int(45000), day(2023, 3, 15), vec![]),
                (
                    CellValue::Number(20230315.0),
                    day(2023, 3, 15),
                    vec![DateText],
                ),
                (
                    CellValue::DateIso("2023-03-15".into()),
                    day(2023, 3, 15),
                    vec![],
                ),
                (
                    CellValue::DateIso("2023-03-15T00:00:00".into()),
                    day(2023, 3, 15),
                    vec![],
                ),
                (t("2023年3月15日"), day(2023, 3, 15), vec![DateText]),
                (t("2023年03月15日"), day(2023, 3, 15), vec![DateText]),
                (t("2023 年 3 月 15 日"), day(2023, 3, 15), vec![DateText]),
                (t("二〇二三年三月十五日"), day(2023, 3, 15), vec![DateText]),
                (
                    t("二〇二三年十二月三十一日"),
                    day(2023, 12, 31),
                    vec![DateText],
                ),
                (t("2023/3/15"), day(2023, 3, 15), vec![DateText]),
                (t("2023.3.15"), day(2023, 3, 15), vec![DateText]),
                (t("2023-03-15"), day(2023, 3, 15), vec![DateText]),
                (t("20230315"), day(2023, 3, 15), vec![DateText]),
                (t("2023-03-15 10:30:00"), day(2023, 3, 15), vec![DateText]),
                (
                    t(" 2023/3/15\u{3000}"),
                    day(2023, 3, 15),
                    vec![DateText, Spaces],
                ),
                (
                    t("２０２３年３月１５日"),
                    day(2023, 3, 15),
                    vec![DateText, FullWidth],
                ),
            ],
        );
        check_err(
            date,
            &[
                (CellValue::DateSerial(60.0), Problem::NotADate),
                (CellValue::DateSerial(0.0), Problem::NotADate),
                (CellValue::DateSerial(-5.0), Problem::NotADate),
                (CellValue::DateSerial(2_958_466.0), Problem::NotADate),
                (CellValue::Number(0.5), Problem::NotADate),
                (CellValue::Number(123_456_789.0), Problem::NotADate),
                (t("下月"), Problem::NotADate),
                (t("2023-13-45"), Problem::NotADate),
                (t("2023-02-30"), Problem::NotADate),
                (t("2023年3月"), Problem::NotADate),
                (t("15/3/2023"), Problem::NotADate),
                (t("23-3-15"), Problem::NotADate),
                (t("abc"), Problem::NotADate),
                (CellValue::DateIso("PT12H00M00S".into()), Problem::NotADate),
                (CellValue::Bool(true), Problem::Bool),
                (
                    CellValue::Error("#N/A".into()),
                    Problem::ErrorValue("#N/A".into()),
                ),
            ],
        );
        assert_eq!(date(&t("—")), Ok(None));
        assert_eq!(date(&CellValue::Empty), Ok(None));
    }

    #[test]
    fn texts() {
        let cases: &[(CellValue, Option<&str>)] = &[
            (CellValue::Empty, None),
            (t("  单位\u{3000}"), Some("单位")),
            (t("第一行\n第二行 "), Some("第一行\n第二行")),
            (t("—"), None),
            (t("无"), None),
            (t(" \u{3000}"), None),
            (CellValue::Int(26), Some("26")),
            (CellValue::Number(26.0), Some("26")),
            (CellValue::Number(0.1), Some("0.1")),
            (CellValue::Number(2815.27), Some("2815.27")),
            (CellValue::Number(0.1 + 0.2), Some("0.3")),
            (CellValue::Number(1e15), Some("1000000000000000")),
            (CellValue::Bool(true), Some("TRUE")),
            (CellValue::DateSerial(45000.0), Some("2023-03-15")),
            (
                CellValue::DateIso("2023-03-15T00:00:00".into()),
                Some("2023-03-15"),
            ),
            (CellValue::Error("#REF!".into()), Some("#REF!")),
        ];
        for (input, want) in cases {
            assert_eq!(text(input).as_deref(), *want, "input {input:?}");
        }
    }

    #[test]
    fn phones() {
        for p in [
            "8075108",
            "80751080",
            "0730-8075108",
            "0730 8075108",
            "(0730)8075108",
            "（0730）8075108",
            "07308075108",
            "010-62345678",
            "0730-8075108-123",
            "0730-8075108转123",
            "０７３０－８０７５１０８",
            "13800138000",
            "138-0013-8000",
            "138 0013 8000",
            "+86 13800138000",
            "8613800138000",
        ] {
            assert!(is_phone(p), "{p:?}");
        }
        for p in [
            "12345",
            "158973030650",
            "12800138000",
            "1380013800a",
            "abc",
            "",
            "0730-",
            "0080751080",
            "0123456",
            "+86 0730 8075108",
            "0730-8075108-1234567",
        ] {
            assert!(!is_phone(p), "{p:?}");
        }
    }

    #[test]
    fn common_ideographs_are_all_alphanumeric() {
        assert!(('\u{4E00}'..='\u{9FFF}').all(char::is_alphanumeric));
    }

    #[test]
    fn descriptions_are_chinese() {
        assert_eq!(TextNumber.describe(), "文本型数字已按数字读取");
        assert_eq!(
            unit("元", "÷10000").describe(),
            "已由元换算为万元（÷10000）"
        );
        assert!(unit("万元", "×1").describe().contains("万元"));
        assert!(UnitSuffix("人次".into()).describe().contains("人次"));
        assert!(
            Problem::UnknownUnit("美元".into())
                .describe()
                .contains("美元")
        );
        assert!(
            Problem::ErrorValue("#REF!".into())
                .describe()
                .contains("#REF!")
        );
        for c in [
            TextNumber,
            FullWidth,
            Separators,
            Spaces,
            ParenNegative,
            PercentSign,
            FractionAsPercent,
            PointsAsPercent,
            DateText,
            IntegerFromDecimal,
        ] {
            assert!(!c.describe().is_empty());
        }
        for p in [
            Problem::NotANumber,
            Problem::NotAnInteger,
            Problem::NotADate,
            Problem::Bool,
        ] {
            assert!(!p.describe().is_empty());
        }
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

    #[test]
    fn digits_are_scanned_with_their_groups() {
        let scan = |t: &str| {
            let c: Vec<char> = t.chars().collect();
            scan_digits(&c, 0).map(|d| (d.literal, d.end, d.grouped))
        };
        assert_eq!(scan("1,234.50万"), Some(("1234.50".into(), 8, true)));
        assert_eq!(scan(".5%"), Some(("0.5".into(), 2, false)));
        assert_eq!(scan("12,个"), Some(("12".into(), 2, false)));
        assert_eq!(scan("1,23"), None);
        assert_eq!(scan("1234,567"), None);
        assert_eq!(scan(",5"), None);
        assert_eq!(scan("万元"), None);
    }

    proptest! {
        #[test]
        fn plain_texts_are_never_placeholders(s in "[ 　:：/\\-—._·…。a-zA-Z0-9ａ-ｚＡ-Ｚ０-９无暂空指标项目\u{200B}\u{FEFF}]{0,14}") {
            if plainly_text(&s) {
                prop_assert!(!is_placeholder_normalized(&s), "{s:?}");
            }
        }

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

        #[test]
        fn placeholders_are_empty(
            p in prop_oneof![
                prop::sample::select(PLACEHOLDERS).prop_map(str::to_string),
                "[-—/.…]{1,6}",
            ],
            pre in prop::sample::select(&["", " ", "\u{3000}", "\u{a0}"][..]),
            post in prop::sample::select(&["", " ", "\u{3000}", "\t"][..]),
        ) {
            let s = format!("{pre}{p}{post}");
            prop_assert!(is_placeholder(&s));
            let v = t(&s);
            prop_assert_eq!(number(&v), Ok(None));
            prop_assert_eq!(money(&v), Ok(None));
            prop_assert_eq!(percent(&v), Ok(None));
            prop_assert_eq!(integer(&v), Ok(None));
            prop_assert_eq!(date(&v), Ok(None));
            prop_assert_eq!(text(&v), None);
        }
    }
}
