//! The view's unit tests: mobile masking and the wording of sentences.

use rust_decimal::Decimal;

use super::SangongRow;
use super::prose::sangong_sentence;
use super::redact::{has_mobile, mask_mobiles};

proptest::proptest! {
    #[test]
    fn has_mobile_is_whether_masking_changes_the_text(
        s in "[0-9０-９1１3８6+ \\-，电话：]{0,24}"
    ) {
        proptest::prop_assert_eq!(has_mobile(&s), mask_mobiles(&s) != s, "{:?}", s);
    }
}

#[test]
fn mobiles_are_masked_landlines_are_not() {
    for (given, shown) in [
        ("15897303065", "158****3065"),
        ("电话：15897303065。", "电话：158****3065。"),
        ("158 9730 3065", "158 **** 3065"),
        ("158-9730-3065", "158-****-3065"),
        ("+86 158 9730 3065", "+86 158 **** 3065"),
        ("8615897303065", "86158****3065"),
        ("0730-8075108", "0730-8075108"),
        ("8075108", "8075108"),
        ("2022年2854.84万元", "2022年2854.84万元"),
        ("123456789012", "123456789012"),
        ("12897303065", "12897303065"),
        ("0745-5223456 15897303065", "0745-5223456 158****3065"),
        (
            "咨询电话：15897303065 12345。",
            "咨询电话：158****3065 12345。",
        ),
        ("１５８９７３０３０６５", "１５８****３０６５"),
        (
            "电话15897303065或13907301234",
            "电话158****3065或139****1234",
        ),
        ("158973030651", "158973030651"),
    ] {
        assert_eq!(mask_mobiles(given), shown, "{given}");
    }
}

#[test]
fn year_on_year_reads_as_increase_or_decrease() {
    let row = |a: i64, p: i64| SangongRow {
        name: "公务接待费".into(),
        budget: None,
        actual: Some(Decimal::new(a, 2)),
        prev: Some(Decimal::new(p, 2)),
    };
    let down = sangong_sentence(&[row(451, 536)], &row(451, 536), "2022").unwrap();
    assert!(down.contains("比上年减少0.85万元，下降15.86%"), "{down}");
    let up = sangong_sentence(&[row(536, 451)], &row(536, 451), "2022").unwrap();
    assert!(up.contains("比上年增加0.85万元，增长18.85%"), "{up}");
    let flat = sangong_sentence(&[row(451, 451)], &row(451, 451), "2022").unwrap();
    assert!(flat.contains("与上年持平"), "{flat}");
}
