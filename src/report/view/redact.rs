//! The public variant of the report, for the disclosure site: the names of
//! the filler, the contact and the evaluators removed, and every mainland
//! mobile number in any text masked (158****3065), since a department may
//! quote one anywhere in its prose, not only in the contact field.

use crate::report::view::model::{ProjectReportView, ReportView};

impl ReportView {
    /// The same report for the disclosure site: names of the filler, the
    /// contact and the evaluators removed (mobile numbers are masked in the
    /// template data: [`ReportView::to_value`]).
    pub fn into_public(mut self) -> ReportView {
        self.public = true;
        self.unit.head_name = None;
        self.unit.contact_name = None;
        for e in &mut self.unit.evaluators {
            e.name = None;
        }
        self
    }

    /// The view as template data. In the public report every mobile number
    /// in any text is masked (158****3065): a department may quote one
    /// anywhere in its prose, not only in the contact field. (The reports
    /// make the public data from the internal report's instead, masking only
    /// the keys that hold a number; a test keeps the two the same.)
    #[cfg(test)]
    pub fn to_value(&self) -> serde_json::Value {
        let mut value = serde_json::to_value(self).unwrap_or_default();
        if self.public {
            mask_value(&mut value);
        }
        value
    }
}

impl ProjectReportView {
    /// The same report for the disclosure site: the contact's name
    /// removed (mobile numbers are masked in the template data, as in the
    /// department report's).
    pub fn into_public(mut self) -> ProjectReportView {
        self.public = true;
        self.unit.contact_name = None;
        self
    }

    /// The view as template data, mobile numbers masked in the public
    /// report (see [`ReportView::to_value`]).
    #[cfg(test)]
    pub fn to_value(&self) -> serde_json::Value {
        let mut value = serde_json::to_value(self).unwrap_or_default();
        if self.public {
            mask_value(&mut value);
        }
        value
    }
}

/// Masks every mobile number in the strings of a JSON value.
pub fn mask_value(v: &mut serde_json::Value) {
    match v {
        serde_json::Value::String(s) if has_mobile(s) => {
            *s = mask_mobiles(s);
        }
        serde_json::Value::Array(a) => a.iter_mut().for_each(mask_value),
        serde_json::Value::Object(o) => o.values_mut().for_each(mask_value),
        _ => {}
    }
}

/// A digit, ASCII or full-width.
fn digit(c: char) -> Option<u32> {
    match c {
        '0'..='9' => c.to_digit(10),
        '０'..='９' => Some(c as u32 - '０' as u32),
        _ => None,
    }
}

/// The positions of the digits of a mainland mobile number starting at
/// `units[i]`: 1[3-9]x, then 4 and 4 digits, each group optionally after a
/// space or a hyphen, and no digit right after; `None` if there is none.
/// `units` are the text's chars, or its bytes when it has no full-width
/// digit (a byte of a multi-byte character is never an ASCII digit, space
/// or hyphen).
fn mobile_at<T: Copy>(
    units: &[T],
    i: usize,
    digit: impl Fn(T) -> Option<u32>,
) -> Option<[usize; 11]>
where
    u32: From<T>,
{
    let separator = |u: T| matches!(char::from_u32(u32::from(u)), Some(' ' | '-'));
    let mut digits = [0; 11];
    let mut n = 0;
    let mut k = i;
    for group in [3usize, 4, 4] {
        if group == 4 && units.get(k).is_some_and(|u| separator(*u)) {
            k += 1;
        }
        for _ in 0..group {
            digit(*units.get(k)?)?;
            digits[n] = k;
            n += 1;
            k += 1;
        }
    }
    let first = digit(units[digits[0]])?;
    let second = digit(units[digits[1]])?;
    if first != 1 || !(3..=9).contains(&second) {
        return None;
    }
    if units.get(k).is_some_and(|u| digit(*u).is_some()) {
        return None;
    }
    Some(digits)
}

/// Each mobile number's digits in `units` (see [`mobile_at`]), in order.
fn mobiles<T: Copy>(
    units: &[T],
    digit: impl Fn(T) -> Option<u32> + Copy,
) -> impl Iterator<Item = [usize; 11]>
where
    u32: From<T>,
{
    let mut i = 0;
    std::iter::from_fn(move || {
        while i < units.len() {
            // A number starts where a digit does not follow another digit,
            // or right after a country code 86.
            let starts = digit(units[i]).is_some()
                && (i == 0
                    || digit(units[i - 1]).is_none()
                    || (i >= 2
                        && digit(units[i - 2]) == Some(8)
                        && digit(units[i - 1]) == Some(6)
                        && (i == 2 || digit(units[i - 3]).is_none())));
            if starts && let Some(digits) = mobile_at(units, i, digit) {
                i = digits[10] + 1;
                return Some(digits);
            }
            i += 1;
        }
        None
    })
}

/// Whether a text has a full-width digit (EF BC 90–99 in UTF-8).
fn has_full_width_digit(text: &str) -> bool {
    text.as_bytes()
        .windows(3)
        .any(|w| w[0] == 0xEF && w[1] == 0xBC && (0x90..=0x99).contains(&w[2]))
}

/// Whether [`mask_mobiles`] would change a text, found without copying it:
/// most texts have no full-width digit, and their bytes are read directly.
pub fn has_mobile(text: &str) -> bool {
    if has_full_width_digit(text) {
        let chars: Vec<char> = text.chars().collect();
        return mobiles(&chars, digit).next().is_some();
    }
    let ascii = |b: u8| b.is_ascii_digit().then(|| u32::from(b - b'0'));
    mobiles(text.as_bytes(), ascii).next().is_some()
}

/// Replaces the middle four digits of each mainland mobile number with
/// `****`, wherever it stands in the text: 11 digits 1[3-9]…, written
/// together or as 3-4-4 with spaces or hyphens, after 86 / +86 or next to
/// other numbers, in ASCII or full-width digits. Landlines (0730-8075108)
/// stay.
pub(super) fn mask_mobiles(text: &str) -> String {
    let mut chars: Vec<char> = text.chars().collect();
    let found: Vec<[usize; 11]> = mobiles(&chars, digit).collect();
    for digits in found {
        for &d in &digits[3..7] {
            chars[d] = '*';
        }
    }
    chars.into_iter().collect()
}
