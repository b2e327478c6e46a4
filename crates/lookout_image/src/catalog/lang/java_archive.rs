//! Java archives (.jar, .war, .ear, .par), nested archives included (Spring Boot
//! `BOOT-INF/lib/*.jar`, `WEB-INF/lib/*.jar`, shaded jars), each package identified by:
//! 1. every `pom.properties` (normally `META-INF/maven/<g>/<a>/`) (groupId, artifactId, version) — the Maven
//!    coordinates the build wrote; shaded jars carry one per bundled artifact;
//! 2. otherwise the main section of `META-INF/MANIFEST.MF` (Implementation-* and Bundle-*
//!    fields) together with the file name;
//! 3. otherwise the file name (`name-1.2.3.jar`) alone.
//!
//! Paths of packages found inside an archive use `outer.jar!/inner.jar!/entry`. Nesting
//! depth and the bytes inflated for nested archives are bounded.

use std::collections::HashMap;
use std::io::{Cursor, Read};

use super::{catalog_error, file_name, package, MIB};
use crate::catalog::{CatalogError, CatalogInput, Cataloger};
use crate::{purl, Package};

pub(crate) const CATALOGER: Cataloger = Cataloger {
    name: "java-archive",
    wants,
    max_size: 512 * MIB,
    parse,
};

/// Archives nested deeper than this are not opened (a fat jar inside a war is depth 2).
const MAX_DEPTH: usize = 4;
/// Inflated bytes spent on nested archives per top-level archive.
const NESTED_BUDGET: u64 = 1024 * MIB;
/// One nested archive is held in memory while it is scanned.
const MAX_NESTED_ARCHIVE: u64 = 256 * MIB;
/// Metadata entries (pom.properties, MANIFEST.MF) larger than this are not metadata.
const MAX_METADATA: u64 = MIB;

fn wants(path: &str) -> bool {
    is_archive_name(file_name(path))
}

fn is_archive_name(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    [".jar", ".war", ".ear", ".par", ".jpi", ".hpi"]
        .iter()
        .any(|ext| lower.ends_with(ext))
}

fn parse(input: &CatalogInput<'_>) -> Result<Vec<Package>, CatalogError> {
    let mut out = Vec::new();
    let mut budget = NESTED_BUDGET;
    scan_archive(input.data, input.path, 0, &mut budget, &mut out)
        .map_err(|e| catalog_error(CATALOGER.name, input.path, e))?;
    Ok(out)
}

type Archive<'d> = zip::ZipArchive<Cursor<&'d [u8]>>;

fn scan_archive(
    data: &[u8],
    path: &str,
    depth: usize,
    budget: &mut u64,
    out: &mut Vec<Package>,
) -> Result<(), zip::result::ZipError> {
    let mut archive = zip::ZipArchive::new(Cursor::new(data))?;
    let names: Vec<String> = archive.file_names().map(str::to_owned).collect();

    let mut own = 0;
    for name in names.iter().filter(|n| is_pom_properties(n)) {
        let Some(text) = read_small(&mut archive, name) else {
            continue;
        };
        if let Some(pkg) = from_pom_properties(&text, &format!("{path}!/{name}")) {
            out.push(pkg);
            own += 1;
        }
    }
    if own == 0 {
        let manifest = read_small(&mut archive, "META-INF/MANIFEST.MF")
            .map(|text| parse_manifest(&text))
            .unwrap_or_default();
        out.extend(from_manifest_or_file_name(&manifest, path));
    }

    if depth + 1 < MAX_DEPTH {
        for name in names.iter().filter(|n| is_archive_name(n)) {
            let Some(nested) = read_nested(&mut archive, name, budget) else {
                continue;
            };
            // A corrupt nested archive hides only itself.
            let _ = scan_archive(&nested, &format!("{path}!/{name}"), depth + 1, budget, out);
        }
    }
    Ok(())
}

fn is_pom_properties(name: &str) -> bool {
    name == "pom.properties" || name.ends_with("/pom.properties")
}

