use rust_decimal::Decimal;

use super::*;
use crate::contract::cell::CellValue;
use crate::contract::fields::{ColumnId, FieldKey, TBL_FINANCE, TBL_PROJECTS, Table, col, key};
use crate::contract::number::percent_text;
use crate::ingest::model::{Entry, Row, TableData, Value};
use crate::rules::metrics::fixture::dept;
use crate::rules::metrics::{Input, Measured, Metric};

fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

fn parsed(source: &str) -> Formula {
    Formula::parse(source, "测试指标").unwrap_or_else(|e| panic!("{source}: {e:?}"))
}

/// The value of a formula with no inputs.
fn value(source: &str) -> Measured {
    parsed(source).measure(&dept(&[], &[]))
}

fn num(source: &str) -> Decimal {
    match value(source) {
        Measured::Value(v) => v,
        other => panic!("{source}: {other:?}"),
    }
}

fn error(source: &str) -> FormulaError {
    match Formula::parse(source, "测试指标") {
        Ok(f) => panic!("{source} parsed: {f:?}"),
        Err(e) => e,
    }
}

#[test]
fn numbers_operators_and_precedence() {
    assert_eq!(num("=1+2*3"), d("7"));
    assert_eq!(num("=(1+2)*3"), d("9"));
    assert_eq!(num("=10-4-3"), d("3"));
    assert_eq!(num("=12/3/2"), d("2"));
    assert_eq!(num("=-2*3"), d("-6"));
    assert_eq!(num("=2*-3"), d("-6"));
    assert_eq!(num("=--2"), d("2"));
    assert_eq!(num("=+5"), d("5"));
    assert_eq!(num("= 0.1 + 0.2"), d("0.3"));
    assert_eq!(num("=95%"), d("0.95"));
    assert_eq!(num("=50%*200"), d("100"));
    assert_eq!(num("=1/4*4"), d("1"));
    // One division, at the end: exact where dividing first would not be.
    assert_eq!(num("=1/3*3"), d("1"));
    assert_eq!(num("=2/3*100"), d("200") / d("3"));
    assert_eq!(num("=1/3+1/6"), d("0.5"));
    assert_eq!(num("=IF(1/3*3 = 1, 1, 0)"), d("1"));
    // The symbols of a printed 评分表 and full-width characters read too.
    assert_eq!(num("＝（１＋２）×３÷９"), d("1"));
    assert_eq!(num("=IF(2≥1, 1, 0)"), d("1"));
}

#[test]
fn comparisons_and_logic() {
    for (cond, want) in [
        ("1=1", true),
        ("1<>1", false),
        ("1<2", true),
        ("2<=2", true),
        ("3>2", true),
        ("2>=3", false),
        ("AND(1<2, 2<3)", true),
        ("AND(1<2, 3<2)", false),
        ("OR(1>2, 2<3)", true),
        ("OR(1>2, FALSE)", false),
        ("NOT(1>2)", true),
        ("true", true),
    ] {
        let f = format!("=IF({cond}, 1, 0)");
        assert_eq!(num(&f), if want { d("1") } else { d("0") }, "{f}");
    }
}

#[test]
fn functions() {
    assert_eq!(num("=MIN(3, 1, 2)"), d("1"));
    assert_eq!(num("=max(3, 1, 2)"), d("3"));
    assert_eq!(num("=ABS(-2.5)"), d("2.5"));
    assert_eq!(num("=SUM(1, 2, 3.5)"), d("6.5"));
    // Clamping a rate to 100, as many 评分表 do.
    assert_eq!(num("=MIN(120, 100)"), d("100"));
}

/// ROUND rounds half away from zero (四舍五入), never to even.
#[test]
fn round_is_half_away_from_zero() {
    for (x, dp, want) in [
        ("2.345", "2", "2.35"),
        ("2.335", "2", "2.34"),
        ("-2.345", "2", "-2.35"),
        ("0.5", "0", "1"),
        ("1.5", "0", "2"),
        ("2.5", "0", "3"),
        ("-2.5", "0", "-3"),
        ("1.125", "2", "1.13"),
    ] {
        assert_eq!(num(&format!("=ROUND({x}, {dp})")), d(want), "{x} {dp}");
    }
    for bad in [
        "=ROUND(1.5, -1)",
        "=ROUND(1.5, 0.5)",
        "=ROUND(1.5, 29)",
        "=ROUND(1, 1+1)",
    ] {
        let e = error(bad);
        assert!(e.message.contains("ROUND 的位数"), "{bad}: {e:?}");
        assert_eq!(e.at, bad.find(", ").unwrap() + 2, "{bad}");
    }
}

