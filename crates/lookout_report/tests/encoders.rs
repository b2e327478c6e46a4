//! One test group per encoder over the shared realistic report.
#![allow(clippy::unwrap_used)]

mod common;

use std::collections::HashSet;

use common::{context, rule_descriptors, sample_lint_report, sample_report};
use lookout_report::*;
use serde_json::Value;

fn parse(text: &str) -> Value {
    serde_json::from_str(text).unwrap()
}

#[test]
fn json_scan_follows_the_contract_and_recomputes_the_summary() {
    let text = to_json(&sample_report());
    let doc = parse(&text);
    assert_eq!(doc["schema"], "lookout.scan/v1");
    for key in [
        "artifact",
        "os",
        "packages",
        "vulnerabilities",
        "secrets",
        "misconfigurations",
        "summary",
        "warnings",
    ] {
        assert!(doc.get(key).is_some(), "missing {key}");
    }
    assert_eq!(doc["artifact"]["format"], "oci-archive");
    assert_eq!(
        doc["artifact"]["layers"][1]["diff_id"]
            .as_str()
            .unwrap()
            .len(),
        71
    );
    assert!(doc["artifact"]["layers"][1].get("size").is_none());
    let summary = &doc["summary"];
    assert_eq!(
        [
            &summary["critical"],
            &summary["high"],
            &summary["medium"],
            &summary["low"],
            &summary["unknown"]
        ],
        [3, 3, 1, 1, 1]
    );
    assert_eq!(summary["secrets"], 2);
    let vuln = &doc["vulnerabilities"][0];
    assert_eq!(vuln["status"], "fixed");
    assert_eq!(vuln["severity"], "HIGH");
    assert_eq!(vuln["cvss"]["score"], 7.5);
    assert_eq!(doc["vulnerabilities"][1]["status"], "will_not_fix");
    assert!(doc["vulnerabilities"][1]["fixed_version"].is_null());
    assert_eq!(
        doc["secrets"][0]["match"],
        "AWS_ACCESS_KEY_ID=AKIA****************"
    );
    assert!(doc["secrets"][0]["deleted_in_layer"].is_null());
    assert_eq!(doc["misconfigurations"][1]["source"], "history");
    assert_eq!(doc["suppressed"][0]["by"], "vex");
    // What we write reads back to the same report.
    let back: ScanReport = serde_json::from_str(&text).unwrap();
    assert_eq!(back, sample_report().normalized());
    assert!(text.ends_with("}\n"));
}

#[test]
fn json_lint_follows_the_contract() {
    let doc = parse(&to_json(&sample_lint_report()));
    assert_eq!(doc["schema"], "lookout.lint/v1");
    let finding = &doc["findings"][1];
    assert_eq!(finding["rule"], "LKK001");
    assert_eq!(finding["severity"], "warning");
    assert_eq!(finding["fix"]["applicability"], "unsafe");
    let edit = &finding["fix"]["edits"][0];
    for key in ["line", "column", "end_line", "end_column", "text"] {
        assert!(edit.get(key).is_some(), "edit lacks {key}");
    }
    assert!(doc["findings"][0]["fix"].is_null());
}

#[test]
fn table_groups_by_target_and_sorts_by_severity() {
    let table = to_table(&sample_report());
    let os = table
        .find("registry.example.com/shop/api:1.4.2 (debian 12.7)")
        .unwrap();
    let npm = table.find("\napp/package-lock.json\n").unwrap();
    let jar = table.find("\napp/lib/log4j-core-2.14.1.jar\n").unwrap();
    assert!(
        os < jar && jar < npm,
        "OS first, then language targets by path"
    );
    let os_section = &table[os..jar];
    let critical = os_section.find("CVE-2023-45853").unwrap();
    let high = os_section.find("CVE-2024-5535").unwrap();
    let low = os_section.find("CVE-2023-4806").unwrap();
    assert!(critical < high && high < low);
    assert!(os_section.contains("Total: 3 (CRITICAL: 1, HIGH: 1, MEDIUM: 0, LOW: 1, UNKNOWN: 0)"));
    let ssl_row = os_section
        .lines()
        .find(|l| l.contains("CVE-2024-5535"))
        .unwrap();
    assert!(ssl_row.contains("3.0.15-1~deb12u1") && ssl_row.contains("3.0.15-1~deb12u2"));
    let npm_section = &table[npm..];
    assert!(npm_section.contains("@babel/traverse"));
    assert!(table.contains("deleted in layer 2, still in the image"));
    assert!(table.contains("LKI001"));
    assert!(table.contains("CVE-2024-2511"));
    assert!(table.trim_end().lines().last().unwrap().starts_with(
        "Summary: 9 vulnerabilities (CRITICAL: 3, HIGH: 3, MEDIUM: 1, LOW: 1, UNKNOWN: 1), 2 secrets, 2 misconfigurations, 1 suppressed finding"
    ));
    // Every grid line of one table has the same width in characters.
    let grid: Vec<&str> = os_section
        .lines()
        .filter(|l| l.starts_with('|') || l.starts_with('+'))
        .collect();
    assert!(grid
        .iter()
        .all(|l| l.chars().count() == grid[0].chars().count()));
}

