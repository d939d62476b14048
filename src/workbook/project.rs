//! The writer of the project workbook (项目支出绩效自评表, 财预〔2020〕10号
//! 附件): one project on one sheet in the layout of the official table, A4
//! portrait, every input cell a workbook-scoped defined name
//! ([`FORM_CELLS`], [`PROJECT_FIELDS`](fields::PROJECT_FIELDS) and the indicator table
//! `tbl_indicators`). It shares the department writer's formats,
//! validations, protection and print setup; the completed workbook of a
//! project regenerates it with the system's figures beside the form's.

use rust_decimal::Decimal;
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, FormatAlign, Formula, Workbook};
use rust_xlsxwriter::{Worksheet, XlsxError};

use crate::contract::cell::Spot;
use crate::contract::fields::{
    self, ColumnId, FORM_CELLS, Kind, PROJECT_SHEET, PROJECT_TEMPLATE_VERSION, TBL_FORM_INDICATORS,
    TBL_PROJECT_INDICATORS, TBL_PROJECTS, WorkbookKind, col, key,
};
use crate::contract::number::round_half_up;
use crate::rules::score::{ProjectScore, name_key};
use crate::workbook::inputs::{Input, Inputs};
use crate::workbook::layout::{Layout, Marks, Room, TablePlace};
use crate::workbook::options::TemplateOptions;
use crate::workbook::styles::{
    Styles, long_text_height, print_setup, protect, text_width, wrapped_lines,
};
use crate::workbook::template::{TableCells, abs, define_table, write_cell};
use crate::workbook::validations::validation_with;

/// The form's columns: A holds the block labels (项目资金, 年度总体目标,
/// 绩效指标), B to I the official table's, J the system's figures of a
/// completed workbook.
const LAST_COL: u16 = 8;
/// 系统得分: the column right of the table, in a completed workbook.
const SYSTEM_COL: u16 = 9;
/// The header of the 系统得分 column of a completed workbook.
pub(crate) const SYSTEM_HEADER: &str = "系统得分";
/// The indicator table starts in column B.
const INDICATOR_COL: u16 = 1;

const TITLE_ROW: u32 = 0;
const YEAR_ROW: u32 = 1;
const UNIT_ROW: u32 = 2;
const NAME_ROW: u32 = 3;
const SUPERVISOR_ROW: u32 = 4;
const FUNDS_HEADER_ROW: u32 = 5;
/// 年度资金总额, then its 其中 rows.
const FUNDS_ROW: u32 = 6;
const GOAL_HEADER_ROW: u32 = 10;
const GOAL_ROW: u32 = 11;
const INDICATOR_HEADER_ROW: u32 = 12;

/// Empty indicator rows a filled form leaves below its indicators.
const SPARE_ROWS: u32 = 2;

/// One cell of the form with a defined name: where it is, how many columns
/// it spans, and what the form calls it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct FormSpot {
    /// The defined name.
    pub(crate) name: &'static str,
    pub(crate) row: u32,
    pub(crate) col: u16,
    /// The last column of its merged range (`col` when not merged).
    pub(crate) last_col: u16,
    /// What the form calls it, e.g. 年度资金总额 · 全年预算数.
    pub(crate) label: &'static str,
    /// The prompt shown when the cell is selected, and the note in
    /// `docs/fields.md`.
    pub(crate) hint: &'static str,
}

/// The 年度资金总额 row and its 其中 rows: the row's label and its
/// 年初预算数, 全年预算数 and 全年执行数 columns.
const FUNDS: [(&str, [ColumnId; 3]); 4] = [
    (
        "年度资金总额",
        [col::BUDGET_INITIAL, col::BUDGET_FULL, col::EXECUTED],
    ),
    (
        "其中：当年财政拨款",
        [col::FISCAL_INITIAL, col::FISCAL_FULL, col::FISCAL_EXECUTED],
    ),
    (
        "上年结转资金",
        [col::CARRY_INITIAL, col::CARRY_FULL, col::CARRY_EXECUTED],
    ),
    (
        "其他资金",
        [col::OTHER_INITIAL, col::OTHER_FULL, col::OTHER_EXECUTED],
    ),
];

