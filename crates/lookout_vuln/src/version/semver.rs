//! SemVer 2.0 precedence (npm, crates.io, Go modules, Hex, Pub-like schemes).
//!
//! Parsing is lenient the way node-semver's `loose` mode is (`v1.2.3`, `=1.2.3`) and
//! tolerates fewer or more than three numeric parts, because advisories and lockfiles
//! contain such versions and refusing them would hide real matches.

use super::num::{cmp_digits, is_digits};
use super::VersionScheme;
use std::cmp::Ordering;

/// SemVer 2.0.0.
#[derive(Debug, Clone, Copy, Default)]
pub struct Semver;

/// A version split into numeric parts and the pre-release (build metadata dropped).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SemverLike<'a> {
    pub(crate) parts: Vec<&'a str>,
    pub(crate) pre: &'a str,
}

/// Strips decoration node-semver accepts in loose mode (`v`, `=`, spaces).
pub(crate) fn strip_decoration(s: &str) -> &str {
    s.trim()
        .trim_start_matches(|c: char| c == '=' || c == 'v' || c == 'V' || c.is_whitespace())
}

/// Splits into numeric parts (up to `max_parts`; more become part of the pre-release,
/// as osv-scalibr does for NuGet's 4 parts) and the remaining pre-release.
pub(crate) fn parse_semver_like(s: &str, max_parts: usize) -> SemverLike<'_> {
    let s = strip_decoration(s);
    let s = s.split_once('+').map_or(s, |(v, _build)| v);
    let mut parts = Vec::new();
    let mut rest = s;
    while parts.len() < max_parts {
        let end = rest
            .bytes()
            .position(|b| !b.is_ascii_digit())
            .unwrap_or(rest.len());
        if end == 0 {
            break;
        }
        parts.push(&rest[..end]);
        rest = &rest[end..];
        match rest.strip_prefix('.') {
            Some(r) if r.bytes().next().is_some_and(|b| b.is_ascii_digit()) => rest = r,
            _ => break,
        }
    }
    let pre = rest.strip_prefix('-').unwrap_or(rest);
    SemverLike { parts, pre }
}

/// Compares numeric parts, padding the shorter one with zeros.
pub(crate) fn cmp_parts(a: &[&str], b: &[&str]) -> Ordering {
    let len = a.len().max(b.len());
    (0..len)
        .map(|i| {
            cmp_digits(
                a.get(i).copied().unwrap_or("0"),
                b.get(i).copied().unwrap_or("0"),
            )
        })
        .find(|o| o.is_ne())
        .unwrap_or(Ordering::Equal)
}

/// SemVer §11: no pre-release > pre-release; identifiers numeric < alphanumeric;
/// more identifiers win when all shared ones are equal.
pub(crate) fn cmp_prerelease(a: &str, b: &str) -> Ordering {
    match (a.is_empty(), b.is_empty()) {
        (true, true) => return Ordering::Equal,
        (true, false) => return Ordering::Greater,
        (false, true) => return Ordering::Less,
        _ => {}
    }
    let mut ai = a.split('.');
    let mut bi = b.split('.');
    loop {
        match (ai.next(), bi.next()) {
            (None, None) => return Ordering::Equal,
            (None, Some(_)) => return Ordering::Less,
            (Some(_), None) => return Ordering::Greater,
            (Some(x), Some(y)) => {
                let diff = match (is_digits(x), is_digits(y)) {
                    (true, true) => cmp_digits(x, y),
                    (true, false) => Ordering::Less,
                    (false, true) => Ordering::Greater,
                    (false, false) => x.cmp(y),
                };
                if diff != Ordering::Equal {
                    return diff;
                }
            }
        }
    }
}

impl VersionScheme for Semver {
    fn name(&self) -> &'static str {
        "semver"
    }

    fn compare(&self, a: &str, b: &str) -> Ordering {
        let (a, b) = (parse_semver_like(a, 3), parse_semver_like(b, 3));
        cmp_parts(&a.parts, &b.parts).then_with(|| cmp_prerelease(a.pre, b.pre))
    }
}
