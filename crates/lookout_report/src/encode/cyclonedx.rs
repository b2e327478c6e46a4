//! CycloneDX 1.6 JSON: the image as `metadata.component`, every package as a component
//! (purl, unique bom-ref, licenses, layer and path as properties), the OS as an
//! `operating-system` component, and `vulnerabilities` with ratings, affected versions,
//! the fixed version and suppressions as VEX `analysis`. Validated with the official
//! schema (strict) in the schema tests.

use std::collections::HashMap;

use serde_json::{json, Map, Value};

use super::context::{whole_seconds_utc, EncodeContext};
use super::json::pretty;
use super::text::{fnv1a64, is_web_url};
use crate::license::{classify, combined_expression, DeclaredLicense};
use crate::model::scan::{
    FindingKind, PackageEntry, ScanReport, SuppressedFinding, VulnerabilityEntry,
    VulnerabilityStatus,
};

const IMAGE_REF: &str = "lookout:artifact";
const OS_REF: &str = "lookout:os";

/// A `urn:uuid:` serial number that differs for every generated BOM, as CycloneDX asks:
/// derived from the artifact, the scan's times, the run's nonce and the document's content
/// (packages, vulnerabilities, suppressions — so `sbom` and `scan` of one image differ).
/// The encoder stays pure and builds for wasm: no clock or random source of its own; the
/// same inputs (a pinned context in tests) give the same serial. Formatted as a version-4
/// UUID, whose bits only promise uniqueness, which a 128-bit hash of distinct inputs gives.
fn serial_number(report: &ScanReport, context: &EncodeContext) -> String {
    let digest = report.artifact.digest.as_deref().unwrap_or("");
    let mut parts: Vec<&str> = vec![
        &report.artifact.name,
        digest,
        &context.started_at,
        &context.finished_at,
        &context.nonce,
    ];
    parts.push("packages");
    parts.extend(report.packages.iter().map(|p| p.purl.as_str()));
    parts.push("vulnerabilities");
    for v in &report.vulnerabilities {
        parts.extend([v.id.as_str(), v.purl.as_str()]);
    }
    parts.push("suppressed");
    parts.extend(report.suppressed.iter().map(|s| s.id.as_str()));
    let high = fnv1a64(&parts);
    // A different prefix, not a suffix: FNV's state after `parts` would make a suffixed
    // hash a function of `high` alone.
    let salted: Vec<&str> = std::iter::once("low").chain(parts).collect();
    let low = fnv1a64(&salted);
    let mut bytes = [0u8; 16];
    bytes[..8].copy_from_slice(&high.to_be_bytes());
    bytes[8..].copy_from_slice(&low.to_be_bytes());
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    format!(
        "urn:uuid:{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    )
}

/// CycloneDX `licenses`: either license objects (SPDX `id` or free `name`) or a single
/// `expression`; the schema forbids mixing the two.
fn licenses(declared: &[String]) -> Option<Value> {
    if declared.is_empty() {
        return None;
    }
    let classified: Vec<DeclaredLicense> = declared.iter().map(|l| classify(l)).collect();
    let has_compound = classified
        .iter()
        .any(|c| matches!(c, DeclaredLicense::Expression(_)));
    if has_compound {
        if let Some(expression) = combined_expression(declared) {
            return Some(json!([{ "expression": expression }]));
        }
    }
    let mut seen: Vec<&DeclaredLicense> = Vec::new();
    let entries: Vec<Value> = classified
        .iter()
        .filter(|c| {
            let fresh = !seen.contains(c);
            if fresh {
                seen.push(c);
            }
            fresh
        })
        .map(|c| match c {
            DeclaredLicense::Id(id) => json!({ "license": { "id": id } }),
            // An expression mixed with free text cannot be an `expression`: keep it as text.
            DeclaredLicense::Expression(text) | DeclaredLicense::Name(text) => {
                json!({ "license": { "name": text } })
            }
        })
        .collect();
    Some(Value::Array(entries))
}

fn property(name: &str, value: impl Into<String>) -> Value {
    json!({ "name": name, "value": value.into() })
}

/// Unique bom-refs per package: the purl when unique, else the purl plus its occurrence
/// (nested `node_modules` copies share a purl but are separate components).
fn bom_refs(packages: &[PackageEntry]) -> Vec<String> {
    let mut seen: HashMap<String, usize> = HashMap::new();
    packages
        .iter()
        .enumerate()
        .map(|(index, package)| {
            let base = if package.purl.is_empty() {
                format!("lookout:package:{index}")
            } else {
                package.purl.clone()
            };
            let count = seen.entry(base.clone()).or_insert(0);
            *count += 1;
            if *count == 1 {
                base
            } else {
                format!("{base}#{count}")
            }
        })
        .collect()
}

fn component(package: &PackageEntry, bom_ref: &str) -> Value {
    let mut object = Map::new();
    object.insert("type".into(), json!("library"));
    object.insert("bom-ref".into(), json!(bom_ref));
    let name = if package.name.trim().is_empty() {
        "unknown"
    } else {
        package.name.as_str()
    };
    object.insert("name".into(), json!(name));
    if !package.version.is_empty() {
        object.insert("version".into(), json!(package.version));
    }
    if !package.purl.is_empty() {
        object.insert("purl".into(), json!(package.purl));
    }
    if let Some(licenses) = licenses(&package.licenses) {
        object.insert("licenses".into(), licenses);
    }
    let mut properties = vec![
        property("lookout:ecosystem", package.ecosystem.clone()),
        property("lookout:path", package.path.clone()),
    ];
    if let Some(layer) = package.layer {
        properties.push(property("lookout:layer", layer.to_string()));
    }
    if let Some(source) = &package.source {
        properties.push(property("lookout:source", source.clone()));
    }
    if let Some(version) = &package.source_version {
        properties.push(property("lookout:source_version", version.clone()));
    }
    if let Some(arch) = &package.arch {
        properties.push(property("lookout:arch", arch.clone()));
    }
    object.insert("properties".into(), Value::Array(properties));
    Value::Object(object)
}

fn image_component(report: &ScanReport) -> Value {
    let artifact = &report.artifact;
    let name = if artifact.name.is_empty() {
        "artifact"
    } else {
        artifact.name.as_str()
    };
    let kind = if artifact.format.is_image() {
        "container"
    } else {
        "application"
    };
    let mut object = Map::new();
    object.insert("type".into(), json!(kind));
    object.insert("bom-ref".into(), json!(IMAGE_REF));
    object.insert("name".into(), json!(name));
    let mut properties = vec![property("lookout:format", artifact.format.as_str())];
    if let Some(digest) = &artifact.digest {
        object.insert("version".into(), json!(digest));
        if let Some(hex) = digest.strip_prefix("sha256:") {
            if hex.len() == 64 && hex.bytes().all(|b| b.is_ascii_hexdigit()) {
                object.insert(
                    "hashes".into(),
                    json!([{ "alg": "SHA-256", "content": hex }]),
                );
            }
        }
    }
    for layer in &artifact.layers {
        properties.push(property(
            &format!("lookout:layer:{}:diff_id", layer.index),
            layer.diff_id.clone(),
        ));
        if let Some(created_by) = &layer.created_by {
            properties.push(property(
                &format!("lookout:layer:{}:created_by", layer.index),
                created_by.clone(),
            ));
        }
    }
    object.insert("properties".into(), Value::Array(properties));
    Value::Object(object)
}

/// The advisory database an id comes from, for `source` (CVE → NVD, GHSA → GitHub, …).
fn advisory_source(id: &str) -> Value {
    let (name, url) = if id.starts_with("CVE-") {
        ("NVD", format!("https://nvd.nist.gov/vuln/detail/{id}"))
    } else if id.starts_with("GHSA-") {
        ("GitHub", format!("https://github.com/advisories/{id}"))
    } else {
        ("OSV", format!("https://osv.dev/vulnerability/{id}"))
    };
    json!({ "name": name, "url": url })
}

fn rating(v: &VulnerabilityEntry) -> Value {
    let mut object = Map::new();
    object.insert("source".into(), advisory_source(&v.id));
    object.insert("severity".into(), json!(v.severity.as_lower()));
    if let Some(cvss) = &v.cvss {
        if cvss.score.is_finite() {
            object.insert("score".into(), json!(cvss.score));
        }
        let method = match cvss.version.as_str() {
            "2" | "2.0" => "CVSSv2",
            "3" | "3.0" => "CVSSv3",
            "3.1" => "CVSSv31",
            "4" | "4.0" => "CVSSv4",
            _ => "other",
        };
        object.insert("method".into(), json!(method));
        if !cvss.vector.is_empty() {
            object.insert("vector".into(), json!(cvss.vector));
        }
    }
    Value::Object(object)
}

/// Where a finding's package is among the components.
struct ComponentIndex<'a> {
    by_purl_and_path: HashMap<(&'a str, &'a str), &'a str>,
    by_purl: HashMap<&'a str, &'a str>,
}

