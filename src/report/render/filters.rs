//! The domain filters templates format numbers, dates and text with (`wan`,
//! `pct`, `num`, `date_zh`, `cn_num`, `br`, documented in
//! `docs/templates.md`), and the Markdown escaping the `.md` templates get:
//! the report's wording of values, kept apart from loading and rendering
//! the templates.

use std::io::Write;
use std::str::FromStr;

use rust_decimal::Decimal;
use rust_decimal::prelude::FromPrimitive;
use tera::{Kwargs, State, Tera, Value};

use crate::contract::number::{fixed, grouped, percent_text};

/// Escapes text for Markdown (GFM): punctuation that would start emphasis,
/// links, code, tables or headings is backslash-escaped, `<`, `>` and `&`
/// become entities (raw HTML passes through Markdown renderers), and line
/// breaks become `<br>` so that a value never breaks a table row or starts a
/// block of its own. Tera escapes `.md` output with nothing by default.
pub(super) fn escape_markdown(input: &str, out: &mut dyn Write) -> std::io::Result<()> {
    let text = input.trim_start_matches([' ', '\t']);
    let mut at_start = true;
    let mut leading_digits = true;
    // Characters kept as they are go out in runs, from `plain` on.
    let mut plain = 0;
    let mut chars = text.char_indices().peekable();
    while let Some((at, ch)) = chars.next() {
        let next = chars.peek().map(|&(_, c)| c);
        let backslashed = match ch {
            '\\' | '`' | '*' | '_' | '[' | ']' | '#' | '|' | '~' => true,
            // `- `, `+ `, `= ` or a rule (`---`, `===`) would start a block.
            '-' | '+' | '=' => at_start && next.is_none_or(|c| c == ' ' || c == ch),
            // `1. ` would start an ordered list.
            '.' | ')' => leading_digits && !at_start && next.is_none_or(|c| c == ' '),
            _ => false,
        };
        let replaced: Option<&[u8]> = match ch {
            '<' => Some(b"&lt;"),
            '>' => Some(b"&gt;"),
            '&' => Some(b"&amp;"),
            '\r' => Some(b""),
            '\n' => Some(b"<br>"),
            _ => None,
        };
        leading_digits = leading_digits && ch.is_ascii_digit();
        at_start = false;
        if backslashed {
            out.write_all(&text.as_bytes()[plain..at])?;
            out.write_all(b"\\")?;
            // The character itself starts the next run.
            plain = at;
        } else if let Some(with) = replaced {
            out.write_all(&text.as_bytes()[plain..at])?;
            out.write_all(with)?;
            plain = at + ch.len_utf8();
        }
    }
    out.write_all(&text.as_bytes()[plain..])
}

/// A number from a template value: a decimal string (how the view model
/// gives amounts), an integer or a float.
fn decimal(v: &Value) -> Option<Decimal> {
    if let Some(s) = v.as_str() {
        return Decimal::from_str(s.trim()).ok();
    }
    if let Some(i) = v.as_i128() {
        return Decimal::from_i128(i);
    }
    v.as_f64().and_then(Decimal::from_f64)
}

/// What a filter shows for a value that is not there.
const NONE: &str = "—";

/// The domain filters, as documented in `docs/templates.md`.
#[cfg(test)]
pub const FILTERS: [&str; 6] = ["wan", "pct", "num", "date_zh", "cn_num", "br"];

pub(super) fn register_filters(tera: &mut Tera, markdown: bool) {
    tera.register_filter(
        "wan",
        |v: &Value, kwargs: Kwargs, _: &State| -> tera::TeraResult<String> {
            let unit = kwargs.get::<bool>("unit")?.unwrap_or(false);
            Ok(match decimal(v) {
                Some(d) if unit => format!("{}万元", grouped(d, 2)),
                Some(d) => grouped(d, 2),
                None => NONE.to_string(),
            })
        },
    );
    tera.register_filter(
        "pct",
        |v: &Value, kwargs: Kwargs, _: &State| -> tera::TeraResult<String> {
            let dp = kwargs.get::<u32>("dp")?.unwrap_or(2).min(6);
            Ok(decimal(v).map_or_else(|| NONE.to_string(), |d| percent_text(d, dp)))
        },
    );
    tera.register_filter(
        "num",
        |v: &Value, kwargs: Kwargs, _: &State| -> tera::TeraResult<String> {
            let dp = kwargs.get::<u32>("dp")?.unwrap_or(2).min(6);
            Ok(decimal(v).map_or_else(|| NONE.to_string(), |d| fixed(d, dp)))
        },
    );
    tera.register_filter("date_zh", |v: &Value, _: Kwargs, _: &State| -> String {
        match v.as_str() {
            Some(s) => date_zh(s),
            None => NONE.to_string(),
        }
    });
    tera.register_filter(
        "cn_num",
        |v: &Value, _: Kwargs, _: &State| -> tera::TeraResult<String> {
            let n = v
                .as_i64()
                .ok_or_else(|| tera::Error::message(format!("cn_num 需要整数，得到 {v}")))?;
            Ok(cn_num(n))
        },
    );
    // Multi-line text: escaped, with line breaks kept.
    if markdown {
        tera.register_filter("br", |v: &Value, _: Kwargs, _: &State| -> Value {
            let mut out = Vec::new();
            let text = v.as_str().map_or_else(|| v.to_string(), str::to_string);
            let _ = escape_markdown(&text, &mut out);
            Value::safe_string(&String::from_utf8_lossy(&out))
        });
    } else {
        tera.register_filter("br", |v: &Value, _: Kwargs, _: &State| -> Value {
            let text = v.as_str().map_or_else(|| v.to_string(), str::to_string);
            let mut out = Vec::new();
            let _ = tera::escape_html(&text, &mut out);
            let escaped = String::from_utf8_lossy(&out).replace('\n', "<br>");
            Value::safe_string(&escaped)
        });
    }
}

/// `2023-03-20` → `2023年3月20日`; anything else as given.
pub(super) fn date_zh(iso: &str) -> String {
    match chrono::NaiveDate::parse_from_str(iso.get(..10).unwrap_or(iso), "%Y-%m-%d") {
        Ok(d) => {
            use chrono::Datelike;
            format!("{}年{}月{}日", d.year(), d.month(), d.day())
        }
        Err(_) => iso.to_string(),
    }
}

/// 1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 99 → 九十九; other numbers as digits.
pub(super) fn cn_num(n: i64) -> String {
    const DIGITS: [&str; 10] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    match n {
        0..=9 => DIGITS[n as usize].to_string(),
        10..=99 => {
            let (tens, ones) = ((n / 10) as usize, (n % 10) as usize);
            let mut s = String::new();
            if tens > 1 {
                s.push_str(DIGITS[tens]);
            }
            s.push('十');
            if ones > 0 {
                s.push_str(DIGITS[ones]);
            }
            s
        }
        _ => n.to_string(),
    }
}
