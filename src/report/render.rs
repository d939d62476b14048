//! Renders the narrative report (`report.md`, `report.html`) from Tera
//! templates. The defaults in `templates/` are embedded in the binary; a
//! finance office overrides any of them, or any partial, by putting a file of
//! the same name in its own folder (`--templates DIR`), and `jixiao templates
//! eject DIR` writes the defaults out to start from. Templates see only the
//! view model ([`crate::report::view`]) and the domain filters documented in
//! `docs/templates.md`.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use rust_decimal::Decimal;
use rust_decimal::prelude::FromPrimitive;
use tera::{Context, ErrorKind, Kwargs, State, Tera, Value};

use crate::contract::number::{fixed, grouped, percent_text};

/// The default templates, by name. A user's file of the same name (relative
/// to the templates folder) replaces one.
pub const DEFAULTS: &[(&str, &str)] = &[
    ("report.html", include_str!("../../templates/report.html")),
    ("report.md", include_str!("../../templates/report.md")),
    ("summary.html", include_str!("../../templates/summary.html")),
    (
        "partials/summary_row.html",
        include_str!("../../templates/partials/summary_row.html"),
    ),
    (
        "partials/style.css",
        include_str!("../../templates/partials/style.css"),
    ),
    (
        "partials/header.html",
        include_str!("../../templates/partials/header.html"),
    ),
    (
        "partials/overview.html",
        include_str!("../../templates/partials/overview.html"),
    ),
    (
        "partials/spending.html",
        include_str!("../../templates/partials/spending.html"),
    ),
    (
        "partials/goals.html",
        include_str!("../../templates/partials/goals.html"),
    ),
    (
        "partials/results.html",
        include_str!("../../templates/partials/results.html"),
    ),
    (
        "partials/problems.html",
        include_str!("../../templates/partials/problems.html"),
    ),
    (
        "partials/measures.html",
        include_str!("../../templates/partials/measures.html"),
    ),
    (
        "partials/appendix.html",
        include_str!("../../templates/partials/appendix.html"),
    ),
    (
        "partials/chart_spending.html",
        include_str!("../../templates/partials/chart_spending.html"),
    ),
    (
        "partials/chart_levels.html",
        include_str!("../../templates/partials/chart_levels.html"),
    ),
    (
        "partials/header.md",
        include_str!("../../templates/partials/header.md"),
    ),
    (
        "partials/overview.md",
        include_str!("../../templates/partials/overview.md"),
    ),
    (
        "partials/spending.md",
        include_str!("../../templates/partials/spending.md"),
    ),
    (
        "partials/goals.md",
        include_str!("../../templates/partials/goals.md"),
    ),
    (
        "partials/results.md",
        include_str!("../../templates/partials/results.md"),
    ),
    (
        "partials/problems.md",
        include_str!("../../templates/partials/problems.md"),
    ),
    (
        "partials/measures.md",
        include_str!("../../templates/partials/measures.md"),
    ),
    (
        "partials/appendix.md",
        include_str!("../../templates/partials/appendix.md"),
    ),
];

/// The two documents every report has.
pub const REPORT_HTML: &str = "report.html";
pub const REPORT_MD: &str = "report.md";

/// A template that cannot be loaded or rendered, located in its file.
#[derive(Debug, thiserror::Error)]
pub enum TemplateError {
    #[error("无法读取模板文件夹 {dir}：{source}")]
    Folder { dir: String, source: std::io::Error },
    #[error("无法读取模板 {file}：{source}")]
    Read {
        file: String,
        source: std::io::Error,
    },
    #[error("模板 {file}:{line}:{col}：{message}")]
    At {
        /// The user's file, or `内置模板 NAME` for a default.
        file: String,
        line: usize,
        col: usize,
        message: String,
    },
    #[error("模板 {file}：{message}")]
    Other { file: String, message: String },
}

/// The loaded templates: one Tera for HTML (HTML-escaped) and one for
/// Markdown (Markdown-escaped), since Tera has one escape function per
/// instance.
#[derive(Debug)]
pub struct Templates {
    html: TeraBox,
    md: TeraBox,
    /// Where each template came from: a user's file or the default.
    origins: Vec<(String, String)>,
    /// A hash of every template's name and source (for incremental runs).
    fingerprint: String,
}

/// `Tera` has no `Debug`.
struct TeraBox(Tera);

impl std::fmt::Debug for TeraBox {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Tera")
    }
}

fn is_markdown(name: &str) -> bool {
    name.ends_with(".md")
}

impl Templates {
    /// The default templates.
    pub fn defaults() -> Result<Self, TemplateError> {
        Self::load(None)
    }

