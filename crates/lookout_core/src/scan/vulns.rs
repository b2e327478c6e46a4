//! Matching inventory packages against the advisory DB.

use std::collections::BTreeSet;

use lookout_image::Package;
use lookout_report::{Cvss, ScanSeverity, VulnerabilityEntry, VulnerabilityStatus};
use lookout_vuln::{Db, Query, Status};

/// The ecosystems whose shards a scan of `packages` needs (`Debian:12`, `npm`, …).
#[must_use]
pub fn needed_ecosystems(packages: &[Package]) -> BTreeSet<String> {
    packages
        .iter()
        .map(|p| p.ecosystem.clone())
        .filter(|e| !e.is_empty())
        .collect()
}

/// A package listed without a version (a workspace member, a git or local-folder
/// dependency) has no release to compare: an empty version would fall inside every
/// `introduced: 0` range, so such packages are kept out of the matching.
#[must_use]
pub fn has_registry_version(package: &Package) -> bool {
    !package.version.trim().is_empty()
}

/// Every advisory affecting every package, sorted by severity then id.
#[must_use]
pub fn match_packages(db: &Db, packages: &[Package]) -> Vec<VulnerabilityEntry> {
    let mut out = Vec::new();
    for package in packages.iter().filter(|p| has_registry_version(p)) {
        let query = Query {
            ecosystem: &package.ecosystem,
            name: &package.name,
            version: &package.version,
            source_name: package.source_name.as_deref(),
            source_version: package.source_version.as_deref(),
        };
        for m in db.match_package(&query) {
            let severity =
                ScanSeverity::parse(m.severity.as_str()).unwrap_or(ScanSeverity::Unknown);
            out.push(VulnerabilityEntry {
                id: m.id,
                aliases: m.aliases,
                package: package.name.clone(),
                version: package.version.clone(),
                fixed_version: m.fixed_version,
                status: match m.status {
                    Status::Fixed => VulnerabilityStatus::Fixed,
                    Status::Affected => VulnerabilityStatus::Affected,
                    Status::WillNotFix => VulnerabilityStatus::WillNotFix,
                },
                severity,
                cvss: m.cvss.map(|c| Cvss {
                    version: c.version,
                    vector: c.vector,
                    score: c.score,
                }),
                purl: package.purl.clone(),
                layer: Some(package.layer),
                title: Some(m.summary).filter(|s| !s.is_empty()),
                references: m.references,
                ecosystem: package.ecosystem.clone(),
                path: package.path.clone(),
                // Packages carry no line; a face that has the lockfile text adds it.
                line: None,
            });
        }
    }
    out.sort_by(|a, b| {
        a.severity
            .cmp(&b.severity)
            .then_with(|| a.id.cmp(&b.id))
            .then_with(|| a.purl.cmp(&b.purl))
    });
    out.dedup_by(|a, b| a.id == b.id && a.purl == b.purl && a.path == b.path);
    out
}
