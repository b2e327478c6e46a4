//! Random editing sessions over one stream of every Kubernetes rule's spec manifests:
//! after each edit, both per-document caches an editor goes through — the lint's
//! (`lint_as_cached…`) and the published JSON's ([`DiagnosticsJson`]) — give exactly what
//! linting and serialising from scratch gives. Edits are what typing does to a stream:
//! YAML punctuation, separators, suppression comments, a secret, deleted and duplicated
//! spans (which add, merge and split documents), a replace-all.

use lookout_core::lint::{
    lint_as, lint_as_cached, lint_as_cached_without_fixes, LintCache, LintResult,
};
use lookout_core::{DocumentKind, Settings};
use lookout_diagnostics::PositionEncoding;
use proptest::prelude::*;
use tower_lsp_server::ls_types::Uri;

use super::{lint_diagnostics_json, Context, DiagnosticsJson};
use crate::convert::Positions;

/// Every rule's invalid and valid spec manifest, as one multi-document stream.
fn stream() -> String {
    let root =
        std::env::var("CARGO_MANIFEST_DIR").unwrap_or_else(|_| env!("CARGO_MANIFEST_DIR").into());
    let specs = format!("{root}/../lookout_rules/tests/specs/kubernetes");
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
    assert!(out.len() > 1000, "no spec manifests under {specs}");
    out
}

const SNIPPETS: &[&str] = &[
    " ",
    "\n",
    ":",
    "- ",
    "#",
    "[",
    "{",
    "}",
    "'",
    "\"",
    "é",
    "🐳",
    "\t",
    "\n---\n",
    "--- ",
    "# lookout ignore=LKK001\n",
    "# lookout ignore-file=LKK018\n",
    "privileged: true\n",
    "        securityContext:\n          privileged: true\n",
    "# AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYzKq9dLmN4r\n",
];

#[derive(Debug, Clone)]
enum Edit {
    Insert {
        at: usize,
        snippet: usize,
    },
    Delete {
        at: usize,
        len: usize,
    },
    Duplicate {
        at: usize,
        len: usize,
    },
    /// A replace-all: every document changes, so the lint checks the whole text at once
    /// and groups the findings by document.
    ReplaceAll,
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        (any::<usize>(), 0..SNIPPETS.len()).prop_map(|(at, snippet)| Edit::Insert { at, snippet }),
        (any::<usize>(), 1usize..120).prop_map(|(at, len)| Edit::Delete { at, len }),
        (any::<usize>(), 1usize..400).prop_map(|(at, len)| Edit::Duplicate { at, len }),
        Just(Edit::ReplaceAll),
    ]
}

/// The char boundary at or before `at` (taken modulo the text's length).
fn boundary(text: &str, at: usize) -> usize {
    let mut at = at % (text.len() + 1);
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

fn apply(text: &mut String, edit: &Edit) {
    match *edit {
        Edit::Insert { at, snippet } => text.insert_str(boundary(text, at), SNIPPETS[snippet]),
        Edit::Delete { at, len } => {
            let start = boundary(text, at);
            let end = boundary(text, start + len).max(start);
            text.replace_range(start..end, "");
        }
        Edit::Duplicate { at, len } => {
            let start = boundary(text, at);
            let end = boundary(text, start + len).max(start);
            let copy = text[start..end].to_string();
            text.insert_str(end, &copy);
        }
        Edit::ReplaceAll => *text = text.replace("image:", "image: "),
    }
}

type Row = (&'static str, u32, u32, String, String);

fn rows(result: &LintResult) -> Vec<Row> {
    result
        .findings
        .iter()
        .map(|f| {
            let d = &f.diagnostic;
            (
                f.rule.code,
                d.range.start,
                d.range.end,
                d.message.to_string(),
                format!("{:?}", d.fix),
            )
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn cached_lint_and_json_equal_a_fresh_lint_after_random_edits(
        edits in proptest::collection::vec(edit(), 1..12),
        utf8 in any::<bool>(),
    ) {
        let encoding = if utf8 { PositionEncoding::Utf8 } else { PositionEncoding::Utf16 };
        let uri: Uri = "file:///w/stream.yaml".parse().unwrap_or_else(|_| unreachable!());
        let settings = Settings::default();
        let mut lint_cache = LintCache::default();
        let mut json = DiagnosticsJson::default();
        let mut text = stream();
        for (step, edit) in std::iter::once(None).chain(edits.iter().map(Some)).enumerate() {
            if let Some(edit) = edit {
                apply(&mut text, edit);
            }
            let full = lint_as(&text, DocumentKind::Kubernetes, &settings);
            // What the server does per keystroke: the lint without fixes, then its JSON.
            let shown = lint_as_cached_without_fixes(&text, DocumentKind::Kubernetes, &settings, &mut lint_cache);
            let positions = Positions::new(&text, encoding);
            let mut out = Vec::new();
            let context = Context::new(&settings, &shown.suppressions, encoding);
            json.write(&mut out, &uri, &positions, &text, &shown.findings, lint_cache.documents(), context);
            let expected = lint_diagnostics_json(&uri, &positions, &full.findings);
            prop_assert!(
                out == expected,
                "step {} ({:?}): cached JSON differs:\n{}\nfresh:\n{}",
                step, edit, String::from_utf8_lossy(&out), String::from_utf8_lossy(&expected)
            );
            // A code action's lint of the same text, from the same cache, with fixes.
            let with_fixes = lint_as_cached(&text, DocumentKind::Kubernetes, &settings, &mut lint_cache);
            prop_assert_eq!(rows(&with_fixes), rows(&full), "step {} ({:?}), with fixes", step, edit);
        }
    }
}
