//! Where every key of the contract sits in the standard workbook: the plan
//! of each sheet, top to bottom, and the cell or range it gives each scalar
//! and table for a set of inputs (tables grow with their rows). The writer
//! fills these cells; the completed workbook marks its findings on them.

use std::collections::BTreeMap;

use crate::contract::cell::Spot;
use crate::contract::fields::{
    self, CURRENT_GENERATION, FIELDS, Field, FieldKey, SANGONG, SangongPart, Sheet, Table, key,
};
use crate::contract::finding::{Finding, Severity};
use crate::workbook::inputs::Inputs;

/// A mark on a cell of a completed workbook (SPEC §9): the cell is filled in
/// the colour of its most serious finding and carries a note listing them.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Mark {
    pub severity: Severity,
    pub note: String,
}

impl Mark {
    /// Adds finding `f` to the mark of its cell `at` among a sheet's
    /// `cells`: the cell keeps its worst severity and lists one line per
    /// finding (`【错误】…`).
    pub(crate) fn add<K: Ord>(cells: &mut BTreeMap<K, Mark>, at: K, f: &Finding) {
        let line = format!("【{}】{}", f.severity.zh(), f.message);
        cells
            .entry(at)
            .and_modify(|m| {
                m.severity = m.severity.min(f.severity);
                m.note.push('\n');
                m.note.push_str(&line);
            })
            .or_insert(Mark {
                severity: f.severity,
                note: line,
            });
    }
}

/// Marks by sheet name, then (zero-based row, column).
pub(crate) type Marks = BTreeMap<String, BTreeMap<(u32, u16), Mark>>;

/// How many empty rows a table leaves to fill in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Room {
    /// The blank template's room (e.g. 300 project indicator rows), or more.
    #[default]
    Template,
    /// A few rows after the data, for the table that ends its sheet (a
    /// completed workbook: smaller and faster to write and to read, and
    /// every key keeps the cell it had in the template). Rows can still be
    /// inserted.
    Compact,
}

