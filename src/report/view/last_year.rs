//! The report's 上年问题整改情况 (the department's table, pre-filled from
//! last year's problems by `--previous`) and 与上年对比 (this year's main
//! figures and score beside last year's submission).

use crate::check::FileReport;
use crate::contract::fields::{TBL_RECTIFICATION, col};
use crate::contract::number::{fixed, grouped, percent_text};
use crate::ingest::model::Department;
use crate::report::view::cells::row_text;
use crate::report::view::model::{PriorView, Rectification, Source, YearRow};
use crate::report::view::trace::Trace;
use crate::rules::prior::{self, YearOnYear};

/// The rows of 上年问题整改情况, each problem with what was done and its
/// status as the department wrote them; when the workbook has no such
/// rows (an older template) but last year's submission was found, last
/// year's problems with nothing written beside them.
pub(super) fn rectification(
    report: &FileReport,
    dept: &Department,
    t: &mut Trace,
) -> Vec<Rectification> {
    let rows = dept.rows(&TBL_RECTIFICATION);
    if rows.is_empty()
        && let Some(used) = &report.prior
    {
        return used
            .last
            .problems
            .iter()
            .map(|p| Rectification {
                problem: p.clone(),
                done: None,
                status: None,
            })
            .collect();
    }
    rows.iter()
        .filter_map(|r| {
            let problem = row_text(r, col::PROBLEM)?;
            let done = row_text(r, col::DONE);
            for (text, id) in [(Some(&problem), col::PROBLEM), (done.as_ref(), col::DONE)] {
                if let Some(text) = text {
                    t.passage(text, || Source::column(r, id), "rectification");
                }
            }
            Some(Rectification {
                problem,
                done,
                status: row_text(r, col::STATUS),
            })
        })
        .collect()
}

/// 与上年对比, when the workbook was matched with last year's submission.
pub(super) fn prior_view(report: &FileReport, t: &mut Trace) -> Option<PriorView> {
    let used = report.prior.as_ref()?;
    let dept = report.department.as_ref()?;
    let card = report.score.as_ref();
    let last = &used.last;
    let year = last.year_text();
    let rows = prior::year_on_year(dept, card, last)
        .iter()
        .map(|r| year_row(r, &year, t))
        .collect();
    let grade_this = card
        .and_then(|c| c.department.as_ref())
        .and_then(|d| d.grade.clone());
    Some(PriorView {
        year,
        source: Some(last.source.clone()),
        rows,
        grade_last: last.grade.clone(),
        grade_this,
        filled: used
            .taken
            .iter()
            .filter(|t| matches!(t.value, crate::ingest::model::Value::Dec(_)))
            .count(),
    })
}

fn year_row(r: &YearOnYear, year: &str, t: &mut Trace) -> YearRow {
    let f = r.figure;
    let shown = |v: rust_decimal::Decimal| {
        if f.unit() == "%" {
            percent_text(v, 2)
        } else if f.unit() == "万元" {
            grouped(v, f.decimals())
        } else {
            fixed(v, f.decimals())
        }
    };
    let mut traced = |v: Option<rust_decimal::Decimal>, whose: &str| {
        v.map(|v| {
            t.record(
                shown(v),
                || Source::Formula {
                    formula: format!("{whose}{}", f.label()),
                    cells: Vec::new(),
                },
                "prior.rows",
            )
        })
    };
    let last = traced(r.last, year);
    let this = traced(r.this, "本年");
    let change = r.change().map(|c| {
        let text = if f.unit() == "%" {
            format!("{} 个百分点", fixed(c, 2))
        } else {
            shown(c)
        };
        t.record(
            text,
            || Source::Formula {
                formula: format!("本年{0} − {year}{0}", f.label()),
                cells: Vec::new(),
            },
            "prior.rows",
        )
    });
    let rate = r.change_rate().map(|p| {
        t.record(
            percent_text(p, 2),
            || Source::Formula {
                formula: format!("（本年{0} − {year}{0}）÷ {year}{0} × 100%", f.label()),
                cells: Vec::new(),
            },
            "prior.rows",
        )
    });
    YearRow {
        label: f.label(),
        unit: f.unit(),
        last,
        this,
        change,
        rate,
    }
}
