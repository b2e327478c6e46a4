//! Matching rules of the OSV schema, each on a small DB built from records written
//! here: releases, source packages, withdrawn records, event kinds and order,
//! enumerated versions, package-name rules, fixed versions, status and severity.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use lookout_vuln::{build_db, Db, Query, Rating, Status, VulnMatch};
use serde_json::{json, Value};

fn db_of(records: &[Value]) -> Db {
    let inputs: Vec<(String, Vec<u8>)> = records
        .iter()
        .enumerate()
        .map(|(i, r)| (format!("r{i}.json"), serde_json::to_vec(r).unwrap()))
        .collect();
    let built = build_db(&inputs, "2026-01-01T00:00:00Z");
    assert!(built.warnings.is_empty(), "{:?}", built.warnings);
    Db::from_built(&built).unwrap()
}

fn record(id: &str, ecosystem: &str, name: &str, events: Value) -> Value {
    json!({
        "id": id,
        "modified": "2024-01-01T00:00:00Z",
        "summary": format!("{id} summary"),
        "affected": [{
            "package": {"ecosystem": ecosystem, "name": name},
            "ranges": [{"type": "ECOSYSTEM", "events": events}]
        }]
    })
}

fn query<'a>(ecosystem: &'a str, name: &'a str, version: &'a str) -> Query<'a> {
    Query {
        ecosystem,
        name,
        version,
        source_name: None,
        source_version: None,
    }
}

fn ids(matches: &[VulnMatch]) -> Vec<&str> {
    matches.iter().map(|m| m.id.as_str()).collect()
}

#[test]
fn release_in_the_ecosystem_name_is_respected() {
    let db = db_of(&[
        record(
            "DSA-1",
            "Debian:11",
            "openssl",
            json!([{"introduced": "0"}, {"fixed": "1.1.1w-0+deb11u1"}]),
        ),
        record(
            "ALPINE-1",
            "Alpine:v3.18",
            "busybox",
            json!([{"introduced": "0"}, {"fixed": "1.36.1-r2"}]),
        ),
    ]);
    let bullseye = Query {
        source_name: Some("openssl"),
        source_version: Some("1.1.1n-0+deb11u3"),
        ..query("Debian:11", "libssl1.1", "1.1.1n-0+deb11u3")
    };
    assert_eq!(ids(&db.match_package(&bullseye)), ["DSA-1"]);
    let bookworm = Query {
        ecosystem: "Debian:12",
        ..bullseye.clone()
    };
    assert!(
        db.match_package(&bookworm).is_empty(),
        "Debian:11 advisory must not hit Debian 12"
    );
    assert_eq!(
        ids(&db.match_package(&query("Alpine:v3.18", "busybox", "1.36.1-r0"))),
        ["ALPINE-1"]
    );
    assert_eq!(
        ids(&db.match_package(&query("Alpine:3.18.4", "busybox", "1.36.1-r0"))),
        ["ALPINE-1"]
    );
    assert!(db
        .match_package(&query("Alpine:v3.19", "busybox", "1.36.1-r0"))
        .is_empty());
    assert!(db
        .match_package(&query("Alpine", "busybox", "1.36.1-r0"))
        .is_empty());
}

#[test]
fn distro_packages_match_through_their_source_package() {
    let db = db_of(&[record(
        "DSA-2",
        "Debian:12",
        "openssl",
        json!([{"introduced": "0"}, {"fixed": "3.0.15-1~deb12u1"}]),
    )]);
    for binary in ["libssl3", "openssl", "libssl-dev"] {
        let q = Query {
            source_name: Some("openssl"),
            source_version: Some("3.0.11-1~deb12u2"),
            ..query("Debian:12", binary, "3.0.11-1~deb12u2")
        };
        let m = db.match_package(&q);
        assert_eq!(ids(&m), ["DSA-2"], "{binary}");
        assert_eq!(m[0].matched_name, "openssl");
        assert_eq!(m[0].fixed_version.as_deref(), Some("3.0.15-1~deb12u1"));
    }
    // The binary name alone is not the source name: nothing to report.
    assert!(db
        .match_package(&query("Debian:12", "libssl3", "3.0.11-1~deb12u2"))
        .is_empty());
    // A binNMU-style binary version differs from the source version: the source's counts.
    let q = Query {
        source_name: Some("openssl"),
        source_version: Some("3.0.15-1~deb12u1"),
        ..query("Debian:12", "libssl3", "3.0.15-1~deb12u1+b1")
    };
    assert!(db.match_package(&q).is_empty());
}

#[test]
fn rpm_distros_match_binary_or_source_names() {
    let db = db_of(&[record(
        "ALSA-1",
        "AlmaLinux:9",
        "openssl-libs",
        json!([{"introduced": "0"}, {"fixed": "1:3.0.7-25.el9_3"}]),
    )]);
    let q = Query {
        source_name: Some("openssl"),
        source_version: Some("1:3.0.7-24.el9"),
        ..query("AlmaLinux:9", "openssl-libs", "1:3.0.7-24.el9")
    };
    assert_eq!(ids(&db.match_package(&q)), ["ALSA-1"]);
    assert!(db
        .match_package(&query("AlmaLinux:8", "openssl-libs", "1:3.0.7-24.el9"))
        .is_empty());
}

