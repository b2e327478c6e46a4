//! Reading a stored inventory back: CycloneDX JSON (1.4–1.6) and SPDX JSON (2.2/2.3),
//! written by Lookout or by another tool (Syft, Trivy), become [`Package`]s that the matcher
//! can re-check against today's DB without the image.
//!
//! The package URL is the key: every tool writes one, and it carries the ecosystem, the
//! name, the version and (for distro packages) the release. Other fields only enrich what
//! the purl says (path, layer, licenses, source package). The purl parser here is written by
//! hand for the same reason as the builder in `lookout_image::purl`: the crates.io purl
//! crates do not apply the per-type rules we need, and parsing is a few lines.

use serde_json::Value;

pub use crate::ignorefile::PolicyError;
use lookout_image::Package;

/// Largest SBOM accepted, so a hostile or mistaken input gives a clear error rather than
/// exhausting memory (the browser build has far less than a CI runner).
pub const MAX_SBOM_BYTES: usize = 512 * 1024 * 1024;

/// The packages of a stored SBOM and what it was about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SbomInput {
    /// The described artifact (CycloneDX `metadata.component.name`, SPDX document `name`).
    pub name: String,
    /// `cyclonedx` or `spdx`.
    pub format: SbomFormat,
    pub packages: Vec<Package>,
    /// Non-fatal problems: components without a purl, purl types no OSV ecosystem covers.
    pub warnings: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SbomFormat {
    CycloneDx,
    Spdx,
}

impl SbomFormat {
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::CycloneDx => "cyclonedx",
            Self::Spdx => "spdx",
        }
    }
}

/// Reads a CycloneDX or SPDX JSON document. Components/packages without a purl, or with a
/// purl type no OSV ecosystem covers, are skipped and counted in `warnings`.
///
/// # Errors
/// [`PolicyError::TooLarge`], [`PolicyError::NotJson`] for text that is not JSON, and
/// [`PolicyError::NotSbom`] for JSON that is neither CycloneDX nor SPDX.
pub fn packages_from_sbom(text: &str) -> Result<SbomInput, PolicyError> {
    if text.len() > MAX_SBOM_BYTES {
        return Err(PolicyError::TooLarge {
            what: "SBOM",
            limit: MAX_SBOM_BYTES,
        });
    }
    let document: Value = serde_json::from_str(text).map_err(|e| PolicyError::NotJson {
        what: "SBOM",
        message: e.to_string(),
    })?;
    if document.get("bomFormat").and_then(Value::as_str) == Some("CycloneDX") {
        return Ok(cyclonedx::read(&document));
    }
    if document
        .get("spdxVersion")
        .and_then(Value::as_str)
        .is_some_and(|v| v.starts_with("SPDX-"))
    {
        return Ok(spdx::read(&document));
    }
    Err(PolicyError::NotSbom(
        "expected a CycloneDX JSON document (`\"bomFormat\": \"CycloneDX\"`) or an SPDX JSON \
         document (`\"spdxVersion\": \"SPDX-2.3\"`)"
            .to_string(),
    ))
}

/// Counts what had to be skipped while reading, for the warnings.
#[derive(Default)]
struct Skipped {
    without_purl: usize,
    unsupported: Vec<String>,
}

impl Skipped {
    fn unsupported_purl(&mut self, purl: &str) {
        // Trivy describes the image itself with a `pkg:oci` purl; that is not a package.
        let is_image = Purl::parse(purl).is_some_and(|p| p.ty == "oci");
        if !is_image {
            self.unsupported.push(purl.to_string());
        }
    }

    fn into_warnings(self, unit: &str) -> Vec<String> {
        let mut warnings = Vec::new();
        if self.without_purl > 0 {
            warnings.push(format!(
                "{} {unit}{} without a purl skipped (purls are how packages are matched)",
                self.without_purl,
                if self.without_purl == 1 { "" } else { "s" }
            ));
        }
        if !self.unsupported.is_empty() {
            let examples: Vec<&str> = self
                .unsupported
                .iter()
                .take(3)
                .map(String::as_str)
                .collect();
            warnings.push(format!(
                "{} {unit}{} with a purl type no vulnerability feed covers skipped (e.g. {})",
                self.unsupported.len(),
                if self.unsupported.len() == 1 { "" } else { "s" },
                examples.join(", ")
            ));
        }
        warnings
    }
}

