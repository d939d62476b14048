//! `jixiao.toml`: a finance office's defaults for `jixiao run` (folders,
//! framework, templates, tolerance, public variant, jobs, roster, last
//! year's submissions, isolation,
//! report formats and font folders). Strict: an
//! unknown key or a wrong type is an error at its line and column, so a typo
//! never silently falls back to a default. The command line overrides it.

use std::path::{Path, PathBuf};

use rust_decimal::Decimal;
use rust_decimal::prelude::FromPrimitive;
use serde::Deserialize;

use crate::output::Format;

/// The file `jixiao run` reads from the current folder when there is one.
pub const FILE_NAME: &str = "jixiao.toml";

/// The settings of a `jixiao.toml`, paths resolved against its folder.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Config {
    /// The input folder of `jixiao run`.
    pub input: Option<PathBuf>,
    /// The output folder of `jixiao run`.
    pub output: Option<PathBuf>,
    /// A built-in framework id or a framework file.
    pub framework: Option<String>,
    /// A folder of report templates that replace the built-in ones.
    pub templates: Option<PathBuf>,
    /// Two figures agree when they differ by at most this much.
    pub tolerance: Option<Decimal>,
    /// Whether to write `report.public.html`.
    pub public: Option<bool>,
    /// Whether to write the full public report even for a workbook with
    /// errors (else a notice that it is not yet published).
    pub public_despite_errors: Option<bool>,
    /// Worker threads; 0 for one per core.
    pub jobs: Option<usize>,
    /// The roster (名单) of units expected to report.
    pub roster: Option<PathBuf>,
    /// Last year's batch output or workbooks (`--previous`).
    pub previous: Option<PathBuf>,
    /// Whether files are read in worker processes (`isolation = false`
    /// reads them in the one process, as `--no-isolation` does).
    pub isolation: Option<bool>,
    /// The report formats to write (`md`, `html`, `docx`, `pdf`).
    pub formats: Option<Vec<Format>>,
    /// Folders of fonts for the Word document's figures and the PDF,
    /// searched before the system's.
    pub font_dirs: Vec<PathBuf>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw {
    input: Option<PathBuf>,
    output: Option<PathBuf>,
    framework: Option<String>,
    templates: Option<PathBuf>,
    tolerance: Option<toml::Spanned<f64>>,
    public: Option<bool>,
    public_despite_errors: Option<bool>,
    jobs: Option<toml::Spanned<i64>>,
    roster: Option<PathBuf>,
    previous: Option<PathBuf>,
    isolation: Option<bool>,
    formats: Option<toml::Spanned<Vec<String>>>,
    font_dirs: Option<Vec<PathBuf>>,
}

/// A `jixiao.toml` that cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// The file cannot be read.
    #[error("无法读取 {path}：{}", crate::contract::os::io_zh(.source))]
    Read {
        /// The file.
        path: String,
        /// Why.
        source: std::io::Error,
    },
    /// A mistake at a line and column of the file.
    #[error("{path}:{line}:{col}：{message}")]
    At {
        /// The file.
        path: String,
        /// The line (1-based).
        line: usize,
        /// The column (1-based).
        col: usize,
        /// What is wrong.
        message: String,
    },
}

/// Reads a config file.
pub fn load(path: &Path) -> Result<Config, ConfigError> {
    let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
        path: path.display().to_string(),
        source,
    })?;
    parse(&text, path)
}

/// Line and column (1-based) of a byte offset.
fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

