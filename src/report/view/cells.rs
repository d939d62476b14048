//! The workbook's text as the view gives it: trimmed, `None` when a cell is
//! empty, a long cell split into paragraphs. Its own module because both
//! the view's builder and the derived problems and measures read cells.

use crate::contract::fields::{ColumnId, FieldKey};
use crate::ingest::model::{Department, Row};

/// A text, trimmed, or `None` when there is none.
fn trimmed(s: Option<&str>) -> Option<String> {
    s.map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

pub(super) fn text(dept: &Department, key: FieldKey) -> Option<String> {
    trimmed(dept.text(key))
}

pub(super) fn row_text(row: &Row, id: ColumnId) -> Option<String> {
    trimmed(row.text(id))
}

/// A cell as the department wrote it: its text, or a not-applicable
/// marker (“无”, “—”) as typed.
pub(super) fn row_written(row: &Row, id: ColumnId) -> Option<String> {
    trimmed(row.written(id))
}

/// The non-empty lines of a text cell.
pub(super) fn paragraphs(text: Option<&str>) -> Vec<String> {
    text.unwrap_or_default()
        .lines()
        .map(|l| l.trim_matches(|c: char| c.is_whitespace()))
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect()
}
