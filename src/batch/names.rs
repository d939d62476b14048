//! Names made from what a workbook says: the folder a workbook's outputs go
//! to (safe on every file system, never escaping the output folder, never
//! too long) and the key that says two workbooks are versions of one unit's
//! submission. Apart from settling so that `report` names its folder the
//! same way.

use unicode_normalization::UnicodeNormalization;

/// The longest folder name, in bytes: well under the 255 bytes most file
/// systems allow, leaving room for the `-2`-style suffixes and the `.tmp`
/// names written beside it.
pub const MAX_NAME_BYTES: usize = 120;

/// Bytes of the hash suffix a cut name ends with: `-` and 8 hex digits.
const HASH_SUFFIX_BYTES: usize = 9;

/// Characters that change how text is laid out or show as nothing: the
/// bidirectional controls (a U+202E turns `fdp.exe` into what reads as
/// `exe.pdf`), zero-width characters and the byte-order mark.
pub fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{2069}'
            | '\u{061C}'
            | '\u{FEFF}'
    )
}

pub(crate) use crate::contract::unit::identity_key;

/// What a unit's name looks like, to warn that two different units may be
/// one unit written two ways (名称相似): NFKC (full-width letters and
/// digits are their ASCII selves), case folded (Unicode's full lower-case
/// mapping), and without white space, punctuation (the Unicode categories
/// P*: `.`, `·`, `（）`, `—` …), format characters (Cf: zero-width
/// characters, bidirectional controls, the soft hyphen …) or control
/// characters. Two names with one skeleton but different
/// `identity_key`s are different units that look alike; the skeleton
/// never makes them one.
pub fn skeleton(name: &str) -> String {
    use unicode_properties::{GeneralCategory, GeneralCategoryGroup, UnicodeGeneralCategory as _};
    let folded: String = name.nfkc().flat_map(char::to_lowercase).collect();
    folded
        .nfkc()
        .filter(|c| {
            !(c.is_whitespace()
                || c.is_control()
                || c.general_category_group() == GeneralCategoryGroup::Punctuation
                || c.general_category() == GeneralCategory::Format)
        })
        .collect()
}

/// `name` with what does not show spelled out: format characters (Cf:
/// zero-width, bidirectional controls, the soft hyphen …), control
/// characters and white space other than a plain space, each as
/// `<U+XXXX>`, so that a warning about two names that look alike shows
/// where they differ.
pub fn shown(name: &str) -> String {
    use unicode_properties::{GeneralCategory, UnicodeGeneralCategory as _};
    name.chars()
        .map(|c| {
            if c.is_control()
                || (c.is_whitespace() && c != ' ')
                || c.general_category() == GeneralCategory::Format
            {
                format!("<U+{:04X}>", u32::from(c))
            } else {
                c.to_string()
            }
        })
        .collect()
}

/// A folder name made from `name`: NFKC, trimmed; path separators, the
/// characters Windows forbids, control characters and invisible ones
/// ([`is_invisible`]) replaced by `_`, and so are leading and trailing dots
/// (never `.`, `..` or a hidden folder); a Windows reserved name (CON, NUL,
/// COM1 …) gets a `_` in front; at most [`MAX_NAME_BYTES`] bytes, a cut
/// name ending with a hash of the whole (`-` and 8 hex digits) so that two
/// long names that share their start stay apart. Also whether anything
/// beyond NFKC and trimming changed the name.
pub fn folder_name(name: &str) -> (String, bool) {
    let normal: String = name.nfkc().collect();
    let normal = normal.trim();
    let mut s: String = normal
        .chars()
        .map(|c| match c {
            '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|' => '_',
            c if c.is_control() || is_invisible(c) => '_',
            c => c,
        })
        .collect();
    // Leading and trailing dots (hidden, `.`, `..`; Windows drops trailing
    // ones) become `_`, as many as there are.
    let lead = s.len() - s.trim_start_matches('.').len();
    let trail = s.len() - s.trim_end_matches('.').len();
    if lead == s.len() {
        s = "_".repeat(s.len());
    } else {
        s = format!(
            "{}{}{}",
            "_".repeat(lead),
            &s[lead..s.len() - trail],
            "_".repeat(trail)
        );
    }
    let stem = s.split('.').next().unwrap_or("").to_ascii_uppercase();
    let reserved = matches!(stem.as_str(), "CON" | "PRN" | "AUX" | "NUL")
        || ((stem.starts_with("COM") || stem.starts_with("LPT"))
            && stem.len() == 4
            && stem.as_bytes()[3].is_ascii_digit());
    if reserved {
        s.insert(0, '_');
    }
    if s.is_empty() {
        s.push_str("未命名");
    }
    let s = cap(&s, MAX_NAME_BYTES);
    let altered = s != normal;
    (s, altered)
}

