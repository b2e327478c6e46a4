//! SARIF 2.1.0 as GitHub code scanning reads it: one run, `tool.driver` with the rules the
//! results use (each with help Markdown, a default level and, for security findings,
//! `properties.security-severity`), results with a location, a region and stable
//! `partialFingerprints`. Validated by the official multitool in the schema tests.

mod lint;
mod scan;

pub use lint::to_sarif_lint;
pub use scan::to_sarif_scan;

use lookout_diagnostics::Severity;
use serde_json::{json, Map, Value};

use super::context::EncodeContext;
use super::text::{as_sentence, pascal_case, path_to_uri};
use crate::model::rules::RuleDescriptor;
use crate::model::severity::ScanSeverity;

const SARIF_SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";
/// The key of our own fingerprints; the `/v1` lets us change the recipe without GitHub
/// mixing old and new alerts.
const FINGERPRINT_KEY: &str = "lookout/v1";

pub(crate) fn lint_level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info | Severity::Style => "note",
    }
}

pub(crate) fn scan_level(severity: ScanSeverity) -> &'static str {
    match severity {
        ScanSeverity::Critical | ScanSeverity::High => "error",
        ScanSeverity::Medium => "warning",
        ScanSeverity::Low | ScanSeverity::Unknown => "note",
    }
}

/// A URI for a reported path: relative paths stay relative (GitHub resolves them against
/// the repository root), absolute ones become `file://` URIs.
pub(crate) fn artifact_uri(path: &str) -> String {
    if path.starts_with('/') {
        format!("file:///{}", path_to_uri(path))
    } else {
        path_to_uri(path)
    }
}

/// A rule ready to be written: the descriptor plus what the results add.
pub(crate) struct SarifRule {
    pub descriptor: RuleDescriptor,
    pub level: &'static str,
    /// GitHub's 0.0–10.0 number; `None` for plain lint rules.
    pub security_severity: Option<f64>,
    /// Plain-text help when the docs are Markdown tables (`help.text` must read without a
    /// Markdown renderer); the docs themselves otherwise.
    pub help_text: Option<String>,
}

impl SarifRule {
    pub(crate) fn to_value(&self) -> Value {
        let d = &self.descriptor;
        let summary = if d.summary.trim().is_empty() {
            d.code.clone()
        } else {
            d.summary.clone()
        };
        let docs = if d.docs_markdown.trim().is_empty() {
            summary.clone()
        } else {
            d.docs_markdown.clone()
        };
        let mut properties = Map::new();
        let mut tags = d.tags.clone();
        if self.security_severity.is_some() && !tags.iter().any(|t| t == "security") {
            tags.push("security".to_string());
        }
        properties.insert("tags".into(), json!(tags));
        properties.insert("precision".into(), json!("very-high"));
        if let Some(score) = self.security_severity {
            properties.insert("security-severity".into(), json!(format!("{score:.1}")));
        }
        if !d.aliases.is_empty() {
            properties.insert("aliases".into(), json!(d.aliases));
        }
        let mut rule = json!({
            "id": d.code,
            "shortDescription": { "text": as_sentence(&summary) },
            "fullDescription": { "text": as_sentence(&summary) },
            "help": { "text": self.help_text.clone().unwrap_or_else(|| docs.clone()), "markdown": docs },
            "defaultConfiguration": { "level": self.level },
            "properties": properties,
        });
        let Some(object) = rule.as_object_mut() else {
            return rule;
        };
        // SARIF wants a PascalCase friendly name distinct from the id (SARIF1001): a rule
        // known only by its code gets none.
        let name = pascal_case(&d.name);
        if !name.is_empty() && name != d.code {
            object.insert("name".into(), json!(name));
        }
        if let Some(uri) = &d.help_uri {
            object.insert("helpUri".into(), json!(uri));
        }
        rule
    }
}

/// The whole log around a run's rules and results.
pub(crate) fn sarif_log(
    context: &EncodeContext,
    rules: &[SarifRule],
    results: Vec<Value>,
    run_properties: Value,
) -> Value {
    let tool = &context.tool;
    json!({
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": tool.name,
                    "version": tool.version,
                    "semanticVersion": tool.version,
                    "informationUri": tool.information_uri,
                    "rules": rules.iter().map(SarifRule::to_value).collect::<Vec<_>>(),
                }
            },
            "invocations": [{
                "executionSuccessful": true,
                "startTimeUtc": context.started_at,
                "endTimeUtc": context.finished_at,
            }],
            "columnKind": "unicodeCodePoints",
            "results": results,
            "properties": run_properties,
        }]
    })
}

/// Index of each rule id in `rules` (SARIF results point at their rule by index too).
pub(crate) fn rule_index(rules: &[SarifRule], id: &str) -> Option<usize> {
    rules.iter().position(|r| r.descriptor.code == id)
}

pub(crate) fn fingerprints(hash: String) -> Value {
    json!({ FINGERPRINT_KEY: hash })
}

/// A descriptor for a rule the caller did not describe: enough for a valid SARIF rule.
pub(crate) fn fallback_descriptor(code: &str, summary: &str, severity: Severity) -> RuleDescriptor {
    RuleDescriptor {
        code: code.to_string(),
        name: code.to_string(),
        summary: summary.to_string(),
        docs_markdown: String::new(),
        help_uri: None,
        default_severity: severity,
        aliases: Vec::new(),
        tags: Vec::new(),
    }
}

/// The descriptor the caller passed for `code` (by code or alias), else a fallback.
pub(crate) fn find_descriptor(
    descriptors: &[RuleDescriptor],
    code: &str,
    fallback_summary: &str,
    severity: Severity,
) -> RuleDescriptor {
    descriptors
        .iter()
        .find(|d| d.code == code || d.aliases.iter().any(|a| a == code))
        .cloned()
        .unwrap_or_else(|| fallback_descriptor(code, fallback_summary, severity))
}
