//! Projects (项目支出绩效自评表) scored per SPEC §7: the 预算执行率's points,
//! each indicator's 年度指标值 against its 实际完成值 through [`target`], the
//! indicators' weights against the framework's, the total graded by the
//! framework's project bands, and the self-scores checked. An indicator the
//! department marked 不适用 (“无”) is listed but not scored.

use rust_decimal::Decimal;
use serde::Serialize;

use crate::contract::fields::{TBL_PROJECT_INDICATORS, TBL_PROJECTS, col};
use crate::contract::finding::{Code, Finding};
use crate::contract::number::{fixed, round_half_up};
use crate::ingest::model::{Department, Row};
use crate::rules::framework::{Framework, ProjectGroup, ProjectScoring};
use crate::rules::score::locate::{at_row, name_key};
use crate::rules::target;

/// One project indicator, scored.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProjectIndicatorScore {
    pub(crate) level1: String,
    pub(crate) level2: String,
    /// The 三级指标 name.
    pub level3: String,
    /// The 年度指标值, as written.
    pub target: String,
    /// The 实际完成值, as written.
    pub actual: String,
    /// 分值: the points the indicator is worth.
    pub points: Decimal,
    /// `None`: cannot be computed (unit mismatch, no actual, qualitative without self-score).
    pub system: Option<Decimal>,
    /// The department's 自评得分.
    pub self_score: Option<Decimal>,
    pub(crate) met: Option<bool>,
    /// How the score was reached.
    pub explain: String,
    /// The row says the indicator does not apply (不适用: its 年度指标值 and
    /// 实际完成值 are “无”, and it has no self-score). It is not scored: it
    /// has no system score, and its 分值 counts neither in the weights nor
    /// in the total, so it costs the project nothing.
    pub not_applicable: bool,
}

/// One project (项目支出绩效自评表), scored.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProjectScore {
    /// 项目名称: the project's name.
    pub name: String,
    /// 全年预算数 (万元).
    pub budget_full: Option<Decimal>,
    /// 全年执行数 (万元).
    pub executed: Option<Decimal>,
    /// 预算执行率 (%).
    pub execution_rate: Option<Decimal>,
    /// The 预算执行率's 分值 under the framework (10 by default).
    pub execution_points: Decimal,
    /// The framework's 预算执行率 points (10 by default) × min(执行率, 1),
    /// rounded.
    pub execution_score: Decimal,
    /// The project's indicators, in the table's order.
    pub indicators: Vec<ProjectIndicatorScore>,
    /// 预算执行率 score + Σ indicator system scores (self-score where none).
    pub total: Decimal,
    /// Whether the points add up to the full marks: a total of points that
    /// do not is a computed figure, not a score (计算值，权重不符).
    pub valid: bool,
    /// The 等次 of the total; `None` when the points do not add up.
    pub grade: Option<String>,
    /// The 预算执行率's self-score as stated (预算执行率得分: the 得分 of the
    /// form's 年度资金总额 row); `None` when not filled.
    pub execution_self: Option<Decimal>,
    /// The 预算执行率's stated self-score where given, else the computed
    /// [`execution_score`](Self::execution_score), + Σ indicator
    /// self-scores; `None` when no indicator has a self-score.
    pub self_sum: Option<Decimal>,
    /// The 自评得分 stated in the project table.
    pub stated_self: Option<Decimal>,
    /// The 自评等次 as stated (优, 良, 中, 差, 优秀 …), trimmed; `None` when
    /// not filled.
    pub self_grade: Option<String>,
}

/// What the 等次 column says of a project whose points do not add up.
pub const NOT_GRADED_WEIGHTS: &str = "权重不符，不评定";

impl ProjectScore {
    /// The 等次, or “权重不符，不评定” when the points do not add up.
    pub fn grade_text(&self) -> &str {
        self.grade.as_deref().unwrap_or(NOT_GRADED_WEIGHTS)
    }