/// The form label of each funds cell, in [`FUNDS`] order.
const FUNDS_LABELS: [[&str; 3]; 4] = [
    [
        "年度资金总额 · 年初预算数",
        "年度资金总额 · 全年预算数",
        "年度资金总额 · 全年执行数",
    ],
    [
        "当年财政拨款 · 年初预算数",
        "当年财政拨款 · 全年预算数",
        "当年财政拨款 · 全年执行数",
    ],
    [
        "上年结转资金 · 年初预算数",
        "上年结转资金 · 全年预算数",
        "上年结转资金 · 全年执行数",
    ],
    [
        "其他资金 · 年初预算数",
        "其他资金 · 全年预算数",
        "其他资金 · 全年执行数",
    ],
];

const MONEY_HINT: &str = "万元，保留两位小数；全年数等于当年财政拨款、上年结转资金、其他资金之和";

/// The rows below the indicator table, from the row after its last.
struct Below {
    total: u32,
    grade: u32,
    contact: u32,
    framework: u32,
    note: u32,
}

fn below(place: &TablePlace) -> Below {
    let total = place.header_row + 1 + place.data_rows;
    Below {
        total,
        grade: total + 1,
        contact: total + 2,
        framework: total + 3,
        note: total + 5,
    }
}

fn spot(
    name: &'static str,
    row: u32,
    col: u16,
    last_col: u16,
    label: &'static str,
    hint: &'static str,
) -> FormSpot {
    FormSpot {
        name,
        row,
        col,
        last_col,
        label,
        hint,
    }
}

/// The form cell's defined name of a project table column.
fn form_name(column: ColumnId) -> &'static str {
    FORM_CELLS
        .iter()
        .find(|c| c.column == column)
        .map_or("", |c| c.name)
}

/// Every named cell of the form, in the form's order, for an indicator
/// table of `data_rows` rows.
pub(crate) fn form_spots(data_rows: u32) -> Vec<FormSpot> {
    let place = indicator_place(data_rows);
    let b = below(&place);
    let mut out = vec![
        spot(
            key::YEAR.as_str(),
            YEAR_ROW,
            4,
            4,
            "（ 年度）",
            "自评的预算年度，四位数字",
        ),
        spot(
            key::UNIT_NAME.as_str(),
            UNIT_ROW,
            2,
            4,
            "填报单位",
            "填报单位全称，与公章一致",
        ),
        spot(
            key::FILL_DATE.as_str(),
            UNIT_ROW,
            7,
            LAST_COL,
            "填报日期",
            "填报的日期",
        ),
        spot(
            form_name(col::NAME),
            NAME_ROW,
            2,
            LAST_COL,
            "项目名称",
            "与预算批复的项目名称一致",
        ),
        spot(
            form_name(col::SUPERVISOR),
            SUPERVISOR_ROW,
            2,
            4,
            "主管部门",
            "项目的主管部门",
        ),
        spot(
            form_name(col::IMPLEMENTER),
            SUPERVISOR_ROW,
            7,
            LAST_COL,
            "实施单位",
            "项目的实施单位",
        ),
    ];
    for (i, (_, ids)) in FUNDS.iter().enumerate() {
        for (j, id) in ids.iter().enumerate() {
            out.push(spot(
                form_name(*id),
                FUNDS_ROW + i as u32,
                2 + j as u16,
                2 + j as u16,
                FUNDS_LABELS[i][j],
                MONEY_HINT,
            ));
        }
        if i == 0 {
            out.push(spot(
                form_name(col::EXECUTION_SELF),
                FUNDS_ROW,
                7,
                LAST_COL,
                "年度资金总额 · 得分",
                "预算执行率的自评得分：分值 × 执行率，最高为分值",
            ));
        }
    }
    out.extend([
        spot(
            form_name(col::GOAL),
            GOAL_ROW,
            1,
            4,
            "年度总体目标 · 预期目标",
            "年初批复的项目年度总体目标",
        ),
        spot(
            form_name(col::DONE),
            GOAL_ROW,
            5,
            LAST_COL,
            "年度总体目标 · 实际完成情况",
            "年度总体目标的实际完成情况",
        ),
        spot(
            form_name(col::SELF_SCORE),
            b.total,
            7,
            7,
            "总分 · 得分",
            "自评总分：预算执行率得分与各指标得分之和",
        ),
        spot(
            form_name(col::SELF_GRADE),
            b.grade,
            6,
            LAST_COL,
            "自评等次",
            "按自评总分评定的等次，如优、良、中、差",
        ),
        spot(
            key::CONTACT_NAME.as_str(),
            b.contact,
            2,
            4,
            "联系人",
            "填表联系人姓名",
        ),
        spot(
            key::CONTACT_PHONE.as_str(),
            b.contact,
            7,
            LAST_COL,
            "联系电话",
            "固定电话（可带区号）或 11 位手机号",
        ),
        spot(
            key::FRAMEWORK.as_str(),
            b.framework,
            2,
            4,
            "评价框架",
            "计分所用的评价框架，决定预算执行率的分值和等次",
        ),
        spot(
            key::TEMPLATE_VERSION.as_str(),
            b.framework,
            7,
            LAST_COL,
            "模板版本",
            "由模板生成，请勿修改",
        ),
    ]);
    out
}

