//! SBOM input: purl → package mapping, and CycloneDX / SPDX documents from Lookout's own
//! encoders, Syft and Trivy.
#![allow(clippy::unwrap_used)]

use lookout_core::sbom_input::{package_from_purl, packages_from_sbom, PolicyError, SbomFormat};
use lookout_image::{purl, Package};
use lookout_report::{
    to_cyclonedx, to_spdx, Artifact, ArtifactFormat, EncodeContext, OsInfo, PackageEntry,
    ScanReport, ToolInfo,
};

fn mapped(purl: &str) -> (String, String, String) {
    let p = package_from_purl(purl).unwrap_or_else(|| panic!("{purl} should map"));
    (p.name, p.version, p.ecosystem)
}

fn triple(name: &str, version: &str, ecosystem: &str) -> (String, String, String) {
    (name.to_string(), version.to_string(), ecosystem.to_string())
}

#[test]
fn language_purls_map_to_osv_ecosystems() {
    let cases = [
        (
            "pkg:npm/%40babel/core@7.23.6",
            triple("@babel/core", "7.23.6", "npm"),
        ),
        (
            "pkg:npm/@angular/core@17.0.0",
            triple("@angular/core", "17.0.0", "npm"),
        ),
        ("pkg:npm/lodash@4.17.21", triple("lodash", "4.17.21", "npm")),
        ("pkg:pypi/django@4.2.1", triple("django", "4.2.1", "PyPI")),
        (
            "pkg:golang/github.com/gorilla/mux@v1.8.0",
            triple("github.com/gorilla/mux", "v1.8.0", "Go"),
        ),
        (
            "pkg:golang/stdlib@1.21.5",
            triple("stdlib", "go1.21.5", "Go"),
        ),
        (
            "pkg:cargo/regex@1.5.4",
            triple("regex", "1.5.4", "crates.io"),
        ),
        (
            "pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.15.2",
            triple(
                "com.fasterxml.jackson.core:jackson-databind",
                "2.15.2",
                "Maven",
            ),
        ),
        ("pkg:gem/rails@7.0.4", triple("rails", "7.0.4", "RubyGems")),
        (
            "pkg:composer/laravel/framework@v9.41.0",
            triple("laravel/framework", "v9.41.0", "Packagist"),
        ),
        (
            "pkg:nuget/Newtonsoft.Json@13.0.1",
            triple("Newtonsoft.Json", "13.0.1", "NuGet"),
        ),
        // Percent-encoded version characters are decoded.
        (
            "pkg:pypi/foo@1.0%2Blocal",
            triple("foo", "1.0+local", "PyPI"),
        ),
    ];
    for (purl, expected) in cases {
        assert_eq!(mapped(purl), expected, "{purl}");
    }
    // Maven names match what the jar and pom catalogers produce.
    assert_eq!(
        package_from_purl(&purl::maven("org.yaml", "snakeyaml", "1.33"))
            .unwrap()
            .name,
        "org.yaml:snakeyaml"
    );
    for unsupported in [
        "pkg:generic/openssl@3.0",
        "pkg:oci/app@sha256%3Aabc",
        "not a purl",
        "pkg:npm",
    ] {
        assert!(package_from_purl(unsupported).is_none(), "{unsupported}");
    }
}

