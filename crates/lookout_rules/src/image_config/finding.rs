//! What an image_config rule reports.

use serde::Serialize;

use crate::secrets::ScanSeverity;
use crate::RuleMeta;

/// Where a finding was read: the config's fields or its build history.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum FindingSource {
    #[serde(rename = "image-config")]
    ImageConfig,
    #[serde(rename = "history")]
    History,
}

impl FindingSource {
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::ImageConfig => "image-config",
            Self::History => "history",
        }
    }
}

/// One misconfiguration of an image's config or history.
#[derive(Debug, Clone, Serialize)]
pub struct ImageConfigFinding {
    #[serde(serialize_with = "serialize_rule_code")]
    pub rule: &'static RuleMeta,
    pub severity: ScanSeverity,
    pub message: String,
    pub source: FindingSource,
    /// The field the finding is about: `config.User`, `config.Env`, `history[3].created_by`.
    pub path: String,
}

fn serialize_rule_code<S: serde::Serializer>(
    rule: &&'static RuleMeta,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(rule.code)
}

/// A secret found in the image config or history (for the report's `secrets` section),
/// located by field instead of by file.
#[derive(Debug, Clone, Serialize)]
pub struct ConfigSecret {
    /// The secret rule (`github-pat`).
    #[serde(serialize_with = "serialize_rule_code")]
    pub rule: &'static RuleMeta,
    pub severity: ScanSeverity,
    pub title: &'static str,
    pub source: FindingSource,
    /// `config.Env`, `config.Labels`, `history[3].created_by`.
    pub path: String,
    /// The variable, label or build-arg name holding the secret, when there is one.
    pub key: Option<String>,
    /// The secret, redacted.
    pub redacted: String,
}
