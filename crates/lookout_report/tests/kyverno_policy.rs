//! examples/kyverno-require-scan.yaml against our cosign-vuln predicate: every condition's
//! `{{ … }}` key must resolve in the predicate, and the operators must admit a clean, fresh
//! scan and deny one with criticals or one that is stale.
#![allow(clippy::unwrap_used)]

mod common;

use common::{context, report_without_criticals, sample_report};
use lookout_report::{cosign_vuln_value, EncodeContext, ScanReport, COSIGN_VULN_PREDICATE_TYPE};
use serde_json::Value;
use yaml_rust2::{Yaml, YamlLoader};

fn policy_path() -> String {
    format!(
        "{}/../../examples/kyverno-require-scan.yaml",
        manifest_dir()
    )
}
/// The admission time the freshness check is evaluated at (a day after the sample scan).
const NOW: &str = "2026-11-28T06:00:00Z";

fn yaml_to_json(yaml: &Yaml) -> Value {
    match yaml {
        Yaml::Real(text) => text.parse::<f64>().map_or(Value::Null, Value::from),
        Yaml::Integer(i) => Value::from(*i),
        Yaml::String(s) => Value::from(s.clone()),
        Yaml::Boolean(b) => Value::from(*b),
        Yaml::Array(items) => Value::Array(items.iter().map(yaml_to_json).collect()),
        Yaml::Hash(map) => Value::Object(
            map.iter()
                .map(|(k, v)| (k.as_str().unwrap_or_default().to_string(), yaml_to_json(v)))
                .collect(),
        ),
        _ => Value::Null,
    }
}

struct Condition {
    key: String,
    operator: String,
    value: Value,
}

/// The conditions of every attestation of our predicate type in the policy.
fn conditions() -> Vec<Condition> {
    let text = std::fs::read_to_string(policy_path()).unwrap();
    let docs = YamlLoader::load_from_str(&text).unwrap();
    let policy = yaml_to_json(&docs[0]);
    assert_eq!(policy["kind"], "ClusterPolicy");
    let mut found = Vec::new();
    for rule in policy["spec"]["rules"].as_array().unwrap() {
        for verify in rule["verifyImages"].as_array().into_iter().flatten() {
            for attestation in verify["attestations"].as_array().into_iter().flatten() {
                if attestation["type"] != COSIGN_VULN_PREDICATE_TYPE {
                    continue;
                }
                for block in attestation["conditions"].as_array().unwrap() {
                    for kind in ["all", "any"] {
                        for c in block[kind].as_array().into_iter().flatten() {
                            found.push(Condition {
                                key: c["key"].as_str().unwrap().to_string(),
                                operator: c["operator"].as_str().unwrap().to_string(),
                                value: c["value"].clone(),
                            });
                        }
                    }
                }
            }
        }
    }
    found
}

/// What a `{{ … }}` key asks for: a dotted path, or `time_since` of a path's timestamp.
#[derive(Debug, PartialEq)]
enum Expression {
    Path(String),
    TimeSince(String),
}

fn strip_braces(text: &str) -> &str {
    let text = text.trim();
    text.strip_prefix("{{")
        .and_then(|t| t.strip_suffix("}}"))
        .unwrap_or(text)
        .trim()
}

fn parse_key(key: &str) -> Expression {
    let inner = strip_braces(key);
    if let Some(args) = inner
        .strip_prefix("time_since(")
        .and_then(|a| a.strip_suffix(')'))
    {
        let args: Vec<&str> = args
            .split(',')
            .map(|a| a.trim().trim_matches('\''))
            .collect();
        assert_eq!(args.len(), 3, "time_since takes (layout, ts1, ts2): {key}");
        assert!(
            args[2].is_empty(),
            "the second time must be empty (= now): {key}"
        );
        return Expression::TimeSince(strip_braces(args[1]).to_string());
    }
    assert!(
        inner
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '_'),
        "not a plain dotted path: {key}"
    );
    Expression::Path(inner.to_string())
}

fn resolve<'a>(document: &'a Value, path: &str) -> &'a Value {
    path.split('.').fold(document, |node, segment| {
        node.get(segment)
            .unwrap_or_else(|| panic!("`{path}` does not exist in the predicate (at `{segment}`)"))
    })
}

/// Seconds since 1970 of an RFC 3339 UTC timestamp (`YYYY-MM-DDThh:mm:ssZ`).
fn epoch_seconds(timestamp: &str) -> i64 {
    let number = |range: std::ops::Range<usize>| timestamp[range].parse::<i64>().unwrap();
    assert!(
        timestamp.ends_with('Z') && timestamp.len() >= 20,
        "not UTC RFC 3339: {timestamp}"
    );
    let (year, month, day) = (number(0..4), number(5..7), number(8..10));
    let (hour, minute, second) = (number(11..13), number(14..16), number(17..19));
    // Days from civil (H. Hinnant's algorithm).
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    days * 86_400 + hour * 3_600 + minute * 60 + second
}

/// A Go duration with h/m/s units (`168h`, `1h30m`) in seconds.
fn duration_seconds(text: &str) -> Option<i64> {
    let mut total = 0;
    let mut digits = String::new();
    for c in text.chars() {
        if c.is_ascii_digit() {
            digits.push(c);
        } else {
            let n: i64 = digits.parse().ok()?;
            digits.clear();
            total += n * match c {
                'h' => 3_600,
                'm' => 60,
                's' => 1,
                _ => return None,
            };
        }
    }
    digits.is_empty().then_some(total)
}

