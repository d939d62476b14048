//! The indicators of SPEC §5 computed exactly from the model, as pure
//! functions: `None` when an input is missing, never a NaN or a panic on a
//! zero denominator (the caller decides what a zero denominator means).

use rust_decimal::Decimal;

use crate::contract::fields::{ColumnId, FieldKey, SANGONG, SangongPart, TBL_FINANCE, col, key};
use crate::ingest::model::{Department, Row};

/// A ratio as a percentage (×100), exact; `None` when either side is missing
/// or the denominator is zero.
pub fn percent(numerator: Option<Decimal>, denominator: Option<Decimal>) -> Option<Decimal> {
    let (n, d) = (numerator?, denominator?);
    if d.is_zero() {
        return None;
    }
    n.checked_mul(Decimal::ONE_HUNDRED)?.checked_div(d)
}

/// The 汇总 row of 收支情况: the first row (the only row when there are no sub-units).
pub(crate) fn summary_row(dept: &Department) -> Option<&Row> {
    dept.rows(&TBL_FINANCE).first()
}

/// 上年结转 of the whole department (汇总 row).
pub(crate) fn carryover(dept: &Department) -> Option<Decimal> {
    summary_row(dept).and_then(|r| r.dec(col::CARRYOVER))
}

/// 全年预算数 = 上年结转 + 年初预算数 + 预算调整数 (a missing 上年结转 counts as 0).
pub(crate) fn full_year_budget(dept: &Department) -> Option<Decimal> {
    let initial = dept.dec(key::BUDGET_INITIAL)?;
    let adjustment = dept.dec(key::BUDGET_ADJUSTMENT).unwrap_or_default();
    Some(carryover(dept).unwrap_or_default() + initial + adjustment)
}

/// 预算完成率 = 预算执行数 / 全年预算数.
pub(crate) fn budget_completion(dept: &Department) -> Option<Decimal> {
    percent(dept.dec(key::BUDGET_EXECUTED), full_year_budget(dept))
}

/// 公用经费控制率 = 公用支出 / 公用经费预算数.
pub(crate) fn public_expense_control(dept: &Department) -> Option<Decimal> {
    percent(
        summary_row(dept).and_then(|r| r.dec(col::PUBLIC_EXP)),
        dept.dec(key::PUBLIC_BUDGET),
    )
}

/// Σ over the four 三公 kinds of `sg_{kind}_{part}`; `None` when all are missing.
pub(crate) fn sangong_total(dept: &Department, part: SangongPart) -> Option<Decimal> {
    let values: Vec<Decimal> = SANGONG
        .iter()
        .filter_map(|kind| dept.dec(kind.key(part)))
        .collect();
    (!values.is_empty()).then(|| values.iter().sum())
}

/// What a metric measured for one department.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Measured {
    /// The value: a percentage for rates, 万元 for amounts.
    Value(Decimal),
    /// The denominator is zero; the numerator is given.
    ZeroBase { numerator: Decimal },
    /// Inputs are missing.
    Missing(Vec<Input>),
}

/// An input a metric needs, named when it is missing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Input {
    /// A scalar field.
    Field(FieldKey),
    /// A column of the finance table's 汇总 row.
    Summary(ColumnId),
    /// The sum of one figure over the four 三公 kinds.
    Sangong(SangongPart),
}

impl Input {
    /// The input's Chinese name, for messages.
    pub fn label(self) -> &'static str {
        match self {
            Input::Field(key) => {
                crate::contract::fields::field(key.as_str()).map_or(key.as_str(), |f| f.label)
            }
            Input::Summary(id) if id == col::PROJECT => "项目支出（收支情况汇总行）",
            Input::Summary(id) if id == col::PUBLIC_EXP => "公用支出（收支情况汇总行）",
            Input::Summary(id) => TBL_FINANCE.columns[TBL_FINANCE.col(id)].label,
            Input::Sangong(SangongPart::Actual) => "“三公”经费本年决算",
            Input::Sangong(SangongPart::Prev) => "“三公”经费上年决算",
            Input::Sangong(SangongPart::Budget) => "“三公”经费本年预算",
            Input::Sangong(SangongPart::PrevBudget) => "“三公”经费上年预算",
        }
    }
}

