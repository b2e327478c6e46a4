//! Building an [`ImageConfigInput`] from an image config JSON document (Docker and OCI use
//! the same `config` / `history` shape).

use std::collections::BTreeMap;

use serde::Deserialize;

use super::{HistoryEntry, ImageConfigInput, LayerCacheUsage};

/// The config document could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ImageConfigError {
    #[error("image config is not valid JSON: {0}")]
    Json(#[from] serde_json::Error),
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct ConfigDocument {
    config: Option<ContainerConfig>,
    history: Vec<HistoryDocument>,
    /// Not part of the image spec: lets docs and tests state what a layer walk measured.
    layer_cache_bytes: Vec<LayerCacheUsage>,
}

#[derive(Deserialize, Default)]
#[serde(default, rename_all = "PascalCase")]
struct ContainerConfig {
    user: Option<String>,
    exposed_ports: Option<BTreeMap<String, serde_json::Value>>,
    healthcheck: Option<Healthcheck>,
    env: Option<Vec<String>>,
    labels: Option<BTreeMap<String, String>>,
}

#[derive(Deserialize, Default)]
#[serde(default, rename_all = "PascalCase")]
struct Healthcheck {
    test: Option<Vec<String>>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct HistoryDocument {
    created_by: Option<String>,
    empty_layer: Option<bool>,
}

impl ImageConfigInput {
    /// Read the fields the rules need from an image config JSON document.
    ///
    /// # Errors
    /// When `json` is not a JSON object of the image config shape.
    pub fn from_config_json(json: &[u8]) -> Result<Self, ImageConfigError> {
        let doc: ConfigDocument = serde_json::from_slice(json)?;
        let config = doc.config.unwrap_or_default();
        Ok(Self {
            user: config.user,
            exposed_ports: config
                .exposed_ports
                .map(|ports| ports.into_keys().collect())
                .unwrap_or_default(),
            // A `Healthcheck` object without `Test` inherits the base image's check, which
            // the config no longer shows; treat it as present.
            healthcheck: config
                .healthcheck
                .map(|h| h.test.unwrap_or_else(|| vec!["INHERITED".to_string()])),
            env: config.env.unwrap_or_default(),
            labels: config.labels.unwrap_or_default(),
            history: doc
                .history
                .into_iter()
                .map(|h| HistoryEntry {
                    created_by: h.created_by.unwrap_or_default(),
                    empty_layer: h.empty_layer.unwrap_or(false),
                })
                .collect(),
            layer_cache_bytes: doc.layer_cache_bytes,
        })
    }
}
