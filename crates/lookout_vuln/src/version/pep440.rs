//! Python versions per PEP 440 (epochs, pre/post/dev releases, local labels and the
//! spelling normalisations), with the setuptools "legacy" ordering for strings that are
//! not PEP 440 (they sort before every valid version, as pip did).

use super::num::{cmp_digits, is_digits};
use super::VersionScheme;
use regex::Regex;
use std::cmp::Ordering;
use std::sync::OnceLock;

/// PEP 440 (PyPI).
#[derive(Debug, Clone, Copy, Default)]
pub struct Pep440;

/// The regex of PEP 440 Appendix B.
fn pattern() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        #[allow(clippy::expect_used)] // a constant pattern: covered by every test
        Regex::new(
            r"(?i)^\s*v?(?:(?:(?P<epoch>[0-9]+)!)?(?P<release>[0-9]+(?:\.[0-9]+)*)(?P<pre>[-_\.]?(?P<pre_l>alpha|beta|preview|pre|a|b|c|rc)[-_\.]?(?P<pre_n>[0-9]+)?)?(?P<post>(?:-(?P<post_n1>[0-9]+))|(?:[-_\.]?(?P<post_l>post|rev|r)[-_\.]?(?P<post_n2>[0-9]+)?))?(?P<dev>[-_\.]?(?P<dev_l>dev)[-_\.]?(?P<dev_n>[0-9]+)?)?)(?:\+(?P<local>[a-z0-9]+(?:[-_\.][a-z0-9]+)*))?\s*$",
        )
        .expect("PEP 440 pattern compiles")
    })
}

/// Pre-release phase order: a < b < rc.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Phase {
    Alpha,
    Beta,
    Rc,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Parsed {
    epoch: String,
    release: Vec<String>,
    pre: Option<(Phase, String)>,
    post: Option<String>,
    dev: Option<String>,
    local: Vec<String>,
}

/// Whether `version` is a valid PEP 440 version.
pub fn is_valid_pep440(version: &str) -> bool {
    pattern().is_match(version)
}

fn parse(version: &str) -> Option<Parsed> {
    let caps = pattern().captures(version)?;
    let text = |name: &str| caps.name(name).map(|m| m.as_str().to_ascii_lowercase());
    let number = |name: &str| text(name).unwrap_or_else(|| "0".to_owned());
    let pre = text("pre_l").map(|label| {
        let phase = match label.as_str() {
            "a" | "alpha" => Phase::Alpha,
            "b" | "beta" => Phase::Beta,
            _ => Phase::Rc,
        };
        (phase, number("pre_n"))
    });
    let post = text("post_n1")
        .or_else(|| text("post_n2"))
        .or_else(|| text("post_l").map(|_| "0".to_owned()));
    let dev = text("dev_l").map(|_| number("dev_n"));
    Some(Parsed {
        epoch: number("epoch"),
        release: number("release").split('.').map(str::to_owned).collect(),
        pre,
        post,
        dev,
        local: text("local")
            .map(|l| l.split(['.', '-', '_']).map(str::to_owned).collect())
            .unwrap_or_default(),
    })
}

fn cmp_release(a: &[String], b: &[String]) -> Ordering {
    let len = a.len().max(b.len());
    (0..len)
        .map(|i| {
            cmp_digits(
                a.get(i).map_or("0", String::as_str),
                b.get(i).map_or("0", String::as_str),
            )
        })
        .find(|o| o.is_ne())
        .unwrap_or(Ordering::Equal)
}

/// The sort key `packaging` builds: a dev release without pre/post sorts before
/// every pre-release of the same release.
fn pre_key(v: &Parsed) -> (i8, Option<(Phase, &str)>) {
    match (&v.pre, &v.post, &v.dev) {
        (None, None, Some(_)) => (-1, None),
        (None, _, _) => (1, None),
        (Some((phase, n)), _, _) => (0, Some((*phase, n.as_str()))),
    }
}

