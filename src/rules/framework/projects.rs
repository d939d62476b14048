//! A framework file's optional `[projects]` table: how a project (项目支出)
//! is scored besides its indicators, read and checked. Whatever the table
//! leaves out, or the whole table when a file has none, is 财预〔2020〕10号
//! practice, so a framework written before the table existed scores projects
//! as it always did.

use std::ops::Range;

use rust_decimal::Decimal;
use serde::Deserialize;
use toml::Spanned;

use crate::rules::framework::grades::{Grade, GradeSpec, sorted_grades};
use crate::rules::framework::number::Num;
use crate::rules::framework::table::{ProjectGroup, ProjectScoring, ProjectWeight};

/// Where the default weights come from.
const SOURCE: &str = "财预〔2020〕10号";

/// The 预算执行率's points by default.
const EXECUTION_POINTS: i64 = 10;

/// Each group's label and points by default, in the order they are reported.
const WEIGHTS: [(ProjectGroup, &str, i64); 3] = [
    (ProjectGroup::Output, "产出指标", 50),
    (ProjectGroup::Benefit, "效益指标", 30),
    (ProjectGroup::Satisfaction, "满意度指标", 10),
];

/// The `[projects]` table as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct ProjectsSpec {
    #[serde(default)]
    source: Option<String>,
    #[serde(default)]
    execution: Option<Spanned<Num>>,
    #[serde(default)]
    output: Option<WeightSpec>,
    #[serde(default)]
    benefit: Option<WeightSpec>,
    #[serde(default)]
    satisfaction: Option<WeightSpec>,
    #[serde(default)]
    grades: Option<Spanned<Vec<GradeSpec>>>,
}

/// A group's weight as written: `{ label = "产出指标", points = 50 }`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct WeightSpec {
    #[serde(default)]
    label: Option<String>,
    points: Spanned<Num>,
}

/// How projects are scored under a framework whose `[projects]` table is
/// `spec` (`None`: the file has none) and whose grade bands are `grades`,
/// which projects share unless the table has its own. `Err`: the first
/// mistake, with the span of the text it is in.
pub(super) fn project_scoring(
    spec: Option<Spanned<ProjectsSpec>>,
    grades: &[Grade],
) -> Result<ProjectScoring, (Range<usize>, String)> {
    let Some(spec) = spec else {
        return Ok(ProjectScoring {
            source: SOURCE.to_string(),
            execution: Decimal::from(EXECUTION_POINTS),
            weights: WEIGHTS
                .iter()
                .map(|&(group, label, points)| ProjectWeight {
                    group,
                    label: label.to_string(),
                    points: Decimal::from(points),
                })
                .collect(),
            grades: grades.to_vec(),
        });
    };
    let span = spec.span();
    let spec = spec.into_inner();
    let execution = match &spec.execution {
        Some(e) => {
            let points = e.get_ref().0;
            if points < Decimal::ZERO {
                return Err((e.span(), format!("预算执行率的分值 {points} 不能为负数")));
            }
            points
        }
        None => Decimal::from(EXECUTION_POINTS),
    };
    let mut weights = Vec::new();
    let given = [spec.output, spec.benefit, spec.satisfaction];
    for ((group, label, points), given) in WEIGHTS.into_iter().zip(given) {
        weights.push(match given {
            None => ProjectWeight {
                group,
                label: label.to_string(),
                points: Decimal::from(points),
            },
            Some(w) => {
                let label = w.label.unwrap_or_else(|| label.to_string());
                let points = w.points.get_ref().0;
                if points < Decimal::ZERO {
                    return Err((
                        w.points.span(),
                        format!("{label}的分值 {points} 不能为负数"),
                    ));
                }
                ProjectWeight {
                    group,
                    label,
                    points,
                }
            }
        });
    }
    let mut scoring = ProjectScoring {
        source: spec.source.unwrap_or_else(|| SOURCE.to_string()),
        execution,
        weights,
        grades: grades.to_vec(),
    };
    let total = scoring.total();
    if total <= Decimal::ZERO {
        return Err((span, "项目的预算执行率与各组指标分值之和应大于 0".into()));
    }
    if let Some(g) = spec.grades {
        let grades_span = g.span();
        let given = g.get_ref().iter().map(GradeSpec::grade).collect();
        scoring.grades =
            sorted_grades(given, total).map_err(|m| (grades_span, format!("项目{m}")))?;
    }
    Ok(scoring)
}
