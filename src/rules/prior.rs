//! 上年对比: a unit's submission of last year beside this year's workbook
//! (`--previous`). Last year's figures fill what this year's formulas need
//! where the workbook leaves them blank (上年“三公”预算和决算, 上年结转),
//! each marked with the file it came from; figures that disagree with last
//! year's are warned; last year's problems pre-fill the 上年问题整改情况
//! table, and a problem (or an indicator losing points) that comes back is
//! warned; the report gets a year-on-year table of the main figures. Pure
//! functions of the two models: findings are returned as data.

use std::collections::HashMap;
use std::sync::Arc;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use unicode_normalization::UnicodeNormalization;

use crate::contract::cell::{CellValue, Spot};
use crate::contract::fields::{
    FieldKey, SANGONG, SangongPart, TBL_FINANCE, TBL_PROBLEMS, TBL_RECTIFICATION, TBL_SCORES,
    WorkbookKind, col, key,
};
use crate::contract::finding::{Code, Finding};
use crate::contract::number::{differ, fixed};
use crate::contract::unit::identity_key;
use crate::ingest::model::{Department, Entry, Row, Value};
use crate::rules::metrics;
use crate::rules::score::{Scorecard, Standing, name_key};

/// What is kept of one unit's department workbook of last year: enough to
/// fill this year's blanks, compare, and list last year's problems.
#[derive(Debug, Clone, PartialEq)]
pub struct LastYear {
    /// The file, as found under the `--previous` folder.
    pub source: String,
    /// The 评价年度 it reports on.
    pub year: Option<i64>,
    /// The unit's name.
    pub unit: Option<String>,
    /// The unit's code (统一社会信用代码).
    pub unit_code: Option<String>,
    /// 填报日期: of two workbooks of one unit and year, the later counts.
    pub fill_date: Option<NaiveDate>,
    /// The 三公 figures, by field key.
    sangong: HashMap<&'static str, Decimal>,
    /// Each 收支情况 row's 机构名称 (as a [`name_key`]) and 累计结余:
    /// this year's 上年结转 of that row. The first row is the 汇总.
    balances: Vec<(String, Decimal)>,
    /// The main figures, for the year-on-year table.
    figures: Vec<(MainFigure, Option<Decimal>)>,
    /// The 总分 and 等次, when scored.
    pub score: Option<Decimal>,
    /// See `score`.
    pub grade: Option<String>,
    /// The 三级指标 that lost points: name (as a [`name_key`]), the name
    /// as written, the points and the score.
    lost: Vec<(String, String, Decimal, Decimal)>,
    /// 存在的主要问题, as written.
    pub problems: Vec<String>,
}

/// One figure of the year-on-year table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MainFigure {
    /// 年初预算数 (万元).
    BudgetInitial,
    /// 全年预算数 (万元).
    BudgetFull,
    /// 预算执行数 (万元).
    BudgetExecuted,
    /// 预算完成率 (%).
    BudgetCompletion,
    /// 收入合计 (万元, 收支情况 汇总).
    IncomeTotal,
    /// 支出合计 (万元, 收支情况 汇总).
    ExpenseTotal,
    /// “三公”经费预算 (万元).
    SangongBudget,
    /// “三公”经费决算 (万元).
    SangongActual,
    /// 实有在职人数 (人).
    Staff,
    /// 总分 (分).
    Score,
}

impl MainFigure {
    /// Every figure, in the table's order.
    pub const ALL: [MainFigure; 10] = [
        MainFigure::BudgetInitial,
        MainFigure::BudgetFull,
        MainFigure::BudgetExecuted,
        MainFigure::BudgetCompletion,
        MainFigure::IncomeTotal,
        MainFigure::ExpenseTotal,
        MainFigure::SangongBudget,
        MainFigure::SangongActual,
        MainFigure::Staff,
        MainFigure::Score,
    ];

