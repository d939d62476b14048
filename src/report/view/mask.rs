//! The masking of personal data in a text, for the public report: the
//! people a workbook names, as whole names, and ID, mobile, e-mail and bank
//! card numbers in any common writing. Kept apart from the view so that
//! the view's model can hold a [`Redactor`] (`docs/redaction.md`).

/// What the public report masks in every text: the people the workbook
/// names, as whole names, and the personal numbers (身份证号, 手机号,
/// 电子邮箱, 银行卡号) anyone may write. Office landlines stay: they are
/// public contact points.
#[derive(Debug, Clone, Default)]
pub(crate) struct Redactor {
    /// Each known name's characters, without spaces, two or more.
    names: Vec<Vec<char>>,
}

/// What separates names written in one cell: `王平、李明`.
const NAME_SEPARATORS: &[char] = &['、', '，', ',', '；', ';', '/', '／', '|', '｜'];

/// Spaces a text may put between the characters of a name or the groups of
/// a number.
fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\u{3000}' | '\u{a0}')
}

/// What may separate the groups of a mobile or a card number: spaces,
/// dashes of every width, dots.
fn is_separator(c: char) -> bool {
    is_space(c)
        || matches!(
            c,
            '-' | '\u{2010}'
                ..='\u{2015}'
                    | '\u{2212}'
                    | '\u{fe58}'
                    | '\u{fe63}'
                    | '\u{ff0d}'
                    | '.'
                    | '\u{ff0e}'
                    | '\u{00b7}'
        )
}

impl Redactor {
    /// A redactor for the names given (cells as written: several names in
    /// one cell are split at 、，；/, a remark in brackets is dropped, and a
    /// piece shorter than two characters is no name).
    pub(crate) fn new<'a>(names: impl IntoIterator<Item = &'a str>) -> Redactor {
        let mut out: Vec<Vec<char>> = Vec::new();
        for cell in names {
            for piece in without_brackets(cell).split(NAME_SEPARATORS) {
                let name: Vec<char> = piece.chars().filter(|c| !c.is_whitespace()).collect();
                if name.len() >= 2 && !out.contains(&name) {
                    out.push(name);
                }
            }
        }
        // Longer names first, so that 王平安 is masked whole before 王平.
        out.sort_by_key(|n| std::cmp::Reverse(n.len()));
        Redactor { names: out }
    }

    /// The text with every known name and personal number masked; `None`
    /// when there is nothing to mask.
    pub(crate) fn redact(&self, text: &str) -> Option<String> {
        if !self.may_hold(text) {
            return None;
        }
        let chars: Vec<char> = text.chars().collect();
        let mut mask = vec![false; chars.len()];
        self.mask_names(&chars, &mut mask);
        mask_digit_runs(&chars, &mut mask);
        mask_mobiles(&chars, &mut mask);
        mask_emails(&chars, &mut mask);
        if !mask.contains(&true) {
            return None;
        }
        Some(
            chars
                .iter()
                .zip(&mask)
                .map(|(c, m)| if *m { '*' } else { *c })
                .collect(),
        )
    }

    /// Whether a text could hold anything to mask: eleven digits at least
    /// (the shortest number masked is a mobile's eleven), an `@`, or the
    /// first character of a known name. Most texts of a report (its
    /// figures, 2,854.84 or 95.00%) are read only this once.
    fn may_hold(&self, text: &str) -> bool {
        let mut digits = 0;
        text.chars().any(|c| {
            if digit(c).is_some() {
                digits += 1;
            }
            digits >= 11
                || c == '@'
                || c == '＠'
                || self.names.iter().any(|n| n.first() == Some(&c))
        })
    }

    /// Masks every string in a JSON value; whether any changed.
    pub(crate) fn redact_value(&self, v: &mut serde_json::Value) -> bool {
        match v {
            serde_json::Value::String(s) => match self.redact(s) {
                Some(masked) => {
                    *s = masked;
                    true
                }
                None => false,
            },
            serde_json::Value::Array(a) => {
                let mut changed = false;
                for v in a {
                    changed |= self.redact_value(v);
                }
                changed
            }
            serde_json::Value::Object(o) => {
                let mut changed = false;
                for v in o.values_mut() {
                    changed |= self.redact_value(v);
                }
                changed
            }
            _ => false,
        }
    }

    /// Marks each known name (all its characters but the first: 王平 is
    /// shown 王*), as a whole name: spaces may stand between its characters,
    /// but 和平 is no part of 王平. A Latin name must stand as a word.
    fn mask_names(&self, chars: &[char], mask: &mut [bool]) {
        for name in &self.names {
            let latin = name.iter().all(char::is_ascii_alphanumeric);
            let mut i = 0;
            while i < chars.len() {
                let Some(at) = name_at(chars, i, name) else {
                    i += 1;
                    continue;
                };
                let end = at[at.len() - 1] + 1;
                let word = |c: Option<&char>| c.is_some_and(char::is_ascii_alphanumeric);
                if latin
                    && (word(i.checked_sub(1).and_then(|p| chars.get(p))) || word(chars.get(end)))
                {
                    i += 1;
                    continue;
                }
                for &k in &at[1..] {
                    mask[k] = true;
                }
                i = end;
            }
        }
    }
}

