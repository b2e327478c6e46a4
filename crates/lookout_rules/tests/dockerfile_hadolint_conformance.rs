//! hadolint conformance: for every DL rule Lookout implements, every `trigger` case of
//! ../shared/suites/hadolint/hadolint-rule-cases.yaml fires it and every `no-trigger`
//! case does not. Cases that only hold under a non-default hadolint config, and `custom`
//! assertions (which the data file cannot express), are skipped. Deliberate
//! disagreements are listed in `EXCEPTIONS` with the reason.
#![allow(clippy::unwrap_used)]

use lookout_rules::dockerfile::{check, RULE_METAS};
use std::collections::BTreeMap;
use yaml_rust2::{Yaml, YamlLoader};

/// (rule, case title, onbuild, why Lookout deliberately differs).
const EXCEPTIONS: &[(&str, &str, bool, &str)] = &[
    (
        "DL3002",
        "warns on multiple stages",
        false,
        "only the final stage ends up in the image: a root USER in a build stage that the final stage does not inherit is not flagged (the issue asks for final-stage-only)",
    ),
    (
        "DL3006",
        "other untagged cases are not ok",
        true,
        "hadolint's helper wraps FROM in ONBUILD, which BuildKit forbids (DL3043 reports it); image rules read real FROM lines only",
    ),
    (
        "DL3045",
        "not ok: `COPY` with relative destination and no `WORKDIR` set",
        true,
        "an ONBUILD trigger runs in the child build, whose WORKDIR this Dockerfile cannot know: DL3045 does not judge ONBUILD COPY",
    ),
    (
        "DL3045",
        "not ok: `COPY` with relative destination and no `WORKDIR` set with quotes",
        true,
        "an ONBUILD trigger runs in the child build, whose WORKDIR this Dockerfile cannot know: DL3045 does not judge ONBUILD COPY",
    ),
    (
        "DL3045",
        "regression: don't crash with single character paths",
        true,
        "an ONBUILD trigger runs in the child build, whose WORKDIR this Dockerfile cannot know: DL3045 does not judge ONBUILD COPY",
    ),
    (
        "DL3061",
        "warn: label before from",
        true,
        "same ONBUILD FROM artefact: with every line wrapped there is no FROM at all, so no instruction comes before one",
    ),
];

fn suite() -> Yaml {
    let path = std::path::PathBuf::from(format!(
        "{}/../../../shared/suites/hadolint/hadolint-rule-cases.yaml",
        manifest_dir()
    ));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|_| {
        panic!(
            "this test needs ../shared (the hadolint suite) beside the repository: {} is missing",
            path.display()
        )
    });
    YamlLoader::load_from_str(&text).unwrap().remove(0)
}

/// hadolint's `onBuildRuleCatches` helper: every instruction is prefixed with `ONBUILD`
/// (continuation lines stay as they are).
fn wrap_onbuild(dockerfile: &str) -> String {
    let mut out = String::new();
    let mut continued = false;
    for line in dockerfile.lines() {
        let trimmed = line.trim_start();
        if !continued && !trimmed.is_empty() && !trimmed.starts_with('#') {
            out.push_str("ONBUILD ");
        }
        out.push_str(line);
        out.push('\n');
        continued = line.trim_end().ends_with('\\');
    }
    out
}

#[test]
fn implemented_dl_rules_agree_with_hadolint_cases() {
    let data = suite();
    let implemented: Vec<&str> = RULE_METAS
        .iter()
        .map(|m| m.code)
        .filter(|c| c.starts_with("DL"))
        .collect();
    let mut counts: BTreeMap<String, (usize, usize, usize)> = BTreeMap::new();
    let mut failures = Vec::new();
    let mut exceptions_used = 0;
    for rule in data["rules"].as_vec().unwrap() {
        let code = rule["rule"].as_str().unwrap();
        if !implemented.contains(&code) {
            continue;
        }
        for case in rule["cases"].as_vec().unwrap() {
            let expect = case["expect"].as_str().unwrap();
            let title = case["it"].as_str().unwrap_or("");
            let onbuild = case["onbuild"].as_bool().unwrap_or(false);
            let entry = counts.entry(code.to_string()).or_default();
            if case["non_default_config"].as_bool().unwrap_or(false)
                || !case["non_default_config"].is_badvalue()
                    && !case["non_default_config"].is_null()
                || expect == "custom"
            {
                entry.2 += 1;
                continue;
            }
            let source = case["dockerfile"].as_str().unwrap();
            let text = if onbuild {
                wrap_onbuild(source)
            } else {
                source.to_string()
            };
            let fired = check(&text).iter().any(|d| d.code == code);
            let ok = match expect {
                "trigger" => fired,
                "no-trigger" => !fired,
                other => panic!("unknown expectation {other}"),
            };
            if ok {
                entry.0 += 1;
            } else if EXCEPTIONS
                .iter()
                .any(|(c, t, o, _)| *c == code && *t == title && *o == onbuild)
            {
                exceptions_used += 1;
                entry.2 += 1;
            } else {
                entry.1 += 1;
                failures.push(format!(
                    "{code} [{expect}] {title} (onbuild={onbuild}):\n{text}"
                ));
            }
        }
    }
    for (code, (pass, fail, skipped)) in &counts {
        println!("{code}: {pass} agree, {fail} disagree, {skipped} skipped");
    }
    let total: usize = counts.values().map(|c| c.0).sum();
    println!("hadolint cases agreeing: {total}; deliberate exceptions: {exceptions_used}");
    assert_eq!(
        exceptions_used,
        EXCEPTIONS.len(),
        "an exception no longer applies; remove it"
    );
    assert!(
        failures.is_empty(),
        "{} disagreements:\n\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}

/// The package directory at run time (cargo sets it for tests), not at compile time: a
/// test binary reused from another checkout's build must read this checkout's files.
fn manifest_dir() -> String {
    std::env::var("CARGO_MANIFEST_DIR").unwrap_or_else(|_| env!("CARGO_MANIFEST_DIR").to_owned())
}
