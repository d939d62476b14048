//! Every field and table cell on its own: required fields filled, numbers
//! within their range, telephone numbers, choices and the framework id
//! valid, the 填报日期 within the year evaluated; required tables not empty;
//! rows marked not applicable (“无”) noted, and refused where the row must
//! be filled.

use chrono::Datelike;
use rust_decimal::Decimal;

use crate::contract::fields::{
    self, ColumnId, FIELDS, Kind, NotApplicable, PERIODS, WorkbookKind, col, key,
};
use crate::contract::finding::{Code, Finding};
use crate::ingest::coerce::phone::is_phone;
use crate::ingest::model::{Department, Entry, Row, TableData};
use crate::rules::settings::Settings;
use crate::rules::validate::shared::located;

/// Range checks shared by scalars and table cells.
fn range_check(entry: &Entry, kind: Kind, key: &str, label: &str, out: &mut Vec<Finding>) {
    let range = |msg: String, expected: &str| {
        located(
            Finding::new(Code::FieldRange, msg)
                .field(key)
                .expected(expected)
                .found(entry.raw.display()),
            entry,
        )
    };
    match kind {
        Kind::Year => {
            if let Some(y) = entry.int()
                && !(2000..=2100).contains(&y)
            {
                out.push(
                    range(format!("{label}应在 2000–2100 之间"), "2000–2100")
                        .hint("填四位年份，如 2022"),
                );
            }
        }
        Kind::Count => {
            if let Some(n) = entry.int()
                && n < 0
            {
                out.push(range(format!("{label}不能为负数"), "≥ 0"));
            }
        }
        Kind::Money => {
            if let Some(d) = entry.dec()
                && d.is_sign_negative()
                && !d.is_zero()
                && !fields::may_be_negative(key)
            {
                out.push(
                    range(format!("{label}不能为负数"), "≥ 0")
                        .hint("金额填正数；追减只在“预算调整数”中填负数"),
                );
            }
        }
        Kind::Points => {
            if let Some(d) = entry.dec()
                && d.is_sign_negative()
                && !d.is_zero()
            {
                out.push(range(format!("{label}不能为负数"), "≥ 0"));
            }
        }
        Kind::Percent => {
            if let Some(d) = entry.dec()
                && (d.is_sign_negative() && !d.is_zero() || d > Decimal::ONE_HUNDRED)
            {
                out.push(
                    range(format!("{label}应在 0%–100% 之间"), "0%–100%").hint("填百分比，如 95%"),
                );
            }
        }
        _ => {}
    }
}

pub(super) fn fields_checks(dept: &Department, ctx: &Settings, out: &mut Vec<Finding>) {
    let generation = dept.generation();
    for f in FIELDS {
        let entry = dept.entry(f.id());
        let Some(_) = entry.spot else { continue }; // the missing name is already reported
        if entry.value.is_none() {
            if f.required && f.in_generation(generation) && !entry.unreadable {
                out.push(located(
                    Finding::new(Code::FieldRequired, format!("必填项“{}”未填写", f.label))
                        .field(f.key)
                        .expected(f.kind.describe())
                        .found(entry.raw.display())
                        .hint(if f.hint.is_empty() {
                            format!("请填写“{}”", f.label)
                        } else {
                            // The cell's input hint is a form, not a
                            // sentence (“万元；无则填 0”): said as one.
                            format!("请填写“{}”（{}）", f.label, f.hint)
                        }),
                    entry,
                ));
            }
            continue;
        }
        range_check(entry, f.kind, f.key, f.label, out);
        match f.kind {
            Kind::Phone => {
                if let Some(t) = entry.text()
                    && !is_phone(t)
                {
                    out.push(located(
                        Finding::new(Code::FieldPhone, format!("联系电话“{t}”格式不对"))
                            .field(f.key)
                            .expected("固定电话（如 0730-8075108）或 11 位手机号")
                            .found(t)
                            .hint("只填一个号码，数字之间可用“-”分隔"),
                        entry,
                    ));
                }
            }
            Kind::Choice(list) => {
                if let Some(t) = entry.text()
                    && !list.contains(&t.trim())
                {
                    out.push(located(
                        Finding::new(Code::FieldChoice, format!("“{}”不是可选值", t))
                            .field(f.key)
                            .expected(list.join("、"))
                            .found(t)
                            .hint("请从下拉列表选择"),
                        entry,
                    ));
                }
            }
            Kind::FrameworkId => {
                if let Some(t) = entry.text()
                    && ctx.scoring.get(t).is_none()
                {
                    out.push(located(
                        Finding::new(Code::FieldChoice, format!("评价框架“{t}”不存在"))
                            .field(f.key)
                            .expected(ctx.scoring.ids().join("、"))
                            .found(t)
                            .hint("请从下拉列表选择本地区使用的评价框架"),
                        entry,
                    ));
                }
            }
            _ => {}
        }
    }
    debug_assert!(PERIODS.contains(&"全年"));
    // 填报日期 must fall after the year evaluated begins, and not in the future.
    if let (Some(date), entry) = (dept.date(key::FILL_DATE), dept.entry(key::FILL_DATE)) {
        let year = dept.int(key::YEAR);
        let too_early = year.is_some_and(|y| i64::from(date.year()) < y);
        let too_late = date > ctx.today + chrono::Days::new(31);
        if too_early || too_late {
            let expected = match year {
                Some(y) => format!("{y}-01-01 至 {}", ctx.today.format("%Y-%m-%d")),
                None => format!("不晚于 {}", ctx.today.format("%Y-%m-%d")),
            };
            out.push(located(
                Finding::new(
                    Code::FieldDate,
                    if too_early {
                        "填报日期早于评价年度"
                    } else {
                        "填报日期晚于今天"
                    },
                )
                .field(key::FILL_DATE)
                .expected(expected)
                .found(date.format("%Y-%m-%d").to_string())
                .hint("填写实际填报的日期"),
                entry,
            ));
        }
    }
}

