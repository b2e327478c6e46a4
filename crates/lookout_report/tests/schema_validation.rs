//! Our SBOM and SARIF outputs checked by the official validators that
//! `tests/schemas/setup.sh` installs (CycloneDX: cyclonedx-python-lib's strict JSON schema
//! validator; SPDX: pyspdxtools; SARIF: Microsoft's Sarif.Multitool). A missing tool is a
//! failure that says to run the setup script, never a silent skip. Each validator is also
//! shown a broken document, so a harness that accepts everything cannot pass.
#![allow(clippy::unwrap_used)]

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use common::{context, rule_descriptors, sample_lint_report, sample_report};
use lookout_report::*;
use serde_json::Value;

const SETUP_HINT: &str = "run `bash tests/schemas/setup.sh` (installs the validators into \
~/.cache/lookout/schema-tools, or $LOOKOUT_SCHEMA_TOOLS)";

fn tools_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("LOOKOUT_SCHEMA_TOOLS") {
        return PathBuf::from(dir);
    }
    let home = std::env::var_os("HOME").unwrap_or_else(|| panic!("HOME is not set; {SETUP_HINT}"));
    Path::new(&home).join(".cache/lookout/schema-tools")
}

fn tool(relative: &str) -> PathBuf {
    let path = tools_dir().join(relative);
    assert!(
        path.exists(),
        "validator {} is missing: {SETUP_HINT}",
        path.display()
    );
    path
}

fn python() -> PathBuf {
    tool("venv/bin/python")
}

/// The multitool's native binary: its npm wrapper passes arguments through a shell, which
/// splits the `;`-separated `--level` list.
fn sarif_multitool() -> PathBuf {
    tool("node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool")
}

