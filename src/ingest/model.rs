//! The typed department model: every key of the contract resolved through the
//! workbook's defined names, every cell parsed by its kind, each value keeping
//! the cell it came from. Problems met on the way (a missing name, a value
//! that is not a number, a coercion) are findings, never errors.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::contract::cell::{CellValue, Spot};
use crate::contract::fields::{
    self, CURRENT_GENERATION, ColumnId, FORM_CELLS, FieldKey, Kind, TBL_FORM_INDICATORS, Table,
    WorkbookKind, col, key,
};
use crate::contract::finding::{Code, Finding};
use crate::ingest::coerce::{Coercion, Problem, date, normalize, number, text};
use crate::ingest::read::{Area, Target, Workbook};

/// A parsed cell value.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// Text (trimmed).
    Text(String),
    /// A whole number (a count, a year).
    Int(i64),
    /// A decimal number (an amount in 万元, a percentage).
    Dec(Decimal),
    /// A date.
    Date(NaiveDate),
}

/// One input cell: where it is, what it held, and what it was read as.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// `None` when the defined name is missing or broken.
    pub spot: Option<Spot>,
    /// The cell as stored in the file.
    pub raw: CellValue,
    /// `None` when the cell is blank, a placeholder, or could not be read.
    pub value: Option<Value>,
    /// Set when the cell holds something that could not be read as its kind.
    pub(crate) unreadable: bool,
}

impl Entry {
    /// A cell the workbook does not have: no spot, nothing in it.
    pub(crate) fn missing() -> Self {
        Entry {
            spot: None,
            raw: CellValue::Empty,
            value: None,
            unreadable: false,
        }
    }

    /// The value, when read as text.
    pub fn text(&self) -> Option<&str> {
        match &self.value {
            Some(Value::Text(s)) => Some(s),
            _ => None,
        }
    }

    /// The value, when read as a number (a whole number too).
    pub fn dec(&self) -> Option<Decimal> {
        match &self.value {
            Some(Value::Dec(d)) => Some(*d),
            Some(Value::Int(i)) => Some(Decimal::from(*i)),
            _ => None,
        }
    }

    /// The value, when read as a whole number.
    pub fn int(&self) -> Option<i64> {
        match &self.value {
            Some(Value::Int(i)) => Some(*i),
            _ => None,
        }
    }

    /// The value, when read as a date.
    pub fn date(&self) -> Option<NaiveDate> {
        match &self.value {
            Some(Value::Date(d)) => Some(*d),
            _ => None,
        }
    }

    /// Whether the cell holds a not-applicable marker (无, 不适用, 不涉及, —,
    /// / …: `normalize::is_not_applicable`) rather than being blank. Either
    /// way it has no value; what a marker means is the table's to say
    /// (`fields::NotApplicable`).
    pub fn not_applicable(&self) -> bool {
        self.value.is_none()
            && !self.unreadable
            && matches!(&self.raw, CellValue::Text(s) if normalize::is_not_applicable(s))
    }

    /// The cell as the department wrote it, for showing: the text read, or
    /// a not-applicable marker as typed (“无” stays “无”, not a blank).
    pub fn written(&self) -> Option<&str> {
        match (&self.value, &self.raw) {
            (Some(Value::Text(s)), _) => Some(s),
            (None, CellValue::Text(s)) if self.not_applicable() => Some(s.trim()),
            _ => None,
        }
    }

    /// No value, and nothing unreadable: blank, a placeholder or a marker.
    fn is_empty(&self) -> bool {
        self.value.is_none() && !self.unreadable
    }
}

/// One non-empty data row of a table.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub(crate) table: &'static Table,
    /// Zero-based sheet row.
    pub(crate) sheet_row: u32,
    /// One entry per column of the table, in catalogue order.
    pub cells: Vec<Entry>,
}

impl Row {
    /// The entry of a column. A column of another table is a programming
    /// error caught by tests.
    pub fn entry(&self, id: ColumnId) -> &Entry {
        &self.cells[self.table.col(id)]
    }

    /// The text of a column's cell.
    pub fn text(&self, id: ColumnId) -> Option<&str> {
        self.entry(id).text()
    }

    /// The number in a column's cell.
    pub fn dec(&self, id: ColumnId) -> Option<Decimal> {
        self.entry(id).dec()
    }

    pub(crate) fn spot(&self, id: ColumnId) -> Option<&Spot> {
        self.entry(id).spot.as_ref()
    }

    /// Whether a column's cell holds a not-applicable marker (无, —, / …).
    pub fn not_applicable(&self, id: ColumnId) -> bool {
        self.entry(id).not_applicable()
    }

    /// A column's cell as the department wrote it ([`Entry::written`]).
    pub fn written(&self, id: ColumnId) -> Option<&str> {
        self.entry(id).written()
    }

    /// Whether the whole row says its goal or indicator does not apply
    /// (不适用): its table allows that (`fields::NotApplicable::Row`), and
    /// its value cells hold a not-applicable marker and nothing else (each
    /// marked or blank, one at least marked). Such a row is a note, not a
    /// row to check or score.
    pub fn is_not_applicable(&self) -> bool {
        let cols = self.table.not_applicable.row_columns();
        cols.iter().all(|&id| self.entry(id).is_empty())
            && cols.iter().any(|&id| self.not_applicable(id))
    }

    /// The value cells of the row's table that a marker can make not
    /// applicable, marked in this row (empty for a table without such rows).
    pub(crate) fn marked_columns(&self) -> Vec<ColumnId> {
        self.table
            .not_applicable
            .row_columns()
            .iter()
            .copied()
            .filter(|&id| self.not_applicable(id))
            .collect()
    }

