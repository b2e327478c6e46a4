//! Package URL builders, canonical per the purl specification
//! (<https://github.com/package-url/purl-spec>): lowercase type, namespace segments and name
//! percent-encoded, qualifiers sorted by key with empty values dropped, and the per-type
//! normalisations (pypi names, lowercased deb/apk/npm/composer names).
//!
//! Written by hand because the purl crates on crates.io either parse only or do not apply the
//! type normalisations; building is a few lines.

use std::fmt::Write as _;

/// Builds a canonical purl from its components. Namespace segments are separated by `/`;
/// empty segments are dropped. Qualifiers with empty values are dropped and the rest sorted
/// by (lowercased) key.
#[must_use]
pub fn build(
    ty: &str,
    namespace: Option<&str>,
    name: &str,
    version: Option<&str>,
    qualifiers: &[(&str, &str)],
    subpath: Option<&str>,
) -> String {
    let mut out = String::from("pkg:");
    out.push_str(&ty.to_ascii_lowercase());
    if let Some(ns) = namespace {
        for segment in ns.split('/').filter(|s| !s.is_empty()) {
            out.push('/');
            encode_into(&mut out, segment);
        }
    }
    out.push('/');
    encode_into(&mut out, name);
    if let Some(v) = version.filter(|v| !v.is_empty()) {
        out.push('@');
        encode_into(&mut out, v);
    }
    let mut quals: Vec<(String, &str)> = qualifiers
        .iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| (k.to_ascii_lowercase(), *v))
        .collect();
    quals.sort_by(|a, b| a.0.cmp(&b.0));
    for (i, (key, value)) in quals.iter().enumerate() {
        out.push(if i == 0 { '?' } else { '&' });
        out.push_str(key);
        out.push('=');
        encode_into(&mut out, value);
    }
    if let Some(sub) = subpath {
        let segments: Vec<&str> = sub
            .split('/')
            .filter(|s| !s.is_empty() && *s != "." && *s != "..")
            .collect();
        if !segments.is_empty() {
            out.push('#');
            for (i, segment) in segments.iter().enumerate() {
                if i > 0 {
                    out.push('/');
                }
                encode_into(&mut out, segment);
            }
        }
    }
    out
}

/// Percent-encodes everything except the unreserved characters and `:` (which the spec
/// says need not be encoded, and which keeps dpkg epochs readable).
fn encode_into(out: &mut String, text: &str) {
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~' | b':') {
            out.push(char::from(byte));
        } else {
            let _ = write!(out, "%{byte:02X}");
        }
    }
}

/// `pkg:deb/<distro_id>/<name>@<version>?arch=…&distro=…` — `distro_id` is the vendor
/// (`debian`, `ubuntu`), `distro` the release qualifier (`debian-12`). The version keeps its
/// epoch (`1:2.38.1-5`).
#[must_use]
pub fn deb(
    distro_id: &str,
    name: &str,
    version: &str,
    arch: Option<&str>,
    distro: Option<&str>,
) -> String {
    build(
        "deb",
        Some(&distro_id.to_ascii_lowercase()),
        &name.to_ascii_lowercase(),
        Some(version),
        &[
            ("arch", arch.unwrap_or("")),
            ("distro", distro.unwrap_or("")),
        ],
        None,
    )
}

/// `pkg:apk/<distro_id>/<name>@<version>?arch=…&distro=…` (`alpine`, `wolfi`, …).
#[must_use]
pub fn apk(
    distro_id: &str,
    name: &str,
    version: &str,
    arch: Option<&str>,
    distro: Option<&str>,
) -> String {
    build(
        "apk",
        Some(&distro_id.to_ascii_lowercase()),
        &name.to_ascii_lowercase(),
        Some(version),
        &[
            ("arch", arch.unwrap_or("")),
            ("distro", distro.unwrap_or("")),
        ],
        None,
    )
}

/// `pkg:rpm/<distro_id>/<name>@<version-release>?arch=…&distro=…&epoch=…`. The rpm name is
/// case-sensitive; the epoch goes in its own qualifier, as the rpm type definition says.
#[must_use]
pub fn rpm(
    distro_id: &str,
    name: &str,
    version_release: &str,
    epoch: Option<u32>,
    arch: Option<&str>,
    distro: Option<&str>,
) -> String {
    let epoch = epoch.map(|e| e.to_string()).unwrap_or_default();
    build(
        "rpm",
        Some(&distro_id.to_ascii_lowercase()),
        name,
        Some(version_release),
        &[
            ("arch", arch.unwrap_or("")),
            ("distro", distro.unwrap_or("")),
            ("epoch", &epoch),
        ],
        None,
    )
}

