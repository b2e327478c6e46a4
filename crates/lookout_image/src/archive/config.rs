//! The image config blob: platform, runtime settings and history, read leniently (missing
//! fields are empty, never an error).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// `HEALTHCHECK` as stored in the config (durations in nanoseconds).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Healthcheck {
    /// `["NONE"]`, `["CMD", ...]` or `["CMD-SHELL", "..."]`.
    pub test: Vec<String>,
    pub interval_ns: Option<i64>,
    pub timeout_ns: Option<i64>,
    pub retries: Option<i64>,
}

/// One history entry, mapped to the layer it produced.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryEntry {
    pub created: Option<String>,
    pub created_by: Option<String>,
    pub comment: Option<String>,
    pub empty_layer: bool,
    /// Index of the layer this step produced; `None` for empty-layer steps.
    pub layer: Option<usize>,
}

/// The parts of the image config scanners and config rules read.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImageConfig {
    pub os: Option<String>,
    pub architecture: Option<String>,
    pub variant: Option<String>,
    pub user: Option<String>,
    pub exposed_ports: Vec<String>,
    pub env: Vec<String>,
    pub labels: BTreeMap<String, String>,
    pub entrypoint: Vec<String>,
    pub cmd: Vec<String>,
    pub working_dir: Option<String>,
    pub healthcheck: Option<Healthcheck>,
    pub history: Vec<HistoryEntry>,
    pub diff_ids: Vec<String>,
}

fn string(v: Option<&Value>) -> Option<String> {
    v.and_then(Value::as_str)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

fn strings(v: Option<&Value>) -> Vec<String> {
    v.and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default()
}

impl ImageConfig {
    /// Parses a config document (OCI image config or Docker's, which is a superset).
    pub fn from_json(doc: &Value) -> Self {
        let runtime = doc.get("config").or_else(|| doc.get("container_config"));
        let get = |k: &str| runtime.and_then(|c| c.get(k));
        let mut exposed_ports: Vec<String> = get("ExposedPorts")
            .and_then(Value::as_object)
            .map(|m| m.keys().cloned().collect())
            .unwrap_or_default();
        exposed_ports.sort();
        let labels = get("Labels")
            .and_then(Value::as_object)
            .map(|m| {
                m.iter()
                    .map(|(k, v)| (k.clone(), v.as_str().unwrap_or_default().to_string()))
                    .collect()
            })
            .unwrap_or_default();
        let healthcheck = get("Healthcheck")
            .filter(|h| h.is_object())
            .map(|h| Healthcheck {
                test: strings(h.get("Test")),
                interval_ns: h.get("Interval").and_then(Value::as_i64),
                timeout_ns: h.get("Timeout").and_then(Value::as_i64),
                retries: h.get("Retries").and_then(Value::as_i64),
            });
        let mut layer = 0usize;
        let history = doc
            .get("history")
            .and_then(Value::as_array)
            .map(|entries| {
                entries
                    .iter()
                    .map(|h| {
                        let empty_layer = h
                            .get("empty_layer")
                            .and_then(Value::as_bool)
                            .unwrap_or(false);
                        let this = (!empty_layer).then(|| {
                            layer += 1;
                            layer - 1
                        });
                        HistoryEntry {
                            created: string(h.get("created")),
                            created_by: string(h.get("created_by")),
                            comment: string(h.get("comment")),
                            empty_layer,
                            layer: this,
                        }
                    })
                    .collect()
            })
            .unwrap_or_default();
        Self {
            os: string(doc.get("os")),
            architecture: string(doc.get("architecture")),
            variant: string(doc.get("variant")),
            user: string(get("User")),
            exposed_ports,
            env: strings(get("Env")),
            labels,
            entrypoint: strings(get("Entrypoint")),
            cmd: strings(get("Cmd")),
            working_dir: string(get("WorkingDir")),
            healthcheck,
            history,
            diff_ids: strings(doc.get("rootfs").and_then(|r| r.get("diff_ids"))),
        }
    }

    /// `created_by` of the history step that produced layer `index`.
    pub fn created_by(&self, index: usize) -> Option<&str> {
        self.history
            .iter()
            .find(|h| h.layer == Some(index))
            .and_then(|h| h.created_by.as_deref())
    }

    /// `os/arch[/variant]`, e.g. `linux/amd64`.
    pub fn platform(&self) -> String {
        let mut p = format!(
            "{}/{}",
            self.os.as_deref().unwrap_or("unknown"),
            self.architecture.as_deref().unwrap_or("unknown")
        );
        if let Some(v) = &self.variant {
            p.push('/');
            p.push_str(v);
        }
        p
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn history_maps_to_layers_skipping_empty_steps() {
        let doc: Value = serde_json::json!({
            "os": "linux", "architecture": "arm64", "variant": "v8",
            "config": {"User": "app", "ExposedPorts": {"80/tcp": {}}, "Env": ["A=1"],
                       "Labels": {"k": "v"}, "Healthcheck": {"Test": ["CMD", "true"], "Retries": 3}},
            "history": [{"created_by": "ADD x", "empty_layer": false},
                        {"created_by": "ENV A=1", "empty_layer": true},
                        {"created_by": "RUN y"}],
            "rootfs": {"type": "layers", "diff_ids": ["sha256:a", "sha256:b"]}
        });
        let c = ImageConfig::from_json(&doc);
        assert_eq!(c.platform(), "linux/arm64/v8");
        assert_eq!(c.created_by(1), Some("RUN y"));
        assert_eq!(c.history[1].layer, None);
        assert_eq!(c.user.as_deref(), Some("app"));
        assert_eq!(c.exposed_ports, vec!["80/tcp"]);
        assert_eq!(c.healthcheck.as_ref().map(|h| h.retries), Some(Some(3)));
        assert_eq!(c.diff_ids.len(), 2);
    }
}