    /// The row's label.
    pub fn label(self) -> &'static str {
        match self {
            MainFigure::BudgetInitial => "年初预算数",
            MainFigure::BudgetFull => "全年预算数",
            MainFigure::BudgetExecuted => "预算执行数",
            MainFigure::BudgetCompletion => "预算完成率",
            MainFigure::IncomeTotal => "收入合计",
            MainFigure::ExpenseTotal => "支出合计",
            MainFigure::SangongBudget => "“三公”经费预算",
            MainFigure::SangongActual => "“三公”经费决算",
            MainFigure::Staff => "实有在职人数",
            MainFigure::Score => "系统计算总分",
        }
    }

    /// The unit the figure is in.
    pub fn unit(self) -> &'static str {
        match self {
            MainFigure::BudgetCompletion => "%",
            MainFigure::Staff => "人",
            MainFigure::Score => "分",
            _ => "万元",
        }
    }

    /// Decimals shown.
    pub fn decimals(self) -> u32 {
        match self {
            MainFigure::Staff => 0,
            _ => 2,
        }
    }

    /// Whether a change is in percentage points (a rate), not a rate of
    /// change.
    pub fn is_rate(self) -> bool {
        matches!(self, MainFigure::BudgetCompletion | MainFigure::Score)
    }

    fn of(self, dept: &Department, card: Option<&Scorecard>) -> Option<Decimal> {
        let summary = || metrics::summary_row(dept);
        match self {
            MainFigure::BudgetInitial => dept.dec(key::BUDGET_INITIAL),
            MainFigure::BudgetFull => metrics::full_year_budget(dept),
            MainFigure::BudgetExecuted => dept.dec(key::BUDGET_EXECUTED),
            MainFigure::BudgetCompletion => metrics::budget_completion(dept),
            MainFigure::IncomeTotal => summary()?.dec(col::INCOME_TOTAL),
            MainFigure::ExpenseTotal => summary()?.dec(col::EXPENSE_TOTAL),
            MainFigure::SangongBudget => metrics::sangong_total(dept, SangongPart::Budget),
            MainFigure::SangongActual => metrics::sangong_total(dept, SangongPart::Actual),
            MainFigure::Staff => dept.dec(key::STAFF_ACTUAL),
            MainFigure::Score => card?
                .department
                .as_ref()
                .filter(|d| d.standing == Standing::Complete)
                .map(|d| d.total),
        }
    }
}

impl LastYear {
    /// What is kept of a department workbook read from `source`; `None`
    /// for a project workbook (its projects are not compared).
    pub fn of(source: &str, dept: &Department, card: Option<&Scorecard>) -> Option<LastYear> {
        if dept.kind != WorkbookKind::Department {
            return None;
        }
        let sangong = SANGONG
            .iter()
            .flat_map(|kind| [kind.budget, kind.actual])
            .filter_map(|k| Some((k.as_str(), dept.dec(k)?)))
            .collect();
        let balances = dept
            .rows(&TBL_FINANCE)
            .iter()
            .filter_map(|row| {
                Some((
                    name_key(row.text(col::UNIT).unwrap_or_default()),
                    row.dec(col::BALANCE_TOTAL)?,
                ))
            })
            .collect();
        let department = card.and_then(|c| c.department.as_ref());
        let lost = department
            .map(|d| {
                d.indicators
                    .iter()
                    .filter_map(|i| {
                        let system = i.system?;
                        (system < i.points)
                            .then(|| (name_key(&i.name), i.name.clone(), i.points, system))
                    })
                    .collect()
            })
            .unwrap_or_default();
        Some(LastYear {
            source: source.to_string(),
            year: dept.int(key::YEAR),
            unit: dept.text(key::UNIT_NAME).map(str::to_string),
            unit_code: dept.text(key::UNIT_CODE).map(str::to_string),
            fill_date: dept.date(key::FILL_DATE),
            sangong,
            balances,
            figures: MainFigure::ALL
                .iter()
                .map(|&f| (f, f.of(dept, card)))
                .collect(),
            score: MainFigure::Score.of(dept, card),
            grade: department.and_then(|d| d.grade.clone()),
            lost,
            problems: dept
                .rows(&TBL_PROBLEMS)
                .iter()
                .filter_map(|r| r.text(col::TEXT).map(str::to_string))
                .collect(),
        })
    }

    /// The year, as the report names it: “2021年”, or “上年”.
    pub fn year_text(&self) -> String {
        self.year
            .map_or_else(|| "上年".to_string(), |y| format!("{y}年"))
    }
}

/// Last year's submissions, found by unit: `--previous`.
#[derive(Debug, Clone, Default)]
pub struct PriorYears {
    records: Vec<Arc<LastYear>>,
    /// The records by their unit's code, as [`code_key`].
    by_code: HashMap<String, Vec<usize>>,
    /// The records by their unit's name, as [`identity_key`].
    by_name: HashMap<String, Vec<usize>>,
    /// A hash of every record's source and content: outputs made with one
    /// set of last year's submissions are not current for another.
    pub fingerprint: String,
}

