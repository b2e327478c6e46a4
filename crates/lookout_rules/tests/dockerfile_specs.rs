//! Per-rule spec fixtures: `tests/specs/dockerfile/<CODE>/invalid.Dockerfile` fires the
//! rule where the snapshot says (line:column, 1-based, in characters) and
//! `valid.Dockerfile` does not fire it at all.
#![allow(clippy::unwrap_used)]

use lookout_diagnostics::{LineIndex, PositionEncoding};
use lookout_rules::dockerfile::{check, RULE_METAS};
use std::path::PathBuf;

fn spec_dir() -> PathBuf {
    PathBuf::from(format!("{}/tests/specs/dockerfile", manifest_dir()))
}

fn findings(text: &str, code: &str) -> String {
    let index = LineIndex::new(text);
    check(text)
        .into_iter()
        .filter(|d| d.code == code)
        .map(|d| {
            let start = index.line_col(text, d.range.start(), PositionEncoding::Chars);
            let end = index.line_col(text, d.range.end(), PositionEncoding::Chars);
            format!(
                "{} {}:{}-{}:{} {}",
                d.code,
                start.line + 1,
                start.col + 1,
                end.line + 1,
                end.col + 1,
                d.message
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn every_rule_has_spec_fixtures() {
    for meta in RULE_METAS {
        let dir = spec_dir().join(meta.code);
        assert!(
            dir.join("invalid.Dockerfile").is_file(),
            "{} lacks invalid.Dockerfile",
            meta.code
        );
        assert!(
            dir.join("valid.Dockerfile").is_file(),
            "{} lacks valid.Dockerfile",
            meta.code
        );
    }
}

#[test]
fn valid_fixtures_give_no_finding() {
    for meta in RULE_METAS {
        let text =
            std::fs::read_to_string(spec_dir().join(meta.code).join("valid.Dockerfile")).unwrap();
        let got = findings(&text, meta.code);
        assert!(got.is_empty(), "{} valid.Dockerfile:\n{got}", meta.code);
    }
}

#[test]
fn invalid_fixtures_fire_where_the_snapshot_says() {
    for meta in RULE_METAS {
        let text =
            std::fs::read_to_string(spec_dir().join(meta.code).join("invalid.Dockerfile")).unwrap();
        let got = findings(&text, meta.code);
        assert!(
            !got.is_empty(),
            "{} invalid.Dockerfile fires nothing",
            meta.code
        );
        insta::with_settings!({
            snapshot_path => spec_dir().join("snapshots"),
            prepend_module_to_snapshot => false,
            omit_expression => true,
        }, {
            insta::assert_snapshot!(meta.code, got);
        });
    }
}

/// The package directory at run time (cargo sets it for tests), not at compile time: a
/// test binary reused from another checkout's build must read this checkout's files.
fn manifest_dir() -> String {
    std::env::var("CARGO_MANIFEST_DIR").unwrap_or_else(|_| env!("CARGO_MANIFEST_DIR").to_owned())
}
