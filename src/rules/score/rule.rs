//! One department indicator scored by its framework rule: the metric measured
//! from the workbook and scored (linear, bands, proportional, compare), a
//! checklist's or per-item self-score checked, and the framework's policy
//! applied to a zero denominator or missing data. Unrounded; the caller
//! rounds and compares with the self-score.

use rust_decimal::Decimal;
use serde::Serialize;

use crate::contract::cell::Spot;
use crate::contract::fields::{TBL_SCORES, col};
use crate::contract::finding::{Code, Finding};
use crate::contract::number::fixed;
use crate::ingest::model::Department;
use crate::rules::formula::Holds;
use crate::rules::framework::{Indicator, Measure, Outcome, Rule, Worse};
use crate::rules::metrics::Measured;
use crate::rules::score::locate::{at_spot, located_table};

/// How an indicator's system score was reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Basis {
    /// Computed from the workbook's figures.
    Computed,
    /// The department's self-score, as the rule asks (self-scored,
    /// checklist, per-item without a count).
    SelfScore,
    /// The department's self-score standing in for figures the workbook
    /// lacks, or for a rate with a zero denominator (the framework's
    /// `self-score` policy).
    SelfScoreForData,
    /// A framework policy (zero denominator, missing data).
    Policy,
    /// No score: neither the data the rule needs nor a self-score to fall
    /// back on, or a value outside what the metric can take (无法计分).
    Unscorable,
}

fn pct(v: Decimal) -> String {
    crate::contract::number::percent_text(v, 2)
}

/// The result of applying a rule, before rounding.
pub(super) struct Applied {
    /// `None` when the indicator cannot be scored ([`Basis::Unscorable`]).
    pub(super) system: Option<Decimal>,
    pub(super) basis: Basis,
    pub(super) computed: Option<String>,
    pub(super) explain: String,
}

impl Applied {
    /// A score computed from the workbook's figures, `shown` in the 计算值 column.
    fn computed(system: Decimal, shown: String, explain: String) -> Applied {
        Applied {
            system: Some(system),
            basis: Basis::Computed,
            computed: Some(shown),
            explain,
        }
    }

    /// No score, for the reason given.
    fn unscorable(computed: Option<String>, why: String) -> Applied {
        Applied {
            system: None,
            basis: Basis::Unscorable,
            computed,
            explain: why,
        }
    }
}

/// Applies a policy outcome (zero denominator, missing data).
pub(super) fn policy(
    outcome: Outcome,
    points: Decimal,
    self_score: Option<Decimal>,
    why: String,
) -> Applied {
    match outcome {
        Outcome::Full => Applied {
            system: Some(points),
            basis: Basis::Policy,
            computed: None,
            explain: format!("{why}，按规则计满分"),
        },
        Outcome::Zero | Outcome::ZeroError => Applied {
            system: Some(Decimal::ZERO),
            basis: Basis::Policy,
            computed: None,
            explain: format!("{why}，按规则不得分"),
        },
        Outcome::SelfScore => match self_score {
            Some(s) => Applied {
                system: Some(s),
                basis: Basis::SelfScoreForData,
                computed: None,
                explain: format!("{why}，采用自评得分"),
            },
            None => Applied::unscorable(None, format!("{why}，且未自评，无法计分")),
        },
    }
}

/// Missing inputs: the indicator's `missing` policy, noted when the
/// self-score stands in.
fn missing_data(
    ind: &Indicator,
    inputs: &[crate::rules::metrics::Input],
    self_score: Option<Decimal>,
    findings: &mut Vec<Finding>,
    spot: Option<&Spot>,
) -> Applied {
    let what = inputs
        .iter()
        .map(|i| i.label())
        .collect::<Vec<_>>()
        .join("、");
    if ind.missing == Outcome::SelfScore && spot.is_some() {
        findings.push(
            at_spot(
                Finding::new(
                    Code::ScoreNoData,
                    format!("指标“{}”缺少数据（{what}），采用自评得分", ind.name),
                ),
                spot,
            )
            .field(TBL_SCORES.column_key(col::SELF_SCORE))
            .hint(format!("填写{what}后，系统可按数据计分")),
        );
    }
    policy(ind.missing, ind.points, self_score, format!("缺少{what}"))
}