/// Parses config text; relative paths are taken from `path`'s folder.
pub(crate) fn parse(text: &str, path: &Path) -> Result<Config, ConfigError> {
    let at = |offset: usize, message: String| {
        let (line, col) = line_col(text, offset);
        ConfigError::At {
            path: path.display().to_string(),
            line,
            col,
            message,
        }
    };
    let raw: Raw = toml::from_str(text).map_err(|e| {
        let offset = e.span().map_or(0, |s| s.start);
        at(offset, translate(e.message()))
    })?;
    let base = path.parent().unwrap_or(Path::new(""));
    let resolve = |p: Option<PathBuf>| p.map(|p| if p.is_absolute() { p } else { base.join(p) });
    let tolerance = match raw.tolerance {
        None => None,
        Some(t) => {
            let v = *t.get_ref();
            let d = Decimal::from_f64(v)
                .filter(|d| *d >= Decimal::ZERO && *d <= Decimal::ONE)
                .ok_or_else(|| {
                    at(
                        t.span().start,
                        format!("tolerance 应在 0 到 1 之间（万元或分），实为 {v}"),
                    )
                })?;
            Some(d.round_dp(6))
        }
    };
    let jobs = match raw.jobs {
        None => None,
        Some(j) => {
            let v = *j.get_ref();
            Some(
                usize::try_from(v)
                    .ok()
                    .filter(|n| (1..=1024).contains(n))
                    .ok_or_else(|| {
                        at(
                            j.span().start,
                            format!("jobs 应为 1 到 1024 的整数，实为 {v}"),
                        )
                    })?,
            )
        }
    };
    let formats = match raw.formats {
        None => None,
        Some(f) => Some(
            f.get_ref()
                .iter()
                .map(|name| Format::parse(name))
                .collect::<Result<Vec<_>, _>>()
                .map_err(|message| at(f.span().start, format!("formats：{message}")))?,
        ),
    };
    // The framework is an id or a file; a file is relative to the config.
    let framework = raw.framework.map(|f| {
        let p = base.join(&f);
        if f.ends_with(".toml") && !Path::new(&f).is_absolute() {
            p.display().to_string()
        } else {
            f
        }
    });
    Ok(Config {
        input: resolve(raw.input),
        output: resolve(raw.output),
        framework,
        templates: resolve(raw.templates),
        tolerance,
        public: raw.public,
        public_despite_errors: raw.public_despite_errors,
        jobs,
        roster: resolve(raw.roster),
        previous: resolve(raw.previous),
        isolation: raw.isolation,
        formats,
        font_dirs: raw
            .font_dirs
            .unwrap_or_default()
            .into_iter()
            .filter_map(|d| resolve(Some(d)))
            .collect(),
    })
}

/// The TOML parser's messages a user meets most, in Chinese.
fn translate(message: &str) -> String {
    if let Some(rest) = message.strip_prefix("unknown field ") {
        return format!(
            "未知的键 {}（可用的键：input、output、framework、templates、tolerance、public、public_despite_errors、jobs、roster、previous、isolation、formats、font_dirs）",
            rest.split(',').next().unwrap_or(rest)
        );
    }
    if message.starts_with("invalid type") {
        return format!("类型不对：{message}");
    }
    format!("格式错误：{message}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_at(text: &str) -> Result<Config, ConfigError> {
        parse(text, Path::new("/office/jixiao.toml"))
    }

    #[test]
    fn every_key_reads_and_paths_are_relative_to_the_file() {
        let c = parse_at(
            "input = \"收件\"\noutput = \"/srv/out\"\nframework = \"local.toml\"\ntemplates = \"tpl\"\ntolerance = 0.05\npublic = false\npublic_despite_errors = true\njobs = 4\nroster = \"名单.csv\"\nisolation = false\nformats = [\"md\", \"docx\"]\nfont_dirs = [\"字体\"]\n",
        )
        .unwrap();
        assert_eq!(c.input, Some(PathBuf::from("/office/收件")));
        assert_eq!(c.output, Some(PathBuf::from("/srv/out")));
        assert_eq!(c.framework.as_deref(), Some("/office/local.toml"));
        assert_eq!(c.templates, Some(PathBuf::from("/office/tpl")));
        assert_eq!(c.tolerance, Some(Decimal::new(5, 2)));
        assert_eq!(c.public, Some(false));
        assert_eq!(c.public_despite_errors, Some(true));
        assert_eq!(c.jobs, Some(4));
        assert_eq!(c.roster, Some(PathBuf::from("/office/名单.csv")));
        assert_eq!(c.isolation, Some(false));
        assert_eq!(c.formats, Some(vec![Format::Markdown, Format::Docx]));
        assert_eq!(c.font_dirs, vec![PathBuf::from("/office/字体")]);
        let id = parse_at("framework = \"national\"\n").unwrap();
        assert_eq!(id.framework.as_deref(), Some("national"));
    }

    #[test]
    fn an_unknown_format_is_an_error_at_its_place() {
        let e = parse_at("jobs = 2\nformats = [\"md\", \"rtf\"]\n")
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("/office/jixiao.toml:2:11："), "{e}");
        assert!(e.contains("rtf"), "{e}");
    }

    #[test]
    fn unknown_key_is_an_error_at_its_line_and_column() {
        let e = parse_at("input = \"in\"\n  ouput = \"out\"\n")
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("/office/jixiao.toml:2:3："), "{e}");
        assert!(e.contains("未知的键 `ouput`"), "{e}");
    }

    #[test]
    fn wrong_values_are_errors_at_their_place() {
        let e = parse_at("jobs = 0\n").unwrap_err().to_string();
        assert!(e.starts_with("/office/jixiao.toml:1:8："), "{e}");
        let e = parse_at("tolerance = 5.0\n").unwrap_err().to_string();
        assert!(e.contains("tolerance"), "{e}");
        let e = parse_at("public = \"yes\"\n").unwrap_err().to_string();
        assert!(e.starts_with("/office/jixiao.toml:1:10："), "{e}");
    }
}
