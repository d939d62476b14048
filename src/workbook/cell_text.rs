//! Excel's limit on the text of one cell (32,767 UTF-16 units): a longer
//! text from a workbook is cut, with a note saying so, rather than failing
//! the workbook it would be written into.

use std::borrow::Cow;

/// The most text a cell holds, in UTF-16 code units (Excel's count).
pub const MAX_CELL_UNITS: usize = 32_767;

/// `text` as a cell can hold it: unchanged when it fits, else its start and
/// “…（已截断，原文 N 字）” (N its length in characters), together at most
/// [`MAX_CELL_UNITS`].
pub fn fit_cell(text: &str) -> Cow<'_, str> {
    if text.len() <= MAX_CELL_UNITS || utf16_len(text) <= MAX_CELL_UNITS {
        return Cow::Borrowed(text);
    }
    let note = format!("…（已截断，原文 {} 字）", text.chars().count());
    let room = MAX_CELL_UNITS - utf16_len(&note);
    let mut used = 0;
    let end = text
        .char_indices()
        .find(|(_, c)| {
            used += c.len_utf16();
            used > room
        })
        .map_or(text.len(), |(i, _)| i);
    Cow::Owned(format!("{}{note}", &text[..end]))
}

fn utf16_len(text: &str) -> usize {
    text.chars().map(char::len_utf16).sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_that_fits_is_untouched_and_longer_text_is_cut_with_a_note() {
        let fits = "长".repeat(MAX_CELL_UNITS);
        assert!(matches!(fit_cell(&fits), Cow::Borrowed(_)));
        let long = "长".repeat(40_000);
        let cut = fit_cell(&long);
        assert!(cut.ends_with("…（已截断，原文 40000 字）"));
        assert_eq!(utf16_len(&cut), MAX_CELL_UNITS);
        // Characters outside the BMP count two, and are never split.
        let wide = "\u{20000}".repeat(20_000);
        let cut = fit_cell(&wide);
        assert!(utf16_len(&cut) <= MAX_CELL_UNITS);
        assert!(cut.starts_with('\u{20000}') && cut.ends_with("原文 20000 字）"));
    }
}
