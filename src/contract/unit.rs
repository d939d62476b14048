//! How two workbooks are known to be one unit's: by its code
//! (统一社会信用代码) when given, else by its name compared as typed but for
//! width and white space. Supersession in the batch and the match with
//! last year's submission (`--previous`) use the one rule.

use unicode_normalization::UnicodeNormalization;

/// How a unit's (or a project's) name is compared: NFKC (so full-width
/// letters and digits are their ASCII selves) without white space, and
/// nothing more. Names that differ by punctuation or by invisible
/// characters stay different.
pub fn identity_key(name: &str) -> String {
    name.nfkc().filter(|c| !c.is_whitespace()).collect()
}

/// A unit's identity: `code:` and its code's [`identity_key`] when the code
/// is given, else its name's [`identity_key`]; `None` without either.
pub fn unit_identity(code: Option<&str>, name: Option<&str>) -> Option<String> {
    match code.map(str::trim) {
        Some(code) if !code.is_empty() => Some(format!("code:{}", identity_key(code))),
        _ => name.map(identity_key).filter(|name| !name.is_empty()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_decides_and_the_name_is_compared_without_width_or_spaces() {
        assert_eq!(identity_key("Ａ局 本级"), "A局本级");
        assert_eq!(
            unit_identity(Some(" 11430600MB1234567X "), Some("甲")),
            Some("code:11430600MB1234567X".to_string())
        );
        assert_eq!(
            unit_identity(Some(""), Some("甲 局")),
            Some("甲局".to_string())
        );
        assert_eq!(unit_identity(None, None), None);
    }
}
