//! OpenVEX parsing and suppression.
#![allow(clippy::unwrap_used)]

use lookout_core::vex::{parse_openvex, PolicyError, VexStatus};

const IMAGE_DIGEST: &str =
    "sha256:74634d9736a45ca9f6e1187e783492199e020f4a5c19d0b1abc2b604f894ac99";
const IMAGE_PURL: &str = "pkg:oci/app@sha256%3A74634d9736a45ca9f6e1187e783492199e020f4a5c19d0b1abc2b604f894ac99?repository_url=ghcr.io/acme/app";
const LIBSSL: &str = "pkg:deb/debian/libssl3@3.0.15-1~deb12u1?arch=amd64&distro=debian-12";

fn none() -> Vec<String> {
    Vec::new()
}

/// A v0.2.0 document in the shape vexctl writes.
fn v020(statements: &str) -> String {
    format!(
        r#"{{
  "@context": "https://openvex.dev/ns/v0.2.0",
  "@id": "https://openvex.dev/docs/public/vex-0001",
  "author": "Acme Security <security@acme.example>",
  "timestamp": "2026-01-10T10:00:00Z",
  "version": 1,
  "statements": [{statements}]
}}"#
    )
}

#[test]
fn not_affected_on_image_subcomponent_suppresses() {
    let vex = parse_openvex(&v020(&format!(
        r#"{{
      "vulnerability": {{"@id": "https://nvd.nist.gov/vuln/detail/CVE-2024-5535", "name": "CVE-2024-5535", "aliases": ["DEBIAN-CVE-2024-5535"]}},
      "products": [{{"@id": "{IMAGE_PURL}", "subcomponents": [{{"@id": "pkg:deb/debian/libssl3"}}]}}],
      "status": "not_affected",
      "justification": "vulnerable_code_not_in_execute_path",
      "impact_statement": "The app never calls SSL_select_next_proto."
    }}"#
    )))
    .unwrap();
    assert_eq!(
        vex.id.as_deref(),
        Some("https://openvex.dev/docs/public/vex-0001")
    );
    let hit = vex
        .suppression_for("CVE-2024-5535", &none(), LIBSSL, Some(IMAGE_DIGEST))
        .unwrap();
    assert_eq!(hit.status, VexStatus::NotAffected);
    assert_eq!(
        hit.justification.as_deref(),
        Some("vulnerable_code_not_in_execute_path")
    );
    assert_eq!(
        hit.reason(),
        "not_affected (vulnerable_code_not_in_execute_path): The app never calls SSL_select_next_proto."
    );
    // The image given as its purl works too, with or without the repository qualifier.
    assert!(vex
        .suppression_for("CVE-2024-5535", &none(), LIBSSL, Some("pkg:oci/app@sha256%3A74634d9736a45ca9f6e1187e783492199e020f4a5c19d0b1abc2b604f894ac99"))
        .is_some());
    // Found through an alias of the finding.
    assert!(vex
        .suppression_for("DEBIAN-CVE-2024-5535", &none(), LIBSSL, Some(IMAGE_DIGEST))
        .is_some());
    assert!(vex
        .suppression_for(
            "OSV-1",
            &["CVE-2024-5535".to_string()],
            LIBSSL,
            Some(IMAGE_DIGEST)
        )
        .is_some());
    // Another image, another package, another vulnerability: no suppression.
    let other_digest = "sha256:0000000000000000000000000000000000000000000000000000000000000000";
    assert!(vex
        .suppression_for("CVE-2024-5535", &none(), LIBSSL, Some(other_digest))
        .is_none());
    assert!(vex
        .suppression_for("CVE-2024-5535", &none(), LIBSSL, None)
        .is_none());
    assert!(vex
        .suppression_for(
            "CVE-2024-5535",
            &none(),
            "pkg:deb/debian/openssl@3.0.15-1~deb12u1?distro=debian-12",
            Some(IMAGE_DIGEST)
        )
        .is_none());
    assert!(vex
        .suppression_for("CVE-2024-0001", &none(), LIBSSL, Some(IMAGE_DIGEST))
        .is_none());
}

