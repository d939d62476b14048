//! The department's score under its framework: every 三级指标 found in the
//! 评分表 by name, scored by its rule and compared with the self-score, the
//! 一级 totals, the total graded by the framework's bands, and the stated
//! 自评综合得分 checked against both sums.

use rust_decimal::Decimal;
use serde::Serialize;

use crate::contract::cell::Spot;
use crate::contract::fields::{TBL_SCORES, col, key};
use crate::contract::finding::{Code, Finding};
use crate::contract::number::{fixed, round_half_up};
use crate::ingest::model::{Department, Row};
use crate::rules::framework::{Framework, Indicator, Rule};
use crate::rules::metrics::Input;
use crate::rules::score::locate::{at_row, at_spot, located_table, name_key};
use crate::rules::score::rule::{Applied, Basis, apply_rule};

/// One 三级指标, scored.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IndicatorScore {
    pub(crate) id: String,
    /// The 一级指标 name.
    pub level1: String,
    /// The 二级指标 name.
    pub level2: String,
    /// The 三级指标 name.
    pub name: String,
    pub(crate) criteria: String,
    /// 分值: the points the indicator is worth.
    pub points: Decimal,
    /// The 计算值 as shown, e.g. `100.00%`.
    pub computed: Option<String>,
    /// System score, rounded half-up to 2 decimals; `None` when the
    /// indicator cannot be scored (无法计分: `explain` says why).
    pub system: Option<Decimal>,
    /// The department's 自评得分.
    pub self_score: Option<Decimal>,
    pub(crate) basis: Basis,
    /// How the score was reached, and why points were lost.
    pub explain: String,
    /// The framework's problem and measure sentences, when points were lost
    /// on the workbook's figures or on a self-score below the points (never
    /// for an indicator that could not be scored).
    pub problem: Option<String>,
    /// See `problem`.
    pub measure: Option<String>,
    /// The department's 扣分原因.
    pub reason: Option<String>,
    /// The inputs of the framework's formulas the indicator is measured
    /// by, when its rule has one: what its score is traced to (a built-in
    /// metric is found by its name in `explain`).
    #[serde(skip)]
    pub(crate) formula_inputs: Option<Vec<Input>>,
    /// The 评分表 rows (indices into `tbl_scores`) that carry this indicator:
    /// one, or one per part; empty when the table lacks it.
    #[serde(skip)]
    pub(crate) rows: Vec<usize>,
}

impl IndicatorScore {
    /// Could not be scored (无法计分): no data for its rule and no
    /// self-score to fall back on, or a value outside the metric's range.
    pub fn unscorable(&self) -> bool {
        self.system.is_none()
    }

    /// Scored on the department's self-score because the workbook lacks
    /// the figures its rule needs (or their base is zero).
    pub fn self_score_for_data(&self) -> bool {
        self.basis == Basis::SelfScoreForData
    }

    /// Scored by a rule of the framework rather than by figures or a
    /// self-score the rule asks for: the 说明 should say how.
    pub fn by_policy(&self) -> bool {
        matches!(
            self.basis,
            Basis::Policy | Basis::SelfScoreForData | Basis::Unscorable
        )
    }

    /// The points lost, when the indicator was scored.
    pub fn lost(&self) -> Option<Decimal> {
        self.system.map(|s| self.points - s)
    }
}

/// Whether a total can be graded (等次).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Standing {
    /// Every indicator was scored: the total is graded.
    Complete,
    /// Some indicators could not be scored (不完整): the total is the sum of
    /// the others and gets no grade.
    Incomplete,
    /// The 评分表 has no self-score at all (未自评): the unit has not assessed
    /// itself, so no total is graded.
    NotSelfAssessed,
}

impl Standing {
    /// The Chinese word shown in reports and summaries where a grade would be.
    pub fn zh(self) -> &'static str {
        match self {
            Standing::Complete => "完整",
            Standing::Incomplete => "不完整",
            Standing::NotSelfAssessed => "未自评",
        }
    }
}

