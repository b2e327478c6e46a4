//! Every secret rule: its docs Example fires exactly once, its "Use instead" does not, and
//! the table is consistent. Example values are random strings in the vendors' formats.
#![allow(clippy::unwrap_used)]

use lookout_rules::secrets::{self, ALL_RULES, RULE_METAS};
use lookout_rules::Family;

/// A neutral application path: not a test, vendor or lock-file path.
const APP_PATH: &str = "srv/app/config/settings.env";

#[test]
fn every_regex_compiles() {
    assert!(secrets::all_regexes_compile());
}

#[test]
fn table_has_at_least_sixty_aligned_secret_rules() {
    assert!(ALL_RULES.len() >= 60, "only {} rules", ALL_RULES.len());
    assert_eq!(ALL_RULES.len(), RULE_METAS.len());
    for (rule, meta) in ALL_RULES.iter().zip(RULE_METAS.iter()) {
        assert!(std::ptr::eq(rule.meta, *meta), "{} out of order", meta.code);
        assert_eq!(meta.family, Family::Secret);
        assert_eq!(meta.code, meta.name, "secret rule ids are their names");
        assert!(!rule.keywords.is_empty(), "{} has no keywords", meta.code);
        assert!(!rule.title.is_empty());
    }
}

#[test]
fn every_example_fires_exactly_once() {
    for rule in ALL_RULES {
        let examples = rule.meta.examples();
        assert!(!examples.is_empty(), "{} has no Example", rule.meta.code);
        for example in examples {
            let found = secrets::scan(APP_PATH, example.as_bytes());
            let own: Vec<_> = found
                .iter()
                .filter(|m| m.rule.code == rule.meta.code)
                .collect();
            assert_eq!(
                own.len(),
                1,
                "{}: Example should fire once, got {found:?}\n{example}",
                rule.meta.code
            );
        }
    }
}

#[test]
fn no_use_instead_fires() {
    let mut failures = Vec::new();
    for rule in ALL_RULES {
        let near_misses = rule.meta.use_instead();
        assert!(
            !near_misses.is_empty(),
            "{} has no Use instead",
            rule.meta.code
        );
        for text in near_misses {
            for m in secrets::scan(APP_PATH, text.as_bytes()) {
                failures.push(format!(
                    "{}: {} fired on\n{text}",
                    rule.meta.code, m.rule.code
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn examples_are_redacted_to_their_first_four_characters() {
    for rule in ALL_RULES {
        for example in rule.meta.examples() {
            for m in secrets::scan(APP_PATH, example.as_bytes()) {
                let secret = &example.as_bytes()[m.range.start()..m.range.end()];
                let secret = String::from_utf8_lossy(secret);
                let expected = secret
                    .chars()
                    .count()
                    .min(secrets::redact::MAX_REDACTED_CHARS);
                assert_eq!(m.redacted.chars().count(), expected);
                assert!(
                    m.redacted.chars().skip(4).all(|c| c == '*'),
                    "{}",
                    m.redacted
                );
                assert!(!m.redacted.contains(&*secret), "{} leaks", rule.meta.code);
            }
        }
    }
}

#[test]
fn secret_rules_are_in_the_codes_table() {
    for meta in RULE_METAS {
        let found = lookout_rules::codes::find(meta.code).unwrap();
        assert!(std::ptr::eq(found, *meta));
    }
}