fn indicator_place(data_rows: u32) -> TablePlace {
    TablePlace {
        sheet: PROJECT_SHEET,
        header_row: INDICATOR_HEADER_ROW,
        first_col: INDICATOR_COL,
        data_rows,
        columns: TBL_FORM_INDICATORS.columns.len(),
    }
}

/// Indicator rows the form leaves: the template's room, or the indicators
/// given and a few empty rows.
fn indicator_rows(inputs: &Inputs, room: Room) -> u32 {
    let n = inputs.rows(&TBL_PROJECT_INDICATORS).len() as u32;
    match room {
        Room::Template => TBL_FORM_INDICATORS.rows.max(n + SPARE_ROWS),
        Room::Compact => n + SPARE_ROWS,
    }
}

/// Where every defined name of the form is, for these inputs: the form
/// cells and shared fields as scalars, the indicator rows as the table
/// `tbl_indicators`.
pub(crate) fn layout_with(inputs: &Inputs, room: Room) -> Layout {
    let data_rows = indicator_rows(inputs, room);
    let mut out = Layout::default();
    for s in form_spots(data_rows) {
        out.scalars
            .insert(s.name, Spot::new(PROJECT_SHEET, s.row, u32::from(s.col)));
    }
    out.tables
        .insert(TBL_FORM_INDICATORS.key, indicator_place(data_rows));
    out
}

/// The blank project form's layout (for `docs/fields.md`).
pub fn layout(inputs: &Inputs) -> Layout {
    layout_with(inputs, Room::Template)
}

/// What the completed workbook shows beside the form's own figures.
#[derive(Debug, Default)]
pub(crate) struct Computed<'a> {
    /// The 执行率 of each funds row, as a fraction (the formulas' cached
    /// results).
    pub(crate) rates: [Option<Decimal>; 4],
    /// The project as jixiao scored it.
    pub(crate) score: Option<&'a ProjectScore>,
    /// Each indicator row's 系统得分: a number, or why there is none.
    pub(crate) rows: Vec<Option<Input>>,
}

/// The 执行率 of each funds row from the inputs' numbers (none where a
/// figure is text or missing).
fn rates_of(inputs: &Inputs) -> [Option<Decimal>; 4] {
    let row = inputs.rows(&TBL_PROJECTS).first();
    let dec = |id: ColumnId| match row.and_then(|r| r.get(id.as_str())) {
        Some(Input::Number(n)) => Decimal::from_f64_retain(*n),
        _ => None,
    };
    rate_inputs().map(|(executed, full)| rate(dec(executed), dec(full)))
}

/// Each funds row's 执行率 inputs, in [`FUNDS`] order: (全年执行数,
/// 全年预算数). The 执行率 cell is two columns right of the 全年执行数.
pub(crate) fn rate_inputs() -> [(ColumnId, ColumnId); 4] {
    FUNDS.map(|(_, [_, full, executed])| (executed, full))
}

/// 全年执行数 ÷ 全年预算数, as a fraction to six places; none when the
/// budget is not above zero or the quotient is beyond what a decimal holds.
pub(crate) fn rate(executed: Option<Decimal>, full: Option<Decimal>) -> Option<Decimal> {
    let (e, f) = (executed?, full?);
    if f <= Decimal::ZERO {
        return None;
    }
    Some(round_half_up(e.checked_div(f)?, 6).normalize())
}

/// Writes the project workbook, blank or with the given inputs (the one
/// row of `tbl_projects`, the rows of `tbl_project_indicators`, the shared
/// fields), and returns its bytes.
pub fn build(inputs: &Inputs, opts: &TemplateOptions) -> Result<Vec<u8>, XlsxError> {
    let layout = layout_with(inputs, opts.room);
    let computed = Computed {
        rates: rates_of(inputs),
        ..Computed::default()
    };
    workbook(inputs, &layout, opts, &Marks::new(), &computed)?.save_to_buffer()
}