    /// The table the row belongs to.
    pub(crate) fn table(&self) -> &'static Table {
        self.table
    }

    /// The row's number on its sheet, one-based as the sheet shows it.
    pub(crate) fn sheet_row_number(&self) -> u32 {
        self.sheet_row + 1
    }
}

/// A table as read: its area (when the name resolved) and its non-empty rows.
#[derive(Debug, Clone, PartialEq)]
pub struct TableData {
    /// The table of the catalogue.
    pub table: &'static Table,
    /// Where its defined name points, when it resolves.
    pub area: Option<Area>,
    /// The non-empty data rows, in sheet order.
    pub rows: Vec<Row>,
}

/// A workbook, read: a department's (部门整体支出) or one project's
/// (项目支出). A project workbook is read into the same model as the
/// department workbook's project tables, one row in `tbl_projects` and its
/// indicators in `tbl_project_indicators`, so both kinds are checked and
/// scored by the same code; it has no other tables, and of the scalars only
/// those the kinds share ([`fields::PROJECT_FIELDS`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Department {
    /// Which kind of workbook this is.
    pub kind: WorkbookKind,
    /// The scalar inputs, by key.
    pub scalars: BTreeMap<&'static str, Entry>,
    /// The tables, by table key.
    pub tables: BTreeMap<&'static str, TableData>,
}

static MISSING: std::sync::LazyLock<Entry> = std::sync::LazyLock::new(Entry::missing);

impl Department {
    /// The template generation the workbook declares (see
    /// [`fields::KNOWN_TEMPLATE_VERSIONS`]); the current one when it
    /// declares none.
    pub(crate) fn generation(&self) -> u8 {
        self.text(key::TEMPLATE_VERSION)
            .and_then(|v| fields::template_generation(v.trim()))
            .unwrap_or(CURRENT_GENERATION)
    }

    /// The entry of a scalar key.
    pub fn entry(&self, key: FieldKey) -> &Entry {
        self.scalars.get(key.as_str()).unwrap_or(&MISSING)
    }

    /// The text of a scalar key.
    pub fn text(&self, key: FieldKey) -> Option<&str> {
        self.entry(key).text()
    }

    /// The number of a scalar key.
    pub fn dec(&self, key: FieldKey) -> Option<Decimal> {
        self.entry(key).dec()
    }

    /// The whole number of a scalar key.
    pub fn int(&self, key: FieldKey) -> Option<i64> {
        self.entry(key).int()
    }

    pub(crate) fn date(&self, key: FieldKey) -> Option<NaiveDate> {
        self.entry(key).date()
    }

    pub(crate) fn spot(&self, key: FieldKey) -> Option<&Spot> {
        self.entry(key).spot.as_ref()
    }

    /// The non-empty rows of a table.
    pub fn rows(&self, table: &Table) -> &[Row] {
        self.tables
            .get(table.key)
            .map_or(&[], |t| t.rows.as_slice())
    }

    /// A table as read, when its name resolved or it has rows.
    pub(crate) fn table(&self, table: &Table) -> Option<&TableData> {
        self.tables.get(table.key)
    }
}

/// Builds the model. `Err` when the workbook is not a readable instance of the
/// template at all (no contract names, or an unknown template version).
pub fn build(wb: &Workbook) -> Result<(Department, Vec<Finding>), Finding> {
    let mut findings = Vec::new();
    let resolved_any = fields::all_keys()
        .chain(FORM_CELLS.iter().map(|c| c.name))
        .chain([TBL_FORM_INDICATORS.key])
        .any(|k| wb.resolve(k).is_some());
    if !resolved_any {
        return Err(Finding::new(
            Code::FileNotTemplate,
            format!(
                "工作簿中找不到标准模板的任何填报项（如“单位名称”“收支情况”表、“项目名称”），不是 jixiao 生成的标准模板；工作表：{}",
                wb.sheet_names.join("、")
            ),
        )
        .hint("请用 `jixiao template`（部门整体）或 `jixiao template --kind project`（项目支出）生成的标准模板重新填报"));
    }

    // The template version decides the kind of workbook and which names it
    // must have: a field or column a later template added is unknown, not
    // missing. A workbook that states no version is a project's when it
    // has the project form's names and none of the department's tables.
    let declared =
        wb.resolve(key::TEMPLATE_VERSION.as_str())
            .and_then(|(target, _)| match target {
                Target::Area(area) => {
                    let spot = area.top_left();
                    text::text(wb.cell(&spot.sheet, spot.row, spot.col))
                }
                Target::Broken(_) => None,
            });
    let declared = declared.as_deref().map(str::trim);
    let kind = declared.and_then(fields::template_kind).unwrap_or_else(|| {
        let form = wb.resolve(FORM_CELLS[0].name).is_some();
        let department = fields::TABLES.iter().any(|t| wb.resolve(t.key).is_some());
        if form && !department {
            WorkbookKind::Project
        } else {
            WorkbookKind::Department
        }
    });
    let generation = declared
        .and_then(fields::template_generation)
        .unwrap_or(match kind {
            WorkbookKind::Department => CURRENT_GENERATION,
            WorkbookKind::Project => fields::PROJECT_TEMPLATE_VERSIONS
                .last()
                .map_or(CURRENT_GENERATION, |&(_, g)| g),
        });
    let mut scalars = BTreeMap::new();
    for f in kind.fields() {
        if !f.in_generation(generation) && wb.resolve(f.key).is_none() {
            scalars.insert(f.key, Entry::missing());
            continue;
        }
        let entry = match locate(wb, f.key, &mut findings) {
            Some(area) => {
                let spot = area.top_left();
                let raw = wb.cell(&spot.sheet, spot.row, spot.col).clone();
                read_entry(spot, raw, f.kind, f.key, &mut findings)
            }
            None => Entry::missing(),
        };
        scalars.insert(f.key, entry);
    }
    if let Some(version) = scalars
        .get(key::TEMPLATE_VERSION.as_str())
        .and_then(Entry::text)
        && fields::template_kind(version).is_none()
    {
        let mut f = Finding::new(
            Code::FileUnknownVersion,
            format!("模板版本“{version}”不是本程序认识的版本"),
        )
        .field(key::TEMPLATE_VERSION)
        .expected(
            fields::all_template_versions()
                .collect::<Vec<_>>()
                .join("、"),
        )
        .found(version);
        if let Some(spot) = scalars
            .get(key::TEMPLATE_VERSION.as_str())
            .and_then(|e| e.spot.as_ref())
        {
            f = f.at(spot);
        }
        return Err(f.hint("请使用财政部门下发的最新模板，或升级 jixiao"));
    }

    let tables = match kind {
        WorkbookKind::Department => {
            let mut tables = BTreeMap::new();
            for t in fields::TABLES {
                // A table a later template added is unknown to an older
                // workbook, not missing from it.
                if t.since > generation && wb.resolve(t.key).is_none() {
                    continue;
                }
                let area = locate(wb, t.key, &mut findings);
                let rows = match &area {
                    Some(area) => read_table(wb, t, generation, area, &mut findings),
                    None => Vec::new(),
                };
                tables.insert(
                    t.key,
                    TableData {
                        table: t,
                        area,
                        rows,
                    },
                );
            }
            tables
        }
        WorkbookKind::Project => super::form::read_form(wb, generation, &mut findings),
    };
    let mut tables = tables;
    flag_formulas(wb, &mut scalars, &mut tables, &mut findings);
    missing_sheets(wb, &mut findings);
    Ok((
        Department {
            kind,
            scalars,
            tables,
        },
        findings,
    ))
}

