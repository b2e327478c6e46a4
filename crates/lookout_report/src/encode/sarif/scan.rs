//! SARIF for `lookout scan`: vulnerabilities (one rule per advisory id), secrets and image
//! misconfigurations. Findings point at the file the package or secret was read from, on
//! the lockfile line that declares the package or the secret's line (line 1 for a package
//! database, which has no useful line), and misconfigurations at the image itself.

use lookout_diagnostics::Severity;
use serde_json::{json, Value};

use super::{
    artifact_uri, find_descriptor, fingerprints, rule_index, sarif_log, scan_level, SarifRule,
};
use crate::encode::context::EncodeContext;
use crate::encode::json::pretty;
use crate::encode::text::{as_sentence, hash_hex, is_web_url};
use crate::model::rules::RuleDescriptor;
use crate::model::scan::{ScanReport, VulnerabilityEntry};
use crate::model::severity::ScanSeverity;

/// Lint severity closest to an image severity (descriptor defaults are lint severities).
fn as_lint_severity(severity: ScanSeverity) -> Severity {
    match severity {
        ScanSeverity::Critical | ScanSeverity::High => Severity::Error,
        ScanSeverity::Medium => Severity::Warning,
        ScanSeverity::Low | ScanSeverity::Unknown => Severity::Info,
    }
}

fn advisory_url(vulnerability: &VulnerabilityEntry) -> String {
    vulnerability
        .references
        .iter()
        .find(|r| is_web_url(r))
        .cloned()
        .unwrap_or_else(|| format!("https://osv.dev/vulnerability/{}", vulnerability.id))
}

fn score_of(vulnerability: &VulnerabilityEntry) -> f64 {
    vulnerability
        .cvss
        .as_ref()
        .map(|c| c.score)
        .filter(|s| s.is_finite() && *s > 0.0)
        .unwrap_or_else(|| vulnerability.severity.representative_score())
}

/// Keep the most severe level and highest score a rule's results reach.
fn raise(rule: &mut SarifRule, severity: ScanSeverity, score: f64) {
    let level = scan_level(severity);
    let rank = |l: &str| match l {
        "error" => 0,
        "warning" => 1,
        _ => 2,
    };
    if rank(level) < rank(rule.level) {
        rule.level = level;
    }
    let current = rule.security_severity.unwrap_or(0.0);
    rule.security_severity = Some(current.max(score));
}

fn upsert(
    rules: &mut Vec<SarifRule>,
    descriptor: RuleDescriptor,
    help_text: Option<String>,
    severity: ScanSeverity,
    score: f64,
) {
    if let Some(i) = rule_index(rules, &descriptor.code) {
        if let Some(rule) = rules.get_mut(i) {
            raise(rule, severity, score);
        }
    } else {
        rules.push(SarifRule {
            descriptor,
            level: scan_level(severity),
            security_severity: Some(score),
            help_text,
        });
    }
}

fn vulnerability_help_text(v: &VulnerabilityEntry) -> String {
    format!(
        "Vulnerability {id}\n{title}\nSeverity: {sev}\nPackage: {pkg}\nInstalled Version: {ver}\nFixed Version: {fixed}\nLink: {url}\n",
        id = v.id,
        title = v.title.as_deref().unwrap_or(&v.id),
        sev = v.severity,
        pkg = v.package,
        ver = v.version,
        fixed = v.fixed_version.as_deref().unwrap_or("none yet"),
        url = advisory_url(v),
    )
}

fn vulnerability_descriptor(report: &ScanReport, v: &VulnerabilityEntry) -> RuleDescriptor {
    let title = v.title.clone().unwrap_or_else(|| v.id.clone());
    let url = advisory_url(v);
    let fixed = v.fixed_version.as_deref().unwrap_or("none yet");
    let docs = format!(
        "**Vulnerability {id}**\n\n{title}\n\n| Severity | Package | Installed Version | Fixed Version | Link |\n| --- | --- | --- | --- | --- |\n| {sev} | {pkg} | {ver} | {fixed} | [{id}]({url}) |\n",
        id = v.id,
        sev = v.severity,
        pkg = v.package,
        ver = v.version,
    );
    let os = report.is_os_ecosystem(&v.ecosystem);
    RuleDescriptor {
        code: v.id.clone(),
        name: if os {
            "OsPackageVulnerability".to_string()
        } else {
            "LanguageSpecificPackageVulnerability".to_string()
        },
        summary: title,
        docs_markdown: docs,
        help_uri: Some(url),
        default_severity: as_lint_severity(v.severity),
        aliases: v.aliases.clone(),
        tags: vec!["vulnerability".to_string(), v.severity.as_str().to_string()],
    }
}

fn location(uri: &str, line: usize) -> Value {
    json!([{
        "physicalLocation": {
            "artifactLocation": { "uri": uri },
            "region": { "startLine": line.max(1), "startColumn": 1 },
        }
    }])
}