pub(super) fn tables_checks(dept: &Department, out: &mut Vec<Finding>) {
    for t in dept.kind.tables() {
        if let Some(data) = dept.table(t) {
            table_checks(data, dept.kind, out);
        }
    }
}

/// Where a row's cell is, for a message: its table and row on a
/// department sheet (“项目支出第 5 行”), the form's own label on the project
/// form, whose one project row is no row of a table (“项目支出绩效自评表”).
fn row_place(row: &Row, kind: WorkbookKind) -> String {
    match kind {
        WorkbookKind::Project if row.table().key == fields::TBL_PROJECTS.key => {
            fields::PROJECT_SHEET.to_string()
        }
        _ => format!("{}第 {} 行", row.table().label, row.sheet_row_number()),
    }
}

/// One table: a required table not left empty (or only 不适用), each row
/// marked not applicable noted, markers refused where rows are prescribed,
/// required cells filled, numbers in range.
fn table_checks(data: &TableData, kind: WorkbookKind, out: &mut Vec<Finding>) {
    let t = data.table;
    let Some(area) = &data.area else { return };
    // What the department sees: on a project form, the form's own table
    // and words, not those of the department workbook's project sheets.
    let (shown, hint) = match kind {
        WorkbookKind::Project if t.key == fields::TBL_PROJECT_INDICATORS.key => (
            &fields::TBL_FORM_INDICATORS,
            fields::TBL_FORM_INDICATORS.hint,
        ),
        WorkbookKind::Project => (t, "按项目支出绩效自评表填写，金额单位万元，只填数字"),
        WorkbookKind::Department => (t, t.hint),
    };
    // A project form is its project and that project's indicators: both
    // must be filled, where a department's project tables may be empty.
    let required = t.required || kind == WorkbookKind::Project;
    if required && data.rows.iter().all(Row::is_not_applicable) {
        let f = if data.rows.is_empty() {
            Finding::new(
                Code::TableEmpty,
                format!("表格“{}”没有填写任何数据", shown.label),
            )
            .hint(hint)
        } else {
            Finding::new(
                Code::TableEmpty,
                format!(
                    "表格“{}”各行都填写为不适用（“无”），但该表必须填写",
                    shown.label
                ),
            )
            .hint("该表必须填写：请在行中填写实际内容；不适用的行请删除")
        };
        out.push(f.at(&area.top_left()).field(t.key));
    }
    let keys = t.field_keys();
    for row in &data.rows {
        let not_applicable = row.is_not_applicable();
        if not_applicable {
            out.push(not_applicable_note(row));
        }
        if let NotApplicable::Refused(cols) = t.not_applicable {
            for &id in cols {
                if row.not_applicable(id) {
                    out.push(refused_marker(row, id));
                }
            }
        }
        for ((c, entry), key) in t.columns.iter().zip(&row.cells).zip(&keys) {
            // A cell of no place is one the model fills from elsewhere (a
            // project form's indicator rows take the project's name, whose
            // own cell is checked).
            if entry.spot.is_none() {
                continue;
            }
            if entry.value.is_none() && c.required && !entry.unreadable && !not_applicable {
                let f = match entry.written().filter(|_| entry.not_applicable()) {
                    // “无” in a cell the row cannot do without: the row is
                    // not a 不适用 row, so it must be filled or go.
                    Some(marker) => Finding::new(
                        Code::FieldRequired,
                        format!(
                            "{}的“{}”填了“{marker}”，该项必须填写",
                            row_place(row, kind),
                            c.label
                        ),
                    )
                    .hint(format!(
                        "“{}”不能填“{marker}”：请填写；没有这一行的内容时删除该行",
                        c.label
                    )),
                    None => Finding::new(
                        Code::FieldRequired,
                        format!("{}的“{}”未填写", row_place(row, kind), c.label),
                    )
                    .hint(column_hint(
                        c,
                        kind == WorkbookKind::Project && t.key == fields::TBL_PROJECTS.key,
                    )),
                };
                out.push(located(
                    f.field(key.clone())
                        .expected(c.kind.describe())
                        .found(entry.raw.display()),
                    entry,
                ));
            }
            range_check(entry, c.kind, key, c.label, out);
        }
    }
}

