//! Reading a framework file: the TOML text deserialized into its spec, then
//! checked into a [`Framework`] (points add up at every level, ids are
//! unique, metrics exist, bands cover their domain, grades cover the total,
//! the `[projects]` table is sound). A mistake is a [`FrameworkError`] at its
//! file, line and column.
//!
//! The file's `format` says which version of the format it is written in. A
//! file without it is format 1, everything written before the key existed,
//! and reads exactly as it always did: a metric id whose reading
//! 财预〔2013〕53号 defines otherwise ([`LEGACY`](crate::rules::metrics::LEGACY)) keeps its old reading, with a
//! [`FrameworkNote`]. In format 2 such an id is an error, and a format newer
//! than [`FORMAT`] is refused.

use std::path::Path;
use std::sync::Arc;

use rust_decimal::Decimal;
use serde::Deserialize;
use toml::Spanned;

use crate::rules::formula::{Condition, Formula, is_formula};
use crate::rules::framework::grades::{Grade, GradeSpec, default_grades, sorted_grades};
use crate::rules::framework::number::{Num, number, opt_number};
use crate::rules::framework::projects::{ProjectsSpec, project_scoring};
use crate::rules::framework::rule::{Band, ChecklistItem, Interval, Measure, Outcome, Rule, Worse};
use crate::rules::framework::table::{Framework, Indicator, Level1, Level2, WeightBlock};
use crate::rules::metrics::{Legacy, Metric};

/// The newest framework file format this build reads (`format = 2`).
pub(crate) const FORMAT: i64 = 2;

/// A mistake in a framework file, at its line.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}:{line}:{column}: {message}")]
pub struct FrameworkError {
    pub(crate) file: String,
    pub(crate) line: usize,
    pub(crate) column: usize,
    pub(crate) message: String,
}

/// Something a framework file should change although it loads (提示): a
/// metric id read the old way, with the ids to write instead.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}:{line}: {message}")]
pub struct FrameworkNote {
    pub(crate) file: String,
    pub(crate) line: usize,
    pub(crate) column: usize,
    pub(crate) message: String,
}

impl Framework {
    /// Loads a framework file, with the notes it gives.
    pub(crate) fn load(path: &Path) -> Result<(Framework, Vec<FrameworkNote>), FrameworkError> {
        let text = std::fs::read_to_string(path).map_err(|e| FrameworkError {
            file: path.display().to_string(),
            line: 0,
            column: 0,
            message: format!("无法读取评价框架文件：{}", crate::contract::os::io_zh(&e)),
        })?;
        parse_with_notes(&text, &path.display().to_string())
    }
}

