//! `go.mod`: the `require` directives (single-line and blocks), with `replace` directives
//! applied. A replacement by another module version reports that module and version; a
//! replacement by a local directory drops the module, since it is built from the project's
//! own source (Trivy does the same, after `modfile.IsDirectoryPath`).

use std::collections::HashMap;

use super::{catalog_error, file_name, package, LockEntry, LockfileSyntaxError, MIB};
use crate::catalog::{CatalogError, CatalogInput, Cataloger};
use crate::{purl, Package};

pub(crate) const CATALOGER: Cataloger = Cataloger {
    name: "go-mod",
    wants: |path| file_name(path) == "go.mod",
    max_size: 4 * MIB,
    parse,
};

fn parse(input: &CatalogInput<'_>) -> Result<Vec<Package>, CatalogError> {
    let entries =
        entries(&super::text(input)).map_err(|e| catalog_error(CATALOGER.name, input.path, e))?;
    Ok(entries
        .into_iter()
        .map(|e| {
            let purl = purl::golang(&e.name, &e.version);
            package(e.name, e.version, "Go", purl, input.path)
        })
        .collect())
}

/// A replaced module, and the version the replacement is limited to (if any).
type ReplacedModule = (String, Option<String>);

/// What a `replace` directive puts in place of a module.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Replacement {
    /// Another module path at a version.
    Module { path: String, version: String },
    /// A directory in or beside the project: no registry module at all.
    LocalDirectory,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Block {
    None,
    Require,
    Replace,
    Other,
}

/// The directives `go mod` knows; anything else means the file is not a go.mod (Go's own
/// parser rejects it too).
const DIRECTIVES: &[&str] = &[
    "module",
    "go",
    "toolchain",
    "godebug",
    "require",
    "replace",
    "exclude",
    "retract",
    "tool",
    "ignore",
];

/// The required modules with replacements applied. A go.mod with only its `module` line is
/// empty; one with an unknown directive, a `require` without a version, a `replace`
/// without `=>` or a block left open is an error, not an empty file.
pub(crate) fn entries(text: &str) -> Result<Vec<LockEntry>, LockfileSyntaxError> {
    let mut required = Vec::new();
    // module (and optional version) → replacement module and version
    let mut replacements: HashMap<ReplacedModule, Replacement> = HashMap::new();
    // The open block and the line that opened it.
    let mut block = (Block::None, 0);
    for (index, raw) in text.lines().enumerate() {
        let number = index + 1;
        let line = raw.split("//").next().unwrap_or_default().trim();
        if line.is_empty() {
            continue;
        }
        if block.0 != Block::None {
            if line == ")" {
                block = (Block::None, 0);
                continue;
            }
            match block.0 {
                Block::Require => required.push(requirement(line, number)?),
                Block::Replace => replacements.extend([replacement(line, number)?]),
                _ => {}
            }
            continue;
        }
        let (directive, rest) = line.split_once(char::is_whitespace).unwrap_or((line, ""));
        let rest = rest.trim();
        if !DIRECTIVES.contains(&directive) {
            return Err(LockfileSyntaxError::new(
                number,
                format!("unknown directive {directive}"),
            ));
        }
        if rest.is_empty() {
            return Err(LockfileSyntaxError::new(
                number,
                format!("{directive} needs an argument"),
            ));
        }
        if rest == "()" {
            // An empty block on one line.
            continue;
        }
        match (directive, rest == "(") {
            ("require", true) => block = (Block::Require, number),
            ("replace", true) => block = (Block::Replace, number),
            (_, true) => block = (Block::Other, number),
            ("require", false) => required.push(requirement(rest, number)?),
            ("replace", false) => replacements.extend([replacement(rest, number)?]),
            _ => {}
        }
    }
    if block.0 != Block::None {
        return Err(LockfileSyntaxError::new(
            block.1,
            "the block opened here is never closed",
        ));
    }
    Ok(required
        .into_iter()
        .filter_map(|mut entry| {
            // A version-specific replacement wins over one for every version (Go's rule).
            let by_version = replacements.get(&(entry.name.clone(), Some(entry.version.clone())));
            let any_version = replacements.get(&(entry.name.clone(), None));
            match by_version.or(any_version) {
                Some(Replacement::Module { path, version }) => {
                    entry.name.clone_from(path);
                    entry.version.clone_from(version);
                }
                Some(Replacement::LocalDirectory) => return None,
                None => {}
            }
            Some(entry)
        })
        .collect())
}

/// `module v1.2.3` → entry.
fn requirement(spec: &str, line: usize) -> Result<LockEntry, LockfileSyntaxError> {
    let mut parts = spec.split_whitespace();
    match (parts.next(), parts.next()) {
        (Some(module), Some(version)) => {
            Ok(LockEntry::new(module.trim_matches('"'), version, line))
        }
        _ => Err(LockfileSyntaxError::new(
            line,
            format!("require {spec}: expected a module path and a version"),
        )),
    }
}