fn read_small(archive: &mut Archive<'_>, name: &str) -> Option<String> {
    let file = archive.by_name(name).ok()?;
    if file.size() > MAX_METADATA {
        return None;
    }
    let mut bytes = Vec::new();
    file.take(MAX_METADATA).read_to_end(&mut bytes).ok()?;
    Some(String::from_utf8_lossy(&bytes).into_owned())
}

fn read_nested(archive: &mut Archive<'_>, name: &str, budget: &mut u64) -> Option<Vec<u8>> {
    let file = archive.by_name(name).ok()?;
    let size = file.size();
    if size > *budget || size > MAX_NESTED_ARCHIVE {
        return None;
    }
    *budget -= size;
    // The declared size may lie; `take` bounds the read, the capacity is only a hint.
    let mut bytes = Vec::with_capacity(usize::try_from(size.min(16 * MIB)).ok()?);
    file.take(size).read_to_end(&mut bytes).ok()?;
    Some(bytes)
}

/// Java properties: `key=value` or `key: value`, `#`/`!` comments.
fn parse_properties(text: &str) -> HashMap<&str, &str> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#') && !l.starts_with('!'))
        .filter_map(|l| {
            let split = l.find(['=', ':'])?;
            Some((l.get(..split)?.trim(), l.get(split + 1..)?.trim()))
        })
        .collect()
}

fn from_pom_properties(text: &str, path: &str) -> Option<Package> {
    let props = parse_properties(text);
    let group = props.get("groupId").copied().filter(|s| !s.is_empty())?;
    let artifact = props.get("artifactId").copied().filter(|s| !s.is_empty())?;
    let version = props.get("version").copied().filter(|s| !s.is_empty())?;
    Some(maven_package(group, artifact, version, path))
}

fn maven_package(group: &str, artifact: &str, version: &str, path: &str) -> Package {
    let name = if group.is_empty() {
        artifact.to_owned()
    } else {
        format!("{group}:{artifact}")
    };
    package(
        name,
        version,
        "Maven",
        purl::maven(group, artifact, version),
        path,
    )
}

/// The main section of a manifest (up to the first blank line), continuation lines joined.
fn parse_manifest(text: &str) -> HashMap<String, String> {
    let normalized = text.replace("\r\n", "\n").replace('\r', "\n");
    let mut fields = HashMap::new();
    let mut last_key: Option<String> = None;
    for line in normalized.lines() {
        if line.is_empty() {
            break;
        }
        if let Some(continued) = line.strip_prefix(' ') {
            if let Some(value) = last_key.as_ref().and_then(|k| fields.get_mut(k)) {
                let value: &mut String = value;
                value.push_str(continued);
            }
            continue;
        }
        if let Some((key, value)) = line.split_once(':') {
            fields.insert(key.trim().to_owned(), value.trim().to_owned());
            last_key = Some(key.trim().to_owned());
        }
    }
    fields
}

/// Artifacts Maven Central publishes under a group equal to (or known for) their artifact id
/// and whose jars carry no pom.properties; the manifest cannot tell their group.
const LEGACY_GROUPS: &[(&str, &str)] = &[
    ("log4j", "log4j"),
    ("junit", "junit"),
    ("commons-beanutils", "commons-beanutils"),
    ("commons-cli", "commons-cli"),
    ("commons-codec", "commons-codec"),
    ("commons-collections", "commons-collections"),
    ("commons-dbcp", "commons-dbcp"),
    ("commons-digester", "commons-digester"),
    ("commons-fileupload", "commons-fileupload"),
    ("commons-httpclient", "commons-httpclient"),
    ("commons-io", "commons-io"),
    ("commons-lang", "commons-lang"),
    ("commons-logging", "commons-logging"),
    ("commons-net", "commons-net"),
    ("commons-pool", "commons-pool"),
    ("commons-validator", "commons-validator"),
    ("dom4j", "dom4j"),
    ("jdom", "jdom"),
    ("xalan", "xalan"),
    ("xercesImpl", "xerces"),
    ("xml-apis", "xml-apis"),
    ("oro", "oro"),
    ("velocity", "velocity"),
    ("jaxen", "jaxen"),
    ("cglib", "cglib"),
    ("aopalliance", "aopalliance"),
    ("antlr", "antlr"),
    ("jline", "jline"),
];

