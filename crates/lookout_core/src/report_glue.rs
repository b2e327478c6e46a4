//! Turns engine results into the report model (`lookout_report`), so every face prints the
//! same JSON and SARIF.

use lookout_diagnostics::LineIndex;
use lookout_report::{LintFinding, LintReport, RuleDescriptor};
use lookout_rules::{codes, RuleMeta};

use crate::LintResult;

/// The report's view of a rule (SARIF `reportingDescriptor`, help text).
#[must_use]
pub fn rule_descriptor(meta: &RuleMeta) -> RuleDescriptor {
    RuleDescriptor {
        code: meta.code.to_string(),
        name: meta.name.to_string(),
        summary: meta.summary(),
        docs_markdown: meta.docs(),
        help_uri: Some(meta.docs_url()),
        default_severity: meta.severity,
        aliases: codes::report_aliases(meta.aliases),
        tags: vec![meta.family.as_str().to_string()],
    }
}

/// Descriptors of every rule in the catalog.
#[must_use]
pub fn all_rule_descriptors() -> Vec<RuleDescriptor> {
    codes::all().map(rule_descriptor).collect()
}

/// One document's findings positioned for output (1-based lines, character columns).
#[must_use]
pub fn lint_findings(path: &str, text: &str, result: &LintResult) -> Vec<LintFinding> {
    let index = LineIndex::new(text);
    result
        .findings
        .iter()
        .map(|finding| {
            let aliases = codes::report_aliases(finding.rule.aliases);
            let aliases: Vec<&str> = aliases.iter().map(String::as_str).collect();
            let mut out =
                LintFinding::from_diagnostic(&finding.diagnostic, path, text, &index, &aliases);
            out.severity = finding.severity;
            out
        })
        .collect()
}

/// A `lookout.lint/v1` report over several documents.
#[must_use]
pub fn lint_report<'a>(
    documents: impl IntoIterator<Item = (&'a str, &'a str, &'a LintResult)>,
) -> LintReport {
    LintReport::new(
        documents
            .into_iter()
            .flat_map(|(path, text, result)| lint_findings(path, text, result))
            .collect(),
    )
}
