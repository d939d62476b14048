//! What changed between two versions of one submission (修改对比): a
//! workbook that replaces an earlier one of the same unit, year and kind
//! (and project) is shown beside it — every field and table cell whose
//! value changed, the problems fixed (改正) and new (新增), the score and
//! grade before and after. A version is kept as a compact [`Snapshot`] of
//! its values, findings and score, so that one processed months ago can
//! still be compared with after its file is gone; [`Revision::between`]
//! compares two of them, a pure function.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashSet};

use chrono::{Datelike as _, NaiveDate};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::contract::cell::{CellValue, a1};
use crate::contract::fields;
use crate::contract::finding::Finding;
use crate::ingest::model::{self, Department, Value};

/// How many characters of a cell's value a snapshot keeps: a long text is
/// cut there and compared by a digest of the whole, so a snapshot stays
/// small whatever the workbook's prose.
const KEPT_CHARS: usize = 200;

/// One version of a submission as later versions are compared with it:
/// its cells' values, its findings and its score. Made for every workbook
/// the batch checks, so it borrows what it can from the model and keeps
/// values as they were read (a number is its 16 bytes): what is only
/// needed to show a change (labels, numbers as text) is made when a
/// change is shown.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Snapshot<'a> {
    /// The sheets' names, which cells refer to by index.
    pub sheets: Vec<Cow<'a, str>>,
    /// The tables' keys, which cells refer to by index.
    pub tables: Vec<Cow<'a, str>>,
    /// Every cell with a value (or something written that could not be
    /// read), in the model's order.
    pub cells: Vec<CellMark<'a>>,
    /// Every finding, by rule and place.
    pub findings: Vec<FindingMark<'a>>,
    /// The score the summary gives it (系统得分), as a decimal string.
    pub score: Option<String>,
    /// Its grade (等次).
    pub grade: Option<String>,
}

/// A cell's value in a snapshot.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CellMark<'a> {
    /// Its sheet, an index into [`Snapshot::sheets`].
    pub sheet: u16,
    /// Zero-based row and column.
    pub row: u32,
    /// See `row`.
    pub col: u32,
    /// What the cell is: a field or a table's cell.
    pub place: Place<'a>,
    /// The value.
    pub value: Held<'a>,
}

/// What a cell is, for its label in the template's words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Place<'a> {
    /// A field, by key (`unit_name`).
    Field(Cow<'a, str>),
    /// A table's cell: the table (an index into [`Snapshot::tables`]),
    /// the data row (from 0) and the column's index.
    Table(u16, u32, u16),
}

/// A cell's value as a snapshot holds it: compared as it is, written out
/// only when it changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Held<'a> {
    /// Text as read.
    Text(Cow<'a, str>),
    /// A text longer than 200 characters (`KEPT_CHARS`): its beginning and a digest of
    /// the whole (two are the same only when their digests are).
    Cut(String, u64),
    /// A whole number.
    Int(i64),
    /// A number, normalised, as [`Decimal::serialize`] gives it.
    Dec([u8; 16]),
    /// A date, as days from the common era.
    Date(i32),
    /// What is written in a cell that could not be read (a marker, a
    /// placeholder, a number that is not one).
    Raw(String),
}

impl Held<'_> {
    /// The value as shown.
    fn text(&self) -> String {
        match self {
            Held::Text(s) => s.to_string(),
            Held::Cut(head, _) => format!("{head}…"),
            Held::Int(i) => i.to_string(),
            Held::Dec(b) => Decimal::deserialize(*b).to_string(),
            Held::Date(d) => {
                NaiveDate::from_num_days_from_ce_opt(*d).map_or_else(String::new, |d| d.to_string())
            }
            Held::Raw(s) => s.clone(),
        }
    }
}

