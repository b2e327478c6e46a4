//! `--format table`: what a person reads in a terminal or CI log. Vulnerabilities are
//! grouped by target (the OS first, then each language lockfile or manifest by path),
//! sorted by severity, with installed and fixed versions; secrets, misconfigurations and
//! suppressed findings follow; one summary line ends the report.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::grid::Grid;
use super::text::escape_control;
use crate::model::scan::{PackageEntry, ScanReport, Summary, VulnerabilityEntry};
use crate::model::severity::ScanSeverity;

/// Where a finding belongs in the table.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Target {
    Os,
    Path(String),
}

fn target_label(report: &ScanReport, target: &Target) -> String {
    match target {
        Target::Os => match &report.os {
            Some(os) => format!("{} ({} {})", report.artifact.name, os.family, os.version),
            None => format!("{} (os packages)", report.artifact.name),
        },
        Target::Path(path) if path.is_empty() => "(unknown path)".to_string(),
        Target::Path(path) => path.clone(),
    }
}

fn package_target(report: &ScanReport, package: &PackageEntry) -> Target {
    if report.is_os_ecosystem(&package.ecosystem) {
        Target::Os
    } else {
        Target::Path(package.path.clone())
    }
}

fn vulnerability_target(report: &ScanReport, vulnerability: &VulnerabilityEntry) -> Target {
    // Older producers may leave ecosystem/path empty: take them from the package.
    let package = report.packages.iter().find(|p| {
        p.purl == vulnerability.purl
            && (vulnerability.path.is_empty() || p.path == vulnerability.path)
    });
    let ecosystem = if vulnerability.ecosystem.is_empty() {
        package.map_or("", |p| p.ecosystem.as_str())
    } else {
        vulnerability.ecosystem.as_str()
    };
    let is_distro_purl = ["pkg:deb/", "pkg:apk/", "pkg:rpm/"]
        .iter()
        .any(|prefix| vulnerability.purl.starts_with(prefix));
    if report.is_os_ecosystem(ecosystem) || (ecosystem.is_empty() && is_distro_purl) {
        return Target::Os;
    }
    let path = if vulnerability.path.is_empty() {
        package.map_or_else(String::new, |p| p.path.clone())
    } else {
        vulnerability.path.clone()
    };
    Target::Path(path)
}