#[test]
fn withdrawn_records_are_dropped() {
    let mut withdrawn = record("GHSA-w", "npm", "left-pad", json!([{"introduced": "0"}]));
    withdrawn["withdrawn"] = json!("2024-02-01T00:00:00Z");
    let db = db_of(&[
        withdrawn,
        record("GHSA-k", "npm", "left-pad", json!([{"introduced": "0"}])),
    ]);
    assert_eq!(
        ids(&db.match_package(&query("npm", "left-pad", "1.0.0"))),
        ["GHSA-k"]
    );
}

#[test]
fn last_affected_is_inclusive_and_has_no_fixed_version() {
    let db = db_of(&[record(
        "PYSEC-1",
        "PyPI",
        "jinja2",
        json!([{"introduced": "2.0"}, {"last_affected": "2.11.2"}]),
    )]);
    let m = db.match_package(&query("PyPI", "jinja2", "2.11.2"));
    assert_eq!(ids(&m), ["PYSEC-1"]);
    assert_eq!(m[0].fixed_version, None);
    assert_eq!(m[0].status, Status::Affected);
    assert!(db
        .match_package(&query("PyPI", "jinja2", "2.11.3"))
        .is_empty());
    assert!(db.match_package(&query("PyPI", "jinja2", "1.9")).is_empty());
}

#[test]
fn unsorted_events_and_the_smallest_fixed_version_above_the_installed_one() {
    let events = json!([
        {"fixed": "2.3.1"}, {"introduced": "2.0.0"}, {"fixed": "1.5.2"}, {"introduced": "0"}
    ]);
    let db = db_of(&[json!({
        "id": "RUSTSEC-1",
        "affected": [{
            "package": {"ecosystem": "crates.io", "name": "hyper"},
            "ranges": [{"type": "SEMVER", "events": events}]
        }]
    })]);
    let fixed = |v: &str| {
        let m = db.match_package(&query("crates.io", "hyper", v));
        m.first()
            .map(|m| m.fixed_version.clone().unwrap_or_default())
    };
    assert_eq!(fixed("1.0.0"), Some("1.5.2".to_owned()));
    assert_eq!(fixed("1.5.2"), None);
    assert_eq!(fixed("1.9.0"), None);
    assert_eq!(fixed("2.0.0"), Some("2.3.1".to_owned()));
    assert_eq!(fixed("2.3.1"), None);
}

#[test]
fn enumerated_versions_and_git_ranges() {
    let db = db_of(&[json!({
        "id": "PYSEC-2",
        "affected": [{
            "package": {"ecosystem": "PyPI", "name": "gerapy"},
            "ranges": [{"type": "GIT", "repo": "https://example.invalid/r", "events": [{"introduced": "0"}, {"fixed": "abc123"}]}],
            "versions": ["0.8.6", "0.9.0"]
        }, {
            "package": {"ecosystem": "PyPI", "name": "only-git"},
            "ranges": [{"type": "GIT", "repo": "https://example.invalid/r", "events": [{"introduced": "0"}]}]
        }]
    })]);
    assert_eq!(
        ids(&db.match_package(&query("PyPI", "gerapy", "0.9.0"))),
        ["PYSEC-2"]
    );
    assert!(db
        .match_package(&query("PyPI", "gerapy", "0.9.1"))
        .is_empty());
    assert!(
        db.match_package(&query("PyPI", "only-git", "1.0"))
            .is_empty(),
        "GIT ranges are ignored"
    );
}

#[test]
fn pypi_names_compare_after_pep_503_normalisation() {
    let db = db_of(&[record(
        "PYSEC-3",
        "PyPI",
        "Zope.Interface",
        json!([{"introduced": "0"}, {"fixed": "5.0"}]),
    )]);
    for name in [
        "zope.interface",
        "zope-interface",
        "ZOPE_interface",
        "zope__interface",
    ] {
        assert_eq!(
            ids(&db.match_package(&query("PyPI", name, "4.7.1"))),
            ["PYSEC-3"],
            "{name}"
        );
    }
    assert!(db
        .match_package(&query("PyPI", "zopeinterface", "4.7.1"))
        .is_empty());
}

#[test]
fn npm_names_are_exact_including_scopes() {
    let db = db_of(&[record(
        "GHSA-s",
        "npm",
        "@babel/traverse",
        json!([{"introduced": "0"}, {"fixed": "7.23.2"}]),
    )]);
    assert_eq!(
        ids(&db.match_package(&query("npm", "@babel/traverse", "7.22.0"))),
        ["GHSA-s"]
    );
    assert!(db
        .match_package(&query("npm", "traverse", "7.22.0"))
        .is_empty());
    assert!(db
        .match_package(&query("npm", "@Babel/traverse", "7.22.0"))
        .is_empty());
    assert!(db
        .match_package(&query("npm", "@other/traverse", "7.22.0"))
        .is_empty());
}

