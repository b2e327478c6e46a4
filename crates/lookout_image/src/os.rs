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

/// The OSV ecosystem for a family and version.
pub fn ecosystem(family: &str, version: &str) -> Option<String> {
    let eco = match family {
        "debian" => format!("Debian:{}", major(version)),
        "ubuntu" => format!("Ubuntu:{}", major_minor(version)),
        "alpine" => format!("Alpine:v{}", major_minor(version)),
        "almalinux" => format!("AlmaLinux:{}", major(version)),
        "rocky" => format!("Rocky:{}", major(version)),
        "rhel" => format!("Red Hat:{}", major(version)),
        "wolfi" => "Wolfi".to_string(),
        "chainguard" => "Chainguard".to_string(),
        "opensuse-leap" => format!("openSUSE:Leap {version}"),
        "sles" => format!("SUSE:Linux Enterprise Server {}", major(version)),
        "photon" => format!("Photon OS:{}", major_minor(version)),
        "mariner" => format!("Mariner:{}", major_minor(version)),
        "azurelinux" => format!("Azure Linux:{}", major_minor(version)),
        _ => return None,
    };
    Some(eco)
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
        let version = v.trim().to_string();
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
        assert_eq!(
            ecosystem("alpine", "3.18.4").as_deref(),
            Some("Alpine:v3.18")
        );
        assert_eq!(
            ecosystem("ubuntu", "22.04").as_deref(),
            Some("Ubuntu:22.04")
        );
        assert_eq!(
            ecosystem("almalinux", "9.3").as_deref(),
            Some("AlmaLinux:9")
        );
        assert_eq!(ecosystem("rocky", "9.3").as_deref(), Some("Rocky:9"));
        assert_eq!(ecosystem("wolfi", "20230201").as_deref(), Some("Wolfi"));
        assert_eq!(ecosystem("fedora", "39"), None);
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
            Some("Rocky:9")
        );
    }
}
