//! What department and project scoring share: names compared as
//! departments write them (a 评分表 row to its framework indicator, a project
//! indicator to its project), and findings pointed at their cells.

use crate::contract::cell::Spot;
use crate::contract::fields::{ColumnId, TBL_SCORES};
use crate::contract::finding::Finding;
use crate::ingest::model::{Department, Row};

/// A name as compared: no spaces, quotes or brackets, full-width folded.
pub fn name_key(s: &str) -> String {
    let (s, _) = crate::ingest::coerce::normalize::normalize(s);
    s.chars()
        .filter(|c| {
            !c.is_whitespace()
                && !matches!(
                    c,
                    '“' | '”' | '"' | '\'' | '‘' | '’' | '《' | '》' | '「' | '」'
                )
        })
        .collect()
}

pub(super) fn at_spot(f: Finding, spot: Option<&Spot>) -> Finding {
    match spot {
        Some(s) => f.at(s),
        None => f,
    }
}

pub(super) fn at_row(f: Finding, row: &Row, col: ColumnId) -> Finding {
    let key = format!("{}.{col}", row.table.key);
    at_spot(f, row.spot(col)).field(key)
}

/// A finding about a whole table: at its header's first cell.
pub(super) fn located_table(f: Finding, dept: &Department) -> Finding {
    match dept.table(&TBL_SCORES).and_then(|t| t.area.as_ref()) {
        Some(area) => f.at(&area.top_left()),
        None => f,
    }
}
