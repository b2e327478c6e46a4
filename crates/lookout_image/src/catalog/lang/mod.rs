//! Language-ecosystem catalogers: installed packages (node_modules, site-packages, jars,
//! gemspecs, binaries with embedded build info) and lockfiles (package-lock, yarn, pnpm,
//! poetry, requirements, Cargo.lock, go.mod, pom.xml, Gemfile.lock, composer.lock).
//!
//! Text lockfile parsers produce [`LockEntry`] values that keep the 1-based line of each
//! dependency, so the same code serves image scans ([`LANG_CATALOGERS`]) and the editor
//! ([`locate_dependency_lines`]).

mod cargo_auditable;
mod cargo_lock;
mod composer;
mod dotnet;
mod elf;
mod go_binary;
mod go_mod;
mod java_archive;
mod maven_pom;
mod npm_installed;
mod npm_lock;
mod pipfile_lock;
mod pnpm_lock;
mod python_installed;
mod python_lock;
mod ruby;
mod toml_lock;
mod yarn_lock;

use crate::catalog::{CatalogError, CatalogInput, Cataloger};
use crate::Package;

/// Every language cataloger, in a fixed order.
pub static LANG_CATALOGERS: &[Cataloger] = &[
    npm_installed::CATALOGER,
    npm_lock::CATALOGER,
    yarn_lock::CATALOGER,
    pnpm_lock::CATALOGER,
    python_installed::CATALOGER,
    python_lock::POETRY_CATALOGER,
    python_lock::REQUIREMENTS_CATALOGER,
    pipfile_lock::CATALOGER,
    go_binary::CATALOGER,
    go_mod::CATALOGER,
    cargo_lock::CATALOGER,
    cargo_auditable::CATALOGER,
    java_archive::CATALOGER,
    maven_pom::CATALOGER,
    ruby::GEMSPEC_CATALOGER,
    ruby::GEMFILE_LOCK_CATALOGER,
    composer::INSTALLED_CATALOGER,
    composer::LOCK_CATALOGER,
    dotnet::CATALOGER,
];

/// The cataloger that reads a project lockfile or manifest (by file name), for scanning a
/// project folder outside an image: package-lock.json, yarn.lock, pnpm-lock.yaml,
/// requirements*.txt, poetry.lock, Cargo.lock, go.mod, pom.xml, Gemfile.lock, composer.lock.
#[must_use]
pub fn for_lockfile(path: &str) -> Option<&'static Cataloger> {
    let cataloger = match lockfile_kind(path)? {
        LockfileKind::NpmLock => &npm_lock::CATALOGER,
        LockfileKind::Yarn => &yarn_lock::CATALOGER,
        LockfileKind::Pnpm => &pnpm_lock::CATALOGER,
        LockfileKind::Requirements => &python_lock::REQUIREMENTS_CATALOGER,
        LockfileKind::Poetry => &python_lock::POETRY_CATALOGER,
        LockfileKind::PipfileLock => &pipfile_lock::CATALOGER,
        LockfileKind::CargoLock => &cargo_lock::CATALOGER,
        LockfileKind::GoMod => &go_mod::CATALOGER,
        LockfileKind::Pom => &maven_pom::CATALOGER,
        LockfileKind::GemfileLock => &ruby::GEMFILE_LOCK_CATALOGER,
        LockfileKind::ComposerLock => &composer::LOCK_CATALOGER,
    };
    Some(cataloger)
}

/// `(name, version, 1-based line)` of every dependency a text lockfile declares, for editor
/// diagnostics. Unknown file names and unparsable text give an empty list.
#[must_use]
pub fn locate_dependency_lines(path: &str, text: &str) -> Vec<(String, String, u32)> {
    let entries = match lockfile_kind(path) {
        Some(LockfileKind::NpmLock) => npm_lock::entries(text).unwrap_or_default(),
        Some(LockfileKind::Yarn) => yarn_lock::entries(text).unwrap_or_default(),
        Some(LockfileKind::Pnpm) => pnpm_lock::entries(text).unwrap_or_default(),
        Some(LockfileKind::Requirements) => python_lock::requirements_entries(text),
        Some(LockfileKind::Poetry) => python_lock::poetry_entries(text).unwrap_or_default(),
        Some(LockfileKind::PipfileLock) => pipfile_lock::entries(text).unwrap_or_default(),
        Some(LockfileKind::CargoLock) => cargo_lock::entries(text).unwrap_or_default(),
        Some(LockfileKind::GoMod) => go_mod::entries(text).unwrap_or_default(),
        Some(LockfileKind::Pom) => maven_pom::entries(text).unwrap_or_default(),
        Some(LockfileKind::GemfileLock) => ruby::gemfile_lock_entries(text).unwrap_or_default(),
        Some(LockfileKind::ComposerLock) => composer::lock_entries(text).unwrap_or_default(),
        None => Vec::new(),
    };
    entries
        .into_iter()
        .map(|e| (e.name, e.version, e.line))
        .collect()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum LockfileKind {
    NpmLock,
    Yarn,
    Pnpm,
    Requirements,
    Poetry,
    PipfileLock,
    CargoLock,
    GoMod,
    Pom,
    GemfileLock,
    ComposerLock,
}

fn lockfile_kind(path: &str) -> Option<LockfileKind> {
    let name = file_name(path);
    Some(match name {
        "package-lock.json" | ".package-lock.json" | "npm-shrinkwrap.json" => LockfileKind::NpmLock,
        "yarn.lock" => LockfileKind::Yarn,
        "pnpm-lock.yaml" => LockfileKind::Pnpm,
        "poetry.lock" => LockfileKind::Poetry,
        "Pipfile.lock" => LockfileKind::PipfileLock,
        "Cargo.lock" => LockfileKind::CargoLock,
        "go.mod" => LockfileKind::GoMod,
        "pom.xml" => LockfileKind::Pom,
        "Gemfile.lock" => LockfileKind::GemfileLock,
        "composer.lock" => LockfileKind::ComposerLock,
        _ if python_lock::is_requirements_name(name) => LockfileKind::Requirements,
        _ => return None,
    })
}

/// One dependency declared by a lockfile, with the 1-based line that declares it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct LockEntry {
    pub name: String,
    pub version: String,
    pub line: u32,
}

