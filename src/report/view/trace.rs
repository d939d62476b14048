//! The report's trace: every figure the view states is recorded with where
//! it comes from (a cell, a formula over cells, the framework, the scoring,
//! the check), as it is written, so that any number of the report can be
//! traced back to the workbook. Figures are recorded as the sentences and
//! tables are built: the text a sentence prints is the text recorded.
//!
//! What a number of a rendered report is ([`number_tokens`]): a run of
//! ASCII digits, with thousands grouped by commas (`2,815.61` is `2815.61`),
//! a decimal part and a `%` sign if it has them; a date written
//! `2023年3月31日` is one number. A sign is not part of it. The numbers of
//! a figure's text are what the figure vouches for.

use rust_decimal::Decimal;

use crate::contract::fields::{ColumnId, FieldKey, SANGONG, TBL_SCORES, col, key};
use crate::contract::number::{fixed, percent_text};
use crate::ingest::model::{Department, Entry, Row};
use crate::report::view::cells::{paragraphs, row_text, row_written, text};
use crate::report::view::model::{CellRef, Figure, Source};
use crate::rules::metrics::{self, Input, Metric};
use crate::rules::score::IndicatorScore;

impl CellRef {
    /// The cell of an entry, named by its field key.
    pub(super) fn of(entry: &Entry, key: impl Into<String>) -> CellRef {
        let (sheet, cell) = entry
            .spot
            .as_ref()
            .map(|s| (s.sheet.clone(), s.a1()))
            .unwrap_or_default();
        CellRef {
            sheet,
            cell,
            key: key.into(),
        }
    }

    /// The cell of a scalar field.
    pub(super) fn field(dept: &Department, key: FieldKey) -> CellRef {
        CellRef::of(dept.entry(key), key.as_str())
    }

    /// The cell of a table row's column.
    pub(super) fn column(row: &Row, id: ColumnId) -> CellRef {
        CellRef::of(row.entry(id), row.table.column_key(id))
    }
}

/// Where a value is, made into a [`CellRef`] only when a figure is recorded.
#[derive(Debug, Clone, Copy)]
pub(super) enum At<'a> {
    /// A scalar field.
    Field(&'a Department, FieldKey),
    /// A table row's column.
    Column(&'a Row, ColumnId),
}

impl At<'_> {
    /// The cell.
    pub(super) fn cell(self) -> CellRef {
        match self {
            At::Field(dept, k) => CellRef::field(dept, k),
            At::Column(row, id) => CellRef::column(row, id),
        }
    }
}

impl Source {
    /// A scalar field's cell.
    pub(super) fn field(dept: &Department, key: FieldKey) -> Source {
        Source::Cell(CellRef::field(dept, key))
    }

    /// A table row's cell.
    pub(super) fn column(row: &Row, id: ColumnId) -> Source {
        Source::Cell(CellRef::column(row, id))
    }

    /// A formula over cells.
    pub(super) fn formula(formula: impl Into<String>, cells: Vec<CellRef>) -> Source {
        Source::Formula {
            formula: formula.into(),
            cells,
        }
    }
}

/// The figures recorded while the view is built. A trace that is off
/// (rendering) records nothing and makes no source: each source is a
/// closure, called only when the figure is recorded, since finding the
/// cells of every figure costs more than the rest of the view.
#[derive(Debug, Default)]
pub(super) struct Trace {
    on: bool,
    figures: Vec<Figure>,
}

impl Trace {
    /// A trace that records every figure.
    pub(super) fn on() -> Trace {
        Trace {
            on: true,
            figures: Vec::new(),
        }
    }

    /// A trace that records nothing.
    pub(super) fn off() -> Trace {
        Trace::default()
    }

    /// Records a figure as written; returns the text.
    pub(super) fn record(
        &mut self,
        text: String,
        source: impl FnOnce() -> Source,
        at: &str,
    ) -> String {
        if self.on {
            self.figures.push(Figure {
                text: text.clone(),
                at: at.to_string(),
                source: source(),
            });
        }
        text
    }

    /// An amount in 万元 as the report writes it (`2815.61`).
    pub(super) fn amount(
        &mut self,
        v: Decimal,
        source: impl FnOnce() -> Source,
        at: &str,
    ) -> String {
        self.record(fixed(v, 2), source, at)
    }

    /// A percentage (`18.33%`).
    pub(super) fn percent(
        &mut self,
        v: Decimal,
        source: impl FnOnce() -> Source,
        at: &str,
    ) -> String {
        self.record(percent_text(v, 2), source, at)
    }

    /// A number with `dp` decimals (points: `98.00`).
    pub(super) fn number(
        &mut self,
        v: Decimal,
        dp: u32,
        source: impl FnOnce() -> Source,
        at: &str,
    ) -> String {
        self.record(fixed(v, dp), source, at)
    }

