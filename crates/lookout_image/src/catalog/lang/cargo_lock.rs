//! `Cargo.lock` (all lockfile versions): every `[[package]]`, the workspace's own crates
//! included (they have no `source`), ecosystem `crates.io`.

use super::{catalog_error, file_name, package, toml_lock, LockEntry, MIB};
use crate::catalog::{CatalogError, CatalogInput, Cataloger};
use crate::{purl, Package};

pub(crate) const CATALOGER: Cataloger = Cataloger {
    name: "cargo-lock",
    wants: |path| file_name(path) == "Cargo.lock",
    max_size: 32 * MIB,
    parse,
};

fn parse(input: &CatalogInput<'_>) -> Result<Vec<Package>, CatalogError> {
    let entries =
        entries(&super::text(input)).map_err(|e| catalog_error(CATALOGER.name, input.path, e))?;
    Ok(entries
        .into_iter()
        .map(|e| {
            let purl = purl::cargo(&e.name, &e.version);
            package(e.name, e.version, "crates.io", purl, input.path)
        })
        .collect())
}

pub(crate) fn entries(text: &str) -> Result<Vec<LockEntry>, toml::de::Error> {
    toml_lock::entries(text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::lang::test_support::{has, run, shared};

    const DIR: &str = "suites/trivy-fanal/pkg/dependency/parser/rust/cargo/testdata";

    #[test]
    fn v3_lockfile_with_local_crate() {
        let got = run(
            &CATALOGER,
            "app/Cargo.lock",
            &shared(&format!("{DIR}/cargo_v3.lock")),
        );
        assert_eq!(got.len(), 9);
        assert!(has(&got, "aho-corasick", "0.7.20") && has(&got, "app", "0.1.0"));
        assert_eq!(got[0].purl, "pkg:cargo/aho-corasick@0.7.20");
        assert_eq!(got[0].ecosystem, "crates.io");
    }

    #[test]
    fn older_formats_and_invalid_toml() {
        for name in ["cargo_normal.lock", "cargo_mixed.lock"] {
            let got = run(&CATALOGER, "Cargo.lock", &shared(&format!("{DIR}/{name}")));
            assert_eq!(got.len(), 8, "{name}");
        }
        let invalid = shared(&format!("{DIR}/cargo_invalid.lock"));
        assert!((CATALOGER.parse)(&CatalogInput {
            path: "Cargo.lock",
            data: &invalid
        })
        .is_err());
    }

    #[test]
    fn entry_lines_are_package_headers() {
        let text = String::from_utf8_lossy(&shared(&format!("{DIR}/cargo_v3.lock"))).into_owned();
        let got = entries(&text).unwrap_or_default();
        assert_eq!((got[0].name.as_str(), got[0].line), ("aho-corasick", 5));
        assert_eq!((got[1].name.as_str(), got[1].line), ("app", 14));
    }
}
