//! Lint findings serialised straight to the JSON of `publishDiagnostics`' `diagnostics`
//! array, borrowing every string: building an owned `ls_types::Diagnostic` first costs
//! four allocations per finding, and a big manifest publishes 1,500 findings per keystroke.
//! The JSON is the same as `ls_types::Diagnostic` gives for the same finding (a test
//! checks it against [`crate::analysis::lint_diagnostic`]).

use std::fmt;

use lookout_core::Finding;
use serde::ser::{SerializeSeq, Serializer};
use serde::Serialize;
use tower_lsp_server::ls_types::{CodeDescription, DiagnosticSeverity, Range, Uri};

use crate::analysis::{DocLinks, SOURCE};
use crate::convert::{self, Positions};

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct WireDiagnostic<'a> {
    range: Range,
    severity: DiagnosticSeverity,
    code: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    code_description: Option<&'a CodeDescription>,
    source: &'static str,
    message: Message<'a>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related_information: Vec<WireRelated<'a>>,
}

#[derive(Serialize)]
struct WireRelated<'a> {
    location: WireLocation<'a>,
    message: &'a str,
}

#[derive(Serialize)]
struct WireLocation<'a> {
    uri: &'a Uri,
    range: Range,
}

/// The finding's message with the rule's aliases appended (`… [KSV-0017, PSS-…]`), written
/// into the JSON string without building it first.
struct Message<'a> {
    text: &'a str,
    aliases: &'static [&'static str],
}

impl fmt::Display for Message<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.text)?;
        if !self.aliases.is_empty() {
            f.write_str(" [")?;
            for (i, alias) in self.aliases.iter().enumerate() {
                if i > 0 {
                    f.write_str(", ")?;
                }
                f.write_str(alias)?;
            }
            f.write_str("]")?;
        }
        Ok(())
    }
}

impl Serialize for Message<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// The `diagnostics` array for `findings`, as JSON.
pub fn lint_diagnostics_json(
    uri: &Uri,
    positions: &Positions<'_>,
    findings: &[Finding],
) -> Vec<u8> {
    // Each rule's documentation link, once per publish.
    let mut links = DocLinks::default();
    for finding in findings {
        links.link(finding.rule);
    }
    let mut out = Vec::with_capacity(64 + 384 * findings.len());
    let mut serializer = serde_json::Serializer::new(&mut out);
    let written = (|| {
        let mut seq = serializer.serialize_seq(Some(findings.len()))?;
        for finding in findings {
            let rule = finding.rule;
            seq.serialize_element(&WireDiagnostic {
                range: positions.range(finding.diagnostic.range),
                severity: convert::severity(finding.severity),
                code: rule.code,
                code_description: links.known(rule.code),
                source: SOURCE,
                message: Message {
                    text: &finding.diagnostic.message,
                    aliases: rule.aliases,
                },
                related_information: finding
                    .diagnostic
                    .related
                    .iter()
                    .map(|r| WireRelated {
                        location: WireLocation {
                            uri,
                            range: positions.range(r.range),
                        },
                        message: &r.message,
                    })
                    .collect(),
            })?;
        }
        seq.end()
    })();
    match written {
        Ok(()) => out,
        // Serialising borrowed strings and numbers cannot fail; an empty list is the
        // safe answer if it ever did.
        Err(_) => b"[]".to_vec(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::lint_diagnostic;
    use lookout_diagnostics::PositionEncoding;

    /// Dockerfile findings (with related locations and fixes), manifest findings (with
    /// aliases) and non-ASCII text: the direct JSON equals the `ls_types` values' JSON.
    #[test]
    fn direct_json_equals_the_ls_types_diagnostics() {
        let samples = [
            (
                "Dockerfile",
                "FROM node:latest AS build\nMAINTAINER ü <a@b>\nRUN apt-get install curl\nFROM build\nCOPY --from=nope /a /b\nENV AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n",
            ),
            (
                "pod.yaml",
                "apiVersion: v1\nkind: Pod\nmetadata: {name: \"é\"}\nspec:\n  hostNetwork: true\n  containers:\n    - name: app\n      image: nginx\n      securityContext: {privileged: true}\n",
            ),
        ];
        let uri: Uri = "file:///w/x".parse().unwrap_or_else(|_| unreachable!());
        let settings = lookout_core::Settings::default();
        for (name, text) in samples {
            let result = lookout_core::lint(text, name, &settings);
            assert!(!result.findings.is_empty(), "{name}");
            for encoding in [PositionEncoding::Utf16, PositionEncoding::Utf8] {
                let positions = Positions::new(text, encoding);
                let direct: serde_json::Value = serde_json::from_slice(&lint_diagnostics_json(
                    &uri,
                    &positions,
                    &result.findings,
                ))
                .unwrap_or_default();
                let mut links = DocLinks::default();
                let values: Vec<_> = result
                    .findings
                    .iter()
                    .map(|f| lint_diagnostic(&uri, &positions, f, &mut links))
                    .collect();
                let expected = serde_json::to_value(values).unwrap_or_default();
                assert_eq!(direct, expected, "{name} {encoding:?}");
            }
        }
    }
}
