//! A realistic hand-built report shared by the encoder, schema and policy tests: a Debian
//! 12 image with distro packages, npm (a scoped package and a nested copy), PyPI, Go,
//! Maven and Cargo packages, vulnerabilities with and without fixes, secrets (one in a
//! deleted file), misconfigurations and a VEX suppression.
#![allow(dead_code, clippy::unwrap_used)]

use lookout_diagnostics::{Applicability, Severity};
use lookout_report::*;

pub fn context() -> EncodeContext {
    EncodeContext::new(
        ToolInfo::lookout("0.1.0"),
        "2026-11-27T06:00:00Z",
        "2026-11-27T06:00:07Z",
    )
}

fn package(
    name: &str,
    version: &str,
    ecosystem: &str,
    purl: &str,
    path: &str,
    layer: usize,
    licenses: &[&str],
) -> PackageEntry {
    PackageEntry {
        name: name.into(),
        version: version.into(),
        ecosystem: ecosystem.into(),
        source: None,
        source_version: None,
        purl: purl.into(),
        path: path.into(),
        layer: Some(layer),
        licenses: licenses.iter().map(|l| (*l).to_string()).collect(),
        arch: None,
    }
}

#[allow(clippy::too_many_arguments)]
fn vuln(
    id: &str,
    aliases: &[&str],
    package: &PackageEntry,
    fixed: Option<&str>,
    status: VulnerabilityStatus,
    severity: ScanSeverity,
    cvss: Option<(&str, &str, f64)>,
    title: &str,
) -> VulnerabilityEntry {
    VulnerabilityEntry {
        id: id.into(),
        aliases: aliases.iter().map(|a| (*a).to_string()).collect(),
        package: package.name.clone(),
        version: package.version.clone(),
        fixed_version: fixed.map(str::to_string),
        status,
        severity,
        cvss: cvss.map(|(version, vector, score)| Cvss {
            version: version.into(),
            vector: vector.into(),
            score,
        }),
        purl: package.purl.clone(),
        layer: package.layer,
        title: Some(title.into()),
        references: vec![
            format!("https://osv.dev/vulnerability/{id}"),
            "not a url".into(),
        ],
        ecosystem: package.ecosystem.clone(),
        path: package.path.clone(),
        line: None,
    }
}