    /// The project's self-score: the one stated, else the sum of its parts.
    pub(crate) fn self_score(&self) -> Option<Decimal> {
        self.stated_self.or(self.self_sum)
    }
}

/// 满意度 and 效益 by their 一级 or 二级 name (tables often merge 效益 rows
/// under 产出 by mistake); everything else is 产出.
fn group_of(level1: &str, level2: &str) -> ProjectGroup {
    let has = |w: &str| level1.contains(w) || level2.contains(w);
    if has("满意") {
        ProjectGroup::Satisfaction
    } else if has("效益") || has("效果") || has("影响") {
        ProjectGroup::Benefit
    } else {
        ProjectGroup::Output
    }
}

/// The framework's weights as a finding expects them: 预算执行率 10、产出 50、
/// 效益 30、满意度 10.
fn usual_weights(p: &ProjectScoring) -> String {
    let groups = p
        .weights
        .iter()
        .map(|w| format!("{} {}", w.group.name(), w.points));
    std::iter::once(format!("预算执行率 {}", p.execution))
        .chain(groups)
        .collect::<Vec<_>>()
        .join("、")
}

/// The hint of a weights finding: where the weights come from, and what they are.
fn weights_hint(p: &ProjectScoring) -> String {
    let names: Vec<&str> = p.weights.iter().map(|w| w.group.name()).collect();
    let points: Vec<String> = p.weights.iter().map(|w| w.points.to_string()).collect();
    format!(
        "{}：预算执行率 {} 分，{}一般为 {} 分",
        p.source,
        p.execution,
        names.join("、"),
        points.join("、")
    )
}

