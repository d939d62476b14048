//! The sentences of the report, worded in Rust: a Decimal reaches a
//! template as a string, where it can be neither compared nor rounded, so
//! every sentence that compares or rounds (shares, year on year, the score
//! against the self-score) is finished here and handed to templates whole.
//!
//! A sentence states only what the workbook gives: a figure that is blank
//! is said to be 未填报 or left out, never taken as 0, and no comparison is
//! made with a figure that is not there. A share (占 x%) is always a part
//! over the whole it is part of, and only when the parts fit in the whole
//! ([`shares_fit`]), so that the shares of one breakdown never add up to
//! more than 100%. Every figure a sentence prints is recorded in the trace
//! with its source.

use rust_decimal::Decimal;

use crate::contract::fields::{ColumnId, FieldKey, SANGONG, SangongPart, col, key};
use crate::contract::number::fixed;
use crate::ingest::model::{Department, Row};
use crate::report::view::model::{CellRef, ProjectResult, Source};
use crate::report::view::trace::{At, Trace};
use crate::rules::metrics;
use crate::rules::score::{DepartmentScore, Standing};
use crate::rules::settings::differ;

pub(super) fn share(part: Decimal, whole: Decimal) -> Option<Decimal> {
    metrics::percent(Some(part), Some(whole))
}

/// Whether a self-score differs from the computed score by more than the
/// tolerance the workbook was checked with.
pub(super) fn differs(a: Option<Decimal>, b: Decimal, tolerance: Decimal) -> bool {
    a.is_some_and(|a| differ(a, b, tolerance))
}

/// `2022年`, or `本年度` when the workbook gives no year.
fn year_label(year: &str) -> String {
    if year.is_empty() {
        "本年度".to_string()
    } else {
        format!("{year}年")
    }
}

/// 核定编制26人，实有在职26人。
pub(super) fn staff_sentence(dept: &Department, t: &mut Trace) -> Option<String> {
    let at = "unit.staff_sentence";
    let mut say = |k| {
        dept.int(k)
            .map(|n| t.count(n, || Source::field(dept, k), at))
    };
    match (say(key::STAFF_QUOTA), say(key::STAFF_ACTUAL)) {
        (Some(q), Some(a)) => Some(format!("核定编制{q}人，实有在职{a}人。")),
        (Some(q), None) => Some(format!("核定编制{q}人。")),
        (None, Some(a)) => Some(format!("实有在职{a}人。")),
        (None, None) => None,
    }
}

/// One part of a whole, as the workbook gives it.
#[derive(Debug, Clone)]
pub(super) struct Part<'a> {
    /// The part's name in the sentence.
    pub(super) name: &'static str,
    pub(super) value: Decimal,
    pub(super) at: At<'a>,
}

impl<'a> Part<'a> {
    fn column(row: &'a Row, name: &'static str, id: ColumnId) -> Option<Part<'a>> {
        Some(Part {
            name,
            value: row.dec(id)?,
            at: At::Column(row, id),
        })
    }

    fn field(dept: &'a Department, name: &'static str, k: FieldKey) -> Option<Part<'a>> {
        Some(Part {
            name,
            value: dept.dec(k)?,
            at: At::Field(dept, k),
        })
    }

    fn cell(&self) -> CellRef {
        self.at.cell()
    }
}

/// The parts of 收入合计 in this template: 上年结转 and each income of the
/// year (收入合计 = 上年结转 + 各项本年收入, the identity the SUM-INCOME
/// check reads). The one place that says so: the income sentence's shares
/// are of 收入合计 over exactly these parts.
pub(super) fn income_parts(row: &Row) -> Vec<Part<'_>> {
    [
        ("上年结转", col::CARRYOVER),
        ("一般公共预算财政拨款", col::GENERAL_BUDGET),
        ("政府性基金预算拨款", col::FUND_BUDGET),
        ("纳入专户管理的非税收入拨款", col::SPECIAL_ACCOUNT),
        ("其他收入", col::OTHER_INCOME),
    ]
    .into_iter()
    .filter_map(|(name, id)| Part::column(row, name, id))
    .collect()
}

