//! Pipenv's `Pipfile.lock`: JSON whose `default` and `develop` maps take a PyPI name to
//! `{"version": "==2.2.7", "hashes": […], …}`. Both maps count (as `packages-dev` does in
//! composer.lock and dev entries in package-lock): a dev dependency installed in an image is
//! still installed. Entries without an exact `==` version (VCS, path and editable installs)
//! say nothing a PyPI advisory can match, and are skipped.

use serde::Deserialize;
use serde_json::Value;

use super::{catalog_error, file_name, package, LockEntry, MIB};
use crate::catalog::{CatalogError, CatalogInput, Cataloger};
use crate::{purl, Package};

pub(crate) const CATALOGER: Cataloger = Cataloger {
    name: "pipfile-lock",
    wants: |path| file_name(path) == "Pipfile.lock",
    max_size: 32 * MIB,
    parse,
};

/// The sections of a Pipfile.lock that list packages, in the order pipenv writes them.
const SECTIONS: [&str; 2] = ["default", "develop"];

#[derive(Deserialize)]
struct PipfileLock {
    #[serde(default)]
    default: serde_json::Map<String, Value>,
    #[serde(default)]
    develop: serde_json::Map<String, Value>,
}

fn parse(input: &CatalogInput<'_>) -> Result<Vec<Package>, CatalogError> {
    let entries =
        entries(&super::text(input)).map_err(|e| catalog_error(CATALOGER.name, input.path, e))?;
    Ok(entries
        .into_iter()
        .map(|e| {
            let purl = purl::pypi(&e.name, &e.version);
            package(e.name, e.version, "PyPI", purl, input.path)
        })
        .collect())
}

/// Every pinned package of `default` then `develop` in file order, with the line that
/// names it; a package locked in both sections at one version is listed once.
pub(crate) fn entries(text: &str) -> Result<Vec<LockEntry>, serde_json::Error> {
    let lock: PipfileLock = serde_json::from_str(text)?;
    let mut out: Vec<LockEntry> = Vec::new();
    for (section, packages) in SECTIONS.iter().zip([&lock.default, &lock.develop]) {
        let section_start = text.find(&format!("\"{section}\"")).unwrap_or(0);
        for (name, details) in packages {
            let Some(version) = details
                .get("version")
                .and_then(Value::as_str)
                .and_then(exact_version)
            else {
                continue;
            };
            if out.iter().any(|e| e.name == *name && e.version == version) {
                continue;
            }
            out.push(LockEntry::new(
                name.clone(),
                version,
                key_line(text, section_start, name),
            ));
        }
    }
    // serde_json's map is sorted by key; give the packages in file order instead.
    out.sort_by_key(|e| e.line);
    Ok(out)
}

/// `==2.2.7` (or `===2.2.7`) → `2.2.7`; anything else is not one version.
fn exact_version(spec: &str) -> Option<&str> {
    let version = spec
        .trim()
        .strip_prefix("===")
        .or_else(|| spec.trim().strip_prefix("=="))?
        .trim();
    let is_pin = !version.is_empty() && !version.contains(['*', ',', '<', '>', '!', '~', ';', ' ']);
    is_pin.then_some(version)
}

/// The 1-based line of `"name":` at or after `from` (the section's key), else line 1.
fn key_line(text: &str, from: usize, name: &str) -> usize {
    let key = format!("\"{name}\"");
    let offset = text
        .get(from..)
        .and_then(|rest| rest.find(&key))
        .map_or(0, |i| from + i);
    text.get(..offset)
        .map_or(1, |before| before.matches('\n').count() + 1)
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{pairs, run};
    use super::*;

    const LOCK: &str = r#"{
    "_meta": {
        "hash": {"sha256": "0"},
        "pipfile-spec": 6,
        "requires": {"python_version": "3.8"},
        "sources": [{"name": "pypi", "url": "https://pypi.org/simple", "verify_ssl": true}]
    },
    "default": {
        "django": {
            "hashes": ["sha256:1", "sha256:2"],
            "index": "pypi",
            "version": "==2.2.7"
        },
        "Zope.Interface": {
            "version": "==5.0"
        },
        "mylib": {
            "editable": true,
            "path": "."
        },
        "requests": {
            "git": "https://github.com/psf/requests.git",
            "ref": "main"
        }
    },
    "develop": {
        "pytest": {
            "version": "==6.2.5"
        },
        "django": {
            "version": "==2.2.7"
        }
    }
}
"#;

    #[test]
    fn default_and_develop_are_read_and_unpinned_entries_skipped() {
        let got = run(&CATALOGER, "app/Pipfile.lock", LOCK.as_bytes());
        assert_eq!(
            pairs(&got),
            vec![
                ("django".to_owned(), "2.2.7".to_owned()),
                ("Zope.Interface".to_owned(), "5.0".to_owned()),
                ("pytest".to_owned(), "6.2.5".to_owned()),
            ]
        );
        assert!(got.iter().all(|p| p.ecosystem == "PyPI"));
        assert!(got.iter().all(|p| p.path == "app/Pipfile.lock"));
        assert_eq!(got[0].purl, "pkg:pypi/django@2.2.7");
        assert_eq!(got[1].purl, purl::pypi("Zope.Interface", "5.0"));
    }

    #[test]
    fn lines_point_at_the_package_key() {
        let lines: Vec<(String, u32)> = entries(LOCK)
            .unwrap_or_default()
            .into_iter()
            .map(|e| (e.name, e.line))
            .collect();
        assert_eq!(
            lines,
            vec![
                ("django".to_owned(), 9),
                ("Zope.Interface".to_owned(), 14),
                ("pytest".to_owned(), 27),
            ]
        );
    }

    #[test]
    fn only_exact_pins_are_versions() {
        assert_eq!(exact_version("==2.2.7"), Some("2.2.7"));
        assert_eq!(exact_version("===1.0+local"), Some("1.0+local"));
        assert_eq!(exact_version(">=2.0"), None);
        assert_eq!(exact_version("==2.*"), None);
        assert_eq!(exact_version("*"), None);
        assert_eq!(exact_version("=="), None);
    }

    #[test]
    fn wrong_shapes_are_errors_or_empty_never_panics() {
        assert!((CATALOGER.parse)(&CatalogInput {
            path: "Pipfile.lock",
            data: b"[1, 2]",
        })
        .is_err());
        assert!((CATALOGER.parse)(&CatalogInput {
            path: "Pipfile.lock",
            data: b"{\"default\": {\"x\": 1, \"y\": {\"version\": 3}}}",
        })
        .is_ok_and(|p| p.is_empty()));
        assert!(!(CATALOGER.wants)("app/Pipfile"));
    }
}
