//! `lookout lint` end to end: exit codes, formats, configuration, suppressions and bad
//! input, through the real binary.
#![allow(clippy::unwrap_used)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn lookout() -> Command {
    Command::new(env!("CARGO_BIN_EXE_lookout"))
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("lookout-lint-cli-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn run_in(dir: &Path, args: &[&str]) -> Output {
    lookout().current_dir(dir).args(args).output().unwrap()
}

fn json(output: &Output) -> serde_json::Value {
    serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}): {}",
            String::from_utf8_lossy(&output.stdout)
        )
    })
}

fn rules_at(report: &serde_json::Value) -> Vec<(String, u64)> {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap().to_string(),
                f["line"].as_u64().unwrap(),
            )
        })
        .collect()
}

#[test]
fn latest_tag_is_reported_at_line_one_with_exit_1() {
    let dir = temp_dir("latest");
    std::fs::write(dir.join("Dockerfile"), "FROM nginx:latest\nUSER 101\n").unwrap();
    let out = run_in(&dir, &["lint", "--format", "json", "Dockerfile"]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report = json(&out);
    assert_eq!(report["schema"], "lookout.lint/v1");
    let finding = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "DL3007")
        .unwrap();
    assert_eq!(
        (finding["line"].as_u64(), finding["column"].as_u64()),
        (Some(1), Some(6))
    );
    // The contract's short form first, then Trivy's current ID.
    assert_eq!(finding["aliases"], serde_json::json!(["DS001", "DS-0001"]));
    assert_eq!(finding["severity"], "warning");
}

#[test]
fn fail_on_threshold_decides_the_exit_code() {
    let dir = temp_dir("failon");
    std::fs::write(dir.join("Dockerfile"), "FROM nginx:latest\nUSER 101\n").unwrap();
    assert_eq!(
        run_in(&dir, &["lint", "--fail-on", "error", "Dockerfile"])
            .status
            .code(),
        Some(0)
    );
    assert_eq!(
        run_in(&dir, &["lint", "--fail-on", "warning", "Dockerfile"])
            .status
            .code(),
        Some(1)
    );
}

#[test]
fn folders_are_walked_by_name_and_content_respecting_gitignore() {
    let dir = temp_dir("walk");
    std::fs::create_dir_all(dir.join("deploy")).unwrap();
    std::fs::create_dir_all(dir.join("ignored")).unwrap();
    std::fs::write(dir.join(".gitignore"), "ignored/\n").unwrap();
    std::fs::write(dir.join("api.Dockerfile"), "FROM alpine:latest\n").unwrap();
    std::fs::write(dir.join("ignored/Dockerfile"), "FROM alpine:latest\n").unwrap();
    std::fs::write(
        dir.join("deploy/pod.yaml"),
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: app\n      image: nginx:1.25\n      securityContext:\n        privileged: true\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("deploy/workflow.yml"),
        "on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n",
    )
    .unwrap();
    let out = run_in(&dir, &["lint", "--format", "json", "."]);
    let report = json(&out);
    let paths: std::collections::BTreeSet<String> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap().to_string())
        .collect();
    assert!(paths.contains("api.Dockerfile"), "{paths:?}");
    assert!(paths.contains("deploy/pod.yaml"), "{paths:?}");
    assert!(
        !paths
            .iter()
            .any(|p| p.contains("ignored") || p.contains("workflow")),
        "{paths:?}"
    );
    let privileged = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "LKK002")
        .unwrap();
    assert_eq!(privileged["line"], 10);
    assert!(privileged["aliases"]
        .as_array()
        .unwrap()
        .iter()
        .any(|a| a == "KSV-0017"));
}

