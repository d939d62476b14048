//! How a 三级指标 is scored: its rule (linear, bands, proportional, compare,
//! checklist, per item, self-scored), the outcome of a zero denominator or
//! missing data, and the percentage intervals of step bands.

use std::fmt;
use std::sync::Arc;

use rust_decimal::Decimal;
use serde::Deserialize;

use crate::contract::fields::FieldKey;
use crate::ingest::model::Department;
use crate::rules::formula::Formula;
use crate::rules::framework::number::number;
use crate::rules::metrics::{Input, Measured, Metric};

/// What a rule measures (指标数据): a built-in metric named by its id, or a
/// formula of the framework's own (`metric = "=…"`).
#[derive(Debug, Clone, PartialEq)]
pub enum Measure {
    /// A built-in metric (`budget_completion`).
    Builtin(Metric),
    /// A formula over the workbook's fields.
    Formula(Arc<Formula>),
}

impl From<Metric> for Measure {
    fn from(m: Metric) -> Measure {
        Measure::Builtin(m)
    }
}

impl PartialEq<Metric> for Measure {
    fn eq(&self, other: &Metric) -> bool {
        matches!(self, Measure::Builtin(m) if m == other)
    }
}

impl Measure {
    /// The Chinese name, for explanations: the metric's, or for a formula
    /// the indicator's.
    pub(crate) fn label(&self) -> &str {
        match self {
            Measure::Builtin(m) => m.label(),
            Measure::Formula(f) => f.label(),
        }
    }

    /// The formula, in Chinese for a built-in metric, as written for a
    /// formula.
    pub(crate) fn formula(&self) -> &str {
        match self {
            Measure::Builtin(m) => m.formula(),
            Measure::Formula(f) => f.source(),
        }
    }

    /// Every input it reads.
    pub(crate) fn inputs(&self) -> Vec<Input> {
        match self {
            Measure::Builtin(m) => m.inputs(),
            Measure::Formula(f) => f.inputs(),
        }
    }

    /// Measures on a department, exactly.
    pub(crate) fn measure(&self, dept: &Department) -> Measured {
        match self {
            Measure::Builtin(m) => m.measure(dept),
            Measure::Formula(f) => f.measure(dept),
        }
    }
}

/// A policy's outcome.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Outcome {
    /// Full points.
    Full,
    /// No points.
    Zero,
    /// No points, and an error finding.
    ZeroError,
    /// The department's self-score, within the points, with a note.
    SelfScore,
}

/// Which side of the standard loses points.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Worse {
    /// 超过标准扣分 (控制率、变动率).
    Above,
    /// 低于标准扣分 (执行率、刷卡率、利用率).
    Below,
}

/// How an indicator is scored.
#[derive(Debug, Clone, PartialEq)]
pub enum Rule {
    /// Full points at or within `standard`; `per_point` off for each
    /// percentage point past it (fractions count proportionally), floor 0.
    Linear {
        /// What is measured.
        metric: Measure,
        /// The standard, in the metric's unit (percent for a rate).
        standard: Decimal,
        /// Which side of the standard loses points.
        worse: Worse,
        /// Points off per percentage point past the standard.
        per_point: Decimal,
    },
    /// Step bands: the score of the band the value falls in.
    Bands {
        /// What is measured.
        metric: Measure,
        /// Compare the absolute value (a 追减 counts like a 追加).
        absolute: bool,
        /// The values the metric can take (满意度: `[0,100]`); a value outside
        /// it is a mistake in the workbook and scores nothing until corrected.
        domain: Interval,
        /// The bands, in the framework's order.
        bands: Vec<Band>,
    },
    /// points × value ÷ 100, capped at `cap` (default: the points).
    Proportional {
        /// What is measured.
        metric: Measure,
        /// The most it can score; `None`: the indicator's points.
        cap: Option<Decimal>,
    },
    /// Compares an amount with a reference amount: `none` when the amount is
    /// ≤ 0, `within` when it is ≤ the reference, `beyond` otherwise.
    Compare {
        /// The amount.
        metric: Measure,
        /// The amount it is compared with.
        reference: Measure,
        /// The score when the amount is ≤ 0.
        none: Decimal,
        /// The score when the amount is ≤ the reference.
        within: Decimal,
        /// The score when the amount is above the reference.
        beyond: Decimal,
    },
    /// Items each worth points; the department's self-score must be a sum of
    /// some of them.
    Checklist {
        /// The items, in the framework's order.
        items: Vec<ChecklistItem>,
    },
    /// `per` off for each violation or late item, floor 0. With `count`, the
    /// number comes from that workbook field; otherwise from the self-score,
    /// which must be points − k × per.
    PerItem {
        /// The workbook field that gives the number, if any.
        count: Option<FieldKey>,
        /// Points off per violation or late item.
        per: Decimal,
    },
    /// Self-scored within the points; a reason is required below full.
    SelfScored,
}

