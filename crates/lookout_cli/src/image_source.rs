//! Image inputs on disk: an archive file read with positioned reads (never loaded whole),
//! or an unpacked OCI layout directory. Layers are decoded on rayon threads, one layer
//! per task, each with its own secret collector.

use std::fs::File;
use std::os::unix::fs::FileExt;
use std::path::{Component, Path, PathBuf};

use anyhow::{anyhow, Context, Result};
use lookout_core::scan::{LayerFindings, SecretCollector};
use lookout_image::{BlobSet, FileSink, ImageScan, LayerResult, Options, RandomAccess, TarBlobs};
use rayon::prelude::*;

use crate::inflated_source::InflatedSource;
use crate::progress::Progress;

/// A file read with `pread`, shareable across threads.
pub struct FileSource {
    file: File,
    len: u64,
}

impl FileSource {
    pub fn open(path: &Path) -> Result<Self> {
        let file = File::open(path).with_context(|| format!("cannot open {}", path.display()))?;
        let len = file
            .metadata()
            .with_context(|| format!("cannot read {}", path.display()))?
            .len();
        Ok(Self { file, len })
    }
}

impl RandomAccess for FileSource {
    fn len(&self) -> u64 {
        self.len
    }

    fn read_at(&self, offset: u64, buf: &mut [u8]) -> std::io::Result<usize> {
        if offset >= self.len {
            return Ok(0);
        }
        self.file.read_at(buf, offset)
    }
}

/// An unpacked OCI image layout (`oci-layout`, `index.json`, `blobs/sha256/…`).
pub struct DirBlobs {
    root: PathBuf,
}

impl DirBlobs {
    pub fn new(root: &Path) -> Self {
        Self {
            root: root.to_path_buf(),
        }
    }

    /// Blob names come from the image's own manifests: only plain relative paths inside
    /// the layout are opened, never `..` or absolute ones.
    fn path_of(&self, name: &str) -> Option<PathBuf> {
        let rel = Path::new(name.trim_start_matches("./"));
        if rel.components().all(|c| matches!(c, Component::Normal(_))) {
            Some(self.root.join(rel))
        } else {
            None
        }
    }
}

impl BlobSet for DirBlobs {
    fn open_blob(&self, name: &str) -> Option<Box<dyn RandomAccess + '_>> {
        let path = self.path_of(name)?;
        if !path.is_file() {
            return None;
        }
        FileSource::open(&path)
            .ok()
            .map(|s| Box::new(s) as Box<dyn RandomAccess>)
    }
}

/// Is `path` an unpacked OCI layout directory?
pub fn is_oci_layout_dir(path: &Path) -> bool {
    path.is_dir() && path.join("oci-layout").is_file() && path.join("index.json").is_file()
}

/// Scans an image archive file or OCI layout directory; layers run in parallel.
pub fn scan_path(
    path: &Path,
    opts: &Options,
    secrets: bool,
    progress: &Progress,
) -> Result<(ImageScan, LayerFindings)> {
    if is_oci_layout_dir(path) {
        return scan_blob_set(path, &DirBlobs::new(path), opts, secrets, progress);
    }
    let source = FileSource::open(path)?;
    if source.len() == 0 {
        return Err(anyhow!(
            "{}: empty file, not an image archive",
            path.display()
        ));
    }
    if compression_of(&source) == Some("gzip") {
        // `docker save | gzip`: read through decoders, never inflated to disk or memory.
        let inflated = InflatedSource::open(path, opts.max_layer_size)?;
        let blobs = TarBlobs::open(&inflated).map_err(|e| not_an_image(path, &e))?;
        return scan_blob_set(path, &blobs, opts, secrets, progress);
    }
    if let Some(kind) = compression_of(&source) {
        // Archives are read by random access (index the headers, then seek to each layer);
        // a zstd stream would have to be inflated to disk or memory first, which Lookout
        // does not do behind the user's back.
        return Err(anyhow!(
            "{}: {kind}-compressed archive; decompress it first (`{kind} -dk {}`) and scan the .tar",
            path.display(),
            path.display()
        ));
    }
    let blobs = TarBlobs::open(&source).map_err(|e| not_an_image(path, &e))?;
    scan_blob_set(path, &blobs, opts, secrets, progress)
}

fn not_an_image(path: &Path, e: &dyn std::fmt::Display) -> anyhow::Error {
    // The tar reader quotes the bytes it choked on; keep the message one printable line.
    let reason: String = e
        .to_string()
        .chars()
        .filter(|c| !c.is_control() && *c != '\u{fffd}')
        .collect();
    // Lockfiles are recognised by name; say so, or a lockfile under another name reads
    // as a broken image.
    anyhow!(
        "{}: not an image archive or a known lockfile ({reason})",
        path.display()
    )
}

/// `path` names the archive in errors: a CI log scanning several images must say which one
/// has no manifest.
fn scan_blob_set<B: BlobSet + Sync>(
    path: &Path,
    blobs: &B,
    opts: &Options,
    secrets: bool,
    progress: &Progress,
) -> Result<(ImageScan, LayerFindings)> {
    let layout =
        lookout_image::open_image(blobs, opts).map_err(|e| anyhow!("{}: {e}", path.display()))?;
    let total: u64 = layout.layers.iter().map(|l| l.size).sum();
    progress.start(layout.layers.len() as u64, total);
    let results: Vec<(LayerResult, SecretCollector)> = layout
        .layers
        .par_iter()
        .map(|layer| {
            let mut collector = SecretCollector::for_layer(layer.index, secrets);
            let result = lookout_image::scan_layer(
                blobs,
                layer,
                opts,
                Some(&mut collector as &mut dyn FileSink),
            );
            progress.layer_done(layer.size);
            (result, collector)
        })
        .collect();
    progress.finish();
    let mut layer_results = Vec::with_capacity(results.len());
    let mut found = LayerFindings::default();
    for (result, collector) in results {
        layer_results.push(result);
        found.add(collector);
    }
    Ok((ImageScan::assemble(layout, layer_results), found))
}

/// `gzip` or `zstd` when the file starts with that format's magic bytes.
fn compression_of(source: &FileSource) -> Option<&'static str> {
    let mut magic = [0u8; 4];
    let read = source.read_at(0, &mut magic).ok()?;
    match magic.get(..read)? {
        [0x1f, 0x8b, ..] => Some("gzip"),
        [0x28, 0xb5, 0x2f, 0xfd] => Some("zstd"),
        _ => None,
    }
}
