//! Indicator frameworks (评分表) as data: every province scores with its own
//! table, so a framework is a TOML file a finance office can copy and edit
//! without rebuilding jixiao. This module loads one, checks it (points add up
//! at every level, metrics exist, bands cover their domain) and reports each
//! mistake with its file:line. The format is documented in `docs/frameworks.md`.

use std::fmt;
use std::path::Path;
use std::sync::Arc;

use rust_decimal::Decimal;
use serde::{Deserialize, Deserializer};
use toml::Spanned;

use crate::contract::fields::FieldKey;
use crate::ingest::coerce::number::decimal_from_f64;
use crate::rules::metrics::Metric;

/// The frameworks shipped inside the binary: (id, file name, TOML text).
pub const BUILTIN: &[(&str, &str, &str)] = &[
    (
        "national",
        "frameworks/national.toml",
        include_str!("../../frameworks/national.toml"),
    ),
    (
        "yueyang-2015",
        "frameworks/yueyang-2015.toml",
        include_str!("../../frameworks/yueyang-2015.toml"),
    ),
];

/// A checked framework.
#[derive(Debug, Clone, PartialEq)]
pub struct Framework {
    pub id: String,
    /// 名称, e.g. 岳阳市部门整体支出绩效评价评分表.
    pub name: String,
    /// Where the table comes from (文件、年份).
    pub source: String,
    pub total: Decimal,
    /// Highest first.
    pub grades: Vec<Grade>,
    /// 一级指标, in table order.
    pub level1: Vec<Level1>,
}

/// A grade band (等次): from `min` (inclusive) up to the next band's `min`
/// (exclusive); the top band includes the total.
#[derive(Debug, Clone, PartialEq)]
pub struct Grade {
    pub label: String,
    pub min: Decimal,
}

/// 一级指标.
#[derive(Debug, Clone, PartialEq)]
pub struct Level1 {
    pub name: String,
    pub points: Decimal,
    pub level2: Vec<Level2>,
}

/// 二级指标.
#[derive(Debug, Clone, PartialEq)]
pub struct Level2 {
    pub name: String,
    pub points: Decimal,
    pub indicators: Vec<Indicator>,
}

/// 三级指标: a leaf that is scored.
#[derive(Debug, Clone, PartialEq)]
pub struct Indicator {
    /// Unique within the framework.
    pub id: String,
    /// The 三级指标 name as printed in the table.
    pub name: String,
    /// Other names departments write for it (matched like the name).
    pub aliases: Vec<String>,
    /// Rows of the 评分表 that together carry this indicator's self-score
    /// (e.g. 经济效益、社会效益、生态效益 sharing 15 points); empty: one row.
    pub parts: Vec<String>,
    pub points: Decimal,
    /// 评分标准, shown in the 评分表.
    pub criteria: String,
    /// Problem sentence used when points are lost (存在的主要问题).
    pub problem: String,
    /// Measure sentence used when points are lost (改进措施).
    pub measure: String,
    pub rule: Rule,
    /// What a zero denominator means when the numerator is zero too
    /// (no 重点项目, no 三公 budget and no spending).
    pub zero_base: Outcome,
    /// What a zero denominator means when the numerator is not zero
    /// (spending without a budget).
    pub zero_base_nonzero: Outcome,
    /// What missing data means.
    pub missing: Outcome,
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
        metric: Metric,
        standard: Decimal,
        worse: Worse,
        per_point: Decimal,
    },
    /// Step bands: the score of the band the value falls in.
    Bands {
        metric: Metric,
        /// Compare the absolute value (a 追减 counts like a 追加).
        absolute: bool,
        bands: Vec<Band>,
    },
    /// points × value ÷ 100, capped at `cap` (default: the points).
    Proportional {
        metric: Metric,
        cap: Option<Decimal>,
    },
    /// Compares an amount with a reference amount: `none` when the amount is
    /// ≤ 0, `within` when it is ≤ the reference, `beyond` otherwise.
    Compare {
        metric: Metric,
        reference: Metric,
        none: Decimal,
        within: Decimal,
        beyond: Decimal,
    },
    /// Items each worth points; the department's self-score must be a sum of
    /// some of them.
    Checklist { items: Vec<ChecklistItem> },
    /// `per` off for each violation or late item, floor 0. With `count`, the
    /// number comes from that workbook field; otherwise from the self-score,
    /// which must be points − k × per.
    PerItem {
        count: Option<FieldKey>,
        per: Decimal,
    },
    /// Self-scored within the points; a reason is required below full.
    SelfScored,
}

