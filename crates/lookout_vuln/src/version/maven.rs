//! Maven versions, ordered like Maven's `ComparableVersion`: tokens split on `.`, `-`
//! and digit/letter transitions, well-known qualifiers
//! (`alpha < beta < milestone < rc = cr < snapshot < "" = ga = final = release < sp`),
//! trailing "null" tokens trimmed.

use super::num::{cmp_digits, cmp_plain_numeric, is_digits};
use super::VersionScheme;
use std::borrow::Cow;
use std::cmp::Ordering;

/// Maven `ComparableVersion`.
#[derive(Debug, Clone, Copy, Default)]
pub struct Maven;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Sep {
    Dot,
    Dash,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Token<'a> {
    sep: Sep,
    /// Lower-cased, numbers without leading zeros; borrowed unless lower-casing or a
    /// keyword alias (`cr` → `rc`) changed it.
    value: Cow<'a, str>,
    is_padding: bool,
}

const KEYWORDS: [&str; 7] = ["alpha", "beta", "milestone", "rc", "snapshot", "", "sp"];

fn keyword_rank(value: &str) -> usize {
    KEYWORDS
        .iter()
        .position(|k| *k == value)
        .unwrap_or(KEYWORDS.len())
}

impl<'a> Token<'a> {
    fn is_number(&self) -> bool {
        is_digits(&self.value)
    }

    /// `.qualifier` < `-qualifier` < `-number` < `.number`
    fn kind_rank(&self) -> u8 {
        match (self.is_number(), self.sep) {
            (false, Sep::Dot) => 0,
            (false, Sep::Dash) => 1,
            (true, Sep::Dash) => 2,
            (true, Sep::Dot) => 3,
        }
    }

    fn is_null(&self) -> bool {
        matches!(self.value.as_ref(), "0" | "")
    }

    fn cmp_same_sep(&self, other: &Token<'_>) -> Ordering {
        match (self.is_number(), other.is_number()) {
            (true, true) => cmp_digits(&self.value, &other.value),
            // Numbers sort after qualifiers, except padding zeros.
            (true, false) if !self.is_padding => Ordering::Greater,
            (false, true) if !other.is_padding => Ordering::Less,
            _ => {
                let (l, r) = (keyword_rank(&self.value), keyword_rank(&other.value));
                if l == KEYWORDS.len() && r == KEYWORDS.len() {
                    self.value.cmp(&other.value)
                } else {
                    l.cmp(&r)
                }
            }
        }
    }

    fn cmp(&self, other: &Token<'_>) -> Ordering {
        if self.sep == other.sep {
            self.cmp_same_sep(other)
        } else {
            self.kind_rank().cmp(&other.kind_rank())
        }
    }

    /// The padding token compared against `other` when this version is shorter.
    fn padding_for(other: &Token<'_>) -> Token<'static> {
        match other.sep {
            Sep::Dot => Token {
                sep: Sep::Dot,
                // "sp" is the only qualifier above "", so pad with "" against it.
                value: Cow::Borrowed(if other.value == "sp" { "" } else { "0" }),
                is_padding: true,
            },
            Sep::Dash => Token {
                sep: Sep::Dash,
                value: Cow::Borrowed(""),
                is_padding: true,
            },
        }
    }
}

fn normalize_word(word: &str, followed_by_digit: bool) -> Cow<'_, str> {
    let lower: Cow<'_, str> = if word.bytes().any(|b| b.is_ascii_uppercase()) {
        Cow::Owned(word.to_ascii_lowercase())
    } else {
        Cow::Borrowed(word)
    };
    let value = match lower.as_ref() {
        "cr" => "rc",
        "ga" | "final" | "release" => "",
        "a" if followed_by_digit => "alpha",
        "b" if followed_by_digit => "beta",
        "m" if followed_by_digit => "milestone",
        _ => {
            if is_digits(&lower) {
                // Leading zeros do not count ("01" = "1"); all zeros is "0".
                return match lower {
                    Cow::Borrowed(b) => {
                        let t = b.trim_start_matches('0');
                        Cow::Borrowed(if t.is_empty() { "0" } else { t })
                    }
                    Cow::Owned(o) => Cow::Owned(o),
                };
            }
            return lower;
        }
    };
    Cow::Borrowed(value)
}

/// Splits on `.` and `-`, remembering which separator preceded each piece.
fn pieces(version: &str) -> Vec<(Sep, &str)> {
    let mut out = Vec::new();
    let mut sep = Sep::Dot;
    let mut start = 0;
    for (i, c) in version.char_indices() {
        if c == '.' || c == '-' {
            out.push((sep, &version[start..i]));
            sep = if c == '-' { Sep::Dash } else { Sep::Dot };
            start = i + 1;
        }
    }
    out.push((sep, &version[start..]));
    out
}

fn tokenize(version: &str) -> Vec<Token<'_>> {
    let mut tokens = Vec::new();
    for (sep, raw) in pieces(version.trim()) {
        if raw.is_empty() {
            // Empty pieces ("1..2", "1-") count as 0.
            tokens.push(Token {
                sep,
                value: Cow::Borrowed("0"),
                is_padding: false,
            });
            continue;
        }
        // Transitions between digits and letters act as hyphens.
        let bytes = raw.as_bytes();
        let mut start = 0;
        for end in 1..=bytes.len() {
            let boundary = end == bytes.len()
                || bytes[end].is_ascii_digit() != bytes[end - 1].is_ascii_digit();
            if !boundary {
                continue;
            }
            let piece = &raw[start..end];
            let value = normalize_word(piece, end < bytes.len());
            tokens.push(Token {
                sep: if start == 0 { sep } else { Sep::Dash },
                value,
                is_padding: false,
            });
            start = end;
        }
    }
    trim_nulls(&mut tokens);
    tokens
}

/// Removes trailing null tokens, then repeats at every remaining hyphen from the end.
fn trim_nulls(tokens: &mut Vec<Token<'_>>) {
    let mut i = tokens.len().saturating_sub(1);
    while i > 0 {
        if tokens.get(i).is_some_and(Token::is_null) {
            tokens.remove(i);
            i -= 1;
            continue;
        }
        // Skip back to the start of this hyphen-separated group.
        while tokens.get(i).is_some_and(|t| t.sep != Sep::Dash) {
            if i == 0 {
                return;
            }
            i -= 1;
        }
        if i == 0 {
            return;
        }
        i -= 1;
    }
}

fn compare_tokens(a: &[Token<'_>], b: &[Token<'_>]) -> Ordering {
    let len = a.len().max(b.len());
    for i in 0..len {
        let (left, right) = match (a.get(i), b.get(i)) {
            (Some(l), Some(r)) => (l.clone(), r.clone()),
            (None, Some(r)) => (Token::padding_for(r), r.clone()),
            (Some(l), None) => (l.clone(), Token::padding_for(l)),
            (None, None) => break,
        };
        if left.sep == right.sep && left.value == right.value {
            continue;
        }
        return left.cmp(&right);
    }
    Ordering::Equal
}

impl VersionScheme for Maven {
    fn name(&self) -> &'static str {
        "maven"
    }

    fn compare(&self, a: &str, b: &str) -> Ordering {
        let (a, b) = (a.trim(), b.trim());
        cmp_plain_numeric(a, b).unwrap_or_else(|| compare_tokens(&tokenize(a), &tokenize(b)))
    }
}
