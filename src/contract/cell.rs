//! Cell values and cell positions as jixiao sees them, whatever format or reader
//! they came from, so that parsing and validation never depend on calamine types.

use std::fmt;

/// The one word for a blank cell or a missing figure wherever one is
/// shown (实为, a formula with its figures put in, a comparison of
/// versions): never 无, which a department writes for “not applicable”.
pub const EMPTY: &str = "（空）";

/// A cell's content as stored in the file, before any interpretation.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum CellValue {
    /// A blank cell.
    Empty,
    /// Text as typed (not trimmed).
    Text(String),
    /// A floating-point number (what .xlsx and .ods store for every number).
    Number(f64),
    /// An integer (what .xls stores for whole numbers).
    Int(i64),
    /// A boolean (TRUE or FALSE).
    Bool(bool),
    /// A date or date-time stored as an Excel serial number (1900 system,
    /// already adjusted when the workbook uses the 1904 system).
    DateSerial(f64),
    /// A date or date-time as ISO 8601 text (what .ods stores).
    DateIso(String),
    /// An error value such as `#REF!` or `#DIV/0!`.
    Error(String),
}

impl CellValue {
    /// Whether the cell holds nothing, or only white space.
    pub(crate) fn is_blank(&self) -> bool {
        match self {
            CellValue::Empty => true,
            CellValue::Text(s) => s.trim_matches(|c: char| c.is_whitespace()).is_empty(),
            _ => false,
        }
    }

    /// The value as a user would read it in the cell, for messages (`found`).
    pub(crate) fn display(&self) -> String {
        match self {
            CellValue::Empty => EMPTY.to_string(),
            CellValue::Text(s) => s.clone(),
            CellValue::Number(n) => {
                // Excel shows at most 15 significant digits.
                let s = format!("{n:.10}");
                let s = s.trim_end_matches('0').trim_end_matches('.');
                s.to_string()
            }
            CellValue::Int(i) => i.to_string(),
            CellValue::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
            CellValue::DateSerial(n) => format!("日期序列值 {n}"),
            CellValue::DateIso(s) => s.clone(),
            CellValue::Error(e) => e.clone(),
        }
    }
}

/// A cell position: a sheet name and zero-based row and column.
#[derive(
    Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub struct Spot {
    pub(crate) sheet: String,
    pub(crate) row: u32,
    pub(crate) col: u32,
}

impl Spot {
    pub(crate) fn new(sheet: impl Into<String>, row: u32, col: u32) -> Self {
        Spot {
            sheet: sheet.into(),
            row,
            col,
        }
    }

    /// The A1 reference of the cell, e.g. `D7`.
    pub(crate) fn a1(&self) -> String {
        a1(self.row, self.col)
    }
}

impl fmt::Display for Spot {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}!{}", self.sheet, self.a1())
    }
}

/// The column letters of a zero-based column index (0 → `A`, 26 → `AA`).
pub(crate) fn col_letters(col: u32) -> String {
    let mut n = col + 1;
    let mut out = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        out.push(b'A' + rem as u8);
        n = (n - 1) / 26;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// The A1 reference of a zero-based row and column.
pub fn a1(row: u32, col: u32) -> String {
    format!("{}{}", col_letters(col), row + 1)
}

/// Parses `D7` / `$D$7` into zero-based (row, col).
pub(crate) fn parse_a1(s: &str) -> Option<(u32, u32)> {
    let s = s.trim().replace('$', "");
    let split = s.find(|c: char| c.is_ascii_digit())?;
    let (letters, digits) = s.split_at(split);
    if letters.is_empty() || letters.len() > 3 || !letters.chars().all(|c| c.is_ascii_alphabetic())
    {
        return None;
    }
    let mut col: u32 = 0;
    for ch in letters.chars() {
        col = col * 26 + (ch.to_ascii_uppercase() as u32 - 'A' as u32 + 1);
    }
    let row: u32 = digits.parse().ok()?;
    if row == 0 || col == 0 || row > 1_048_576 || col > 16_384 {
        return None;
    }
    Some((row - 1, col - 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a1_round_trips() {
        for (r, c) in [(0, 0), (6, 3), (99, 25), (0, 26), (1_048_575, 16_383)] {
            assert_eq!(parse_a1(&a1(r, c)), Some((r, c)));
        }
        assert_eq!(a1(6, 3), "D7");
        assert_eq!(a1(0, 16_383), "XFD1");
        assert_eq!(parse_a1("$AB$12"), Some((11, 27)));
        assert_eq!(parse_a1("A0"), None);
        assert_eq!(parse_a1("XFE1"), None);
        assert_eq!(parse_a1("12"), None);
    }

    #[test]
    fn blank_cells() {
        assert!(CellValue::Text(" \u{3000}".into()).is_blank());
        assert!(!CellValue::Number(0.0).is_blank());
    }
}
