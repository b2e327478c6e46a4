//! `lint(text, filename, settings)`: the same lint the CLI and the editor run, with
//! positions converted at this edge to 1-based lines and character columns (the CLI's
//! `lookout.lint/v1` finding shape plus the rule's docs link).

use std::collections::BTreeMap;

use lookout_core::report_glue::lint_findings;
use lookout_core::Settings;
use lookout_diagnostics::Severity;
use lookout_report::{LintFinding, LINT_SCHEMA};
use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;

use crate::error::{js_error, ErrorKind};
use crate::to_js::to_js;

/// What the page may pass as `settings` (every field optional).
#[derive(Deserialize, Default)]
#[serde(default, deny_unknown_fields)]
struct LintSettings {
    /// Codes or aliases of rules that must not run.
    disable: Vec<String>,
    /// Per-rule severity (`error|warning|info|style`) or `off`.
    rules: BTreeMap<String, String>,
    /// The text of a `lookout.toml`, applied before the two fields above.
    lookout_toml: Option<String>,
}

impl LintSettings {
    fn into_core(self) -> Result<Settings, JsValue> {
        let mut settings = match &self.lookout_toml {
            Some(text) => Settings::from_lookout_toml(text)
                .map_err(|e| js_error(ErrorKind::InvalidArgument, e.to_string()))?,
            None => Settings::default(),
        };
        for code in &self.disable {
            settings.disable(code);
        }
        for (code, value) in &self.rules {
            if value.eq_ignore_ascii_case("off") {
                settings.disable(code);
            } else {
                let severity = Severity::parse(value).ok_or_else(|| {
                    js_error(
                        ErrorKind::InvalidArgument,
                        format!("settings.rules.{code}: expected off|error|warning|info|style, got `{value}`"),
                    )
                })?;
                settings.set_severity(code, severity);
            }
        }
        Ok(settings)
    }
}

/// The CLI's finding (`lookout.lint/v1`, built by the same core glue) plus the rule's
/// docs link the page shows.
#[derive(Serialize)]
struct FindingOut {
    #[serde(flatten)]
    finding: LintFinding,
    docs_url: String,
}

#[derive(Serialize)]
struct LintOut {
    schema: &'static str,
    kind: &'static str,
    findings: Vec<FindingOut>,
}

/// Lints a Dockerfile or Kubernetes YAML document. The kind comes from `filename`
/// (`Dockerfile*`, `*.Dockerfile`, `Containerfile*`; `*.yaml`/`*.yml` holding Kubernetes
/// objects); other files give no findings and `kind: "other"`.
#[wasm_bindgen(unchecked_return_type = "LintResult")]
pub fn lint(
    text: &str,
    filename: &str,
    #[wasm_bindgen(unchecked_param_type = "LintSettings | undefined | null")] settings: JsValue,
) -> Result<JsValue, JsValue> {
    let settings: LintSettings = if settings.is_undefined() || settings.is_null() {
        LintSettings::default()
    } else {
        serde_wasm_bindgen::from_value(settings)
            .map_err(|e| js_error(ErrorKind::InvalidArgument, format!("settings: {e}")))?
    };
    let settings = settings.into_core()?;
    let result = lookout_core::lint(text, filename, &settings);
    let findings = lint_findings(filename, text, &result)
        .into_iter()
        .zip(&result.findings)
        .map(|(finding, core)| FindingOut {
            finding,
            docs_url: core.rule.docs_url(),
        })
        .collect();
    to_js(&LintOut {
        schema: LINT_SCHEMA,
        kind: result.kind.as_str(),
        findings,
    })
}

#[wasm_bindgen(typescript_custom_section)]
const TS_LINT: &'static str = r#"
export interface LintSettings {
  /** Codes or aliases of rules that must not run. */
  disable?: string[];
  /** Per-rule severity or "off". */
  rules?: Record<string, "error" | "warning" | "info" | "style" | "off">;
  /** Text of a lookout.toml, applied first. */
  lookout_toml?: string;
}
export interface Span { line: number; column: number; end_line: number; end_column: number }
export interface LintEdit extends Span { text: string }
export interface LintFix { applicability: "safe" | "unsafe"; edits: LintEdit[]; title: string }
export interface Finding extends Span {
  rule: string;
  aliases: string[];
  severity: "error" | "warning" | "info" | "style";
  path: string;
  message: string;
  fix: LintFix | null;
  docs_url: string;
}
export interface LintResult {
  schema: "lookout.lint/v1";
  kind: "dockerfile" | "kubernetes" | "other";
  findings: Finding[];
}
"#;