/// A blank input is missing, not 0, and names itself; a known input does not.
#[test]
fn a_blank_input_is_missing_and_named() {
    let f = parsed("=budget_executed/(budget_initial+budget_adjustment)*100");
    let unit = dept(
        &[(key::BUDGET_EXECUTED, "90"), (key::BUDGET_INITIAL, "100")],
        &[],
    );
    assert_eq!(
        f.measure(&unit),
        Measured::Missing(vec![Input::Field(key::BUDGET_ADJUSTMENT)])
    );
    let empty = dept(&[], &[]);
    assert_eq!(
        f.measure(&empty),
        Measured::Missing(vec![
            Input::Field(key::BUDGET_EXECUTED),
            Input::Field(key::BUDGET_INITIAL),
            Input::Field(key::BUDGET_ADJUSTMENT),
        ])
    );
    // Missing beats a zero base: the base is not known to be zero.
    let g = parsed("=budget_executed/0+budget_initial");
    assert_eq!(
        g.measure(&empty),
        Measured::Missing(vec![
            Input::Field(key::BUDGET_EXECUTED),
            Input::Field(key::BUDGET_INITIAL)
        ])
    );
    // Every function but the tests passes it on.
    for f in [
        "=MIN(budget_initial, 1)",
        "=ABS(budget_initial)",
        "=ROUND(budget_initial, 2)",
        "=-budget_initial",
        "=IF(budget_initial > 0, 1, 0)",
        "=IF(NOT(budget_initial > 0), 1, 0)",
        "=SUM(budget_initial, 1)",
    ] {
        assert_eq!(
            parsed(f).measure(&empty),
            Measured::Missing(vec![Input::Field(key::BUDGET_INITIAL)]),
            "{f}"
        );
    }
}

/// ISBLANK tests for a missing input, and IF chooses a value for it; only
/// the branch IF takes is evaluated.
#[test]
fn if_with_isblank_stands_in_for_a_blank() {
    let f = parsed(
        "=budget_executed/(budget_initial+budget_adjustment\
         +IF(ISBLANK(tbl_finance.carryover), 0, tbl_finance.carryover))*100",
    );
    let no_carryover = dept(
        &[
            (key::BUDGET_EXECUTED, "90"),
            (key::BUDGET_INITIAL, "100"),
            (key::BUDGET_ADJUSTMENT, "20"),
        ],
        &[],
    );
    assert_eq!(f.measure(&no_carryover), Measured::Value(d("75")));
    let carryover = dept(
        &[
            (key::BUDGET_EXECUTED, "90"),
            (key::BUDGET_INITIAL, "100"),
            (key::BUDGET_ADJUSTMENT, "20"),
        ],
        &[(col::CARRYOVER, "30")],
    );
    assert_eq!(f.measure(&carryover), Measured::Value(d("60")));
    assert_eq!(
        parsed("=IF(ISBLANK(budget_initial), 1, 0)").measure(&carryover),
        Measured::Value(d("0"))
    );
    // A known FALSE decides AND, a known TRUE decides OR.
    let empty = dept(&[], &[]);
    assert_eq!(
        parsed("=IF(OR(ISBLANK(paid_q1), paid_q1 = 0), 0, 1)").measure(&empty),
        Measured::Value(d("0"))
    );
    assert_eq!(
        parsed("=IF(AND(NOT(ISBLANK(paid_q1)), paid_q1 > 0), 1, 0)").measure(&empty),
        Measured::Value(d("0"))
    );
    assert_eq!(
        parsed("=IF(AND(1 < 2, paid_q1 > 0), 1, 0)").measure(&empty),
        Measured::Missing(vec![Input::Field(key::PAID_Q1)])
    );
}