/// Input cells holding a formula whose value the file does not keep: each
/// is a finding at the cell (never a silent blank), and its entry, when the
/// cell was read into one, is unreadable, so that nothing else reports it
/// as missing. A formula outside the input cells (a template's own
/// computed cell) is not the department's to fix and is left alone.
fn flag_formulas(
    wb: &Workbook,
    scalars: &mut BTreeMap<&'static str, Entry>,
    tables: &mut BTreeMap<&'static str, TableData>,
    findings: &mut Vec<Finding>,
) {
    for (spot, formula) in wb.formulas_without_value() {
        let here = |e: &Entry| e.spot.as_ref() == Some(spot);
        let mut input: Option<(String, Kind)> = None;
        for (key, entry) in scalars.iter_mut() {
            if here(entry) {
                entry.unreadable = true;
                input = fields::field(key).map(|f| (key.to_string(), f.kind));
            }
        }
        for data in tables.values_mut() {
            let t = data.table;
            for row in &mut data.rows {
                for (j, entry) in row.cells.iter_mut().enumerate() {
                    if here(entry) {
                        entry.unreadable = true;
                        input = Some((t.column_key(t.columns[j].col_id()), t.columns[j].kind));
                    }
                }
            }
            // A row with nothing but the formula was not read into one.
            if input.is_none()
                && let Some(area) = &data.area
                && area.sheet == spot.sheet
                && spot.row > area.first_row
                && spot.row <= area.last_row
                && spot.col >= area.first_col
                && spot.col <= area.last_col
                && let Some(c) = t.columns.get((spot.col - area.first_col) as usize)
            {
                input = Some((t.column_key(c.col_id()), c.kind));
            }
        }
        let Some((key, kind)) = input else {
            continue;
        };
        findings.push(
            Finding::new(
                Code::FieldFormula,
                format!(
                    "单元格是公式“={formula}”，文件中没有保存它的计算结果，无法读取，按未填写处理"
                ),
            )
            .at(spot)
            .field(key)
            .expected(kind.describe())
            .found(format!("={formula}"))
            .hint(format!(
                "要填文字的，先把单元格设为文本格式再输入，或输入“'={formula}”（前加英文单引号）；确是公式的，在 Excel 或 WPS 中打开后重新保存"
            )),
        );
    }
}

/// What a defined name marks, in the words of the workbook: a field's or a
/// table's label (单位名称, 收支情况表), or the key itself for a name the
/// contract does not know.
fn key_label(key: &str) -> &str {
    if let Some(f) = fields::field(key) {
        return f.label;
    }
    if let Some(t) = fields::table(key) {
        return t.label;
    }
    if key == TBL_FORM_INDICATORS.key {
        return TBL_FORM_INDICATORS.label;
    }
    FORM_CELLS
        .iter()
        .find(|c| c.name == key)
        .and_then(|c| fields::TBL_PROJECTS.column(c.column.as_str()))
        .map_or(key, |c| c.label)
}

