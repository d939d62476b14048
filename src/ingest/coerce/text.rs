//! Text fields: a cell of any kind as the text a user would read, blank for a
//! placeholder.

use crate::contract::cell::CellValue;
use crate::ingest::coerce::date::serial_to_date;
use crate::ingest::coerce::normalize::is_placeholder;
use crate::ingest::coerce::number::decimal_from_f64;

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