/// A division by zero is a zero base with its numerator, for the
/// framework's `zero_base` policies, through the rest of the formula.
#[test]
fn division_by_zero_is_a_zero_base() {
    assert_eq!(value("=5/0"), Measured::ZeroBase { numerator: d("5") });
    assert_eq!(
        value("=(5/(2-2))*100+1"),
        Measured::ZeroBase { numerator: d("5") }
    );
    assert_eq!(value("=0/0"), Measured::ZeroBase { numerator: d("0") });
    assert_eq!(num("=IF(0 = 0, 100, 5/0)"), d("100"));
    let unit = dept(
        &[(key::BUDGET_EXECUTED, "3"), (key::BUDGET_INITIAL, "0")],
        &[],
    );
    assert_eq!(
        parsed("=budget_executed/budget_initial*100").measure(&unit),
        Measured::ZeroBase { numerator: d("3") }
    );
}

/// An overflow is no value, never a panic.
#[test]
fn overflow_is_no_value() {
    let max = Decimal::MAX.to_string();
    for f in [
        format!("={max}*10"),
        format!("={max}+{max}"),
        format!("=-{max}-{max}"),
        format!("={max}/0.1"),
        format!("=SUM({max}, 1)"),
    ] {
        assert_eq!(value(&f), Measured::Missing(vec![]), "{f}");
    }
}

#[test]
fn names_are_fields_and_table_columns() {
    let unit = dept(
        &[(key::STAFF_ACTUAL, "45"), (key::STAFF_QUOTA, "50")],
        &[(col::PUBLIC_EXP, "12.5")],
    );
    assert_eq!(
        parsed("=staff_actual/staff_quota*100").measure(&unit),
        Measured::Value(d("90"))
    );
    assert_eq!(
        parsed("=tbl_finance.public_exp*2").measure(&unit),
        Measured::Value(d("25"))
    );
    assert_eq!(
        parsed("=tbl_finance.project").measure(&unit),
        Measured::Missing(vec![Input::Summary(col::PROJECT)])
    );
}

fn entry(v: Option<&str>) -> Entry {
    Entry {
        spot: None,
        raw: CellValue::Empty,
        value: v.map(|v| Value::Dec(d(v))),
        unreadable: false,
    }
}

/// `unit` with a table of these rows (`None`: a blank cell).
fn with_rows(
    mut unit: crate::ingest::model::Department,
    table: &'static Table,
    rows: &[&[(ColumnId, Option<&str>)]],
) -> crate::ingest::model::Department {
    let rows = rows
        .iter()
        .enumerate()
        .map(|(i, cells)| {
            let mut row = Row {
                table,
                sheet_row: i as u32 + 1,
                cells: table.columns.iter().map(|_| entry(None)).collect(),
            };
            for (id, v) in *cells {
                row.cells[table.col(*id)] = entry(*v);
            }
            row
        })
        .collect();
    unit.tables.insert(
        table.key,
        TableData {
            table,
            area: None,
            rows,
        },
    );
    unit
}

/// SUM and COUNT read a table's detail rows: the 收支情况 rows below the
/// 汇总 row, never the 汇总 row added to its parts.
#[test]
fn sum_and_count_over_detail_rows() {
    let projects = with_rows(
        dept(&[], &[]),
        &TBL_PROJECTS,
        &[
            &[(col::EXECUTED, Some("10")), (col::BUDGET_FULL, Some("20"))],
            &[(col::EXECUTED, Some("5.5")), (col::BUDGET_FULL, Some("10"))],
        ],
    );
    let f = parsed("=SUM(tbl_projects.executed)/SUM(tbl_projects.budget_full)*100");
    assert_eq!(f.measure(&projects), Measured::Value(d("1550") / d("30")));
    assert_eq!(
        parsed("=COUNT(tbl_projects.executed)").measure(&projects),
        Measured::Value(d("2"))
    );
    assert_eq!(
        f.substituted(&projects, &f.measure(&projects), |v| percent_text(v, 2)),
        "= 15.5 ÷ 30 × 100 = 51.67%"
    );

    let finance = with_rows(
        dept(&[], &[]),
        &TBL_FINANCE,
        &[
            &[(col::PROJECT, Some("30"))],
            &[(col::PROJECT, Some("10"))],
            &[(col::PROJECT, Some("20"))],
        ],
    );
    assert_eq!(
        parsed("=SUM(tbl_finance.project)").measure(&finance),
        Measured::Value(d("30"))
    );
    assert_eq!(
        parsed("=tbl_finance.project").measure(&finance),
        Measured::Value(d("30"))
    );
    assert_eq!(
        parsed("=COUNT(tbl_finance.project)").measure(&finance),
        Measured::Value(d("2"))
    );
    // Only the unit itself: its one row is both.
    let alone = with_rows(
        dept(&[], &[]),
        &TBL_FINANCE,
        &[&[(col::PROJECT, Some("7"))]],
    );
    assert_eq!(
        parsed("=SUM(tbl_finance.project)").measure(&alone),
        Measured::Value(d("7"))
    );
    // A blank in one row leaves the sum unknown; no rows sum to 0.
    let blank = with_rows(
        dept(&[], &[]),
        &TBL_PROJECTS,
        &[&[(col::EXECUTED, Some("10"))], &[(col::EXECUTED, None)]],
    );
    assert_eq!(
        parsed("=SUM(tbl_projects.executed)").measure(&blank),
        Measured::Missing(vec![Input::Column(&TBL_PROJECTS, col::EXECUTED)])
    );
    assert_eq!(
        Input::Column(&TBL_PROJECTS, col::EXECUTED).label(),
        "项目支出表各行的全年执行数"
    );
    assert_eq!(
        parsed("=COUNT(tbl_projects.executed)").measure(&blank),
        Measured::Value(d("1"))
    );
    assert_eq!(
        parsed("=SUM(tbl_projects.executed)").measure(&dept(&[], &[])),
        Measured::Value(d("0"))
    );
}

