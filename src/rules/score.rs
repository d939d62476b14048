//! Scoring (评分): every indicator of the chosen framework computed exactly
//! from the workbook, compared with the department's self-score, with the
//! reason for every lost point; and every project scored per SPEC §7. Pure
//! functions of the model: findings are returned as data.

use rust_decimal::Decimal;
use serde::Serialize;

use crate::contract::cell::Spot;
use crate::contract::fields::{
    ColumnId, TBL_PROJECT_INDICATORS, TBL_PROJECTS, TBL_SCORES, col, key,
};
use crate::contract::finding::{Code, Finding};
use crate::contract::number::{fixed, round_half_up};
use crate::ingest::model::{Department, Row};
use crate::rules::framework::{Framework, Indicator, Outcome, Rule, Worse};
use crate::rules::metrics::{Measured, Metric};
use crate::rules::target;

/// How an indicator's system score was reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Basis {
    /// Computed from the workbook's figures.
    Computed,
    /// The department's self-score (self-scored, checklist, or no data).
    SelfScore,
    /// A framework policy (zero denominator, missing data).
    Policy,
}

/// One 三级指标, scored.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IndicatorScore {
    pub id: String,
    pub level1: String,
    pub level2: String,
    pub name: String,
    pub criteria: String,
    pub points: Decimal,
    /// The 计算值 as shown, e.g. `100.00%`.
    pub computed: Option<String>,
    /// System score, rounded half-up to 2 decimals.
    pub system: Decimal,
    pub self_score: Option<Decimal>,
    pub basis: Basis,
    /// How the score was reached, and why points were lost.
    pub explain: String,
    /// The framework's problem and measure sentences, when points were lost
    /// on the workbook's figures or on a self-score below the points (not
    /// when the self-score is missing: see [`IndicatorScore::unscored`]).
    pub problem: Option<String>,
    pub measure: Option<String>,
    /// The department's 扣分原因.
    pub reason: Option<String>,
    /// The 评分表 rows (indices into `tbl_scores`) that carry this indicator:
    /// one, or one per part; empty when the table lacks it.
    #[serde(skip)]
    pub rows: Vec<usize>,
}

impl IndicatorScore {
    /// Scored nothing from the figures and given no self-score: its points
    /// were lost for want of a self-assessment.
    pub fn unscored(&self) -> bool {
        self.system < self.points && self.self_score.is_none() && self.basis != Basis::Computed
    }
}

/// A 一级指标's points and score.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LevelTotal {
    pub name: String,
    pub points: Decimal,
    pub score: Decimal,
    pub self_score: Option<Decimal>,
}

/// The department's score under one framework.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DepartmentScore {
    pub framework_id: String,
    pub framework_name: String,
    pub total_points: Decimal,
    pub indicators: Vec<IndicatorScore>,
    pub level1: Vec<LevelTotal>,
    /// Σ of the rounded indicator scores (so the table adds up).
    pub total: Decimal,
    pub grade: String,
    /// Σ of the self-scores in the 评分表.
    pub self_total: Option<Decimal>,
    /// The stated 自评综合得分.
    pub stated_self_total: Option<Decimal>,
}

impl DepartmentScore {
    /// The department's self-score: the 自评综合得分 stated, else the sum of
    /// the 评分表's self-scores.
    pub fn self_score(&self) -> Option<Decimal> {
        self.stated_self_total.or(self.self_total)
    }
}

/// One project indicator, scored.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProjectIndicatorScore {
    pub level1: String,
    pub level2: String,
    pub level3: String,
    pub target: String,
    pub actual: String,
    pub points: Decimal,
    /// `None`: cannot be computed (unit mismatch, no actual, qualitative without self-score).
    pub system: Option<Decimal>,
    pub self_score: Option<Decimal>,
    pub met: Option<bool>,
    pub explain: String,
}

/// One project (项目支出绩效自评表), scored.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProjectScore {
    pub name: String,
    pub budget_full: Option<Decimal>,
    pub executed: Option<Decimal>,
    /// 预算执行率 (%).
    pub execution_rate: Option<Decimal>,
    /// 10 × min(执行率, 1), rounded.
    pub execution_score: Decimal,
    pub indicators: Vec<ProjectIndicatorScore>,
    /// 预算执行率 score + Σ indicator system scores (self-score where none).
    pub total: Decimal,
    pub grade: String,
    /// 预算执行率 score + Σ indicator self-scores.
    pub self_sum: Option<Decimal>,
    /// The 自评得分 stated in the project table.
    pub stated_self: Option<Decimal>,
}

