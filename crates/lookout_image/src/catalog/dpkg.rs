//! dpkg: `var/lib/dpkg/status` and distroless `var/lib/dpkg/status.d/*`. Only installed
//! packages; source name and version (binNMU `Source: x (ver)`); architecture. Licenses
//! come from `usr/share/doc/<pkg>/copyright`, read by the layer walk and joined at merge.

use super::{distro, CatalogError, CatalogInput, Cataloger};
use crate::Package;

pub const CATALOGER: Cataloger = Cataloger {
    name: "dpkg",
    wants,
    max_size: 64 << 20,
    parse,
};

fn wants(path: &str) -> bool {
    path == "var/lib/dpkg/status"
        || path
            .strip_prefix("var/lib/dpkg/status.d/")
            .is_some_and(|name| {
                !name.is_empty() && !name.contains('/') && !name.ends_with(".md5sums")
            })
}

/// True when the `Status:` field says the package is installed (`install ok installed`,
/// or held: `hold ok installed`).
fn installed(status: &str) -> bool {
    let words: Vec<&str> = status.split_whitespace().collect();
    matches!(words.as_slice(), [want, "ok", "installed"] if matches!(*want, "install" | "hold"))
}

/// Debian policy version syntax: `[epoch:]upstream[-revision]`, upstream starting with a
/// digit. Entries that break it (a corrupt database) are dropped, as dpkg itself would.
fn valid_version(version: &str) -> bool {
    let (epoch, rest) = match version.split_once(':') {
        Some((e, r)) => (Some(e), r),
        None => (None, version),
    };
    if epoch.is_some_and(|e| e.is_empty() || !e.bytes().all(|b| b.is_ascii_digit())) {
        return false;
    }
    let (upstream, revision) = match rest.rsplit_once('-') {
        Some((u, r)) => (u, Some(r)),
        None => (rest, None),
    };
    let upstream_ok = upstream.starts_with(|c: char| c.is_ascii_digit())
        && upstream
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'+' | b'~' | b'-' | b':'));
    let revision_ok = revision.is_none_or(|r| {
        !r.is_empty()
            && r.bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'+' | b'~'))
    });
    upstream_ok && revision_ok
}

/// Fields of one control paragraph (continuation lines dropped: none we read is multi-line).
fn fields(paragraph: &str) -> Vec<(&str, &str)> {
    paragraph
        .lines()
        .filter(|l| !l.starts_with([' ', '\t']))
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim(), v.trim()))
        .collect()
}

fn parse(input: &CatalogInput<'_>) -> Result<Vec<Package>, CatalogError> {
    let text = std::str::from_utf8(input.data).map_err(|e| CatalogError {
        cataloger: "dpkg",
        path: input.path.to_string(),
        reason: format!("not UTF-8: {e}"),
    })?;
    Ok(parse_status(text, input.path))
}

/// Parses a dpkg status database (paragraphs separated by blank lines).
pub fn parse_status(text: &str, path: &str) -> Vec<Package> {
    let text = text.replace("\r\n", "\n");
    let mut out = Vec::new();
    for paragraph in text.split("\n\n") {
        let f = fields(paragraph);
        let get = |key: &str| {
            f.iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(key))
                .map(|(_, v)| *v)
        };
        let (Some(name), Some(version)) = (get("Package"), get("Version")) else {
            continue;
        };
        if !valid_version(version) {
            continue;
        }
        // status.d entries of distroless images carry no Status field: they are installed.
        if get("Status").is_some_and(|s| !installed(s)) {
            continue;
        }
        let (source_name, source_version) = match get("Source") {
            Some(src) => match src.split_once(' ') {
                Some((n, v)) => (n.to_string(), v.trim().trim_matches(['(', ')']).to_string()),
                None => (src.to_string(), version.to_string()),
            },
            None => (name.to_string(), version.to_string()),
        };
        let arch = get("Architecture").map(str::to_string);
        out.push(Package {
            name: name.to_string(),
            version: version.to_string(),
            ecosystem: distro::DEB.to_string(),
            source_name: Some(source_name),
            source_version: Some(source_version),
            purl: crate::purl::deb("debian", name, version, arch.as_deref(), None),
            licenses: Vec::new(),
            path: path.to_string(),
            layer: 0,
            arch,
        });
    }
    out
}

/// License names from a Debian copyright file: DEP-5 `License:` fields, else references
/// to `/usr/share/common-licenses/<NAME>`.
pub fn copyright_licenses(data: &[u8]) -> Vec<String> {
    let text = String::from_utf8_lossy(data);
    let mut out: Vec<String> = Vec::new();
    let push = |out: &mut Vec<String>, l: &str| {
        let l = l.trim().trim_end_matches(['.', ',', ';', ')', '"', '\'']);
        if !l.is_empty() && !out.iter().any(|o| o == l) {
            out.push(l.to_string());
        }
    };
    for line in text.lines() {
        if let Some(v) = line.strip_prefix("License:") {
            push(&mut out, v);
        }
    }
    if out.is_empty() {
        for piece in text.split("/usr/share/common-licenses/").skip(1) {
            let name: String = piece
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '+' | '_'))
                .collect();
            push(&mut out, &name);
        }
    }
    out
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    const STATUS: &str = "Package: libssl3\nStatus: install ok installed\nArchitecture: amd64\nSource: openssl\nVersion: 3.0.15-1~deb12u1\nDescription: x\n long text: with colon\n\nPackage: bash\nStatus: install ok installed\nArchitecture: amd64\nSource: bash (5.2.15-2)\nVersion: 5.2.15-2+b2\n\nPackage: gone\nStatus: deinstall ok config-files\nVersion: 1\n";

    #[test]
    fn reads_installed_packages_with_sources() {
        let p = parse_status(STATUS, "var/lib/dpkg/status");
        assert_eq!(p.len(), 2);
        assert_eq!(p[0].source_name.as_deref(), Some("openssl"));
        assert_eq!(p[0].source_version.as_deref(), Some("3.0.15-1~deb12u1"));
        assert_eq!(p[1].source_name.as_deref(), Some("bash"));
        assert_eq!(p[1].source_version.as_deref(), Some("5.2.15-2"));
        assert_eq!(p[1].version, "5.2.15-2+b2");
        assert_eq!(p[1].arch.as_deref(), Some("amd64"));
    }

    #[test]
    fn version_syntax() {
        assert!(valid_version("1:2.38.1-5+deb12u3"));
        assert!(valid_version("0.0~r131-2ubuntu3"));
        assert!(!valid_version("5.#"));
        assert!(!valid_version("a1.0"));
        assert!(!valid_version(":1.0"));
    }

    #[test]
    fn wants_status_and_status_d() {
        assert!(wants("var/lib/dpkg/status"));
        assert!(wants("var/lib/dpkg/status.d/base"));
        assert!(!wants("var/lib/dpkg/status.d/base.md5sums"));
        assert!(!wants("var/lib/dpkg/status-old"));
    }

    #[test]
    fn copyright_license_fields() {
        let l = copyright_licenses(b"Format: https://x\n\nFiles: *\nLicense: GPL-2+\n\nFiles: a\nLicense: BSD-3-clause\n text\nLicense: GPL-2+\n");
        assert_eq!(l, vec!["GPL-2+", "BSD-3-clause"]);
        let l = copyright_licenses(b"see /usr/share/common-licenses/GPL-3.\n");
        assert_eq!(l, vec!["GPL-3"]);
    }
}