    /// The defaults, with the files of `dir` (if any) replacing or adding to
    /// them by relative name.
    pub fn load(dir: Option<&Path>) -> Result<Self, TemplateError> {
        let mut sources: Vec<(String, String, String)> = DEFAULTS
            .iter()
            .map(|(name, text)| {
                (
                    (*name).to_string(),
                    (*text).to_string(),
                    format!("内置模板 {name}"),
                )
            })
            .collect();
        if let Some(dir) = dir {
            for (name, path) in user_files(dir)? {
                let text =
                    std::fs::read_to_string(&path).map_err(|source| TemplateError::Read {
                        file: path.display().to_string(),
                        source,
                    })?;
                let origin = path.display().to_string();
                match sources.iter_mut().find(|(n, _, _)| *n == name) {
                    Some(s) => {
                        s.1 = text;
                        s.2 = origin;
                    }
                    None => sources.push((name, text, origin)),
                }
            }
        }
        let mut html = Tera::new();
        let mut md = Tera::new();
        html.autoescape_on([".html", ".svg"]);
        md.autoescape_on([".md"]);
        md.set_escape_fn(escape_markdown);
        register_filters(&mut html, false);
        register_filters(&mut md, true);
        let origins: Vec<(String, String)> = sources
            .iter()
            .map(|(n, _, o)| (n.clone(), o.clone()))
            .collect();
        let mut hasher = blake3::Hasher::new();
        for (name, text, _) in &sources {
            hasher.update(name.as_bytes());
            hasher.update(&[0]);
            hasher.update(text.as_bytes());
            hasher.update(&[0]);
        }
        let (md_sources, html_sources): (Vec<_>, Vec<_>) =
            sources.iter().partition(|(n, _, _)| is_markdown(n));
        let add = |tera: &mut Tera, list: &[&(String, String, String)]| {
            tera.add_raw_templates(list.iter().map(|(n, t, _)| (n.as_str(), t.as_str())))
        };
        add(&mut html, &html_sources).map_err(|e| located(&e, &origins))?;
        add(&mut md, &md_sources).map_err(|e| located(&e, &origins))?;
        Ok(Templates {
            html: TeraBox(html),
            md: TeraBox(md),
            origins,
            fingerprint: hasher.finalize().to_hex().to_string(),
        })
    }

    /// Renders a template (`report.html`, `report.md`) with the view.
    pub fn render(
        &self,
        name: &str,
        view: &impl serde::Serialize,
    ) -> Result<String, TemplateError> {
        self.render_context(name, &Self::context(name, view)?)
    }

    /// Template data, converted once for several templates.
    pub fn context(name: &str, view: &impl serde::Serialize) -> Result<Context, TemplateError> {
        Context::from_serialize(view).map_err(|e| unconvertible(name, &e))
    }

    /// A view as one Tera value, for data converted once and shared by
    /// several contexts ([`Templates::context_of`]).
    pub fn value(name: &str, view: &impl serde::Serialize) -> Result<tera::Value, TemplateError> {
        tera::Value::try_from_serializable(view).map_err(|e| unconvertible(name, &e))
    }

    /// Template data from a [`Templates::value`]: one key per field.
    pub fn context_of(value: &tera::Value) -> Context {
        let mut context = Context::new();
        for (key, v) in value.as_map().into_iter().flatten() {
            context.insert_value(key.to_string(), v.clone());
        }
        context
    }

    /// Renders a template into a writer.
    pub fn render_context_to(
        &self,
        name: &str,
        context: &Context,
        out: impl std::io::Write,
    ) -> Result<(), TemplateError> {
        self.tera_for(name)
            .render_to(name, context, out)
            .map_err(|e| located(&e, &self.origins))
    }

    /// Renders a template with data made by [`Templates::context`], as the
    /// bytes of a file: Tera writes UTF-8 text already, so unlike
    /// [`Templates::render_context`] the output is not checked again (a
    /// report is some 50 KB of mostly Chinese text).
    pub fn render_bytes(&self, name: &str, context: &Context) -> Result<Vec<u8>, TemplateError> {
        let mut out = Vec::with_capacity(64 * 1024);
        self.render_context_to(name, context, &mut out)?;
        Ok(out)
    }

    /// Renders a template with data made by [`Templates::context`].
    pub fn render_context(&self, name: &str, context: &Context) -> Result<String, TemplateError> {
        self.tera_for(name)
            .render(name, context)
            .map_err(|e| located(&e, &self.origins))
    }

    /// The Tera that holds a template: Markdown or HTML, by its name.
    fn tera_for(&self, name: &str) -> &Tera {
        if is_markdown(name) {
            &self.md.0
        } else {
            &self.html.0
        }
    }

    /// A hash of every template in use; changes when any template does.
    pub fn fingerprint(&self) -> &str {
        &self.fingerprint
    }
}

