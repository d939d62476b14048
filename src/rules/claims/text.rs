//! Reading one text as the checker sees it: normalized (full-width digits
//! and signs folded, spaces and quotation marks dropped) with the way back to
//! the text as written, cut into sentences and clauses, and the quantities
//! in it — an amount with its unit (元, 万元, 亿元; thousands separators,
//! full-width digits, Chinese numerals such as 三千万), a percentage, or a
//! count with its unit (人, 户, 人次…).
//!
//! Written by hand: no crate reads Chinese prose for “number + unit” with
//! the written precision kept; the digits themselves are read by the
//! reader's own [`scan_digits`] and Chinese numerals by `chinese-number`.

use chinese_number::{ChineseCountMethod, ChineseToNumber};
use rust_decimal::Decimal;

use crate::ingest::coerce::number::scan_digits;

/// What a quantity measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Dim {
    /// Money; canonical unit 万元.
    Money,
    /// A percentage; canonical unit %.
    Percent,
    /// A count of people, households, times…; canonical unit one.
    Count,
}

/// A quantity written in a text.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Quantity {
    /// The number as written (15 in “15万元”).
    pub value: Decimal,
    /// Canonical units per written unit (万元 per 元 = 0.0001; 10000 for 万人).
    pub scale: Decimal,
    /// What it measures.
    pub dim: Dim,
    /// The unit as written after the number, normalized (万元, %, 人次).
    pub unit: String,
    /// The precision the text gives, in written units (0.01 for “2854.94”,
    /// 1 for “15”, 1000 for “三千”).
    pub step: Decimal,
    /// The number's first char (index into [`Norm::chars`]).
    pub start: usize,
    /// One past the unit's last char.
    pub end: usize,
    /// Written as an approximation or a bound (万余元, 以上, 左右…).
    pub approx: bool,
    /// The number and unit as written, for messages.
    pub written: String,
}

/// A text normalized for matching, with each char's place in the original.
#[derive(Debug)]
pub(crate) struct Norm {
    /// The normalized text.
    pub text: String,
    /// Each char of `text`: its byte offset in `text`, the char, and the byte
    /// offset in the original where it came from.
    pub chars: Vec<(usize, char, usize)>,
    /// The original's length.
    original_len: usize,
}

impl Norm {
    /// Normalizes `s`.
    pub fn new(s: &str) -> Norm {
        let mut text = String::with_capacity(s.len());
        let mut chars = Vec::with_capacity(s.len() / 2);
        let src: Vec<(usize, char)> = s.char_indices().collect();
        let mut i = 0;
        let push = |text: &mut String, chars: &mut Vec<(usize, char, usize)>, c: char, o: usize| {
            chars.push((text.len(), c, o));
            text.push(c);
        };
        while i < src.len() {
            let (o, c) = src[i];
            // 因公出国（境）费: the brackets are part of the name, not a clause.
            if matches!(c, '（' | '(')
                && src.get(i + 1).is_some_and(|&(_, n)| n == '境')
                && src
                    .get(i + 2)
                    .is_some_and(|&(_, n)| matches!(n, '）' | ')'))
            {
                push(&mut text, &mut chars, '境', src[i + 1].0);
                i += 3;
                continue;
            }
            let folded = match c {
                '０'..='９' => char::from_u32(c as u32 - 0xFF10 + u32::from(b'0')),
                '％' => Some('%'),
                '．' => Some('.'),
                '：' => Some(':'),
                '，' => Some('，'),
                '“' | '”' | '‘' | '’' | '"' | '\'' | '「' | '」' | '『' | '』' => None,
                c if c.is_whitespace() && c != '\n' => None,
                c => Some(c),
            };
            if let Some(f) = folded {
                push(&mut text, &mut chars, f, o);
            }
            i += 1;
        }
        Norm {
            text,
            chars,
            original_len: s.len(),
        }
    }

    /// The char index of byte offset `b` of the normalized text.
    pub fn char_at(&self, b: usize) -> usize {
        self.chars.partition_point(|&(o, _, _)| o < b)
    }

    /// The chars `from..to` as a string.
    pub fn slice(&self, from: usize, to: usize) -> String {
        self.chars[from..to].iter().map(|&(_, c, _)| c).collect()
    }

    /// The original text of chars `from..to`.
    pub fn original<'a>(&self, s: &'a str, from: usize, to: usize) -> &'a str {
        let a = self.chars.get(from).map_or(self.original_len, |c| c.2);
        let b = self.chars.get(to).map_or(self.original_len, |c| c.2);
        s.get(a..b).unwrap_or("")
    }

    fn char(&self, i: usize) -> Option<char> {
        self.chars.get(i).map(|&(_, c, _)| c)
    }

    fn starts_with(&self, i: usize, word: &str) -> bool {
        (i..)
            .zip(word.chars())
            .all(|(j, w)| self.char(j) == Some(w))
    }
}