/// The project workbook, not yet saved: the completed workbook marks its
/// cells, adds the system's figures and its own sheets.
pub(crate) fn workbook(
    inputs: &Inputs,
    layout: &Layout,
    opts: &TemplateOptions,
    marks: &Marks,
    computed: &Computed,
) -> Result<Workbook, XlsxError> {
    let styles = Styles::new(marks);
    let mut wb = Workbook::new();
    let created = ExcelDateTime::from_ymd(2024, 1, 1)?;
    wb.set_properties(
        &DocProperties::new()
            .set_title("项目支出绩效自评表")
            .set_subject(PROJECT_TEMPLATE_VERSION)
            .set_company("jixiao")
            .set_creation_datetime(&created),
    );
    let place = layout
        .tables
        .get(TBL_FORM_INDICATORS.key)
        .cloned()
        .unwrap_or_else(|| indicator_place(TBL_FORM_INDICATORS.rows));
    let ws = wb.add_worksheet();
    ws.set_name(PROJECT_SHEET)?;
    write_form(ws, inputs, &place, opts, &styles, computed)?;
    for (name, spot) in &layout.scalars {
        wb.define_name(
            *name,
            &format!("='{}'!{}", spot.sheet, abs(spot.row, spot.col)),
        )?;
    }
    define_table(&mut wb, &TBL_FORM_INDICATORS, &place)?;
    Ok(wb)
}

/// Column widths in display columns (CJK characters count two), sized
/// for what each column holds: A the block labels, B the 一级指标 and the
/// funds rows' labels, C–F amounts and indicator texts, G–H points, I the
/// 偏差原因, J the system's figures.
fn widths() -> [usize; 10] {
    let amount = text_width("全年预算数") + 2;
    [
        text_width("（万元）"),
        text_width("其中：当年财政拨款"),
        amount,
        text_width("三级指标") * 2 + 6,
        amount,
        amount,
        text_width("100.00%") + 1,
        text_width("得分") + 4,
        text_width("偏差原因分析") + 10,
        text_width("计算值 100.00") + 1,
    ]
}

/// Local formats of the form, made from the template's.
struct FormFormats {
    title: Format,
    year: Format,
    label: Format,
    /// The block labels of column A; unlocked over the indicator rows so
    /// that rows can be deleted in the protected sheet.
    block: Format,
    block_unlocked: Format,
    dash: Format,
    points: Format,
    rate: Format,
    note: Format,
}

impl FormFormats {
    fn new(styles: &Styles) -> Self {
        let label = styles.label.clone().set_align(FormatAlign::Center);
        FormFormats {
            title: styles.title.clone().set_align(FormatAlign::Center),
            year: crate::workbook::styles::base_format().set_align(FormatAlign::Center),
            block: label.clone(),
            block_unlocked: label.clone().set_unlocked(),
            label,
            dash: styles.locked.clone().set_align(FormatAlign::Center),
            points: styles
                .locked
                .clone()
                .set_align(FormatAlign::Center)
                .set_num_format(crate::workbook::styles::POINTS_FORMAT),
            rate: styles
                .locked
                .clone()
                .set_align(FormatAlign::Center)
                .set_num_format("0.00%"),
            note: styles.note.clone().set_text_wrap(),
        }
    }
}

fn merge(
    ws: &mut Worksheet,
    row: u32,
    first: u16,
    last_row: u32,
    last: u16,
    text: &str,
    fmt: &Format,
) -> Result<(), XlsxError> {
    if first == last && row == last_row {
        ws.write_string_with_format(row, first, text, fmt)?;
    } else {
        ws.merge_range(row, first, last_row, last, text, fmt)?;
    }
    Ok(())
}

/// The kind, required flag and validation key of a named cell.
fn kind_of(name: &str) -> Option<(Kind, &'static str)> {
    if let Some(c) = FORM_CELLS.iter().find(|c| c.name == name) {
        let column = TBL_PROJECTS.column(c.column.as_str())?;
        return Some((column.kind, column.id));
    }
    fields::field(name).map(|f| (f.kind, f.key))
}

/// The value of a named cell in the inputs.
fn value_of<'a>(inputs: &'a Inputs, name: &str) -> Option<&'a Input> {
    match FORM_CELLS.iter().find(|c| c.name == name) {
        Some(c) => inputs
            .rows(&TBL_PROJECTS)
            .first()
            .and_then(|r| r.get(c.column.as_str())),
        None => inputs.scalars.get(name),
    }
}

