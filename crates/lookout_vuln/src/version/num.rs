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
