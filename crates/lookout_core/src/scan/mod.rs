//! The image scan façade: image inventory + secrets + misconfigurations + vulnerability
//! matches → one `lookout.scan/v1` report. Pure: the caller decodes layers (on threads in
//! the CLI, in workers in the browser) with a [`SecretCollector`] per layer, loads the DB
//! shards [`needed_ecosystems`] names, and calls [`image_report`] or
//! [`packages_report`].

mod filter;
mod misconfig;
mod secrets;
mod suppress;
mod vulns;

pub use filter::{apply_policy, Policy};
pub use misconfig::{config_input, misconfigurations};
pub use secrets::{LayerSecret, SecretCollector};
pub use suppress::suppress;
pub use vulns::{has_registry_version, match_packages, needed_ecosystems};

use lookout_image::{ImageScan, Package};
use lookout_report::{Artifact, ArtifactFormat, Layer, OsInfo, PackageEntry, ScanReport};
use lookout_rules::image_config::LayerCacheUsage;
use lookout_vuln::Db;

/// Which scanners run (`--scanners vuln,secret,misconfig`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Scanners {
    pub vuln: bool,
    pub secret: bool,
    pub misconfig: bool,
}

impl Default for Scanners {
    fn default() -> Self {
        Self {
            vuln: true,
            secret: true,
            misconfig: true,
        }
    }
}

impl Scanners {
    /// Parses `vuln,secret,misconfig` (also Trivy's `vulnerability`, `config`).
    pub fn parse(list: &str) -> Result<Self, String> {
        let mut out = Self {
            vuln: false,
            secret: false,
            misconfig: false,
        };
        for part in list.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            match part.to_ascii_lowercase().as_str() {
                "vuln" | "vulnerability" | "vulnerabilities" => out.vuln = true,
                "secret" | "secrets" => out.secret = true,
                "misconfig" | "config" | "misconfiguration" => out.misconfig = true,
                other => {
                    return Err(format!(
                        "unknown scanner `{other}` (expected vuln, secret, misconfig)"
                    ))
                }
            }
        }
        // An empty list (an unset CI variable) would scan for nothing and always pass.
        if !(out.vuln || out.secret || out.misconfig) {
            return Err("no scanner named (expected vuln, secret, misconfig)".to_string());
        }
        Ok(out)
    }
}

/// What the per-layer collectors found, merged.
#[derive(Debug, Default)]
pub struct LayerFindings {
    pub secrets: Vec<LayerSecret>,
    pub caches: Vec<LayerCacheUsage>,
}

impl LayerFindings {
    pub fn add(&mut self, collector: SecretCollector) {
        self.caches.push(collector.cache_usage());
        self.secrets.extend(collector.found);
    }
}

/// Builds the report of a scanned image. `layers` holds the collectors' findings from
/// every layer; `db` is `None` when vulnerability scanning is off.
#[must_use]
pub fn image_report(
    name: &str,
    image: &ImageScan,
    layers: LayerFindings,
    db: Option<&Db>,
    scanners: Scanners,
) -> ScanReport {
    let mut caches = layers.caches;
    caches.sort_by_key(|c| c.layer);
    let config = misconfig::config_input(image, &caches);
    let format = match image.archive.format {
        lookout_image::ArchiveFormat::DockerArchive => ArtifactFormat::DockerArchive,
        _ => ArtifactFormat::OciArchive,
    };
    let artifact = Artifact {
        name: name.to_string(),
        format,
        digest: Some(image.archive.digest.clone()),
        layers: image
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
    };
    let mut report = ScanReport::new(artifact);
    report.os = image.os.as_ref().map(|os| OsInfo {
        family: os.family.clone(),
        version: os.version.clone(),
        ecosystem: os.ecosystem.clone().unwrap_or_default(),
    });
    report.packages = image.packages.iter().map(package_entry).collect();
    if scanners.vuln {
        if let Some(db) = db {
            report.vulnerabilities = match_packages(db, &image.packages);
        }
    }
    if scanners.secret {
        report.secrets = secrets::secret_findings(image, &config, layers.secrets);
    }
    if scanners.misconfig {
        report.misconfigurations = misconfig::misconfigurations(&config);
    }
    report.warnings = image.warnings.iter().map(ToString::to_string).collect();
    report.summarize();
    report
}

/// Builds the report of packages found outside an image (lockfiles, an SBOM).
#[must_use]
pub fn packages_report(
    name: &str,
    format: ArtifactFormat,
    packages: &[Package],
    db: Option<&Db>,
) -> ScanReport {
    let mut report = ScanReport::new(Artifact {
        name: name.to_string(),
        format,
        digest: None,
        layers: Vec::new(),
    });
    report.packages = packages.iter().map(package_entry).collect();
    if let Some(db) = db {
        report.vulnerabilities = match_packages(db, packages);
    }
    report.summarize();
    report
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
