//! The text agrees with the tables (文数一致): every number the department
//! writes in its prose — an amount, a percentage, a count — that is attached
//! to a label the workbook gives a figure for is compared with that figure,
//! at the precision the text writes it. A mismatch is a
//! `TEXT-NUMBER-MISMATCH` warning at the text's cell.
//!
//! Precision over recall: a number is a claim only when its label stands
//! right before it in the same clause, with nothing before the label but the
//! subject and this year (我局、2022年、其中…) and nothing between them but
//! linking words (为、达、共计…); in a sentence about another scope (下属、
//! 全县…), after a word of a plan or a bound, or written as an estimate
//! (约、余、以上…) it is left alone. The rules and the synonyms are in
//! docs/claims.md. Labels are found with one Aho–Corasick automaton per
//! workbook over the synonyms and the workbook's own project and indicator
//! names.

mod facts;
mod text;

use std::collections::HashMap;
use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use rust_decimal::Decimal;

use crate::contract::fields::{EnteredBy, Kind, WorkbookKind, key};
use crate::contract::finding::{Code, Finding};
use crate::contract::number::{fixed, round_half_up};
use crate::ingest::model::{Department, Entry};
use crate::rules::settings::Settings;

use facts::{Fact, Figure, SYNONYMS, Source, Target};
use text::{Dim, Norm, Quantity, ends_clause, ends_sentence, quantities};

/// Words that may stand before a label in its clause: the subject, this
/// year's time words, 其中. Anything else there qualifies the label (一般公共
/// 预算财政拨款基本支出, 新增固定资产原值) and the number is left alone.
const BEFORE_LABEL: &[&str] = &[
    "其中",
    "我局",
    "本局",
    "全局",
    "我单位",
    "本单位",
    "我部门",
    "本部门",
    "我中心",
    "本中心",
    "我委",
    "我办",
    "我区",
    "我县",
    "我市",
    "全年",
    "本年度",
    "本年",
    "当年",
    "年度",
    "本级",
    "截至",
    "截止",
    "年末",
    "年底",
    "末",
    "底",
    "共有",
    "共",
    "整体支出",
    "整体",
    "实现",
    "该项目",
    "本项目",
    "项目",
];

/// Words that may stand between a label and its number.
const LINKING: &[&str] = &[
    "为", "是", "达到", "达", "共计", "共", "合计", "总计", "总额", "计", "数", "额", "金额", ":",
    "了", "已", "实际", "支出", "收入", "资金", "经费", "规模", "有",
];

/// A sentence with one of these speaks of another scope than the workbook's.
const OTHER_SCOPE: &[&str] = &[
    "下属",
    "下设",
    "二级机构",
    "所属单位",
    "全县",
    "全市",
    "全省",
    "全国",
];

/// The synonyms' matcher, built once: pattern `i` names `figures[i]`.
static SYNONYM_MATCHER: LazyLock<Option<(AhoCorasick, Vec<Figure>)>> = LazyLock::new(|| {
    let mut patterns = Vec::new();
    let mut figures = Vec::new();
    for (labels, figure) in SYNONYMS {
        for l in *labels {
            patterns.push(*l);
            figures.push(*figure);
        }
    }
    // Built once per process, so built for speed: a DFA.
    AhoCorasick::builder()
        .match_kind(MatchKind::LeftmostLongest)
        .kind(Some(AhoCorasickKind::DFA))
        .build(&patterns)
        .ok()
        .map(|ac| (ac, figures))
});

/// A leftmost-longest matcher over `patterns`: a noncontiguous NFA with
/// sparse transitions and no prefilter. A DFA, a contiguous NFA, dense
/// states or a prefilter search a little faster but cost far more to build
/// (the labels are Chinese, three bytes a character), and the workbook's own
/// names are built into a matcher for each workbook, to search a few short
/// texts.
fn matcher<P: AsRef<[u8]>>(patterns: &[P]) -> Option<AhoCorasick> {
    AhoCorasick::builder()
        .match_kind(MatchKind::LeftmostLongest)
        .kind(Some(AhoCorasickKind::NoncontiguousNFA))
        .dense_depth(0)
        .prefilter(false)
        .build(patterns)
        .ok()
}

/// Whether a text may hold a quantity at all: a digit, or a character an
/// amount in Chinese numerals needs. Most texts have none and cost no more.
fn may_hold_numbers(s: &str) -> bool {
    s.bytes().any(|b| b.is_ascii_digit())
        || s.chars()
            .any(|c| matches!(c, '０'..='９' | '元' | '万' | '亿'))
}