/// Whether shares of `whole` can be stated for these parts: the whole is
/// positive, no part is negative, and together they do not exceed it, so
/// that the shares add up to 100% at most (before rounding).
pub(super) fn shares_fit(parts: &[Decimal], whole: Decimal) -> bool {
    whole > Decimal::ZERO
        && parts.iter().all(|p| *p >= Decimal::ZERO)
        && parts.iter().sum::<Decimal>() <= whole
}

/// The parts as a sentence lists them: "A x万元，占y%；B …" with each
/// share of the whole when the parts fit in it ([`shares_fit`]), else
/// "A x万元、B y万元" and, when they exceed the whole by more than the
/// tolerance, that they do not add up. Parts that are 0 are left out;
/// empty when every part is.
fn listing(
    parts: &[Part],
    whole: Option<&Part>,
    tolerance: Decimal,
    t: &mut Trace,
    at: &str,
) -> String {
    let values: Vec<Decimal> = parts.iter().map(|p| p.value).collect();
    let fit = whole.filter(|w| shares_fit(&values, w.value));
    let shown: Vec<&Part> = parts.iter().filter(|p| !p.value.is_zero()).collect();
    if shown.is_empty() {
        return String::new();
    }
    let mut items = Vec::new();
    for p in &shown {
        let amount = t.amount(p.value, || Source::Cell(p.cell()), at);
        let mut item = format!("{}{amount}万元", p.name);
        if let Some(w) = fit
            && let Some(s) = share(p.value, w.value)
        {
            let source = || {
                Source::formula(
                    format!("{} ÷ {} × 100%", p.name, w.name),
                    vec![p.cell(), w.cell()],
                )
            };
            item.push_str(&format!("，占{}", t.percent(s, source, at)));
        }
        items.push(item);
    }
    if fit.is_some() {
        return items.join("；");
    }
    let mut s = items.join("、");
    let sum: Decimal = values.iter().sum();
    if let Some(w) = whole
        && sum - w.value > tolerance
    {
        let source = || {
            Source::formula(
                parts.iter().map(|p| p.name).collect::<Vec<_>>().join(" + "),
                parts.iter().map(|p| p.cell()).collect(),
            )
        };
        s.push_str(&format!(
            "，各项之和{}万元大于{}，未计算占比",
            t.amount(sum, source, at),
            w.name
        ));
    }
    s
}

/// How a breakdown is worded: "{whole}X万元，其中……" when the whole is
/// given ("{whole}X万元，{no_parts}" when no part is), else
/// "{parts}……；{blank}未填报".
struct Wording<'a> {
    whole: &'a str,
    parts: &'a str,
    blank: &'a str,
    no_parts: &'a str,
}

/// A whole and its parts, as [`Wording`] says; `None` when neither is given.
fn breakdown(
    wording: &Wording,
    whole: Option<Part>,
    parts: &[Part],
    tolerance: Decimal,
    t: &mut Trace,
    at: &str,
) -> Option<String> {
    match whole {
        Some(w) => {
            let amount = t.amount(w.value, || Source::Cell(w.cell()), at);
            let mut s = format!("{}{amount}万元", wording.whole);
            if parts.is_empty() {
                s.push_str(&format!("，{}", wording.no_parts));
            } else {
                let list = listing(parts, Some(&w), tolerance, t, at);
                if !list.is_empty() {
                    s.push_str(&format!("，其中{list}"));
                }
            }
            s.push('。');
            Some(s)
        }
        None if parts.is_empty() => None,
        None => {
            let list = listing(parts, None, tolerance, t, at);
            let list = if list.is_empty() {
                "各项均为零".to_string()
            } else {
                list
            };
            Some(format!(
                "{}{list}；{}未填报。",
                wording.parts, wording.blank
            ))
        }
    }
}

/// 2022年收入合计2854.84万元，其中……: from the finance table's first (summary) row.
pub(super) fn income_sentence(
    summary: Option<&Row>,
    year: &str,
    tolerance: Decimal,
    t: &mut Trace,
) -> Option<String> {
    let r = summary?;
    let y = year_label(year);
    let wording = Wording {
        whole: &format!("{y}收入合计"),
        parts: &format!("{y}收入中，"),
        blank: "收入合计",
        no_parts: "未填报各项收入",
    };
    breakdown(
        &wording,
        Part::column(r, "收入合计", col::INCOME_TOTAL),
        &income_parts(r),
        tolerance,
        t,
        "spending.income_sentence",
    )
}

