//! Telephone fields: whether a typed text is one landline or mobile number,
//! with area code, country code or extension as departments write them.

use crate::ingest::coerce::normalize::normalize_inner;

fn all_digits(s: &str, len: std::ops::RangeInclusive<usize>) -> bool {
    len.contains(&s.len()) && s.chars().all(|c| c.is_ascii_digit())
}

fn is_mobile(d: &str) -> bool {
    let b = d.as_bytes();
    all_digits(d, 11..=11) && b[0] == b'1' && (b'3'..=b'9').contains(&b[1])
}

/// A local landline number: 7–8 digits, not starting with 0 or 1.
fn is_local(d: &str) -> bool {
    all_digits(d, 7..=8)
        && d.as_bytes()
            .first()
            .is_some_and(|b| (b'2'..=b'9').contains(b))
}

/// Area code (0 + 2–3 digits) followed by a local number.
fn is_with_area(d: &str) -> bool {
    let b = d.as_bytes();
    if !all_digits(d, 10..=12) || b[0] != b'0' || b[1] == b'0' {
        return false;
    }
    [3, 4].iter().any(|&n| is_local(&d[n..]))
}

/// One number without extension; separators (spaces, hyphens, parentheses) ignored.
fn phone_core(s: &str) -> bool {
    let s = s.trim();
    let (plus, s) = match s.strip_prefix('+') {
        Some(rest) => (true, rest),
        None => (false, s),
    };
    let d: String = s
        .chars()
        .filter(|c| !(c.is_whitespace() || matches!(c, '-' | '—' | '–' | '(' | ')')))
        .collect();
    if d.is_empty() || !d.chars().all(|c| c.is_ascii_digit()) {
        return false;
    }
    if let Some(m) = d.strip_prefix("0086").or_else(|| d.strip_prefix("86"))
        && is_mobile(m)
    {
        return true;
    }
    if plus {
        return false;
    }
    is_mobile(&d) || is_local(&d) || is_with_area(&d)
}

/// Whether the text is one telephone number: an 11-digit mobile (optionally after
/// +86/86), a 7–8 digit landline, or a landline with area code ("0730-8075108",
/// "(0730)8075108", "07308075108"), optionally with an extension ("-123", "转123").
pub fn is_phone(text: &str) -> bool {
    let s = normalize_inner(text).text;
    for marker in ["转", "分机"] {
        if let Some((main, ext)) = s.split_once(marker) {
            return all_digits(ext.trim(), 1..=6) && phone_core(main);
        }
    }
    if phone_core(&s) {
        return true;
    }
    match s.rsplit_once('-') {
        Some((main, ext)) => all_digits(ext.trim(), 1..=6) && phone_core(main),
        None => false,
    }
}
