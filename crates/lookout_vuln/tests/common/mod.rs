//! Locating `../shared` (the suites and OSV data beside the repository clone).

use std::path::PathBuf;

/// `<repo>/../shared`; panics with a plain message when it is missing, so a test
/// that needs it fails instead of passing silently.
pub fn shared_dir() -> PathBuf {
    let dir = PathBuf::from(format!("{}/../../../shared", manifest_dir()));
    assert!(
        dir.is_dir(),
        "this test needs ../shared beside the repository (suites and OSV data); not found at {}",
        dir.display()
    );
    dir
}

/// The package directory at run time (cargo sets it for tests), not at compile time: a
/// test binary reused from another checkout's build must read this checkout's files.
pub fn manifest_dir() -> String {
    std::env::var("CARGO_MANIFEST_DIR").unwrap_or_else(|_| env!("CARGO_MANIFEST_DIR").to_owned())
}