/// The names that point to a sheet the workbook does not have (a sheet
/// renamed by a program that left the names alone, or deleted) become
/// one finding for that sheet, in place of one for each name: which sheet
/// is missing, how many of its fields cannot be read, and, when the
/// workbook has a sheet the template does not, that it looks renamed to
/// it.
fn missing_sheets(wb: &Workbook, findings: &mut Vec<Finding>) {
    let mut missing: Vec<(String, Vec<&'static str>)> = Vec::new();
    findings.retain(|f| {
        let sheet = (f.code == Code::FileNameBroken)
            .then(|| {
                f.found
                    .as_deref()
                    .and_then(crate::ingest::read::parse_reference)
            })
            .flatten()
            .map(|area| area.sheet)
            .filter(|sheet| !wb.sheet_names.contains(sheet));
        let Some(sheet) = sheet else { return true };
        let label = f
            .field
            .as_deref()
            .and_then(|k| {
                fields::field(k)
                    .map(|f| f.label)
                    .or(fields::table(k).map(|t| t.label))
            })
            .unwrap_or("");
        match missing.iter_mut().find(|(s, _)| *s == sheet) {
            Some((_, labels)) => labels.push(label),
            None => missing.push((sheet, vec![label])),
        }
        false
    });
    let template: Vec<&str> = fields::Sheet::ALL
        .iter()
        .map(|s| s.name())
        .chain([fields::PROJECT_SHEET])
        .collect();
    let unknown: Vec<&String> = wb
        .sheet_names
        .iter()
        .filter(|n| !template.contains(&n.as_str()))
        .collect();
    for (sheet, labels) in missing {
        let named: Vec<&str> = labels
            .iter()
            .copied()
            .filter(|l| !l.is_empty())
            .take(3)
            .collect();
        let fields_part = if named.is_empty() {
            format!("{} 个填报项", labels.len())
        } else {
            format!(
                "{} 个填报项（{}{}）",
                labels.len(),
                named.join("、"),
                if labels.len() > named.len() {
                    "等"
                } else {
                    ""
                }
            )
        };
        let (renamed, hint, found) = match unknown.as_slice() {
            [one] => (
                format!("，看来已改名为“{one}”"),
                format!("工作表名称不能修改：请把工作表“{one}”改回“{sheet}”后重新保存报送"),
                format!("工作表“{one}”"),
            ),
            [] => (
                String::new(),
                format!("请从标准模板恢复工作表“{sheet}”，或改用标准模板重新填报"),
                "（不存在）".to_string(),
            ),
            many => {
                let list = many
                    .iter()
                    .map(|n| format!("“{n}”"))
                    .collect::<Vec<_>>()
                    .join("、");
                (
                    format!("，可能已改名为{list}之一"),
                    format!("工作表名称不能修改：请把改名的工作表改回“{sheet}”后重新保存报送"),
                    format!("工作表{list}"),
                )
            }
        };
        findings.push(
            Finding::new(
                Code::FileSheetMissing,
                format!("找不到工作表“{sheet}”{renamed}：这张表上的 {fields_part}无法读取"),
            )
            .expected(format!("工作表“{sheet}”"))
            .found(found)
            .hint(hint),
        );
    }
}

/// Resolves a key's defined name, reporting a missing, broken or mis-scoped name.
pub(super) fn locate(wb: &Workbook, key: &str, findings: &mut Vec<Finding>) -> Option<Area> {
    match wb.resolve(key) {
        None => {
            findings.push(
                Finding::new(
                    Code::FileNameMissing,
                    format!(
                        "找不到“{}”的位置：标示它的定义名称 {key} 已被删除",
                        key_label(key)
                    ),
                )
                .field(key)
                .expected(format!("工作簿级定义名称 {key}"))
                .found("（不存在）")
                .hint("请从标准模板复制该区域，或改用标准模板填报"),
            );
            None
        }
        Some((Target::Broken(formula), _)) => {
            findings.push(
                Finding::new(
                    Code::FileNameBroken,
                    format!(
                        "“{}”的位置无效：标示它的定义名称 {key} 指向已删除的单元格或工作表",
                        key_label(key)
                    ),
                )
                .field(key)
                .found(formula)
                .hint("该名称指向的单元格或工作表已被删除；请从标准模板恢复"),
            );
            None
        }
        Some((Target::Area(area), irregular)) => {
            if irregular {
                findings.push(
                    Finding::new(
                        Code::FileNameScope,
                        format!(
                            "定义名称 `{key}` 有多个或只在工作表内有效，已使用 {}",
                            area.display()
                        ),
                    )
                    .at(&area.top_left())
                    .field(key),
                );
            }
            Some(area)
        }
    }
}

pub(super) fn read_entry(
    spot: Spot,
    raw: CellValue,
    kind: Kind,
    key: &str,
    findings: &mut Vec<Finding>,
) -> Entry {
    let parsed: Result<Option<(Value, Vec<Coercion>)>, Problem> = match kind {
        // An error value is never text: `#NAME?` is what Excel keeps of
        // “=100%” typed into a General cell.
        Kind::Text | Kind::LongText | Kind::Phone | Kind::Choice(_) | Kind::FrameworkId => {
            match &raw {
                CellValue::Error(e) => Err(Problem::TextErrorValue(e.clone())),
                _ => Ok(text::text(&raw).map(|s| (Value::Text(s), Vec::new()))),
            }
        }
        Kind::Count | Kind::Year => {
            number::integer(&raw).map(|o| o.map(|c| (Value::Int(c.value), c.notes)))
        }
        Kind::Money => number::money(&raw).map(|o| o.map(|c| (Value::Dec(c.value), c.notes))),
        Kind::Points => number::number(&raw).map(|o| o.map(|c| (Value::Dec(c.value), c.notes))),
        Kind::Percent => number::percent(&raw).map(|o| {
            o.map(|c| {
                // A fraction stored in a %-formatted cell is how Excel keeps
                // percentages: no coercion happened.
                let notes = if matches!(raw, CellValue::Number(_) | CellValue::Int(_)) {
                    c.notes
                        .into_iter()
                        .filter(|n| *n != Coercion::FractionAsPercent)
                        .collect()
                } else {
                    c.notes
                };
                (Value::Dec(c.value), notes)
            })
        }),
        Kind::Date => date::date(&raw).map(|o| o.map(|c| (Value::Date(c.value), c.notes))),
    };
    match parsed {
        Ok(Some((value, notes))) => {
            if !notes.is_empty() {
                findings.push(coercion_note(&spot, key, kind, &raw, &value, &notes));
            }
            Entry {
                spot: Some(spot),
                raw,
                value: Some(value),
                unreadable: false,
            }
        }
        Ok(None) => Entry {
            spot: Some(spot),
            raw,
            value: None,
            unreadable: false,
        },
        Err(problem) => {
            let code = match (kind, &problem) {
                (Kind::Date, _) => Code::FieldDate,
                (_, Problem::TooLarge) => Code::FieldRange,
                _ => Code::FieldType,
            };
            findings.push(
                Finding::new(
                    code,
                    format!("应填{}，{}", kind.describe(), problem.describe()),
                )
                .at(&spot)
                .field(key)
                .expected(kind.describe())
                .found(raw.display())
                .hint(type_hint(kind)),
            );
            Entry {
                spot: Some(spot),
                raw,
                value: None,
                unreadable: true,
            }
        }
    }
}

fn type_hint(kind: Kind) -> &'static str {
    match kind {
        Kind::Money => "只填数字（单位万元），如 2815.27；不要写文字或多个数",
        Kind::Count => "填整数，如 26",
        Kind::Year => "填四位年份，如 2022",
        Kind::Percent => "填百分比，如 95%",
        Kind::Points => "填分数，如 5 或 4.5",
        Kind::Date => "填日期，如 2023-03-15",
        _ => "请按说明填写",
    }
}

