//! What every family of checks shares: placing a finding at its cell, when
//! two figures disagree under the run's [`Settings`], and a row's total
//! against the sum of its parts.

use rust_decimal::Decimal;

use crate::contract::fields::ColumnId;
use crate::contract::finding::{Code, Finding};
use crate::contract::number::fixed;
use crate::ingest::model::{Entry, Row};
use crate::rules::settings::{Settings, differ};

pub(super) fn located(f: Finding, entry: &Entry) -> Finding {
    match &entry.spot {
        Some(s) => f.at(s),
        None => f,
    }
}

pub(super) fn disagree(a: Decimal, b: Decimal, ctx: &Settings) -> bool {
    differ(a, b, ctx.tolerance)
}

/// Sum of the given columns; `None` when none of them has a value.
pub(super) fn sum_cols(row: &Row, ids: &[ColumnId]) -> Option<Decimal> {
    let values: Vec<Decimal> = ids.iter().filter_map(|id| row.dec(*id)).collect();
    (!values.is_empty()).then(|| values.iter().sum())
}

/// A column's header label, 收入合计.
pub(super) fn label(row: &Row, id: ColumnId) -> &'static str {
    row.table.columns[row.table.col(id)].label
}

/// The row's unit (its first column), for messages.
pub(super) fn unit(row: &Row) -> &str {
    row.text(row.table.columns[0].col_id()).unwrap_or("")
}

/// `a + b + c`, with the column labels, for messages.
fn formula_text(row: &Row, ids: &[ColumnId]) -> String {
    let parts: Vec<String> = ids
        .iter()
        .map(|id| {
            let v = row
                .dec(*id)
                .map_or_else(|| "0".to_string(), |d| fixed(d, 2));
            format!("{} {v}", label(row, *id))
        })
        .collect();
    parts.join(" + ")
}

/// `row[total] = Σ row[parts]`: the finding at the total's cell when they
/// disagree; `None` when they agree or either side is blank.
pub(super) fn row_sum(
    row: &Row,
    total: ColumnId,
    parts: &[ColumnId],
    code: Code,
    ctx: &Settings,
) -> Option<Finding> {
    let (Some(stated), Some(sum)) = (row.dec(total), sum_cols(row, parts)) else {
        return None;
    };
    if !disagree(stated, sum, ctx) {
        return None;
    }
    let what = label(row, total);
    Some(located(
        Finding::new(
            code,
            format!(
                "{}“{}”：{what} {} ≠ {} = {}",
                row.table.label,
                unit(row),
                fixed(stated, 2),
                formula_text(row, parts),
                fixed(sum, 2)
            ),
        )
        .field(format!("{}.{total}", row.table.key))
        .expected(fixed(sum, 2))
        .found(fixed(stated, 2))
        .hint(format!(
            "把本行“{what}”改为 {}，或核对各组成部分（差额 {}）",
            fixed(sum, 2),
            fixed(stated - sum, 2)
        )),
        row.entry(total),
    ))
}
