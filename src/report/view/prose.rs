//! The sentences of the report, worded in Rust: a Decimal reaches a
//! template as a string, where it can be neither compared nor rounded, so
//! every sentence that compares or rounds (shares, year on year, the score
//! against the self-score) is finished here and handed to templates whole.

use rust_decimal::Decimal;

use crate::contract::fields::{col, key};
use crate::contract::number::fixed;
use crate::ingest::model::{Department, Row};
use crate::report::view::model::{AssetsView, ProjectResult, ProjectRow, SangongRow};
use crate::rules::metrics;
use crate::rules::score::{DepartmentScore, Standing};
use crate::rules::settings::differ;

/// `2854.84`: 万元 as the report's sentences write them (tables group
/// thousands with the `wan` filter; prose does not, as the seeds do).
fn wan(d: Decimal) -> String {
    fixed(d, 2)
}

/// `18.33%`.
pub(super) fn pct(d: Decimal) -> String {
    crate::contract::number::percent_text(d, 2)
}

pub(super) fn share(part: Decimal, whole: Decimal) -> Option<Decimal> {
    metrics::percent(Some(part), Some(whole))
}

/// Whether a self-score differs from the computed score by more than the
/// tolerance the workbook was checked with.
pub(super) fn differs(a: Option<Decimal>, b: Decimal, tolerance: Decimal) -> bool {
    a.is_some_and(|a| differ(a, b, tolerance))
}

/// 核定编制26人，实有在职26人。
pub(super) fn staff_sentence(
    staff_quota: Option<i64>,
    staff_actual: Option<i64>,
) -> Option<String> {
    match (staff_quota, staff_actual) {
        (Some(q), Some(a)) => Some(format!("核定编制{q}人，实有在职{a}人。")),
        (Some(q), None) => Some(format!("核定编制{q}人。")),
        (None, Some(a)) => Some(format!("实有在职{a}人。")),
        (None, None) => None,
    }
}

/// "其中A x万元，占y%；B …" for the parts of a whole that are not zero.
fn parts_sentence(parts: &[(&str, Option<Decimal>)], whole: Decimal) -> String {
    parts
        .iter()
        .filter_map(|(name, v)| {
            let v = (*v)?;
            if v.is_zero() {
                return None;
            }
            Some(match share(v, whole) {
                Some(s) => format!("{name}{}万元，占{}", wan(v), pct(s)),
                None => format!("{name}{}万元", wan(v)),
            })
        })
        .collect::<Vec<_>>()
        .join("；")
}

/// 2022年收入合计2854.84万元，其中……: from the finance table's first (summary) row.
pub(super) fn income_sentence(summary: Option<&Row>, year: &str) -> Option<String> {
    summary.and_then(|r| {
        let total = r.dec(col::INCOME_TOTAL)?;
        let parts = parts_sentence(
            &[
                ("上年结转", r.dec(col::CARRYOVER)),
                ("一般公共预算财政拨款", r.dec(col::GENERAL_BUDGET)),
                ("政府性基金预算拨款", r.dec(col::FUND_BUDGET)),
                ("纳入专户管理的非税收入拨款", r.dec(col::SPECIAL_ACCOUNT)),
                ("其他收入", r.dec(col::OTHER_INCOME)),
            ],
            total,
        );
        Some(if parts.is_empty() {
            format!("{year}年收入合计{}万元。", wan(total))
        } else {
            format!("{year}年收入合计{}万元，其中{parts}。", wan(total))
        })
    })
}

/// 2022年整体支出2815.61万元，其中基本支出……（人员经费……）；项目支出……
pub(super) fn expense_sentence(summary: Option<&Row>, year: &str) -> Option<String> {
    summary.and_then(|r| {
        let total = r.dec(col::EXPENSE_TOTAL)?;
        let mut parts = Vec::new();
        let inner = parts_sentence(
            &[
                ("人员经费", r.dec(col::PERSONNEL)),
                ("公用经费", r.dec(col::PUBLIC_EXP)),
            ],
            total,
        );
        if let Some(basic) = r.dec(col::BASIC) {
            let mut s = match share(basic, total) {
                Some(sh) => format!("基本支出{}万元，占{}", wan(basic), pct(sh)),
                None => format!("基本支出{}万元", wan(basic)),
            };
            if !inner.is_empty() {
                s.push_str(&format!("（{inner}）"));
            }
            parts.push(s);
        } else if !inner.is_empty() {
            // No 基本支出 figure: its parts stand on their own.
            parts.push(inner);
        }
        let project = parts_sentence(&[("项目支出", r.dec(col::PROJECT))], total);
        if !project.is_empty() {
            parts.push(project);
        }
        Some(if parts.is_empty() {
            format!("{year}年整体支出{}万元。", wan(total))
        } else {
            format!(
                "{year}年整体支出{}万元，其中{}。",
                wan(total),
                parts.join("；")
            )
        })
    })
}

