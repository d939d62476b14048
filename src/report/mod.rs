//! The narrative report: the view model that says everything in Rust
//! ([`view`]), and its rendering through Tera templates ([`render`]).

pub mod document;
pub mod render;
pub mod view;

#[cfg(test)]
mod tests;
