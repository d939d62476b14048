//! The standard department workbook (部门整体支出绩效自评表): where every key of
//! the contract sits, and the writer that produces the blank template or a
//! template filled with given inputs. rust_xlsxwriter cannot edit files, so a
//! filled workbook is always regenerated from the same plan as the blank one.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::sync::OnceLock;

use crate::rules::framework::{Framework, Frameworks};
use chrono::{Datelike, NaiveDate};
use rust_xlsxwriter::{
    Color, DataValidation, DataValidationErrorStyle, DataValidationRule, DocProperties,
    ExcelDateTime, Format, FormatAlign, FormatBorder, Formula, ProtectionOptions, Workbook,
    Worksheet, XlsxError,
};
use unicode_width::UnicodeWidthStr;

use crate::contract::cell::{Spot, col_letters};
use crate::contract::fields::{
    self, Column, EnteredBy, FIELDS, Field, Kind, SANGONG_KINDS, Sheet, TEMPLATE_VERSION, Table,
};
use crate::contract::finding::Severity;

/// A value to put in an input cell, as a department (or a program) would type it.
#[derive(Debug, Clone, PartialEq)]
pub enum Input {
    Text(String),
    Number(f64),
    Date(NaiveDate),
}

/// Values for a workbook's input cells: scalars by key, table rows by column id.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Inputs {
    pub scalars: BTreeMap<String, Input>,
    pub tables: BTreeMap<String, Vec<BTreeMap<String, Input>>>,
}

impl Inputs {
    fn rows(&self, table: &Table) -> &[BTreeMap<String, Input>] {
        self.tables.get(table.key).map_or(&[], Vec::as_slice)
    }
}

/// A mark on a cell of a completed workbook (SPEC §9): the cell is filled in
/// the colour of its most serious finding and carries a note listing them.
#[derive(Debug, Clone, PartialEq)]
pub struct Mark {
    pub severity: Severity,
    pub note: String,
}

/// Marks by sheet name, then (zero-based row, column).
pub type Marks = BTreeMap<String, BTreeMap<(u32, u16), Mark>>;

/// Choices the template offers that are not fixed by the contract.
#[derive(Debug, Clone)]
pub struct TemplateOptions {
    /// The frameworks the `framework` dropdown offers; the chosen one
    /// (`forced`, else `national`) is the default and fills the 评分表.
    pub frameworks: Frameworks,
    /// How many empty rows tables leave to fill in.
    pub room: Room,
    /// Write every sheet in rust_xlsxwriter's constant-memory mode: rows go
    /// to a temporary file as they are written, strings are stored inline,
    /// and saving starts no thread per sheet (twelve thread starts per
    /// workbook cost a batch more than the sheets themselves, and on two
    /// cores they stall the other worker). Cells must then be written row
    /// by row, as [`workbook`] does. The completed workbook uses it; the
    /// blank template keeps the standard mode (shared strings).
    pub streamed: bool,
}

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

impl Default for TemplateOptions {
    fn default() -> Self {
        TemplateOptions {
            frameworks: Frameworks::builtin_checked(),
            room: Room::Template,
            streamed: false,
        }
    }
}

impl TemplateOptions {
    /// The dropdown's ids, the default first.
    fn framework_ids(&self) -> Vec<String> {
        let mut ids = self.frameworks.ids();
        if let Some(chosen) = self.frameworks.for_workbook(None)
            && let Some(p) = ids.iter().position(|id| *id == chosen.id)
        {
            let id = ids.remove(p);
            ids.insert(0, id);
        }
        ids
    }
}

/// The inputs a workbook is written from: the given ones, with the 评分表
/// rows of the chosen framework (一级, 二级, 三级, 评分标准, 分值) when they
/// have none, so that the department only fills 自评得分 and 扣分原因.
pub fn prepared<'a>(inputs: &'a Inputs, opts: &TemplateOptions) -> Cow<'a, Inputs> {
    if !inputs.rows(&fields::TBL_SCORES).is_empty() {
        return Cow::Borrowed(inputs);
    }
    let named = match inputs.scalars.get("framework") {
        Some(Input::Text(t)) => Some(t.as_str()),
        _ => None,
    };
    let Some(framework) = opts.frameworks.for_workbook(named) else {
        return Cow::Borrowed(inputs);
    };
    let mut out = inputs.clone();
    out.tables.insert(
        fields::TBL_SCORES.key.to_string(),
        score_rows(&framework)
            .into_iter()
            .map(|(_, row)| row)
            .collect(),
    );
    Cow::Owned(out)
}

