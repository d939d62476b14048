use std::collections::BTreeMap;

use super::*;
use crate::contract::fields::{FieldKey, key};
use crate::ingest::model::{Department, Entry, Value};

fn d(s: &str) -> Decimal {
    s.parse().unwrap_or_default()
}

/// A department model with only these scalars.
fn dept(values: &[(FieldKey, Value)]) -> Department {
    let scalars = values
        .iter()
        .map(|(k, v)| {
            (
                k.as_str(),
                Entry {
                    value: Some(v.clone()),
                    raw: CellValue::Text(String::new()),
                    ..Entry::missing()
                },
            )
        })
        .collect();
    Department {
        kind: WorkbookKind::Department,
        scalars,
        tables: BTreeMap::new(),
    }
}

fn text(s: &str) -> Value {
    Value::Text(s.to_string())
}

/// Last year's record of a unit.
fn record(source: &str, unit: &str, code: Option<&str>, year: i64, fill: (u32, u32)) -> LastYear {
    LastYear {
        source: source.to_string(),
        year: Some(year),
        unit: Some(unit.to_string()),
        unit_code: code.map(str::to_string),
        fill_date: NaiveDate::from_ymd_opt(i32::try_from(year).unwrap_or(2000) + 1, fill.0, fill.1),
        sangong: HashMap::new(),
        balances: Vec::new(),
        figures: Vec::new(),
        score: None,
        grade: None,
        lost: Vec::new(),
        problems: Vec::new(),
    }
}

fn found<'a>(prior: &'a PriorYears, dept: &Department) -> Option<&'a str> {
    prior.find(dept).map(|r| r.source.as_str())
}

#[test]
fn the_unit_is_found_by_its_code_else_by_its_name() {
    let prior = PriorYears::new(
        vec![
            record("a.xlsx", "甲局", Some("111"), 2021, (3, 1)),
            record("b.xlsx", "乙局", None, 2021, (3, 1)),
            record("c.xlsx", "丙局", Some("333"), 2021, (3, 1)),
        ],
        String::new(),
    );
    // By code, whatever this year's name.
    let renamed = dept(&[
        (key::UNIT_NAME, text("甲局（更名）")),
        (key::UNIT_CODE, text(" 111 ")),
        (key::YEAR, Value::Int(2022)),
    ]);
    assert_eq!(found(&prior, &renamed), Some("a.xlsx"));
    // By name (width and spaces aside) when no code matches.
    let by_name = dept(&[
        (key::UNIT_NAME, text("乙 局")),
        (key::YEAR, Value::Int(2022)),
    ]);
    assert_eq!(found(&prior, &by_name), Some("b.xlsx"));
    // A name whose record has another code is another unit.
    let other = dept(&[
        (key::UNIT_NAME, text("丙局")),
        (key::UNIT_CODE, text("999")),
        (key::YEAR, Value::Int(2022)),
    ]);
    assert_eq!(found(&prior, &other), None);
    // A code this year, none last year: the name still finds it.
    let coded = dept(&[
        (key::UNIT_NAME, text("乙局")),
        (key::UNIT_CODE, text("222")),
        (key::YEAR, Value::Int(2022)),
    ]);
    assert_eq!(found(&prior, &coded), Some("b.xlsx"));
}

#[test]
fn the_year_before_comes_first_then_the_latest_then_the_later_fill_date() {
    let prior = PriorYears::new(
        vec![
            record("2019.xlsx", "甲局", None, 2019, (3, 1)),
            record("2021-early.xlsx", "甲局", None, 2021, (3, 1)),
            record("2021-late.xlsx", "甲局", None, 2021, (4, 1)),
            record("2022.xlsx", "甲局", None, 2022, (3, 1)),
        ],
        String::new(),
    );
    let unit = |year: i64| {
        dept(&[
            (key::UNIT_NAME, text("甲局")),
            (key::YEAR, Value::Int(year)),
        ])
    };
    assert_eq!(found(&prior, &unit(2022)), Some("2021-late.xlsx"));
    // No year before this one: the latest earlier one.
    assert_eq!(found(&prior, &unit(2021)), Some("2019.xlsx"));
    // Never this year's own or a later one.
    assert_eq!(found(&prior, &unit(2019)), None);
}