pub fn sample_report() -> ScanReport {
    let mut report = ScanReport::new(Artifact {
        name: "registry.example.com/shop/api:1.4.2".into(),
        format: ArtifactFormat::OciArchive,
        digest: Some(
            "sha256:4f2a9c4d8b1e6f7a0c3d5e9b2a1f8c7d6e5b4a3928171605f4e3d2c1b0a99887".into(),
        ),
        layers: vec![
            Layer {
                index: 0,
                diff_id: "sha256:1111111111111111111111111111111111111111111111111111111111111111"
                    .into(),
                created_by: Some("# debian.sh --arch 'amd64' out/ 'bookworm' '@1730678400'".into()),
                size: Some(77_832_192),
            },
            Layer {
                index: 1,
                diff_id: "sha256:2222222222222222222222222222222222222222222222222222222222222222"
                    .into(),
                created_by: Some("RUN /bin/sh -c apt-get update && apt-get install -y curl".into()),
                size: None,
            },
            Layer {
                index: 2,
                diff_id: "sha256:3333333333333333333333333333333333333333333333333333333333333333"
                    .into(),
                created_by: Some("COPY app /app # buildkit".into()),
                size: Some(1_024),
            },
        ],
    });
    report.os = Some(OsInfo {
        family: "debian".into(),
        version: "12.7".into(),
        ecosystem: "Debian:12".into(),
    });
    let mut libssl = package(
        "libssl3",
        "3.0.15-1~deb12u1",
        "Debian:12",
        "pkg:deb/debian/libssl3@3.0.15-1~deb12u1?arch=amd64&distro=debian-12",
        "var/lib/dpkg/status",
        0,
        &["Apache-2.0"],
    );
    libssl.source = Some("openssl".into());
    libssl.source_version = Some("3.0.15-1~deb12u1".into());
    libssl.arch = Some("amd64".into());
    let libc = package(
        "libc6",
        "2.36-9+deb12u8",
        "Debian:12",
        "pkg:deb/debian/libc6@2.36-9%2Bdeb12u8?arch=amd64&distro=debian-12",
        "var/lib/dpkg/status",
        0,
        &["LGPL-2.1+", "GPL-2.0+", "public-domain"],
    );
    let zlib = package(
        "zlib1g",
        "1:1.2.13.dfsg-1",
        "Debian:12",
        "pkg:deb/debian/zlib1g@1%3A1.2.13.dfsg-1?arch=amd64&distro=debian-12",
        "var/lib/dpkg/status",
        0,
        &["Zlib"],
    );
    let traverse = package(
        "@babel/traverse",
        "7.22.5",
        "npm",
        "pkg:npm/%40babel/traverse@7.22.5",
        "app/package-lock.json",
        2,
        &["MIT"],
    );
    let lodash = package(
        "lodash",
        "4.17.20",
        "npm",
        "pkg:npm/lodash@4.17.20",
        "app/package-lock.json",
        2,
        &["MIT"],
    );
    // A nested copy: same purl, another path; a separate component.
    let lodash_nested = package(
        "lodash",
        "4.17.20",
        "npm",
        "pkg:npm/lodash@4.17.20",
        "app/node_modules/legacy/node_modules/lodash/package.json",
        2,
        &["MIT"],
    );
    let requests = package(
        "requests",
        "2.31.0",
        "PyPI",
        "pkg:pypi/requests@2.31.0",
        "usr/lib/python3/dist-packages/requests-2.31.0.dist-info/METADATA",
        1,
        &["Apache 2.0"],
    );
    let stdlib = package(
        "stdlib",
        "1.21.4",
        "Go",
        "pkg:golang/stdlib@1.21.4",
        "usr/local/bin/api",
        2,
        &[],
    );
    let log4j = package(
        "org.apache.logging.log4j:log4j-core",
        "2.14.1",
        "Maven",
        "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1",
        "app/lib/log4j-core-2.14.1.jar",
        2,
        &["Apache-2.0"],
    );
    let smallvec = package(
        "smallvec",
        "1.6.0",
        "crates.io",
        "pkg:cargo/smallvec@1.6.0",
        "app/Cargo.lock",
        2,
        &["MIT OR Apache-2.0"],
    );
    let bsd = package(
        "libbsd0",
        "0.11.7-2",
        "Debian:12",
        "pkg:deb/debian/libbsd0@0.11.7-2?arch=amd64&distro=debian-12",
        "var/lib/dpkg/status",
        0,
        &["BSD-3-clause", "BSD", "Beerware"],
    );

    report.vulnerabilities = vec![
        vuln(
            "CVE-2024-5535",
            &["DEBIAN-CVE-2024-5535"],
            &libssl,
            Some("3.0.15-1~deb12u2"),
            VulnerabilityStatus::Fixed,
            ScanSeverity::High,
            Some(("3.1", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N", 7.5)),
            "openssl: SSL_select_next_proto buffer overread",
        ),
        vuln(
            "CVE-2023-4806",
            &[],
            &libc,
            None,
            VulnerabilityStatus::WillNotFix,
            ScanSeverity::Low,
            None,
            "glibc: potential use-after-free in getaddrinfo()",
        ),
        vuln(
            "CVE-2023-45853",
            &[],
            &zlib,
            None,
            VulnerabilityStatus::Affected,
            ScanSeverity::Critical,
            Some(("3.1", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", 9.8)),
            "zlib: integer overflow and resultant heap-based buffer overflow in zipOpenNewFileInZip4_6",
        ),
        vuln(
            "GHSA-67hx-6x53-jw92",
            &["CVE-2023-45133"],
            &traverse,
            Some("7.23.2"),
            VulnerabilityStatus::Fixed,
            ScanSeverity::Critical,
            Some(("3.1", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", 9.3)),
            "Babel vulnerable to arbitrary code execution when compiling specifically crafted malicious code",
        ),
        vuln(
            "GHSA-35jh-r3h4-6jhm",
            &["CVE-2021-23337"],
            &lodash,
            Some("4.17.21"),
            VulnerabilityStatus::Fixed,
            ScanSeverity::High,
            None,
            "Command Injection in lodash",
        ),
        vuln(
            "GHSA-35jh-r3h4-6jhm",
            &["CVE-2021-23337"],
            &lodash_nested,
            Some("4.17.21"),
            VulnerabilityStatus::Fixed,
            ScanSeverity::High,
            None,
            "Command Injection in lodash",
        ),
        vuln(
            "GHSA-9wx4-h78v-vm56",
            &["CVE-2024-35195"],
            &requests,
            Some("2.32.0"),
            VulnerabilityStatus::Fixed,
            ScanSeverity::Medium,
            Some(("3.1", "CVSS:3.1/AV:L/AC:H/PR:H/UI:R/S:U/C:H/I:H/A:N", 5.6)),
            "Requests `Session` object does not verify requests after making first request with verify=False",
        ),
        vuln(
            "GO-2024-2687",
            &["CVE-2023-45288"],
            &stdlib,
            Some("1.21.9"),
            VulnerabilityStatus::Fixed,
            ScanSeverity::Unknown,
            None,
            "HTTP/2 CONTINUATION flood in net/http",
        ),
        vuln(
            "GHSA-jfh8-c2jp-5v3q",
            &["CVE-2021-44228"],
            &log4j,
            Some("2.15.0"),
            VulnerabilityStatus::Fixed,
            ScanSeverity::Critical,
            Some(("3.1", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H", 10.0)),
            "Remote code injection in Log4j",
        ),
    ];
    report.packages = vec![
        libssl,
        libc,
        zlib,
        bsd,
        traverse,
        lodash,
        lodash_nested,
        requests,
        stdlib,
        log4j,
        smallvec,
    ];
    report.secrets = vec![
        SecretFinding {
            rule: "aws-access-key-id".into(),
            severity: ScanSeverity::Critical,
            path: "app/.env".into(),
            line: 3,
            layer: Some(2),
            deleted_in_layer: None,
            match_: "AWS_ACCESS_KEY_ID=AKIA****************".into(),
            title: Some("AWS Access Key ID".into()),
            source: None,
        },
        SecretFinding {
            rule: "private-key".into(),
            severity: ScanSeverity::High,
            path: "root/.ssh/id_rsa".into(),
            line: 1,
            layer: Some(1),
            deleted_in_layer: Some(2),
            match_: "-----BEGIN RSA PRIVATE KEY-----****".into(),
            title: None,
            source: None,
        },
    ];
    report.misconfigurations = vec![
        Misconfiguration {
            rule: "LKI001".into(),
            aliases: vec!["DS002".into()],
            severity: ScanSeverity::High,
            message: "The image runs as root: its config sets no USER".into(),
            source: MisconfigSource::ImageConfig,
            layer: None,
            path: Some("config.User".into()),
        },
        Misconfiguration {
            rule: "DL3009".into(),
            aliases: vec!["DS017".into()],
            severity: ScanSeverity::Low,
            message: "Delete the apt-get lists after installing something".into(),
            source: MisconfigSource::History,
            layer: Some(1),
            path: Some("history[2].created_by".into()),
        },
    ];
    report.suppressed = vec![SuppressedFinding {
        kind: FindingKind::Vulnerability,
        id: "CVE-2024-2511".into(),
        severity: ScanSeverity::Medium,
        package: Some("libssl3".into()),
        version: Some("3.0.15-1~deb12u1".into()),
        purl: Some("pkg:deb/debian/libssl3@3.0.15-1~deb12u1?arch=amd64&distro=debian-12".into()),
        path: Some("var/lib/dpkg/status".into()),
        by: SuppressionSource::Vex,
        status: Some("not_affected".into()),
        justification: Some("vulnerable_code_not_in_execute_path".into()),
        statement: Some("The API never uses TLSv1.3 session resumption".into()),
        source: Some("vex/api.openvex.json".into()),
    }];
    report.db = Some(DbInfo {
        uri: "lookout-db/osv-snapshot".into(),
        version: "2026-11-20T00:00:00Z".into(),
    });
    report.warnings =
        vec!["layer 1: usr/share/doc/libfoo/copyright is not UTF-8; license skipped".into()];
    // Deliberately stale: encoders must recompute it.
    report.summary = Summary::default();
    report
}

/// The same image after upgrading away every critical vulnerability.
pub fn report_without_criticals() -> ScanReport {
    let mut report = sample_report();
    report
        .vulnerabilities
        .retain(|v| v.severity != ScanSeverity::Critical);
    report
}

pub fn rule_descriptors() -> Vec<RuleDescriptor> {
    vec![
        RuleDescriptor {
            code: "DL3007".into(),
            name: "no-latest-tag".into(),
            summary: "Flags base images that use the `latest` tag".into(),
            docs_markdown: "## What it does\nFlags `FROM image:latest`.\n\n## Why is this bad?\nBuilds stop being reproducible.\n".into(),
            help_uri: Some("https://lookout.dev/rules/dl3007".into()),
            default_severity: Severity::Warning,
            aliases: vec!["DS001".into()],
            tags: vec!["dockerfile".into()],
        },
        RuleDescriptor {
            code: "LKK001".into(),
            name: "image-digest".into(),
            summary: "Flags container images not pinned by digest".into(),
            docs_markdown: "## What it does\nFlags `image:` without `@sha256:`.\n".into(),
            help_uri: Some("https://lookout.dev/rules/lkk001".into()),
            default_severity: Severity::Warning,
            aliases: vec![],
            tags: vec!["kubernetes".into()],
        },
        RuleDescriptor {
            code: "aws-access-key-id".into(),
            name: "aws-access-key-id".into(),
            summary: "AWS access key ID".into(),
            docs_markdown: "## What it does\nFinds AWS access key IDs (`AKIA…`).\n".into(),
            help_uri: Some("https://lookout.dev/rules/aws-access-key-id".into()),
            default_severity: Severity::Error,
            aliases: vec![],
            tags: vec!["secret".into()],
        },
        RuleDescriptor {
            code: "LKI001".into(),
            name: "image-runs-as-root".into(),
            summary: "Flags images whose config runs as root".into(),
            docs_markdown: "## What it does\nFlags images with no USER.\n".into(),
            help_uri: Some("https://lookout.dev/rules/lki001".into()),
            default_severity: Severity::Error,
            aliases: vec!["DS002".into()],
            tags: vec!["image-config".into()],
        },
    ]
}

pub fn sample_lint_report() -> LintReport {
    LintReport::new(vec![
        LintFinding {
            rule: "DL3007".into(),
            aliases: vec!["DS001".into()],
            severity: Severity::Warning,
            path: "services/api/Dockerfile".into(),
            line: 1,
            column: 6,
            end_line: 1,
            end_column: 18,
            message: "Using latest is prone to errors if the image will ever update. Pin the version explicitly to a release tag".into(),
            fix: None,
        },
        LintFinding {
            rule: "LKK001".into(),
            aliases: vec![],
            severity: Severity::Warning,
            path: "deploy/api.yaml".into(),
            line: 17,
            column: 16,
            end_line: 17,
            end_column: 38,
            message: "Container `api` uses image `shop/api:1.4.2` without a digest".into(),
            fix: Some(LintFix {
                applicability: Applicability::Unsafe,
                title: "Pin the digest".into(),
                edits: vec![LintEdit {
                    line: 17,
                    column: 38,
                    end_line: 17,
                    end_column: 38,
                    text: "@sha256:4f2a9c4d8b1e6f7a0c3d5e9b2a1f8c7d6e5b4a3928171605f4e3d2c1b0a99887".into(),
                }],
            }),
        },
        LintFinding {
            rule: "LKD000".into(),
            aliases: vec![],
            severity: Severity::Error,
            path: "services/worker/Dockerfile".into(),
            line: 4,
            column: 1,
            end_line: 4,
            end_column: 8,
            message: "Unknown instruction `RUNN`".into(),
            fix: None,
        },
    ])
}