/// 2022年整体支出2815.61万元，其中基本支出……；项目支出……。基本支出中，人员经费……
pub(super) fn expense_sentence(
    summary: Option<&Row>,
    year: &str,
    tolerance: Decimal,
    t: &mut Trace,
) -> Option<String> {
    let r = summary?;
    let at = "spending.expense_sentence";
    let basic = Part::column(r, "基本支出", col::BASIC);
    let inner: Vec<Part> = [
        Part::column(r, "人员经费", col::PERSONNEL),
        Part::column(r, "公用经费", col::PUBLIC_EXP),
    ]
    .into_iter()
    .flatten()
    .collect();
    let project = Part::column(r, "项目支出", col::PROJECT);
    // Without 基本支出, its parts stand beside 项目支出.
    let top: Vec<Part> = match &basic {
        Some(b) => std::iter::once(b.clone()).chain(project).collect(),
        None => inner.iter().cloned().chain(project).collect(),
    };
    let y = year_label(year);
    let wording = Wording {
        whole: &format!("{y}整体支出"),
        parts: &format!("{y}支出中，"),
        blank: "支出合计",
        no_parts: "未填报基本支出和项目支出",
    };
    let whole = Part::column(r, "支出合计", col::EXPENSE_TOTAL);
    let mut s = breakdown(&wording, whole, &top, tolerance, t, at)?;
    if let Some(b) = basic
        && !inner.is_empty()
    {
        let list = listing(&inner, Some(&b), tolerance, t, at);
        if !list.is_empty() {
            s.push_str(&format!("基本支出中，{list}。"));
        }
    }
    Some(s)
}

/// 截至2022年末，固定资产合计……万元，其中……
pub(super) fn assets_sentence(
    dept: &Department,
    year: &str,
    tolerance: Decimal,
    t: &mut Trace,
) -> Option<String> {
    let parts: Vec<Part> = [
        Part::field(dept, "在用固定资产", key::ASSETS_IN_USE),
        Part::field(dept, "出租固定资产", key::ASSETS_LEASED),
        Part::field(dept, "其他固定资产", key::ASSETS_OTHER),
    ]
    .into_iter()
    .flatten()
    .collect();
    let lead = if year.is_empty() {
        "截至年末，".to_string()
    } else {
        format!("截至{year}年末，")
    };
    let wording = Wording {
        whole: &format!("{lead}固定资产合计"),
        parts: &lead,
        blank: "固定资产合计",
        no_parts: "未填报在用、出租和其他固定资产",
    };
    breakdown(
        &wording,
        Part::field(dept, "固定资产合计", key::ASSETS_TOTAL),
        &parts,
        tolerance,
        t,
        "spending.assets_sentence",
    )
}

/// 2022年实施项目3个，全年预算……万元，执行……万元，预算执行率……: the
/// sums only over the projects that give both figures, and said so when
/// some do not.
pub(super) fn projects_sentence(rows: &[Row], year: &str, t: &mut Trace) -> Option<String> {
    if rows.is_empty() {
        return None;
    }
    let at = "spending.projects_sentence";
    let names: Vec<CellRef> = rows.iter().map(|r| CellRef::column(r, col::NAME)).collect();
    let count = t.count(
        rows.len(),
        || Source::formula("项目支出表中的项目个数", names),
        at,
    );
    let both: Vec<&Row> = rows
        .iter()
        .filter(|r| r.dec(col::BUDGET_FULL).is_some() && r.dec(col::EXECUTED).is_some())
        .collect();
    let mut s = format!("{}实施项目{count}个", year_label(year));
    if both.is_empty() {
        s.push_str("，各项目的全年预算数和执行数未填报。");
        return Some(s);
    }
    let budget: Decimal = both.iter().filter_map(|r| r.dec(col::BUDGET_FULL)).sum();
    let executed: Decimal = both.iter().filter_map(|r| r.dec(col::EXECUTED)).sum();
    let cells = |id| {
        both.iter()
            .map(|r| CellRef::column(r, id))
            .collect::<Vec<_>>()
    };
    let budget_text = t.amount(
        budget,
        || Source::formula("各项目全年预算数之和", cells(col::BUDGET_FULL)),
        at,
    );
    let executed_text = t.amount(
        executed,
        || Source::formula("各项目全年执行数之和", cells(col::EXECUTED)),
        at,
    );
    if both.len() < rows.len() {
        let n = t.count(
            both.len(),
            || Source::formula("全年预算数和执行数都已填的项目个数", cells(col::NAME)),
            at,
        );
        s.push_str(&format!("，其中{n}个项目填报了全年预算数和执行数"));
    }
    s.push_str(&format!(
        "，全年预算{budget_text}万元，执行{executed_text}万元"
    ));
    if let Some(rate) = metrics::percent(Some(executed), Some(budget)) {
        let mut inputs = cells(col::EXECUTED);
        inputs.extend(cells(col::BUDGET_FULL));
        let rate = t.percent(
            rate,
            || Source::formula("各项目全年执行数之和 ÷ 全年预算数之和 × 100%", inputs),
            at,
        );
        s.push_str(&format!("，预算执行率{rate}"));
    }
    if both.len() < rows.len() {
        s.push_str("；其余项目的全年预算数或执行数未填报");
    }
    s.push('。');
    Some(s)
}

