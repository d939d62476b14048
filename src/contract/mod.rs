//! What every stage shares and nothing else owns: the workbook contract (the
//! field catalogue), cell values and positions, findings, and how numbers are
//! rounded and written. It imports no other module of the crate.

pub mod cell;
pub mod fields;
pub mod finding;
pub mod number;
pub mod os;
pub mod unit;