fn cmp_opt_num(a: Option<&str>, b: Option<&str>, missing_is_greater: bool) -> Ordering {
    match (a, b) {
        (None, None) => Ordering::Equal,
        (None, Some(_)) if missing_is_greater => Ordering::Greater,
        (None, Some(_)) => Ordering::Less,
        (Some(_), None) if missing_is_greater => Ordering::Less,
        (Some(_), None) => Ordering::Greater,
        (Some(x), Some(y)) => cmp_digits(x, y),
    }
}

fn cmp_local(a: &[String], b: &[String]) -> Ordering {
    for (x, y) in a.iter().zip(b) {
        let diff = match (is_digits(x), is_digits(y)) {
            (true, true) => cmp_digits(x, y),
            (true, false) => Ordering::Greater,
            (false, true) => Ordering::Less,
            (false, false) => x.cmp(y),
        };
        if diff != Ordering::Equal {
            return diff;
        }
    }
    a.len().cmp(&b.len())
}

fn cmp_parsed(a: &Parsed, b: &Parsed) -> Ordering {
    let (ak, bk) = (pre_key(a), pre_key(b));
    cmp_digits(&a.epoch, &b.epoch)
        .then_with(|| cmp_release(&a.release, &b.release))
        .then_with(|| ak.0.cmp(&bk.0))
        .then_with(|| match (ak.1, bk.1) {
            (Some((pa, na)), Some((pb, nb))) => pa.cmp(&pb).then_with(|| cmp_digits(na, nb)),
            _ => Ordering::Equal,
        })
        .then_with(|| cmp_opt_num(a.post.as_deref(), b.post.as_deref(), false))
        .then_with(|| cmp_opt_num(a.dev.as_deref(), b.dev.as_deref(), true))
        .then_with(|| cmp_local(&a.local, &b.local))
}

/// setuptools' legacy `parse_version` key for non-PEP 440 strings.
fn legacy_key(version: &str) -> String {
    let lower = version.to_ascii_lowercase();
    let mut parts: Vec<String> = Vec::new();
    let push = |part: String, parts: &mut Vec<String>| {
        if part.starts_with('*') {
            if part.as_str() < "*final" {
                while parts.last().is_some_and(|p| p == "*final-") {
                    parts.pop();
                }
            }
            while parts.last().is_some_and(|p| p == "00000000") {
                parts.pop();
            }
        }
        parts.push(part);
    };
    let bytes = lower.as_bytes();
    let mut i = 0;
    let mut tokens: Vec<&str> = Vec::new();
    while i < bytes.len() {
        let start = i;
        let c = bytes[i];
        if c.is_ascii_digit() {
            while i < bytes.len() && bytes[i].is_ascii_digit() {
                i += 1;
            }
        } else if c.is_ascii_lowercase() {
            while i < bytes.len() && bytes[i].is_ascii_lowercase() {
                i += 1;
            }
        } else {
            i += 1;
            if c != b'-' {
                continue;
            }
        }
        tokens.push(&lower[start..i]);
    }
    tokens.push("final");
    for token in tokens {
        let token = match token {
            "pre" | "preview" | "rc" => "c",
            "-" => "final-",
            "dev" => "@",
            t => t,
        };
        let part = if token.as_bytes().first().is_some_and(u8::is_ascii_digit) {
            format!("{token:0>8}")
        } else {
            format!("*{token}")
        };
        push(part, &mut parts);
    }
    parts.concat()
}

impl VersionScheme for Pep440 {
    fn name(&self) -> &'static str {
        "pep440"
    }

    fn compare(&self, a: &str, b: &str) -> Ordering {
        match (parse(a), parse(b)) {
            (Some(x), Some(y)) => cmp_parsed(&x, &y),
            // Legacy versions sort before every PEP 440 version.
            (Some(_), None) => Ordering::Greater,
            (None, Some(_)) => Ordering::Less,
            (None, None) => legacy_key(a).cmp(&legacy_key(b)),
        }
    }
}