/// 年初预算、调整、上年结转、全年预算、执行与预算完成率: 全年预算 and the
/// 完成率 only when the adjustment is known (预算调整数, or 追加 and 追减;
/// the template asks for 0 when there was none; a blank 上年结转 is none,
/// as the metric reads it).
pub(super) fn budget_sentence(dept: &Department, t: &mut Trace) -> Option<String> {
    let at = "spending.budget_sentence";
    let initial = dept.dec(key::BUDGET_INITIAL);
    let executed = dept.dec(key::BUDGET_EXECUTED);
    if initial.is_none() && executed.is_none() {
        return None;
    }
    let mut clauses = Vec::new();
    match initial {
        Some(v) => clauses.push(format!(
            "年初预算{}万元",
            t.amount(v, || Source::field(dept, key::BUDGET_INITIAL), at)
        )),
        None => clauses.push("年初预算数未填报".to_string()),
    }
    // The net 预算调整数: the field, or 追加 − 追减 when only those are given.
    let adjustment = metrics::net_adjustment(dept);
    let adjustment_cells = || {
        if dept.dec(key::BUDGET_ADJUSTMENT).is_some() {
            vec![CellRef::field(dept, key::BUDGET_ADJUSTMENT)]
        } else {
            vec![
                CellRef::field(dept, key::BUDGET_ADDED),
                CellRef::field(dept, key::BUDGET_REDUCED),
            ]
        }
    };
    match adjustment {
        Some(a) if !a.is_zero() => {
            let verb = if a > Decimal::ZERO {
                "追加"
            } else {
                "追减"
            };
            let source = || match adjustment_cells().as_slice() {
                [one] => Source::Cell(one.clone()),
                both => Source::formula("追加预算数 − 追减预算数", both.to_vec()),
            };
            let amount = t.amount(a.abs(), source, at);
            clauses.push(format!("年中{verb}{amount}万元"));
        }
        Some(_) => {}
        None => clauses.push("预算调整数未填报".to_string()),
    }
    let carry_row = metrics::summary_row(dept);
    if let (Some(c), Some(r)) = (metrics::carryover(dept).filter(|c| !c.is_zero()), carry_row) {
        clauses.push(format!(
            "上年结转{}万元",
            t.amount(c, || Source::column(r, col::CARRYOVER), at)
        ));
    }
    // Unknown when 年初预算数 or the adjustment is (a blank 上年结转 is none).
    let full = metrics::full_year_budget(dept);
    let full_cells = || {
        let mut cells: Vec<CellRef> = carry_row
            .map(|r| CellRef::column(r, col::CARRYOVER))
            .into_iter()
            .collect();
        cells.push(CellRef::field(dept, key::BUDGET_INITIAL));
        cells.extend(adjustment_cells());
        cells
    };
    const FULL: &str = "上年结转 + 年初预算数 + 预算调整数";
    if let Some(f) = full {
        clauses.push(format!(
            "全年预算{}万元",
            t.amount(f, || Source::formula(FULL, full_cells()), at)
        ));
    }
    let mut s = clauses.join("，");
    match executed {
        Some(e) => {
            s.push_str(&format!(
                "；全年执行{}万元",
                t.amount(e, || Source::field(dept, key::BUDGET_EXECUTED), at)
            ));
            if let Some(rate) = full.and_then(|f| metrics::percent(Some(e), Some(f))) {
                let cells = || {
                    let mut cells = vec![CellRef::field(dept, key::BUDGET_EXECUTED)];
                    cells.extend(full_cells());
                    cells
                };
                let rate = t.percent(
                    rate,
                    || Source::formula(format!("预算执行数 ÷（{FULL}）× 100%"), cells()),
                    at,
                );
                s.push_str(&format!("，预算完成率{rate}"));
            }
        }
        None => s.push_str("；预算执行数未填报"),
    }
    s.push('。');
    Some(s)
}

