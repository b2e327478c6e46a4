//! SARIF for `lookout lint`: one result per finding at its exact region, fixes included.

use std::collections::HashMap;

use serde_json::{json, Value};

use super::{
    artifact_uri, find_descriptor, fingerprints, lint_level, rule_index, sarif_log, SarifRule,
};
use crate::encode::context::EncodeContext;
use crate::encode::json::pretty;
use crate::encode::text::{as_sentence, hash_hex};
use crate::model::lint::{LintEdit, LintFinding, LintReport};
use crate::model::rules::RuleDescriptor;

/// `lookout lint --format sarif`. `rules` describes the rules (the catalog, or just those
/// that fired); rules no finding uses are left out to keep the log small.
#[must_use]
pub fn to_sarif_lint(
    report: &LintReport,
    rules: &[RuleDescriptor],
    context: &EncodeContext,
) -> String {
    let mut sarif_rules: Vec<SarifRule> = Vec::new();
    let mut rule_ids: Vec<String> = Vec::with_capacity(report.findings.len());
    for finding in &report.findings {
        let descriptor = find_descriptor(rules, &finding.rule, &finding.rule, finding.severity);
        if rule_index(&sarif_rules, &descriptor.code).is_none() {
            sarif_rules.push(SarifRule {
                level: lint_level(descriptor.default_severity),
                security_severity: None,
                help_text: None,
                descriptor: descriptor.clone(),
            });
        }
        rule_ids.push(descriptor.code);
    }
    sarif_rules.sort_by(|a, b| a.descriptor.code.cmp(&b.descriptor.code));

    // Identical findings (same rule, file and message) are told apart by their order, so
    // each keeps its own alert while lines shift above it.
    let mut occurrences: HashMap<(String, String, String), usize> = HashMap::new();
    let results = report
        .findings
        .iter()
        .zip(&rule_ids)
        .map(|(finding, rule_id)| {
            let key = (
                rule_id.clone(),
                finding.path.clone(),
                finding.message.clone(),
            );
            let nth = occurrences.entry(key).or_insert(0);
            *nth += 1;
            let nth_text = nth.to_string();
            let fingerprint = hash_hex(&[rule_id, &finding.path, &finding.message, &nth_text]);
            result(
                finding,
                rule_id,
                rule_index(&sarif_rules, rule_id),
                fingerprint,
            )
        })
        .collect();
    pretty(&sarif_log(context, &sarif_rules, results, json!({})))
}

fn region(line: u32, column: u32, end_line: u32, end_column: u32) -> Value {
    let line = line.max(1);
    let column = column.max(1);
    // SARIF forbids an end before the start; clamp rather than emit an invalid region.
    let (end_line, end_column) = if (end_line, end_column) < (line, column) {
        (line, column)
    } else {
        (end_line, end_column)
    };
    json!({
        "startLine": line,
        "startColumn": column,
        "endLine": end_line,
        "endColumn": end_column,
    })
}

fn edit_region(edit: &LintEdit) -> Value {
    region(edit.line, edit.column, edit.end_line, edit.end_column)
}

fn result(
    finding: &LintFinding,
    rule_id: &str,
    index: Option<usize>,
    fingerprint: String,
) -> Value {
    let uri = artifact_uri(&finding.path);
    let mut result = json!({
        "ruleId": rule_id,
        "level": lint_level(finding.severity),
        "message": { "text": as_sentence(&finding.message) },
        "locations": [{
            "physicalLocation": {
                "artifactLocation": { "uri": uri },
                "region": region(finding.line, finding.column, finding.end_line, finding.end_column),
            }
        }],
        "partialFingerprints": fingerprints(fingerprint),
    });
    let Some(object) = result.as_object_mut() else {
        return result;
    };
    if let Some(index) = index {
        object.insert("ruleIndex".into(), json!(index));
    }
    if let Some(fix) = &finding.fix {
        let title = if fix.title.is_empty() {
            format!("Fix {rule_id}")
        } else {
            fix.title.clone()
        };
        let replacements: Vec<Value> = fix
            .edits
            .iter()
            .map(|edit| {
                json!({
                    "deletedRegion": edit_region(edit),
                    "insertedContent": { "text": edit.text },
                })
            })
            .collect();
        object.insert(
            "fixes".into(),
            json!([{
                "description": { "text": as_sentence(&title) },
                "properties": { "applicability": fix.applicability },
                "artifactChanges": [{
                    "artifactLocation": { "uri": uri },
                    "replacements": replacements,
                }],
            }]),
        );
    }
    if !finding.aliases.is_empty() {
        object.insert("properties".into(), json!({ "aliases": finding.aliases }));
    }
    result
}
