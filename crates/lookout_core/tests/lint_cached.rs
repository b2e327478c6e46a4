//! The editor's cached lint (`lint_as_cached`) gives exactly the full lint, edit after
//! edit, on the benchmark manifest stream: typing in one document, adding a secret to
//! another and removing it, breaking YAML, adding a suppression comment, moving
//! everything down a line, and many documents changing at once.

use lookout_core::lint::{
    lint_as, lint_as_cached, lint_as_cached_without_fixes, LintCache, LintResult,
};
use lookout_core::{DocumentKind, Settings};

fn manifest_dir() -> String {
    std::env::var("CARGO_MANIFEST_DIR").unwrap_or_else(|_| env!("CARGO_MANIFEST_DIR").to_owned())
}

fn summary(result: &LintResult) -> Vec<Row> {
    result
        .findings
        .iter()
        .map(|f| {
            (
                f.rule.code,
                f.diagnostic.range.start,
                f.diagnostic.range.end,
                f.diagnostic.message.to_string(),
                format!("{:?}", f.diagnostic.fix),
            )
        })
        .collect()
}

type Row = (&'static str, u32, u32, String, String);

/// Equal lists, or a failure naming only the rows that differ.
fn same(cached: &[Row], full: &[Row], when: &str) {
    let only_cached: Vec<&Row> = cached.iter().filter(|r| !full.contains(r)).collect();
    let only_full: Vec<&Row> = full.iter().filter(|r| !cached.contains(r)).collect();
    assert!(
        only_cached.is_empty() && only_full.is_empty() && cached.len() == full.len(),
        "{when}: only in the cached lint {only_cached:?}; only in the full lint {only_full:?}"
    );
}

#[test]
fn cached_lint_equals_full_lint_after_each_edit() {
    let path = format!(
        "{}/../../../shared/bench/big-manifests.yaml",
        manifest_dir()
    );
    let mut text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("this test needs ../shared ({path}): {e}"));
    let secret = "# AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYzKq9dLmN4r\n";
    type Edit = Box<dyn Fn(&str) -> String>;
    let edits: Vec<Edit> = vec![
        Box::new(|t| t.replacen("apiVersion: apps/v1", "apiVersion: apps/v1x", 1)),
        Box::new(move |t| {
            let at = t
                .match_indices("        - name: app\n")
                .nth(5)
                .map_or(0, |(i, _)| i);
            format!("{}{secret}{}", &t[..at], &t[at..])
        }),
        Box::new(|t| t.replacen("privileged: true", "privileged: false", 2)),
        Box::new(|t| t.replacen("wJalrXUtnFEMI", "wJalrXUtnFEMJ", 1)),
        Box::new(|t| t.replacen("containers:", "containers: [", 1)),
        Box::new(|t| t.replacen("containers: [", "containers:", 1)),
        Box::new(|t| format!("# lookout ignore-file=LKK018\n{t}")),
        Box::new(|t| format!("\n{t}")),
        Box::new(|t| t.replace("image: ", "image:  ")),
    ];
    let settings = Settings::default();
    let mut cache = LintCache::default();
    for (i, edit) in edits.iter().enumerate() {
        // An editor shows the findings without fixes after each edit, and asks for them with
        // fixes when the user wants code actions.
        let shown =
            lint_as_cached_without_fixes(&text, DocumentKind::Kubernetes, &settings, &mut cache);
        let cached = lint_as_cached(&text, DocumentKind::Kubernetes, &settings, &mut cache);
        let full = lint_as(&text, DocumentKind::Kubernetes, &settings);
        same(
            &summary(&cached),
            &summary(&full),
            &format!("before edit {i}"),
        );
        let full_without_fixes: Vec<Row> = summary(&full)
            .into_iter()
            .map(|(code, start, end, message, _)| (code, start, end, message, "None".to_string()))
            .collect();
        same(
            &summary(&shown),
            &full_without_fixes,
            &format!("before edit {i}, without fixes"),
        );
        text = edit(&text);
    }
    let cached = lint_as_cached(&text, DocumentKind::Kubernetes, &settings, &mut cache);
    let full = lint_as(&text, DocumentKind::Kubernetes, &settings);
    same(&summary(&cached), &summary(&full), "after the last edit");
    assert!(
        full.findings
            .iter()
            .any(|f| f.rule.family == lookout_rules::Family::Secret),
        "the secret edit should have produced a secret finding"
    );
}