/// A finding in a snapshot: its rule and place (what it is compared by),
/// and its words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FindingMark<'a> {
    /// The rule's code (`SUM-INCOME`).
    pub rule: Cow<'a, str>,
    /// The sheet, when it has one.
    pub sheet: Option<Cow<'a, str>>,
    /// The A1 reference, when it has one.
    pub cell: Option<Cow<'a, str>>,
    /// 错误, 警告 or 提示.
    pub severity: Cow<'a, str>,
    /// What is wrong.
    pub message: Cow<'a, str>,
}

impl FindingMark<'_> {
    /// What findings are compared by: the rule and the place.
    fn key(&self) -> (&str, Option<&str>, Option<&str>) {
        (&self.rule, self.sheet.as_deref(), self.cell.as_deref())
    }

    /// The finding as a comparison lists it.
    fn listed(&self) -> Problem {
        Problem {
            rule: self.rule.to_string(),
            at: match (&self.sheet, &self.cell) {
                (Some(s), Some(c)) => format!("{s}!{c}"),
                (Some(s), None) => s.to_string(),
                _ => String::new(),
            },
            severity: self.severity.to_string(),
            message: self.message.to_string(),
        }
    }
}

/// A problem fixed or new.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
    /// The rule's code (`SUM-INCOME`).
    pub rule: String,
    /// `工作表!单元格`, the sheet alone, or empty.
    pub at: String,
    /// 错误, 警告 or 提示.
    pub severity: String,
    /// What is wrong.
    pub message: String,
}

/// A cell whose value changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChangedCell {
    /// The sheet's name.
    pub sheet: String,
    /// The A1 reference.
    pub cell: String,
    /// What the cell is, in the template's words (`单位名称`,
    /// `收支情况第 2 行·全年预算数`).
    pub label: String,
    /// The value before (`（空）` for none).
    pub before: String,
    /// The value after (`（空）` for none).
    pub after: String,
}

/// What a version changed against the version it replaces.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Revision {
    /// Which version of the submission this is (第 N 版), counting every
    /// version jixiao has seen, in the order that decides which replaces
    /// which.
    pub version: u32,
    /// The replaced version's input file.
    pub previous: String,
    /// The replaced version's 填报日期 (ISO).
    pub previous_fill_date: Option<String>,
    /// Cells whose value changed, by sheet, row, column.
    pub cells: Vec<ChangedCell>,
    /// Findings of the earlier version that this one no longer has (改正).
    pub fixed: Vec<Problem>,
    /// Findings this version has that the earlier one did not (新增).
    pub new: Vec<Problem>,
    /// The score before and after (系统得分, decimal strings).
    pub score_before: Option<String>,
    /// See `score_before`.
    pub score_after: Option<String>,
    /// The grade before and after (等次).
    pub grade_before: Option<String>,
    /// See `grade_before`.
    pub grade_after: Option<String>,
}

/// How an empty value is shown: the one word for it ([`crate::contract::cell::EMPTY`]).
pub const EMPTY: &str = crate::contract::cell::EMPTY;

