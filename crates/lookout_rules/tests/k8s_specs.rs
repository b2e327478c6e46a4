//! Spec fixtures: `specs/kubernetes/<CODE>/valid.yaml` gives no finding at all, and
//! `invalid.yaml` fires `<CODE>`; where every finding of the invalid file lands is kept as
//! an insta snapshot of (code, line, column).

use std::fmt::Write as _;
use std::path::Path;

use lookout_diagnostics::{LineIndex, PositionEncoding};
use lookout_rules::k8s::{check, RULE_METAS};

fn specs() -> String {
    format!("{}/tests/specs/kubernetes", manifest_dir())
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// `CODE line:col` per finding, 1-based, in order.
fn positions(text: &str) -> String {
    let index = LineIndex::new(text);
    let mut out = String::new();
    for d in check(text) {
        let at = index.line_col(text, d.range.start(), PositionEncoding::Chars);
        let _ = writeln!(out, "{} {}:{}", d.code, at.line + 1, at.col + 1);
    }
    out
}

#[test]
fn every_rule_has_valid_and_invalid_fixtures() {
    for meta in RULE_METAS {
        let dir = Path::new(&specs()).join(meta.code);
        assert!(
            dir.join("valid.yaml").is_file(),
            "{} has no valid.yaml",
            meta.code
        );
        assert!(
            dir.join("invalid.yaml").is_file(),
            "{} has no invalid.yaml",
            meta.code
        );
    }
}

#[test]
fn valid_fixtures_give_no_finding() {
    for meta in RULE_METAS {
        let path = Path::new(&specs()).join(meta.code).join("valid.yaml");
        let text = read(&path);
        let found = positions(&text);
        assert!(found.is_empty(), "{}:\n{found}", path.display());
    }
}

#[test]
fn invalid_fixtures_fire_their_rule_where_expected() {
    for meta in RULE_METAS {
        let path = Path::new(&specs()).join(meta.code).join("invalid.yaml");
        let text = read(&path);
        let found = positions(&text);
        assert!(
            found.lines().any(|l| l.starts_with(meta.code)),
            "{} does not fire on its invalid.yaml:\n{found}",
            meta.code
        );
        insta::with_settings!({
            snapshot_path => format!("{}/tests/specs/kubernetes/snapshots", manifest_dir()),
            prepend_module_to_snapshot => false,
        }, {
            insta::assert_snapshot!(meta.code, found);
        });
    }
}

/// The package directory at run time (cargo sets it for tests), not at compile time: a
/// test binary reused from another checkout's build must read this checkout's files.
fn manifest_dir() -> String {
    std::env::var("CARGO_MANIFEST_DIR").unwrap_or_else(|_| env!("CARGO_MANIFEST_DIR").to_owned())
}
