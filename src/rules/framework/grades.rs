//! 等次 (grade bands) of a total: how they are written in a framework file,
//! the defaults, the checks that they cover 0 to the total, and the band a
//! total falls in. The department's total and a project's are graded alike.

use rust_decimal::Decimal;
use serde::Deserialize;

use crate::rules::framework::number::number;

/// A grade band (等次): from `min` (inclusive) up to the next band's `min`
/// (exclusive); the top band includes the total.
#[derive(Debug, Clone, PartialEq)]
pub struct Grade {
    pub label: String,
    pub min: Decimal,
}

/// A grade band as written in a framework file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct GradeSpec {
    label: String,
    #[serde(deserialize_with = "number")]
    min: Decimal,
}

impl GradeSpec {
    pub(super) fn grade(&self) -> Grade {
        Grade {
            label: self.label.clone(),
            min: self.min,
        }
    }
}

/// The label of the band a total (already rounded) falls in; `grades` are
/// highest first.
pub(super) fn grade_of(grades: &[Grade], total: Decimal) -> &str {
    grades
        .iter()
        .find(|g| total >= g.min)
        .or(grades.last())
        .map_or("", |g| g.label.as_str())
}

/// 优 ≥ 90%, 良 ≥ 80%, 中 ≥ 60%, 差 below, of the total (财预〔2020〕10号).
pub(super) fn default_grades(total: Decimal) -> Vec<Grade> {
    [("优", 90), ("良", 80), ("中", 60), ("差", 0)]
        .iter()
        .map(|(l, m)| Grade {
            label: (*l).to_string(),
            min: total * Decimal::from(*m) / Decimal::ONE_HUNDRED,
        })
        .collect()
}

/// Grade bands highest first, checked: the lowest starts at 0, no two start
/// at the same points, none starts above `total`. `Err`: the first mistake.
pub(super) fn sorted_grades(mut grades: Vec<Grade>, total: Decimal) -> Result<Vec<Grade>, String> {
    grades.sort_by_key(|g| std::cmp::Reverse(g.min));
    if grades.last().is_none_or(|g| !g.min.is_zero()) {
        return Err("等次须覆盖 0 分到总分：最低一档的下限应为 0".into());
    }
    for w in grades.windows(2) {
        if w[0].min == w[1].min {
            return Err(format!(
                "等次“{}”与“{}”的下限相同（{}），区间重叠",
                w[0].label, w[1].label, w[0].min
            ));
        }
    }
    if grades.iter().any(|g| g.min > total) {
        return Err("等次的下限超过了总分".into());
    }
    Ok(grades)
}