pub(super) fn score_projects(
    dept: &Department,
    fw: &Framework,
    tol: Decimal,
    findings: &mut Vec<Finding>,
) -> Vec<ProjectScore> {
    let indicator_rows = dept.rows(&TBL_PROJECT_INDICATORS);
    let indicator_projects: Vec<Option<String>> = indicator_rows
        .iter()
        .map(|r| r.text(col::PROJECT).map(name_key))
        .collect();
    let mut out = Vec::new();
    for p in dept.rows(&TBL_PROJECTS) {
        let Some(name) = p.text(col::NAME) else {
            continue;
        };
        let key = name_key(name);
        let budget_full = p.dec(col::BUDGET_FULL);
        let executed = p.dec(col::EXECUTED);
        let execution_rate = crate::rules::metrics::percent(executed, budget_full);
        let execution_points = fw.projects.execution;
        let execution_score = round_half_up(
            execution_rate.map_or(Decimal::ZERO, |r| {
                execution_points
                    * (r / Decimal::ONE_HUNDRED)
                        .min(Decimal::ONE)
                        .max(Decimal::ZERO)
            }),
            2,
        );
        let mine: Vec<&Row> = indicator_rows
            .iter()
            .zip(&indicator_projects)
            .filter(|(_, project)| project.as_ref() == Some(&key))
            .map(|(r, _)| r)
            .collect();
        // The same 三级指标 twice in one project: counted twice, or two
        // indicators under one name; either way the department should say.
        let mut seen: Vec<(String, &Row)> = Vec::new();
        for r in &mine {
            let Some(level3) = r.text(col::LEVEL3) else {
                continue;
            };
            let k = name_key(level3);
            match seen.iter().find(|(s, _)| *s == k) {
                Some((_, first)) => findings.push(
                    at_row(
                        Finding::new(
                            Code::ScoreDuplicateIndicator,
                            format!(
                                "项目“{name}”的绩效指标“{level3}”出现两次（另见第 {} 行），两行都计分",
                                first.sheet_row_number()
                            ),
                        ),
                        r,
                        col::LEVEL3,
                    )
                    .found(level3.to_string())
                    .hint("重复填写的删除一行；是两项不同的指标的，改用能区分的名称"),
                ),
                None => seen.push((k, r)),
            }
        }
        let read: Vec<Written> = mine.iter().map(|r| written(r)).collect();
        let counts = counts_of(&read);
        let mut indicators = Vec::new();
        for (r, w) in mine.iter().zip(&read) {
            indicators.push(if r.is_not_applicable() {
                not_applicable_indicator(r)
            } else {
                score_project_indicator(r, w, tol, &counts, findings)
            });
        }
        // The indicators that apply: an indicator marked 不适用 carries no
        // points, so the ones that apply must carry the project's weights.
        let applicable: Vec<&ProjectIndicatorScore> =
            indicators.iter().filter(|i| !i.not_applicable).collect();
        // Weights by 一级指标, of the indicators that apply: a project
        // whose every indicator is marked 不适用 has none to score.
        let mut valid = true;
        if !mine.is_empty() {
            let first = mine
                .iter()
                .find(|r| !r.is_not_applicable())
                .unwrap_or(&mine[0]);
            let weights = &fw.projects;
            let sum: Decimal = applicable.iter().map(|i| i.points).sum();
            let mut problems = Vec::new();
            if sum + execution_points != weights.total() {
                valid = false;
                if !applicable.is_empty() {
                    findings.push(
                        at_row(
                            Finding::new(
                                Code::ScoreProjectPoints,
                                format!(
                                    "项目“{name}”各指标分值之和 {sum} 加预算执行率 {execution_points} 分为 {}，不等于满分 {}：得分只作计算值，不评定等次",
                                    sum + execution_points,
                                    weights.total()
                                ),
                            ),
                            first,
                            col::POINTS,
                        )
                        .expected(fixed(weights.total() - execution_points, 2))
                        .found(fixed(sum, 2))
                        .hint(format!(
                            "调整各指标分值，使其之和为 {}（{}）",
                            weights.total() - execution_points,
                            weights_hint(weights)
                        )),
                    );
                } else {
                    problems.push(format!(
                        "各指标分值之和 {sum} 加预算执行率 {execution_points} 分为 {}，应为 {}",
                        sum + execution_points,
                        weights.total()
                    ));
                }
            }
            for w in &weights.weights {
                let got: Decimal = applicable
                    .iter()
                    .filter(|i| group_of(&i.level1, &i.level2) == w.group)
                    .map(|i| i.points)
                    .sum();
                if got != w.points {
                    problems.push(format!("{} {got} 分（通常为 {} 分）", w.label, w.points));
                }
            }
            if !problems.is_empty() {
                let (message, hint) = if applicable.is_empty() {
                    (
                        format!(
                            "项目“{name}”的绩效指标都填写为不适用（“无”），没有可以计分的指标：{}",
                            problems.join("；")
                        ),
                        format!(
                            "项目须有适用的绩效指标：请填写指标值、完成值和分值，不适用的行删除（{}）",
                            weights_hint(weights)
                        ),
                    )
                } else {
                    (
                        format!(
                            "项目“{name}”的指标权重与通行做法不同：{}",
                            problems.join("；")
                        ),
                        // What to do first, then the rule it is measured by.
                        format!(
                            "核实各类指标的分值；不按通行权重的，在报告中说明理由（{}）",
                            weights_hint(weights)
                        ),
                    )
                };
                findings.push(
                    at_row(
                        Finding::new(Code::ScoreWeights, message),
                        first,
                        col::POINTS,
                    )
                    .expected(usual_weights(weights))
                    .hint(hint),
                );
            }
        }
        let total = execution_score
            + applicable
                .iter()
                .map(|i| i.system.or(i.self_score).unwrap_or_default())
                .sum::<Decimal>();
        let execution_self = p.dec(col::EXECUTION_SELF);
        check_execution_self(
            p,
            name,
            (executed, budget_full, execution_rate),
            execution_points,
            execution_score,
            tol,
            findings,
        );
        // Like with like: the stated 预算执行率得分 where there is one.
        let execution_part = execution_self.unwrap_or(execution_score);
        let selfs: Vec<Decimal> = indicators.iter().filter_map(|i| i.self_score).collect();
        let self_sum = (!selfs.is_empty()).then(|| execution_part + selfs.iter().sum::<Decimal>());
        let stated_self = p.dec(col::SELF_SCORE);
        if let (Some(stated), Some(sum)) = (stated_self, self_sum)
            && (stated - sum).abs() > tol
        {
            findings.push(
                at_row(
                    Finding::new(
                        Code::ScoreProjectTotal,
                        format!(
                            "项目“{name}”的自评得分 {} 不等于各指标自评得分之和 {}（含预算执行率{} {} 分）",
                            stated,
                            fixed(sum, 2),
                            if execution_self.is_some() { "得分" } else { "" },
                            fixed(execution_part, 2)
                        ),
                    ),
                    p,
                    col::SELF_SCORE,
                )
                .expected(fixed(sum, 2))
                .found(stated.to_string())
                .hint("核对项目绩效指标表中各指标的自评得分及总分"),
            );
        }
        let self_grade = p
            .text(col::SELF_GRADE)
            .map(str::trim)
            .filter(|g| !g.is_empty())
            .map(str::to_string);
        if let Some(stated) = &self_grade {
            let self_total = stated_self.or(self_sum);
            check_self_grade(p, name, stated, valid, self_total, fw, findings);
        }
        out.push(ProjectScore {
            name: name.to_string(),
            budget_full,
            executed,
            execution_rate,
            execution_points,
            execution_score,
            grade: valid.then(|| fw.projects.grade(round_half_up(total, 2)).to_string()),
            valid,
            total: round_half_up(total, 2),
            indicators,
            execution_self,
            self_sum,
            stated_self,
            self_grade,
        });
    }
    out
}