/// A framework's 评分表 rows, each with the index of its indicator among the
/// framework's leaves (an indicator with parts has one row per part; only the
/// first carries the criteria and points).
pub fn score_rows(framework: &Framework) -> Vec<(usize, BTreeMap<String, Input>)> {
    use rust_decimal::prelude::ToPrimitive as _;
    let mut rows = Vec::new();
    for (leaf, (l1, l2, ind)) in framework.leaves().enumerate() {
        let names: Vec<&str> = if ind.parts.is_empty() {
            vec![ind.name.as_str()]
        } else {
            ind.parts.iter().map(String::as_str).collect()
        };
        for (i, name) in names.into_iter().enumerate() {
            let mut row = BTreeMap::new();
            row.insert("level1".to_string(), Input::Text(l1.name.clone()));
            row.insert("level2".to_string(), Input::Text(l2.name.clone()));
            row.insert("level3".to_string(), Input::Text(name.to_string()));
            if i == 0 {
                row.insert("criteria".to_string(), Input::Text(ind.criteria.clone()));
                if let Some(points) = ind.points.to_f64() {
                    row.insert("points".to_string(), Input::Number(points));
                }
            }
            rows.push((leaf, row));
        }
    }
    rows
}

/// One element of a sheet, top to bottom.
#[derive(Debug, Clone, Copy)]
enum Item {
    Title(&'static str),
    Note(&'static str),
    /// A section heading.
    Section(&'static str),
    /// The 项目 | 填写内容 | 说明 heading over a block of scalars.
    ScalarHeader,
    Scalar(&'static Field),
    /// The 三公经费 grid: four kinds × (本年预算, 本年决算, 上年决算) and a total row.
    SangongGrid,
    Table(&'static Table),
    Gap,
}

/// The columns of a scalar block: label, value, hint.
const LABEL_COL: u16 = 1;
const VALUE_COL: u16 = 2;
const HINT_COL: u16 = 3;
/// Tables start in column B; column A is a narrow margin.
const TABLE_COL: u16 = 1;

fn scalars_of(sheet: Sheet, keys: &[&str]) -> Vec<Item> {
    keys.iter()
        .filter_map(|k| fields::field(k))
        .filter(|f| f.sheet == sheet)
        .map(Item::Scalar)
        .collect()
}

fn plan(sheet: Sheet) -> Vec<Item> {
    use Item::*;
    let basic_keys: Vec<&str> = FIELDS
        .iter()
        .filter(|f| f.sheet == Sheet::Basic)
        .map(|f| f.key)
        .collect();
    match sheet {
        Sheet::Instructions => vec![Title("部门整体支出绩效自评表 填报说明")],
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
                    "budget_initial",
                    "budget_adjustment",
                    "budget_executed",
                    "public_budget",
                    "key_project_exp",
                    "paid_q1",
                    "paid_q2",
                    "paid_q3",
                    "paid_q4",
                    "special_late_count",
                    "carryover_unfinished",
                    "procurement_budget",
                    "procurement_actual",
                    "card_payable",
                    "card_paid",
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
                    "assets_total",
                    "assets_in_use",
                    "assets_leased",
                    "assets_other",
                ],
            ));
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
            v.extend(scalars_of(Sheet::Targets, &["satisfaction_rate"]));
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
            v.extend(scalars_of(Sheet::Scores, &["score_overall_self"]));
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
        ],
    }
}

/// Where a table sits: its header row and how many data rows the named range spans.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TablePlace {
    pub sheet: &'static str,
    pub header_row: u32,
    pub first_col: u16,
    pub data_rows: u32,
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
    pub scalars: BTreeMap<&'static str, Spot>,
    pub tables: BTreeMap<&'static str, TablePlace>,
    /// Row of the 三公 grid's header.
    sangong_header: Option<u32>,
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

/// Empty rows a compact table leaves.
const COMPACT_ROOM: u32 = 10;

/// Lays out every sheet as in the blank template.
pub fn layout(inputs: &Inputs) -> Layout {
    layout_with(inputs, Room::Template)
}

/// Lays out every sheet.
pub fn layout_with(inputs: &Inputs, room_of: Room) -> Layout {
    let mut out = Layout::default();
    for sheet in Sheet::ALL {
        let mut row: u32 = 0;
        let items = plan(sheet);
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
                    for (i, (kind, _)) in SANGONG_KINDS.iter().enumerate() {
                        for (j, part) in ["budget", "actual", "prev"].iter().enumerate() {
                            let key = fields::field(&format!("sg_{kind}_{part}")).map(|f| f.key);
                            if let Some(key) = key {
                                out.scalars.insert(
                                    key,
                                    Spot::new(
                                        sheet.name(),
                                        row + 1 + i as u32,
                                        u32::from(VALUE_COL) + j as u32,
                                    ),
                                );
                            }
                        }
                    }
                    row += 2 + SANGONG_KINDS.len() as u32;
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
                        },
                    );
                    row += 1 + data_rows;
                }
            }
        }
    }
    out
}

/// Cell formats of the template, made once per workbook.
struct Styles<'a> {
    /// Cells to fill in a severity's colour (completed workbooks only).
    marks: &'a Marks,
    title: Format,
    note: Format,
    section: Format,
    header: Format,
    label: Format,
    hint: Format,
    locked: Format,
    locked_money: Format,
    input_text: Format,
    input_long: Format,
    input_money: Format,
    input_count: Format,
    input_percent: Format,
    input_points: Format,
    input_date: Format,
    /// Prefilled by the framework or computed: locked, grey, wrapped.
    given_text: Format,
    given_points: Format,
    body: Format,
}

