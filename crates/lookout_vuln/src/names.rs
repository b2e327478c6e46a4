//! Ecosystem and package-name rules: where the release sits in an ecosystem name, how
//! package names compare per ecosystem, which ecosystems are distros.

/// Splits `Debian:11` into (`Debian`, `Some("11")`); `npm` into (`npm`, `None`).
pub fn split_ecosystem(ecosystem: &str) -> (&str, Option<&str>) {
    match ecosystem.split_once(':') {
        Some((base, release)) if !release.trim().is_empty() => (base.trim(), Some(release.trim())),
        Some((base, _)) => (base.trim(), None),
        None => (ecosystem.trim(), None),
    }
}

/// The part of a release that decides which advisories apply: Debian's major
/// (`12.7` → `12`), Alpine's `major.minor` without `v` (`v3.18.4` → `3.18`), Ubuntu
/// without the `:LTS` marker; otherwise the release itself.
pub fn normalize_release(base: &str, release: &str) -> String {
    let release = release.trim();
    match base {
        "Debian" => release.split('.').next().unwrap_or(release).to_owned(),
        "Alpine" => {
            let r = release.trim_start_matches(['v', 'V']);
            r.split('.').take(2).collect::<Vec<_>>().join(".")
        }
        "Ubuntu" => release
            .strip_suffix(":LTS")
            .unwrap_or(release)
            .to_ascii_lowercase(),
        "AlmaLinux" | "Rocky Linux" => release.split('.').next().unwrap_or(release).to_owned(),
        "Red Hat" => red_hat_release(release),
        _ => release.to_owned(),
    }
}

/// Red Hat releases are CPEs without `cpe:/[oa]:redhat:` (`enterprise_linux:9::baseos`,
/// `enterprise_linux:10.0`, `rhel_eus:9.2::appstream`). Mainstream RHEL
/// (`enterprise_linux`) is filed under its major, the form an image's `Red Hat:9` or
/// `Red Hat:enterprise_linux:9` gives; other product streams (EUS, AUS, OpenShift…)
/// keep their CPE so that they never match a plain RHEL install.
fn red_hat_release(release: &str) -> String {
    let version = if let Some(rest) = release.strip_prefix("enterprise_linux:") {
        rest.split(':').next().unwrap_or(rest)
    } else if release.starts_with(|c: char| c.is_ascii_digit()) {
        release
    } else {
        return release.to_owned();
    };
    version.split('.').next().unwrap_or(version).to_owned()
}

/// Distro ecosystems: their packages are matched through the source package.
pub fn is_distro(base: &str) -> bool {
    matches!(
        base,
        "Debian"
            | "Ubuntu"
            | "Alpine"
            | "Wolfi"
            | "Chainguard"
            | "AlmaLinux"
            | "Rocky Linux"
            | "Red Hat"
            | "openSUSE"
            | "SUSE"
            | "Mageia"
            | "Photon OS"
            | "Azure Linux"
            | "Mariner"
            | "openEuler"
            | "Oracle Linux"
    )
}

/// rpm-based distros whose advisories list binary package names (AlmaLinux lists
/// every subpackage), so the binary name is looked up as well as the source name.
pub fn lists_binary_packages(base: &str) -> bool {
    matches!(
        base,
        "AlmaLinux"
            | "Rocky Linux"
            | "Red Hat"
            | "openSUSE"
            | "SUSE"
            | "Mageia"
            | "Photon OS"
            | "Azure Linux"
            | "Mariner"
            | "Oracle Linux"
    )
}

/// The key a package name is filed under: PEP 503 for PyPI (`Foo_Bar.baz` →
/// `foo-bar-baz`); exact for everything else (npm scopes, Maven `group:artifact`,
/// Go module paths and `stdlib` are case- and punctuation-sensitive).
pub fn normalize_name(base: &str, name: &str) -> String {
    let name = name.trim();
    if base != "PyPI" {
        return name.to_owned();
    }
    let mut out = String::with_capacity(name.len());
    let mut in_separator = false;
    for c in name.chars() {
        if matches!(c, '-' | '_' | '.') {
            if !in_separator {
                out.push('-');
            }
            in_separator = true;
        } else {
            out.push(c.to_ascii_lowercase());
            in_separator = false;
        }
    }
    out
}

/// A file-name-safe form of an ecosystem name for its shard (`Rocky Linux` → `Rocky_Linux`).
pub fn shard_file_name(base: &str) -> String {
    let safe: String = base
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '.' || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect();
    format!("{safe}.json.gz")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pep503_names() {
        assert_eq!(normalize_name("PyPI", "Foo_Bar.baz"), "foo-bar-baz");
        assert_eq!(normalize_name("PyPI", "zope.interface"), "zope-interface");
        assert_eq!(normalize_name("PyPI", "a--_b"), "a-b");
        assert_eq!(normalize_name("npm", "@Types/Node"), "@Types/Node");
    }

    #[test]
    fn releases() {
        assert_eq!(split_ecosystem("Debian:11"), ("Debian", Some("11")));
        assert_eq!(
            split_ecosystem("Ubuntu:22.04:LTS"),
            ("Ubuntu", Some("22.04:LTS"))
        );
        assert_eq!(split_ecosystem("npm"), ("npm", None));
        assert_eq!(normalize_release("Debian", "12.7"), "12");
        assert_eq!(normalize_release("Alpine", "v3.18"), "3.18");
        assert_eq!(normalize_release("Alpine", "3.18.4"), "3.18");
        assert_eq!(normalize_release("Ubuntu", "22.04:LTS"), "22.04");
        assert_eq!(shard_file_name("Rocky Linux"), "Rocky_Linux.json.gz");
        assert_eq!(normalize_release("Rocky Linux", "9.3"), "9");
    }

    #[test]
    fn red_hat_cpe_releases() {
        assert_eq!(
            normalize_release("Red Hat", "enterprise_linux:9::baseos"),
            "9"
        );
        assert_eq!(
            normalize_release("Red Hat", "enterprise_linux:9::appstream"),
            "9"
        );
        assert_eq!(normalize_release("Red Hat", "enterprise_linux:10.0"), "10");
        assert_eq!(normalize_release("Red Hat", "enterprise_linux:9"), "9");
        assert_eq!(normalize_release("Red Hat", "9.4"), "9");
        // Extended-support streams never match a plain RHEL install.
        assert_eq!(
            normalize_release("Red Hat", "rhel_eus:9.2::appstream"),
            "rhel_eus:9.2::appstream"
        );
    }
}