/// `name` cut to at most `max` bytes on a character boundary, ending with
/// `-` and 8 hex digits of the whole name's blake3 hash when it was cut.
pub(crate) fn cap(name: &str, max: usize) -> String {
    if name.len() <= max {
        return name.to_string();
    }
    let mut end = max.saturating_sub(HASH_SUFFIX_BYTES);
    while !name.is_char_boundary(end) {
        end -= 1;
    }
    let head = name[..end].trim_end_matches(|c: char| c.is_whitespace() || c == '.');
    let hash = blake3::hash(name.as_bytes()).to_hex();
    format!("{head}-{}", &hash.as_str()[..8])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folder_names_are_safe_on_every_system() {
        for (given, safe) in [
            ("岳阳市君山区医疗保障局-2022", "岳阳市君山区医疗保障局-2022"),
            ("../../etc/passwd", "___.._etc_passwd"),
            ("a/b\\c:d*e?f\"g<h>i|j", "a_b_c_d_e_f_g_h_i_j"),
            ("CON", "_CON"),
            ("com1.txt", "_com1.txt"),
            ("lpt9", "_lpt9"),
            ("..", "__"),
            (".", "_"),
            ("", "未命名"),
            ("局\u{7}名\n", "局_名"),
            ("名称。 . ", "名称。 _"),
            (".hidden", "_hidden"),
            ("甲局\u{202E}fdp.exe", "甲局_fdp.exe"),
            ("\u{2066}甲\u{200F}局\u{2069}", "_甲_局_"),
            // NFKC: full-width letters and digits are their ASCII selves.
            ("ＡＢ局２０２２", "AB局2022"),
            ("\u{1b}[31m局", "_[31m局"),
        ] {
            assert_eq!(folder_name(given).0, safe, "{given:?}");
        }
        assert!(!folder_name("甲局-2022").1);
        assert!(!folder_name(" 甲局 ").1, "trimming is no change");
        assert!(folder_name(".甲局").1);
    }

    #[test]
    fn long_names_are_cut_on_a_character_boundary_with_a_hash() {
        let wide = "\u{20000}".repeat(100);
        let (name, altered) = folder_name(&wide);
        assert!(altered);
        assert!(name.len() <= MAX_NAME_BYTES, "{}", name.len());
        assert!(name.starts_with(&"\u{20000}".repeat(27)));
        assert_eq!(name.len(), 27 * 4 + HASH_SUFFIX_BYTES);
        // Two long names sharing their start stay apart.
        let other = format!("{}甲", "\u{20000}".repeat(99));
        assert_ne!(folder_name(&other).0, name);
        assert_eq!(folder_name(&wide).0, name, "the same name each time");
        let short = "长".repeat(40);
        assert_eq!(folder_name(&short).0, short, "120 bytes fit");
    }

    #[test]
    fn names_that_differ_by_punctuation_invisibles_width_or_case_look_alike() {
        let alike = [
            ("甲局", ".甲局"),
            ("岳阳市君山区医疗保障局", "岳阳市君山区医疗保障局。"),
            ("甲局", "甲\u{200B}局"),
            ("甲局", "甲\u{202E}局"),
            ("甲局", "甲\u{00AD}局"),
            ("甲局", "\u{FEFF}甲局"),
            ("ＡＢ局", "ab局"),
            ("AB局", "ab局"),
            ("甲（乙）局", "甲(乙)局"),
            ("甲·乙局", "甲乙局"),
            ("甲-乙局", "甲—乙局"),
            ("甲 局", "甲局"),
        ];
        for (a, b) in alike {
            assert_eq!(skeleton(a), skeleton(b), "{a:?} {b:?}");
        }
        let apart = [
            ("甲局", "乙局"),
            ("君山区医保局", "君山区医疗保障局"),
            ("第1局", "第2局"),
            ("甲局", "甲局局"),
            ("一局", "二局"),
        ];
        for (a, b) in apart {
            assert_ne!(skeleton(a), skeleton(b), "{a:?} {b:?}");
        }
        assert_eq!(shown("甲\u{200B}局\u{202E}"), "甲<U+200B>局<U+202E>");
        assert_eq!(shown("甲 局"), "甲 局");
        // Looking alike is only a warning: they stay different units.
        assert_ne!(identity_key("甲局"), identity_key(".甲局"));
    }

    #[test]
    fn identity_ignores_width_and_spaces_but_not_punctuation_or_invisibles() {
        assert_eq!(identity_key("甲 局"), identity_key("甲局"));
        assert_eq!(identity_key("ＡＢ局"), identity_key("AB局"));
        assert_eq!(
            identity_key("乡村振兴\u{3000}补助"),
            identity_key("乡村振兴补助")
        );
        assert_ne!(identity_key(".甲局"), identity_key("甲局"));
        assert_ne!(identity_key("甲局\u{200B}"), identity_key("甲局"));
        assert_ne!(identity_key("甲\u{202E}局"), identity_key("甲局"));
    }
}