/// The formula with the figures put in, as the score's explanation shows it.
#[test]
fn substituted_shows_the_figures() {
    let unit = dept(
        &[
            (key::BUDGET_EXECUTED, "2815.61"),
            (key::BUDGET_INITIAL, "5380.44"),
            (key::BUDGET_ADJUSTMENT, "0"),
        ],
        &[],
    );
    let f = parsed(
        "=budget_executed/(IF(ISBLANK(tbl_finance.carryover),0,tbl_finance.carryover)\
         +budget_initial+budget_adjustment)*100",
    );
    assert_eq!(
        f.substituted(&unit, &f.measure(&unit), |v| percent_text(v, 2)),
        "= 2815.61 ÷ (IF(ISBLANK(（空）), 0, （空）) + 5380.44 + 0) × 100 = 52.33%"
    );
    let h = parsed("=IF(budget_executed >= 95%*2, MAX(1, 2), 0)");
    assert_eq!(
        h.substituted(&unit, &h.measure(&unit), |v| v.to_string()),
        "= IF(2815.61 ≥ 95% × 2, MAX(1, 2), 0) = 2"
    );
    let zero = dept(
        &[(key::BUDGET_EXECUTED, "3"), (key::BUDGET_INITIAL, "0")],
        &[],
    );
    let rate = parsed("=budget_executed/budget_initial*100");
    assert_eq!(
        rate.substituted(&zero, &rate.measure(&zero), |v| v.to_string()),
        "= 3 ÷ 0 × 100 = 无法计算（分母为 0，分子为 3.00）"
    );
    let blank = dept(&[], &[]);
    assert_eq!(
        rate.substituted(&blank, &rate.measure(&blank), |v| v.to_string()),
        "= （空） ÷ （空） × 100 = 无法计算（缺少数据）"
    );
}

