//! A project in the report: the scored 项目支出绩效自评表 ([`ProjectTable`])
//! that the department report's appendix shows for each of its projects
//! and the project report shows for its one, built here by one function;
//! and the project report itself ([`ProjectReportView`]), in the outline
//! of the 自评报告提纲 (财预〔2020〕10号). It states only what the workbook
//! and the scoring give: the workbook has no cell for how the project was
//! organised, and the report says so instead of writing it.

use rust_decimal::Decimal;

use crate::check::FileReport;
use crate::contract::fields::{ColumnId, TBL_PROJECT_INDICATORS, TBL_PROJECTS, col, key};
use crate::contract::finding::{Code, Severity};
use crate::contract::number::{fixed, percent_text};
use crate::ingest::model::{Department, Row};
use crate::report::view::cells::row_text;
use crate::report::view::model::StatusView;
use crate::report::view::model::{
    CellRef, FundsRow, Item, ProjectIndicator, ProjectReportView, ProjectTable, ProjectUnitView,
    Source,
};
use crate::report::view::prose;
use crate::report::view::trace::{
    Trace, traced_amount, traced_row_text, traced_text, traced_year_and_fill_date,
};
use crate::rules::metrics;
use crate::rules::score::{ProjectIndicatorScore, ProjectScore, name_key};

/// 预算执行率 of a project row: 全年执行数 ÷ 全年预算数.
pub(super) fn execution_rate_source(r: &Row) -> Source {
    rate_source(r, col::EXECUTED, col::BUDGET_FULL)
}

/// A rate of a row's two cells: executed ÷ budget.
fn rate_source(r: &Row, executed: ColumnId, full: ColumnId) -> Source {
    Source::formula(
        "全年执行数 ÷ 全年预算数 × 100%",
        vec![CellRef::column(r, executed), CellRef::column(r, full)],
    )
}

/// The project table's rows with their names as [`name_key`]s, made once.
pub(super) struct ProjectRows<'a> {
    rows: &'a [Row],
    names: Vec<Option<String>>,
}

impl<'a> ProjectRows<'a> {
    pub(super) fn of(dept: &'a Department) -> Self {
        let rows = dept.rows(&TBL_PROJECTS);
        ProjectRows {
            rows,
            names: rows
                .iter()
                .map(|r| r.text(col::NAME).map(name_key))
                .collect(),
        }
    }

    /// The row a scored project came from.
    pub(super) fn find(&self, name: &str) -> Option<&'a Row> {
        let key = name_key(name);
        self.rows
            .iter()
            .zip(&self.names)
            .find(|(_, n)| n.as_deref() == Some(key.as_str()))
            .map(|(r, _)| r)
    }
}

/// The project indicator table's rows with their projects' names as
/// [`name_key`]s, made once.
pub(super) struct IndicatorRows<'a> {
    rows: &'a [Row],
    projects: Vec<Option<String>>,
}

impl<'a> IndicatorRows<'a> {
    pub(super) fn of(dept: &'a Department) -> Self {
        let rows = dept.rows(&TBL_PROJECT_INDICATORS);
        IndicatorRows {
            rows,
            projects: rows
                .iter()
                .map(|r| r.text(col::PROJECT).map(name_key))
                .collect(),
        }
    }

    /// A project's indicator rows, in the table's order: the order in
    /// which the scoring lists its indicators.
    pub(super) fn of_project(&self, name: &str) -> Vec<&'a Row> {
        let key = Some(name_key(name));
        self.rows
            .iter()
            .zip(&self.projects)
            .filter(|(_, n)| **n == key)
            .map(|(r, _)| r)
            .collect()
    }
}

/// A scored project's name, rate, score and self-score, traced.
pub(super) fn trace_project(p: &ProjectScore, row: Option<&Row>, t: &mut Trace, at: &str) {
    if let Some(r) = row {
        t.passage(&p.name, || Source::column(r, col::NAME), at);
        if let Some(rate) = p.execution_rate {
            t.shown(|| percent_text(rate, 2), || execution_rate_source(r), at);
        }
    }
    let inputs = || {
        row.map(|r| {
            vec![
                CellRef::column(r, col::EXECUTED),
                CellRef::column(r, col::BUDGET_FULL),
            ]
        })
        .unwrap_or_default()
    };
    t.shown(
        || fixed(p.total, 2),
        || Source::Scoring {
            indicator: p.name.clone(),
            rule: "预算执行率得分 + 各指标系统得分（无系统得分的用自评得分）".to_string(),
            inputs: inputs(),
        },
        at,
    );
    t.shown(
        || fixed(p.execution_score, 2),
        || Source::Scoring {
            indicator: p.name.clone(),
            rule: "预算执行率的分值 × min(预算执行率, 100%)".to_string(),
            inputs: inputs(),
        },
        at,
    );
    if let Some(s) = p.self_score() {
        let source = || match (p.stated_self, row) {
            (Some(_), Some(r)) => Source::column(r, col::SELF_SCORE),
            _ => Source::Scoring {
                indicator: p.name.clone(),
                rule: "预算执行率得分 + 各指标自评得分".to_string(),
                inputs: Vec::new(),
            },
        };
        t.shown(|| fixed(s, 2), source, at);
    }
}

