//! jixiao (绩效): reads the standard department workbook of the yearly expenditure
//! performance self-evaluation (部门整体支出绩效自评、项目支出绩效自评), validates it
//! cell by cell, and reports every problem at its cell.
//!
//! The stages, each a module, in the order data flows:
//! discover → [`read`] (cells and defined names) → [`model`] → [`validate`]
//! (findings as data) → [`score`] → [`view`] (the report's view model) →
//! [`render`] (Tera templates) and [`complete`] (the completed workbook) →
//! [`output`] (atomic writes). [`fields`] is the contract every stage shares.

pub mod batch;
pub mod cell;
pub mod check;
pub mod cli;
pub mod coerce;
pub mod complete;
pub mod config;
pub mod console;
pub mod docs;
pub mod fields;
pub mod fill;
pub mod finding;
pub mod framework;
pub mod guard;
pub mod ledger;
pub mod metrics;
pub mod model;
pub mod output;
pub mod read;
pub mod render;
pub mod roster;
pub mod score;
pub mod sniff;
pub mod summary;
pub mod target;
pub mod template;
pub mod validate;
pub mod view;