/// A 一级指标's points and score.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LevelTotal {
    /// The 一级指标 name.
    pub name: String,
    /// The points it is worth.
    pub points: Decimal,
    /// Σ of its scored indicators' system scores.
    pub score: Decimal,
    /// How many of its indicators could not be scored.
    pub unscorable: usize,
    pub(crate) self_score: Option<Decimal>,
}

/// The department's score under one framework.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DepartmentScore {
    /// The framework's id.
    pub framework_id: String,
    /// The framework's name.
    pub framework_name: String,
    /// The framework's total points.
    pub total_points: Decimal,
    /// Every 三级指标, in the framework's order.
    pub indicators: Vec<IndicatorScore>,
    /// The 一级指标 totals, in the framework's order.
    pub level1: Vec<LevelTotal>,
    /// Σ of the rounded scores of the indicators that were scored (so the
    /// table adds up); the whole score only when `standing` is complete.
    pub total: Decimal,
    /// Whether the total can be graded.
    pub standing: Standing,
    /// How many indicators could not be scored.
    pub unscorable: usize,
    /// The 等次 of the total (优, 良, 中, 差 by default); `None` unless every
    /// indicator was scored and the unit assessed itself.
    pub grade: Option<String>,
    /// Σ of the self-scores in the 评分表.
    pub self_total: Option<Decimal>,
    /// The stated 自评综合得分.
    pub stated_self_total: Option<Decimal>,
}

