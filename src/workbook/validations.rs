//! The data validations of input cells: the rule each kind of field allows
//! (dropdowns, number and date ranges) with the prompt shown when the cell
//! is selected, prepared once per run.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::OnceLock;

use rust_xlsxwriter::{
    DataValidation, DataValidationErrorStyle, DataValidationRule, ExcelDateTime,
};

use crate::contract::fields::{self, FIELDS, Kind, Table};
use crate::workbook::options::TemplateOptions;

/// The rule of an input cell; `framework_ids` are the dropdown's choices
/// (the frameworks' names, or their ids)
/// for [`Kind::FrameworkId`].
fn validation_for(kind: Kind, key: &str, framework_ids: &[String]) -> Option<DataValidation> {
    let v = DataValidation::new().ignore_blank(true);
    let v = match kind {
        Kind::Choice(list) => v.allow_list_strings(list).ok()?,
        Kind::FrameworkId => v.allow_list_strings(framework_ids).ok()?,
        Kind::Money if fields::may_be_negative(key) => {
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

/// What a kind's rule allows, said after the hint when the hint does not
/// say it already; `None` where the hint is all (a dropdown, free text).
fn allowed(kind: Kind) -> Option<&'static str> {
    match kind {
        Kind::Count => Some("≥0 的整数"),
        Kind::Year => Some("2000–2100"),
        Kind::Money => Some("万元，2 位小数"),
        Kind::Percent => Some("百分比"),
        Kind::Points => Some("分数"),
        Kind::Date => Some("日期"),
        Kind::Text | Kind::LongText | Kind::Phone | Kind::Choice(_) | Kind::FrameworkId => None,
    }
}

/// The message of a rule broken.
fn error_message(kind: Kind) -> String {
    match kind {
        Kind::Choice(_) | Kind::FrameworkId => "请从下拉列表选择。".to_string(),
        _ => format!("请输入{}。", kind.describe()),
    }
}

/// Words by which a hint already says what a kind's rule allows.
fn said_by(kind: Kind) -> &'static [&'static str] {
    match kind {
        Kind::Count => &["整数"],
        Kind::Year => &["2000"],
        Kind::Money => &["万元"],
        Kind::Percent => &["百分", "%"],
        Kind::Points => &["分"],
        Kind::Date => &["日期"],
        Kind::Text | Kind::LongText | Kind::Phone | Kind::Choice(_) | Kind::FrameworkId => &[],
    }
}

/// The prompt of a cell: its hint, and what the rule allows when the hint
/// does not say it.
fn prompt(hint: &str, kind: Kind) -> String {
    match allowed(kind) {
        Some(rule) if !said_by(kind).iter().any(|w| hint.contains(w)) => {
            format!("{hint}（{rule}）")
        }
        _ => hint.to_string(),
    }
}

/// Input title ≤ 32 characters and message ≤ 255, as Excel requires. A
/// rule that allows any value never shows its error, so it has none.
fn with_prompt(v: DataValidation, title: &str, hint: &str, kind: Kind) -> DataValidation {
    let title: String = title.chars().take(30).collect();
    let message: String = prompt(hint, kind).chars().take(250).collect();
    let v2 = v.clone();
    v.set_input_title(title)
        .and_then(|v| v.set_input_message(message))
        .map(|v| {
            if matches!(kind, Kind::Text | Kind::LongText | Kind::Phone) {
                return v;
            }
            v.set_error_title("输入不符合要求")
                .and_then(|v| v.set_error_message(error_message(kind)))
                .unwrap_or_else(|_| v2.clone())
        })
        .unwrap_or(v2)
}

/// The validation, with its prompt, of a scalar field (`table` = `None`) or
/// of a table's column. Every one but the framework dropdown (whose choices
/// come from `opts`) is the same in every workbook: they are built once and
/// cloned, since building them for each workbook cost as much as writing
/// them.
pub(crate) fn validation_of(
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
    let v = validation_for(kind, key, &opts.framework_choices())?;
    Some(Cow::Owned(with_prompt(v, title, hint, kind)))
}

/// The validation, with its prompt, of a cell that is no field's or
/// table's own (a cell of the project form, which holds a project table
/// column under its own label and hint).
pub(crate) fn validation_with(
    kind: Kind,
    key: &str,
    title: &str,
    hint: &str,
    opts: &TemplateOptions,
) -> Option<DataValidation> {
    let v = validation_for(kind, key, &opts.framework_choices())?;
    Some(with_prompt(v, title, hint, kind))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A prompt says what the rule allows once, and a dropdown's error
    /// asks for a choice, not for “下拉选项”.
    #[test]
    fn prompts_say_the_rule_once() {
        assert_eq!(
            prompt("四位年份，如 2022", Kind::Year),
            "四位年份，如 2022（2000–2100）"
        );
        assert_eq!(
            prompt("填写 2000–2100 之间的年份", Kind::Year),
            "填写 2000–2100 之间的年份"
        );
        assert_eq!(prompt("万元；无则填 0", Kind::Money), "万元；无则填 0");
        assert_eq!(
            prompt("核定编制人数，整数", Kind::Count),
            "核定编制人数，整数"
        );
        assert_eq!(
            prompt("每个项目一行", Kind::Money),
            "每个项目一行（万元，2 位小数）"
        );
        assert_eq!(
            prompt("从下拉列表选择", Kind::Choice(&["是", "否"])),
            "从下拉列表选择"
        );
        assert_eq!(error_message(Kind::Choice(&["是"])), "请从下拉列表选择。");
        for f in FIELDS {
            let p = prompt(f.hint, f.kind);
            assert!(
                !p.contains("）（") && !p.contains("（年份（"),
                "{}: {p}",
                f.key
            );
        }
    }
}