#[test]
fn go_stdlib_and_modules() {
    let db = db_of(&[
        json!({"id": "GO-2023-1", "affected": [{"package": {"ecosystem": "Go", "name": "stdlib"},
            "ranges": [{"type": "SEMVER", "events": [{"introduced": "0"}, {"fixed": "1.20.5"}, {"introduced": "1.21.0-0"}, {"fixed": "1.21.1"}]}]}]}),
        json!({"id": "GO-2023-2", "affected": [{"package": {"ecosystem": "Go", "name": "golang.org/x/net"},
            "ranges": [{"type": "SEMVER", "events": [{"introduced": "0"}, {"fixed": "0.17.0"}]}]}]}),
    ]);
    let m = db.match_package(&query("Go", "stdlib", "go1.20.4"));
    assert_eq!(ids(&m), ["GO-2023-1"]);
    assert_eq!(m[0].fixed_version.as_deref(), Some("1.20.5"));
    assert!(db
        .match_package(&query("Go", "stdlib", "go1.20.5"))
        .is_empty());
    assert_eq!(
        ids(&db.match_package(&query("Go", "stdlib", "go1.21rc2"))),
        ["GO-2023-1"]
    );
    assert_eq!(
        ids(&db.match_package(&query(
            "Go",
            "golang.org/x/net",
            "v0.0.0-20220722155237-a158d28d115b"
        ))),
        ["GO-2023-2"]
    );
    assert!(db
        .match_package(&query("Go", "golang.org/x/net", "v0.17.0"))
        .is_empty());
}

#[test]
fn maven_matches_by_group_and_artifact() {
    let db = db_of(&[record(
        "GHSA-m",
        "Maven",
        "org.apache.logging.log4j:log4j-core",
        json!([{"introduced": "2.0-beta9"}, {"fixed": "2.15.0"}]),
    )]);
    assert_eq!(
        ids(&db.match_package(&query(
            "Maven",
            "org.apache.logging.log4j:log4j-core",
            "2.14.1"
        ))),
        ["GHSA-m"]
    );
    assert!(db
        .match_package(&query(
            "Maven",
            "org.apache.logging.log4j:log4j-core",
            "2.15.0"
        ))
        .is_empty());
    assert!(db
        .match_package(&query("Maven", "log4j-core", "2.14.1"))
        .is_empty());
    assert!(db
        .match_package(&query(
            "Maven",
            "org.apache.logging.log4j:log4j-api",
            "2.14.1"
        ))
        .is_empty());
}

#[test]
fn status_will_not_fix_from_distro_status() {
    let db = db_of(&[json!({
        "id": "DEBIAN-CVE-1",
        "affected": [{
            "package": {"ecosystem": "Debian:12", "name": "tiff"},
            "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}]}],
            "database_specific": {"status": "<no-dsa>"},
            "ecosystem_specific": {"urgency": "low"}
        }]
    })]);
    let m = db.match_package(&query("Debian:12", "tiff", "4.5.0-6"));
    assert_eq!(m[0].status, Status::WillNotFix);
    assert_eq!(m[0].severity, Rating::Low, "Debian urgency");
}

#[test]
fn severity_from_cvss_then_ghsa_word_then_unknown() {
    let mut cvss = record("A-1", "npm", "a", json!([{"introduced": "0"}]));
    cvss["severity"] =
        json!([{"type": "CVSS_V3", "score": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"}]);
    cvss["database_specific"] = json!({"severity": "LOW"});
    let mut v4 = record("A-2", "npm", "a", json!([{"introduced": "0"}]));
    v4["severity"] = json!([{"type": "CVSS_V4", "score": "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N"}]);
    let mut ghsa = record("A-3", "npm", "a", json!([{"introduced": "0"}]));
    ghsa["database_specific"] = json!({"severity": "MODERATE"});
    let mut ubuntu = record("A-4", "npm", "a", json!([{"introduced": "0"}]));
    ubuntu["severity"] = json!([{"type": "Ubuntu", "score": "high"}]);
    let none = record("A-5", "npm", "a", json!([{"introduced": "0"}]));
    let db = db_of(&[cvss, v4, ghsa, ubuntu, none]);
    let m = db.match_package(&query("npm", "a", "1.0.0"));
    let got: Vec<(&str, Rating, Option<f64>)> = m
        .iter()
        .map(|m| (m.id.as_str(), m.severity, m.cvss.as_ref().map(|c| c.score)))
        .collect();
    assert_eq!(
        got,
        [
            ("A-1", Rating::Critical, Some(9.8)),
            ("A-2", Rating::Critical, Some(9.3)),
            ("A-3", Rating::Medium, None),
            ("A-4", Rating::High, None),
            ("A-5", Rating::Unknown, None),
        ]
    );
    assert_eq!(m[0].cvss.as_ref().unwrap().version, "3.1");
}

#[test]
fn limit_events_cap_a_range() {
    let db = db_of(&[record(
        "L-1",
        "npm",
        "b",
        json!([{"introduced": "1.0.0"}, {"limit": "2.0.0"}]),
    )]);
    assert_eq!(ids(&db.match_package(&query("npm", "b", "1.5.0"))), ["L-1"]);
    assert!(db.match_package(&query("npm", "b", "2.1.0")).is_empty());
}