/// What to do about a required cell of a row left blank: fill that
/// column, in its form, or delete the row; not the table's hint, which
/// speaks of another column (指标值的写法) or of the table's first row.
/// `form_row`: the project form's one project row, which cannot go.
fn column_hint(c: &fields::Column, form_row: bool) -> String {
    let form = match c.kind {
        Kind::Money => "（万元，只填数字；没有发生的填 0）",
        Kind::Percent => "（百分比，如 95%）",
        Kind::Points => "（分数）",
        Kind::Count => "（整数）",
        Kind::Date => "（日期，如 2023-03-15）",
        _ => "",
    };
    if form_row {
        format!("填写“{}”{form}", c.label)
    } else {
        format!("填写该行的“{}”{form}；没有这一行的内容时删除该行", c.label)
    }
}

/// What names a row in a message: its 三级 (else 二级, 一级) indicator,
/// then its project's name for a project's indicator.
fn row_name(row: &Row) -> Option<String> {
    let t = row.table();
    let has = |id: ColumnId| t.column(id.as_str()).is_some();
    let indicator = [col::LEVEL3, col::LEVEL2, col::LEVEL1]
        .into_iter()
        .filter(|&id| has(id))
        .find_map(|id| row.text(id));
    let project = if has(col::PROJECT) {
        row.text(col::PROJECT)
    } else {
        None
    };
    match (indicator, project) {
        (Some(i), Some(p)) => Some(format!("“{i}”（{p}）")),
        (Some(i), None) => Some(format!("“{i}”")),
        (None, Some(p)) => Some(format!("（{p}）")),
        (None, None) => None,
    }
}

/// The note of a row marked not applicable, at its first marked cell.
fn not_applicable_note(row: &Row) -> Finding {
    let t = row.table();
    let marked = row.marked_columns();
    let first = marked.first().copied();
    let marker = first.and_then(|id| row.written(id)).unwrap_or("无");
    let cols: Vec<&str> = marked
        .iter()
        .map(|&id| t.columns[t.col(id)].label)
        .collect();
    let what = match row_name(row) {
        Some(name) => format!("{}第 {} 行{name}", t.label, row.sheet_row_number()),
        None => format!("{}第 {} 行", t.label, row.sheet_row_number()),
    };
    let mut message = format!("{what}的{}填写为“{marker}”，按不适用读取", cols.join("、"));
    // A project's indicator that does not apply carries no points (see
    // `rules::score::project`).
    if t.column(col::POINTS.as_str()).is_some() {
        message.push_str("，不计分");
        if let Some(points) = row.dec(col::POINTS).filter(|p| !p.is_zero()) {
            message.push_str(&format!("，分值 {points} 不计入该项目的指标分值之和"));
        }
    }
    message.push_str("，不作为问题");
    let mut f = Finding::new(Code::TableNotApplicable, message)
        .found(marker)
        .hint("没有的目标或指标填“无”或删除该行均可；有实际内容的，请填写目标值和完成情况");
    if let Some(id) = first {
        f = located(f.field(t.column_key(id)), row.entry(id));
    }
    f
}