/// The 预算执行率's stated self-score against the computed one: outside
/// [0, points] it is SCORE-OVER-POINTS, else a difference beyond the
/// tolerance is SCORE-SELF-DIFFERS, with the arithmetic. Not compared when
/// the rate cannot be computed (no 全年预算数 or 全年执行数).
fn check_execution_self(
    p: &Row,
    name: &str,
    (executed, budget, rate): (Option<Decimal>, Option<Decimal>, Option<Decimal>),
    points: Decimal,
    computed: Decimal,
    tol: Decimal,
    findings: &mut Vec<Finding>,
) {
    let Some(stated) = p.dec(col::EXECUTION_SELF) else {
        return;
    };
    if stated < Decimal::ZERO || stated > points {
        findings.push(
            at_row(
                Finding::new(
                    Code::ScoreOverPoints,
                    format!("项目“{name}”的预算执行率得分 {stated} 不在 0 到分值 {points} 之间"),
                ),
                p,
                col::EXECUTION_SELF,
            )
            .expected(format!("0–{points}"))
            .found(stated.to_string()),
        );
        return;
    }
    let (Some(executed), Some(budget), Some(rate)) = (executed, budget, rate) else {
        return;
    };
    if (stated - computed).abs() <= tol {
        return;
    }
    let capped = if rate > Decimal::ONE_HUNDRED {
        "（执行率超过 100% 的按 100% 计）"
    } else {
        ""
    };
    findings.push(
        at_row(
            Finding::new(
                Code::ScoreSelfDiffers,
                format!(
                    "项目“{name}”的预算执行率自评 {stated} 分，按全年执行数 {} ÷ 全年预算数 {} × 分值 {points} 计算为 {} 分（执行率 {}）{capped}",
                    fixed(executed, 2),
                    fixed(budget, 2),
                    fixed(computed, 2),
                    crate::contract::number::percent_text(rate, 2),
                ),
            ),
            p,
            col::EXECUTION_SELF,
        )
        .expected(fixed(computed, 2))
        .found(stated.to_string())
        .hint("预算执行率得分 = 全年执行数 ÷ 全年预算数 × 分值，执行率最高按 100% 计；核对得分或执行数、预算数"),
    );
}