impl<'a> Snapshot<'a> {
    /// The snapshot of a checked workbook: its model's cells, its findings,
    /// and the score and grade the summary gives it.
    pub fn of(
        dept: &'a Department,
        findings: &'a [Finding],
        score: Option<String>,
        grade: Option<String>,
    ) -> Snapshot<'a> {
        let mut snap = Snapshot {
            score,
            grade,
            ..Snapshot::default()
        };
        for (key, entry) in &dept.scalars {
            snap.push_cell(entry, || Place::Field(Cow::Borrowed(key)));
        }
        for data in dept.tables.values() {
            let t = data.table;
            if data.rows.is_empty() {
                continue;
            }
            let table = u16::try_from(snap.tables.len()).unwrap_or(u16::MAX);
            snap.tables.push(Cow::Borrowed(t.key));
            for (i, row) in data.rows.iter().enumerate() {
                // What jixiao computes (计算值, 系统得分) is not the unit's
                // to change.
                for (j, (entry, _)) in row
                    .cells
                    .iter()
                    .zip(t.columns)
                    .enumerate()
                    .filter(|(_, (_, c))| !c.is_computed())
                {
                    snap.push_cell(entry, || {
                        Place::Table(
                            table,
                            u32::try_from(i).unwrap_or(u32::MAX),
                            u16::try_from(j).unwrap_or(u16::MAX),
                        )
                    });
                }
            }
        }
        snap.findings = findings
            .iter()
            .map(|f| FindingMark {
                rule: Cow::Borrowed(f.code.id()),
                sheet: f.sheet.as_deref().map(Cow::Borrowed),
                cell: f.cell.as_deref().map(Cow::Borrowed),
                severity: Cow::Borrowed(f.severity.zh()),
                message: Cow::Borrowed(&f.message),
            })
            .collect();
        snap
    }

    /// Adds a cell that holds something, its place made only then.
    fn push_cell(&mut self, entry: &'a model::Entry, place: impl FnOnce() -> Place<'a>) {
        let Some(spot) = &entry.spot else {
            return;
        };
        let Some(value) = held(entry) else {
            return;
        };
        let sheet = match self.sheets.iter().position(|s| *s == spot.sheet) {
            Some(i) => i,
            None => {
                self.sheets.push(Cow::Borrowed(&spot.sheet));
                self.sheets.len() - 1
            }
        };
        self.cells.push(CellMark {
            sheet: u16::try_from(sheet).unwrap_or(u16::MAX),
            row: spot.row,
            col: spot.col,
            place: place(),
            value,
        });
    }
}

/// A cell's value as compared: what it was read as, or what is written in
/// it when that could not be read; `None` for a blank cell.
fn held(entry: &model::Entry) -> Option<Held<'_>> {
    Some(match &entry.value {
        Some(Value::Text(s)) if s.len() > KEPT_CHARS && s.chars().nth(KEPT_CHARS).is_some() => {
            let h = blake3::hash(s.as_bytes());
            let mut b = [0u8; 8];
            b.copy_from_slice(&h.as_bytes()[..8]);
            Held::Cut(s.chars().take(KEPT_CHARS).collect(), u64::from_le_bytes(b))
        }
        Some(Value::Text(s)) => Held::Text(Cow::Borrowed(s)),
        Some(Value::Int(i)) => Held::Int(*i),
        Some(Value::Dec(d)) => Held::Dec(d.normalize().serialize()),
        Some(Value::Date(d)) => Held::Date(d.num_days_from_ce()),
        None if entry.raw.is_blank() => return None,
        None => Held::Raw(match &entry.raw {
            CellValue::Text(s) => s.trim().to_string(),
            raw => raw.display(),
        }),
    })
}

/// A cell's label in the template's words: the field's, or the table's
/// with the row and the column's (`收支情况第 2 行·全年预算数`); `tables`
/// are the snapshot's.
fn label(place: &Place<'_>, tables: &[Cow<'_, str>]) -> String {
    match place {
        Place::Field(key) => {
            fields::field(key).map_or_else(|| key.to_string(), |f| f.label.to_string())
        }
        Place::Table(table, row, col) => {
            let key = tables.get(usize::from(*table)).map_or("", |k| k.as_ref());
            match fields::table(key) {
                Some(t) => format!(
                    "{}第 {} 行·{}",
                    t.label,
                    row + 1,
                    t.columns.get(usize::from(*col)).map_or("", |c| c.label)
                ),
                None => format!("{key}第 {} 行", row + 1),
            }
        }
    }
}