/// The source of a project indicator's system score.
fn indicator_scoring(p: &ProjectScore, i: &ProjectIndicatorScore, r: Option<&Row>) -> Source {
    Source::Scoring {
        indicator: format!("{}：{}", p.name, i.level3),
        rule: i.explain.clone(),
        inputs: r
            .map(|r| {
                vec![
                    CellRef::column(r, col::TARGET),
                    CellRef::column(r, col::ACTUAL),
                ]
            })
            .unwrap_or_default(),
    }
}

/// 项目资金: the 年度资金总额 and each source the workbook gives a figure
/// of, with their 执行率, traced.
fn funds(p: &ProjectScore, row: Option<&Row>, t: &mut Trace, at: &str) -> Vec<FundsRow> {
    let Some(r) = row else {
        return Vec::new();
    };
    let lines: [(&str, bool, [ColumnId; 3]); 4] = [
        (
            "年度资金总额",
            false,
            [col::BUDGET_INITIAL, col::BUDGET_FULL, col::EXECUTED],
        ),
        (
            "当年财政拨款",
            true,
            [col::FISCAL_INITIAL, col::FISCAL_FULL, col::FISCAL_EXECUTED],
        ),
        (
            "上年结转资金",
            true,
            [col::CARRY_INITIAL, col::CARRY_FULL, col::CARRY_EXECUTED],
        ),
        (
            "其他资金",
            true,
            [col::OTHER_INITIAL, col::OTHER_FULL, col::OTHER_EXECUTED],
        ),
    ];
    lines
        .into_iter()
        .filter(|(_, part, ids)| !part || ids.iter().any(|id| r.dec(*id).is_some()))
        .map(|(name, part, [initial, full, executed])| {
            let initial = traced_amount(r, initial, t, at);
            let full_v = traced_amount(r, full, t, at);
            let executed_v = traced_amount(r, executed, t, at);
            let rate = if part {
                metrics::percent(executed_v, full_v)
            } else {
                p.execution_rate
            };
            if let Some(rate) = rate {
                t.shown(
                    || percent_text(rate, 2),
                    || rate_source(r, executed, full),
                    at,
                );
            }
            FundsRow {
                name: name.to_string(),
                part,
                initial,
                full: full_v,
                executed: executed_v,
                rate,
            }
        })
        .collect()
}

/// What the report says of a project's total: the score and its 等次, or,
/// when the points do not add up, a computed figure with no 等次.
fn headline(p: &ProjectScore) -> String {
    match (&p.grade, p.valid) {
        (Some(grade), true) => format!("系统计算得分 {} 分，等次 {grade}", fixed(p.total, 2)),
        _ => format!("计算值 {}（权重不符），不评定等次", fixed(p.total, 2)),
    }
}