fn severity_counts(summary: &Summary) -> String {
    ScanSeverity::ALL
        .iter()
        .map(|s| format!("{}: {}", s.as_str(), summary.count(*s)))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Titles name image paths and OS fields: escaped like every line outside the grid.
fn heading(out: &mut String, title: &str) {
    let title = escape_control(title);
    let _ = writeln!(out, "{title}");
    let _ = writeln!(out, "{}", "=".repeat(title.chars().count()));
}

fn plural(count: usize, one: &str, many: &str) -> String {
    format!("{count} {}", if count == 1 { one } else { many })
}

/// `lookout scan --format table`.
#[must_use]
pub fn to_table(report: &ScanReport) -> String {
    let report = report.normalized();
    let mut out = String::new();
    write_artifact(&mut out, &report);
    write_vulnerabilities(&mut out, &report);
    write_secrets(&mut out, &report);
    write_misconfigurations(&mut out, &report);
    write_suppressed(&mut out, &report);
    write_warnings(&mut out, &report);
    let summary = report.summary;
    let _ = writeln!(
        out,
        "Summary: {} ({}), {}, {}, {}",
        plural(summary.total(), "vulnerability", "vulnerabilities"),
        severity_counts(&summary),
        plural(summary.secrets, "secret", "secrets"),
        plural(
            summary.misconfigurations,
            "misconfiguration",
            "misconfigurations"
        ),
        plural(
            summary.suppressed,
            "suppressed finding",
            "suppressed findings"
        ),
    );
    out
}

fn write_artifact(out: &mut String, report: &ScanReport) {
    let artifact = &report.artifact;
    let _ = write!(
        out,
        "Artifact: {} ({})",
        escape_control(&artifact.name),
        artifact.format.as_str()
    );
    if let Some(digest) = &artifact.digest {
        let _ = write!(out, " {digest}");
    }
    out.push('\n');
    if let Some(os) = &report.os {
        let _ = writeln!(
            out,
            "OS: {} {} ({})",
            escape_control(&os.family),
            escape_control(&os.version),
            escape_control(&os.ecosystem)
        );
    }
    let _ = writeln!(out, "Packages: {}", report.packages.len());
    if let Some(db) = &report.db {
        let _ = writeln!(out, "DB: {} ({})", db.version, db.uri);
    }
    out.push('\n');
}

fn write_vulnerabilities(out: &mut String, report: &ScanReport) {
    // No DB: the vulnerability scanner did not run (`--scanners secret`), so there is no
    // per-target count to show (a "Total: 0" per package file would read as "all clear").
    if report.db.is_none() && report.vulnerabilities.is_empty() {
        return;
    }
    let mut targets: BTreeMap<Target, Vec<&VulnerabilityEntry>> = BTreeMap::new();
    for package in &report.packages {
        targets.entry(package_target(report, package)).or_default();
    }
    for vulnerability in &report.vulnerabilities {
        targets
            .entry(vulnerability_target(report, vulnerability))
            .or_default()
            .push(vulnerability);
    }
    for (target, mut vulnerabilities) in targets {
        vulnerabilities.sort_by(|a, b| {
            (a.severity, &a.package, &a.id, &a.version)
                .cmp(&(b.severity, &b.package, &b.id, &b.version))
        });
        let mut summary = Summary::default();
        for vulnerability in &vulnerabilities {
            summary.add(vulnerability.severity);
        }
        heading(out, &target_label(report, &target));
        let _ = writeln!(
            out,
            "Total: {} ({})",
            summary.total(),
            severity_counts(&summary)
        );
        if !vulnerabilities.is_empty() {
            let mut grid = Grid::new(&[
                "Package",
                "Vulnerability",
                "Severity",
                "Status",
                "Installed Version",
                "Fixed Version",
                "Title",
            ]);
            for v in vulnerabilities {
                grid.row(vec![
                    v.package.clone(),
                    v.id.clone(),
                    v.severity.as_str().to_string(),
                    v.status.as_str().to_string(),
                    v.version.clone(),
                    v.fixed_version.clone().unwrap_or_default(),
                    v.title.clone().unwrap_or_default(),
                ]);
            }
            out.push('\n');
            out.push_str(&grid.render());
        }
        out.push('\n');
    }
}

fn layer_cell(layer: Option<usize>) -> String {
    layer.map_or_else(String::new, |l| l.to_string())
}

fn write_secrets(out: &mut String, report: &ScanReport) {
    if report.secrets.is_empty() {
        return;
    }
    let mut secrets: Vec<_> = report.secrets.iter().collect();
    secrets.sort_by(|a, b| (a.severity, &a.path, a.line).cmp(&(b.severity, &b.path, b.line)));
    heading(out, "Secrets");
    let mut grid = Grid::new(&["Severity", "Rule", "Path", "Line", "Layer", "Match", "Note"]);
    for s in secrets {
        grid.row(vec![
            s.severity.as_str().to_string(),
            s.rule.clone(),
            s.path.clone(),
            s.line.to_string(),
            layer_cell(s.layer),
            s.match_.clone(),
            s.deleted_in_layer.map_or_else(String::new, |l| {
                format!("deleted in layer {l}, still in the image")
            }),
        ]);
    }
    out.push_str(&grid.render());
    out.push('\n');
}

fn write_misconfigurations(out: &mut String, report: &ScanReport) {
    if report.misconfigurations.is_empty() {
        return;
    }
    let mut findings: Vec<_> = report.misconfigurations.iter().collect();
    findings.sort_by(|a, b| (a.severity, &a.rule).cmp(&(b.severity, &b.rule)));
    heading(out, "Misconfigurations");
    let mut grid = Grid::new(&["Severity", "Rule", "Source", "Layer", "Message"]);
    for m in findings {
        grid.row(vec![
            m.severity.as_str().to_string(),
            m.rule.clone(),
            m.source.as_str().to_string(),
            layer_cell(m.layer),
            m.message.clone(),
        ]);
    }
    out.push_str(&grid.render());
    out.push('\n');
}

fn write_suppressed(out: &mut String, report: &ScanReport) {
    if report.suppressed.is_empty() {
        return;
    }
    heading(out, "Suppressed");
    let mut grid = Grid::new(&["ID", "Package", "By", "Status", "Reason"]);
    for s in &report.suppressed {
        let by = match s.by {
            crate::model::scan::SuppressionSource::Vex => "vex",
            crate::model::scan::SuppressionSource::Ignorefile => "ignore file",
            crate::model::scan::SuppressionSource::Setting => "setting",
        };
        grid.row(vec![
            s.id.clone(),
            s.package.clone().unwrap_or_default(),
            by.to_string(),
            s.status.clone().unwrap_or_default(),
            s.justification
                .clone()
                .or_else(|| s.statement.clone())
                .unwrap_or_default(),
        ]);
    }
    out.push_str(&grid.render());
    out.push('\n');
}

fn write_warnings(out: &mut String, report: &ScanReport) {
    if report.warnings.is_empty() {
        return;
    }
    heading(out, "Warnings");
    for warning in &report.warnings {
        // Warnings quote paths from inside the image.
        let _ = writeln!(out, "- {}", escape_control(warning));
    }
    out.push('\n');
}

/// `lookout sbom --format table`: the inventory, grouped by target like the scan table.
#[must_use]
pub fn to_packages_table(report: &ScanReport) -> String {
    let mut out = String::new();
    write_artifact(&mut out, report);
    let mut targets: BTreeMap<Target, Vec<&PackageEntry>> = BTreeMap::new();
    for package in &report.packages {
        targets
            .entry(package_target(report, package))
            .or_default()
            .push(package);
    }
    for (target, mut packages) in targets {
        packages.sort_by(|a, b| (&a.name, &a.version).cmp(&(&b.name, &b.version)));
        heading(&mut out, &target_label(report, &target));
        let mut grid = Grid::new(&["Name", "Version", "Ecosystem", "Layer", "Licenses"]);
        for p in packages {
            grid.row(vec![
                p.name.clone(),
                p.version.clone(),
                p.ecosystem.clone(),
                layer_cell(p.layer),
                p.licenses.join(", "),
            ]);
        }
        out.push_str(&grid.render());
        out.push('\n');
    }
    let _ = writeln!(
        out,
        "Summary: {}",
        plural(report.packages.len(), "package", "packages")
    );
    out
}