/// Checks the numbers of every text of the workbook against its tables.
pub fn claims(dept: &Department, ctx: &Settings, out: &mut Vec<Finding>) {
    let proses: Vec<Prose<'_>> = texts(dept)
        .into_iter()
        .filter_map(|(field, entry)| {
            let s = entry.text()?;
            if !may_hold_numbers(s) {
                return None;
            }
            Prose::new(field, entry, s)
        })
        .collect();
    if proses.is_empty() {
        return;
    }
    let synonyms = match dept.kind {
        WorkbookKind::Department => SYNONYM_MATCHER.as_ref(),
        WorkbookKind::Project => None,
    };
    // The workbook's own names go into a matcher of their own, built for
    // this workbook: only those whose every char occurs in some clause to
    // be searched, since no other can match there. Most indicator names
    // never occur in the prose, and building the automaton is the cost.
    let mut seen = CharSet::default();
    for p in &proses {
        for &(from, to) in &p.regions {
            p.norm.text[from..to].chars().for_each(|c| seen.insert(c));
        }
    }
    let names = facts::names(dept);
    let mut patterns: Vec<&str> = Vec::new();
    let mut named: Vec<Vec<Source>> = Vec::new();
    let mut index: HashMap<&str, usize> = HashMap::new();
    for (label, source) in &names {
        if !label.chars().all(|c| seen.contains(c)) {
            continue;
        }
        let i = *index.entry(label.as_str()).or_insert_with(|| {
            patterns.push(label.as_str());
            named.push(Vec::new());
            patterns.len() - 1
        });
        named[i].push(*source);
    }
    let own = if patterns.is_empty() {
        None
    } else {
        matcher(&patterns)
    };
    let reader = Reader {
        dept,
        synonyms,
        own: own.as_ref().map(|ac| (ac, named.as_slice())),
        year: dept.int(key::YEAR),
        unit: dept.text(key::UNIT_NAME).map(|u| Norm::new(u).text),
        tolerance: ctx.tolerance,
    };
    for p in &proses {
        for m in reader.mismatches(p) {
            let mut f = m.finding(&p.field);
            if let Some(spot) = &p.entry.spot {
                f = f.at(spot);
            }
            out.push(f);
        }
    }
}

/// A set of chars, as bits of their code points folded to 16 bits: a
/// char not in the set is certainly absent; one in it may be a fold of
/// another (which only lets a name through that then does not match).
struct CharSet(Box<[u64; 1024]>);

impl Default for CharSet {
    fn default() -> Self {
        CharSet(Box::new([0; 1024]))
    }
}

impl CharSet {
    fn slot(c: char) -> (usize, u64) {
        let i = (c as usize) & 0xFFFF;
        (i >> 6, 1 << (i & 63))
    }

    fn insert(&mut self, c: char) {
        let (w, bit) = Self::slot(c);
        self.0[w] |= bit;
    }

    fn contains(&self, c: char) -> bool {
        let (w, bit) = Self::slot(c);
        self.0[w] & bit != 0
    }
}

/// One text that holds quantities: normalized, its quantities, and the
/// clauses before them where their labels must stand.
struct Prose<'a> {
    field: String,
    entry: &'a Entry,
    original: &'a str,
    norm: Norm,
    quantities: Vec<Quantity>,
    /// Where each quantity's clause starts (a char of `norm`).
    clauses: Vec<usize>,
    /// Byte ranges of `norm.text` from a clause's start to a quantity in
    /// it (to the last, where a clause has several), in order: a label
    /// further back would be in another clause, and the quantity is left
    /// alone then.
    regions: Vec<(usize, usize)>,
}

impl<'a> Prose<'a> {
    /// `None` when `s` holds no quantity that could be a claim.
    fn new(field: String, entry: &'a Entry, s: &'a str) -> Option<Prose<'a>> {
        let norm = Norm::new(s);
        let quantities = quantities(&norm);
        let clauses: Vec<usize> = quantities
            .iter()
            .map(|q| {
                norm.chars[..q.start]
                    .iter()
                    .rposition(|&(_, c, _)| ends_clause(c))
                    .map_or(0, |i| i + 1)
            })
            .collect();
        let mut regions: Vec<(usize, usize)> = Vec::new();
        for (q, &clause) in quantities.iter().zip(&clauses).filter(|(q, _)| !q.approx) {
            let from = norm.chars.get(clause).map_or(norm.text.len(), |c| c.0);
            let to = norm.chars.get(q.start).map_or(norm.text.len(), |c| c.0);
            match regions.last_mut() {
                Some(last) if last.0 == from => last.1 = last.1.max(to),
                _ => regions.push((from, to)),
            }
        }
        if regions.is_empty() {
            return None;
        }
        Some(Prose {
            field,
            entry,
            original: s,
            norm,
            quantities,
            clauses,
            regions,
        })
    }
}

