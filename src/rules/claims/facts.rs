//! What the workbook's tables say, by the words a department uses for it:
//! each figure a claim can be compared with, under the labels of the field
//! catalogue and the domain's synonyms (the list below, documented in
//! docs/claims.md), plus the names this workbook itself gives — its projects
//! and its indicators (三级指标).

use rust_decimal::Decimal;

use crate::contract::cell::Spot;
use crate::contract::fields::{
    ColumnId, FieldKey, SANGONG, SangongPart, TBL_FINANCE, TBL_PROJECT_INDICATORS, TBL_PROJECTS,
    TBL_TARGETS, WorkbookKind, col, key,
};
use crate::ingest::model::{Department, Row};
use crate::rules::claims::text::{Dim, Norm, quantities};
use crate::rules::metrics::{self, Measured, Metric};

/// One figure of the workbook.
#[derive(Debug, Clone)]
pub(crate) struct Fact {
    /// In the canonical unit: 万元, %, or one.
    pub value: Decimal,
    /// What it measures.
    pub dim: Dim,
    /// A count's unit, when the table gives one (人次).
    pub unit: Option<String>,
    /// Where the tables give it (`收支情况!H7`, or how it is computed).
    pub place: String,
}

/// What a label names: a figure (or the figures that may be meant) of the
/// workbook.
#[derive(Debug, Clone)]
pub(crate) struct Target {
    /// What the tables call it, for messages.
    pub name: String,
    /// The figures; a claim agrees when it agrees with one of them.
    pub facts: Vec<Fact>,
}