/// A view that Tera cannot take as data, named by the template it was for.
fn unconvertible(name: &str, e: &dyn std::fmt::Display) -> TemplateError {
    TemplateError::Other {
        file: name.to_string(),
        message: e.to_string(),
    }
}

/// The files under a templates folder, by name relative to it (`/`-separated).
fn user_files(dir: &Path) -> Result<Vec<(String, PathBuf)>, TemplateError> {
    let folder_error = |source| TemplateError::Folder {
        dir: dir.display().to_string(),
        source,
    };
    if !dir.is_dir() {
        return Err(folder_error(std::io::Error::new(
            std::io::ErrorKind::NotFound,
            "不是文件夹",
        )));
    }
    let mut out = Vec::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.map_err(|e| folder_error(e.into()))?;
        if !entry.file_type().is_file() {
            continue;
        }
        let Ok(rel) = entry.path().strip_prefix(dir) else {
            continue;
        };
        let name = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        if name.split('/').any(|part| part.starts_with('.')) {
            continue;
        }
        out.push((name, entry.path().to_path_buf()));
    }
    Ok(out)
}

/// A Tera error as file:line:col in the user's file (or the default's name).
fn located(e: &tera::Error, origins: &[(String, String)]) -> TemplateError {
    let origin = |name: &str| {
        origins
            .iter()
            .find(|(n, _)| n == name)
            .map_or_else(|| name.to_string(), |(_, o)| o.clone())
    };
    match e.kind() {
        ErrorKind::SyntaxError(r) | ErrorKind::RenderingError(r) => {
            let mut message = r.message().to_string();
            let mut source = std::error::Error::source(e);
            while let Some(s) = source {
                message.push_str(&format!("：{s}"));
                source = s.source();
            }
            TemplateError::At {
                file: origin(r.filename()),
                line: r.span().start_line,
                col: r.span().start_col + 1,
                message,
            }
        }
        ErrorKind::TemplateNotFound(name) => TemplateError::Other {
            file: origin(name),
            message: format!("找不到模板“{name}”"),
        },
        ErrorKind::MissingParent { current, parent } => TemplateError::Other {
            file: origin(current),
            message: format!("继承的模板“{parent}”不存在"),
        },
        // Circular includes and the like: Tera names the templates in the
        // message itself.
        other => TemplateError::Other {
            file: "（报告模板）".to_string(),
            message: other.to_string(),
        },
    }
}

/// Writes the default templates to `dir` (which must not hold them already)
/// and returns the paths written.
pub fn eject(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut written = Vec::new();
    for (name, _) in DEFAULTS {
        let path = dir.join(name);
        if path.exists() {
            return Err(std::io::Error::new(
                std::io::ErrorKind::AlreadyExists,
                format!("{} 已存在，未覆盖", path.display()),
            ));
        }
    }
    for (name, text) in DEFAULTS {
        let path = dir.join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(&path, text)?;
        written.push(path);
    }
    Ok(written)
}

/// Escapes text for Markdown (GFM): punctuation that would start emphasis,
/// links, code, tables or headings is backslash-escaped, `<`, `>` and `&`
/// become entities (raw HTML passes through Markdown renderers), and line
/// breaks become `<br>` so that a value never breaks a table row or starts a
/// block of its own. Tera escapes `.md` output with nothing by default.
pub fn escape_markdown(input: &str, out: &mut dyn Write) -> std::io::Result<()> {
    let text = input.trim_start_matches([' ', '\t']);
    let mut at_start = true;
    let mut leading_digits = true;
    // Characters kept as they are go out in runs, from `plain` on.
    let mut plain = 0;
    let mut chars = text.char_indices().peekable();
    while let Some((at, ch)) = chars.next() {
        let next = chars.peek().map(|&(_, c)| c);
        let backslashed = match ch {
            '\\' | '`' | '*' | '_' | '[' | ']' | '#' | '|' | '~' => true,
            // `- `, `+ `, `= ` or a rule (`---`, `===`) would start a block.
            '-' | '+' | '=' => at_start && next.is_none_or(|c| c == ' ' || c == ch),
            // `1. ` would start an ordered list.
            '.' | ')' => leading_digits && !at_start && next.is_none_or(|c| c == ' '),
            _ => false,
        };
        let replaced: Option<&[u8]> = match ch {
            '<' => Some(b"&lt;"),
            '>' => Some(b"&gt;"),
            '&' => Some(b"&amp;"),
            '\r' => Some(b""),
            '\n' => Some(b"<br>"),
            _ => None,
        };
        leading_digits = leading_digits && ch.is_ascii_digit();
        at_start = false;
        if backslashed {
            out.write_all(&text.as_bytes()[plain..at])?;
            out.write_all(b"\\")?;
            // The character itself starts the next run.
            plain = at;
        } else if let Some(with) = replaced {
            out.write_all(&text.as_bytes()[plain..at])?;
            out.write_all(with)?;
            plain = at + ch.len_utf8();
        }
    }
    out.write_all(&text.as_bytes()[plain..])
}