const INPUT_FILL: u32 = 0xFFF8DC;
const HEADER_FILL: u32 = 0xDDEBF7;
pub(crate) const LABEL_FILL: u32 = 0xF2F2F2;
/// Excel's own "bad" and "neutral" cell-style fills.
pub(crate) const ERROR_FILL: u32 = 0xFFC7CE;
pub(crate) const WARNING_FILL: u32 = 0xFFEB9C;

/// The font and alignment of every sheet jixiao writes (the template, the
/// completed workbook's own sheets, the batch summary).
pub(crate) fn base_format() -> Format {
    Format::new()
        .set_font_name("宋体")
        .set_font_size(11)
        .set_align(FormatAlign::VerticalCenter)
}

/// A sheet's title.
pub(crate) fn title_format() -> Format {
    base_format()
        .set_bold()
        .set_font_size(16)
        .set_font_name("黑体")
}

/// A table's header cell.
pub(crate) fn header_format() -> Format {
    base_format()
        .set_border(FormatBorder::Thin)
        .set_bold()
        .set_text_wrap()
        .set_align(FormatAlign::Center)
        .set_background_color(Color::RGB(HEADER_FILL))
}

impl<'a> Styles<'a> {
    fn new(marks: &'a Marks) -> Self {
        let base = base_format();
        let bordered = base.clone().set_border(FormatBorder::Thin);
        let input = bordered
            .clone()
            .set_unlocked()
            .set_background_color(Color::RGB(INPUT_FILL));
        Styles {
            marks,
            title: title_format(),
            note: base
                .clone()
                .set_font_color(Color::RGB(0x595959))
                .set_italic(),
            section: base
                .clone()
                .set_bold()
                .set_font_size(12)
                .set_font_name("黑体"),
            header: header_format(),
            label: bordered
                .clone()
                .set_text_wrap()
                .set_background_color(Color::RGB(LABEL_FILL)),
            hint: bordered
                .clone()
                .set_text_wrap()
                .set_font_color(Color::RGB(0x595959))
                .set_font_size(10),
            locked: bordered
                .clone()
                .set_background_color(Color::RGB(LABEL_FILL)),
            locked_money: bordered
                .clone()
                .set_background_color(Color::RGB(LABEL_FILL))
                .set_num_format("#,##0.00"),
            input_text: input.clone().set_text_wrap(),
            input_long: input.clone().set_text_wrap().set_align(FormatAlign::Top),
            input_money: input.clone().set_num_format("#,##0.00"),
            input_count: input.clone().set_num_format("0"),
            input_percent: input.clone().set_num_format("0.00%"),
            input_points: input.clone().set_num_format("0.##;-0.##;0"),
            input_date: input
                .set_num_format("yyyy-mm-dd")
                .set_align(FormatAlign::Left),
            given_text: bordered
                .clone()
                .set_text_wrap()
                .set_background_color(Color::RGB(LABEL_FILL)),
            given_points: bordered
                .clone()
                .set_background_color(Color::RGB(LABEL_FILL))
                .set_num_format("0.##;-0.##;0"),
            body: base.set_text_wrap().set_align(FormatAlign::Top),
        }
    }

    /// The format of a table column's cells: an input, or locked when the
    /// framework or jixiao writes it.
    fn column(&self, c: &Column) -> &Format {
        match (c.by, c.kind) {
            (EnteredBy::Department, kind) => self.input(kind),
            (_, Kind::Points | Kind::Money | Kind::Count | Kind::Percent) => &self.given_points,
            _ => &self.given_text,
        }
    }

    /// The fill of a marked cell, if any.
    fn mark(&self, sheet: &str, row: u32, col: u16) -> Option<Color> {
        let mark = self.marks.get(sheet)?.get(&(row, col))?;
        match mark.severity {
            Severity::Error => Some(Color::RGB(ERROR_FILL)),
            Severity::Warning => Some(Color::RGB(WARNING_FILL)),
            Severity::Note => None,
        }
    }

    fn input(&self, kind: Kind) -> &Format {
        match kind {
            Kind::LongText => &self.input_long,
            Kind::Money => &self.input_money,
            Kind::Count | Kind::Year => &self.input_count,
            Kind::Percent => &self.input_percent,
            Kind::Points => &self.input_points,
            Kind::Date => &self.input_date,
            Kind::Text | Kind::Phone | Kind::Choice(_) | Kind::FrameworkId => &self.input_text,
        }
    }
}

/// Writes the standard workbook, blank or with the given inputs, and returns its bytes.
pub fn build(inputs: &Inputs, opts: &TemplateOptions) -> Result<Vec<u8>, XlsxError> {
    let inputs = prepared(inputs, opts);
    let layout = layout_with(&inputs, opts.room);
    workbook(&inputs, &layout, opts, &Marks::new())?.save_to_buffer()
}