/// The domain's words for the figures of the department workbook: each group
/// of labels names one figure. Labels are matched after quotation marks and
/// spaces are dropped (“三公”经费 is 三公经费).
pub(crate) const SYNONYMS: &[(&[&str], Figure)] = &[
    (
        &["收入合计", "收入总计", "总收入", "收入总额"],
        Figure::Summary(col::INCOME_TOTAL),
    ),
    (&["本年收入合计", "本年收入"], Figure::IncomeThisYear),
    (
        &["财政拨款收入", "财政拨款"],
        Figure::SummarySum(&[col::GENERAL_BUDGET, col::FUND_BUDGET]),
    ),
    (
        &[
            "支出合计",
            "总支出",
            "整体支出",
            "整体支出规模",
            "支出总额",
            "本年支出合计",
            "本年支出",
        ],
        Figure::Summary(col::EXPENSE_TOTAL),
    ),
    (&["支出总计"], Figure::ExpenseWithBalance),
    (&["基本支出"], Figure::Summary(col::BASIC)),
    (
        &["人员支出", "人员经费", "人员经费支出"],
        Figure::Summary(col::PERSONNEL),
    ),
    (
        &["公用支出", "公用经费", "日常公用经费", "公用经费支出"],
        Figure::Summary(col::PUBLIC_EXP),
    ),
    (&["项目支出", "专项支出"], Figure::Summary(col::PROJECT)),
    (
        &["上年结转", "年初结转和结余", "年初结转结余"],
        Figure::Summary(col::CARRYOVER),
    ),
    (&["当年结余"], Figure::Summary(col::BALANCE_YEAR)),
    (
        &["累计结余", "年末结转和结余", "年末结转结余", "结转结余"],
        Figure::Summary(col::BALANCE_TOTAL),
    ),
    (
        &["年初预算", "年初预算数", "年初批复预算"],
        Figure::Field(key::BUDGET_INITIAL),
    ),
    (&["预算调整数"], Figure::Field(key::BUDGET_ADJUSTMENT)),
    (&["全年预算数", "全年预算"], Figure::FullYear),
    (
        &["预算执行数", "预算执行金额"],
        Figure::Field(key::BUDGET_EXECUTED),
    ),
    (
        &["公用经费预算", "公用经费预算数"],
        Figure::Field(key::PUBLIC_BUDGET),
    ),
    (&["重点项目支出"], Figure::Field(key::KEY_PROJECT_EXP)),
    (
        &[
            "政府采购支出总额",
            "政府采购支出",
            "政府采购金额",
            "政府采购",
        ],
        Figure::Field(key::PROCUREMENT_ACTUAL),
    ),
    (
        &["固定资产原值", "固定资产合计", "固定资产总额"],
        Figure::Field(key::ASSETS_TOTAL),
    ),
    (&["在用固定资产"], Figure::Field(key::ASSETS_IN_USE)),
    (
        &[
            "三公经费",
            "三公经费支出",
            "三公经费总支出",
            "三公经费决算",
            "三公经费决算数",
            "三公支出",
        ],
        Figure::Sangong(SangongPart::Actual),
    ),
    (
        &["三公经费预算", "三公经费预算数"],
        Figure::Sangong(SangongPart::Budget),
    ),
    (
        &["公务接待费", "公务接待费支出", "公务接待支出"],
        Figure::Field(key::SG_RECEPTION_ACTUAL),
    ),
    (
        &[
            "公务用车运行维护费",
            "公务用车运行费",
            "公务用车运维费",
            "公车运行维护费",
        ],
        Figure::Field(key::SG_CAR_RUN_ACTUAL),
    ),
    (&["公务用车购置费"], Figure::Field(key::SG_CAR_BUY_ACTUAL)),
    (
        &["因公出国境费", "因公出国费", "因公出国境支出"],
        Figure::Field(key::SG_ABROAD_ACTUAL),
    ),
    (
        &["编制", "核定编制", "人员编制", "编制数", "核定编制数"],
        Figure::Field(key::STAFF_QUOTA),
    ),
    (
        &[
            "在职人数",
            "实有人数",
            "在职人员",
            "在职",
            "在编人数",
            "实有人员",
        ],
        Figure::Field(key::STAFF_ACTUAL),
    ),
    (
        &[
            "在职人员控制率",
            "人员控制率",
            "编制内在职人员控制率",
            "财政供养人员控制率",
        ],
        Figure::Metrics(&[Metric::StaffControl]),
    ),
    (
        &["公用经费控制率"],
        Figure::Metrics(&[Metric::PublicExpenseControl]),
    ),
    (
        &["三公经费控制率", "三公控制率"],
        Figure::Metrics(&[Metric::SangongControl]),
    ),
    (
        &["预算完成率", "预算执行率"],
        Figure::Metrics(&[Metric::BudgetCompletion]),
    ),
    (
        &["预算调整率"],
        Figure::Metrics(&[Metric::BudgetAdjustmentGross, Metric::BudgetAdjustment]),
    ),
    (
        &["结转结余率"],
        Figure::Metrics(&[Metric::CarryoverBalanceRate, Metric::CarryoverRate]),
    ),
    (&["重点支出安排率"], Figure::Metrics(&[Metric::KeySpending])),
    (
        &["政府采购执行率"],
        Figure::Metrics(&[Metric::ProcurementExecution]),
    ),
    (&["公务卡刷卡率"], Figure::Metrics(&[Metric::CardPayment])),
    (
        &["固定资产利用率"],
        Figure::Metrics(&[Metric::AssetUtilization]),
    ),
];