/// A marker where the row is prescribed and must be filled (the 评分表:
/// every indicator of the framework is scored).
fn refused_marker(row: &Row, id: ColumnId) -> Finding {
    let t = row.table();
    let entry = row.entry(id);
    let marker = entry.written().unwrap_or("无");
    let label = t.columns[t.col(id)].label;
    let name = row_name(row).unwrap_or_default();
    let mut f = Finding::new(
        Code::ScoreNotApplicable,
        format!(
            "{}第 {} 行{name}的{label}填了“{marker}”：评价框架规定的指标都要计分，不能按不适用处理",
            t.label,
            row.sheet_row_number()
        ),
    )
    .field(t.column_key(id))
    .found(marker)
    .hint(format!(
        "该行由评价框架生成，不能填“{marker}”，也不能删除：请填写{label}，低于满分的在“扣分原因”中说明"
    ));
    if let Some(points) = row.dec(col::POINTS) {
        f = f.expected(format!("0–{points}"));
    }
    located(f, entry)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::contract::cell::{CellValue, Spot};
    use crate::contract::fields::{TBL_GOALS, TBL_TARGETS, Table};
    use crate::ingest::model::Value;
    use crate::ingest::read::Area;

    /// The goals, were they a table a department must fill.
    static REQUIRED_GOALS: Table = Table {
        required: true,
        ..TBL_GOALS
    };

    /// A table read from sheet 表 with these rows, each its cells as typed
    /// (`""`: blank) in column order.
    fn table(t: &'static Table, rows: &[&[&str]]) -> TableData {
        let rows = rows
            .iter()
            .enumerate()
            .map(|(i, cells)| {
                let sheet_row = u32::try_from(i).unwrap_or_default() + 1;
                Row {
                    table: t,
                    sheet_row,
                    cells: (0..t.columns.len())
                        .map(|j| {
                            let typed = cells.get(j).copied().unwrap_or_default();
                            let raw = if typed.is_empty() {
                                CellValue::Empty
                            } else {
                                CellValue::Text(typed.to_string())
                            };
                            Entry {
                                spot: Some(Spot::new("表", sheet_row, j as u32)),
                                value: crate::ingest::coerce::text::text(&raw).map(Value::Text),
                                raw,
                                unreadable: false,
                            }
                        })
                        .collect(),
                }
            })
            .collect();
        TableData {
            table: t,
            area: Some(Area {
                sheet: "表".to_string(),
                first_row: 0,
                first_col: 0,
                last_row: 20,
                last_col: t.columns.len() as u32 - 1,
            }),
            rows,
        }
    }

    fn findings(data: &TableData) -> Vec<Finding> {
        let mut out = Vec::new();
        table_checks(data, WorkbookKind::Department, &mut out);
        out
    }

    #[test]
    fn a_row_that_does_not_apply_is_one_note() {
        let f = findings(&table(
            &TBL_TARGETS,
            &[&["效益目标", "生态效益", "无", "无", "无"]],
        ));
        assert_eq!(f.len(), 1, "{f:#?}");
        assert_eq!(f[0].code, Code::TableNotApplicable);
        assert_eq!(f[0].location(), "表!D2");
        assert_eq!(f[0].found.as_deref(), Some("无"));
        assert!(f[0].message.contains("不适用"), "{}", f[0].message);
    }

    #[test]
    fn a_required_cell_marked_is_to_be_filled_or_its_row_deleted() {
        // Values given, so the row applies, and its 三级指标 is wanting.
        let f = findings(&table(
            &TBL_TARGETS,
            &[&["效益目标", "社会效益", "无", "≥95%", "96%"]],
        ));
        assert_eq!(f.len(), 1, "{f:#?}");
        assert_eq!(f[0].code, Code::FieldRequired);
        let hint = f[0].hint.as_deref().unwrap_or_default();
        assert!(hint.contains("删除该行"), "{hint}");
        assert_ne!(hint, TBL_TARGETS.hint, "not the hint about target formats");
        // A blank required cell: a hint about its own column, not the
        // table's about the target's formats.
        let f = findings(&table(
            &TBL_TARGETS,
            &[&["效益目标", "社会效益", "", "≥95%"]],
        ));
        let hint = f[0].hint.as_deref().unwrap_or_default();
        assert_ne!(hint, TBL_TARGETS.hint);
        assert!(
            hint.contains("三级指标") && hint.contains("删除该行"),
            "{hint}"
        );
    }

    #[test]
    fn a_required_table_of_rows_that_do_not_apply_is_not_filled() {
        let f = findings(&table(&REQUIRED_GOALS, &[&["无", "无"], &["—"]]));
        let empty: Vec<&Finding> = f.iter().filter(|f| f.code == Code::TableEmpty).collect();
        assert_eq!(empty.len(), 1, "{f:#?}");
        assert!(empty[0].message.contains("不适用"), "{}", empty[0].message);
        assert!(
            empty[0].hint.as_deref().is_some_and(|h| h.contains("删除")),
            "{:?}",
            empty[0].hint
        );
        assert_eq!(
            f.iter()
                .filter(|f| f.code == Code::TableNotApplicable)
                .count(),
            2
        );
        // One row that applies is enough; none at all is the plain omission.
        let f = findings(&table(
            &REQUIRED_GOALS,
            &[&["无", "无"], &["参保率95%", ""]],
        ));
        assert!(!f.iter().any(|f| f.code == Code::TableEmpty), "{f:#?}");
        let f = findings(&table(&REQUIRED_GOALS, &[]));
        assert!(
            f.iter()
                .any(|f| f.code == Code::TableEmpty && f.hint.as_deref() == Some(TBL_GOALS.hint))
        );
        // The same rows in a table that may be empty: notes only.
        let f = findings(&table(&TBL_GOALS, &[&["无", "无"]]));
        assert_eq!(
            f.iter().map(|f| f.code).collect::<Vec<_>>(),
            [Code::TableNotApplicable]
        );
    }
}
