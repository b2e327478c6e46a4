//! NuGet versions: up to four numeric parts (`1.0` = `1.0.0.0`), SemVer 2.0
//! pre-release ordering compared case-insensitively, build metadata ignored.

use super::semver::{cmp_parts, cmp_prerelease, parse_semver_like};
use super::VersionScheme;
use std::cmp::Ordering;

/// NuGet.
#[derive(Debug, Clone, Copy, Default)]
pub struct NuGet;

impl VersionScheme for NuGet {
    fn name(&self) -> &'static str {
        "nuget"
    }

    fn compare(&self, a: &str, b: &str) -> Ordering {
        let (a, b) = (a.to_ascii_lowercase(), b.to_ascii_lowercase());
        let (a, b) = (parse_semver_like(&a, 4), parse_semver_like(&b, 4));
        cmp_parts(&a.parts, &b.parts).then_with(|| cmp_prerelease(a.pre, b.pre))
    }
}
