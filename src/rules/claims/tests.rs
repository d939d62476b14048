use super::*;

fn dec(s: &str) -> Decimal {
    s.parse().unwrap_or_default()
}

/// The first quantity of `s`.
fn quantity(s: &str) -> Quantity {
    let n = Norm::new(s);
    quantities(&n).into_iter().next().expect("a quantity")
}

fn fact(value: &str, dim: Dim) -> Fact {
    Fact {
        value: dec(value),
        dim,
        unit: None,
        place: String::new(),
    }
}

#[test]
fn claims_are_compared_at_their_own_precision() {
    let tol = Settings::DEFAULT_TOLERANCE;
    let money = |claim: &str, table: &str| agrees(&quantity(claim), &fact(table, Dim::Money), tol);
    assert!(!money("2854.94万元", "2854.84"));
    assert!(money("15万元", "14.6"), "whole 万元");
    assert!(money("84.12万元", "84.1149"), "within the tolerance");
    assert!(!money("16万元", "14.6"));
    assert!(money("7,167,065.75元", "716.7065575"));
    assert!(money("1.2亿元", "11950"));
    assert!(!money("1.3亿元", "11950"));
    assert!(money("三千万元", "2999.6"));
    let rate = |claim: &str, table: &str| agrees(&quantity(claim), &fact(table, Dim::Percent), tol);
    assert!(!rate("100%", "89.36"));
    assert!(rate("317%", "317.1395"));
    assert!(rate("84.12%", "84.1149"));
    let count = |claim: &str, table: &str| agrees(&quantity(claim), &fact(table, Dim::Count), tol);
    assert!(!count("3967人", "3952"));
    assert!(count("1.2万人次", "12045"));
}

#[test]
fn counts_compare_only_with_counts_of_the_same_unit() {
    let mut f = fact("12411", Dim::Count);
    f.unit = Some("人次".to_string());
    assert!(comparable(&quantity("12411人次"), &f));
    assert!(!comparable(&quantity("12411人"), &f));
    assert!(!comparable(&quantity("12411万元"), &f));
    f.unit = Some("人".to_string());
    assert!(comparable(&quantity("3名"), &f));
}
