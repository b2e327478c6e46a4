//! Lint findings serialised straight to the JSON of `publishDiagnostics`' `diagnostics`
//! array, borrowing every string: building an owned `ls_types::Diagnostic` first costs
//! four allocations per finding, and a big manifest publishes 1,500 findings per keystroke.
//! The JSON is the same as `ls_types::Diagnostic` gives for the same finding (a test
//! checks it against [`crate::analysis::lint_diagnostic`]).

use std::collections::HashMap;
use std::fmt;

use lookout_core::{Finding, Settings};
use lookout_diagnostics::PositionEncoding;
use lookout_rules::incremental::Documents;
use lookout_syntax::suppression::Suppression;
use serde::ser::Serializer;
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

/// The `diagnostics` array for `findings`, as JSON, written whole (what
/// [`DiagnosticsJson::write`] must equal).
#[cfg(test)]
pub fn lint_diagnostics_json(
    uri: &Uri,
    positions: &Positions<'_>,
    findings: &[Finding],
) -> Vec<u8> {
    let mut out = Vec::with_capacity(64 + 384 * findings.len());
    let mut links = DocLinks::default();
    out.push(b'[');
    for finding in findings {
        write_element(&mut out, uri, positions, finding, &mut links);
    }
    close_array(&mut out);
    out
}

/// Appends one finding's JSON and a comma.
fn write_element(
    out: &mut Vec<u8>,
    uri: &Uri,
    positions: &Positions<'_>,
    finding: &Finding,
    links: &mut DocLinks,
) {
    let rule = finding.rule;
    links.link(rule);
    let diagnostic = WireDiagnostic {
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
    };
    // Serialising borrowed strings and numbers into a vector cannot fail; a finding that
    // somehow did is left out rather than leaving half an object behind.
    let before = out.len();
    if serde_json::to_writer(&mut *out, &diagnostic).is_ok() {
        out.push(b',');
    } else {
        out.truncate(before);
    }
}

/// Ends an array opened with `[` whose elements each end in a comma.
fn close_array(out: &mut Vec<u8>) {
    if out.last() == Some(&b',') {
        out.pop();
    }
    out.push(b']');
}

/// A suppression comment's codes and the lines it covers (`None`: the whole file).
type SuppressionScope = (Vec<String>, Option<(usize, usize)>);

/// What a finding's JSON depends on besides its document's text and first line.
#[derive(PartialEq)]
pub struct Context {
    settings: Settings,
    /// Codes and covered lines of each suppression comment (an `ignore-file` anywhere, or
    /// a comment just above a document, changes that document's findings).
    suppressions: Vec<SuppressionScope>,
    encoding: PositionEncoding,
}

impl Context {
    pub fn new(
        settings: &Settings,
        suppressions: &[Suppression],
        encoding: PositionEncoding,
    ) -> Self {
        Self {
            settings: settings.clone(),
            suppressions: suppressions
                .iter()
                .map(|s| (s.codes.clone(), s.lines))
                .collect(),
            encoding,
        }
    }
}

/// The JSON of each YAML document's diagnostics from the previous publish of one file.
///
/// A document whose text, first line and [`Context`] are unchanged has the same findings
/// at the same line/column positions (its findings depend on its text alone: the same
/// premise as the lint's per-document cache), so their JSON is copied instead of written
/// again: typing in one document of a 1,500-finding stream rewrites that document's few.
#[derive(Default)]
pub struct DiagnosticsJson {
    context: Option<Context>,
    fragments: HashMap<u64, Vec<Fragment>>,
    /// Documents whose JSON the last write copied (tests check the cache is used).
    reused: usize,
}

struct Fragment {
    text: String,
    first_line: u32,
    findings: usize,
    /// The findings' elements, each followed by a comma.
    json: Vec<u8>,
}