/// Measures a metric and handles a zero denominator or missing data by the
/// indicator's policies; `Ok(value)` to go on scoring.
fn measured(
    dept: &Department,
    ind: &Indicator,
    metric: &Measure,
    self_score: Option<Decimal>,
    findings: &mut Vec<Finding>,
    spot: Option<&Spot>,
) -> Result<Decimal, Applied> {
    match metric.measure(dept) {
        Measured::Value(v) => Ok(v),
        Measured::ZeroBase { numerator } if numerator.is_zero() => Err(policy(
            ind.zero_base,
            ind.points,
            self_score,
            format!("{}的分母为 0（无预算、无基数）", metric.label()),
        )),
        Measured::ZeroBase { numerator } => {
            if ind.zero_base_nonzero == Outcome::ZeroError {
                let f = Finding::new(
                    Code::ScoreZeroBase,
                    format!(
                        "{}无法计算：分母为 0 而分子为 {}（{}）",
                        metric.label(),
                        fixed(numerator, 2),
                        metric.formula()
                    ),
                )
                .field(TBL_SCORES.column_key(col::SELF_SCORE))
                .hint("没有预算（或基数）却有支出：核对预算数，或说明无预算支出的原因");
                // At the indicator's row, or the 评分表 when the row is missing.
                findings.push(match spot {
                    Some(s) => f.at(s),
                    None => located_table(f, dept),
                });
            }
            Err(policy(
                ind.zero_base_nonzero,
                ind.points,
                self_score,
                format!(
                    "{}的分母为 0 而分子为 {}",
                    metric.label(),
                    fixed(numerator, 2)
                ),
            ))
        }
        // No input missing: the arithmetic left the range of a decimal.
        Measured::Missing(keys) if keys.is_empty() => Err(Applied::unscorable(
            None,
            format!("{}超出可计算的范围，无法计分", metric.label()),
        )),
        Measured::Missing(keys) => Err(missing_data(ind, &keys, self_score, findings, spot)),
    }
}

/// The explanation of a score computed from formulas, followed by each
/// formula with the department's figures put in, its result written by
/// `shown`: “预算完成率 52.33%，……；预算完成率 = 2815.61 ÷ (0 + 5380.44 + 0)
/// × 100 = 52.33%”.
/// Each measure comes with what it measured.
fn with_formulas(
    mut applied: Applied,
    dept: &Department,
    measures: &[(&Measure, Measured)],
    shown: impl Fn(Decimal) -> String,
) -> Applied {
    for (m, measured) in measures {
        let f = match m {
            Measure::Formula(f) => f.as_ref(),
            Measure::Builtin(b) => match crate::rules::formula::builtin(*b) {
                Some(f) => f,
                None => continue,
            },
        };
        applied.explain = format!(
            "{}；{} {}",
            applied.explain,
            f.label(),
            f.substituted(dept, measured, &shown)
        );
    }
    applied
}

