//! `go.mod`: the `require` directives (single-line and blocks), with versioned `replace`
//! directives applied. Local-path replacements keep the required module: that is the name
//! advisories use.

use std::collections::HashMap;

use super::{file_name, package, LockEntry, MIB};
use crate::catalog::{CatalogError, CatalogInput, Cataloger};
use crate::{purl, Package};

pub(crate) const CATALOGER: Cataloger = Cataloger {
    name: "go-mod",
    wants: |path| file_name(path) == "go.mod",
    max_size: 4 * MIB,
    parse,
};

fn parse(input: &CatalogInput<'_>) -> Result<Vec<Package>, CatalogError> {
    Ok(entries(&super::text(input))
        .into_iter()
        .map(|e| {
            let purl = purl::golang(&e.name, &e.version);
            package(e.name, e.version, "Go", purl, input.path)
        })
        .collect())
}

/// A replaced module, and the version the replacement is limited to (if any).
type ReplacedModule = (String, Option<String>);

#[derive(Clone, Copy, PartialEq, Eq)]
enum Block {
    None,
    Require,
    Replace,
    Other,
}

pub(crate) fn entries(text: &str) -> Vec<LockEntry> {
    let mut required = Vec::new();
    // module (and optional version) → replacement module and version
    let mut replacements: HashMap<ReplacedModule, (String, String)> = HashMap::new();
    let mut block = Block::None;
    for (index, raw) in text.lines().enumerate() {
        let line = raw.split("//").next().unwrap_or_default().trim();
        if line.is_empty() {
            continue;
        }
        if block != Block::None {
            if line == ")" {
                block = Block::None;
                continue;
            }
            match block {
                Block::Require => required.extend(requirement(line, index + 1)),
                Block::Replace => replacements.extend(replacement(line)),
                _ => {}
            }
            continue;
        }
        let (directive, rest) = line.split_once(char::is_whitespace).unwrap_or((line, ""));
        let rest = rest.trim();
        let opens_block = rest == "(";
        match (directive, opens_block) {
            ("require", true) => block = Block::Require,
            ("replace", true) => block = Block::Replace,
            (_, true) => block = Block::Other,
            ("require", false) => required.extend(requirement(rest, index + 1)),
            ("replace", false) => replacements.extend(replacement(rest)),
            _ => {}
        }
    }
    required
        .into_iter()
        .map(|mut entry| {
            let by_version = replacements.get(&(entry.name.clone(), Some(entry.version.clone())));
            let any_version = replacements.get(&(entry.name.clone(), None));
            if let Some((module, version)) = by_version.or(any_version) {
                entry.name.clone_from(module);
                entry.version.clone_from(version);
            }
            entry
        })
        .collect()
}

/// `module v1.2.3` → entry.
fn requirement(spec: &str, line: usize) -> Option<LockEntry> {
    let mut parts = spec.split_whitespace();
    let module = parts.next()?.trim_matches('"');
    let version = parts.next()?;
    Some(LockEntry::new(module, version, line))
}

/// `old [v] => new v2` (versioned replacements only).
fn replacement(spec: &str) -> Option<(ReplacedModule, (String, String))> {
    let (old, new) = spec.split_once("=>")?;
    let mut old = old.split_whitespace();
    let old_module = old.next()?.to_owned();
    let old_version = old.next().map(str::to_owned);
    let mut new = new.split_whitespace();
    let new_module = new.next()?.to_owned();
    let new_version = new.next()?.to_owned();
    Some(((old_module, old_version), (new_module, new_version)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requires_with_replacements() {
        let text = "module example.com/app\n\ngo 1.21\n\nrequire github.com/pkg/errors v0.9.1\n\nrequire (\n\tgolang.org/x/sys v0.10.0 // indirect\n\tgithub.com/old/mod v1.0.0\n\tgithub.com/local/mod v1.1.0\n)\n\nreplace github.com/old/mod => github.com/new/mod v1.2.0\n\nreplace (\n\tgithub.com/local/mod => ../mod\n)\n\nexclude (\n\tgithub.com/x/y v1.0.0\n)\n";
        let got: Vec<_> = entries(text)
            .into_iter()
            .map(|e| (e.name, e.version, e.line))
            .collect();
        assert_eq!(
            got,
            vec![
                ("github.com/pkg/errors".into(), "v0.9.1".into(), 5),
                ("golang.org/x/sys".into(), "v0.10.0".into(), 8),
                ("github.com/new/mod".into(), "v1.2.0".into(), 9),
                ("github.com/local/mod".into(), "v1.1.0".into(), 10),
            ]
        );
    }
}