/// The `value` of a `{name, value}` property whose name is `name`.
fn property<'a>(properties: Option<&'a Value>, name: &str) -> Option<&'a str> {
    properties?
        .as_array()?
        .iter()
        .find(|p| p.get("name").and_then(Value::as_str) == Some(name))?
        .get("value")
        .and_then(Value::as_str)
}

fn non_empty(value: Option<&str>) -> Option<String> {
    value
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(str::to_string)
}

mod cyclonedx {
    use super::{non_empty, package_from_purl, property, SbomFormat, SbomInput, Skipped};
    use lookout_image::Package;
    use serde_json::Value;

    /// Component types that describe something other than an installable package; they
    /// have no purl in any tool's output and are not worth a warning.
    const NOT_PACKAGES: &[&str] = &["operating-system", "container", "file", "device"];

    pub(super) fn read(document: &Value) -> SbomInput {
        let name = document
            .pointer("/metadata/component/name")
            .and_then(Value::as_str)
            .unwrap_or("sbom")
            .to_string();
        let mut packages = Vec::new();
        let mut skipped = Skipped::default();
        if let Some(components) = document.get("components") {
            collect(components, &mut packages, &mut skipped);
        }
        SbomInput {
            name,
            format: SbomFormat::CycloneDx,
            packages,
            warnings: skipped.into_warnings("component"),
        }
    }

    /// Walks `components` and their nested `components` (Syft nests jar contents, some
    /// tools nest a whole tree). serde_json's recursion limit bounds the depth.
    fn collect(components: &Value, out: &mut Vec<Package>, skipped: &mut Skipped) {
        let Some(list) = components.as_array() else {
            return;
        };
        for component in list {
            match component.get("purl").and_then(Value::as_str) {
                Some(purl) if !purl.trim().is_empty() => match package_from_purl(purl.trim()) {
                    Some(mut package) => {
                        enrich(&mut package, component);
                        out.push(package);
                    }
                    None => skipped.unsupported_purl(purl),
                },
                _ => {
                    let kind = component.get("type").and_then(Value::as_str).unwrap_or("");
                    if !NOT_PACKAGES.contains(&kind) {
                        skipped.without_purl += 1;
                    }
                }
            }
            if let Some(nested) = component.get("components") {
                collect(nested, out, skipped);
            }
        }
    }

    /// Adds what the component says beyond its purl: licenses, and the location and source
    /// package from Lookout's, Trivy's or Syft's properties.
    fn enrich(package: &mut Package, component: &Value) {
        let properties = component.get("properties");
        package.licenses = licenses(component.get("licenses"));
        // Lookout's own properties restore the package exactly.
        if let Some(ecosystem) = non_empty(property(properties, "lookout:ecosystem")) {
            package.ecosystem = ecosystem;
        }
        let path = property(properties, "lookout:path")
            .or_else(|| property(properties, "aquasecurity:trivy:FilePath"))
            .or_else(|| property(properties, "syft:location:0:path"));
        if let Some(path) = non_empty(path) {
            package.path = path.trim_start_matches('/').to_string();
        }
        if let Some(layer) = property(properties, "lookout:layer").and_then(|l| l.parse().ok()) {
            package.layer = layer;
        }
        if let Some(arch) = non_empty(property(properties, "lookout:arch")) {
            package.arch = Some(arch);
        }
        if let Some(source) = non_empty(property(properties, "lookout:source")) {
            package.source_name = Some(source);
            package.source_version = non_empty(property(properties, "lookout:source_version"));
        } else if let Some(source) = non_empty(property(properties, "aquasecurity:trivy:SrcName")) {
            package.source_name = Some(source);
            package.source_version = trivy_source_version(properties);
        }
    }

    /// Trivy splits the source version like its package model: `SrcEpoch`, `SrcVersion`,
    /// `SrcRelease`; join them back as `epoch:version-release`.
    fn trivy_source_version(properties: Option<&Value>) -> Option<String> {
        let version = non_empty(property(properties, "aquasecurity:trivy:SrcVersion"))?;
        let mut out = String::new();
        if let Some(epoch) =
            non_empty(property(properties, "aquasecurity:trivy:SrcEpoch")).filter(|e| e != "0")
        {
            out.push_str(&epoch);
            out.push(':');
        }
        out.push_str(&version);
        if let Some(release) = non_empty(property(properties, "aquasecurity:trivy:SrcRelease")) {
            out.push('-');
            out.push_str(&release);
        }
        Some(out)
    }