/// Whether a stated 自评等次 says the grade `label`: the label itself, or
/// its usual two-character form (优秀, 良好, 中等, 较差).
fn says_grade(stated: &str, label: &str) -> bool {
    let stated: String = stated.chars().filter(|c| !c.is_whitespace()).collect();
    if stated == label {
        return true;
    }
    let mut l = label.chars();
    let (Some(one), None) = (l.next(), l.next()) else {
        return false;
    };
    let long = match one {
        '优' => "优秀",
        '良' => "良好",
        '中' => "中等",
        '差' => "较差",
        _ => return false,
    };
    stated == long
}

/// The stated 自评等次 against the grade the framework's project bands give
/// the project's self-score (stated, else the sum of its parts); a grade
/// stated for a project whose points do not add up is a finding too.
fn check_self_grade(
    p: &Row,
    name: &str,
    stated: &str,
    valid: bool,
    self_total: Option<Decimal>,
    fw: &Framework,
    findings: &mut Vec<Finding>,
) {
    let finding = if !valid {
        Finding::new(
            Code::ScoreProjectGrade,
            format!(
                "项目“{name}”填写了自评等次“{stated}”，但各指标分值之和加预算执行率分值不等于满分：权重不符，不应评定等次"
            ),
        )
        .found(stated.to_string())
        .hint("先调整各指标分值使其合计为满分，再按自评得分评定等次")
    } else {
        let Some(total) = self_total else {
            return;
        };
        let total = round_half_up(total, 2);
        let want = fw.projects.grade(total);
        if says_grade(stated, want) {
            return;
        }
        Finding::new(
            Code::ScoreProjectGrade,
            format!(
                "项目“{name}”自评等次为“{stated}”，按自评得分 {} 分应为“{want}”",
                fixed(total, 2)
            ),
        )
        .expected(want.to_string())
        .found(stated.to_string())
        .hint(format!("等次按自评得分评定（{}）", bands_text(fw)))
    };
    findings.push(at_row(finding, p, col::SELF_GRADE));
}

/// The framework's project bands in words: 优 ≥90、良 ≥80、中 ≥60、差 <60.
fn bands_text(fw: &Framework) -> String {
    let grades = &fw.projects.grades;
    let mut parts: Vec<String> = Vec::new();
    for (i, g) in grades.iter().enumerate() {
        let is_last = i + 1 == grades.len();
        match (is_last, i.checked_sub(1).and_then(|j| grades.get(j))) {
            (true, Some(prev)) => parts.push(format!("{} <{}", g.label, prev.min.normalize())),
            _ => parts.push(format!("{} ≥{}", g.label, g.min.normalize())),
        }
    }
    parts.join("、")
}

/// An indicator marked 不适用: listed as the department wrote it, not
/// scored.
fn not_applicable_indicator(r: &Row) -> ProjectIndicatorScore {
    let written = |id| r.written(id).unwrap_or_default().to_string();
    ProjectIndicatorScore {
        level1: written(col::LEVEL1),
        level2: written(col::LEVEL2),
        level3: written(col::LEVEL3),
        target: written(col::TARGET),
        actual: written(col::ACTUAL),
        points: r.dec(col::POINTS).unwrap_or_default(),
        system: None,
        self_score: None,
        met: None,
        explain: "不适用：单位填写为没有此项指标，不计分，分值不计入".to_string(),
        not_applicable: true,
    }
}

/// An indicator row's 三级指标, 年度指标值 and 实际完成值 as written, and
/// read once for the scoring of every indicator of its project.
struct Written {
    level3: String,
    target: target::Target,
    actual: target::Actual,
    /// The unit the 三级指标 ends with ("参保人数（人）").
    name_unit: Option<target::Unit>,
}