/// Ends a sentence: what is said before it is a statement apart.
pub(crate) fn ends_sentence(c: char) -> bool {
    matches!(c, '。' | ';' | '；' | '!' | '！' | '?' | '？' | '\n')
}

/// Ends a clause: a label and its number stand in one.
pub(crate) fn ends_clause(c: char) -> bool {
    ends_sentence(c)
        || matches!(
            c,
            '，' | ',' | '、' | ':' | '（' | '）' | '(' | ')' | '《' | '》' | '【' | '】'
        )
}

/// Count units, longest first.
const COUNT_UNITS: &[&str] = &[
    "人次", "户次", "人", "户", "次", "个", "家", "项", "名", "所", "辆", "台", "件", "场", "批",
    "条", "篇",
];

/// Written after a number, it makes the number a bound or an estimate.
const BOUNDS_AFTER: &[&str] = &[
    "以上", "以下", "以内", "左右", "上下", "余", "多", "/", "每",
];

/// The Chinese numerals of amounts (三千万, 两亿).
fn is_chinese_numeral(c: char) -> bool {
    matches!(
        c,
        '零' | '〇'
            | '一'
            | '二'
            | '两'
            | '三'
            | '四'
            | '五'
            | '六'
            | '七'
            | '八'
            | '九'
            | '十'
            | '百'
            | '千'
            | '万'
            | '亿'
    )
}

/// Every quantity of the text, in order.
pub(crate) fn quantities(n: &Norm) -> Vec<Quantity> {
    let chars: Vec<char> = n.chars.iter().map(|&(_, c, _)| c).collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let prev = i.checked_sub(1).map(|p| chars[p]);
        let after_word = prev.is_some_and(|p| p.is_ascii_alphanumeric() || p == '.' || p == '-');
        if c.is_ascii_digit() && !after_word {
            match scan_digits(&chars, i) {
                Some(d) => {
                    let end = d.end;
                    if let Ok(value) = d.literal.parse::<Decimal>() {
                        let dp = d.literal.split_once('.').map_or(0, |(_, f)| f.len());
                        let step = Decimal::new(1, u32::try_from(dp).unwrap_or(0).min(20));
                        if let Some(q) = unit_after(n, &chars, i, end, value, step) {
                            i = q.end;
                            out.push(q);
                            continue;
                        }
                    }
                    i = end.max(i + 1);
                    // Skip the rest of a long digit run (a phone number).
                    while i < chars.len() && chars[i].is_ascii_digit() {
                        i += 1;
                    }
                    continue;
                }
                None => {
                    while i < chars.len() && (chars[i].is_ascii_digit() || chars[i] == ',') {
                        i += 1;
                    }
                    continue;
                }
            }
        }
        if is_chinese_numeral(c) && !prev.is_some_and(is_chinese_numeral) {
            let mut j = i;
            while j < chars.len() && is_chinese_numeral(chars[j]) {
                j += 1;
            }
            if let Some(q) = chinese_amount(n, &chars, i, j) {
                i = q.end;
                out.push(q);
                continue;
            }
            i = j;
            continue;
        }
        i += 1;
    }
    out
}

/// The unit after the digits `start..end`: a quantity, or `None` when what
/// follows is no unit of ours (a year, a date, a 文号, a phone number).
fn unit_after(
    n: &Norm,
    chars: &[char],
    start: usize,
    end: usize,
    value: Decimal,
    step: Decimal,
) -> Option<Quantity> {
    let mut j = end;
    let mut mult = Decimal::ONE;
    let mut mult_word = "";
    match chars.get(j) {
        Some('万') => {
            mult = Decimal::from(10_000);
            mult_word = "万";
            j += 1;
        }
        Some('亿') => {
            mult = Decimal::from(100_000_000);
            mult_word = "亿";
            j += 1;
        }
        Some('千') if chars.get(j + 1) == Some(&'元') => {
            mult = Decimal::from(1_000);
            mult_word = "千";
            j += 1;
        }
        _ => {}
    }
    let mut approx = false;
    if matches!(chars.get(j), Some('余' | '多')) {
        approx = true;
        j += 1;
    }
    let (dim, unit, scale, unit_end) = if chars.get(j) == Some(&'元') {
        // 万元 per written unit.
        let scale = mult / Decimal::from(10_000);
        (Dim::Money, format!("{mult_word}元"), scale, j + 1)
    } else if chars.get(j) == Some(&'%') && mult_word.is_empty() && !approx {
        (Dim::Percent, "%".to_string(), Decimal::ONE, j + 1)
    } else if let Some(u) = COUNT_UNITS.iter().find(|u| n.starts_with(j, u)) {
        if *u == "个" && n.starts_with(j + 1, "百分点") {
            return None;
        }
        (
            Dim::Count,
            format!("{mult_word}{u}"),
            mult,
            j + u.chars().count(),
        )
    } else if !mult_word.is_empty() && mult_word != "千" {
        // “14.6万”: an amount in 万元 (亿元) with the 元 left out.
        let scale = mult / Decimal::from(10_000);
        (Dim::Money, format!("{mult_word}元"), scale, j)
    } else {
        return None;
    };
    if start > 0 && chars[start - 1] == '第' {
        return None;
    }
    let approx = approx || BOUNDS_AFTER.iter().any(|b| n.starts_with(unit_end, b));
    Some(Quantity {
        value,
        scale,
        dim,
        written: n.slice(start, unit_end),
        unit,
        step,
        start,
        end: unit_end,
        approx,
    })
}