/// Shows a value as read, for the `expected` of a coercion note.
pub(crate) fn show_value(v: &Value) -> String {
    match v {
        Value::Text(s) => s.clone(),
        Value::Int(i) => i.to_string(),
        Value::Dec(d) => d.normalize().to_string(),
        Value::Date(d) => d.format("%Y-%m-%d").to_string(),
    }
}

/// A value as a message says it: at its field's precision (money and
/// points to the cent, a percentage with its sign), as the workbook and
/// the reports show it, not the digits a conversion left
/// (7167065.75 元 is 716.71 万元, not 716.706575).
fn shown_at_precision(v: &Value, kind: Kind) -> String {
    use crate::contract::number::{fixed, percent_text};
    match (v, kind) {
        (Value::Dec(d), Kind::Money) => format!("{} 万元", fixed(*d, 2)),
        (Value::Dec(d), Kind::Points) => fixed(*d, 2),
        (Value::Dec(d), Kind::Percent) => percent_text(*d, 2),
        _ => show_value(v),
    }
}

fn coercion_note(
    spot: &Spot,
    key: &str,
    kind: Kind,
    raw: &CellValue,
    value: &Value,
    notes: &[Coercion],
) -> Finding {
    let unit = notes.iter().any(Coercion::is_unit_conversion);
    let code = if unit {
        Code::NoteUnit
    } else {
        Code::NoteCoerced
    };
    let what: Vec<String> = notes.iter().map(Coercion::describe).collect();
    Finding::new(
        code,
        format!(
            "已按 {} 读取：{}",
            shown_at_precision(value, kind),
            what.join("；")
        ),
    )
    .at(spot)
    .field(key)
    .expected(shown_at_precision(value, kind))
    .found(raw.display())
    .hint(if unit {
        "金额请只填数字，单位统一为万元"
    } else {
        "建议改为规范的数字格式"
    })
}

/// Header text as compared: without the `* ` required marker, spaces or line breaks.
fn header_key(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace() && *c != '*' && *c != '＊')
        .collect()
}

/// Reads a table's rows. `generation`: the workbook's template generation;
/// the columns a later template added are read when the range has them (a
/// workbook jixiao completed) and are empty otherwise.
pub(super) fn read_table(
    wb: &Workbook,
    t: &'static Table,
    generation: u8,
    area: &Area,
    findings: &mut Vec<Finding>,
) -> Vec<Row> {
    let declared = (area.last_col - area.first_col + 1) as usize;
    let own = t.columns_in(generation).len();
    let expected = &t.columns[..declared.clamp(own, t.columns.len())];
    let width = declared.min(expected.len());
    let sheet = wb.sheet(&area.sheet);
    // Header check: by text, in place.
    let mismatched: Vec<String> = expected
        .iter()
        .enumerate()
        .filter_map(|(j, c)| {
            let cell = if j < width {
                sheet.cell(area.first_row, area.first_col + j as u32)
            } else {
                &CellValue::Empty
            };
            let found = text::text(cell).unwrap_or_default();
            (header_key(&found) != header_key(c.label))
                .then(|| format!("第{}列应为“{}”，实为“{}”", j + 1, c.label, found))
        })
        .collect();
    if !mismatched.is_empty() || declared != expected.len() {
        let mut msg = format!("表格 {}（{}）的表头与模板不一致", t.label, t.key);
        if declared != expected.len() {
            msg.push_str(&format!(
                "：应有 {} 列，实有 {} 列",
                expected.len(),
                declared
            ));
        }
        findings.push(
            Finding::new(Code::TableHeader, msg)
                .at(&area.top_left())
                .field(t.key)
                .expected(
                    expected
                        .iter()
                        .map(|c| c.label)
                        .collect::<Vec<_>>()
                        .join(" | "),
                )
                .found(mismatched.join("；"))
                .hint("请勿修改、插入或删除表头列；已按列位置读取"),
        );
    }
    let last = sheet
        .last_filled_row(area.first_col, area.last_col)
        .map_or(area.first_row, |r| r.min(area.last_row));
    // Each column's field key, for the findings of its cells.
    let keys = t.field_keys();
    let mut rows = Vec::new();
    for r in area.first_row + 1..=last {
        let raws: Vec<CellValue> = (0..t.columns.len())
            .map(|j| {
                if j < width {
                    sheet.cell(r, area.first_col + j as u32).clone()
                } else {
                    CellValue::Empty
                }
            })
            .collect();
        let empty = raws.iter().all(|v| match v {
            CellValue::Text(s) => normalize::is_placeholder(s),
            other => other.is_blank(),
        });
        // A row of placeholders says nothing, unless its value cells say
        // “无”: a goal or indicator the department has not (不适用).
        let marked = || {
            t.not_applicable.row_columns().iter().any(|&id| {
                matches!(&raws[t.col(id)], CellValue::Text(s) if normalize::is_not_applicable(s))
            })
        };
        let placeholder = placeholder_label(t, &raws);
        if (empty || placeholder.is_some()) && !marked() {
            // A row the table left with its label (“指标 2:”, “……”): said,
            // not read.
            if let Some(label) = placeholder {
                let level3 = t.col(col::LEVEL3);
                let spot = Spot::new(area.sheet.clone(), r, area.first_col + level3 as u32);
                findings.push(
                    Finding::new(
                        Code::TablePlaceholderRow,
                        format!(
                            "{}第 {} 行只有占位文字“{label}”，没有填写指标，已跳过",
                            t.label,
                            r + 1
                        ),
                    )
                    .at(&spot)
                    .field(&keys[level3])
                    .found(label)
                    .hint("没有这项指标的删除该行；有的请填写指标名称、指标值和完成值"),
                );
            }
            continue;
        }
        let cells = raws
            .into_iter()
            .zip(t.columns)
            .enumerate()
            .map(|(j, (raw, c))| {
                let spot = Spot::new(area.sheet.clone(), r, area.first_col + j as u32);
                read_entry(spot, raw, c.kind, &keys[j], findings)
            })
            .collect();
        rows.push(Row {
            table: t,
            sheet_row: r,
            cells,
        });
    }
    rows
}