#[test]
fn statuses_decide_suppression() {
    for (status, suppresses) in [
        ("not_affected", true),
        ("fixed", true),
        ("affected", false),
        ("under_investigation", false),
    ] {
        let vex = parse_openvex(&v020(&format!(
            r#"{{"vulnerability": {{"name": "CVE-2023-1"}}, "products": [{{"@id": "pkg:npm/lodash@4.17.20"}}], "status": "{status}", "action_statement": "upgrade"}}"#
        )))
        .unwrap();
        let hit = vex.suppression_for("CVE-2023-1", &none(), "pkg:npm/lodash@4.17.20", None);
        assert_eq!(hit.is_some(), suppresses, "{status}");
        assert_eq!(vex.statements[0].status.as_str(), status);
    }
}

#[test]
fn the_product_itself_can_be_the_package() {
    let vex = parse_openvex(&v020(
        r#"{"vulnerability": {"name": "GHSA-35jh-r3h4-6jhm"}, "products": [{"@id": "pkg:npm/lodash"}], "status": "not_affected", "justification": "inline_mitigations_already_exist"}"#,
    ))
    .unwrap();
    // A product purl without a version covers every version.
    assert!(vex
        .suppression_for(
            "GHSA-35jh-r3h4-6jhm",
            &none(),
            "pkg:npm/lodash@4.17.20",
            None
        )
        .is_some());
    assert!(vex
        .suppression_for(
            "GHSA-35jh-r3h4-6jhm",
            &none(),
            "pkg:npm/lodash@4.17.21",
            Some(IMAGE_DIGEST)
        )
        .is_some());
    assert!(vex
        .suppression_for(
            "GHSA-35jh-r3h4-6jhm",
            &none(),
            "pkg:npm/lodash-es@4.17.20",
            None
        )
        .is_none());

    let pinned = parse_openvex(&v020(
        r#"{"vulnerability": {"name": "CVE-1"}, "products": [{"@id": "pkg:pypi/django@4.2.0", "identifiers": {"purl": "pkg:pypi/django@4.2.0"}}], "status": "fixed"}"#,
    ))
    .unwrap();
    assert!(pinned
        .suppression_for("CVE-1", &none(), "pkg:pypi/Django@4.2.0", None)
        .is_some());
    assert!(pinned
        .suppression_for("CVE-1", &none(), "pkg:pypi/django@4.1.0", None)
        .is_none());
}

#[test]
fn image_without_subcomponents_covers_all_its_packages() {
    let vex = parse_openvex(&v020(&format!(
        r#"{{"vulnerability": {{"name": "CVE-2023-44487"}}, "products": [{{"@id": "{IMAGE_DIGEST}"}}], "status": "not_affected", "justification": "vulnerable_code_cannot_be_controlled_by_adversary"}}"#
    )))
    .unwrap();
    assert!(vex
        .suppression_for(
            "CVE-2023-44487",
            &none(),
            "pkg:golang/golang.org/x/net@v0.7.0",
            Some(IMAGE_DIGEST)
        )
        .is_some());
    assert!(vex
        .suppression_for(
            "CVE-2023-44487",
            &none(),
            "pkg:golang/golang.org/x/net@v0.7.0",
            Some(IMAGE_PURL)
        )
        .is_some());
    assert!(vex
        .suppression_for(
            "CVE-2023-44487",
            &none(),
            "pkg:golang/golang.org/x/net@v0.7.0",
            None
        )
        .is_none());
}

#[test]
fn product_hashes_identify_the_image() {
    let vex = parse_openvex(&v020(
        r#"{"vulnerability": {"name": "CVE-2"}, "products": [{"@id": "app", "hashes": {"sha-256": "74634d9736a45ca9f6e1187e783492199e020f4a5c19d0b1abc2b604f894ac99"}, "subcomponents": [{"@id": "pkg:deb/debian/libssl3@3.0.15-1~deb12u1"}]}], "status": "not_affected", "justification": "component_not_present"}"#,
    ))
    .unwrap();
    assert!(vex
        .suppression_for("CVE-2", &none(), LIBSSL, Some(IMAGE_DIGEST))
        .is_some());
}