#[test]
fn distro_purls_take_the_release_from_the_distro_qualifier() {
    let cases = [
        (
            "pkg:deb/debian/libssl3@3.0.15-1~deb12u1?arch=amd64&distro=debian-12",
            triple("libssl3", "3.0.15-1~deb12u1", "Debian:12"),
        ),
        // Trivy writes the point release.
        (
            "pkg:deb/debian/libc6@2.36-9%2Bdeb12u3?arch=amd64&distro=debian-12.4",
            triple("libc6", "2.36-9+deb12u3", "Debian:12"),
        ),
        (
            "pkg:deb/ubuntu/libssl3@3.0.2-0ubuntu1.10?arch=amd64&distro=ubuntu-22.04",
            triple("libssl3", "3.0.2-0ubuntu1.10", "Ubuntu:22.04:LTS"),
        ),
        (
            "pkg:deb/debian/bsdutils@1:2.38.1-5%2Bdeb12u3?arch=amd64&distro=debian-12",
            triple("bsdutils", "1:2.38.1-5+deb12u3", "Debian:12"),
        ),
        (
            "pkg:apk/alpine/musl@1.2.4-r2?arch=x86_64&distro=alpine-3.18.4",
            triple("musl", "1.2.4-r2", "Alpine:v3.18"),
        ),
        // Trivy's apk qualifier is the bare release.
        (
            "pkg:apk/alpine/musl@1.2.4-r2?arch=x86_64&distro=3.18.4",
            triple("musl", "1.2.4-r2", "Alpine:v3.18"),
        ),
        (
            "pkg:rpm/almalinux/openssl-libs@3.0.7-27.el9?arch=x86_64&distro=almalinux-9&epoch=1",
            triple("openssl-libs", "1:3.0.7-27.el9", "AlmaLinux:9"),
        ),
        (
            "pkg:rpm/rocky/bash@5.1.8-6.el9_1?arch=x86_64&distro=rocky-9.3",
            triple("bash", "5.1.8-6.el9_1", "Rocky Linux:9"),
        ),
        (
            "pkg:rpm/redhat/bash@5.1.8-6.el9?arch=x86_64&distro=redhat-9.2",
            triple("bash", "5.1.8-6.el9", "Red Hat:enterprise_linux:9"),
        ),
    ];
    for (purl, expected) in &cases {
        assert_eq!(&mapped(purl), expected, "{purl}");
    }
    let ssl = package_from_purl(cases[0].0).unwrap();
    assert_eq!(ssl.arch.as_deref(), Some("amd64"));
    assert_eq!(ssl.purl, cases[0].0, "the purl is kept as written");
    // Without a distro qualifier the release is unknown: the bare distribution name, which
    // no release-specific advisory matches.
    assert_eq!(
        mapped("pkg:deb/debian/curl@7.88.1-10"),
        triple("curl", "7.88.1-10", "Debian")
    );
}

#[test]
fn upstream_qualifier_gives_the_source_package() {
    let p = package_from_purl(
        "pkg:deb/debian/libssl3@3.0.15-1~deb12u1?arch=amd64&upstream=openssl&distro=debian-12",
    )
    .unwrap();
    assert_eq!(p.source_name.as_deref(), Some("openssl"));
    assert_eq!(p.source_version, None);
    let p = package_from_purl(
        "pkg:deb/debian/libgcc-s1@12.2.0-14?arch=amd64&upstream=gcc-12%4012.2.0-14&distro=debian-12",
    )
    .unwrap();
    assert_eq!(p.source_name.as_deref(), Some("gcc-12"));
    assert_eq!(p.source_version.as_deref(), Some("12.2.0-14"));
    let p = package_from_purl(
        "pkg:rpm/almalinux/openssl-libs@3.0.7-27.el9?arch=x86_64&distro=almalinux-9&upstream=openssl-3.0.7-27.el9.src.rpm",
    )
    .unwrap();
    assert_eq!(p.source_name.as_deref(), Some("openssl"));
    assert_eq!(p.source_version.as_deref(), Some("3.0.7-27.el9"));
}

fn entry(package: &Package, path: &str, layer: usize, licenses: &[&str]) -> PackageEntry {
    PackageEntry {
        name: package.name.clone(),
        version: package.version.clone(),
        ecosystem: package.ecosystem.clone(),
        source: package.source_name.clone(),
        source_version: package.source_version.clone(),
        purl: package.purl.clone(),
        path: path.to_string(),
        layer: Some(layer),
        licenses: licenses.iter().map(|l| (*l).to_string()).collect(),
        arch: package.arch.clone(),
    }
}

fn package(name: &str, version: &str, ecosystem: &str, purl: String) -> Package {
    Package {
        name: name.to_string(),
        version: version.to_string(),
        ecosystem: ecosystem.to_string(),
        source_name: None,
        source_version: None,
        purl,
        licenses: Vec::new(),
        path: String::new(),
        layer: 0,
        arch: None,
    }
}

