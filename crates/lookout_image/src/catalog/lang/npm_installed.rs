//! npm packages installed on disk: `node_modules/<name>/package.json` and
//! `node_modules/@scope/<name>/package.json`. Each installed copy is its own package, nested
//! copies (`node_modules/a/node_modules/b`) included. The app's own package.json outside
//! node_modules is a manifest, not an installed package, and is not wanted.

use serde_json::Value;

use super::{catalog_error, package, MIB};
use crate::catalog::{CatalogError, CatalogInput, Cataloger};
use crate::{purl, Package};

pub(crate) const CATALOGER: Cataloger = Cataloger {
    name: "npm-installed",
    wants,
    max_size: 4 * MIB,
    parse,
};

fn wants(path: &str) -> bool {
    let Some(dir) = path.strip_suffix("/package.json") else {
        return false;
    };
    // The directory must be `…node_modules/<name>` or `…node_modules/@scope/<name>`.
    let mut segments = dir.rsplit('/');
    let (Some(last), Some(parent)) = (segments.next(), segments.next()) else {
        return false;
    };
    if last.is_empty() || last.starts_with('.') {
        return false;
    }
    if parent == "node_modules" {
        return !last.starts_with('@');
    }
    parent.starts_with('@') && segments.next() == Some("node_modules")
}

fn parse(input: &CatalogInput<'_>) -> Result<Vec<Package>, CatalogError> {
    let json: Value = serde_json::from_slice(input.data)
        .map_err(|e| catalog_error(CATALOGER.name, input.path, e))?;
    let (Some(name), Some(version)) = (
        json.get("name").and_then(Value::as_str),
        json.get("version").and_then(Value::as_str),
    ) else {
        // A package.json without name or version is not a published package.
        return Ok(Vec::new());
    };
    if name.is_empty() || version.is_empty() {
        return Ok(Vec::new());
    }
    let mut pkg = package(name, version, "npm", purl::npm(name, version), input.path);
    pkg.licenses = licenses(&json);
    Ok(vec![pkg])
}

/// `license` as a string or `{type}`, or the legacy `licenses` array.
pub(crate) fn licenses(json: &Value) -> Vec<String> {
    fn one(value: &Value) -> Option<String> {
        match value {
            Value::String(s) if !s.is_empty() => Some(s.clone()),
            Value::Object(o) => o.get("type").and_then(Value::as_str).map(str::to_owned),
            _ => None,
        }
    }
    if let Some(license) = json.get("license").and_then(one) {
        return vec![license];
    }
    json.get("licenses")
        .and_then(Value::as_array)
        .map(|list| list.iter().filter_map(one).collect())
        .unwrap_or_default()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::catalog::lang::test_support::{pairs, run, shared};

    const HAPPY: &str = "suites/trivy-fanal/pkg/fanal/analyzer/language/nodejs/npm/testdata/happy";

    #[test]
    fn wants_installed_package_manifests_only() {
        assert!(wants("app/node_modules/lodash/package.json"));
        assert!(wants("node_modules/@babel/parser/package.json"));
        assert!(wants(
            "a/node_modules/mkdirp/node_modules/minimist/package.json"
        ));
        assert!(!wants("app/package.json"));
        assert!(!wants("app/node_modules/lodash/test/package.json"));
        assert!(!wants("app/node_modules/@babel/package.json"));
        assert!(!wants("app/node_modules/.package-lock.json"));
    }

    #[test]
    fn reads_trivy_fixtures_including_scoped_and_nested_copies() {
        let mut found = Vec::new();
        for rel in [
            "node_modules/@babel/parser/package.json",
            "node_modules/ms/package.json",
            "node_modules/express/node_modules/ms/package.json",
            "node_modules/body-parser/package.json",
        ] {
            let path = format!("app/{rel}");
            found.extend(run(&CATALOGER, &path, &shared(&format!("{HAPPY}/{rel}"))));
        }
        let got = pairs(&found);
        assert!(got.contains(&("@babel/parser".into(), "7.23.6".into())));
        assert!(got.contains(&("body-parser".into(), "1.18.3".into())));
        assert!(got.contains(&("ms".into(), "2.1.1".into())));
        assert!(got.contains(&("ms".into(), "2.0.0".into())));
        let babel = found.iter().find(|p| p.name == "@babel/parser").unwrap();
        assert_eq!(babel.purl, "pkg:npm/%40babel/parser@7.23.6");
        assert_eq!(babel.licenses, vec!["MIT".to_owned()]);
        assert_eq!(babel.ecosystem, "npm");
    }

    #[test]
    fn manifest_without_version_is_not_a_package() {
        let got = run(
            &CATALOGER,
            "node_modules/x/package.json",
            br#"{"name":"x"}"#,
        );
        assert!(got.is_empty());
        let err = (CATALOGER.parse)(&CatalogInput {
            path: "node_modules/x/package.json",
            data: b"{",
        });
        assert!(err.is_err());
    }
}
