//! The workbook contract (SPEC §4): every key a department workbook carries as a
//! workbook-scoped defined name, what it means, what it holds, and on which sheet
//! the standard template puts it. The template writer, the reader, the validator
//! and `docs/fields.md` all read this one catalogue.

/// The current version of the department workbook, written into
/// `template_version`; the reader accepts every version listed in
/// [`KNOWN_TEMPLATE_VERSIONS`] and [`PROJECT_TEMPLATE_VERSIONS`].
pub(crate) const TEMPLATE_VERSION: &str = "jixiao-dept-4";

/// Department template versions this build can read, oldest first: the
/// position plus one is the version's generation, which [`Field::since`]
/// and [`Column::since`] name.
///
/// - `jixiao-dept-1`: the first template.
/// - `jixiao-dept-2`: adds the parts of the budget adjustment (追加, 追减,
///   结构调整 and the part 财预〔2013〕53号 excludes from 预算调整率), last
///   year's 三公 budget per kind, the department's explanations of its
///   figures (收支情况说明, 预算执行情况说明) and the 评分表's 说明 column.
/// - `jixiao-dept-3`: adds a project's 预算执行率得分 and 自评等次, the
///   cells of the 项目支出绩效自评表 that the project table lacked.
/// - `jixiao-dept-4`: adds the 上年问题整改情况 table (`tbl_rectification`):
///   last year's problems and what was done about each.
pub(crate) const KNOWN_TEMPLATE_VERSIONS: &[&str] = &[
    "jixiao-dept-1",
    "jixiao-dept-2",
    "jixiao-dept-3",
    TEMPLATE_VERSION,
];

/// The generation of a known template version (1 for `jixiao-dept-1`): for
/// a project workbook, the generation whose project columns it carries.
pub(crate) fn template_generation(version: &str) -> Option<u8> {
    KNOWN_TEMPLATE_VERSIONS
        .iter()
        .position(|v| *v == version)
        .and_then(|i| u8::try_from(i + 1).ok())
        .or_else(|| {
            PROJECT_TEMPLATE_VERSIONS
                .iter()
                .find(|(v, _)| *v == version)
                .map(|&(_, generation)| generation)
        })
}

/// The kind of workbook a known template version is.
pub fn template_kind(version: &str) -> Option<WorkbookKind> {
    if KNOWN_TEMPLATE_VERSIONS.contains(&version) {
        Some(WorkbookKind::Department)
    } else if PROJECT_TEMPLATE_VERSIONS.iter().any(|(v, _)| *v == version) {
        Some(WorkbookKind::Project)
    } else {
        None
    }
}

/// Every template version this build reads, of both kinds, for messages.
pub(crate) fn all_template_versions() -> impl Iterator<Item = &'static str> {
    KNOWN_TEMPLATE_VERSIONS
        .iter()
        .copied()
        .chain(PROJECT_TEMPLATE_VERSIONS.iter().map(|(v, _)| *v))
}

/// The generation of [`TEMPLATE_VERSION`].
pub(crate) const CURRENT_GENERATION: u8 = KNOWN_TEMPLATE_VERSIONS.len() as u8;

/// What a workbook is the self-evaluation of: the department as a whole
/// (部门整体支出绩效自评) or one project (项目支出绩效自评). The template
/// version says which, and decides how the workbook is read.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Default,
    serde::Serialize,
    serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum WorkbookKind {
    /// 部门整体支出绩效自评表: the department workbook of several sheets.
    #[default]
    Department,
    /// 项目支出绩效自评表: one project's form.
    Project,
}

impl WorkbookKind {
    /// Both kinds.
    pub const ALL: [WorkbookKind; 2] = [WorkbookKind::Department, WorkbookKind::Project];

    /// The stable id of the command line and the JSON documents.
    pub fn id(self) -> &'static str {
        match self {
            WorkbookKind::Department => "department",
            WorkbookKind::Project => "project",
        }
    }

    /// What the workbook is called: 部门整体支出 or 项目支出.
    pub fn zh(self) -> &'static str {
        match self {
            WorkbookKind::Department => "部门整体支出",
            WorkbookKind::Project => "项目支出",
        }
    }

    /// The version a new workbook of this kind is written with.
    pub fn template_version(self) -> &'static str {
        match self {
            WorkbookKind::Department => TEMPLATE_VERSION,
            WorkbookKind::Project => PROJECT_TEMPLATE_VERSION,
        }
    }

    /// The scalar fields a workbook of this kind has, in catalogue order.
    pub fn fields(self) -> impl Iterator<Item = &'static Field> {
        FIELDS.iter().filter(move |f| match self {
            WorkbookKind::Department => true,
            WorkbookKind::Project => PROJECT_FIELDS.contains(&f.id()),
        })
    }

    /// The tables of the model a workbook of this kind is read into.
    pub fn tables(self) -> &'static [&'static Table] {
        match self {
            WorkbookKind::Department => TABLES,
            WorkbookKind::Project => &[&TBL_PROJECTS, &TBL_PROJECT_INDICATORS],
        }
    }
}