/// The indicators of SPEC §5 that a framework rule can name (`metric = "…"`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Metric {
    /// 在职人员控制率 = 实有人数 ÷ 编制数.
    StaffControl,
    /// 三公经费变动率 = (本年决算 − 上年决算) ÷ 上年决算.
    SangongChange,
    /// 重点支出安排率 = 重点项目支出 ÷ 项目支出.
    KeySpending,
    /// 预算完成率 = 预算执行数 ÷ 全年预算数.
    BudgetCompletion,
    /// 预算调整率 = 预算调整数 ÷ 年初预算数.
    BudgetAdjustment,
    /// 支付进度率: 截至第 N 季度末累计支出 ÷ 全年预算数.
    PaymentQ1,
    /// 支付进度率 to the end of the 2nd quarter.
    PaymentQ2,
    /// 支付进度率 to the end of the 3rd quarter.
    PaymentQ3,
    /// 支付进度率 to the end of the 4th quarter.
    PaymentQ4,
    /// 结转结余率 = (全年预算数 − 执行数 − 未完工项目结转) ÷ 全年预算数.
    CarryoverRate,
    /// 公用经费控制率 = 公用支出 ÷ 公用经费预算数.
    PublicExpenseControl,
    /// 三公经费控制率 = 本年决算 ÷ 本年预算.
    SangongControl,
    /// 政府采购执行率 = 实际采购 ÷ 采购预算.
    ProcurementExecution,
    /// 公务卡刷卡率 = 实际公务卡结算 ÷ 应使用公务卡结算.
    CardPayment,
    /// 固定资产利用率 = 在用 ÷ 合计.
    AssetUtilization,
    /// 满意度 (%).
    Satisfaction,
    /// 资金结余 (万元) = 全年预算数 − 预算执行数.
    Surplus,
    /// 上年结转 (万元).
    Carryover,
}

