//! Every field and table cell on its own: required fields filled, numbers
//! within their range, telephone numbers, choices and the framework id
//! valid, the 填报日期 within the year evaluated; required tables not empty.

use chrono::Datelike;
use rust_decimal::Decimal;

use crate::contract::fields::{self, FIELDS, Kind, PERIODS, TABLES, key};
use crate::contract::finding::{Code, Finding};
use crate::ingest::coerce::phone::is_phone;
use crate::ingest::model::{Department, Entry};
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
                        .hint(f.hint),
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
    for t in TABLES {
        let Some(data) = dept.table(t) else {
            continue;
        };
        let Some(area) = &data.area else { continue };
        if t.required && data.rows.is_empty() {
            out.push(
                Finding::new(
                    Code::TableEmpty,
                    format!("表格“{}”没有填写任何数据", t.label),
                )
                .at(&area.top_left())
                .field(t.key)
                .hint(t.hint),
            );
        }
        let keys = t.field_keys();
        for row in &data.rows {
            for ((c, entry), key) in t.columns.iter().zip(&row.cells).zip(&keys) {
                if entry.value.is_none() && c.required && !entry.unreadable {
                    out.push(located(
                        Finding::new(
                            Code::FieldRequired,
                            format!(
                                "{}第 {} 行的“{}”未填写",
                                t.label,
                                row.sheet_row + 1,
                                c.label
                            ),
                        )
                        .field(key.clone())
                        .expected(c.kind.describe())
                        .found(entry.raw.display())
                        .hint(t.hint),
                        entry,
                    ));
                }
                range_check(entry, c.kind, key, c.label, out);
            }
        }
    }
}
