//! The checked framework as scoring reads it: the 评分表's 一级、二级、三级
//! indicators with their points and rules, the department's grade bands, and
//! how projects (项目支出) are weighted and graded. [`parse`] builds one
//! from a framework file and checks it.
//!
//! [`parse`]: crate::rules::framework::parse

use rust_decimal::Decimal;

use crate::rules::formula::Condition;
use crate::rules::framework::grades::{Grade, grade_of};
use crate::rules::framework::rule::{Outcome, Rule};
use crate::rules::metrics::Input;

/// A checked framework.
#[derive(Debug, Clone, PartialEq)]
pub struct Framework {
    pub(crate) id: String,
    /// 名称, e.g. 岳阳市部门整体支出绩效评价评分表.
    pub(crate) name: String,
    /// Where the table comes from (文件、年份).
    pub(crate) source: String,
    pub(crate) total: Decimal,
    /// Highest first.
    pub(crate) grades: Vec<Grade>,
    /// 一级指标, in table order.
    pub(crate) level1: Vec<Level1>,
    /// How projects (项目支出绩效自评表) are weighted and graded.
    pub(crate) projects: ProjectScoring,
    /// The blocks whose indicators' points the department sets (设定分值),
    /// none in most frameworks.
    pub(crate) weight_blocks: Vec<WeightBlock>,
}

/// A block of indicators whose points the department sets within the
/// block's total (参考分值 / 设定分值): each indicator's `points` is its
/// 参考分值, which stands when the department sets none; a set weight may
/// be 0.
#[derive(Debug, Clone, PartialEq)]
pub struct WeightBlock {
    /// The block's name: its 一级 or 二级指标, or as the framework names it.
    pub(crate) name: String,
    /// The total the set weights add up to.
    pub(crate) points: Decimal,
    /// Its indicators, as indices into [`Framework::leaves`].
    pub(crate) leaves: Vec<usize>,
}

/// 一级指标.
#[derive(Debug, Clone, PartialEq)]
pub struct Level1 {
    /// The 一级指标 name.
    pub name: String,
    pub(crate) points: Decimal,
    pub(crate) level2: Vec<Level2>,
}

/// 二级指标.
#[derive(Debug, Clone, PartialEq)]
pub struct Level2 {
    /// The 二级指标 name.
    pub name: String,
    pub(crate) points: Decimal,
    pub(crate) indicators: Vec<Indicator>,
}

/// 三级指标: a leaf that is scored.
#[derive(Debug, Clone, PartialEq)]
pub struct Indicator {
    /// Unique within the framework.
    pub id: String,
    /// The 三级指标 name as printed in the table.
    pub name: String,
    /// Other names departments write for it (matched like the name).
    pub(crate) aliases: Vec<String>,
    /// Rows of the 评分表 that together carry this indicator's self-score
    /// (e.g. 经济效益、社会效益、生态效益 sharing 15 points); empty: one row.
    pub parts: Vec<String>,
    /// 分值: the points the indicator is worth.
    pub points: Decimal,
    /// 评分标准, shown in the 评分表.
    pub criteria: String,
    /// Problem sentence used when points are lost (存在的主要问题).
    pub problem: String,
    /// Measure sentence used when points are lost (改进措施).
    pub measure: String,
    /// How the indicator is scored.
    pub rule: Rule,
    /// What a zero denominator means when the numerator is zero too
    /// (no 重点项目, no 三公 budget and no spending).
    pub(crate) zero_base: Outcome,
    /// What a zero denominator means when the numerator is not zero
    /// (spending without a budget).
    pub(crate) zero_base_nonzero: Outcome,
    /// What missing data means.
    pub(crate) missing: Outcome,
    /// When it holds, the indicator scores full points whatever its rule
    /// says (无重点项目的，计满分；未发生的，不扣分).
    pub(crate) full_when: Option<Condition>,
}