/// A report as `lookout sbom` fills it, with one package of every ecosystem family.
fn report() -> ScanReport {
    let mut libssl = package(
        "libssl3",
        "3.0.15-1~deb12u1",
        "Debian:12",
        purl::deb(
            "debian",
            "libssl3",
            "3.0.15-1~deb12u1",
            Some("amd64"),
            Some("debian-12"),
        ),
    );
    libssl.source_name = Some("openssl".into());
    libssl.source_version = Some("3.0.15-1~deb12u1".into());
    libssl.arch = Some("amd64".into());
    let mut bsdutils = package(
        "bsdutils",
        "1:2.38.1-5+deb12u3",
        "Debian:12",
        purl::deb(
            "debian",
            "bsdutils",
            "1:2.38.1-5+deb12u3",
            Some("amd64"),
            Some("debian-12"),
        ),
    );
    bsdutils.source_name = Some("util-linux".into());
    bsdutils.source_version = Some("2.38.1-5+deb12u3".into());
    bsdutils.arch = Some("amd64".into());
    let rows = [
        (libssl, "var/lib/dpkg/status", 0, vec!["Apache-2.0"]),
        (bsdutils, "var/lib/dpkg/status", 0, vec!["GPL-2.0-or-later"]),
        (
            package(
                "@babel/parser",
                "7.23.6",
                "npm",
                purl::npm("@babel/parser", "7.23.6"),
            ),
            "app/node_modules/@babel/parser/package.json",
            3,
            vec!["MIT"],
        ),
        (
            package("django", "4.2.1", "PyPI", purl::pypi("Django", "4.2.1")),
            "usr/lib/python3/dist-packages/Django-4.2.1.dist-info/METADATA",
            2,
            vec!["BSD-3-Clause"],
        ),
        (
            package("stdlib", "go1.21.5", "Go", purl::golang("stdlib", "1.21.5")),
            "usr/local/bin/server",
            4,
            vec![],
        ),
        (
            package(
                "github.com/gorilla/mux",
                "v1.8.0",
                "Go",
                purl::golang("github.com/gorilla/mux", "v1.8.0"),
            ),
            "usr/local/bin/server",
            4,
            vec![],
        ),
        (
            package("regex", "1.5.4", "crates.io", purl::cargo("regex", "1.5.4")),
            "app/Cargo.lock",
            5,
            vec!["MIT", "Apache-2.0"],
        ),
        (
            package(
                "org.yaml:snakeyaml",
                "1.33",
                "Maven",
                purl::maven("org.yaml", "snakeyaml", "1.33"),
            ),
            "app/lib/snakeyaml-1.33.jar",
            5,
            vec!["Apache-2.0"],
        ),
        (
            package("rails", "7.0.4", "RubyGems", purl::gem("rails", "7.0.4")),
            "app/Gemfile.lock",
            6,
            vec![],
        ),
    ];
    let mut report = ScanReport::new(Artifact {
        name: "acme/app:1.0".to_string(),
        format: ArtifactFormat::OciArchive,
        digest: Some(
            "sha256:74634d9736a45ca9f6e1187e783492199e020f4a5c19d0b1abc2b604f894ac99".to_string(),
        ),
        layers: Vec::new(),
    });
    report.os = Some(OsInfo {
        family: "debian".into(),
        version: "12.7".into(),
        ecosystem: "Debian:12".into(),
    });
    report.packages = rows
        .iter()
        .map(|(p, path, layer, licenses)| entry(p, path, *layer, licenses))
        .collect();
    report
}

fn context() -> EncodeContext {
    EncodeContext::new(
        ToolInfo::lookout("0.1.0"),
        "2026-11-27T06:00:00Z",
        "2026-11-27T06:00:05Z",
    )
}

/// A package without its licenses (compared separately: SPDX joins them into one
/// expression).
fn without_licenses(p: &Package) -> Package {
    Package {
        licenses: Vec::new(),
        ..p.clone()
    }
}

/// The report's packages as the reader should give them back.
fn expected_packages(report: &ScanReport) -> Vec<Package> {
    report
        .packages
        .iter()
        .map(|e| Package {
            name: e.name.clone(),
            version: e.version.clone(),
            ecosystem: e.ecosystem.clone(),
            source_name: e.source.clone(),
            source_version: e.source_version.clone(),
            purl: e.purl.clone(),
            licenses: Vec::new(),
            path: e.path.clone(),
            layer: e.layer.unwrap_or(0),
            arch: e.arch.clone(),
        })
        .collect()
}