/// A unit code as compared: its [`identity_key`], `None` when blank.
fn code_key(code: Option<&str>) -> Option<String> {
    code.map(identity_key).filter(|c| !c.is_empty())
}

impl PriorYears {
    /// The index of `records`; `fingerprint` says what they were read from.
    pub fn new(records: Vec<LastYear>, fingerprint: String) -> Self {
        let mut by_code: HashMap<String, Vec<usize>> = HashMap::new();
        let mut by_name: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, r) in records.iter().enumerate() {
            if let Some(code) = code_key(r.unit_code.as_deref()) {
                by_code.entry(code).or_default().push(i);
            }
            if let Some(name) = r.unit.as_deref().map(identity_key) {
                by_name.entry(name).or_default().push(i);
            }
        }
        PriorYears {
            records: records.into_iter().map(Arc::new).collect(),
            by_code,
            by_name,
            fingerprint,
        }
    }

    /// How many submissions were read.
    pub fn len(&self) -> usize {
        self.records.len()
    }

    /// Whether none was.
    pub fn is_empty(&self) -> bool {
        self.records.is_empty()
    }

    /// Last year's submission of the unit of `dept`: matched by 单位代码
    /// when this year's workbook gives one, else by name (as supersession
    /// matches them; a record with another code is another unit); of a
    /// year before this year's, the year before it when there is one, else
    /// the latest; of two of one year, the later 填报日期.
    pub fn find(&self, dept: &Department) -> Option<&Arc<LastYear>> {
        if dept.kind != WorkbookKind::Department {
            return None;
        }
        let code = code_key(dept.text(key::UNIT_CODE));
        let records = |found: &Vec<usize>| -> Vec<&Arc<LastYear>> {
            found.iter().map(|&i| &self.records[i]).collect()
        };
        let candidates = match code.as_ref().and_then(|c| self.by_code.get(c)) {
            Some(found) => records(found),
            None => dept
                .text(key::UNIT_NAME)
                .map(identity_key)
                .and_then(|n| self.by_name.get(&n))
                .map(records)
                .unwrap_or_default()
                .into_iter()
                // Another code is another unit of the same name.
                .filter(|r| match (&code, code_key(r.unit_code.as_deref())) {
                    (Some(a), Some(b)) => *a == b,
                    _ => true,
                })
                .collect(),
        };
        let year = dept.int(key::YEAR);
        let earlier = |r: &&Arc<LastYear>| match (year, r.year) {
            (Some(this), Some(that)) => that < this,
            // A year unknown on either side cannot be placed before.
            _ => year.is_none(),
        };
        candidates.into_iter().filter(earlier).max_by(|a, b| {
            let preferred = |r: &LastYear| year.is_some_and(|y| r.year == Some(y - 1));
            (preferred(a), a.year, a.fill_date, &a.source).cmp(&(
                preferred(b),
                b.year,
                b.fill_date,
                &b.source,
            ))
        })
    }
}

/// A cell this year's workbook left blank, filled from last year's.
#[derive(Debug, Clone, PartialEq)]
pub struct Taken {
    /// The cell, when the workbook has it (an older template may lack the
    /// field: the figure is used all the same).
    pub spot: Option<Spot>,
    /// What was filled in.
    pub value: Value,
}

/// Last year's submission as this year's workbook uses it.
#[derive(Debug, Clone, PartialEq)]
pub struct PriorUse {
    /// Last year's submission.
    pub last: Arc<LastYear>,
    /// The cells filled from it.
    pub taken: Vec<Taken>,
}

