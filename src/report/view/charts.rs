//! The geometry of the report's two charts, which templates draw as inline
//! SVG: figure 1, the expenditure composition as one stacked bar (each
//! part's share of 支出合计, width, offset and colour), and figure 2, each level-one
//! indicator's points and score as bars scaled to the largest points.

use rust_decimal::Decimal;

use crate::contract::fields::{ColumnId, col};
use crate::contract::number::{fixed, percent_text};
use crate::ingest::model::Row;
use crate::report::view::model::{CellRef, Level, Slice, Source};
use crate::report::view::prose::{share, shares_fit};
use crate::report::view::trace::Trace;
use crate::rules::score::DepartmentScore;

const PALETTE: [&str; 6] = [
    "#2f6db5", "#e0892b", "#3f9c5a", "#b8483e", "#7b5ea7", "#5b8e99",
];

/// Figure 1: the parts of the year's expenditure (人员支出 and 公用支出,
/// or 基本支出 when it is not split; 项目支出), in order, each placed after
/// the ones before it, each a share of 支出合计. No chart when 支出合计 is
/// not given or the parts do not fit in it ([`shares_fit`]): its bars would
/// say what the workbook does not.
pub(super) fn composition(summary: Option<&Row>, t: &mut Trace) -> Vec<Slice> {
    let at = "spending.composition";
    let Some(row) = summary else {
        return Vec::new();
    };
    let Some(whole) = row.dec(col::EXPENSE_TOTAL) else {
        return Vec::new();
    };
    let split = row.dec(col::PERSONNEL).is_some() && row.dec(col::PUBLIC_EXP).is_some();
    let ids: &[(&str, ColumnId)] = if split {
        &[
            ("人员支出", col::PERSONNEL),
            ("公用支出", col::PUBLIC_EXP),
            ("项目支出", col::PROJECT),
        ]
    } else {
        &[("基本支出", col::BASIC), ("项目支出", col::PROJECT)]
    };
    let parts: Vec<(&str, ColumnId, Decimal)> = ids
        .iter()
        .filter_map(|(name, id)| Some((*name, *id, row.dec(*id)?)))
        .collect();
    let values: Vec<Decimal> = parts.iter().map(|p| p.2).collect();
    if !shares_fit(&values, whole) {
        return Vec::new();
    }
    let mut offset = Decimal::ZERO;
    parts
        .into_iter()
        .filter(|p| p.2 > Decimal::ZERO)
        .enumerate()
        .map(|(i, (name, id, amount))| {
            let share = share(amount, whole).unwrap_or_default();
            t.shown(|| fixed(amount, 2), || Source::column(row, id), at);
            t.shown(
                || percent_text(share, 2),
                || {
                    Source::formula(
                        format!("{name} ÷ 支出合计 × 100%"),
                        vec![
                            CellRef::column(row, id),
                            CellRef::column(row, col::EXPENSE_TOTAL),
                        ],
                    )
                },
                at,
            );
            let slice = Slice {
                name: name.to_string(),
                amount,
                share,
                width: fixed(share, 1),
                offset: fixed(offset, 1),
                color: PALETTE[i % PALETTE.len()],
            };
            offset += share;
            slice
        })
        .collect()
}

/// Figure 2: each level-one indicator, its bars' widths a percentage of
/// the largest points (at least 1).
pub(super) fn levels(d: &DepartmentScore) -> Vec<Level> {
    let max = d
        .level1
        .iter()
        .map(|l| l.points)
        .max()
        .unwrap_or(Decimal::ONE)
        .max(Decimal::ONE);
    let width = |v: Decimal| fixed((v * Decimal::ONE_HUNDRED / max).max(Decimal::ZERO), 1);
    d.level1
        .iter()
        .map(|l| Level {
            name: l.name.clone(),
            points: l.points,
            score: l.score,
            self_score: l.self_score,
            points_width: width(l.points),
            score_width: width(l.score),
        })
        .collect()
}