/// The text without remarks in brackets: `王平（组长）` is `王平`.
fn without_brackets(text: &str) -> String {
    let mut depth = 0usize;
    text.chars()
        .filter(|c| match c {
            '（' | '(' | '【' | '[' => {
                depth += 1;
                false
            }
            '）' | ')' | '】' | ']' => {
                depth = depth.saturating_sub(1);
                false
            }
            _ => depth == 0,
        })
        .collect()
}

/// The positions of a name's characters in `chars` from `i`, spaces
/// allowed between them; `None` if it does not start there.
fn name_at(chars: &[char], i: usize, name: &[char]) -> Option<Vec<usize>> {
    let mut at = Vec::with_capacity(name.len());
    let mut k = i;
    for (n, c) in name.iter().enumerate() {
        if n > 0 {
            while chars.get(k).is_some_and(|c| is_space(*c)) {
                k += 1;
            }
        }
        if chars.get(k)? != c {
            return None;
        }
        at.push(k);
        k += 1;
    }
    Some(at)
}

/// A digit, ASCII or full-width.
fn digit(c: char) -> Option<u32> {
    match c {
        '0'..='9' => c.to_digit(10),
        '０'..='９' => Some(c as u32 - '０' as u32),
        _ => None,
    }
}

/// Whether the character at `i` (if any) is a digit.
fn digit_at(chars: &[char], i: Option<usize>) -> bool {
    i.and_then(|i| chars.get(i))
        .is_some_and(|c| digit(*c).is_some())
}

/// The check character of an 18-digit ID number (GB 11643): `0`–`9` or
/// `X`, from its first 17 digits.
fn id_check(first17: &[u32]) -> char {
    const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    let sum: u32 = first17.iter().zip(WEIGHTS).map(|(d, w)| d * w).sum();
    ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'][(sum % 11) as usize]
}

/// Whether an 18-digit ID number (17 digits and a check character) is valid.
pub(crate) fn valid_id18(digits: &[u32], check: char) -> bool {
    let check = match check {
        'x' | 'ｘ' | 'Ｘ' => 'X',
        c => digit(c).and_then(|d| char::from_digit(d, 10)).unwrap_or(c),
    };
    digits.len() == 17 && id_check(digits) == check
}

/// Whether a 15-digit number reads as an old ID number: a month and a day
/// of birth at its 9th to 12th digits (YYMMDD from the 7th).
fn plausible_id15(digits: &[u32]) -> bool {
    let month = digits[8] * 10 + digits[9];
    let day = digits[10] * 10 + digits[11];
    (1..=12).contains(&month) && (1..=31).contains(&day)
}

/// Whether digits pass the Luhn check bank card numbers carry.
pub(crate) fn luhn(digits: &[u32]) -> bool {
    let sum: u32 = digits
        .iter()
        .rev()
        .enumerate()
        .map(|(n, d)| {
            if n % 2 == 1 {
                let d = d * 2;
                if d > 9 { d - 9 } else { d }
            } else {
                *d
            }
        })
        .sum();
    sum.is_multiple_of(10)
}