    /// CycloneDX `licenses`: `{license: {id}}`, `{license: {name}}` or `{expression}`.
    fn licenses(value: Option<&Value>) -> Vec<String> {
        let Some(list) = value.and_then(Value::as_array) else {
            return Vec::new();
        };
        list.iter()
            .filter_map(|entry| {
                let text = entry
                    .get("expression")
                    .or_else(|| entry.pointer("/license/id"))
                    .or_else(|| entry.pointer("/license/name"))
                    .and_then(Value::as_str);
                non_empty(text)
            })
            .collect()
    }
}

mod spdx {
    use super::{non_empty, package_from_purl, SbomFormat, SbomInput, Skipped};
    use lookout_image::Package;
    use serde_json::Value;

    /// SPDX packages that stand for the artifact or its OS rather than an installable
    /// package (Syft's and Trivy's image package, Trivy's OS package).
    const NOT_PACKAGES: &[&str] = &["CONTAINER", "OPERATING-SYSTEM", "FILE", "DEVICE", "SOURCE"];

    pub(super) fn read(document: &Value) -> SbomInput {
        let name = document
            .get("name")
            .and_then(Value::as_str)
            .unwrap_or("sbom")
            .to_string();
        let described = described_ids(document);
        let mut packages = Vec::new();
        let mut skipped = Skipped::default();
        for entry in document
            .get("packages")
            .and_then(Value::as_array)
            .map(Vec::as_slice)
            .unwrap_or_default()
        {
            match purl_of(entry) {
                Some(purl) => match package_from_purl(purl) {
                    Some(mut package) => {
                        enrich(&mut package, entry);
                        packages.push(package);
                    }
                    None => skipped.unsupported_purl(purl),
                },
                None => {
                    let id = entry.get("SPDXID").and_then(Value::as_str).unwrap_or("");
                    let purpose = entry
                        .get("primaryPackagePurpose")
                        .and_then(Value::as_str)
                        .unwrap_or("");
                    if !described.contains(&id) && !NOT_PACKAGES.contains(&purpose) {
                        skipped.without_purl += 1;
                    }
                }
            }
        }
        SbomInput {
            name,
            format: SbomFormat::Spdx,
            packages,
            warnings: skipped.into_warnings("package"),
        }
    }

    /// The SPDX ids the document DESCRIBES: the artifact itself, never a package of it.
    fn described_ids(document: &Value) -> Vec<&str> {
        let mut ids: Vec<&str> = document
            .get("documentDescribes")
            .and_then(Value::as_array)
            .map(|list| list.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        if let Some(relationships) = document.get("relationships").and_then(Value::as_array) {
            for r in relationships {
                if r.get("relationshipType").and_then(Value::as_str) == Some("DESCRIBES") {
                    if let Some(id) = r.get("relatedSpdxElement").and_then(Value::as_str) {
                        ids.push(id);
                    }
                }
            }
        }
        ids
    }

    /// The first `externalRefs` entry of type `purl` (SPDX 2.2 wrote the category as
    /// `PACKAGE_MANAGER`, 2.3 as `PACKAGE-MANAGER`; the type is what matters).
    fn purl_of(entry: &Value) -> Option<&str> {
        entry
            .get("externalRefs")?
            .as_array()?
            .iter()
            .find(|r| r.get("referenceType").and_then(Value::as_str) == Some("purl"))?
            .get("referenceLocator")
            .and_then(Value::as_str)
            .map(str::trim)
            .filter(|p| !p.is_empty())
    }

    fn enrich(package: &mut Package, entry: &Value) {
        if let Some(declared) = non_empty(entry.get("licenseDeclared").and_then(Value::as_str))
            .filter(|l| l != "NOASSERTION" && l != "NONE")
        {
            package.licenses = vec![declared];
        }
        // Lookout writes `acquired from PATH in layer N (ECOSYSTEM)` and, for distro
        // packages, a `Source package: NAME VERSION` comment line; Trivy writes
        // `built package from: NAME VERSION`.
        if let Some(info) = entry.get("sourceInfo").and_then(Value::as_str) {
            if let Some(rest) = info.strip_prefix("built package from: ") {
                let mut words = rest.split_whitespace();
                package.source_name = words.next().map(str::to_string);
                package.source_version = words.next().map(str::to_string);
            } else {
                read_lookout_source_info(package, info);
            }
        }
        if let Some(comment) = entry.get("comment").and_then(Value::as_str) {
            for line in comment.lines() {
                if let Some(rest) = line.strip_prefix("Source package: ") {
                    let mut words = rest.split_whitespace();
                    package.source_name = words.next().map(str::to_string);
                    package.source_version = words.next().map(str::to_string);
                }
            }
        }
    }

    fn read_lookout_source_info(package: &mut Package, info: &str) {
        let Some(rest) = info.strip_prefix("acquired from ") else {
            return;
        };
        let Some((location, ecosystem)) = rest.strip_suffix(')').and_then(|r| r.rsplit_once(" ("))
        else {
            return;
        };
        if !ecosystem.trim().is_empty() {
            package.ecosystem = ecosystem.to_string();
        }
        match location.rsplit_once(" in layer ") {
            Some((path, layer)) if layer.parse::<usize>().is_ok() => {
                package.path = path.to_string();
                package.layer = layer.parse().unwrap_or(0);
            }
            _ => package.path = location.to_string(),
        }
    }
}

/// A parsed package URL: components percent-decoded, type and qualifier keys lowercased.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Purl {
    pub ty: String,
    /// Namespace segments joined with `/` (`@babel`, `github.com/gorilla`, `org.yaml`).
    pub namespace: Option<String>,
    pub name: String,
    pub version: Option<String>,
    pub qualifiers: Vec<(String, String)>,
    pub subpath: Option<String>,
}

