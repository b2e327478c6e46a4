//! One document's results for one version: the engine's findings (kept with byte ranges
//! for code actions and hover) and the LSP diagnostics built from them. The diagnostics
//! are published and not kept: a big manifest has thousands, and code actions rebuild
//! the few they attach to.

use std::collections::HashMap;

use lookout_core::deps::DependencyFinding;
use lookout_core::lint::LintCache;
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
    /// False when `lint`'s findings were taken without their fixes (the per-keystroke
    /// lint); code actions then lint again with them.
    pub fixes: bool,
    pub dependencies: Vec<DependencyFinding>,
}

impl Analysis {
    pub fn empty(version: i32) -> Self {
        Self {
            version,
            lint: None,
            fixes: true,
            dependencies: Vec::new(),
        }
    }
}

/// The diagnostics to publish: LSP values, or (lint findings) the JSON array already
/// written by [`crate::wire`].
pub enum Published {
    Values(Vec<Diagnostic>),
    Json(Vec<u8>),
}

impl Published {
    /// As LSP values (for a client without the direct outbox).
    pub fn into_values(self) -> Vec<Diagnostic> {
        match self {
            Self::Values(values) => values,
            Self::Json(json) => serde_json::from_slice(&json).unwrap_or_default(),
        }
    }
}

/// An analysis and the diagnostics to publish for it.
pub struct Analyzed {
    pub analysis: Analysis,
    pub diagnostics: Published,
}

impl Analyzed {
    pub fn empty(version: i32) -> Self {
        Self {
            analysis: Analysis::empty(version),
            diagnostics: Published::Values(Vec::new()),
        }
    }
}

/// Each rule's documentation link, parsed once per publish rather than once per
/// diagnostic (a manifest's 1,500 findings come from a dozen rules).
#[derive(Default)]
pub struct DocLinks(HashMap<&'static str, Option<CodeDescription>>);

impl DocLinks {
    /// The rule's link, parsed the first time it is asked for.
    pub fn link(&mut self, rule: &lookout_rules::RuleMeta) -> Option<&CodeDescription> {
        self.0
            .entry(rule.code)
            .or_insert_with(|| href(&rule.docs_url()))
            .as_ref()
    }

    /// The link of a rule already asked for with [`Self::link`].
    pub fn known(&self, code: &str) -> Option<&CodeDescription> {
        self.0.get(code)?.as_ref()
    }

    fn get(&mut self, rule: &lookout_rules::RuleMeta) -> Option<CodeDescription> {
        self.link(rule).cloned()
    }
}

/// What one open document keeps between lints: the lint's per-document results and the
/// JSON of each YAML document's diagnostics.
#[derive(Default)]
pub struct EditorCache {
    lint: LintCache,
    json: crate::wire::DiagnosticsJson,
}

/// What a lint is for: diagnostics to publish (written as JSON into the buffer, findings
/// kept without fixes), or code actions (findings with fixes, nothing to publish).
pub enum Purpose {
    Publish(Vec<u8>),
    Actions,
}

/// Lints a document for `purpose`.
pub fn lint_document(
    document: &Document,
    kind: DocumentKind,
    settings: &Settings,
    encoding: PositionEncoding,
    cache: &mut EditorCache,
    purpose: Purpose,
) -> Analyzed {
    let text = document.text.as_str();
    let (result, diagnostics, fixes) = match purpose {
        Purpose::Publish(mut out) => {
            let result = lookout_core::lint::lint_as_cached_without_fixes(
                text,
                kind,
                settings,
                &mut cache.lint,
            );
            let positions = Positions::new(text, encoding);
            cache.json.write(
                &mut out,
                &document.uri,
                &positions,
                text,
                &result.findings,
                cache.lint.documents(),
                crate::wire::Context::new(settings, &result.suppressions, encoding),
            );
            (result, Published::Json(out), false)
        }
        Purpose::Actions => {
            let result = lookout_core::lint::lint_as_cached(text, kind, settings, &mut cache.lint);
            (result, Published::Values(Vec::new()), true)
        }
    };
    Analyzed {
        analysis: Analysis {
            version: document.version,
            lint: Some(result),
            fixes,
            dependencies: Vec::new(),
        },
        diagnostics,
    }
}

pub fn check_dependencies(document: &Document, db: &Db, encoding: PositionEncoding) -> Analyzed {
    let findings = lookout_core::deps::check_dependency_file(&document.path, &document.text, db);
    let positions = Positions::new(&document.text, encoding);
    let diagnostics = Published::Values(
        findings
            .iter()
            .map(|finding| dependency_diagnostic(&positions, finding))
            .collect(),
    );
    Analyzed {
        analysis: Analysis {
            version: document.version,
            lint: None,
            fixes: true,
            dependencies: findings,
        },
        diagnostics,
    }
}

/// The LSP diagnostic of one lint finding.
pub fn lint_diagnostic(
    uri: &Uri,
    positions: &Positions<'_>,
    finding: &lookout_core::Finding,
    links: &mut DocLinks,
) -> Diagnostic {
    let rule = finding.rule;
    let base = &finding.diagnostic.message;
    let aliases_len: usize = rule.aliases.iter().map(|a| a.len() + 2).sum();
    let mut message = String::with_capacity(base.len() + aliases_len + 2);
    message.push_str(base);
    if !rule.aliases.is_empty() {
        // Trivy and PSS users search for their own codes; show them in the Problems view.
        message.push_str(" [");
        for (i, alias) in rule.aliases.iter().enumerate() {
            if i > 0 {
                message.push_str(", ");
            }
            message.push_str(alias);
        }
        message.push(']');
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
        code_description: links.get(rule),
        source: Some(SOURCE.to_string()),
        message,
        related_information: (!related.is_empty()).then_some(related),
        tags: None,
        // No `data`: code actions are computed from the stored findings, and a large
        // manifest publishes thousands of diagnostics on every keystroke.
        data: None,
    }
}

/// The LSP diagnostic of one vulnerable dependency.
pub fn dependency_diagnostic(positions: &Positions<'_>, finding: &DependencyFinding) -> Diagnostic {
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
