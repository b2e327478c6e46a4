//! Builds the `lookout.scan/v1` report model from the merged image, the secrets the layer
//! workers found and the vulnerability matches.
//!
//! Why here and not in `lookout_core`: the browser runs the scan in steps spread over
//! workers, and the core façade does not (yet) expose a report step that takes an
//! already-assembled `ImageScan`. This is that step, written against the report model
//! only; when the core gains it, this module becomes a call to it.

use lookout_image::{ArchiveFormat, ImageScan, Package};
use lookout_report::{
    Artifact, ArtifactFormat, Cvss, Layer, OsInfo, PackageEntry, ScanReport, ScanSeverity,
    SecretFinding, VulnerabilityEntry, VulnerabilityStatus,
};
use lookout_vuln::{Db, Query, Rating, Status, VulnMatch};

use super::layer::LayerSecret;

pub fn artifact_format(format: ArchiveFormat) -> ArtifactFormat {
    match format.as_str() {
        "oci-archive" => ArtifactFormat::OciArchive,
        "oci-layout" => ArtifactFormat::OciLayout,
        _ => ArtifactFormat::DockerArchive,
    }
}

fn severity(rating: Rating) -> ScanSeverity {
    match rating {
        Rating::Critical => ScanSeverity::Critical,
        Rating::High => ScanSeverity::High,
        Rating::Medium => ScanSeverity::Medium,
        Rating::Low => ScanSeverity::Low,
        Rating::Unknown => ScanSeverity::Unknown,
    }
}

fn secret_severity(word: &str) -> ScanSeverity {
    match word {
        "CRITICAL" => ScanSeverity::Critical,
        "HIGH" => ScanSeverity::High,
        "MEDIUM" => ScanSeverity::Medium,
        "LOW" => ScanSeverity::Low,
        _ => ScanSeverity::Unknown,
    }
}

fn package_entry(p: &Package) -> PackageEntry {
    PackageEntry {
        name: p.name.clone(),
        version: p.version.clone(),
        ecosystem: p.ecosystem.clone(),
        source: p.source_name.clone(),
        source_version: p.source_version.clone(),
        purl: p.purl.clone(),
        path: p.path.clone(),
        layer: Some(p.layer),
        licenses: p.licenses.clone(),
        arch: p.arch.clone(),
    }
}

fn vulnerability_entry(p: &Package, m: VulnMatch) -> VulnerabilityEntry {
    VulnerabilityEntry {
        id: m.id,
        aliases: m.aliases,
        package: p.name.clone(),
        version: p.version.clone(),
        fixed_version: m.fixed_version,
        status: match m.status {
            Status::Fixed => VulnerabilityStatus::Fixed,
            Status::Affected => VulnerabilityStatus::Affected,
            Status::WillNotFix => VulnerabilityStatus::WillNotFix,
        },
        severity: severity(m.severity),
        cvss: m.cvss.map(|c| Cvss {
            version: c.version.clone(),
            vector: c.vector.clone(),
            score: c.score,
        }),
        purl: p.purl.clone(),
        layer: Some(p.layer),
        title: (!m.summary.is_empty()).then_some(m.summary),
        references: m.references,
        ecosystem: p.ecosystem.clone(),
        path: p.path.clone(),
    }
}

/// The ecosystems whose DB shards this image needs (distro packages carry the release).
pub fn ecosystems(scan: &ImageScan) -> Vec<String> {
    let mut out: Vec<String> = scan.packages.iter().map(|p| p.ecosystem.clone()).collect();
    out.sort();
    out.dedup();
    out
}

pub fn build_report(
    name: &str,
    scan: &ImageScan,
    secrets: &[LayerSecret],
    db: Option<&Db>,
) -> ScanReport {
    let mut report = ScanReport::new(Artifact {
        name: name.to_owned(),
        format: artifact_format(scan.archive.format),
        digest: Some(scan.archive.digest.clone()),
        layers: scan
            .archive
            .layers
            .iter()
            .map(|l| Layer {
                index: l.index,
                diff_id: l.diff_id.clone().unwrap_or_default(),
                created_by: l.created_by.clone(),
                size: Some(l.size),
            })
            .collect(),
    });
    report.os = scan.os.as_ref().map(|os| OsInfo {
        family: os.family.clone(),
        version: os.version.clone(),
        ecosystem: os.ecosystem.clone().unwrap_or_default(),
    });
    report.packages = scan.packages.iter().map(package_entry).collect();
    if let Some(db) = db {
        for p in &scan.packages {
            let query = Query {
                ecosystem: &p.ecosystem,
                name: &p.name,
                version: &p.version,
                source_name: p.source_name.as_deref(),
                source_version: p.source_version.as_deref(),
            };
            report.vulnerabilities.extend(
                db.match_package(&query)
                    .into_iter()
                    .map(|m| vulnerability_entry(p, m)),
            );
        }
    }
    report.secrets = secrets
        .iter()
        .map(|s| SecretFinding {
            rule: s.rule.clone(),
            severity: secret_severity(&s.severity),
            path: s.path.clone(),
            line: s.line as usize,
            layer: Some(s.layer),
            deleted_in_layer: scan.deleted_in_layer(&s.path, s.layer),
            match_: s.redacted.clone(),
            title: Some(s.title.clone()),
        })
        .collect();
    report.warnings = scan.warnings.iter().map(ToString::to_string).collect();
    report.summarize();
    report
}
