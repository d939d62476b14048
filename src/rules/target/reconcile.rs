//! The arithmetic that reconciles a per-unit figure with a total when a
//! target and its actual are written on different bases ("=200元/人"
//! against "63.40万元"): a count written elsewhere in the same project
//! (参保人数 3,170 人) times the per-unit figure gives the total. Stated only
//! when the numbers really multiply to the written total, to its last
//! written decimal; otherwise nothing is said.

use rust_decimal::Decimal;

use crate::contract::number::{grouped, round_half_up};
use crate::rules::target::compare::resolve_units;
use crate::rules::target::quantity::{Actual, Quantity, Target, Unit, convert};

/// A count written in a project's indicators: the indicator's name and the
/// quantity ("参保人数", 3170 人).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Count {
    /// The 三级指标 it is written under.
    pub name: String,
    /// The count with its unit (a counted thing: 人, 户, 人次 …).
    pub quantity: Quantity,
}

/// A number as written: its own decimals, thousands grouped.
fn written(d: Decimal) -> String {
    grouped(d, d.scale())
}

/// The sentence that reconciles a per-unit side with a total side of one
/// indicator through one of `counts` ("按“参保人数” 3,170 人 × 200 元 =
/// 63.40 万元，实际完成值是总数"), or None when the sides are not one per-unit figure and one
/// total, or no count multiplies to the total. A total written without a
/// unit is tried in 万元 (a project's money unit) and as the per-unit
/// figure's base; a per-unit figure without a base ("200/人") is tried in 元
/// against money.
pub fn reconcile(
    target: &Target,
    actual: &Actual,
    name_unit: Option<&Unit>,
    counts: &[Count],
) -> Option<String> {
    let (Target::Compare { quantity: t, .. }, Actual::Quantity(a)) = (target, actual) else {
        return None;
    };
    let (t_unit, a_unit) = resolve_units(&t.unit, &a.unit, name_unit);
    let (per_value, per_unit, total_value, total_unit, total_side) = match (&t_unit, &a_unit) {
        (Unit::Per { .. }, u) if u.per().is_none() => {
            (t.value, &t_unit, a.value, &a_unit, "实际完成值")
        }
        (u, Unit::Per { .. }) if u.per().is_none() => {
            (a.value, &a_unit, t.value, &t_unit, "年度指标值")
        }
        _ => return None,
    };
    let Unit::Per { base, per } = per_unit else {
        return None;
    };
    if total_value <= Decimal::ZERO || per_value <= Decimal::ZERO {
        return None;
    }
    // (the per-unit figure's base, the total's unit) as they may be read.
    let mut readings: Vec<(Unit, Unit)> = Vec::new();
    let bases = |total: &Unit| -> Vec<Unit> {
        match (base.as_ref(), total) {
            (Unit::Bare, t) if t.is_money() || t.is_bare() => vec![Unit::Yuan],
            (Unit::Bare, t) => vec![t.clone()],
            (b, _) => vec![b.clone()],
        }
    };
    if total_unit.is_bare() {
        for b in bases(&Unit::WanYuan) {
            readings.push((b, Unit::WanYuan));
        }
        for b in bases(&Unit::Bare) {
            readings.push((b.clone(), b));
        }
    } else {
        for b in bases(total_unit) {
            readings.push((b, total_unit.clone()));
        }
    }
    for count in counts {
        let Unit::Named(word) = &count.quantity.unit else {
            continue;
        };
        if word != per || count.quantity.value <= Decimal::ZERO {
            continue;
        }
        let Some(product) = count.quantity.value.checked_mul(per_value) else {
            continue;
        };
        for (b, u) in &readings {
            let Ok(in_total) = convert(product, b, u) else {
                continue;
            };
            if round_half_up(in_total, total_value.scale()) == total_value {
                return Some(format!(
                    "按“{}” {} {per} × {} {b} = {} {u}，{total_side}是总数",
                    count.name,
                    written(count.quantity.value),
                    written(per_value),
                    written(total_value),
                ));
            }
        }
    }
    None
}
