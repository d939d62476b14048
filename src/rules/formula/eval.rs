//! Evaluating a formula on a department, exactly, and showing it with the
//! department's figures put in.
//!
//! A blank input is missing, not 0: arithmetic, comparisons and functions
//! on a missing value give a missing value naming its inputs, except
//! ISBLANK, which tests for it, IF, which evaluates only the branch its
//! condition chooses, and AND/OR, which a known FALSE (AND) or TRUE (OR)
//! decides whatever else is missing. A division by zero gives a zero base
//! carrying the numerator, which the framework's `zero_base` policies
//! decide, as for a built-in rate. Arithmetic is checked: an overflow gives
//! a missing value with no input named, never a panic.

use rust_decimal::{Decimal, RoundingStrategy};

use crate::contract::fields::{ColumnId, TBL_FINANCE, Table};
use crate::ingest::model::{Department, Row};
use crate::rules::formula::parse::{Arith, Compare, Expr, Func, round_digits};
use crate::rules::metrics::{Input, summary_row};

/// A number kept as a fraction, so that a formula divides once, at the
/// end: `a/b*100` is `(a × 100) ÷ b`, exactly what a built-in rate
/// computes, and `1/3*3` is 1. The denominator is never zero.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Frac {
    n: Decimal,
    d: Decimal,
}

impl Frac {
    fn whole(n: Decimal) -> Frac {
        Frac { n, d: Decimal::ONE }
    }

    /// The value as a decimal; `None` on overflow.
    pub(crate) fn value(self) -> Option<Decimal> {
        if self.d == Decimal::ONE {
            Some(self.n)
        } else {
            self.n.checked_div(self.d)
        }
    }

    fn neg(self) -> Frac {
        Frac {
            n: -self.n,
            d: self.d,
        }
    }

    /// `self op other`, as a fraction when the products fit, else on the
    /// decimal values; a division by zero is a zero base.
    fn arith(self, op: Arith, other: Frac) -> Val {
        let (a, b) = (self, other);
        if op == Arith::Div && b.n.is_zero() {
            return a.value().map_or_else(Val::overflow, Val::ZeroBase);
        }
        let exact = match op {
            Arith::Add | Arith::Sub => {
                let bn = if op == Arith::Sub { -b.n } else { b.n };
                if a.d == b.d {
                    a.n.checked_add(bn).map(|n| Frac { n, d: a.d })
                } else {
                    a.n.checked_mul(b.d)
                        .zip(bn.checked_mul(a.d))
                        .and_then(|(x, y)| x.checked_add(y))
                        .zip(a.d.checked_mul(b.d))
                        .map(|(n, d)| Frac { n, d })
                }
            }
            Arith::Mul => {
                a.n.checked_mul(b.n)
                    .zip(a.d.checked_mul(b.d))
                    .map(|(n, d)| Frac { n, d })
            }
            Arith::Div => {
                a.n.checked_mul(b.d)
                    .zip(a.d.checked_mul(b.n))
                    .map(|(n, d)| Frac { n, d })
            }
        };
        if let Some(f) = exact.filter(|f| !f.d.is_zero()) {
            return Val::Num(f);
        }
        // The products overflowed: on the values, one operation at a time.
        let (Some(x), Some(y)) = (a.value(), b.value()) else {
            return Val::overflow();
        };
        let r = match op {
            Arith::Add => x.checked_add(y),
            Arith::Sub => x.checked_sub(y),
            Arith::Mul => x.checked_mul(y),
            Arith::Div => x.checked_div(y),
        };
        r.map_or_else(Val::overflow, |v| Val::Num(Frac::whole(v)))
    }
}

/// The value of a formula or of a part of it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Val {
    /// A number.
    Num(Frac),
    /// A condition.
    Logical(bool),
    /// Inputs are missing (none named: the result overflowed).
    Missing(Vec<Input>),
    /// A division by zero; the numerator is given.
    ZeroBase(Decimal),
}

impl Val {
    fn overflow() -> Val {
        Val::Missing(Vec::new())
    }

    fn number(v: Decimal) -> Val {
        Val::Num(Frac::whole(v))
    }
}

/// The rows a table's column is summed over: the 收支情况 rows below its
/// 汇总 row (the one row when there are no sub-units, never the 汇总 row
/// added to its own parts); every row of any other table, but those marked
/// not applicable.
pub(crate) fn detail_rows<'a>(dept: &'a Department, table: &Table) -> &'a [Row] {
    let rows = dept.rows(table);
    if table.key == TBL_FINANCE.key && rows.len() > 1 {
        &rows[1..]
    } else {
        rows
    }
}

