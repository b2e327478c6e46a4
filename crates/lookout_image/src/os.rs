//! Operating system detection from `etc/os-release` (or `usr/lib/os-release`) and the
//! legacy release files, mapped to OSV ecosystem names.

use serde::{Deserialize, Serialize};

/// The detected OS of an image.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OsInfo {
    /// os-release `ID` (`debian`, `ubuntu`, `alpine`, `rhel`, `almalinux`, `rocky`, `wolfi`, …).
    pub family: String,
    /// Most precise version known (`12.7` from `debian_version`, `3.18.4`, `22.04`).
    pub version: String,
    /// os-release `PRETTY_NAME`.
    pub name: Option<String>,
    /// OSV ecosystem for its packages (`Debian:12`, `Alpine:v3.18`, …); `None` when OSV has
    /// no feed for this OS.
    pub ecosystem: Option<String>,
}

impl OsInfo {
    /// The purl `distro` qualifier: `debian-12`, `alpine-3.18.4`.
    pub fn distro_qualifier(&self) -> String {
        let v = match self.family.as_str() {
            "debian" => major(&self.version),
            _ => &self.version,
        };
        if v.is_empty() {
            self.family.clone()
        } else {
            format!("{}-{v}", self.family)
        }
    }
}

/// The files OS detection reads, in order of preference.
pub const OS_FILES: &[&str] = &[
    "etc/os-release",
    "usr/lib/os-release",
    "etc/alpine-release",
    "etc/debian_version",
    "etc/redhat-release",
    "etc/system-release",
];

pub fn is_os_file(path: &str) -> bool {
    OS_FILES.contains(&path)
}

fn major(v: &str) -> &str {
    v.split('.').next().unwrap_or(v)
}

fn major_minor(v: &str) -> String {
    v.split('.').take(2).collect::<Vec<_>>().join(".")
}

/// Parses `KEY=value` lines (values optionally quoted).
fn os_release(text: &str) -> Vec<(&str, String)> {
    text.lines()
        .filter_map(|l| l.split_once('='))
        .map(|(k, v)| {
            let v = v.trim();
            let v = v
                .strip_prefix('"')
                .and_then(|s| s.strip_suffix('"'))
                .or_else(|| v.strip_prefix('\'').and_then(|s| s.strip_suffix('\'')))
                .unwrap_or(v);
            (k.trim(), v.to_string())
        })
        .collect()
}

/// Debian's numbered releases by codename, for testing images whose os-release carries
/// `VERSION_CODENAME` but no `VERSION_ID` (OSV files testing under the coming number).
const DEBIAN_CODENAMES: &[(&str, &str)] = &[
    ("jessie", "8"),
    ("stretch", "9"),
    ("buster", "10"),
    ("bullseye", "11"),
    ("bookworm", "12"),
    ("trixie", "13"),
    ("forky", "14"),
    ("duke", "15"),
];

/// The release number of a Debian codename (`trixie` → `13`); `None` for `sid` and
/// codenames not in the table.
pub fn debian_release_of_codename(codename: &str) -> Option<&'static str> {
    let codename = codename.trim().to_ascii_lowercase();
    DEBIAN_CODENAMES
        .iter()
        .find(|(name, _)| *name == codename)
        .map(|(_, number)| *number)
}

/// Ubuntu's LTS releases are the April releases of even years (`22.04`); OSV spells
/// them `Ubuntu:22.04:LTS`.
fn is_ubuntu_lts(major_minor: &str) -> bool {
    match major_minor.split_once('.') {
        Some((year, "04")) => year.parse::<u32>().is_ok_and(|y| y % 2 == 0),
        _ => false,
    }
}

/// SUSE's marketing release from `VERSION_ID`: `15.5` → `15 SP5`, `15` → `15`
/// (OSV's `SUSE:Linux Enterprise Server 15 SP5`, the os-release `PRETTY_NAME`).
fn suse_service_pack(version: &str) -> String {
    match version.split_once('.') {
        Some((major, sp)) if sp != "0" && !sp.is_empty() => format!("{major} SP{sp}"),
        Some((major, _)) => major.to_string(),
        None => version.to_string(),
    }
}

