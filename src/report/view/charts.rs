//! The geometry of the report's two charts, which templates draw as inline
//! SVG: figure 1, the expenditure composition as one stacked bar (each
//! part's share, width, offset and colour), and figure 2, each level-one
//! indicator's points and score as bars scaled to the largest points.

use rust_decimal::Decimal;

use crate::contract::number::fixed;
use crate::ingest::model::Department;
use crate::report::view::model::{Level, Slice};
use crate::report::view::prose::share;
use crate::rules::metrics;
use crate::rules::score::DepartmentScore;

const PALETTE: [&str; 6] = [
    "#2f6db5", "#e0892b", "#3f9c5a", "#b8483e", "#7b5ea7", "#5b8e99",
];

/// Figure 1: the parts of the year's expenditure, in order, each placed
/// after the ones before it.
pub(super) fn composition(dept: &Department) -> Vec<Slice> {
    let parts = metrics::spending_parts(dept);
    let whole: Decimal = parts.iter().map(|(_, v)| *v).sum();
    let mut offset = Decimal::ZERO;
    parts
        .into_iter()
        .enumerate()
        .map(|(i, (name, amount))| {
            let share = share(amount, whole).unwrap_or_default();
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