/// Every prose cell of the workbook with its field key (`finance_note`,
/// `tbl_goals.done`): the long texts and 机构设置, and the long-text columns
/// the department writes.
fn texts(dept: &Department) -> Vec<(String, &Entry)> {
    let mut out = Vec::new();
    for f in dept.kind.fields() {
        if f.kind == Kind::LongText || f.key == key::ORG_STRUCTURE.as_str() {
            out.push((f.key.to_string(), dept.entry(f.id())));
        }
    }
    for t in dept.kind.tables() {
        for c in t.columns {
            if c.kind != Kind::LongText || c.by != EnteredBy::Department {
                continue;
            }
            for row in dept.rows(t) {
                out.push((t.column_key(c.col_id()), row.entry(c.col_id())));
            }
        }
    }
    out
}

/// The label matchers and what they need to place and resolve a claim.
struct Reader<'a> {
    dept: &'a Department,
    synonyms: Option<&'a (AhoCorasick, Vec<Figure>)>,
    /// The workbook's own names, and for each pattern what it names.
    own: Option<(&'a AhoCorasick, &'a [Vec<Source>])>,
    year: Option<i64>,
    unit: Option<String>,
    tolerance: Decimal,
}

/// A claim the tables contradict.
#[derive(Debug, Clone)]
pub(crate) struct Mismatch {
    /// The clause as written, up to the claim's unit.
    pub fragment: String,
    /// The number and unit as written.
    pub written: String,
    /// What the tables call the figure.
    pub name: String,
    /// The tables' value, in the claim's unit.
    pub shown: String,
    /// Where the tables give it.
    pub place: String,
}

impl Mismatch {
    fn finding(&self, field: &str) -> Finding {
        Finding::new(
            Code::TextNumberMismatch,
            format!(
                "文字“{}”中的 {} 与表格不符：{}为 {}（{}）",
                self.fragment, self.written, self.name, self.shown, self.place
            ),
        )
        .field(field)
        .expected(self.shown.clone())
        .found(self.written.clone())
        .hint(
            "以表格为准核对这句文字：文字写错的改正文字，表格填错的改正表格；\
             说的是另一口径（上年、下属单位、计划数等）的，在文字中写明",
        )
    }
}

impl Reader<'_> {
    /// The claims of a text the tables contradict.
    fn mismatches(&self, p: &Prose<'_>) -> Vec<Mismatch> {
        let (n, s, qs) = (&p.norm, p.original, &p.quantities);
        // Labels are looked for only in the clauses before the quantities:
        // the nearest label before a quantity counts only in its clause.
        let mut labels: Vec<(usize, usize, Source)> = Vec::new();
        for &(from, to) in &p.regions {
            let region = &n.text[from..to];
            if let Some((ac, figures)) = self.synonyms {
                for m in ac.find_iter(region) {
                    if let Some(f) = figures.get(m.pattern().as_usize()) {
                        labels.push((
                            n.char_at(from + m.start()),
                            n.char_at(from + m.end()),
                            Source::Figure(*f),
                        ));
                    }
                }
            }
            if let Some((ac, named)) = self.own {
                for m in ac.find_iter(region) {
                    for src in named.get(m.pattern().as_usize()).into_iter().flatten() {
                        labels.push((n.char_at(from + m.start()), n.char_at(from + m.end()), *src));
                    }
                }
            }
        }
        let mut out = Vec::new();
        for (q, &clause) in qs.iter().zip(&p.clauses) {
            if q.approx {
                continue;
            }
            // The label nearest before the number; of labels ending there,
            // the longest; every source of that one span.
            let Some(le) = labels.iter().map(|l| l.1).filter(|&e| e <= q.start).max() else {
                continue;
            };
            let Some(ls) = labels.iter().filter(|l| l.1 == le).map(|l| l.0).min() else {
                continue;
            };
            let sources: Vec<Source> = labels
                .iter()
                .filter(|l| l.0 == ls && l.1 == le)
                .map(|l| l.2)
                .collect();
            if ls < clause || !self.linking(&n.slice(le, q.start)) {
                continue;
            }
            if !self.before_label(&n.slice(clause, ls)) {
                continue;
            }
            let sentence_start = (0..q.start)
                .rev()
                .find(|&i| ends_sentence(n.chars[i].1))
                .map_or(0, |i| i + 1);
            let sentence_end = (q.end..n.chars.len())
                .find(|&i| ends_sentence(n.chars[i].1))
                .unwrap_or(n.chars.len());
            let sentence = n.slice(sentence_start, sentence_end);
            if OTHER_SCOPE.iter().any(|w| sentence.contains(w)) {
                continue;
            }
            if let Some((target, fact)) = self.contradicted(q, &sources) {
                let from = clause.max(q.end.saturating_sub(40));
                out.push(Mismatch {
                    fragment: n.original(s, from, q.end).trim().to_string(),
                    written: n.original(s, q.start, q.end).trim().to_string(),
                    shown: shown(q, &fact),
                    place: fact.place,
                    name: target.name,
                });
            }
        }
        out
    }

    /// The target and fact that contradict `q`, when every figure it may
    /// mean is known and none agrees.
    fn contradicted(&self, q: &Quantity, sources: &[Source]) -> Option<(Target, Fact)> {
        let mut first = None;
        for &s in sources {
            let Some(target) = facts::target(self.dept, s) else {
                continue;
            };
            for f in &target.facts {
                if !comparable(q, f) {
                    continue;
                }
                if agrees(q, f, self.tolerance) {
                    return None;
                }
                if first.is_none() {
                    first = Some((target.clone(), f.clone()));
                }
            }
        }
        first
    }

    /// Whether `gap`, between a label and its number, is only linking words.
    fn linking(&self, gap: &str) -> bool {
        tokens(gap, |rest| {
            LINKING
                .iter()
                .filter(|w| rest.starts_with(*w))
                .map(|w| w.len())
                .max()
        })
    }

    /// Whether `before`, between the clause's start and a label, is only the
    /// subject, this year and the words of [`BEFORE_LABEL`].
    fn before_label(&self, before: &str) -> bool {
        tokens(before, |rest| {
            let word = BEFORE_LABEL
                .iter()
                .filter(|w| rest.starts_with(*w))
                .map(|w| w.len())
                .max();
            let unit = self
                .unit
                .as_deref()
                .filter(|u| rest.starts_with(u))
                .map(str::len);
            let year = self.year_at(rest);
            let enumerator = {
                let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
                (digits > 0 && digits < 3 && rest[digits..].starts_with('.')).then_some(digits + 1)
            };
            [word, unit, year, enumerator].into_iter().flatten().max()
        })
    }

    /// The length of this year written at the start of `s` (2022年, 2022年度);
    /// `None` for another year, which makes the claim one about that year.
    fn year_at(&self, s: &str) -> Option<usize> {
        let digits = s.bytes().take_while(u8::is_ascii_digit).count();
        if digits != 4 {
            return None;
        }
        let y: i64 = s[..4].parse().ok()?;
        if Some(y) != self.year {
            return None;
        }
        let rest = &s[4..];
        if rest.starts_with("年度") {
            Some(4 + "年度".len())
        } else if rest.starts_with('年') {
            Some(4 + '年'.len_utf8())
        } else {
            None
        }
    }
}