impl DiagnosticsJson {
    /// Writes the `diagnostics` array for `findings` of `text` (whose YAML documents are
    /// `documents`, when known) into `out`: the same bytes as [`lint_diagnostics_json`].
    #[allow(clippy::too_many_arguments)]
    pub fn write(
        &mut self,
        out: &mut Vec<u8>,
        uri: &Uri,
        positions: &Positions<'_>,
        text: &str,
        findings: &[Finding],
        documents: Option<&Documents>,
        context: Context,
    ) {
        if self.context.as_ref() != Some(&context) {
            self.fragments.clear();
            self.context = Some(context);
        }
        let mut links = DocLinks::default();
        self.reused = 0;
        out.reserve(64 + 384 * findings.len());
        out.push(b'[');
        let Some(documents) = documents else {
            self.fragments.clear();
            for finding in findings {
                write_element(out, uri, positions, finding, &mut links);
            }
            close_array(out);
            return;
        };
        let mut previous = std::mem::take(&mut self.fragments);
        let start_of = |f: &Finding| f.diagnostic.range.start();
        let mut rest = findings;
        for (range, &key) in documents.ranges().iter().zip(documents.keys()) {
            // Findings between documents (none today) are written each time.
            let before = rest.partition_point(|f| start_of(f) < range.start);
            for finding in &rest[..before] {
                write_element(out, uri, positions, finding, &mut links);
            }
            let inside = rest[before..].partition_point(|f| start_of(f) < range.end);
            let mine = &rest[before..before + inside];
            rest = &rest[before + inside..];
            if mine.is_empty() {
                continue;
            }
            let first = positions.position(range.start);
            let self_contained = mine.iter().all(|f| {
                let d = &f.diagnostic;
                let within = |r: lookout_diagnostics::TextRange| {
                    r.start() >= range.start && r.end() <= range.end
                };
                within(d.range) && d.related.iter().all(|r| within(r.range))
            });
            // A document starting mid-line (`--- {…}`) has columns that depend on the text
            // before it on that line; such a document is written each time. So is one with
            // a finding on its first byte, which may be the previous document's (a YAML
            // error at the end of an unclosed `{…` is reported at the next `---`).
            let on_first_byte = range.start > 0 && start_of(&mine[0]) == range.start;
            if first.character != 0 || !self_contained || on_first_byte {
                for finding in mine {
                    write_element(out, uri, positions, finding, &mut links);
                }
                continue;
            }
            let doc_text = &text[range.clone()];
            let reused = previous.get_mut(&key).and_then(|entries| {
                let at = entries.iter().position(|f| {
                    f.first_line == first.line && f.findings == mine.len() && f.text == doc_text
                })?;
                Some(entries.swap_remove(at))
            });
            self.reused += usize::from(reused.is_some());
            let fragment = reused.unwrap_or_else(|| {
                let mut json = Vec::with_capacity(384 * mine.len());
                for finding in mine {
                    write_element(&mut json, uri, positions, finding, &mut links);
                }
                Fragment {
                    text: doc_text.to_string(),
                    first_line: first.line,
                    findings: mine.len(),
                    json,
                }
            });
            out.extend_from_slice(&fragment.json);
            self.fragments.entry(key).or_default().push(fragment);
        }
        for finding in rest {
            write_element(out, uri, positions, finding, &mut links);
        }
        close_array(out);
    }
}