#[test]
fn later_statements_override_earlier_ones() {
    let vex = parse_openvex(&v020(
        r#"{"vulnerability": {"name": "CVE-3"}, "products": [{"@id": "pkg:npm/a"}], "status": "not_affected", "justification": "component_not_present", "timestamp": "2026-01-01T00:00:00Z"},
           {"vulnerability": {"name": "CVE-3"}, "products": [{"@id": "pkg:npm/a"}], "status": "affected", "action_statement": "upgrade", "timestamp": "2026-02-01T00:00:00Z"},
           {"vulnerability": {"name": "CVE-4"}, "products": [{"@id": "pkg:npm/a"}], "status": "under_investigation", "timestamp": "2026-03-01T00:00:00Z"},
           {"vulnerability": {"name": "CVE-4"}, "products": [{"@id": "pkg:npm/a"}], "status": "fixed", "timestamp": "2026-01-01T00:00:00Z"}"#,
    ))
    .unwrap();
    assert!(vex
        .suppression_for("CVE-3", &none(), "pkg:npm/a@1.0.0", None)
        .is_none());
    // Listed last but older: the newer under_investigation decides.
    assert!(vex
        .suppression_for("CVE-4", &none(), "pkg:npm/a@1.0.0", None)
        .is_none());
}

#[test]
fn older_string_shape_is_read() {
    // The v0.0.1 shape from the OpenVEX enhancement proposal 0014.
    let vex = parse_openvex(
        r#"{
  "@context": "https://openvex.dev/ns",
  "@id": "https://openvex.dev/docs/public/vex-6e8cc8c4",
  "author": "mailto:john@doe.com",
  "role": "",
  "timestamp": "2023-01-16T20:41:55.708329108-06:00",
  "statements": [{
    "vulnerability": "CVE-2022-39046",
    "timestamp": "2022-10-11T20:29:19Z",
    "products": ["pkg:oci/miniprow@sha256:74634d9736a45ca9f6e1187e783492199e020f4a5c19d0b1abc2b604f894ac99"],
    "subcomponents": ["pkg:apk/wolfi/glibc@2.36-r1"],
    "status": "fixed"
  }]
}"#,
    )
    .unwrap();
    let hit = vex
        .suppression_for(
            "CVE-2022-39046",
            &none(),
            "pkg:apk/wolfi/glibc@2.36-r1?arch=x86_64",
            Some(IMAGE_DIGEST),
        )
        .unwrap();
    assert_eq!(hit.status, VexStatus::Fixed);
    assert!(vex
        .suppression_for(
            "CVE-2022-39046",
            &none(),
            "pkg:apk/wolfi/glibc@2.37-r0",
            Some(IMAGE_DIGEST)
        )
        .is_none());
}

#[test]
fn malformed_documents_are_clear_errors() {
    assert!(matches!(
        parse_openvex("not json").unwrap_err(),
        PolicyError::NotJson { .. }
    ));
    let err = parse_openvex(r#"{"bomFormat": "CycloneDX", "statements": []}"#).unwrap_err();
    assert!(matches!(err, PolicyError::NotOpenVex(_)), "{err}");
    assert!(
        err.to_string().starts_with("not an OpenVEX document"),
        "{err}"
    );
    let err = parse_openvex(r#"{"@context": "https://example.com/other", "statements": []}"#)
        .unwrap_err();
    assert!(
        err.to_string().contains("https://example.com/other"),
        "{err}"
    );
    let err = parse_openvex(r#"{"@context": "https://openvex.dev/ns/v0.2.0"}"#).unwrap_err();
    assert!(err.to_string().contains("statements"), "{err}");
    let err = parse_openvex(&v020(
        r#"{"vulnerability": {"name": "CVE-1"}, "products": [], "status": "not_affected"}, {"vulnerability": {"name": "CVE-2"}, "status": "maybe"}"#,
    ))
    .unwrap_err();
    assert!(
        matches!(err, PolicyError::InvalidVexStatement { index: 1, .. }),
        "{err}"
    );
    assert!(err.to_string().contains("maybe"), "{err}");
    let err = parse_openvex(&v020(r#"{"products": [], "status": "fixed"}"#)).unwrap_err();
    assert!(err.to_string().contains("vulnerability"), "{err}");
}