impl Revision {
    /// What `after` (version `version` of its submission) changed against
    /// `before`, the version it replaces (its input `previous`, filled on
    /// `previous_fill_date`).
    pub fn between(
        version: u32,
        previous: &str,
        previous_fill_date: Option<&str>,
        before: &Snapshot<'_>,
        after: &Snapshot<'_>,
    ) -> Revision {
        let sheet_of = |s: &Snapshot<'_>, c: &CellMark<'_>| {
            s.sheets
                .get(usize::from(c.sheet))
                .map_or_else(String::new, |s| s.to_string())
        };
        // (sheet, row, column) → (before, after).
        type Both<'s, 'a> = (Option<&'s CellMark<'a>>, Option<&'s CellMark<'a>>);
        let mut by_place: BTreeMap<(String, u32, u32), Both<'_, '_>> = BTreeMap::new();
        for c in &before.cells {
            by_place
                .entry((sheet_of(before, c), c.row, c.col))
                .or_default()
                .0 = Some(c);
        }
        for c in &after.cells {
            by_place
                .entry((sheet_of(after, c), c.row, c.col))
                .or_default()
                .1 = Some(c);
        }
        let text =
            |c: Option<&CellMark<'_>>| c.map_or_else(|| EMPTY.to_string(), |c| c.value.text());
        let cells = by_place
            .into_iter()
            .filter(|(_, (b, a))| b.map(|c| &c.value) != a.map(|c| &c.value))
            .filter_map(|((sheet, row, col), (b, a))| {
                // The label as the newer version's model gives it.
                let (place, tables) = match (a, b) {
                    (Some(a), _) => (&a.place, &after.tables),
                    (None, Some(b)) => (&b.place, &before.tables),
                    (None, None) => return None,
                };
                Some(ChangedCell {
                    sheet,
                    cell: a1(row, col),
                    label: label(place, tables),
                    before: text(b),
                    after: text(a),
                })
            })
            .collect();
        let missing_from = |s: &Snapshot<'_>, other: &Snapshot<'_>| {
            let there: HashSet<_> = other.findings.iter().map(FindingMark::key).collect();
            let mut seen = HashSet::new();
            s.findings
                .iter()
                .filter(|f| !there.contains(&f.key()) && seen.insert(f.key()))
                .map(FindingMark::listed)
                .collect::<Vec<_>>()
        };
        Revision {
            version,
            previous: previous.to_string(),
            previous_fill_date: previous_fill_date.map(str::to_string),
            cells,
            fixed: missing_from(before, after),
            new: missing_from(after, before),
            score_before: before.score.clone(),
            score_after: after.score.clone(),
            grade_before: before.grade.clone(),
            grade_after: after.grade.clone(),
        }
    }

    /// What the summary says of it: `第 2 版：改正 3 处，新增 1 处`.
    pub fn summary_text(&self) -> String {
        text(self.version, self.fixed.len(), self.new.len())
    }
}

