//! `pnpm-lock.yaml`, lockfile versions 5 (`/name/1.2.3_peer@1.0.0:`), 6
//! (`/name@1.2.3(peer@1.0.0):`) and 9 (`name@1.2.3:`). Only the `packages:` section is read:
//! its keys are the resolved packages. Read line by line (keys sit two spaces in) so each
//! entry keeps its line.

use std::collections::HashSet;

use saphyr_parser::{Event, Parser};

use super::{catalog_error, file_name, LockEntry, LockfileSyntaxError, MIB};
use crate::catalog::{CatalogError, CatalogInput, Cataloger};
use crate::Package;

pub(crate) const CATALOGER: Cataloger = Cataloger {
    name: "pnpm-lock",
    wants,
    max_size: 64 * MIB,
    parse,
};

fn wants(path: &str) -> bool {
    file_name(path) == "pnpm-lock.yaml" && !path.contains("node_modules/")
}

fn parse(input: &CatalogInput<'_>) -> Result<Vec<Package>, CatalogError> {
    let entries =
        entries(&super::text(input)).map_err(|e| catalog_error(CATALOGER.name, input.path, e))?;
    Ok(super::npm_packages(entries, input.path))
}

/// The locked packages with their key lines, once the text is known to be a pnpm lockfile.
pub(crate) fn entries(text: &str) -> Result<Vec<LockEntry>, LockfileSyntaxError> {
    check_is_pnpm_lock(text)?;
    Ok(packages_section(text))
}

/// The line reader below skips what it does not recognise, so without this a file that is
/// not YAML (or not a lockfile) would read as a project without dependencies. An empty
/// file, or one of only comments, is an empty lock.
fn check_is_pnpm_lock(text: &str) -> Result<(), LockfileSyntaxError> {
    // saphyr's event parser (the one lookout_syntax builds its YAML tree on) reads the
    // whole stream; only the first document's top-level keys are looked at, no tree built.
    let mut documents = 0usize;
    let mut depth = 0usize;
    let mut root: Option<Root> = None;
    let mut at_key = true;
    let mut has_version = false;
    for event in Parser::new_from_str(text) {
        let (event, _) = event.map_err(|e| {
            LockfileSyntaxError::new(e.marker().line(), format!("not valid YAML: {}", e.info()))
        })?;
        let first = documents == 1;
        match event {
            Event::DocumentStart(_) => documents += 1,
            Event::MappingStart(..) | Event::SequenceStart(..) => {
                if first && depth == 0 {
                    root = Some(if matches!(event, Event::MappingStart(..)) {
                        Root::Mapping
                    } else {
                        Root::Other
                    });
                }
                if first && depth == 1 {
                    at_key = !at_key;
                }
                depth += 1;
            }
            Event::MappingEnd | Event::SequenceEnd => depth = depth.saturating_sub(1),
            Event::Scalar(value, ..) => {
                if first && depth == 0 {
                    let null = matches!(value.as_ref(), "" | "~" | "null" | "Null" | "NULL");
                    root = Some(if null { Root::Null } else { Root::Other });
                } else if first && depth == 1 && root == Some(Root::Mapping) {
                    has_version |= at_key && value == "lockfileVersion";
                    at_key = !at_key;
                }
            }
            Event::Alias(_) if first && depth == 1 => at_key = !at_key,
            _ => {}
        }
    }
    match root {
        None | Some(Root::Null) => Ok(()),
        Some(Root::Mapping) if has_version => Ok(()),
        Some(_) => Err(LockfileSyntaxError::new(
            1,
            "not a pnpm lockfile: no top-level lockfileVersion",
        )),
    }
}

/// What the first document of a stream is.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Root {
    Null,
    Mapping,
    Other,
}

fn packages_section(text: &str) -> Vec<LockEntry> {
    let mut slash_format = false;
    let mut in_packages = false;
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for (index, line) in text.lines().enumerate() {
        if let Some(version) = line.strip_prefix("lockfileVersion:") {
            let version = version.trim().trim_matches('\'').trim_matches('"');
            slash_format = version.starts_with('5') || version.starts_with('4');
            continue;
        }
        if !line.starts_with(' ') && !line.is_empty() {
            in_packages = line.trim_end() == "packages:";
            continue;
        }
        if !in_packages {
            continue;
        }
        let Some(key) = line
            .strip_prefix("  ")
            .filter(|rest| !rest.starts_with(' '))
            .and_then(|rest| rest.trim_end().strip_suffix(':'))
        else {
            continue;
        };
        let key = key.trim_matches('\'').trim_matches('"');
        let parsed = if slash_format {
            slash_key(key)
        } else {
            at_key(key)
        };
        if let Some((name, version)) = parsed {
            if seen.insert((name.to_owned(), version.to_owned())) {
                out.push(LockEntry::new(name, version, index + 1));
            }
        }
    }
    out
}