impl ProjectScore {
    /// The project's self-score: the one stated, else the sum of its parts.
    pub fn self_score(&self) -> Option<Decimal> {
        self.stated_self.or(self.self_sum)
    }
}

/// Everything scored for one workbook.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Scorecard {
    pub department: DepartmentScore,
    pub projects: Vec<ProjectScore>,
}

/// Project weights of 财预〔2020〕10号 practice.
pub const EXECUTION_POINTS: u32 = 10;
const PROJECT_WEIGHTS: &[(Group, &str, u32)] = &[
    (Group::Output, "产出指标", 50),
    (Group::Benefit, "效益指标", 30),
    (Group::Satisfaction, "满意度指标", 10),
];

/// The weight group of a project indicator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Group {
    Output,
    Benefit,
    Satisfaction,
}

/// 满意度 and 效益 by their 一级 or 二级 name (tables often merge 效益 rows
/// under 产出 by mistake); everything else is 产出.
fn group_of(level1: &str, level2: &str) -> Group {
    let has = |w: &str| level1.contains(w) || level2.contains(w);
    if has("满意") {
        Group::Satisfaction
    } else if has("效益") || has("效果") || has("影响") {
        Group::Benefit
    } else {
        Group::Output
    }
}

/// Scores a department under `fw`. `tolerance`: how far a stated figure may
/// be from a computed one.
pub fn score(dept: &Department, fw: &Framework, tolerance: Decimal) -> (Scorecard, Vec<Finding>) {
    let mut findings = Vec::new();
    let department = score_department(dept, fw, tolerance, &mut findings);
    let projects = score_projects(dept, fw, tolerance, &mut findings);
    (
        Scorecard {
            department,
            projects,
        },
        findings,
    )
}

// ---- department ------------------------------------------------------------

/// A name as compared: no spaces, quotes or brackets, full-width folded.
pub fn name_key(s: &str) -> String {
    let (s, _) = crate::ingest::coerce::normalize::normalize(s);
    s.chars()
        .filter(|c| {
            !c.is_whitespace()
                && !matches!(
                    c,
                    '“' | '”' | '"' | '\'' | '‘' | '’' | '《' | '》' | '「' | '」'
                )
        })
        .collect()
}

/// A 评分表 row's 三级 and 二级 names, as [`name_key`]s.
type RowKeys = (Option<String>, Option<String>);

fn row_keys(row: &Row) -> RowKeys {
    (
        row.text(col::LEVEL3).map(name_key),
        row.text(col::LEVEL2).map(name_key),
    )
}

/// Whether a row (its [`row_keys`]) carries one of `names` under `level2`
/// (all three as [`name_key`]s); a row without a 二级 name matches any.
fn row_matches((l3, l2): &RowKeys, names: &[String], level2: &str) -> bool {
    l3.as_ref().is_some_and(|l3| names.contains(l3)) && l2.as_ref().is_none_or(|l2| l2 == level2)
}

