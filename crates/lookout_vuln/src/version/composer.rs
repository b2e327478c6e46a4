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

/// One canonical component.
#[derive(Debug, Clone, Copy)]
enum Part<'a> {
    Number(&'a str),
    Word(&'a str),
    /// PHP's `#`: stands for "a number here" when the other side ran out.
    NumberPlaceholder,
}

/// PHP's special forms: `dev < alpha = a < beta = b < RC = rc < # < pl = p`; words it
/// does not know sort below `dev`. A literal `#` in the input is such an unknown word:
/// only the placeholder weighs as a number, which keeps the order consistent.
fn weight(part: Part<'_>) -> i32 {
    const SPECIALS: [(&str, i32); 9] = [
        ("dev", 0),
        ("alpha", 1),
        ("a", 1),
        ("beta", 2),
        ("b", 2),
        ("RC", 3),
        ("rc", 3),
        ("pl", 5),
        ("p", 5),
    ];
    match part {
        Part::Number(_) | Part::NumberPlaceholder => 4,
        Part::Word(w) => SPECIALS
            .iter()
            .find(|(name, _)| w.starts_with(name))
            .map_or(-1, |(_, order)| *order),
    }
}

fn classify(s: &str) -> Part<'_> {
    if is_digits(s) {
        Part::Number(s)
    } else {
        Part::Word(s)
    }
}

fn cmp_parts(a: Part<'_>, b: Part<'_>) -> Ordering {
    match (a, b) {
        (Part::Number(x), Part::Number(y)) => cmp_digits(x, y),
        _ => weight(a).cmp(&weight(b)),
    }
}

fn cmp_components(a: &[Part<'_>], b: &[Part<'_>]) -> Ordering {
    for (x, y) in a.iter().zip(b) {
        let diff = cmp_parts(*x, *y);
        if diff != Ordering::Equal {
            return diff;
        }
    }
    let placeholder = [Part::NumberPlaceholder];
    match a.len().cmp(&b.len()) {
        Ordering::Greater => {
            let rest = a.get(b.len()..).unwrap_or_default();
            if matches!(rest.first(), Some(Part::Number(_))) {
                Ordering::Greater
            } else {
                cmp_components(rest, &placeholder)
            }
        }
        Ordering::Less => {
            let rest = b.get(a.len()..).unwrap_or_default();
            if matches!(rest.first(), Some(Part::Number(_))) {
                Ordering::Less
            } else {
                cmp_components(&placeholder, rest)
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
        let (a, b) = (canonical(a), canonical(b));
        let a: Vec<Part<'_>> = a.iter().map(|s| classify(s)).collect();
        let b: Vec<Part<'_>> = b.iter().map(|s| classify(s)).collect();
        cmp_components(&a, &b)
    }
}
