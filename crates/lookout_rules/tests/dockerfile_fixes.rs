//! Quick fixes converge: applying every fix repeatedly reaches a fixed point within ten
//! rounds, and the fixed text parses without new errors.
#![allow(clippy::unwrap_used)]

use lookout_diagnostics::{apply_edits, Edit};
use lookout_rules::dockerfile::{check, RULE_METAS};
use lookout_syntax::dockerfile::parse;

/// Apply all fixes until none is left; returns the text and the rounds taken.
fn fix_all(text: &str) -> (String, usize) {
    let mut current = text.to_string();
    for round in 0..10 {
        let edits: Vec<Edit> = check(&current)
            .into_iter()
            .filter_map(|d| d.fix)
            .flat_map(|f| f.edits)
            .collect();
        if edits.is_empty() {
            return (current, round);
        }
        current = apply_edits(&current, &edits);
    }
    panic!("fixes did not converge in 10 rounds:\n{current}");
}

fn samples() -> Vec<String> {
    let mut samples: Vec<String> = RULE_METAS.iter().flat_map(|m| m.examples()).collect();
    samples.push(
        "FROM debian:12.7\nMAINTAINER Jane <jane@example.com>\nADD app.py /app/\n\
         RUN apt-get update && apt-get install curl=1 && apt-get install wget=2\n\
         RUN apk add curl=1 && pip install requests==2 && wget https://x/y\n\
         COPY a b /dest\nCMD node server.js\nENTRYPOINT run.sh --flag\n"
            .to_string(),
    );
    samples
}

#[test]
fn fixes_converge_and_reparse() {
    let mut fixed_something = 0;
    for sample in samples() {
        let before = parse(&sample).errors.len();
        let (fixed, rounds) = fix_all(&sample);
        if rounds > 0 {
            fixed_something += 1;
        }
        let after = parse(&fixed).errors.len();
        assert!(
            after <= before,
            "fix introduced parse errors:\n{sample}\n---\n{fixed}"
        );
        let remaining: Vec<_> = check(&fixed)
            .into_iter()
            .filter(|d| d.fix.is_some())
            .collect();
        assert!(remaining.is_empty(), "{remaining:?}");
    }
    assert!(
        fixed_something >= 10,
        "only {fixed_something} samples had fixes"
    );
}

#[test]
fn apt_get_fix_adds_both_flags_once() {
    let (fixed, _) = fix_all("FROM debian:12.7\nRUN apt-get install curl=7.88.1\n");
    assert!(
        fixed.contains("apt-get install -y --no-install-recommends curl=7.88.1")
            || fixed.contains("apt-get install --no-install-recommends -y curl=7.88.1"),
        "{fixed}"
    );
    assert_eq!(fixed.matches("-y").count(), 1, "{fixed}");
}

#[test]
fn shell_form_cmd_becomes_json_and_maintainer_a_label() {
    let (fixed, _) = fix_all("FROM alpine:3.20\nMAINTAINER Jane Doe\nCMD node server.js\n");
    assert!(fixed.contains("LABEL maintainer=\"Jane Doe\""), "{fixed}");
    assert!(fixed.contains("CMD [\"node\", \"server.js\"]"), "{fixed}");
}

#[test]
fn declared_fix_availability_matches_what_rules_emit() {
    use lookout_rules::FixAvailability;
    for meta in RULE_METAS {
        for example in meta.examples() {
            for d in check(&example).into_iter().filter(|d| d.code == meta.code) {
                match meta.fix {
                    FixAvailability::None => {
                        assert!(
                            d.fix.is_none(),
                            "{} declares no fix but offers one",
                            meta.code
                        );
                    }
                    FixAvailability::Always => {
                        assert!(
                            d.fix.is_some(),
                            "{} declares a fix always but offers none",
                            meta.code
                        );
                    }
                    FixAvailability::Sometimes => {}
                }
            }
        }
    }
}