/// The standard workbook, not yet saved, from [`prepared`] inputs, their
/// [`layout_with`] and the cells to mark: a completed workbook adds its own
/// sheets to it.
pub fn workbook(
    inputs: &Inputs,
    layout: &Layout,
    opts: &TemplateOptions,
    marks: &Marks,
) -> Result<Workbook, XlsxError> {
    let styles = Styles::new(marks);
    let mut wb = Workbook::new();
    if opts.streamed
        && let Some(dir) = streamed_tempdir()
    {
        wb.set_tempdir(dir)?;
    }
    // Fixed document properties keep the output reproducible.
    let created = ExcelDateTime::from_ymd(2024, 1, 1)?;
    wb.set_properties(
        &DocProperties::new()
            .set_title("部门整体支出绩效自评表")
            .set_subject(TEMPLATE_VERSION)
            .set_company("jixiao")
            .set_creation_datetime(&created),
    );
    for sheet in Sheet::ALL {
        let ws = if opts.streamed {
            wb.add_worksheet_with_constant_memory()?
        } else {
            wb.add_worksheet()
        };
        ws.set_name(sheet.name())?;
        if sheet == Sheet::Instructions {
            write_instructions(ws, &styles)?;
        } else {
            write_sheet(ws, sheet, inputs, opts, layout, &styles)?;
        }
    }
    for (key, spot) in &layout.scalars {
        wb.define_name(
            *key,
            &format!("='{}'!{}", spot.sheet, abs(spot.row, spot.col)),
        )?;
    }
    for (key, place) in &layout.tables {
        let table = fields::table(key).ok_or_else(|| XlsxError::ParameterError((*key).into()))?;
        let last_col = u32::from(place.first_col) + table.columns.len() as u32 - 1;
        wb.define_name(
            *key,
            &format!(
                "='{}'!{}:{}",
                place.sheet,
                abs(place.header_row, u32::from(place.first_col)),
                abs(place.header_row + place.data_rows, last_col)
            ),
        )?;
    }
    Ok(wb)
}

/// Where streamed sheets keep their rows until the workbook is saved: the
/// user's `TMPDIR` when set; else, on Linux, `/dev/shm` (memory) when it is
/// writable, because a batch creates and deletes a dozen of these files per
/// workbook and ext4 slows down under that churn (its inode allocator skips
/// recently deleted inodes: 1.5 ms more per workbook in the benchmark); else
/// the system's temporary folder.
fn streamed_tempdir() -> Option<&'static std::path::Path> {
    static DIR: OnceLock<Option<std::path::PathBuf>> = OnceLock::new();
    DIR.get_or_init(|| {
        if std::env::var_os("TMPDIR").is_some() || !cfg!(target_os = "linux") {
            return None;
        }
        let shm = std::path::PathBuf::from("/dev/shm");
        tempfile::tempfile_in(&shm).is_ok().then_some(shm)
    })
    .as_deref()
}

/// `$C$5`.
fn abs(row: u32, col: u32) -> String {
    format!("${}${}", col_letters(col), row + 1)
}

/// Width, in display columns, of the value column of long texts.
const LONG_TEXT_WIDTH: usize = 70;

/// Row height (points) that shows a wrapped text in a column `width` display
/// columns wide: at least four lines, at most Excel's 409.
fn long_text_height(text: &str, width: usize) -> f64 {
    (15.0 * wrapped_lines(text, width).max(4) as f64 + 4.0).min(409.0)
}

/// How many lines `text` wraps to in a column `width` display columns wide,
/// erring on the generous side (CJK fonts in LibreOffice and WPS run wider
/// than Excel's column unit).
fn wrapped_lines(text: &str, width: usize) -> usize {
    let usable = (width * 9 / 10).saturating_sub(1).max(1);
    text.lines()
        .map(|l| UnicodeWidthStr::width(l).div_ceil(usable).max(1))
        .sum()
}

/// The width of a table column, in display columns.
fn column_width(c: &Column) -> usize {
    match c.kind {
        Kind::LongText => 40,
        Kind::Money => 12.max(text_width(c.label).min(14)),
        Kind::Points | Kind::Count | Kind::Percent => 8.max(text_width(c.label).min(10)),
        _ => 14.max(text_width(c.label).min(24)),
    }
}

/// Display width of text as a spreadsheet shows it: CJK characters count two
/// columns (rust_xlsxwriter's autofit under-sizes them).
pub fn text_width(s: &str) -> usize {
    s.lines().map(UnicodeWidthStr::width).max().unwrap_or(0)
}

fn protect(ws: &mut Worksheet) {
    let options = ProtectionOptions {
        select_locked_cells: true,
        select_unlocked_cells: true,
        format_columns: true,
        format_rows: true,
        insert_rows: true,
        delete_rows: true,
        ..ProtectionOptions::default()
    };
    ws.protect_with_options(&options);
}

pub(crate) fn print_setup(ws: &mut Worksheet, landscape: bool) {
    ws.set_paper_size(9); // A4
    if landscape {
        ws.set_landscape();
    }
    ws.set_print_fit_to_pages(1, 0);
    ws.set_margins(0.5, 0.5, 0.6, 0.6, 0.3, 0.3);
    ws.set_header("&C&\"黑体\"&A");
    ws.set_footer("&C第 &P 页，共 &N 页");
    ws.set_print_center_horizontally(true);
}