/// A number from a template value: a decimal string (how the view model
/// gives amounts), an integer or a float.
fn decimal(v: &Value) -> Option<Decimal> {
    if let Some(s) = v.as_str() {
        return Decimal::from_str(s.trim()).ok();
    }
    if let Some(i) = v.as_i128() {
        return Decimal::from_i128(i);
    }
    v.as_f64().and_then(Decimal::from_f64)
}

/// What a filter shows for a value that is not there.
const NONE: &str = "—";

/// The domain filters, as documented in `docs/templates.md`.
pub const FILTERS: [&str; 6] = ["wan", "pct", "num", "date_zh", "cn_num", "br"];

fn register_filters(tera: &mut Tera, markdown: bool) {
    tera.register_filter(
        "wan",
        |v: &Value, kwargs: Kwargs, _: &State| -> tera::TeraResult<String> {
            let unit = kwargs.get::<bool>("unit")?.unwrap_or(false);
            Ok(match decimal(v) {
                Some(d) if unit => format!("{}万元", grouped(d, 2)),
                Some(d) => grouped(d, 2),
                None => NONE.to_string(),
            })
        },
    );
    tera.register_filter(
        "pct",
        |v: &Value, kwargs: Kwargs, _: &State| -> tera::TeraResult<String> {
            let dp = kwargs.get::<u32>("dp")?.unwrap_or(2).min(6);
            Ok(decimal(v).map_or_else(|| NONE.to_string(), |d| percent_text(d, dp)))
        },
    );
    tera.register_filter(
        "num",
        |v: &Value, kwargs: Kwargs, _: &State| -> tera::TeraResult<String> {
            let dp = kwargs.get::<u32>("dp")?.unwrap_or(2).min(6);
            Ok(decimal(v).map_or_else(|| NONE.to_string(), |d| fixed(d, dp)))
        },
    );
    tera.register_filter("date_zh", |v: &Value, _: Kwargs, _: &State| -> String {
        match v.as_str() {
            Some(s) => date_zh(s),
            None => NONE.to_string(),
        }
    });
    tera.register_filter(
        "cn_num",
        |v: &Value, _: Kwargs, _: &State| -> tera::TeraResult<String> {
            let n = v
                .as_i64()
                .ok_or_else(|| tera::Error::message(format!("cn_num 需要整数，得到 {v}")))?;
            Ok(cn_num(n))
        },
    );
    // Multi-line text: escaped, with line breaks kept.
    if markdown {
        tera.register_filter("br", |v: &Value, _: Kwargs, _: &State| -> Value {
            let mut out = Vec::new();
            let text = v.as_str().map_or_else(|| v.to_string(), str::to_string);
            let _ = escape_markdown(&text, &mut out);
            Value::safe_string(&String::from_utf8_lossy(&out))
        });
    } else {
        tera.register_filter("br", |v: &Value, _: Kwargs, _: &State| -> Value {
            let text = v.as_str().map_or_else(|| v.to_string(), str::to_string);
            let mut out = Vec::new();
            let _ = tera::escape_html(&text, &mut out);
            let escaped = String::from_utf8_lossy(&out).replace('\n', "<br>");
            Value::safe_string(&escaped)
        });
    }
}

/// `2023-03-20` → `2023年3月20日`; anything else as given.
pub fn date_zh(iso: &str) -> String {
    match chrono::NaiveDate::parse_from_str(iso.get(..10).unwrap_or(iso), "%Y-%m-%d") {
        Ok(d) => {
            use chrono::Datelike;
            format!("{}年{}月{}日", d.year(), d.month(), d.day())
        }
        Err(_) => iso.to_string(),
    }
}

/// 1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 99 → 九十九; other numbers as digits.
pub fn cn_num(n: i64) -> String {
    const DIGITS: [&str; 10] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    match n {
        0..=9 => DIGITS[n as usize].to_string(),
        10..=99 => {
            let (tens, ones) = ((n / 10) as usize, (n % 10) as usize);
            let mut s = String::new();
            if tens > 1 {
                s.push_str(DIGITS[tens]);
            }
            s.push('十');
            if ones > 0 {
                s.push_str(DIGITS[ones]);
            }
            s
        }
        _ => n.to_string(),
    }
}

#[cfg(test)]
mod tests {
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
                '-' | '+' | '='
                    if at_start && chars.peek().is_none_or(|c| *c == ' ' || *c == ch) =>
                {
                    out.push('\\');
                    out.push(ch);
                }
                '.' | ')'
                    if leading_digits && !at_start && chars.peek().is_none_or(|c| *c == ' ') =>
                {
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
        let doc = include_str!("../../docs/templates.md");
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
}