fn score_department(
    dept: &Department,
    fw: &Framework,
    tol: Decimal,
    findings: &mut Vec<Finding>,
) -> DepartmentScore {
    let rows = dept.rows(&TBL_SCORES);
    let mut used = vec![false; rows.len()];
    let keys: Vec<RowKeys> = rows.iter().map(row_keys).collect();
    let mut indicators = Vec::new();
    for (l1, l2, ind) in fw.leaves() {
        let level2 = name_key(&l2.name);
        // The rows that carry this indicator: one, or one per part.
        let wanted: Vec<Vec<String>> = if ind.parts.is_empty() {
            vec![
                std::iter::once(&ind.name)
                    .chain(&ind.aliases)
                    .map(|n| name_key(n))
                    .collect(),
            ]
        } else {
            ind.parts.iter().map(|p| vec![name_key(p)]).collect()
        };
        let mut mine: Vec<&Row> = Vec::new();
        let mut at = Vec::new();
        for names in &wanted {
            if let Some(i) =
                (0..rows.len()).find(|&i| !used[i] && row_matches(&keys[i], names, &level2))
            {
                used[i] = true;
                mine.push(&rows[i]);
                at.push(i);
            }
        }
        let mut scored = score_indicator(dept, ind, &l1.name, &l2.name, &mine, tol, findings);
        scored.rows = at;
        indicators.push(scored);
        if mine.is_empty() && !rows.is_empty() {
            findings.push(
                located_table(
                    Finding::new(
                        Code::ScoreMissingRow,
                        format!(
                            "评分表中没有指标“{}”（{} / {}）",
                            ind.name, l1.name, l2.name
                        ),
                    ),
                    dept,
                )
                .field(TBL_SCORES.key)
                .expected(ind.name.clone())
                .hint("按评价框架补齐该行；未补齐时系统按数据计分，自评类指标计 0 分"),
            );
        }
    }
    for (row, _) in rows.iter().zip(&used).filter(|(_, u)| !**u) {
        let name = row.text(col::LEVEL3).unwrap_or_default();
        findings.push(
            at_row(
                Finding::new(
                    Code::ScoreUnknownRow,
                    format!("评分表中的指标“{name}”不在评价框架“{}”中，未计分", fw.name),
                ),
                row,
                col::LEVEL3,
            )
            .found(name.to_string())
            .hint("核对指标名称是否与评价框架一致，或在“评价框架”中选择本地评分表"),
        );
    }

    // A 评分表 with no self-score at all, empty or prefilled by the template,
    // is one omission, not one per row.
    if rows.iter().all(|r| r.dec(col::SELF_SCORE).is_none()) {
        let before = findings.len();
        findings.retain(|f| f.code != Code::ScoreNoSelf);
        let unscored = before - findings.len();
        if unscored > 0 {
            findings.push(
                located_table(
                    Finding::new(
                        Code::ScoreNoSelf,
                        format!("评分表的自评得分一项也未填写：{unscored} 项自评类指标计 0 分"),
                    ),
                    dept,
                )
                .field(TBL_SCORES.column_key(col::SELF_SCORE))
                .hint("在评分表“自评得分”列逐项填写；低于满分的写明扣分原因"),
            );
        }
    }
    let total: Decimal = indicators.iter().map(|i| i.system).sum();
    let self_scores: Vec<Decimal> = rows.iter().filter_map(|r| r.dec(col::SELF_SCORE)).collect();
    let self_total: Option<Decimal> = (!self_scores.is_empty()).then(|| self_scores.iter().sum());
    let level1 = fw
        .level1
        .iter()
        .map(|l1| {
            let mine: Vec<&IndicatorScore> =
                indicators.iter().filter(|i| i.level1 == l1.name).collect();
            let selfs: Vec<Decimal> = mine.iter().filter_map(|i| i.self_score).collect();
            LevelTotal {
                name: l1.name.clone(),
                points: l1.points,
                score: mine.iter().map(|i| i.system).sum(),
                self_score: (!selfs.is_empty()).then(|| selfs.iter().sum()),
            }
        })
        .collect();
    let stated = dept.dec(key::SCORE_OVERALL_SELF);
    if let Some(stated) = stated {
        let spot = dept.spot(key::SCORE_OVERALL_SELF);
        if let Some(st) = self_total
            && (stated - st).abs() > tol
        {
            findings.push(
                at_spot(
                    Finding::new(
                        Code::ScoreSelfTotal,
                        format!(
                            "自评综合得分 {} 不等于评分表各项自评得分之和 {}",
                            fixed(stated, 2),
                            fixed(st, 2)
                        ),
                    ),
                    spot,
                )
                .field(key::SCORE_OVERALL_SELF)
                .expected(fixed(st, 2))
                .found(fixed(stated, 2))
                .hint("核对评分表各项自评得分及其合计"),
            );
        }
        if (stated - total).abs() > tol {
            findings.push(
                at_spot(
                    Finding::new(
                        Code::ScoreTotalDiffers,
                        format!(
                            "自评综合得分 {} 与按评价框架计算的总分 {} 不一致",
                            fixed(stated, 2),
                            fixed(total, 2)
                        ),
                    ),
                    spot,
                )
                .field(key::SCORE_OVERALL_SELF)
                .expected(fixed(total, 2))
                .found(fixed(stated, 2))
                .hint("查看评分表“系统得分”列与“自评得分”列不同的指标"),
            );
        }
    }
    DepartmentScore {
        framework_id: fw.id.clone(),
        framework_name: fw.name.clone(),
        total_points: fw.total,
        grade: fw.grade(total).to_string(),
        indicators,
        level1,
        total,
        self_total,
        stated_self_total: stated,
    }
}

