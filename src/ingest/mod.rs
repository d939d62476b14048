//! From a file's bytes to the typed department model: name the format by
//! content ([`sniff`]), refuse hostile files ([`guard`]), read cells and
//! defined names ([`read`]), parse every cell by its kind (`coerce`) into
//! the model ([`model`]).

pub(crate) mod coerce;
pub mod guard;
pub mod model;
pub mod read;
pub mod sniff;