/// A 三公 figure of each kind: the values given, and the total when all
/// four are given (a blank kind is not taken as 0: the template asks for
/// 0 when there was none).
pub(super) struct SangongPartFigures {
    /// Each kind's value, in the order of [`SANGONG`].
    pub(super) values: Vec<Option<Decimal>>,
    /// Σ when every kind is given.
    pub(super) total: Option<Decimal>,
}

pub(super) fn sangong_part(dept: &Department, part: SangongPart) -> SangongPartFigures {
    let values: Vec<Option<Decimal>> = SANGONG.iter().map(|k| dept.dec(k.key(part))).collect();
    let total = values
        .iter()
        .copied()
        .collect::<Option<Vec<Decimal>>>()
        .map(|v| v.iter().sum());
    SangongPartFigures { values, total }
}

/// The cells of one figure of the four 三公 kinds.
pub(super) fn sangong_cells(dept: &Department, part: SangongPart) -> Vec<CellRef> {
    SANGONG
        .iter()
        .map(|k| CellRef::field(dept, k.key(part)))
        .collect()
}

/// The formula of a 三公 total.
pub(super) fn sangong_total_source(part: SangongPart, cells: Vec<CellRef>) -> Source {
    let what = part.heading();
    Source::formula(
        format!(
            "{}（{what}）",
            SANGONG
                .iter()
                .map(|k| k.name)
                .collect::<Vec<_>>()
                .join(" + ")
        ),
        cells,
    )
}

