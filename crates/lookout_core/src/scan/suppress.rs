//! Applies the user's ignore file and VEX statements: matching findings move from the
//! report's lists to `suppressed`, with the reason, so the JSON says why they are missing.

use lookout_report::{FindingKind, ScanReport, SuppressedFinding, SuppressionSource};

use crate::ignorefile::IgnoreFile;
use crate::vex::Vex;

/// Moves findings the ignore file or a VEX document covers into `report.suppressed`.
/// `image_ref` (the image digest) lets VEX statements about the image as a product apply
/// to its packages.
pub fn suppress(
    report: &mut ScanReport,
    ignore: Option<&IgnoreFile>,
    vex: &[Vex],
    image_ref: Option<&str>,
) {
    let mut suppressed = Vec::new();
    report.vulnerabilities.retain(|v| {
        if let Some(entry) = ignore.and_then(|i| i.matches(&v.id, &v.aliases, Some(&v.purl))) {
            suppressed.push(SuppressedFinding {
                kind: FindingKind::Vulnerability,
                id: v.id.clone(),
                severity: v.severity,
                package: Some(v.package.clone()),
                version: Some(v.version.clone()),
                purl: Some(v.purl.clone()),
                path: Some(v.path.clone()),
                by: SuppressionSource::Ignorefile,
                statement: entry.comment.clone(),
                ..SuppressedFinding::default()
            });
            return false;
        }
        for doc in vex {
            if let Some(statement) = doc.suppression_for(&v.id, &v.aliases, &v.purl, image_ref) {
                suppressed.push(SuppressedFinding {
                    kind: FindingKind::Vulnerability,
                    id: v.id.clone(),
                    severity: v.severity,
                    package: Some(v.package.clone()),
                    version: Some(v.version.clone()),
                    purl: Some(v.purl.clone()),
                    path: Some(v.path.clone()),
                    by: SuppressionSource::Vex,
                    status: Some(statement.status.as_str().to_string()),
                    justification: statement.justification.clone(),
                    statement: Some(statement.reason()),
                    source: doc.id.clone(),
                });
                return false;
            }
        }
        true
    });
    if let Some(ignore) = ignore {
        report.secrets.retain(|s| {
            let hit = ignore.matches(&s.rule, &[], None).is_some();
            if hit {
                suppressed.push(SuppressedFinding {
                    kind: FindingKind::Secret,
                    id: s.rule.clone(),
                    severity: s.severity,
                    path: Some(s.path.clone()),
                    by: SuppressionSource::Ignorefile,
                    ..SuppressedFinding::default()
                });
            }
            !hit
        });
        report.misconfigurations.retain(|m| {
            let hit = ignore.matches(&m.rule, &m.aliases, None).is_some();
            if hit {
                suppressed.push(SuppressedFinding {
                    kind: FindingKind::Misconfiguration,
                    id: m.rule.clone(),
                    severity: m.severity,
                    by: SuppressionSource::Ignorefile,
                    ..SuppressedFinding::default()
                });
            }
            !hit
        });
    }
    if let Some(ignore) = ignore {
        report.warnings.extend(ignore.warnings().iter().cloned());
    }
    report.suppressed.extend(suppressed);
    report.summarize();
}
