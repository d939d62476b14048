//! What every parser does to typed text first: full-width characters to
//! half-width, spaces trimmed, and placeholders such as “—”, “无” or “指标 2:”
//! recognised as an empty cell. Some placeholders say more than “empty”: a
//! department that has no such goal writes “无” or “不适用” on purpose, so
//! [`is_not_applicable`] tells these markers apart from a cell left blank.

use crate::ingest::coerce::Coercion;

/// The result of [`normalize_inner`]: the text, which full-width characters were
/// converted, and whether spaces were trimmed or zero-width characters dropped.
pub(super) struct Normalized {
    pub(super) text: String,
    pub(super) full_width: Vec<char>,
    pub(super) spaces: bool,
}

pub(super) fn normalize_inner(text: &str) -> Normalized {
    let mut out = String::with_capacity(text.len());
    let mut full_width = Vec::new();
    let mut spaces = false;
    for ch in text.chars() {
        match ch {
            '\u{FF01}'..='\u{FF5E}' => {
                full_width.push(ch);
                // The full-width block mirrors ASCII 0x21–0x7E at an offset of 0xFEE0.
                out.push(char::from_u32(ch as u32 - 0xFEE0).unwrap_or(ch));
            }
            '\u{3000}' | '\u{00A0}' | '\u{2002}'..='\u{200A}' | '\u{202F}' | '\u{205F}' => {
                out.push(' ')
            }
            '\u{200B}' | '\u{FEFF}' => spaces = true,
            '≦' => {
                full_width.push(ch);
                out.push_str("<=");
            }
            '≧' => {
                full_width.push(ch);
                out.push_str(">=");
            }
            _ => out.push(ch),
        }
    }
    let trimmed = out.trim();
    if trimmed.len() != out.len() {
        spaces = true;
    }
    Normalized {
        text: trimmed.to_string(),
        full_width,
        spaces,
    }
}

/// Converts full-width ASCII (U+FF01–U+FF5E) to ASCII, U+3000 and NBSP to a space,
/// "≦"/"≧" to "<="/">=", and trims; reports [`Coercion::FullWidth`] and
/// [`Coercion::Spaces`] when they applied. Inner spaces are kept.
pub fn normalize(text: &str) -> (String, Vec<Coercion>) {
    let n = normalize_inner(text);
    let mut notes = Vec::new();
    if !n.full_width.is_empty() {
        notes.push(Coercion::FullWidth);
    }
    if n.spaces {
        notes.push(Coercion::Spaces);
    }
    (n.text, notes)
}

/// Characters that, alone or repeated, mean "nothing to report".
fn is_filler_char(c: char) -> bool {
    matches!(
        c,
        '-' | '—' | '–' | '―' | '─' | '/' | '\\' | '.' | '…' | '。' | '·' | '_'
    ) || c.is_whitespace()
}

const CN_DIGITS: &str = "〇○零一二三四五六七八九十";

/// "指标 2:", "指标2：", "备注：" — a label with nothing after it.
fn is_enumerator_label(s: &str) -> bool {
    let Some(body) = s.strip_suffix(':') else {
        return false;
    };
    let label = body
        .trim_end()
        .trim_end_matches(|c: char| c.is_ascii_digit() || CN_DIGITS.contains(c))
        .trim_end();
    let n = label.chars().count();
    (1..=10).contains(&n) && label.chars().all(char::is_alphabetic)
}

/// Whether the text means "empty": blank (incl. U+3000), a dash, slash or dots,
/// "无"/"暂无"/"空"/"N/A", or an enumerator label with nothing after it ("指标 2:").
pub fn is_placeholder(text: &str) -> bool {
    !plainly_text(text) && is_placeholder_normalized(text)
}

/// A text that cannot be a placeholder, seen without normalizing it (most
/// texts): more than eight letters, digits or ideographs (a placeholder word
/// has at most four, and filler none), and no colon at its end (an
/// enumerator label ends in one).
fn plainly_text(text: &str) -> bool {
    let end =
        text.trim_end_matches(|c: char| c.is_whitespace() || matches!(c, '\u{200B}' | '\u{FEFF}'));
    !end.ends_with([':', '：'])
        && text
            .chars()
            // Common ideographs first: all alphabetic, and most of a Chinese
            // text, which `is_alphanumeric` would look up in its tables.
            .filter(|&c| matches!(c, '\u{4E00}'..='\u{9FFF}') || c.is_alphanumeric())
            .nth(8)
            .is_some()
}