/// The placeholder label of a row of a table of indicators (三级指标 and
/// 年度指标值) that holds nothing else: its 三级指标 is placeholder text such
/// as “指标 2:” or “……” (not a not-applicable marker, which says the row
/// does not apply), and every cell but the names (项目名称, 一级, 二级) is
/// blank or placeholder text. A row with a placeholder name and real values
/// is read: its name is missing.
fn placeholder_label(t: &Table, raws: &[CellValue]) -> Option<String> {
    t.column(col::TARGET.as_str())?;
    t.column(col::LEVEL3.as_str())?;
    let label = match raws.get(t.col(col::LEVEL3))? {
        CellValue::Text(s)
            if !s.trim().is_empty()
                && normalize::is_placeholder(s)
                && !normalize::is_not_applicable(s) =>
        {
            s.trim().to_string()
        }
        _ => return None,
    };
    let names = [col::PROJECT, col::LEVEL1, col::LEVEL2, col::LEVEL3];
    let values_blank = t
        .columns
        .iter()
        .zip(raws)
        .filter(|(c, _)| !names.iter().any(|n| n.as_str() == c.id))
        .all(|(_, raw)| match raw {
            CellValue::Text(s) => normalize::is_placeholder(s),
            other => other.is_blank(),
        });
    values_blank.then_some(label)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::contract::fields::{
        TBL_FINANCE, TBL_PROJECT_INDICATORS, TBL_SCORES, TBL_TARGETS, col,
    };

    #[test]
    fn a_converted_amount_is_said_at_its_fields_precision() {
        let spot = Spot {
            sheet: "收支情况".into(),
            row: 5,
            col: 2,
        };
        let mut findings = Vec::new();
        let raw = CellValue::Text("7167065.75元".into());
        let e = read_entry(spot, raw, Kind::Money, "budget_initial", &mut findings);
        // The figure read keeps every digit; the message says it in 万元 to
        // the cent, as the workbook shows it.
        assert_eq!(e.dec(), Some(Decimal::new(716_706_575, 6)));
        assert_eq!(findings.len(), 1);
        assert!(
            findings[0].message.starts_with("已按 716.71 万元 读取"),
            "{}",
            findings[0].message
        );
        assert_eq!(findings[0].expected.as_deref(), Some("716.71 万元"));
        assert!(!findings[0].message.contains("716.706575"));
    }

    /// A cell as the model reads it from what was typed (`""`: blank).
    fn typed(s: &str) -> Entry {
        let raw = if s.is_empty() {
            CellValue::Empty
        } else {
            CellValue::Text(s.to_string())
        };
        let value = text::text(&raw).map(Value::Text);
        Entry {
            spot: None,
            raw,
            value,
            unreadable: false,
        }
    }

    /// A row of `table` with these cells typed, the others blank.
    fn row(table: &'static Table, cells: &[(ColumnId, &str)]) -> Row {
        let mut r = Row {
            table,
            sheet_row: 8,
            cells: table.columns.iter().map(|_| typed("")).collect(),
        };
        for &(id, s) in cells {
            r.cells[table.col(id)] = typed(s);
        }
        r
    }

    #[test]
    fn a_marker_is_no_value_but_not_a_blank() {
        let marked = typed(" 无 ");
        assert_eq!(marked.value, None);
        assert!(marked.not_applicable());
        assert_eq!(marked.written(), Some("无"));
        for s in ["", "……", "暂无", "指标 2:"] {
            let e = typed(s);
            assert_eq!(e.value, None, "{s:?}");
            assert!(!e.not_applicable(), "{s:?}");
            assert_eq!(e.written(), None, "{s:?}");
        }
        let text = typed("无明显变化");
        assert!(!text.not_applicable());
        assert_eq!(text.written(), Some("无明显变化"));
    }

    #[test]
    fn a_row_is_not_applicable_when_its_values_say_so_and_nothing_else() {
        let name = [
            (col::LEVEL1, "效益目标"),
            (col::LEVEL2, "生态效益"),
            (col::LEVEL3, "无"),
        ];
        let with = |values: &[(ColumnId, &str)]| {
            let cells: Vec<_> = name.iter().chain(values).copied().collect();
            row(&TBL_TARGETS, &cells)
        };
        assert!(with(&[(col::TARGET, "无"), (col::ACTUAL, "无")]).is_not_applicable());
        assert!(with(&[(col::TARGET, "不适用")]).is_not_applicable());
        assert!(with(&[(col::TARGET, "—"), (col::ACTUAL, "/")]).is_not_applicable());
        let r = with(&[(col::TARGET, "无"), (col::ACTUAL, "")]);
        assert_eq!(r.marked_columns(), [col::TARGET]);
        // A value in either cell: the row applies (a missing result is not 不适用).
        assert!(!with(&[(col::TARGET, "≥95%"), (col::ACTUAL, "无")]).is_not_applicable());
        assert!(!with(&[(col::TARGET, "无"), (col::ACTUAL, "完成")]).is_not_applicable());
        // Nothing marked: blank or a placeholder that says nothing.
        assert!(!with(&[]).is_not_applicable());
        assert!(!with(&[(col::TARGET, "暂无"), (col::ACTUAL, "……")]).is_not_applicable());
        // A marker in a name cell alone says nothing of the values.
        assert!(!row(&TBL_TARGETS, &[(col::LEVEL3, "无")]).is_not_applicable());
    }

    #[test]
    fn a_self_scored_project_indicator_applies() {
        let r = |score: &str| {
            row(
                &TBL_PROJECT_INDICATORS,
                &[
                    (col::PROJECT, "城乡医疗救助"),
                    (col::LEVEL3, "生态效益"),
                    (col::TARGET, "无"),
                    (col::ACTUAL, "无"),
                    (col::SELF_SCORE, score),
                ],
            )
        };
        assert!(r("").is_not_applicable());
        assert!(r("无").is_not_applicable());
        let mut scored = r("");
        scored.cells[TBL_PROJECT_INDICATORS.col(col::SELF_SCORE)] = Entry {
            value: Some(Value::Dec(Decimal::TEN)),
            ..typed("10")
        };
        assert!(!scored.is_not_applicable());
    }

    #[test]
    fn only_goals_and_indicators_have_rows_that_do_not_apply() {
        // The 评分表's rows are the framework's: a marker there is refused,
        // not a row that does not apply; other tables know no such rows.
        let scores = row(
            &TBL_SCORES,
            &[(col::LEVEL3, "生态效益"), (col::SELF_SCORE, "无")],
        );
        assert!(scores.not_applicable(col::SELF_SCORE));
        assert!(!scores.is_not_applicable());
        let finance = row(
            &TBL_FINANCE,
            &[(col::UNIT, "局机关"), (col::INCOME_TOTAL, "无")],
        );
        assert!(finance.not_applicable(col::INCOME_TOTAL));
        assert!(!finance.is_not_applicable());
    }
}

