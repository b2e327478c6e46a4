//! Walks one layer's tar stream once: records every path (for the merged view), whiteouts
//! and opaque dirs, and hands wanted files to the catalogers and to an optional
//! [`FileSink`] (the secret scanner). Nothing is written to disk.

use std::collections::HashMap;
use std::io::{self, BufRead, Read};

use serde::{Deserialize, Serialize};

use super::decode::{detect, BlobDecoder, Compression, Flate2, Guarded, ZstdFrames};
use super::recent::RecentFiles;
use crate::archive::layout::LayerRef;
use crate::archive::tar_index::BlobSet;
use crate::catalog::{CatalogInput, Cataloger};
use crate::error::Warning;
use crate::os;
use crate::paths;
use crate::scan::Options;
use crate::source::SeqReader;
use crate::Package;

/// Receives file contents for secret scanning. Every regular file of every layer is a
/// candidate (not only the final view): deleted files are still in the image.
pub trait FileSink {
    /// Cheap pre-filter: should `file` be called for this path and size?
    fn wants(&self, path: &str, size: u64) -> bool;
    fn file(&mut self, layer: usize, path: &str, data: &[u8]);
}

/// What a path is in one layer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum EntryKind {
    File {
        size: u64,
    },
    Dir,
    /// Target resolved to a normalized path in the image.
    Symlink {
        target: String,
    },
    /// Target path (normalized) in the same layer.
    Hardlink {
        target: String,
    },
    Other,
}

/// One path present in a layer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PathEntry {
    pub path: String,
    pub kind: EntryKind,
}

/// The packages one cataloger read from one file of a layer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FoundFile {
    pub path: String,
    pub cataloger: String,
    pub packages: Vec<Package>,
}

/// Everything one layer contributes; merged in layer order into the image inventory.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct LayerResult {
    pub index: usize,
    /// Paths present in this layer (last entry wins for duplicates), in tar order.
    pub entries: Vec<PathEntry>,
    /// Paths deleted by `.wh.<name>` files.
    pub whiteouts: Vec<String>,
    /// Directories whose lower-layer contents are hidden (`.wh..wh..opq`).
    pub opaque_dirs: Vec<String>,
    pub found: Vec<FoundFile>,
    /// Small OS identification files (`etc/os-release`, …) with their bytes.
    pub os_files: Vec<(String, Vec<u8>)>,
    /// Licenses read from `usr/share/doc/<package>/copyright`, by dpkg package name.
    pub dpkg_licenses: Vec<(String, Vec<String>)>,
    pub compression: Option<Compression>,
    /// Compressed blob size.
    pub blob_bytes: u64,
    /// Decompressed tar bytes read.
    pub tar_bytes: u64,
    /// sha256 of the decompressed stream, when verification was on and the walk finished.
    pub diff_id: Option<String>,
    /// False when the layer could not be read to its end (corrupt, truncated, too large).
    pub complete: bool,
    pub warnings: Vec<Warning>,
}

/// Largest OS identification file read.
const OS_FILE_LIMIT: u64 = 64 * 1024;
/// Largest copyright file read for license names.
const COPYRIGHT_LIMIT: u64 = 512 * 1024;

fn dpkg_copyright_package(path: &str) -> Option<&str> {
    let rest = path.strip_prefix("usr/share/doc/")?;
    let (pkg, file) = rest.split_once('/')?;
    (file == "copyright" && !pkg.is_empty()).then_some(pkg)
}

/// Who wants a file: decided from its path and size before any byte is read.
struct Consumers<'o> {
    catalogers: Vec<&'o Cataloger>,
    os_file: bool,
    copyright: bool,
    sink: bool,
}

impl Consumers<'_> {
    fn any(&self) -> bool {
        !self.catalogers.is_empty() || self.os_file || self.copyright || self.sink
    }
    fn read_limit(&self, sink_limit: u64) -> u64 {
        let mut limit = 0;
        for c in &self.catalogers {
            limit = limit.max(c.max_size);
        }
        if self.os_file {
            limit = limit.max(OS_FILE_LIMIT);
        }
        if self.copyright {
            limit = limit.max(COPYRIGHT_LIMIT);
        }
        if self.sink {
            limit = limit.max(sink_limit);
        }
        limit
    }
}

struct Walker<'o, 's> {
    index: usize,
    opts: &'o Options,
    sink: Option<&'s mut dyn FileSink>,
    result: LayerResult,
    /// Position of each path in `result.entries` (duplicates overwrite in place).
    positions: HashMap<String, usize>,
    /// Hardlinks whose link path is wanted and whose target is no longer in `recent`:
    /// link → target, resolved by a second pass.
    pending_links: Vec<(String, String)>,
    /// Files just read whole, for hardlinks that follow their target.
    recent: RecentFiles,
}