impl Purl {
    /// Parses `pkg:type/namespace/name@version?qualifiers#subpath` per the purl spec's
    /// parsing rules. `None` for text that is not a purl.
    #[must_use]
    pub fn parse(text: &str) -> Option<Self> {
        let text = text.trim();
        let scheme = text.get(..4)?;
        if !scheme.eq_ignore_ascii_case("pkg:") {
            return None;
        }
        let rest = text.get(4..)?.trim_start_matches('/');
        let (rest, subpath) = match rest.rsplit_once('#') {
            Some((r, s)) => (r, Some(s)),
            None => (rest, None),
        };
        let (rest, qualifiers) = match rest.rsplit_once('?') {
            Some((r, q)) => (r, Some(q)),
            None => (rest, None),
        };
        let (ty, rest) = rest.split_once('/')?;
        if ty.is_empty() {
            return None;
        }
        let rest = rest.trim_end_matches('/');
        // The version is after an `@` following the last `/` (`@scope` may appear unencoded
        // in an npm namespace).
        let last_slash = rest.rfind('/').map_or(0, |i| i + 1);
        let (path, version) = match rest.get(last_slash..)?.rfind('@') {
            Some(at) => {
                let split = last_slash + at;
                (rest.get(..split)?, Some(decode(rest.get(split + 1..)?)?))
            }
            None => (rest, None),
        };
        let mut segments: Vec<String> = path
            .split('/')
            .filter(|s| !s.is_empty())
            .map(decode)
            .collect::<Option<_>>()?;
        let name = segments.pop().filter(|n| !n.is_empty())?;
        let namespace = (!segments.is_empty()).then(|| segments.join("/"));
        let qualifiers = qualifiers
            .unwrap_or("")
            .split('&')
            .filter_map(|pair| pair.split_once('='))
            .filter(|(_, v)| !v.is_empty())
            .map(|(k, v)| Some((k.to_ascii_lowercase(), decode(v)?)))
            .collect::<Option<Vec<_>>>()?;
        let subpath = match subpath {
            Some(s) => Some(decode(s.trim_matches('/'))?).filter(|s| !s.is_empty()),
            None => None,
        };
        Some(Self {
            ty: ty.to_ascii_lowercase(),
            namespace,
            name,
            version: version.filter(|v| !v.is_empty()),
            qualifiers,
            subpath,
        })
    }