#[test]
fn our_cyclonedx_round_trips() {
    let report = report();
    let text = to_cyclonedx(&report, &context());
    let input = packages_from_sbom(&text).unwrap();
    assert_eq!(input.format, SbomFormat::CycloneDx);
    assert_eq!(input.name, "acme/app:1.0");
    assert_eq!(
        input.warnings,
        Vec::<String>::new(),
        "the OS component is not a package"
    );
    let got: Vec<Package> = input.packages.iter().map(without_licenses).collect();
    assert_eq!(got, expected_packages(&report));
    let licenses: Vec<Vec<String>> = input.packages.iter().map(|p| p.licenses.clone()).collect();
    let want: Vec<Vec<String>> = report.packages.iter().map(|p| p.licenses.clone()).collect();
    assert_eq!(licenses, want);
}

#[test]
fn our_spdx_round_trips() {
    let report = report();
    let text = to_spdx(&report, &context());
    let input = packages_from_sbom(&text).unwrap();
    assert_eq!(input.format, SbomFormat::Spdx);
    assert_eq!(input.name, "acme/app:1.0");
    assert_eq!(
        input.warnings,
        Vec::<String>::new(),
        "artifact and OS are not packages"
    );
    let got: Vec<Package> = input.packages.iter().map(without_licenses).collect();
    assert_eq!(got, expected_packages(&report));
    // SPDX carries one declared expression per package.
    let regex = input.packages.iter().find(|p| p.name == "regex").unwrap();
    assert_eq!(regex.licenses, ["MIT AND Apache-2.0"]);
}

/// Shaped like `syft -o cyclonedx-json` output (1.5), trimmed.
const SYFT_CYCLONEDX: &str = r#"{
  "$schema": "http://cyclonedx.org/schema/bom-1.5.schema.json",
  "bomFormat": "CycloneDX",
  "specVersion": "1.5",
  "serialNumber": "urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79",
  "version": 1,
  "metadata": {
    "timestamp": "2026-11-20T10:00:00Z",
    "tools": {"components": [{"type": "application", "author": "anchore", "name": "syft", "version": "1.0.1"}]},
    "component": {"bom-ref": "1f3a", "type": "container", "name": "debian:12", "version": "sha256:1234"}
  },
  "components": [
    {
      "bom-ref": "pkg:deb/debian/libssl3@3.0.11-1~deb12u2?arch=amd64&upstream=openssl&distro=debian-12&package-id=8f2c",
      "type": "library",
      "publisher": "Debian OpenSSL Team <pkg-openssl-devel@alioth-lists.debian.net>",
      "name": "libssl3",
      "version": "3.0.11-1~deb12u2",
      "licenses": [{"license": {"name": "OpenSSL"}}],
      "cpe": "cpe:2.3:a:libssl3:libssl3:3.0.11-1\\~deb12u2:*:*:*:*:*:*:*",
      "purl": "pkg:deb/debian/libssl3@3.0.11-1~deb12u2?arch=amd64&upstream=openssl&distro=debian-12",
      "properties": [
        {"name": "syft:package:foundBy", "value": "dpkg-db-cataloger"},
        {"name": "syft:package:type", "value": "deb"},
        {"name": "syft:location:0:layerID", "value": "sha256:abcd"},
        {"name": "syft:location:0:path", "value": "/var/lib/dpkg/status"}
      ]
    },
    {
      "bom-ref": "b2",
      "type": "library",
      "name": "jackson-databind",
      "group": "com.fasterxml.jackson.core",
      "version": "2.15.2",
      "licenses": [{"license": {"id": "Apache-2.0"}}],
      "purl": "pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.15.2",
      "properties": [{"name": "syft:location:0:path", "value": "/app/app.jar"}],
      "components": [
        {"bom-ref": "b3", "type": "library", "name": "jackson-core", "version": "2.15.2",
         "purl": "pkg:maven/com.fasterxml.jackson.core/jackson-core@2.15.2"}
      ]
    },
    {"bom-ref": "b4", "type": "library", "name": "stdlib", "version": "go1.21.5", "purl": "pkg:golang/stdlib@1.21.5"},
    {"bom-ref": "b5", "type": "library", "name": "vendored-thing", "version": "0.1"},
    {"bom-ref": "b6", "type": "library", "name": "busybox", "version": "1.36.1", "purl": "pkg:generic/busybox@1.36.1"},
    {"bom-ref": "b7", "type": "file", "name": "/etc/passwd"},
    {"bom-ref": "os", "type": "operating-system", "name": "debian", "version": "12"}
  ],
  "dependencies": []
}"#;

