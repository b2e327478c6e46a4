//! Reads container image archives and catalogs their packages. Pure: takes a
//! [`RandomAccess`] source and returns data; builds for wasm32.

pub mod catalog;
pub mod package;
pub mod purl;

pub use package::Package;
