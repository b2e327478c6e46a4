//! RPM versions (`[epoch:]version[-release]`), compared with rpm's `rpmvercmp`
//! for each part, `~` (sorts before) and `^` (sorts after) included.

use super::num::{cmp_digits, split_while};
use super::VersionScheme;
use std::cmp::Ordering;

/// rpm / Red Hat / AlmaLinux / Rocky / SUSE.
#[derive(Debug, Clone, Copy, Default)]
pub struct Rpm;

/// rpm's `rpmvercmp` on one version or release string.
pub fn rpmvercmp(a: &str, b: &str) -> Ordering {
    if a == b {
        return Ordering::Equal;
    }
    let is_sep = |c: u8| !c.is_ascii_alphanumeric() && c != b'~' && c != b'^';
    let (mut one, mut two) = (a, b);
    loop {
        one = split_while(one, is_sep).1;
        two = split_while(two, is_sep).1;
        if one.is_empty() && two.is_empty() {
            break;
        }
        let (c1, c2) = (one.bytes().next(), two.bytes().next());
        if c1 == Some(b'~') || c2 == Some(b'~') {
            if c1 != Some(b'~') {
                return Ordering::Greater;
            }
            if c2 != Some(b'~') {
                return Ordering::Less;
            }
            one = &one[1..];
            two = &two[1..];
            continue;
        }
        if c1 == Some(b'^') || c2 == Some(b'^') {
            if c1.is_none() {
                return Ordering::Less;
            }
            if c2.is_none() {
                return Ordering::Greater;
            }
            if c1 != Some(b'^') {
                return Ordering::Greater;
            }
            if c2 != Some(b'^') {
                return Ordering::Less;
            }
            one = &one[1..];
            two = &two[1..];
            continue;
        }
        let (Some(c1), Some(_)) = (c1, c2) else {
            break;
        };
        let numeric = c1.is_ascii_digit();
        let seg_pred = |c: u8| {
            if numeric {
                c.is_ascii_digit()
            } else {
                c.is_ascii_alphabetic()
            }
        };
        let (seg1, rest1) = split_while(one, seg_pred);
        let (seg2, rest2) = split_while(two, seg_pred);
        if seg2.is_empty() {
            // Different segment kinds: a number is newer than letters.
            return if numeric {
                Ordering::Greater
            } else {
                Ordering::Less
            };
        }
        let diff = if numeric {
            cmp_digits(seg1, seg2)
        } else {
            seg1.cmp(seg2)
        };
        if diff != Ordering::Equal {
            return diff;
        }
        one = rest1;
        two = rest2;
    }
    match (one.is_empty(), two.is_empty()) {
        (true, true) => Ordering::Equal,
        (false, _) => Ordering::Greater,
        (true, false) => Ordering::Less,
    }
}

struct Evr<'a> {
    epoch: &'a str,
    version: &'a str,
    release: Option<&'a str>,
}

fn parse(s: &str) -> Evr<'_> {
    let s = s.trim();
    let (epoch, rest) = match s.split_once(':') {
        Some((e, rest)) if e.bytes().all(|b| b.is_ascii_digit()) => (e, rest),
        _ => ("0", s),
    };
    let (version, release) = match rest.rsplit_once('-') {
        Some((v, r)) => (v, Some(r)),
        None => (rest, None),
    };
    Evr {
        epoch,
        version,
        release,
    }
}

impl VersionScheme for Rpm {
    fn name(&self) -> &'static str {
        "rpm"
    }

    fn compare(&self, a: &str, b: &str) -> Ordering {
        let (a, b) = (parse(a), parse(b));
        cmp_digits(a.epoch, b.epoch)
            .then_with(|| rpmvercmp(a.version, b.version))
            // A missing release compares as an empty one (rpm's labelCompare).
            .then_with(|| rpmvercmp(a.release.unwrap_or(""), b.release.unwrap_or("")))
    }
}