/// `pkg:npm/%40scope/name@version` for `@scope/name`, `pkg:npm/name@version` otherwise.
#[must_use]
pub fn npm(name: &str, version: &str) -> String {
    let lower = name.to_ascii_lowercase();
    let (namespace, bare) = match lower.split_once('/') {
        Some((scope, bare)) if scope.starts_with('@') => (Some(scope), bare),
        _ => (None, lower.as_str()),
    };
    build("npm", namespace, bare, Some(version), &[], None)
}

/// PEP 503 normalisation: lowercase, runs of `-`, `_` and `.` become one `-`.
#[must_use]
pub fn normalize_pypi_name(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut in_separator_run = false;
    for ch in name.trim().chars() {
        if matches!(ch, '-' | '_' | '.') {
            if !in_separator_run {
                out.push('-');
            }
            in_separator_run = true;
        } else {
            out.extend(ch.to_lowercase());
            in_separator_run = false;
        }
    }
    out
}

/// `pkg:pypi/<name>@version`, the name as the purl spec's `pypi` type has it: lowercased,
/// `_` written `-`, dots kept (`zope.interface`, as Trivy and Syft write it; PEP 503's
/// fuller folding, [`normalize_pypi_name`], is for comparing names, not for the purl).
#[must_use]
pub fn pypi(name: &str, version: &str) -> String {
    let name = name.trim().to_lowercase().replace('_', "-");
    build("pypi", None, &name, Some(version), &[], None)
}

/// `pkg:golang/<module path up to the last segment>/<last segment>@version`; case preserved
/// because Go module paths are case-sensitive.
#[must_use]
pub fn golang(module_path: &str, version: &str) -> String {
    let trimmed = module_path.trim_matches('/');
    let (namespace, name) = match trimmed.rsplit_once('/') {
        Some((ns, name)) => (Some(ns), name),
        None => (None, trimmed),
    };
    build("golang", namespace, name, Some(version), &[], None)
}

/// `pkg:cargo/name@version`.
#[must_use]
pub fn cargo(name: &str, version: &str) -> String {
    build("cargo", None, name, Some(version), &[], None)
}

/// `pkg:maven/<groupId>/<artifactId>@version` (group may be empty when unknown).
#[must_use]
pub fn maven(group_id: &str, artifact_id: &str, version: &str) -> String {
    let namespace = (!group_id.is_empty()).then_some(group_id);
    build("maven", namespace, artifact_id, Some(version), &[], None)
}

/// `pkg:gem/name@version`.
#[must_use]
pub fn gem(name: &str, version: &str) -> String {
    build("gem", None, name, Some(version), &[], None)
}

/// `pkg:composer/<vendor>/<name>@version` from a `vendor/name` package name (lowercased).
#[must_use]
pub fn composer(package: &str, version: &str) -> String {
    let lower = package.to_ascii_lowercase();
    let (namespace, name) = match lower.split_once('/') {
        Some((vendor, name)) => (Some(vendor), name),
        None => (None, lower.as_str()),
    };
    build("composer", namespace, name, Some(version), &[], None)
}

/// `pkg:nuget/Name@version` (case preserved).
#[must_use]
pub fn nuget(name: &str, version: &str) -> String {
    build("nuget", None, name, Some(version), &[], None)
}

#[cfg(test)]
mod tests {
    use super::*;

