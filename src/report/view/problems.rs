//! The problems and measures of the report (sections 五 and 六): the
//! department's own, then those jixiao derives from the points the scoring
//! took off and from the errors the check found, marked as derived so that
//! a reader can tell them from the department's words.

use rust_decimal::Decimal;

use crate::contract::fields::{TBL_MEASURES, TBL_PROBLEMS, TBL_PROJECTS, Table, col};
use crate::contract::finding::{Code, Finding, Severity};
use crate::ingest::model::Department;
use crate::report::view::cells::row_text;
use crate::report::view::model::{CellRef, Item, Source};
use crate::report::view::trace::{Trace, scoring};
use crate::rules::score::{DepartmentScore, IndicatorScore, Scorecard, name_key};

/// The department's own problems and measures, then those jixiao derives
/// from lost points and from the findings, marked as derived.
pub(super) fn problems_and_measures(
    dept: &Department,
    card: Option<&Scorecard>,
    findings: &[Finding],
    t: &mut Trace,
) -> (Vec<Item>, Vec<Item>) {
    let mut own = |table: &Table, at: &str| -> Vec<Item> {
        dept.rows(table)
            .iter()
            .filter_map(|r| {
                let text = row_text(r, col::TEXT)?;
                t.passage(&text, || Source::column(r, col::TEXT), at);
                Some(Item {
                    text,
                    derived: false,
                    from_check: false,
                })
            })
            .collect()
    };
    let mut problems = own(&TBL_PROBLEMS, "problems");
    let mut measures = own(&TBL_MEASURES, "measures");
    let add = |list: &mut Vec<Item>, text: String, from_check: bool| {
        if !list.iter().any(|i| i.text == text) {
            list.push(Item {
                text,
                derived: true,
                from_check,
            });
        }
    };
    let push = |list: &mut Vec<Item>, text: String| add(list, text, false);
    if let Some((card, department)) = card.and_then(|c| Some((c, c.department.as_ref()?))) {
        // Indicators that could not be scored for want of a self-score: one
        // problem for all of them (scoring gives them no framework problem).
        // Those that lack data say so in 四、绩效自评结果, not here: a gap in
        // the workbook is not a finding about the spending.
        let unscored: Vec<&str> = department
            .indicators
            .iter()
            .filter(|i| i.unscorable() && i.self_score.is_none())
            .map(|i| i.name.as_str())
            .collect();
        for (i, score) in department
            .indicators
            .iter()
            .filter_map(|i| Some((i, i.system.filter(|s| *s < i.points)?)))
        {
            push(&mut problems, lost_problem(dept, department, i, score, t));
            if let Some(m) = &i.measure {
                t.passage(m, || framework(department, &i.name, "改进措施"), "measures");
                push(&mut measures, m.clone());
            }
        }
        if !unscored.is_empty() {
            let n = t.count(
                unscored.len(),
                || Source::Scoring {
                    indicator: "部门整体支出".to_string(),
                    rule: "评分表中未填写自评得分、无法计分的指标个数".to_string(),
                    inputs: Vec::new(),
                },
                "problems",
            );
            push(
                &mut problems,
                format!(
                    "评分表中{n}项指标未填写自评得分（{}），无法计分，绩效自评工作不够完整。",
                    unscored.join("、")
                ),
            );
            push(
                &mut measures,
                "对照评价框架逐项开展自评，如实填写自评得分，低于满分的写明扣分原因。".to_string(),
            );
        }
        let rows = dept.rows(&TBL_PROJECTS);
        for p in &card.projects {
            if let Some(rate) = p.execution_rate.filter(|r| *r < Decimal::ONE_HUNDRED) {
                let cells = || {
                    let key = name_key(&p.name);
                    rows.iter()
                        .find(|r| r.text(col::NAME).map(name_key).as_deref() == Some(key.as_str()))
                        .map(|r| {
                            vec![
                                CellRef::column(r, col::EXECUTED),
                                CellRef::column(r, col::BUDGET_FULL),
                            ]
                        })
                        .unwrap_or_default()
                };
                let rate = t.percent(
                    rate,
                    || Source::formula("全年执行数 ÷ 全年预算数 × 100%", cells()),
                    "problems",
                );
                push(
                    &mut problems,
                    format!("项目“{}”预算执行率为{rate}，未全部执行。", p.name),
                );
            }
        }
    }
    // Findings, one line per kind of problem: what the published figures
    // cannot be trusted for. Errors, and the texts' numbers the tables
    // contradict (a warning, since the text may speak of another scope,
    // but a problem of the material as submitted).
    let mut kinds: Vec<(Code, usize, &Finding)> = Vec::new();
    let reported =
        |f: &&Finding| f.severity == Severity::Error || f.code == Code::TextNumberMismatch;
    for f in findings.iter().filter(reported) {
        match kinds.iter_mut().find(|(c, _, _)| *c == f.code) {
            Some((_, n, _)) => *n += 1,
            None => kinds.push((f.code, 1, f)),
        }
    }
    for (code, n, first) in &kinds {
        let what = code.info().id;
        let more = if *n > 1 {
            let n = t.count(
                n,
                || Source::Check {
                    what: format!("{what} 的处数"),
                    cells: Vec::new(),
                },
                "problems",
            );
            format!("等{n}处")
        } else {
            String::new()
        };
        let cells = match (&first.sheet, &first.cell) {
            (Some(sheet), Some(cell)) => vec![CellRef {
                sheet: sheet.clone(),
                cell: cell.clone(),
                key: first.field.clone().unwrap_or_default(),
            }],
            _ => Vec::new(),
        };
        t.passage(
            &format!("{}：{}", code.info().title, first.message),
            || Source::Check {
                what: what.to_string(),
                cells,
            },
            "problems",
        );
        add(
            &mut problems,
            format!(
                "自评材料{}{more}：{}。",
                code.info().title,
                first.message.trim_end_matches('。')
            ),
            true,
        );
    }
    let (mismatches, errors): (Vec<_>, Vec<_>) = kinds
        .iter()
        .partition(|(c, _, _)| *c == Code::TextNumberMismatch);
    if let Some((_, n, _)) = mismatches.first() {
        let n = t.count(
            *n,
            || Source::Check {
                what: "文字中与表格不符的数字个数".to_string(),
                cells: Vec::new(),
            },
            "measures",
        );
        add(
            &mut measures,
            format!(
                "逐处核对说明文字中与报表不符的{n}个数字，以报表为准改正文字或报表，确保报告数字与报表一致。"
            ),
            true,
        );
    }
    if !errors.is_empty() {
        let errors: usize = errors.iter().map(|(_, n, _)| n).sum();
        let errors = t.count(
            errors,
            || Source::Check {
                what: "错误数".to_string(),
                cells: Vec::new(),
            },
            "measures",
        );
        add(
            &mut measures,
            format!(
                "加强绩效自评数据审核：逐项更正校验发现的{errors}处填报错误，确保报表勾稽一致、报告数字与报表一致。"
            ),
            true,
        );
    }
    (problems, measures)
}

/// The framework as the source of an indicator's sentence.
fn framework(d: &DepartmentScore, indicator: &str, what: &str) -> Source {
    Source::Framework {
        framework: d.framework_name.clone(),
        item: format!("{indicator}的{what}"),
    }
}

fn lost_problem(
    dept: &Department,
    d: &DepartmentScore,
    i: &IndicatorScore,
    score: Decimal,
    t: &mut Trace,
) -> String {
    let lost = t.number(i.points - score, 2, || scoring(dept, i), "problems");
    match &i.problem {
        Some(p) => {
            t.passage(p, || framework(d, &i.name, "问题"), "problems");
            format!("{}（扣{lost}分）：{}", i.name, p.trim_end_matches('。')) + "。"
        }
        None => {
            t.passage(&i.explain, || scoring(dept, i), "problems");
            format!("{}扣{lost}分：{}", i.name, i.explain.trim_end_matches('。')) + "。"
        }
    }
}