/// A Chinese numeral amount at `start..end` (三千万元, 两亿): Chinese numerals
/// are read only where they carry money. The precision is the place of its
/// last non-zero digit.
fn chinese_amount(n: &Norm, chars: &[char], start: usize, end: usize) -> Option<Quantity> {
    let run: String = chars[start..end].iter().collect();
    if run.chars().count() < 2 {
        return None;
    }
    let last = chars[end - 1];
    let (unit_end, approx) = match chars.get(end) {
        Some('元') => (end + 1, false),
        Some('余' | '多') if chars.get(end + 1) == Some(&'元') => (end + 2, true),
        _ if matches!(last, '万' | '亿') => (end, false),
        _ => return None,
    };
    let v: u64 = run.to_number(ChineseCountMethod::TenThousand).ok()?;
    let mut step = Decimal::ONE;
    let mut rest = v;
    while rest >= 10 && rest.is_multiple_of(10) {
        rest /= 10;
        step *= Decimal::TEN;
    }
    let approx = approx || BOUNDS_AFTER.iter().any(|b| n.starts_with(unit_end, b));
    Some(Quantity {
        value: Decimal::from(v),
        scale: Decimal::new(1, 4),
        dim: Dim::Money,
        unit: "元".to_string(),
        step,
        start,
        end: unit_end,
        approx,
        written: n.slice(start, unit_end),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(s: &str) -> Vec<(String, Dim, String, String)> {
        let n = Norm::new(s);
        quantities(&n)
            .into_iter()
            .map(|q| {
                (
                    q.value.to_string(),
                    q.dim,
                    q.unit.clone(),
                    format!("{}{}", q.step, if q.approx { "~" } else { "" }),
                )
            })
            .collect()
    }

    #[test]
    fn amounts_percentages_and_counts_are_read_with_their_precision() {
        let got = q("收入总计2854.94万元，参保3967人，控制率100％，共７,167,065.75元。");
        let want = [
            ("2854.94", Dim::Money, "万元", "0.01"),
            ("3967", Dim::Count, "人", "1"),
            ("100", Dim::Percent, "%", "1"),
            ("7167065.75", Dim::Money, "元", "0.01"),
        ];
        assert_eq!(got.len(), want.len(), "{got:?}");
        for (g, w) in got.iter().zip(want) {
            assert_eq!((g.0.as_str(), g.1, g.2.as_str(), g.3.as_str()), w);
        }
    }

    #[test]
    fn chinese_numerals_carry_amounts_only() {
        let got = q("资金三千万元，一是加强管理，两亿");
        assert_eq!(got.len(), 2, "{got:?}");
        assert_eq!(got[0].0, "30000000");
        assert_eq!(got[0].3, "10000000");
        assert_eq!(got[1].0, "200000000");
    }

    #[test]
    fn dates_document_numbers_phones_and_ordinals_are_no_quantities() {
        let got = q(
            "2022年12月31日，财预〔2013〕53号，电话15897303065，第3次，1.2亿，629万余元，5个百分点",
        );
        assert_eq!(got.len(), 2, "{got:?}");
        assert_eq!(got[0].0, "1.2");
        assert_eq!(got[0].2, "亿元");
        assert!(got[1].3.ends_with('~'), "{got:?}");
    }

    #[test]
    fn normalized_text_maps_back_to_the_original() {
        let s = "因公出国（境）费 “三公”经费１５万元";
        let n = Norm::new(s);
        assert_eq!(n.text, "因公出国境费三公经费15万元");
        let qs = quantities(&n);
        assert_eq!(n.original(s, qs[0].start, qs[0].end), "１５万元");
    }
}
