//! Code actions: a rule's own fix (safe ones preferred), "ignore CODE for this line",
//! "ignore CODE in this file", and version bumps for vulnerable dependencies.

use std::collections::HashMap;

use lookout_core::DocumentKind;
use lookout_diagnostics::{Applicability, Edit, Fix, LineIndex, PositionEncoding, TextRange};
use tower_lsp_server::ls_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, Diagnostic, TextEdit, WorkspaceEdit,
};

use crate::analysis::{dependency_diagnostic, lint_diagnostic, Analysis, DocLinks};
use crate::convert::Positions;
use crate::documents::Document;

/// The actions for the findings touching `requested`.
pub fn code_actions(
    document: &Document,
    analysis: &Analysis,
    requested: TextRange,
    encoding: PositionEncoding,
) -> Vec<CodeActionOrCommand> {
    let positions = Positions::new(&document.text, encoding);
    let mut fixes = Vec::new();
    let mut ignores = Vec::new();
    let mut ignored_codes: Vec<&str> = Vec::new();
    let mut links = DocLinks::default();
    if let Some(lint) = &analysis.lint {
        for finding in &lint.findings {
            if !touches(finding.diagnostic.range, requested) {
                continue;
            }
            let diagnostic = &lint_diagnostic(&document.uri, &positions, finding, &mut links);
            if let Some(fix) = &finding.diagnostic.fix {
                fixes.push(action(document, &positions, fix, Some(diagnostic)));
            }
            let code = finding.rule.code;
            if ignored_codes.contains(&code) {
                continue;
            }
            ignored_codes.push(code);
            let line_fix = ignore_line_fix(
                &document.text,
                lint.kind,
                finding.diagnostic.range.start(),
                code,
            );
            ignores.push(action(document, &positions, &line_fix, Some(diagnostic)));
            let file_fix = ignore_file_fix(&document.text, lint.kind, code);
            ignores.push(action(document, &positions, &file_fix, Some(diagnostic)));
        }
    }
    for finding in &analysis.dependencies {
        if !touches(finding.range, requested) {
            continue;
        }
        let diagnostic = &dependency_diagnostic(&positions, finding);
        if let Some(fix) = lookout_core::deps::version_bump_fix(&document.path, finding) {
            fixes.push(action(document, &positions, &fix, Some(diagnostic)));
        }
    }
    fixes
        .into_iter()
        .chain(ignores)
        .map(CodeActionOrCommand::CodeAction)
        .collect()
}

/// Inclusive at both ends: a cursor right after a finding still offers its actions.
fn touches(finding: TextRange, requested: TextRange) -> bool {
    finding.start() <= requested.end() && requested.start() <= finding.end()
}

fn action(
    document: &Document,
    positions: &Positions<'_>,
    fix: &Fix,
    diagnostic: Option<&Diagnostic>,
) -> CodeAction {
    let edits = fix
        .edits
        .iter()
        .map(|edit| TextEdit {
            range: positions.range(edit.range),
            new_text: edit.text.clone(),
        })
        .collect();
    let unsafe_fix = fix.applicability == Applicability::Unsafe;
    CodeAction {
        title: if unsafe_fix {
            format!("{} (unsafe: review the change)", fix.title)
        } else {
            fix.title.clone()
        },
        kind: Some(CodeActionKind::QUICKFIX),
        diagnostics: diagnostic.map(|d| vec![d.clone()]),
        edit: Some(WorkspaceEdit {
            changes: Some(HashMap::from([(document.uri.clone(), edits)])),
            ..WorkspaceEdit::default()
        }),
        is_preferred: Some(!unsafe_fix && !fix.title.starts_with("Ignore ")),
        ..CodeAction::default()
    }
}

/// `# lookout ignore=CODE` on the line before the instruction (Dockerfile) or key (YAML)
/// holding `offset`; appended to such a comment when one is already there.
pub fn ignore_line_fix(text: &str, kind: DocumentKind, offset: usize, code: &str) -> Fix {
    let index = LineIndex::new(text);
    let target_start = match kind {
        // A suppression reaches a whole instruction, continuation lines included, so the
        // comment goes above the instruction's first line.
        DocumentKind::Dockerfile => lookout_syntax::dockerfile::parse(text)
            .instructions
            .iter()
            .find(|i| i.range.start() <= offset && offset < i.range.end().max(i.range.start() + 1))
            .map_or(offset, |i| i.range.start()),
        _ => offset,
    };
    let line = index.line_of(target_start);
    let line_start = index.line_start(line).unwrap_or(0);
    let line_text = line_text(text, &index, line);
    let indent: String = line_text
        .chars()
        .take_while(|c| *c == ' ' || *c == '\t')
        .collect();
    let title = format!("Ignore {code} for this line");
    if let Some(previous) = line.checked_sub(1) {
        let previous_text = line_text_range(text, &index, previous);
        if let Some(range) = previous_text {
            let body = text.get(range.start()..range.end()).unwrap_or("");
            if body.trim_start().starts_with("# lookout ignore=") {
                let end = range.start() + body.trim_end().len();
                return Fix::safe(title, vec![Edit::insert(end, format!(",{code}"))]);
            }
        }
    }
    Fix::safe(
        title,
        vec![Edit::insert(
            line_start,
            format!("{indent}# lookout ignore={code}\n"),
        )],
    )
}