/// `lookout lint --format json --stdin-filename NAME -` of `text`, parsed.
fn lint_stdin(name: &str, text: &[u8]) -> serde_json::Value {
    use std::io::Write;
    let mut child = lookout()
        .args(["lint", "--format", "json", "--stdin-filename", name, "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(text).unwrap();
    json(&child.wait_with_output().unwrap())
}

#[test]
fn stdin_uses_the_given_file_name() {
    let report = lint_stdin(
        "deploy.yaml",
        b"apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  hostNetwork: true\n  containers:\n    - name: a\n      image: x:1\n",
    );
    assert!(
        rules_at(&report).contains(&("LKK009".to_string(), 6)),
        "{report}"
    );
}

#[test]
fn suppressions_and_aliases() {
    let dir = temp_dir("suppress");
    std::fs::write(
        dir.join("Dockerfile"),
        "# hadolint global ignore=LKD001\n# lookout ignore=DS001\nFROM nginx:latest\n# hadolint ignore=DL3008,DL3015\nRUN apt-get update && apt-get install -y curl \\\n    && rm -rf /var/lib/apt/lists/*\nUSER 101\n",
    )
    .unwrap();
    let report = json(&run_in(&dir, &["lint", "--format", "json", "Dockerfile"]));
    let rules: Vec<String> = rules_at(&report).into_iter().map(|(r, _)| r).collect();
    for gone in ["DL3007", "LKD001", "DL3008", "DL3015"] {
        assert!(
            !rules.contains(&gone.to_string()),
            "{gone} not suppressed: {rules:?}"
        );
    }
}

#[test]
fn lookout_toml_beats_hadolint_yaml_and_changes_severity() {
    let dir = temp_dir("config");
    std::fs::create_dir_all(dir.join("svc")).unwrap();
    std::fs::write(dir.join("svc/Dockerfile"), "FROM nginx:latest\nUSER 101\n").unwrap();
    std::fs::write(dir.join(".hadolint.yaml"), "ignored:\n  - DL3007\n").unwrap();
    let report = json(&run_in(
        &dir,
        &["lint", "--format", "json", "svc/Dockerfile"],
    ));
    assert!(
        !rules_at(&report).iter().any(|(r, _)| r == "DL3007"),
        "hadolint ignored: not honored"
    );
    std::fs::write(
        dir.join("lookout.toml"),
        "fail-on = \"error\"\n[rules]\nDS001 = \"error\"\nLKD001 = \"off\"\n",
    )
    .unwrap();
    let out = run_in(&dir, &["lint", "--format", "json", "svc/Dockerfile"]);
    let report = json(&out);
    let latest = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "DL3007")
        .unwrap();
    assert_eq!(latest["severity"], "error");
    assert!(!rules_at(&report).iter().any(|(r, _)| r == "LKD001"));
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn sarif_output_is_sarif_2_1_0() {
    let dir = temp_dir("sarif");
    std::fs::write(dir.join("Dockerfile"), "FROM nginx:latest\n").unwrap();
    let out = run_in(&dir, &["lint", "--format", "sarif", "Dockerfile"]);
    let sarif = json(&out);
    assert_eq!(sarif["version"], "2.1.0");
    let result = &sarif["runs"][0]["results"].as_array().unwrap()[0];
    assert!(result["ruleId"].is_string());
    assert!(result["locations"][0]["physicalLocation"]["region"]["startLine"].is_u64());
}

#[test]
fn a_broken_line_is_one_error_and_the_rest_is_still_linted() {
    let dir = temp_dir("broken");
    std::fs::write(
        dir.join("Dockerfile"),
        "FROM nginx:latest\nRUNN echo hi\nMAINTAINER me\n",
    )
    .unwrap();
    let report = json(&run_in(&dir, &["lint", "--format", "json", "Dockerfile"]));
    let found = rules_at(&report);
    assert!(found.contains(&("LKD000".to_string(), 2)), "{found:?}");
    assert!(found.contains(&("DL4000".to_string(), 3)), "{found:?}");
}

#[test]
fn bad_input_gets_one_line_and_exit_2_and_writes_nothing() {
    let dir = temp_dir("bad");
    std::fs::write(dir.join("Dockerfile"), [0x7f, b'E', b'L', b'F', 0, 0, 1, 2]).unwrap();
    std::fs::write(dir.join("bad.Dockerfile"), b"FROM \xff\xfe nginx\n").unwrap();
    let huge = "A".repeat(50 * 1024 * 1024);
    std::fs::write(dir.join("huge.Dockerfile"), huge).unwrap();
    let before: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    for (file, expected) in [
        ("Dockerfile", "binary"),
        ("bad.Dockerfile", "invalid UTF-8"),
        ("huge.Dockerfile", "too large"),
        ("missing/Dockerfile", "no such file"),
    ] {
        let out = run_in(&dir, &["lint", file]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{file}: {stderr}");
        assert_eq!(stderr.trim_end().lines().count(), 1, "{file}: {stderr}");
        assert!(stderr.contains(expected), "{file}: {stderr}");
    }
    let after: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(before, after, "lint wrote into the folder");
}

#[test]
fn rule_and_rules_commands() {
    let out = lookout().args(["rule", "ds001"]).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.starts_with("DL3007"), "{text}");
    assert!(text.contains("## Example"), "{text}");
    let out = lookout().args(["rule", "NOPE123"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let catalog: serde_json::Value = serde_json::from_slice(
        &lookout()
            .args(["rules", "--format", "json"])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    assert_eq!(catalog["schema"], "lookout.rules/v1");
    let rules = catalog["rules"].as_array().unwrap();
    assert!(rules.len() > 150, "{}", rules.len());
    assert!(rules.iter().all(|r| r["docs_url"]
        .as_str()
        .is_some_and(|u| u.starts_with("https://"))));
}

#[test]
fn a_reader_that_stops_early_is_no_panic() {
    // `lookout rules | head -1`: the pipe closes after the first line.
    for args in [
        &["rules"][..],
        &["rules", "--format", "json"],
        &["rule", "DL3007"],
    ] {
        let mut child = lookout()
            .args(args)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        drop(child.stdout.take());
        let out = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
        assert_eq!(out.status.code(), Some(0), "{args:?}: {stderr}");
    }
}

#[test]
fn a_bad_argument_is_one_line_and_exit_2() {
    for args in [
        &["lint", "--fail-on", "bogus", "Dockerfile"][..],
        &["lint", "--format", "xml", "Dockerfile"],
        &["scan", "--severity", "HUGE", "x.tar"],
        &["lint", "--no-such-flag"],
        // An empty list (an unset CI variable) must not turn the gate off.
        &["scan", "--scanners", "", "x.tar"],
        &["scan", "--severity", "", "x.tar"],
    ] {
        let out = lookout().args(args).output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert_eq!(stderr.trim_end().lines().count(), 1, "{args:?}: {stderr}");
        assert!(stderr.starts_with("lookout: "), "{args:?}: {stderr}");
    }
    let out = lookout()
        .args(["lint", "--fail-on", "bogus", "x"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("'bogus'") && stderr.contains("warning"),
        "names the value and the choices: {stderr}"
    );
    let help = lookout().args(["lint", "--help"]).output().unwrap();
    assert_eq!(help.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&help.stdout).contains("Usage:"));
}

#[test]
fn json_manifests_are_kubernetes_by_name_in_folders_and_from_stdin() {
    let dir = temp_dir("json");
    let pod = "{\n  \"apiVersion\": \"v1\",\n  \"kind\": \"Pod\",\n  \"metadata\": {\"name\": \"j\"},\n  \"spec\": {\n    \"hostNetwork\": true,\n    \"containers\": [{\"name\": \"c\", \"image\": \"nginx:1.25\"}]\n  }\n}\n";
    std::fs::write(dir.join("pod.json"), pod).unwrap();
    std::fs::write(
        dir.join("package.json"),
        "{\"name\": \"x\", \"version\": \"1.0.0\"}\n",
    )
    .unwrap();
    // Named: Kubernetes, not the Dockerfile parser.
    let out = run_in(&dir, &["lint", "--format", "json", "pod.json"]);
    let report = json(&out);
    assert_eq!(
        rules_at(&report)
            .iter()
            .filter(|(r, _)| r == "LKK009")
            .count(),
        1,
        "{report}"
    );
    assert!(
        !rules_at(&report).iter().any(|(r, _)| r == "LKD000"),
        "{report}"
    );
    assert!(
        rules_at(&report).contains(&("LKK009".to_string(), 6)),
        "{report}"
    );
    // In a folder walk: pod.json is linted, package.json is not a manifest.
    let out = run_in(&dir, &["lint", "--format", "json", "."]);
    let report = json(&out);
    let paths: std::collections::BTreeSet<&str> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    assert_eq!(paths, ["pod.json"].into(), "{report}");
    // From stdin with a .json name.
    let report = lint_stdin("pod.json", pod.as_bytes());
    assert!(
        rules_at(&report).contains(&("LKK009".to_string(), 6)),
        "{report}"
    );
}