fn work_dir(test: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "lookout-report-schemas-{}-{test}",
        std::process::id()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

fn run(command: &mut Command) -> Output {
    command
        .output()
        .unwrap_or_else(|e| panic!("could not run {command:?}: {e}; {SETUP_HINT}"))
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

// ---------- CycloneDX ----------

const CYCLONEDX_CHECK: &str = "
import sys
from cyclonedx.schema import SchemaVersion
from cyclonedx.validation.json import JsonStrictValidator
error = JsonStrictValidator(SchemaVersion.V1_6).validate_str(open(sys.argv[1], encoding='utf-8').read())
if error is not None:
    print(error)
    sys.exit(1)
";

/// `None` when the strict 1.6 validator accepts the file, else its message.
fn cyclonedx_errors(path: &Path) -> Option<String> {
    let output = run(Command::new(python())
        .arg("-c")
        .arg(CYCLONEDX_CHECK)
        .arg(path));
    if output.status.success() {
        None
    } else {
        Some(format!("{}{}", text(&output.stdout), text(&output.stderr)))
    }
}

fn edge_report() -> ScanReport {
    // No OS, no digest, a folder scan, odd names: the encoders must still be valid.
    let mut report = ScanReport::new(Artifact {
        name: "my project: v2".into(),
        format: ArtifactFormat::Directory,
        digest: None,
        layers: vec![],
    });
    report.packages.push(PackageEntry {
        name: "weird name/with spaces".into(),
        version: String::new(),
        ecosystem: "npm".into(),
        purl: String::new(),
        path: "package-lock.json".into(),
        licenses: vec!["(MIT OR".into(), "LicenseRef-Custom".into()],
        ..PackageEntry::default()
    });
    for (name, license) in [
        ("deprecated-id", "GPL-2.0+"),
        (
            "with-exception",
            "GPL-2.0-only WITH Classpath-exception-2.0",
        ),
        ("lowercase-expression", "mit or apache-2.0"),
        ("", "0BSD"),
    ] {
        report.packages.push(PackageEntry {
            name: name.into(),
            version: "1.0.0".into(),
            ecosystem: "Maven".into(),
            purl: format!("pkg:maven/org.example/{name}@1.0.0"),
            path: "app/lib".into(),
            licenses: vec![license.into()],
            ..PackageEntry::default()
        });
    }
    report.vulnerabilities.push(VulnerabilityEntry {
        id: "OSV-2026-1".into(),
        package: "weird name/with spaces".into(),
        cvss: Some(Cvss {
            version: "4.0".into(),
            vector: "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N".into(),
            score: 9.3,
        }),
        path: "package-lock.json".into(),
        ecosystem: "npm".into(),
        ..VulnerabilityEntry::default()
    });
    report
}

#[test]
fn cyclonedx_validates_against_the_official_1_6_schema() {
    let dir = work_dir("cyclonedx");
    let ctx = context();
    let mut sbom_only = sample_report();
    sbom_only.vulnerabilities.clear();
    sbom_only.suppressed.clear();
    for (name, report) in [
        ("scan.cdx.json", sample_report()),
        ("sbom.cdx.json", sbom_only),
        ("edge.cdx.json", edge_report()),
        ("empty.cdx.json", ScanReport::default()),
    ] {
        let path = write(&dir, name, &to_cyclonedx(&report, &ctx));
        if let Some(errors) = cyclonedx_errors(&path) {
            panic!("{name} is not valid CycloneDX 1.6: {errors}");
        }
    }
    // Negative control: an unknown SPDX id in `license.id` must be rejected.
    let mut broken: Value = serde_json::from_str(&to_cyclonedx(&sample_report(), &ctx)).unwrap();
    broken["components"][1]["licenses"] =
        serde_json::json!([{ "license": { "id": "Not-A-License" } }]);
    let path = write(&dir, "broken.cdx.json", &broken.to_string());
    assert!(
        cyclonedx_errors(&path).is_some(),
        "the validator accepted a bogus license id"
    );
    let _ = std::fs::remove_dir_all(dir);
}

// ---------- SPDX ----------

/// pyspdxtools exits 0 even when the document is invalid: any `ERROR` it prints counts.
fn spdx_errors(path: &Path) -> Option<String> {
    let output = run(Command::new(tool("venv/bin/pyspdxtools"))
        .arg("-i")
        .arg(path));
    let stderr = text(&output.stderr);
    let stdout = text(&output.stdout);
    let failed = !output.status.success()
        || stderr.contains("ERROR")
        || stdout.contains("ERROR")
        || stdout.contains("validation issues")
        || stderr.contains("Traceback");
    failed.then(|| format!("exit {:?}\n{stdout}{stderr}", output.status.code()))
}

#[test]
fn spdx_validates_with_pyspdxtools() {
    let dir = work_dir("spdx");
    let ctx = context();
    for (name, report) in [
        ("scan.spdx.json", sample_report()),
        ("edge.spdx.json", edge_report()),
        ("empty.spdx.json", ScanReport::default()),
    ] {
        let path = write(&dir, name, &to_spdx(&report, &ctx));
        if let Some(errors) = spdx_errors(&path) {
            panic!("{name} is not valid SPDX 2.3: {errors}");
        }
    }
    let mut broken: Value = serde_json::from_str(&to_spdx(&sample_report(), &ctx)).unwrap();
    broken["packages"][2]["licenseDeclared"] = Value::from("Not-A-License AND");
    let path = write(&dir, "broken.spdx.json", &broken.to_string());
    assert!(
        spdx_errors(&path).is_some(),
        "pyspdxtools accepted a broken license expression"
    );
    let _ = std::fs::remove_dir_all(dir);
}

// ---------- SARIF ----------

/// Notes we accept, each for a reason that holds for every log we write:
/// - SARIF2002: messages are plain text per result (GitHub shows `message.text`);
/// - SARIF2003: version control provenance is the CI upload step's business;
/// - SARIF2009: vulnerability ids (CVE-…, GHSA-…) and secret rule names are external keys;
/// - SARIF2010/SARIF2011: code snippets need the source text, which image findings lack;
/// - SARIF2012: only for rules the caller passed no descriptor for (no help URI to give).
const ACCEPTED_NOTES: &[&str] = &[
    "SARIF2002",
    "SARIF2003",
    "SARIF2009",
    "SARIF2010",
    "SARIF2011",
    "SARIF2012",
];

const SARIF_SCHEMA_CHECK: &str = "
import json, sys, jsonschema
schema = json.load(open(sys.argv[1], encoding='utf-8'))
validator = jsonschema.validators.validator_for(schema)
errors = list(validator(schema, format_checker=validator.FORMAT_CHECKER).iter_errors(
    json.load(open(sys.argv[2], encoding='utf-8'))))
for error in errors:
    print('/'.join(str(p) for p in error.absolute_path), error.message)
sys.exit(1 if errors else 0)
";

/// The SARIF 2.1.0 JSON schema the multitool ships, applied with jsonschema. Needed besides
/// the multitool because the multitool silently reports nothing for a log it cannot
/// deserialize (an unknown `level`, for one).
fn sarif_schema_errors(path: &Path) -> Option<String> {
    let schema = tool("node_modules/@microsoft/sarif-multitool-linux/sarif-2.1.0.json");
    let output = run(Command::new(python())
        .arg("-c")
        .arg(SARIF_SCHEMA_CHECK)
        .arg(schema)
        .arg(path));
    (!output.status.success()).then(|| format!("{}{}", text(&output.stdout), text(&output.stderr)))
}

/// Every validator finding we do not accept, as `level rule: message`.
fn sarif_problems(dir: &Path, path: &Path) -> Vec<String> {
    let mut problems: Vec<String> = sarif_schema_errors(path)
        .map(|errors| format!("schema: {errors}"))
        .into_iter()
        .collect();
    let report = dir.join("validation.sarif");
    let config = format!("{}/../../tests/schemas/sarif-validate.xml", manifest_dir());
    let output = run(Command::new(sarif_multitool())
        .arg("validate")
        .arg(path)
        .arg("--output")
        .arg(&report)
        .args([
            "--log",
            "ForceOverwrite",
            "--level",
            "Error;Warning;Note",
            "--config",
            config.as_str(),
        ]));
    let console = format!("{}{}", text(&output.stdout), text(&output.stderr));
    assert!(
        output.status.success(),
        "multitool failed on {}: {console}",
        path.display()
    );
    let log: Value = serde_json::from_str(&std::fs::read_to_string(&report).unwrap()).unwrap();
    for run in log["runs"].as_array().unwrap() {
        for result in run["results"].as_array().into_iter().flatten() {
            let rule = result["ruleId"].as_str().unwrap_or("?");
            // SARIF's default level is `warning`.
            let level = result["level"].as_str().unwrap_or("warning");
            if level == "note" && ACCEPTED_NOTES.contains(&rule) {
                continue;
            }
            let line = console
                .lines()
                .find(|l| l.contains(rule))
                .unwrap_or("(see the validation log)")
                .to_string();
            problems.push(format!("{level} {rule}: {line}"));
        }
        // Tool-level problems (a log that cannot be read at all) land in notifications.
        for invocation in run["invocations"].as_array().into_iter().flatten() {
            for notification in invocation["toolExecutionNotifications"]
                .as_array()
                .into_iter()
                .flatten()
            {
                let id = notification["descriptor"]["id"].as_str().unwrap_or("?");
                if id != "WRN999.RuleExplicitlyDisabled" {
                    problems.push(format!(
                        "notification {id}: {}",
                        notification["message"]["text"]
                    ));
                }
            }
        }
    }
    problems
}

#[test]
fn sarif_validates_with_the_official_multitool() {
    let dir = work_dir("sarif");
    let ctx = context();
    let logs = [
        (
            "scan.sarif",
            to_sarif_scan(&sample_report(), &rule_descriptors(), &ctx),
        ),
        (
            "lint.sarif",
            to_sarif_lint(&sample_lint_report(), &rule_descriptors(), &ctx),
        ),
        ("edge.sarif", to_sarif_scan(&edge_report(), &[], &ctx)),
        (
            "empty-lint.sarif",
            to_sarif_lint(&LintReport::default(), &[], &ctx),
        ),
    ];
    for (name, log) in logs {
        let path = write(&dir, name, &log);
        let problems = sarif_problems(&dir, &path);
        assert!(problems.is_empty(), "{name}:\n{}", problems.join("\n"));
    }
    // Negative controls: a value the schema forbids, and a region ending before it starts
    // (schema-valid; only the multitool's SARIF1007 sees it).
    let valid: Value = serde_json::from_str(&to_sarif_lint(
        &sample_lint_report(),
        &rule_descriptors(),
        &ctx,
    ))
    .unwrap();
    let mut bad_level = valid.clone();
    bad_level["runs"][0]["results"][0]["level"] = Value::from("fatal");
    let path = write(&dir, "bad-level.sarif", &bad_level.to_string());
    assert!(
        sarif_schema_errors(&path).is_some(),
        "the schema accepted level `fatal`"
    );
    let mut bad_region = valid;
    bad_region["runs"][0]["results"][1]["locations"][0]["physicalLocation"]["region"]["endLine"] =
        Value::from(2);
    let path = write(&dir, "bad-region.sarif", &bad_region.to_string());
    let problems = sarif_problems(&dir, &path);
    assert!(
        problems.iter().any(|p| p.contains("SARIF1007")),
        "the multitool accepted a region that ends before it starts: {problems:?}"
    );
    let _ = std::fs::remove_dir_all(dir);
}

/// The package directory at run time (cargo sets it for tests), not at compile time: a
/// test binary reused from another checkout's build must read this checkout's files.
fn manifest_dir() -> String {
    std::env::var("CARGO_MANIFEST_DIR").unwrap_or_else(|_| env!("CARGO_MANIFEST_DIR").to_owned())
}
