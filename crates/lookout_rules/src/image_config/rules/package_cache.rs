//! Package caches left in layers: apt lists and archives, the apk cache, the pip cache.
//! One rule per package manager, because each has its own remedy.

use super::{finding, history_path, FindingSource, ImageConfigFinding};
use crate::image_config::{ImageConfigInput, LayerCacheUsage};
use crate::secrets::ScanSeverity;
use crate::RuleMeta;

/// A layer holding more than this of one cache is flagged (1 MiB: real indexes and wheel
/// caches are tens of MB, stray lock and marker files are bytes).
pub const CACHE_THRESHOLD_BYTES: u64 = 1024 * 1024;

crate::declare_rule! {
    /// ## What it does
    /// Flags layers that keep apt package lists (`/var/lib/apt/lists`) or downloaded
    /// packages (`/var/cache/apt`) above 1 MiB.
    ///
    /// ## Why is this bad?
    /// The lists are tens of megabytes in every pull, stale the day after the build, and
    /// deleting them in a later layer does not shrink the image.
    ///
    /// ## Example
    /// ```json
    /// {"config": {"User": "app"}, "layer_cache_bytes": [{"layer": 1, "apt_lists": 48000000}]}
    /// ```
    ///
    /// ## Use instead
    /// Clean up in the same `RUN` (`apt-get update && apt-get install -y … && rm -rf
    /// /var/lib/apt/lists/*`):
    /// ```json
    /// {"config": {"User": "app"}, "layer_cache_bytes": [{"layer": 1, "apt_lists": 0}]}
    /// ```
    ///
    /// ## References
    /// - <https://docs.docker.com/build/building/best-practices/#apt-get>
    pub static APT_CACHE_IN_LAYER = {
        code: "LKI009", name: "apt-cache-in-layer", family: ImageConfig,
        severity: Info, fix: None, aliases: ["DKL-DI-0005"],
    }
}

crate::declare_rule! {
    /// ## What it does
    /// Flags layers that keep the apk cache (`/var/cache/apk`) above 1 MiB.
    ///
    /// ## Why is this bad?
    /// The cached indexes and packages ship in every pull and never shrink the image when
    /// deleted later.
    ///
    /// ## Example
    /// ```json
    /// {"config": {"User": "app"}, "layer_cache_bytes": [{"layer": 1, "apk_cache": 2500000}]}
    /// ```
    ///
    /// ## Use instead
    /// Install with `apk add --no-cache …`:
    /// ```json
    /// {"config": {"User": "app"}, "layer_cache_bytes": [{"layer": 1, "apk_cache": 0}]}
    /// ```
    ///
    /// ## References
    /// - <https://wiki.alpinelinux.org/wiki/Alpine_Package_Keeper>
    pub static APK_CACHE_IN_LAYER = {
        code: "LKI010", name: "apk-cache-in-layer", family: ImageConfig,
        severity: Info, fix: None, aliases: ["DKL-DI-0004"],
    }
}

crate::declare_rule! {
    /// ## What it does
    /// Flags layers that keep pip's download and wheel cache (`~/.cache/pip`) above 1 MiB.
    ///
    /// ## Why is this bad?
    /// The cache duplicates every installed package as a download and ships with the image.
    ///
    /// ## Example
    /// ```json
    /// {"config": {"User": "app"}, "layer_cache_bytes": [{"layer": 2, "pip_cache": 30000000}]}
    /// ```
    ///
    /// ## Use instead
    /// Install with `pip install --no-cache-dir …`:
    /// ```json
    /// {"config": {"User": "app"}, "layer_cache_bytes": [{"layer": 2, "pip_cache": 0}]}
    /// ```
    ///
    /// ## References
    /// - <https://pip.pypa.io/en/stable/topics/caching/>
    pub static PIP_CACHE_IN_LAYER = {
        code: "LKI011", name: "pip-cache-in-layer", family: ImageConfig,
        severity: Info, fix: None, aliases: [],
    }
}

/// Which rule and message each cache measure belongs to.
type Measure = (&'static RuleMeta, fn(&LayerCacheUsage) -> u64, &'static str);

const MEASURES: &[Measure] = &[
    (
        &APT_CACHE_IN_LAYER,
        |u| u.apt_lists.saturating_add(u.apt_archives),
        "apt lists and package archives (remove /var/lib/apt/lists/* and run apt-get clean in the same RUN)",
    ),
    (
        &APK_CACHE_IN_LAYER,
        |u| u.apk_cache,
        "apk cache (use apk add --no-cache)",
    ),
    (
        &PIP_CACHE_IN_LAYER,
        |u| u.pip_cache,
        "pip cache (use pip install --no-cache-dir)",
    ),
];

pub(crate) fn check(input: &ImageConfigInput, out: &mut Vec<ImageConfigFinding>) {
    for usage in &input.layer_cache_bytes {
        for (rule, measure, what) in MEASURES {
            let bytes = measure(usage);
            if bytes <= CACHE_THRESHOLD_BYTES {
                continue;
            }
            let (source, path) = match layer_history_index(input, usage.layer) {
                Some(index) => (FindingSource::History, history_path(index)),
                None => (
                    FindingSource::ImageConfig,
                    format!("rootfs.layers[{}]", usage.layer),
                ),
            };
            out.push(finding(
                rule,
                ScanSeverity::Low,
                source,
                path,
                format!(
                    "layer {} keeps {} of {what}",
                    usage.layer,
                    human_bytes(bytes)
                ),
            ));
        }
    }
}

/// The history entry that produced layer `layer`: the `layer`-th entry that is not an
/// empty layer.
fn layer_history_index(input: &ImageConfigInput, layer: usize) -> Option<usize> {
    input
        .history
        .iter()
        .enumerate()
        .filter(|(_, h)| !h.empty_layer)
        .nth(layer)
        .map(|(i, _)| i)
}

fn human_bytes(bytes: u64) -> String {
    #[allow(clippy::cast_precision_loss)]
    let mb = bytes as f64 / 1_000_000.0;
    format!("{mb:.1} MB")
}
