//! Version comparison, one comparer per versioning scheme behind [`VersionScheme`].
//!
//! Written by hand rather than taken from crates: each scheme's reference
//! implementation is in C, Go, Python, Java or PHP, no single crate covers them all,
//! and this module must build for `wasm32-unknown-unknown`. Every comparer is checked
//! against the vector tables in `../shared/suites/versions` (see `tests/version_tables.rs`).
//! Comparers never fail: an unparsable version still gets a total, deterministic order
//! (the one the reference tool uses where it has one).

mod apk;
mod composer;
mod dpkg;
mod golang;
mod maven;
mod nuget;
mod num;
mod pep440;
mod rpm;
mod rubygems;
mod semver;

pub use apk::{compare_apk, is_valid_apk, Apk};
pub use composer::Composer;
pub use dpkg::{is_valid_dpkg, Dpkg};
pub use golang::{normalize_go_version, Go};
pub use maven::Maven;
pub use nuget::NuGet;
pub use pep440::{is_valid_pep440, Pep440};
pub use rpm::{rpmvercmp, Rpm};
pub use rubygems::RubyGems;
pub use semver::Semver;

use std::cmp::Ordering;

/// A total order over the version strings of one scheme.
pub trait VersionScheme: Send + Sync {
    /// Short scheme name (`dpkg`, `pep440`, …).
    fn name(&self) -> &'static str;
    /// Compares two versions of this scheme.
    fn compare(&self, a: &str, b: &str) -> Ordering;
}

/// The versioning schemes Lookout knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Scheme {
    Dpkg,
    Apk,
    Rpm,
    Semver,
    Pep440,
    Maven,
    Go,
    RubyGems,
    NuGet,
    Composer,
}

impl Scheme {
    /// The scheme an OSV ecosystem uses (`Debian:12` → dpkg). The release suffix is
    /// ignored; unknown ecosystems fall back to SemVer-like ordering.
    pub fn for_ecosystem(ecosystem: &str) -> Scheme {
        let base = ecosystem.split(':').next().unwrap_or(ecosystem);
        match base {
            "Debian" | "Ubuntu" => Scheme::Dpkg,
            "Alpine" | "Wolfi" | "Chainguard" | "Alpaquita" | "BellSoft Hardened Containers" => {
                Scheme::Apk
            }
            "AlmaLinux" | "Rocky Linux" | "Red Hat" | "RedHat" | "openSUSE" | "SUSE" | "Mageia"
            | "Photon OS" | "Azure Linux" | "Mariner" | "openEuler" | "Oracle Linux" => Scheme::Rpm,
            "PyPI" => Scheme::Pep440,
            "Maven" => Scheme::Maven,
            "Go" => Scheme::Go,
            "RubyGems" => Scheme::RubyGems,
            "NuGet" => Scheme::NuGet,
            "Packagist" => Scheme::Composer,
            _ => Scheme::Semver,
        }
    }

    /// The comparer implementing this scheme.
    pub fn comparer(self) -> &'static dyn VersionScheme {
        match self {
            Scheme::Dpkg => &Dpkg,
            Scheme::Apk => &Apk,
            Scheme::Rpm => &Rpm,
            Scheme::Semver => &Semver,
            Scheme::Pep440 => &Pep440,
            Scheme::Maven => &Maven,
            Scheme::Go => &Go,
            Scheme::RubyGems => &RubyGems,
            Scheme::NuGet => &NuGet,
            Scheme::Composer => &Composer,
        }
    }

    /// Compares two versions with this scheme.
    pub fn compare(self, a: &str, b: &str) -> Ordering {
        self.comparer().compare(a, b)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cmp::Ordering::{Equal, Greater, Less};

    #[test]
    fn go_versions_pseudo_versions_and_toolchain_names() {
        let go = Scheme::Go;
        assert_eq!(go.compare("v1.2.3", "1.2.3"), Equal);
        assert_eq!(
            go.compare("v0.0.0-20210101000000-abcdef123456", "v0.0.1"),
            Less
        );
        assert_eq!(
            go.compare(
                "v0.0.0-20210101000000-abcdef123456",
                "v0.0.0-20220101000000-abcdef123456"
            ),
            Less
        );
        assert_eq!(
            go.compare("v1.5.0-pre.0.20200101000000-abcdef123456", "v1.5.0"),
            Less
        );
        assert_eq!(go.compare("v2.9.4+incompatible", "2.9.4"), Equal);
        assert_eq!(go.compare("go1.20.4", "1.20.5"), Less);
        assert_eq!(go.compare("go1.21rc2", "1.21.0"), Less);
        assert_eq!(go.compare("go1.21rc2", "1.21.0-rc.1"), Greater);
        assert_eq!(go.compare("go1.20", "1.20.0"), Equal);
        assert_eq!(normalize_go_version("go1.9beta1"), "1.9.0-beta.1");
    }

    #[test]
    fn ecosystem_names_pick_their_scheme() {
        assert_eq!(Scheme::for_ecosystem("Debian:12"), Scheme::Dpkg);
        assert_eq!(Scheme::for_ecosystem("Alpine:v3.18"), Scheme::Apk);
        assert_eq!(Scheme::for_ecosystem("AlmaLinux:9"), Scheme::Rpm);
        assert_eq!(Scheme::for_ecosystem("PyPI"), Scheme::Pep440);
        assert_eq!(Scheme::for_ecosystem("Packagist"), Scheme::Composer);
        assert_eq!(Scheme::for_ecosystem("crates.io"), Scheme::Semver);
    }
}
