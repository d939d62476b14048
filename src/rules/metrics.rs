//! The indicators of SPEC §5 computed exactly from the model, as pure
//! functions: `None` when an input is missing, never a NaN or a panic on a
//! zero denominator (the caller decides what a zero denominator means).
//!
//! Three indicators are read two ways. 财预〔2013〕53号 附件2 defines
//! “三公经费”变动率 on budgets, 结转结余率 on the year's 结转结余总额 and
//! 预算调整率 on every adjustment counted apart; jixiao first computed them
//! from 决算, from budget less spending, and from the net adjustment. Each
//! reading has its own explicit id; the first ids, which framework files
//! written before the 53号 readings use, are `LEGACY` and keep their
//! old reading.

use rust_decimal::Decimal;

use crate::contract::fields::{
    ColumnId, FieldKey, SANGONG, SangongPart, TBL_FINANCE, Table, col, key,
};
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

/// The net 预算调整数: the field, or 追加 − 追减 when only those are given
/// (结构调整 moves money between items and nets to zero).
pub(crate) fn net_adjustment(dept: &Department) -> Option<Decimal> {
    dept.dec(key::BUDGET_ADJUSTMENT)
        .or_else(|| Some(dept.dec(key::BUDGET_ADDED)? - dept.dec(key::BUDGET_REDUCED)?))
}

/// 全年预算数 = 上年结转 + 年初预算数 + 预算调整数, or the first input that
/// is missing. A blank 上年结转 in the 收支表 is no carry-over; a blank
/// 预算调整数 is unknown, not 0 (it is a required field: 无调整填 0).
pub(crate) fn full_year(dept: &Department) -> Result<Decimal, Input> {
    let initial = dept
        .dec(key::BUDGET_INITIAL)
        .ok_or(Input::Field(key::BUDGET_INITIAL))?;
    let adjustment = net_adjustment(dept).ok_or(Input::Field(key::BUDGET_ADJUSTMENT))?;
    Ok(carryover(dept).unwrap_or_default() + initial + adjustment)
}