impl<'o> Walker<'o, '_> {
    fn warn(&mut self, path: Option<&str>, message: impl Into<String>) {
        self.result
            .warnings
            .push(Warning::new(Some(self.index), path, message));
    }

    fn record(&mut self, path: String, kind: EntryKind) {
        if let Some(&i) = self.positions.get(&path) {
            // A later member with the same name replaces the earlier one, as on extraction:
            // forget what was read from the earlier copy.
            self.result.found.retain(|f| f.path != path);
            self.result.os_files.retain(|(p, _)| *p != path);
            if let Some(pkg) = dpkg_copyright_package(&path) {
                self.result.dpkg_licenses.retain(|(p, _)| p != pkg);
            }
            self.pending_links.retain(|(link, _)| *link != path);
            self.recent.forget(&path);
            if let Some(e) = self.result.entries.get_mut(i) {
                e.kind = kind;
                return;
            }
        }
        self.positions
            .insert(path.clone(), self.result.entries.len());
        self.result.entries.push(PathEntry { path, kind });
    }

    fn consumers(&mut self, path: &str, size: u64) -> Consumers<'o> {
        let mut catalogers = Vec::new();
        for c in &self.opts.catalogers {
            if (c.wants)(path) {
                if size > c.max_size {
                    self.warn(
                        Some(path),
                        format!(
                            "{}: skipped, {size} bytes is over its limit of {} bytes",
                            c.name, c.max_size
                        ),
                    );
                } else {
                    catalogers.push(*c);
                }
            }
        }
        Consumers {
            catalogers,
            os_file: os::is_os_file(path) && size <= OS_FILE_LIMIT,
            copyright: dpkg_copyright_package(path).is_some() && size <= COPYRIGHT_LIMIT,
            sink: size <= self.opts.max_sink_file_size
                && self.sink.as_ref().is_some_and(|s| s.wants(path, size)),
        }
    }

    fn dispatch(&mut self, path: &str, data: &[u8], who: &Consumers<'_>) {
        for c in &who.catalogers {
            match (c.parse)(&CatalogInput { path, data }) {
                Ok(mut packages) => {
                    if packages.is_empty() {
                        continue;
                    }
                    for p in &mut packages {
                        p.layer = self.index;
                        if p.path.is_empty() {
                            p.path = path.to_string();
                        }
                    }
                    self.result.found.push(FoundFile {
                        path: path.to_string(),
                        cataloger: c.name.to_string(),
                        packages,
                    });
                }
                Err(e) => self.warn(Some(path), e.to_string()),
            }
        }
        if who.os_file {
            self.result.os_files.push((path.to_string(), data.to_vec()));
        }
        if who.copyright {
            if let Some(pkg) = dpkg_copyright_package(path) {
                let licenses = crate::catalog::dpkg::copyright_licenses(data);
                if !licenses.is_empty() {
                    self.result.dpkg_licenses.push((pkg.to_string(), licenses));
                }
            }
        }
        if who.sink {
            if let Some(sink) = self.sink.as_deref_mut() {
                sink.file(self.index, path, data);
            }
        }
    }

    /// First pass over the tar stream.
    fn walk(&mut self, reader: &mut dyn Read) -> io::Result<()> {
        let mut archive = tar::Archive::new(reader);
        for entry in archive.entries()? {
            let mut entry = entry?;
            let raw = String::from_utf8_lossy(&entry.path_bytes()).into_owned();
            let (path, escaped) = paths::normalize(&raw);
            if escaped {
                self.warn(
                    Some(&path),
                    format!("member name `{raw}` climbs above the image root; read as `{path}`"),
                );
            }
            if path.is_empty() {
                continue;
            }
            let name = paths::file_name(&path);
            let dir = paths::parent(&path);
            if name == ".wh..wh..opq" {
                self.result.opaque_dirs.push(dir.to_string());
                continue;
            }
            if let Some(target) = name.strip_prefix(".wh.") {
                // `.wh..wh.*` other than the opaque marker is aufs bookkeeping.
                if !target.starts_with(".wh.") && !target.is_empty() {
                    let deleted = if dir.is_empty() {
                        target.to_string()
                    } else {
                        format!("{dir}/{target}")
                    };
                    self.result.whiteouts.push(deleted);
                }
                continue;
            }
            let header_type = entry.header().entry_type();
            let link = entry
                .link_name_bytes()
                .map(|l| String::from_utf8_lossy(&l).into_owned())
                .unwrap_or_default();
            match header_type {
                tar::EntryType::Regular
                | tar::EntryType::Continuous
                | tar::EntryType::GNUSparse => {
                    let size = entry.size();
                    self.record(path.clone(), EntryKind::File { size });
                    let who = self.consumers(&path, size);
                    if !who.any() {
                        continue;
                    }
                    let limit = who.read_limit(self.opts.max_sink_file_size);
                    let data = read_entry(&mut entry, size, limit)?;
                    self.dispatch(&path, &data, &who);
                    if data.len() as u64 == size {
                        self.recent.remember(&path, data);
                    }
                }
                tar::EntryType::Link => {
                    let target = paths::normalize(&link).0;
                    self.record(
                        path.clone(),
                        EntryKind::Hardlink {
                            target: target.clone(),
                        },
                    );
                    if let Some(data) = self.recent.get(&target) {
                        self.dispatch_link(&path, &data);
                    } else {
                        // The size is the target's; known only on the second pass.
                        let who = self.consumers(&path, 0);
                        if who.any() {
                            self.pending_links.push((path, target));
                        }
                    }
                }
                tar::EntryType::Symlink => {
                    let target = paths::resolve_link(&path, &link);
                    self.record(path, EntryKind::Symlink { target });
                }
                tar::EntryType::Directory => self.record(path, EntryKind::Dir),
                _ => self.record(path, EntryKind::Other),
            }
        }
        Ok(())
    }

    /// Hands a hardlink's consumers the target's bytes, as the second pass would.
    fn dispatch_link(&mut self, link: &str, target_data: &[u8]) {
        let who = self.consumers(link, target_data.len() as u64);
        if !who.any() {
            return;
        }
        let limit = who.read_limit(self.opts.max_sink_file_size);
        let end = usize::try_from(limit).map_or(target_data.len(), |l| l.min(target_data.len()));
        self.dispatch(link, &target_data[..end], &who);
    }

    /// Second pass, only when wanted hardlinks pointed at files not read the first time:
    /// reads each target once and hands its bytes on under the link's name.
    fn resolve_links(&mut self, reader: &mut dyn Read) -> io::Result<()> {
        let mut wanted: HashMap<String, Vec<String>> = HashMap::new();
        for (link, target) in std::mem::take(&mut self.pending_links) {
            wanted.entry(target).or_default().push(link);
        }
        let mut archive = tar::Archive::new(reader);
        for entry in archive.entries()? {
            let mut entry = entry?;
            let path = paths::normalize(&String::from_utf8_lossy(&entry.path_bytes())).0;
            let Some(links) = wanted.remove(&path) else {
                continue;
            };
            if !entry.header().entry_type().is_file() {
                continue;
            }
            let size = entry.size();
            let consumers: Vec<(String, Consumers<'o>)> = links
                .into_iter()
                .map(|l| {
                    let c = self.consumers(&l, size);
                    (l, c)
                })
                .collect();
            let limit = consumers
                .iter()
                .map(|(_, c)| c.read_limit(self.opts.max_sink_file_size))
                .max()
                .unwrap_or(0);
            let data = read_entry(&mut entry, size, limit)?;
            for (link, who) in consumers {
                self.dispatch(&link, &data, &who);
            }
            if wanted.is_empty() {
                break;
            }
        }
        for (target, links) in wanted {
            for link in links {
                self.warn(
                    Some(&link),
                    format!("hardlink to `{target}`, which is not a file in this layer"),
                );
            }
        }
        Ok(())
    }
}

