//! Catalogers: a name, the paths they want, and one parser from bytes to packages.
//! The registry is an explicit list ([`all`]), not self-registration.

pub mod apk;
pub mod dpkg;
pub mod lang;
pub mod rpm;

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

/// Placeholder ecosystems distro catalogers emit; the merge step replaces them with the
/// release-qualified OSV name of the detected OS (`Debian:12`, `Alpine:v3.18`, …) and
/// rebuilds the purl with the distro qualifier.
pub mod distro {
    pub const DEB: &str = "deb";
    pub const APK: &str = "apk";
    pub const RPM: &str = "rpm";

    /// True for an ecosystem a distro cataloger left for the merge step to fill in.
    pub fn is_placeholder(ecosystem: &str) -> bool {
        matches!(ecosystem, DEB | APK | RPM)
    }
}

/// Operating-system package databases.
pub static OS_CATALOGERS: &[Cataloger] = &[dpkg::CATALOGER, apk::CATALOGER, rpm::CATALOGER];

/// Every cataloger, OS first, then the language ecosystems.
pub fn all() -> Vec<&'static Cataloger> {
    OS_CATALOGERS.iter().chain(lang::LANG_CATALOGERS).collect()
}
