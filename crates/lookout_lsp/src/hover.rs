//! Hover: rule docs on a finding or on a code in an ignore comment, the parsed parts of an
//! image reference, and the advisories of a vulnerable dependency.

use lookout_core::DocumentKind;
use lookout_diagnostics::TextRange;
use lookout_rules::{codes, RuleMeta};
use lookout_syntax::image_ref::ImageRef;

use crate::analysis::Analysis;
use crate::documents::Document;

/// Markdown for the thing at `offset`, with the range it describes.
pub fn hover_at(
    document: &Document,
    analysis: &Analysis,
    offset: usize,
) -> Option<(String, TextRange)> {
    if let Some(lint) = &analysis.lint {
        for suppression in &lint.suppressions {
            for (code, range) in suppression.codes.iter().zip(&suppression.code_ranges) {
                if covers(*range, offset) {
                    return Some(match codes::find(code) {
                        Some(rule) => (rule_docs(rule), *range),
                        None => (
                            format!("`{code}` is not a Lookout rule code or alias."),
                            *range,
                        ),
                    });
                }
            }
        }
        let mut rules: Vec<&'static RuleMeta> = Vec::new();
        let mut span: Option<TextRange> = None;
        for finding in &lint.findings {
            if covers(finding.diagnostic.range, offset)
                && !rules.iter().any(|r| r.code == finding.rule.code)
            {
                rules.push(finding.rule);
                span = Some(span.map_or(finding.diagnostic.range, |s| {
                    s.cover(finding.diagnostic.range)
                }));
            }
        }
        if let Some(image) = image_at(&document.text, lint.kind, offset) {
            let mut text = image.0;
            for rule in &rules {
                text.push_str("\n\n---\n\n");
                text.push_str(&rule_docs(rule));
            }
            return Some((text, image.1));
        }
        if let Some(span) = span {
            let text = rules
                .iter()
                .map(|r| rule_docs(r))
                .collect::<Vec<_>>()
                .join("\n\n---\n\n");
            return Some((text, span));
        }
    }
    let dependency = analysis
        .dependencies
        .iter()
        .find(|f| covers(f.range, offset))?;
    let mut text = format!(
        "**{} {}** ({})\n\n",
        dependency.name, dependency.version, dependency.ecosystem
    );
    for (id, summary) in dependency.ids.iter().zip(&dependency.summaries) {
        text.push_str(&format!(
            "- [{id}](https://osv.dev/vulnerability/{id}) {summary}\n"
        ));
    }
    text.push_str(&format!(
        "\nSeverity: {}",
        lookout_core::deps::rating_label(dependency.severity)
    ));
    if let Some(fixed) = &dependency.fixed_version {
        text.push_str(&format!("; fixed in **{fixed}**"));
    }
    Some((text, dependency.range))
}

/// Inclusive end: hovering the last character's right edge still counts.
fn covers(range: TextRange, offset: usize) -> bool {
    range.start() <= offset && offset <= range.end()
}

/// The rule's docs as shown by `lookout rule CODE`, with its aliases and link.
pub fn rule_docs(rule: &RuleMeta) -> String {
    let mut text = format!("### {} `{}`\n\n", rule.code, rule.name);
    if !rule.aliases.is_empty() {
        text.push_str(&format!("Also known as: {}\n\n", rule.aliases.join(", ")));
    }
    text.push_str(&rule.docs());
    text.push_str(&format!("\n\n[Rule documentation]({})", rule.docs_url()));
    text
}

fn image_at(text: &str, kind: DocumentKind, offset: usize) -> Option<(String, TextRange)> {
    match kind {
        DocumentKind::Dockerfile => {
            let dockerfile = lookout_syntax::dockerfile::parse(text);
            let stage = dockerfile
                .stages
                .iter()
                .find(|s| covers(s.image.range, offset))?;
            if stage.base_stage.is_some() {
                return Some((
                    format!(
                        "Build stage `{}` defined earlier in this file.",
                        stage.image.text
                    ),
                    stage.image.range,
                ));
            }
            Some((
                describe_image(&stage.resolved_image, &stage.image.text),
                stage.image.range,
            ))
        }
        DocumentKind::Kubernetes => {
            let file = lookout_syntax::k8s::parse(text);
            let image = file
                .objects()
                .filter_map(|o| o.pod.as_ref())
                .flat_map(|p| p.containers.iter())
                .filter_map(|c| c.image.as_ref())
                .find(|i| covers(i.value_range, offset))?;
            Some((
                describe_image(&image.value, &image.value),
                image.value_range,
            ))
        }
        DocumentKind::Other => None,
    }
}

fn describe_image(resolved: &str, written: &str) -> String {
    let mut text = format!("**Image** `{resolved}`");
    if resolved != written {
        text.push_str(&format!(" (written `{written}`)"));
    }
    text.push_str("\n\n");
    match ImageRef::parse(resolved) {
        Ok(image) => {
            let registry = match &image.registry {
                Some(registry) => registry.clone(),
                None => format!("{} (default)", image.registry_or_default()),
            };
            let tag = match &image.tag {
                Some(tag) => format!("`{tag}`"),
                None if image.digest.is_some() => "none (the digest decides)".to_string(),
                None => format!("none: `{}` is used", image.tag_or_default()),
            };
            text.push_str(&format!("| | |\n|---|---|\n| registry | {registry} |\n| repository | `{}` |\n| tag | {tag} |\n| digest | {} |\n", image.normalized_repository(), image.digest.as_deref().map_or_else(|| "none: not pinned".to_string(), |d| format!("`{d}`"))));
        }
        Err(err) => text.push_str(&format!("Not a valid image reference: {err}")),
    }
    text
}
