//! The view's unit tests: mobile masking, the wording of sentences, shares
//! that add up, and figures that are traced.

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use super::prose::{
    assets_sentence, budget_sentence, expense_sentence, income_sentence, sangong_sentence,
};
use super::trace::{Trace, number_tokens};
use crate::contract::cell::{CellValue, Spot};
use crate::contract::fields::{ColumnId, FieldKey, SANGONG, TBL_FINANCE, col, key};
use crate::ingest::model::{Department, Entry, Row, TableData, Value};

/// An entry holding a number, at a cell.
fn entry(v: Option<Decimal>, row: u32, column: u32) -> Entry {
    Entry {
        spot: Some(Spot::new("测试", row, column)),
        raw: CellValue::Empty,
        value: v.map(Value::Dec),
        unreadable: false,
    }
}

/// A department with these scalars and, when given, one finance row.
fn department(
    scalars: &[(FieldKey, Option<Decimal>)],
    finance: &[(ColumnId, Option<Decimal>)],
) -> Department {
    let scalars: BTreeMap<&'static str, Entry> = scalars
        .iter()
        .enumerate()
        .map(|(i, (k, v))| (k.as_str(), entry(*v, i as u32, 1)))
        .collect();
    let mut tables = BTreeMap::new();
    if !finance.is_empty() {
        let cells = TBL_FINANCE
            .columns
            .iter()
            .enumerate()
            .map(|(j, c)| {
                let v = finance
                    .iter()
                    .find(|(id, _)| id.as_str() == c.id)
                    .and_then(|(_, v)| *v);
                entry(v, 4, j as u32)
            })
            .collect();
        tables.insert(
            TBL_FINANCE.key,
            TableData {
                table: &TBL_FINANCE,
                area: None,
                rows: vec![Row {
                    table: &TBL_FINANCE,
                    sheet_row: 4,
                    cells,
                }],
            },
        );
    }
    Department {
        kind: Default::default(),
        scalars,
        tables,
    }
}

fn wan(cents: i64) -> Decimal {
    Decimal::new(cents, 2)
}

/// The 三公 figures of 公务接待费 given, the other kinds 0.
fn sangong(actual: Option<i64>, budget: Option<i64>, prev: Option<i64>) -> Department {
    let mut scalars = Vec::new();
    for k in SANGONG {
        let reception = k.id == "reception";
        let v = |x: Option<i64>| {
            if reception {
                x.map(wan)
            } else {
                Some(Decimal::ZERO)
            }
        };
        scalars.push((k.actual, v(actual)));
        scalars.push((k.budget, v(budget)));
        scalars.push((k.prev, v(prev)));
    }
    department(&scalars, &[])
}

#[test]
fn year_on_year_reads_as_increase_or_decrease() {
    let said = |a, p| {
        sangong_sentence(
            &sangong(Some(a), Some(1000), Some(p)),
            "2022",
            &mut Trace::on(),
        )
        .unwrap()
    };
    let down = said(451, 536);
    assert!(down.contains("比上年减少0.85万元，下降15.86%"), "{down}");
    let up = said(536, 451);
    assert!(up.contains("比上年增加0.85万元，增长18.85%"), "{up}");
    let flat = said(451, 451);
    assert!(flat.contains("与上年持平"), "{flat}");
}

#[test]
fn no_comparison_with_figures_that_are_blank() {
    let mut t = Trace::on();
    let s = sangong_sentence(&sangong(Some(451), None, None), "2022", &mut t).unwrap();
    assert_eq!(
        s,
        "2022年“三公”经费支出4.51万元，其中公务接待费4.51万元；本年预算部分未填报，未与预算比较；上年决算部分未填报，未与上年比较。"
    );
    // All four kinds blank: 未填报, and no total.
    let mut scalars = Vec::new();
    for k in SANGONG {
        scalars.push((k.actual, Some(wan(100))));
    }
    let s = sangong_sentence(&department(&scalars, &[]), "2022", &mut t).unwrap();
    assert!(
        s.ends_with("；本年预算未填报；上年决算未填报，未与上年比较。"),
        "{s}"
    );
    // One kind's actual blank: no total is made up from the others.
    scalars[0].1 = None;
    let s = sangong_sentence(&department(&scalars, &[]), "2022", &mut t).unwrap();
    assert!(s.contains("因公出国（境）费未填报，未计算合计"), "{s}");
    assert!(!s.contains("4.00"), "{s}");
}

