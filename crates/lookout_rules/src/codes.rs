//! The one table of rule codes: every rule of every family, in catalog order. Lookups by
//! code or alias go through here, and a test keeps codes and aliases unique.

use std::collections::HashMap;
use std::sync::LazyLock;

use crate::meta::normalize_code;
use crate::RuleMeta;

/// Every rule Lookout knows, in catalog order.
pub fn all() -> impl Iterator<Item = &'static RuleMeta> {
    crate::dockerfile::RULE_METAS
        .iter()
        .chain(crate::k8s::RULE_METAS.iter())
        .chain(crate::secrets::RULE_METAS.iter())
        .chain(crate::image_config::RULE_METAS.iter())
        .copied()
}

/// The rule whose code or alias is `code` (Trivy's `DS-0001`/`DS001` forms both work).
/// Primary codes win over aliases. Backed by a table built once: the linter resolves every
/// finding through here, so it must not scan the catalog per call.
#[must_use]
pub fn find(code: &str) -> Option<&'static RuleMeta> {
    static BY_CODE: LazyLock<HashMap<&'static str, &'static RuleMeta>> =
        LazyLock::new(|| all().map(|m| (m.code, m)).collect());
    static BY_NORMALIZED: LazyLock<HashMap<String, &'static RuleMeta>> = LazyLock::new(|| {
        let mut table = HashMap::new();
        for meta in all() {
            for alias in meta.aliases {
                table.entry(normalize_code(alias)).or_insert(meta);
            }
        }
        // Inserted last so a primary code always overrides an alias of the same form.
        for meta in all() {
            table.insert(normalize_code(meta.code), meta);
        }
        table
    });
    if let Some(meta) = BY_CODE.get(code) {
        return Some(meta);
    }
    BY_NORMALIZED.get(&normalize_code(code)).copied()
}

/// A rule's aliases as reports list them: each of Trivy's `DS-0001`/`KSV-0017` IDs
/// preceded by its older short form (`DS001`, `KSV017`), which Trivy printed for years and
/// the JSON contract shows, so a filter written for either form finds the finding.
#[must_use]
pub fn report_aliases(aliases: &[&str]) -> Vec<String> {
    let mut out = Vec::with_capacity(aliases.len() * 2);
    for alias in aliases {
        if let Some(short) = legacy_trivy_id(alias) {
            out.push(short);
        }
        out.push((*alias).to_string());
    }
    out
}

/// `DS-0001` → `DS001`, `KSV-0117` → `KSV117`; `None` for anything else.
fn legacy_trivy_id(alias: &str) -> Option<String> {
    let (family, digits) = alias.split_once('-')?;
    let known = matches!(family, "DS" | "KSV");
    let number: u32 = digits.parse().ok()?;
    (known && digits.len() == 4 && digits.bytes().all(|b| b.is_ascii_digit()))
        .then(|| format!("{family}{number:03}"))
}

/// The primary code a user-written code (or alias) refers to.
#[must_use]
pub fn canonical(code: &str) -> Option<&'static str> {
    find(code).map(|m| m.code)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    #[test]
    fn report_aliases_add_the_short_trivy_form() {
        assert_eq!(
            report_aliases(&["DS-0001"]),
            vec!["DS001".to_string(), "DS-0001".to_string()]
        );
        assert_eq!(
            report_aliases(&["KSV-0117", "PSS-restricted-capabilities"]),
            vec!["KSV117", "KSV-0117", "PSS-restricted-capabilities"]
        );
        assert_eq!(report_aliases(&["DL3064"]), vec!["DL3064"]);
        // Every short form resolves to the same rule as the long one.
        for meta in all() {
            for alias in report_aliases(meta.aliases) {
                assert_eq!(find(&alias).map(|m| m.code), Some(meta.code), "{alias}");
            }
        }
    }

    #[test]
    fn codes_and_aliases_are_unique() {
        let mut seen: HashMap<String, &str> = HashMap::new();
        for meta in all() {
            let key = normalize_code(meta.code);
            assert!(
                seen.insert(key, meta.code).is_none(),
                "duplicate code {}",
                meta.code
            );
        }
        for meta in all() {
            for alias in meta.aliases {
                // PSS control names are shared by design only when they are the same control,
                // so aliases too must be unique across rules.
                let key = normalize_code(alias);
                if let Some(owner) = seen.insert(key, meta.code) {
                    assert_eq!(
                        owner, meta.code,
                        "alias {alias} used by {owner} and {}",
                        meta.code
                    );
                }
            }
        }
    }

    #[test]
    fn every_rule_has_docs_and_kebab_name() {
        for meta in all() {
            assert!(
                !meta.summary().is_empty(),
                "{} has no 'What it does'",
                meta.code
            );
            assert!(
                meta.name
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'),
                "{}",
                meta.name
            );
        }
    }

    /// `lookout rules` lists these: each must be a whole sentence, not a cut-off line.
    #[test]
    fn every_summary_is_a_whole_sentence() {
        for meta in all() {
            let summary = meta.summary();
            assert_eq!(
                summary.matches('`').count() % 2,
                0,
                "{}: unbalanced backticks in {summary:?}",
                meta.code
            );
            let mut depth = 0i32;
            let mut in_code = false;
            for c in summary.chars() {
                match c {
                    '`' => in_code = !in_code,
                    '(' if !in_code => depth += 1,
                    ')' if !in_code => depth -= 1,
                    _ => {}
                }
                assert!(depth >= 0, "{}: stray ')' in {summary:?}", meta.code);
            }
            assert_eq!(depth, 0, "{}: unclosed '(' in {summary:?}", meta.code);
            assert!(
                summary.ends_with(['.', '?', '!']),
                "{}: summary does not end a sentence: {summary:?}",
                meta.code
            );
            assert!(!summary.contains('\n'), "{}", meta.code);
        }
    }

    /// Generated summaries once read "Finds GitHub GitHub App …".
    #[test]
    fn no_summary_repeats_a_word() {
        for meta in all() {
            let summary = meta.summary();
            // Code spans quote Dockerfile text (`ONBUILD ONBUILD`), not prose.
            let prose: String = summary.split('`').step_by(2).collect::<Vec<_>>().join(" ");
            let words: Vec<String> = prose
                .split_whitespace()
                .map(|w| {
                    w.trim_matches(|c: char| !c.is_alphanumeric())
                        .to_lowercase()
                })
                .collect();
            for pair in words.windows(2) {
                assert!(
                    pair[0].is_empty() || pair[0] != pair[1],
                    "{}: {summary:?} repeats {:?}",
                    meta.code,
                    pair[0]
                );
            }
        }
    }
}
