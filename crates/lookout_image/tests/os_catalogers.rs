//! dpkg and apk catalogers against trivy's fixtures in ../shared/suites/trivy-fanal, with
//! the (name, version) pairs trivy's own tests expect.
#![allow(clippy::unwrap_used)]

use std::collections::BTreeSet;
use std::path::PathBuf;

use lookout_image::catalog::{apk, dpkg, CatalogInput};
use serde_json::Value;

fn suite(rel: &str) -> PathBuf {
    let root = PathBuf::from(format!(
        "{}/../../../shared/suites/trivy-fanal",
        manifest_dir()
    ));
    assert!(
        root.is_dir(),
        "this test needs ../shared (suites/trivy-fanal) beside the repository; not found at {}",
        root.display()
    );
    root.join(rel)
}

/// Cases from expected-from-tests.yaml (read as JSON-compatible YAML via a tiny reader:
/// only the fields used here).
/// (case name, inputs, expected (name, version) pairs).
type Case = (String, Vec<String>, BTreeSet<(String, String)>);

fn cases(dir: &str) -> Vec<Case> {
    let text = std::fs::read_to_string(suite(&format!("{dir}/expected-from-tests.yaml"))).unwrap();
    let doc: Value = yaml_to_json(&text);
    doc["cases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            let inputs = c["inputs"]
                .as_array()
                .unwrap()
                .iter()
                .map(|v| v.as_str().unwrap().to_string())
                .collect();
            let pairs = c["packages_name_version"]
                .as_array()
                .map(|a| {
                    a.iter()
                        .map(|p| {
                            (
                                p[0].as_str().unwrap().to_string(),
                                p[1].as_str().unwrap().to_string(),
                            )
                        })
                        .collect()
                })
                .unwrap_or_default();
            (c["case"].as_str().unwrap().to_string(), inputs, pairs)
        })
        .collect()
}

/// Just enough YAML for expected-from-tests.yaml: `cases:` list of maps with `case`,
/// `inputs` (list of strings) and `packages_name_version` (list of 2-item lists).
fn yaml_to_json(text: &str) -> Value {
    let mut cases = Vec::new();
    let mut current: Option<serde_json::Map<String, Value>> = None;
    let mut key = String::new();
    let mut pair: Vec<Value> = Vec::new();
    let unquote = |s: &str| -> String {
        let s = s.trim();
        s.strip_prefix('\'')
            .and_then(|x| x.strip_suffix('\''))
            .map(|x| x.replace("''", "'"))
            .or_else(|| {
                s.strip_prefix('"')
                    .and_then(|x| x.strip_suffix('"'))
                    .map(str::to_string)
            })
            .unwrap_or_else(|| s.to_string())
    };
    let mut in_cases = false;
    for line in text.lines() {
        if line.starts_with("cases:") {
            in_cases = true;
            continue;
        }
        if !in_cases {
            continue;
        }
        if let Some(rest) = line.strip_prefix("- ") {
            if let Some(c) = current.take() {
                cases.push(Value::Object(c));
            }
            current = Some(serde_json::Map::new());
            let (k, v) = rest.split_once(':').unwrap();
            current
                .as_mut()
                .unwrap()
                .insert(k.to_string(), Value::String(unquote(v)));
            continue;
        }
        let Some(c) = current.as_mut() else { continue };
        let t = line.trim_start();
        if let Some(item) = t.strip_prefix("- - ") {
            if !pair.is_empty() {
                c.get_mut(&key)
                    .unwrap()
                    .as_array_mut()
                    .unwrap()
                    .push(Value::Array(std::mem::take(&mut pair)));
            }
            pair.push(Value::String(unquote(item)));
        } else if let Some(item) = t.strip_prefix("- ") {
            if key == "packages_name_version" {
                pair.push(Value::String(unquote(item)));
                if pair.len() == 2 {
                    c.get_mut(&key)
                        .unwrap()
                        .as_array_mut()
                        .unwrap()
                        .push(Value::Array(std::mem::take(&mut pair)));
                }
            } else {
                c.get_mut(&key)
                    .unwrap()
                    .as_array_mut()
                    .unwrap()
                    .push(Value::String(unquote(item)));
            }
        } else if let Some((k, v)) = t.split_once(':') {
            key = k.to_string();
            let v = v.trim();
            let value = if v.is_empty() || v == "[]" {
                Value::Array(Vec::new())
            } else {
                Value::String(unquote(v))
            };
            c.insert(key.clone(), value);
        }
    }
    if let Some(c) = current.take() {
        cases.push(Value::Object(c));
    }
    serde_json::json!({ "cases": cases })
}

/// Files of a txtar archive: `-- name --` headers.
fn txtar(text: &str) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    for line in text.split_inclusive('\n') {
        let t = line.trim_end();
        if let Some(name) = t.strip_prefix("-- ").and_then(|r| r.strip_suffix(" --")) {
            out.push((name.to_string(), String::new()));
        } else if let Some(last) = out.last_mut() {
            last.1.push_str(line);
        }
    }
    out
}

const DPKG: &str = "pkg/fanal/analyzer/pkg/dpkg";

/// `[epoch:]upstream[-revision]` → upstream.
fn upstream(version: &str) -> &str {
    let v = version.split_once(':').map_or(version, |(_, rest)| rest);
    v.rsplit_once('-').map_or(v, |(up, _)| up)
}

