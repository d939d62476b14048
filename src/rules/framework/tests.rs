use rust_decimal::Decimal;

use super::load::check_cover;
use super::*;

fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

#[test]
fn builtins_load() {
    for (id, file, text) in BUILTIN {
        let f = parse(text, file).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(f.id, *id);
        assert_eq!(f.total, d("100"));
    }
}

#[test]
fn intervals() {
    let i = Interval::parse("(0,10]").unwrap();
    assert!(!i.contains(d("0")));
    assert!(i.contains(d("0.0001")));
    assert!(i.contains(d("10")));
    assert!(!i.contains(d("10.01")));
    assert!(Interval::parse("=0").unwrap().contains(d("0")));
    assert!(Interval::parse("[90,)").unwrap().contains(d("1000")));
    assert!(Interval::parse("(,60)").unwrap().contains(d("-5")));
    assert_eq!(Interval::parse("[,60)"), None);
    assert_eq!(Interval::parse("(10,10]"), None);
    assert_eq!(Interval::parse("0-10"), None);
    assert_eq!(Interval::parse("(0,10]").unwrap().to_string(), "(0%,10%]");
}

fn bands(list: &[&str]) -> Vec<Band> {
    list.iter()
        .map(|w| Band {
            interval: Interval::parse(w).unwrap(),
            score: Decimal::ONE,
        })
        .collect()
}

#[test]
fn cover_accepts_a_partition() {
    let dom = Interval::parse("[0,)").unwrap();
    check_cover(
        &bands(&["=0", "(0,10]", "(10,20]", "(20,30]", "(30,)"]),
        dom,
    )
    .unwrap();
    let all = Interval {
        low: None,
        high: None,
    };
    check_cover(&bands(&["[90,)", "[80,90)", "[60,80)", "(,60)"]), all).unwrap();
    check_cover(
        &bands(&["[0,60)", "[60,100]"]),
        Interval::parse("[0,100]").unwrap(),
    )
    .unwrap();
}

#[test]
fn cover_refuses_gaps_and_overlaps() {
    let dom = Interval::parse("[0,)").unwrap();
    let gap = check_cover(&bands(&["=0", "(0,10]", "(20,30]", "(30,)"]), dom).unwrap_err();
    assert!(gap.contains("缺口"), "{gap}");
    let hole = check_cover(&bands(&["=0", "(0,10)", "(10,)"]), dom).unwrap_err();
    assert!(hole.contains("10"), "{hole}");
    let over = check_cover(&bands(&["[0,10]", "[10,)"]), dom).unwrap_err();
    assert!(over.contains("重叠"), "{over}");
    let top = check_cover(&bands(&["=0", "(0,10]"]), dom).unwrap_err();
    assert!(top.contains("以上"), "{top}");
    let bottom = check_cover(&bands(&["(0,10]", "(10,)"]), dom).unwrap_err();
    assert!(bottom.contains('0'), "{bottom}");
}

const MINIMAL: &str = r#"
id = "t"
name = "测试"
total = 10

[[level1]]
name = "投入"
points = 10

[[level1.level2]]
name = "预算配置"
points = 10

[[level1.level2.indicators]]
id = "a"
name = "在职人员控制率"
points = 4
rule = { kind = "linear", metric = "staff_control", standard = 100, worse = "above", per_point = 0.5 }

[[level1.level2.indicators]]
id = "b"
name = "职责履行"
points = 6
rule = { kind = "self" }
"#;

#[test]
fn a_minimal_framework_loads_with_default_grades() {
    let f = parse(MINIMAL, "t.toml").unwrap();
    assert_eq!(f.leaves().count(), 2);
    assert_eq!(f.grade(d("9")), "优");
    assert_eq!(f.grade(d("8.99")), "良");
    assert_eq!(f.grade(d("0")), "差");
}

#[test]
fn mistakes_are_reported_at_their_line() {
    let bad = MINIMAL.replace("points = 4", "points = 5");
    let e = parse(&bad, "t.toml").unwrap_err();
    assert_eq!(e.file, "t.toml");
    assert_eq!(e.line, 12, "{e}");
    assert!(e.message.contains("之和为 11"), "{e}");

    let bad = MINIMAL.replace("staff_control", "staff_contrl");
    let e = parse(&bad, "t.toml").unwrap_err();
    assert_eq!(e.line, 18, "{e}");
    assert!(e.message.contains("staff_contrl"), "{e}");

    let bad = MINIMAL.replace("id = \"b\"", "id = \"a\"");
    let e = parse(&bad, "t.toml").unwrap_err();
    assert_eq!(e.line, 21, "{e}");

    let bad = MINIMAL.replace("name = \"测试\"", "name = \"测试\"\ncolour = 1");
    let e = parse(&bad, "t.toml").unwrap_err();
    assert_eq!(e.line, 4, "{e}");
    assert!(e.message.contains("colour"), "{e}");
}