/// The OSV ecosystem for a family and version, spelled as OSV does
/// (<https://ossf.github.io/osv-schema/#defined-ecosystems>). `None` when OSV has no
/// feed for the OS, or when the version is empty for an ecosystem that needs a release
/// (an ecosystem like `Debian:` would silently match nothing).
pub fn ecosystem(family: &str, version: &str) -> Option<String> {
    let version = version.trim();
    let unversioned = matches!(family, "wolfi" | "chainguard" | "opensuse-tumbleweed");
    if version.is_empty() && !unversioned {
        return None;
    }
    let eco = match family {
        "debian" => format!("Debian:{}", major(version)),
        "ubuntu" => {
            let release = major_minor(version);
            if is_ubuntu_lts(&release) {
                format!("Ubuntu:{release}:LTS")
            } else {
                format!("Ubuntu:{release}")
            }
        }
        "alpine" => format!("Alpine:v{}", major_minor(version)),
        "almalinux" => format!("AlmaLinux:{}", major(version)),
        "rocky" => format!("Rocky Linux:{}", major(version)),
        // OSV's Red Hat releases are CPEs without `cpe:/o:redhat:`
        // (`Red Hat:enterprise_linux:9::baseos`); the repository part is unknown from
        // an rpmdb, and the vuln DB files mainstream RHEL streams under their major.
        "rhel" => format!("Red Hat:enterprise_linux:{}", major(version)),
        "wolfi" => "Wolfi".to_string(),
        "chainguard" => "Chainguard".to_string(),
        "opensuse-leap" => format!("openSUSE:Leap {version}"),
        "opensuse-leap-micro" => format!("openSUSE:Leap Micro {version}"),
        "opensuse-tumbleweed" => "openSUSE:Tumbleweed".to_string(),
        "sles" => format!(
            "SUSE:Linux Enterprise Server {}",
            suse_service_pack(version)
        ),
        "sle-micro" => format!("SUSE:Linux Enterprise Micro {version}"),
        "photon" => format!("Photon OS:{}", major_minor(version)),
        "mariner" => format!("Mariner:{}", major_minor(version)),
        "azurelinux" => format!("Azure Linux:{}", major_minor(version)),
        "mageia" => format!("Mageia:{}", major(version)),
        // `VERSION_ID=22.03` plus `VERSION="22.03 (LTS-SP1)"`, joined by `detect`.
        "openeuler" => format!("openEuler:{version}"),
        _ => return None,
    };
    Some(eco)
}

/// The warning for OS packages that could not be matched against advisories because
/// the OS, its release, or an OSV feed for it is unknown; `None` when nothing was missed.
pub fn unchecked_packages_warning(os: Option<&OsInfo>, os_packages: usize) -> Option<String> {
    if os_packages == 0 {
        return None;
    }
    let count = if os_packages == 1 {
        "1 OS package".to_string()
    } else {
        format!("{os_packages} OS packages")
    };
    let Some(os) = os else {
        return Some(format!(
            "OS not detected (no etc/os-release); {count} not checked against advisories"
        ));
    };
    if os.ecosystem.is_some() {
        return None;
    }
    let name = os.name.clone().unwrap_or_else(|| {
        format!("{} {}", os.family, os.version)
            .trim_end()
            .to_string()
    });
    let reason = if os.family == "debian" {
        format!("{name}: release unknown (unstable/sid or an unknown codename)")
    } else if os.version.is_empty() {
        format!("{name}: release unknown (no VERSION_ID)")
    } else {
        format!("{name}: OSV has no advisory feed for this OS")
    };
    Some(format!("{reason}; {count} not checked against advisories"))
}