/// Compares names in the order of Chinese lists: by pinyin, as CLDR's
/// `zh` collation does (安 before 北 before 常 before 君 before 岳; a
/// character of several readings by its most common one); two names the collation calls equal (full- and
/// half-width forms) by their characters, so that the order is total. One
/// comparer per sort.
pub(crate) struct PinyinOrder {
    collator: Option<icu_collator::CollatorBorrowed<'static>>,
}

impl std::fmt::Debug for PinyinOrder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PinyinOrder")
    }
}

impl PinyinOrder {
    /// The comparer; without the collation data (it is compiled in, so
    /// never in practice), names go by their characters.
    pub(crate) fn new() -> Self {
        let locale = icu_locale_core::locale!("zh");
        PinyinOrder {
            collator: icu_collator::Collator::try_new(
                locale.into(),
                icu_collator::options::CollatorOptions::default(),
            )
            .ok(),
        }
    }

    /// The order of two names.
    pub(crate) fn compare(&self, a: &str, b: &str) -> std::cmp::Ordering {
        self.collator
            .as_ref()
            .map_or(std::cmp::Ordering::Equal, |c| c.compare(a, b))
            .then_with(|| a.cmp(b))
    }
}

#[cfg(test)]
mod pinyin_tests {
    use super::PinyinOrder;

    #[test]
    fn names_go_in_pinyin_order() {
        let order = PinyinOrder::new();
        let mut names = vec![
            "岳阳楼区财政局",
            "君山区医疗保障局",
            "常德市教育局",
            "安乡县民政局",
            "北京路街道",
        ];
        names.sort_by(|a, b| order.compare(a, b));
        assert_eq!(
            names,
            [
                "安乡县民政局",
                "北京路街道",
                "常德市教育局",
                "君山区医疗保障局",
                "岳阳楼区财政局"
            ]
        );
        // By code point, 君 (U+541B) would come before 安 (U+5B89).
        assert!("君" < "安");
        assert_eq!(order.compare("甲局", "甲局"), std::cmp::Ordering::Equal);
    }
}