/// Every mistake is refused when the framework loads, at its byte in the
/// formula, naming what was found and what was expected.
#[test]
fn mistakes_are_refused_at_their_place() {
    for (source, needle, says) in [
        (
            "=budget_executd/budget_initial",
            "budget_executd",
            "是否为“budget_executed”",
        ),
        (
            "=budget_initial+nothing_like_it_at_all",
            "nothing",
            "docs/fields.md",
        ),
        ("=unit_name*2", "unit_name", "不是数值"),
        (
            "=tbl_projects.executed",
            "tbl_projects",
            "SUM(tbl_projects.executed)",
        ),
        ("=SUM(tbl_nothing.x)", "tbl_nothing", "未知的表格"),
        (
            "=SUM(tbl_projects.nothing)",
            "tbl_projects",
            "没有“nothing”列",
        ),
        ("=SUM(tbl_projects.name)", "tbl_projects", "不是数值"),
        (
            "=COUNT(budget_initial)",
            "budget_initial",
            "COUNT 的参数应为表格的一列",
        ),
        ("=AVERAGE(1, 2)", "AVERAGE", "未知的函数“AVERAGE”"),
        ("=MIN(1, 2", "", "应为“,”，或以“)”结束"),
        ("=(1+2", "", "应为“)”"),
        ("=1+", "", "应为数字、字段名、函数或“(”"),
        ("=1 2", "2", "应为运算符或公式结尾"),
        ("=2^3", "^", "不支持乘方"),
        ("=1 & 2", "&", "不能有“&”"),
        ("=IF(1, 2, 3)", "1, 2", "IF 的第一个参数需要条件"),
        ("=IF(1 > 0, 2)", "IF", "IF 需要3 个参数"),
        ("=1 > 0", "1 > 0", "结果应为数值"),
        ("=1 < 2 < 3", "< 3", "比较不能连写"),
        ("=AND(1, 2 > 1)", "1,", "AND 的参数需要条件"),
        ("=TRUE + 1", "TRUE", "加减需要数值"),
        ("=1.2.3", "1.2.3", "不是数字"),
    ] {
        let e = error(source);
        assert!(e.message.contains(says), "{source}: {}", e.message);
        let want = if needle.is_empty() {
            source.len()
        } else {
            source.find(needle).unwrap()
        };
        assert_eq!(e.at, want, "{source}: {}", e.message);
    }
    let deep = format!("={}1{}", "(".repeat(100), ")".repeat(100));
    assert!(error(&deep).message.contains("嵌套"));
    let long = format!("=1{}", "+1".repeat(600));
    let e = error(&long);
    assert!(e.message.contains("公式过长"), "{}", e.message);
    // At the first token past the limit.
    assert_eq!(e.at, 1001);
    let just = format!("=1{}", "+1".repeat(499));
    assert_eq!(num(&just), d("500"));
}

/// The inputs a formula reads, each once, in order; SUM's column too.
#[test]
fn inputs_are_listed_once_each() {
    let f = parsed(
        "=IF(ISBLANK(paid_q1), 0, paid_q1) / (tbl_finance.carryover + budget_initial) \
         + SUM(tbl_projects.executed) * 0",
    );
    assert_eq!(
        f.inputs(),
        [
            Input::Field(key::PAID_Q1),
            Input::Summary(col::CARRYOVER),
            Input::Field(key::BUDGET_INITIAL),
            Input::Column(&TBL_PROJECTS, col::EXECUTED),
        ]
    );
}

/// A formula can say what each built-in rate says.
#[test]
fn a_formula_reproduces_a_builtin_metric() {
    let unit = dept(
        &[
            (key::BUDGET_EXECUTED, "90"),
            (key::BUDGET_INITIAL, "100"),
            (key::BUDGET_ADJUSTMENT, "20"),
            (key::STAFF_ACTUAL, "45"),
            (key::STAFF_QUOTA, "0"),
        ],
        &[(col::CARRYOVER, "10"), (col::PUBLIC_EXP, "8")],
    );
    for (metric, formula) in [
        (
            Metric::BudgetCompletion,
            "=budget_executed/(tbl_finance.carryover+budget_initial+budget_adjustment)*100",
        ),
        (Metric::StaffControl, "=staff_actual/staff_quota*100"),
        (
            Metric::PublicExpenseControl,
            "=tbl_finance.public_exp/public_budget*100",
        ),
    ] {
        assert_eq!(
            parsed(formula).measure(&unit),
            metric.measure(&unit),
            "{formula}"
        );
    }
}

fn field_key(s: &str) -> FieldKey {
    crate::contract::fields::field(s).unwrap().id()
}

/// An exact fraction of integers, reduced, with a positive denominator.
#[derive(Debug, Clone, Copy)]
struct Ratio(i128, i128);

impl Ratio {
    fn new(n: i128, d: i128) -> Ratio {
        fn gcd(a: i128, b: i128) -> i128 {
            if b == 0 { a.abs() } else { gcd(b, a % b) }
        }
        let g = gcd(n, d).max(1) * d.signum();
        Ratio(n / g, d / g)
    }
    fn add(self, o: Ratio) -> Ratio {
        Ratio::new(self.0 * o.1 + o.0 * self.1, self.1 * o.1)
    }
    fn mul(self, o: Ratio) -> Ratio {
        Ratio::new(self.0 * o.0, self.1 * o.1)
    }
    fn decimal(self) -> Decimal {
        Decimal::from_i128_with_scale(self.0, 0) / Decimal::from_i128_with_scale(self.1, 0)
    }
}

