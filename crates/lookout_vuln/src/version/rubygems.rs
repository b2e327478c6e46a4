//! RubyGems versions (`Gem::Version#<=>`): segments split on `.` and on digit/letter
//! transitions, trailing zeros dropped, a letter segment marks a pre-release and sorts
//! before any number.

use super::num::{cmp_digits, cmp_plain_numeric, is_digits};
use super::VersionScheme;
use std::cmp::Ordering;

/// RubyGems.
#[derive(Debug, Clone, Copy, Default)]
pub struct RubyGems;

fn segments(version: &str) -> Vec<&str> {
    let mut segs: Vec<&str> = Vec::new();
    for piece in version.trim().split('.') {
        let bytes = piece.as_bytes();
        let mut start = 0;
        for end in 1..=bytes.len() {
            if end == bytes.len() || bytes[end].is_ascii_digit() != bytes[end - 1].is_ascii_digit()
            {
                segs.push(&piece[start..end]);
                start = end;
            }
        }
        if bytes.is_empty() {
            segs.push("");
        }
    }
    canonical(segs)
}

/// `Gem::Version#canonical_segments`: drop trailing zeros of the release part and of
/// the pre-release part.
fn canonical<'a>(segs: Vec<&'a str>) -> Vec<&'a str> {
    let split = segs
        .iter()
        .position(|s| !is_digits(s))
        .unwrap_or(segs.len());
    let (release, pre) = segs.split_at(split);
    let trim = |part: &[&'a str]| -> Vec<&'a str> {
        let keep = part
            .iter()
            .rposition(|s| !is_digits(s) || !s.trim_start_matches('0').is_empty())
            .map_or(0, |i| i + 1);
        part.get(..keep).map(<[&str]>::to_vec).unwrap_or_default()
    };
    let mut out = trim(release);
    out.extend(trim(pre));
    out
}

impl VersionScheme for RubyGems {
    fn name(&self) -> &'static str {
        "rubygems"
    }

    fn compare(&self, a: &str, b: &str) -> Ordering {
        if let Some(order) = cmp_plain_numeric(a.trim(), b.trim()) {
            return order;
        }
        let (a, b) = (segments(a), segments(b));
        let len = a.len().max(b.len());
        for i in 0..len {
            let x = a.get(i).copied().unwrap_or("0");
            let y = b.get(i).copied().unwrap_or("0");
            let diff = match (is_digits(x), is_digits(y)) {
                (true, true) => cmp_digits(x, y),
                (false, false) => x.cmp(y),
                (true, false) => Ordering::Greater,
                (false, true) => Ordering::Less,
            };
            if diff != Ordering::Equal {
                return diff;
            }
        }
        Ordering::Equal
    }
}