/// [`full_year`], when it is known.
pub(crate) fn full_year_budget(dept: &Department) -> Option<Decimal> {
    full_year(dept).ok()
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

/// Σ over the four 三公 kinds of `sg_{kind}_{part}`; `None` when any is
/// missing (the template asks for 0 where there was none: a blank kind is
/// unknown, and a sum of the others would understate the total).
pub(crate) fn sangong_total(dept: &Department, part: SangongPart) -> Option<Decimal> {
    SANGONG.iter().map(|kind| dept.dec(kind.key(part))).sum()
}

/// The parts of the budget adjustment that 财预〔2013〕53号 counts apart:
/// 追加, 追减 (a positive amount) and 结构调整.
pub(crate) const ADJUSTMENT_PARTS: [FieldKey; 3] = [
    key::BUDGET_ADDED,
    key::BUDGET_REDUCED,
    key::BUDGET_RESTRUCTURED,
];

/// 预算调整数 as 财预〔2013〕53号 counts it: 追加 + 追减 + 结构调整, each by its
/// amount (a 追减 typed as a negative number counts like a positive one:
/// adjustments add up, they do not cancel), less the adjustments made for
/// national policy, force majeure or tasks assigned by higher authorities
/// (blank: none). `Err` names the parts that are missing, as in a workbook
/// of a template before they existed; a missing part is never taken as 0.
pub(crate) fn gross_adjustment(dept: &Department) -> Result<Decimal, Vec<Input>> {
    let mut sum = Decimal::ZERO;
    let mut missing = Vec::new();
    for key in ADJUSTMENT_PARTS {
        match dept.dec(key) {
            Some(v) => sum += v.abs(),
            None => missing.push(Input::Field(key)),
        }
    }
    if !missing.is_empty() {
        return Err(missing);
    }
    let excluded = dept
        .dec(key::BUDGET_ADJUST_EXCLUDED)
        .unwrap_or_default()
        .abs();
    Ok(sum - excluded)
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
    /// A table's column over its detail rows (a formula's SUM).
    Column(&'static Table, ColumnId),
}

impl Input {
    /// The input's Chinese name, for messages.
    pub fn label(self) -> String {
        match self {
            // A part's label says 其中 in the workbook, under its total;
            // named alone, the part is enough.
            Input::Field(key) => crate::contract::fields::field(key.as_str())
                .map_or(key.as_str(), |f| f.label.trim_start_matches("其中："))
                .to_string(),
            Input::Summary(id) if id == col::PROJECT => "项目支出（收支情况汇总行）".into(),
            Input::Summary(id) if id == col::PUBLIC_EXP => "公用支出（收支情况汇总行）".into(),
            Input::Summary(id) if id == col::BALANCE_TOTAL => "累计结余（收支情况汇总行）".into(),
            Input::Summary(id) => TBL_FINANCE.columns[TBL_FINANCE.col(id)].label.into(),
            Input::Sangong(SangongPart::Actual) => "“三公”经费本年决算".into(),
            Input::Sangong(SangongPart::Prev) => "“三公”经费上年决算".into(),
            Input::Sangong(SangongPart::Budget) => "“三公”经费本年预算".into(),
            Input::Sangong(SangongPart::PrevBudget) => "“三公”经费上年预算".into(),
            Input::Column(table, id) => {
                format!(
                    "{}表各行的{}",
                    table.label,
                    table.columns[table.col(id)].label
                )
            }
        }
    }
}

/// The indicators of SPEC §5 that a framework rule can name (`metric = "…"`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Metric {
    /// 在职人员控制率 = 实有人数 ÷ 编制数.
    StaffControl,
    /// “三公经费”变动率 of 财预〔2013〕53号 = (本年“三公”预算 − 上年“三公”预算)
    /// ÷ 上年“三公”预算.
    SangongBudgetChange,
    /// “三公经费”变动率, the old reading (旧口径) on 决算 = (本年决算 − 上年决算)
    /// ÷ 上年决算; id `sangong_actual_change` (and the legacy `sangong_change`).
    SangongChange,
    /// 重点支出安排率 = 重点项目支出 ÷ 项目支出.
    KeySpending,
    /// 预算完成率 = 预算执行数 ÷ 全年预算数.
    BudgetCompletion,
    /// 预算调整率 of 财预〔2013〕53号 = 预算调整数 ÷ 年初预算数, where 预算调整数
    /// = 追加 + 追减 + 结构调整, each counted (not netted), less the
    /// adjustments for national policy, force majeure and tasks assigned by
    /// higher authorities (国家政策、不可抗力、上级交办).
    BudgetAdjustmentGross,
    /// 预算调整率, the old reading (旧口径) = the net 预算调整数 (追加 less 追减)
    /// ÷ 年初预算数; id `budget_adjustment_net` (and the legacy
    /// `budget_adjustment`).
    BudgetAdjustment,
    /// 支付进度率: 截至第 N 季度末累计支出 ÷ 全年预算数.
    PaymentQ1,
    /// 支付进度率 to the end of the 2nd quarter.
    PaymentQ2,
    /// 支付进度率 to the end of the 3rd quarter.
    PaymentQ3,
    /// 支付进度率 to the end of the 4th quarter.
    PaymentQ4,
    /// 结转结余率 of 财预〔2013〕53号 = 结转结余总额 ÷ 支出预算数: the 累计结余 of
    /// the 收支情况 汇总 row (the 决算 figure) over the 全年预算数.
    CarryoverBalanceRate,
    /// 结转结余率, the old derived reading (旧口径) = (全年预算数 − 执行数 −
    /// 未完工项目结转) ÷ 全年预算数; id `carryover_derived_rate` (and the
    /// legacy `carryover_rate`).
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
        Metric::SangongBudgetChange,
        Metric::SangongChange,
        Metric::KeySpending,
        Metric::BudgetCompletion,
        Metric::BudgetAdjustmentGross,
        Metric::BudgetAdjustment,
        Metric::PaymentQ1,
        Metric::PaymentQ2,
        Metric::PaymentQ3,
        Metric::PaymentQ4,
        Metric::CarryoverBalanceRate,
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
            Metric::SangongBudgetChange => "sangong_budget_change",
            Metric::SangongChange => "sangong_actual_change",
            Metric::KeySpending => "key_spending",
            Metric::BudgetCompletion => "budget_completion",
            Metric::BudgetAdjustmentGross => "budget_adjustment_gross",
            Metric::BudgetAdjustment => "budget_adjustment_net",
            Metric::PaymentQ1 => "payment_q1",
            Metric::PaymentQ2 => "payment_q2",
            Metric::PaymentQ3 => "payment_q3",
            Metric::PaymentQ4 => "payment_q4",
            Metric::CarryoverBalanceRate => "carryover_balance_rate",
            Metric::CarryoverRate => "carryover_derived_rate",
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

    /// The metric with this id; the [`LEGACY`] ids are not among them.
    pub(crate) fn from_id(id: &str) -> Option<Metric> {
        Metric::ALL.iter().copied().find(|m| m.id() == id)
    }

    /// The Chinese name.
    pub(crate) fn label(self) -> &'static str {
        match self {
            Metric::StaffControl => "在职人员控制率",
            Metric::SangongBudgetChange | Metric::SangongChange => "“三公经费”变动率",
            Metric::KeySpending => "重点支出安排率",
            Metric::BudgetCompletion => "预算完成率",
            Metric::BudgetAdjustmentGross | Metric::BudgetAdjustment => "预算调整率",
            Metric::PaymentQ1 => "一季度支付进度",
            Metric::PaymentQ2 => "二季度支付进度",
            Metric::PaymentQ3 => "三季度支付进度",
            Metric::PaymentQ4 => "四季度支付进度",
            Metric::CarryoverBalanceRate | Metric::CarryoverRate => "结转结余率",
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
            Metric::SangongBudgetChange => {
                "（本年“三公”预算合计 − 上年“三公”预算合计）÷ 上年预算合计 × 100%"
            }
            Metric::SangongChange => "（本年“三公”决算合计 − 上年决算合计）÷ 上年决算合计 × 100%",
            Metric::KeySpending => "重点项目支出 ÷ 项目支出（收支情况汇总行）× 100%",
            Metric::BudgetCompletion => {
                "预算执行数 ÷ 全年预算数 × 100%；全年预算数 = 上年结转 + 年初预算数 + 预算调整数"
            }
            Metric::BudgetAdjustmentGross => {
                "（追加 + 追减 + 结构调整 − 国家政策、不可抗力、上级交办等调整）÷ 年初预算数 × 100%；各项按金额计入，不相抵"
            }
            Metric::BudgetAdjustment => "预算调整数（追加减追减的净额）÷ 年初预算数 × 100%",
            Metric::PaymentQ1 => "截至一季度末累计支出 ÷ 全年预算数 × 100%",
            Metric::PaymentQ2 => "截至二季度末累计支出 ÷ 全年预算数 × 100%",
            Metric::PaymentQ3 => "截至三季度末累计支出 ÷ 全年预算数 × 100%",
            Metric::PaymentQ4 => "截至四季度末累计支出 ÷ 全年预算数 × 100%",
            Metric::CarryoverBalanceRate => {
                "结转结余总额（收支情况汇总行的累计结余）÷ 支出预算数（全年预算数）× 100%"
            }
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

    /// The metric as a formula over the workbook's fields, in the syntax a
    /// framework file may use instead of the id (docs/frameworks.md, 公式指标;
    /// the table of every id is in docs/metrics.md): what the metric
    /// computes, written out. Evaluated by the formula engine it gives
    /// exactly what [`Metric::measure`] gives (a test holds them together),
    /// and it is what the completed workbook's 计算值 computes in Excel.
    pub(crate) fn definition(self) -> String {
        // 全年预算数: a blank 上年结转 is none; a blank 预算调整数 is 追加 −
        // 追减 when those are given.
        let full_year = "IF(ISBLANK(tbl_finance.carryover), 0, tbl_finance.carryover) \
             + budget_initial \
             + IF(ISBLANK(budget_adjustment), budget_added - budget_reduced, budget_adjustment)";
        let sangong = |part: SangongPart| {
            let sum: Vec<&str> = SANGONG.iter().map(|k| k.key(part).as_str()).collect();
            format!("({})", sum.join(" + "))
        };
        let rate = |n: &str, d: &str| {
            if d.chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.')
            {
                format!("={n} / {d} * 100")
            } else {
                format!("={n} / ({d}) * 100")
            }
        };
        let change = |now: SangongPart, before: SangongPart| {
            let (a, b) = (sangong(now), sangong(before));
            format!("=({a} - {b}) / {b} * 100")
        };
        match self {
            Metric::StaffControl => rate("staff_actual", "staff_quota"),
            Metric::SangongBudgetChange => change(SangongPart::Budget, SangongPart::PrevBudget),
            Metric::SangongChange => change(SangongPart::Actual, SangongPart::Prev),
            Metric::KeySpending => rate("key_project_exp", "tbl_finance.project"),
            Metric::BudgetCompletion => rate("budget_executed", full_year),
            Metric::BudgetAdjustmentGross => rate(
                "(ABS(budget_added) + ABS(budget_reduced) + ABS(budget_restructured) \
                 - ABS(IF(ISBLANK(budget_adjust_excluded), 0, budget_adjust_excluded)))",
                "budget_initial",
            ),
            Metric::BudgetAdjustment => rate("budget_adjustment", "budget_initial"),
            Metric::PaymentQ1 => rate("paid_q1", full_year),
            Metric::PaymentQ2 => rate("paid_q2", full_year),
            Metric::PaymentQ3 => rate("paid_q3", full_year),
            Metric::PaymentQ4 => rate("paid_q4", full_year),
            Metric::CarryoverBalanceRate => rate("tbl_finance.balance_total", full_year),
            Metric::CarryoverRate => rate(
                &format!(
                    "(({full_year}) - budget_executed \
                     - IF(ISBLANK(carryover_unfinished), 0, carryover_unfinished))"
                ),
                full_year,
            ),
            Metric::PublicExpenseControl => rate("tbl_finance.public_exp", "public_budget"),
            Metric::SangongControl => format!(
                "={} / {} * 100",
                sangong(SangongPart::Actual),
                sangong(SangongPart::Budget)
            ),
            Metric::ProcurementExecution => rate("procurement_actual", "procurement_budget"),
            Metric::CardPayment => rate("card_paid", "card_payable"),
            Metric::AssetUtilization => rate("assets_in_use", "assets_total"),
            Metric::Satisfaction => "=satisfaction_rate".to_string(),
            Metric::Surplus => format!("=({full_year}) - budget_executed"),
            Metric::Carryover => {
                "=IF(ISBLANK(tbl_finance.carryover), 0, tbl_finance.carryover)".to_string()
            }
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
            F(key::BUDGET_ADDED),
            F(key::BUDGET_REDUCED),
        ];
        let with_full_year = |first: Input| {
            let mut v = vec![first];
            v.extend(full_year);
            v
        };
        match self {
            Metric::StaffControl => vec![F(key::STAFF_ACTUAL), F(key::STAFF_QUOTA)],
            Metric::SangongBudgetChange => {
                vec![G(SangongPart::Budget), G(SangongPart::PrevBudget)]
            }
            Metric::SangongChange => vec![G(SangongPart::Actual), G(SangongPart::Prev)],
            Metric::KeySpending => vec![F(key::KEY_PROJECT_EXP), S(col::PROJECT)],
            Metric::BudgetCompletion => with_full_year(F(key::BUDGET_EXECUTED)),
            Metric::BudgetAdjustmentGross => {
                let mut v: Vec<Input> = ADJUSTMENT_PARTS.iter().map(|k| F(*k)).collect();
                v.push(F(key::BUDGET_ADJUST_EXCLUDED));
                v.push(F(key::BUDGET_INITIAL));
                v
            }
            Metric::BudgetAdjustment => vec![F(key::BUDGET_ADJUSTMENT), F(key::BUDGET_INITIAL)],
            Metric::PaymentQ1 => with_full_year(F(key::PAID_Q1)),
            Metric::PaymentQ2 => with_full_year(F(key::PAID_Q2)),
            Metric::PaymentQ3 => with_full_year(F(key::PAID_Q3)),
            Metric::PaymentQ4 => with_full_year(F(key::PAID_Q4)),
            Metric::CarryoverBalanceRate => with_full_year(S(col::BALANCE_TOTAL)),
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
        let full_year = || full_year(dept);
        let project = || {
            summary_row(dept)
                .and_then(|r| r.dec(col::PROJECT))
                .ok_or(Input::Summary(col::PROJECT))
        };
        match self {
            Metric::StaffControl => ratio(field(key::STAFF_ACTUAL), field(key::STAFF_QUOTA)),
            Metric::SangongBudgetChange => {
                match (
                    sangong(SangongPart::Budget),
                    sangong(SangongPart::PrevBudget),
                ) {
                    (Ok(b), Ok(p)) => ratio(Ok(b - p), Ok(p)),
                    (b, p) => ratio(b, p),
                }
            }
            Metric::SangongChange => {
                match (sangong(SangongPart::Actual), sangong(SangongPart::Prev)) {
                    (Ok(a), Ok(p)) => ratio(Ok(a - p), Ok(p)),
                    (a, p) => ratio(a, p),
                }
            }
            Metric::KeySpending => ratio(field(key::KEY_PROJECT_EXP), project()),
            Metric::BudgetCompletion => ratio(field(key::BUDGET_EXECUTED), full_year()),
            Metric::BudgetAdjustmentGross => {
                match (gross_adjustment(dept), field(key::BUDGET_INITIAL)) {
                    (Ok(g), initial) => ratio(Ok(g), initial),
                    (Err(mut missing), initial) => {
                        missing.extend(initial.err());
                        Measured::Missing(missing)
                    }
                }
            }
            Metric::BudgetAdjustment => {
                ratio(field(key::BUDGET_ADJUSTMENT), field(key::BUDGET_INITIAL))
            }
            Metric::PaymentQ1 => ratio(field(key::PAID_Q1), full_year()),
            Metric::PaymentQ2 => ratio(field(key::PAID_Q2), full_year()),
            Metric::PaymentQ3 => ratio(field(key::PAID_Q3), full_year()),
            Metric::PaymentQ4 => ratio(field(key::PAID_Q4), full_year()),
            Metric::CarryoverBalanceRate => ratio(
                summary_row(dept)
                    .and_then(|r| r.dec(col::BALANCE_TOTAL))
                    .ok_or(Input::Summary(col::BALANCE_TOTAL)),
                full_year(),
            ),
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

/// A metric id that framework files used before 财预〔2013〕53号's readings had
/// ids of their own. It keeps its old reading; a format-1 file that names it
/// gets a note, a format-2 file an error, both saying which id reads as 53号
/// does and which keeps the old reading explicitly.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Legacy {
    /// The bare id, e.g. `sangong_change`.
    pub(crate) id: &'static str,
    /// What the id reads: the old reading.
    pub(crate) reads: Metric,
    /// The reading of 财预〔2013〕53号 附件2.
    pub(crate) current: Metric,
    /// The old reading in words.
    old_words: &'static str,
    /// The 53号 reading in words.
    current_words: &'static str,
}

/// The ids whose reading changed with 财预〔2013〕53号's definitions.
pub(crate) const LEGACY: &[Legacy] = &[
    Legacy {
        id: "sangong_change",
        reads: Metric::SangongChange,
        current: Metric::SangongBudgetChange,
        old_words: "本年决算比上年决算",
        current_words: "按预算数",
    },
    Legacy {
        id: "carryover_rate",
        reads: Metric::CarryoverRate,
        current: Metric::CarryoverBalanceRate,
        old_words: "全年预算数减去执行数和未完工项目结转",
        current_words: "按结转结余总额，即收支情况汇总行的累计结余",
    },
    Legacy {
        id: "budget_adjustment",
        reads: Metric::BudgetAdjustment,
        current: Metric::BudgetAdjustmentGross,
        old_words: "追加与追减相抵后的净调整数",
        current_words: "追加、追减、结构调整分别计入，不计国家政策、不可抗力、上级交办的调整",
    },
];

impl Legacy {
    /// The legacy id `id`, if it is one.
    pub(crate) fn find(id: &str) -> Option<&'static Legacy> {
        LEGACY.iter().find(|l| l.id == id)
    }

    /// Which id reads as 53号 does, and which keeps the old reading.
    fn choices(&self) -> String {
        format!(
            "财预〔2013〕53号 的口径为 `{}`（{}），沿用旧口径请写 `{}`",
            self.current.id(),
            self.current_words,
            self.reads.id()
        )
    }

    /// The note of a format-1 file that names the id: it is read the old way.
    pub(crate) fn note(&self) -> String {
        format!(
            "`{}` 按旧口径（{}）计算；{}",
            self.id,
            self.old_words,
            self.choices()
        )
    }

    /// The error of a format-2 file that names the id.
    pub(crate) fn refusal(&self) -> String {
        format!(
            "格式 2 中不能再写 `{}`（旧口径：{}）；{}",
            self.id,
            self.old_words,
            self.choices()
        )
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

/// Departments built in memory for the unit tests of the rules.
#[cfg(test)]
pub(crate) mod fixture {
    use std::collections::BTreeMap;

    use rust_decimal::Decimal;

    use crate::contract::cell::CellValue;
    use crate::contract::fields::{ColumnId, FieldKey, TBL_FINANCE};
    use crate::ingest::model::{Department, Entry, Row, TableData, Value};

    /// A cell holding this decimal, or blank.
    fn entry(value: Option<&str>) -> Entry {
        Entry {
            spot: None,
            raw: CellValue::Empty,
            value: value.map(|v| Value::Dec(v.parse::<Decimal>().expect("a decimal"))),
            unreadable: false,
        }
    }

    /// A department with these scalars and a 收支情况 汇总 row with these
    /// columns.
    pub(crate) fn dept(scalars: &[(FieldKey, &str)], summary: &[(ColumnId, &str)]) -> Department {
        let mut row = Row {
            table: &TBL_FINANCE,
            sheet_row: 0,
            cells: TBL_FINANCE.columns.iter().map(|_| entry(None)).collect(),
        };
        for (id, v) in summary {
            row.cells[TBL_FINANCE.col(*id)] = entry(Some(v));
        }
        let finance = TableData {
            table: &TBL_FINANCE,
            area: None,
            rows: vec![row],
        };
        Department {
            kind: Default::default(),
            scalars: scalars
                .iter()
                .map(|(k, v)| (k.as_str(), entry(Some(v))))
                .collect(),
            tables: BTreeMap::from([(TBL_FINANCE.key, finance)]),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::fixture::dept;
    use super::*;
    use crate::contract::number::percent_text;

    /// A metric's inputs include every input it reports missing.
    #[test]
    fn inputs_cover_what_a_metric_misses() {
        let empty = Department {
            kind: Default::default(),
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

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    fn value(m: Measured) -> Decimal {
        match m {
            Measured::Value(v) => v,
            other => panic!("not a value: {other:?}"),
        }
    }

    const ADJUSTMENT_PARTS_FILLED: &[(FieldKey, &str)] = &[
        (key::BUDGET_INITIAL, "100"),
        (key::BUDGET_ADJUSTMENT, "20"),
        (key::BUDGET_ADDED, "30"),
        (key::BUDGET_REDUCED, "10"),
        (key::BUDGET_RESTRUCTURED, "5"),
        (key::BUDGET_ADJUST_EXCLUDED, "8"),
    ];

    /// 结转结余率 (53号): 累计结余 84.11 of 全年预算 650.27 = 12.9346…%, shown 12.93%.
    #[test]
    fn carryover_balance_rate_is_the_balance_over_the_full_year_budget() {
        let unit = dept(
            &[
                (key::BUDGET_INITIAL, "600.27"),
                (key::BUDGET_ADJUSTMENT, "30"),
            ],
            &[(col::CARRYOVER, "20"), (col::BALANCE_TOTAL, "84.11")],
        );
        let v = value(Metric::CarryoverBalanceRate.measure(&unit));
        assert_eq!(v.round_dp(4), d("12.9346"));
        assert_eq!(percent_text(v, 2), "12.93%");
        // Half-up at display, not to even: 1.125% → 1.13%.
        let half = dept(
            &[(key::BUDGET_INITIAL, "100"), (key::BUDGET_ADJUSTMENT, "0")],
            &[(col::BALANCE_TOTAL, "1.125")],
        );
        let v = value(Metric::CarryoverBalanceRate.measure(&half));
        assert_eq!(v, d("1.125"));
        assert_eq!(percent_text(v, 2), "1.13%");
    }

    #[test]
    fn carryover_balance_rate_without_its_inputs_or_base() {
        let no_balance = dept(
            &[(key::BUDGET_INITIAL, "100"), (key::BUDGET_ADJUSTMENT, "0")],
            &[],
        );
        assert_eq!(
            Metric::CarryoverBalanceRate.measure(&no_balance),
            Measured::Missing(vec![Input::Summary(col::BALANCE_TOTAL)])
        );
        assert_eq!(
            Input::Summary(col::BALANCE_TOTAL).label(),
            "累计结余（收支情况汇总行）"
        );
        let no_budget = dept(&[], &[(col::BALANCE_TOTAL, "5")]);
        assert_eq!(
            Metric::CarryoverBalanceRate.measure(&no_budget),
            Measured::Missing(vec![Input::Field(key::BUDGET_INITIAL)])
        );
        // 预算调整数 blank is unknown, not 0: no 全年预算数.
        let no_adjustment = dept(
            &[(key::BUDGET_INITIAL, "100")],
            &[(col::BALANCE_TOTAL, "5")],
        );
        assert_eq!(
            Metric::CarryoverBalanceRate.measure(&no_adjustment),
            Measured::Missing(vec![Input::Field(key::BUDGET_ADJUSTMENT)])
        );
        // Given as its parts only, the net change is 追加 − 追减.
        let parts = dept(
            &[
                (key::BUDGET_INITIAL, "100"),
                (key::BUDGET_ADDED, "30"),
                (key::BUDGET_REDUCED, "10"),
            ],
            &[(col::BALANCE_TOTAL, "12")],
        );
        assert_eq!(full_year(&parts), Ok(d("120")));
        assert_eq!(value(Metric::CarryoverBalanceRate.measure(&parts)), d("10"));
        let zero = dept(
            &[(key::BUDGET_INITIAL, "0"), (key::BUDGET_ADJUSTMENT, "0")],
            &[(col::BALANCE_TOTAL, "5")],
        );
        assert_eq!(
            Metric::CarryoverBalanceRate.measure(&zero),
            Measured::ZeroBase { numerator: d("5") }
        );
    }

    /// 预算调整率 (53号): 追加 30, 追减 10 and 结构调整 5, of which 8 excluded,
    /// on 年初预算 100: (30 + 10 + 5 − 8) ÷ 100 = 37%, where the net reading
    /// gives 20 ÷ 100 = 20%.
    #[test]
    fn gross_adjustment_counts_every_part_less_the_excluded() {
        let unit = dept(ADJUSTMENT_PARTS_FILLED, &[]);
        assert_eq!(value(Metric::BudgetAdjustmentGross.measure(&unit)), d("37"));
        assert_eq!(value(Metric::BudgetAdjustment.measure(&unit)), d("20"));
        // No excluded adjustment written: none.
        let all: Vec<_> = ADJUSTMENT_PARTS_FILLED
            .iter()
            .copied()
            .filter(|(k, _)| *k != key::BUDGET_ADJUST_EXCLUDED)
            .collect();
        assert_eq!(
            value(Metric::BudgetAdjustmentGross.measure(&dept(&all, &[]))),
            d("45")
        );
        // A 追减 typed as a negative amount still counts, it does not cancel.
        let mut negative = ADJUSTMENT_PARTS_FILLED.to_vec();
        negative[3] = (key::BUDGET_REDUCED, "-10");
        assert_eq!(
            value(Metric::BudgetAdjustmentGross.measure(&dept(&negative, &[]))),
            d("37")
        );
    }

    #[test]
    fn gross_adjustment_without_its_parts_or_base() {
        // A workbook of the first template: no parts, and none guessed.
        let old = dept(
            &[(key::BUDGET_INITIAL, "100"), (key::BUDGET_ADJUSTMENT, "20")],
            &[],
        );
        let missing = Metric::BudgetAdjustmentGross.measure(&old);
        assert_eq!(
            missing,
            Measured::Missing(vec![
                Input::Field(key::BUDGET_ADDED),
                Input::Field(key::BUDGET_REDUCED),
                Input::Field(key::BUDGET_RESTRUCTURED),
            ])
        );
        let Measured::Missing(inputs) = missing else {
            unreachable!()
        };
        let labels: Vec<_> = inputs.iter().map(|i| i.label()).collect();
        assert_eq!(labels, ["追加预算数", "追减预算数", "结构调整数"]);
        // One part missing, and no 年初预算数: both named.
        let some: Vec<_> = ADJUSTMENT_PARTS_FILLED
            .iter()
            .copied()
            .filter(|(k, _)| ![key::BUDGET_RESTRUCTURED, key::BUDGET_INITIAL].contains(k))
            .collect();
        assert_eq!(
            Metric::BudgetAdjustmentGross.measure(&dept(&some, &[])),
            Measured::Missing(vec![
                Input::Field(key::BUDGET_RESTRUCTURED),
                Input::Field(key::BUDGET_INITIAL),
            ])
        );
        let mut zero = ADJUSTMENT_PARTS_FILLED.to_vec();
        zero[0] = (key::BUDGET_INITIAL, "0");
        assert_eq!(
            Metric::BudgetAdjustmentGross.measure(&dept(&zero, &[])),
            Measured::ZeroBase { numerator: d("37") }
        );
    }

    /// “三公经费”变动率 (53号): budgets of 8 this year against 10 last year = −20%;
    /// the 决算 reading of the same unit is its own.
    #[test]
    fn sangong_budget_change_compares_budgets() {
        let mut fields = vec![
            (key::SG_CAR_RUN_BUDGET, "5"),
            (key::SG_RECEPTION_BUDGET, "3"),
            (key::SG_CAR_RUN_PREV_BUDGET, "6"),
            (key::SG_RECEPTION_PREV_BUDGET, "4"),
            (key::SG_CAR_RUN_ACTUAL, "4.5"),
            (key::SG_RECEPTION_ACTUAL, "0"),
            (key::SG_CAR_RUN_PREV, "3"),
            (key::SG_RECEPTION_PREV, "0"),
        ];
        // The kinds the unit did not spend on, filled with 0 as the
        // template asks.
        for k in [
            key::SG_ABROAD_BUDGET,
            key::SG_ABROAD_ACTUAL,
            key::SG_ABROAD_PREV,
            key::SG_ABROAD_PREV_BUDGET,
            key::SG_CAR_BUY_BUDGET,
            key::SG_CAR_BUY_ACTUAL,
            key::SG_CAR_BUY_PREV,
            key::SG_CAR_BUY_PREV_BUDGET,
        ] {
            fields.push((k, "0"));
        }
        let unit = dept(&fields, &[]);
        assert_eq!(value(Metric::SangongBudgetChange.measure(&unit)), d("-20"));
        assert_eq!(value(Metric::SangongChange.measure(&unit)), d("50"));
        // A kind left blank leaves the total unknown, not the sum of the rest.
        fields.retain(|(k, _)| *k != key::SG_ABROAD_PREV_BUDGET);
        assert_eq!(
            Metric::SangongBudgetChange.measure(&dept(&fields, &[])),
            Measured::Missing(vec![Input::Sangong(SangongPart::PrevBudget)])
        );
    }

    #[test]
    fn sangong_budget_change_without_its_inputs_or_base() {
        let old = dept(
            &[(key::SG_CAR_RUN_BUDGET, "5"), (key::SG_CAR_RUN_PREV, "3")],
            &[],
        );
        // One kind's budget of four: this year's total is unknown too.
        assert_eq!(
            Metric::SangongBudgetChange.measure(&old),
            Measured::Missing(vec![
                Input::Sangong(SangongPart::Budget),
                Input::Sangong(SangongPart::PrevBudget),
            ])
        );
        assert_eq!(
            Metric::SangongBudgetChange.measure(&dept(&[], &[])),
            Measured::Missing(vec![
                Input::Sangong(SangongPart::Budget),
                Input::Sangong(SangongPart::PrevBudget),
            ])
        );
        // No budget last year: the base is zero, whatever this year's.
        let mut fields = vec![(key::SG_RECEPTION_BUDGET, "3")];
        for kind in SANGONG {
            fields.push((kind.key(SangongPart::PrevBudget), "0"));
            if kind.id != "reception" {
                fields.push((kind.key(SangongPart::Budget), "0"));
            }
        }
        let new = dept(&fields, &[]);
        assert_eq!(
            Metric::SangongBudgetChange.measure(&new),
            Measured::ZeroBase { numerator: d("3") }
        );
    }

    /// The old readings under their explicit ids compute what the bare ids did.
    #[test]
    fn old_readings_keep_their_formulas() {
        let unit = dept(
            &[
                (key::BUDGET_INITIAL, "100"),
                (key::BUDGET_ADJUSTMENT, "20"),
                (key::BUDGET_EXECUTED, "90"),
                (key::CARRYOVER_UNFINISHED, "12"),
            ],
            &[(col::CARRYOVER, "10"), (col::BALANCE_TOTAL, "40")],
        );
        // (130 − 90 − 12) ÷ 130.
        assert_eq!(
            value(Metric::CarryoverRate.measure(&unit)),
            d("28") * Decimal::ONE_HUNDRED / d("130")
        );
        assert_eq!(
            value(Metric::CarryoverBalanceRate.measure(&unit)),
            d("40") * Decimal::ONE_HUNDRED / d("130")
        );
        for l in LEGACY {
            assert_eq!(Metric::from_id(l.id), None, "{}", l.id);
            assert_eq!(Legacy::find(l.id), Some(l));
            assert_ne!(l.reads, l.current);
            assert_eq!(l.reads.label(), l.current.label());
            for text in [l.note(), l.refusal()] {
                assert!(text.contains(&format!("`{}`", l.id)), "{text}");
                assert!(text.contains(&format!("`{}`", l.reads.id())), "{text}");
                assert!(text.contains(&format!("`{}`", l.current.id())), "{text}");
                assert!(text.contains("财预〔2013〕53号"), "{text}");
            }
        }
        assert_eq!(
            Legacy::find("sangong_change").map(Legacy::note).as_deref(),
            Some(
                "`sangong_change` 按旧口径（本年决算比上年决算）计算；财预〔2013〕53号 的口径为 \
                 `sangong_budget_change`（按预算数），沿用旧口径请写 `sangong_actual_change`"
            )
        );
    }

    /// `docs/frameworks.md` lists every metric a framework may name, with its
    /// formula, and every legacy id as the old reading.
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
            // The four 支付进度 share one row, written for the Nth quarter.
            if !matches!(
                m,
                Metric::PaymentQ1 | Metric::PaymentQ2 | Metric::PaymentQ3 | Metric::PaymentQ4
            ) {
                assert!(
                    doc.contains(m.formula()),
                    "formula of {} differs in docs/frameworks.md",
                    m.id()
                );
            }
        }
        for l in LEGACY {
            let row = doc
                .lines()
                .find(|line| line.starts_with(&format!("| `{}`", l.id)))
                .unwrap_or_else(|| panic!("{} has no row in docs/frameworks.md", l.id));
            assert!(row.contains("旧口径"), "{row}");
            assert!(row.contains(&format!("`{}`", l.reads.id())), "{row}");
            assert!(row.contains(&format!("`{}`", l.current.id())), "{row}");
        }
    }
}