fn write_form(
    ws: &mut Worksheet,
    inputs: &Inputs,
    place: &TablePlace,
    opts: &TemplateOptions,
    styles: &Styles,
    computed: &Computed,
) -> Result<(), XlsxError> {
    let f = FormFormats::new(styles);
    let widths = widths();
    let b = below(place);
    let framework = {
        let named = match inputs.scalars.get(key::FRAMEWORK.as_str()) {
            Some(Input::Text(t)) => Some(t.as_str()),
            _ => None,
        };
        opts.frameworks.for_workbook(named)
    };
    let system = computed.score.is_some();
    // A formula's result when none is given: the empty text the 执行率
    // formula gives while a figure is missing (not 0, which would show
    // 0.00% until the spreadsheet recalculates).
    ws.set_formula_result_default("");
    let last = if system { SYSTEM_COL } else { LAST_COL };

    // Title and year.
    merge(
        ws,
        TITLE_ROW,
        0,
        TITLE_ROW,
        LAST_COL,
        "项目支出绩效自评表",
        &f.title,
    )?;
    ws.set_row_height(TITLE_ROW, 30)?;
    merge(
        ws,
        YEAR_ROW,
        0,
        YEAR_ROW,
        3,
        "（",
        &f.year.clone().set_align(FormatAlign::Right),
    )?;
    merge(
        ws,
        YEAR_ROW,
        5,
        YEAR_ROW,
        LAST_COL,
        "年度）",
        &f.year.clone().set_align(FormatAlign::Left),
    )?;
    ws.set_row_height(YEAR_ROW, 22)?;

    // Labels of the header and of the rows below the indicators.
    for (row, first, last_c, text) in [
        (UNIT_ROW, 0, 1, "填报单位"),
        (UNIT_ROW, 5, 6, "填报日期"),
        (NAME_ROW, 0, 1, "项目名称"),
        (SUPERVISOR_ROW, 0, 1, "主管部门"),
        (SUPERVISOR_ROW, 5, 6, "实施单位"),
        (b.total, 0, 5, "总分"),
        (b.grade, 0, 5, "自评等次"),
        (b.contact, 0, 1, "联系人"),
        (b.contact, 5, 6, "联系电话"),
        (b.framework, 0, 1, "评价框架"),
        (b.framework, 5, 6, "模板版本"),
    ] {
        merge(ws, row, first, row, last_c, text, &f.label)?;
    }
    for row in [UNIT_ROW, NAME_ROW, SUPERVISOR_ROW] {
        ws.set_row_height(row, 22)?;
    }

    // The funds block.
    merge(
        ws,
        FUNDS_HEADER_ROW,
        0,
        FUNDS_ROW + 3,
        0,
        "项目\n资金\n（万元）",
        &f.block,
    )?;
    ws.write_blank(FUNDS_HEADER_ROW, 1, &styles.header)?;
    for (j, text) in ["年初预算数", "全年预算数", "全年执行数", "分值", "执行率"]
        .iter()
        .enumerate()
    {
        ws.write_string_with_format(FUNDS_HEADER_ROW, 2 + j as u16, *text, &styles.header)?;
    }
    merge(
        ws,
        FUNDS_HEADER_ROW,
        7,
        FUNDS_HEADER_ROW,
        LAST_COL,
        "得分",
        &styles.header,
    )?;
    ws.set_row_height(FUNDS_HEADER_ROW, 22)?;
    for (i, (label, _)) in FUNDS.iter().enumerate() {
        let r = FUNDS_ROW + i as u32;
        let fmt = if i >= 2 {
            f.label.clone().set_align(FormatAlign::Left).set_indent(3)
        } else {
            f.label.clone().set_align(FormatAlign::Left)
        };
        ws.write_string_with_format(r, 1, *label, &fmt)?;
        // 全年执行数 ÷ 全年预算数, blank while either is not a number.
        let (d, e) = (format!("D{}", r + 1), format!("E{}", r + 1));
        let formula = Formula::new(format!(
            "=IF(AND(ISNUMBER({d}),ISNUMBER({e}),{d}>0),{e}/{d},\"\")"
        ))
        .set_result(computed.rates[i].map_or(String::new(), |r| r.to_string()));
        ws.write_formula_with_format(r, 6, formula, &f.rate)?;
        if i == 0 {
            let points = framework
                .as_ref()
                .map_or(Decimal::TEN, |fw| fw.projects.execution);
            write_points(ws, r, 5, points, &f.points)?;
        } else {
            ws.write_string_with_format(r, 5, "—", &f.dash)?;
            merge(ws, r, 7, r, LAST_COL, "—", &f.dash)?;
        }
        ws.set_row_height(r, if i == 1 { 30 } else { 20 })?;
    }

    // 年度总体目标.
    merge(
        ws,
        GOAL_HEADER_ROW,
        0,
        GOAL_ROW,
        0,
        "年度\n总体\n目标",
        &f.block,
    )?;
    merge(
        ws,
        GOAL_HEADER_ROW,
        1,
        GOAL_HEADER_ROW,
        4,
        "预期目标",
        &styles.header,
    )?;
    merge(
        ws,
        GOAL_HEADER_ROW,
        5,
        GOAL_HEADER_ROW,
        LAST_COL,
        "实际完成情况",
        &styles.header,
    )?;
    let span = |a: usize, b: usize| widths[a..=b].iter().sum::<usize>();
    let text = |name: &str| match value_of(inputs, name) {
        Some(Input::Text(t)) => t.clone(),
        _ => String::new(),
    };
    let goal_height = long_text_height(&text(form_name(col::GOAL)), span(1, 4))
        .max(long_text_height(&text(form_name(col::DONE)), span(5, 8)));
    ws.set_row_height(GOAL_ROW, goal_height)?;

    // The indicator table.
    write_indicators(ws, inputs, place, opts, styles, &f, &widths, computed)?;

    // 总分's 分值, and the cells that have none.
    let total_points = framework
        .as_ref()
        .map_or(Decimal::ONE_HUNDRED, |fw| fw.projects.total());
    write_points(ws, b.total, 6, total_points, &f.points)?;
    ws.write_blank(b.total, LAST_COL, &styles.locked)?;

    // Every named cell.
    for s in form_spots(place.data_rows) {
        let Some((kind, vkey)) = kind_of(s.name) else {
            continue;
        };
        let fmt = if s.name == key::TEMPLATE_VERSION.as_str() {
            &styles.locked
        } else {
            styles.input(kind)
        };
        if s.last_col > s.col {
            ws.merge_range(s.row, s.col, s.row, s.last_col, "", fmt)?;
        }
        if s.name == key::TEMPLATE_VERSION.as_str() {
            // A completed workbook keeps the version its project filled.
            let version = match inputs.scalars.get(s.name) {
                Some(Input::Text(v)) if fields::template_kind(v) == Some(WorkbookKind::Project) => {
                    v.as_str()
                }
                _ => PROJECT_TEMPLATE_VERSION,
            };
            ws.write_string_with_format(s.row, s.col, version, fmt)?;
            continue;
        }
        let default = match kind {
            Kind::FrameworkId => opts
                .framework_choices()
                .first()
                .map(|s| Input::Text(s.clone())),
            _ => None,
        };
        let value = value_of(inputs, s.name).or(default.as_ref());
        write_cell(ws, PROJECT_SHEET, s.row, s.col, value, fmt, styles)?;
        if let Some(v) = validation_with(kind, vkey, s.label, s.hint, opts) {
            ws.add_data_validation(s.row, s.col, s.row, s.col, &v)?;
        }
    }
    for row in [b.total, b.grade, b.contact, b.framework] {
        ws.set_row_height(row, 22)?;
    }
    // The framework's name, as the dropdown shows it, may take two lines.
    let framework_text = match value_of(inputs, key::FRAMEWORK.as_str()) {
        Some(Input::Text(t)) => t.clone(),
        _ => opts
            .framework_choices()
            .first()
            .cloned()
            .unwrap_or_default(),
    };
    if wrapped_lines(&framework_text, span(2, 4)) > 1 {
        ws.set_row_height(b.framework, 32)?;
    }
    if system {
        // 计算值 X（权重不符） and 权重不符，不评定 take two lines.
        ws.set_row_height(b.total, 32)?;
        ws.set_row_height(b.grade, 32)?;
    }

    // The system's figures, right of the form.
    if let Some(score) = computed.score {
        write_system(ws, place, &b, score, styles, &f)?;
    }

    let note = "说明：淡黄色单元格为填写区，灰色单元格已锁定。项目名称、全年预算数、全年执行数、各指标的一级至三级指标和分值必须填写；金额单位万元。\
年度指标值、实际完成值按文本保存，可直接输入“≥95%”“=100%”“12411人次”。一级、二级指标与上一行相同时可以留空。需要更多指标时在表格中间插入行。";
    ws.merge_range(b.note, 0, b.note + 1, LAST_COL, note, &f.note)?;
    // Its two rows share the lines it wraps to across the form.
    let note_lines = wrapped_lines(note, span(0, usize::from(LAST_COL)));
    for row in [b.note, b.note + 1] {
        ws.set_row_height(row, (15 * note_lines).div_ceil(2) as f64 + 2.0)?;
    }

    for (c, w) in widths.iter().enumerate().take(usize::from(last) + 1) {
        ws.set_column_width(c as u16, *w as f64)?;
    }
    protect(ws);
    print_setup(ws, false);
    // The title says what the sheet is; the header would repeat it.
    ws.set_header("");
    ws.set_print_area(0, 0, b.framework, last)?;
    Ok(())
}