proptest::proptest! {
    /// The evaluator against a plain reference in exact fractions, on
    /// random expressions of + − × ÷ over three inputs, one of which may be
    /// blank: the same value to 20 decimals, the blank named, a division
    /// by zero a zero base.
    #[test]
    fn evaluation_agrees_with_a_reference(
        ops in proptest::collection::vec(0usize..4, 1..6),
        vals in proptest::collection::vec(-50i64..50, 3),
        blank in 0usize..4,
        names in proptest::collection::vec(0usize..3, 6),
    ) {
        let keys = ["budget_initial", "budget_executed", "paid_q1"];
        let filled: Vec<(FieldKey, String)> = (0..3)
            .filter(|i| *i != blank)
            .map(|i| (field_key(keys[i]), vals[i].to_string()))
            .collect();
        let scalars: Vec<(FieldKey, &str)> =
            filled.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let unit = dept(&scalars, &[]);
        // * and / before + and -, each left to right.
        let val = |n: usize| Ratio::new(i128::from(vals[n]), 1);
        let mut text = format!("={}", keys[names[0]]);
        let mut sum = Ratio::new(0, 1);
        let mut sign = 1;
        let mut term = val(names[0]);
        let mut zero = false;
        for (i, op) in ops.iter().enumerate() {
            let n = names[i + 1];
            text.push(['+', '-', '*', '/'][*op]);
            text.push_str(keys[n]);
            match op {
                0 | 1 => {
                    sum = sum.add(term.mul(Ratio::new(sign, 1)));
                    sign = if *op == 0 { 1 } else { -1 };
                    term = val(n);
                }
                2 => term = term.mul(val(n)),
                _ if vals[n] == 0 => zero = true,
                _ => term = term.mul(Ratio::new(1, i128::from(vals[n]))),
            }
        }
        sum = sum.add(term.mul(Ratio::new(sign, 1)));
        let got = Formula::parse(&text, "t").unwrap().measure(&unit);
        if names[..=ops.len()].contains(&blank) {
            let named = vec![Input::Field(field_key(keys[blank]))];
            proptest::prop_assert_eq!(got, Measured::Missing(named), "{}", text);
        } else if zero {
            let zero_base = matches!(got, Measured::ZeroBase { .. });
            proptest::prop_assert!(zero_base, "{}: {:?}", text, got);
        } else {
            let Measured::Value(v) = got else {
                return Err(proptest::test_runner::TestCaseError::fail(format!("{text}: {got:?}")));
            };
            let off = (v - sum.decimal()).abs();
            let within = off < d("0.00000000000000000001");
            proptest::prop_assert!(within, "{}: {} vs {}", text, v, sum.decimal());
        }
    }
}

/// Every input any built-in metric reads, as the fields and 汇总 row
/// columns a department fills.
fn metric_inputs() -> (Vec<FieldKey>, Vec<ColumnId>) {
    use crate::contract::fields::SANGONG;
    let (mut fields, mut summary) = (Vec::new(), Vec::new());
    for m in Metric::ALL {
        for input in m.inputs() {
            match input {
                Input::Field(k) if !fields.contains(&k) => fields.push(k),
                Input::Summary(c) if !summary.contains(&c) => summary.push(c),
                Input::Sangong(part) => {
                    for kind in SANGONG {
                        if !fields.contains(&kind.key(part)) {
                            fields.push(kind.key(part));
                        }
                    }
                }
                _ => {}
            }
        }
    }
    (fields, summary)
}

/// The same outcome: the same value to the last digit, a zero base with
/// the same numerator, or missing inputs (the formula may name more of
/// them: it reads every blank it meets, a built-in the first it needs).
fn same(a: &Measured, b: &Measured) -> bool {
    match (a, b) {
        (Measured::Missing(_), Measured::Missing(_)) => true,
        _ => a == b,
    }
}