/// Fills the blanks of `dept` that last year's submission `last` knows
/// (上年“三公”预算和决算; each 收支情况 row's 上年结转 from last year's
/// 累计结余 of the row of the same 机构名称; last year's problems into an
/// empty 上年问题整改情况 table), and warns where a figure the workbook
/// gives disagrees with last year's by more than `tolerance`. Each filled
/// cell is a `PRIOR-FILLED` note naming the file.
pub fn take(
    dept: &mut Department,
    last: &Arc<LastYear>,
    tolerance: Decimal,
) -> (PriorUse, Vec<Finding>) {
    let mut taken = Vec::new();
    let mut findings = Vec::new();
    let from = format!("{}报送的“{}”", last.year_text(), last.source);
    for kind in SANGONG {
        for (here, there, what) in [
            (kind.prev, kind.actual, "本年决算"),
            (kind.prev_budget, kind.budget, "本年预算"),
        ] {
            let Some(&value) = last.sangong.get(there.as_str()) else {
                continue;
            };
            let label = format!(
                "{}{}",
                kind.name,
                if here == kind.prev {
                    "上年决算"
                } else {
                    "上年预算"
                }
            );
            let entry = dept
                .scalars
                .entry(here.as_str())
                .or_insert_with(Entry::missing);
            fill_or_compare(
                entry,
                value,
                tolerance,
                &Source {
                    from: &from,
                    label: &label,
                    what,
                    field: Some(here),
                    table: None,
                },
                &mut taken,
                &mut findings,
            );
        }
    }
    if let Some(table) = dept.tables.get_mut(TBL_FINANCE.key) {
        let single = table.rows.len() == 1 && last.balances.len() == 1;
        for (i, row) in table.rows.iter_mut().enumerate() {
            let name = name_key(row.text(col::UNIT).unwrap_or_default());
            let found = last
                .balances
                .iter()
                .find(|(n, _)| !n.is_empty() && *n == name)
                // One row each year: the unit itself, however it is named.
                .or_else(|| (single && i == 0).then(|| &last.balances[0]));
            let Some(&(_, value)) = found else {
                continue;
            };
            let unit = row.text(col::UNIT).unwrap_or("汇总").to_string();
            let index = TBL_FINANCE.col(col::CARRYOVER);
            fill_or_compare(
                &mut row.cells[index],
                value,
                tolerance,
                &Source {
                    from: &from,
                    label: &format!("{unit}的上年结转"),
                    what: "年末累计结余",
                    field: None,
                    table: Some(TBL_FINANCE.key),
                },
                &mut taken,
                &mut findings,
            );
        }
    }
    prefill_rectification(dept, last, &from, &mut taken, &mut findings);
    (
        PriorUse {
            last: Arc::clone(last),
            taken,
        },
        findings,
    )
}

/// Where a figure comes from, for the findings about it.
struct Source<'a> {
    from: &'a str,
    label: &'a str,
    what: &'a str,
    field: Option<FieldKey>,
    table: Option<&'static str>,
}

fn fill_or_compare(
    entry: &mut Entry,
    value: Decimal,
    tolerance: Decimal,
    source: &Source<'_>,
    taken: &mut Vec<Taken>,
    findings: &mut Vec<Finding>,
) {
    let locate = |mut f: Finding| {
        if let Some(spot) = &entry.spot {
            f = f.at(spot);
        }
        match (source.field, source.table) {
            (Some(k), _) => f.field(k),
            (None, Some(t)) => f.field(t),
            (None, None) => f,
        }
    };
    match entry.dec() {
        Some(here) if differ(here, value, tolerance) => {
            findings.push(
                locate(Finding::new(
                    Code::PriorMismatch,
                    format!(
                        "{}填 {} 万元，{}中的{}是 {} 万元",
                        source.label,
                        fixed(here, 2),
                        source.from,
                        source.what,
                        fixed(value, 2)
                    ),
                ))
                .expected(fixed(value, 2))
                .found(fixed(here, 2))
                .hint("请核实；上年数据如有调整，请在说明中写明原因"),
            );
        }
        Some(_) => {}
        // Blank: nothing typed (a marker such as “无”, or something
        // unreadable, is the department's answer, left alone).
        None if matches!(entry.raw, CellValue::Empty) && !entry.not_applicable() => {
            entry.value = Some(Value::Dec(value));
            // As if typed: a completed workbook regenerated from the raw
            // cells carries it too.
            entry.raw = CellValue::Number(value.to_f64().unwrap_or_default());
            taken.push(Taken {
                spot: entry.spot.clone(),
                value: Value::Dec(value),
            });
            findings.push(
                locate(Finding::new(
                    Code::PriorFilled,
                    format!(
                        "{}空白，已按{}中的{}填入 {} 万元",
                        source.label,
                        source.from,
                        source.what,
                        fixed(value, 2)
                    ),
                ))
                .expected(fixed(value, 2))
                .found("（空白）")
                .hint("如上年数另有调整，请在本格填写正确的数"),
            );
        }
        None => {}
    }
}

