//! Locating `../shared` (the suites and OSV data beside the repository clone).

use std::path::PathBuf;

/// `<repo>/../shared`; panics with a plain message when it is missing, so a test
/// that needs it fails instead of passing silently.
pub fn shared_dir() -> PathBuf {
    let dir = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared"));
    assert!(
        dir.is_dir(),
        "this test needs ../shared beside the repository (suites and OSV data); not found at {}",
        dir.display()
    );
    dir
}