    /// The value of qualifier `key` (keys are lowercase).
    #[must_use]
    pub fn qualifier(&self, key: &str) -> Option<&str> {
        self.qualifiers
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    /// Whether `self`, read as a pattern, names `other`: same type, namespace and name, and
    /// every part `self` pins (version, qualifiers, subpath) equal in `other`. A pattern
    /// without a version covers every version, which is how VEX statements and ignore
    /// entries name "this package, whatever its version".
    #[must_use]
    pub fn covers(&self, other: &Purl) -> bool {
        if self.ty != other.ty
            || !same_name(
                &self.ty,
                self.namespace.as_deref(),
                other.namespace.as_deref(),
            )
            || !same_name(&self.ty, Some(&self.name), Some(&other.name))
        {
            return false;
        }
        if let Some(version) = &self.version {
            if other.version.as_deref() != Some(version.as_str()) {
                // Image digests are hex; compare without regard to case.
                let digest_match = self.ty == "oci"
                    && other
                        .version
                        .as_deref()
                        .is_some_and(|v| v.eq_ignore_ascii_case(version));
                if !digest_match {
                    return false;
                }
            }
            // An OCI digest is the image's identity; `repository_url`/`tag` only say where
            // it was found.
            if self.ty == "oci" {
                return true;
            }
        }
        let qualifiers_match = self
            .qualifiers
            .iter()
            .all(|(k, v)| other.qualifier(k) == Some(v.as_str()));
        qualifiers_match && (self.subpath.is_none() || self.subpath == other.subpath)
    }
}

/// Namespace and name comparison: PEP 503 for PyPI, case-sensitive for Go and Maven (their
/// registries are), ASCII case-insensitive for the rest (their purl types lowercase).
fn same_name(ty: &str, a: Option<&str>, b: Option<&str>) -> bool {
    match (a, b) {
        (None, None) => true,
        (Some(a), Some(b)) => match ty {
            "pypi" => {
                lookout_image::purl::normalize_pypi_name(a)
                    == lookout_image::purl::normalize_pypi_name(b)
            }
            "golang" | "maven" | "nuget" | "cargo" | "rpm" => a == b,
            _ => a.eq_ignore_ascii_case(b),
        },
        _ => false,
    }
}

/// Percent-decoding per the purl spec; `None` when the result is not UTF-8.
fn decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&byte) = bytes.get(i) {
        if byte == b'%' {
            let hex = bytes
                .get(i + 1..i + 3)
                .and_then(|h| std::str::from_utf8(h).ok())
                .and_then(|h| u8::from_str_radix(h, 16).ok());
            if let Some(value) = hex {
                out.push(value);
                i += 3;
                continue;
            }
        }
        out.push(byte);
        i += 1;
    }
    String::from_utf8(out).ok()
}

/// Maps a purl to a [`Package`] with the OSV ecosystem and package name the matcher uses,
/// the same way Lookout's catalogers name them. `None` for purl types no OSV feed covers
/// (`generic`, `oci`, `github`, …) and for distro purls without a known distribution.
///
/// `path` is empty and `layer` 0: an SBOM does not always say where a package came from
/// ([`packages_from_sbom`] fills them in when it does).
#[must_use]
pub fn package_from_purl(purl: &str) -> Option<Package> {
    let parsed = Purl::parse(purl)?;
    let version = parsed.version.clone().unwrap_or_default();
    let joined = || match &parsed.namespace {
        Some(ns) => format!("{ns}/{}", parsed.name),
        None => parsed.name.clone(),
    };
    let (name, version, ecosystem) = match parsed.ty.as_str() {
        "npm" => (joined(), version, "npm".to_string()),
        "pypi" => (parsed.name.clone(), version, "PyPI".to_string()),
        "golang" => {
            let name = joined();
            // The cataloger keeps the toolchain's own spelling (`go1.20.4`); the purl has
            // the bare version.
            let version = if name == "stdlib" && version.starts_with(|c: char| c.is_ascii_digit()) {
                format!("go{version}")
            } else {
                version
            };
            (name, version, "Go".to_string())
        }
        "cargo" => (parsed.name.clone(), version, "crates.io".to_string()),
        // Maven packages are named `group:artifact`, as the jar and pom catalogers do.
        "maven" => {
            let name = match &parsed.namespace {
                Some(group) => format!("{group}:{}", parsed.name),
                None => parsed.name.clone(),
            };
            (name, version, "Maven".to_string())
        }
        "gem" => (parsed.name.clone(), version, "RubyGems".to_string()),
        "composer" => (joined(), version, "Packagist".to_string()),
        "nuget" => (parsed.name.clone(), version, "NuGet".to_string()),
        "hex" => (parsed.name.clone(), version, "Hex".to_string()),
        "pub" => (parsed.name.clone(), version, "Pub".to_string()),
        "swift" => (joined(), version, "SwiftURL".to_string()),
        "deb" | "apk" | "rpm" => {
            return distro_package(purl, &parsed);
        }
        _ => return None,
    };
    Some(Package {
        name,
        version,
        ecosystem,
        source_name: None,
        source_version: None,
        purl: purl.to_string(),
        licenses: Vec::new(),
        path: String::new(),
        layer: 0,
        arch: parsed.qualifier("arch").map(str::to_string),
    })
}

