//! `pom.xml` of a project: its `<dependencies>` (and `<dependencyManagement>`) entries with a
//! literal version, `${property}` versions resolved from the pom's own `<properties>` and
//! `${project.version}`. Versions inherited from a parent pom or a BOM cannot be known from
//! one file and are skipped, and so are version ranges (`[1.20,1.31)`): Maven resolves them
//! against the repository at build time, so the pom alone names no version to match.

use std::collections::HashMap;

use roxmltree::{Document, Node};

use super::{catalog_error, file_name, package, LockEntry, MIB};
use crate::catalog::{CatalogError, CatalogInput, Cataloger};
use crate::{purl, Package};

pub(crate) const CATALOGER: Cataloger = Cataloger {
    name: "maven-pom",
    // Inside jars, poms describe the jar itself; the jar cataloger reads pom.properties.
    wants: |path| file_name(path) == "pom.xml" && !path.contains("META-INF/"),
    max_size: 8 * MIB,
    parse,
};

fn parse(input: &CatalogInput<'_>) -> Result<Vec<Package>, CatalogError> {
    let entries =
        entries(&super::text(input)).map_err(|e| catalog_error(CATALOGER.name, input.path, e))?;
    Ok(entries
        .into_iter()
        .map(|e| {
            let (group, artifact) = e.name.split_once(':').unwrap_or(("", e.name.as_str()));
            let purl = purl::maven(group, artifact, &e.version);
            package(e.name.clone(), e.version, "Maven", purl, input.path)
        })
        .collect())
}

fn child<'a, 'i>(node: Node<'a, 'i>, name: &str) -> Option<Node<'a, 'i>> {
    node.children()
        .find(|c| c.is_element() && c.tag_name().name() == name)
}

fn child_text<'a>(node: Node<'a, '_>, name: &str) -> Option<&'a str> {
    child(node, name)?.text().map(str::trim)
}

pub(crate) fn entries(text: &str) -> Result<Vec<LockEntry>, roxmltree::Error> {
    let doc = Document::parse(text)?;
    let project = doc.root_element();
    let mut properties: HashMap<String, String> = child(project, "properties")
        .map(|props| {
            props
                .children()
                .filter(Node::is_element)
                .filter_map(|p| Some((p.tag_name().name().to_owned(), p.text()?.trim().to_owned())))
                .collect()
        })
        .unwrap_or_default();
    let project_version = child_text(project, "version")
        .or_else(|| child(project, "parent").and_then(|p| child_text(p, "version")));
    if let Some(version) = project_version {
        properties.insert("project.version".to_owned(), version.to_owned());
    }
    let mut out = Vec::new();
    for dependency in project
        .descendants()
        .filter(|n| n.is_element() && n.tag_name().name() == "dependency")
    {
        let (Some(group), Some(artifact), Some(version)) = (
            child_text(dependency, "groupId"),
            child_text(dependency, "artifactId"),
            child_text(dependency, "version"),
        ) else {
            continue;
        };
        let Some(version) = resolve(version, &properties) else {
            continue;
        };
        if group.contains("${") || artifact.contains("${") {
            continue;
        }
        let line = doc.text_pos_at(dependency.range().start).row as usize;
        out.push(LockEntry::new(format!("{group}:{artifact}"), version, line));
    }
    Ok(out)
}

/// `1.2.3` → itself; `${name}` → the property's value when it is literal. A range, given
/// directly or through a property, is no resolved version.
fn resolve(version: &str, properties: &HashMap<String, String>) -> Option<String> {
    let resolved = match version.strip_prefix("${").and_then(|v| v.strip_suffix('}')) {
        Some(key) => properties
            .get(key)
            .filter(|v| !v.contains("${") && !v.is_empty())
            .cloned(),
        None if version.is_empty() || version.contains("${") => None,
        None => Some(version.to_owned()),
    };
    resolved.filter(|v| !is_version_range(v))
}

/// Maven's range syntax: `[1.0]`, `[1.20,1.31)`, `(,1.0]`, `[1.0,)`, or a union of them.
fn is_version_range(version: &str) -> bool {
    version.starts_with(['[', '(']) || version.contains(',')
}

#[cfg(test)]
mod tests {
    use super::*;

    const POM: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>com.example</groupId>
  <artifactId>demo</artifactId>
  <version>0.0.1-SNAPSHOT</version>
  <properties>
    <jackson.version>2.14.0</jackson.version>
  </properties>
  <dependencies>
    <dependency>
      <groupId>org.yaml</groupId>
      <artifactId>snakeyaml</artifactId>
      <version>1.33</version>
    </dependency>
    <dependency>
      <groupId>com.fasterxml.jackson.core</groupId>
      <artifactId>jackson-databind</artifactId>
      <version>${jackson.version}</version>
    </dependency>
    <dependency>
      <groupId>com.example</groupId>
      <artifactId>sibling</artifactId>
      <version>${project.version}</version>
    </dependency>
    <dependency>
      <groupId>org.springframework.boot</groupId>
      <artifactId>spring-boot-starter</artifactId>
    </dependency>
    <dependency>
      <groupId>x</groupId>
      <artifactId>y</artifactId>
      <version>${undefined}</version>
    </dependency>
  </dependencies>
</project>
"#;

    #[test]
    fn literal_and_property_versions_with_lines() {
        let got: Vec<_> = entries(POM)
            .unwrap_or_default()
            .into_iter()
            .map(|e| (e.name, e.version, e.line))
            .collect();
        assert_eq!(
            got,
            vec![
                ("org.yaml:snakeyaml".into(), "1.33".into(), 11),
                (
                    "com.fasterxml.jackson.core:jackson-databind".into(),
                    "2.14.0".into(),
                    16
                ),
                ("com.example:sibling".into(), "0.0.1-SNAPSHOT".into(), 21),
            ]
        );
        let pkgs = parse(&CatalogInput {
            path: "pom.xml",
            data: POM.as_bytes(),
        })
        .unwrap_or_default();
        assert_eq!(pkgs[0].purl, "pkg:maven/org.yaml/snakeyaml@1.33");
        assert!(parse(&CatalogInput {
            path: "pom.xml",
            data: b"<project>"
        })
        .is_err());
    }

    #[test]
    fn version_ranges_are_not_versions() {
        let pom = r#"<project>
  <properties><snake.range>[1.20,1.31)</snake.range></properties>
  <dependencies>
    <dependency><groupId>org.yaml</groupId><artifactId>snakeyaml</artifactId><version>[1.20,1.31)</version></dependency>
    <dependency><groupId>a</groupId><artifactId>exact</artifactId><version>[1.0]</version></dependency>
    <dependency><groupId>a</groupId><artifactId>open</artifactId><version>(,2.0]</version></dependency>
    <dependency><groupId>a</groupId><artifactId>union</artifactId><version>(,1.0],[1.2,)</version></dependency>
    <dependency><groupId>a</groupId><artifactId>via-property</artifactId><version>${snake.range}</version></dependency>
    <dependency><groupId>a</groupId><artifactId>pinned</artifactId><version>1.31</version></dependency>
  </dependencies>
</project>"#;
        let got: Vec<_> = entries(pom)
            .unwrap_or_default()
            .into_iter()
            .map(|e| (e.name, e.version))
            .collect();
        assert_eq!(got, vec![("a:pinned".to_owned(), "1.31".to_owned())]);
    }
}
