//! The error of an output that could not be produced: its own module so that
//! rendering (in `output`) and writing (in `output::fs`) both return it
//! without importing each other.

use crate::report::render::TemplateError;

/// An output that could not be produced.
#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    #[error("{file}：生成工作簿失败：{source}")]
    Workbook {
        file: String,
        source: rust_xlsxwriter::XlsxError,
    },
    #[error("{file}：生成报告失败：{source}")]
    Template { file: String, source: TemplateError },
    #[error("无法写入 {path}：{source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
}