fn write_points(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    points: Decimal,
    fmt: &Format,
) -> Result<(), XlsxError> {
    use rust_decimal::prelude::ToPrimitive as _;
    match points.to_f64() {
        Some(p) => ws.write_number_with_format(row, col, p, fmt)?,
        None => ws.write_blank(row, col, fmt)?,
    };
    Ok(())
}

#[allow(clippy::too_many_arguments)]
fn write_indicators(
    ws: &mut Worksheet,
    inputs: &Inputs,
    place: &TablePlace,
    opts: &TemplateOptions,
    styles: &Styles,
    f: &FormFormats,
    widths: &[usize; 10],
    computed: &Computed,
) -> Result<(), XlsxError> {
    let t = &TBL_FORM_INDICATORS;
    let h = place.header_row;
    merge(
        ws,
        h,
        0,
        h + place.data_rows,
        0,
        "绩效\n指标",
        &f.block_unlocked,
    )?;
    for (j, c) in t.columns.iter().enumerate() {
        ws.write_string_with_format(h, place.first_col + j as u16, c.label, &styles.header)?;
    }
    ws.set_row_height(h, 30)?;
    let cells = TableCells {
        sheet: PROJECT_SHEET,
        table: t,
        first_col: place.first_col,
        first_row: h + 1,
        data_rows: place.data_rows,
    };
    cells.write(
        ws,
        inputs.rows(&TBL_PROJECT_INDICATORS),
        |c| styles.input(c.kind),
        |col, _| widths[usize::from(col)],
        styles,
        |ws, i, r| {
            if let Some(Some(v)) = computed.rows.get(i as usize) {
                write_cell(ws, PROJECT_SHEET, r, SYSTEM_COL, Some(v), &f.points, styles)
            } else if computed.score.is_some() {
                ws.write_blank(r, SYSTEM_COL, &f.points).map(|_| ())
            } else {
                Ok(())
            }
        },
    )?;
    for (j, c) in t.columns.iter().enumerate() {
        let col = place.first_col + j as u16;
        if let Some(v) = validation_with(c.kind, c.id, c.label, t.hint, opts) {
            ws.add_data_validation(h + 1, col, h + place.data_rows, col, &v)?;
        }
    }
    Ok(())
}

