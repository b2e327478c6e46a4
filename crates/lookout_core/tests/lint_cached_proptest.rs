//! The editor's cached lint equals the full lint after any sequence of edits: random
//! insertions (YAML punctuation, document separators, suppression comments, a secret),
//! deletions and duplications across a stream of every Kubernetes rule's spec fixtures,
//! each edit linted through the same cache, with and without fixes.

use lookout_core::lint::{
    lint_as, lint_as_cached, lint_as_cached_without_fixes, LintCache, LintResult,
};
use lookout_core::{DocumentKind, Settings};
use proptest::prelude::*;

fn manifest_dir() -> String {
    std::env::var("CARGO_MANIFEST_DIR").unwrap_or_else(|_| env!("CARGO_MANIFEST_DIR").to_owned())
}

/// Every rule's valid and invalid spec manifest, as one multi-document stream.
fn stream() -> String {
    let specs = format!("{}/../lookout_rules/tests/specs/kubernetes", manifest_dir());
    let mut dirs: Vec<_> = std::fs::read_dir(&specs)
        .unwrap_or_else(|e| panic!("{specs}: {e}"))
        .flatten()
        .map(|d| d.path())
        .collect();
    dirs.sort();
    let mut out = String::new();
    for dir in dirs {
        for name in ["invalid.yaml", "valid.yaml"] {
            if let Ok(text) = std::fs::read_to_string(dir.join(name)) {
                out.push_str("---\n");
                out.push_str(&text);
                if !text.ends_with('\n') {
                    out.push('\n');
                }
            }
        }
    }
    assert!(out.len() > 1000, "no fixtures under {specs}");
    out
}

type Row = (&'static str, u32, u32, String, String);

fn rows(result: &LintResult, with_fixes: bool) -> Vec<Row> {
    let mut rows: Vec<Row> = result
        .findings
        .iter()
        .map(|f| {
            let fix = if with_fixes {
                format!("{:?}", f.diagnostic.fix)
            } else {
                String::new()
            };
            (
                f.rule.code,
                f.diagnostic.range.start,
                f.diagnostic.range.end,
                f.diagnostic.message.clone(),
                fix,
            )
        })
        .collect();
    rows.sort();
    rows
}

/// Snippets an editing session types: YAML punctuation, a separator, suppression
/// comments, settings that flip rules, a secret.
const SNIPPETS: &[&str] = &[
    " ",
    "\n",
    ":",
    "- ",
    "#",
    "[",
    "{",
    "'",
    "\"",
    "é",
    "\t",
    "\n---\n",
    "# lookout ignore=LKK001\n",
    "# lookout ignore-file=LKK018\n",
    "privileged: true\n",
    "        securityContext:\n          privileged: true\n",
    "hostNetwork: true\n",
    "# AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYzKq9dLmN4r\n",
];

#[derive(Debug, Clone)]
enum Edit {
    Insert(usize, usize),
    Delete(usize, usize),
    Duplicate(usize, usize),
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        (any::<usize>(), 0..SNIPPETS.len()).prop_map(|(at, s)| Edit::Insert(at, s)),
        (any::<usize>(), 1usize..120).prop_map(|(at, n)| Edit::Delete(at, n)),
        (any::<usize>(), 1usize..400).prop_map(|(at, n)| Edit::Duplicate(at, n)),
    ]
}

/// The nearest char boundary at or before `at` (edits arrive as whole characters).
fn boundary(text: &str, at: usize) -> usize {
    let mut at = at % (text.len() + 1);
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

fn apply(text: &str, edit: &Edit) -> String {
    match *edit {
        Edit::Insert(at, s) => {
            let at = boundary(text, at);
            format!("{}{}{}", &text[..at], SNIPPETS[s], &text[at..])
        }
        Edit::Delete(at, n) => {
            let start = boundary(text, at);
            let end = boundary(text, start + n).max(start);
            format!("{}{}", &text[..start], &text[end..])
        }
        Edit::Duplicate(at, n) => {
            let start = boundary(text, at);
            let end = boundary(text, start + n).max(start);
            format!("{}{}", &text[..end], &text[start..])
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn cached_lint_equals_full_lint_after_random_edits(edits in proptest::collection::vec(edit(), 1..10)) {
        let settings = Settings::default();
        let mut cache = LintCache::default();
        let mut text = stream();
        let _ = lint_as_cached_without_fixes(&text, DocumentKind::Kubernetes, &settings, &mut cache);
        for (i, e) in edits.iter().enumerate() {
            text = apply(&text, e);
            let full = lint_as(&text, DocumentKind::Kubernetes, &settings);
            let shown = lint_as_cached_without_fixes(&text, DocumentKind::Kubernetes, &settings, &mut cache);
            prop_assert_eq!(rows(&shown, false), rows(&full, false), "without fixes after edit {} ({:?})", i, e);
            let cached = lint_as_cached(&text, DocumentKind::Kubernetes, &settings, &mut cache);
            prop_assert_eq!(rows(&cached, true), rows(&full, true), "with fixes after edit {} ({:?})", i, e);
        }
    }
}
