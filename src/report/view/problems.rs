//! The problems and measures of the report (sections 五 and 六): the
//! department's own, then those jixiao derives from the points the scoring
//! took off and from the errors the check found, marked as derived so that
//! a reader can tell them from the department's words.

use rust_decimal::Decimal;

use crate::contract::fields::{TBL_MEASURES, TBL_PROBLEMS, Table, col};
use crate::contract::finding::{Code, Finding, Severity};
use crate::contract::number::fixed;
use crate::ingest::model::Department;
use crate::report::view::cells::row_text;
use crate::report::view::model::Item;
use crate::report::view::prose::pct;
use crate::rules::score::{IndicatorScore, Scorecard};

/// The department's own problems and measures, then those jixiao derives
/// from lost points and from the findings, marked as derived.
pub(super) fn problems_and_measures(
    dept: &Department,
    card: Option<&Scorecard>,
    findings: &[Finding],
) -> (Vec<Item>, Vec<Item>) {
    let own = |table: &Table| -> Vec<Item> {
        dept.rows(table)
            .iter()
            .filter_map(|r| row_text(r, col::TEXT))
            .map(|text| Item {
                text,
                derived: false,
            })
            .collect()
    };
    let mut problems = own(&TBL_PROBLEMS);
    let mut measures = own(&TBL_MEASURES);
    let push = |list: &mut Vec<Item>, text: String| {
        if !list.iter().any(|i| i.text == text) {
            list.push(Item {
                text,
                derived: true,
            });
        }
    };
    if let Some(card) = card {
        // Indicators that could not be scored for want of a self-score: one
        // problem for all of them (scoring gives them no framework problem).
        // Those that lack data say so in 四、绩效自评结果, not here: a gap in
        // the workbook is not a finding about the spending.
        let unscored: Vec<&str> = card
            .department
            .indicators
            .iter()
            .filter(|i| i.unscorable() && i.self_score.is_none())
            .map(|i| i.name.as_str())
            .collect();
        for (i, score) in card
            .department
            .indicators
            .iter()
            .filter_map(|i| Some((i, i.system.filter(|s| *s < i.points)?)))
        {
            push(&mut problems, lost_problem(i, score));
            if let Some(m) = &i.measure {
                push(&mut measures, m.clone());
            }
        }
        if !unscored.is_empty() {
            push(
                &mut problems,
                format!(
                    "评分表中{}项指标未填写自评得分（{}），无法计分，绩效自评工作不够完整。",
                    unscored.len(),
                    unscored.join("、")
                ),
            );
            push(
                &mut measures,
                "对照评价框架逐项开展自评，如实填写自评得分，低于满分的写明扣分原因。".to_string(),
            );
        }
        for p in &card.projects {
            if p.execution_rate.is_some_and(|r| r < Decimal::ONE_HUNDRED) {
                push(
                    &mut problems,
                    format!(
                        "项目“{}”预算执行率为{}，未全部执行。",
                        p.name,
                        p.execution_rate.map(pct).unwrap_or_default()
                    ),
                );
            }
        }
    }
    // Findings, one line per kind of problem: what the published figures
    // cannot be trusted for.
    let mut kinds: Vec<(Code, usize, &Finding)> = Vec::new();
    for f in findings.iter().filter(|f| f.severity == Severity::Error) {
        match kinds.iter_mut().find(|(c, _, _)| *c == f.code) {
            Some((_, n, _)) => *n += 1,
            None => kinds.push((f.code, 1, f)),
        }
    }
    for (code, n, first) in &kinds {
        let more = if *n > 1 {
            format!("等{n}处")
        } else {
            String::new()
        };
        push(
            &mut problems,
            format!(
                "自评材料{}{more}：{}。",
                code.info().title,
                first.message.trim_end_matches('。')
            ),
        );
    }
    if !kinds.is_empty() {
        let errors: usize = kinds.iter().map(|(_, n, _)| n).sum();
        push(
            &mut measures,
            format!(
                "加强绩效自评数据审核：逐项更正校验发现的{errors}处填报错误，确保报表勾稽一致、报告数字与报表一致。"
            ),
        );
    }
    (problems, measures)
}

fn lost_problem(i: &IndicatorScore, score: Decimal) -> String {
    let lost = fixed(i.points - score, 2);
    match &i.problem {
        Some(p) => format!("{}（扣{lost}分）：{}", i.name, p.trim_end_matches('。')) + "。",
        None => format!("{}扣{lost}分：{}", i.name, i.explain.trim_end_matches('。')) + "。",
    }
}