/// Detects the OS from the final view; `read` returns a file's bytes (links followed).
pub fn detect(read: &dyn Fn(&str) -> Option<Vec<u8>>) -> Option<OsInfo> {
    let text = |p: &str| read(p).map(|b| String::from_utf8_lossy(&b).into_owned());
    let release = text("etc/os-release").or_else(|| text("usr/lib/os-release"));
    if let Some(release) = release {
        let kv = os_release(&release);
        let get = |k: &str| kv.iter().find(|(key, _)| *key == k).map(|(_, v)| v.clone());
        if let Some(id) = get("ID").filter(|s| !s.is_empty()) {
            let family = id.to_ascii_lowercase();
            let mut version = get("VERSION_ID").unwrap_or_default();
            // Debian's point release lives in debian_version (`12.7`); testing has no number.
            if family == "debian" {
                if let Some(dv) = text("etc/debian_version").map(|s| s.trim().to_string()) {
                    if dv.starts_with(|c: char| c.is_ascii_digit())
                        && (version.is_empty() || dv.starts_with(&version))
                    {
                        version = dv;
                    }
                }
                // Testing names its codename only (`trixie`); sid's os-release says
                // `VERSION_CODENAME=sid` or nothing, and stays without a release.
                if version.is_empty() {
                    if let Some(number) = get("VERSION_CODENAME")
                        .as_deref()
                        .and_then(debian_release_of_codename)
                    {
                        version = number.to_string();
                    }
                }
            }
            // openEuler's stream is in VERSION's parentheses: `22.03 (LTS-SP1)`.
            if family == "openeuler" && !version.is_empty() {
                let stream = get("VERSION").and_then(|v| {
                    let (_, rest) = v.split_once('(')?;
                    let inner = rest.split(')').next()?.trim().to_string();
                    Some(inner).filter(|s| !s.is_empty())
                });
                if let Some(stream) = stream {
                    version = format!("{version}-{stream}");
                }
            }
            return Some(OsInfo {
                ecosystem: ecosystem(&family, &version),
                family,
                version,
                name: get("PRETTY_NAME"),
            });
        }
    }
    if let Some(v) = text("etc/alpine-release") {
        let version = v.trim().to_string();
        return Some(OsInfo {
            ecosystem: ecosystem("alpine", &version),
            family: "alpine".into(),
            version,
            name: None,
        });
    }
    if let Some(v) = text("etc/debian_version") {
        // `trixie/sid` on testing and unstable: a codename, not a release.
        let version = v.trim().to_string();
        let version = if version.starts_with(|c: char| c.is_ascii_digit()) {
            version
        } else {
            version
                .split('/')
                .next()
                .and_then(debian_release_of_codename)
                .map(str::to_string)
                .unwrap_or_default()
        };
        return Some(OsInfo {
            ecosystem: ecosystem("debian", &version),
            family: "debian".into(),
            version,
            name: None,
        });
    }
    let redhat = text("etc/redhat-release").or_else(|| text("etc/system-release"))?;
    redhat_release(redhat.trim())
}