/// The rule of an input cell; `framework_ids` are the dropdown's choices
/// for [`Kind::FrameworkId`].
fn validation_for(kind: Kind, key: &str, framework_ids: &[String]) -> Option<DataValidation> {
    let v = DataValidation::new().ignore_blank(true);
    let v = match kind {
        Kind::Choice(list) => v.allow_list_strings(list).ok()?,
        Kind::FrameworkId => v.allow_list_strings(framework_ids).ok()?,
        Kind::Money if matches!(key, "budget_adjustment" | "balance_year" | "balance_total") => {
            v.allow_decimal_number(DataValidationRule::Between(-1e12, 1e12))
        }
        Kind::Money | Kind::Points => {
            v.allow_decimal_number(DataValidationRule::GreaterThanOrEqualTo(0.0))
        }
        Kind::Count => v.allow_whole_number(DataValidationRule::GreaterThanOrEqualTo(0)),
        Kind::Year => v.allow_whole_number(DataValidationRule::Between(2000, 2100)),
        Kind::Percent => v.allow_decimal_number(DataValidationRule::Between(0.0, 1.0)),
        Kind::Date => v.allow_date(DataValidationRule::Between(
            ExcelDateTime::from_ymd(2000, 1, 1).ok()?,
            ExcelDateTime::from_ymd(2100, 12, 31).ok()?,
        )),
        Kind::Text | Kind::LongText | Kind::Phone => v.allow_any_value(),
    };
    Some(v.set_error_style(DataValidationErrorStyle::Stop))
}

/// Input title ≤ 32 characters and message ≤ 255, as Excel requires. A
/// rule that allows any value never shows its error, so it has none.
fn with_prompt(v: DataValidation, title: &str, hint: &str, kind: Kind) -> DataValidation {
    let title: String = title.chars().take(30).collect();
    let message: String = format!("{}（{}）", hint, kind.describe())
        .chars()
        .take(250)
        .collect();
    let v2 = v.clone();
    v.set_input_title(title)
        .and_then(|v| v.set_input_message(message))
        .map(|v| {
            if matches!(kind, Kind::Text | Kind::LongText | Kind::Phone) {
                return v;
            }
            v.set_error_title("输入不符合要求")
                .and_then(|v| v.set_error_message(format!("请输入{}。", kind.describe())))
                .unwrap_or_else(|_| v2.clone())
        })
        .unwrap_or(v2)
}

/// The validation, with its prompt, of a scalar field (`table` = `None`) or
/// of a table's column. Every one but the framework dropdown (whose choices
/// come from `opts`) is the same in every workbook: they are built once and
/// cloned, since building them for each workbook cost as much as writing
/// them.
fn validation_of(
    table: Option<&Table>,
    key: &'static str,
    opts: &TemplateOptions,
) -> Option<Cow<'static, DataValidation>> {
    type Prepared = HashMap<(&'static str, &'static str), DataValidation>;
    static PREPARED: OnceLock<Prepared> = OnceLock::new();
    let prepared = PREPARED.get_or_init(|| {
        let mut all = Prepared::new();
        let mut add = |table: &'static str, key, kind, title, hint| {
            if kind != Kind::FrameworkId
                && let Some(v) = validation_for(kind, key, &[])
            {
                all.insert((table, key), with_prompt(v, title, hint, kind));
            }
        };
        for f in FIELDS {
            add("", f.key, f.kind, f.label, f.hint);
        }
        for t in fields::TABLES {
            for c in t.columns {
                add(t.key, c.id, c.kind, c.label, t.hint);
            }
        }
        all
    });
    if let Some(v) = prepared.get(&(table.map_or("", |t| t.key), key)) {
        return Some(Cow::Borrowed(v));
    }
    // Not prepared: the framework dropdown, or a cell with no rule.
    let (kind, title, hint) = match table {
        None => fields::field(key).map(|f| (f.kind, f.label, f.hint))?,
        Some(t) => t
            .columns
            .iter()
            .find(|c| c.id == key)
            .map(|c| (c.kind, c.label, t.hint))?,
    };
    let v = validation_for(kind, key, &opts.framework_ids())?;
    Some(Cow::Owned(with_prompt(v, title, hint, kind)))
}

fn write_input(
    ws: &mut Worksheet,
    sheet: &str,
    row: u32,
    col: u16,
    kind: Kind,
    value: Option<&Input>,
    styles: &Styles,
) -> Result<(), XlsxError> {
    write_cell(ws, sheet, row, col, value, styles.input(kind), styles)
}

