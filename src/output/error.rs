//! The error of an output that could not be produced: its own module so that
//! rendering (in `output`) and writing (in `output::fs`) both return it
//! without importing each other.

use crate::report::document::DocumentError;
use crate::report::render::TemplateError;

/// An output that could not be produced.
#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    /// An .xlsx output (the completed workbook, the summary) could not be built.
    #[error("{file}：生成工作簿失败：{source}")]
    Workbook {
        /// The output file.
        file: String,
        /// Why.
        source: rust_xlsxwriter::XlsxError,
    },
    /// An output made from a template (a report, the summary page) could not be rendered.
    #[error("{file}：生成报告失败：{source}")]
    Template {
        /// The output file.
        file: String,
        /// Why.
        source: TemplateError,
    },
    /// A report could not be made as a Word or PDF document.
    #[error("{file}：{source}")]
    Document {
        /// The workbook whose report it is.
        file: String,
        /// Why.
        source: DocumentError,
    },
    /// A file could not be written.
    #[error("无法写入 {path}：{}", crate::contract::os::io_zh(.source))]
    Io {
        /// The file or folder.
        path: String,
        /// Why.
        source: std::io::Error,
    },
}