/// Both sides as numbers: plain numbers, or durations (seconds) as Kyverno compares them.
fn as_number(value: &Value) -> Option<f64> {
    value.as_f64().or_else(|| {
        let text = value.as_str()?;
        text.parse::<f64>()
            .ok()
            .or_else(|| duration_seconds(text).map(|s| s as f64))
    })
}

fn holds(actual: &Value, operator: &str, expected: &Value) -> bool {
    let numbers = as_number(actual).zip(as_number(expected));
    match (operator, numbers) {
        ("Equals", Some((a, e))) => a == e,
        ("NotEquals", Some((a, e))) => a != e,
        ("Equals", None) => actual == expected,
        ("NotEquals", None) => actual != expected,
        ("LessThan", Some((a, e))) => a < e,
        ("LessThanOrEquals", Some((a, e))) => a <= e,
        ("GreaterThan", Some((a, e))) => a > e,
        ("GreaterThanOrEquals", Some((a, e))) => a >= e,
        _ => panic!("cannot evaluate {actual} {operator} {expected}"),
    }
}

/// Each condition's outcome on the predicate of `report`, keyed by the condition's key.
fn evaluate(report: &ScanReport, context: &EncodeContext) -> Vec<(String, bool)> {
    let predicate = cosign_vuln_value(report, context);
    conditions()
        .into_iter()
        .map(|c| {
            let actual = match parse_key(&c.key) {
                Expression::Path(path) => resolve(&predicate, &path).clone(),
                Expression::TimeSince(path) => {
                    let finished = resolve(&predicate, &path).as_str().unwrap().to_string();
                    Value::from(format!(
                        "{}s",
                        epoch_seconds(NOW) - epoch_seconds(&finished)
                    ))
                }
            };
            let outcome = holds(&actual, &c.operator, &c.value);
            (c.key, outcome)
        })
        .collect()
}

fn failing(outcomes: &[(String, bool)]) -> Vec<&str> {
    outcomes
        .iter()
        .filter(|(_, ok)| !ok)
        .map(|(k, _)| k.as_str())
        .collect()
}

#[test]
fn policy_checks_the_counts_and_freshness_it_promises() {
    let keys: Vec<Expression> = conditions().iter().map(|c| parse_key(&c.key)).collect();
    for wanted in [
        Expression::Path("scanner.result.summary.criticalCount".into()),
        Expression::Path("scanner.result.summary.highCount".into()),
        Expression::TimeSince("metadata.scanFinishedOn".into()),
    ] {
        assert!(
            keys.contains(&wanted),
            "the policy lost its {wanted:?} condition"
        );
    }
}

#[test]
fn a_fresh_scan_without_criticals_is_admitted() {
    let outcomes = evaluate(&report_without_criticals(), &context());
    assert!(
        failing(&outcomes).is_empty(),
        "denied: {:?}",
        failing(&outcomes)
    );
}

#[test]
fn a_scan_with_criticals_is_denied_by_the_critical_count() {
    let outcomes = evaluate(&sample_report(), &context());
    assert_eq!(
        failing(&outcomes),
        ["{{ scanner.result.summary.criticalCount }}"]
    );
}

#[test]
fn a_stale_scan_is_denied_by_the_freshness_check() {
    let stale = EncodeContext::new(
        context().tool,
        "2026-10-01T00:00:00Z",
        "2026-10-01T00:05:00Z",
    );
    let outcomes = evaluate(&report_without_criticals(), &stale);
    let failed = failing(&outcomes);
    assert_eq!(failed.len(), 1);
    assert!(failed[0].contains("metadata.scanFinishedOn"));
}

#[test]
fn too_many_highs_are_denied() {
    let mut report = report_without_criticals();
    let high = report
        .vulnerabilities
        .iter()
        .find(|v| v.severity == lookout_report::ScanSeverity::High)
        .cloned()
        .unwrap();
    report.vulnerabilities.extend(std::iter::repeat_n(high, 10));
    let outcomes = evaluate(&report, &context());
    assert_eq!(
        failing(&outcomes),
        ["{{ scanner.result.summary.highCount }}"]
    );
}

#[test]
fn helpers_compute_what_kyverno_would() {
    assert_eq!(epoch_seconds("1970-01-02T00:00:01Z"), 86_401);
    assert_eq!(
        epoch_seconds("2026-11-28T06:00:00Z") - epoch_seconds("2026-11-27T06:00:07Z"),
        86_393
    );
    assert_eq!(duration_seconds("168h"), Some(604_800));
    assert_eq!(duration_seconds("1h30m"), Some(5_400));
    assert!(holds(
        &Value::from("86393s"),
        "LessThanOrEquals",
        &Value::from("168h")
    ));
    assert!(!holds(&Value::from(3), "Equals", &Value::from(0)));
}

/// The package directory at run time (cargo sets it for tests), not at compile time: a
/// test binary reused from another checkout's build must read this checkout's files.
fn manifest_dir() -> String {
    std::env::var("CARGO_MANIFEST_DIR").unwrap_or_else(|_| env!("CARGO_MANIFEST_DIR").to_owned())
}
