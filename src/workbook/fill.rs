//! Fill sources: a readable TOML file of what a department typed, turned into
//! [`Inputs`] for the workbook writer (`jixiao fill`). This is how the sample
//! workbooks in `input/` are made, and how any program can fill the template.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;
use toml::Spanned;

use crate::contract::fields;
use crate::workbook::inputs::{Input, Inputs};

/// A mistake in a fill source, with its file and line.
#[derive(Debug, thiserror::Error)]
pub enum FillError {
    /// The source cannot be read.
    #[error("无法读取 {path}：{source}")]
    Io {
        /// The source file.
        path: String,
        /// Why.
        source: std::io::Error,
    },
    /// The source is not valid TOML.
    #[error("{path}：TOML 格式错误：{message}")]
    Syntax {
        /// The source file.
        path: String,
        /// What is wrong.
        message: String,
    },
    /// A mistake at a line of the source.
    #[error("{path}:{line}：{message}")]
    At {
        /// The source file.
        path: String,
        /// The line (1-based).
        line: usize,
        /// What is wrong.
        message: String,
    },
}

/// One row of a table in a source file: column id → value, with positions.
type SourceRow = BTreeMap<Spanned<String>, Spanned<toml::Value>>;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Source {
    #[serde(default)]
    fields: BTreeMap<Spanned<String>, Spanned<toml::Value>>,
    #[serde(default)]
    tables: BTreeMap<Spanned<String>, Vec<SourceRow>>,
}

/// Reads a fill source file.
pub fn read_source(path: &Path) -> Result<Inputs, FillError> {
    let name = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|source| FillError::Io {
        path: name.clone(),
        source,
    })?;
    parse_source(&text, &name)
}

/// Parses fill source text; `name` is used in messages.
pub(crate) fn parse_source(text: &str, name: &str) -> Result<Inputs, FillError> {
    let source: Source = toml::from_str(text).map_err(|e| FillError::Syntax {
        path: name.to_string(),
        message: e.to_string(),
    })?;
    let line_of =
        |span: std::ops::Range<usize>| text[..span.start.min(text.len())].matches('\n').count() + 1;
    let at = |span: std::ops::Range<usize>, message: String| FillError::At {
        path: name.to_string(),
        line: line_of(span),
        message,
    };
    let mut inputs = Inputs::default();
    for (key, value) in source.fields {
        if fields::field(key.get_ref()).is_none() {
            return Err(at(
                key.span(),
                format!("未知的字段 `{}`（见 docs/fields.md）", key.get_ref()),
            ));
        }
        if let Some(input) = to_input(value.get_ref()).map_err(|m| at(value.span(), m))? {
            inputs.scalars.insert(key.into_inner(), input);
        }
    }
    for (key, rows) in source.tables {
        let Some(table) = fields::table(key.get_ref()) else {
            return Err(at(
                key.span(),
                format!("未知的表格 `{}`（见 docs/fields.md）", key.get_ref()),
            ));
        };
        let mut out = Vec::new();
        for row in rows {
            let mut cells = BTreeMap::new();
            for (col, value) in row {
                if !table.columns.iter().any(|c| c.id == col.get_ref()) {
                    return Err(at(
                        col.span(),
                        format!("表格 `{}` 没有列 `{}`", table.key, col.get_ref()),
                    ));
                }
                if let Some(input) = to_input(value.get_ref()).map_err(|m| at(value.span(), m))? {
                    cells.insert(col.into_inner(), input);
                }
            }
            out.push(cells);
        }
        inputs.tables.insert(key.into_inner(), out);
    }
    Ok(inputs)
}

fn to_input(v: &toml::Value) -> Result<Option<Input>, String> {
    Ok(match v {
        toml::Value::String(s) if s.is_empty() => None,
        toml::Value::String(s) => Some(Input::Text(s.clone())),
        toml::Value::Integer(i) => Some(Input::Number(*i as f64)),
        toml::Value::Float(f) => Some(Input::Number(*f)),
        toml::Value::Datetime(d) => {
            let date = d.date.ok_or("日期缺少年月日")?;
            let nd = chrono::NaiveDate::from_ymd_opt(
                i32::from(date.year),
                u32::from(date.month),
                u32::from(date.day),
            )
            .ok_or("无效的日期")?;
            Some(Input::Date(nd))
        }
        toml::Value::Boolean(_) => return Err("请用文字“是”“否”代替 true/false".into()),
        toml::Value::Array(_) | toml::Value::Table(_) => {
            return Err("单元格的值应为文字、数字或日期".into());
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_fields_and_tables() {
        let src = "[fields]\nunit_name = \"君山区医疗保障局\"\nyear = 2022\nfill_date = 2023-03-20\nbudget_initial = 2815.27\nunit_code = \"\"\n\n[[tables.tbl_problems]]\ntext = \"预算编制有待更严格执行\"\n";
        let inputs = parse_source(src, "t.toml").expect("parses");
        assert_eq!(inputs.scalars["year"], Input::Number(2022.0));
        assert_eq!(inputs.scalars["budget_initial"], Input::Number(2815.27));
        assert!(!inputs.scalars.contains_key("unit_code"));
        assert!(matches!(inputs.scalars["fill_date"], Input::Date(_)));
        assert_eq!(inputs.tables["tbl_problems"].len(), 1);
    }

    #[test]
    fn unknown_keys_name_their_line() {
        let err = parse_source("[fields]\nunit_name = \"x\"\nbudget = 3\n", "s.toml").unwrap_err();
        assert_eq!(
            err.to_string(),
            "s.toml:3：未知的字段 `budget`（见 docs/fields.md）"
        );
        let err = parse_source("[[tables.tbl_problems]]\nproblem = \"x\"\n", "s.toml").unwrap_err();
        assert!(err.to_string().starts_with("s.toml:2："), "{err}");
        let err = parse_source("[extra]\n", "s.toml").unwrap_err();
        assert!(err.to_string().contains("TOML"), "{err}");
    }
}