/// 2022年“三公”经费支出……万元，其中……；本年预算……；上年决算……，比上年……:
/// compared with the budget and the year before only when all four kinds
/// of both are given.
pub(super) fn sangong_sentence(dept: &Department, year: &str, t: &mut Trace) -> Option<String> {
    let at = "spending.sangong_sentence";
    let cells = |part| sangong_cells(dept, part);
    let actual = sangong_part(dept, SangongPart::Actual);
    if actual.values.iter().all(Option::is_none) {
        return None;
    }
    let y = year_label(year);
    let Some(total) = actual.total else {
        // Some kinds given, some not: what is given, and no total.
        let given: Vec<String> = SANGONG
            .iter()
            .zip(&actual.values)
            .filter_map(|(k, v)| {
                let v = (*v)?;
                Some(format!(
                    "{}{}万元",
                    k.name,
                    t.amount(v, || Source::field(dept, k.actual), at)
                ))
            })
            .collect();
        let blank: Vec<&str> = SANGONG
            .iter()
            .zip(&actual.values)
            .filter(|(_, v)| v.is_none())
            .map(|(k, _)| k.name)
            .collect();
        return Some(format!(
            "{y}“三公”经费本年决算中，{}；{}未填报，未计算合计。",
            given.join("，"),
            blank.join("、")
        ));
    };
    let total_text = t.amount(
        total,
        || sangong_total_source(SangongPart::Actual, cells(SangongPart::Actual)),
        at,
    );
    let mut s = format!("{y}“三公”经费支出{total_text}万元");
    let spent: Vec<String> = SANGONG
        .iter()
        .zip(&actual.values)
        .filter_map(|(k, v)| {
            let v = v.filter(|v| !v.is_zero())?;
            Some(format!(
                "{}{}万元",
                k.name,
                t.amount(v, || Source::field(dept, k.actual), at)
            ))
        })
        .collect();
    if !spent.is_empty() {
        s.push_str(&format!("，其中{}", spent.join("，")));
    }
    let budget = sangong_part(dept, SangongPart::Budget);
    match budget.total {
        Some(b) => {
            s.push_str(&format!(
                "；本年预算{}万元",
                t.amount(
                    b,
                    || sangong_total_source(SangongPart::Budget, cells(SangongPart::Budget)),
                    at
                )
            ));
            if let Some(sh) = share(total, b) {
                let both = || {
                    let mut both = cells(SangongPart::Actual);
                    both.extend(cells(SangongPart::Budget));
                    both
                };
                let sh = t.percent(
                    sh,
                    || Source::formula("本年决算合计 ÷ 本年预算合计 × 100%", both()),
                    at,
                );
                s.push_str(&format!("，决算为预算的{sh}"));
            }
            // 53号's “三公经费”变动率 compares the budgets of the two years.
            if let Some(pb) = sangong_part(dept, SangongPart::PrevBudget).total {
                let budgets = || {
                    let mut both = cells(SangongPart::Budget);
                    both.extend(cells(SangongPart::PrevBudget));
                    both
                };
                let pb_text = t.amount(
                    pb,
                    || {
                        sangong_total_source(
                            SangongPart::PrevBudget,
                            cells(SangongPart::PrevBudget),
                        )
                    },
                    at,
                );
                s.push_str(&format!("；上年预算{pb_text}万元"));
                s.push_str(&change_from_last(b, pb, "预算", "本年预算", budgets, t, at));
            }
        }
        None if budget.values.iter().all(Option::is_none) => s.push_str("；本年预算未填报"),
        None => s.push_str("；本年预算部分未填报，未与预算比较"),
    }
    let prev = sangong_part(dept, SangongPart::Prev);
    match prev.total {
        Some(p) => {
            let both = || {
                let mut both = cells(SangongPart::Actual);
                both.extend(cells(SangongPart::Prev));
                both
            };
            s.push_str(&format!(
                "；上年决算{}万元",
                t.amount(
                    p,
                    || sangong_total_source(SangongPart::Prev, cells(SangongPart::Prev)),
                    at
                )
            ));
            s.push_str(&change_from_last(total, p, "决算", "", both, t, at));
        }
        None if prev.values.iter().all(Option::is_none) => {
            s.push_str("；上年决算未填报，未与上年比较");
        }
        None => s.push_str("；上年决算部分未填报，未与上年比较"),
    }
    s.push('。');
    Some(s)
}

/// How this year's 三公 total of a figure (`what`: 预算 or 决算) compares
/// with last year's: “，{subject}与上年持平”, or “，{subject}比上年减少0.50万元，
/// 下降5.88%”, each figure traced to the formula over `cells`.
fn change_from_last(
    this: Decimal,
    last: Decimal,
    what: &str,
    subject: &str,
    cells: impl Fn() -> Vec<CellRef>,
    t: &mut Trace,
    at: &str,
) -> String {
    let change = this - last;
    if change.is_zero() {
        return format!("，{subject}与上年持平");
    }
    let (verb, dir) = if change > Decimal::ZERO {
        ("增加", "增长")
    } else {
        ("减少", "下降")
    };
    let amount = t.amount(
        change.abs(),
        || Source::formula(format!("本年{what}合计 − 上年{what}合计"), cells()),
        at,
    );
    let mut s = format!("，{subject}比上年{verb}{amount}万元");
    if let Some(r) = share(change.abs(), last) {
        let r = t.percent(
            r,
            || {
                Source::formula(
                    format!("（本年{what}合计 − 上年{what}合计）÷ 上年{what}合计 × 100%"),
                    cells(),
                )
            },
            at,
        );
        s.push_str(&format!("，{dir}{r}"));
    }
    s
}

/// 等次：优 · 总分不完整，不评定等次 · 未自评，不评定等次.
pub(super) fn grade_text(d: &DepartmentScore) -> String {
    match (&d.grade, d.standing) {
        (Some(g), _) => format!("等次：{g}"),
        (None, Standing::NotSelfAssessed) => "未自评，不评定等次".to_string(),
        (None, _) => "总分不完整，不评定等次".to_string(),
    }
}

