//! Comparing digit strings of any length without parsing them into integers
//! (versions such as `20140522` or 30-digit build numbers must never overflow).

use std::cmp::Ordering;

/// Compares two ASCII digit strings numerically; leading zeros are ignored.
pub(crate) fn cmp_digits(a: &str, b: &str) -> Ordering {
    let a = a.trim_start_matches('0');
    let b = b.trim_start_matches('0');
    a.len().cmp(&b.len()).then_with(|| a.cmp(b))
}

/// True when `s` is non-empty and only ASCII digits.
pub(crate) fn is_digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

/// Splits off the leading run of bytes matching `pred`.
pub(crate) fn split_while(s: &str, pred: impl Fn(u8) -> bool) -> (&str, &str) {
    let end = s.bytes().position(|b| !pred(b)).unwrap_or(s.len());
    s.split_at(end)
}

/// Fast path shared by schemes where a purely numeric dotted version (`2.14.1`)
/// compares part by part with missing parts as zero (Maven, RubyGems): `None` unless
/// both sides are digits and dots only.
pub(crate) fn cmp_plain_numeric(a: &str, b: &str) -> Option<std::cmp::Ordering> {
    let plain = |s: &str| {
        !s.is_empty()
            && s.bytes().all(|c| c.is_ascii_digit() || c == b'.')
            && !s.starts_with('.')
            && !s.ends_with('.')
            && !s.contains("..")
    };
    if !plain(a) || !plain(b) {
        return None;
    }
    let (mut x, mut y) = (a.split('.'), b.split('.'));
    loop {
        match (x.next(), y.next()) {
            (None, None) => return Some(Ordering::Equal),
            (p, q) => {
                let diff = cmp_digits(p.unwrap_or("0"), q.unwrap_or("0"));
                if diff != Ordering::Equal {
                    return Some(diff);
                }
            }
        }
    }
}
