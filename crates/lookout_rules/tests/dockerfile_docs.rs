//! Every Dockerfile rule's docs: each "Example" block fires the rule exactly once, each
//! "Use instead" block does not fire it.
#![allow(clippy::unwrap_used)]

use lookout_rules::dockerfile::{check, RULE_METAS};

#[test]
fn examples_fire_once_and_use_instead_never() {
    assert!(
        RULE_METAS.len() >= 50,
        "catalogue shrank to {}",
        RULE_METAS.len()
    );
    let mut failures = Vec::new();
    for meta in RULE_METAS {
        let examples = meta.examples();
        let fixed = meta.use_instead();
        if examples.is_empty() || fixed.is_empty() {
            failures.push(format!(
                "{}: docs need an Example and a Use instead block",
                meta.code
            ));
        }
        for example in &examples {
            let hits = check(example)
                .iter()
                .filter(|d| d.code == meta.code)
                .count();
            if hits != 1 {
                failures.push(format!(
                    "{}: Example fired {hits} times:\n{example}",
                    meta.code
                ));
            }
        }
        for good in &fixed {
            let hits: Vec<_> = check(good)
                .into_iter()
                .filter(|d| d.code == meta.code)
                .collect();
            if !hits.is_empty() {
                failures.push(format!(
                    "{}: Use instead fired: {hits:?}\n{good}",
                    meta.code
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn catalogue_starts_with_the_rules_users_ask_for() {
    let first: Vec<&str> = RULE_METAS.iter().take(5).map(|m| m.code).collect();
    assert_eq!(first, ["DL3007", "DL3006", "DL3002", "LKD002", "LKD001"]);
    let ds2 = RULE_METAS.iter().find(|m| m.answers_to("DS002")).unwrap();
    assert_eq!(ds2.code, "LKD002");
}