/// One element of a sheet, top to bottom.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Item {
    Title(&'static str),
    Note(&'static str),
    /// A section heading.
    Section(&'static str),
    /// The 项目 | 填写内容 | 说明 heading over a block of scalars.
    ScalarHeader,
    Scalar(&'static Field),
    /// The 三公经费 grid: four kinds × (本年预算, 本年决算, 上年决算, 上年预算) and a total row.
    SangongGrid,
    Table(&'static Table),
    Gap,
}

/// The columns of a scalar block: label, value, hint.
pub(crate) const LABEL_COL: u16 = 1;
pub(crate) const VALUE_COL: u16 = 2;
pub(crate) const HINT_COL: u16 = 3;
/// Tables start in column B; column A is a narrow margin.
pub(crate) const TABLE_COL: u16 = 1;

fn scalars_of(sheet: Sheet, keys: &[FieldKey]) -> Vec<Item> {
    keys.iter()
        .filter_map(|k| fields::field(k.as_str()))
        .filter(|f| f.sheet == sheet)
        .map(Item::Scalar)
        .collect()
}

/// The items of a sheet for a workbook of these inputs: its [`plan`]
/// without the optional fields the workbook does not have.
pub(crate) fn plan_for(sheet: Sheet, inputs: &Inputs) -> Vec<Item> {
    plan(sheet)
        .into_iter()
        .filter(|i| !matches!(i, Item::Scalar(f) if !inputs.has_field(f)))
        .collect()
}

/// The items of a sheet, top to bottom, with every optional field.
pub(crate) fn plan(sheet: Sheet) -> Vec<Item> {
    use Item::*;
    let basic_keys: Vec<FieldKey> = FIELDS
        .iter()
        .filter(|f| f.sheet == Sheet::Basic)
        .map(|f| f.id())
        .collect();
    match sheet {
        Sheet::Instructions => vec![Title("部门整体支出绩效自评表 填报说明")],
        // The project form has a layout of its own.
        Sheet::ProjectForm => Vec::new(),
        Sheet::Basic => {
            let mut v = vec![
                Title("部门（单位）基本情况"),
                Note(
                    "带 * 的为必填项。请在淡黄色单元格中填写；灰色单元格为标题或系统内容，已锁定。",
                ),
                ScalarHeader,
            ];
            v.extend(scalars_of(Sheet::Basic, &basic_keys));
            v.extend([Gap, Section("评价人员"), Table(&fields::TBL_EVALUATORS)]);
            v
        }
        Sheet::Finance => {
            let mut v = vec![
                Title("部门（单位）收支情况"),
                Note("金额单位：万元，保留两位小数。只填数字，不要带“万元”“元”等单位。"),
                Section("预算及执行"),
                ScalarHeader,
            ];
            v.extend(scalars_of(
                Sheet::Finance,
                &[
                    key::BUDGET_INITIAL,
                    key::BUDGET_ADJUSTMENT,
                    key::BUDGET_ADDED,
                    key::BUDGET_REDUCED,
                    key::BUDGET_RESTRUCTURED,
                    key::BUDGET_ADJUST_EXCLUDED,
                    key::BUDGET_EXECUTED,
                    key::EXECUTION_NOTE,
                    key::PUBLIC_BUDGET,
                    key::KEY_PROJECT_EXP,
                    key::PAID_Q1,
                    key::PAID_Q2,
                    key::PAID_Q3,
                    key::PAID_Q4,
                    key::PAID_M01,
                    key::PAID_M02,
                    key::PAID_M04,
                    key::PAID_M05,
                    key::PAID_M07,
                    key::PAID_M08,
                    key::PAID_M10,
                    key::PAID_M11,
                    key::SPECIAL_LATE_COUNT,
                    key::CARRYOVER_UNFINISHED,
                    key::PROCUREMENT_BUDGET,
                    key::PROCUREMENT_ACTUAL,
                    key::CARD_PAYABLE,
                    key::CARD_PAID,
                ],
            ));
            v.extend([
                Gap,
                Section("“三公”经费"),
                SangongGrid,
                Gap,
                Section("固定资产"),
                ScalarHeader,
            ]);
            v.extend(scalars_of(
                Sheet::Finance,
                &[
                    key::ASSETS_TOTAL,
                    key::ASSETS_IN_USE,
                    key::ASSETS_LEASED,
                    key::ASSETS_OTHER,
                ],
            ));
            v.extend([Gap, Section("收支情况说明"), ScalarHeader]);
            v.extend(scalars_of(Sheet::Finance, &[key::FINANCE_NOTE]));
            v.extend([
                Gap,
                Section("收支情况（按机构）"),
                Note("第一行填“汇总”（有下属机构时应等于其余各行之和）；只有本级时只填一行。"),
                Table(&fields::TBL_FINANCE),
            ]);
            v
        }
        Sheet::Goals => vec![
            Title("整体支出绩效定性目标及完成情况"),
            Note("每行一个目标：左列写预期目标，右列写实际完成情况。"),
            Table(&fields::TBL_GOALS),
        ],
        Sheet::Targets => {
            let mut v = vec![
                Title("整体支出绩效定量目标及完成情况"),
                Note("指标值可写为“≥95%”“12411人次”“6-9个月”，或文字（如“明显提高”）。"),
                ScalarHeader,
            ];
            v.extend(scalars_of(Sheet::Targets, &[key::SATISFACTION_RATE]));
            v.extend([Gap, Table(&fields::TBL_TARGETS)]);
            v
        }
        Sheet::Scores => {
            let mut v = vec![
                Title("部门整体支出绩效评价评分表"),
                Note(
                    "评分表由所选评价框架生成。请在“自评得分”列填写本单位自评分，扣分时在“扣分原因”列说明。",
                ),
                ScalarHeader,
            ];
            v.extend(scalars_of(Sheet::Scores, &[key::SCORE_OVERALL_SELF]));
            v.extend([Gap, Table(&fields::TBL_SCORES)]);
            v
        }
        Sheet::Projects => vec![
            Title("项目支出绩效自评表（项目资金）"),
            Note(
                "每个项目一行，金额单位万元。全年预算数、全年执行数分别等于财政拨款、上年结转、其他资金之和。",
            ),
            Table(&fields::TBL_PROJECTS),
        ],
        Sheet::Indicators => vec![
            Title("项目支出绩效自评表（绩效指标）"),
            Note("每个指标一行；“项目名称”须与“项目支出”表一致。一级、二级指标每行都要填写。"),
            Table(&fields::TBL_PROJECT_INDICATORS),
        ],
        Sheet::Problems => vec![
            Title("存在的主要问题和改进措施"),
            Section("存在的主要问题"),
            Table(&fields::TBL_PROBLEMS),
            Gap,
            Section("改进措施和有关建议"),
            Table(&fields::TBL_MEASURES),
            Gap,
            Section("上年问题整改情况"),
            Table(&fields::TBL_RECTIFICATION),
        ],
    }
}

/// Where a table sits: its header row and how many data rows the named range spans.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TablePlace {
    pub(crate) sheet: &'static str,
    pub(crate) header_row: u32,
    pub(crate) first_col: u16,
    pub(crate) data_rows: u32,
    /// How many of the table's columns are written, from the first: those
    /// of the current template generation, and an optional column after
    /// them when the inputs fill it.
    pub(crate) columns: usize,
}

impl TablePlace {
    /// The header cell of a column.
    pub fn header(&self, col: usize) -> Spot {
        Spot::new(
            self.sheet,
            self.header_row,
            u32::from(self.first_col) + col as u32,
        )
    }

    /// The cell of data row `i` (zero-based) in column `col`.
    pub fn spot(&self, i: u32, col: usize) -> Spot {
        Spot::new(
            self.sheet,
            self.header_row + 1 + i,
            u32::from(self.first_col) + col as u32,
        )
    }
}

/// The position of every key for a given set of inputs (tables grow when the
/// inputs have more rows than the blank template leaves room for).
#[derive(Debug, Clone, Default)]
pub struct Layout {
    /// The cell of each scalar key.
    pub scalars: BTreeMap<&'static str, Spot>,
    /// The place of each table, by table key.
    pub tables: BTreeMap<&'static str, TablePlace>,
    /// Row of the 三公 grid's header.
    pub(crate) sangong_header: Option<u32>,
}

/// Data rows for a table: the template's room, or more when the inputs need it
/// (always leaving a few empty rows to add to).
fn room(table: &Table, inputs: &Inputs, room: Room, ends_sheet: bool) -> u32 {
    let n = inputs.rows(table).len() as u32;
    match room {
        Room::Compact if ends_sheet => (n + COMPACT_ROOM).min(table.rows.max(n + 5)),
        _ => table.rows.max(n + 5),
    }
}

/// How many of a table's columns a workbook of these inputs has: those
/// of the current generation, and the optional ones up to the last the
/// inputs fill (the 设定分值 of a framework whose weights the department sets).
pub(crate) fn written_columns(table: &Table, inputs: &Inputs) -> usize {
    let own = table.columns_in(CURRENT_GENERATION).len();
    let rows = inputs.rows(table);
    table
        .columns
        .iter()
        .enumerate()
        .skip(own)
        .filter(|(_, c)| c.is_optional() && rows.iter().any(|r| r.contains_key(c.id)))
        .map(|(j, _)| j + 1)
        .max()
        .unwrap_or(own)
}

/// Empty rows a compact table leaves.
const COMPACT_ROOM: u32 = 10;

/// Lays out every sheet as in the blank template.
pub fn layout(inputs: &Inputs) -> Layout {
    layout_with(inputs, Room::Template)
}

/// Lays out every sheet.
pub(crate) fn layout_with(inputs: &Inputs, room_of: Room) -> Layout {
    let mut out = Layout::default();
    for sheet in Sheet::ALL {
        let mut row: u32 = 0;
        let items = plan_for(sheet, inputs);
        let last_table = items.iter().rposition(|i| matches!(i, Item::Table(_)));
        let ends_sheet = |k: usize| {
            Some(k) == last_table && items[k + 1..].iter().all(|i| matches!(i, Item::Gap))
        };
        for (k, item) in items.iter().copied().enumerate() {
            match item {
                Item::Title(_) => row += 2,
                Item::Note(_) | Item::Section(_) | Item::ScalarHeader | Item::Gap => row += 1,
                Item::Scalar(f) => {
                    out.scalars
                        .insert(f.key, Spot::new(sheet.name(), row, u32::from(VALUE_COL)));
                    row += 1;
                }
                Item::SangongGrid => {
                    out.sangong_header = Some(row);
                    for (i, kind) in SANGONG.iter().enumerate() {
                        for (j, part) in SangongPart::ALL.iter().enumerate() {
                            out.scalars.insert(
                                kind.key(*part).as_str(),
                                Spot::new(
                                    sheet.name(),
                                    row + 1 + i as u32,
                                    u32::from(VALUE_COL) + j as u32,
                                ),
                            );
                        }
                    }
                    row += 2 + SANGONG.len() as u32;
                }
                Item::Table(t) => {
                    let data_rows = room(t, inputs, room_of, ends_sheet(k));
                    out.tables.insert(
                        t.key,
                        TablePlace {
                            sheet: sheet.name(),
                            header_row: row,
                            first_col: TABLE_COL,
                            data_rows,
                            columns: written_columns(t, inputs),
                        },
                    );
                    row += 1 + data_rows;
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::contract::fields::TABLES;

    #[test]
    fn every_key_has_a_place() {
        let l = layout(&Inputs::default());
        for f in FIELDS {
            assert_eq!(
                l.scalars.contains_key(f.key),
                !f.is_optional(),
                "{} has no cell, or an optional one has",
                f.key
            );
        }
        // An optional field has its cell when the inputs show it.
        let mut shown = Inputs::default();
        shown.shown.insert(key::PAID_M11.as_str());
        assert!(layout(&shown).scalars.contains_key(key::PAID_M11.as_str()));
        for t in TABLES {
            assert!(l.tables.contains_key(t.key), "{} has no range", t.key);
        }
    }

    #[test]
    fn no_two_keys_share_a_cell() {
        let l = layout(&Inputs::default());
        let mut seen = std::collections::HashSet::new();
        for spot in l.scalars.values() {
            assert!(seen.insert(spot.clone()), "{spot} used twice");
        }
        for (key, place) in &l.tables {
            let t = fields::table(key).expect("table");
            for i in 0..=place.data_rows {
                assert!(place.columns <= t.columns.len());
                for j in 0..place.columns {
                    let s = Spot::new(
                        place.sheet,
                        place.header_row + i,
                        u32::from(place.first_col) + j as u32,
                    );
                    assert!(seen.insert(s.clone()), "{s} used twice ({key})");
                }
            }
        }
    }

    #[test]
    fn tables_grow_with_inputs() {
        let mut inputs = Inputs::default();
        let rows = (0..200).map(|_| BTreeMap::new()).collect();
        inputs.tables.insert("tbl_projects".into(), rows);
        let l = layout(&inputs);
        assert_eq!(l.tables["tbl_projects"].data_rows, 205);
        assert_eq!(
            l.tables["tbl_project_indicators"].data_rows,
            fields::TBL_PROJECT_INDICATORS.rows
        );
    }
}
