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
struct Parsed<'a> {
    epoch: &'a str,
    release: Vec<&'a str>,
    pre: Option<(Phase, &'a str)>,
    post: Option<&'a str>,
    dev: Option<&'a str>,
    /// Compared case-insensitively.
    local: Vec<&'a str>,
}

/// Whether `version` is a valid PEP 440 version.
pub fn is_valid_pep440(version: &str) -> bool {
    pattern().is_match(version)
}

fn parse(version: &str) -> Option<Parsed<'_>> {
    parse_canonical(version).or_else(|| parse_any(version))
}

/// Fast path for versions already in canonical form (`1.2.3`, `2.0rc1`,
/// `1.0.post2.dev3+local`), which is what registries and advisories hold; anything
/// else goes through the full Appendix B pattern.
fn parse_canonical(version: &str) -> Option<Parsed<'_>> {
    let (public, local) = match version.split_once('+') {
        Some((p, l)) => (p, Some(l)),
        None => (version, None),
    };
    let (epoch, rest) = match public.split_once('!') {
        Some((e, r)) if is_digits(e) => (e, r),
        Some(_) => return None,
        None => ("0", public),
    };
    let release_end = rest
        .bytes()
        .position(|b| !(b.is_ascii_digit() || b == b'.'))
        .unwrap_or(rest.len());
    let (release_text, mut tail) = rest.split_at(release_end);
    // "1.0.post1": the dot before "post"/"dev" belongs to the suffix.
    let release_text = match release_text.strip_suffix('.') {
        Some(r) if !tail.is_empty() => {
            tail = &rest[release_end - 1..];
            r
        }
        _ => release_text,
    };
    let release: Vec<&str> = release_text.split('.').collect();
    if release.iter().any(|p| !is_digits(p)) {
        return None;
    }
    let mut pre = None;
    for (label, phase) in [("rc", Phase::Rc), ("a", Phase::Alpha), ("b", Phase::Beta)] {
        if let Some(after) = tail.strip_prefix(label) {
            let end = after
                .bytes()
                .position(|b| !b.is_ascii_digit())
                .unwrap_or(after.len());
            if end == 0 {
                return None;
            }
            pre = Some((phase, &after[..end]));
            tail = &after[end..];
            break;
        }
    }
    let mut take = |prefix: &str| -> Option<Option<&str>> {
        match tail.strip_prefix(prefix) {
            Some(after) => {
                let end = after
                    .bytes()
                    .position(|b| !b.is_ascii_digit())
                    .unwrap_or(after.len());
                if end == 0 {
                    return None;
                }
                tail = &after[end..];
                Some(Some(&after[..end]))
            }
            None => Some(None),
        }
    };
    let post = take(".post")?;
    let dev = take(".dev")?;
    if !tail.is_empty() {
        return None;
    }
    let local = match local {
        Some(l) => {
            let parts: Vec<&str> = l.split('.').collect();
            if parts
                .iter()
                .any(|p| p.is_empty() || !p.bytes().all(|b| b.is_ascii_alphanumeric()))
            {
                return None;
            }
            parts
        }
        None => Vec::new(),
    };
    Some(Parsed {
        epoch,
        release,
        pre,
        post,
        dev,
        local,
    })
}

fn parse_any(version: &str) -> Option<Parsed<'_>> {
    let caps = pattern().captures(version)?;
    let text = |name: &str| caps.name(name).map(|m| m.as_str());
    let number = |name: &str| text(name).unwrap_or("0");
    let pre = text("pre_l").map(|label| {
        let phase = match label.to_ascii_lowercase().as_str() {
            "a" | "alpha" => Phase::Alpha,
            "b" | "beta" => Phase::Beta,
            _ => Phase::Rc,
        };
        (phase, number("pre_n"))
    });
    let post = text("post_n1")
        .or_else(|| text("post_n2"))
        .or_else(|| text("post_l").map(|_| "0"));
    let dev = text("dev_l").map(|_| number("dev_n"));
    Some(Parsed {
        epoch: number("epoch"),
        release: number("release").split('.').collect(),
        pre,
        post,
        dev,
        local: text("local")
            .map(|l| l.split(['.', '-', '_']).collect())
            .unwrap_or_default(),
    })
}

fn cmp_release(a: &[&str], b: &[&str]) -> Ordering {
    let len = a.len().max(b.len());
    (0..len)
        .map(|i| {
            cmp_digits(
                a.get(i).copied().unwrap_or("0"),
                b.get(i).copied().unwrap_or("0"),
            )
        })
        .find(|o| o.is_ne())
        .unwrap_or(Ordering::Equal)
}

/// The sort key `packaging` builds: a dev release without pre/post sorts before
/// every pre-release of the same release.
fn pre_key<'a>(v: &Parsed<'a>) -> (i8, Option<(Phase, &'a str)>) {
    match (&v.pre, &v.post, &v.dev) {
        (None, None, Some(_)) => (-1, None),
        (None, _, _) => (1, None),
        (Some((phase, n)), _, _) => (0, Some((*phase, *n))),
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

fn cmp_local(a: &[&str], b: &[&str]) -> Ordering {
    for (x, y) in a.iter().zip(b) {
        let diff = match (is_digits(x), is_digits(y)) {
            (true, true) => cmp_digits(x, y),
            (true, false) => Ordering::Greater,
            (false, true) => Ordering::Less,
            (false, false) => x
                .bytes()
                .map(|c| c.to_ascii_lowercase())
                .cmp(y.bytes().map(|c| c.to_ascii_lowercase())),
        };
        if diff != Ordering::Equal {
            return diff;
        }
    }
    a.len().cmp(&b.len())
}

fn cmp_parsed(a: &Parsed<'_>, b: &Parsed<'_>) -> Ordering {
    let (ak, bk) = (pre_key(a), pre_key(b));
    cmp_digits(a.epoch, b.epoch)
        .then_with(|| cmp_release(&a.release, &b.release))
        .then_with(|| ak.0.cmp(&bk.0))
        .then_with(|| match (ak.1, bk.1) {
            (Some((pa, na)), Some((pb, nb))) => pa.cmp(&pb).then_with(|| cmp_digits(na, nb)),
            _ => Ordering::Equal,
        })
        .then_with(|| cmp_opt_num(a.post, b.post, false))
        .then_with(|| cmp_opt_num(a.dev, b.dev, true))
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The fast path must agree with the full pattern wherever it accepts a version.
    #[test]
    fn canonical_fast_path_agrees_with_the_full_parser() {
        for v in [
            "1.0",
            "1.2.3",
            "1!2.0",
            "2.0rc1",
            "1.0a2",
            "1.0b0",
            "1.0.post2",
            "1.0.dev3",
            "1.0rc1.post2.dev3",
            "1.0+abc.5",
            "0.9.8",
            "10.2.3.4.5",
        ] {
            assert_eq!(parse_canonical(v), parse_any(v), "{v}");
            assert!(parse_canonical(v).is_some(), "{v}");
        }
        for v in [
            "1.0-1", "1.0.post", "v1.0", "1.0RC1", "1.0_a1", "1.0+a-b", "1.", "1..2", "1.0c1",
        ] {
            assert_eq!(parse_canonical(v), None, "{v}");
        }
    }
}