/// `# lookout ignore-file=CODE` at the top (after a Dockerfile's parser directives, which
/// only count before any other line), or appended to such a comment.
pub fn ignore_file_fix(text: &str, kind: DocumentKind, code: &str) -> Fix {
    let index = LineIndex::new(text);
    let title = format!("Ignore {code} in this file");
    for line in 0..index.line_count() {
        let Some(range) = line_text_range(text, &index, line) else {
            break;
        };
        let body = text.get(range.start()..range.end()).unwrap_or("");
        if body.trim_start().starts_with("# lookout ignore-file=") {
            let end = range.start() + body.trim_end().len();
            return Fix::safe(title, vec![Edit::insert(end, format!(",{code}"))]);
        }
    }
    let mut insert_at = 0;
    if kind == DocumentKind::Dockerfile {
        for line in 0..index.line_count() {
            let body = line_text(text, &index, line);
            if !is_parser_directive(body) {
                break;
            }
            insert_at = index.line_start(line + 1).unwrap_or(text.len());
        }
    }
    let mut comment = format!("# lookout ignore-file={code}\n");
    if insert_at == text.len() && !text.is_empty() && !text.ends_with('\n') {
        comment.insert(0, '\n');
    }
    Fix::safe(title, vec![Edit::insert(insert_at, comment)])
}

/// `# name=value` with a one-word name, as BuildKit reads directives.
fn is_parser_directive(line: &str) -> bool {
    let Some(rest) = line.trim().strip_prefix('#') else {
        return false;
    };
    let Some((name, _)) = rest.split_once('=') else {
        return false;
    };
    let name = name.trim();
    !name.is_empty()
        && name.chars().all(|c| c.is_ascii_alphanumeric())
        && name.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
}

fn line_text_range(text: &str, index: &LineIndex, line: usize) -> Option<TextRange> {
    index.line_range(text, line)
}

fn line_text<'t>(text: &'t str, index: &LineIndex, line: usize) -> &'t str {
    line_text_range(text, index, line)
        .and_then(|r| text.get(r.start()..r.end()))
        .unwrap_or("")
}

#[cfg(test)]
mod tests {
    use super::*;
    use lookout_diagnostics::apply_edits;

    #[test]
    fn ignore_line_goes_above_the_instruction_start() {
        let text = "FROM debian:12\nRUN apt-get update && \\\n    apt-get install curl\n";
        let offset = text.find("apt-get install").unwrap_or(0);
        let fix = ignore_line_fix(text, DocumentKind::Dockerfile, offset, "DL3008");
        assert_eq!(
            apply_edits(text, &fix.edits),
            "FROM debian:12\n# lookout ignore=DL3008\nRUN apt-get update && \\\n    apt-get install curl\n"
        );
        let again = apply_edits(text, &fix.edits);
        let second = ignore_line_fix(
            &again,
            DocumentKind::Dockerfile,
            again.find("apt-get install").unwrap_or(0),
            "DL3015",
        );
        assert!(apply_edits(&again, &second.edits).contains("# lookout ignore=DL3008,DL3015\nRUN"));
    }

    #[test]
    fn ignore_line_in_yaml_keeps_indentation() {
        let text = "spec:\n  containers:\n    - name: a\n      securityContext:\n        privileged: true\n";
        let fix = ignore_line_fix(
            text,
            DocumentKind::Kubernetes,
            text.find("privileged").unwrap_or(0),
            "LKK010",
        );
        assert!(apply_edits(text, &fix.edits)
            .contains("        # lookout ignore=LKK010\n        privileged: true"));
    }

    #[test]
    fn ignore_file_goes_after_parser_directives() {
        let text = "# syntax=docker/dockerfile:1\n# escape=`\nFROM nginx:latest\n";
        let fix = ignore_file_fix(text, DocumentKind::Dockerfile, "DL3007");
        assert_eq!(
            apply_edits(text, &fix.edits),
            "# syntax=docker/dockerfile:1\n# escape=`\n# lookout ignore-file=DL3007\nFROM nginx:latest\n"
        );
        let yaml = ignore_file_fix("apiVersion: v1\n", DocumentKind::Kubernetes, "LKK001");
        assert_eq!(
            apply_edits("apiVersion: v1\n", &yaml.edits),
            "# lookout ignore-file=LKK001\napiVersion: v1\n"
        );
    }
}