/// One project's 项目支出绩效自评表, scored, with every figure traced at
/// `at`: the one function that makes a project's table and its indicator
/// rows, for the department report's appendix and for the project report.
/// `rows` are the project's indicator rows, in the scoring's order.
pub(super) fn project_table(
    p: &ProjectScore,
    row: Option<&Row>,
    rows: &[&Row],
    tolerance: Decimal,
    t: &mut Trace,
    at: &str,
) -> ProjectTable {
    trace_project(p, row, t, at);
    let funds = funds(p, row, t, at);
    let indicators = p
        .indicators
        .iter()
        .enumerate()
        .map(|(n, i)| {
            let r = rows.get(n).copied();
            if let Some(r) = r.filter(|_| t.is_on()) {
                for id in [
                    col::LEVEL1,
                    col::LEVEL2,
                    col::LEVEL3,
                    col::TARGET,
                    col::ACTUAL,
                ] {
                    traced_row_text(r, id, t, at);
                }
                traced_amount(r, col::POINTS, t, at);
                traced_amount(r, col::SELF_SCORE, t, at);
            }
            if let Some(s) = i.system {
                t.shown(|| fixed(s, 2), || indicator_scoring(p, i, r), at);
            }
            t.passage(&i.explain, || indicator_scoring(p, i, r), at);
            ProjectIndicator {
                level1: i.level1.clone(),
                level2: i.level2.clone(),
                level3: i.level3.clone(),
                target: i.target.clone(),
                actual: i.actual.clone(),
                // The row's 分值 as given: a blank is not 0.
                points: r.and_then(|r| r.dec(col::POINTS)),
                score: i.system,
                self_score: i.self_score,
                deviation: r.and_then(|r| traced_row_text(r, col::DEVIATION, t, at)),
                explain: i.explain.clone(),
                lost: i.system.is_some_and(|s| s < i.points),
                differs: i
                    .system
                    .is_some_and(|s| prose::differs(i.self_score, s, tolerance)),
                not_applicable: i.not_applicable,
            }
        })
        .collect();
    let execution_self = row.and_then(|r| traced_amount(r, col::EXECUTION_SELF, t, at));
    ProjectTable {
        name: p.name.clone(),
        supervisor: row.and_then(|r| traced_row_text(r, col::SUPERVISOR, t, at)),
        implementer: row.and_then(|r| traced_row_text(r, col::IMPLEMENTER, t, at)),
        budget_initial: row.and_then(|r| r.dec(col::BUDGET_INITIAL)),
        budget_full: p.budget_full,
        executed: p.executed,
        rate: p.execution_rate,
        execution_score: p.execution_score,
        execution_self,
        execution_differs: prose::differs(execution_self, p.execution_score, tolerance),
        funds,
        goal: row.and_then(|r| traced_row_text(r, col::GOAL, t, at)),
        done: row.and_then(|r| traced_row_text(r, col::DONE, t, at)),
        indicators,
        score: p.total,
        valid: p.valid,
        self_score: p.self_score(),
        grade: p.grade_text().to_string(),
        self_grade: row.and_then(|r| traced_row_text(r, col::SELF_GRADE, t, at)),
        headline: headline(p),
    }
}

/// The report of a project workbook, with its figures traced when `t` is
/// on, after what every report opens with: the check's outcome, the
/// program and the file.
pub(super) fn build(
    report: &FileReport,
    (status, generator, file): (StatusView, String, String),
    mut t: Trace,
) -> Option<ProjectReportView> {
    let dept = report.department.as_ref()?;
    let unit = unit(dept, &mut t);
    let score = report.score.as_ref().and_then(|c| c.projects.first());
    let project_rows = ProjectRows::of(dept);
    let scored = score.map(|p| {
        let row = project_rows.find(&p.name);
        let rows = IndicatorRows::of(dept).of_project(&p.name);
        (p, row, rows)
    });
    let project = scored
        .as_ref()
        .map(|(p, row, rows)| project_table(p, *row, rows, report.tolerance, &mut t, "project"));
    let (funds_sentence, execution_sentence, indicators_sentence) = match &scored {
        Some((p, row, _)) => (
            funds_sentence(p, *row, &mut t),
            Some(execution_sentence(p, *row, report.tolerance, &mut t)),
            indicators_sentence(p, &mut t),
        ),
        None => (None, None, None),
    };
    let (deviations, measures) = match &scored {
        Some((p, row, rows)) => deviations_and_measures(p, *row, rows, &mut t),
        None => (Vec::new(), Vec::new()),
    };
    let other = other(report, &mut t);
    Some(ProjectReportView {
        kind: "project",
        public: false,
        generator,
        file,
        status,
        unit,
        project,
        funds_sentence,
        execution_sentence,
        indicators_sentence,
        deviations,
        measures,
        other,
        figures: t.into_figures(),
        revision: report
            .revision
            .as_ref()
            .map(crate::report::view::model::RevisionView::of),
        redactor: Default::default(),
    })
}

fn unit(dept: &Department, t: &mut Trace) -> ProjectUnitView {
    let (year, fill_date) = traced_year_and_fill_date(dept, t);
    ProjectUnitView {
        name: traced_text(dept, key::UNIT_NAME, t, "unit.name").unwrap_or_default(),
        year: year.unwrap_or_default(),
        fill_date,
        contact_name: traced_text(dept, key::CONTACT_NAME, t, "unit.contact_name"),
        contact_phone: traced_text(dept, key::CONTACT_PHONE, t, "unit.contact_phone"),
    }
}