fn written(r: &Row) -> Written {
    let level3 = r.text(col::LEVEL3).unwrap_or_default().to_string();
    Written {
        target: target::parse_target(r.text(col::TARGET).unwrap_or_default()),
        actual: target::parse_actual(r.text(col::ACTUAL).unwrap_or_default()),
        name_unit: target::unit_from_name(&level3),
        level3,
    }
}

/// The counts written in a project's indicators (参保人数 3170 人 …), actuals
/// first, then targets: what a per-unit target times a count may give.
fn counts_of(rows: &[Written]) -> Vec<target::Count> {
    let actuals = rows.iter().filter_map(|w| match &w.actual {
        target::Actual::Quantity(q) => Some((w, q)),
        target::Actual::Text(_) => None,
    });
    let targets = rows.iter().filter_map(|w| match &w.target {
        target::Target::Compare { quantity, .. } => Some((w, quantity)),
        _ => None,
    });
    actuals
        .chain(targets)
        .filter(|(w, _)| !w.level3.is_empty())
        .filter_map(|(w, q)| {
            let unit = match (&q.unit, &w.name_unit) {
                (target::Unit::Bare, Some(unit)) => unit,
                (unit, _) => unit,
            };
            matches!(unit, target::Unit::Named(_)).then(|| target::Count {
                name: w.level3.clone(),
                quantity: target::Quantity {
                    value: q.value,
                    unit: unit.clone(),
                },
            })
        })
        .collect()
}