/// A checklist item (①②③).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChecklistItem {
    pub text: String,
    #[serde(deserialize_with = "number")]
    pub points: Decimal,
}

/// A band of a step rule: an interval and its score.
#[derive(Debug, Clone, PartialEq)]
pub struct Band {
    pub interval: Interval,
    pub score: Decimal,
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

impl Framework {
    /// Every leaf, in table order, with its 一级 and 二级.
    pub fn leaves(&self) -> impl Iterator<Item = (&Level1, &Level2, &Indicator)> {
        self.level1.iter().flat_map(|l1| {
            l1.level2
                .iter()
                .flat_map(move |l2| l2.indicators.iter().map(move |i| (l1, l2, i)))
        })
    }

    /// The grade label of a total (already rounded).
    pub fn grade(&self, total: Decimal) -> &str {
        self.grades
            .iter()
            .find(|g| total >= g.min)
            .or(self.grades.last())
            .map_or("", |g| g.label.as_str())
    }

    /// A built-in framework by id.
    pub fn builtin(id: &str) -> Option<Result<Arc<Framework>, FrameworkError>> {
        /// Parsed once per process, whatever the number of workbooks.
        static PARSED: std::sync::LazyLock<Vec<Result<Arc<Framework>, FrameworkError>>> =
            std::sync::LazyLock::new(|| {
                BUILTIN
                    .iter()
                    .map(|(_, file, text)| parse(text, file).map(Arc::new))
                    .collect()
            });
        BUILTIN
            .iter()
            .position(|(i, _, _)| *i == id)
            .map(|n| PARSED[n].clone())
    }

    /// Loads a framework file.
    pub fn load(path: &Path) -> Result<Framework, FrameworkError> {
        let text = std::fs::read_to_string(path).map_err(|e| FrameworkError {
            file: path.display().to_string(),
            line: 0,
            column: 0,
            message: format!("无法读取评价框架文件：{e}"),
        })?;
        parse(&text, &path.display().to_string())
    }
}

/// The frameworks a run can score with: the built-ins plus one given by path.
#[derive(Debug, Clone)]
pub struct Frameworks {
    frameworks: Vec<Arc<Framework>>,
    /// A framework given on the command line scores every workbook,
    /// whatever its `framework` cell says.
    pub forced: Option<Arc<Framework>>,
}

impl Frameworks {
    /// A hash of every framework's content and of the choice: changes when
    /// any rule, weight or wording does (for incremental batch runs).
    pub fn fingerprint(&self) -> String {
        let text = format!("{:?}|{:?}", self.frameworks, self.forced);
        blake3::hash(text.as_bytes()).to_hex().to_string()
    }

    /// The built-ins. They are checked by the tests, so a failure here is a
    /// defect of the build, reported as such.
    pub fn builtin() -> Result<Self, FrameworkError> {
        let mut frameworks = Vec::new();
        for (id, _, _) in BUILTIN {
            if let Some(f) = Framework::builtin(id) {
                frameworks.push(f?);
            }
        }
        Ok(Frameworks {
            frameworks,
            forced: None,
        })
    }

    /// The built-ins, which the tests load one by one: a built-in that fails
    /// to load is a defect of the build and panics here, caught per file.
    pub fn builtin_checked() -> Self {
        match Frameworks::builtin() {
            Ok(f) => f,
            Err(e) => panic!("内置评价框架有误：{e}"),
        }
    }