    /// A count.
    pub(super) fn count(
        &mut self,
        n: impl ToString,
        source: impl FnOnce() -> Source,
        at: &str,
    ) -> String {
        self.record(n.to_string(), source, at)
    }

    /// A figure the templates write themselves (a table's value, with a
    /// filter): its text is made only when it is recorded.
    pub(super) fn shown(
        &mut self,
        text: impl FnOnce() -> String,
        source: impl FnOnce() -> Source,
        at: &str,
    ) {
        if self.on {
            self.figures.push(Figure {
                text: text(),
                at: at.to_string(),
                source: source(),
            });
        }
    }

    /// A quoted text: each number in it is a figure of the text's source.
    pub(super) fn passage(&mut self, text: &str, source: impl FnOnce() -> Source, at: &str) {
        if !self.on || !text.bytes().any(|b| b.is_ascii_digit()) {
            return;
        }
        let source = source();
        for (_, token) in number_tokens(text) {
            self.figures.push(Figure {
                text: token,
                at: at.to_string(),
                source: source.clone(),
            });
        }
    }

    /// Whether figures are recorded: work done only for the trace is
    /// skipped when they are not.
    pub(super) fn is_on(&self) -> bool {
        self.on
    }

    /// The figures, in the order they were recorded.
    pub(super) fn into_figures(self) -> Vec<Figure> {
        self.figures
    }
}

/// A text field, its numbers traced to its cell.
pub(super) fn traced_text(
    dept: &Department,
    k: FieldKey,
    t: &mut Trace,
    at: &str,
) -> Option<String> {
    let s = text(dept, k)?;
    t.passage(&s, || Source::field(dept, k), at);
    Some(s)
}

/// A long text field's paragraphs, their numbers traced to its cell.
pub(super) fn traced_paragraphs(
    dept: &Department,
    k: FieldKey,
    t: &mut Trace,
    at: &str,
) -> Vec<String> {
    let list = paragraphs(dept.text(k));
    for p in &list {
        t.passage(p, || Source::field(dept, k), at);
    }
    list
}

/// A table cell's text, its numbers traced to the cell.
pub(super) fn traced_row_text(row: &Row, id: ColumnId, t: &mut Trace, at: &str) -> Option<String> {
    let s = row_text(row, id)?;
    t.passage(&s, || Source::column(row, id), at);
    Some(s)
}

/// A table cell as the department wrote it (a not-applicable marker too),
/// its numbers traced to the cell.
pub(super) fn traced_row_written(
    row: &Row,
    id: ColumnId,
    t: &mut Trace,
    at: &str,
) -> Option<String> {
    let s = row_written(row, id)?;
    t.passage(&s, || Source::column(row, id), at);
    Some(s)
}

/// A table cell's amount, traced to the cell.
pub(super) fn traced_amount(row: &Row, id: ColumnId, t: &mut Trace, at: &str) -> Option<Decimal> {
    let v = row.dec(id)?;
    t.shown(|| fixed(v, 2), || Source::column(row, id), at);
    Some(v)
}

/// The cells a metric input reads.
fn input_cells(dept: &Department, input: Input) -> Vec<CellRef> {
    match input {
        Input::Field(k) => vec![CellRef::field(dept, k)],
        Input::Summary(id) => metrics::summary_row(dept)
            .map(|r| vec![CellRef::column(r, id)])
            .unwrap_or_default(),
        Input::Sangong(part) => SANGONG
            .iter()
            .map(|k| CellRef::field(dept, k.key(part)))
            .collect(),
        Input::Column(table, id) => crate::rules::formula::detail_rows(dept, table)
            .iter()
            .map(|r| CellRef::column(r, id))
            .collect(),
    }
}

/// The cells an indicator's system score was reached from: the inputs of
/// its formulas, or of the metrics its explanation names, and its
/// self-score's cells when the self-score stood in (no computed value).
pub(super) fn indicator_inputs(dept: &Department, i: &IndicatorScore) -> Vec<CellRef> {
    let inputs: Vec<Input> = match &i.formula_inputs {
        Some(inputs) => inputs.clone(),
        None => Metric::ALL
            .iter()
            .filter(|m| i.explain.contains(m.label()))
            .flat_map(|m| m.inputs())
            .collect(),
    };
    let mut cells: Vec<CellRef> = inputs
        .into_iter()
        .flat_map(|input| input_cells(dept, input))
        .collect();
    if i.computed.is_none() {
        cells.extend(self_score_cells(dept, i));
    }
    cells.dedup();
    cells
}

/// The 评分表 cells of an indicator's self-score (one, or one per part).
pub(super) fn self_score_cells(dept: &Department, i: &IndicatorScore) -> Vec<CellRef> {
    score_rows(dept, i)
        .filter(|r| r.dec(col::SELF_SCORE).is_some())
        .map(|r| CellRef::column(r, col::SELF_SCORE))
        .collect()
}

