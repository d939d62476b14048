//! The input model: the values a department typed (or a program gives),
//! by key and by table row, that the workbook writer puts in the input cells.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;

use crate::contract::fields::{Field, Table, col};
use crate::rules::framework::Framework;

/// A value to put in an input cell, as a department (or a program) would type it.
#[derive(Debug, Clone, PartialEq)]
pub enum Input {
    /// Text, as typed.
    Text(String),
    /// A number.
    Number(f64),
    /// A date.
    Date(NaiveDate),
}

/// Values for a workbook's input cells: scalars by key, table rows by column id.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Inputs {
    /// Scalar values, by key.
    pub scalars: BTreeMap<String, Input>,
    /// Table rows, by table key; each row maps a column id to its value.
    pub tables: BTreeMap<String, Vec<BTreeMap<String, Input>>>,
    /// Optional fields the workbook shows although they have no value: the
    /// ones its framework reads (支付进度 at 11月底).
    pub(crate) shown: BTreeSet<&'static str>,
}

impl Inputs {
    /// A table's rows (none when the inputs have none).
    pub(crate) fn rows(&self, table: &Table) -> &[BTreeMap<String, Input>] {
        self.tables.get(table.key).map_or(&[], Vec::as_slice)
    }

    /// Whether the workbook has a field: every field but an optional one,
    /// which it has when it is given or shown.
    pub(crate) fn has_field(&self, f: &Field) -> bool {
        !f.is_optional() || self.scalars.contains_key(f.key) || self.shown.contains(f.key)
    }
}

/// A framework's 评分表 rows, each with the index of its indicator among the
/// framework's leaves (an indicator with parts has one row per part; only the
/// first carries the criteria and points, and the 设定分值, prefilled with
/// the 参考分值, of an indicator whose points the department sets).
pub(crate) fn score_rows(framework: &Framework) -> Vec<(usize, BTreeMap<String, Input>)> {
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
            row.insert(
                col::LEVEL1.as_str().to_string(),
                Input::Text(l1.name.clone()),
            );
            row.insert(
                col::LEVEL2.as_str().to_string(),
                Input::Text(l2.name.clone()),
            );
            row.insert(
                col::LEVEL3.as_str().to_string(),
                Input::Text(name.to_string()),
            );
            if i == 0 {
                row.insert(
                    col::CRITERIA.as_str().to_string(),
                    Input::Text(ind.criteria.clone()),
                );
                if let Some(points) = ind.points.to_f64() {
                    row.insert(col::POINTS.as_str().to_string(), Input::Number(points));
                    // A weight the department sets starts at the 参考分值.
                    if framework.weight_block(leaf).is_some() {
                        row.insert(col::SET_POINTS.as_str().to_string(), Input::Number(points));
                    }
                }
            }
            rows.push((leaf, row));
        }
    }
    rows
}