fn detail_values(dept: &Department, table: &'static Table, id: ColumnId) -> Vec<Option<Decimal>> {
    detail_rows(dept, table)
        .iter()
        .filter(|r| !r.is_not_applicable())
        .map(|r| r.dec(id))
        .collect()
}

/// Merges the missing inputs of `vals` (in order, once each), else the
/// first zero base; `None` when every value is known.
fn unknown<'a>(vals: impl IntoIterator<Item = &'a Val>) -> Option<Val> {
    let mut missing: Option<Vec<Input>> = None;
    let mut zero = None;
    for v in vals {
        match v {
            Val::Missing(inputs) => {
                let all = missing.get_or_insert_with(Vec::new);
                for i in inputs {
                    if !all.contains(i) {
                        all.push(*i);
                    }
                }
            }
            Val::ZeroBase(n) if zero.is_none() => zero = Some(*n),
            _ => {}
        }
    }
    missing.map(Val::Missing).or(zero.map(Val::ZeroBase))
}

/// Evaluates `e` on `dept`.
pub(crate) fn eval(e: &Expr, dept: &Department) -> Val {
    match e {
        Expr::Number { value, .. } => Val::number(*value),
        Expr::Logical(b) => Val::Logical(*b),
        Expr::Field(key) => dept
            .dec(*key)
            .map_or_else(|| Val::Missing(vec![Input::Field(*key)]), Val::number),
        Expr::Summary(id) => summary_row(dept)
            .and_then(|r| r.dec(*id))
            .map_or_else(|| Val::Missing(vec![Input::Summary(*id)]), Val::number),
        Expr::Detail(table, id) => sum_detail(dept, table, *id),
        Expr::Group(inner) => eval(inner, dept),
        Expr::Neg(inner) => match eval(inner, dept) {
            Val::Num(v) => Val::Num(v.neg()),
            other => other,
        },
        Expr::Arith(op, a, b) => {
            let (a, b) = (eval(a, dept), eval(b, dept));
            if let Some(u) = unknown([&a, &b]) {
                return u;
            }
            match (a, b) {
                (Val::Num(a), Val::Num(b)) => a.arith(*op, b),
                _ => Val::overflow(),
            }
        }
        Expr::Compare(op, a, b) => {
            let (a, b) = (eval(a, dept), eval(b, dept));
            if let Some(u) = unknown([&a, &b]) {
                return u;
            }
            let (Some(a), Some(b)) = (decimal(&a), decimal(&b)) else {
                return Val::overflow();
            };
            Val::Logical(match op {
                Compare::Eq => a == b,
                Compare::Ne => a != b,
                Compare::Lt => a < b,
                Compare::Le => a <= b,
                Compare::Gt => a > b,
                Compare::Ge => a >= b,
            })
        }
        Expr::Call(func, args) => call(*func, args, dept),
    }
}

/// A number's decimal value; `None` for anything else or on overflow.
fn decimal(v: &Val) -> Option<Decimal> {
    match v {
        Val::Num(f) => f.value(),
        _ => None,
    }
}

/// SUM of one column over the detail rows: missing when a row leaves it
/// blank (a sum of the others would understate the total); 0 over no rows.
fn sum_detail(dept: &Department, table: &'static Table, id: ColumnId) -> Val {
    let mut sum = Decimal::ZERO;
    for v in detail_values(dept, table, id) {
        let Some(v) = v else {
            return Val::Missing(vec![Input::Column(table, id)]);
        };
        match sum.checked_add(v) {
            Some(s) => sum = s,
            None => return Val::overflow(),
        }
    }
    Val::number(sum)
}