impl LockEntry {
    pub(crate) fn new(name: impl Into<String>, version: impl Into<String>, line: usize) -> Self {
        Self {
            name: name.into(),
            version: version.into(),
            line: u32::try_from(line).unwrap_or(u32::MAX),
        }
    }
}

/// Why a hand-read lockfile is not one: it must fail the scan (exit 2, or a warning in a
/// folder scan) rather than read as a file with no dependencies.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {reason}")]
pub(crate) struct LockfileSyntaxError {
    /// 1-based line where the file stops making sense.
    pub line: usize,
    pub reason: String,
}

impl LockfileSyntaxError {
    pub(crate) fn new(line: usize, reason: impl Into<String>) -> Self {
        Self {
            line,
            reason: reason.into(),
        }
    }
}

/// The last path segment.
pub(crate) fn file_name(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

/// A package as the language catalogers produce it: no source package, no arch, layer 0
/// (the walker sets the layer).
/// npm packages from lockfile entries (package-lock, yarn.lock and pnpm-lock alike).
pub(crate) fn npm_packages(entries: Vec<LockEntry>, path: &str) -> Vec<Package> {
    entries
        .into_iter()
        .map(|e| {
            let purl = crate::purl::npm(&e.name, &e.version);
            package(e.name, e.version, "npm", purl, path)
        })
        .collect()
}

pub(crate) fn package(
    name: impl Into<String>,
    version: impl Into<String>,
    ecosystem: &str,
    purl: String,
    path: &str,
) -> Package {
    Package {
        name: name.into(),
        version: version.into(),
        ecosystem: ecosystem.to_owned(),
        source_name: None,
        source_version: None,
        purl,
        licenses: Vec::new(),
        path: path.to_owned(),
        layer: 0,
        arch: None,
    }
}

pub(crate) fn catalog_error(
    cataloger: &'static str,
    path: &str,
    reason: impl std::fmt::Display,
) -> CatalogError {
    CatalogError {
        cataloger,
        path: path.to_owned(),
        reason: reason.to_string(),
    }
}

/// The file as UTF-8 text (lossy: lockfiles are text, a stray byte should not hide the rest).
pub(crate) fn text<'d>(input: &CatalogInput<'d>) -> std::borrow::Cow<'d, str> {
    String::from_utf8_lossy(input.data)
}

const MIB: u64 = 1024 * 1024;

#[cfg(test)]
pub(crate) mod test_support {

    /// The package directory at run time (cargo sets it for tests), not at compile
    /// time: a test binary reused from another checkout's build must read this one's files.
    pub(crate) fn manifest_dir() -> String {
        std::env::var("CARGO_MANIFEST_DIR")
            .unwrap_or_else(|_| env!("CARGO_MANIFEST_DIR").to_owned())
    }
    use crate::catalog::{CatalogInput, Cataloger};
    use crate::Package;

    /// Reads a file from ../shared (the third-party suites); panics with a plain message when
    /// ../shared is absent, so the test fails instead of passing silently.
    pub fn shared(relative: &str) -> Vec<u8> {
        let path = format!("{}/../../../shared/{relative}", manifest_dir());
        std::fs::read(&path).unwrap_or_else(|e| panic!("this test needs ../shared ({path}): {e}"))
    }

    pub fn run(cataloger: &Cataloger, path: &str, data: &[u8]) -> Vec<Package> {
        assert!(
            (cataloger.wants)(path),
            "{} should want {path}",
            cataloger.name
        );
        match (cataloger.parse)(&CatalogInput { path, data }) {
            Ok(packages) => packages,
            Err(e) => panic!("{e}"),
        }
    }