/// 系统得分: the 预算执行率's computed 得分, each indicator's, the total
/// (a computed figure marked invalid when the points do not add up) and
/// the grade, in the column right of the form.
fn write_system(
    ws: &mut Worksheet,
    place: &TablePlace,
    b: &Below,
    score: &ProjectScore,
    styles: &Styles,
    f: &FormFormats,
) -> Result<(), XlsxError> {
    for row in [FUNDS_HEADER_ROW, place.header_row] {
        ws.write_string_with_format(row, SYSTEM_COL, SYSTEM_HEADER, &styles.header)?;
    }
    write_points(ws, FUNDS_ROW, SYSTEM_COL, score.execution_score, &f.points)?;
    for i in 1..FUNDS.len() as u32 {
        ws.write_string_with_format(FUNDS_ROW + i, SYSTEM_COL, "—", &f.dash)?;
    }
    if score.valid {
        let total = round_half_up(score.total, 2);
        write_points(ws, b.total, SYSTEM_COL, total, &f.points)?;
    } else {
        ws.write_string_with_format(
            b.total,
            SYSTEM_COL,
            format!(
                "计算值 {}（权重不符）",
                crate::contract::number::fixed(score.total, 2)
            ),
            &f.dash.clone().set_text_wrap(),
        )?;
    }
    ws.write_string_with_format(
        b.grade,
        SYSTEM_COL,
        score.grade_text(),
        &f.dash.clone().set_text_wrap(),
    )?;
    Ok(())
}