/// `第 N 版：改正 X 处，新增 Y 处`: the version and how many problems it fixed
/// and brought.
pub fn text(version: u32, fixed: usize, new: usize) -> String {
    format!("第 {version} 版：改正 {fixed} 处，新增 {new} 处")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cell(row: u32, key: &'static str, value: Held<'static>) -> CellMark<'static> {
        CellMark {
            sheet: 0,
            row,
            col: 2,
            place: Place::Field(Cow::Borrowed(key)),
            value,
        }
    }

    fn text(s: &'static str) -> Held<'static> {
        Held::Text(Cow::Borrowed(s))
    }

    fn snapshot(cells: Vec<CellMark<'static>>) -> Snapshot<'static> {
        Snapshot {
            sheets: vec![Cow::Borrowed("基本情况")],
            cells,
            ..Snapshot::default()
        }
    }

    fn finding(rule: &'static str, cell: &'static str) -> FindingMark<'static> {
        FindingMark {
            rule: Cow::Borrowed(rule),
            sheet: Some(Cow::Borrowed("基本情况")),
            cell: Some(Cow::Borrowed(cell)),
            severity: Cow::Borrowed("错误"),
            message: Cow::Borrowed("问题"),
        }
    }

    #[test]
    fn changed_cleared_and_new_cells_are_listed_in_sheet_order_with_labels() {
        let dec = |n: i64| Held::Dec(Decimal::from(n).normalize().serialize());
        let before = snapshot(vec![
            cell(16, "staff_actual", dec(9)),
            cell(2, "unit_name", text("甲局")),
            cell(14, "contact_phone", text("123")),
        ]);
        let after = snapshot(vec![
            cell(2, "unit_name", text("甲局")),
            cell(16, "staff_actual", dec(12)),
            cell(13, "contact_name", text("张三")),
        ]);
        let r = Revision::between(2, "初稿.xlsx", None, &before, &after);
        let label_of = |key: &str| fields::field(key).unwrap().label;
        let seen: Vec<(&str, &str, &str, &str)> = r
            .cells
            .iter()
            .map(|c| {
                (
                    c.cell.as_str(),
                    c.label.as_str(),
                    c.before.as_str(),
                    c.after.as_str(),
                )
            })
            .collect();
        assert_eq!(
            seen,
            [
                ("C14", label_of("contact_name"), EMPTY, "张三"),
                ("C15", label_of("contact_phone"), "123", EMPTY),
                ("C17", label_of("staff_actual"), "9", "12"),
            ]
        );
        assert!(
            Revision::between(2, "a", None, &after, &after)
                .cells
                .is_empty()
        );
        // A table's cell: the table's label, its row and the column's.
        let t = &fields::TBL_FINANCE;
        assert_eq!(
            label(&Place::Table(0, 1, 0), &[Cow::Borrowed(t.key)]),
            format!("{}第 2 行·{}", t.label, t.columns[0].label)
        );
    }

    #[test]
    fn a_number_written_another_way_is_no_change() {
        let before = snapshot(vec![cell(
            16,
            "budget_full",
            Held::Dec(Decimal::new(1000, 1).normalize().serialize()),
        )]);
        let after = snapshot(vec![cell(
            16,
            "budget_full",
            Held::Dec(Decimal::new(100, 0).normalize().serialize()),
        )]);
        assert!(
            Revision::between(2, "a", None, &before, &after)
                .cells
                .is_empty()
        );
    }

    #[test]
    fn a_long_text_is_compared_by_its_digest() {
        let long = |tail: &str| {
            let mut s = "长".repeat(KEPT_CHARS + 10);
            s.push_str(tail);
            s
        };
        let entry = |s: String| model::Entry {
            spot: Some(crate::contract::cell::Spot::new("基本情况", 5, 2)),
            raw: CellValue::Text(s.clone()),
            value: Some(Value::Text(s)),
            unreadable: false,
        };
        let (a, b) = (entry(long("甲")), entry(long("乙")));
        let (ha, hb) = (held(&a).unwrap(), held(&b).unwrap());
        // Cut to the same text, told apart by the digest.
        assert_eq!(ha.text(), hb.text());
        assert_eq!(ha.text().chars().count(), KEPT_CHARS + 1);
        assert_ne!(ha, hb);
        assert_eq!(ha, held(&entry(long("甲"))).unwrap());
    }

    #[test]
    fn findings_fixed_and_new_are_told_by_rule_and_place() {
        let before = Snapshot {
            findings: vec![
                finding("SUM-INCOME", "D7"),
                finding("REQ-FIELD", "C4"),
                finding("REQ-FIELD", "C4"),
            ],
            score: Some("80".into()),
            grade: Some("良".into()),
            ..Snapshot::default()
        };
        let after = Snapshot {
            findings: vec![finding("SUM-INCOME", "D7"), finding("REQ-FIELD", "C5")],
            score: Some("92".into()),
            grade: Some("优".into()),
            ..Snapshot::default()
        };
        let r = Revision::between(3, "二稿.xlsx", Some("2023-03-01"), &before, &after);
        assert_eq!(
            r.fixed.iter().map(|f| f.at.as_str()).collect::<Vec<_>>(),
            ["基本情况!C4"]
        );
        assert_eq!(
            r.new.iter().map(|f| f.at.as_str()).collect::<Vec<_>>(),
            ["基本情况!C5"]
        );
        assert_eq!(
            (r.score_before.as_deref(), r.score_after.as_deref()),
            (Some("80"), Some("92"))
        );
        assert_eq!(r.summary_text(), "第 3 版：改正 1 处，新增 1 处");
    }
}
