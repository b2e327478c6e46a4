//! Every Kubernetes rule's docs: each Example fires the rule exactly once, each "Use
//! instead" block does not fire it.

use lookout_rules::k8s::{check, RULE_METAS};

fn count(code: &str, text: &str) -> usize {
    check(text).iter().filter(|d| d.code == code).count()
}

#[test]
fn examples_fire_once_and_use_instead_does_not() {
    let mut failures = Vec::new();
    for meta in RULE_METAS {
        let examples = meta.examples();
        let fixed = meta.use_instead();
        if examples.is_empty() || fixed.is_empty() {
            failures.push(format!("{}: missing Example or Use instead", meta.code));
        }
        for ex in &examples {
            let n = count(meta.code, ex);
            if n != 1 {
                failures.push(format!("{}: Example fired {n} times:\n{ex}", meta.code));
            }
        }
        for ok in &fixed {
            let n = count(meta.code, ok);
            if n != 0 {
                failures.push(format!("{}: Use instead fired {n} times:\n{ok}", meta.code));
            }
        }
        for section in ["What it does", "Why is this bad?", "References"] {
            if meta.section(section).is_none_or(|s| s.trim().is_empty()) {
                failures.push(format!("{}: empty section {section}", meta.code));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn codes_are_lkk_and_aliases_use_trivy_dash_form() {
    for meta in RULE_METAS {
        assert!(meta.code.starts_with("LKK"), "{}", meta.code);
        for alias in meta.aliases {
            assert!(
                alias.starts_with("KSV-0") || alias.starts_with("PSS-"),
                "{}: {alias}",
                meta.code
            );
        }
    }
}