fn score_project_indicator(
    r: &Row,
    w: &Written,
    tol: Decimal,
    counts: &[target::Count],
    findings: &mut Vec<Finding>,
) -> ProjectIndicatorScore {
    let level3 = w.level3.clone();
    let target_text = r.text(col::TARGET).unwrap_or_default().to_string();
    let actual_text = r.text(col::ACTUAL).unwrap_or_default().to_string();
    let points = r.dec(col::POINTS).unwrap_or_default();
    let self_score = r.dec(col::SELF_SCORE);
    let (target, actual, name_unit) = (&w.target, &w.actual, &w.name_unit);
    let mut outcome =
        target::score_indicator(target, actual, points, self_score, name_unit.as_ref());
    let system = outcome.score.map(|s| round_half_up(s, 2));
    let deviation = r.text(col::DEVIATION).is_some_and(|t| !t.trim().is_empty());
    if outcome.unit_mismatch {
        // The arithmetic that would reconcile the two, when the project's
        // counts make it true.
        if let Some(how) = target::reconcile(target, actual, name_unit.as_ref(), counts) {
            outcome.explain.push_str(&format!("；{how}"));
        }
        findings.push(
            at_row(
                Finding::new(
                    Code::ScoreUnitMismatch,
                    format!(
                        "指标“{level3}”的指标值与完成值单位不同，不能相除计分：{}",
                        outcome.explain
                    ),
                ),
                r,
                col::ACTUAL,
            )
            .expected(target_text.clone())
            .found(actual_text.clone())
            .hint(
                "指标值与完成值应使用同一口径和单位（人均标准对人均实际，总额对总额），并写明单位",
            ),
        );
    }
    // A quantitative row without its target: not scored. A target cell that
    // could not be read (an error value, a formula without its value) has
    // its finding already.
    if outcome.no_target && !r.entry(col::TARGET).unreadable {
        findings.push(
            at_row(
                Finding::new(
                    Code::ScoreNoTarget,
                    format!("指标“{level3}”未填写年度指标值：{}", outcome.explain),
                ),
                r,
                col::TARGET,
            )
            .found(actual_text.clone())
            .hint("填写年度指标值（如“≥95%”“12000人次”），系统才能按完成值计分"),
        );
    }
    // Exceeded by far without a word: the target was set too low, or the
    // figure is wrong.
    if outcome.far_exceeded && !deviation {
        findings.push(
            at_row(
                Finding::new(
                    Code::ScoreTargetExceeded,
                    format!(
                        "指标“{level3}”大幅超过年度指标值，未写偏差原因：{}",
                        outcome.explain
                    ),
                ),
                r,
                col::DEVIATION,
            )
            .expected(target_text.clone())
            .found(actual_text.clone())
            .hint("核实实际完成值；属实的，在“偏差原因分析及改进措施”列说明超额的原因（指标值是否定得偏低）"),
        );
    }
    // A missed target needs its 偏差原因 whatever the self-score says (a
    // self-score below the points asks for it below, at the same cell).
    if outcome.met == Some(false) && !deviation && self_score.is_none_or(|s| s >= points) {
        findings.push(
            at_row(
                Finding::new(
                    Code::ScoreNoReason,
                    format!(
                        "指标“{level3}”未完成年度指标值，未写偏差原因：{}",
                        outcome.explain
                    ),
                ),
                r,
                col::DEVIATION,
            )
            .hint("在“偏差原因分析及改进措施”列说明未完成的原因和改进措施"),
        );
    }
    if let Some(s) = self_score {
        if s > points || s < Decimal::ZERO {
            findings.push(
                at_row(
                    Finding::new(
                        Code::ScoreOverPoints,
                        format!("指标“{level3}”的自评得分 {s} 不在 0 到分值 {points} 之间"),
                    ),
                    r,
                    col::SELF_SCORE,
                )
                .expected(format!("0–{points}"))
                .found(s.to_string()),
            );
        }
        // One finding for one mistake: a met target scored below full is
        // SCORE-MET-DEDUCTED, which says whether a reason is written; it
        // stands for the self-differs and no-reason findings there.
        let met_deducted = outcome.met == Some(true) && s < points;
        if met_deducted {
            let reason = if deviation {
                "已写偏差原因，请核实扣分是否成立"
            } else {
                "未写偏差原因"
            };
            findings.push(
                at_row(
                    Finding::new(
                        Code::ScoreMetDeducted,
                        format!(
                            "指标“{level3}”已完成目标，却自评 {s} 分（满分 {points}），{reason}：{}",
                            outcome.explain
                        ),
                    ),
                    r,
                    col::SELF_SCORE,
                )
                .expected(points.to_string())
                .found(s.to_string())
                .hint("目标已完成的应计满分；如有扣分理由，在偏差原因中写明"),
            );
        } else if s < points && !deviation {
            findings.push(
                at_row(
                    Finding::new(
                        Code::ScoreNoReason,
                        format!("指标“{level3}”自评 {s} 分（满分 {points}），未写偏差原因"),
                    ),
                    r,
                    col::DEVIATION,
                )
                .hint("在“偏差原因分析及改进措施”列说明扣分原因"),
            );
        }
        if let Some(sys) = system
            && !met_deducted
            && (sys - s).abs() > tol
            && !matches!(outcome.direction, target::Direction::Qualitative)
        {
            findings.push(
                at_row(
                    Finding::new(
                        Code::ScoreSelfDiffers,
                        format!(
                            "指标“{level3}”自评 {s} 分，按指标值与完成值计算为 {} 分：{}",
                            fixed(sys, 2),
                            outcome.explain
                        ),
                    ),
                    r,
                    col::SELF_SCORE,
                )
                .expected(fixed(sys, 2))
                .found(s.to_string())
                .hint("核对自评得分，或核对年度指标值、实际完成值"),
            );
        }
    }
    ProjectIndicatorScore {
        level1: r.text(col::LEVEL1).unwrap_or_default().to_string(),
        level2: r.text(col::LEVEL2).unwrap_or_default().to_string(),
        level3,
        // As written: an actual of “无” is shown so, not as a blank.
        target: r.written(col::TARGET).unwrap_or_default().to_string(),
        actual: r.written(col::ACTUAL).unwrap_or_default().to_string(),
        points,
        system,
        self_score,
        met: outcome.met,
        explain: outcome.explain,
        not_applicable: false,
    }
}