fn is_placeholder_normalized(text: &str) -> bool {
    let n = normalize_inner(text);
    let s = n.text.as_str();
    if s.chars().all(is_filler_char) {
        return true;
    }
    // ASCII case folding is enough: no other character lowercases to one of
    // these words' letters.
    if ["暂无", "空", "none", "null"]
        .iter()
        .chain(NOT_APPLICABLE_WORDS)
        .any(|w| s.eq_ignore_ascii_case(w))
    {
        return true;
    }
    is_enumerator_label(s)
}

/// The words that, as the whole cell, mark it not applicable (不适用): the
/// department has no such goal or indicator. ASCII letters in any case.
///
/// Not among them, though they are placeholders too: “暂无” (none *yet*: a
/// result still to come is missing, not inapplicable), “空”, “none”, “null”
/// (left over from other programs), dots and underscores (the blank of a
/// paper form) and labels such as “指标 2:”.
pub const NOT_APPLICABLE_WORDS: &[&str] = &[
    "无",
    "没有",
    "无此项",
    "不适用",
    "不涉及",
    "未涉及",
    "n/a",
    "na",
];

/// A dash, as departments draw one for “none”: `-` (also full-width `－`,
/// normalized before this is asked), `–`, `—`, `―`, `─`.
fn is_dash(c: char) -> bool {
    matches!(c, '-' | '–' | '—' | '―' | '─')
}

/// Whether the text, as the whole cell, marks it not applicable (不适用):
/// one of [`NOT_APPLICABLE_WORDS`], or dashes alone (“-”, “--”, “—”,
/// “——”), or slashes alone (“/”, “／”, “\\”), spaces around or between
/// them ignored. “无” inside a text (“无明显变化”) is text. Every marker is
/// also a placeholder ([`is_placeholder`]): the cell has no value, but the
/// model remembers that it said “not applicable” rather than nothing.
pub fn is_not_applicable(text: &str) -> bool {
    if plainly_text(text) {
        return false;
    }
    let n = normalize_inner(text);
    let s = n.text.as_str();
    let marks =
        |is: fn(char) -> bool| s.chars().any(is) && s.chars().all(|c| is(c) || c.is_whitespace());
    marks(is_dash)
        || marks(|c| matches!(c, '/' | '\\'))
        || NOT_APPLICABLE_WORDS
            .iter()
            .any(|w| s.eq_ignore_ascii_case(w))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn common_ideographs_are_all_alphanumeric() {
        assert!(('\u{4E00}'..='\u{9FFF}').all(char::is_alphanumeric));
    }

    #[test]
    fn not_applicable_markers() {
        for m in [
            "无",
            " 无 ",
            "无\u{3000}",
            "没有",
            "无此项",
            "不适用",
            "不涉及",
            "未涉及",
            "N/A",
            "n/a",
            "NA",
            "Ｎ／Ａ",
            "-",
            "--",
            "－",
            "—",
            "——",
            "– –",
            "―",
            "─",
            "/",
            "／",
            "//",
            "\\",
        ] {
            assert!(is_not_applicable(m), "{m:?}");
            assert!(
                is_placeholder(m),
                "{m:?} is not applicable, so it is a placeholder"
            );
        }
        // Placeholders that say nothing, and texts that merely contain a marker.
        for s in [
            "",
            " ",
            "\u{3000}",
            "暂无",
            "空",
            "none",
            "null",
            "...",
            "……",
            "。",
            "_",
            "·",
            "指标 2:",
            "-/",
            "无。",
            "无明显变化",
            "不适用于本单位的指标",
            "0",
            "-5",
            "N/A/B",
        ] {
            assert!(!is_not_applicable(s), "{s:?}");
        }
    }

    proptest! {
        /// Whatever is marked not applicable is read as no value.
        #[test]
        fn markers_are_placeholders(s in "[ 　\\-—–/／\\\\无没有此项不适用涉及未nNaA]{0,8}") {
            if is_not_applicable(&s) {
                prop_assert!(is_placeholder(&s), "{s:?}");
            }
        }

        #[test]
        fn plain_texts_are_never_placeholders(s in "[ 　:：/\\-—._·…。a-zA-Z0-9ａ-ｚＡ-Ｚ０-９无暂空指标项目\u{200B}\u{FEFF}]{0,14}") {
            if plainly_text(&s) {
                prop_assert!(!is_placeholder_normalized(&s), "{s:?}");
            }
        }
    }
}