/// `old [v] => new v2` or `old [v] => ./dir`.
fn replacement(
    spec: &str,
    line: usize,
) -> Result<(ReplacedModule, Replacement), LockfileSyntaxError> {
    let malformed = || {
        LockfileSyntaxError::new(
            line,
            format!("replace {spec}: expected old [version] => new [version]"),
        )
    };
    let (old, new) = spec.split_once("=>").ok_or_else(malformed)?;
    let mut old = old.split_whitespace();
    let old_module = old
        .next()
        .ok_or_else(malformed)?
        .trim_matches('"')
        .to_owned();
    let old_version = old.next().map(str::to_owned);
    let mut new = new.split_whitespace();
    let new_path = new.next().ok_or_else(malformed)?.trim_matches('"');
    let replacement = match new.next() {
        Some(version) if !is_directory_path(new_path) => Replacement::Module {
            path: new_path.to_owned(),
            version: version.to_owned(),
        },
        // Go accepts a replacement without a version only for a directory path.
        _ => Replacement::LocalDirectory,
    };
    Ok(((old_module, old_version), replacement))
}

/// `modfile.IsDirectoryPath`: `./x`, `../x`, `.`, `..`, `/abs`, and their Windows forms.
fn is_directory_path(path: &str) -> bool {
    let bytes = path.as_bytes();
    let windows_drive = bytes.len() >= 3
        && bytes.first().is_some_and(u8::is_ascii_alphabetic)
        && bytes.get(1) == Some(&b':')
        && matches!(bytes.get(2), Some(b'\\' | b'/'));
    matches!(path, "." | "..")
        || ["./", "../", "/", ".\\", "..\\", "\\"]
            .iter()
            .any(|prefix| path.starts_with(prefix))
        || windows_drive
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requires_with_replacements() {
        let text = "module example.com/app\n\ngo 1.21\n\nrequire github.com/pkg/errors v0.9.1\n\nrequire (\n\tgolang.org/x/sys v0.10.0 // indirect\n\tgithub.com/old/mod v1.0.0\n\tgithub.com/local/mod v1.1.0\n)\n\nreplace github.com/old/mod => github.com/new/mod v1.2.0\n\nreplace (\n\tgithub.com/local/mod => ../mod\n)\n\nexclude (\n\tgithub.com/x/y v1.0.0\n)\n";
        let got: Vec<_> = entries(text)
            .unwrap_or_default()
            .into_iter()
            .map(|e| (e.name, e.version, e.line))
            .collect();
        assert_eq!(
            got,
            vec![
                ("github.com/pkg/errors".into(), "v0.9.1".into(), 5),
                ("golang.org/x/sys".into(), "v0.10.0".into(), 8),
                ("github.com/new/mod".into(), "v1.2.0".into(), 9),
            ]
        );
    }

    fn triples(text: &str) -> Vec<(String, String, u32)> {
        entries(text)
            .unwrap_or_else(|e| panic!("{e}"))
            .into_iter()
            .map(|e| (e.name, e.version, e.line))
            .collect()
    }

    #[test]
    fn local_directory_replacements_drop_the_module() {
        for target in [
            "./third_party/text",
            "../text",
            "/src/text",
            ".",
            "C:\\src\\text",
        ] {
            let text = format!(
                "module example.com/app\n\nrequire (\n\tgolang.org/x/text v0.3.5\n\tgithub.com/pkg/errors v0.9.1\n)\n\nreplace golang.org/x/text => {target}\n"
            );
            assert_eq!(
                triples(&text),
                vec![("github.com/pkg/errors".into(), "v0.9.1".into(), 5)],
                "{target}"
            );
        }
    }

    #[test]
    fn versioned_replacements_report_the_replacement() {
        let text = "module m\n\nrequire (\n\tgolang.org/x/text v0.3.5\n\tgolang.org/x/net v0.1.0\n\tgolang.org/x/sys v0.2.0\n)\n\nreplace golang.org/x/text => golang.org/x/text v0.3.8\nreplace golang.org/x/net v0.0.9 => github.com/fork/net v0.5.0\nreplace golang.org/x/sys v0.2.0 => github.com/fork/sys v0.6.0\nreplace golang.org/x/sys => ../sys\n";
        assert_eq!(
            triples(text),
            vec![
                ("golang.org/x/text".into(), "v0.3.8".into(), 4),
                // The replacement names another version: this one stays.
                ("golang.org/x/net".into(), "v0.1.0".into(), 5),
                // The version-specific replacement wins over the directory one.
                ("github.com/fork/sys".into(), "v0.6.0".into(), 6),
            ]
        );
    }

    #[test]
    fn broken_go_mod_is_an_error() {
        let line_of = |text: &str| entries(text).map_err(|e| e.line);
        assert_eq!(line_of("module\nrequire (\n  x\n"), Err(1));
        assert_eq!(line_of("module m\nrequire (\n  x\n)\n"), Err(3));
        assert_eq!(line_of("module m\nrequire (\n  x v1.0.0\n"), Err(2));
        assert_eq!(line_of("module m\nrequire x\n"), Err(2));
        assert_eq!(line_of("module m\nreplace x v1\n"), Err(2));
        assert_eq!(line_of("module m\nreplace x =>\n"), Err(2));
        assert_eq!(line_of("{\"not\": \"go.mod\"}\n"), Err(1));
        assert!((CATALOGER.parse)(&CatalogInput {
            path: "go.mod",
            data: b"module\nrequire (\n  x\n",
        })
        .is_err());
    }

    #[test]
    fn module_line_only_is_empty() {
        assert_eq!(entries("module example.com/app\n"), Ok(Vec::new()));
        assert_eq!(
            entries("// comment\nmodule example.com/app\n\ngo 1.22\n\ntoolchain go1.22.1\n\nrequire ()\n"),
            Ok(Vec::new())
        );
        assert_eq!(entries(""), Ok(Vec::new()));
    }
}