/// The 评分表 rows that carry an indicator.
pub(super) fn score_rows<'a>(
    dept: &'a Department,
    i: &'a IndicatorScore,
) -> impl Iterator<Item = &'a Row> + 'a {
    let rows = dept.rows(&TBL_SCORES);
    i.rows.iter().filter_map(|&at| rows.get(at))
}

/// The source of an indicator's system score.
pub(super) fn scoring(dept: &Department, i: &IndicatorScore) -> Source {
    Source::Scoring {
        indicator: i.name.clone(),
        rule: i.explain.clone(),
        inputs: indicator_inputs(dept, i),
    }
}

/// The numbers of a text, each with its byte offset, thousands separators
/// removed: a run of ASCII digits, with thousands grouped by commas
/// (`2,815.61` is `2815.61`), a decimal part and a `%` sign if it has
/// them; a date written `2023年3月31日` is one number; a sign is not part
/// of it.
///
/// ```
/// use jixiao::report::view::number_tokens;
/// let numbers: Vec<String> = number_tokens("2022年收入2,854.84万元，占98.61%")
///     .into_iter()
///     .map(|(_, n)| n)
///     .collect();
/// assert_eq!(numbers, ["2022", "2854.84", "98.61%"]);
/// ```
pub fn number_tokens(text: &str) -> Vec<(usize, String)> {
    let bytes = text.as_bytes();
    let digits_from = |i: usize| bytes[i..].iter().take_while(|b| b.is_ascii_digit()).count();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if !bytes[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let start = i;
        if let Some(end) = date_at(text, start) {
            out.push((start, text[start..end].to_string()));
            i = end;
            continue;
        }
        let mut token = String::new();
        let n = digits_from(i);
        token.push_str(&text[i..i + n]);
        i += n;
        // Thousands: `,ddd` groups after at most three digits.
        if n <= 3 {
            while i + 4 <= bytes.len() && bytes[i] == b',' && digits_from(i + 1) == 3 {
                token.push_str(&text[i + 1..i + 4]);
                i += 4;
            }
        }
        if i + 1 < bytes.len() && bytes[i] == b'.' && bytes[i + 1].is_ascii_digit() {
            let n = digits_from(i + 1);
            token.push_str(&text[i..i + 1 + n]);
            i += 1 + n;
        }
        if bytes.get(i) == Some(&b'%') {
            token.push('%');
            i += 1;
        }
        out.push((start, token));
    }
    out
}

/// The end of a date `2023年3月31日` starting at `start`, if one does.
fn date_at(text: &str, start: usize) -> Option<usize> {
    let rest = &text[start..];
    let mut end = 0;
    for (digits, mark) in [(4..=4, '年'), (1..=2, '月'), (1..=2, '日')] {
        let n = rest[end..].bytes().take_while(u8::is_ascii_digit).count();
        if !digits.contains(&n) || !rest[end + n..].starts_with(mark) {
            return None;
        }
        end += n + mark.len_utf8();
    }
    Some(start + end)
}

/// The workbook's 评价年度 and 填报日期 (as the reports write it, 2023年3月15日),
/// traced for the `unit` of either kind's view.
pub(super) fn traced_year_and_fill_date(
    dept: &Department,
    t: &mut Trace,
) -> (Option<String>, Option<String>) {
    let year = dept
        .int(key::YEAR)
        .map(|y| t.count(y, || Source::field(dept, key::YEAR), "unit.year"));
    let fill_date = dept.date(key::FILL_DATE).map(|d| {
        use chrono::Datelike;
        t.record(
            format!("{}年{}月{}日", d.year(), d.month(), d.day()),
            || Source::field(dept, key::FILL_DATE),
            "unit.fill_date",
        );
        d.to_string()
    });
    (year, fill_date)
}

#[cfg(test)]
mod tests {
    use super::number_tokens;

    fn tokens(s: &str) -> Vec<String> {
        number_tokens(s).into_iter().map(|(_, t)| t).collect()
    }

    #[test]
    fn numbers_are_read_as_the_report_writes_them() {
        assert_eq!(
            tokens("2022年收入合计2,854.84万元，占98.61%；下降-10.69%"),
            ["2022", "2854.84", "98.61%", "10.69%"]
        );
        assert_eq!(tokens("填报日期：2023年3月31日"), ["2023年3月31日"]);
        assert_eq!(tokens("2023年3月"), ["2023", "3"]);
        assert_eq!(tokens("1,2,3 与 12,3456"), ["1", "2", "3", "12", "3456"]);
        assert_eq!(tokens("jixiao 0.1.0"), ["0.1", "0"]);
        assert_eq!(tokens("1\\. 第一 0745-1234567"), ["1", "0745", "1234567"]);
        assert_eq!(tokens("无数字"), Vec::<String>::new());
    }
}
