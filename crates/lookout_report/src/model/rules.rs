//! Rule metadata as the encoders need it. The integrator fills it from `lookout_rules`'
//! `RuleMeta`; this crate does not depend on the rule engine.

use lookout_diagnostics::Severity;
use serde::{Deserialize, Serialize};

/// What a SARIF `reportingDescriptor` is made of.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RuleDescriptor {
    /// Stable code (`DL3007`, `LKK001`, `aws-access-key-id`).
    pub code: String,
    /// kebab-case name (`no-latest-tag`).
    pub name: String,
    /// One line (first line of "What it does").
    pub summary: String,
    /// The full docs in Markdown.
    pub docs_markdown: String,
    pub help_uri: Option<String>,
    pub default_severity: Severity,
    /// Other tools' codes with the same meaning (`DS001`, `KSV017`).
    pub aliases: Vec<String>,
    /// Free tags (`dockerfile`, `kubernetes`, `secret`, `image-config`).
    pub tags: Vec<String>,
}