impl<'a> ComponentIndex<'a> {
    fn new(packages: &'a [PackageEntry], refs: &'a [String]) -> Self {
        let mut by_purl_and_path = HashMap::new();
        let mut by_purl = HashMap::new();
        for (package, bom_ref) in packages.iter().zip(refs) {
            by_purl_and_path
                .entry((package.purl.as_str(), package.path.as_str()))
                .or_insert(bom_ref.as_str());
            by_purl
                .entry(package.purl.as_str())
                .or_insert(bom_ref.as_str());
        }
        Self {
            by_purl_and_path,
            by_purl,
        }
    }

    fn find(&self, purl: &str, path: &str) -> Option<&'a str> {
        self.by_purl_and_path
            .get(&(purl, path))
            .or_else(|| self.by_purl.get(purl))
            .copied()
    }
}

fn affects(bom_ref: &str, installed: &str, fixed: Option<&str>) -> Value {
    // The schema wants non-empty version strings; an unknown one is simply left out.
    let mut versions = Vec::new();
    if !installed.is_empty() {
        versions.push(json!({ "version": installed, "status": "affected" }));
    }
    if let Some(fixed) = fixed.filter(|f| !f.is_empty()) {
        versions.push(json!({ "version": fixed, "status": "unaffected" }));
    }
    if versions.is_empty() {
        json!([{ "ref": bom_ref }])
    } else {
        json!([{ "ref": bom_ref, "versions": versions }])
    }
}

