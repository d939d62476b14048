//! Formula metrics: a local 评分表 computes an indicator its own way (预算完成率
//! over 上年结转 + 年初预算 + 追加 − 年末结余, 支付进度 against 年初预算), which
//! no built-in metric reads, so a framework rule may give its metric as an
//! Excel-style formula over the workbook's fields, such as
//! `=budget_executed/(budget_initial+budget_adjustment)*100`, instead of
//! rebuilding jixiao. The formula is parsed and checked when the framework
//! loads (`parse`), evaluated exactly on each department (`eval`), and shown
//! in the score's explanation with the department's figures put in.
//!
//! The syntax, with examples, is in docs/frameworks.md (公式指标).

mod eval;
mod excel;
mod parse;

#[cfg(test)]
mod tests;

use std::fmt;

use crate::contract::number::fixed;
use crate::ingest::model::Department;
use crate::rules::metrics::{Input, Measured, Metric};

use eval::Val;
pub(crate) use eval::detail_rows;
use parse::Expr;

/// A metric written as a formula in a framework file (`metric = "=…"`),
/// parsed and checked; its value is in the unit the rule reads (percentage
/// points for `linear`, `bands` and `proportional`, so a rate ends in
/// `*100`; 万元 for `compare`).
#[derive(Debug, Clone)]
pub struct Formula {
    /// The formula as written, with its `=`.
    source: String,
    /// What it is called in explanations: the indicator's name.
    label: String,
    expr: Expr,
}

impl PartialEq for Formula {
    fn eq(&self, other: &Formula) -> bool {
        self.source == other.source && self.label == other.label
    }
}

/// A mistake in a formula, at a byte offset into its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormulaError {
    /// The byte offset in the formula's text where the mistake is.
    pub at: usize,
    /// What is wrong and what was expected, in Chinese.
    pub message: String,
}

impl FormulaError {
    pub(crate) fn at(at: usize, message: String) -> FormulaError {
        FormulaError { at, message }
    }
}

impl fmt::Display for FormulaError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

/// Whether a rule's `metric` (or `reference`) text is a formula rather
/// than a built-in metric's id: it starts with `=`.
pub(crate) fn is_formula(text: &str) -> bool {
    text.trim_start().starts_with(['=', '＝'])
}

/// The definition of each built-in metric (`Metric::definition`), parsed
/// once.
static BUILTINS: std::sync::LazyLock<Vec<(Metric, Option<Formula>)>> =
    std::sync::LazyLock::new(|| {
        Metric::ALL
            .iter()
            .map(|m| (*m, Formula::parse(&m.definition(), m.label()).ok()))
            .collect()
    });

/// A built-in metric's definition as a formula (every definition parses: a
/// test holds it).
pub(crate) fn builtin(metric: Metric) -> Option<&'static Formula> {
    BUILTINS
        .iter()
        .find(|(m, _)| *m == metric)
        .and_then(|(_, f)| f.as_ref())
}

impl Formula {
    /// Parses and checks `source` (starting with `=`); `label` names what
    /// it computes in explanations.
    pub fn parse(source: &str, label: &str) -> Result<Formula, FormulaError> {
        Ok(Formula {
            source: source.trim().to_string(),
            label: label.to_string(),
            expr: parse::parse(source)?,
        })
    }

    /// The formula as written.
    pub fn source(&self) -> &str {
        &self.source
    }

    /// What it computes, for explanations.
    pub(crate) fn label(&self) -> &str {
        &self.label
    }

    /// Measures the formula on a department, as a built-in metric is
    /// measured: a value, a zero base (a division by zero, with its
    /// numerator), or the inputs that are missing.
    pub(crate) fn measure(&self, dept: &Department) -> Measured {
        match eval::eval(&self.expr, dept) {
            Val::Num(v) => v
                .value()
                .map_or_else(|| Measured::Missing(Vec::new()), Measured::Value),
            Val::ZeroBase(numerator) => Measured::ZeroBase { numerator },
            Val::Missing(inputs) => Measured::Missing(inputs),
            // The parser refuses a formula whose result is a condition.
            Val::Logical(_) => Measured::Missing(Vec::new()),
        }
    }

    /// The formula with the department's figures put in, and its result
    /// `measured` (as the scorer measured it): `= 2815.61 ÷ (0 + 5380.44 +
    /// 0) × 100 = 52.33`; `shown` writes the result in the rule's unit
    /// (`52.33%`), a result that is not a number is said in words.
    pub(crate) fn substituted(
        &self,
        dept: &Department,
        measured: &Measured,
        shown: impl Fn(rust_decimal::Decimal) -> String,
    ) -> String {
        let put_in = eval::substituted(&self.expr, dept);
        let result = match measured {
            Measured::Value(v) => shown(*v),
            Measured::ZeroBase { numerator } => {
                format!("无法计算（分母为 0，分子为 {}）", fixed(*numerator, 2))
            }
            Measured::Missing(inputs) if inputs.is_empty() => "无法计算（数值超出范围）".into(),
            Measured::Missing(_) => "无法计算（缺少数据）".into(),
        };
        format!("= {put_in} = {result}")
    }

    /// The formula as Excel computes it over `dept`'s own cells, for the
    /// completed workbook ([`excel`](self) says how, and when there is none).
    pub(crate) fn excel(&self, dept: &Department) -> Option<String> {
        excel::excel(&self.expr, dept)
    }

    /// Every input the formula reads, in order, once each: the cells a
    /// score computed from it is traced to.
    pub(crate) fn inputs(&self) -> Vec<Input> {
        let mut out = Vec::new();
        eval::inputs(&self.expr, &mut out);
        out
    }
}

/// A condition written as a formula in a framework file (`full_when =
/// "=…"`): a comparison or a logical function whose result is TRUE or
/// FALSE, such as `=COUNT(tbl_projects.executed) = 0` (无重点项目).
#[derive(Debug, Clone)]
pub struct Condition {
    /// The condition as written, with its `=`.
    source: String,
    expr: Expr,
}

impl PartialEq for Condition {
    fn eq(&self, other: &Condition) -> bool {
        self.source == other.source
    }
}

/// Whether a [`Condition`] holds for a department.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Holds {
    /// It holds.
    Yes,
    /// It does not hold, or a division in it has a zero divisor.
    No,
    /// It cannot be decided: these inputs are blank (none named: the
    /// arithmetic left the range of a decimal).
    Missing(Vec<Input>),
}

impl Condition {
    /// Parses and checks `source` (starting with `=`).
    pub fn parse(source: &str) -> Result<Condition, FormulaError> {
        Ok(Condition {
            source: source.trim().to_string(),
            expr: parse::parse_condition(source)?,
        })
    }

    /// The condition as written.
    pub fn source(&self) -> &str {
        &self.source
    }

    /// Decides the condition on a department.
    pub(crate) fn holds(&self, dept: &Department) -> Holds {
        match eval::eval(&self.expr, dept) {
            Val::Logical(true) => Holds::Yes,
            Val::Logical(false) | Val::ZeroBase(_) => Holds::No,
            Val::Missing(inputs) => Holds::Missing(inputs),
            // The parser refuses a condition whose result is a number.
            Val::Num(_) => Holds::Missing(Vec::new()),
        }
    }

    /// The condition with the department's figures put in: `0 = 0`.
    pub(crate) fn substituted(&self, dept: &Department) -> String {
        eval::substituted(&self.expr, dept)
    }

    /// Every input the condition reads, in order, once each.
    pub(crate) fn inputs(&self) -> Vec<Input> {
        let mut out = Vec::new();
        eval::inputs(&self.expr, &mut out);
        out
    }
}
