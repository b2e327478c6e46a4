//! Bad input never panics and stays within limits: random bytes, invalid UTF-8, huge
//! single lines, keyword-dense text.
#![allow(clippy::unwrap_used)]

use std::time::{Duration, Instant};

use lookout_rules::secrets::{scan, scan_text_for_lint, scan_value};
use proptest::prelude::*;

/// Fragments that make every rule a candidate, so random inputs reach the regexes.
const KEYWORDS: &[&str] = &[
    "ghp_",
    "AKIA",
    "password=",
    "-----BEGIN RSA PRIVATE KEY-----\n",
    "eyJ",
    "postgres://u:",
    "@h/",
    "xoxb-",
    "\"auths\"",
    "\"auth\": \"",
    "_authToken=",
    "sk_live_",
    "\n",
    "=",
    ":",
    "\\n",
    "é",
    "\u{0}",
];

fn check_matches(data: &[u8]) {
    for m in scan("app/x.cfg", data).into_iter().chain(scan_value(data)) {
        assert!(m.range.end() <= data.len());
        assert!(m.range.start() < m.range.end());
        assert!(m.line >= 1 && m.column >= 1);
        assert!(m.redacted.chars().count() <= 64);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn random_bytes_never_panic(data in proptest::collection::vec(any::<u8>(), 0..4096)) {
        check_matches(&data);
    }

    #[test]
    fn keyword_soup_never_panics(
        parts in proptest::collection::vec(
            prop_oneof![
                proptest::sample::select(KEYWORDS).prop_map(|s| s.as_bytes().to_vec()),
                proptest::collection::vec(any::<u8>(), 0..40),
                "[A-Za-z0-9+/=_-]{1,80}".prop_map(String::into_bytes),
            ],
            0..64,
        )
    ) {
        let data: Vec<u8> = parts.concat();
        check_matches(&data);
        if let Ok(text) = std::str::from_utf8(&data) {
            for d in scan_text_for_lint(text) {
                prop_assert!(d.range.end() <= text.len());
            }
        }
    }
}

#[test]
fn a_huge_single_line_is_scanned_quickly() {
    // 9 MiB on one line, dense with keywords: under the file limit, over the line limit.
    let unit = "ghp_ AKIA password= eyJhbGciOi sk_live_ xoxb- ";
    let line = unit.repeat(9 * 1024 * 1024 / unit.len());
    let start = Instant::now();
    assert!(scan("app/huge.txt", line.as_bytes()).is_empty());
    assert!(
        start.elapsed() < Duration::from_secs(60),
        "{:?}",
        start.elapsed()
    );
}

#[test]
fn fifty_megabytes_are_refused_without_work() {
    let data = vec![b'a'; 50 * 1024 * 1024];
    let start = Instant::now();
    assert!(scan("app/huge.txt", &data).is_empty());
    assert!(scan_value(&data).is_empty());
    assert!(start.elapsed() < Duration::from_secs(30));
}

#[test]
fn invalid_utf8_around_a_secret_is_scanned() {
    let mut data = vec![0xff, 0xfe, b'\n'];
    data.extend_from_slice(
        ["token=ghp_", "3GlgJJWs96vfO33lp6AmNJBPfjVikBh7ygTA"]
            .concat()
            .as_bytes(),
    );
    data.extend_from_slice(&[b'\n', 0xc3, 0x28]);
    let found = scan("app/x.cfg", &data);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].line, 2);
}