#[cfg(test)]
mod error_values {
    use super::*;

    /// “=100%” typed into a General cell in Excel is stored as a formula
    /// whose value is `#NAME?`: a finding at the cell, not text to score.
    #[test]
    fn an_error_value_in_a_text_cell_is_a_finding_not_text() {
        let mut findings = Vec::new();
        let entry = read_entry(
            Spot::new("项目绩效指标", 7, 5),
            CellValue::Error("#NAME?".into()),
            Kind::Text,
            "tbl_project_indicators.target",
            &mut findings,
        );
        assert_eq!(entry.value, None);
        assert!(entry.unreadable);
        assert_eq!(findings.len(), 1, "{findings:#?}");
        assert_eq!(findings[0].code, Code::FieldType);
        assert!(
            findings[0].message.contains("#NAME?"),
            "{}",
            findings[0].message
        );
        assert!(
            findings[0].message.contains("'=100%"),
            "{}",
            findings[0].message
        );
    }
}

#[cfg(test)]
mod values_that_cannot_be_read {
    use super::*;
    use crate::contract::fields::TBL_TARGETS;
    use crate::ingest::guard::Limits;
    use crate::ingest::read::handmade::{text, xlsx};
    use crate::ingest::read::read_bytes;

    /// An error value in an input cell of any kind is a finding at the
    /// cell, never text or a number: FIELD-DATE for a date, FIELD-TYPE
    /// otherwise.
    #[test]
    fn an_error_value_is_a_finding_whatever_the_cells_kind() {
        let kinds = [
            Kind::Text,
            Kind::LongText,
            Kind::Phone,
            Kind::Count,
            Kind::Year,
            Kind::Money,
            Kind::Points,
            Kind::Percent,
            Kind::Date,
        ];
        for kind in kinds {
            for error in ["#NAME?", "#DIV/0!", "#VALUE!", "#REF!", "#N/A"] {
                let mut findings = Vec::new();
                let entry = read_entry(
                    Spot::new("表", 3, 4),
                    CellValue::Error(error.into()),
                    kind,
                    "key",
                    &mut findings,
                );
                assert_eq!(entry.value, None, "{kind:?} {error}");
                assert!(entry.unreadable, "{kind:?} {error}");
                let want = if kind == Kind::Date {
                    Code::FieldDate
                } else {
                    Code::FieldType
                };
                assert_eq!(findings.len(), 1, "{kind:?} {error}: {findings:#?}");
                assert_eq!(findings[0].code, want, "{kind:?} {error}");
                assert_eq!(findings[0].found.as_deref(), Some(error), "{kind:?}");
            }
        }
    }