#[test]
fn syft_cyclonedx_is_read() {
    let input = packages_from_sbom(SYFT_CYCLONEDX).unwrap();
    assert_eq!(input.name, "debian:12");
    let got: Vec<(&str, &str, &str)> = input
        .packages
        .iter()
        .map(|p| (p.name.as_str(), p.version.as_str(), p.ecosystem.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            ("libssl3", "3.0.11-1~deb12u2", "Debian:12"),
            (
                "com.fasterxml.jackson.core:jackson-databind",
                "2.15.2",
                "Maven"
            ),
            ("com.fasterxml.jackson.core:jackson-core", "2.15.2", "Maven"),
            ("stdlib", "go1.21.5", "Go"),
        ]
    );
    let ssl = &input.packages[0];
    assert_eq!(ssl.source_name.as_deref(), Some("openssl"));
    assert_eq!(ssl.path, "var/lib/dpkg/status");
    assert_eq!(ssl.licenses, ["OpenSSL"]);
    assert_eq!(input.packages[1].path, "app/app.jar");
    assert_eq!(input.warnings.len(), 2, "{:?}", input.warnings);
    assert!(
        input.warnings[0].starts_with("1 component without a purl"),
        "{:?}",
        input.warnings
    );
    assert!(
        input.warnings[1].contains("pkg:generic/busybox@1.36.1"),
        "{:?}",
        input.warnings
    );
}

/// Shaped like `trivy image --format spdx-json` output, trimmed.
const TRIVY_SPDX: &str = r#"{
  "spdxVersion": "SPDX-2.3",
  "dataLicense": "CC0-1.0",
  "SPDXID": "SPDXRef-DOCUMENT",
  "name": "alpine:3.18",
  "documentNamespace": "http://aquasecurity.github.io/trivy/container_image/alpine:3.18-5b3f",
  "creationInfo": {"creators": ["Organization: aquasecurity", "Tool: trivy-0.48.3"], "created": "2026-11-20T10:00:00Z"},
  "packages": [
    {"name": "alpine:3.18", "SPDXID": "SPDXRef-ContainerImage-9396d5", "versionInfo": "", "downloadLocation": "NONE",
     "filesAnalyzed": false, "primaryPackagePurpose": "CONTAINER",
     "externalRefs": [{"referenceCategory": "PACKAGE-MANAGER", "referenceType": "purl",
       "referenceLocator": "pkg:oci/alpine@sha256%3Aeece025e432126ce23f223450a0326fbebde39cdf496a85d8c016293fc851978?arch=amd64&repository_url=index.docker.io%2Flibrary%2Falpine"}]},
    {"name": "alpine", "SPDXID": "SPDXRef-OperatingSystem-c7d5", "versionInfo": "3.18.4", "downloadLocation": "NONE",
     "filesAnalyzed": false, "primaryPackagePurpose": "OPERATING-SYSTEM"},
    {"name": "libcrypto3", "SPDXID": "SPDXRef-Package-4f7a", "versionInfo": "3.1.4-r1", "supplier": "NOASSERTION",
     "downloadLocation": "NONE", "filesAnalyzed": false, "licenseConcluded": "Apache-2.0", "licenseDeclared": "Apache-2.0",
     "externalRefs": [{"referenceCategory": "PACKAGE-MANAGER", "referenceType": "purl",
       "referenceLocator": "pkg:apk/alpine/libcrypto3@3.1.4-r1?arch=x86_64&distro=3.18.4"}],
     "primaryPackagePurpose": "LIBRARY", "sourceInfo": "built package from: openssl 3.1.4-r1"},
    {"name": "musl", "SPDXID": "SPDXRef-Package-88aa", "versionInfo": "1.2.4-r2", "downloadLocation": "NONE",
     "filesAnalyzed": false, "licenseDeclared": "MIT",
     "externalRefs": [{"referenceCategory": "PACKAGE_MANAGER", "referenceType": "purl",
       "referenceLocator": "pkg:apk/alpine/musl@1.2.4-r2?arch=x86_64&distro=3.18.4"}],
     "primaryPackagePurpose": "LIBRARY", "sourceInfo": "built package from: musl 1.2.4-r2"},
    {"name": "lodash", "SPDXID": "SPDXRef-Package-9c1d", "versionInfo": "4.17.20", "downloadLocation": "NONE",
     "filesAnalyzed": false, "licenseDeclared": "NOASSERTION",
     "externalRefs": [{"referenceCategory": "PACKAGE-MANAGER", "referenceType": "purl",
       "referenceLocator": "pkg:npm/lodash@4.17.20"}], "primaryPackagePurpose": "LIBRARY"},
    {"name": "mystery", "SPDXID": "SPDXRef-Package-0000", "versionInfo": "1", "downloadLocation": "NONE", "filesAnalyzed": false}
  ],
  "relationships": [
    {"spdxElementId": "SPDXRef-DOCUMENT", "relatedSpdxElement": "SPDXRef-ContainerImage-9396d5", "relationshipType": "DESCRIBES"}
  ]
}"#;

