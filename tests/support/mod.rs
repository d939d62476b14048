//! Shared helpers of the integration tests: building workbooks from the
//! template, editing them, and crafting hostile files.
#![allow(dead_code)]

pub mod fidelity;
pub mod hostile;
pub mod mail;
pub mod print;
pub mod workbook;
