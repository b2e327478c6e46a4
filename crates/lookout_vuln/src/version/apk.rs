//! Alpine apk versions (`digit{.digit}...{letter}{_suffix{#}}...{~hash}{-r#}`),
//! compared with the token walk of apk-tools 3 (`src/version.c`).

use super::num::{cmp_digits, split_while};
use super::VersionScheme;
use std::cmp::Ordering;

/// apk-tools / Alpine / Wolfi.
#[derive(Debug, Clone, Copy, Default)]
pub struct Apk;

/// Token kinds in apk-tools' order; the order decides which side is "longer".
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Kind {
    InitialDigit,
    Digit,
    Letter,
    Suffix,
    SuffixNo,
    CommitHash,
    RevisionNo,
    End,
    Invalid,
}

/// Suffix ranks: pre-release suffixes sort below "no suffix" (`NONE`), the rest above.
const SUFFIXES: [&str; 9] = ["alpha", "beta", "pre", "rc", "cvs", "svn", "git", "hg", "p"];
const SUFFIX_NONE_RANK: usize = 4;

fn suffix_rank(s: &str) -> Option<usize> {
    let i = SUFFIXES.iter().position(|x| *x == s)?;
    // cvs.. sit after the implicit NONE slot.
    Some(if i < SUFFIX_NONE_RANK { i } else { i + 1 })
}

#[derive(Debug, Clone, Copy)]
struct Token<'a> {
    kind: Kind,
    value: &'a str,
    suffix: usize,
}

struct Lexer<'a> {
    rest: &'a str,
    token: Token<'a>,
    /// apk-tools 2 accepted digits after the letter (`5.7.1p1`); apk-tools 3 refuses
    /// them and then calls `3.3.3p1-r3` equal to `3.3.3p1-r2`, which would report an
    /// unpatched package as fixed. Comparisons use the lenient 2.x reading.
    lenient: bool,
}

impl<'a> Lexer<'a> {
    fn new(s: &'a str, lenient: bool) -> Self {
        let mut lexer = Lexer {
            rest: s,
            lenient,
            token: Token {
                kind: Kind::InitialDigit,
                value: "",
                suffix: 0,
            },
        };
        lexer.digits(Kind::InitialDigit);
        lexer
    }

    fn digits(&mut self, kind: Kind) {
        let (value, rest) = split_while(self.rest, |c| c.is_ascii_digit());
        self.rest = rest;
        self.token = Token {
            kind: if value.is_empty() {
                Kind::Invalid
            } else {
                kind
            },
            value,
            suffix: 0,
        };
    }

    fn invalid(&mut self) {
        self.token.kind = Kind::Invalid;
    }

    fn advance(&mut self) {
        let Some(c) = self.rest.bytes().next() else {
            self.token.kind = Kind::End;
            return;
        };
        let prev = self.token.kind;
        match c {
            b'a'..=b'z' => {
                if prev > Kind::Digit {
                    return self.invalid();
                }
                let (value, rest) = self.rest.split_at(1);
                self.rest = rest;
                self.token = Token {
                    kind: Kind::Letter,
                    value,
                    suffix: 0,
                };
            }
            b'.' | b'0'..=b'9' => {
                if c == b'.' {
                    if prev > Kind::Digit {
                        return self.invalid();
                    }
                    self.rest = &self.rest[1..];
                }
                match prev {
                    Kind::InitialDigit | Kind::Digit => self.digits(Kind::Digit),
                    Kind::Letter if self.lenient && c != b'.' => self.digits(Kind::Digit),
                    Kind::Suffix => self.digits(Kind::SuffixNo),
                    _ => self.invalid(),
                }
            }
            b'_' => {
                if prev > Kind::SuffixNo {
                    return self.invalid();
                }
                let (value, rest) = split_while(&self.rest[1..], |c| c.is_ascii_lowercase());
                self.rest = rest;
                match suffix_rank(value) {
                    Some(suffix) => {
                        self.token = Token {
                            kind: Kind::Suffix,
                            value,
                            suffix,
                        }
                    }
                    None => self.invalid(),
                }
            }
            b'~' => {
                if prev >= Kind::CommitHash {
                    return self.invalid();
                }
                let (value, rest) = split_while(&self.rest[1..], |c| c.is_ascii_hexdigit());
                self.rest = rest;
                if value.is_empty() {
                    return self.invalid();
                }
                self.token = Token {
                    kind: Kind::CommitHash,
                    value,
                    suffix: 0,
                };
            }
            b'-' => {
                if prev >= Kind::RevisionNo {
                    return self.invalid();
                }
                match self.rest.strip_prefix("-r") {
                    Some(rest) => {
                        self.rest = rest;
                        self.digits(Kind::RevisionNo);
                    }
                    None => self.invalid(),
                }
            }
            _ => self.invalid(),
        }
    }
}

fn cmp_tokens(a: &Token<'_>, b: &Token<'_>) -> Ordering {
    match a.kind {
        // Leading zeros: raw string comparison, as the Gentoo spec says.
        Kind::Digit if a.value.starts_with('0') || b.value.starts_with('0') => a.value.cmp(b.value),
        Kind::InitialDigit | Kind::Digit | Kind::SuffixNo | Kind::RevisionNo => {
            cmp_digits(a.value, b.value)
        }
        Kind::Letter => a.value.cmp(b.value),
        Kind::Suffix => a.suffix.cmp(&b.suffix),
        _ => a.value.cmp(b.value),
    }
}

/// Whether apk-tools accepts the version.
pub fn is_valid_apk(version: &str) -> bool {
    let mut lexer = Lexer::new(version, false);
    while lexer.token.kind < Kind::End {
        lexer.advance();
    }
    lexer.token.kind == Kind::End
}

/// Compares two versions; `fuzzy` implements apk's `~` operator (`3.6.9 ~ 3.6`):
/// equal when `b` is a token prefix of `a`.
pub fn compare_apk(a: &str, b: &str, fuzzy: bool) -> Ordering {
    let (mut la, mut lb) = (Lexer::new(a, true), Lexer::new(b, true));
    while la.token.kind == lb.token.kind && la.token.kind < Kind::End {
        let diff = cmp_tokens(&la.token, &lb.token);
        if diff != Ordering::Equal {
            return diff;
        }
        la.advance();
        lb.advance();
    }
    let (ta, tb) = (la.token, lb.token);
    if ta.kind == Kind::Invalid && tb.kind == Kind::Invalid {
        // apk calls two broken versions equal; a plain string order is deterministic
        // and keeps distinct strings distinct (osv-scalibr does the same).
        return a.cmp(b);
    }
    if ta.kind == tb.kind || (tb.kind == Kind::End && fuzzy) {
        return Ordering::Equal;
    }
    // Equal so far: the longer one is greater unless what follows is a pre-release suffix.
    if ta.kind == Kind::Suffix && ta.suffix < SUFFIX_NONE_RANK {
        return Ordering::Less;
    }
    if tb.kind == Kind::Suffix && tb.suffix < SUFFIX_NONE_RANK {
        return Ordering::Greater;
    }
    tb.kind.cmp(&ta.kind)
}

impl VersionScheme for Apk {
    fn name(&self) -> &'static str {
        "apk"
    }

    fn compare(&self, a: &str, b: &str) -> Ordering {
        compare_apk(a.trim(), b.trim(), false)
    }
}
