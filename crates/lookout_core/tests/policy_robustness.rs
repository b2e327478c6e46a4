//! The policy-input parsers never panic: every prefix of a valid input, and inputs with
//! bytes replaced by characters that matter to the grammars (`%`, `@`, `/`, `?`, `#`, `:`,
//! quotes, multi-byte UTF-8), give a value or an error.

use lookout_core::ignorefile::parse_ignorefile;
use lookout_core::sbom_input::{package_from_purl, packages_from_sbom, Purl};
use lookout_core::vex::parse_openvex;

mod support;
use support::{prefixes, substitutions};

const IGNOREFILE: &str =
    "# c\nCVE-2023-1 exp:2026-12-01 pkg:npm/%40a/b@1.0?x=y#sub # why\nGHSA-x\u{e9}\n";
const PURLS: &[&str] = &[
    "pkg:npm/%40babel/core@7.23.6",
    "pkg:deb/debian/libgcc-s1@12.2.0-14?arch=amd64&upstream=gcc-12%4012.2.0-14&distro=debian-12",
    "pkg:rpm/almalinux/openssl-libs@3.0.7-27.el9?distro=almalinux-9&epoch=1&upstream=openssl-3.0.7-27.el9.src.rpm",
    "pkg:golang/google.golang.org/genproto#googleapis/api/annotations",
    "pkg:apk/alpine/musl@1.2.4-r2?distro=3.18.4",
];
const VEX: &str = r#"{"@context":"https://openvex.dev/ns/v0.2.0","statements":[{"vulnerability":{"name":"CVE-1","aliases":["GHSA-1"]},"products":[{"@id":"pkg:oci/a@sha256%3Aab","hashes":{"sha-256":"ab"},"subcomponents":[{"@id":"pkg:npm/x"}]}],"status":"not_affected","justification":"component_not_present"}]}"#;
const SBOM: &str = r#"{"bomFormat":"CycloneDX","specVersion":"1.6","metadata":{"component":{"name":"a"}},"components":[{"type":"library","name":"x","purl":"pkg:npm/%40s/x@1","properties":[{"name":"lookout:layer","value":"2"}],"components":[{"type":"library","purl":"pkg:deb/debian/a@1?distro=debian-12&upstream=b%401"}]}]}"#;
const SPDX: &str = r#"{"spdxVersion":"SPDX-2.3","name":"a","packages":[{"SPDXID":"p","sourceInfo":"acquired from a in layer x (npm)","comment":"Source package: ","externalRefs":[{"referenceType":"purl","referenceLocator":"pkg:pypi/a@1"}]}]}"#;

#[test]
fn ignorefile_parser_never_panics() {
    for input in prefixes(IGNOREFILE)
        .map(str::to_string)
        .chain(substitutions(IGNOREFILE))
    {
        if let Ok(file) = parse_ignorefile(&input, "2026-11-27") {
            let _ = file.matches(
                "CVE-2023-1",
                &["GHSA-x".to_string()],
                Some("pkg:npm/%40a/b@1.0"),
            );
        }
    }
}

#[test]
fn purl_parser_never_panics() {
    let mut parsed = 0;
    for purl in PURLS {
        for input in prefixes(purl)
            .map(str::to_string)
            .chain(substitutions(purl))
        {
            if let Some(p) = Purl::parse(&input) {
                parsed += 1;
                let _ = p.covers(&p);
            }
            let _ = package_from_purl(&input);
        }
    }
    assert!(
        parsed > 100,
        "the mutations should mostly stay purls ({parsed})"
    );
}

#[test]
fn vex_and_sbom_parsers_never_panic() {
    for input in prefixes(VEX).map(str::to_string).chain(substitutions(VEX)) {
        if let Ok(vex) = parse_openvex(&input) {
            let _ = vex.suppression_for("CVE-1", &[], "pkg:npm/x@1", Some("sha256:ab"));
            let _ = vex.suppression_for("CVE-1", &[], "pkg:npm/x@1", Some("pkg:oci/a@sha256%3Aab"));
        }
    }
    for doc in [SBOM, SPDX] {
        for input in prefixes(doc).map(str::to_string).chain(substitutions(doc)) {
            let _ = packages_from_sbom(&input);
        }
    }
}