impl DepartmentScore {
    /// The department's self-score: the 自评综合得分 stated, else the sum of
    /// the 评分表's self-scores.
    pub(crate) fn self_score(&self) -> Option<Decimal> {
        self.stated_self_total.or(self.self_total)
    }
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

pub(super) fn score_department(
    dept: &Department,
    fw: &Framework,
    tol: Decimal,
    findings: &mut Vec<Finding>,
) -> DepartmentScore {
    let rows = dept.rows(&TBL_SCORES);
    let mut used = vec![false; rows.len()];
    let keys: Vec<RowKeys> = rows.iter().map(row_keys).collect();
    // The rows of every leaf first: a block's set weights are checked together.
    let mut matched: Vec<(Vec<&Row>, Vec<usize>)> = Vec::new();
    for (_, l2, ind) in fw.leaves() {
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
        matched.push((mine, at));
    }
    let weights = set_weights(fw, &matched, findings);
    let mut indicators = Vec::new();
    for (((l1, l2, ind), (mine, at)), weight) in fw.leaves().zip(matched).zip(weights) {
        let mut scored = score_indicator(
            dept,
            ind,
            (&l1.name, &l2.name),
            &mine,
            weight,
            tol,
            findings,
        );
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
                .hint("按评价框架补齐该行；未补齐时系统按数据计分，自评类指标无法计分"),
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
    let not_self_assessed = rows.iter().all(|r| r.dec(col::SELF_SCORE).is_none());
    if not_self_assessed {
        let before = findings.len();
        findings.retain(|f| f.code != Code::ScoreNoSelf);
        let unscored = before - findings.len();
        if unscored > 0 {
            findings.push(
                located_table(
                    Finding::new(
                        Code::ScoreNoSelf,
                        format!(
                            "评分表的自评得分一项也未填写：未自评，{unscored} 项自评类指标无法计分，不评定等次"
                        ),
                    ),
                    dept,
                )
                .field(TBL_SCORES.column_key(col::SELF_SCORE))
                .hint("在评分表“自评得分”列逐项填写；低于满分的写明扣分原因"),
            );
        }
    }
    let total: Decimal = indicators.iter().filter_map(|i| i.system).sum();
    let unscorable = indicators.iter().filter(|i| i.unscorable()).count();
    let standing = if not_self_assessed {
        Standing::NotSelfAssessed
    } else if unscorable > 0 {
        Standing::Incomplete
    } else {
        Standing::Complete
    };
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
                score: mine.iter().filter_map(|i| i.system).sum(),
                unscorable: mine.iter().filter(|i| i.unscorable()).count(),
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
        // A partial total says nothing about the stated one.
        if standing == Standing::Complete && (stated - total).abs() > tol {
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
        grade: (standing == Standing::Complete).then(|| fw.grade(total).to_string()),
        standing,
        unscorable,
        indicators,
        level1,
        total,
        self_total,
        stated_self_total: stated,
    }
}

/// Scores one indicator on its rows; `weight` is the department's set
/// weight (设定分值) when it stands, else the framework's points count.
fn score_indicator(
    dept: &Department,
    ind: &Indicator,
    (level1, level2): (&str, &str),
    rows: &[&Row],
    weight: Option<Decimal>,
    tol: Decimal,
    findings: &mut Vec<Finding>,
) -> IndicatorScore {
    // The 参考分值 the rule is written in, and the points the indicator is worth.
    let reference = ind.points;
    let points = weight.unwrap_or(reference);
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
        if sp != reference
            && let Some(r) = first
        {
            findings.push(
                at_row(
                    Finding::new(
                        Code::ScorePoints,
                        format!(
                            "指标“{}”的分值 {} 与评价框架的 {} 不一致，按评价框架计分",
                            ind.name, sp, reference
                        ),
                    ),
                    r,
                    col::POINTS,
                )
                .expected(reference.to_string())
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

    let before = findings.len();
    let applied = weighted_rule(dept, ind, points, clamped_self, findings, self_spot);
    // A self-score marked 无 is already SCORE-NOT-APPLICABLE at that cell.
    if rows.iter().any(|r| r.not_applicable(col::SELF_SCORE)) {
        let added = findings.split_off(before);
        findings.extend(added.into_iter().filter(|f| f.code != Code::ScoreNoSelf));
    }
    let system = applied
        .system
        .map(|s| round_half_up(s.clamp(Decimal::ZERO, points), 2));
    if applied.basis == Basis::Computed
        && let Some(s) = self_score
        && let Some(system) = system
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
        formula_inputs: ind.formula_inputs(),
        rows: Vec::new(),
    };
    // An indicator that could not be scored says nothing about the
    // spending: the framework's problem and measure do not apply.
    if scored.system.is_some_and(|s| s < points) {
        scored.problem = (!ind.problem.is_empty()).then(|| ind.problem.clone());
        scored.measure = (!ind.measure.is_empty()).then(|| ind.measure.clone());
    }
    scored
}

/// Applies an indicator's rule at `points`, the department's set weight
/// (设定分值) or the framework's points: a rule is written in the 参考分值,
/// so a set weight scores the rule on the 参考分值 (the self-score scaled to
/// it) and scales the result by 设定分值 ÷ 参考分值; a weight of 0 scores 0
/// of 0.
fn weighted_rule(
    dept: &Department,
    ind: &Indicator,
    points: Decimal,
    self_score: Option<Decimal>,
    findings: &mut Vec<Finding>,
    spot: Option<&Spot>,
) -> Applied {
    let reference = ind.points;
    if points == reference {
        return apply_rule(dept, ind, self_score, findings, spot);
    }
    if points.is_zero() {
        return Applied {
            system: Some(Decimal::ZERO),
            basis: Basis::Policy,
            computed: None,
            explain: format!("单位设定分值为 0（参考分值 {reference}），本项满分 0 分，得 0 分"),
        };
    }
    // A self-scored indicator has no score of its own to scale: it is
    // self-scored within the set weight, and its findings say so.
    if ind.rule == Rule::SelfScored {
        let at_weight = Indicator {
            points,
            ..ind.clone()
        };
        return apply_rule(dept, &at_weight, self_score, findings, spot);
    }
    let scale = |v: Decimal, by: Decimal, over: Decimal| {
        v.checked_mul(by).and_then(|x| x.checked_div(over))
    };
    let as_reference = self_score.and_then(|s| scale(s, reference, points));
    let mut applied = apply_rule(dept, ind, as_reference, findings, spot);
    if let Some(s) = applied.system {
        let scaled = scale(s, points, reference);
        if applied.basis == Basis::Computed
            && let Some(v) = scaled
        {
            applied.explain = format!(
                "{}；按设定分值折算：{} × {} ÷ {} = {} 分",
                applied.explain,
                fixed(s, 2),
                points,
                reference,
                fixed(v, 2)
            );
        }
        applied.system = scaled;
        if scaled.is_none() {
            applied.basis = Basis::Unscorable;
            applied.explain = format!(
                "{}；按设定分值折算超出可计算的范围，无法计分",
                applied.explain
            );
        }
    }
    applied
}

/// The set weight (设定分值) of each leaf, in [`Framework::leaves`] order,
/// when the department's stands: the leaf is in a block whose weights the
/// department sets, and the block's set weights (a blank one counting as
/// its 参考分值) are none negative and add up to the block's points.
/// Otherwise the framework's points count, with a finding at the block's
/// cells; a set weight of an indicator not in a block is a finding too.
fn set_weights(
    fw: &Framework,
    matched: &[(Vec<&Row>, Vec<usize>)],
    findings: &mut Vec<Finding>,
) -> Vec<Option<Decimal>> {
    let leaves: Vec<&Indicator> = fw.leaves().map(|(_, _, i)| i).collect();
    let set_of = |leaf: usize| -> Option<Decimal> {
        let rows = &matched.get(leaf)?.0;
        let set: Vec<Decimal> = rows.iter().filter_map(|r| r.dec(col::SET_POINTS)).collect();
        (!set.is_empty()).then(|| set.iter().sum())
    };
    let cell_of = |leaf: usize| -> Option<Spot> {
        matched
            .get(leaf)?
            .0
            .iter()
            .find_map(|r| r.spot(col::SET_POINTS).cloned())
    };
    let mut out = vec![None; leaves.len()];
    for block in &fw.weight_blocks {
        let mut sum = Decimal::ZERO;
        let mut negative = false;
        let mut parts = Vec::new();
        for &leaf in &block.leaves {
            let Some(ind) = leaves.get(leaf) else {
                continue;
            };
            let set = set_of(leaf);
            let w = set.unwrap_or(ind.points);
            negative |= w < Decimal::ZERO;
            sum = sum.saturating_add(w);
            let at = cell_of(leaf).map(|s| format!("，{s}")).unwrap_or_default();
            parts.push(match set {
                Some(_) => format!("{} {w}{at}", ind.name),
                None => format!("{} 未填，按参考分值 {w}{at}", ind.name),
            });
        }
        if sum == block.points && !negative {
            for &leaf in &block.leaves {
                if let (Some(slot), Some(ind)) = (out.get_mut(leaf), leaves.get(leaf)) {
                    *slot = Some(set_of(leaf).unwrap_or(ind.points));
                }
            }
            continue;
        }
        let first = block.leaves.iter().find_map(|&l| cell_of(l));
        let what = if negative {
            "有负数".to_string()
        } else {
            format!("之和为 {sum}，应为 {}", block.points)
        };
        findings.push(
            at_spot(
                Finding::new(
                    Code::ScoreSetWeights,
                    format!(
                        "“{}”各项设定分值{what}（{}），按参考分值计分",
                        block.name,
                        parts.join("；")
                    ),
                ),
                first.as_ref(),
            )
            .field(TBL_SCORES.column_key(col::SET_POINTS))
            .expected(format!("各项之和 {}，均不为负数", block.points))
            .found(sum.to_string())
            .hint("在“设定分值”列改正，使这一组各项之和等于合计分值；某项不适用的可以设为 0"),
        );
    }
    for (leaf, ind) in leaves.iter().enumerate() {
        if fw.weight_block(leaf).is_some() {
            continue;
        }
        if let Some(w) = set_of(leaf)
            && w != ind.points
        {
            findings.push(
                at_spot(
                    Finding::new(
                        Code::ScorePoints,
                        format!(
                            "指标“{}”的分值由评价框架确定（{}），不由单位设定；设定分值 {w} 未采用",
                            ind.name, ind.points
                        ),
                    ),
                    cell_of(leaf).as_ref(),
                )
                .field(TBL_SCORES.column_key(col::SET_POINTS))
                .expected(ind.points.to_string())
                .found(w.to_string())
                .hint("只有评价框架允许单位自定分值的指标才填写“设定分值”；其余留空"),
            );
        }
    }
    out
}
