//! What the image_config rules read: a plain struct the image walker fills from the image
//! config JSON and from the layer walk (cache bytes per layer).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// The parts of an image config (`config` + `history`) the rules check, plus the package
/// cache bytes the layer walk measured.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ImageConfigInput {
    /// `config.User` (`None` or empty: the image runs as root).
    pub user: Option<String>,
    /// Keys of `config.ExposedPorts` (`"22/tcp"`).
    pub exposed_ports: Vec<String>,
    /// `config.Healthcheck.Test` (`["CMD-SHELL", "curl -f …"]`, `["NONE"]`); `None` when the
    /// config has no healthcheck.
    pub healthcheck: Option<Vec<String>>,
    /// `config.Env` entries (`KEY=value`).
    pub env: Vec<String>,
    /// `config.Labels`.
    pub labels: BTreeMap<String, String>,
    /// `history`, in order (empty-layer entries included).
    pub history: Vec<HistoryEntry>,
    /// Package cache bytes per layer, summed by the walker with [`super::cache_kind`].
    pub layer_cache_bytes: Vec<LayerCacheUsage>,
}

/// One `history` entry of the image config.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct HistoryEntry {
    pub created_by: String,
    pub empty_layer: bool,
}

/// Bytes of package-manager caches a layer adds.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct LayerCacheUsage {
    /// 0-based layer index (as in `rootfs.diff_ids`).
    pub layer: usize,
    /// `var/lib/apt/lists/*` index files.
    pub apt_lists: u64,
    /// `var/cache/apt/archives/*.deb` and `var/cache/apt/*.bin`.
    pub apt_archives: u64,
    /// `var/cache/apk/*` (and `etc/apk/cache`).
    pub apk_cache: u64,
    /// `…/.cache/pip/*`.
    pub pip_cache: u64,
}

impl LayerCacheUsage {
    /// Add `bytes` of a file of `kind` to this layer's totals.
    pub fn add(&mut self, kind: CacheKind, bytes: u64) {
        let slot = match kind {
            CacheKind::AptLists => &mut self.apt_lists,
            CacheKind::AptArchives => &mut self.apt_archives,
            CacheKind::ApkCache => &mut self.apk_cache,
            CacheKind::PipCache => &mut self.pip_cache,
        };
        *slot = slot.saturating_add(bytes);
    }
}

/// Which package cache a file belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum CacheKind {
    AptLists,
    AptArchives,
    ApkCache,
    PipCache,
}

/// The package cache a path (relative to the image root, with or without a leading `/`)
/// belongs to, for the layer walker to attribute file sizes. Lock files and empty marker
/// files are not cache content.
#[must_use]
pub fn cache_kind(path: &str) -> Option<CacheKind> {
    let path = path.trim_start_matches("./").trim_start_matches('/');
    let file_name = path.rsplit('/').next().unwrap_or(path);
    if file_name == "lock" || file_name.is_empty() {
        return None;
    }
    if let Some(rest) = path.strip_prefix("var/lib/apt/lists/") {
        return (!rest.starts_with("partial/") || rest.len() > "partial/".len())
            .then_some(CacheKind::AptLists);
    }
    if let Some(rest) = path.strip_prefix("var/cache/apt/") {
        let is_archive = rest.starts_with("archives/") && rest.ends_with(".deb");
        let is_pkgcache = !rest.contains('/') && rest.ends_with(".bin");
        return (is_archive || is_pkgcache).then_some(CacheKind::AptArchives);
    }
    if path.starts_with("var/cache/apk/") || path.starts_with("etc/apk/cache/") {
        return Some(CacheKind::ApkCache);
    }
    if path.contains(".cache/pip/") {
        return Some(CacheKind::PipCache);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cache_paths_are_classified() {
        let cases = [
            (
                "var/lib/apt/lists/deb.debian.org_debian_dists_bookworm_main_binary-amd64_Packages.lz4",
                Some(CacheKind::AptLists),
            ),
            ("/var/lib/apt/lists/lock", None),
            ("var/cache/apt/archives/curl_7.88_amd64.deb", Some(CacheKind::AptArchives)),
            ("var/cache/apt/pkgcache.bin", Some(CacheKind::AptArchives)),
            ("var/cache/apt/archives/lock", None),
            ("var/cache/apk/APKINDEX.4f1c.tar.gz", Some(CacheKind::ApkCache)),
            ("root/.cache/pip/http-v2/a/b/c", Some(CacheKind::PipCache)),
            ("home/app/.cache/pip/wheels/x.whl", Some(CacheKind::PipCache)),
            ("usr/lib/python3/dist-packages/pip/__init__.py", None),
            ("etc/apt/sources.list", None),
        ];
        for (path, kind) in cases {
            assert_eq!(cache_kind(path), kind, "{path}");
        }
    }
}