/// 截至2022年末，固定资产合计……万元，其中……
pub(super) fn assets_sentence(assets: &AssetsView, year: &str) -> Option<String> {
    assets.total.map(|total| {
        let parts = parts_sentence(
            &[
                ("在用固定资产", assets.in_use),
                ("出租固定资产", assets.leased),
                ("其他固定资产", assets.other),
            ],
            total,
        );
        if parts.is_empty() {
            format!("截至{year}年末，固定资产合计{}万元。", wan(total))
        } else {
            format!(
                "截至{year}年末，固定资产合计{}万元，其中{parts}。",
                wan(total)
            )
        }
    })
}

/// 2022年实施项目3个，全年预算……万元，执行……万元，预算执行率……
pub(super) fn projects_sentence(projects: &[ProjectRow], year: &str) -> Option<String> {
    (!projects.is_empty()).then(|| {
        let budget: Decimal = projects.iter().filter_map(|p| p.budget_full).sum();
        let executed: Decimal = projects.iter().filter_map(|p| p.executed).sum();
        // The rate only over projects with both figures, and said so when
        // some lack one.
        let both: Vec<(Decimal, Decimal)> = projects
            .iter()
            .filter_map(|p| Some((p.budget_full?, p.executed?)))
            .collect();
        let rate = metrics::percent(
            Some(both.iter().map(|b| b.1).sum()),
            Some(both.iter().map(|b| b.0).sum()),
        )
        .map(|r| {
            if both.len() == projects.len() {
                format!("，预算执行率{}", pct(r))
            } else {
                format!(
                    "，其中{}个项目预算和执行数齐全，执行率{}",
                    both.len(),
                    pct(r)
                )
            }
        })
        .unwrap_or_default();
        format!(
            "{year}年实施项目{}个，全年预算{}万元，执行{}万元{rate}。",
            projects.len(),
            wan(budget),
            wan(executed)
        )
    })
}

pub(super) fn budget_sentence(dept: &Department) -> Option<String> {
    let initial = dept.dec(key::BUDGET_INITIAL)?;
    let executed = dept.dec(key::BUDGET_EXECUTED)?;
    let adjustment = dept.dec(key::BUDGET_ADJUSTMENT).unwrap_or_default();
    let mut s = format!("年初预算{}万元", wan(initial));
    if !adjustment.is_zero() {
        let verb = if adjustment > Decimal::ZERO {
            "追加"
        } else {
            "追减"
        };
        s.push_str(&format!("，年中{verb}{}万元", wan(adjustment.abs())));
    }
    if let Some(c) = metrics::carryover(dept).filter(|c| !c.is_zero()) {
        s.push_str(&format!("，上年结转{}万元", wan(c)));
    }
    if let Some(full) = metrics::full_year_budget(dept) {
        s.push_str(&format!("，全年预算{}万元", wan(full)));
    }
    s.push_str(&format!("；全年执行{}万元", wan(executed)));
    if let Some(rate) = metrics::budget_completion(dept) {
        s.push_str(&format!("，预算完成率{}", pct(rate)));
    }
    s.push('。');
    Some(s)
}

pub(super) fn sangong_sentence(
    rows: &[SangongRow],
    total: &SangongRow,
    year: &str,
) -> Option<String> {
    let actual = total.actual?;
    let mut s = format!("{year}年“三公”经费支出{}万元", wan(actual));
    let spent: Vec<String> = rows
        .iter()
        .filter_map(|r| {
            let a = r.actual.filter(|a| !a.is_zero())?;
            Some(format!("{}{}万元", r.name, wan(a)))
        })
        .collect();
    if !spent.is_empty() {
        s.push_str(&format!("，其中{}", spent.join("，")));
    }
    if let Some(budget) = total.budget {
        s.push_str(&format!("；本年预算{}万元", wan(budget)));
        if let Some(sh) = share(actual, budget) {
            s.push_str(&format!("，决算为预算的{}", pct(sh)));
        }
    }
    // Year on year, where the prior year's figures exist.
    if let Some(prev) = total.prev {
        let change = actual - prev;
        let rate = share(change.abs(), prev);
        s.push_str(&format!("；上年决算{}万元", wan(prev)));
        if change.is_zero() {
            s.push_str("，与上年持平");
        } else {
            let (verb, dir) = if change > Decimal::ZERO {
                ("增加", "增长")
            } else {
                ("减少", "下降")
            };
            s.push_str(&format!("，比上年{verb}{}万元", wan(change.abs())));
            if let Some(r) = rate {
                s.push_str(&format!("，{dir}{}", pct(r)));
            }
        }
    }
    s.push('。');
    Some(s)
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
pub(super) fn grades_sentence(projects: &[ProjectResult]) -> Option<String> {
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
            .map(|(g, n)| format!("“{g}”{n}个"))
            .collect::<Vec<_>>()
            .join("、");
        format!(
            "{}个项目按项目支出绩效自评表计分，等次为{grades}。",
            projects.len()
        )
    })
}