#[test]
fn problems_alike_despite_numbering_punctuation_and_small_edits() {
    assert!(alike("1. 预算编制不够精细。", "（一）预算编制不够精细"));
    assert!(alike(
        "绩效目标设置不够细化，部分指标难以量化。",
        "一是绩效目标设置不够细化，部分指标仍难以量化"
    ));
    assert!(alike(
        "预算执行进度偏慢",
        "部分项目预算执行进度偏慢，年底突击支出"
    ));
    assert!(!alike("预算执行进度偏慢", "固定资产管理不规范"));
    assert!(!alike("", "固定资产管理不规范"));
    assert!(!alike("1.", "2."));
}

#[test]
fn the_change_of_an_amount_is_also_a_rate_and_of_a_rate_only_points() {
    let amount = YearOnYear {
        figure: MainFigure::BudgetExecuted,
        last: Some(d("800")),
        this: Some(d("1000")),
    };
    assert_eq!(amount.change(), Some(d("200")));
    assert_eq!(
        amount.change_rate().map(|r| fixed(r, 2)),
        Some("25.00".into())
    );
    let rate = YearOnYear {
        figure: MainFigure::BudgetCompletion,
        last: Some(d("95.33")),
        this: Some(d("92.73")),
    };
    assert_eq!(rate.change(), Some(d("-2.60")));
    assert_eq!(rate.change_rate(), None);
    // No base, no rate; one year missing, no change.
    let zero = YearOnYear {
        figure: MainFigure::SangongActual,
        last: Some(Decimal::ZERO),
        this: Some(d("3")),
    };
    assert_eq!(zero.change_rate(), None);
    let missing = YearOnYear {
        figure: MainFigure::SangongActual,
        last: None,
        this: Some(d("3")),
    };
    assert_eq!(missing.change(), None);
}

#[test]
fn a_blank_is_filled_a_given_figure_compared_and_a_marker_left_alone() {
    let mut last = record("上年/a.xlsx", "甲局", None, 2021, (3, 1));
    last.sangong
        .insert(key::SG_RECEPTION_ACTUAL.as_str(), d("2.40"));
    last.sangong
        .insert(key::SG_RECEPTION_BUDGET.as_str(), d("3.50"));
    last.sangong
        .insert(key::SG_CAR_RUN_ACTUAL.as_str(), d("4.50"));
    last.sangong
        .insert(key::SG_ABROAD_ACTUAL.as_str(), d("1.00"));
    let last = Arc::new(last);
    let mut unit = dept(&[
        (key::UNIT_NAME, text("甲局")),
        // Given, and last year said 4.50.
        (key::SG_CAR_RUN_PREV, Value::Dec(d("4.00"))),
    ]);
    // “无” typed: the department's answer.
    unit.scalars.insert(
        key::SG_ABROAD_PREV.as_str(),
        Entry {
            raw: CellValue::Text("无".into()),
            ..Entry::missing()
        },
    );
    let (used, findings) = take(&mut unit, &last, d("0.01"));
    assert_eq!(unit.dec(key::SG_RECEPTION_PREV), Some(d("2.40")));
    assert_eq!(unit.dec(key::SG_RECEPTION_PREV_BUDGET), Some(d("3.50")));
    assert_eq!(unit.dec(key::SG_CAR_RUN_PREV), Some(d("4.00")));
    assert_eq!(unit.dec(key::SG_ABROAD_PREV), None);
    assert_eq!(used.taken.len(), 2);
    let codes: Vec<Code> = findings.iter().map(|f| f.code).collect();
    assert_eq!(
        codes,
        [Code::PriorMismatch, Code::PriorFilled, Code::PriorFilled]
    );
    assert!(findings[1].message.contains("上年/a.xlsx"), "{findings:#?}");
}
