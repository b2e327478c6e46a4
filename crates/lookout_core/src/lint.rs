//! `lint`: text in, findings out. Runs the family's rules and the secret rules, then
//! applies settings (rules off, severity overrides) and suppression comments.

use lookout_diagnostics::{Diagnostic, Severity};
use lookout_rules::incremental::{DocumentCache, Documents, Fixes};
use lookout_rules::{codes, RuleMeta};
use lookout_syntax::suppression::{find_suppressions, CommentStyle, Suppression};

use crate::document::{self, DocumentKind};
use crate::Settings;

/// A diagnostic with its rule and the severity it is reported at.
#[derive(Debug, Clone)]
pub struct Finding {
    pub rule: &'static RuleMeta,
    /// After the settings' overrides.
    pub severity: Severity,
    pub diagnostic: Diagnostic,
}

#[derive(Debug, Clone)]
pub struct LintResult {
    pub kind: DocumentKind,
    /// Sorted by position.
    pub findings: Vec<Finding>,
    /// Suppression comments found (the LSP offers hover on their codes).
    pub suppressions: Vec<Suppression>,
}

impl LintResult {
    /// True when some finding is at or above `threshold`.
    #[must_use]
    pub fn fails(&self, threshold: Severity) -> bool {
        self.findings.iter().any(|f| f.severity.at_least(threshold))
    }
}

/// Lints `text` as the document `filename` names (kind detected from the name, and for
/// YAML from the content). Never panics on any input.
#[must_use]
pub fn lint(text: &str, filename: &str, settings: &Settings) -> LintResult {
    let kind = document::detect(filename, text);
    lint_as(text, kind, settings)
}

/// Lints `text` as `kind` (editors know the language id; the CLI forces a kind for files
/// named on the command line).
#[must_use]
pub fn lint_as(text: &str, kind: DocumentKind, settings: &Settings) -> LintResult {
    lint_with(text, kind, settings, None, Fixes::Keep)
}

/// What an editor keeps between lints of one document so the next lint redoes only what
/// changed (for Kubernetes manifests: the YAML documents the edit touched).
#[derive(Debug, Default)]
pub struct LintCache {
    manifests: DocumentCache,
    secrets: DocumentCache,
    /// The documents of the text last linted (a manifest stream), for callers that keep
    /// their own per-document results (the language server's diagnostics JSON).
    documents: Option<Documents>,
}

impl LintCache {
    /// The YAML documents of the text last linted with this cache; `None` for a Dockerfile
    /// or a stream the fast segmentation does not handle.
    #[must_use]
    pub fn documents(&self) -> Option<&Documents> {
        self.documents.as_ref()
    }
}

/// The secret findings of a manifest stream, scanning only documents that changed since
/// the last lint. A secret never spans a `---` line (the multi-line key rules match base64
/// and whitespace only), so a document's secrets depend on its text alone.
fn secrets_by_document(
    text: &str,
    documents: Option<&Documents>,
    cache: &mut DocumentCache,
    fixes: Fixes,
) -> Vec<Diagnostic> {
    let Some(documents) = documents else {
        cache.clear();
        return lookout_rules::secrets::scan_text_for_lint(text);
    };
    // Text before the first document (comments only) is scanned every time.
    let lead = documents.first_start(text);
    let mut found = lookout_rules::secrets::scan_text_for_lint(&text[..lead]);
    found.extend(cache.check(
        text,
        documents,
        fixes,
        |range| {
            let start = range.start;
            let mut part = lookout_rules::secrets::scan_text_for_lint(&text[range]);
            for d in &mut part {
                d.rebase(0, start);
            }
            part
        },
        || {
            lookout_rules::secrets::scan_text_for_lint(&text[lead..])
                .into_iter()
                .map(|mut d| {
                    d.rebase(0, lead);
                    d
                })
                .collect()
        },
    ));
    found
}

/// [`lint_as`] for a document linted again and again (the language server): the same
/// result, with the unchanged parts of the previous lint reused from `cache`.
#[must_use]
pub fn lint_as_cached(
    text: &str,
    kind: DocumentKind,
    settings: &Settings,
    cache: &mut LintCache,
) -> LintResult {
    lint_with(text, kind, settings, Some(cache), Fixes::Keep)
}

/// [`lint_as_cached`] with every finding's `fix` left out: what an editor needs to show
/// the findings on each keystroke (copying the fixes of a big stream's reused findings
/// was most of the cost of reusing them). The cache keeps the fixes; a later
/// [`lint_as_cached`] of the same text gives them.
#[must_use]
pub fn lint_as_cached_without_fixes(
    text: &str,
    kind: DocumentKind,
    settings: &Settings,
    cache: &mut LintCache,
) -> LintResult {
    lint_with(text, kind, settings, Some(cache), Fixes::Drop)
}