/// v5: `/@scope/name/1.2.3_peer@1.0.0` → (`@scope/name`, `1.2.3`).
fn slash_key(key: &str) -> Option<(&str, &str)> {
    let key = key.strip_prefix('/')?;
    let (name, version) = key.rsplit_once('/')?;
    let version = version.split('_').next()?;
    registry_version(version).then_some((name, version))
}

/// v6: `/name@1.2.3(peer@1.0.0)`; v9: `name@1.2.3`.
fn at_key(key: &str) -> Option<(&str, &str)> {
    let key = key.strip_prefix('/').unwrap_or(key);
    let key = key.split('(').next()?;
    let at = key.get(1..)?.rfind('@')? + 1;
    let (name, version) = (key.get(..at)?, key.get(at + 1..)?);
    registry_version(version).then_some((name, version))
}

/// Keys of tarball, git and link dependencies hold no registry version.
fn registry_version(version: &str) -> bool {
    version.chars().next().is_some_and(|c| c.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(text: &str) -> Vec<(String, String, u32)> {
        entries(text)
            .unwrap_or_else(|e| panic!("{e}"))
            .into_iter()
            .map(|e| (e.name, e.version, e.line))
            .collect()
    }

    #[test]
    fn invalid_yaml_and_non_lockfiles_are_errors() {
        let invalid = entries("lockfileVersion: [\n");
        assert!(
            invalid
                .as_ref()
                .is_err_and(|e| e.reason.starts_with("not valid YAML")),
            "{invalid:?}"
        );
        assert!(entries("- a\n- b\n").is_err());
        assert!(entries("name: app\nversion: 1.0.0\n").is_err());
        assert!((CATALOGER.parse)(&CatalogInput {
            path: "pnpm-lock.yaml",
            data: b"lockfileVersion: [\n",
        })
        .is_err());
    }

    #[test]
    fn lockfiles_without_packages_are_empty() {
        assert_eq!(entries("lockfileVersion: '9.0'\n"), Ok(Vec::new()));
        assert_eq!(
            entries("lockfileVersion: '9.0'\n\nsettings:\n  autoInstallPeers: true\n\nimporters:\n\n  .: {}\n"),
            Ok(Vec::new())
        );
        assert_eq!(entries(""), Ok(Vec::new()));
        assert_eq!(entries("# nothing yet\n"), Ok(Vec::new()));
    }

    #[test]
    fn v5_slash_keys_with_peer_suffixes() {
        let text = "lockfileVersion: 5.4\n\nspecifiers:\n  lodash: ^4.17.21\n\npackages:\n\n  /@babel/core/7.20.2:\n    resolution: {integrity: sha512-x}\n  /lodash/4.17.21:\n    dev: false\n  /react-dom/18.2.0_react@18.2.0:\n    dev: false\n";
        assert_eq!(
            pairs(text),
            vec![
                ("@babel/core".into(), "7.20.2".into(), 8),
                ("lodash".into(), "4.17.21".into(), 10),
                ("react-dom".into(), "18.2.0".into(), 12),
            ]
        );
    }

    #[test]
    fn v6_at_keys_with_peer_parentheses() {
        let text = "lockfileVersion: '6.0'\n\ndependencies:\n  lodash:\n    specifier: ^4.17.21\n    version: 4.17.21\n\npackages:\n\n  /@types/node@18.11.9:\n    resolution: {integrity: sha512-x}\n\n  /react-dom@18.2.0(react@18.2.0):\n    dev: false\n";
        assert_eq!(
            pairs(text),
            vec![
                ("@types/node".into(), "18.11.9".into(), 10),
                ("react-dom".into(), "18.2.0".into(), 13),
            ]
        );
    }

    #[test]
    fn v9_reads_packages_not_snapshots_or_importers() {
        let text = "lockfileVersion: '9.0'\n\nimporters:\n\n  .:\n    dependencies:\n      lodash:\n        specifier: 4.17.21\n        version: 4.17.21\n\npackages:\n\n  '@babel/parser@7.23.6':\n    resolution: {integrity: sha512-x}\n\n  lodash@4.17.21:\n    resolution: {integrity: sha512-y}\n\n  my-lib@https://codeload.github.com/a/b/tar.gz/abc:\n    resolution: {tarball: https://x}\n\nsnapshots:\n\n  lodash@4.17.21: {}\n";
        assert_eq!(
            pairs(text),
            vec![
                ("@babel/parser".into(), "7.23.6".into(), 13),
                ("lodash".into(), "4.17.21".into(), 16),
            ]
        );
    }
}