/// Where image-level findings point: the image itself, named like the artifact.
fn artifact_location_uri(report: &ScanReport) -> String {
    let name = report.artifact.name.trim();
    artifact_uri(if name.is_empty() { "image" } else { name })
}

/// `lookout scan --format sarif`. `rules` describes the secret and misconfiguration rules
/// (vulnerability rules are built from the advisories themselves).
#[must_use]
pub fn to_sarif_scan(
    report: &ScanReport,
    rules: &[RuleDescriptor],
    context: &EncodeContext,
) -> String {
    let report = report.normalized();
    let mut sarif_rules: Vec<SarifRule> = Vec::new();
    let mut pending: Vec<(String, Value)> = Vec::new();

    let mut vulnerabilities: Vec<&VulnerabilityEntry> = report.vulnerabilities.iter().collect();
    vulnerabilities.sort_by(|a, b| (a.severity, &a.id, &a.purl).cmp(&(b.severity, &b.id, &b.purl)));
    for v in vulnerabilities {
        let score = score_of(v);
        upsert(
            &mut sarif_rules,
            vulnerability_descriptor(&report, v),
            Some(vulnerability_help_text(v)),
            v.severity,
            score,
        );
        let path = if v.path.is_empty() {
            report.artifact.name.as_str()
        } else {
            v.path.as_str()
        };
        let fixed = v.fixed_version.as_ref().map_or_else(
            || "no fixed version yet".to_string(),
            |f| format!("fixed in {f}"),
        );
        let message = format!(
            "Package {} {} is affected by {} ({}); {}",
            v.package, v.version, v.id, v.severity, fixed
        );
        pending.push((
            v.id.clone(),
            json!({
                "level": scan_level(v.severity),
                "message": { "text": as_sentence(&message) },
                "locations": location(&artifact_uri(path), v.line.unwrap_or(1)),
                "partialFingerprints": fingerprints(hash_hex(&[&v.id, &v.purl, &v.path, &v.version])),
                "properties": {
                    "package": v.package,
                    "installedVersion": v.version,
                    "fixedVersion": v.fixed_version,
                    "purl": v.purl,
                    "layer": v.layer,
                },
            }),
        ));
    }

    for s in &report.secrets {
        let summary = s
            .title
            .clone()
            .unwrap_or_else(|| format!("Secret: {}", s.rule));
        let mut descriptor =
            find_descriptor(rules, &s.rule, &summary, as_lint_severity(s.severity));
        if !descriptor.tags.iter().any(|t| t == "secret") {
            descriptor.tags.push("secret".to_string());
        }
        let code = descriptor.code.clone();
        upsert(
            &mut sarif_rules,
            descriptor,
            None,
            s.severity,
            s.severity.representative_score(),
        );
        let mut message = format!("{} ({}) found: {}", summary, s.severity, s.match_);
        if let Some(layer) = s.deleted_in_layer {
            message.push_str(&format!(
                "; the file was deleted in layer {layer} but stays in the image"
            ));
        }
        pending.push((
            code.clone(),
            json!({
                "level": scan_level(s.severity),
                "message": { "text": as_sentence(&message) },
                "locations": location(&artifact_uri(&s.path), s.line),
                "partialFingerprints": fingerprints(hash_hex(&[&code, &s.path, &s.match_])),
                "properties": { "layer": s.layer, "deletedInLayer": s.deleted_in_layer },
            }),
        ));
    }

    let image_uri = artifact_location_uri(&report);
    for m in &report.misconfigurations {
        let descriptor = find_descriptor(rules, &m.rule, &m.message, as_lint_severity(m.severity));
        let code = descriptor.code.clone();
        upsert(
            &mut sarif_rules,
            descriptor,
            None,
            m.severity,
            m.severity.representative_score(),
        );
        pending.push((
            code.clone(),
            json!({
                "level": scan_level(m.severity),
                "message": { "text": as_sentence(&m.message) },
                "locations": location(&image_uri, 1),
                "partialFingerprints": fingerprints(hash_hex(&[&code, &m.message, &report.artifact.name])),
                "properties": { "source": m.source, "layer": m.layer },
            }),
        ));
    }

    sarif_rules.sort_by(|a, b| a.descriptor.code.cmp(&b.descriptor.code));
    let results = pending
        .into_iter()
        .map(|(rule_id, mut result)| {
            if let Some(object) = result.as_object_mut() {
                object.insert("ruleId".into(), json!(rule_id));
                if let Some(index) = rule_index(&sarif_rules, &rule_id) {
                    object.insert("ruleIndex".into(), json!(index));
                }
            }
            result
        })
        .collect();
    let properties = json!({
        "artifactName": report.artifact.name,
        "artifactFormat": report.artifact.format,
        "artifactDigest": report.artifact.digest,
    });
    pretty(&sarif_log(context, &sarif_rules, results, properties))
}
