//! Positions as the CLI and the wasm page print them: a Dockerfile saved with a UTF-8 byte
//! order mark gives the same line:column as one without.
#![allow(clippy::unwrap_used)]

use lookout_core::report_glue::lint_findings;
use lookout_core::{lint, Settings};

fn positions(text: &str) -> Vec<(String, u32, u32, u32, u32)> {
    let result = lint(text, "Dockerfile", &Settings::default());
    lint_findings("Dockerfile", text, &result)
        .into_iter()
        .map(|f| (f.rule, f.line, f.column, f.end_line, f.end_column))
        .collect()
}

#[test]
fn a_byte_order_mark_does_not_shift_line_one() {
    let plain = "FROM debian:latest\nUSER app\n";
    let with_bom = format!("\u{feff}{plain}");
    let expected = positions(plain);
    let latest = expected.iter().find(|p| p.0 == "DL3007").unwrap();
    assert_eq!((latest.1, latest.2), (1, 6));
    assert_eq!(positions(&with_bom), expected);
}

#[test]
fn fix_edits_keep_the_byte_order_mark() {
    // Edits are byte ranges into the text as given: applying them leaves the BOM alone.
    let text = "\u{feff}FROM debian:12\nRUN apt-get install curl\n";
    let result = lint(text, "Dockerfile", &Settings::default());
    let edits: Vec<_> = result
        .findings
        .iter()
        .filter_map(|f| f.diagnostic.fix.as_ref())
        .flat_map(|fix| fix.edits.iter().cloned())
        .collect();
    assert!(!edits.is_empty(), "expected a fix to apply");
    for edit in &edits {
        let fixed = lookout_diagnostics::apply_edits(text, std::slice::from_ref(edit));
        assert!(fixed.starts_with("\u{feff}FROM"), "{fixed:?}");
    }
}