fn call(func: Func, args: &[Expr], dept: &Department) -> Val {
    let all = || args.iter().map(|a| eval(a, dept)).collect::<Vec<_>>();
    match func {
        Func::If => {
            let Some(cond) = args.first() else {
                return Val::overflow();
            };
            match eval(cond, dept) {
                Val::Logical(true) => args.get(1).map_or_else(Val::overflow, |a| eval(a, dept)),
                Val::Logical(false) => args.get(2).map_or_else(Val::overflow, |a| eval(a, dept)),
                other => other,
            }
        }
        Func::IsBlank => match args.first().map(|a| eval(a, dept)) {
            Some(Val::Missing(_)) => Val::Logical(true),
            _ => Val::Logical(false),
        },
        Func::And | Func::Or => {
            let decides = func == Func::Or;
            let vals = all();
            if vals.contains(&Val::Logical(decides)) {
                return Val::Logical(decides);
            }
            unknown(&vals).unwrap_or(Val::Logical(!decides))
        }
        Func::Not => match args.first().map(|a| eval(a, dept)) {
            Some(Val::Logical(b)) => Val::Logical(!b),
            Some(other) => other,
            None => Val::overflow(),
        },
        Func::Count => match args.first() {
            Some(Expr::Detail(table, id)) => {
                let n = detail_values(dept, table, *id)
                    .iter()
                    .filter(|v| v.is_some())
                    .count();
                Val::number(Decimal::from(n))
            }
            _ => Val::overflow(),
        },
        Func::Sum => {
            let vals = all();
            if let Some(u) = unknown(&vals) {
                return u;
            }
            vals.iter()
                .try_fold(Val::number(Decimal::ZERO), |sum, v| match (sum, v) {
                    (Val::Num(s), Val::Num(v)) => Some(s.arith(Arith::Add, *v)),
                    _ => None,
                })
                .unwrap_or_else(Val::overflow)
        }
        Func::Min | Func::Max | Func::Abs | Func::Round => {
            let vals = all();
            if let Some(u) = unknown(&vals) {
                return u;
            }
            let Some(nums) = vals.iter().map(decimal).collect::<Option<Vec<Decimal>>>() else {
                return Val::overflow();
            };
            let first = nums.first().copied();
            let r = match func {
                Func::Min => nums.iter().copied().min(),
                Func::Max => nums.iter().copied().max(),
                Func::Abs => first.map(|v| v.abs()),
                Func::Round => match (first, args.get(1).map(|d| round_digits(d, 0))) {
                    (Some(v), Some(Ok(dp))) => {
                        Some(v.round_dp_with_strategy(dp, RoundingStrategy::MidpointAwayFromZero))
                    }
                    _ => None,
                },
                _ => None,
            };
            r.map_or_else(Val::overflow, Val::number)
        }
    }
}

/// A figure as put into a shown formula: its exact value, trailing zeros
/// dropped; `（空）` when blank, the word for a blank everywhere.
fn figure(v: Option<Decimal>) -> String {
    v.map_or_else(
        || crate::contract::cell::EMPTY.to_string(),
        |v| v.normalize().to_string(),
    )
}

/// The formula with the department's figures put in for its names, in
/// the operators of the 评分表 (× ÷ −): `2815.61 ÷ (0 + 5380.44 + 0) × 100`.
/// A table's column summed over its rows shows the sum.
pub(crate) fn substituted(e: &Expr, dept: &Department) -> String {
    let mut out = String::new();
    write(e, dept, &mut out);
    out
}

fn write(e: &Expr, dept: &Department, out: &mut String) {
    match e {
        Expr::Number { written, .. } => out.push_str(written),
        Expr::Logical(b) => out.push_str(if *b { "TRUE" } else { "FALSE" }),
        Expr::Field(key) => out.push_str(&figure(dept.dec(*key))),
        Expr::Summary(id) => out.push_str(&figure(summary_row(dept).and_then(|r| r.dec(*id)))),
        Expr::Detail(table, id) => {
            let shown = figure(decimal(&sum_detail(dept, table, *id)));
            out.push_str(&shown);
        }
        Expr::Group(inner) => {
            out.push('(');
            write(inner, dept, out);
            out.push(')');
        }
        Expr::Neg(inner) => {
            out.push('−');
            write(inner, dept, out);
        }
        Expr::Arith(op, a, b) => {
            write(a, dept, out);
            out.push_str(op.shown());
            write(b, dept, out);
        }
        Expr::Compare(op, a, b) => {
            write(a, dept, out);
            out.push_str(op.shown());
            write(b, dept, out);
        }
        // SUM or COUNT of one table column: the total, or how many rows.
        Expr::Call(func @ (Func::Sum | Func::Count), args)
            if matches!(args.as_slice(), [Expr::Detail(..)]) =>
        {
            out.push_str(&figure(decimal(&call(*func, args, dept))));
        }
        Expr::Call(func, args) => {
            out.push_str(func.name());
            out.push('(');
            for (i, a) in args.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write(a, dept, out);
            }
            out.push(')');
        }
    }
}

/// Every input `e` reads, in order, once each, into `out`.
pub(crate) fn inputs(e: &Expr, out: &mut Vec<Input>) {
    let mut push = |i: Input| {
        if !out.contains(&i) {
            out.push(i);
        }
    };
    match e {
        Expr::Field(key) => push(Input::Field(*key)),
        Expr::Summary(id) => push(Input::Summary(*id)),
        Expr::Detail(table, id) => push(Input::Column(table, *id)),
        Expr::Number { .. } | Expr::Logical(_) => {}
        Expr::Group(inner) | Expr::Neg(inner) => inputs(inner, out),
        Expr::Arith(_, a, b) | Expr::Compare(_, a, b) => {
            inputs(a, out);
            inputs(b, out);
        }
        Expr::Call(_, args) => {
            for a in args {
                inputs(a, out);
            }
        }
    }
}