impl Metric {
    pub(crate) const ALL: &'static [Metric] = &[
        Metric::StaffControl,
        Metric::SangongChange,
        Metric::KeySpending,
        Metric::BudgetCompletion,
        Metric::BudgetAdjustment,
        Metric::PaymentQ1,
        Metric::PaymentQ2,
        Metric::PaymentQ3,
        Metric::PaymentQ4,
        Metric::CarryoverRate,
        Metric::PublicExpenseControl,
        Metric::SangongControl,
        Metric::ProcurementExecution,
        Metric::CardPayment,
        Metric::AssetUtilization,
        Metric::Satisfaction,
        Metric::Surplus,
        Metric::Carryover,
    ];

    /// The id used in framework files.
    pub(crate) fn id(self) -> &'static str {
        match self {
            Metric::StaffControl => "staff_control",
            Metric::SangongChange => "sangong_change",
            Metric::KeySpending => "key_spending",
            Metric::BudgetCompletion => "budget_completion",
            Metric::BudgetAdjustment => "budget_adjustment",
            Metric::PaymentQ1 => "payment_q1",
            Metric::PaymentQ2 => "payment_q2",
            Metric::PaymentQ3 => "payment_q3",
            Metric::PaymentQ4 => "payment_q4",
            Metric::CarryoverRate => "carryover_rate",
            Metric::PublicExpenseControl => "public_expense_control",
            Metric::SangongControl => "sangong_control",
            Metric::ProcurementExecution => "procurement_execution",
            Metric::CardPayment => "card_payment",
            Metric::AssetUtilization => "asset_utilization",
            Metric::Satisfaction => "satisfaction",
            Metric::Surplus => "surplus",
            Metric::Carryover => "carryover",
        }
    }

    pub(crate) fn from_id(id: &str) -> Option<Metric> {
        Metric::ALL.iter().copied().find(|m| m.id() == id)
    }

    /// The Chinese name.
    pub(crate) fn label(self) -> &'static str {
        match self {
            Metric::StaffControl => "在职人员控制率",
            Metric::SangongChange => "“三公经费”变动率",
            Metric::KeySpending => "重点支出安排率",
            Metric::BudgetCompletion => "预算完成率",
            Metric::BudgetAdjustment => "预算调整率",
            Metric::PaymentQ1 => "一季度支付进度",
            Metric::PaymentQ2 => "二季度支付进度",
            Metric::PaymentQ3 => "三季度支付进度",
            Metric::PaymentQ4 => "四季度支付进度",
            Metric::CarryoverRate => "结转结余率",
            Metric::PublicExpenseControl => "公用经费控制率",
            Metric::SangongControl => "“三公经费”控制率",
            Metric::ProcurementExecution => "政府采购执行率",
            Metric::CardPayment => "公务卡刷卡率",
            Metric::AssetUtilization => "固定资产利用率",
            Metric::Satisfaction => "满意度",
            Metric::Surplus => "资金结余",
            Metric::Carryover => "上年结转",
        }
    }

    /// The formula, in Chinese, for docs and the 计算值 column.
    pub(crate) fn formula(self) -> &'static str {
        match self {
            Metric::StaffControl => "实有（在职）人数 ÷ 人员编制数 × 100%",
            Metric::SangongChange => "（本年“三公”决算合计 − 上年决算合计）÷ 上年决算合计 × 100%",
            Metric::KeySpending => "重点项目支出 ÷ 项目支出（收支情况汇总行）× 100%",
            Metric::BudgetCompletion => {
                "预算执行数 ÷ 全年预算数 × 100%；全年预算数 = 上年结转 + 年初预算数 + 预算调整数"
            }
            Metric::BudgetAdjustment => "预算调整数 ÷ 年初预算数 × 100%",
            Metric::PaymentQ1 => "截至一季度末累计支出 ÷ 全年预算数 × 100%",
            Metric::PaymentQ2 => "截至二季度末累计支出 ÷ 全年预算数 × 100%",
            Metric::PaymentQ3 => "截至三季度末累计支出 ÷ 全年预算数 × 100%",
            Metric::PaymentQ4 => "截至四季度末累计支出 ÷ 全年预算数 × 100%",
            Metric::CarryoverRate => {
                "（全年预算数 − 预算执行数 − 年末结转中未完工项目资金）÷ 全年预算数 × 100%"
            }
            Metric::PublicExpenseControl => "公用支出（收支情况汇总行）÷ 公用经费预算数 × 100%",
            Metric::SangongControl => "本年“三公”决算合计 ÷ 本年预算合计 × 100%",
            Metric::ProcurementExecution => "政府采购实际数 ÷ 政府采购预算数 × 100%",
            Metric::CardPayment => "实际公务卡结算金额 ÷ 应使用公务卡结算金额 × 100%",
            Metric::AssetUtilization => "在用固定资产 ÷ 固定资产合计 × 100%",
            Metric::Satisfaction => "社会公众或服务对象满意度",
            Metric::Surplus => "全年预算数 − 预算执行数（万元）",
            Metric::Carryover => "上年结转（收支情况汇总行，万元）",
        }
    }

    /// Every input the metric reads, those it can do without too (a blank
    /// 上年结转 or 未完工项目结转): what a computed score is traced to.
    pub(crate) fn inputs(self) -> Vec<Input> {
        use Input::{Field as F, Sangong as G, Summary as S};
        let full_year = [
            S(col::CARRYOVER),
            F(key::BUDGET_INITIAL),
            F(key::BUDGET_ADJUSTMENT),
        ];
        let with_full_year = |first: Input| {
            let mut v = vec![first];
            v.extend(full_year);
            v
        };
        match self {
            Metric::StaffControl => vec![F(key::STAFF_ACTUAL), F(key::STAFF_QUOTA)],
            Metric::SangongChange => vec![G(SangongPart::Actual), G(SangongPart::Prev)],
            Metric::KeySpending => vec![F(key::KEY_PROJECT_EXP), S(col::PROJECT)],
            Metric::BudgetCompletion => with_full_year(F(key::BUDGET_EXECUTED)),
            Metric::BudgetAdjustment => vec![F(key::BUDGET_ADJUSTMENT), F(key::BUDGET_INITIAL)],
            Metric::PaymentQ1 => with_full_year(F(key::PAID_Q1)),
            Metric::PaymentQ2 => with_full_year(F(key::PAID_Q2)),
            Metric::PaymentQ3 => with_full_year(F(key::PAID_Q3)),
            Metric::PaymentQ4 => with_full_year(F(key::PAID_Q4)),
            Metric::CarryoverRate => {
                let mut v = with_full_year(F(key::BUDGET_EXECUTED));
                v.push(F(key::CARRYOVER_UNFINISHED));
                v
            }
            Metric::PublicExpenseControl => vec![S(col::PUBLIC_EXP), F(key::PUBLIC_BUDGET)],
            Metric::SangongControl => vec![G(SangongPart::Actual), G(SangongPart::Budget)],
            Metric::ProcurementExecution => {
                vec![F(key::PROCUREMENT_ACTUAL), F(key::PROCUREMENT_BUDGET)]
            }
            Metric::CardPayment => vec![F(key::CARD_PAID), F(key::CARD_PAYABLE)],
            Metric::AssetUtilization => vec![F(key::ASSETS_IN_USE), F(key::ASSETS_TOTAL)],
            Metric::Satisfaction => vec![F(key::SATISFACTION_RATE)],
            Metric::Surplus => with_full_year(F(key::BUDGET_EXECUTED)),
            Metric::Carryover => vec![S(col::CARRYOVER)],
        }
    }

    /// Measures the metric on a department, exactly.
    pub(crate) fn measure(self, dept: &Department) -> Measured {
        let field = |key: FieldKey| dept.dec(key).ok_or(Input::Field(key));
        let ratio = |n: Result<Decimal, Input>, d: Result<Decimal, Input>| -> Measured {
            match (n, d) {
                (Ok(n), Ok(d)) if d.is_zero() => Measured::ZeroBase { numerator: n },
                (Ok(n), Ok(d)) => {
                    percent(Some(n), Some(d)).map_or(Measured::Missing(vec![]), Measured::Value)
                }
                (n, d) => Measured::Missing([n.err(), d.err()].into_iter().flatten().collect()),
            }
        };
        let sangong = |part: SangongPart| -> Result<Decimal, Input> {
            sangong_total(dept, part).ok_or(Input::Sangong(part))
        };
        let full_year = || full_year_budget(dept).ok_or(Input::Field(key::BUDGET_INITIAL));
        let project = || {
            summary_row(dept)
                .and_then(|r| r.dec(col::PROJECT))
                .ok_or(Input::Summary(col::PROJECT))
        };
        match self {
            Metric::StaffControl => ratio(field(key::STAFF_ACTUAL), field(key::STAFF_QUOTA)),
            Metric::SangongChange => {
                match (sangong(SangongPart::Actual), sangong(SangongPart::Prev)) {
                    (Ok(a), Ok(p)) => ratio(Ok(a - p), Ok(p)),
                    (a, p) => ratio(a, p),
                }
            }
            Metric::KeySpending => ratio(field(key::KEY_PROJECT_EXP), project()),
            Metric::BudgetCompletion => ratio(field(key::BUDGET_EXECUTED), full_year()),
            Metric::BudgetAdjustment => {
                ratio(field(key::BUDGET_ADJUSTMENT), field(key::BUDGET_INITIAL))
            }
            Metric::PaymentQ1 => ratio(field(key::PAID_Q1), full_year()),
            Metric::PaymentQ2 => ratio(field(key::PAID_Q2), full_year()),
            Metric::PaymentQ3 => ratio(field(key::PAID_Q3), full_year()),
            Metric::PaymentQ4 => ratio(field(key::PAID_Q4), full_year()),
            Metric::CarryoverRate => match (full_year(), field(key::BUDGET_EXECUTED)) {
                (Ok(f), Ok(e)) => {
                    let unfinished = dept.dec(key::CARRYOVER_UNFINISHED).unwrap_or_default();
                    ratio(Ok(f - e - unfinished), Ok(f))
                }
                (f, e) => ratio(e, f),
            },
            Metric::PublicExpenseControl => ratio(
                summary_row(dept)
                    .and_then(|r| r.dec(col::PUBLIC_EXP))
                    .ok_or(Input::Summary(col::PUBLIC_EXP)),
                field(key::PUBLIC_BUDGET),
            ),
            Metric::SangongControl => {
                ratio(sangong(SangongPart::Actual), sangong(SangongPart::Budget))
            }
            Metric::ProcurementExecution => ratio(
                field(key::PROCUREMENT_ACTUAL),
                field(key::PROCUREMENT_BUDGET),
            ),
            Metric::CardPayment => ratio(field(key::CARD_PAID), field(key::CARD_PAYABLE)),
            Metric::AssetUtilization => ratio(field(key::ASSETS_IN_USE), field(key::ASSETS_TOTAL)),
            Metric::Satisfaction => field(key::SATISFACTION_RATE)
                .map_or_else(|k| Measured::Missing(vec![k]), Measured::Value),
            Metric::Surplus => match (full_year(), field(key::BUDGET_EXECUTED)) {
                (Ok(f), Ok(e)) => Measured::Value(f - e),
                (f, e) => Measured::Missing([f.err(), e.err()].into_iter().flatten().collect()),
            },
            Metric::Carryover => Measured::Value(carryover(dept).unwrap_or_default()),
        }
    }
}

