//! `lookout.lint/v1`: findings of `lookout lint`, positioned for people (1-based lines and
//! columns, columns counted in characters).

use lookout_diagnostics::{Applicability, Diagnostic, LineIndex, PositionEncoding, Severity};
use serde::{Deserialize, Serialize};

/// Schema tag of every lint document.
pub const LINT_SCHEMA: &str = "lookout.lint/v1";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LintReport {
    /// Always [`LINT_SCHEMA`] for this model.
    pub schema: String,
    pub findings: Vec<LintFinding>,
}

impl Default for LintReport {
    fn default() -> Self {
        Self::new(Vec::new())
    }
}

impl LintReport {
    #[must_use]
    pub fn new(findings: Vec<LintFinding>) -> Self {
        Self {
            schema: LINT_SCHEMA.to_string(),
            findings,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LintFinding {
    pub rule: String,
    pub aliases: Vec<String>,
    pub severity: Severity,
    /// The file as the user named it (relative to where lint ran, `/` separators).
    pub path: String,
    pub line: u32,
    pub column: u32,
    pub end_line: u32,
    pub end_column: u32,
    pub message: String,
    pub fix: Option<LintFix>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LintFix {
    pub applicability: Applicability,
    pub edits: Vec<LintEdit>,
    /// What the fix does, for editors and SARIF (`Add -y`).
    #[serde(default)]
    pub title: String,
}

/// Replace the text from `line:column` up to (not including) `end_line:end_column`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LintEdit {
    pub line: u32,
    pub column: u32,
    pub end_line: u32,
    pub end_column: u32,
    pub text: String,
}

/// A 1-based line and column (characters) of a byte offset.
fn position(text: &str, index: &LineIndex, offset: usize) -> (u32, u32) {
    let at = index.line_col(text, offset, PositionEncoding::Chars);
    (at.line.saturating_add(1), at.col.saturating_add(1))
}

impl LintFinding {
    /// Position a diagnostic of `text` (the document at `path`) for output.
    #[must_use]
    pub fn from_diagnostic(
        diagnostic: &Diagnostic,
        path: &str,
        text: &str,
        index: &LineIndex,
        aliases: &[&str],
    ) -> Self {
        let (line, column) = position(text, index, diagnostic.range.start());
        let (end_line, end_column) = position(text, index, diagnostic.range.end());
        let fix = diagnostic.fix.as_ref().map(|fix| LintFix {
            applicability: fix.applicability,
            title: fix.title.clone(),
            edits: fix
                .edits
                .iter()
                .map(|edit| {
                    let (line, column) = position(text, index, edit.range.start());
                    let (end_line, end_column) = position(text, index, edit.range.end());
                    LintEdit {
                        line,
                        column,
                        end_line,
                        end_column,
                        text: edit.text.clone(),
                    }
                })
                .collect(),
        });
        Self {
            rule: diagnostic.code.to_string(),
            aliases: aliases.iter().map(|a| (*a).to_string()).collect(),
            severity: diagnostic.severity,
            path: path.to_string(),
            line,
            column,
            end_line,
            end_column,
            message: diagnostic.message.to_string(),
            fix,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use lookout_diagnostics::{Edit, Fix, TextRange};

    #[test]
    fn positions_are_one_based_characters() {
        let text = "FROM émile:latest\nRUN apt-get install curl\n";
        let index = LineIndex::new(text);
        let start = text.find("émile").unwrap_or_default();
        let end = text.find('\n').unwrap_or_default();
        let insert_at = text.find("curl").unwrap_or_default();
        let diagnostic = Diagnostic::new(
            "DL3007",
            Severity::Warning,
            TextRange::new(start, end),
            "Using latest is prone to errors",
        )
        .with_fix(Fix::safe("Add -y", vec![Edit::insert(insert_at, "-y ")]));
        let finding =
            LintFinding::from_diagnostic(&diagnostic, "Dockerfile", text, &index, &["DS001"]);
        assert_eq!((finding.line, finding.column), (1, 6));
        // "émile:latest" is 12 characters but 13 bytes: the end column counts characters.
        assert_eq!((finding.end_line, finding.end_column), (1, 18));
        let fix = finding.fix.unwrap_or_else(|| panic!("fix expected"));
        assert_eq!(fix.applicability, Applicability::Safe);
        assert_eq!((fix.edits[0].line, fix.edits[0].column), (2, 21));
        assert_eq!(finding.aliases, vec!["DS001".to_string()]);
    }
}
