//! Indicator frameworks (评分表) as data: every province scores with its own
//! table, so a framework is a TOML file a finance office can copy and edit
//! without rebuilding jixiao. This module loads one, checks it (points add up
//! at every level, metrics exist, bands cover their domain) and reports each
//! mistake with its file:line. The format is documented in `docs/frameworks.md`;
//! a file says which version of it it is written in (`format`), and a file of
//! the first version, written before the key existed, reads as it always did,
//! with notes ([`FrameworkNote`]) where an id now has a clearer spelling.
//!
//! The checked framework is `table` (its indicators, and how projects are
//! weighted and graded) with `grades` and each indicator's `rule`; `load`
//! reads a file into it (the optional `[projects]` table through
//! `projects`, numbers through `number`); `registry` holds the built-ins and
//! the frameworks of a run.

mod grades;
mod load;
mod number;
mod projects;
mod registry;
mod rule;
mod table;

#[cfg(test)]
mod tests;

pub use load::{FrameworkError, FrameworkNote};
pub use registry::Frameworks;
pub(crate) use rule::Outcome;
pub use rule::{Band, ChecklistItem, Measure, Rule, Worse};
pub use table::{Framework, Indicator, Level1, Level2};
pub(crate) use table::{ProjectGroup, ProjectScoring};

#[cfg(test)]
pub(crate) use load::parse;
#[cfg(test)]
pub(crate) use registry::BUILTIN;
#[cfg(test)]
pub(crate) use rule::Interval;