impl Rule {
    /// The inputs of a rule that measures by a formula (its metric or its
    /// reference): every input its measures read; `None` for a rule of
    /// built-in metrics only, or one that measures nothing.
    pub(crate) fn formula_inputs(&self) -> Option<Vec<Input>> {
        if !self
            .measures()
            .iter()
            .any(|m| matches!(m, Measure::Formula(_)))
        {
            return None;
        }
        Some(self.measure_inputs())
    }

    /// Every input its measures read, in order, once each.
    pub(crate) fn measure_inputs(&self) -> Vec<Input> {
        let mut out: Vec<Input> = Vec::new();
        for i in self.measures().iter().flat_map(|m| m.inputs()) {
            if !out.contains(&i) {
                out.push(i);
            }
        }
        out
    }

    /// What the rule measures: its metric, and a compare rule's reference.
    fn measures(&self) -> Vec<&Measure> {
        match self {
            Rule::Linear { metric, .. }
            | Rule::Bands { metric, .. }
            | Rule::Proportional { metric, .. } => vec![metric],
            Rule::Compare {
                metric, reference, ..
            } => vec![metric, reference],
            Rule::Checklist { .. } | Rule::PerItem { .. } | Rule::SelfScored => Vec::new(),
        }
    }
}

/// A checklist item (①②③).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChecklistItem {
    pub(crate) text: String,
    /// What the item is worth.
    #[serde(deserialize_with = "number")]
    pub points: Decimal,
}

/// A band of a step rule: an interval and its score.
#[derive(Debug, Clone, PartialEq)]
pub struct Band {
    pub(crate) interval: Interval,
    pub(crate) score: Decimal,
}

/// An interval of percentages: `=0`, `(0,10]`, `[90,)`, `(,60)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Interval {
    /// `None`: unbounded.
    pub low: Option<(Decimal, bool)>,
    /// `None`: unbounded; the flag says whether the bound is included.
    pub high: Option<(Decimal, bool)>,
}

impl Interval {
    pub fn contains(&self, v: Decimal) -> bool {
        let above_low = match self.low {
            None => true,
            Some((l, closed)) => v > l || (closed && v == l),
        };
        let below_high = match self.high {
            None => true,
            Some((h, closed)) => v < h || (closed && v == h),
        };
        above_low && below_high
    }

    /// Parses `=0`, `(0,10]`, `[90,)`, `(,60)`, `[0,100]`.
    pub fn parse(s: &str) -> Option<Interval> {
        let s: String = s.chars().filter(|c| !c.is_whitespace()).collect();
        if let Some(v) = s.strip_prefix('=') {
            let v: Decimal = v.trim_end_matches('%').parse().ok()?;
            return Some(Interval {
                low: Some((v, true)),
                high: Some((v, true)),
            });
        }
        let low_closed = match s.chars().next()? {
            '[' => true,
            '(' => false,
            _ => return None,
        };
        let high_closed = match s.chars().last()? {
            ']' => true,
            ')' => false,
            _ => return None,
        };
        let inner = &s[1..s.len() - 1];
        let (a, b) = inner.split_once(',')?;
        let bound = |t: &str, closed: bool| -> Option<Option<(Decimal, bool)>> {
            if t.is_empty() {
                return Some(None);
            }
            Some(Some((t.trim_end_matches('%').parse().ok()?, closed)))
        };
        let low = bound(a, low_closed)?;
        let high = bound(b, high_closed)?;
        if (low.is_none() && low_closed) || (high.is_none() && high_closed) {
            return None;
        }
        if let (Some((l, _)), Some((h, _))) = (low, high)
            && l >= h
        {
            return None;
        }
        Some(Interval { low, high })
    }
}

impl Interval {
    /// The interval as a reader says it: `(20,)` → “20% 以上”, `[90,)` →
    /// “90% 及以上”, `(,60)` → “低于 60%”, `(10,20]` → “10%（不含）至
    /// 20%（含）”, `=0` → “等于 0%”. The notation ([`fmt::Display`]) is
    /// for framework files.
    pub fn zh(&self) -> String {
        let side = |closed: bool| if closed { "含" } else { "不含" };
        match (self.low, self.high) {
            (Some((l, true)), Some((h, true))) if l == h => format!("等于 {l}%"),
            (Some((l, lc)), Some((h, hc))) => {
                format!("{l}%（{}）至 {h}%（{}）", side(lc), side(hc))
            }
            (Some((l, true)), None) => format!("{l}% 及以上"),
            (Some((l, false)), None) => format!("{l}% 以上"),
            (None, Some((h, true))) => format!("{h}% 及以下"),
            (None, Some((h, false))) => format!("低于 {h}%"),
            (None, None) => "任意值".to_string(),
        }
    }
}

impl fmt::Display for Interval {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let (Some((l, true)), Some((h, true))) = (self.low, self.high)
            && l == h
        {
            return write!(f, "={l}%");
        }
        match self.low {
            None => f.write_str("(")?,
            Some((l, c)) => write!(f, "{}{l}%", if c { '[' } else { '(' })?,
        }
        f.write_str(",")?;
        match self.high {
            None => f.write_str(")"),
            Some((h, c)) => write!(f, "{h}%{}", if c { ']' } else { ')' }),
        }
    }
}
