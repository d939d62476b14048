//! Writing workbooks: the blank standard template ([`template`], from the
//! [`inputs`] a department typed, the [`options`] not fixed by the contract,
//! the [`layout`] of every key, its `styles`, `validations` and
//! `instructions` sheet), the completed workbook ([`complete`], the
//! department's own package edited by `package`) and
//! workbooks filled from a readable source ([`fill`]); text cut to what a
//! cell holds ([`cell_text`]).

pub mod cell_text;
pub mod complete;
pub mod fill;
pub mod inputs;
mod instructions;
pub mod layout;
pub mod options;
pub(crate) mod package;
pub mod project;
pub(crate) mod styles;
pub mod template;
mod validations;