proptest::proptest! {
    #![proptest_config(proptest::test_runner::Config::with_cases(600))]

    /// Each built-in metric's definition (`Metric::definition`), evaluated
    /// by the formula engine, measures exactly what the metric measures, on
    /// departments whose every input is blank, zero, or a figure of either
    /// sign.
    #[test]
    fn every_builtin_metric_is_its_definition(
        picks in proptest::collection::vec((0u8..6, -2_000_000i64..20_000_000), 64),
    ) {
        let (fields, summary) = metric_inputs();
        let figure = |i: usize| -> Option<String> {
            let (kind, n) = picks[i % picks.len()];
            match kind {
                0 => None,
                1 => Some("0".into()),
                // The same figure as the input before it: a zero difference.
                2 => Some(Decimal::new(picks[(i + 63) % picks.len()].1, 2).to_string()),
                _ => Some(Decimal::new(n, 2).to_string()),
            }
        };
        let scalars: Vec<(FieldKey, String)> = fields
            .iter()
            .enumerate()
            .filter_map(|(i, k)| Some((*k, figure(i)?)))
            .collect();
        let columns: Vec<(ColumnId, String)> = summary
            .iter()
            .enumerate()
            .filter_map(|(i, c)| Some((*c, figure(fields.len() + i)?)))
            .collect();
        let scalars: Vec<(FieldKey, &str)> = scalars.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let columns: Vec<(ColumnId, &str)> = columns.iter().map(|(c, v)| (*c, v.as_str())).collect();
        let unit = dept(&scalars, &columns);
        for m in Metric::ALL {
            let formula = Formula::parse(&m.definition(), m.label())
                .unwrap_or_else(|e| panic!("{}: {e:?}", m.id()));
            let (want, got) = (m.measure(&unit), formula.measure(&unit));
            proptest::prop_assert!(same(&want, &got), "{}: {:?} vs {:?}", m.id(), want, got);
        }
    }
}

/// The definitions hold on the sample workbooks as read too.
#[test]
fn the_samples_measure_the_same_by_definition() {
    use crate::check::check_path;
    use crate::ingest::guard::Limits;
    use crate::rules::settings::Settings;
    for stem in ["junshan-2022", "chenxi-2022", "qingshanhu-2020"] {
        let path =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("input/{stem}.xlsx"));
        let report = check_path(&path, &Settings::default(), &Limits::default());
        let unit = report.department.expect("a sample is read");
        for m in Metric::ALL {
            let formula = Formula::parse(&m.definition(), m.label()).unwrap();
            let (want, got) = (m.measure(&unit), formula.measure(&unit));
            assert!(same(&want, &got), "{stem} {}: {want:?} vs {got:?}", m.id());
        }
    }
}

/// In the completed workbook a formula reads the cells jixiao read its
/// inputs from: a name is its cell's number (or `#N/A`), ISBLANK is
/// “is it #N/A”, the whole shows a blank when it cannot be computed; a
/// name jixiao read from no cell gives no formula.
#[test]
fn a_formula_in_excel_reads_the_cells_jixiao_read() {
    use crate::contract::cell::Spot;
    let mut unit = dept(
        &[(key::BUDGET_EXECUTED, "50"), (key::BUDGET_INITIAL, "100")],
        &[(col::CARRYOVER, "0")],
    );
    let f = parsed("=budget_executed / budget_initial * 100");
    assert_eq!(f.excel(&unit), None, "no cells, no formula");
    for (k, row) in [(key::BUDGET_EXECUTED, 4), (key::BUDGET_INITIAL, 3)] {
        unit.scalars.get_mut(k.as_str()).unwrap().spot = Some(Spot::new("收支情况", row, 2));
    }
    let num = |r: &str| format!("IF(ISNUMBER({r}),{r},IFERROR(VALUE({r}),NA()))");
    let (executed, initial) = (num("'收支情况'!$C$5"), num("'收支情况'!$C$4"));
    assert_eq!(
        f.excel(&unit).unwrap(),
        format!("=IFERROR({executed}/{initial}*100,\"\")")
    );
    let g = parsed("=IF(ISBLANK(budget_initial), 0, MIN(budget_executed, 95%))");
    assert_eq!(
        g.excel(&unit).unwrap(),
        format!("=IFERROR(IF(ISNA({initial}),0,MIN({executed},0.95)),\"\")")
    );
    // The 汇总 row's cell, when it has one.
    let h = parsed("=tbl_finance.carryover + 1");
    assert_eq!(h.excel(&unit), None);
    unit.tables.get_mut(TBL_FINANCE.key).unwrap().rows[0].cells[TBL_FINANCE.col(col::CARRYOVER)]
        .spot = Some(Spot::new("收支情况", 10, 1));
    assert!(h.excel(&unit).unwrap().contains("'收支情况'!$B$11"));
}
