//! The lockfile entry points an editor or a project scan uses: `for_lockfile` picks the
//! cataloger by file name, `locate_dependency_lines` gives each dependency's line. Runs on
//! trivy's package-lock and Cargo.lock fixtures from ../shared.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use lookout_image::catalog::lang::{for_lockfile, locate_dependency_lines};
use lookout_image::catalog::CatalogInput;

fn shared_text(relative: &str) -> String {
    let path = format!("{}/../../../shared/{relative}", manifest_dir());
    std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("this test needs ../shared ({path}): {e}"))
}

const NPM: &str = "suites/trivy-fanal/pkg/dependency/parser/nodejs/npm/testdata";
const CARGO: &str = "suites/trivy-fanal/pkg/dependency/parser/rust/cargo/testdata";

#[test]
fn lockfile_packages_and_lines_agree() {
    for (path, fixture) in [
        (
            "web/package-lock.json",
            format!("{NPM}/package-lock_v3.json"),
        ),
        (
            "web/package-lock.json",
            format!("{NPM}/package-lock_v1.json"),
        ),
        ("svc/Cargo.lock", format!("{CARGO}/cargo_v3.lock")),
    ] {
        let text = shared_text(&fixture);
        let cataloger = for_lockfile(path).expect("a lockfile cataloger");
        let packages = (cataloger.parse)(&CatalogInput {
            path,
            data: text.as_bytes(),
        })
        .unwrap();
        let located = locate_dependency_lines(path, &text);
        assert_eq!(packages.len(), located.len(), "{fixture}");
        let lines: Vec<&str> = text.lines().collect();
        for (pkg, (name, version, line)) in packages.iter().zip(&located) {
            assert_eq!((&pkg.name, &pkg.version), (name, version), "{fixture}");
            assert!(*line >= 1, "{fixture}: {name} has no line");
            let at = lines[(*line - 1) as usize];
            // The line names the package (npm key, or the Cargo [[package]] header just above
            // the name).
            let next = lines.get(*line as usize).copied().unwrap_or_default();
            assert!(
                at.contains(name.as_str()) || next.contains(name.as_str()),
                "{fixture}: line {line} `{at}` is not {name}"
            );
        }
    }
}

#[test]
fn non_lockfiles_have_no_cataloger_and_no_lines() {
    assert!(for_lockfile("src/main.rs").is_none());
    assert!(locate_dependency_lines("src/main.rs", "fn main() {}").is_empty());
    assert!(locate_dependency_lines("package-lock.json", "{ not json").is_empty());
}

/// The package directory at run time (cargo sets it for tests), not at compile time: a
/// test binary reused from another checkout's build must read this checkout's files.
fn manifest_dir() -> String {
    std::env::var("CARGO_MANIFEST_DIR").unwrap_or_else(|_| env!("CARGO_MANIFEST_DIR").to_owned())
}
