//! Dates as departments enter them: Excel serials (1900 system), ISO text
//! from .ods, and dates typed as text ("2023年3月15日", "2023/3/15",
//! "20230315", "二〇二三年三月十五日").

use chrono::{Days, NaiveDate};

use crate::contract::cell::CellValue;
use crate::ingest::coerce::normalize::{is_placeholder, normalize};
use crate::ingest::coerce::{Coerced, Coercion, Problem, push};

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
