//! `--format cosign-vuln`: the predicate of a cosign vulnerability attestation
//! (`https://cosign.sigstore.dev/attestation/vuln/v1`), for `cosign attest --type vuln`.
//! `scanner.result` is our scan report with camelCase counts added to its summary, so
//! admission policies can test `{{ scanner.result.summary.criticalCount }}`.

use serde_json::{json, Value};

use super::context::EncodeContext;
use super::json::{pretty, to_value};
use crate::model::scan::ScanReport;

/// The predicate type this encoder's output is attested as.
pub const COSIGN_VULN_PREDICATE_TYPE: &str = "https://cosign.sigstore.dev/attestation/vuln/v1";

#[must_use]
pub fn to_cosign_vuln(report: &ScanReport, context: &EncodeContext) -> String {
    pretty(&cosign_vuln_value(report, context))
}

/// The predicate as a JSON value (tests and policy evaluation read it this way).
#[must_use]
pub fn cosign_vuln_value(report: &ScanReport, context: &EncodeContext) -> Value {
    let report = report.normalized();
    let summary = report.summary;
    let mut result = to_value(&report);
    if let Some(object) = result.get_mut("summary").and_then(Value::as_object_mut) {
        object.insert("criticalCount".into(), summary.critical.into());
        object.insert("highCount".into(), summary.high.into());
        object.insert("mediumCount".into(), summary.medium.into());
        object.insert("lowCount".into(), summary.low.into());
        object.insert("unknownCount".into(), summary.unknown.into());
    }
    let tool = &context.tool;
    let (db_uri, db_version) = report
        .db
        .as_ref()
        .map_or((String::new(), String::new()), |db| {
            (db.uri.clone(), db.version.clone())
        });
    json!({
        "invocation": {
            "parameters": context.invocation.parameters,
            "uri": context.invocation.uri,
            "event_id": context.invocation.event_id,
            "builder.id": context.invocation.builder_id,
        },
        "scanner": {
            "uri": tool.information_uri,
            "version": tool.version,
            "db": { "uri": db_uri, "version": db_version },
            "result": result,
        },
        "metadata": {
            "scanStartedOn": context.started_at,
            "scanFinishedOn": context.finished_at,
        },
    })
}