#[test]
fn dpkg_status_fixtures_match_trivy() {
    let mut checked = 0;
    for (case, inputs, expected) in cases(DPKG) {
        let Some(fixture) = inputs.iter().find(|i| i.ends_with(".txtar")) else {
            continue;
        };
        let text = std::fs::read_to_string(suite(&format!("{DPKG}/{fixture}"))).unwrap();
        let files = txtar(&text);
        let (path, status) = files
            .iter()
            .find(|(n, _)| n == "var/lib/dpkg/status")
            .unwrap();
        // trivy's tests list the upstream version (epoch and Debian revision are separate
        // fields there), so compare on that.
        let got: BTreeSet<(String, String)> = (dpkg::CATALOGER.parse)(&CatalogInput {
            path,
            data: status.as_bytes(),
        })
        .unwrap()
        .into_iter()
        .map(|p| (p.name, upstream(&p.version).to_string()))
        .collect();
        if expected.is_empty() {
            // Cases whose expectations live elsewhere: at least parse without error.
            continue;
        }
        assert_eq!(got, expected, "case `{case}` ({fixture})");
        checked += 1;
    }
    assert!(checked >= 4, "only {checked} dpkg cases compared");
}

#[test]
fn dpkg_wanted_paths_match_trivy_cases() {
    assert!((dpkg::CATALOGER.wants)("var/lib/dpkg/status"));
    assert!((dpkg::CATALOGER.wants)("var/lib/dpkg/status.d/gcc"));
    for path in [
        "var/lib/dpkg/status.d/base-files.md5sums",
        "var/lib/dpkg/info/bash.md5sums",
        "var/lib/dpkg/info/bash.list",
        "var/lib/dpkg/available",
        "var/lib/dpkg/status/bash.md5sums",
    ] {
        assert!(!(dpkg::CATALOGER.wants)(path), "{path}");
    }
}

#[test]
fn dpkg_binnmu_source_version() {
    let text = std::fs::read_to_string(suite(&format!("{DPKG}/testdata/valid.txtar"))).unwrap();
    let status = txtar(&text)
        .into_iter()
        .find(|(n, _)| n == "var/lib/dpkg/status")
        .unwrap()
        .1;
    let pkgs = dpkg::parse_status(&status, "var/lib/dpkg/status");
    // Every package with `Source: x (ver)` keeps ver as its source version.
    let with_version: Vec<_> = status
        .split("\n\n")
        .filter_map(|p| {
            let name = p.lines().find_map(|l| l.strip_prefix("Package: "))?;
            let src = p.lines().find_map(|l| l.strip_prefix("Source: "))?;
            let (sname, sver) = src.split_once(' ')?;
            Some((
                name.to_string(),
                sname.to_string(),
                sver.trim_matches(['(', ')']).to_string(),
            ))
        })
        .collect();
    for (name, sname, sver) in &with_version {
        let p = pkgs.iter().find(|p| &p.name == name).unwrap();
        assert_eq!(p.source_name.as_deref(), Some(sname.as_str()));
        assert_eq!(p.source_version.as_deref(), Some(sver.as_str()));
    }
}

#[test]
fn dpkg_copyright_licenses_from_fixtures() {
    let read = |f: &str| std::fs::read(suite(&format!("{DPKG}/testdata/{f}"))).unwrap();
    let l = dpkg::copyright_licenses(&read("license-pattern-and-classifier-copyright"));
    assert!(l.iter().any(|x| x == "Zlib"), "{l:?}");
    assert!(l.iter().any(|x| x.starts_with("GPL-1+")), "{l:?}");
    let l = dpkg::copyright_licenses(&read("common-license-copyright"));
    assert!(!l.is_empty(), "common-licenses reference not found");
    let l = dpkg::copyright_licenses(&read("no-license-copyright"));
    assert!(l.is_empty(), "{l:?}");
}

const APK: &str = "pkg/fanal/analyzer/pkg/apk";

#[test]
fn apk_installed_fixture_matches_trivy() {
    let (_, _, expected) = cases(APK)
        .into_iter()
        .find(|(c, _, _)| c == "happy path")
        .unwrap();
    let data = std::fs::read(suite(&format!("{APK}/testdata/apk"))).unwrap();
    let pkgs = (apk::CATALOGER.parse)(&CatalogInput {
        path: "lib/apk/db/installed",
        data: &data,
    })
    .unwrap();
    let got: BTreeSet<(String, String)> = pkgs
        .iter()
        .map(|p| (p.name.clone(), p.version.clone()))
        .collect();
    assert_eq!(got, expected);
    assert!(pkgs
        .iter()
        .all(|p| p.arch.is_some() && !p.licenses.is_empty()));
    let ssl = pkgs.iter().find(|p| p.name == "libssl1.0").unwrap();
    assert_eq!(ssl.source_name.as_deref(), Some("openssl"));
}

#[test]
fn apk_wanted_paths_match_trivy_cases() {
    assert!((apk::CATALOGER.wants)("lib/apk/db/installed"));
    assert!((apk::CATALOGER.wants)("usr/lib/apk/db/installed"));
    assert!(!(apk::CATALOGER.wants)("etc/os-release"));
    assert!(!(apk::CATALOGER.wants)("lib/apk/db/other"));
}

/// The package directory at run time (cargo sets it for tests), not at compile time: a
/// test binary reused from another checkout's build must read this checkout's files.
fn manifest_dir() -> String {
    std::env::var("CARGO_MANIFEST_DIR").unwrap_or_else(|_| env!("CARGO_MANIFEST_DIR").to_owned())
}