/// deb/apk/rpm purls: the release comes from the `distro` qualifier (`debian-12`,
/// `alpine-3.18.4`, `almalinux-9`), else the namespace names the distribution without a
/// release; the source package from Syft's `upstream` qualifier.
fn distro_package(purl: &str, parsed: &Purl) -> Option<Package> {
    let namespace = parsed.namespace.as_deref().unwrap_or("");
    let (family, release) = match parsed.qualifier("distro") {
        Some(distro) => split_distro(distro, namespace),
        None => (namespace.to_ascii_lowercase(), String::new()),
    };
    let family = match family.as_str() {
        "redhat" => "rhel".to_string(),
        "rocky-linux" => "rocky".to_string(),
        _ => family,
    };
    let ecosystem = if release.is_empty() {
        // No release known: the bare distribution name, which no release-specific OSV
        // record matches (better silent than wrong).
        let with_release = lookout_image::os::ecosystem(&family, "0")?;
        with_release
            .split(':')
            .next()
            .unwrap_or(&with_release)
            .to_string()
    } else {
        lookout_image::os::ecosystem(&family, &release)?
    };
    let mut version = parsed.version.clone().unwrap_or_default();
    if parsed.ty == "rpm" {
        if let Some(epoch) = parsed.qualifier("epoch").filter(|e| *e != "0") {
            version = format!("{epoch}:{version}");
        }
    }
    let (source_name, source_version) = match parsed.qualifier("upstream") {
        Some(upstream) => upstream_source(&parsed.ty, upstream),
        None => (None, None),
    };
    Some(Package {
        name: parsed.name.clone(),
        version,
        ecosystem,
        source_name,
        source_version,
        purl: purl.to_string(),
        licenses: Vec::new(),
        path: String::new(),
        layer: 0,
        arch: parsed.qualifier("arch").map(str::to_string),
    })
}

/// `debian-12` → (`debian`, `12`), `opensuse-leap-15.5` → (`opensuse-leap`, `15.5`),
/// `jessie` (a codename) → (`jessie`, ``). Trivy writes apk qualifiers as the bare release
/// (`distro=3.18.4`); then the namespace names the distribution.
fn split_distro(distro: &str, namespace: &str) -> (String, String) {
    let lower = distro.to_ascii_lowercase();
    if lower.starts_with(|c: char| c.is_ascii_digit()) {
        return (namespace.to_ascii_lowercase(), lower);
    }
    match lower.rsplit_once('-') {
        Some((family, release)) if release.starts_with(|c: char| c.is_ascii_digit()) => {
            (family.to_string(), release.to_string())
        }
        _ => (lower, String::new()),
    }
}

/// Syft's `upstream` qualifier: `openssl` or `gcc-12@12.2.0-14` for deb/apk, and the source
/// rpm file name (`openssl-3.0.7-27.el9.src.rpm`) for rpm.
fn upstream_source(ty: &str, upstream: &str) -> (Option<String>, Option<String>) {
    if ty == "rpm" {
        if let Some(stem) = upstream.strip_suffix(".src.rpm") {
            // name-version-release, where only the name may contain further dashes.
            if let Some((name_version, release)) = stem.rsplit_once('-') {
                if let Some((name, version)) = name_version.rsplit_once('-') {
                    return (Some(name.to_string()), Some(format!("{version}-{release}")));
                }
            }
        }
    }
    match upstream.split_once('@') {
        Some((name, version)) => (non_empty(Some(name)), non_empty(Some(version))),
        None => (non_empty(Some(upstream)), None),
    }
}