fn vulnerability(v: &VulnerabilityEntry, index: usize, target: &str) -> Value {
    let mut object = Map::new();
    object.insert(
        "bom-ref".into(),
        json!(format!("lookout:vulnerability:{index}")),
    );
    object.insert("id".into(), json!(v.id));
    object.insert("source".into(), advisory_source(&v.id));
    let references: Vec<Value> = v
        .aliases
        .iter()
        .filter(|alias| **alias != v.id)
        .map(|alias| json!({ "id": alias, "source": advisory_source(alias) }))
        .collect();
    if !references.is_empty() {
        object.insert("references".into(), Value::Array(references));
    }
    object.insert("ratings".into(), json!([rating(v)]));
    if let Some(title) = &v.title {
        object.insert("description".into(), json!(title));
    }
    let advisories: Vec<Value> = v
        .references
        .iter()
        .filter(|r| is_web_url(r))
        .map(|r| json!({ "url": r }))
        .collect();
    if !advisories.is_empty() {
        object.insert("advisories".into(), Value::Array(advisories));
    }
    match (&v.fixed_version, v.status) {
        (Some(fixed), _) => {
            object.insert(
                "recommendation".into(),
                json!(format!("Upgrade {} to {fixed} or later.", v.package)),
            );
            object.insert("analysis".into(), json!({ "response": ["update"] }));
        }
        (None, VulnerabilityStatus::WillNotFix) => {
            object.insert("analysis".into(), json!({ "response": ["will_not_fix"] }));
        }
        (None, _) => {}
    }
    object.insert(
        "affects".into(),
        affects(target, &v.version, v.fixed_version.as_deref()),
    );
    Value::Object(object)
}