/// 人员支出, 公用支出 and 项目支出 of the whole unit (the 汇总 row of the
/// finance table), or 基本支出 when it is not split.
pub(crate) fn spending_parts(dept: &Department) -> Vec<(&'static str, Decimal)> {
    let Some(row) = dept.rows(&TBL_FINANCE).first() else {
        return Vec::new();
    };
    let mut parts = Vec::new();
    match (
        row.dec(col::PERSONNEL),
        row.dec(col::PUBLIC_EXP),
        row.dec(col::BASIC),
    ) {
        (Some(p), Some(u), _) => {
            parts.push(("人员支出", p));
            parts.push(("公用支出", u));
        }
        (_, _, Some(b)) => parts.push(("基本支出", b)),
        _ => {}
    }
    if let Some(p) = row.dec(col::PROJECT) {
        parts.push(("项目支出", p));
    }
    parts.retain(|(_, v)| *v > Decimal::ZERO);
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A metric's inputs include every input it reports missing.
    #[test]
    fn inputs_cover_what_a_metric_misses() {
        let empty = Department {
            scalars: Default::default(),
            tables: Default::default(),
        };
        for m in Metric::ALL {
            if let Measured::Missing(missing) = m.measure(&empty) {
                for i in missing {
                    assert!(m.inputs().contains(&i), "{}: {i:?}", m.id());
                }
            }
        }
    }

    /// `docs/frameworks.md` lists every metric a framework may name, with its formula.
    #[test]
    fn every_metric_is_documented() {
        let doc = include_str!("../../docs/frameworks.md");
        for m in Metric::ALL {
            assert!(
                doc.contains(&format!("`{}`", m.id())),
                "{} missing from docs/frameworks.md",
                m.id()
            );
            assert!(Metric::from_id(m.id()) == Some(*m));
        }
        for m in [
            Metric::StaffControl,
            Metric::BudgetCompletion,
            Metric::CarryoverRate,
            Metric::SangongControl,
        ] {
            assert!(
                doc.contains(m.formula()),
                "formula of {} differs in docs/frameworks.md",
                m.id()
            );
        }
    }
}
