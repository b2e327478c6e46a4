//! `scan_layer(index, i, progress, pipe)`: decodes and walks one layer in the calling worker,
//! with the core's collector (secrets, package-cache bytes) as the file sink (every regular file of every layer
//! is a candidate: a secret deleted later is still in the image). The result crosses
//! workers as JSON bytes (transferable, no structured clone of deep objects).

use lookout_core::scan::{LayerSecret, SecretCollector};
use lookout_diagnostics::TextRange;
use lookout_image::{BlobDecoder, Flate2, LayerResult, Options, TarBlobs};
use lookout_rules::image_config::LayerCacheUsage;
use lookout_rules::secrets::{self, ScanSeverity, SecretMatch};
use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;

use super::index::ArchiveIndex;
use super::pipe::{JsPipe, PipedBlob};
use crate::error::{js_error, ErrorKind};

/// A secret as it travels between workers: the rule by id, the rest as found (already
/// redacted). Rebuilt into the core's [`LayerSecret`] for the report.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct WireSecret {
    layer: usize,
    path: String,
    rule: String,
    severity: String,
    range: TextRange,
    line: u32,
    column: u32,
    redacted: String,
}

impl WireSecret {
    fn from_core(secret: &LayerSecret) -> Self {
        Self {
            layer: secret.layer,
            path: secret.path.clone(),
            rule: secret.found.rule.code.to_owned(),
            severity: secret.found.scan_severity.as_str().to_owned(),
            range: secret.found.range,
            line: secret.found.line,
            column: secret.found.column,
            redacted: secret.found.redacted.clone(),
        }
    }

    /// `None` for a rule id this build does not know (results from another version).
    pub fn into_core(self) -> Option<LayerSecret> {
        let rule = secrets::rule(&self.rule)?;
        let scan_severity = match self.severity.as_str() {
            "CRITICAL" => ScanSeverity::Critical,
            "HIGH" => ScanSeverity::High,
            "MEDIUM" => ScanSeverity::Medium,
            "LOW" => ScanSeverity::Low,
            _ => rule.scan_severity,
        };
        Some(LayerSecret {
            layer: self.layer,
            path: self.path,
            found: SecretMatch {
                rule: rule.meta,
                scan_severity,
                title: rule.title,
                range: self.range,
                line: self.line,
                column: self.column,
                redacted: self.redacted,
            },
        })
    }
}

/// What one layer worker returns.
#[derive(Serialize, Deserialize)]
pub struct LayerOutput {
    pub result: LayerResult,
    pub secrets: Vec<WireSecret>,
    /// Package-manager cache bytes the layer leaves (for the image-config rules).
    pub cache: LayerCacheUsage,
}

/// Scans layer `layer` of the archive. `progress(bytes)` is called with the number of
/// archive bytes read since its previous call (about every MiB). With a `pipe`, a gzip
/// layer is inflated, and a stored one read, by the browser in another worker (the pipe
/// then reports progress); without one, or for zstd layers, everything happens here.
#[wasm_bindgen]
pub fn scan_layer(
    index: ArchiveIndex,
    layer: usize,
    #[wasm_bindgen(unchecked_param_type = "(bytes: number) => void")] progress: Option<
        js_sys::Function,
    >,
    pipe: Option<JsPipe>,
) -> Result<Vec<u8>, JsValue> {
    let index = index.with_progress(progress);
    let layer_ref = index.layout().layers.get(layer).ok_or_else(|| {
        js_error(
            ErrorKind::InvalidArgument,
            format!("the image has no layer {layer}"),
        )
    })?;
    let blobs = TarBlobs::from_index(index.source(), index.tar().clone());
    let piped = pipe.and_then(|pipe| {
        let member = blobs.member(&layer_ref.blob)?;
        Some(PipedBlob::new(pipe, member.offset, member.size))
    });
    let decoder: &dyn BlobDecoder = match &piped {
        Some(piped) => piped,
        None => &Flate2,
    };
    let mut collector = SecretCollector::for_layer(layer, true);
    let result = lookout_image::scan_layer_with(
        &blobs,
        layer_ref,
        &Options::default(),
        Some(&mut collector),
        decoder,
    );
    index.source().flush_progress();
    serde_json::to_vec(&LayerOutput {
        result,
        secrets: collector.found.iter().map(WireSecret::from_core).collect(),
        cache: collector.cache_usage(),
    })
    .map_err(|e| {
        js_error(
            ErrorKind::Internal,
            format!("cannot save layer {layer}: {e}"),
        )
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    /// Secrets cross from the layer workers to the coordinator as JSON; what arrives must
    /// be what the core's collector found, or the page's report would differ from the CLI's.
    #[test]
    fn secrets_survive_the_trip_between_workers() {
        let text = b"AWS_KEY=AKIAZ7QH3KX5PLM2WNB4\n";
        let mut collector = SecretCollector::for_layer(3, true);
        lookout_image::FileSink::file(&mut collector, 3, "app/.env", text);
        assert!(
            !collector.found.is_empty(),
            "the fixture holds an AWS key id"
        );
        let wire: Vec<WireSecret> = collector.found.iter().map(WireSecret::from_core).collect();
        let json = serde_json::to_vec(&wire).unwrap();
        let back: Vec<WireSecret> = serde_json::from_slice(&json).unwrap();
        let rebuilt: Vec<LayerSecret> =
            back.into_iter().filter_map(WireSecret::into_core).collect();
        assert_eq!(rebuilt.len(), collector.found.len());
        for (got, want) in rebuilt.iter().zip(&collector.found) {
            assert_eq!(got.layer, want.layer);
            assert_eq!(got.path, want.path);
            assert_eq!(got.found, want.found);
        }
    }

    #[test]
    fn unknown_rule_ids_are_dropped_not_invented() {
        let wire = WireSecret {
            layer: 0,
            path: "x".into(),
            rule: "no-such-rule".into(),
            severity: "HIGH".into(),
            range: TextRange::new(0, 1),
            line: 1,
            column: 1,
            redacted: "*".into(),
        };
        assert!(wire.into_core().is_none());
    }
}