/// Opens the decoded stream of a layer blob and runs `f` over it, hashing the stream when
/// `hash` (the first pass with verification on; the second pass's digest would be unused).
fn with_stream<T>(
    blobs: &dyn BlobSet,
    layer: &LayerRef,
    opts: &Options,
    decoder: &dyn BlobDecoder,
    hash: bool,
    f: impl FnOnce(&mut Guarded<'_>, Compression) -> T,
) -> Result<T, String> {
    let blob = blobs
        .open_blob(&layer.blob)
        .ok_or_else(|| format!("layer blob `{}` is missing from the archive", layer.blob))?;
    let mut seq = SeqReader::new(&*blob);
    let compression = detect(
        seq.fill_buf()
            .map_err(|e| format!("cannot read the layer blob: {e}"))?,
    );
    let mut decoded;
    let mut zs;
    let stream: &mut dyn Read = match compression {
        Compression::Gzip => {
            decoded = decoder.gunzip(&mut seq);
            &mut *decoded
        }
        Compression::Zstd => {
            zs = ZstdFrames::new(&mut seq);
            &mut zs
        }
        Compression::None => {
            decoded = decoder.stored(&mut seq);
            &mut *decoded
        }
    };
    let mut guarded = Guarded::new(stream, opts.max_layer_size, hash);
    Ok(f(&mut guarded, compression))
}

/// Decodes and walks one layer. Never fails: an unreadable layer gives a result with
/// `complete == false` and a located warning, so the rest of the image is still scanned.
pub fn scan_layer(
    blobs: &dyn BlobSet,
    layer: &LayerRef,
    opts: &Options,
    sink: Option<&mut dyn FileSink>,
) -> LayerResult {
    scan_layer_with(blobs, layer, opts, sink, &Flate2)
}

/// [`scan_layer`] with layer blobs decoded by `decoder` (called once per pass over the
/// layer: twice when hardlinks need a second pass).
pub fn scan_layer_with(
    blobs: &dyn BlobSet,
    layer: &LayerRef,
    opts: &Options,
    sink: Option<&mut dyn FileSink>,
    decoder: &dyn BlobDecoder,
) -> LayerResult {
    let mut walker = Walker {
        index: layer.index,
        opts,
        sink,
        result: LayerResult {
            index: layer.index,
            blob_bytes: blobs.open_blob(&layer.blob).map_or(0, |b| b.len()),
            ..LayerResult::default()
        },
        positions: HashMap::new(),
        pending_links: Vec::new(),
        recent: RecentFiles::default(),
    };
    let first = with_stream(
        blobs,
        layer,
        opts,
        decoder,
        opts.verify_diff_ids,
        |stream, compression| {
            walker.result.compression = Some(compression);
            let outcome = match walker.walk(stream) {
            Ok(()) => match stream.drain() {
                Ok(()) => Walked::Whole(stream.take_digest()),
                // A checksum failure at the end means the bytes already read were damaged.
                Err(e) if e.to_string().to_ascii_lowercase().contains("checksum") => Walked::Failed(format!(
                    "corrupt {} stream ({e}): files read from this layer may be damaged",
                    compression_name(compression)
                )),
                // Every entry was read; only bytes after the tar's end marker are bad.
                Err(e) => Walked::EntriesOnly(format!(
                    "unreadable data after the end of the tar stream ({e}); diff_id not verified"
                )),
            },
            Err(_) if stream.exceeded => Walked::Failed(format!(
                "{}; the rest of the layer was skipped",
                super::decode::LimitExceeded {
                    limit: opts.max_layer_size
                }
            )),
            Err(e) => Walked::Failed(format!(
                "corrupt or truncated {} stream after {} decompressed bytes: {e}; the rest of the layer was skipped",
                compression_name(compression),
                stream.bytes
            )),
        };
            (outcome, stream.bytes)
        },
    );
    match first {
        Err(message) => walker.warn(None, message),
        Ok((outcome, bytes)) => {
            walker.result.tar_bytes = bytes;
            match outcome {
                Walked::Whole(digest) => {
                    walker.result.complete = true;
                    if let (Some(got), Some(want)) = (&digest, &layer.diff_id) {
                        if got != want {
                            walker.warn(
                                None,
                                format!("diff_id mismatch: the config says {want}, the layer hashes to {got}"),
                            );
                        }
                    }
                    walker.result.diff_id = digest;
                }
                Walked::EntriesOnly(message) => {
                    walker.result.complete = true;
                    walker.warn(None, message);
                }
                Walked::Failed(message) => walker.warn(None, message),
            }
        }
    }
    if walker.result.complete && !walker.pending_links.is_empty() {
        let second = with_stream(blobs, layer, opts, decoder, false, |stream, _| {
            walker.resolve_links(stream)
        });
        if let Ok(Err(e)) | Err(e) = second.map(|r| r.map_err(|e| e.to_string())) {
            walker.warn(None, format!("resolving hardlinks: {e}"));
        }
    }
    walker.result
}

/// How far the first pass got.
enum Walked {
    /// The whole stream, with its digest when hashing was on.
    Whole(Option<String>),
    /// Every tar entry, but the bytes after the end marker could not be decoded.
    EntriesOnly(String),
    Failed(String),
}

fn compression_name(c: Compression) -> &'static str {
    match c {
        Compression::Gzip => "gzip",
        Compression::Zstd => "zstd",
        Compression::None => "tar",
    }
}

/// Reads up to `limit` bytes of an entry whose header claims `size`. The header is
/// untrusted, so only 8 MiB is reserved up front; once that much really arrived, the
/// buffer is sized to the claim in one step instead of doubling (doubling left workers
/// holding about twice the largest file, which matters in a browser's wasm memory).
fn read_entry(entry: &mut dyn Read, size: u64, limit: u64) -> std::io::Result<Vec<u8>> {
    let want = usize::try_from(size.min(limit)).unwrap_or(usize::MAX);
    let first = want.min(8 << 20);
    let mut data = Vec::with_capacity(first);
    let mut reader = entry.take(limit);
    (&mut reader).take(first as u64).read_to_end(&mut data)?;
    if data.len() == first && want > first {
        data.reserve_exact(want - first);
    }
    reader.read_to_end(&mut data)?;
    Ok(data)
}
