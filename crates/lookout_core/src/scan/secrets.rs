//! Secrets in image layers. Every regular file of every layer is a candidate (not only
//! the final view): a credentials file deleted by a later layer is still in the image.

use std::collections::BTreeSet;

use lookout_image::{FileSink, ImageScan};
use lookout_report::{ScanSeverity, SecretFinding};
use std::cell::RefCell;

use lookout_rules::image_config::{cache_kind, config_secrets, ImageConfigInput, LayerCacheUsage};
use lookout_rules::secrets::{self, SecretMatch};

/// One secret found in one layer's file.
#[derive(Debug, Clone)]
pub struct LayerSecret {
    pub layer: usize,
    pub path: String,
    pub found: SecretMatch,
}

/// The `FileSink` of one layer: runs the secret rules over the files the walk hands it
/// and adds up the bytes of package-manager caches the layer leaves behind (the walker
/// asks `wants` for every regular file, so sizes are counted without reading data).
#[derive(Debug, Default)]
pub struct SecretCollector {
    pub found: Vec<LayerSecret>,
    /// Whether file contents are scanned for secrets (off: only caches are measured).
    pub scan_secrets: bool,
    cache: RefCell<LayerCacheUsage>,
}

impl SecretCollector {
    #[must_use]
    pub fn for_layer(layer: usize, scan_secrets: bool) -> Self {
        Self {
            found: Vec::new(),
            scan_secrets,
            cache: RefCell::new(LayerCacheUsage {
                layer,
                ..LayerCacheUsage::default()
            }),
        }
    }

    /// The layer's package-cache bytes.
    #[must_use]
    pub fn cache_usage(&self) -> LayerCacheUsage {
        self.cache.borrow().clone()
    }
}

impl FileSink for SecretCollector {
    fn wants(&self, path: &str, size: u64) -> bool {
        if let Some(kind) = cache_kind(path) {
            self.cache.borrow_mut().add(kind, size);
        }
        self.scan_secrets && secrets::wants(path, size)
    }

    fn file(&mut self, layer: usize, path: &str, data: &[u8]) {
        for found in secrets::scan(path, data) {
            self.found.push(LayerSecret {
                layer,
                path: path.to_string(),
                found,
            });
        }
    }
}

/// Secrets from the layers and from the image config (Env, Labels, history), once per
/// (rule, path, layer, line).
#[must_use]
pub fn secret_findings(
    image: &ImageScan,
    config: &ImageConfigInput,
    layers: Vec<LayerSecret>,
) -> Vec<SecretFinding> {
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    for hit in layers {
        let key = (
            hit.found.rule.code,
            hit.path.clone(),
            Some(hit.layer),
            hit.found.line,
        );
        if !seen.insert(key) {
            continue;
        }
        out.push(finding(
            &hit.found,
            &hit.path,
            Some(hit.layer),
            image.deleted_in_layer(&hit.path, hit.layer),
        ));
    }
    for secret in config_secrets(config) {
        out.push(SecretFinding {
            rule: secret.rule.code.to_string(),
            severity: ScanSeverity::parse(secret.severity.as_str())
                .unwrap_or(ScanSeverity::Unknown),
            path: secret.path,
            line: 1,
            layer: None,
            deleted_in_layer: None,
            match_: secret.redacted,
            title: Some(secret.title.to_string()),
            source: Some(secret.source.as_str().to_string()),
        });
    }
    out.sort_by(|a, b| {
        a.severity
            .cmp(&b.severity)
            .then_with(|| a.path.cmp(&b.path))
            .then_with(|| a.line.cmp(&b.line))
    });
    out
}

fn finding(
    found: &SecretMatch,
    path: &str,
    layer: Option<usize>,
    deleted_in_layer: Option<usize>,
) -> SecretFinding {
    SecretFinding {
        rule: found.rule.code.to_string(),
        severity: ScanSeverity::parse(found.scan_severity.as_str())
            .unwrap_or(ScanSeverity::Unknown),
        path: path.to_string(),
        line: found.line as usize,
        layer,
        deleted_in_layer,
        match_: found.redacted.clone(),
        title: Some(found.title.to_string()),
        source: None,
    }
}