    pub fn pairs(packages: &[Package]) -> Vec<(String, String)> {
        packages
            .iter()
            .map(|p| (p.name.clone(), p.version.clone()))
            .collect()
    }

    pub fn has(packages: &[Package], name: &str, version: &str) -> bool {
        packages
            .iter()
            .any(|p| p.name == name && p.version == version)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lockfiles_map_to_their_catalogers() {
        let name = |p: &str| for_lockfile(p).map(|c| c.name);
        assert_eq!(name("app/package-lock.json"), Some("npm-lock"));
        assert_eq!(name("yarn.lock"), Some("yarn-lock"));
        assert_eq!(name("x/pnpm-lock.yaml"), Some("pnpm-lock"));
        assert_eq!(name("requirements-dev.txt"), Some("python-requirements"));
        assert_eq!(name("poetry.lock"), Some("poetry-lock"));
        assert_eq!(name("app/Pipfile.lock"), Some("pipfile-lock"));
        assert_eq!(name("Cargo.lock"), Some("cargo-lock"));
        assert_eq!(name("go.mod"), Some("go-mod"));
        assert_eq!(name("pom.xml"), Some("maven-pom"));
        assert_eq!(name("Gemfile.lock"), Some("gemfile-lock"));
        assert_eq!(name("composer.lock"), Some("composer-lock"));
        assert_eq!(name("README.md"), None);
    }

    #[test]
    fn every_lockfile_cataloger_is_registered() {
        for path in [
            "package-lock.json",
            "yarn.lock",
            "pnpm-lock.yaml",
            "requirements.txt",
            "poetry.lock",
            "Pipfile.lock",
            "Cargo.lock",
            "go.mod",
            "pom.xml",
            "Gemfile.lock",
            "composer.lock",
        ] {
            let cataloger = for_lockfile(path).map(|c| c.name);
            assert!(
                LANG_CATALOGERS.iter().any(|c| Some(c.name) == cataloger),
                "{path}"
            );
        }
    }

    /// Truncated and corrupted copies of real inputs must give `Ok` or `Err`, never a panic.
    #[test]
    fn damaged_inputs_never_panic() {
        let fixtures = [
            (
                "app/bin/test",
                "suites/trivy-fanal/pkg/dependency/parser/golang/binary/testdata/test.elf",
            ),
            (
                "app/bin/exp",
                "suites/trivy-fanal/pkg/dependency/parser/golang/binary/testdata/goexperiment",
            ),
            (
                "app/nested.jar",
                "suites/trivy-fanal/pkg/dependency/parser/java/jar/testdata/nested.jar",
            ),
            (
                "app/package-lock.json",
                "suites/trivy-fanal/pkg/dependency/parser/nodejs/npm/testdata/package-lock_v1.json",
            ),
            (
                "Cargo.lock",
                "suites/trivy-fanal/pkg/dependency/parser/rust/cargo/testdata/cargo_v3.lock",
            ),
        ];
        for (path, fixture) in fixtures {
            let data = test_support::shared(fixture);
            let step = (data.len() / 40).max(1);
            for cut in (0..data.len()).step_by(step) {
                let mut damaged = data.get(..cut).unwrap_or_default().to_vec();
                for cataloger in LANG_CATALOGERS.iter().filter(|c| (c.wants)(path)) {
                    let _ = (cataloger.parse)(&CatalogInput {
                        path,
                        data: &damaged,
                    });
                }
                // Flip bytes in a full copy too: corrupt lengths and pointers, not just EOF.
                damaged.clone_from(&data);
                for i in (cut..damaged.len()).step_by(step.max(7)) {
                    if let Some(b) = damaged.get_mut(i) {
                        *b = b.wrapping_mul(31).wrapping_add(7);
                    }
                }
                for cataloger in LANG_CATALOGERS.iter().filter(|c| (c.wants)(path)) {
                    let _ = (cataloger.parse)(&CatalogInput {
                        path,
                        data: &damaged,
                    });
                }
            }
        }
        for cataloger in LANG_CATALOGERS {
            for data in [
                &b""[..],
                b"\x7fELF",
                b"PK\x03\x04",
                b"{\"packages\":{\"\":1}}",
                b"\xff\xfe",
            ] {
                let _ = (cataloger.parse)(&CatalogInput { path: "x", data });
            }
        }
    }

    #[test]
    fn dependency_lines_for_requirements() {
        let text = "# pinned\nDjango==2.2\n\nrequests==2.19.0 # http\n";
        assert_eq!(
            locate_dependency_lines("requirements.txt", text),
            vec![
                ("Django".to_owned(), "2.2".to_owned(), 2),
                ("requests".to_owned(), "2.19.0".to_owned(), 4)
            ]
        );
    }
}