fn at_spot(f: Finding, spot: Option<&Spot>) -> Finding {
    match spot {
        Some(s) => f.at(s),
        None => f,
    }
}

fn at_row(f: Finding, row: &Row, col: ColumnId) -> Finding {
    let key = format!("{}.{col}", row.table.key);
    at_spot(f, row.spot(col)).field(key)
}

/// A finding about a whole table: at its header's first cell.
fn located_table(f: Finding, dept: &Department) -> Finding {
    match dept.table(&TBL_SCORES).and_then(|t| t.area.as_ref()) {
        Some(area) => f.at(&area.top_left()),
        None => f,
    }
}

fn pct(v: Decimal) -> String {
    crate::contract::number::percent_text(v, 2)
}

/// The result of applying a rule, before rounding.
struct Applied {
    system: Decimal,
    basis: Basis,
    computed: Option<String>,
    explain: String,
}

impl Applied {
    /// A score computed from the workbook's figures, `shown` in the 计算值 column.
    fn computed(system: Decimal, shown: String, explain: String) -> Applied {
        Applied {
            system,
            basis: Basis::Computed,
            computed: Some(shown),
            explain,
        }
    }
}

fn score_indicator(
    dept: &Department,
    ind: &Indicator,
    level1: &str,
    level2: &str,
    rows: &[&Row],
    tol: Decimal,
    findings: &mut Vec<Finding>,
) -> IndicatorScore {
    let points = ind.points;
    let selfs: Vec<Decimal> = rows.iter().filter_map(|r| r.dec(col::SELF_SCORE)).collect();
    let self_score = (!selfs.is_empty()).then(|| selfs.iter().sum::<Decimal>());
    let reason = rows
        .iter()
        .filter_map(|r| r.text(col::REASON))
        .collect::<Vec<_>>()
        .join("；");
    let reason = (!reason.trim().is_empty()).then_some(reason);
    let first = rows.first().copied();
    let self_spot = first.and_then(|r| r.spot(col::SELF_SCORE));

    // The row's 分值 against the framework's.
    let stated_points: Vec<Decimal> = rows.iter().filter_map(|r| r.dec(col::POINTS)).collect();
    if !stated_points.is_empty() {
        let sp: Decimal = stated_points.iter().sum();
        if sp != points
            && let Some(r) = first
        {
            findings.push(
                at_row(
                    Finding::new(
                        Code::ScorePoints,
                        format!(
                            "指标“{}”的分值 {} 与评价框架的 {} 不一致，按评价框架计分",
                            ind.name, sp, points
                        ),
                    ),
                    r,
                    col::POINTS,
                )
                .expected(points.to_string())
                .found(sp.to_string())
                .hint("分值由评价框架确定，请勿修改"),
            );
        }
    }
    if let Some(s) = self_score {
        if s > points {
            findings.push(
                at_spot(
                    Finding::new(
                        Code::ScoreOverPoints,
                        format!("指标“{}”的自评得分 {} 超过分值 {}", ind.name, s, points),
                    ),
                    self_spot,
                )
                .field(TBL_SCORES.column_key(col::SELF_SCORE))
                .expected(format!("0–{points}"))
                .found(s.to_string())
                .hint("自评得分不能超过该项分值"),
            );
        } else if s < Decimal::ZERO {
            findings.push(
                at_spot(
                    Finding::new(
                        Code::ScoreOverPoints,
                        format!("指标“{}”的自评得分 {} 为负数", ind.name, s),
                    ),
                    self_spot,
                )
                .field(TBL_SCORES.column_key(col::SELF_SCORE))
                .expected(format!("0–{points}"))
                .found(s.to_string()),
            );
        }
        if s < points && reason.is_none() {
            findings.push(
                at_spot(
                    Finding::new(
                        Code::ScoreNoReason,
                        format!(
                            "指标“{}”自评 {} 分（满分 {}），未说明扣分原因",
                            ind.name, s, points
                        ),
                    ),
                    first.and_then(|r| r.spot(col::REASON)).or(self_spot),
                )
                .field(TBL_SCORES.column_key(col::REASON))
                .hint("在“扣分原因”列写明扣分的具体原因"),
            );
        }
    }
    let clamped_self = self_score.map(|s| s.clamp(Decimal::ZERO, points));

    let applied = apply_rule(dept, ind, clamped_self, findings, self_spot);
    let system = round_half_up(applied.system.clamp(Decimal::ZERO, points), 2);
    if applied.basis == Basis::Computed
        && let Some(s) = self_score
        && (s - system).abs() > tol
    {
        findings.push(
            at_spot(
                Finding::new(
                    Code::ScoreSelfDiffers,
                    format!(
                        "指标“{}”自评 {} 分，按数据计算为 {} 分：{}",
                        ind.name,
                        s,
                        fixed(system, 2),
                        applied.explain
                    ),
                ),
                self_spot,
            )
            .field(TBL_SCORES.column_key(col::SELF_SCORE))
            .expected(fixed(system, 2))
            .found(s.to_string())
            .hint("核对自评得分，或核对工作簿中计算该指标的数据"),
        );
    }
    let mut scored = IndicatorScore {
        id: ind.id.clone(),
        level1: level1.to_string(),
        level2: level2.to_string(),
        name: ind.name.clone(),
        criteria: ind.criteria.clone(),
        points,
        computed: applied.computed,
        system,
        self_score,
        basis: applied.basis,
        explain: applied.explain,
        problem: None,
        measure: None,
        reason,
        rows: Vec::new(),
    };
    // Points lost only for want of a self-score say nothing about the
    // spending: the framework's problem and measure do not apply.
    if scored.system < points && !scored.unscored() {
        scored.problem = (!ind.problem.is_empty()).then(|| ind.problem.clone());
        scored.measure = (!ind.measure.is_empty()).then(|| ind.measure.clone());
    }
    scored
}