/// Writes one value (or a blank) with its format, filled when marked.
fn write_cell(
    ws: &mut Worksheet,
    sheet: &str,
    row: u32,
    col: u16,
    value: Option<&Input>,
    fmt: &Format,
    styles: &Styles,
) -> Result<(), XlsxError> {
    let marked;
    let fmt = match styles.mark(sheet, row, col) {
        Some(fill) => {
            marked = fmt.clone().set_background_color(fill);
            &marked
        }
        None => fmt,
    };
    match value {
        None => ws.write_blank(row, col, fmt)?,
        // write_string never turns `=…` into a formula: user text stays text.
        Some(Input::Text(s)) => ws.write_string_with_format(row, col, s, fmt)?,
        Some(Input::Number(n)) => ws.write_number_with_format(row, col, *n, fmt)?,
        Some(Input::Date(d)) => {
            let dt = ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8)?;
            ws.write_datetime_with_format(row, col, &dt, fmt)?
        }
    };
    Ok(())
}

fn write_sheet(
    ws: &mut Worksheet,
    sheet: Sheet,
    inputs: &Inputs,
    opts: &TemplateOptions,
    layout: &Layout,
    styles: &Styles,
) -> Result<(), XlsxError> {
    // Column widths: the widest content planned for each column, in display columns.
    let mut widths: BTreeMap<u16, usize> = BTreeMap::new();
    let mut widen = |col: u16, w: usize| {
        let e = widths.entry(col).or_insert(0);
        *e = (*e).max(w);
    };
    widen(0, 1);
    let mut row: u32 = 0;
    let mut landscape = false;
    let mut single_table_header = None;
    let items = plan(sheet);
    let tables_in_sheet = items.iter().filter(|i| matches!(i, Item::Table(_))).count();
    for item in items {
        match item {
            Item::Title(text) => {
                ws.write_string_with_format(row, LABEL_COL, text, &styles.title)?;
                ws.set_row_height(row, 24)?;
                row += 2;
            }
            Item::Note(text) => {
                ws.write_string_with_format(row, LABEL_COL, text, &styles.note)?;
                row += 1;
            }
            Item::Section(text) => {
                ws.write_string_with_format(row, LABEL_COL, text, &styles.section)?;
                row += 1;
            }
            Item::ScalarHeader => {
                for (col, text) in [
                    (LABEL_COL, "项目"),
                    (VALUE_COL, "填写内容"),
                    (HINT_COL, "说明"),
                ] {
                    ws.write_string_with_format(row, col, text, &styles.header)?;
                }
                row += 1;
            }
            Item::Gap => row += 1,
            Item::Scalar(f) => {
                let label = if f.required {
                    format!("* {}", f.label)
                } else {
                    f.label.to_string()
                };
                ws.write_string_with_format(row, LABEL_COL, &label, &styles.label)?;
                widen(LABEL_COL, text_width(&label).min(36));
                if f.key == "template_version" {
                    ws.write_string_with_format(row, VALUE_COL, TEMPLATE_VERSION, &styles.locked)?;
                } else {
                    let default = match f.kind {
                        Kind::FrameworkId => {
                            opts.framework_ids().first().map(|s| Input::Text(s.clone()))
                        }
                        Kind::Choice(list) => list.first().map(|s| Input::Text((*s).to_string())),
                        _ => None,
                    };
                    let value = inputs.scalars.get(f.key).or(default.as_ref());
                    write_input(ws, sheet.name(), row, VALUE_COL, f.kind, value, styles)?;
                    if let Some(v) = validation_of(None, f.key, opts) {
                        ws.add_data_validation(row, VALUE_COL, row, VALUE_COL, &v)?;
                    }
                }
                ws.write_string_with_format(row, HINT_COL, f.hint, &styles.hint)?;
                widen(HINT_COL, text_width(f.hint).min(40));
                widen(
                    VALUE_COL,
                    match f.kind {
                        Kind::LongText => LONG_TEXT_WIDTH,
                        Kind::Text => 30,
                        _ => 14,
                    },
                );
                if f.kind == Kind::LongText {
                    let text = match inputs.scalars.get(f.key) {
                        Some(Input::Text(t)) => t.as_str(),
                        _ => "",
                    };
                    ws.set_row_height(row, long_text_height(text, LONG_TEXT_WIDTH))?;
                }
                row += 1;
            }
            Item::SangongGrid => {
                let header = layout.sangong_header.unwrap_or(row);
                for (j, text) in ["项目", "本年预算", "本年决算", "上年决算"]
                    .iter()
                    .enumerate()
                {
                    ws.write_string_with_format(
                        header,
                        LABEL_COL + j as u16,
                        *text,
                        &styles.header,
                    )?;
                }
                for (i, (kind, name)) in SANGONG_KINDS.iter().enumerate() {
                    let r = header + 1 + i as u32;
                    let label = format!("* {name}");
                    ws.write_string_with_format(r, LABEL_COL, &label, &styles.label)?;
                    for (j, part) in ["budget", "actual", "prev"].iter().enumerate() {
                        let key = format!("sg_{kind}_{part}");
                        let col = VALUE_COL + j as u16;
                        write_input(
                            ws,
                            sheet.name(),
                            r,
                            col,
                            Kind::Money,
                            inputs.scalars.get(&key),
                            styles,
                        )?;
                        if let Some(f) = fields::field(&key)
                            && let Some(v) = validation_of(None, f.key, opts)
                        {
                            ws.add_data_validation(r, col, r, col, &v)?;
                        }
                    }
                }
                let total_row = header + 1 + SANGONG_KINDS.len() as u32;
                ws.write_string_with_format(
                    total_row,
                    LABEL_COL,
                    "合计（自动计算）",
                    &styles.label,
                )?;
                for (j, part) in ["budget", "actual", "prev"].iter().enumerate() {
                    let col = VALUE_COL + j as u16;
                    let letters = col_letters(u32::from(col));
                    let mut formula = Formula::new(format!(
                        "=SUM({letters}{}:{letters}{})",
                        header + 2,
                        header + 1 + SANGONG_KINDS.len() as u32
                    ));
                    if let Some(total) = sum_inputs(inputs, part) {
                        formula = formula.set_result(total);
                    }
                    ws.write_formula_with_format(total_row, col, formula, &styles.locked_money)?;
                    widen(col, 12);
                }
                row = total_row + 1;
            }
            Item::Table(t) => {
                let place = layout.tables.get(t.key).cloned().unwrap_or(TablePlace {
                    sheet: sheet.name(),
                    header_row: row,
                    first_col: TABLE_COL,
                    data_rows: t.rows,
                });
                write_table(ws, t, &place, inputs, opts, styles, &mut widen)?;
                if t.columns.len() > 6 {
                    landscape = true;
                }
                if tables_in_sheet == 1 {
                    single_table_header = Some(place.header_row);
                }
                row = place.header_row + 1 + place.data_rows;
            }
        }
    }
    // The completed workbook has it in both modes, so the two compare equal.
    if opts.streamed || opts.room == Room::Compact {
        end_streamed(ws, row)?;
    }
    for (col, w) in widths {
        ws.set_column_width(col, (w as f64 + 2.0).min(72.0))?;
    }
    if let Some(h) = single_table_header {
        ws.set_repeat_rows(h, h)?;
        ws.set_freeze_panes(h + 1, 0)?;
    }
    protect(ws);
    print_setup(ws, landscape);
    Ok(())
}

