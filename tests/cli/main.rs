//! The integration tests: one binary, driving the library and the `jixiao`
//! binary on fixture workbooks and reading the results back.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "../support/mod.rs"]
mod support;

mod architecture;
mod batch;
mod claims;
mod console;
mod documents;
mod exit_codes;
mod fidelity;
mod findings;
mod formats;
mod frameworks;
mod history;
mod hostile;
mod isolation;
mod mail;
mod not_applicable;
mod previous;
mod print;
mod project_workbook;
mod public;
mod recalc;
mod report;
mod revision;
mod roundtrip;
mod samples;
mod scoring;
mod settings;
