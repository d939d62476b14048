//! From a file's bytes to the typed department model: name the format by
//! content ([`sniff`]), refuse hostile files ([`guard`]), read cells and
//! defined names ([`read`]), parse every cell by its kind (`coerce`) into
//! the model ([`model`]); a project workbook's one sheet is read by `form`
//! into the same model. [`isolate`] reads in worker processes, so that a
//! file that aborts the reader ends only its worker.

pub(crate) mod coerce;
mod form;
pub mod guard;
pub mod isolate;
pub mod model;
pub mod read;
pub mod sniff;
