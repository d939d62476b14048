use proptest::prelude::*;
use rust_decimal::Decimal;
use std::str::FromStr;

use chrono::NaiveDate;

use super::*;
use crate::contract::cell::CellValue;
use date::date;
use normalize::{is_placeholder, normalize};
use number::{decimal_from_f64, integer, money, number, percent, scan_digits};
use phone::is_phone;
use text::text;

use Coercion::*;

fn dec(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

fn t(s: &str) -> CellValue {
    CellValue::Text(s.to_string())
}

fn unit(from: &str, factor: &str) -> Coercion {
    Unit {
        from: from.to_string(),
        factor: factor.to_string(),
    }
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

type Parser<T> = fn(&CellValue) -> Result<Option<Coerced<T>>, Problem>;

fn check<T: std::fmt::Debug + PartialEq + Clone>(
    f: Parser<T>,
    cases: &[(CellValue, T, Vec<Coercion>)],
) {
    for (input, value, notes) in cases {
        let got = f(input);
        assert_eq!(
            got,
            Ok(Some(Coerced {
                value: value.clone(),
                notes: notes.clone()
            })),
            "input {input:?}"
        );
    }
}

fn check_err<T: std::fmt::Debug + PartialEq>(f: Parser<T>, cases: &[(CellValue, Problem)]) {
    for (input, problem) in cases {
        assert_eq!(f(input), Err(problem.clone()), "input {input:?}");
    }
}

const PLACEHOLDERS: &[&str] = &[
    "",
    " ",
    "\u{3000}",
    " \u{3000}\t",
    "—",
    "——",
    "-",
    "--",
    "/",
    "／",
    "无",
    "暂无",
    "空",
    "N/A",
    "n/a",
    "……",
    ".....",
    "...",
    "指标 2:",
    "指标2：",
    "指标 二：",
    "－",
    "\u{a0}",
];

#[test]
fn placeholders() {
    for p in PLACEHOLDERS {
        assert!(is_placeholder(p), "{p:?}");
    }
    for s in [
        "0",
        "12",
        "-5",
        "无人",
        "指标 2: 完成",
        "张三",
        "2:",
        "1.",
        "空调",
        "N/A/B",
    ] {
        assert!(!is_placeholder(s), "{s:?}");
    }
}

#[test]
fn normalizes() {
    assert_eq!(
        normalize("１２３．５％"),
        ("123.5%".to_string(), vec![FullWidth])
    );
    assert_eq!(normalize(" a\u{3000}"), ("a".to_string(), vec![Spaces]));
    assert_eq!(normalize("≦5"), ("<=5".to_string(), vec![FullWidth]));
    assert_eq!(normalize("＞＝９０"), (">=90".to_string(), vec![FullWidth]));
    assert_eq!(
        normalize("\u{3000}＜ 5 "),
        ("< 5".to_string(), vec![FullWidth, Spaces])
    );
    assert_eq!(normalize("张\u{3000}三"), ("张 三".to_string(), vec![]));
    assert_eq!(normalize("abc"), ("abc".to_string(), vec![]));
}

#[test]
fn floats_as_excel_shows_them() {
    assert_eq!(decimal_from_f64(0.1 + 0.2), Some(dec("0.3")));
    assert_eq!(decimal_from_f64(2815.27), Some(dec("2815.27")));
    assert_eq!(decimal_from_f64(-2815.27), Some(dec("-2815.27")));
    assert_eq!(decimal_from_f64(1.0 / 3.0), Some(dec("0.333333333333333")));
    assert_eq!(
        decimal_from_f64(123_456_789_012_345_678.0),
        Some(dec("123456789012346000"))
    );
    assert_eq!(decimal_from_f64(-0.0), Some(Decimal::ZERO));
    assert_eq!(decimal_from_f64(1e-30), Some(Decimal::ZERO));
    assert_eq!(
        decimal_from_f64(1.5e-20),
        Some(dec("0.000000000000000000015"))
    );
    assert_eq!(decimal_from_f64(1e300), None);
    assert_eq!(decimal_from_f64(f64::NAN), None);
    assert_eq!(decimal_from_f64(f64::INFINITY), None);
    assert_eq!(decimal_from_f64(7167065.75), Some(dec("7167065.75")));
}

#[test]
fn numbers() {
    check(
        number,
        &[
            (CellValue::Int(26), dec("26"), vec![]),
            (CellValue::Number(2815.27), dec("2815.27"), vec![]),
            (CellValue::Number(0.1 + 0.2), dec("0.3"), vec![]),
            (t("123"), dec("123"), vec![TextNumber]),
            (t("１２３"), dec("123"), vec![TextNumber, FullWidth]),
            (t("1,234.5"), dec("1234.5"), vec![TextNumber, Separators]),
            (t("1，234.5"), dec("1234.5"), vec![TextNumber, Separators]),
            (
                t("1,234,567.8"),
                dec("1234567.8"),
                vec![TextNumber, Separators],
            ),
            (t("  12 \u{3000}"), dec("12"), vec![TextNumber, Spaces]),
            (t("(123)"), dec("-123"), vec![TextNumber, ParenNegative]),
            (t("（123）"), dec("-123"), vec![TextNumber, ParenNegative]),
            (
                t("－１２３．５"),
                dec("-123.5"),
                vec![TextNumber, FullWidth],
            ),
            (t("−5"), dec("-5"), vec![TextNumber]),
            (t("- 5"), dec("-5"), vec![TextNumber, Spaces]),
            (t("+7"), dec("7"), vec![TextNumber]),
            (t("1.5E3"), dec("1500"), vec![TextNumber]),
            (t("2.5e-2"), dec("0.025"), vec![TextNumber]),
            (t(".5"), dec("0.5"), vec![TextNumber]),
            (t("0.00"), dec("0"), vec![TextNumber]),
            (
                t("1 234 567"),
                dec("1234567"),
                vec![TextNumber, Spaces, Separators],
            ),
        ],
    );
    check_err(
        number,
        &[
            (t("1,23"), Problem::NotANumber),
            (t("1234,567"), Problem::NotANumber),
            (t("约二千"), Problem::NotANumber),
            (t("约200"), Problem::NotANumber),
            (t("abc"), Problem::NotANumber),
            (t("=123"), Problem::NotANumber),
            (t("＝123"), Problem::NotANumber),
            (t("12 34"), Problem::NotANumber),
            (t("1.2.3"), Problem::NotANumber),
            (t("95%"), Problem::NotANumber),
            (t("2300万元"), Problem::NotANumber),
            (t("--5"), Problem::NotANumber),
            (t("-(5)"), Problem::NotANumber),
            (t("(5"), Problem::NotANumber),
            (t("1e"), Problem::NotANumber),
            (t("2023-03-15"), Problem::NotANumber),
            (CellValue::Number(f64::NAN), Problem::NotANumber),
            (CellValue::Bool(true), Problem::Bool),
            (
                CellValue::Error("#REF!".into()),
                Problem::ErrorValue("#REF!".into()),
            ),
            (CellValue::DateSerial(45000.0), Problem::NotANumber),
            (CellValue::DateIso("2023-03-15".into()), Problem::NotANumber),
        ],
    );
    assert_eq!(number(&CellValue::Empty), Ok(None));
}

#[test]
fn money_units() {
    check(
        money,
        &[
            (CellValue::Number(2854.84), dec("2854.84"), vec![]),
            (CellValue::Int(2300), dec("2300"), vec![]),
            (t("100"), dec("100"), vec![TextNumber]),
            (
                t("2300万元"),
                dec("2300"),
                vec![TextNumber, unit("万元", "×1")],
            ),
            (
                t("2031.2万"),
                dec("2031.2"),
                vec![TextNumber, unit("万", "×1")],
            ),
            (
                t("2300 万 元"),
                dec("2300"),
                vec![TextNumber, Spaces, unit("万元", "×1")],
            ),
            (
                t("7,167,065.75元"),
                dec("716.706575"),
                vec![TextNumber, Separators, unit("元", "÷10000")],
            ),
            (
                t("１２元"),
                dec("0.0012"),
                vec![TextNumber, FullWidth, unit("元", "÷10000")],
            ),
            (
                t("(500)元"),
                dec("-0.05"),
                vec![TextNumber, ParenNegative, unit("元", "÷10000")],
            ),
        ],
    );
    check_err(
        money,
        &[
            (t("12美元"), Problem::UnknownUnit("美元".into())),
            (t("3亿"), Problem::UnknownUnit("亿".into())),
            (t("45万元 40万元"), Problem::NotANumber),
            (t("200左右"), Problem::NotANumber),
            (t("约2300万元"), Problem::NotANumber),
            (t("95%"), Problem::NotANumber),
            (CellValue::Bool(false), Problem::Bool),
        ],
    );
    // Exactly ÷10000, no binary rounding.
    let v = money(&t("7,167,065.75元")).unwrap().unwrap().value;
    assert_eq!(v.to_string(), "716.706575");
    assert!(unit("元", "÷10000").is_unit_conversion());
    assert!(!TextNumber.is_unit_conversion());
}

#[test]
fn percents() {
    check(
        percent,
        &[
            (CellValue::Number(0.95), dec("95"), vec![FractionAsPercent]),
            (CellValue::Number(95.0), dec("95"), vec![PointsAsPercent]),
            (CellValue::Number(1.0), dec("100"), vec![FractionAsPercent]),
            (CellValue::Number(0.0), dec("0"), vec![]),
            (CellValue::Int(95), dec("95"), vec![PointsAsPercent]),
            (t("95%"), dec("95"), vec![TextNumber, PercentSign]),
            (
                t("95％"),
                dec("95"),
                vec![TextNumber, FullWidth, PercentSign],
            ),
            (t("0.95"), dec("95"), vec![TextNumber, FractionAsPercent]),
            (t("95"), dec("95"), vec![TextNumber, PointsAsPercent]),
            (t("171.43%"), dec("171.43"), vec![TextNumber, PercentSign]),
            (t("0.5%"), dec("0.5"), vec![TextNumber, PercentSign]),
            (t("95 %"), dec("95"), vec![TextNumber, Spaces, PercentSign]),
        ],
    );
    check_err(
        percent,
        &[
            (t("abc%"), Problem::NotANumber),
            (t("95%%"), Problem::NotANumber),
            (t("≥95%"), Problem::NotANumber),
            (t("95万元"), Problem::NotANumber),
            (
                CellValue::Error("#DIV/0!".into()),
                Problem::ErrorValue("#DIV/0!".into()),
            ),
        ],
    );
}

#[test]
fn integers() {
    check(
        integer,
        &[
            (CellValue::Int(26), 26, vec![]),
            (CellValue::Number(26.0), 26, vec![]),
            (t("26"), 26, vec![TextNumber]),
            (t("26.0"), 26, vec![TextNumber, IntegerFromDecimal]),
            (t("26人"), 26, vec![TextNumber, UnitSuffix("人".into())]),
            (
                t("12,411人次"),
                12411,
                vec![TextNumber, Separators, UnitSuffix("人次".into())],
            ),
            (t("6个"), 6, vec![TextNumber, UnitSuffix("个".into())]),
            (
                t("２６ 人"),
                26,
                vec![TextNumber, FullWidth, Spaces, UnitSuffix("人".into())],
            ),
        ],
    );
    check_err(
        integer,
        &[
            (CellValue::Number(26.5), Problem::NotAnInteger),
            (t("26.5"), Problem::NotAnInteger),
            (t("26.5人"), Problem::NotAnInteger),
            (t("约26人"), Problem::NotANumber),
            (t("26人左右"), Problem::NotANumber),
            (t("1.2万人次"), Problem::NotANumber),
            (t("26%"), Problem::NotANumber),
            (t("26abc"), Problem::NotANumber),
            (t("26人 30人"), Problem::NotANumber),
            (CellValue::Number(1e30), Problem::NotANumber),
            (CellValue::Bool(true), Problem::Bool),
            (CellValue::DateSerial(45000.0), Problem::NotANumber),
        ],
    );
}

#[test]
fn dates() {
    check(
        date,
        &[
            (CellValue::DateSerial(1.0), day(1900, 1, 1), vec![]),
            (CellValue::DateSerial(59.0), day(1900, 2, 28), vec![]),
            (CellValue::DateSerial(61.0), day(1900, 3, 1), vec![]),
            (CellValue::DateSerial(44927.0), day(2023, 1, 1), vec![]),
            (CellValue::DateSerial(45000.0), day(2023, 3, 15), vec![]),
            (CellValue::DateSerial(45000.75), day(2023, 3, 15), vec![]),
            (
                CellValue::DateSerial(2_958_465.0),
                day(9999, 12, 31),
                vec![],
            ),
            (CellValue::Number(45000.0), day(2023, 3, 15), vec![]),
            (CellValue::Int(45000), day(2023, 3, 15), vec![]),
            (
                CellValue::Number(20230315.0),
                day(2023, 3, 15),
                vec![DateText],
            ),
            (
                CellValue::DateIso("2023-03-15".into()),
                day(2023, 3, 15),
                vec![],
            ),
            (
                CellValue::DateIso("2023-03-15T00:00:00".into()),
                day(2023, 3, 15),
                vec![],
            ),
            (t("2023年3月15日"), day(2023, 3, 15), vec![DateText]),
            (t("2023年03月15日"), day(2023, 3, 15), vec![DateText]),
            (t("2023 年 3 月 15 日"), day(2023, 3, 15), vec![DateText]),
            (t("二〇二三年三月十五日"), day(2023, 3, 15), vec![DateText]),
            (
                t("二〇二三年十二月三十一日"),
                day(2023, 12, 31),
                vec![DateText],
            ),
            (t("2023/3/15"), day(2023, 3, 15), vec![DateText]),
            (t("2023.3.15"), day(2023, 3, 15), vec![DateText]),
            (t("2023-03-15"), day(2023, 3, 15), vec![DateText]),
            (t("20230315"), day(2023, 3, 15), vec![DateText]),
            (t("2023-03-15 10:30:00"), day(2023, 3, 15), vec![DateText]),
            (
                t(" 2023/3/15\u{3000}"),
                day(2023, 3, 15),
                vec![DateText, Spaces],
            ),
            (
                t("２０２３年３月１５日"),
                day(2023, 3, 15),
                vec![DateText, FullWidth],
            ),
        ],
    );
    check_err(
        date,
        &[
            (CellValue::DateSerial(60.0), Problem::NotADate),
            (CellValue::DateSerial(0.0), Problem::NotADate),
            (CellValue::DateSerial(-5.0), Problem::NotADate),
            (CellValue::DateSerial(2_958_466.0), Problem::NotADate),
            (CellValue::Number(0.5), Problem::NotADate),
            (CellValue::Number(123_456_789.0), Problem::NotADate),
            (t("下月"), Problem::NotADate),
            (t("2023-13-45"), Problem::NotADate),
            (t("2023-02-30"), Problem::NotADate),
            (t("2023年3月"), Problem::NotADate),
            (t("15/3/2023"), Problem::NotADate),
            (t("23-3-15"), Problem::NotADate),
            (t("abc"), Problem::NotADate),
            (CellValue::DateIso("PT12H00M00S".into()), Problem::NotADate),
            (CellValue::Bool(true), Problem::Bool),
            (
                CellValue::Error("#N/A".into()),
                Problem::ErrorValue("#N/A".into()),
            ),
        ],
    );
    assert_eq!(date(&t("—")), Ok(None));
    assert_eq!(date(&CellValue::Empty), Ok(None));
}

#[test]
fn texts() {
    let cases: &[(CellValue, Option<&str>)] = &[
        (CellValue::Empty, None),
        (t("  单位\u{3000}"), Some("单位")),
        (t("第一行\n第二行 "), Some("第一行\n第二行")),
        (t("—"), None),
        (t("无"), None),
        (t(" \u{3000}"), None),
        (CellValue::Int(26), Some("26")),
        (CellValue::Number(26.0), Some("26")),
        (CellValue::Number(0.1), Some("0.1")),
        (CellValue::Number(2815.27), Some("2815.27")),
        (CellValue::Number(0.1 + 0.2), Some("0.3")),
        (CellValue::Number(1e15), Some("1000000000000000")),
        (CellValue::Bool(true), Some("TRUE")),
        (CellValue::DateSerial(45000.0), Some("2023-03-15")),
        (
            CellValue::DateIso("2023-03-15T00:00:00".into()),
            Some("2023-03-15"),
        ),
        (CellValue::Error("#REF!".into()), Some("#REF!")),
    ];
    for (input, want) in cases {
        assert_eq!(text(input).as_deref(), *want, "input {input:?}");
    }
}

#[test]
fn phones() {
    for p in [
        "8075108",
        "80751080",
        "0730-8075108",
        "0730 8075108",
        "(0730)8075108",
        "（0730）8075108",
        "07308075108",
        "010-62345678",
        "0730-8075108-123",
        "0730-8075108转123",
        "０７３０－８０７５１０８",
        "13800138000",
        "138-0013-8000",
        "138 0013 8000",
        "+86 13800138000",
        "8613800138000",
    ] {
        assert!(is_phone(p), "{p:?}");
    }
    for p in [
        "12345",
        "158973030650",
        "12800138000",
        "1380013800a",
        "abc",
        "",
        "0730-",
        "0080751080",
        "0123456",
        "+86 0730 8075108",
        "0730-8075108-1234567",
    ] {
        assert!(!is_phone(p), "{p:?}");
    }
}

#[test]
fn descriptions_are_chinese() {
    assert_eq!(TextNumber.describe(), "文本型数字已按数字读取");
    assert_eq!(
        unit("元", "÷10000").describe(),
        "已由元换算为万元（÷10000）"
    );
    assert!(unit("万元", "×1").describe().contains("万元"));
    assert!(UnitSuffix("人次".into()).describe().contains("人次"));
    assert!(
        Problem::UnknownUnit("美元".into())
            .describe()
            .contains("美元")
    );
    assert!(
        Problem::ErrorValue("#REF!".into())
            .describe()
            .contains("#REF!")
    );
    for c in [
        TextNumber,
        FullWidth,
        Separators,
        Spaces,
        ParenNegative,
        PercentSign,
        FractionAsPercent,
        PointsAsPercent,
        DateText,
        IntegerFromDecimal,
    ] {
        assert!(!c.describe().is_empty());
    }
    for p in [
        Problem::NotANumber,
        Problem::NotAnInteger,
        Problem::NotADate,
        Problem::Bool,
    ] {
        assert!(!p.describe().is_empty());
    }
}

#[test]
fn digits_are_scanned_with_their_groups() {
    let scan = |t: &str| {
        let c: Vec<char> = t.chars().collect();
        scan_digits(&c, 0).map(|d| (d.literal, d.end, d.grouped))
    };
    assert_eq!(scan("1,234.50万"), Some(("1234.50".into(), 8, true)));
    assert_eq!(scan(".5%"), Some(("0.5".into(), 2, false)));
    assert_eq!(scan("12,个"), Some(("12".into(), 2, false)));
    assert_eq!(scan("1,23"), None);
    assert_eq!(scan("1234,567"), None);
    assert_eq!(scan(",5"), None);
    assert_eq!(scan("万元"), None);
}

proptest! {
    #[test]
    fn placeholders_are_empty(
        p in prop_oneof![
            prop::sample::select(PLACEHOLDERS).prop_map(str::to_string),
            "[-—/.…]{1,6}",
        ],
        pre in prop::sample::select(&["", " ", "\u{3000}", "\u{a0}"][..]),
        post in prop::sample::select(&["", " ", "\u{3000}", "\t"][..]),
    ) {
        let s = format!("{pre}{p}{post}");
        prop_assert!(is_placeholder(&s));
        let v = t(&s);
        prop_assert_eq!(number(&v), Ok(None));
        prop_assert_eq!(money(&v), Ok(None));
        prop_assert_eq!(percent(&v), Ok(None));
        prop_assert_eq!(integer(&v), Ok(None));
        prop_assert_eq!(date(&v), Ok(None));
        prop_assert_eq!(text(&v), None);
    }
}

/// Beyond 10¹⁵ every number kind is refused, however it is written; the bound
/// itself is accepted.
#[test]
fn magnitudes_beyond_the_bound_are_refused() {
    let too_large = [
        t("79228162514264337593543950335"),
        t("-79228162514264337593543950335"),
        t("1000000000000001"),
        t("1e16"),
        CellValue::Number(7.9e28),
        CellValue::Int(i64::MAX),
        CellValue::Int(i64::MIN),
    ];
    for v in &too_large {
        assert_eq!(number(v), Err(Problem::TooLarge), "{v:?}");
        assert_eq!(money(v), Err(Problem::TooLarge), "{v:?}");
        assert_eq!(percent(v), Err(Problem::TooLarge), "{v:?}");
        assert_eq!(integer(v), Err(Problem::TooLarge), "{v:?}");
    }
    assert_eq!(money(&t("100000000000000000000元")), Err(Problem::TooLarge));
    assert_eq!(money(&t("-1e16万元")), Err(Problem::TooLarge));
    // ÷10000 brings 元 back within the bound.
    assert_eq!(
        money(&t("10000000000000000000元")).map(|c| c.map(|c| c.value)),
        Ok(Some(dec("1000000000000000")))
    );
    for s in [
        "1000000000000000",
        "-1000000000000000",
        "999999999999999.99",
    ] {
        assert_eq!(
            number(&t(s)).map(|c| c.map(|c| c.value)),
            Ok(Some(dec(s))),
            "{s}"
        );
    }
}

/// The bound keeps every sum of read values exact: as many cells of the
/// largest magnitude as the reader lets through (the cell cap, taken ten
/// thousand times over for every sheet), each also read as a percentage
/// (×100), still add up far below the largest decimal.
#[test]
fn sums_of_bounded_values_cannot_overflow() {
    use crate::contract::number::MAX_MAGNITUDE;
    let cells = Decimal::from(crate::ingest::guard::Limits::default().max_cells);
    let worst = MAX_MAGNITUDE
        .checked_mul(Decimal::ONE_HUNDRED)
        .and_then(|v| v.checked_mul(cells))
        .and_then(|v| v.checked_mul(Decimal::from(10_000)));
    assert!(worst.is_some(), "{worst:?}");
    // And a difference of two such sums (a − b with b negative) too.
    let sum = MAX_MAGNITUDE * cells;
    assert!(sum.checked_add(sum).is_some());
}

proptest! {
    /// Whatever is typed, a number read from it is within the bound (or the
    /// cell is refused): later sums never see a larger one.
    #[test]
    fn every_number_read_is_within_the_bound(
        digits in "[0-9]{1,40}",
        point in 0usize..42,
        suffix in prop::sample::select(vec!["", "元", "万元", "%", "e20", "e-5", "人"]),
        negative in any::<bool>(),
    ) {
        use crate::contract::number::within_bounds;
        let mut s = digits.clone();
        if point < s.len() {
            s.insert(point, '.');
        }
        let s = format!("{}{s}{suffix}", if negative { "-" } else { "" });
        let v = t(&s);
        for r in [number(&v), money(&v), percent(&v)] {
            if let Ok(Some(c)) = r {
                prop_assert!(within_bounds(c.value), "{s} → {}", c.value);
            }
        }
        if let Ok(Some(c)) = integer(&v) {
            prop_assert!(within_bounds(Decimal::from(c.value)), "{s} → {}", c.value);
        }
    }
}