/// Scores a measured value under a metric rule (linear, bands, proportional,
/// compare); `reference` is the compare rule's reference amount.
pub(super) fn value_score(rule: &Rule, points: Decimal, v: Decimal, r: Decimal) -> Applied {
    let computed = Applied::computed;
    match rule {
        Rule::Linear {
            metric,
            standard,
            worse,
            per_point,
        } => {
            let past = match worse {
                Worse::Above => v.saturating_sub(*standard),
                Worse::Below => standard.saturating_sub(v),
            };
            let side = if *worse == Worse::Above {
                "超过"
            } else {
                "低于"
            };
            if past <= Decimal::ZERO {
                let ok = if *worse == Worse::Above {
                    "未超过"
                } else {
                    "不低于"
                };
                computed(
                    points,
                    pct(v),
                    format!("{} {}，{ok} {}%，得满分", metric.label(), pct(v), standard),
                )
            } else {
                let deduction = past.saturating_mul(*per_point);
                let system = points.saturating_sub(deduction).max(Decimal::ZERO);
                computed(
                    system,
                    pct(v),
                    format!(
                        "{} {}，{side}标准 {}% {} 个百分点，每个百分点扣 {} 分，扣 {} 分",
                        metric.label(),
                        pct(v),
                        standard,
                        fixed(past, 2),
                        per_point,
                        fixed(deduction.min(points), 2)
                    ),
                )
            }
        }
        Rule::Bands {
            metric,
            absolute,
            domain,
            bands,
        } => {
            let x = if *absolute { v.abs() } else { v };
            if !domain.contains(x) {
                return Applied::unscorable(
                    Some(pct(v)),
                    format!(
                        "{} {} 超出取值范围 {}，更正后才能计分",
                        metric.label(),
                        pct(v),
                        domain
                    ),
                );
            }
            match bands.iter().find(|b| b.interval.contains(x)) {
                Some(b) => computed(
                    b.score,
                    pct(v),
                    format!(
                        "{} {}，属“{}”一档，得 {} 分",
                        metric.label(),
                        pct(v),
                        b.interval.zh(),
                        b.score
                    ),
                ),
                None => computed(
                    Decimal::ZERO,
                    pct(v),
                    format!("{} {} 不在任何一档，不得分", metric.label(), pct(v)),
                ),
            }
        }
        Rule::Proportional { metric, cap } => {
            let cap = cap.unwrap_or(points).min(points);
            let system =
                (points.saturating_mul(v) / Decimal::ONE_HUNDRED).clamp(Decimal::ZERO, cap);
            computed(
                system,
                pct(v),
                format!(
                    "{} {}，按 {} 分 × {} 计 {} 分",
                    metric.label(),
                    pct(v),
                    points,
                    pct(v),
                    fixed(system, 2)
                ),
            )
        }
        Rule::Compare {
            metric,
            reference,
            none,
            within,
            beyond,
        } => {
            let shown = format!("{} 万元", fixed(v, 2));
            let what = format!("{} {shown}", metric.label());
            if v <= Decimal::ZERO {
                computed(*none, shown, format!("{what}，无结余，得 {none} 分"))
            } else if v <= r {
                computed(
                    *within,
                    shown,
                    format!(
                        "{what}，不超过{} {} 万元，得 {within} 分",
                        reference.label(),
                        fixed(r, 2)
                    ),
                )
            } else {
                computed(
                    *beyond,
                    shown,
                    format!(
                        "{what}，超过{} {} 万元，得 {beyond} 分",
                        reference.label(),
                        fixed(r, 2)
                    ),
                )
            }
        }
        Rule::Checklist { .. } | Rule::PerItem { .. } | Rule::SelfScored => {
            Applied::unscorable(None, "该规则不按数据计分".to_string())
        }
    }
}

