//! Composer / Packagist versions, ordered like PHP's `version_compare` after
//! Composer's normalisation (leading `v` dropped): `dev < alpha < beta < RC < # < pl`.

use super::num::{cmp_digits, is_digits};
use super::VersionScheme;
use std::cmp::Ordering;

/// Composer (OSV ecosystem `Packagist`).
#[derive(Debug, Clone, Copy, Default)]
pub struct Composer;

/// PHP's `canonicalize`: `-_+` become `.`, and a `.` is inserted at every
/// digit/non-digit transition.
fn canonical(version: &str) -> Vec<String> {
    let v = version.trim();
    let v = v.strip_prefix(['v', 'V']).unwrap_or(v);
    let mut out = String::with_capacity(v.len() + 4);
    let mut prev: Option<char> = None;
    for c in v.chars() {
        let c = if matches!(c, '-' | '_' | '+') { '.' } else { c };
        if let Some(p) = prev {
            let transition = c != '.' && p != '.' && (p.is_ascii_digit() != c.is_ascii_digit());
            if transition {
                out.push('.');
            }
        }
        out.push(c);
        prev = Some(c);
    }
    out.split('.').map(str::to_owned).collect()
}

fn special_weight(s: &str) -> i32 {
    // PHP checks prefixes in this order; "RC" (upper case) counts as "rc".
    if s.starts_with("RC") {
        return 3;
    }
    const SPECIALS: [&str; 6] = ["dev", "a", "b", "rc", "#", "p"];
    SPECIALS
        .iter()
        .position(|p| s.starts_with(p))
        .map_or(0, |i| i as i32)
}

fn cmp_special(a: &str, b: &str) -> Ordering {
    special_weight(a).cmp(&special_weight(b))
}

fn cmp_components(a: &[String], b: &[String]) -> Ordering {
    for (x, y) in a.iter().zip(b) {
        let diff = match (is_digits(x), is_digits(y)) {
            (true, true) => cmp_digits(x, y),
            (false, false) => cmp_special(x, y),
            (true, false) => cmp_special("#", y),
            (false, true) => cmp_special(x, "#"),
        };
        if diff != Ordering::Equal {
            return diff;
        }
    }
    let hash = ["#".to_owned()];
    match a.len().cmp(&b.len()) {
        Ordering::Greater => {
            let rest = a.get(b.len()..).unwrap_or_default();
            if rest.first().is_some_and(|s| is_digits(s)) {
                Ordering::Greater
            } else {
                cmp_components(rest, &hash)
            }
        }
        Ordering::Less => {
            let rest = b.get(a.len()..).unwrap_or_default();
            if rest.first().is_some_and(|s| is_digits(s)) {
                Ordering::Less
            } else {
                cmp_components(&hash, rest)
            }
        }
        Ordering::Equal => Ordering::Equal,
    }
}

impl VersionScheme for Composer {
    fn name(&self) -> &'static str {
        "composer"
    }

    fn compare(&self, a: &str, b: &str) -> Ordering {
        cmp_components(&canonical(a), &canonical(b))
    }
}