/// Whether `s` is made only of the tokens `next` recognizes (`next` gives
/// the byte length of the token at the start of the rest).
fn tokens(s: &str, next: impl Fn(&str) -> Option<usize>) -> bool {
    let mut rest = s;
    while !rest.is_empty() {
        match next(rest) {
            Some(n) if n > 0 => rest = &rest[n..],
            _ => return false,
        }
    }
    true
}

/// Whether a claim and a figure measure the same thing: the same dimension,
/// and for counts the same unit when the table gives one (人 and 名 alike).
fn comparable(q: &Quantity, f: &Fact) -> bool {
    if q.dim != f.dim {
        return false;
    }
    match (&f.unit, q.dim) {
        (Some(u), Dim::Count) => {
            let same = |a: &str| if a == "名" { "人" } else { a }.to_string();
            let unit = q.unit.trim_start_matches('万');
            same(u.trim_start_matches('万')) == same(unit)
        }
        _ => true,
    }
}

/// Whether the claim agrees with the figure at the claim's own precision:
/// the figure, in the claim's unit and rounded half-up to the claim's last
/// written place, is the claim; or the two differ by no more than the
/// run's tolerance (万元 for money, percentage points for rates).
fn agrees(q: &Quantity, f: &Fact, tolerance: Decimal) -> bool {
    if q.scale.is_zero() || q.step.is_zero() {
        return true;
    }
    let in_written = f.value / q.scale;
    let rounded = round_half_up(in_written / q.step, 0) * q.step;
    if rounded == q.value {
        return true;
    }
    match q.dim {
        Dim::Money | Dim::Percent => (q.value * q.scale - f.value).abs() <= tolerance,
        Dim::Count => false,
    }
}

/// The figure in the claim's unit, for the message: as many decimals as the
/// claim writes (at least two for money and rates), with the unit.
fn shown(q: &Quantity, f: &Fact) -> String {
    let v = f.value / q.scale;
    let dp = q.step.scale().max(match q.dim {
        Dim::Count => 0,
        _ => 2,
    });
    let v = if v.fract().is_zero() && q.dim == Dim::Count {
        fixed(v, 0)
    } else {
        fixed(v, dp)
    };
    format!("{v}{}", q.unit)
}

#[cfg(test)]
mod tests;