/// `Rocky Linux release 9.3 (Blue Onyx)`, `Red Hat Enterprise Linux release 8.9 (Ootpa)`.
fn redhat_release(line: &str) -> Option<OsInfo> {
    let lower = line.to_ascii_lowercase();
    let family = if lower.starts_with("red hat") {
        "rhel"
    } else if lower.starts_with("rocky") {
        "rocky"
    } else if lower.starts_with("almalinux") {
        "almalinux"
    } else if lower.starts_with("centos") {
        "centos"
    } else if lower.starts_with("fedora") {
        "fedora"
    } else {
        return None;
    };
    let version = line
        .split_whitespace()
        .skip_while(|w| *w != "release")
        .nth(1)
        .unwrap_or_default()
        .to_string();
    Some(OsInfo {
        ecosystem: ecosystem(family, &version),
        family: family.into(),
        version,
        name: Some(line.to_string()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(list: &'static [(&'static str, &'static str)]) -> impl Fn(&str) -> Option<Vec<u8>> {
        move |p| {
            list.iter()
                .find(|(k, _)| *k == p)
                .map(|(_, v)| v.as_bytes().to_vec())
        }
    }

    #[test]
    fn debian_uses_debian_version_for_point_release() {
        let f = files(&[
            (
                "etc/os-release",
                "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nID=debian\nVERSION_ID=\"12\"\n",
            ),
            ("etc/debian_version", "12.7\n"),
        ]);
        let os = detect(&f).unwrap_or_else(|| panic!("no os"));
        assert_eq!(os.version, "12.7");
        assert_eq!(os.ecosystem.as_deref(), Some("Debian:12"));
        assert_eq!(os.distro_qualifier(), "debian-12");
    }

    #[test]
    fn osv_names() {
        let cases = [
            ("alpine", "3.18.4", Some("Alpine:v3.18")),
            ("ubuntu", "22.04", Some("Ubuntu:22.04:LTS")),
            ("ubuntu", "24.10", Some("Ubuntu:24.10")),
            ("ubuntu", "23.04", Some("Ubuntu:23.04")),
            ("debian", "12.7", Some("Debian:12")),
            ("almalinux", "9.3", Some("AlmaLinux:9")),
            ("rocky", "9.3", Some("Rocky Linux:9")),
            ("rhel", "9.4", Some("Red Hat:enterprise_linux:9")),
            ("sles", "15.5", Some("SUSE:Linux Enterprise Server 15 SP5")),
            ("sles", "15", Some("SUSE:Linux Enterprise Server 15")),
            ("opensuse-leap", "15.5", Some("openSUSE:Leap 15.5")),
            (
                "opensuse-tumbleweed",
                "20240101",
                Some("openSUSE:Tumbleweed"),
            ),
            ("photon", "5.0", Some("Photon OS:5.0")),
            ("mageia", "9", Some("Mageia:9")),
            ("wolfi", "20230201", Some("Wolfi")),
            ("wolfi", "", Some("Wolfi")),
            ("fedora", "39", None),
        ];
        for (family, version, want) in cases {
            assert_eq!(
                ecosystem(family, version).as_deref(),
                want,
                "{family} {version}"
            );
        }
    }

    #[test]
    fn no_release_gives_no_ecosystem() {
        for family in ["debian", "ubuntu", "alpine", "rocky", "sles"] {
            assert_eq!(ecosystem(family, ""), None, "{family}");
        }
    }

    #[test]
    fn debian_testing_takes_release_from_codename() {
        let f = files(&[
            (
                "etc/os-release",
                "PRETTY_NAME=\"Debian GNU/Linux trixie/sid\"\nVERSION_CODENAME=trixie\nID=debian\n",
            ),
            ("etc/debian_version", "trixie/sid\n"),
        ]);
        let os = detect(&f).unwrap_or_else(|| panic!("no os"));
        assert_eq!(os.version, "13");
        assert_eq!(os.ecosystem.as_deref(), Some("Debian:13"));
        assert_eq!(os.distro_qualifier(), "debian-13");
        assert_eq!(unchecked_packages_warning(Some(&os), 2), None);
    }

    #[test]
    fn debian_sid_has_no_ecosystem_and_warns() {
        let f = files(&[(
            "etc/os-release",
            "PRETTY_NAME=\"Debian GNU/Linux sid\"\nVERSION_CODENAME=sid\nID=debian\n",
        )]);
        let os = detect(&f).unwrap_or_else(|| panic!("no os"));
        assert_eq!(os.ecosystem, None);
        let warning = unchecked_packages_warning(Some(&os), 2).unwrap_or_default();
        assert!(warning.contains("release unknown"), "{warning}");
        assert!(
            warning.ends_with("2 OS packages not checked against advisories"),
            "{warning}"
        );
        assert_eq!(unchecked_packages_warning(Some(&os), 0), None);
    }

    #[test]
    fn no_os_warns_about_unchecked_packages() {
        assert_eq!(
            unchecked_packages_warning(None, 1).as_deref(),
            Some(
                "OS not detected (no etc/os-release); 1 OS package not checked against advisories"
            )
        );
        assert_eq!(unchecked_packages_warning(None, 0), None);
    }

    #[test]
    fn opensuse_and_openeuler_from_os_release() {
        let f = files(&[(
            "etc/os-release",
            "NAME=\"openEuler\"\nVERSION=\"22.03 (LTS-SP1)\"\nID=\"openEuler\"\nVERSION_ID=\"22.03\"\n",
        )]);
        assert_eq!(
            detect(&f).and_then(|o| o.ecosystem).as_deref(),
            Some("openEuler:22.03-LTS-SP1")
        );
        let f = files(&[(
            "etc/os-release",
            "NAME=\"SLES\"\nVERSION=\"15-SP5\"\nVERSION_ID=\"15.5\"\nPRETTY_NAME=\"SUSE Linux Enterprise Server 15 SP5\"\nID=\"sles\"\n",
        )]);
        assert_eq!(
            detect(&f).and_then(|o| o.ecosystem).as_deref(),
            Some("SUSE:Linux Enterprise Server 15 SP5")
        );
    }

    #[test]
    fn legacy_files() {
        let f = files(&[("etc/alpine-release", "3.18.4\n")]);
        assert_eq!(
            detect(&f).and_then(|o| o.ecosystem).as_deref(),
            Some("Alpine:v3.18")
        );
        let f = files(&[(
            "etc/redhat-release",
            "Rocky Linux release 9.3 (Blue Onyx)\n",
        )]);
        assert_eq!(
            detect(&f).and_then(|o| o.ecosystem).as_deref(),
            Some("Rocky Linux:9")
        );
    }
}
