//! The rendering's unit tests: Markdown escaping, the filters, the
//! fingerprint, and the docs listing every template.

use tera::{Context, Tera};

use super::filters::{FILTERS, cn_num, date_zh, escape_markdown, register_filters};
use super::*;

fn md(s: &str) -> String {
    let mut out = Vec::new();
    escape_markdown(s, &mut out).unwrap();
    String::from_utf8(out).unwrap()
}

/// The escaping one character at a time, as first written: the
/// reference for the run-by-run [`escape_markdown`].
fn md_by_char(input: &str) -> String {
    let text = input.trim_start_matches([' ', '\t']);
    let mut out = String::new();
    let mut at_start = true;
    let mut leading_digits = true;
    let mut chars = text.chars().peekable();
    while let Some(ch) = chars.next() {
        match ch {
            '\\' | '`' | '*' | '_' | '[' | ']' | '#' | '|' | '~' => {
                out.push('\\');
                out.push(ch);
            }
            '-' | '+' | '=' if at_start && chars.peek().is_none_or(|c| *c == ' ' || *c == ch) => {
                out.push('\\');
                out.push(ch);
            }
            '.' | ')' if leading_digits && !at_start && chars.peek().is_none_or(|c| *c == ' ') => {
                out.push('\\');
                out.push(ch);
            }
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\r' => {}
            '\n' => out.push_str("<br>"),
            _ => out.push(ch),
        }
        leading_digits = leading_digits && ch.is_ascii_digit();
        at_start = false;
    }
    out
}

proptest::proptest! {
    #[test]
    fn markdown_escaping_in_runs_is_escaping_by_character(
        s in "[ \t\r\n\\\\`*_\\[\\]#|~+=.)<>&a1-9中文-]{0,16}"
    ) {
        proptest::prop_assert_eq!(md(&s), md_by_char(&s));
    }
}

#[test]
fn markdown_escaping_keeps_text_text() {
    assert_eq!(md("a|b"), "a\\|b");
    assert_eq!(
        md("<script>alert(1)</script>"),
        "&lt;script&gt;alert(1)&lt;/script&gt;"
    );
    assert_eq!(
        md("**粗体** _x_ `code` [链接](http://x)"),
        "\\*\\*粗体\\*\\* \\_x\\_ \\`code\\` \\[链接\\](http://x)"
    );
    assert_eq!(md("# 标题"), "\\# 标题");
    assert_eq!(md("=1+1"), "=1+1");
    assert_eq!(md("==="), "\\===");
    assert_eq!(md("-10.69%"), "-10.69%");
    assert_eq!(md("+ 加"), "\\+ 加");
    assert_eq!(md("- 列表"), "\\- 列表");
    assert_eq!(md("1. 第一"), "1\\. 第一");
    assert_eq!(md("2022.5"), "2022.5");
    assert_eq!(md("1)"), "1\\)");
    assert_eq!(md("第一行\n第二行"), "第一行<br>第二行");
    assert_eq!(md("    缩进"), "缩进");
    assert_eq!(md("a&lt;b"), "a&amp;lt;b");
    assert_eq!(md("18.33%"), "18.33%");
    assert_eq!(md("2,854.84"), "2,854.84");
}

#[test]
fn docs_list_every_template_and_filter() {
    let doc = include_str!("../../../docs/templates.md");
    for (name, _) in DEFAULTS {
        // A pair is listed as `partials/x.html` / `.md`.
        let pair = name
            .strip_suffix(".md")
            .map(|stem| format!("`{stem}.html` / `.md`"));
        assert!(
            doc.contains(&format!("`{name}`")) || pair.is_some_and(|p| doc.contains(&p)),
            "docs/templates.md does not list {name}"
        );
    }
    for f in FILTERS {
        assert!(
            doc.contains(&format!("`{f}`")),
            "docs/templates.md does not list {f}"
        );
        let mut tera = Tera::new();
        register_filters(&mut tera, false);
        tera.add_raw_template("t", &format!("{{{{ x | {f} }}}}"))
            .unwrap();
    }
}

#[test]
fn chinese_numbers_and_dates() {
    let got: Vec<String> = [1, 2, 9, 10, 11, 20, 21, 99, 100]
        .iter()
        .map(|n| cn_num(*n))
        .collect();
    assert_eq!(
        got,
        [
            "一",
            "二",
            "九",
            "十",
            "十一",
            "二十",
            "二十一",
            "九十九",
            "100"
        ]
    );
    assert_eq!(date_zh("2023-03-20"), "2023年3月20日");
    assert_eq!(date_zh("2023-03-20T00:00:00"), "2023年3月20日");
    assert_eq!(date_zh("三月"), "三月");
}

#[test]
fn filters_format_decimal_strings_half_up() {
    let mut tera = Tera::new();
    register_filters(&mut tera, false);
    tera.add_raw_template(
        "t.html",
        "{{ a | wan }}|{{ a | wan(unit=true) }}|{{ b | pct }}|{{ b | pct(dp=1) }}|{{ c | num }}|{{ n | wan }}|{{ 3 | cn_num }}",
    )
    .unwrap();
    let ctx = Context::from_serialize(&serde_json::json!({
        "a": "1234567.005", "b": "18.325", "c": "4.985", "n": null
    }))
    .unwrap();
    assert_eq!(
        tera.render("t.html", &ctx).unwrap(),
        "1,234,567.01|1,234,567.01万元|18.33%|18.3%|4.99|—|三"
    );
}

#[test]
fn fingerprint_changes_with_any_template_and_only_then() {
    let defaults = Templates::defaults().unwrap();
    assert_eq!(
        defaults.fingerprint(),
        Templates::defaults().unwrap().fingerprint()
    );
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("partials")).unwrap();
    let same = DEFAULTS
        .iter()
        .find(|(n, _)| *n == "partials/problems.md")
        .unwrap()
        .1;
    std::fs::write(dir.path().join("partials/problems.md"), same).unwrap();
    let copied = Templates::load(Some(dir.path())).unwrap();
    assert_eq!(copied.fingerprint(), defaults.fingerprint());
    std::fs::write(dir.path().join("partials/problems.md"), "## 五、问题\n").unwrap();
    let changed = Templates::load(Some(dir.path())).unwrap();
    assert_ne!(changed.fingerprint(), defaults.fingerprint());
}
