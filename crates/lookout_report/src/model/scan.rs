//! `lookout.scan/v1`: what `lookout scan` and `lookout sbom` found in one artifact.
//!
//! Field names and nesting follow ../shared/CONTRACT.md exactly; fields beyond the contract
//! (`ecosystem`/`path` on vulnerabilities, `suppressed`, `db`, …) are additions, which the
//! contract allows. `Option` fields serialize as `null` so every document has the same keys.

use serde::{Deserialize, Serialize};

use super::severity::ScanSeverity;

/// Schema tag of every scan document.
pub const SCAN_SCHEMA: &str = "lookout.scan/v1";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScanReport {
    /// Always [`SCAN_SCHEMA`] for this model.
    pub schema: String,
    pub artifact: Artifact,
    /// The detected operating system; `None` for distroless-without-os-release images and
    /// for project folders.
    pub os: Option<OsInfo>,
    pub packages: Vec<PackageEntry>,
    pub vulnerabilities: Vec<VulnerabilityEntry>,
    pub secrets: Vec<SecretFinding>,
    pub misconfigurations: Vec<Misconfiguration>,
    /// Findings hidden by a VEX statement or an ignore file, kept so users can audit them.
    #[serde(default)]
    pub suppressed: Vec<SuppressedFinding>,
    /// Counts of `vulnerabilities` per severity. Every encoder recomputes it from the
    /// findings (see [`ScanReport::summarize`]), so a stale value can never let a policy
    /// on `criticalCount` pass.
    pub summary: Summary,
    /// The vulnerability database the scan used.
    #[serde(default)]
    pub db: Option<DbInfo>,
    /// Located, non-fatal problems (an unreadable package DB in one layer, …).
    pub warnings: Vec<String>,
}

impl Default for ScanReport {
    fn default() -> Self {
        Self::new(Artifact::default())
    }
}

impl ScanReport {
    /// An empty report about `artifact`.
    #[must_use]
    pub fn new(artifact: Artifact) -> Self {
        Self {
            schema: SCAN_SCHEMA.to_string(),
            artifact,
            os: None,
            packages: Vec::new(),
            vulnerabilities: Vec::new(),
            secrets: Vec::new(),
            misconfigurations: Vec::new(),
            suppressed: Vec::new(),
            summary: Summary::default(),
            db: None,
            warnings: Vec::new(),
        }
    }

    /// The summary as derived from the findings.
    #[must_use]
    pub fn computed_summary(&self) -> Summary {
        let mut summary = Summary::default();
        for vulnerability in &self.vulnerabilities {
            summary.add(vulnerability.severity);
        }
        summary.secrets = self.secrets.len();
        summary.misconfigurations = self.misconfigurations.len();
        summary.suppressed = self.suppressed.len();
        summary
    }

    /// Recompute `summary` from the findings.
    pub fn summarize(&mut self) {
        self.summary = self.computed_summary();
    }

    /// A copy with the schema tag and summary made consistent, which is what encoders emit.
    #[must_use]
    pub fn normalized(&self) -> Self {
        let mut copy = self.clone();
        copy.schema = SCAN_SCHEMA.to_string();
        copy.summarize();
        copy
    }

    /// Whether a package belongs to the OS target (as opposed to a language lockfile or
    /// manifest). Distro packages carry the OS ecosystem (`Debian:12`).
    #[must_use]
    pub fn is_os_ecosystem(&self, ecosystem: &str) -> bool {
        match &self.os {
            Some(os) if !os.ecosystem.is_empty() => {
                ecosystem == os.ecosystem
                    || ecosystem.split(':').next() == os.ecosystem.split(':').next()
            }
            _ => is_distro_ecosystem(ecosystem),
        }
    }
}

