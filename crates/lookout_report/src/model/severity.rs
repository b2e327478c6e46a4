//! The severity scale of image findings (`CRITICAL` … `UNKNOWN`), shared by vulnerabilities,
//! secrets and misconfigurations.

use lookout_diagnostics::Severity;
use serde::{Deserialize, Serialize};

/// Severity of an image finding, ordered from most to least severe.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
#[serde(rename_all = "UPPERCASE")]
pub enum ScanSeverity {
    Critical,
    High,
    Medium,
    Low,
    #[default]
    Unknown,
}

impl ScanSeverity {
    /// Every level, most severe first.
    pub const ALL: [Self; 5] = [
        Self::Critical,
        Self::High,
        Self::Medium,
        Self::Low,
        Self::Unknown,
    ];

    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Critical => "CRITICAL",
            Self::High => "HIGH",
            Self::Medium => "MEDIUM",
            Self::Low => "LOW",
            Self::Unknown => "UNKNOWN",
        }
    }

    /// Parses any case; `moderate` (GHSA) and `important` (Red Hat) map to their CVSS band.
    #[must_use]
    pub fn parse(text: &str) -> Option<Self> {
        match text.trim().to_ascii_lowercase().as_str() {
            "critical" => Some(Self::Critical),
            "high" | "important" => Some(Self::High),
            "medium" | "moderate" => Some(Self::Medium),
            "low" | "negligible" => Some(Self::Low),
            "unknown" | "none" | "" => Some(Self::Unknown),
            _ => None,
        }
    }

    /// The CVSS v3 qualitative band of a base score.
    #[must_use]
    pub fn from_cvss_score(score: f64) -> Self {
        if score >= 9.0 {
            Self::Critical
        } else if score >= 7.0 {
            Self::High
        } else if score >= 4.0 {
            Self::Medium
        } else if score > 0.0 {
            Self::Low
        } else {
            Self::Unknown
        }
    }

    /// How a lint rule's severity reads on the image scale (image-config and history rules
    /// are lint rules run over an image).
    #[must_use]
    pub fn from_lint(severity: Severity) -> Self {
        match severity {
            Severity::Error => Self::High,
            Severity::Warning => Self::Medium,
            Severity::Info | Severity::Style => Self::Low,
        }
    }

    /// A representative CVSS-like score, used where a number is required (SARIF
    /// `security-severity`, CycloneDX ratings) and no real score is known. The values sit
    /// inside each band as GitHub code scanning reads them.
    #[must_use]
    pub fn representative_score(self) -> f64 {
        match self {
            Self::Critical => 9.5,
            Self::High => 8.0,
            Self::Medium => 5.5,
            Self::Low => 2.0,
            Self::Unknown => 0.0,
        }
    }

    /// Lowercase form (CycloneDX `ratings[].severity`).
    #[must_use]
    pub fn as_lower(self) -> &'static str {
        match self {
            Self::Critical => "critical",
            Self::High => "high",
            Self::Medium => "medium",
            Self::Low => "low",
            Self::Unknown => "unknown",
        }
    }
}

impl std::fmt::Display for ScanSeverity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_feed_vocabularies() {
        assert_eq!(ScanSeverity::parse("Moderate"), Some(ScanSeverity::Medium));
        assert_eq!(
            ScanSeverity::parse("CRITICAL"),
            Some(ScanSeverity::Critical)
        );
        assert_eq!(ScanSeverity::parse("bogus"), None);
    }

    #[test]
    fn cvss_bands_follow_the_spec() {
        assert_eq!(ScanSeverity::from_cvss_score(9.0), ScanSeverity::Critical);
        assert_eq!(ScanSeverity::from_cvss_score(8.9), ScanSeverity::High);
        assert_eq!(ScanSeverity::from_cvss_score(4.0), ScanSeverity::Medium);
        assert_eq!(ScanSeverity::from_cvss_score(0.1), ScanSeverity::Low);
        assert_eq!(ScanSeverity::from_cvss_score(0.0), ScanSeverity::Unknown);
    }

    #[test]
    fn orders_most_severe_first() {
        let mut levels = vec![
            ScanSeverity::Low,
            ScanSeverity::Critical,
            ScanSeverity::Medium,
        ];
        levels.sort();
        assert_eq!(
            levels,
            vec![
                ScanSeverity::Critical,
                ScanSeverity::Medium,
                ScanSeverity::Low
            ]
        );
    }
}