/// Ends a streamed sheet with a blank cell (unlocked, with no border or
/// fill) in column A of the row after its last: rust_xlsxwriter 0.102's
/// constant-memory mode writes a sheet's last row twice when that row holds
/// cells and row options (a format or a height), and Excel reports a sheet
/// with a repeated row as damaged. A last row without options avoids it.
fn end_streamed(ws: &mut Worksheet, row: u32) -> Result<(), XlsxError> {
    ws.write_blank(row, 0, &Format::new().set_unlocked())?;
    Ok(())
}

fn sum_inputs(inputs: &Inputs, part: &str) -> Option<String> {
    let mut total = 0.0;
    for (kind, _) in SANGONG_KINDS {
        match inputs.scalars.get(&format!("sg_{kind}_{part}")) {
            Some(Input::Number(n)) => total += n,
            None => {}
            _ => return None,
        }
    }
    Some(
        format!("{total:.2}")
            .trim_end_matches('0')
            .trim_end_matches('.')
            .to_string(),
    )
}

fn write_table(
    ws: &mut Worksheet,
    t: &Table,
    place: &TablePlace,
    inputs: &Inputs,
    opts: &TemplateOptions,
    styles: &Styles,
    widen: &mut impl FnMut(u16, usize),
) -> Result<(), XlsxError> {
    let h = place.header_row;
    for (j, c) in t.columns.iter().enumerate() {
        let col = place.first_col + j as u16;
        let label = if c.required {
            format!("* {}", c.label)
        } else {
            c.label.to_string()
        };
        ws.write_string_with_format(h, col, &label, &styles.header)?;
        widen(col, column_width(c));
    }
    ws.set_row_height(h, 32)?;
    let rows = inputs.rows(t);
    let unlocked_row = Format::new().set_unlocked();
    for i in 0..place.data_rows {
        let r = h + 1 + i;
        // Unlocked whole rows let a department insert and delete rows in the table.
        ws.set_row_format(r, &unlocked_row)?;
        let values = rows.get(i as usize);
        let mut lines = 1;
        for (j, c) in t.columns.iter().enumerate() {
            let col = place.first_col + j as u16;
            let value = values.and_then(|v| v.get(c.id));
            write_cell(ws, place.sheet, r, col, value, styles.column(c), styles)?;
            if let Some(Input::Text(text)) = value {
                lines = lines.max(wrapped_lines(text, column_width(c)));
            }
        }
        // Wrapped text needs its height set: spreadsheets do not grow rows
        // written by a program until someone edits them.
        if lines > 1 {
            ws.set_row_height(r, (15 * lines + 4).min(409) as f64)?;
        }
    }
    for (j, c) in t.columns.iter().enumerate() {
        if c.by != EnteredBy::Department {
            continue;
        }
        let col = place.first_col + j as u16;
        if let Some(v) = validation_of(Some(t), c.id, opts) {
            ws.add_data_validation(h + 1, col, h + place.data_rows, col, &v)?;
        }
    }
    Ok(())
}