    /// 定量绩效目标 at A1:F8 of one sheet, its header on row 1 followed by
    /// `more` (cells of row 1 beyond the table: H1 is `unit_name`), then
    /// `rows`.
    fn targets_with(more: &str, rows: &str) -> Workbook {
        let header: String = TBL_TARGETS
            .columns
            .iter()
            .enumerate()
            .map(|(j, c)| text(&crate::contract::cell::a1(0, j as u32), c.label))
            .collect();
        let sheet = format!("<row r=\"1\">{header}{more}</row>{rows}");
        let names = [
            ("tbl_targets", "'定量'!$A$1:$F$8"),
            ("unit_name", "'定量'!$H$1"),
        ];
        read_bytes(&xlsx("定量", &sheet, &names), &Limits::default()).unwrap()
    }

    fn targets(rows: &str) -> Workbook {
        targets_with("", rows)
    }

    fn row(n: u32, cells: &[(&str, &str)]) -> String {
        let cells: String = cells
            .iter()
            .map(|(col, s)| text(&format!("{col}{n}"), s))
            .collect();
        format!("<row r=\"{n}\">{cells}</row>")
    }

    /// Rows left with the table's placeholder label are skipped with a note
    /// naming the row; a placeholder name with real values is read (its
    /// name is missing), and a row marked “无” is not a placeholder.
    #[test]
    fn placeholder_rows_are_skipped_with_a_note() {
        let rows = [
            row(2, &[("A", "产出目标"), ("B", "数量指标"), ("C", "指标 2:")]),
            row(3, &[("C", "……")]),
            row(4, &[("C", "指标3："), ("D", "……")]),
            row(
                5,
                &[
                    ("A", "产出目标"),
                    ("B", "质量指标"),
                    ("C", "指标 4:"),
                    ("D", "≥95%"),
                ],
            ),
            row(
                6,
                &[
                    ("A", "效益目标"),
                    ("B", "社会效益"),
                    ("C", "无"),
                    ("D", "无"),
                ],
            ),
            row(
                7,
                &[
                    ("A", "效益目标"),
                    ("B", "社会效益"),
                    ("C", "参保率"),
                    ("D", "≥95%"),
                ],
            ),
        ]
        .concat();
        let wb = targets(&rows);
        let area = wb.resolve("tbl_targets").map(|(t, _)| t);
        let Some(Target::Area(area)) = area else {
            panic!("{area:?}");
        };
        let mut findings = Vec::new();
        let read = read_table(&wb, &TBL_TARGETS, CURRENT_GENERATION, &area, &mut findings);
        let notes: Vec<(String, &str)> = findings
            .iter()
            .filter(|f| f.code == Code::TablePlaceholderRow)
            .map(|f| (f.location(), f.message.as_str()))
            .collect();
        assert_eq!(
            notes,
            [
                (
                    "定量!C2".to_string(),
                    "定量绩效目标第 2 行只有占位文字“指标 2:”，没有填写指标，已跳过"
                ),
                (
                    "定量!C3".to_string(),
                    "定量绩效目标第 3 行只有占位文字“……”，没有填写指标，已跳过"
                ),
                (
                    "定量!C4".to_string(),
                    "定量绩效目标第 4 行只有占位文字“指标3：”，没有填写指标，已跳过"
                ),
            ]
        );
        let read_rows: Vec<u32> = read.iter().map(Row::sheet_row_number).collect();
        assert_eq!(read_rows, [5, 6, 7]);
        assert_eq!(read[0].text(col::LEVEL3), None, "a missing name");
        assert!(read[1].is_not_applicable());
    }

    /// A formula saved without its value in an input cell: one finding at
    /// the cell, the entry unreadable (so not also “required”); in a row of
    /// nothing else too.
    #[test]
    fn a_formula_without_its_value_is_a_finding_not_a_blank() {
        let rows = [
            format!(
                "<row r=\"2\">{}{}{}<c r=\"D2\"><f>200/人</f></c></row>",
                text("A2", "产出目标"),
                text("B2", "数量指标"),
                text("C2", "补助标准"),
            ),
            // A row of nothing but the formula, and one outside every input.
            "<row r=\"3\"><c r=\"E3\"><f>B1*2</f></c></row>".to_string(),
            "<row r=\"9\"><c r=\"J9\"><f>1+1</f></c></row>".to_string(),
        ]
        .concat();
        let wb = targets_with("<c r=\"H1\"><f>\"单位\"</f></c>", &rows);
        let (dept, findings) = build(&wb).unwrap();
        let formulas: Vec<(String, Option<&str>, Option<&str>)> = findings
            .iter()
            .filter(|f| f.code == Code::FieldFormula)
            .map(|f| (f.location(), f.field.as_deref(), f.found.as_deref()))
            .collect();
        assert_eq!(
            formulas,
            [
                ("定量!H1".to_string(), Some("unit_name"), Some("=\"单位\"")),
                (
                    "定量!D2".to_string(),
                    Some("tbl_targets.target"),
                    Some("=200/人")
                ),
                (
                    "定量!E3".to_string(),
                    Some("tbl_targets.actual"),
                    Some("=B1*2")
                ),
            ],
            "{findings:#?}"
        );
        assert!(dept.entry(key::UNIT_NAME).unreadable);
        let target = dept.rows(&TBL_TARGETS)[0].entry(col::TARGET);
        assert!(target.unreadable && target.value.is_none());
        let about_unit_name: Vec<Code> = findings
            .iter()
            .filter(|f| f.field.as_deref() == Some("unit_name"))
            .map(|f| f.code)
            .collect();
        assert_eq!(about_unit_name, [Code::FieldFormula]);
    }
}