/// The indicator rows' 系统得分 of a scored project, in the order of the
/// inputs' indicator rows: a number, “不适用”, or “无法计分”. Rows and
/// scored indicators are paired by their 三级指标 in order, so a row the
/// scorer passed over keeps no figure.
pub(crate) fn system_rows<'a>(
    level3s: impl IntoIterator<Item = Option<&'a str>>,
    score: &ProjectScore,
) -> Vec<Option<Input>> {
    use rust_decimal::prelude::ToPrimitive as _;
    let mut next = score.indicators.iter().peekable();
    level3s
        .into_iter()
        .map(|l3| {
            let ind = next.next_if(|ind| l3.map(name_key) == Some(name_key(&ind.level3)))?;
            Some(if ind.not_applicable {
                Input::Text("不适用".into())
            } else {
                match ind.system.and_then(|s| s.to_f64()) {
                    Some(s) => Input::Number(s),
                    None => Input::Text("无法计分".into()),
                }
            })
        })
        .collect()
}

/// The form's named cells with their form labels, kinds, whether they must
/// be filled, hints and cells in the blank form (for `docs/fields.md`).
pub fn documented() -> Vec<(&'static str, &'static str, Kind, bool, &'static str, String)> {
    let spots = form_spots(TBL_FORM_INDICATORS.rows);
    spots
        .iter()
        .filter_map(|s| {
            let required = match FORM_CELLS.iter().find(|c| c.name == s.name) {
                Some(c) => TBL_PROJECTS.column(c.column.as_str())?.required,
                None => fields::field(s.name)?.required,
            };
            let (kind, _) = kind_of(s.name)?;
            Some((
                s.name,
                s.label,
                kind,
                required,
                s.hint,
                crate::contract::cell::a1(s.row, u32::from(s.col)),
            ))
        })
        .collect()
}

/// Inputs by the form's defined names, for tests.
#[cfg(test)]
fn named(inputs: &Inputs) -> std::collections::BTreeMap<&'static str, Input> {
    FORM_CELLS
        .iter()
        .filter_map(|c| Some((c.name, value_of(inputs, c.name)?.clone())))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::contract::fields::PROJECT_FIELDS;
    use std::collections::BTreeMap;

    #[test]
    fn every_name_has_one_cell_and_no_two_share_one() {
        let spots = form_spots(TBL_FORM_INDICATORS.rows);
        for c in FORM_CELLS {
            assert_eq!(
                spots.iter().filter(|s| s.name == c.name).count(),
                1,
                "{}",
                c.name
            );
        }
        for k in PROJECT_FIELDS {
            assert_eq!(
                spots.iter().filter(|s| s.name == k.as_str()).count(),
                1,
                "{k}"
            );
        }
        assert_eq!(spots.len(), FORM_CELLS.len() + PROJECT_FIELDS.len());
        let place = indicator_place(TBL_FORM_INDICATORS.rows);
        let mut seen = std::collections::HashSet::new();
        for s in &spots {
            for c in s.col..=s.last_col {
                assert!(seen.insert((s.row, c)), "{} overlaps", s.name);
            }
            let in_table = s.row >= place.header_row
                && s.row <= place.header_row + place.data_rows
                && s.col >= place.first_col;
            assert!(!in_table, "{} is in the indicator table", s.name);
        }
    }

    #[test]
    fn rates_are_fractions_of_the_budget() {
        let d = |s: &str| s.parse::<Decimal>().ok();
        assert_eq!(rate(d("48"), d("50")), d("0.96"));
        assert_eq!(rate(d("1"), d("3")), d("0.333333"));
        assert_eq!(rate(d("1"), d("0")), None);
        assert_eq!(rate(None, d("3")), None);
    }

    #[test]
    fn named_values_come_from_the_project_row() {
        let mut inputs = Inputs::default();
        let mut row = BTreeMap::new();
        row.insert("name".to_string(), Input::Text("城乡医疗救助".into()));
        inputs
            .tables
            .insert(TBL_PROJECTS.key.to_string(), vec![row]);
        let named = named(&inputs);
        assert_eq!(
            named.get("project_name"),
            Some(&Input::Text("城乡医疗救助".into()))
        );
    }
}
