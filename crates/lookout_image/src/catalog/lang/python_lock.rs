//! Python project lockfiles: `poetry.lock` and `requirements*.txt` pins (`name==version`).
//! Ranges (`>=`, `~=`) are not versions and are skipped: only an exact pin says what gets
//! installed.

use super::{catalog_error, file_name, package, toml_lock, LockEntry, MIB};
use crate::catalog::{CatalogError, CatalogInput, Cataloger};
use crate::{purl, Package};

pub(crate) const POETRY_CATALOGER: Cataloger = Cataloger {
    name: "poetry-lock",
    wants: |path| file_name(path) == "poetry.lock",
    max_size: 32 * MIB,
    parse: parse_poetry,
};

pub(crate) const REQUIREMENTS_CATALOGER: Cataloger = Cataloger {
    name: "python-requirements",
    // Requirement files shipped inside installed packages describe their test setups, not
    // what the image runs.
    wants: |path| {
        is_requirements_name(file_name(path))
            && !["site-packages/", "dist-packages/", "node_modules/"]
                .iter()
                .any(|dir| path.contains(dir))
    },
    max_size: 4 * MIB,
    parse: parse_requirements,
};

/// `requirements.txt`, `requirements-dev.txt`, `requirements_test.txt`, …
pub(crate) fn is_requirements_name(name: &str) -> bool {
    name.starts_with("requirements") && name.ends_with(".txt")
}

fn to_packages(entries: Vec<LockEntry>, path: &str) -> Vec<Package> {
    entries
        .into_iter()
        .map(|e| {
            let purl = purl::pypi(&e.name, &e.version);
            package(e.name, e.version, "PyPI", purl, path)
        })
        .collect()
}

fn parse_poetry(input: &CatalogInput<'_>) -> Result<Vec<Package>, CatalogError> {
    let entries = poetry_entries(&super::text(input))
        .map_err(|e| catalog_error(POETRY_CATALOGER.name, input.path, e))?;
    Ok(to_packages(entries, input.path))
}

pub(crate) fn poetry_entries(text: &str) -> Result<Vec<LockEntry>, toml::de::Error> {
    toml_lock::entries(text)
}

fn parse_requirements(input: &CatalogInput<'_>) -> Result<Vec<Package>, CatalogError> {
    Ok(to_packages(
        requirements_entries(&super::text(input)),
        input.path,
    ))
}

pub(crate) fn requirements_entries(text: &str) -> Vec<LockEntry> {
    let mut out = Vec::new();
    let mut logical = String::new();
    let mut start_line = 0;
    for (index, raw) in text.lines().enumerate() {
        if logical.is_empty() {
            start_line = index + 1;
        }
        // ` #` starts a comment; `#` inside a URL fragment (`#egg=`) is not preceded by space.
        let line = match raw.find(" #") {
            Some(i) => raw.get(..i).unwrap_or(raw),
            None if raw.trim_start().starts_with('#') => "",
            None => raw,
        };
        if let Some(continued) = line.trim_end().strip_suffix('\\') {
            logical.push_str(continued);
            logical.push(' ');
            continue;
        }
        logical.push_str(line);
        if let Some((name, version)) = pin(&logical) {
            out.push(LockEntry::new(name, version, start_line));
        }
        logical.clear();
    }
    out
}

/// `name[extra]==1.2.3 ; python_version < "3.8" --hash=sha256:…` → (`name`, `1.2.3`).
fn pin(line: &str) -> Option<(&str, &str)> {
    let line = line.trim();
    if line.starts_with('-') {
        return None; // options: -r, -e, --index-url, …
    }
    let requirement = line.split(';').next()?.trim();
    let (name_part, version_part) = requirement.split_once("==")?;
    let version = version_part
        .trim_start_matches('=')
        .split_whitespace()
        .next()?
        .trim_end_matches(',');
    let name = name_part.split('[').next()?.trim();
    let valid_name = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
    // `==1.0.*` is a range, not a pin.
    (valid_name && !version.is_empty() && !version.contains('*')).then_some((name, version))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn triples(entries: Vec<LockEntry>) -> Vec<(String, String, u32)> {
        entries
            .into_iter()
            .map(|e| (e.name, e.version, e.line))
            .collect()
    }

    #[test]
    fn wants_project_requirement_files() {
        let wants = REQUIREMENTS_CATALOGER.wants;
        assert!(wants("app/requirements.txt") && wants("requirements-dev.txt"));
        assert!(!wants("usr/lib/python3/dist-packages/x/requirements.txt"));
        assert!(!wants("app/requirements.in"));
    }

    #[test]
    fn requirements_pins_only() {
        let text = "# comment\n-r base.txt\nDjango==2.2\nrequests>=2.0\nJinja2[i18n]==2.10 ; python_version >= \"3\"\nurllib3==1.24.1 \\\n    --hash=sha256:abc\nflask==1.0.*\n-e git+https://x/y.git#egg=z\nPyYAML===5.3  # exact\n";
        assert_eq!(
            triples(requirements_entries(text)),
            vec![
                ("Django".into(), "2.2".into(), 3),
                ("Jinja2".into(), "2.10".into(), 5),
                ("urllib3".into(), "1.24.1".into(), 6),
                ("PyYAML".into(), "5.3".into(), 10),
            ]
        );
    }

    #[test]
    fn poetry_lock_packages_with_header_lines() {
        let text = "# This file is automatically @generated by Poetry\n\n[[package]]\nname = \"certifi\"\nversion = \"2022.12.7\"\ndescription = \"x\"\noptional = false\n\n[package.extras]\n\n[[package]]\nname = \"Django\"\nversion = \"4.1.4\"\n\n[metadata]\nlock-version = \"2.0\"\n";
        assert_eq!(
            triples(poetry_entries(text).unwrap_or_default()),
            vec![
                ("certifi".into(), "2022.12.7".into(), 3),
                ("Django".into(), "4.1.4".into(), 11),
            ]
        );
        let pkgs = parse_poetry(&CatalogInput {
            path: "poetry.lock",
            data: text.as_bytes(),
        })
        .unwrap_or_default();
        assert_eq!(pkgs[1].purl, "pkg:pypi/django@4.1.4");
        assert!(parse_poetry(&CatalogInput {
            path: "poetry.lock",
            data: b"[[package]\n",
        })
        .is_err());
    }
}