#[test]
fn packages_table_lists_every_package() {
    let report = sample_report();
    let table = to_packages_table(&report);
    for package in &report.packages {
        assert!(table.contains(&package.name), "{} missing", package.name);
    }
    assert!(table.trim_end().ends_with("Summary: 11 packages"));
}

fn driver_rules(doc: &Value) -> Vec<Value> {
    doc["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap()
        .clone()
}

#[test]
fn sarif_scan_has_security_rules_locations_and_fingerprints() {
    let doc = parse(&to_sarif_scan(
        &sample_report(),
        &rule_descriptors(),
        &context(),
    ));
    assert_eq!(doc["version"], "2.1.0");
    let run = &doc["runs"][0];
    assert_eq!(run["tool"]["driver"]["name"], "Lookout");
    assert_eq!(run["tool"]["driver"]["semanticVersion"], "0.1.0");
    let rules = driver_rules(&doc);
    let log4j = rules
        .iter()
        .find(|r| r["id"] == "GHSA-jfh8-c2jp-5v3q")
        .unwrap();
    assert_eq!(log4j["properties"]["security-severity"], "10.0");
    assert_eq!(log4j["defaultConfiguration"]["level"], "error");
    assert!(log4j["help"]["markdown"]
        .as_str()
        .unwrap()
        .contains("| CRITICAL |"));
    assert!(log4j["properties"]["tags"]
        .as_array()
        .unwrap()
        .contains(&Value::from("security")));
    // GO-2024-2687 has no score and UNKNOWN severity: still a number GitHub can read.
    let go = rules.iter().find(|r| r["id"] == "GO-2024-2687").unwrap();
    assert_eq!(go["properties"]["security-severity"], "0.0");
    // The documented secret rule keeps its docs; the undocumented one gets a fallback.
    let aws = rules
        .iter()
        .find(|r| r["id"] == "aws-access-key-id")
        .unwrap();
    assert_eq!(
        aws["helpUri"],
        "https://lookout.dev/rules/aws-access-key-id"
    );
    assert!(rules.iter().any(|r| r["id"] == "private-key"));

    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), 9 + 2 + 2);
    let mut fingerprints = HashSet::new();
    for result in results {
        let index = result["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[index]["id"], result["ruleId"]);
        assert!(result["message"]["text"].as_str().unwrap().ends_with('.'));
        assert!(fingerprints.insert(result["partialFingerprints"]["lookout/v1"].to_string()));
        let region = &result["locations"][0]["physicalLocation"]["region"];
        assert!(region["startLine"].as_u64().unwrap() >= 1);
    }
    let secret = results
        .iter()
        .find(|r| r["ruleId"] == "aws-access-key-id")
        .unwrap();
    assert_eq!(
        secret["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "app/.env"
    );
    assert_eq!(
        secret["locations"][0]["physicalLocation"]["region"]["startLine"],
        3
    );
    let misconfig = results.iter().find(|r| r["ruleId"] == "LKI001").unwrap();
    assert_eq!(
        misconfig["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "registry.example.com/shop/api%3A1.4.2"
    );
    let npm = results
        .iter()
        .find(|r| r["ruleId"] == "GHSA-67hx-6x53-jw92")
        .unwrap();
    assert_eq!(
        npm["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "app/package-lock.json"
    );
    assert!(npm["message"]["text"]
        .as_str()
        .unwrap()
        .contains("fixed in 7.23.2"));
}

#[test]
fn sarif_scan_places_lockfile_vulnerabilities_on_their_line() {
    let mut report = sample_report();
    let lockfile_line = |report: &ScanReport| {
        let doc = parse(&to_sarif_scan(report, &rule_descriptors(), &context()));
        let results = doc["runs"][0]["results"].as_array().unwrap().clone();
        let npm = results
            .iter()
            .find(|r| r["ruleId"] == "GHSA-67hx-6x53-jw92")
            .unwrap()
            .clone();
        npm["locations"][0]["physicalLocation"]["region"]["startLine"].clone()
    };
    // A package database has no useful line: the file's first.
    assert_eq!(lockfile_line(&report), 1);
    for v in &mut report.vulnerabilities {
        if v.id == "GHSA-67hx-6x53-jw92" {
            v.line = Some(39);
        }
    }
    assert_eq!(lockfile_line(&report), 39);
    // JSON carries the line too, and only when it is known.
    let json = parse(&to_json(&report));
    let vulns = json["vulnerabilities"].as_array().unwrap();
    assert!(vulns
        .iter()
        .any(|v| v["id"] == "GHSA-67hx-6x53-jw92" && v["line"] == 39));
    assert!(vulns
        .iter()
        .filter(|v| v["id"] != "GHSA-67hx-6x53-jw92")
        .all(|v| v.get("line").is_none()));
}

#[test]
fn sarif_lint_has_regions_fixes_and_only_used_rules() {
    let doc = parse(&to_sarif_lint(
        &sample_lint_report(),
        &rule_descriptors(),
        &context(),
    ));
    let rules = driver_rules(&doc);
    let ids: Vec<&str> = rules.iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["DL3007", "LKD000", "LKK001"]);
    let dl3007 = &rules[0];
    assert_eq!(dl3007["name"], "NoLatestTag");
    assert_eq!(dl3007["defaultConfiguration"]["level"], "warning");
    assert!(dl3007["properties"].get("security-severity").is_none());
    let results = doc["runs"][0]["results"].as_array().unwrap();
    let region = &results[0]["locations"][0]["physicalLocation"]["region"];
    assert_eq!(
        [
            &region["startLine"],
            &region["startColumn"],
            &region["endLine"],
            &region["endColumn"]
        ],
        [1, 6, 1, 18]
    );
    assert_eq!(results[0]["ruleIndex"], 0);
    assert_eq!(results[2]["level"], "error");
    let fix = &results[1]["fixes"][0];
    assert_eq!(
        fix["artifactChanges"][0]["artifactLocation"]["uri"],
        "deploy/api.yaml"
    );
    let replacement = &fix["artifactChanges"][0]["replacements"][0];
    assert_eq!(replacement["deletedRegion"]["startColumn"], 38);
    assert!(replacement["insertedContent"]["text"]
        .as_str()
        .unwrap()
        .starts_with("@sha256:"));
}

#[test]
fn sarif_lint_tells_identical_findings_apart() {
    let mut report = sample_lint_report();
    let mut twin = report.findings[0].clone();
    twin.line = 9;
    twin.end_line = 9;
    report.findings.push(twin);
    let doc = parse(&to_sarif_lint(&report, &[], &context()));
    let results = doc["runs"][0]["results"].as_array().unwrap();
    assert_ne!(
        results[0]["partialFingerprints"],
        results[3]["partialFingerprints"]
    );
    // Without descriptors, every rule still gets a valid entry.
    assert_eq!(driver_rules(&doc).len(), 3);
}

#[test]
fn cyclonedx_carries_components_licenses_and_vulnerabilities() {
    let doc = parse(&to_cyclonedx(&sample_report(), &context()));
    assert_eq!(doc["specVersion"], "1.6");
    assert!(doc["serialNumber"]
        .as_str()
        .unwrap()
        .starts_with("urn:uuid:"));
    assert_eq!(doc["metadata"]["timestamp"], "2026-11-27T06:00:07Z");
    assert_eq!(doc["metadata"]["component"]["type"], "container");
    let components = doc["components"].as_array().unwrap();
    assert_eq!(components[0]["type"], "operating-system");
    let refs: Vec<&str> = components
        .iter()
        .map(|c| c["bom-ref"].as_str().unwrap())
        .collect();
    assert_eq!(
        refs.len(),
        refs.iter().collect::<HashSet<_>>().len(),
        "bom-refs are unique"
    );
    let babel = components
        .iter()
        .find(|c| c["name"] == "@babel/traverse")
        .unwrap();
    assert_eq!(babel["purl"], "pkg:npm/%40babel/traverse@7.22.5");
    let by_name = |name: &str| components.iter().find(|c| c["name"] == name).unwrap();
    assert_eq!(
        by_name("libssl3")["licenses"][0]["license"]["id"],
        "Apache-2.0"
    );
    assert_eq!(
        by_name("smallvec")["licenses"][0]["expression"],
        "MIT OR Apache-2.0"
    );
    assert_eq!(
        by_name("requests")["licenses"][0]["license"]["id"],
        "Apache-2.0"
    );
    let bsd = by_name("libbsd0")["licenses"].as_array().unwrap().clone();
    assert_eq!(bsd[0]["license"]["id"], "BSD-3-Clause");
    assert_eq!(bsd[1]["license"]["name"], "BSD");
    assert_eq!(bsd[2]["license"]["id"], "Beerware");
    assert!(by_name("stdlib").get("licenses").is_none());
    let properties = by_name("libssl3")["properties"].as_array().unwrap().clone();
    assert!(properties.contains(&serde_json::json!({"name": "lookout:layer", "value": "0"})));
    assert!(properties.contains(&serde_json::json!({"name": "lookout:source", "value": "openssl"})));

    let vulns = doc["vulnerabilities"].as_array().unwrap();
    assert_eq!(vulns.len(), 9 + 1);
    for v in vulns {
        let target = v["affects"][0]["ref"].as_str().unwrap();
        assert!(refs.contains(&target), "{target} is not a component");
    }
    let ssl = vulns.iter().find(|v| v["id"] == "CVE-2024-5535").unwrap();
    assert_eq!(ssl["ratings"][0]["method"], "CVSSv31");
    assert_eq!(ssl["ratings"][0]["severity"], "high");
    assert_eq!(
        ssl["affects"][0]["versions"][1]["version"],
        "3.0.15-1~deb12u2"
    );
    assert_eq!(ssl["affects"][0]["versions"][1]["status"], "unaffected");
    assert!(ssl["recommendation"]
        .as_str()
        .unwrap()
        .contains("3.0.15-1~deb12u2"));
    assert_eq!(
        ssl["advisories"].as_array().unwrap().len(),
        1,
        "non-URLs are dropped"
    );
    let nested: Vec<&Value> = vulns
        .iter()
        .filter(|v| v["id"] == "GHSA-35jh-r3h4-6jhm")
        .collect();
    assert_ne!(
        nested[0]["affects"][0]["ref"],
        nested[1]["affects"][0]["ref"]
    );
    let glibc = vulns.iter().find(|v| v["id"] == "CVE-2023-4806").unwrap();
    assert_eq!(glibc["analysis"]["response"][0], "will_not_fix");
    let vex = vulns.iter().find(|v| v["id"] == "CVE-2024-2511").unwrap();
    assert_eq!(vex["analysis"]["state"], "not_affected");
    assert_eq!(vex["analysis"]["justification"], "code_not_reachable");
}

#[test]
fn cyclonedx_sbom_without_findings_has_no_vulnerabilities_key() {
    let mut report = sample_report();
    report.vulnerabilities.clear();
    report.suppressed.clear();
    let doc = parse(&to_cyclonedx(&report, &context()));
    assert!(doc.get("vulnerabilities").is_none());
}

#[test]
fn spdx_has_purls_valid_licenses_and_relationships() {
    let doc = parse(&to_spdx(&sample_report(), &context()));
    assert_eq!(doc["spdxVersion"], "SPDX-2.3");
    assert_eq!(doc["creationInfo"]["created"], "2026-11-27T06:00:07Z");
    assert!(doc["documentNamespace"]
        .as_str()
        .unwrap()
        .starts_with("https://lookout.dev/spdx/"));
    let packages = doc["packages"].as_array().unwrap();
    assert_eq!(packages.len(), 1 + 1 + 11);
    let by_name = |name: &str| packages.iter().find(|p| p["name"] == name).unwrap();
    let babel = by_name("@babel/traverse");
    assert_eq!(
        babel["externalRefs"][0]["referenceCategory"],
        "PACKAGE-MANAGER"
    );
    assert_eq!(
        babel["externalRefs"][0]["referenceLocator"],
        "pkg:npm/%40babel/traverse@7.22.5"
    );
    assert!(babel["SPDXID"]
        .as_str()
        .unwrap()
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.'));
    assert_eq!(by_name("smallvec")["licenseDeclared"], "MIT OR Apache-2.0");
    assert_eq!(by_name("libc6")["licenseDeclared"], "NOASSERTION");
    assert!(by_name("libc6")["comment"]
        .as_str()
        .unwrap()
        .contains("public-domain"));
    assert_eq!(by_name("libbsd0")["licenseDeclared"], "NOASSERTION");
    assert_eq!(by_name("libssl3")["licenseDeclared"], "Apache-2.0");
    let relationships = doc["relationships"].as_array().unwrap();
    assert_eq!(relationships[0]["relationshipType"], "DESCRIBES");
    let contains = relationships
        .iter()
        .filter(|r| r["relationshipType"] == "CONTAINS")
        .count();
    assert_eq!(contains, 1 + 11);
    let ids: HashSet<&str> = packages
        .iter()
        .map(|p| p["SPDXID"].as_str().unwrap())
        .collect();
    assert_eq!(ids.len(), packages.len());
}

#[test]
fn cosign_vuln_predicate_exposes_counts_for_policies() {
    let doc = parse(&to_cosign_vuln(&sample_report(), &context()));
    let summary = &doc["scanner"]["result"]["summary"];
    assert_eq!(summary["criticalCount"], 3);
    assert_eq!(summary["highCount"], 3);
    assert_eq!(summary["mediumCount"], 1);
    assert_eq!(summary["lowCount"], 1);
    assert_eq!(summary["unknownCount"], 1);
    assert_eq!(summary["critical"], 3);
    assert_eq!(doc["scanner"]["result"]["schema"], "lookout.scan/v1");
    assert_eq!(doc["scanner"]["version"], "0.1.0");
    assert_eq!(doc["scanner"]["db"]["version"], "2026-11-20T00:00:00Z");
    assert_eq!(doc["metadata"]["scanStartedOn"], "2026-11-27T06:00:00Z");
    assert_eq!(doc["metadata"]["scanFinishedOn"], "2026-11-27T06:00:07Z");
    assert!(doc["invocation"].get("builder.id").is_some());
    assert_eq!(
        COSIGN_VULN_PREDICATE_TYPE,
        "https://cosign.sigstore.dev/attestation/vuln/v1"
    );
}

#[test]
fn every_encoder_is_deterministic() {
    let report = sample_report();
    let rules = rule_descriptors();
    let ctx = context();
    let outputs = |r: &ScanReport| {
        [
            to_json(r),
            to_table(r),
            to_sarif_scan(r, &rules, &ctx),
            to_cyclonedx(r, &ctx),
            to_spdx(r, &ctx),
            to_cosign_vuln(r, &ctx),
        ]
    };
    assert_eq!(outputs(&report), outputs(&report.clone()));
    // Another scan time gives other document ids.
    let later = EncodeContext::new(
        ToolInfo::lookout("0.1.0"),
        "2026-11-28T06:00:00Z",
        "2026-11-28T06:00:07Z",
    );
    assert_ne!(
        parse(&to_cyclonedx(&report, &ctx))["serialNumber"],
        parse(&to_cyclonedx(&report, &later))["serialNumber"]
    );
}

#[test]
fn table_escapes_control_characters_from_the_image() {
    let mut report = sample_report();
    report
        .warnings
        .push("layer 1: app/\u{1b}]0;PWNED\u{7}\u{1b}[2J: unreadable".to_string());
    if let Some(os) = report.os.as_mut() {
        os.version = "12\u{1b}[31m".to_string();
    }
    let table = to_table(&report);
    assert!(
        !table.contains('\u{1b}') && !table.contains('\u{7}'),
        "{table}"
    );
    assert!(
        table.contains("- layer 1: app/\\x1b]0;PWNED\\x07\\x1b[2J: unreadable"),
        "{table}"
    );
    assert!(table.contains("12\\x1b[31m"), "{table}");
}

/// Every BOM gets its own serial (CycloneDX: "even if the contents of the BOM have not
/// changed"): the SBOM and the scan of one image at one second differ, and so do two runs
/// told apart only by their nonce; one pinned context still gives one serial.
#[test]
fn cyclonedx_serial_numbers_differ_per_document_and_per_run() {
    let scan = sample_report();
    let mut sbom = scan.clone();
    sbom.vulnerabilities.clear();
    sbom.suppressed.clear();
    let serial = |r: &ScanReport, ctx: &EncodeContext| {
        parse(&to_cyclonedx(r, ctx))["serialNumber"]
            .as_str()
            .unwrap()
            .to_string()
    };
    let ctx = context();
    assert_ne!(serial(&scan, &ctx), serial(&sbom, &ctx));
    assert_eq!(serial(&scan, &ctx), serial(&scan, &context()));
    let run_a = context().with_nonce("1-100");
    let run_b = context().with_nonce("2-100");
    assert_ne!(serial(&sbom, &run_a), serial(&sbom, &run_b));
    for s in [serial(&scan, &ctx), serial(&sbom, &run_a)] {
        let uuid = s.strip_prefix("urn:uuid:").unwrap();
        assert_eq!(uuid.len(), 36, "{s}");
        assert_eq!(uuid.as_bytes()[14], b'4', "version 4: {s}");
        assert!(b"89ab".contains(&uuid.as_bytes()[19]), "variant: {s}");
    }
}