/// 报送期间 choices, in dropdown order.
pub(crate) const PERIODS: &[&str] = &[
    "全年", "1月", "2月", "3月", "4月", "5月", "6月", "7月", "8月", "9月", "10月", "11月", "12月",
];

mod catalogue;
mod keys;
mod project;
mod tables;

pub use catalogue::FIELDS;
pub use keys::{ColumnId, FieldKey, col, key};
pub use project::{
    FORM_CELLS, FormCell, PROJECT_FIELDS, PROJECT_SHEET, PROJECT_TEMPLATE_VERSION,
    PROJECT_TEMPLATE_VERSIONS, TBL_FORM_INDICATORS,
};
pub use tables::{
    RECTIFICATION_STATUSES, TABLES, TBL_EVALUATORS, TBL_FINANCE, TBL_GOALS, TBL_MEASURES,
    TBL_PROBLEMS, TBL_PROJECT_INDICATORS, TBL_PROJECTS, TBL_RECTIFICATION, TBL_SCORES, TBL_TARGETS,
};
pub(crate) use tables::{SANGONG, SangongPart};

/// What a cell holds, which decides how it is parsed, validated and formatted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Short text (a name, a code).
    Text,
    /// Long narrative text (several sentences, line breaks allowed).
    LongText,
    /// A whole number ≥ 0 (headcounts, counts of items).
    Count,
    /// A calendar year, 2000–2100.
    Year,
    /// Money in 万元, 2 decimals; text with 元/万元 is converted.
    Money,
    /// A percentage (0–100 shown as `95%`); `0.95` in a %-formatted cell is 95%.
    Percent,
    /// Points of a score table (分值, 得分).
    Points,
    /// A calendar date.
    Date,
    /// A telephone number: landline with or without area code, or an 11-digit mobile.
    Phone,
    /// One of a fixed list of choices (dropdown).
    Choice(&'static [&'static str]),
    /// A framework id (dropdown of the frameworks this build knows).
    FrameworkId,
}

impl Kind {
    /// A short Chinese description for documentation and messages.
    pub(crate) fn describe(self) -> &'static str {
        match self {
            Kind::Text => "文本",
            Kind::LongText => "长文本",
            Kind::Count => "整数（≥0）",
            Kind::Year => "年份（2000–2100）",
            Kind::Money => "金额（万元，2位小数）",
            Kind::Percent => "百分比",
            Kind::Points => "分数",
            Kind::Date => "日期",
            Kind::Phone => "电话号码",
            Kind::Choice(_) => "下拉选项",
            Kind::FrameworkId => "评价框架（下拉）",
        }
    }

    /// Whether the value is a number the validator parses with [`crate::ingest::coerce`].
    pub(crate) fn is_numeric(self) -> bool {
        matches!(
            self,
            Kind::Count | Kind::Year | Kind::Money | Kind::Percent | Kind::Points
        )
    }
}

/// The sheets of the standard workbook, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum Sheet {
    /// 填报说明: how to fill the workbook; holds no data.
    Instructions,
    /// 基本情况: the unit, its people and its functions.
    Basic,
    /// 收支情况: budget, income and expenditure, 三公经费, assets.
    Finance,
    /// 绩效目标: qualitative targets and their results.
    Goals,
    /// 定量指标: quantitative targets and satisfaction.
    Targets,
    /// 评分表: the score table of the chosen framework.
    Scores,
    /// 项目支出: one row per project.
    Projects,
    /// 项目绩效指标: the indicators of every project.
    Indicators,
    /// 问题与措施: problems and measures.
    Problems,
    /// 项目支出绩效自评表: the one sheet of a project workbook (not in
    /// [`Sheet::ALL`], which are the department workbook's).
    ProjectForm,
}

impl Sheet {
    pub const ALL: [Sheet; 9] = [
        Sheet::Instructions,
        Sheet::Basic,
        Sheet::Finance,
        Sheet::Goals,
        Sheet::Targets,
        Sheet::Scores,
        Sheet::Projects,
        Sheet::Indicators,
        Sheet::Problems,
    ];