/// The 填报说明 sheet: what each sheet is, units, how to fill, what happens next.
fn write_instructions(ws: &mut Worksheet, styles: &Styles) -> Result<(), XlsxError> {
    // The same text in every workbook.
    static LINES: OnceLock<Vec<(bool, String)>> = OnceLock::new();
    let lines = LINES.get_or_init(instructions_text);
    ws.write_string_with_format(
        0,
        LABEL_COL,
        "部门整体支出绩效自评表 填报说明",
        &styles.title,
    )?;
    ws.set_row_height(0, 24)?;
    for (row, (is_heading, text)) in (2u32..).zip(lines) {
        let fmt = if *is_heading {
            &styles.section
        } else {
            &styles.body
        };
        ws.write_string_with_format(row, LABEL_COL, text, fmt)?;
        let chars = text_width(text);
        if chars > 90 {
            ws.set_row_height(row, 15.0 * (chars as f64 / 90.0).ceil())?;
        }
    }
    ws.set_column_width(0, 2)?;
    ws.set_column_width(LABEL_COL, 96)?;
    protect(ws);
    print_setup(ws, true);
    ws.set_print_fit_to_pages(1, 1);
    ws.set_active(true);
    Ok(())
}

/// The instructions as (is heading, text) lines; also used by `docs/fields.md`.
pub fn instructions_text() -> Vec<(bool, String)> {
    let mut lines = vec![(true, "一、本表用途".to_string())];
    lines.push((
        false,
        "本工作簿用于年度部门整体支出绩效自评和项目支出绩效自评。请按各工作表逐项填写，保存为 .xlsx 后报送财政部门。".to_string(),
    ));
    lines.push((true, "二、各工作表".to_string()));
    for sheet in Sheet::ALL {
        let what = match sheet {
            Sheet::Instructions => continue,
            Sheet::Basic => {
                "单位名称、年度、联系人、编制与实有人数、职能职责、年度主要工作；评价人员。"
            }
            Sheet::Finance => {
                "预算数、调整数、执行数等；“三公”经费本年预算、本年决算、上年决算；固定资产；按机构的收支情况。"
            }
            Sheet::Goals => "定性绩效目标及实际完成情况。",
            Sheet::Targets => {
                "定量绩效目标（一级、二级、三级指标）、年度指标值、实际完成值；满意度。"
            }
            Sheet::Scores => "评分表：由评价框架生成，填写自评得分和扣分原因；自评综合得分。",
            Sheet::Projects => {
                "项目支出：每个项目的资金（年初预算、全年预算、全年执行，按资金来源）、年度总体目标、完成情况、自评得分。"
            }
            Sheet::Indicators => {
                "项目绩效指标：每个项目的各项指标、指标值、完成值、分值、自评得分、偏差原因。"
            }
            Sheet::Problems => "存在的主要问题；改进措施和有关建议。",
        };
        lines.push((false, format!("【{}】{}", sheet.name(), what)));
    }
    lines.push((true, "三、填写要求".to_string()));
    for s in [
        "1. 金额单位统一为万元，保留两位小数。只填数字，不要带“万元”“元”等单位，也不要用文字代替数字。",
        "2. 百分比直接输入，如 95%；人数、个数填整数；日期填如 2023-03-15。",
        "3. 淡黄色单元格为填写区。灰色单元格为标题、说明或自动计算的内容，已锁定（未设密码），请勿取消保护后修改。",
        "4. 表格内可以插入或删除行；请不要删除或修改表头，不要改动工作表名称，不要删除工作表。",
        "5. 没有发生的金额填 0；不适用的文字项可留空。带 * 的为必填项。",
        "6. 合计数应等于各项之和，汇总行应等于各机构之和，收支、结余应互相衔接。",
        "7. 选中单元格时会显示填写提示；下拉框请从列表中选择。",
    ] {
        lines.push((false, s.to_string()));
    }
    lines.push((true, "四、报送后会发生什么".to_string()));
    for s in [
        "财政部门用 jixiao 逐格校验本工作簿：每个问题都会标明工作表和单元格（如“收支情况!D7”），说明应填什么、实际填了什么、怎样改正。",
        "校验通过后自动计算各项指标（在职人员控制率、预算完成率、“三公”经费控制率等）并按评价框架评分、定等次，生成自评报告。",
        "有错误的工作簿也会得到完整的校验结果，请按提示一次改完后重新报送。",
    ] {
        lines.push((false, s.to_string()));
    }
    lines.push((
        false,
        format!("模板版本：{TEMPLATE_VERSION}。请使用财政部门下发的最新模板。"),
    ));
    lines
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::contract::fields::TABLES;

    #[test]
    fn every_key_has_a_place() {
        let l = layout(&Inputs::default());
        for f in FIELDS {
            assert!(l.scalars.contains_key(f.key), "{} has no cell", f.key);
        }
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
                for j in 0..t.columns.len() {
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

    #[test]
    fn cjk_width_counts_two_columns() {
        assert_eq!(text_width("单位名称"), 8);
        assert_eq!(text_width("ab"), 2);
    }
}