#[test]
fn trivy_spdx_is_read() {
    let input = packages_from_sbom(TRIVY_SPDX).unwrap();
    assert_eq!(input.name, "alpine:3.18");
    assert_eq!(input.format.as_str(), "spdx");
    let got: Vec<(&str, &str, &str)> = input
        .packages
        .iter()
        .map(|p| (p.name.as_str(), p.version.as_str(), p.ecosystem.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            ("libcrypto3", "3.1.4-r1", "Alpine:v3.18"),
            ("musl", "1.2.4-r2", "Alpine:v3.18"),
            ("lodash", "4.17.20", "npm"),
        ]
    );
    let crypto = &input.packages[0];
    assert_eq!(crypto.source_name.as_deref(), Some("openssl"));
    assert_eq!(crypto.source_version.as_deref(), Some("3.1.4-r1"));
    assert_eq!(crypto.licenses, ["Apache-2.0"]);
    assert!(
        input.packages[2].licenses.is_empty(),
        "NOASSERTION is no license"
    );
    // Only the package with neither purl nor a non-package purpose is counted; the image's
    // oci purl is not reported as unsupported.
    assert_eq!(
        input.warnings,
        ["1 package without a purl skipped (purls are how packages are matched)"]
    );
}

#[test]
fn trivy_cyclonedx_source_properties_are_read() {
    let text = r#"{"bomFormat": "CycloneDX", "specVersion": "1.4", "version": 1,
      "metadata": {"component": {"type": "container", "name": "debian:12"}},
      "components": [{"bom-ref": "x", "type": "library", "name": "libc6", "version": "2.36-9+deb12u3",
        "purl": "pkg:deb/debian/libc6@2.36-9%2Bdeb12u3?arch=amd64&distro=debian-12.4",
        "properties": [
          {"name": "aquasecurity:trivy:SrcName", "value": "glibc"},
          {"name": "aquasecurity:trivy:SrcVersion", "value": "2.36"},
          {"name": "aquasecurity:trivy:SrcRelease", "value": "9+deb12u3"}
        ]}]}"#;
    let input = packages_from_sbom(text).unwrap();
    let libc = &input.packages[0];
    assert_eq!(libc.ecosystem, "Debian:12");
    assert_eq!(libc.source_name.as_deref(), Some("glibc"));
    assert_eq!(libc.source_version.as_deref(), Some("2.36-9+deb12u3"));
}

#[test]
fn non_sbom_input_is_a_clear_error() {
    let err = packages_from_sbom("<xml/>").unwrap_err();
    assert!(
        matches!(err, PolicyError::NotJson { what: "SBOM", .. }),
        "{err}"
    );
    assert!(
        err.to_string().starts_with("SBOM is not valid JSON"),
        "{err}"
    );
    let err =
        packages_from_sbom(r#"{"@context": "https://openvex.dev/ns/v0.2.0", "statements": []}"#)
            .unwrap_err();
    assert!(matches!(err, PolicyError::NotSbom(_)), "{err}");
    assert!(err.to_string().contains("CycloneDX"), "{err}");
}