fn lint_with(
    text: &str,
    kind: DocumentKind,
    settings: &Settings,
    mut cache: Option<&mut LintCache>,
    fixes: Fixes,
) -> LintResult {
    // The documents of a manifest stream, split and hashed once for both caches below.
    let documents = match (kind, &cache) {
        (DocumentKind::Kubernetes, Some(_)) => Documents::of(text),
        _ => None,
    };
    let (diagnostics, style) = match kind {
        DocumentKind::Dockerfile => {
            // Parsed once: the rules and the suppression scanner (which needs the escape
            // directive to follow continuations) share the model.
            let dockerfile = lookout_syntax::dockerfile::parse(text);
            let style = CommentStyle::Dockerfile {
                escape: dockerfile.escape,
            };
            (
                lookout_rules::dockerfile::check_parsed(text, &dockerfile),
                style,
            )
        }
        DocumentKind::Kubernetes => {
            let diagnostics = match cache.as_deref_mut() {
                Some(cache) => lookout_rules::k8s::check_incremental(
                    text,
                    documents.as_ref(),
                    &mut cache.manifests,
                    fixes,
                ),
                None => lookout_rules::k8s::check(text),
            };
            (diagnostics, CommentStyle::Yaml)
        }
        DocumentKind::Other => {
            if let Some(cache) = cache.as_deref_mut() {
                cache.documents = None;
            }
            return LintResult {
                kind,
                findings: Vec::new(),
                suppressions: Vec::new(),
            };
        }
    };
    let suppressions = find_suppressions(text, style);
    // Lines are needed only to match findings against suppression comments.
    let index = (!suppressions.is_empty()).then(|| lookout_diagnostics::LineIndex::new(text));
    let secrets = match (kind, cache) {
        (DocumentKind::Kubernetes, Some(cache)) => {
            let found = secrets_by_document(text, documents.as_ref(), &mut cache.secrets, fixes);
            cache.documents = documents;
            found
        }
        (_, Some(cache)) => {
            cache.documents = None;
            lookout_rules::secrets::scan_text_for_lint(text)
        }
        (_, None) => lookout_rules::secrets::scan_text_for_lint(text),
    };
    // Sized up front: a big manifest has thousands of findings, and growing a vector of
    // them by doubling copies each one several times.
    let mut findings: Vec<Finding> = Vec::with_capacity(diagnostics.len() + secrets.len());
    let mut rules = RuleMemo::default();
    findings.extend(
        diagnostics
            .into_iter()
            .chain(secrets)
            .filter_map(|diagnostic| {
                let rule = rules.find(diagnostic.code)?;
                if !settings.is_enabled(rule.code) {
                    return None;
                }
                if let Some(index) = &index {
                    let line = index.line_of(diagnostic.range.start());
                    if is_suppressed(rule, line, &suppressions) {
                        return None;
                    }
                }
                let severity = settings.severity_of(rule.code, diagnostic.severity);
                Some(Finding {
                    rule,
                    severity,
                    diagnostic,
                })
            }),
    );
    let position = |f: &Finding| {
        (
            f.diagnostic.range.start,
            f.diagnostic.range.end,
            f.rule.code,
        )
    };
    // The rules hand their findings over sorted; only secrets (appended) can be out of
    // place, so checking first saves moving thousands of findings per keystroke.
    if !findings.is_sorted_by_key(position) {
        findings.sort_by_key(position);
    }
    findings
        .dedup_by(|a, b| a.rule.code == b.rule.code && a.diagnostic.range == b.diagnostic.range);
    if fixes == Fixes::Drop {
        // The reused findings come without; the rest (Dockerfile rules, a text scanned
        // whole) lose theirs here.
        for finding in &mut findings {
            finding.diagnostic.fix = None;
        }
    }
    LintResult {
        kind,
        findings,
        suppressions,
    }
}

/// [`codes::find`] remembered per code: a diagnostic's code is its rule's `&'static str`, so
/// the few rules of one lint are told apart by address, without hashing the code of each
/// of a big manifest's thousands of findings.
#[derive(Default)]
struct RuleMemo(Vec<(&'static str, Option<&'static RuleMeta>)>);

impl RuleMemo {
    fn find(&mut self, code: &'static str) -> Option<&'static RuleMeta> {
        let same = |known: &&'static str| {
            std::ptr::eq(known.as_ptr(), code.as_ptr()) && known.len() == code.len()
        };
        if let Some((_, rule)) = self.0.iter().find(|(known, _)| same(known)) {
            return *rule;
        }
        let rule = codes::find(code);
        self.0.push((code, rule));
        rule
    }
}

fn is_suppressed(rule: &RuleMeta, line: usize, suppressions: &[Suppression]) -> bool {
    suppressions
        .iter()
        .any(|s| s.covers_line(line) && s.codes.iter().any(|code| rule.answers_to(code)))
}
