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
    #[error("无法读取 {path}：{}", crate::contract::os::io_zh(.source))]
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
    /// The source does not say which of its projects to write, or names
    /// one it does not have.
    #[error("{path}：{message}")]
    Project {
        /// The source file.
        path: String,
        /// What is wrong, with the projects the source has.
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

/// A source read for the project workbook (项目支出绩效自评表): the one
/// project it writes, and what the form has no place for.
#[derive(Debug, Clone, PartialEq)]
pub struct ProjectSource {
    /// The project's row of `tbl_projects`, its rows of
    /// `tbl_project_indicators` and the fields the two kinds share.
    pub inputs: Inputs,
    /// The fields and tables of the source the project workbook does not
    /// have (a department's source): left out, to be named once.
    pub ignored: Vec<String>,
}

/// The part of a source that one project's workbook holds: the fields the
/// kinds share, the project's row and its indicator rows. A source with
/// several projects needs `project`, the name of one (compared as the
/// scorer compares names); its indicator rows are those that name it. In a
/// source of one project an indicator row may leave out its project, and
/// one that names another is a mistake. `path` names the source in
/// messages.
pub fn for_project(
    inputs: Inputs,
    project: Option<&str>,
    path: &str,
) -> Result<ProjectSource, FillError> {
    use crate::contract::fields::{PROJECT_FIELDS, TBL_PROJECT_INDICATORS, TBL_PROJECTS, col};
    use crate::rules::score::name_key;
    let error = |message: String| FillError::Project {
        path: path.to_string(),
        message,
    };
    let text = |row: &BTreeMap<String, Input>, id: &str| match row.get(id) {
        Some(Input::Text(t)) => Some(t.trim().to_string()),
        Some(Input::Number(n)) => Some(n.to_string()),
        _ => None,
    };
    let mut ignored = Vec::new();
    let mut out = Inputs::default();
    for (k, v) in inputs.scalars {
        if PROJECT_FIELDS.iter().any(|f| f.as_str() == k) {
            out.scalars.insert(k, v);
        } else {
            ignored.push(k);
        }
    }
    let mut projects = Vec::new();
    let mut indicators = Vec::new();
    for (k, rows) in inputs.tables {
        if k == TBL_PROJECTS.key {
            projects = rows;
        } else if k == TBL_PROJECT_INDICATORS.key {
            indicators = rows;
        } else {
            ignored.push(k);
        }
    }
    let names: Vec<String> = projects
        .iter()
        .map(|r| text(r, col::NAME.as_str()).unwrap_or_default())
        .collect();
    let listed = || {
        names
            .iter()
            .map(|n| format!("“{n}”"))
            .collect::<Vec<_>>()
            .join("、")
    };
    let chosen = match (project, projects.len()) {
        (None, 0 | 1) => projects.into_iter().next(),
        (None, n) => {
            return Err(error(format!(
                "数据文件有 {n} 个项目（{}），请用 --project 项目名称 指定要生成哪一个",
                listed()
            )));
        }
        (Some(wanted), _) => {
            let i = names
                .iter()
                .position(|n| name_key(n) == name_key(wanted))
                .ok_or_else(|| {
                    error(if names.is_empty() {
                        format!("数据文件没有项目（tbl_projects），找不到“{wanted}”")
                    } else {
                        format!("数据文件中没有项目“{wanted}”；有：{}", listed())
                    })
                })?;
            projects.into_iter().nth(i)
        }
    };
    let name = chosen
        .as_ref()
        .and_then(|r| text(r, col::NAME.as_str()))
        .map(|n| name_key(&n));
    let several = names.len() > 1;
    let mut mine = Vec::new();
    for (i, row) in indicators.into_iter().enumerate() {
        let of = text(&row, col::PROJECT.as_str()).map(|n| name_key(&n));
        match (&of, &name) {
            (None, _) if !several => mine.push(row),
            (Some(p), Some(n)) if p == n => mine.push(row),
            (Some(_), _) if several => {}
            (None, _) => {
                return Err(error(format!(
                    "tbl_project_indicators 第 {} 行没有写 project（项目名称）：数据文件有多个项目，每个指标都要写明所属项目",
                    i + 1
                )));
            }
            (Some(_), _) => {
                return Err(error(format!(
                    "tbl_project_indicators 第 {} 行的 project 是“{}”，不是本项目“{}”",
                    i + 1,
                    text(&row, col::PROJECT.as_str()).unwrap_or_default(),
                    names.first().cloned().unwrap_or_default()
                )));
            }
        }
    }
    if let Some(row) = chosen {
        out.tables.insert(TBL_PROJECTS.key.to_string(), vec![row]);
    }
    if !mine.is_empty() {
        out.tables
            .insert(TBL_PROJECT_INDICATORS.key.to_string(), mine);
    }
    Ok(ProjectSource {
        inputs: out,
        ignored,
    })
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

/// The department workbook of `inputs` with what last year's submission
/// (`settings.prior`, `--previous`) gives for the cells it leaves blank:
/// 上年“三公”预算和决算, each 收支情况 row's 上年结转, and last year's
/// problems in 上年问题整改情况, as `jixiao run` fills them. The workbook
/// is written, read back and matched by its unit; when last year's
/// submission fills something, it is written again from the filled model.
/// Also returns what was used (`None`: the unit has no submission there).
pub fn department_with_prior(
    inputs: &Inputs,
    opts: &crate::workbook::options::TemplateOptions,
    settings: &crate::rules::settings::Settings,
) -> Result<(Vec<u8>, Option<crate::rules::prior::PriorUse>), rust_xlsxwriter::XlsxError> {
    let bytes = crate::workbook::template::build(inputs, opts)?;
    if settings.prior.is_none() {
        return Ok((bytes, None));
    }
    let report = crate::check::check_bytes(
        "fill",
        &bytes,
        settings,
        &crate::ingest::guard::Limits::default(),
    );
    match (report.prior, &report.department) {
        (Some(used), Some(dept)) if !used.taken.is_empty() => {
            let filled = crate::workbook::complete::inputs_of(dept);
            let bytes = crate::workbook::template::build(&filled, opts)?;
            Ok((bytes, Some(used)))
        }
        (used, _) => Ok((bytes, used)),
    }
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

    const SEVERAL: &str = "[fields]\nunit_name = \"某局\"\nbudget_executed = 3\n\n\
[[tables.tbl_projects]]\nname = \"甲项目\"\n\n[[tables.tbl_projects]]\nname = \"乙项目\"\n\n\
[[tables.tbl_project_indicators]]\nproject = \"甲项目\"\nlevel3 = \"甲指标\"\n\n\
[[tables.tbl_project_indicators]]\nproject = \"乙项目\"\nlevel3 = \"乙指标\"\n\n\
[[tables.tbl_problems]]\ntext = \"问题\"\n";

    #[test]
    fn a_project_is_picked_from_several_by_name() {
        let inputs = parse_source(SEVERAL, "s.toml").unwrap();
        let err = for_project(inputs.clone(), None, "s.toml").unwrap_err();
        assert!(err.to_string().contains("“甲项目”、“乙项目”"), "{err}");
        let err = for_project(inputs.clone(), Some("丙项目"), "s.toml").unwrap_err();
        assert!(err.to_string().contains("没有项目“丙项目”"), "{err}");
        let p = for_project(inputs, Some(" 乙项目"), "s.toml").unwrap();
        let rows = &p.inputs.tables["tbl_project_indicators"];
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0]["level3"], Input::Text("乙指标".into()));
        assert_eq!(p.inputs.tables["tbl_projects"].len(), 1);
        assert_eq!(p.ignored, ["budget_executed", "tbl_problems"]);
        assert_eq!(p.inputs.scalars.len(), 1);
    }

    #[test]
    fn one_projects_indicators_may_leave_out_the_project_but_not_name_another() {
        let one = "[[tables.tbl_projects]]\nname = \"甲项目\"\n\n\
[[tables.tbl_project_indicators]]\nlevel3 = \"甲指标\"\n\n\
[[tables.tbl_project_indicators]]\nproject = \"甲项目\"\nlevel3 = \"乙指标\"\n";
        let p = for_project(parse_source(one, "o.toml").unwrap(), None, "o.toml").unwrap();
        assert_eq!(p.inputs.tables["tbl_project_indicators"].len(), 2);
        assert!(p.ignored.is_empty());
        let wrong = one.replace("project = \"甲项目\"", "project = \"乙项目\"");
        let err = for_project(parse_source(&wrong, "o.toml").unwrap(), None, "o.toml").unwrap_err();
        assert!(
            err.to_string().contains("第 2 行的 project 是“乙项目”"),
            "{err}"
        );
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