    /// `--framework ID|FILE`: a built-in id, or a path to a TOML file.
    pub fn with_choice(mut self, choice: &str) -> Result<Self, FrameworkError> {
        let chosen = match self.get(choice) {
            Some(f) => f,
            None => {
                let f = Arc::new(Framework::load(Path::new(choice))?);
                if self.get(&f.id).is_none() {
                    self.frameworks.push(f.clone());
                }
                f
            }
        };
        self.forced = Some(chosen);
        Ok(self)
    }

    pub fn get(&self, id: &str) -> Option<Arc<Framework>> {
        self.frameworks.iter().find(|f| f.id == id.trim()).cloned()
    }

    pub fn ids(&self) -> Vec<String> {
        self.frameworks.iter().map(|f| f.id.clone()).collect()
    }

    /// The framework for a workbook whose `framework` cell says `named`.
    pub fn for_workbook(&self, named: Option<&str>) -> Option<Arc<Framework>> {
        if let Some(f) = &self.forced {
            return Some(f.clone());
        }
        self.get(named.unwrap_or("national"))
    }
}

/// A mistake in a framework file, at its line.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}:{line}:{column}: {message}")]
pub struct FrameworkError {
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub message: String,
}

// ---- the file format -------------------------------------------------------

/// A number in a framework file: TOML integer, float or string, read as an
/// exact decimal (floats through Excel's 15 significant digits).
fn number<'de, D: Deserializer<'de>>(d: D) -> Result<Decimal, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Raw {
        Int(i64),
        Float(f64),
        Text(String),
    }
    match Raw::deserialize(d)? {
        Raw::Int(i) => Ok(Decimal::from(i)),
        Raw::Float(f) => {
            decimal_from_f64(f).ok_or_else(|| serde::de::Error::custom("数值超出范围"))
        }
        Raw::Text(s) => s
            .trim()
            .parse()
            .map_err(|_| serde::de::Error::custom(format!("“{s}”不是数字"))),
    }
}

fn opt_number<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Decimal>, D::Error> {
    number(d).map(Some)
}