/// Last year's problems into the 上年问题整改情况 table when the workbook
/// has the table and left it empty: one row each, as many as it has room
/// for, so the department writes what was done beside each.
fn prefill_rectification(
    dept: &mut Department,
    last: &LastYear,
    from: &str,
    taken: &mut Vec<Taken>,
    findings: &mut Vec<Finding>,
) {
    let Some(table) = dept.tables.get_mut(TBL_RECTIFICATION.key) else {
        return;
    };
    let Some(area) = &table.area else {
        return;
    };
    if !table.rows.is_empty() || last.problems.is_empty() {
        return;
    }
    let room = area.last_row.saturating_sub(area.first_row) as usize;
    let width = (area.last_col - area.first_col + 1) as usize;
    let problem_col = TBL_RECTIFICATION.col(col::PROBLEM);
    for (i, problem) in last.problems.iter().take(room).enumerate() {
        let sheet_row = area.first_row + 1 + i as u32;
        let cells = TBL_RECTIFICATION
            .columns
            .iter()
            .enumerate()
            .map(|(j, _)| {
                let spot = (j < width)
                    .then(|| Spot::new(area.sheet.clone(), sheet_row, area.first_col + j as u32));
                if j == problem_col {
                    Entry {
                        spot,
                        raw: CellValue::Text(problem.clone()),
                        value: Some(Value::Text(problem.clone())),
                        unreadable: false,
                    }
                } else {
                    Entry {
                        spot,
                        ..Entry::missing()
                    }
                }
            })
            .collect::<Vec<_>>();
        let spot = cells[problem_col].spot.clone();
        taken.push(Taken {
            spot: spot.clone(),
            value: Value::Text(problem.clone()),
        });
        let mut f = Finding::new(
            Code::PriorFilled,
            format!("上年问题整改情况第 {} 行已按{}中的问题填入", i + 1, from),
        )
        .field(TBL_RECTIFICATION.key)
        .hint("请在同一行写明本年的整改落实情况，并选择整改状态");
        if let Some(spot) = &spot {
            f = f.at(spot);
        }
        findings.push(f);
        table.rows.push(Row {
            table: &TBL_RECTIFICATION,
            sheet_row,
            cells,
        });
    }
}

/// After scoring: a problem of last year that is back (a 存在的主要问题
/// close to one of last year's; an indicator that lost points both years),
/// and last year's problems with no 整改情况 where the workbook cannot
/// hold them (an older template without the table).
pub fn compare(dept: &Department, card: Option<&Scorecard>, last: &LastYear) -> Vec<Finding> {
    let mut findings = Vec::new();
    for row in dept.rows(&TBL_PROBLEMS) {
        let Some(text) = row.text(col::TEXT) else {
            continue;
        };
        let Some(before) = last.problems.iter().find(|p| alike(p, text)) else {
            continue;
        };
        let mut f = Finding::new(
            Code::PriorRepeat,
            format!(
                "本年的问题与{}报送的问题“{}”相同或相近",
                last.year_text(),
                clip(before, 40)
            ),
        )
        .field(TBL_PROBLEMS.key)
        .found(clip(text, 40))
        .hint("上年问题没有整改到位：请在“上年问题整改情况”中说明原因，并提出针对性的改进措施");
        if let Some(spot) = row.spot(col::TEXT) {
            f = f.at(spot);
        }
        findings.push(f);
    }
    if let Some(department) = card.and_then(|c| c.department.as_ref()) {
        let rows = dept.rows(&TBL_SCORES);
        for ind in &department.indicators {
            let Some(system) = ind.system.filter(|s| *s < ind.points) else {
                continue;
            };
            let key = name_key(&ind.name);
            let Some((_, _, points, before)) = last.lost.iter().find(|(k, ..)| *k == key) else {
                continue;
            };
            let mut f = Finding::new(
                Code::PriorRepeat,
                format!(
                    "指标“{}”连续两年扣分：{}得 {} 分（满分 {}），本年得 {} 分（满分 {}）",
                    ind.name,
                    last.year_text(),
                    fixed(*before, 2),
                    fixed(*points, 2),
                    fixed(system, 2),
                    fixed(ind.points, 2)
                ),
            )
            .field(TBL_SCORES.key)
            .hint("请分析连续扣分的原因，在改进措施中提出针对性的办法");
            if let Some(spot) = ind
                .rows
                .first()
                .and_then(|&i| rows.get(i))
                .and_then(|r| r.spot(col::SYSTEM_SCORE).or_else(|| r.spot(col::LEVEL3)))
            {
                f = f.at(spot);
            }
            findings.push(f);
        }
    }
    let has_table = dept
        .tables
        .get(TBL_RECTIFICATION.key)
        .is_some_and(|t| t.area.is_some());
    if !has_table && !last.problems.is_empty() {
        findings.push(
            Finding::new(
                Code::RectificationMissing,
                format!(
                    "{}报送了 {} 个问题，本工作簿是没有“上年问题整改情况”表的旧版模板，无法逐条填写整改情况",
                    last.year_text(),
                    last.problems.len()
                ),
            )
            .field(TBL_RECTIFICATION.key)
            .hint("请改用最新的标准模板（jixiao template），逐条填写上年问题的整改情况"),
        );
    }
    findings
}