    /// The sheet's tab name in the workbook.
    pub fn name(self) -> &'static str {
        match self {
            Sheet::Instructions => "填报说明",
            Sheet::Basic => "基本情况",
            Sheet::Finance => "收支情况",
            Sheet::Goals => "绩效目标",
            Sheet::Targets => "定量指标",
            Sheet::Scores => "评分表",
            Sheet::Projects => "项目支出",
            Sheet::Indicators => "项目绩效指标",
            Sheet::Problems => "问题与措施",
            Sheet::ProjectForm => PROJECT_SHEET,
        }
    }
}

/// One scalar input: a single cell with its own defined name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Field {
    /// The defined name, e.g. `budget_executed`.
    pub key: &'static str,
    /// The Chinese label shown beside the cell.
    pub(crate) label: &'static str,
    /// What the cell holds.
    pub kind: Kind,
    /// Whether the department must fill it.
    pub required: bool,
    pub(crate) sheet: Sheet,
    /// The input hint shown when the cell is selected, and the note in `docs/fields.md`.
    pub(crate) hint: &'static str,
    /// The template generation that introduced the field (see
    /// [`KNOWN_TEMPLATE_VERSIONS`]): a workbook of an older template does not
    /// have it, which is no error, and its value is unknown.
    pub(crate) since: u8,
}

impl Field {
    /// The field's key as a typed [`FieldKey`].
    pub const fn id(&self) -> FieldKey {
        FieldKey(self.key)
    }

    /// The same field, introduced by template generation `since`.
    pub(crate) const fn since(self, since: u8) -> Field {
        Field { since, ..self }
    }

    /// Whether a workbook of template generation `generation` has the field.
    pub(crate) fn in_generation(&self, generation: u8) -> bool {
        self.since <= generation
    }

    /// The same field, optional: in no template generation, written only
    /// for a workbook whose framework reads it (支付进度 at 11月底).
    pub(crate) const fn optional(self) -> Field {
        Field {
            since: OPTIONAL,
            ..self
        }
    }

    /// Whether the field is optional: in no template generation, written
    /// only for a workbook whose framework reads it.
    pub fn is_optional(&self) -> bool {
        self.since == OPTIONAL
    }
}

/// One column of a table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Column {
    /// A stable id used in code and in fill sources (`income_total`).
    pub id: &'static str,
    /// The header text in the table's first row.
    pub(crate) label: &'static str,
    /// What the column's cells hold.
    pub kind: Kind,
    /// Whether a non-empty row must fill this column.
    pub(crate) required: bool,
    /// Who writes the column's cells.
    pub(crate) by: EnteredBy,
    /// The template generation that introduced the column; new columns are
    /// only ever added at a table's end, so an older workbook's table is the
    /// columns of its generation, in place. [`OPTIONAL`] for a column in no
    /// generation, after all of them.
    pub(crate) since: u8,
}

/// The `since` of an optional field or column: in no template generation,
/// written only for a workbook that needs it (a framework whose 评分表 has a
/// 设定分值, or that reads 支付进度 at 11月底) and read wherever the
/// workbook has it.
pub(crate) const OPTIONAL: u8 = u8::MAX;

impl Column {
    /// The same column, introduced by template generation `since`.
    pub(crate) const fn since(self, since: u8) -> Column {
        Column { since, ..self }
    }

    /// The same column, optional: the template writes it only when a
    /// workbook needs it, after every column of the current generation.
    pub(crate) const fn optional(self) -> Column {
        Column {
            since: OPTIONAL,
            ..self
        }
    }

    /// Whether jixiao computes the column's cells (计算值, 系统得分): they
    /// are not the department's to write.
    pub fn is_computed(&self) -> bool {
        self.by == EnteredBy::System
    }

    /// Whether the column is [`optional`](Column::optional).
    pub(crate) fn is_optional(&self) -> bool {
        self.since == OPTIONAL
    }

    /// The column's id as a typed [`ColumnId`].
    pub const fn col_id(&self) -> ColumnId {
        ColumnId(self.id)
    }
}

/// Who writes a table column: the template locks what the department must
/// not change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum EnteredBy {
    /// The department (填写区, unlocked).
    Department,
    /// The evaluation framework, when the template is generated (locked).
    Framework,
    /// jixiao, when it writes the completed workbook (locked).
    System,
}

impl EnteredBy {
    #[cfg(test)]
    pub fn describe(self) -> &'static str {
        match self {
            EnteredBy::Department => "单位填写",
            EnteredBy::Framework => "按评价框架预填",
            EnteredBy::System => "系统计算",
        }
    }
}