impl Indicator {
    /// The inputs its score is traced to when it reads a formula (its
    /// rule's or its `full_when` condition's): every input of its measures
    /// and its condition; `None` for a rule of built-in metrics only, or
    /// one that measures nothing.
    pub(crate) fn formula_inputs(&self) -> Option<Vec<Input>> {
        let Some(condition) = &self.full_when else {
            return self.rule.formula_inputs();
        };
        let mut out = self.rule.measure_inputs();
        for i in condition.inputs() {
            if !out.contains(&i) {
                out.push(i);
            }
        }
        Some(out)
    }
}

/// How a project is scored besides its indicators (SPEC §7): the points of
/// its 预算执行率, the points each group of indicators usually carries, and
/// the grade bands of its total. A framework file's `[projects]` table; what
/// it leaves out is 财预〔2020〕10号 practice.
#[derive(Debug, Clone, PartialEq)]
pub struct ProjectScoring {
    /// Where the weights come from, cited when a project's differ.
    pub source: String,
    /// The 预算执行率's points: a project scores them × min(执行率, 1).
    pub execution: Decimal,
    /// 产出、效益、满意度, in that order.
    pub weights: Vec<ProjectWeight>,
    /// Highest first; the framework's own `grades` unless the table has its own.
    pub grades: Vec<Grade>,
}

impl ProjectScoring {
    /// What a project's points add up to: the 预算执行率's and every group's.
    pub fn total(&self) -> Decimal {
        self.execution + self.weights.iter().map(|w| w.points).sum::<Decimal>()
    }

    /// The grade label of a project's total (already rounded).
    pub fn grade(&self, total: Decimal) -> &str {
        grade_of(&self.grades, total)
    }
}

/// The points a group of a project's indicators usually carries.
#[derive(Debug, Clone, PartialEq)]
pub struct ProjectWeight {
    pub group: ProjectGroup,
    /// The group as findings name it, e.g. 产出指标.
    pub label: String,
    pub points: Decimal,
}

/// The weight group of a project indicator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProjectGroup {
    Output,
    Benefit,
    Satisfaction,
}

impl ProjectGroup {
    /// The group's short name: 产出, 效益, 满意度.
    pub fn name(self) -> &'static str {
        match self {
            ProjectGroup::Output => "产出",
            ProjectGroup::Benefit => "效益",
            ProjectGroup::Satisfaction => "满意度",
        }
    }
}

impl Framework {
    /// 名称, as the workbook's dropdown and the reports show it.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Every leaf, in table order, with its 一级 and 二级.
    pub fn leaves(&self) -> impl Iterator<Item = (&Level1, &Level2, &Indicator)> {
        self.level1.iter().flat_map(|l1| {
            l1.level2
                .iter()
                .flat_map(move |l2| l2.indicators.iter().map(move |i| (l1, l2, i)))
        })
    }

    /// The grade label of a total (already rounded).
    pub(crate) fn grade(&self, total: Decimal) -> &str {
        grade_of(&self.grades, total)
    }

    /// The optional fields (such as 截至11月底累计支出) its formulas and
    /// conditions read, in table order, once each: the template shows them.
    pub(crate) fn optional_fields(&self) -> Vec<&'static str> {
        let mut out = Vec::new();
        for (_, _, ind) in self.leaves() {
            for input in ind.formula_inputs().unwrap_or_default() {
                if let Input::Field(key) = input
                    && crate::contract::fields::field(key.as_str()).is_some_and(|f| f.is_optional())
                    && !out.contains(&key.as_str())
                {
                    out.push(key.as_str());
                }
            }
        }
        out
    }

    /// The block whose points the department sets that the leaf at index
    /// `leaf` (of [`Framework::leaves`]) belongs to, if any.
    pub(crate) fn weight_block(&self, leaf: usize) -> Option<&WeightBlock> {
        self.weight_blocks.iter().find(|b| b.leaves.contains(&leaf))
    }
}