pub(super) fn apply_rule(
    dept: &Department,
    ind: &Indicator,
    self_score: Option<Decimal>,
    findings: &mut Vec<Finding>,
    spot: Option<&Spot>,
) -> Applied {
    let points = ind.points;
    if let Some(condition) = &ind.full_when {
        match condition.holds(dept) {
            Holds::Yes => {
                return Applied {
                    system: Some(points),
                    basis: Basis::Policy,
                    computed: None,
                    explain: format!(
                        "条件 {} 成立（{}），按规则计满分",
                        condition.source(),
                        condition.substituted(dept)
                    ),
                };
            }
            Holds::No => {}
            Holds::Missing(inputs) if inputs.is_empty() => {
                return Applied::unscorable(
                    None,
                    format!("条件 {} 超出可计算的范围，无法计分", condition.source()),
                );
            }
            Holds::Missing(inputs) => {
                return missing_data(ind, &inputs, self_score, findings, spot);
            }
        }
    }
    let computed = Applied::computed;
    match &ind.rule {
        Rule::Linear { metric, .. }
        | Rule::Bands { metric, .. }
        | Rule::Proportional { metric, .. } => {
            match measured(dept, ind, metric, self_score, findings, spot) {
                Ok(v) => with_formulas(
                    value_score(&ind.rule, points, v, Decimal::ZERO),
                    dept,
                    &[(metric, Measured::Value(v))],
                    pct,
                ),
                Err(a) => a,
            }
        }
        Rule::Compare {
            metric, reference, ..
        } => match measured(dept, ind, metric, self_score, findings, spot) {
            Ok(v) => {
                let measured = reference.measure(dept);
                let r = match measured {
                    Measured::Value(r) => r,
                    _ => Decimal::ZERO,
                };
                with_formulas(
                    value_score(&ind.rule, points, v, r),
                    dept,
                    &[(metric, Measured::Value(v)), (reference, measured)],
                    |v| format!("{} 万元", fixed(v, 2)),
                )
            }
            Err(a) => a,
        },
        Rule::Checklist { items } => {
            let Some(s) = self_score else {
                return not_self_scored(ind, findings, spot);
            };
            let sums = subset_sums(items.iter().map(|i| i.points));
            let best = sums
                .iter()
                .copied()
                .filter(|x| *x <= s)
                .max()
                .unwrap_or_default();
            if best != s {
                findings.push(
                    at_spot(
                        Finding::new(
                            Code::ScoreSelfDiffers,
                            format!(
                                "指标“{}”自评 {} 分，不是各核查项分值的组合（可得：{}），按 {} 分计",
                                ind.name,
                                s,
                                sums.iter().map(|x| x.to_string()).collect::<Vec<_>>().join("、"),
                                best
                            ),
                        ),
                        spot,
                    )
                    .field(TBL_SCORES.column_key(col::SELF_SCORE))
                    .expected(best.to_string())
                    .found(s.to_string()),
                );
            }
            Applied {
                system: Some(best),
                basis: Basis::SelfScore,
                computed: None,
                explain: if best == points {
                    format!("{} 项核查内容均符合", items.len())
                } else {
                    format!("核查项自评 {best} 分（满分 {points}）")
                },
            }
        }
        Rule::PerItem { count, per } => {
            if let Some(key) = count {
                match dept.dec(*key) {
                    Some(n) => {
                        let label = crate::contract::fields::field(key.as_str())
                            .map_or(key.as_str(), |f| f.label);
                        let system = points
                            .saturating_sub(n.saturating_mul(*per))
                            .max(Decimal::ZERO);
                        let shown = format!("{} 个", n);
                        return computed(
                            system,
                            shown,
                            if n.is_zero() {
                                format!("{label} 0 个，得满分")
                            } else {
                                format!(
                                    "{label} {n} 个，每个扣 {per} 分，扣 {} 分",
                                    fixed(n.saturating_mul(*per).min(points), 2)
                                )
                            },
                        );
                    }
                    None => {
                        return missing_data(
                            ind,
                            &[crate::rules::metrics::Input::Field(*key)],
                            self_score,
                            findings,
                            spot,
                        );
                    }
                }
            }
            let Some(s) = self_score else {
                return not_self_scored(ind, findings, spot);
            };
            // Self-assessed count: the deduction must be a whole number of items.
            let items = ((points - s) / per).ceil();
            let system = (points - items * per).max(Decimal::ZERO);
            Applied {
                system: Some(system),
                basis: Basis::SelfScore,
                computed: None,
                explain: if items.is_zero() {
                    "未发现不符合要求的情况".to_string()
                } else {
                    format!("自评不符合要求 {items} 例，每例扣 {per} 分")
                },
            }
        }
        Rule::SelfScored => match self_score {
            Some(s) => Applied {
                system: Some(s),
                basis: Basis::SelfScore,
                computed: None,
                explain: "自评指标，采用自评得分".to_string(),
            },
            None => not_self_scored(ind, findings, spot),
        },
    }
}

fn not_self_scored(ind: &Indicator, findings: &mut Vec<Finding>, spot: Option<&Spot>) -> Applied {
    if spot.is_some() {
        findings.push(
            at_spot(
                Finding::new(
                    Code::ScoreNoSelf,
                    format!("指标“{}”需要自评，但自评得分未填写，无法计分", ind.name),
                ),
                spot,
            )
            .field(TBL_SCORES.column_key(col::SELF_SCORE))
            .expected(format!("0–{}", ind.points))
            .hint("填写该项自评得分；低于满分时写明扣分原因"),
        );
    }
    Applied::unscorable(None, "未自评，无法计分".to_string())
}

/// Every score a checklist can give: the sums of its items' subsets, sorted.
pub(super) fn subset_sums(items: impl Iterator<Item = Decimal>) -> Vec<Decimal> {
    let mut sums = vec![Decimal::ZERO];
    for p in items {
        let more: Vec<Decimal> = sums.iter().map(|s| s + p).collect();
        sums.extend(more);
        sums.sort();
        sums.dedup();
    }
    sums
}
