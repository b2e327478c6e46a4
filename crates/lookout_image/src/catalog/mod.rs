//! Catalogers: a name, the paths they want, and one parser from bytes to packages.
//! The registry is an explicit list (`ALL`), not self-registration.

pub mod lang;

use crate::Package;

/// Why a cataloger could not read a file. Becomes a located warning, never an abort.
#[derive(Debug, thiserror::Error)]
#[error("{cataloger}: {path}: {reason}")]
pub struct CatalogError {
    pub cataloger: &'static str,
    pub path: String,
    pub reason: String,
}

/// One file handed to a cataloger.
pub struct CatalogInput<'a> {
    /// Path inside the image or project, without a leading slash.
    pub path: &'a str,
    pub data: &'a [u8],
}

pub struct Cataloger {
    pub name: &'static str,
    /// Cheap pre-filter on the path (no leading slash) deciding whether `parse` gets the file.
    pub wants: fn(path: &str) -> bool,
    /// Files larger than this are skipped with a located warning.
    pub max_size: u64,
    /// Parses the file; `layer` of the returned packages is set by the caller.
    pub parse: fn(&CatalogInput<'_>) -> Result<Vec<Package>, CatalogError>,
}
