//! Debian package versions (`[epoch:]upstream[-revision]`), compared like
//! `dpkg --compare-versions` (lib/dpkg/version.c `verrevcmp`).

use super::num::{cmp_digits, split_while};
use super::VersionScheme;
use std::cmp::Ordering;

/// dpkg / Debian / Ubuntu.
#[derive(Debug, Clone, Copy, Default)]
pub struct Dpkg;

struct Parsed<'a> {
    epoch: &'a str,
    upstream: &'a str,
    revision: &'a str,
}

fn parse(version: &str) -> Parsed<'_> {
    let version = version.trim();
    let (epoch, rest) = match version.split_once(':') {
        Some((e, rest)) if e.bytes().all(|b| b.is_ascii_digit()) => (e, rest),
        _ => ("0", version),
    };
    let (upstream, revision) = match rest.rsplit_once('-') {
        Some((u, r)) => (u, r),
        None => (rest, ""),
    };
    Parsed {
        epoch,
        upstream,
        revision,
    }
}

/// Sort weight of one non-digit character: `~` sorts before everything (even the
/// end of the string), letters before other characters.
fn order(c: Option<u8>) -> i32 {
    match c {
        None => 0,
        Some(b'~') => -1,
        Some(c) if c.is_ascii_digit() => 0,
        Some(c) if c.is_ascii_alphabetic() => i32::from(c),
        Some(c) => i32::from(c) + 256,
    }
}

/// dpkg's `verrevcmp`: alternating non-digit and digit runs.
pub(crate) fn verrevcmp(mut a: &str, mut b: &str) -> Ordering {
    while !a.is_empty() || !b.is_empty() {
        let (a_text, a_rest) = split_while(a, |c| !c.is_ascii_digit());
        let (b_text, b_rest) = split_while(b, |c| !c.is_ascii_digit());
        let (mut ai, mut bi) = (a_text.bytes(), b_text.bytes());
        loop {
            let (ac, bc) = (ai.next(), bi.next());
            if ac.is_none() && bc.is_none() {
                break;
            }
            let diff = order(ac).cmp(&order(bc));
            if diff != Ordering::Equal {
                return diff;
            }
        }
        let (a_num, a_rest) = split_while(a_rest, |c| c.is_ascii_digit());
        let (b_num, b_rest) = split_while(b_rest, |c| c.is_ascii_digit());
        let diff = cmp_digits(a_num, b_num);
        if diff != Ordering::Equal {
            return diff;
        }
        a = a_rest;
        b = b_rest;
    }
    Ordering::Equal
}

impl VersionScheme for Dpkg {
    fn name(&self) -> &'static str {
        "dpkg"
    }

    fn compare(&self, a: &str, b: &str) -> Ordering {
        let (a, b) = (parse(a), parse(b));
        cmp_digits(a.epoch, b.epoch)
            .then_with(|| verrevcmp(a.upstream, b.upstream))
            .then_with(|| verrevcmp(a.revision, b.revision))
    }
}

/// dpkg's `parseversion` validity: used by the table tests and by callers that
/// want to reject garbage before matching.
pub fn is_valid_dpkg(version: &str) -> bool {
    let version = version.trim();
    if version.is_empty() || version.bytes().any(|b| b.is_ascii_whitespace()) {
        return false;
    }
    let (epoch, rest) = match version.split_once(':') {
        Some((e, rest)) => (Some(e), rest),
        None => (None, version),
    };
    if let Some(e) = epoch {
        if e.is_empty() || !e.bytes().all(|b| b.is_ascii_digit()) || e.parse::<i32>().is_err() {
            return false;
        }
    }
    let (upstream, revision) = match rest.rsplit_once('-') {
        Some((u, r)) => (u, Some(r)),
        None => (rest, None),
    };
    if upstream.is_empty() || !upstream.as_bytes().first().is_some_and(u8::is_ascii_digit) {
        return false;
    }
    let upstream_ok = upstream
        .bytes()
        .all(|c| c.is_ascii_alphanumeric() || b".-+~:".contains(&c));
    let revision_ok = revision.is_none_or(|r| {
        !r.is_empty()
            && r.bytes()
                .all(|c| c.is_ascii_alphanumeric() || b".+~".contains(&c))
    });
    upstream_ok && revision_ok
}