#[test]
fn a_total_alone_is_stated_without_a_made_up_breakdown() {
    let mut t = Trace::on();
    let d = department(
        &[(key::ASSETS_TOTAL, Some(wan(750)))],
        &[(col::INCOME_TOTAL, Some(wan(281561)))],
    );
    let row = d.rows(&TBL_FINANCE).first();
    assert_eq!(
        income_sentence(row, "2022", Decimal::new(1, 2), &mut t).unwrap(),
        "2022年收入合计2815.61万元，未填报各项收入。"
    );
    assert_eq!(
        assets_sentence(&d, "2022", Decimal::new(1, 2), &mut t).unwrap(),
        "截至2022年末，固定资产合计7.50万元，未填报在用、出租和其他固定资产。"
    );
}

#[test]
fn parts_over_their_whole_get_no_shares() {
    let mut t = Trace::on();
    // 收入合计 left out 上年结转: the parts exceed it.
    let d = department(
        &[
            (key::ASSETS_TOTAL, Some(wan(750))),
            (key::ASSETS_IN_USE, Some(wan(638))),
            (key::ASSETS_LEASED, Some(wan(0))),
            (key::ASSETS_OTHER, Some(wan(122))),
        ],
        &[
            (col::CARRYOVER, Some(wan(5049))),
            (col::GENERAL_BUDGET, Some(wan(59978))),
            (col::INCOME_TOTAL, Some(wan(59978))),
        ],
    );
    let row = d.rows(&TBL_FINANCE).first();
    let tol = Decimal::new(1, 2);
    assert_eq!(
        income_sentence(row, "2020", tol, &mut t).unwrap(),
        "2020年收入合计599.78万元，其中上年结转50.49万元、一般公共预算财政拨款599.78万元，各项之和650.27万元大于收入合计，未计算占比。"
    );
    assert_eq!(
        assets_sentence(&d, "2022", tol, &mut t).unwrap(),
        "截至2022年末，固定资产合计7.50万元，其中在用固定资产6.38万元、其他固定资产1.22万元，各项之和7.60万元大于固定资产合计，未计算占比。"
    );
    // Every figure said is traced; the sum to the formula over its cells.
    let sum = t
        .into_figures()
        .into_iter()
        .find(|f| f.text == "650.27")
        .unwrap();
    assert!(
        matches!(&sum.source, super::Source::Formula { cells, .. } if cells.len() == 2),
        "{sum:?}"
    );
}

#[test]
fn the_budget_is_stated_only_as_far_as_its_adjustment_is_known() {
    let mut t = Trace::on();
    let mut scalars = vec![
        (key::BUDGET_INITIAL, Some(wan(10000))),
        (key::BUDGET_EXECUTED, Some(wan(11000))),
    ];
    assert_eq!(
        budget_sentence(&department(&scalars, &[]), &mut t).unwrap(),
        "年初预算100.00万元，预算调整数未填报；全年执行110.00万元。"
    );
    // 追加 and 追减 without the net figure: their difference.
    scalars.push((key::BUDGET_ADDED, Some(wan(3000))));
    scalars.push((key::BUDGET_REDUCED, Some(wan(1000))));
    assert_eq!(
        budget_sentence(&department(&scalars, &[]), &mut t).unwrap(),
        "年初预算100.00万元，年中追加20.00万元，全年预算120.00万元；全年执行110.00万元，预算完成率91.67%。"
    );
    let figures = t.into_figures();
    let added = figures.iter().find(|f| f.text == "20.00").unwrap();
    assert!(
        matches!(&added.source, super::Source::Formula { cells, .. }
            if cells.iter().map(|c| c.key.as_str()).collect::<Vec<_>>() == ["budget_added", "budget_reduced"]),
        "{added:?}"
    );
}

/// The shares (占 x%) of each sentence of a text, as printed.
fn shares_by_sentence(s: &str) -> Vec<Vec<Decimal>> {
    s.split('。')
        .map(|sentence| {
            sentence
                .split("占")
                .skip(1)
                .filter_map(|rest| {
                    let (_, token) = number_tokens(rest).into_iter().next()?;
                    token.strip_suffix('%')?.parse().ok()
                })
                .collect()
        })
        .collect()
}

/// Whether printed shares of one breakdown add up to at most 100%, give
/// or take their rounding (half a hundredth each).
fn add_up(shares: &[Decimal]) -> bool {
    let sum: Decimal = shares.iter().sum();
    sum <= Decimal::ONE_HUNDRED + Decimal::new(5, 3) * Decimal::from(shares.len())
}

fn amount() -> impl proptest::strategy::Strategy<Value = Option<Decimal>> {
    use proptest::prelude::*;
    prop_oneof![
        1 => Just(None),
        1 => Just(Some(Decimal::ZERO)),
        1 => (-5000i64..5000).prop_map(|c| Some(wan(c))),
        6 => (0i64..100_000_000).prop_map(|c| Some(wan(c))),
    ]
}