fn from_manifest_or_file_name(manifest: &HashMap<String, String>, path: &str) -> Option<Package> {
    let field = |key: &str| {
        manifest
            .get(key)
            .map(String::as_str)
            .filter(|v| !v.is_empty())
    };
    let (file_artifact, file_version) = split_file_name(file_name(path));
    let symbolic_name =
        field("Bundle-SymbolicName").map(|s| s.split(';').next().unwrap_or(s).trim());
    let artifact = file_version
        .and(file_artifact)
        .or_else(|| field("Implementation-Title").filter(|t| !t.contains(' ')))
        .or_else(|| symbolic_name.and_then(|s| s.rsplit('.').next()))
        .or(file_artifact)?;
    let version = field("Implementation-Version")
        .or_else(|| field("Bundle-Version"))
        .or_else(|| field("Specification-Version"))
        .or(file_version)?;
    let group = LEGACY_GROUPS
        .iter()
        .find(|(a, _)| *a == artifact)
        .map(|(_, g)| (*g).to_owned())
        .or_else(|| field("Implementation-Vendor-Id").map(str::to_owned))
        .or_else(|| symbolic_name.map(|s| group_from_symbolic_name(s, artifact)))
        .unwrap_or_default();
    let source = if manifest.is_empty() {
        path.to_owned()
    } else {
        format!("{path}!/META-INF/MANIFEST.MF")
    };
    let mut pkg = maven_package(&group, artifact, version, &source);
    pkg.licenses = manifest_licenses(manifest);
    Some(pkg)
}

/// The maven-bundle-plugin names bundles `groupId.artifactId` (or just `groupId` when the
/// artifact repeats the group's last segment).
fn group_from_symbolic_name(symbolic_name: &str, artifact: &str) -> String {
    match symbolic_name.strip_suffix(artifact) {
        Some(prefix) if prefix.ends_with('.') && artifact.contains('-') => {
            prefix.trim_end_matches('.').to_owned()
        }
        _ => symbolic_name.to_owned(),
    }
}

fn manifest_licenses(manifest: &HashMap<String, String>) -> Vec<String> {
    let mut keys: Vec<&String> = manifest
        .keys()
        .filter(|k| *k == "Bundle-License" || k.starts_with("Plugin-License-Name"))
        .collect();
    keys.sort();
    keys.into_iter()
        .filter_map(|k| manifest.get(k))
        .map(|v| v.split(';').next().unwrap_or(v).trim().to_owned())
        .filter(|v| !v.is_empty())
        .collect()
}