    // Canonical purls from package-url/purl-spec test-suite-data.json.
    #[test]
    fn spec_suite_examples() {
        assert_eq!(
            maven("org.apache.commons", "io", "1.3.4"),
            "pkg:maven/org.apache.commons/io@1.3.4"
        );
        assert_eq!(
            build(
                "maven",
                Some("org.apache.xmlgraphics"),
                "batik-anim",
                Some("1.9.1"),
                &[("packaging", "sources")],
                None
            ),
            "pkg:maven/org.apache.xmlgraphics/batik-anim@1.9.1?packaging=sources"
        );
        assert_eq!(
            build(
                "maven",
                Some("net.sf.jacob-projects"),
                "jacob",
                Some("1.14.3"),
                &[("type", "dll"), ("classifier", "x86")],
                None
            ),
            "pkg:maven/net.sf.jacob-projects/jacob@1.14.3?classifier=x86&type=dll"
        );
        assert_eq!(
            npm("@angular/animation", "12.3.1"),
            "pkg:npm/%40angular/animation@12.3.1"
        );
        assert_eq!(npm("foobar", "12.3.1"), "pkg:npm/foobar@12.3.1");
        assert_eq!(
            pypi("Django_package", "1.11.1.dev1"),
            "pkg:pypi/django-package@1.11.1.dev1"
        );
        assert_eq!(
            golang("github.com/gorilla/context", "234fd47e07d1004f0aed9c"),
            "pkg:golang/github.com/gorilla/context@234fd47e07d1004f0aed9c"
        );
        assert_eq!(
            build(
                "golang",
                Some("google.golang.org"),
                "genproto",
                None,
                &[],
                Some("googleapis/api/annotations/")
            ),
            "pkg:golang/google.golang.org/genproto#googleapis/api/annotations"
        );
        assert_eq!(
            deb("debian", "curl", "7.50.3-1", Some("i386"), Some("jessie")),
            "pkg:deb/debian/curl@7.50.3-1?arch=i386&distro=jessie"
        );
        assert_eq!(
            rpm(
                "fedora",
                "curl",
                "7.50.3-1.fc25",
                None,
                Some("i386"),
                Some("fedora-25")
            ),
            "pkg:rpm/fedora/curl@7.50.3-1.fc25?arch=i386&distro=fedora-25"
        );
        assert_eq!(
            gem("ruby-advisory-db-check", "0.12.4"),
            "pkg:gem/ruby-advisory-db-check@0.12.4"
        );
        assert_eq!(
            build(
                "gem",
                None,
                "jruby-launcher",
                Some("1.1.2"),
                &[("platform", "java")],
                None
            ),
            "pkg:gem/jruby-launcher@1.1.2?platform=java"
        );
        assert_eq!(
            nuget("EnterpriseLibrary.Common", "6.0.1304"),
            "pkg:nuget/EnterpriseLibrary.Common@6.0.1304"
        );
        assert_eq!(cargo("rand", "0.7.2"), "pkg:cargo/rand@0.7.2");
        assert_eq!(
            composer("laravel/laravel", "5.5.0"),
            "pkg:composer/laravel/laravel@5.5.0"
        );
        assert_eq!(
            apk("alpine", "curl", "7.83.0-r0", Some("x86"), None),
            "pkg:apk/alpine/curl@7.83.0-r0?arch=x86"
        );
        assert_eq!(
            build(
                "GitHub",
                Some("package-url"),
                "purl-spec",
                Some("244fd47e07d1004"),
                &[],
                None
            ),
            "pkg:github/package-url/purl-spec@244fd47e07d1004"
        );
    }

    #[test]
    fn distro_purls_encode_plus_and_keep_epoch() {
        assert_eq!(
            deb(
                "debian",
                "libssl3",
                "3.0.15-1~deb12u1",
                Some("amd64"),
                Some("debian-12")
            ),
            "pkg:deb/debian/libssl3@3.0.15-1~deb12u1?arch=amd64&distro=debian-12"
        );
        assert_eq!(
            deb(
                "debian",
                "bsdutils",
                "1:2.38.1-5+deb12u3",
                Some("amd64"),
                Some("debian-12")
            ),
            "pkg:deb/debian/bsdutils@1:2.38.1-5%2Bdeb12u3?arch=amd64&distro=debian-12"
        );
        assert_eq!(
            rpm(
                "redhat",
                "openssl-libs",
                "3.0.7-27.el9",
                Some(1),
                Some("x86_64"),
                Some("rhel-9")
            ),
            "pkg:rpm/redhat/openssl-libs@3.0.7-27.el9?arch=x86_64&distro=rhel-9&epoch=1"
        );
    }

    #[test]
    fn names_are_normalised_per_type() {
        assert_eq!(normalize_pypi_name("Zope.Interface"), "zope-interface");
        assert_eq!(normalize_pypi_name("a__b-.c"), "a-b-c");
        assert_eq!(pypi("PyYAML", "5.3"), "pkg:pypi/pyyaml@5.3");
        assert_eq!(
            pypi("zope.interface", "5.4.0"),
            "pkg:pypi/zope.interface@5.4.0"
        );
        assert_eq!(
            pypi("typing_extensions", "4.12.2"),
            "pkg:pypi/typing-extensions@4.12.2"
        );
        assert_eq!(
            golang("github.com/BurntSushi/toml", "v1.2.0"),
            "pkg:golang/github.com/BurntSushi/toml@v1.2.0"
        );
        assert_eq!(golang("stdlib", "1.20.4"), "pkg:golang/stdlib@1.20.4");
        assert_eq!(
            build("npm", None, "a b/c", Some("1.0+x"), &[("k", "a&b=c")], None),
            "pkg:npm/a%20b%2Fc@1.0%2Bx?k=a%26b%3Dc"
        );
    }
}
