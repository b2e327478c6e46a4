//! The whole-image entry points: options, the sequential [`scan_image`], and the pieces a
//! parallel caller combines (`open_image` → `scan_layer` per layer → [`ImageScan::assemble`]).

use serde::{Deserialize, Serialize};

use crate::archive::config::ImageConfig;
use crate::archive::layout::{self, ArchiveFormat, ImageLayout, Selection};
use crate::archive::tar_index::{BlobSet, TarBlobs};
use crate::catalog::{self, Cataloger};
use crate::error::{ImageError, Warning};
use crate::layer::{scan_layer, FileSink, LayerResult};
use crate::merge::{merge, Deletions, FinalView, LayerSummary};
use crate::os::OsInfo;
use crate::source::RandomAccess;
use crate::Package;

/// Limits and choices for a scan. `Default` gives the documented limits and all catalogers.
#[derive(Clone)]
pub struct Options {
    /// `os/arch[/variant]` to pick from a multi-platform index; default `linux/amd64`.
    pub platform: Option<String>,
    /// Tag or OCI `ref.name` to pick among several images in one archive.
    pub reference: Option<String>,
    /// The image at this place of the archive's list of images (before `reference`).
    pub position: Option<usize>,
    /// Decompressed bytes allowed per layer (a decompression bomb stops here). Default 16 GiB.
    pub max_layer_size: u64,
    /// Largest manifest, index or config document. Default 16 MiB.
    pub max_document_size: u64,
    /// Largest file handed to a [`FileSink`]. Default 10 MiB.
    pub max_sink_file_size: u64,
    /// Hash each decompressed layer and compare with the config's diff_id. Default on.
    pub verify_diff_ids: bool,
    pub catalogers: Vec<&'static Cataloger>,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            platform: None,
            reference: None,
            position: None,
            max_layer_size: 16 << 30,
            max_document_size: 16 << 20,
            max_sink_file_size: 10 << 20,
            verify_diff_ids: true,
            catalogers: catalog::all(),
        }
    }
}

impl Options {
    fn selection(&self) -> Selection {
        Selection {
            platform: self.platform.clone(),
            reference: self.reference.clone(),
            position: self.position,
            max_document_size: self.max_document_size,
        }
    }
}

/// One layer as reported.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LayerInfo {
    pub index: usize,
    pub diff_id: Option<String>,
    pub digest: Option<String>,
    pub media_type: Option<String>,
    pub created_by: Option<String>,
    /// Blob size (compressed, as stored).
    pub size: u64,
}

/// What the archive is: format, digests, layers.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ArchiveInfo {
    pub format: ArchiveFormat,
    /// Manifest digest when known, else the config digest (docker's image ID).
    pub digest: String,
    pub manifest_digest: Option<String>,
    pub config_digest: String,
    pub repo_tags: Vec<String>,
    pub layers: Vec<LayerInfo>,
    /// Every image the archive holds, the scanned one marked.
    #[serde(default)]
    pub images: Vec<crate::ImageChoice>,
}

/// Result of scanning an image.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ImageScan {
    pub archive: ArchiveInfo,
    pub config: ImageConfig,
    pub os: Option<OsInfo>,
    pub packages: Vec<Package>,
    /// Per-layer facts (bytes, whiteouts, opaque dirs, computed diff_id).
    pub layers: Vec<LayerSummary>,
    pub deletions: Deletions,
    /// The merged filesystem (paths → layer), for callers that check presence.
    pub view: FinalView,
    pub warnings: Vec<Warning>,
}

impl ImageScan {
    /// Combines the layout with layer results computed in any order (threads, workers).
    pub fn assemble(layout: ImageLayout, results: Vec<LayerResult>) -> Self {
        let inventory = merge(results);
        let mut warnings = layout.warnings;
        warnings.extend(inventory.warnings);
        let archive = ArchiveInfo {
            format: layout.format,
            digest: layout
                .manifest_digest
                .clone()
                .unwrap_or_else(|| layout.config_digest.clone()),
            manifest_digest: layout.manifest_digest,
            config_digest: layout.config_digest,
            repo_tags: layout.repo_tags,
            images: layout.images,
            layers: layout
                .layers
                .into_iter()
                .map(|l| LayerInfo {
                    index: l.index,
                    diff_id: l.diff_id,
                    digest: l.digest,
                    media_type: l.media_type,
                    created_by: l.created_by,
                    size: l.size,
                })
                .collect(),
        };
        Self {
            archive,
            config: layout.config,
            os: inventory.os,
            packages: inventory.packages,
            layers: inventory.layers,
            deletions: inventory.deletions,
            view: inventory.view,
            warnings,
        }
    }

    /// See [`Deletions::deleted_in_layer`].
    pub fn deleted_in_layer(&self, path: &str, layer: usize) -> Option<usize> {
        self.deletions.deleted_in_layer(path, layer)
    }
}

/// Finds the image in a blob set (tar members or an unpacked OCI layout directory).
pub fn open_image(blobs: &dyn BlobSet, opts: &Options) -> Result<ImageLayout, ImageError> {
    let mut layout = layout::open_image(blobs, &opts.selection())?;
    // A layout whose layers are all missing is not an image we can read.
    let missing: Vec<&str> = layout
        .layers
        .iter()
        .filter(|l| !blobs.has_blob(&l.blob))
        .map(|l| l.blob.as_str())
        .collect();
    if !missing.is_empty() && missing.len() == layout.layers.len() {
        return Err(ImageError::MissingBlob {
            blob: missing.join(", "),
        });
    }
    for l in &layout.layers {
        if !blobs.has_blob(&l.blob) {
            layout.warnings.push(Warning::new(
                Some(l.index),
                None,
                format!("layer blob `{}` is missing from the archive", l.blob),
            ));
        }
    }
    Ok(layout)
}

/// Scans every layer of the image in `blobs`, one after another.
pub fn scan_blobs(
    blobs: &dyn BlobSet,
    opts: &Options,
    mut sink: Option<&mut dyn FileSink>,
) -> Result<ImageScan, ImageError> {
    let layout = open_image(blobs, opts)?;
    let mut results = Vec::with_capacity(layout.layers.len());
    for l in &layout.layers {
        let reborrowed: Option<&mut dyn FileSink> = match &mut sink {
            Some(s) => Some(&mut **s),
            None => None,
        };
        results.push(scan_layer(blobs, l, opts, reborrowed));
    }
    Ok(ImageScan::assemble(layout, results))
}

/// Scans an image archive (docker save classic or 25+, OCI layout tar), sequentially.
pub fn scan_image(source: &dyn RandomAccess, opts: &Options) -> Result<ImageScan, ImageError> {
    scan_image_with_sink(source, opts, None)
}

/// [`scan_image`] that also hands every wanted file of every layer to `sink`.
pub fn scan_image_with_sink(
    source: &dyn RandomAccess,
    opts: &Options,
    sink: Option<&mut dyn FileSink>,
) -> Result<ImageScan, ImageError> {
    let blobs = TarBlobs::open(source)?;
    scan_blobs(&blobs, opts, sink)
}
