//! Installed Python distributions: `*.dist-info/METADATA` (wheels), `*.egg-info/PKG-INFO`,
//! `*.egg-info` single files, `EGG-INFO/PKG-INFO` in unpacked eggs and zipped `*.egg` files.
//! The core-metadata header (RFC 822 style, up to the first blank line) holds Name, Version
//! and the license fields.

use std::io::{Cursor, Read};

use super::{catalog_error, package, MIB};
use crate::catalog::{CatalogError, CatalogInput, Cataloger};
use crate::{purl, Package};

pub(crate) const CATALOGER: Cataloger = Cataloger {
    name: "python-installed",
    wants,
    max_size: 16 * MIB,
    parse,
};

fn wants(path: &str) -> bool {
    path.ends_with(".dist-info/METADATA")
        || path.ends_with(".egg-info/PKG-INFO")
        || path.ends_with("/EGG-INFO/PKG-INFO")
        || path.ends_with(".egg-info")
        || path.ends_with(".egg")
}

fn parse(input: &CatalogInput<'_>) -> Result<Vec<Package>, CatalogError> {
    if input.path.ends_with(".egg") {
        return parse_egg_zip(input);
    }
    Ok(
        from_metadata(&String::from_utf8_lossy(input.data), input.path)
            .into_iter()
            .collect(),
    )
}

/// A zipped egg holds its metadata at `EGG-INFO/PKG-INFO`.
fn parse_egg_zip(input: &CatalogInput<'_>) -> Result<Vec<Package>, CatalogError> {
    let mut archive = zip::ZipArchive::new(Cursor::new(input.data))
        .map_err(|e| catalog_error(CATALOGER.name, input.path, e))?;
    let Ok(file) = archive.by_name("EGG-INFO/PKG-INFO") else {
        return Ok(Vec::new());
    };
    let mut text = String::new();
    // Bounded read: metadata is small; a bigger entry is not metadata we trust.
    file.take(MIB)
        .read_to_string(&mut text)
        .map_err(|e| catalog_error(CATALOGER.name, input.path, e))?;
    Ok(from_metadata(&text, input.path).into_iter().collect())
}

/// Name, Version and licenses from a core-metadata header.
fn from_metadata(text: &str, path: &str) -> Option<Package> {
    let mut name = None;
    let mut version = None;
    let mut license_expression = None;
    let mut license = None;
    let mut classifier_licenses = Vec::new();
    for line in text.lines() {
        if line.trim().is_empty() {
            break; // the body (long description) follows the header
        }
        let Some((key, value)) = line.split_once(':') else {
            continue;
        };
        let value = value.trim();
        match key {
            "Name" => name = Some(value),
            "Version" => version = Some(value),
            "License-Expression" => license_expression = Some(value),
            "License" => license = Some(value),
            "Classifier" => {
                if let Some(l) = value.strip_prefix("License :: ") {
                    let l = l.rsplit(" :: ").next().unwrap_or(l);
                    classifier_licenses.push(l.to_owned());
                }
            }
            _ => {}
        }
    }
    let (name, version) = (
        name.filter(|n| !n.is_empty())?,
        version.filter(|v| !v.is_empty())?,
    );
    let mut pkg = package(name, version, "PyPI", purl::pypi(name, version), path);
    pkg.licenses = match (license_expression, license) {
        (Some(expr), _) if !expr.is_empty() => vec![expr.to_owned()],
        // Long license texts pasted into `License:` are not identifiers.
        (_, Some(l)) if !l.is_empty() && l != "UNKNOWN" && l.len() < 100 => vec![l.to_owned()],
        _ => classifier_licenses,
    };
    Some(pkg)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::lang::test_support::{pairs, run, shared};

    const PARSER: &str = "suites/trivy-fanal/pkg/dependency/parser/python/packaging/testdata";
    const ANALYZER: &str =
        "suites/trivy-fanal/pkg/fanal/analyzer/language/python/packaging/testdata";

    fn one(path: &str, fixture: &str) -> Vec<(String, String)> {
        pairs(&run(&CATALOGER, path, &shared(fixture)))
    }

    #[test]
    fn trivy_metadata_fixtures() {
        let cases = [
            (
                "setuptools-51.3.3-py3.8.egg-info.PKG-INFO",
                "setuptools",
                "51.3.3",
            ),
            ("unidecode-egg-info.PKG-INFO", "Unidecode", "0.4.1"),
            ("simple-0.1.0.METADATA", "simple", "0.1.0"),
            ("distlib-0.3.1.METADATA", "distlib", "0.3.1"),
            ("asyncssh-2.14.2.METADATA", "asyncssh", "2.14.2"),
            ("pyphen-0.14.0.METADATA", "pyphen", "0.14.0"),
            ("iniconfig-2.0.0.METADATA", "iniconfig", "2.0.0"),
            ("zipp-3.12.1.METADATA", "zipp", "3.12.1"),
            ("networkx-3.0.METADATA", "networkx", "3.0"),
        ];
        for (file, name, version) in cases {
            let path = "usr/lib/python3/site-packages/x.dist-info/METADATA";
            assert_eq!(
                one(path, &format!("{PARSER}/{file}")),
                vec![(name.to_owned(), version.to_owned())],
                "{file}"
            );
        }
        assert_eq!(
            one(
                "site-packages/distlib-0.3.1-py3.9.egg-info",
                &format!("{PARSER}/distlib-0.3.1-py3.9.egg-info")
            ),
            vec![("distlib".to_owned(), "0.3.1".to_owned())]
        );
    }

    #[test]
    fn licenses_prefer_expression_then_field_then_classifiers() {
        let path = "a.dist-info/METADATA";
        let iniconfig = run(
            &CATALOGER,
            path,
            &shared(&format!("{PARSER}/iniconfig-2.0.0.METADATA")),
        );
        assert_eq!(iniconfig[0].licenses, vec!["MIT".to_owned()]);
        let zipp = run(
            &CATALOGER,
            path,
            &shared(&format!("{PARSER}/zipp-3.12.1.METADATA")),
        );
        assert_eq!(zipp[0].licenses, vec!["MIT License".to_owned()]);
        assert_eq!(zipp[0].purl, "pkg:pypi/zipp@3.12.1");
    }

    #[test]
    fn zipped_eggs() {
        assert_eq!(
            one(
                "usr/lib/python2.7/site-packages/kitchen-1.2.6-py2.7.egg",
                &format!("{ANALYZER}/egg-zip/kitchen-1.2.6-py2.7.egg")
            ),
            vec![("kitchen".to_owned(), "1.2.6".to_owned())]
        );
        assert!(one(
            "x/no-required-files.egg",
            &format!("{ANALYZER}/no-req-files/no-required-files.egg")
        )
        .is_empty());
    }

    #[test]
    fn wants_metadata_files_only() {
        assert!(wants(
            "usr/local/lib/python3.11/site-packages/Django-2.2.dist-info/METADATA"
        ));
        assert!(wants("x/wrapt-1.12.1.egg-info/PKG-INFO"));
        assert!(!wants("x/Django-2.2.dist-info/RECORD"));
        assert!(!wants("random/PKG-INFO"));
    }
}
