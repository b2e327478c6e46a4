//! Go module versions: SemVer with a `v` prefix, pseudo-versions
//! (`v0.0.0-20210101000000-abcdef123456`, ordinary pre-releases in SemVer terms) and
//! `+incompatible` (build metadata, ignored). The `stdlib`/`toolchain` modules use Go
//! release names (`go1.20.4`, `go1.21rc2`), translated the way the Go vulndb does.

use super::semver::Semver;
use super::VersionScheme;
use std::borrow::Cow;
use std::cmp::Ordering;

/// Go modules and the Go toolchain.
#[derive(Debug, Clone, Copy, Default)]
pub struct Go;

/// `go1.21rc2` → `1.21.0-rc.2`, `go1.20` → `1.20.0`; other versions pass through.
pub fn normalize_go_version(version: &str) -> Cow<'_, str> {
    let Some(rest) = version.trim().strip_prefix("go") else {
        return Cow::Borrowed(version);
    };
    let split = rest
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(rest.len());
    let (numbers, tail) = rest.split_at(split);
    let mut parts: Vec<&str> = numbers.split('.').filter(|p| !p.is_empty()).collect();
    while parts.len() < 3 {
        parts.push("0");
    }
    let mut out = parts.join(".");
    if !tail.is_empty() {
        // "rc2" / "beta1" → "-rc.2" / "-beta.1"
        let digits = tail
            .find(|c: char| c.is_ascii_digit())
            .unwrap_or(tail.len());
        let (word, num) = tail.split_at(digits);
        out.push('-');
        out.push_str(word);
        if !num.is_empty() {
            out.push('.');
            out.push_str(num);
        }
    }
    Cow::Owned(out)
}

impl VersionScheme for Go {
    fn name(&self) -> &'static str {
        "go"
    }

    fn compare(&self, a: &str, b: &str) -> Ordering {
        Semver.compare(&normalize_go_version(a), &normalize_go_version(b))
    }
}