/// The one key read before the rest: the format decides how the rest reads,
/// and a newer format may have keys this build does not know.
#[derive(Debug, Deserialize)]
struct VersionSpec {
    #[serde(default)]
    format: Option<Spanned<toml::Value>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileSpec {
    /// Read by [`VersionSpec`]; here so that the key is known.
    #[serde(default, rename = "format")]
    _format: Option<toml::Value>,
    id: Spanned<String>,
    name: String,
    #[serde(default)]
    source: String,
    total: Spanned<Num>,
    #[serde(default)]
    grades: Option<Spanned<Vec<GradeSpec>>>,
    level1: Vec<Level1Spec>,
    #[serde(default)]
    projects: Option<Spanned<ProjectsSpec>>,
    /// Blocks of indicators named by id whose points the department sets.
    #[serde(default)]
    set_weights: Vec<Spanned<WeightBlockSpec>>,
}

/// A block of indicators whose points the department sets within the
/// block's total (设定分值), each indicator's `points` being its 参考分值.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct WeightBlockSpec {
    name: String,
    points: Spanned<Num>,
    indicators: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Level1Spec {
    name: Spanned<String>,
    points: Spanned<Num>,
    /// The department sets the points of the indicators below (设定分值).
    #[serde(default)]
    set_weights: bool,
    level2: Vec<Level2Spec>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Level2Spec {
    name: Spanned<String>,
    points: Spanned<Num>,
    /// The department sets the points of the indicators below (设定分值).
    #[serde(default)]
    set_weights: bool,
    indicators: Vec<IndicatorSpec>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct IndicatorSpec {
    id: Spanned<String>,
    name: String,
    #[serde(default)]
    aliases: Vec<String>,
    #[serde(default)]
    parts: Vec<String>,
    points: Spanned<Num>,
    #[serde(default)]
    criteria: String,
    #[serde(default)]
    problem: String,
    #[serde(default)]
    measure: String,
    rule: Spanned<RuleSpec>,
    #[serde(default)]
    zero_base: Option<Outcome>,
    #[serde(default)]
    zero_base_nonzero: Option<Outcome>,
    #[serde(default)]
    missing: Option<Outcome>,
    /// A condition formula (`"=…"`) under which the indicator scores full
    /// points whatever its rule says (无重点项目的，计满分).
    #[serde(default)]
    full_when: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case", deny_unknown_fields)]
enum RuleSpec {
    Linear {
        metric: String,
        #[serde(deserialize_with = "number")]
        standard: Decimal,
        worse: Worse,
        #[serde(deserialize_with = "number")]
        per_point: Decimal,
    },
    Bands {
        metric: String,
        #[serde(default)]
        absolute: bool,
        /// The values the metric can take, which the bands must cover.
        #[serde(default)]
        domain: Option<String>,
        bands: Vec<BandSpec>,
    },
    Proportional {
        metric: String,
        #[serde(default, deserialize_with = "opt_number")]
        cap: Option<Decimal>,
    },
    Compare {
        metric: String,
        reference: String,
        #[serde(deserialize_with = "number")]
        none: Decimal,
        #[serde(deserialize_with = "number")]
        within: Decimal,
        #[serde(deserialize_with = "number")]
        beyond: Decimal,
    },
    Checklist {
        items: Vec<ChecklistItem>,
    },
    PerItem {
        #[serde(default)]
        count: Option<String>,
        #[serde(deserialize_with = "number")]
        per: Decimal,
    },
    #[serde(rename = "self")]
    SelfScored {},
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct BandSpec {
    when: String,
    #[serde(deserialize_with = "number")]
    score: Decimal,
}

/// The line and column (1-based) of a byte offset.
fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

/// The format a file is written in: its `format` key, 1 without one. `None`
/// when the text is not TOML: the full parse reports that.
fn file_format(text: &str) -> Option<Result<i64, (std::ops::Range<usize>, String)>> {
    let spec: VersionSpec = toml::from_str(text).ok()?;
    let Some(format) = spec.format else {
        return Some(Ok(1));
    };
    let span = format.span();
    Some(match format.get_ref().as_integer() {
        Some(n) if (1..=FORMAT).contains(&n) => Ok(n),
        Some(n) if n > FORMAT => Err((
            span,
            format!(
                "评价框架文件为格式 {n}，本版 jixiao 只能读取格式 1 到 {FORMAT}；请升级 jixiao，或按 docs/frameworks.md 改写为格式 {FORMAT}"
            ),
        )),
        _ => Err((
            span,
            format!("format 应为 1 到 {FORMAT} 的整数（当前格式写 format = {FORMAT}）"),
        )),
    })
}

/// Where a metric id is written inside a rule: the offset of the quoted id
/// within `span`, else the rule's start.
fn id_offset(text: &str, span: &std::ops::Range<usize>, id: &str) -> usize {
    let rule = text.get(span.clone()).unwrap_or_default();
    ['"', '\'']
        .iter()
        .find_map(|q| rule.find(&format!("{q}{id}{q}")))
        .map_or(span.start, |i| span.start + i)
}

/// Parses and checks a framework; `file` names it in errors. The notes a
/// format-1 file gives are dropped: see [`parse_with_notes`].
pub fn parse(text: &str, file: &str) -> Result<Framework, FrameworkError> {
    parse_with_notes(text, file).map(|(f, _)| f)
}

/// Parses and checks a framework, with the notes it gives; `file` names it
/// in errors and notes.
pub fn parse_with_notes(
    text: &str,
    file: &str,
) -> Result<(Framework, Vec<FrameworkNote>), FrameworkError> {
    let at = |span: std::ops::Range<usize>, message: String| {
        let (line, column) = line_col(text, span.start);
        FrameworkError {
            file: file.to_string(),
            line,
            column,
            message,
        }
    };
    let format = match file_format(text) {
        Some(Ok(n)) => n,
        Some(Err((span, m))) => return Err(at(span, m)),
        None => 1,
    };
    let mut notes = Vec::new();
    let spec: FileSpec = toml::from_str(text).map_err(|e| {
        let span = e.span().unwrap_or(0..0);
        at(span, format!("评价框架格式错误：{}", e.message()))
    })?;

    let total = spec.total.get_ref().0;
    let grades: Vec<Grade> = match &spec.grades {
        Some(g) => g.get_ref().iter().map(GradeSpec::grade).collect(),
        None => default_grades(total),
    };
    let grades_span = spec.grades.as_ref().map_or(spec.total.span(), |g| g.span());
    let grades = sorted_grades(grades, total).map_err(|m| at(grades_span, m))?;

    let mut ids: Vec<String> = Vec::new();
    let mut level1 = Vec::new();
    let mut sum1 = Decimal::ZERO;
    // Each leaf's 一级 (its index), and the blocks the levels mark.
    let mut leaf_level1: Vec<usize> = Vec::new();
    let mut weight_blocks: Vec<WeightBlock> = Vec::new();
    for (n1, l1) in spec.level1.into_iter().enumerate() {
        let p1 = l1.points.get_ref().0;
        sum1 += p1;
        let mut sum2 = Decimal::ZERO;
        let mut level2 = Vec::new();
        let first1 = leaf_level1.len();
        for l2 in l1.level2 {
            if l1.set_weights && l2.set_weights {
                return Err(at(
                    l2.name.span(),
                    format!(
                        "二级指标“{}”所在的一级指标“{}”已由单位设定分值（set_weights），不能再设",
                        l2.name.get_ref(),
                        l1.name.get_ref()
                    ),
                ));
            }
            let first2 = leaf_level1.len();
            let p2 = l2.points.get_ref().0;
            sum2 += p2;
            let mut sum3 = Decimal::ZERO;
            let mut indicators = Vec::new();
            for ind in l2.indicators {
                let points = ind.points.get_ref().0;
                sum3 += points;
                if points <= Decimal::ZERO {
                    return Err(at(
                        ind.points.span(),
                        format!("指标“{}”的分值应大于 0", ind.name),
                    ));
                }
                let id = ind.id.get_ref().clone();
                if ids.contains(&id) {
                    return Err(at(ind.id.span(), format!("指标 id “{id}”重复")));
                }
                ids.push(id.clone());
                let rule_span = ind.rule.span();
                let mut legacy = Vec::new();
                let rule = build_rule(ind.rule.into_inner(), points, &ind.name, &mut legacy)
                    .map_err(|e| match e {
                        RuleError::Whole(m) => at(
                            rule_span.clone(),
                            format!("指标“{}”的评分规则：{m}", ind.name),
                        ),
                        RuleError::Formula {
                            source,
                            at: i,
                            message,
                        } => {
                            let offset = formula_offset(text, &rule_span, &source, i);
                            at(
                                offset..offset,
                                format!("指标“{}”的评分规则：公式有误：{message}", ind.name),
                            )
                        }
                    })?;
                for l in legacy {
                    let offset = id_offset(text, &rule_span, l.id);
                    if format >= 2 {
                        return Err(at(
                            offset..offset,
                            format!("指标“{}”的评分规则：{}", ind.name, l.refusal()),
                        ));
                    }
                    let (line, column) = line_col(text, offset);
                    notes.push(FrameworkNote {
                        file: file.to_string(),
                        line,
                        column,
                        message: l.note(),
                    });
                }
                let full_when = match &ind.full_when {
                    None => None,
                    Some(c) => Some(condition(text, c).map_err(|(offset, m)| {
                        at(
                            offset..offset,
                            format!("指标“{}”的 full_when：{m}", ind.name),
                        )
                    })?),
                };
                leaf_level1.push(n1);
                indicators.push(Indicator {
                    id,
                    name: ind.name,
                    aliases: ind.aliases,
                    parts: ind.parts,
                    points,
                    criteria: ind.criteria.trim().to_string(),
                    problem: ind.problem.trim().to_string(),
                    measure: ind.measure.trim().to_string(),
                    rule,
                    zero_base: ind.zero_base.unwrap_or(Outcome::Full),
                    zero_base_nonzero: ind.zero_base_nonzero.unwrap_or(Outcome::ZeroError),
                    missing: ind.missing.unwrap_or(Outcome::SelfScore),
                    full_when,
                });
            }
            if sum3 != p2 {
                return Err(at(
                    l2.points.span(),
                    format!(
                        "二级指标“{}”的分值为 {p2}，其下三级指标分值之和为 {sum3}",
                        l2.name.get_ref()
                    ),
                ));
            }
            if l2.set_weights {
                weight_blocks.push(WeightBlock {
                    name: l2.name.get_ref().clone(),
                    points: p2,
                    leaves: (first2..leaf_level1.len()).collect(),
                });
            }
            level2.push(Level2 {
                name: l2.name.into_inner(),
                points: p2,
                indicators,
            });
        }
        if sum2 != p1 {
            return Err(at(
                l1.points.span(),
                format!(
                    "一级指标“{}”的分值为 {p1}，其下二级指标分值之和为 {sum2}",
                    l1.name.get_ref()
                ),
            ));
        }
        if l1.set_weights {
            weight_blocks.push(WeightBlock {
                name: l1.name.get_ref().clone(),
                points: p1,
                leaves: (first1..leaf_level1.len()).collect(),
            });
        }
        level1.push(Level1 {
            name: l1.name.into_inner(),
            points: p1,
            level2,
        });
    }
    if sum1 != total {
        return Err(at(
            spec.total.span(),
            format!("总分为 {total}，一级指标分值之和为 {sum1}"),
        ));
    }
    let id = spec.id.get_ref().trim().to_string();
    if id.is_empty()
        || !id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        return Err(at(
            spec.id.span(),
            "id 只能由英文字母、数字、- 和 _ 组成".into(),
        ));
    }
    for block in spec.set_weights {
        let span = block.span();
        let block = block.into_inner();
        let mut leaves = Vec::new();
        for id in &block.indicators {
            let Some(leaf) = ids.iter().position(|i| i == id) else {
                return Err(at(
                    span,
                    format!("set_weights“{}”中的指标 id “{id}”不存在", block.name),
                ));
            };
            if leaves.contains(&leaf) {
                return Err(at(
                    span,
                    format!("set_weights“{}”中的指标 id “{id}”重复", block.name),
                ));
            }
            leaves.push(leaf);
        }
        if leaves.is_empty() {
            return Err(at(
                span,
                format!("set_weights“{}”至少要有一项指标", block.name),
            ));
        }
        if leaves
            .iter()
            .any(|&l| leaf_level1.get(l) != leaf_level1.get(leaves[0]))
        {
            return Err(at(
                span,
                format!(
                    "set_weights“{}”的指标应属于同一个一级指标，一级指标的分值才不变",
                    block.name
                ),
            ));
        }
        let points = block.points.get_ref().0;
        let reference: Decimal = leaves
            .iter()
            .filter_map(|&l| level1_leaf(&level1, l))
            .map(|i| i.points)
            .sum();
        if reference != points {
            return Err(at(
                block.points.span(),
                format!(
                    "set_weights“{}”的分值为 {points}，其指标参考分值之和为 {reference}",
                    block.name
                ),
            ));
        }
        weight_blocks.push(WeightBlock {
            name: block.name,
            points,
            leaves,
        });
    }
    for (i, a) in weight_blocks.iter().enumerate() {
        for b in &weight_blocks[i + 1..] {
            if let Some(&l) = a.leaves.iter().find(|l| b.leaves.contains(l)) {
                let id = ids.get(l).cloned().unwrap_or_default();
                return Err(at(
                    spec.total.span(),
                    format!(
                        "指标“{id}”既在“{}”中又在“{}”中由单位设定分值；一项指标只能属于一组",
                        a.name, b.name
                    ),
                ));
            }
        }
    }
    let projects = project_scoring(spec.projects, &grades).map_err(|(span, m)| at(span, m))?;
    let framework = Framework {
        id,
        name: spec.name,
        source: spec.source,
        total,
        grades,
        level1,
        projects,
        weight_blocks,
    };
    Ok((framework, notes))
}

/// The leaf at index `leaf` of the table order.
fn level1_leaf(level1: &[Level1], leaf: usize) -> Option<&Indicator> {
    level1
        .iter()
        .flat_map(|l1| &l1.level2)
        .flat_map(|l2| &l2.indicators)
        .nth(leaf)
}

/// A mistake in a rule: of the rule as a whole, or inside a formula, at a
/// byte offset into the formula's text.
#[derive(Debug)]
enum RuleError {
    Whole(String),
    Formula {
        source: String,
        at: usize,
        message: String,
    },
}

impl From<String> for RuleError {
    fn from(m: String) -> RuleError {
        RuleError::Whole(m)
    }
}

impl From<&str> for RuleError {
    fn from(m: &str) -> RuleError {
        RuleError::Whole(m.to_string())
    }
}

/// Where a formula's byte `at` is in the file: inside the quoted formula
/// within `span`, else the rule's start (a formula written with escapes).
fn formula_offset(text: &str, span: &std::ops::Range<usize>, source: &str, at: usize) -> usize {
    let rule = text.get(span.clone()).unwrap_or_default();
    ['"', '\'']
        .iter()
        .find_map(|q| rule.find(&format!("{q}{source}{q}")))
        .map_or(span.start, |i| span.start + i + 1 + at)
}

/// A condition formula (`full_when`), checked; a mistake is at its byte
/// offset in the file (inside the quoted string, else its start).
fn condition(text: &str, written: &Spanned<String>) -> Result<Condition, (usize, String)> {
    let source = written.get_ref();
    let span = written.span();
    if !is_formula(source) {
        return Err((
            span.start,
            format!("条件应以“=”开头，如 \"=COUNT(tbl_projects.executed) = 0\"，实为“{source}”"),
        ));
    }
    Condition::parse(source).map_err(|e| {
        let quoted = text
            .get(span.clone())
            .is_some_and(|t| t.get(1..t.len().saturating_sub(1)) == Some(source.as_str()));
        let offset = if quoted {
            span.start + 1 + e.at
        } else {
            span.start
        };
        (offset, format!("公式有误：{}", e.message))
    })
}

/// What a rule's `metric` or `reference` names: a formula (`=…`, which
/// `label` names in explanations), or a metric id. A
/// [`LEGACY`](crate::rules::metrics::LEGACY) id reads the old way and is put
/// in `legacy`, for the caller to note (format 1) or refuse (format 2).
fn metric(id: &str, label: &str, legacy: &mut Vec<&'static Legacy>) -> Result<Measure, RuleError> {
    if is_formula(id) {
        return Formula::parse(id, label)
            .map(|f| Measure::Formula(Arc::new(f)))
            .map_err(|e| RuleError::Formula {
                source: id.to_string(),
                at: e.at,
                message: e.message,
            });
    }
    if let Some(l) = Legacy::find(id) {
        legacy.push(l);
        return Ok(l.reads.into());
    }
    Metric::from_id(id).map(Measure::from).ok_or_else(|| {
        RuleError::Whole(format!(
            "未知的指标数据“{id}”；可用：{}，或以“=”开头的公式",
            Metric::ALL
                .iter()
                .map(|m| m.id())
                .collect::<Vec<_>>()
                .join("、")
        ))
    })
}

fn build_rule(
    spec: RuleSpec,
    points: Decimal,
    name: &str,
    legacy: &mut Vec<&'static Legacy>,
) -> Result<Rule, RuleError> {
    let within_points = |what: &str, v: Decimal| -> Result<(), String> {
        if v < Decimal::ZERO || v > points {
            return Err(format!("{what} {v} 不在 0 到分值 {points} 之间"));
        }
        Ok(())
    };
    Ok(match spec {
        RuleSpec::Linear {
            metric: m,
            standard,
            worse,
            per_point,
        } => {
            if per_point <= Decimal::ZERO {
                return Err("per_point（每个百分点扣分）应大于 0".into());
            }
            Rule::Linear {
                metric: metric(&m, name, legacy)?,
                standard,
                worse,
                per_point,
            }
        }
        RuleSpec::Bands {
            metric: m,
            absolute,
            domain,
            bands,
        } => {
            let domain = match &domain {
                Some(d) => {
                    Interval::parse(d).ok_or_else(|| format!("domain“{d}”不是区间（如 [0,) ）"))?
                }
                None => Interval {
                    low: None,
                    high: None,
                },
            };
            let mut parsed = Vec::new();
            for b in &bands {
                let interval = Interval::parse(&b.when).ok_or_else(|| {
                    format!("“{}”不是区间；写法如 =0、(0,10]、[90,)、(,60)", b.when)
                })?;
                within_points("档位得分", b.score)?;
                parsed.push(Band {
                    interval,
                    score: b.score,
                });
            }
            check_cover(&parsed, domain)?;
            Rule::Bands {
                metric: metric(&m, name, legacy)?,
                absolute,
                domain,
                bands: parsed,
            }
        }
        RuleSpec::Proportional { metric: m, cap } => {
            if let Some(c) = cap {
                within_points("cap", c)?;
            }
            Rule::Proportional {
                metric: metric(&m, name, legacy)?,
                cap,
            }
        }
        RuleSpec::Compare {
            metric: m,
            reference,
            none,
            within,
            beyond,
        } => {
            for (w, v) in [("none", none), ("within", within), ("beyond", beyond)] {
                within_points(w, v)?;
            }
            Rule::Compare {
                metric: metric(&m, name, legacy)?,
                reference: metric(&reference, "比较基数", legacy)?,
                none,
                within,
                beyond,
            }
        }
        RuleSpec::Checklist { items } => {
            let sum: Decimal = items.iter().map(|i| i.points).sum();
            if items.is_empty() {
                return Err("checklist 至少要有一项".into());
            }
            if sum != points {
                return Err(format!("各项分值之和 {sum} 不等于指标分值 {points}").into());
            }
            Rule::Checklist { items }
        }
        RuleSpec::PerItem { count, per } => {
            if per <= Decimal::ZERO {
                return Err("per（每项扣分）应大于 0".into());
            }
            // The one place a framework's field key is resolved: an
            // unknown key is refused here, when the framework loads.
            let count = match &count {
                Some(c) => match crate::contract::fields::field(c) {
                    Some(f) if f.kind.is_numeric() => Some(f.id()),
                    _ => return Err(format!("count“{c}”不是工作簿中的数值字段").into()),
                },
                None => None,
            };
            Rule::PerItem { count, per }
        }
        RuleSpec::SelfScored {} => Rule::SelfScored,
    })
}

/// Bands must cover `domain` with no gap and no overlap.
pub(super) fn check_cover(bands: &[Band], domain: Interval) -> Result<(), String> {
    if bands.is_empty() {
        return Err("bands 至少要有一档".into());
    }
    for (i, a) in bands.iter().enumerate() {
        for b in &bands[i + 1..] {
            if overlaps(&a.interval, &b.interval) {
                return Err(format!("区间 {} 与 {} 重叠", a.interval, b.interval));
            }
        }
    }
    // Walk up from the domain's low end with a cursor: everything below
    // `value` is covered, and `value` itself when `included`.
    let mut sorted: Vec<&Interval> = bands.iter().map(|b| &b.interval).collect();
    sorted.sort_by_key(|i| low_key(i));
    let mut cursor: Option<(Decimal, bool)> = domain.low.map(|(l, closed)| (l, !closed));
    let done = |c: Option<(Decimal, bool)>| match (c, domain.high) {
        (Some((v, inc)), Some((h, closed))) => v > h || (v == h && (inc || !closed)),
        _ => false,
    };
    let mut first = true;
    for iv in sorted {
        let continues = match (cursor, iv.low) {
            // Unbounded below: only the first band may start at -∞.
            (None, None) => first,
            (None, Some(_)) => false,
            (Some((c, inc)), Some((l, closed))) => {
                (l == c && inc != closed) || (first && iv.contains(c))
            }
            (Some((c, inc)), None) => {
                first
                    && iv
                        .high
                        .is_none_or(|(h, hc)| h > c || (h == c && (hc || inc)))
            }
        };
        // A band wholly below the domain's start is outside the domain.
        let below_domain = match (domain.low, iv.high) {
            (Some((dl, dclosed)), Some((h, hc))) => h < dl || (h == dl && !(hc && dclosed)),
            _ => false,
        };
        if below_domain {
            continue;
        }
        if !continues {
            return Err(match cursor {
                Some((c, _)) => format!("区间在 {c}% 处有缺口（下一档为 {iv}）"),
                None => format!("区间没有覆盖 {iv} 以下的值"),
            });
        }
        first = false;
        match iv.high {
            None => return Ok(()),
            Some(h) => cursor = Some(h),
        }
        if done(cursor) {
            return Ok(());
        }
    }
    match cursor {
        Some((c, _)) => Err(format!("区间没有覆盖 {c}% 以上的值")),
        None => Err("bands 没有覆盖取值范围".into()),
    }
}

fn low_key(i: &Interval) -> (bool, Decimal, bool) {
    match i.low {
        None => (false, Decimal::ZERO, false),
        Some((l, closed)) => (true, l, !closed),
    }
}

fn overlaps(a: &Interval, b: &Interval) -> bool {
    // Two intervals overlap when each one's low is below the other's high.
    fn below(low: Option<(Decimal, bool)>, high: Option<(Decimal, bool)>) -> bool {
        match (low, high) {
            (None, _) | (_, None) => true,
            (Some((l, lc)), Some((h, hc))) => l < h || (l == h && lc && hc),
        }
    }
    below(a.low, b.high) && below(b.low, a.high)
}
