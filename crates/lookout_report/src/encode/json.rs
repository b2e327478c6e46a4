//! `--format json`: the model as it is, pretty-printed, one trailing newline.

use serde::Serialize;
use serde_json::Value;

use crate::model::lint::{LintReport, LINT_SCHEMA};
use crate::model::scan::ScanReport;

/// A document the JSON encoder can write.
pub trait JsonDocument {
    /// The document as JSON, with its `schema` tag and derived fields made consistent.
    fn json_value(&self) -> Value;
}

impl JsonDocument for ScanReport {
    fn json_value(&self) -> Value {
        to_value(&self.normalized())
    }
}

impl JsonDocument for LintReport {
    fn json_value(&self) -> Value {
        let mut value = to_value(self);
        if let Some(object) = value.as_object_mut() {
            object.insert("schema".into(), Value::from(LINT_SCHEMA));
        }
        value
    }
}

/// Serializing plain data structs with string keys cannot fail; `Null` is unreachable.
pub(crate) fn to_value<T: Serialize>(data: &T) -> Value {
    serde_json::to_value(data).unwrap_or(Value::Null)
}

/// Pretty JSON with a trailing newline (what every JSON-producing encoder writes).
pub(crate) fn pretty(value: &Value) -> String {
    let mut text = serde_json::to_string_pretty(value).unwrap_or_default();
    text.push('\n');
    text
}

/// `lookout scan|sbom|lint --format json`.
#[must_use]
pub fn to_json(report: &impl JsonDocument) -> String {
    pretty(&report.json_value())
}