/// `commons-compress-1.22.jar` → (`commons-compress`, `1.22`): the version starts at the
/// first `-` followed by a digit.
fn split_file_name(name: &str) -> (Option<&str>, Option<&str>) {
    let stem = name.rsplit_once('.').map_or(name, |(stem, _)| stem);
    let bytes = stem.as_bytes();
    let split = (1..bytes.len())
        .find(|&i| bytes.get(i - 1) == Some(&b'-') && bytes.get(i).is_some_and(u8::is_ascii_digit));
    match split {
        Some(i) => (stem.get(..i - 1), stem.get(i..)),
        None => ((!stem.is_empty()).then_some(stem), None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::lang::test_support::{has, pairs, run, shared};

    const PARSER: &str = "suites/trivy-fanal/pkg/dependency/parser/java/jar/testdata";
    const ANALYZER: &str = "suites/trivy-fanal/pkg/fanal/analyzer/language/java/jar/testdata";

    fn scan(name: &str) -> Vec<Package> {
        run(
            &CATALOGER,
            &format!("app/{name}"),
            &shared(&format!("{PARSER}/{name}")),
        )
    }

    #[test]
    fn nested_archives_are_walked() {
        let got = scan("nested.jar");
        assert!(has(&got, "test:nested", "0.0.1"), "{:?}", pairs(&got));
        assert!(has(&got, "test:nested2", "0.0.2"));
        assert!(has(&got, "test:nested3", "0.0.3"));
        let nested3 = got
            .iter()
            .find(|p| p.name == "test:nested3")
            .map(|p| p.path.clone());
        assert!(
            nested3.is_some_and(|p| p.starts_with("app/nested.jar!/META-INF/jars/nested2.jar!/"))
        );
    }

    #[test]
    fn shaded_fat_jar_lists_every_pom_properties() {
        let got = scan("hadoop-shaded-guava-1.1.0-SNAPSHOT.jar");
        for (name, version) in [
            ("com.google.guava:failureaccess", "1.0.1"),
            ("com.google.guava:guava", "29.0-jre"),
            ("com.google.j2objc:j2objc-annotations", "1.3"),
            (
                "org.apache.hadoop.thirdparty:hadoop-shaded-guava",
                "1.1.0-SNAPSHOT",
            ),
        ] {
            assert!(has(&got, name, version), "{name}: {:?}", pairs(&got));
        }
        let guava = got.iter().find(|p| p.name == "com.google.guava:guava");
        assert_eq!(
            guava.map(|p| p.purl.as_str()),
            Some("pkg:maven/com.google.guava/guava@29.0-jre")
        );
    }

    #[test]
    fn nested_jars_without_pom_properties_use_the_manifest() {
        let got = scan("io.quarkus.gizmo.gizmo-1.1.jar");
        assert!(
            has(&got, "io.quarkus.gizmo:gizmo", "1.1"),
            "{:?}",
            pairs(&got)
        );
        assert!(has(&got, "log4j:log4j", "1.2.16"));
        assert!(has(&got, "log4j:log4j", "1.2.17"));
        assert!(has(
            &got,
            "com.fasterxml.jackson.core:jackson-databind",
            "2.12.3"
        ));
        assert!(has(
            &got,
            "com.fasterxml.jackson.core:jackson-databind",
            "2.13.4"
        ));
    }

    #[test]
    fn manifest_and_file_name_fallbacks() {
        let got = scan("license-from-jenkins-plugin.jar");
        assert_eq!(
            pairs(&got),
            vec![("com.example:jenkins-plugin".into(), "1.0.0".into())]
        );
        assert_eq!(
            got[0].licenses,
            vec![
                "Apache License, Version 2.0".to_owned(),
                "MIT License".to_owned()
            ]
        );
        let got = scan("heuristic-1.0.0-SNAPSHOT.jar");
        assert_eq!(
            pairs(&got),
            vec![("heuristic".into(), "1.0.0-SNAPSHOT".into())]
        );
        assert!(scan("multi-license-1.0.0.jar")
            .iter()
            .any(|p| p.name == "com.example:multi-license" && p.version == "1.0.0"));
    }

    #[test]
    fn par_archives_and_non_archives() {
        let got = run(
            &CATALOGER,
            "opt/test.par",
            &shared(&format!("{ANALYZER}/test.par")),
        );
        assert!(
            has(&got, "com.example:par-app", "3.0.0"),
            "{:?}",
            pairs(&got)
        );
        assert!(has(
            &got,
            "com.fasterxml.jackson.core:jackson-core",
            "2.9.10"
        ));
        assert!((CATALOGER.parse)(&CatalogInput {
            path: "a.jar",
            data: b"not a zip"
        })
        .is_err());
        assert!(wants("a/b/c/d/test.JAR") && wants("x.ear") && !wants("test.zip"));
    }

    #[test]
    fn file_name_split() {
        assert_eq!(
            split_file_name("commons-compress-1.22.jar"),
            (Some("commons-compress"), Some("1.22"))
        );
        assert_eq!(
            split_file_name("log4j-1.2.17.jar"),
            (Some("log4j"), Some("1.2.17"))
        );
        assert_eq!(split_file_name("test.jar"), (Some("test"), None));
    }
}