/// Marks ID and bank card numbers among the text's runs of digits: an
/// 18-digit ID number with a valid check character (its last may be X)
/// and a 15-digit one with a plausible birth date keep their first six
/// digits (the region); a card number of 16 to 19 digits passing Luhn,
/// written together or in groups of four, keeps its last four.
fn mask_digit_runs(chars: &[char], mask: &mut [bool]) {
    let mut i = 0;
    while i < chars.len() {
        if digit(chars[i]).is_none() || digit_at(chars, i.checked_sub(1)) {
            i += 1;
            continue;
        }
        let mut end = i;
        while end < chars.len() && digit(chars[end]).is_some() {
            end += 1;
        }
        let digits: Vec<u32> = chars[i..end].iter().filter_map(|c| digit(*c)).collect();
        let id_x = digits.len() == 17
            && chars
                .get(end)
                .is_some_and(|c| matches!(c, 'X' | 'x' | 'Ｘ' | 'ｘ'));
        if id_x && valid_id18(&digits, chars[end]) {
            mask[i + 6..=end].iter_mut().for_each(|m| *m = true);
        } else if digits.len() == 18 && valid_id18(&digits[..17], chars[end - 1]) {
            mask[i + 6..end].iter_mut().for_each(|m| *m = true);
        } else if digits.len() == 15 && plausible_id15(&digits) {
            mask[i + 6..end].iter_mut().for_each(|m| *m = true);
        } else if (16..=19).contains(&digits.len()) && luhn(&digits) {
            mask[i..end - 4].iter_mut().for_each(|m| *m = true);
        } else if digits.len() == 4 {
            card_in_groups(chars, i, mask);
        }
        i = end;
    }
}

/// Marks a card number written in groups of four (`6222 0212 3456 7890
/// 123`) that starts at `i`: groups of four joined by one space or dash,
/// the last of one to four digits, 16 to 19 digits in all, passing Luhn.
fn card_in_groups(chars: &[char], i: usize, mask: &mut [bool]) {
    let mut positions = Vec::new();
    let mut k = i;
    loop {
        let start = k;
        while k < chars.len() && digit(chars[k]).is_some() {
            k += 1;
        }
        let len = k - start;
        if len == 0 || len > 4 {
            return;
        }
        positions.extend(start..k);
        let joined = chars.get(k).is_some_and(|c| is_separator(*c) && *c != '.')
            && digit_at(chars, Some(k + 1));
        if len < 4 || !joined || positions.len() >= 19 {
            break;
        }
        k += 1;
    }
    if digit_at(chars, Some(k)) || !(16..=19).contains(&positions.len()) {
        return;
    }
    let digits: Vec<u32> = positions.iter().filter_map(|p| digit(chars[*p])).collect();
    if luhn(&digits) {
        for p in &positions[..positions.len() - 4] {
            mask[*p] = true;
        }
    }
}

/// Marks the middle four digits of each mainland mobile number (158****3065):
/// 11 digits 1[3-9]…, together or as 3-4-4 with spaces, dashes of any width
/// or dots between the groups, after 86, +86 or 0086 or next to other words,
/// in ASCII or full-width digits, with no digit right before or after.
fn mask_mobiles(chars: &[char], mask: &mut [bool]) {
    let mut i = 0;
    while i < chars.len() {
        if mobile_starts(chars, i)
            && let Some(digits) = mobile_at(chars, i)
        {
            for &d in &digits[3..7] {
                mask[d] = true;
            }
            i = digits[10] + 1;
            continue;
        }
        i += 1;
    }
}

/// Whether a mobile number may start at `i`: a digit not after another
/// digit, or right after a country code 86 or 0086 written together with it.
fn mobile_starts(chars: &[char], i: usize) -> bool {
    if digit(chars[i]) != Some(1) {
        return false;
    }
    let d = |k: usize| digit(chars[k]);
    let before = |k: usize| k == 0 || digit(chars[k - 1]).is_none();
    before(i)
        || (i >= 2 && d(i - 2) == Some(8) && d(i - 1) == Some(6) && before(i - 2))
        || (i >= 4
            && d(i - 4) == Some(0)
            && d(i - 3) == Some(0)
            && d(i - 2) == Some(8)
            && d(i - 1) == Some(6)
            && before(i - 4))
}