/// A figure of the department workbook a group of [`SYNONYMS`] names.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Figure {
    /// A column of the 收支情况 汇总 row.
    Summary(ColumnId),
    /// The sum of columns of the 汇总 row (财政拨款收入 = 一般公共预算 + 政府性基金).
    SummarySum(&'static [ColumnId]),
    /// 本年收入 = 收入合计 − 上年结转.
    IncomeThisYear,
    /// 支出总计 of a 决算 = 支出合计 + 年末结转和结余 (累计结余).
    ExpenseWithBalance,
    /// A scalar field.
    Field(FieldKey),
    /// 全年预算数 = 上年结转 + 年初预算数 + 预算调整数.
    FullYear,
    /// A figure summed over the four kinds of 三公经费.
    Sangong(SangongPart),
    /// Computed rates; several when the rate has several readings.
    Metrics(&'static [Metric]),
}

/// `sheet!A1` of a spot, or the words when there is none.
fn place(spot: Option<&Spot>, what: &str) -> String {
    match spot {
        Some(s) => format!("{what}，{}!{}", s.sheet, s.a1()),
        None => what.to_string(),
    }
}

fn money(value: Decimal, place: String) -> Fact {
    Fact {
        value,
        dim: Dim::Money,
        unit: None,
        place,
    }
}

/// The facts of a figure (none when the workbook does not give it).
fn facts_of(dept: &Department, figure: Figure) -> Vec<Fact> {
    let summary = metrics::summary_row(dept);
    let cell = |id: ColumnId| -> Option<(Decimal, String)> {
        let r = summary?;
        let label = TBL_FINANCE.columns[TBL_FINANCE.col(id)].label;
        Some((
            r.dec(id)?,
            place(r.spot(id), &format!("收支情况汇总行{label}")),
        ))
    };
    match figure {
        Figure::Summary(id) => cell(id).map(|(v, p)| money(v, p)).into_iter().collect(),
        Figure::SummarySum(ids) => {
            // A blank part of income is none of it; all blank is unknown.
            let parts: Vec<(Decimal, String)> = ids.iter().filter_map(|&id| cell(id)).collect();
            if parts.is_empty() {
                return vec![];
            }
            let v = parts.iter().map(|p| p.0).sum();
            let p = parts
                .iter()
                .map(|p| p.1.as_str())
                .collect::<Vec<_>>()
                .join(" ＋ ");
            vec![money(v, p)]
        }
        Figure::IncomeThisYear => {
            let Some((total, p)) = cell(col::INCOME_TOTAL) else {
                return vec![];
            };
            let carry = cell(col::CARRYOVER);
            let v = total - carry.as_ref().map_or(Decimal::ZERO, |c| c.0);
            let p = match carry {
                Some((_, c)) => format!("{p} − {c}"),
                None => p,
            };
            vec![money(v, p)]
        }
        Figure::ExpenseWithBalance => {
            let Some((total, p)) = cell(col::EXPENSE_TOTAL) else {
                return vec![];
            };
            match cell(col::BALANCE_TOTAL) {
                Some((b, bp)) => vec![money(total + b, format!("{p} ＋ {bp}"))],
                None => vec![money(total, p)],
            }
        }
        Figure::Field(k) => {
            let Some(v) = dept.dec(k) else {
                return vec![];
            };
            let f = crate::contract::fields::field(k.as_str());
            let label = f.map_or(k.as_str(), |f| f.label.trim_start_matches("其中："));
            let dim = match f.map(|f| f.kind) {
                Some(crate::contract::fields::Kind::Count) => Dim::Count,
                Some(crate::contract::fields::Kind::Percent) => Dim::Percent,
                _ => Dim::Money,
            };
            vec![Fact {
                value: v,
                dim,
                unit: None,
                place: place(dept.spot(k), label),
            }]
        }
        Figure::FullYear => metrics::full_year_budget(dept)
            .map(|v| {
                money(
                    v,
                    "全年预算数 = 上年结转 ＋ 年初预算数 ＋ 预算调整数".to_string(),
                )
            })
            .into_iter()
            .collect(),
        Figure::Sangong(part) => {
            let Some(v) = metrics::sangong_total(dept, part) else {
                return vec![];
            };
            let what = match part {
                SangongPart::Budget => "“三公”经费本年预算四项之和",
                _ => "“三公”经费本年决算四项之和",
            };
            let first = SANGONG
                .first()
                .and_then(|k| dept.spot(k.key(part)))
                .map(|s| format!("，自{}!{}起", s.sheet, s.a1()))
                .unwrap_or_default();
            vec![money(v, format!("{what}{first}"))]
        }
        Figure::Metrics(ms) => ms
            .iter()
            .filter_map(|m| match m.measure(dept) {
                Measured::Value(v) => Some(Fact {
                    value: v,
                    dim: Dim::Percent,
                    unit: None,
                    place: format!("按“{}”计算", m.formula()),
                }),
                _ => None,
            })
            .collect(),
    }
}

/// Words of an indicator's or project's name a department may leave out
/// when it writes the name in prose (困难企业职工参保人数 → 困难企业参保人数).
const OMITTED_WORDS: &[&str] = &["职工", "人员"];

/// The shortest name of the workbook's own that is matched: shorter ones
/// (经济效益, 满意度) name too many things.
const MIN_NAME_CHARS: usize = 4;

/// The ways the prose may write `name`: as is, without a leading year
/// (2020年军转干专项医疗救助 → 军转干专项医疗救助), without a unit in
/// brackets (参保对象满意度（%）), and without one of [`OMITTED_WORDS`].
pub(crate) fn name_variants(name: &str) -> Vec<String> {
    let mut base = Norm::new(name).text;
    for (open, close) in [('（', '）'), ('(', ')')] {
        if base.ends_with(close)
            && let Some(i) = base.rfind(open)
        {
            base.truncate(i);
        }
    }
    if base.chars().any(|c| c.is_ascii_digit()) {
        // A leading year is dropped; other digits make the name a value
        // (参保率95%), no label.
        let year_len = base
            .char_indices()
            .take_while(|(_, c)| c.is_ascii_digit())
            .count();
        let rest = &base[year_len..];
        let rest = rest
            .strip_prefix("年度")
            .or_else(|| rest.strip_prefix('年'))
            .filter(|_| year_len == 4);
        match rest {
            Some(r) if !r.chars().any(|c| c.is_ascii_digit()) => base = r.to_string(),
            _ => return vec![],
        }
    }
    let mut out = vec![base.clone()];
    for w in OMITTED_WORDS {
        if base.contains(w) {
            out.push(base.replacen(w, "", 1));
        }
    }
    out.retain(|v| v.chars().count() >= MIN_NAME_CHARS);
    let full = Norm::new(name).text;
    if full != base && full.chars().count() >= MIN_NAME_CHARS {
        out.push(full);
    }
    out.sort();
    out.dedup();
    out
}

/// Bound words in a target or result cell: the cell states no one value.
const BOUND_WORDS: &[&str] = &[
    "≥",
    "≤",
    ">",
    "<",
    "＞",
    "＜",
    "大于",
    "小于",
    "不低于",
    "不少于",
    "不高于",
    "不超过",
    "以上",
    "以下",
    "以内",
];

/// The figure an indicator's target or result cell states, when it states
/// exactly one: “12411人次”, “100%”, “15710.4万元”, or a bare number read
/// by the indicator's name (a percentage for a 率 or 度, else a count).
fn indicator_fact(row: &Row, id: ColumnId, name: &str, what: &str) -> Option<Fact> {
    let written = row.written(id)?;
    if BOUND_WORDS.iter().any(|b| written.contains(b)) {
        return None;
    }
    let where_ = place(row.spot(id), what);
    let n = Norm::new(written);
    let qs = quantities(&n);
    if let [q] = qs.as_slice() {
        if q.approx {
            return None;
        }
        return Some(Fact {
            value: q.value * q.scale,
            dim: q.dim,
            unit: (q.dim == Dim::Count).then(|| q.unit.clone()),
            place: where_,
        });
    }
    if !qs.is_empty() {
        return None;
    }
    let value: Decimal = n.text.parse().ok()?;
    let dim = if name.contains('%') || name.ends_with('率') || name.ends_with('度') {
        Dim::Percent
    } else if name.contains("万元") {
        Dim::Money
    } else {
        Dim::Count
    };
    Some(Fact {
        value,
        dim,
        unit: None,
        place: where_,
    })
}

/// What a label names, resolved into figures only when a claim is
/// attached to it (most labels of a workbook never are).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Source {
    /// A figure of the department workbook, by a synonym.
    Figure(Figure),
    /// The funds of the project of this row of the project table.
    Project(usize),
    /// The 预算执行率 of the project of this row (a project workbook).
    ProjectRate(usize),
    /// The indicator of this row of the project indicators (`false`) or
    /// the 定量指标 (`true`).
    Indicator(bool, usize),
}