/// OSV ecosystems whose packages come from a distribution's package manager.
#[must_use]
pub fn is_distro_ecosystem(ecosystem: &str) -> bool {
    let family = ecosystem.split(':').next().unwrap_or(ecosystem);
    matches!(
        family,
        "Debian"
            | "Ubuntu"
            | "Alpine"
            | "AlmaLinux"
            | "Rocky Linux"
            | "Rocky"
            | "Red Hat"
            | "Wolfi"
            | "Chainguard"
            | "openSUSE"
            | "SUSE"
            | "Photon OS"
            | "Mageia"
            | "Mariner"
            | "Azure Linux"
            | "openEuler"
            | "Amazon Linux"
            | "Oracle Linux"
            | "CentOS"
            | "Fedora"
    )
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Artifact {
    /// What the user named: the archive's file name, an image reference, a folder.
    pub name: String,
    pub format: ArtifactFormat,
    /// Image ID (config digest) `sha256:…`; `None` for folders and lockfiles.
    pub digest: Option<String>,
    pub layers: Vec<Layer>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ArtifactFormat {
    /// `docker save`, classic or Docker 25+.
    #[default]
    DockerArchive,
    /// OCI image layout in a tar.
    OciArchive,
    /// OCI image layout unpacked in a folder.
    OciLayout,
    /// A project folder (`lookout scan PATH`).
    Directory,
    /// A single lockfile or manifest.
    Lockfile,
    /// A stored CycloneDX or SPDX inventory re-checked against the DB.
    Sbom,
}

impl ArtifactFormat {
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::DockerArchive => "docker-archive",
            Self::OciArchive => "oci-archive",
            Self::OciLayout => "oci-layout",
            Self::Directory => "directory",
            Self::Lockfile => "lockfile",
            Self::Sbom => "sbom",
        }
    }

    /// True for container images (they have layers and an image config).
    #[must_use]
    pub fn is_image(self) -> bool {
        matches!(
            self,
            Self::DockerArchive | Self::OciArchive | Self::OciLayout
        )
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Layer {
    pub index: usize,
    pub diff_id: String,
    /// The history entry's `created_by` (empty-layer entries are skipped, so this is the
    /// command that produced the layer).
    pub created_by: Option<String>,
    /// Uncompressed size in bytes, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub size: Option<u64>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OsInfo {
    /// os-release `ID` (`debian`, `alpine`, `rhel`, …).
    pub family: String,
    pub version: String,
    /// OSV ecosystem (`Debian:12`, `Alpine:v3.18`).
    pub ecosystem: String,
}

/// One package of the inventory.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PackageEntry {
    pub name: String,
    pub version: String,
    /// OSV ecosystem name (`Debian:12`, `npm`, `PyPI`, `Go`, `crates.io`, `Maven`, …).
    pub ecosystem: String,
    /// Source package of a distro package (dpkg `Source:`, apk origin, source rpm).
    pub source: Option<String>,
    pub source_version: Option<String>,
    pub purl: String,
    /// File it was read from, relative to the image root (no leading slash).
    pub path: String,
    /// Index of the layer that introduced it.
    pub layer: Option<usize>,
    /// As the package declares them: SPDX ids, SPDX expressions or free text.
    pub licenses: Vec<String>,
    #[serde(default)]
    pub arch: Option<String>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum VulnerabilityStatus {
    /// A fixed version exists.
    Fixed,
    /// No fix is published yet.
    #[default]
    Affected,
    /// The distribution decided not to fix it.
    WillNotFix,
}

impl VulnerabilityStatus {
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Fixed => "fixed",
            Self::Affected => "affected",
            Self::WillNotFix => "will_not_fix",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Cvss {
    /// `2.0`, `3.0`, `3.1` or `4.0`.
    pub version: String,
    pub vector: String,
    pub score: f64,
}

/// One vulnerability affecting one installed package.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct VulnerabilityEntry {
    pub id: String,
    pub aliases: Vec<String>,
    /// The installed package's own name (the binary package for distro packages).
    pub package: String,
    /// Installed version.
    pub version: String,
    pub fixed_version: Option<String>,
    pub status: VulnerabilityStatus,
    pub severity: ScanSeverity,
    pub cvss: Option<Cvss>,
    pub purl: String,
    pub layer: Option<usize>,
    pub title: Option<String>,
    pub references: Vec<String>,
    /// The affected package's OSV ecosystem, which decides its table target.
    #[serde(default)]
    pub ecosystem: String,
    /// The affected package's file (`var/lib/dpkg/status`, `app/package-lock.json`).
    #[serde(default)]
    pub path: String,
    /// 1-based line of `path` that declares the package, when the file is a lockfile the
    /// scan read as text (the editor and the hook place the same finding there).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
}

/// A secret found in a file of the image. `match_` is already redacted by the rule.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SecretFinding {
    pub rule: String,
    pub severity: ScanSeverity,
    pub path: String,
    /// 1-based line of the match.
    pub line: usize,
    pub layer: Option<usize>,
    /// The layer that deleted the file; the secret is still in the image's history.
    pub deleted_in_layer: Option<usize>,
    #[serde(rename = "match")]
    pub match_: String,
    /// Human-readable title of the rule (`AWS access key ID`).
    #[serde(default)]
    pub title: Option<String>,
    /// `image-config` or `history` for secrets found in the config rather than a file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum MisconfigSource {
    /// The image config (`User`, `ExposedPorts`, `Healthcheck`, …).
    #[default]
    ImageConfig,
    /// The image history (`created_by` commands).
    History,
}

impl MisconfigSource {
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::ImageConfig => "image-config",
            Self::History => "history",
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Misconfiguration {
    pub rule: String,
    pub aliases: Vec<String>,
    pub severity: ScanSeverity,
    pub message: String,
    pub source: MisconfigSource,
    /// The layer whose history entry triggered it (history rules only).
    #[serde(default)]
    pub layer: Option<usize>,
    /// The config field it is about (`config.User`, `history[3].created_by`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
}

/// Counts per severity of the reported vulnerabilities, plus totals of other findings.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Summary {
    pub critical: usize,
    pub high: usize,
    pub medium: usize,
    pub low: usize,
    pub unknown: usize,
    #[serde(default)]
    pub secrets: usize,
    #[serde(default)]
    pub misconfigurations: usize,
    #[serde(default)]
    pub suppressed: usize,
}

impl Summary {
    pub fn add(&mut self, severity: ScanSeverity) {
        *self.slot(severity) += 1;
    }

    #[must_use]
    pub fn count(&self, severity: ScanSeverity) -> usize {
        match severity {
            ScanSeverity::Critical => self.critical,
            ScanSeverity::High => self.high,
            ScanSeverity::Medium => self.medium,
            ScanSeverity::Low => self.low,
            ScanSeverity::Unknown => self.unknown,
        }
    }

    fn slot(&mut self, severity: ScanSeverity) -> &mut usize {
        match severity {
            ScanSeverity::Critical => &mut self.critical,
            ScanSeverity::High => &mut self.high,
            ScanSeverity::Medium => &mut self.medium,
            ScanSeverity::Low => &mut self.low,
            ScanSeverity::Unknown => &mut self.unknown,
        }
    }

    /// Vulnerabilities of every severity.
    #[must_use]
    pub fn total(&self) -> usize {
        self.critical + self.high + self.medium + self.low + self.unknown
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DbInfo {
    /// Where the DB came from (file path or mirror URL).
    pub uri: String,
    /// The DB's own version or build stamp (`2026-11-27T00:00:00Z`).
    pub version: String,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FindingKind {
    #[default]
    Vulnerability,
    Secret,
    Misconfiguration,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SuppressionSource {
    /// An OpenVEX statement.
    #[default]
    Vex,
    /// `.lookoutignore` / `.trivyignore`.
    Ignorefile,
    /// A setting such as `--ignore-unfixed`.
    Setting,
}

/// A finding that was matched and then suppressed, with the reason.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SuppressedFinding {
    pub kind: FindingKind,
    /// Vulnerability id or rule code.
    pub id: String,
    pub severity: ScanSeverity,
    pub package: Option<String>,
    pub version: Option<String>,
    pub purl: Option<String>,
    pub path: Option<String>,
    pub by: SuppressionSource,
    /// OpenVEX status (`not_affected`, `fixed`).
    pub status: Option<String>,
    /// OpenVEX justification (`vulnerable_code_not_in_execute_path`, …).
    pub justification: Option<String>,
    /// The VEX impact statement or the ignore file's comment.
    pub statement: Option<String>,
    /// The VEX document or ignore file that said so.
    pub source: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::is_distro_ecosystem;

    /// Every OS ecosystem the image OS detection emits groups under the OS in the table.
    #[test]
    fn os_ecosystems_are_distro_ecosystems() {
        for ecosystem in [
            "Debian:12",
            "Ubuntu:22.04:LTS",
            "Rocky Linux:9",
            "Red Hat:enterprise_linux:9",
            "SUSE:Linux Enterprise Server 15 SP5",
            "openSUSE:Leap 15.5",
            "Mariner:2.0",
            "Azure Linux:3.0",
            "openEuler:22.03-LTS-SP1",
            "Mageia:9",
        ] {
            assert!(is_distro_ecosystem(ecosystem), "{ecosystem}");
        }
        assert!(!is_distro_ecosystem("PyPI"));
    }
}