/// The positions of the 11 digits of a mobile number starting at `i`
/// (see [`mask_mobiles`]); `None` if none does.
fn mobile_at(chars: &[char], i: usize) -> Option<[usize; 11]> {
    let mut digits = [0; 11];
    let mut n = 0;
    let mut k = i;
    for group in [3usize, 4, 4] {
        if group == 4 {
            // Up to three separators: `138 - 1234 - 5678`.
            let mut s = 0;
            while s < 3 && chars.get(k).is_some_and(|c| is_separator(*c)) {
                k += 1;
                s += 1;
            }
        }
        for _ in 0..group {
            digit(*chars.get(k)?)?;
            digits[n] = k;
            n += 1;
            k += 1;
        }
    }
    let second = digit(chars[digits[1]])?;
    if !(3..=9).contains(&second) || digit_at(chars, Some(k)) {
        return None;
    }
    Some(digits)
}

/// A character of an e-mail address's local part.
fn local_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '%' | '+' | '-')
}

/// A character of an e-mail address's domain.
fn domain_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '.' | '-')
}

/// Marks the local part of each e-mail address (`***@qq.com`; the domain
/// names the provider, not the person): before an `@` (or `＠`), with a
/// domain of two or more labels after it, the last of two or more letters.
fn mask_emails(chars: &[char], mask: &mut [bool]) {
    for (at, c) in chars.iter().enumerate() {
        if *c != '@' && *c != '＠' {
            continue;
        }
        let mut start = at;
        while start > 0 && local_char(chars[start - 1]) {
            start -= 1;
        }
        let mut end = at + 1;
        while end < chars.len() && domain_char(chars[end]) {
            end += 1;
        }
        let domain: String = chars[at + 1..end].iter().collect();
        let domain = domain.trim_end_matches('.');
        let labels: Vec<&str> = domain.split('.').collect();
        let valid = start < at
            && labels.len() >= 2
            && labels.iter().all(|l| !l.is_empty())
            && labels
                .last()
                .is_some_and(|l| l.len() >= 2 && l.chars().all(|c| c.is_ascii_alphabetic()));
        if valid {
            mask[start..at].iter_mut().for_each(|m| *m = true);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn masked(r: &Redactor, text: &str) -> String {
        r.redact(text).unwrap_or_else(|| text.to_string())
    }

    fn plain(text: &str) -> String {
        masked(&Redactor::default(), text)
    }

    #[test]
    fn mobiles_are_masked_in_every_common_writing_landlines_are_not() {
        for (given, shown) in [
            ("15897303065", "158****3065"),
            ("电话：15897303065。", "电话：158****3065。"),
            ("158 9730 3065", "158 **** 3065"),
            ("158-9730-3065", "158-****-3065"),
            ("158—9730—3065", "158—****—3065"),
            ("158–9730–3065", "158–****–3065"),
            ("158－9730－3065", "158－****－3065"),
            ("158.9730.3065", "158.****.3065"),
            ("158 - 9730 - 3065", "158 - **** - 3065"),
            ("+86 158 9730 3065", "+86 158 **** 3065"),
            ("+86-15897303065", "+86-158****3065"),
            ("8615897303065", "86158****3065"),
            ("+8615897303065", "+86158****3065"),
            ("008615897303065", "0086158****3065"),
            ("（+86）158 9730 3065", "（+86）158 **** 3065"),
            ("１５８９７３０３０６５", "１５８****３０６５"),
            ("１５８　９７３０　３０６５", "１５８　****　３０６５"),
            (
                "电话15897303065或13907301234",
                "电话158****3065或139****1234",
            ),
            ("0745-5223456 15897303065", "0745-5223456 158****3065"),
            ("0730-8075108", "0730-8075108"),
            ("（0730）8075108", "（0730）8075108"),
            ("8075108", "8075108"),
            ("2022年2854.84万元", "2022年2854.84万元"),
            ("123456789012", "123456789012"),
            ("12897303065", "12897303065"),
            ("158973030651", "158973030651"),
        ] {
            assert_eq!(plain(given), shown, "{given}");
        }
    }

    #[test]
    fn id_numbers_with_a_valid_check_are_masked_others_are_not() {
        // 11010519491231002X is the standard's own example; 430602199001011234
        // is checked below to fail.
        let valid = "11010519491231002X";
        assert_eq!(plain(valid), "110105************");
        assert_eq!(plain("11010519491231002x"), "110105************");
        assert_eq!(
            plain("身份证号：１１０１０５１９４９１２３１００２Ｘ。"),
            "身份证号：１１０１０５************。"
        );
        let digits: Vec<u32> = "43060219900101123".chars().filter_map(digit).collect();
        let check = id_check(&digits);
        let good = format!("43060219900101123{check}");
        assert_eq!(plain(&good), "430602************");
        // The same number with a wrong check digit, which Luhn fails too.
        let bad = (0..10)
            .map(|d| format!("43060219900101123{d}"))
            .find(|b| {
                !b.ends_with(check) && !luhn(&b.chars().filter_map(digit).collect::<Vec<_>>())
            })
            .expect("a wrong check digit failing Luhn");
        assert_eq!(plain(&bad), bad);
        // 15 digits with a birth date; without one (month 13) they stay.
        assert_eq!(plain("430602900101123"), "430602*********");
        assert_eq!(plain("430602901301123"), "430602901301123");
        // A longer run of digits holds no ID.
        assert_eq!(plain(&format!("123{valid}")), format!("123{valid}"));
    }

    #[test]
    fn bank_cards_passing_luhn_are_masked_but_their_last_four() {
        // 6222021234567890128 passes Luhn (computed below).
        let body: Vec<u32> = "622202123456789012".chars().filter_map(digit).collect();
        let last = (0..10)
            .find(|d| luhn(&[body.clone(), vec![*d]].concat()))
            .expect("a check digit");
        let card = format!("622202123456789012{last}");
        assert_eq!(plain(&card), format!("***************{}", &card[15..]));
        assert_eq!(
            plain("卡号4111 1111 1111 1111。"),
            "卡号**** **** **** 1111。"
        );
        assert_eq!(plain("4111-1111-1111-1111"), "****-****-****-1111");
        // Failing Luhn, or too short, they stay.
        assert_eq!(plain("4111111111111112"), "4111111111111112");
        assert_eq!(plain("4111 1111 1111 111"), "4111 1111 1111 111");
    }

    #[test]
    fn e_mail_addresses_keep_only_their_domain() {
        assert_eq!(
            plain("邮箱：wang.ping@qq.com。"),
            "邮箱：*********@qq.com。"
        );
        assert_eq!(plain("a_b+c@mail.gov.cn"), "*****@mail.gov.cn");
        assert_eq!(plain("wp＠163.com"), "**＠163.com");
        assert_eq!(plain("@王平 或 x@y"), "@王平 或 x@y");
    }

    #[test]
    fn known_names_are_masked_as_whole_names_only() {
        let r = Redactor::new(["王平", "李明、赵小红", "张三（组长）", "周", " Li  Na "]);
        assert_eq!(masked(&r, "由王平负责"), "由王*负责");
        assert_eq!(masked(&r, "王 平、李明和赵小红"), "王 *、李*和赵**");
        assert_eq!(masked(&r, "组长张三"), "组长张*");
        assert_eq!(masked(&r, "LiNa and Lina"), "L*** and Lina");
        // Text sharing characters with a name stays.
        for text in [
            "和平发展",
            "王某",
            "平安",
            "明确目标",
            "周期",
            "组长",
            "Linear",
        ] {
            assert_eq!(r.redact(text), None, "{text}");
        }
    }

    #[test]
    fn a_json_value_is_masked_in_every_string() {
        let r = Redactor::new(["王平"]);
        let mut v = serde_json::json!({
            "a": ["王平 15897303065", {"b": "x@qq.com"}],
            "n": 15897303065u64,
            "c": "无",
        });
        assert!(r.redact_value(&mut v));
        assert_eq!(
            v,
            serde_json::json!({
                "a": ["王* 158****3065", {"b": "*@qq.com"}],
                "n": 15897303065u64,
                "c": "无",
            })
        );
        assert!(!r.redact_value(&mut v));
    }
}
