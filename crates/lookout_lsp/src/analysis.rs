//! One document's results for one version: the engine's findings (kept with byte ranges
//! for code actions and hover) and the LSP diagnostics built from them.

use lookout_core::deps::DependencyFinding;
use lookout_core::{DocumentKind, LintResult, Settings};
use lookout_diagnostics::PositionEncoding;
use lookout_vuln::Db;
use serde_json::json;
use tower_lsp_server::ls_types::{
    CodeDescription, Diagnostic, DiagnosticRelatedInformation, Location, NumberOrString, Uri,
};

use crate::convert::{self, Positions};
use crate::documents::Document;

pub const SOURCE: &str = "lookout";

/// Results of the version `version` of a document.
#[derive(Debug, Clone)]
pub struct Analysis {
    pub version: i32,
    pub lint: Option<LintResult>,
    pub dependencies: Vec<DependencyFinding>,
    pub diagnostics: Vec<Diagnostic>,
}

impl Analysis {
    pub fn empty(version: i32) -> Self {
        Self {
            version,
            lint: None,
            dependencies: Vec::new(),
            diagnostics: Vec::new(),
        }
    }
}

pub fn lint_document(
    document: &Document,
    kind: DocumentKind,
    settings: &Settings,
    encoding: PositionEncoding,
) -> Analysis {
    let result = lookout_core::lint::lint_as(&document.text, kind, settings);
    let positions = Positions::new(&document.text, encoding);
    let diagnostics = result
        .findings
        .iter()
        .map(|finding| lint_diagnostic(&document.uri, &positions, finding))
        .collect();
    Analysis {
        version: document.version,
        lint: Some(result),
        dependencies: Vec::new(),
        diagnostics,
    }
}

pub fn check_dependencies(document: &Document, db: &Db, encoding: PositionEncoding) -> Analysis {
    let findings = lookout_core::deps::check_dependency_file(&document.path, &document.text, db);
    let positions = Positions::new(&document.text, encoding);
    let diagnostics = findings
        .iter()
        .map(|finding| dependency_diagnostic(&positions, finding))
        .collect();
    Analysis {
        version: document.version,
        lint: None,
        dependencies: findings,
        diagnostics,
    }
}

fn lint_diagnostic(
    uri: &Uri,
    positions: &Positions<'_>,
    finding: &lookout_core::Finding,
) -> Diagnostic {
    let rule = finding.rule;
    let mut message = finding.diagnostic.message.clone();
    if !rule.aliases.is_empty() {
        // Trivy and PSS users search for their own codes; show them in the Problems view.
        message.push_str(&format!(" [{}]", rule.aliases.join(", ")));
    }
    let related: Vec<DiagnosticRelatedInformation> = finding
        .diagnostic
        .related
        .iter()
        .map(|r| DiagnosticRelatedInformation {
            location: Location::new(uri.clone(), positions.range(r.range)),
            message: r.message.clone(),
        })
        .collect();
    Diagnostic {
        range: positions.range(finding.diagnostic.range),
        severity: Some(convert::severity(finding.severity)),
        code: Some(NumberOrString::String(rule.code.to_string())),
        code_description: href(&rule.docs_url()),
        source: Some(SOURCE.to_string()),
        message,
        related_information: (!related.is_empty()).then_some(related),
        tags: None,
        // No `data`: code actions are computed from the stored findings, and a large
        // manifest publishes thousands of diagnostics on every keystroke.
        data: None,
    }
}

fn dependency_diagnostic(positions: &Positions<'_>, finding: &DependencyFinding) -> Diagnostic {
    let first_id = finding.ids.first().cloned().unwrap_or_default();
    Diagnostic {
        range: positions.range(finding.range),
        severity: Some(convert::rating_severity(finding.severity)),
        code: Some(NumberOrString::String(first_id.clone())),
        code_description: href(&format!("https://osv.dev/vulnerability/{first_id}")),
        source: Some(SOURCE.to_string()),
        message: finding.message(),
        related_information: None,
        tags: None,
        data: Some(json!({
            "package": finding.name, "version": finding.version, "ecosystem": finding.ecosystem,
            "ids": finding.ids, "fixedVersion": finding.fixed_version,
        })),
    }
}

fn href(url: &str) -> Option<CodeDescription> {
    url.parse::<Uri>().ok().map(|href| CodeDescription { href })
}
