//! The view-model version a template was written for. Templates are a
//! public interface: finance offices eject the defaults and edit them, and
//! keep their copies across upgrades. So every default carries the version
//! of the view model it was written for, as a Tera comment on its first line
//! that renders nothing (`{# jixiao-view/1 -#}`), and a copy that no longer
//! fits this build's view model is told apart from a merely broken one: the
//! error says what the template was written for and which variable it
//! lacks, instead of Tera's words alone.

use std::fmt;
use std::ops::Range;

/// What the marker says before the version number.
pub(super) const MARK: &str = "jixiao-view/";

/// The version a template says it was written for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Written {
    /// `{# jixiao-view/N #}` on the first line.
    For(u32),
    /// No marker: a template written from scratch, or one whose first line
    /// was removed.
    Unmarked,
}

impl fmt::Display for Written {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Written::For(version) => write!(f, "为视图模型第 {version} 版而写"),
            Written::Unmarked => write!(f, "未标记版本（首行没有 {{# {MARK}N #}} 标记）"),
        }
    }
}

/// The version a template's text is marked with: a Tera comment that opens
/// and closes on the first line and names `jixiao-view/N`.
pub(super) fn written_for(text: &str) -> Written {
    let first = text.lines().next().unwrap_or_default().trim_start();
    let Some(comment) = first
        .strip_prefix("{#")
        .and_then(|rest| rest.find("#}").map(|end| &rest[..end]))
    else {
        return Written::Unmarked;
    };
    let Some(at) = comment.find(MARK) else {
        return Written::Unmarked;
    };
    let digits: String = comment[at + MARK.len()..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    if digits.is_empty() {
        return Written::Unmarked;
    }
    // A number too large for a version is newer than any.
    Written::For(digits.parse().unwrap_or(u32::MAX))
}

/// What the reader of a template that lacks a variable should do: a
/// template written for this very version most likely misspells a name;
/// one written for an older version, or unmarked, is best ejected afresh.
pub(super) fn advice(written: &Written, current: &u32) -> &'static str {
    match written {
        Written::For(version) if version == current => {
            "请检查变量名是否写错（视图的全部字段见 docs/templates.md）；\
             模板如果改自旧版 jixiao 导出的文件，请用 jixiao templates eject 导出本版的内置模板，把修改搬过去"
        }
        _ => {
            "请用 jixiao templates eject 把本版的内置模板导出到新文件夹，把您的修改搬到新导出的模板中\
             （见 docs/templates.md 的“视图模型版本”）"
        }
    }
}

/// The variable a Tera rendering error says is missing, as the template
/// writes it (`results.nope`, `p.name`); `None` when the error is about
/// something else. Tera words a missing name in several ways: a variable or
/// a field "is not defined", or a value "undefined" reaches a filter, a loop
/// or the output.
pub(super) fn missing_variable(message: &str, text: &str, span: &Range<usize>) -> Option<String> {
    if !message.contains("is not defined") && !message.contains("undefined") {
        return None;
    }
    // Tera names the missing part itself, and its span ends there; in the
    // other messages the span covers only the start of the path.
    let named = message.starts_with("Variable `") || message.starts_with("Field `");
    let path_char = |c: char| c.is_alphanumeric() || matches!(c, '_' | '.' | '[' | ']');
    let written = || {
        let start = text.get(..span.start)?.trim_end_matches(path_char).len();
        let rest = text.get(span.end..)?;
        let end = if named {
            span.end
        } else {
            span.end + rest.len() - rest.trim_start_matches(path_char).len()
        };
        let name = text.get(start..end)?.trim();
        (!name.is_empty()).then(|| name.to_string())
    };
    written().or_else(|| {
        named
            .then(|| message.split('`').nth(1).map(str::to_string))
            .flatten()
    })
}