/// An amount of a project row in 万元, traced to its cell.
fn amount(r: Option<&Row>, id: ColumnId, t: &mut Trace, at: &str) -> Option<String> {
    let r = r?;
    let v = r.dec(id)?;
    Some(t.amount(v, || Source::column(r, id), at))
}

/// 二: the budget, what was spent and the 预算执行率 with its arithmetic;
/// each source's figures when the workbook gives them.
fn funds_sentence(p: &ProjectScore, row: Option<&Row>, t: &mut Trace) -> Option<String> {
    let at = "funds_sentence";
    let r = row?;
    let full = amount(row, col::BUDGET_FULL, t, at);
    let executed = amount(row, col::EXECUTED, t, at);
    let initial = amount(row, col::BUDGET_INITIAL, t, at);
    let mut s = String::new();
    if let Some(initial) = &initial {
        s.push_str(&format!("年初预算数{initial}万元，"));
    }
    s.push_str(&match &full {
        Some(full) => format!("全年预算数{full}万元，"),
        None => "全年预算数未填报，".to_string(),
    });
    s.push_str(&match &executed {
        Some(executed) => format!("全年执行数{executed}万元"),
        None => "全年执行数未填报".to_string(),
    });
    match (p.execution_rate, &full, &executed) {
        (Some(rate), Some(full), Some(executed)) => {
            let rate = t.percent(rate, || execution_rate_source(r), at);
            s.push_str(&format!(
                "；预算执行率 = 全年执行数 ÷ 全年预算数 = {executed} ÷ {full} = {rate}。"
            ));
        }
        (None, Some(_), Some(_)) => s.push_str("；全年预算数为0，未计算预算执行率。"),
        _ => s.push_str("，未计算预算执行率。"),
    }
    let sources = [
        ("当年财政拨款", col::FISCAL_FULL, col::FISCAL_EXECUTED),
        ("上年结转资金", col::CARRY_FULL, col::CARRY_EXECUTED),
        ("其他资金", col::OTHER_FULL, col::OTHER_EXECUTED),
    ];
    let parts: Vec<String> = sources
        .into_iter()
        .filter(|(_, f, e)| r.dec(*f).is_some() || r.dec(*e).is_some())
        .map(|(name, f, e)| {
            let full = amount(row, f, t, at);
            let executed = amount(row, e, t, at);
            let rate = metrics::percent(r.dec(e), r.dec(f))
                .map(|rate| t.percent(rate, || rate_source(r, e, f), at));
            let mut part = format!(
                "{name}全年预算{}、执行{}",
                full.map_or("未填报".to_string(), |v| format!("{v}万元")),
                executed.map_or("未填报".to_string(), |v| format!("{v}万元")),
            );
            if let Some(rate) = rate {
                part.push_str(&format!("，执行率{rate}"));
            }
            part
        })
        .collect();
    if !parts.is_empty() {
        s.push_str(&format!("其中{}。", parts.join("；")));
    }
    Some(s)
}

/// 二: the 预算执行率's 得分, as computed and as the department stated it.
fn execution_sentence(
    p: &ProjectScore,
    row: Option<&Row>,
    tolerance: Decimal,
    t: &mut Trace,
) -> String {
    let at = "execution_sentence";
    let inputs = || {
        row.map(|r| {
            vec![
                CellRef::column(r, col::EXECUTED),
                CellRef::column(r, col::BUDGET_FULL),
            ]
        })
        .unwrap_or_default()
    };
    let computed = t.number(
        p.execution_score,
        2,
        || Source::Scoring {
            indicator: p.name.clone(),
            rule: "预算执行率的分值 × min(预算执行率, 100%)".to_string(),
            inputs: inputs(),
        },
        at,
    );
    let points = t.number(
        p.execution_points,
        2,
        || Source::Scoring {
            indicator: p.name.clone(),
            rule: "评价框架规定的预算执行率分值".to_string(),
            inputs: Vec::new(),
        },
        at,
    );
    let mut s = if p.execution_rate.is_some() {
        format!(
            "预算执行率得分按“分值 × 预算执行率”计算（分值{points}分，执行率超过全额的按全额计），系统计算得分{computed}分"
        )
    } else {
        format!("未计算预算执行率，预算执行率得分按{computed}分计入总分")
    };
    let stated = row.and_then(|r| {
        let v = r.dec(col::EXECUTION_SELF)?;
        Some((
            v,
            t.number(v, 2, || Source::column(r, col::EXECUTION_SELF), at),
        ))
    });
    s.push_str(&match stated {
        Some((v, text)) if prose::differs(Some(v), p.execution_score, tolerance) => {
            format!("；单位自评{text}分，与系统计算不一致。")
        }
        Some((_, text)) => format!("；单位自评{text}分，与系统计算一致。"),
        None => "；单位未填写预算执行率得分。".to_string(),
    });
    s
}

