//! Secret rules as lint diagnostics, for Dockerfiles and manifests (`ENV
//! AWS_ACCESS_KEY_ID=…`, a Kubernetes Secret's `stringData`).

use lookout_diagnostics::Diagnostic;

use super::scan_value;

/// Diagnostics for every secret in `text`, at the secret's byte range, with the rule's lint
/// severity. The message carries the redacted value only.
#[must_use]
pub fn scan_text_for_lint(text: &str) -> Vec<Diagnostic> {
    scan_value(text.as_bytes())
        .into_iter()
        .map(|m| {
            Diagnostic::new(
                m.rule.code,
                m.rule.severity,
                m.range,
                format!(
                    "{} in plain text ({}): anyone who can read this file can use it; \
                     move it to a secret store and rotate it",
                    m.title, m.redacted
                ),
            )
        })
        .collect()
}