/// Whether two problems say the same: equal once numbering, punctuation
/// and white space are gone, one containing the other (at least eight
/// characters), or sharing most of their character pairs (Sørensen–Dice
/// of at least 0.6).
fn alike(a: &str, b: &str) -> bool {
    let (a, b) = (core_text(a), core_text(b));
    if a.is_empty() || b.is_empty() {
        return false;
    }
    let shorter = a.chars().count().min(b.chars().count());
    a == b || (shorter >= 8 && (a.contains(&b) || b.contains(&a))) || dice(&a, &b) >= 0.6
}

/// Sørensen–Dice over the pairs of adjacent characters (each pair counted
/// as often as it occurs): 2 × shared ÷ (pairs of a + pairs of b). Written
/// here because `strsim::sorensen_dice` scored 0.29 for two Chinese
/// sentences one character apart.
fn dice(a: &str, b: &str) -> f64 {
    let pairs = |s: &str| {
        let chars: Vec<char> = s.chars().collect();
        let mut counts: HashMap<(char, char), usize> = HashMap::new();
        for w in chars.windows(2) {
            *counts.entry((w[0], w[1])).or_default() += 1;
        }
        (counts, chars.len().saturating_sub(1))
    };
    let ((pa, na), (pb, nb)) = (pairs(a), pairs(b));
    if na + nb == 0 {
        return 0.0;
    }
    let shared: usize = pa
        .iter()
        .map(|(k, n)| (*n).min(pb.get(k).copied().unwrap_or(0)))
        .sum();
    (2 * shared) as f64 / (na + nb) as f64
}

/// A problem's words: NFKC, without a leading number (“1.”, “（一）”,
/// “一是”), punctuation or white space.
fn core_text(s: &str) -> String {
    let s: String = s.nfkc().collect();
    let s = s.trim_start_matches(|c: char| {
        c.is_ascii_digit()
            || "一二三四五六七八九十是、.．)）(（:：".contains(c)
            || c.is_whitespace()
    });
    s.chars().filter(|c| c.is_alphanumeric()).collect()
}

/// At most `n` characters of `s`, with “…” when cut.
fn clip(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        let mut out: String = s.chars().take(n).collect();
        out.push('…');
        out
    }
}

/// One row of the year-on-year table: the figure, last year's, this
/// year's, and the change.
#[derive(Debug, Clone, PartialEq)]
pub struct YearOnYear {
    /// Which figure.
    pub figure: MainFigure,
    /// Last year's value.
    pub last: Option<Decimal>,
    /// This year's value.
    pub this: Option<Decimal>,
}

impl YearOnYear {
    /// This year's less last year's.
    pub fn change(&self) -> Option<Decimal> {
        Some(self.this? - self.last?)
    }

    /// The change over last year's, in percent; `None` for a rate (its
    /// change is in points already) or a zero base.
    pub fn change_rate(&self) -> Option<Decimal> {
        if self.figure.is_rate() {
            return None;
        }
        let last = self.last.filter(|l| !l.is_zero())?;
        metrics::percent(self.change(), Some(last.abs()))
    }
}

/// The main figures of this year beside last year's, the figures either
/// year has.
pub fn year_on_year(
    dept: &Department,
    card: Option<&Scorecard>,
    last: &LastYear,
) -> Vec<YearOnYear> {
    last.figures
        .iter()
        .map(|&(figure, before)| YearOnYear {
            figure,
            last: before,
            this: figure.of(dept, card),
        })
        .filter(|r| r.last.is_some() || r.this.is_some())
        .collect()
}

#[cfg(test)]
mod tests;
