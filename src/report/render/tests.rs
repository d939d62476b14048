//! The rendering's unit tests: Markdown escaping, the filters, the
//! fingerprint, the version markers, and the docs listing every template.

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

#[test]
fn every_default_template_is_marked_with_this_view_version() {
    for (name, text) in DEFAULTS {
        assert!(
            text.starts_with(&format!("{{# {}{VIEW_VERSION} -#}}\n", version::MARK)),
            "{name} does not open with its version marker"
        );
        assert_eq!(
            version::written_for(text),
            Written::For(VIEW_VERSION),
            "{name}"
        );
    }
}

#[test]
fn the_marker_is_a_comment_on_the_first_line() {
    for (text, written) in [
        ("{# jixiao-view/3 -#}\n<p>", Written::For(3)),
        ("{#- jixiao-view/2 #}<p>", Written::For(2)),
        ("  {# 本局修改 jixiao-view/1 -#}\n", Written::For(1)),
        ("{# jixiao-view/99999999999 #}", Written::For(u32::MAX)),
        ("<p>jixiao-view/1</p>", Written::Unmarked),
        ("<p>\n{# jixiao-view/1 #}", Written::Unmarked),
        ("{# jixiao-view/ #}", Written::Unmarked),
        ("{# 说明\njixiao-view/1 #}", Written::Unmarked),
        ("", Written::Unmarked),
    ] {
        assert_eq!(version::written_for(text), written, "{text:?}");
    }
}

#[test]
fn the_marker_renders_nothing_and_templates_see_the_version() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("t.html"),
        format!("{{# jixiao-view/{VIEW_VERSION} -#}}\n<p>{{{{ view_version }}}}</p>\n"),
    )
    .unwrap();
    let templates = Templates::load(Some(dir.path())).unwrap();
    let view = serde_json::json!({ "unit": { "name": "君山区医保局" } });
    let shown = format!("<p>{VIEW_VERSION}</p>\n");
    assert_eq!(templates.render("t.html", &view).unwrap(), shown);
    let value = Templates::value("t.html", &view).unwrap();
    let context = Templates::context_of(&value);
    assert_eq!(templates.render_context("t.html", &context).unwrap(), shown);
}

/// The variable a user's template lacks, as Tera words each way of lacking
/// one: a pin on Tera's messages, which this depends on.
#[test]
fn a_missing_variable_is_named_as_the_template_writes_it() {
    let view = serde_json::json!({
        "unit": { "name": "君山区医保局" },
        "items": [1],
    });
    for (body, variable) in [
        ("{{ nope }}", "nope"),
        ("{{ nope.x }}", "nope"),
        ("{{ unit.nope }}", "unit.nope"),
        ("{{ unit.name.nope }}", "unit.name.nope"),
        ("{{ unit.nope | upper }}", "unit.nope"),
        ("{% for x in unit.nope %}{% endfor %}", "unit.nope"),
        ("{% for i in items %}{{ i.nope }}{% endfor %}", "i.nope"),
        ("{{ items[3] }}", "items[3]"),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("t.html");
        std::fs::write(&file, format!("{{# jixiao-view/0 -#}}\n<p>{body}</p>\n")).unwrap();
        let templates = Templates::load(Some(dir.path())).unwrap();
        match templates.render("t.html", &view) {
            Err(TemplateError::MissingVariable {
                file: f,
                line,
                variable: v,
                written,
                current,
                ..
            }) => {
                assert_eq!(f, file.display().to_string(), "{body}");
                assert_eq!(line, 2, "{body}");
                assert_eq!(v, variable, "{body}");
                assert_eq!(written, Written::For(0), "{body}");
                assert_eq!(current, VIEW_VERSION, "{body}");
            }
            other => panic!("{body}: {other:?}"),
        }
    }
}

#[test]
fn other_errors_and_default_templates_keep_their_message() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("t.html"), "{{ unit.name | cn_num }}").unwrap();
    let templates = Templates::load(Some(dir.path())).unwrap();
    let view = serde_json::json!({ "unit": { "name": "君山区医保局" } });
    let e = templates.render("t.html", &view).unwrap_err();
    assert!(matches!(e, TemplateError::At { .. }), "{e:?}");
    // A default template that lacks a variable is jixiao's own fault, not
    // the user's: Tera's words, located.
    let e = Templates::defaults()
        .unwrap()
        .render(REPORT_MD, &view)
        .unwrap_err();
    assert!(matches!(e, TemplateError::At { .. }), "{e:?}");
}

#[test]
fn a_template_written_for_a_newer_view_model_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("partials")).unwrap();
    let file = dir.path().join("partials/problems.md");
    let newer = VIEW_VERSION + 1;
    std::fs::write(
        &file,
        format!("{{# jixiao-view/{newer} -#}}\n## 五、问题\n"),
    )
    .unwrap();
    match Templates::load(Some(dir.path())) {
        Err(TemplateError::Newer {
            file: f,
            written,
            current,
        }) => {
            assert_eq!(f, file.display().to_string());
            assert_eq!((written, current), (newer, VIEW_VERSION));
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn docs_describe_the_view_model_version() {
    let doc = include_str!("../../../docs/templates.md");
    assert!(doc.contains(&format!("`{VIEW_VERSION_NAME}`")));
    assert!(doc.contains(&format!("{}{VIEW_VERSION}", version::MARK)));
    for v in 1..=VIEW_VERSION {
        assert!(
            doc.contains(&format!("\n| {v} |")),
            "docs/templates.md has no changelog row for view model version {v}"
        );
    }
}