/// 四: how many indicators were met, missed, could not be judged, or do
/// not apply.
fn indicators_sentence(p: &ProjectScore, t: &mut Trace) -> Option<String> {
    if p.indicators.is_empty() {
        return None;
    }
    let at = "indicators_sentence";
    let count = |t: &mut Trace, n: usize, rule: &str| {
        t.count(
            n,
            || Source::Scoring {
                indicator: p.name.clone(),
                rule: rule.to_string(),
                inputs: Vec::new(),
            },
            at,
        )
    };
    let applicable = || p.indicators.iter().filter(|i| !i.not_applicable);
    let total = count(t, p.indicators.len(), "三级指标的个数");
    let mut parts = Vec::new();
    for (n, what, rule) in [
        (
            applicable().filter(|i| i.met == Some(true)).count(),
            "达到年度指标值",
            "实际完成值达到年度指标值的指标个数",
        ),
        (
            applicable().filter(|i| i.met == Some(false)).count(),
            "未达到年度指标值",
            "实际完成值未达到年度指标值的指标个数",
        ),
        (
            applicable().filter(|i| i.met.is_none()).count(),
            "无法判断是否达到",
            "无法判断是否达到年度指标值的指标个数",
        ),
        (
            p.indicators.iter().filter(|i| i.not_applicable).count(),
            "填为不适用",
            "填为不适用的指标个数",
        ),
    ] {
        if n > 0 {
            let n = count(t, n, rule);
            parts.push(format!("{what}的{n}项"));
        }
    }
    let mut s = format!("项目共设三级指标{total}项，其中{}", parts.join("，"));
    let lost = applicable()
        .filter(|i| i.system.is_some_and(|s| s < i.points))
        .count();
    let unscorable = applicable().filter(|i| i.system.is_none()).count();
    if lost > 0 {
        let n = count(t, lost, "系统得分低于分值的指标个数");
        s.push_str(&format!("；系统计分扣分的{n}项"));
    }
    if unscorable > 0 {
        let n = count(t, unscorable, "无法计分的指标个数");
        s.push_str(&format!("；无法计分的{n}项"));
    }
    s.push('。');
    Some(s)
}

