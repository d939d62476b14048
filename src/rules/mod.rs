//! What the finance office's rules say about a department model: the
//! evaluation frameworks ([`framework`]), the indicators computed exactly
//! ([`metrics`]) or by a framework's own formula ([`formula`]), validation as findings ([`validate`]) and scoring
//! ([`score`], with project targets in [`target`]), and the numbers of the
//! prose against the tables ([`claims`]), and what a version of a
//! submission changed against the one it replaces ([`revision`]), and
//! last year's submission beside this year's ([`prior`]). Pure
//! functions of the model; nothing here reads or writes files.

pub mod claims;
pub mod formula;
pub mod framework;
pub mod metrics;
pub mod prior;
pub mod revision;
pub mod score;
pub mod settings;
pub mod target;
pub mod validate;