proptest::proptest! {
    #[test]
    fn the_shares_of_one_breakdown_never_add_up_to_more_than_the_whole(
        income in proptest::collection::vec(amount(), 6),
        expense in proptest::collection::vec(amount(), 5),
        assets in proptest::collection::vec(amount(), 4),
    ) {
        let finance: Vec<(ColumnId, Option<Decimal>)> = [
            col::CARRYOVER, col::GENERAL_BUDGET, col::FUND_BUDGET, col::SPECIAL_ACCOUNT,
            col::OTHER_INCOME, col::INCOME_TOTAL,
        ]
        .into_iter()
        .zip(income)
        .chain(
            [col::PERSONNEL, col::PUBLIC_EXP, col::BASIC, col::PROJECT, col::EXPENSE_TOTAL]
                .into_iter()
                .zip(expense),
        )
        .collect();
        let scalars: Vec<(FieldKey, Option<Decimal>)> = [
            key::ASSETS_TOTAL, key::ASSETS_IN_USE, key::ASSETS_LEASED, key::ASSETS_OTHER,
        ]
        .into_iter()
        .zip(assets)
        .collect();
        let d = department(&scalars, &finance);
        let row = d.rows(&TBL_FINANCE).first();
        let tol = Decimal::new(1, 2);
        let mut t = Trace::on();
        let sentences = [
            income_sentence(row, "2022", tol, &mut t),
            expense_sentence(row, "2022", tol, &mut t),
            assets_sentence(&d, "2022", tol, &mut t),
        ];
        let traced: std::collections::HashSet<String> = t
            .into_figures()
            .iter()
            .flat_map(|f| number_tokens(&f.text))
            .map(|(_, n)| n)
            .collect();
        for s in sentences.iter().flatten() {
            for shares in shares_by_sentence(s) {
                proptest::prop_assert!(add_up(&shares), "{} {:?}", s, shares);
            }
            for (_, n) in number_tokens(s) {
                proptest::prop_assert!(n == "2022" || traced.contains(&n), "{} in {}", n, s);
            }
        }
    }
}

/// A score computed from a formula is traced to the cells the formula
/// reads, a column summed over the 收支情况 rows below the 汇总 row; not
/// to the cells of a built-in metric that shares the indicator's name.
#[test]
fn a_formula_score_is_traced_to_the_cells_it_reads() {
    use crate::rules::framework::parse;
    use crate::rules::score::score;

    let framework = parse(
        r#"
id = "t"
name = "测试"
total = 10

[[level1]]
name = "过程"
points = 10

[[level1.level2]]
name = "预算执行"
points = 10

[[level1.level2.indicators]]
id = "a"
name = "预算完成率"
points = 10
rule = { kind = "linear", metric = "=budget_executed / SUM(tbl_finance.project) * 100", standard = 100, worse = "below", per_point = 0.5 }
"#,
        "t.toml",
    )
    .unwrap();
    let mut dept = department(&[(key::BUDGET_EXECUTED, Some(Decimal::from(30)))], &[]);
    let finance_row = |sheet_row: u32, v: i64| Row {
        table: &TBL_FINANCE,
        sheet_row,
        cells: TBL_FINANCE
            .columns
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let v = (c.id == col::PROJECT.as_str()).then(|| Decimal::from(v));
                entry(v, sheet_row, i as u32)
            })
            .collect(),
    };
    dept.tables.insert(
        TBL_FINANCE.key,
        TableData {
            table: &TBL_FINANCE,
            area: None,
            rows: vec![finance_row(4, 40), finance_row(5, 25), finance_row(6, 15)],
        },
    );
    let (card, _) = score(&dept, &framework, Decimal::new(1, 2));
    let rate = &card.department.unwrap().indicators[0];
    assert_eq!(rate.computed.as_deref(), Some("75.00%"));
    let cells: Vec<(String, String)> = super::trace::indicator_inputs(&dept, rate)
        .into_iter()
        .map(|c| (c.key, c.cell))
        .collect();
    let project = TBL_FINANCE.col(col::PROJECT) as u32;
    let a1 = |row: u32| Spot::new("测试", row, project).a1();
    assert_eq!(
        cells,
        [
            ("budget_executed".to_string(), Spot::new("测试", 0, 1).a1()),
            ("tbl_finance.project".to_string(), a1(5)),
            ("tbl_finance.project".to_string(), a1(6)),
        ]
    );
}
