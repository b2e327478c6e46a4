//! PHP Composer: `vendor/composer/installed.json` (Composer 1: a list; Composer 2:
//! `{"packages": [...]}`) and a project's `composer.lock` (`packages` and `packages-dev`).

use serde::Deserialize;
use serde_json::Value;

use super::{catalog_error, file_name, package, LockEntry, MIB};
use crate::catalog::{CatalogError, CatalogInput, Cataloger};
use crate::{purl, Package};

pub(crate) const INSTALLED_CATALOGER: Cataloger = Cataloger {
    name: "composer-installed",
    wants: |path| path.ends_with("vendor/composer/installed.json"),
    max_size: 32 * MIB,
    parse: parse_installed,
};

pub(crate) const LOCK_CATALOGER: Cataloger = Cataloger {
    name: "composer-lock",
    wants: |path| file_name(path) == "composer.lock",
    max_size: 32 * MIB,
    parse: parse_lock,
};

#[derive(Deserialize)]
struct ComposerPackage {
    name: String,
    version: String,
    #[serde(default)]
    license: Value,
}

impl ComposerPackage {
    fn into_package(self, path: &str) -> Package {
        let purl = purl::composer(&self.name, &self.version);
        let licenses = match &self.license {
            Value::String(s) => vec![s.clone()],
            Value::Array(list) => list
                .iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect(),
            _ => Vec::new(),
        };
        let mut pkg = package(self.name, self.version, "Packagist", purl, path);
        pkg.licenses = licenses;
        pkg
    }
}

#[derive(Deserialize)]
#[serde(untagged)]
enum Installed {
    V2 { packages: Vec<ComposerPackage> },
    V1(Vec<ComposerPackage>),
}

fn parse_installed(input: &CatalogInput<'_>) -> Result<Vec<Package>, CatalogError> {
    let installed: Installed = serde_json::from_slice(input.data)
        .map_err(|e| catalog_error(INSTALLED_CATALOGER.name, input.path, e))?;
    let packages = match installed {
        Installed::V2 { packages } | Installed::V1(packages) => packages,
    };
    Ok(packages
        .into_iter()
        .map(|p| p.into_package(input.path))
        .collect())
}

#[derive(Deserialize)]
struct Lock {
    #[serde(default)]
    packages: Vec<ComposerPackage>,
    #[serde(default, rename = "packages-dev")]
    packages_dev: Vec<ComposerPackage>,
}

fn read_lock(text: &str) -> Result<Vec<ComposerPackage>, serde_json::Error> {
    let lock: Lock = serde_json::from_str(text)?;
    Ok(lock.packages.into_iter().chain(lock.packages_dev).collect())
}

fn parse_lock(input: &CatalogInput<'_>) -> Result<Vec<Package>, CatalogError> {
    let packages = read_lock(&super::text(input))
        .map_err(|e| catalog_error(LOCK_CATALOGER.name, input.path, e))?;
    Ok(packages
        .into_iter()
        .map(|p| p.into_package(input.path))
        .collect())
}

/// Each package's line is the line of its `"name": "vendor/package"` member.
pub(crate) fn lock_entries(text: &str) -> Result<Vec<LockEntry>, serde_json::Error> {
    let packages = read_lock(text)?;
    let lines: Vec<&str> = text.lines().collect();
    Ok(packages
        .into_iter()
        .map(|p| {
            let needle = format!("\"name\": \"{}\"", p.name);
            let line = lines
                .iter()
                .position(|l| l.contains(&needle))
                .map_or(0, |i| i + 1);
            LockEntry::new(p.name, p.version, line)
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    const LOCK: &str = r#"{
    "_readme": ["This file locks the dependencies of your project to a known state"],
    "content-hash": "abc",
    "packages": [
        {
            "name": "guzzlehttp/guzzle",
            "version": "7.5.0",
            "license": ["MIT"]
        },
        {
            "name": "laravel/framework",
            "version": "v9.41.0",
            "license": "MIT"
        }
    ],
    "packages-dev": [
        {
            "name": "phpunit/phpunit",
            "version": "9.5.26"
        }
    ]
}"#;

    #[test]
    fn composer_lock_with_lines() {
        let got: Vec<_> = lock_entries(LOCK)
            .unwrap_or_default()
            .into_iter()
            .map(|e| (e.name, e.version, e.line))
            .collect();
        assert_eq!(
            got,
            vec![
                ("guzzlehttp/guzzle".into(), "7.5.0".into(), 6),
                ("laravel/framework".into(), "v9.41.0".into(), 11),
                ("phpunit/phpunit".into(), "9.5.26".into(), 18),
            ]
        );
        let pkgs = parse_lock(&CatalogInput {
            path: "composer.lock",
            data: LOCK.as_bytes(),
        })
        .unwrap_or_default();
        assert_eq!(pkgs[1].purl, "pkg:composer/laravel/framework@v9.41.0");
        assert_eq!(pkgs[1].licenses, vec!["MIT".to_owned()]);
        assert_eq!(pkgs[1].ecosystem, "Packagist");
    }

    #[test]
    fn installed_json_both_layouts() {
        let v1 = br#"[{"name":"monolog/monolog","version":"1.27.1","license":["MIT"]}]"#;
        let v2 = br#"{"packages":[{"name":"monolog/monolog","version":"2.8.0"}],"dev":true}"#;
        let path = "var/www/vendor/composer/installed.json";
        assert!((INSTALLED_CATALOGER.wants)(path));
        for (data, version) in [(&v1[..], "1.27.1"), (&v2[..], "2.8.0")] {
            let got = parse_installed(&CatalogInput { path, data }).unwrap_or_default();
            assert_eq!(got.len(), 1);
            assert_eq!(got[0].version, version);
        }
        assert!(parse_installed(&CatalogInput { path, data: b"{}" }).is_err());
    }
}
