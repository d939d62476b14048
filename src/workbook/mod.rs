//! Writing workbooks: the blank standard template and its layout
//! ([`template`]), the completed workbook ([`complete`]) and workbooks filled
//! from a readable source ([`fill`]).

pub mod complete;
pub mod fill;
pub mod template;
