//! jixiao (绩效): reads the standard department workbook of the yearly expenditure
//! performance self-evaluation (部门整体支出绩效自评、项目支出绩效自评), validates it
//! cell by cell, and reports every problem at its cell.
//!
//! The stages, each a folder, in the order data flows; a module imports only
//! from its own folder and the stages before it (`tests/cli/architecture.rs`
//! fails on an import against this order or on any dependency circle):
//!
//! 1. [`contract`]: what all stages share: the field catalogue with its
//!    typed keys, cells, findings, how numbers are rounded and written;
//! 2. [`ingest`]: a file's bytes to the department model (sniff, guard,
//!    read, coerce, model);
//! 3. [`rules`]: the run's [`rules::settings::Settings`], frameworks,
//!    metrics, validation (findings as data) and scoring, pure functions;
//! 4. [`check`]: one file end to end, isolated, and its JSON documents;
//! 5. [`workbook`] (the blank template, the completed workbook) and
//!    [`report`] (the view model and its Tera rendering), which do not see
//!    each other;
//! 6. [`output`]: one workbook's files, written atomically;
//! 7. [`batch`]: `jixiao run` (discover, process, settle, publish; the
//!    ledger, the summary, the roster).
//!
//! [`config`] reads `jixiao.toml`. The binary (`src/main.rs`, `src/cmd/`)
//! owns the command line and the console and calls these entry points.

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
