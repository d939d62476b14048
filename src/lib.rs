//! jixiao (绩效): reads the standard department workbook of the yearly expenditure
//! performance self-evaluation (部门整体支出绩效自评、项目支出绩效自评), validates it
//! cell by cell, and reports every problem at its cell.
//!
//! The stages, each a folder, in the order data flows; a module imports only
//! from the stages before it:
//!
//! [`contract`] (fields, cells, findings: shared by all) → [`ingest`] (sniff,
//! guard, read, model) → [`rules`] (frameworks, metrics, validation, scoring)
//! → [`check`] (one file end to end, isolated) → [`workbook`] (template,
//! completed workbook) and [`report`] (view model, Tera rendering) →
//! [`output`] (one workbook's files, atomic writes) → [`batch`] (`jixiao run`:
//! discovery, ledger, summary, roster). [`config`] reads `jixiao.toml`.

pub mod batch;
pub mod check;
pub mod config;
pub mod contract;
#[cfg(test)]
mod docs;
pub mod ingest;
pub mod output;
pub mod report;
pub mod rules;
pub mod workbook;
