//! `scan_layer(index, i, progress)`: decodes and walks one layer in the calling worker,
//! with the secret scanner as the file sink (every regular file of every layer is a
//! candidate: a secret deleted later is still in the image). The result crosses workers
//! as JSON bytes (transferable, no structured-clone of deep objects).

use lookout_image::{FileSink, LayerResult, Options, TarBlobs};
use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;

use super::index::ArchiveIndex;
use crate::error::{js_error, ErrorKind};

/// A secret found in one file of one layer (redacted already).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct LayerSecret {
    pub rule: String,
    /// `CRITICAL|HIGH|MEDIUM|LOW`.
    pub severity: String,
    pub title: String,
    pub path: String,
    pub line: u32,
    pub layer: usize,
    pub redacted: String,
}

/// What one layer worker returns.
#[derive(Serialize, Deserialize)]
pub struct LayerOutput {
    pub result: LayerResult,
    pub secrets: Vec<LayerSecret>,
}

struct SecretSink {
    found: Vec<LayerSecret>,
}

impl FileSink for SecretSink {
    fn wants(&self, path: &str, size: u64) -> bool {
        lookout_rules::secrets::wants(path, size)
    }

    fn file(&mut self, layer: usize, path: &str, data: &[u8]) {
        for m in lookout_rules::secrets::scan(path, data) {
            self.found.push(LayerSecret {
                rule: m.rule.code.to_owned(),
                severity: m.scan_severity.as_str().to_owned(),
                title: m.title.to_owned(),
                path: path.to_owned(),
                line: m.line,
                layer,
                redacted: m.redacted,
            });
        }
    }
}

/// Scans layer `layer` of the archive. `progress(bytes)` is called with the number of
/// archive bytes read since its previous call (about every MiB).
#[wasm_bindgen]
pub fn scan_layer(
    index: ArchiveIndex,
    layer: usize,
    #[wasm_bindgen(unchecked_param_type = "(bytes: number) => void")] progress: Option<
        js_sys::Function,
    >,
) -> Result<Vec<u8>, JsValue> {
    let index = index.with_progress(progress);
    let layer_ref = index.layout().layers.get(layer).ok_or_else(|| {
        js_error(
            ErrorKind::InvalidArgument,
            format!("the image has no layer {layer}"),
        )
    })?;
    let blobs = TarBlobs::from_index(index.source(), index.tar().clone());
    let mut sink = SecretSink { found: Vec::new() };
    let result = lookout_image::scan_layer(&blobs, layer_ref, &Options::default(), Some(&mut sink));
    index.source().flush_progress();
    serde_json::to_vec(&LayerOutput {
        result,
        secrets: sink.found,
    })
    .map_err(|e| {
        js_error(
            ErrorKind::Internal,
            format!("cannot save layer {layer}: {e}"),
        )
    })
}
