//! SPDX 2.3 JSON: the image as the described package, every package with a purl
//! `externalRef` (PACKAGE-MANAGER), declared licenses as a valid SPDX expression or
//! `NOASSERTION`, and DESCRIBES/CONTAINS relationships. Validated with pyspdxtools in the
//! schema tests.

use serde_json::{json, Value};

use super::context::{whole_seconds_utc, EncodeContext};
use super::json::pretty;
use super::text::hash_hex;
use crate::license::{combined_expression, SPDX_LICENSE_LIST_VERSION};
use crate::model::scan::{PackageEntry, ScanReport};

const NOASSERTION: &str = "NOASSERTION";
const DOCUMENT_ID: &str = "SPDXRef-DOCUMENT";
const IMAGE_ID: &str = "SPDXRef-Artifact";
const OS_ID: &str = "SPDXRef-OperatingSystem";

/// SPDX ids allow letters, digits, `.` and `-` only.
fn spdx_id(prefix: &str, index: usize, name: &str) -> String {
    let cleaned: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '.' || c == '-' {
                c
            } else {
                '-'
            }
        })
        .take(64)
        .collect();
    format!("SPDXRef-{prefix}-{index}-{cleaned}")
}

fn namespace(report: &ScanReport, context: &EncodeContext) -> String {
    let digest = report.artifact.digest.as_deref().unwrap_or("");
    let name: String = report
        .artifact
        .name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '.' || c == '-' || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect();
    let unique = hash_hex(&[&report.artifact.name, digest, &context.finished_at]);
    format!("https://lookout.dev/spdx/{name}-{unique}")
}

/// The purl field as validated: a purl must have a `type/name` part.
fn valid_purl(purl: &str) -> bool {
    purl.strip_prefix("pkg:")
        .is_some_and(|rest| rest.contains('/') && !rest.chars().any(char::is_whitespace))
}

fn package(package: &PackageEntry, id: &str) -> Value {
    let declared =
        combined_expression(&package.licenses).unwrap_or_else(|| NOASSERTION.to_string());
    let name = if package.name.trim().is_empty() {
        "unknown"
    } else {
        package.name.as_str()
    };
    let mut value = json!({
        "SPDXID": id,
        "name": name,
        "downloadLocation": NOASSERTION,
        "filesAnalyzed": false,
        "licenseConcluded": NOASSERTION,
        "licenseDeclared": declared,
        "copyrightText": NOASSERTION,
        "primaryPackagePurpose": "LIBRARY",
        "sourceInfo": source_info(package),
    });
    let mut comments = Vec::new();
    if declared == NOASSERTION && !package.licenses.is_empty() {
        // Keep what the package said even when it is not SPDX, so nothing is lost.
        comments.push(format!(
            "Declared license text: {}",
            package.licenses.join("; ")
        ));
    }
    if let Some(source) = &package.source {
        let version = package.source_version.as_deref().unwrap_or("");
        comments.push(
            format!("Source package: {source} {version}")
                .trim_end()
                .to_string(),
        );
    }
    if let Some(object) = value.as_object_mut() {
        if !package.version.is_empty() {
            object.insert("versionInfo".into(), json!(package.version));
        }
        if valid_purl(&package.purl) {
            object.insert(
                "externalRefs".into(),
                json!([{
                    "referenceCategory": "PACKAGE-MANAGER",
                    "referenceType": "purl",
                    "referenceLocator": package.purl,
                }]),
            );
        }
        if !comments.is_empty() {
            object.insert("comment".into(), json!(comments.join("\n")));
        }
    }
    value
}

fn source_info(package: &PackageEntry) -> String {
    match package.layer {
        Some(layer) => format!(
            "acquired from {} in layer {layer} ({})",
            package.path, package.ecosystem
        ),
        None => format!("acquired from {} ({})", package.path, package.ecosystem),
    }
}

fn artifact_package(report: &ScanReport) -> Value {
    let artifact = &report.artifact;
    let mut value = json!({
        "SPDXID": IMAGE_ID,
        "name": if artifact.name.is_empty() { "artifact" } else { artifact.name.as_str() },
        "downloadLocation": NOASSERTION,
        "filesAnalyzed": false,
        "licenseConcluded": NOASSERTION,
        "licenseDeclared": NOASSERTION,
        "copyrightText": NOASSERTION,
        "primaryPackagePurpose": if artifact.format.is_image() { "CONTAINER" } else { "SOURCE" },
    });
    if let (Some(digest), Some(object)) = (&artifact.digest, value.as_object_mut()) {
        object.insert("versionInfo".into(), json!(digest));
        if let Some(hex) = digest.strip_prefix("sha256:") {
            if hex.len() == 64 && hex.bytes().all(|b| b.is_ascii_hexdigit()) {
                object.insert(
                    "checksums".into(),
                    json!([{ "algorithm": "SHA256", "checksumValue": hex }]),
                );
            }
        }
    }
    value
}

fn relationship(from: &str, kind: &str, to: &str) -> Value {
    json!({ "spdxElementId": from, "relationshipType": kind, "relatedSpdxElement": to })
}

/// `--format spdx`.
#[must_use]
pub fn to_spdx(report: &ScanReport, context: &EncodeContext) -> String {
    let mut packages = vec![artifact_package(report)];
    let mut relationships = vec![relationship(DOCUMENT_ID, "DESCRIBES", IMAGE_ID)];
    if let Some(os) = &report.os {
        packages.push(json!({
            "SPDXID": OS_ID,
            "name": os.family,
            "versionInfo": os.version,
            "downloadLocation": NOASSERTION,
            "filesAnalyzed": false,
            "licenseConcluded": NOASSERTION,
            "licenseDeclared": NOASSERTION,
            "copyrightText": NOASSERTION,
            "primaryPackagePurpose": "OPERATING-SYSTEM",
        }));
        relationships.push(relationship(IMAGE_ID, "CONTAINS", OS_ID));
    }
    for (index, entry) in report.packages.iter().enumerate() {
        let id = spdx_id("Package", index, &entry.name);
        packages.push(package(entry, &id));
        relationships.push(relationship(IMAGE_ID, "CONTAINS", &id));
    }
    let name = if report.artifact.name.is_empty() {
        "artifact"
    } else {
        report.artifact.name.as_str()
    };
    pretty(&json!({
        "spdxVersion": "SPDX-2.3",
        "dataLicense": "CC0-1.0",
        "SPDXID": DOCUMENT_ID,
        "name": name,
        "documentNamespace": namespace(report, context),
        "creationInfo": {
            "created": whole_seconds_utc(&context.finished_at),
            "creators": [format!("Tool: {}-{}", context.tool.name.to_ascii_lowercase(), context.tool.version)],
            "licenseListVersion": SPDX_LICENSE_LIST_VERSION,
        },
        "packages": packages,
        "relationships": relationships,
    }))
}