#[cfg(test)]
mod editing_sessions;

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

    /// The per-document JSON cache writes exactly the JSON of a full lint, edit after edit,
    /// on the benchmark stream: typing, a line added above everything, a non-ASCII
    /// character, a document starting on its `---` line, a suppression comment, a rule
    /// turned off, a severity changed, the other position encoding, an error reported on
    /// the next document's first byte, and a document removed.
    #[test]
    fn cached_json_equals_full_json_after_each_edit() {
        use lookout_core::lint::{lint_as, lint_as_cached, LintCache};
        use lookout_core::DocumentKind;
        use lookout_diagnostics::Severity;
        let root = std::env::var("CARGO_MANIFEST_DIR")
            .unwrap_or_else(|_| env!("CARGO_MANIFEST_DIR").to_owned());
        let path = format!("{root}/../../../shared/bench/big-manifests.yaml");
        let mut text = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("this test needs ../shared ({path}): {e}"));
        let uri: Uri = "file:///w/m.yaml"
            .parse()
            .unwrap_or_else(|_| unreachable!());
        type Edit = Box<dyn Fn(&str) -> String>;
        let edits: Vec<(Edit, Option<Settings>, PositionEncoding)> = vec![
            (
                Box::new(|t| t.replacen("apiVersion: apps/v1", "apiVersion: apps/v1x", 1)),
                None,
                PositionEncoding::Utf16,
            ),
            (
                Box::new(|t| t.replacen("apiVersion: apps/v1x", "apiVersion: apps/v1", 1)),
                None,
                PositionEncoding::Utf16,
            ),
            (
                Box::new(|t| format!("\n{t}")),
                None,
                PositionEncoding::Utf16,
            ),
            (
                Box::new(|t| t.replacen("name: app", "name: \"äpp🐳\"", 3)),
                None,
                PositionEncoding::Utf16,
            ),
            (
                Box::new(|t| {
                    t.replacen("---\napiVersion: v1\nkind: Pod\n", "--- {apiVersion: v1, kind: Pod, spec: {hostPID: true, containers: [{name: a, image: b}]}}\n---\napiVersion: v1\nkind: Pod\n", 1)
                }),
                None,
                PositionEncoding::Utf16,
            ),
            (
                Box::new(|t| {
                    t.replacen(
                        "privileged: true",
                        "privileged: true # lookout ignore=LKK017",
                        1,
                    )
                }),
                None,
                PositionEncoding::Utf16,
            ),
            (
                Box::new(|t| format!("# lookout ignore-file=LKK018\n{t}")),
                None,
                PositionEncoding::Utf16,
            ),
            (
                Box::new(|t| t.to_string()),
                Some(Settings {
                    disabled: vec!["LKK019"],
                    ..Settings::default()
                }),
                PositionEncoding::Utf16,
            ),
            (
                Box::new(|t| t.to_string()),
                Some(Settings {
                    severity: [("LKK001", Severity::Error)].into_iter().collect(),
                    ..Settings::default()
                }),
                PositionEncoding::Utf16,
            ),
            (
                Box::new(|t| t.replacen("image: ", "image:  ", 1)),
                None,
                PositionEncoding::Utf8,
            ),
            // An unclosed `{` at the end of a document is reported on the next `---`;
            // then the `{` becomes a `[`: the same place, another message, and the next
            // document's text unchanged.
            (
                Box::new(|t| {
                    let at = t.match_indices("\n---\n").nth(3).map_or(0, |(i, _)| i + 1);
                    format!("{}  extra: {{cpu: 1m\n{}", &t[..at], &t[at..])
                }),
                None,
                PositionEncoding::Utf16,
            ),
            (
                Box::new(|t| t.replacen("extra: {cpu: 1m", "extra: [cpu, 1m", 1)),
                None,
                PositionEncoding::Utf16,
            ),
            (
                Box::new(|t| {
                    let at = t.find("\n---\n").map_or(0, |i| i + 1);
                    let next = t[at + 4..]
                        .find("\n---\n")
                        .map_or(t.len(), |i| at + 4 + i + 1);
                    format!("{}{}", &t[..at], &t[next..])
                }),
                None,
                PositionEncoding::Utf16,
            ),
        ];
        let mut lint_cache = LintCache::default();
        let mut json = DiagnosticsJson::default();
        let mut settings = Settings::default();
        let mut encoding = PositionEncoding::Utf16;
        for (i, (edit, new_settings, new_encoding)) in edits.iter().enumerate() {
            for when in ["before", "again"] {
                let cached =
                    lint_as_cached(&text, DocumentKind::Kubernetes, &settings, &mut lint_cache);
                let positions = Positions::new(&text, encoding);
                let mut out = Vec::new();
                json.write(
                    &mut out,
                    &uri,
                    &positions,
                    &text,
                    &cached.findings,
                    lint_cache.documents(),
                    Context::new(&settings, &cached.suppressions, encoding),
                );
                let full = lint_as(&text, DocumentKind::Kubernetes, &settings);
                let expected = lint_diagnostics_json(&uri, &positions, &full.findings);
                assert!(!full.findings.is_empty());
                assert!(
                    out == expected,
                    "{when} edit {i}: the cached JSON differs from the full lint's"
                );
            }
            text = edit(&text);
            if let Some(new) = new_settings {
                settings = new.clone();
            }
            encoding = *new_encoding;
        }
    }
}
