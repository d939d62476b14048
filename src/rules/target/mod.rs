//! Project performance targets (年度指标值) as written by departments, parsed
//! into comparable quantities, and each project indicator scored against them.
//!
//! Everything here is a pure function over text and
//! [`Decimal`](rust_decimal::Decimal)s (SPEC §7): [`parse_target`] reads the
//! 年度指标值, [`parse_actual`] the 实际完成值,
//! [`unit_from_name`] the unit written in the indicator's name ("参保人数（人）"),
//! and [`score_indicator`] computes the system score exactly, unrounded; callers
//! round half-up with [`crate::contract::number::round_half_up`] for display.
//!
//! Decisions beyond the SPEC, each documented where it applies:
//! - a bare number is "higher is better" (≥), except a bare 0, which is "lower is
//!   better" (≤ 0: 重复参保人数 0);
//! - 达到 reads as ≥ ("达到95%" is met by 96%);
//! - "万" alone is 万元 as in `crate::ingest::coerce`; "万人" multiplies by 10000;
//! - a bare actual in (0, 1] against a percentage target of at least 10% is a
//!   fraction typed for a percentage (0.96 → 96%);
//! - a numeric target with a text actual ("已完成") is not scored: only the text's
//!   verdict and the self-score band are reported;
//! - a bare number takes the unit of the indicator's name, else of the other
//!   side, but never a per-unit one ("=200元/人" against "63.40" is a unit
//!   mismatch, not a ratio): a per-head standard is often set against a
//!   total, and only the row can say which the bare figure is;
//! - an empty 年度指标值 on a quantitative row is not scored (the total takes
//!   the self-score), nor is a unit mismatch;
//! - a met target is exceeded by far at 150% of a ≥ target, or half of a ≤
//!   target (above 0).
//!
//! The quantities and units a target is written in are `quantity`; reading
//! the text is `parse`; comparing and scoring is `compare`; the arithmetic
//! that reconciles a per-unit figure with a total is `reconcile`.

mod compare;
mod parse;
mod quantity;
mod reconcile;

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests;

pub use compare::{Outcome, score_indicator};
pub use parse::{parse_actual, parse_target, unit_from_name};
pub use quantity::{Actual, Direction, Op, Quantity, Target, Unit};
pub use reconcile::{Count, reconcile};