/// OpenVEX justifications → CycloneDX `analysis.justification`.
fn cdx_justification(openvex: &str) -> Option<&'static str> {
    Some(match openvex {
        "component_not_present" | "vulnerable_code_not_present" => "code_not_present",
        "vulnerable_code_not_in_execute_path" => "code_not_reachable",
        "vulnerable_code_cannot_be_controlled_by_adversary"
        | "inline_mitigations_already_exist" => "protected_by_mitigating_control",
        _ => return None,
    })
}

fn suppressed_vulnerability(s: &SuppressedFinding, index: usize, target: &str) -> Value {
    let state = match s.status.as_deref() {
        Some("not_affected") => "not_affected",
        Some("fixed") => "resolved",
        Some("false_positive") => "false_positive",
        _ => "in_triage",
    };
    let mut analysis = Map::new();
    analysis.insert("state".into(), json!(state));
    if let Some(justification) = s.justification.as_deref().and_then(cdx_justification) {
        analysis.insert("justification".into(), json!(justification));
    }
    let detail = [s.statement.as_deref(), s.source.as_deref()]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" — ");
    if !detail.is_empty() {
        analysis.insert("detail".into(), json!(detail));
    }
    json!({
        "bom-ref": format!("lookout:suppressed:{index}"),
        "id": s.id,
        "source": advisory_source(&s.id),
        "ratings": [{ "source": advisory_source(&s.id), "severity": s.severity.as_lower() }],
        "analysis": analysis,
        "affects": affects(target, s.version.as_deref().unwrap_or(""), None),
    })
}

/// `--format cyclonedx`. Without vulnerabilities (an SBOM), `vulnerabilities` is omitted.
#[must_use]
pub fn to_cyclonedx(report: &ScanReport, context: &EncodeContext) -> String {
    let refs = bom_refs(&report.packages);
    let index = ComponentIndex::new(&report.packages, &refs);
    let mut components: Vec<Value> = Vec::with_capacity(report.packages.len() + 1);
    if let Some(os) = &report.os {
        components.push(json!({
            "type": "operating-system",
            "bom-ref": OS_REF,
            "name": os.family,
            "version": os.version,
            "properties": [property("lookout:ecosystem", os.ecosystem.clone())],
        }));
    }
    components.extend(
        report
            .packages
            .iter()
            .zip(&refs)
            .map(|(package, bom_ref)| component(package, bom_ref)),
    );
    let mut depends_on: Vec<&str> = Vec::new();
    if report.os.is_some() {
        depends_on.push(OS_REF);
    }
    depends_on.extend(refs.iter().map(String::as_str));

    let mut vulnerabilities: Vec<Value> = Vec::new();
    for (i, v) in report.vulnerabilities.iter().enumerate() {
        let target = index.find(&v.purl, &v.path).unwrap_or(IMAGE_REF);
        vulnerabilities.push(vulnerability(v, i, target));
    }
    for (i, s) in report.suppressed.iter().enumerate() {
        if s.kind != FindingKind::Vulnerability {
            continue;
        }
        let target = index
            .find(
                s.purl.as_deref().unwrap_or(""),
                s.path.as_deref().unwrap_or(""),
            )
            .unwrap_or(IMAGE_REF);
        vulnerabilities.push(suppressed_vulnerability(s, i, target));
    }

    let mut document = json!({
        "$schema": "http://cyclonedx.org/schema/bom-1.6.schema.json",
        "bomFormat": "CycloneDX",
        "specVersion": "1.6",
        "serialNumber": serial_number(report, context),
        "version": 1,
        "metadata": {
            "timestamp": whole_seconds_utc(&context.finished_at),
            "tools": { "components": [{
                "type": "application",
                "name": context.tool.name,
                "version": context.tool.version,
                "externalReferences": [{ "type": "website", "url": context.tool.information_uri }],
            }]},
            "component": image_component(report),
        },
        "components": components,
        "dependencies": [{ "ref": IMAGE_REF, "dependsOn": depends_on }],
    });
    if !vulnerabilities.is_empty() {
        if let Some(object) = document.as_object_mut() {
            object.insert("vulnerabilities".into(), Value::Array(vulnerabilities));
        }
    }
    pretty(&document)
}