/// The names this workbook itself gives, with what they name: its
/// projects and its indicators (三级指标), in the ways prose writes them
/// ([`name_variants`]).
pub(crate) fn names(dept: &Department) -> Vec<(String, Source)> {
    let mut out = Vec::new();
    for (i, row) in dept.rows(&TBL_PROJECTS).iter().enumerate() {
        if let Some(name) = row.text(col::NAME) {
            out.extend(
                name_variants(name)
                    .into_iter()
                    .map(|v| (v, Source::Project(i))),
            );
        }
        if dept.kind == WorkbookKind::Project {
            for l in ["预算执行率", "执行率"] {
                out.push((l.to_string(), Source::ProjectRate(i)));
            }
        }
    }
    for (targets, table) in [(false, &TBL_PROJECT_INDICATORS), (true, &TBL_TARGETS)] {
        for (i, row) in dept.rows(table).iter().enumerate() {
            if let Some(name) = row.text(col::LEVEL3)
                && !row.is_not_applicable()
            {
                out.extend(
                    name_variants(name)
                        .into_iter()
                        .map(|v| (v, Source::Indicator(targets, i))),
                );
            }
        }
    }
    out
}

/// The figures a label names; `None` when the workbook gives none.
pub(crate) fn target(dept: &Department, source: Source) -> Option<Target> {
    let (name, facts) = match source {
        Source::Figure(figure) => {
            let name = SYNONYMS
                .iter()
                .find(|(_, f)| *f == figure)
                .map_or("", |(labels, _)| labels[0]);
            (name.to_string(), facts_of(dept, figure))
        }
        Source::Project(i) => {
            let row = dept.rows(&TBL_PROJECTS).get(i)?;
            let mut facts = Vec::new();
            for (id, what) in [
                (col::BUDGET_INITIAL, "年初预算数"),
                (col::BUDGET_FULL, "全年预算数"),
                (col::EXECUTED, "全年执行数"),
            ] {
                if let Some(v) = row.dec(id) {
                    facts.push(money(v, place(row.spot(id), &format!("项目{what}"))));
                }
            }
            let name = row.text(col::NAME).unwrap_or("");
            (format!("项目“{name}”的资金"), facts)
        }
        Source::ProjectRate(i) => {
            let row = dept.rows(&TBL_PROJECTS).get(i)?;
            let rate = metrics::percent(row.dec(col::EXECUTED), row.dec(col::BUDGET_FULL))?;
            (
                "项目预算执行率".to_string(),
                vec![Fact {
                    value: rate,
                    dim: Dim::Percent,
                    unit: None,
                    place: "按“全年执行数 ÷ 全年预算数 × 100%”计算".to_string(),
                }],
            )
        }
        Source::Indicator(targets, i) => {
            let table = if targets {
                &TBL_TARGETS
            } else {
                &TBL_PROJECT_INDICATORS
            };
            let row = dept.rows(table).get(i)?;
            let name = row.text(col::LEVEL3)?;
            let facts = [(col::ACTUAL, "实际完成值"), (col::TARGET, "年度指标值")]
                .into_iter()
                .filter_map(|(id, what)| indicator_fact(row, id, name, what))
                .collect();
            (format!("指标“{name}”"), facts)
        }
    };
    (!facts.is_empty()).then_some(Target { name, facts })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_matched_without_their_year_unit_or_omitted_words() {
        assert_eq!(
            name_variants("2020年军转干专项医疗救助"),
            ["2020年军转干专项医疗救助", "军转干专项医疗救助"]
        );
        assert_eq!(
            name_variants("困难企业职工参保人数"),
            ["困难企业参保人数", "困难企业职工参保人数"]
        );
        assert_eq!(name_variants("参保对象满意度（%）").len(), 2);
        assert!(name_variants("参保率95%").is_empty());
        assert!(name_variants("无").is_empty());
    }
}