/// 五 and 六: each indicator that missed its target or lost points, with
/// the department's 偏差原因; the 预算执行率 below 100%; points that do
/// not add up. And the department's own 偏差原因分析及改进措施, by
/// indicator: the report adds no measure of its own.
fn deviations_and_measures(
    p: &ProjectScore,
    row: Option<&Row>,
    rows: &[&Row],
    t: &mut Trace,
) -> (Vec<Item>, Vec<Item>) {
    let at = "deviations";
    let mut deviations = Vec::new();
    let mut measures = Vec::new();
    for (n, i) in p.indicators.iter().enumerate() {
        if i.not_applicable {
            continue;
        }
        let r = rows.get(n).copied();
        let reason = r.and_then(|r| row_text(r, col::DEVIATION));
        let lost = i.system.is_some_and(|s| s < i.points);
        let deducted = i.self_score.is_some_and(|s| s < i.points);
        if i.met == Some(false) || lost || deducted {
            let mut text = format!("“{}”", i.level3);
            if let Some(r) = r {
                let target = row_text(r, col::TARGET);
                let actual = row_text(r, col::ACTUAL);
                for (v, id) in [(&target, col::TARGET), (&actual, col::ACTUAL)] {
                    if let Some(v) = v {
                        t.passage(v, || Source::column(r, id), at);
                    }
                }
                let quoted = |v: &Option<String>| {
                    v.as_deref()
                        .map_or("未填写".to_string(), |v| format!("“{v}”"))
                };
                text.push_str(&format!(
                    "（年度指标值{}，实际完成值{}）",
                    quoted(&target),
                    quoted(&actual)
                ));
            }
            let source = || indicator_scoring(p, i, r);
            t.passage(&i.explain, source, at);
            text.push_str(&format!("：{}", i.explain.trim_end_matches('。')));
            let points = t.number(i.points, 2, source, at);
            if let Some(s) = i.system {
                let s = t.number(s, 2, source, at);
                text.push_str(&format!("；分值{points}分，系统得分{s}分"));
            } else {
                text.push_str(&format!("；分值{points}分，无法计分"));
            }
            if let (Some(s), Some(r)) = (i.self_score, r) {
                let s = t.number(s, 2, || Source::column(r, col::SELF_SCORE), at);
                text.push_str(&format!("，单位自评{s}分"));
            }
            match (&reason, r) {
                (Some(reason), Some(r)) => {
                    t.passage(reason, || Source::column(r, col::DEVIATION), at);
                    text.push_str(&format!("。偏差原因：{}", reason.trim_end_matches('。')));
                }
                _ => text.push_str("。单位未写偏差原因"),
            }
            text.push('。');
            deviations.push(Item {
                text,
                derived: true,
                from_check: false,
            });
        }
        if let (Some(reason), Some(r)) = (reason, r) {
            t.passage(&reason, || Source::column(r, col::DEVIATION), "measures");
            measures.push(Item {
                text: format!("{}：{reason}", i.level3),
                derived: false,
                from_check: false,
            });
        }
    }
    if let (Some(rate), Some(r)) = (p.execution_rate.filter(|r| *r < Decimal::ONE_HUNDRED), row) {
        let rate = t.percent(rate, || execution_rate_source(r), at);
        let unspent = match (p.budget_full, p.executed) {
            (Some(full), Some(executed)) => {
                let v = t.amount(
                    full - executed,
                    || {
                        Source::formula(
                            "全年预算数 − 全年执行数",
                            vec![
                                CellRef::column(r, col::BUDGET_FULL),
                                CellRef::column(r, col::EXECUTED),
                            ],
                        )
                    },
                    at,
                );
                format!("，{v}万元未执行")
            }
            _ => String::new(),
        };
        deviations.push(Item {
            text: format!("预算执行率为{rate}{unspent}。"),
            derived: true,
            from_check: false,
        });
    }
    if !p.valid && !p.indicators.iter().all(|i| i.not_applicable) {
        deviations.push(Item {
            text: "各指标分值与预算执行率分值之和不等于满分（见“七、其他需要说明的问题”），总分只是计算值，不评定等次。".to_string(),
            derived: true,
            from_check: false,
        });
    }
    (deviations, measures)
}

/// 七: the check's errors and warnings, one line per kind: its title, how
/// many, and the first one's message.
fn other(report: &FileReport, t: &mut Trace) -> Vec<Item> {
    let at = "other";
    let mut kinds: Vec<(Code, usize, usize)> = Vec::new();
    for (n, f) in report.findings.iter().enumerate() {
        if f.severity == Severity::Note {
            continue;
        }
        match kinds.iter_mut().find(|(c, _, _)| *c == f.code) {
            Some((_, count, _)) => *count += 1,
            None => kinds.push((f.code, 1, n)),
        }
    }
    // Errors first, then warnings, each in the order found.
    kinds.sort_by_key(|(c, _, _)| c.severity() != Severity::Error);
    kinds
        .into_iter()
        .map(|(code, n, first)| {
            let f = &report.findings[first];
            let cells = || match (&f.sheet, &f.cell) {
                (Some(sheet), Some(cell)) => vec![CellRef {
                    sheet: sheet.clone(),
                    cell: cell.clone(),
                    key: f.field.clone().unwrap_or_default(),
                }],
                _ => Vec::new(),
            };
            let kind = if code.severity() == Severity::Error {
                "错误"
            } else {
                "警告"
            };
            let more = if n > 1 {
                let n = t.count(
                    n,
                    || Source::Check {
                        what: format!("{} 的处数", code.id()),
                        cells: Vec::new(),
                    },
                    at,
                );
                format!("（共{n}处，举其一）")
            } else {
                String::new()
            };
            let location = f.location();
            let location = if location.is_empty() {
                String::new()
            } else {
                format!("（{location}）")
            };
            let text = format!(
                "【{kind}】{}{more}：{}{location}。",
                code.info().title,
                f.message.trim_end_matches('。')
            );
            t.passage(
                &text,
                || Source::Check {
                    what: code.id().to_string(),
                    cells: cells(),
                },
                at,
            );
            Item {
                text,
                derived: true,
                from_check: true,
            }
        })
        .collect()
}