/// A table input: a defined name spanning the header row and the data rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Table {
    pub(crate) key: &'static str,
    pub(crate) label: &'static str,
    pub(crate) sheet: Sheet,
    /// The columns, in sheet order.
    pub columns: &'static [Column],
    /// Data rows the blank template leaves room for.
    pub(crate) rows: u32,
    /// Whether the table must have at least one non-empty row.
    pub(crate) required: bool,
    pub(crate) hint: &'static str,
    /// What a not-applicable marker (无, 不适用, —) in its value cells says.
    pub(crate) not_applicable: NotApplicable,
    /// The template generation that introduced the table (see
    /// [`KNOWN_TEMPLATE_VERSIONS`]): a workbook of an older template does
    /// not have it, which is no error.
    pub(crate) since: u8,
}

/// What a table makes of a row whose value cells are marked not applicable
/// (无, 不适用, 不涉及, —, / …: `ingest::coerce::normalize::is_not_applicable`).
/// Everywhere else such a marker is an empty cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum NotApplicable {
    /// Nothing: a marker is an empty cell like any other.
    Never,
    /// A department without such a goal or indicator says so: a row whose
    /// these cells hold a marker and nothing else (each marked or blank, one
    /// at least marked) is not applicable (不适用). It is a note, not checked
    /// for required cells, not scored, and never a problem of the report.
    Row(&'static [ColumnId]),
    /// The rows are prescribed (the 评分表's rows are the framework's
    /// indicators) and each must be filled: a marker in these cells is refused.
    Refused(&'static [ColumnId]),
}

impl NotApplicable {
    /// The value cells whose marker makes a row not applicable, if any.
    pub(crate) fn row_columns(self) -> &'static [ColumnId] {
        match self {
            NotApplicable::Row(cols) => cols,
            NotApplicable::Never | NotApplicable::Refused(_) => &[],
        }
    }
}

impl Table {
    /// The ids of the columns that hold money (万元), in sheet order: the
    /// figures of the 收支情况 table that are summed, checked and shown.
    pub(crate) fn money_columns(&self) -> impl Iterator<Item = ColumnId> + '_ {
        self.columns
            .iter()
            .filter(|c| c.kind == Kind::Money)
            .map(Column::col_id)
    }

    /// The index of the column with this id. Panics only on a programming
    /// error (an id that is not in the static catalogue), never on user data.
    pub fn col(&self, id: ColumnId) -> usize {
        self.columns
            .iter()
            .position(|c| c.id == id.0)
            .unwrap_or_else(|| panic!("table {} has no column {id}", self.key))
    }

    /// The column with this id, for ids read at run time (fill sources).
    pub fn column(&self, id: &str) -> Option<&'static Column> {
        self.columns.iter().find(|c| c.id == id)
    }

    /// A column's field key as findings name it, `tbl_scores.self_score`.
    pub(crate) fn column_key(&self, id: ColumnId) -> String {
        format!("{}.{}", self.key, id.0)
    }

    /// The columns a workbook of template generation `generation` has, in
    /// sheet order (a prefix of [`Table::columns`]).
    pub(crate) fn columns_in(&self, generation: u8) -> &'static [Column] {
        let n = self
            .columns
            .iter()
            .take_while(|c| c.since <= generation)
            .count();
        &self.columns[..n]
    }

    /// Each column's field key as findings name it, `tbl_finance.income_total`.
    pub(crate) fn field_keys(&self) -> Vec<String> {
        self.columns
            .iter()
            .map(|c| format!("{}.{}", self.key, c.id))
            .collect()
    }
}

/// Money that may be negative: an adjustment (预算调整数, which may be 追减)
/// or a balance (结余). `key` is a scalar's key, a column id, or a table
/// cell's `table.column`. The template's data validation and the range
/// check both ask this one question.
pub fn may_be_negative(key: &str) -> bool {
    let id = key.rsplit_once('.').map_or(key, |(_, id)| id);
    [
        key::BUDGET_ADJUSTMENT.as_str(),
        col::BALANCE_YEAR.as_str(),
        col::BALANCE_TOTAL.as_str(),
    ]
    .contains(&id)
}

/// The scalar field with this key.
pub fn field(key: &str) -> Option<&'static Field> {
    FIELDS.iter().find(|f| f.key == key)
}

/// The table with this key.
pub fn table(key: &str) -> Option<&'static Table> {
    TABLES.iter().copied().find(|t| t.key == key)
}

/// Every key, scalars then tables.
pub(crate) fn all_keys() -> impl Iterator<Item = &'static str> {
    FIELDS
        .iter()
        .map(|f| f.key)
        .chain(TABLES.iter().map(|t| t.key))
}

#[cfg(test)]
mod tests;