/// The report's headline: 系统计算得分98.00分（满分100分），等次：优秀; or, with
/// no grade, why there is none.
pub(super) fn headline(d: &DepartmentScore) -> String {
    match (&d.grade, d.standing) {
        (Some(g), _) => format!(
            "系统计算得分 {} 分（满分 {} 分），等次：{g}",
            fixed(d.total, 2),
            fixed(d.total_points, 0)
        ),
        (None, Standing::NotSelfAssessed) => {
            "未自评：评分表中没有单位自评得分，不评定等次".to_string()
        }
        (None, _) => format!(
            "系统计算得分不完整：{} 项指标无法计分，不评定等次",
            d.unscorable
        ),
    }
}

/// 按“…”评分，系统计算得分98.00分（满分100分），等次为“优秀”；单位自评98.00分，与系统计算一致。
/// With indicators that could not be scored, the sum of the others is
/// given for what it is, and no grade.
pub(super) fn score_sentence(d: &DepartmentScore, tolerance: Decimal) -> String {
    let unscorable: Vec<&str> = d
        .indicators
        .iter()
        .filter(|i| i.unscorable())
        .map(|i| i.name.as_str())
        .collect();
    let scored_points: Decimal = d
        .indicators
        .iter()
        .filter(|i| !i.unscorable())
        .map(|i| i.points)
        .sum();
    let mut sentence = match &d.grade {
        Some(g) => format!(
            "按“{}”评分，系统计算得分{}分（满分{}分），等次为“{g}”",
            d.framework_name,
            fixed(d.total, 2),
            fixed(d.total_points, 0),
        ),
        None => {
            let why = if d.standing == Standing::NotSelfAssessed {
                "评分表中没有单位自评得分（未自评），"
            } else {
                ""
            };
            format!(
                "按“{}”评分，{why}{}项指标无法计分（{}），总分不完整，不评定等次；\
其余{}项指标（分值合计{}分）系统计算得分合计{}分",
                d.framework_name,
                unscorable.len(),
                unscorable.join("、"),
                d.indicators.len() - unscorable.len(),
                fixed(scored_points, 2),
                fixed(d.total, 2),
            )
        }
    };
    // A total that agrees with the self-score because some indicators took
    // the self-score for want of figures says so.
    let substituted: Vec<&str> = d
        .indicators
        .iter()
        .filter(|i| i.self_score_for_data())
        .map(|i| i.name.as_str())
        .collect();
    if !substituted.is_empty() {
        sentence.push_str(&format!(
            "（其中{}项指标缺少计算数据，采用单位自评得分：{}）",
            substituted.len(),
            substituted.join("、")
        ));
    }
    match d.self_score() {
        Some(s) if d.grade.is_some() && differs(Some(s), d.total, tolerance) => {
            sentence.push_str(&format!(
                "；单位自评{}分，与系统计算得分相差{}分",
                fixed(s, 2),
                fixed((s - d.total).abs(), 2)
            ))
        }
        Some(s) if d.grade.is_some() => {
            sentence.push_str(&format!("；单位自评{}分，与系统计算一致", fixed(s, 2)))
        }
        Some(s) => sentence.push_str(&format!("；单位自评{}分", fixed(s, 2))),
        None => sentence.push_str("；单位未填写自评得分"),
    }
    sentence.push('。');
    sentence
}

/// 3个项目按项目支出绩效自评表计分，等次为“优秀”2个、“良好”1个。
pub(super) fn grades_sentence(projects: &[ProjectResult], t: &mut Trace) -> Option<String> {
    let at = "results.projects_sentence";
    let counted = |what: &str| Source::Scoring {
        indicator: "项目支出".to_string(),
        rule: what.to_string(),
        inputs: Vec::new(),
    };
    (!projects.is_empty()).then(|| {
        let mut grades: Vec<(String, usize)> = Vec::new();
        for p in projects {
            match grades.iter_mut().find(|(g, _)| *g == p.grade) {
                Some((_, n)) => *n += 1,
                None => grades.push((p.grade.clone(), 1)),
            }
        }
        let grades = grades
            .iter()
            .map(|(g, n)| {
                let n = t.count(n, || counted(&format!("等次为“{g}”的项目个数")), at);
                format!("“{g}”{n}个")
            })
            .collect::<Vec<_>>()
            .join("、");
        let n = t.count(projects.len(), || counted("计分的项目个数"), at);
        format!("{n}个项目按项目支出绩效自评表计分，等次为{grades}。")
    })
}