/// Applies a policy outcome (zero denominator, missing data).
fn policy(outcome: Outcome, points: Decimal, self_score: Option<Decimal>, why: String) -> Applied {
    match outcome {
        Outcome::Full => Applied {
            system: points,
            basis: Basis::Policy,
            computed: None,
            explain: format!("{why}，按规则计满分"),
        },
        Outcome::Zero | Outcome::ZeroError => Applied {
            system: Decimal::ZERO,
            basis: Basis::Policy,
            computed: None,
            explain: format!("{why}，按规则不得分"),
        },
        Outcome::SelfScore => match self_score {
            Some(s) => Applied {
                system: s,
                basis: Basis::SelfScore,
                computed: None,
                explain: format!("{why}，采用自评得分"),
            },
            None => Applied {
                system: Decimal::ZERO,
                basis: Basis::Policy,
                computed: None,
                explain: format!("{why}，且未自评，计 0 分"),
            },
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
    metric: Metric,
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
        Measured::Missing(keys) => Err(missing_data(ind, &keys, self_score, findings, spot)),
    }
}

/// Scores a measured value under a metric rule (linear, bands, proportional,
/// compare); `reference` is the compare rule's reference amount.
fn value_score(rule: &Rule, points: Decimal, v: Decimal, r: Decimal) -> Applied {
    let computed = Applied::computed;
    match rule {
        Rule::Linear {
            metric,
            standard,
            worse,
            per_point,
        } => {
            let past = match worse {
                Worse::Above => v - standard,
                Worse::Below => standard - v,
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
                let deduction = past * per_point;
                let system = (points - deduction).max(Decimal::ZERO);
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
            bands,
        } => {
            let x = if *absolute { v.abs() } else { v };
            match bands.iter().find(|b| b.interval.contains(x)) {
                Some(b) => computed(
                    b.score,
                    pct(v),
                    format!(
                        "{} {}，在 {} 档，得 {} 分",
                        metric.label(),
                        pct(v),
                        b.interval,
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
            let system = (points * v / Decimal::ONE_HUNDRED).clamp(Decimal::ZERO, cap);
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
        Rule::Checklist { .. } | Rule::PerItem { .. } | Rule::SelfScored => Applied {
            system: Decimal::ZERO,
            basis: Basis::Policy,
            computed: None,
            explain: "该规则不按数据计分".to_string(),
        },
    }
}

fn apply_rule(
    dept: &Department,
    ind: &Indicator,
    self_score: Option<Decimal>,
    findings: &mut Vec<Finding>,
    spot: Option<&Spot>,
) -> Applied {
    let points = ind.points;
    let computed = Applied::computed;
    match &ind.rule {
        Rule::Linear { metric, .. }
        | Rule::Bands { metric, .. }
        | Rule::Proportional { metric, .. } => {
            match measured(dept, ind, *metric, self_score, findings, spot) {
                Ok(v) => value_score(&ind.rule, points, v, Decimal::ZERO),
                Err(a) => a,
            }
        }
        Rule::Compare {
            metric, reference, ..
        } => match measured(dept, ind, *metric, self_score, findings, spot) {
            Ok(v) => {
                let r = match reference.measure(dept) {
                    Measured::Value(r) => r,
                    _ => Decimal::ZERO,
                };
                value_score(&ind.rule, points, v, r)
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
                system: best,
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
                        let system = (points - n * per).max(Decimal::ZERO);
                        let shown = format!("{} 个", n);
                        return computed(
                            system,
                            shown,
                            if n.is_zero() {
                                format!("{label} 0 个，得满分")
                            } else {
                                format!(
                                    "{label} {n} 个，每个扣 {per} 分，扣 {} 分",
                                    fixed((n * per).min(points), 2)
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
                system,
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
                system: s,
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
                    format!("指标“{}”需要自评，但自评得分未填写，计 0 分", ind.name),
                ),
                spot,
            )
            .field(TBL_SCORES.column_key(col::SELF_SCORE))
            .expected(format!("0–{}", ind.points))
            .hint("填写该项自评得分；低于满分时写明扣分原因"),
        );
    }
    Applied {
        system: Decimal::ZERO,
        basis: Basis::Policy,
        computed: None,
        explain: "未自评，计 0 分".to_string(),
    }
}

/// Every score a checklist can give: the sums of its items' subsets, sorted.
fn subset_sums(items: impl Iterator<Item = Decimal>) -> Vec<Decimal> {
    let mut sums = vec![Decimal::ZERO];
    for p in items {
        let more: Vec<Decimal> = sums.iter().map(|s| s + p).collect();
        sums.extend(more);
        sums.sort();
        sums.dedup();
    }
    sums
}

// ---- projects --------------------------------------------------------------

fn score_projects(
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
        let ten = Decimal::from(EXECUTION_POINTS);
        let execution_score = round_half_up(
            execution_rate.map_or(Decimal::ZERO, |r| {
                ten * (r / Decimal::ONE_HUNDRED)
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
        let mut indicators = Vec::new();
        for r in &mine {
            indicators.push(score_project_indicator(r, tol, findings));
        }
        // Weights by 一级指标.
        if !mine.is_empty() {
            let sum: Decimal = indicators.iter().map(|i| i.points).sum();
            let mut problems = Vec::new();
            if sum + ten != Decimal::ONE_HUNDRED {
                problems.push(format!(
                    "各指标分值之和 {sum} 加预算执行率 {ten} 分为 {}，应为 100",
                    sum + ten
                ));
            }
            for (group, label, w) in PROJECT_WEIGHTS {
                let got: Decimal = indicators
                    .iter()
                    .filter(|i| group_of(&i.level1, &i.level2) == *group)
                    .map(|i| i.points)
                    .sum();
                if got != Decimal::from(*w) {
                    problems.push(format!("{label} {got} 分（通常为 {w} 分）"));
                }
            }
            if !problems.is_empty() {
                findings.push(
                    at_row(Finding::new(Code::ScoreWeights, format!("项目“{name}”的指标权重与通行做法不同：{}", problems.join("；"))), mine[0], col::POINTS)
                        .expected("预算执行率 10、产出 50、效益 30、满意度 10")
                        .hint("财预〔2020〕10号：预算执行率 10 分，产出、效益、满意度一般为 50、30、10 分"),
                );
            }
        }
        let total = execution_score
            + indicators
                .iter()
                .map(|i| i.system.or(i.self_score).unwrap_or_default())
                .sum::<Decimal>();
        let selfs: Vec<Decimal> = indicators.iter().filter_map(|i| i.self_score).collect();
        let self_sum = (!selfs.is_empty()).then(|| execution_score + selfs.iter().sum::<Decimal>());
        let stated_self = p.dec(col::SELF_SCORE);
        if let (Some(stated), Some(sum)) = (stated_self, self_sum)
            && (stated - sum).abs() > tol
        {
            findings.push(
                at_row(
                    Finding::new(
                        Code::ScoreProjectTotal,
                        format!(
                            "项目“{name}”的自评得分 {} 不等于各指标自评得分之和 {}（含预算执行率 {} 分）",
                            stated,
                            fixed(sum, 2),
                            fixed(execution_score, 2)
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
        out.push(ProjectScore {
            name: name.to_string(),
            budget_full,
            executed,
            execution_rate,
            execution_score,
            grade: fw.grade(round_half_up(total, 2)).to_string(),
            total: round_half_up(total, 2),
            indicators,
            self_sum,
            stated_self,
        });
    }
    out
}

fn score_project_indicator(
    r: &Row,
    tol: Decimal,
    findings: &mut Vec<Finding>,
) -> ProjectIndicatorScore {
    let level3 = r.text(col::LEVEL3).unwrap_or_default().to_string();
    let target_text = r.text(col::TARGET).unwrap_or_default().to_string();
    let actual_text = r.text(col::ACTUAL).unwrap_or_default().to_string();
    let points = r.dec(col::POINTS).unwrap_or_default();
    let self_score = r.dec(col::SELF_SCORE);
    let target = target::parse_target(&target_text);
    let actual = target::parse_actual(&actual_text);
    let name_unit = target::unit_from_name(&level3);
    let outcome = target::score_indicator(&target, &actual, points, self_score, name_unit.as_ref());
    let system = outcome.score.map(|s| round_half_up(s, 2));
    let deviation = r.text(col::DEVIATION).is_some_and(|t| !t.trim().is_empty());
    if outcome.unit_mismatch {
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
            .hint("指标值与完成值应使用同一口径和单位（如人均标准对人均实际）"),
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
        if s < points && !deviation {
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
        if outcome.met == Some(true) && s < points {
            findings.push(
                at_row(
                    Finding::new(
                        Code::ScoreMetDeducted,
                        format!(
                            "指标“{level3}”已完成目标，却自评 {s} 分（满分 {points}）：{}",
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
        }
        if let Some(sys) = system
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
        target: target_text,
        actual: actual_text,
        points,
        system,
        self_score,
        met: outcome.met,
        explain: outcome.explain,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_compare_without_quotes_and_spaces() {
        assert_eq!(name_key("“三公经费”变动率"), name_key("三公经费 变动率"));
        assert_eq!(
            name_key("《政府工作报告》目标任务完成情况"),
            name_key("政府工作报告目标任务完成情况")
        );
    }

    use crate::rules::framework::{Band, Interval};

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    fn score_of(rule: &Rule, points: &str, v: &str) -> Decimal {
        round_half_up(value_score(rule, d(points), d(v), d("20")).system, 2)
    }

    /// 预算调整率 of seed 000: =0 → 3; (0,10] → 2; (10,20] → 1; (20,30] → 0.5; >30 → 0.
    #[test]
    fn bands_at_their_boundaries() {
        let band = |w: &str, s: &str| Band {
            interval: Interval::parse(w).unwrap(),
            score: d(s),
        };
        let rule = Rule::Bands {
            metric: Metric::BudgetAdjustment,
            absolute: true,
            bands: vec![
                band("=0", "3"),
                band("(0,10]", "2"),
                band("(10,20]", "1"),
                band("(20,30]", "0.5"),
                band("(30,)", "0"),
            ],
        };
        for (v, want) in [
            ("0", "3"),
            ("0.0001", "2"),
            ("10", "2"),
            ("10.01", "1"),
            ("20", "1"),
            ("30", "0.5"),
            ("30.01", "0"),
            ("100", "0"),
            ("-10", "2"),
        ] {
            assert_eq!(score_of(&rule, "3", v), d(want), "{v}%");
        }
    }

    /// 在职人员控制率 ≤100% → 5; each point over −0.5; 公务卡 ≥50% → 3, each point under −0.2.
    /// Scores round half-up: 4.995 → 5.00, 4.985 → 4.99 (banker's rounding would give 4.98).
    #[test]
    fn linear_at_its_boundaries() {
        let above = Rule::Linear {
            metric: Metric::StaffControl,
            standard: d("100"),
            worse: Worse::Above,
            per_point: d("0.5"),
        };
        for (v, want) in [
            ("0", "5"),
            ("100", "5"),
            ("100.01", "5"),
            ("100.03", "4.99"),
            ("101", "4.5"),
            ("110", "0"),
            ("171", "0"),
        ] {
            assert_eq!(score_of(&above, "5", v), d(want), "{v}%");
        }
        let below = Rule::Linear {
            metric: Metric::CardPayment,
            standard: d("50"),
            worse: Worse::Below,
            per_point: d("0.2"),
        };
        for (v, want) in [
            ("100", "3"),
            ("50", "3"),
            ("49.99", "3"),
            ("49.975", "3"),
            ("45", "2"),
            ("35", "0"),
            ("0", "0"),
        ] {
            assert_eq!(score_of(&below, "3", v), d(want), "{v}%");
        }
    }

    #[test]
    fn proportional_is_capped() {
        let rule = Rule::Proportional {
            metric: Metric::ProcurementExecution,
            cap: None,
        };
        for (v, want) in [("0", "0"), ("96.25", "2.89"), ("100", "3"), ("317", "3")] {
            assert_eq!(score_of(&rule, "3", v), d(want), "{v}%");
        }
    }

    /// 资金结余: none → 3; ≤ 上年结转 (20 here) → 2; more → 0.
    #[test]
    fn compare_at_its_boundaries() {
        let rule = Rule::Compare {
            metric: Metric::Surplus,
            reference: Metric::Carryover,
            none: d("3"),
            within: d("2"),
            beyond: d("0"),
        };
        for (v, want) in [
            ("-5", "3"),
            ("0", "3"),
            ("0.01", "2"),
            ("20", "2"),
            ("20.01", "0"),
        ] {
            assert_eq!(score_of(&rule, "3", v), d(want), "{v} 万元");
        }
    }

    #[test]
    fn zero_denominator_policies() {
        let p = d("5");
        assert_eq!(policy(Outcome::Full, p, None, String::new()).system, p);
        assert_eq!(
            policy(Outcome::Zero, p, Some(d("4")), String::new()).system,
            Decimal::ZERO
        );
        assert_eq!(
            policy(Outcome::ZeroError, p, None, String::new()).system,
            Decimal::ZERO
        );
        let own = policy(Outcome::SelfScore, p, Some(d("4")), "缺少数据".into());
        assert_eq!((own.system, own.basis), (d("4"), Basis::SelfScore));
        let none = policy(Outcome::SelfScore, p, None, "缺少数据".into());
        assert_eq!(none.system, Decimal::ZERO);
    }

    /// The total is rounded half-up before it is graded: 89.995 is 90.00 → 优.
    #[test]
    fn grade_boundary_is_stable() {
        let fw = crate::rules::framework::Framework::builtin("national")
            .unwrap()
            .unwrap();
        assert_eq!(fw.grade(round_half_up(d("89.995"), 2)), "优");
        assert_eq!(fw.grade(round_half_up(d("89.9949"), 2)), "良");
        assert_eq!(fw.grade(d("90")), "优");
        assert_eq!(fw.grade(d("0")), "差");
    }

    proptest::proptest! {
        /// Any rate gives a score within [0, points] with at most 2 decimals,
        /// and the rounding is half-up.
        #[test]
        fn linear_scores_stay_in_range(cents in -100_000i64..100_000, per in 1i64..200) {
            let rule = Rule::Linear {
                metric: Metric::StaffControl,
                standard: d("100"),
                worse: Worse::Above,
                per_point: Decimal::new(per, 2),
            };
            let v = Decimal::new(cents, 2);
            let exact = value_score(&rule, d("5"), v, Decimal::ZERO).system;
            let shown = round_half_up(exact, 2);
            proptest::prop_assert!(shown >= Decimal::ZERO && shown <= d("5"));
            proptest::prop_assert!(shown.scale() <= 2);
            proptest::prop_assert!((shown - exact).abs() <= d("0.005"));
        }
    }

    #[test]
    fn checklist_sums() {
        let d = |s: &str| s.parse::<Decimal>().unwrap();
        let sums = subset_sums([d("1"), d("0.5"), d("0.5"), d("0.5"), d("0.5")].into_iter());
        assert_eq!(sums, ["0", "0.5", "1", "1.5", "2", "2.5", "3"].map(d));
    }
}