#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
struct Num(#[serde(deserialize_with = "number")] Decimal);

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileSpec {
    id: Spanned<String>,
    name: String,
    #[serde(default)]
    source: String,
    total: Spanned<Num>,
    #[serde(default)]
    grades: Option<Spanned<Vec<GradeSpec>>>,
    level1: Vec<Level1Spec>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct GradeSpec {
    label: String,
    #[serde(deserialize_with = "number")]
    min: Decimal,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Level1Spec {
    name: Spanned<String>,
    points: Spanned<Num>,
    level2: Vec<Level2Spec>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Level2Spec {
    name: Spanned<String>,
    points: Spanned<Num>,
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

/// Parses and checks a framework; `file` names it in errors.
pub fn parse(text: &str, file: &str) -> Result<Framework, FrameworkError> {
    let at = |span: std::ops::Range<usize>, message: String| {
        let (line, column) = line_col(text, span.start);
        FrameworkError {
            file: file.to_string(),
            line,
            column,
            message,
        }
    };
    let spec: FileSpec = toml::from_str(text).map_err(|e| {
        let span = e.span().unwrap_or(0..0);
        at(span, format!("评价框架格式错误：{}", e.message()))
    })?;

    let total = spec.total.get_ref().0;
    let mut grades: Vec<Grade> = match &spec.grades {
        Some(g) => g
            .get_ref()
            .iter()
            .map(|g| Grade {
                label: g.label.clone(),
                min: g.min,
            })
            .collect(),
        None => default_grades(total),
    };
    grades.sort_by_key(|g| std::cmp::Reverse(g.min));
    let grades_span = spec.grades.as_ref().map_or(spec.total.span(), |g| g.span());
    if grades.last().is_none_or(|g| !g.min.is_zero()) {
        return Err(at(
            grades_span,
            "等次须覆盖 0 分到总分：最低一档的下限应为 0".into(),
        ));
    }
    for w in grades.windows(2) {
        if w[0].min == w[1].min {
            return Err(at(
                grades_span,
                format!(
                    "等次“{}”与“{}”的下限相同（{}），区间重叠",
                    w[0].label, w[1].label, w[0].min
                ),
            ));
        }
    }
    if grades.iter().any(|g| g.min > total) {
        return Err(at(grades_span, "等次的下限超过了总分".into()));
    }

    let mut ids: Vec<String> = Vec::new();
    let mut level1 = Vec::new();
    let mut sum1 = Decimal::ZERO;
    for l1 in spec.level1 {
        let p1 = l1.points.get_ref().0;
        sum1 += p1;
        let mut sum2 = Decimal::ZERO;
        let mut level2 = Vec::new();
        for l2 in l1.level2 {
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
                let rule = build_rule(ind.rule.into_inner(), points)
                    .map_err(|m| at(rule_span, format!("指标“{}”的评分规则：{m}", ind.name)))?;
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
    Ok(Framework {
        id,
        name: spec.name,
        source: spec.source,
        total,
        grades,
        level1,
    })
}

/// 优 ≥ 90%, 良 ≥ 80%, 中 ≥ 60%, 差 below, of the total (财预〔2020〕10号).
fn default_grades(total: Decimal) -> Vec<Grade> {
    [("优", 90), ("良", 80), ("中", 60), ("差", 0)]
        .iter()
        .map(|(l, m)| Grade {
            label: (*l).to_string(),
            min: total * Decimal::from(*m) / Decimal::ONE_HUNDRED,
        })
        .collect()
}

fn metric(id: &str) -> Result<Metric, String> {
    Metric::from_id(id).ok_or_else(|| {
        format!(
            "未知的指标数据“{id}”；可用：{}",
            Metric::ALL
                .iter()
                .map(|m| m.id())
                .collect::<Vec<_>>()
                .join("、")
        )
    })
}

fn build_rule(spec: RuleSpec, points: Decimal) -> Result<Rule, String> {
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
                metric: metric(&m)?,
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
                metric: metric(&m)?,
                absolute,
                bands: parsed,
            }
        }
        RuleSpec::Proportional { metric: m, cap } => {
            if let Some(c) = cap {
                within_points("cap", c)?;
            }
            Rule::Proportional {
                metric: metric(&m)?,
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
                metric: metric(&m)?,
                reference: metric(&reference)?,
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
                return Err(format!("各项分值之和 {sum} 不等于指标分值 {points}"));
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
                    _ => return Err(format!("count“{c}”不是工作簿中的数值字段")),
                },
                None => None,
            };
            Rule::PerItem { count, per }
        }
        RuleSpec::SelfScored {} => Rule::SelfScored,
    })
}

/// Bands must cover `domain` with no gap and no overlap.
fn check_cover(bands: &[Band], domain: Interval) -> Result<(), String> {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn builtins_load() {
        for (id, file, text) in BUILTIN {
            let f = parse(text, file).unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(f.id, *id);
            assert_eq!(f.total, d("100"));
        }
    }

    #[test]
    fn intervals() {
        let i = Interval::parse("(0,10]").unwrap();
        assert!(!i.contains(d("0")));
        assert!(i.contains(d("0.0001")));
        assert!(i.contains(d("10")));
        assert!(!i.contains(d("10.01")));
        assert!(Interval::parse("=0").unwrap().contains(d("0")));
        assert!(Interval::parse("[90,)").unwrap().contains(d("1000")));
        assert!(Interval::parse("(,60)").unwrap().contains(d("-5")));
        assert_eq!(Interval::parse("[,60)"), None);
        assert_eq!(Interval::parse("(10,10]"), None);
        assert_eq!(Interval::parse("0-10"), None);
        assert_eq!(Interval::parse("(0,10]").unwrap().to_string(), "(0%,10%]");
    }

    fn bands(list: &[&str]) -> Vec<Band> {
        list.iter()
            .map(|w| Band {
                interval: Interval::parse(w).unwrap(),
                score: Decimal::ONE,
            })
            .collect()
    }

    #[test]
    fn cover_accepts_a_partition() {
        let dom = Interval::parse("[0,)").unwrap();
        check_cover(
            &bands(&["=0", "(0,10]", "(10,20]", "(20,30]", "(30,)"]),
            dom,
        )
        .unwrap();
        let all = Interval {
            low: None,
            high: None,
        };
        check_cover(&bands(&["[90,)", "[80,90)", "[60,80)", "(,60)"]), all).unwrap();
        check_cover(
            &bands(&["[0,60)", "[60,100]"]),
            Interval::parse("[0,100]").unwrap(),
        )
        .unwrap();
    }

    #[test]
    fn cover_refuses_gaps_and_overlaps() {
        let dom = Interval::parse("[0,)").unwrap();
        let gap = check_cover(&bands(&["=0", "(0,10]", "(20,30]", "(30,)"]), dom).unwrap_err();
        assert!(gap.contains("缺口"), "{gap}");
        let hole = check_cover(&bands(&["=0", "(0,10)", "(10,)"]), dom).unwrap_err();
        assert!(hole.contains("10"), "{hole}");
        let over = check_cover(&bands(&["[0,10]", "[10,)"]), dom).unwrap_err();
        assert!(over.contains("重叠"), "{over}");
        let top = check_cover(&bands(&["=0", "(0,10]"]), dom).unwrap_err();
        assert!(top.contains("以上"), "{top}");
        let bottom = check_cover(&bands(&["(0,10]", "(10,)"]), dom).unwrap_err();
        assert!(bottom.contains('0'), "{bottom}");
    }

    const MINIMAL: &str = r#"
id = "t"
name = "测试"
total = 10

[[level1]]
name = "投入"
points = 10

[[level1.level2]]
name = "预算配置"
points = 10

[[level1.level2.indicators]]
id = "a"
name = "在职人员控制率"
points = 4
rule = { kind = "linear", metric = "staff_control", standard = 100, worse = "above", per_point = 0.5 }

[[level1.level2.indicators]]
id = "b"
name = "职责履行"
points = 6
rule = { kind = "self" }
"#;

    #[test]
    fn a_minimal_framework_loads_with_default_grades() {
        let f = parse(MINIMAL, "t.toml").unwrap();
        assert_eq!(f.leaves().count(), 2);
        assert_eq!(f.grade(d("9")), "优");
        assert_eq!(f.grade(d("8.99")), "良");
        assert_eq!(f.grade(d("0")), "差");
    }

    #[test]
    fn mistakes_are_reported_at_their_line() {
        let bad = MINIMAL.replace("points = 4", "points = 5");
        let e = parse(&bad, "t.toml").unwrap_err();
        assert_eq!(e.file, "t.toml");
        assert_eq!(e.line, 12, "{e}");
        assert!(e.message.contains("之和为 11"), "{e}");

        let bad = MINIMAL.replace("staff_control", "staff_contrl");
        let e = parse(&bad, "t.toml").unwrap_err();
        assert_eq!(e.line, 18, "{e}");
        assert!(e.message.contains("staff_contrl"), "{e}");

        let bad = MINIMAL.replace("id = \"b\"", "id = \"a\"");
        let e = parse(&bad, "t.toml").unwrap_err();
        assert_eq!(e.line, 21, "{e}");

        let bad = MINIMAL.replace("name = \"测试\"", "name = \"测试\"\ncolour = 1");
        let e = parse(&bad, "t.toml").unwrap_err();
        assert_eq!(e.line, 4, "{e}");
        assert!(e.message.contains("colour"), "{e}");
    }
}
