//! Reads container image archives and catalogs their packages. Pure: takes a
//! [`RandomAccess`] source and returns data; builds for wasm32 (no fs, no threads, no C).
//!
//! Flow: [`TarBlobs`] indexes the outer tar by headers only → [`open_image`] finds the
//! manifest, config and layers → [`scan_layer`] decodes and walks each layer once
//! (independent units: run them on threads or workers) → [`ImageScan::assemble`] merges
//! them in order. [`scan_image`] does all of it sequentially.
//!
//! Hand-written where no crate fits wasm: the rpm database readers (SQLite b-tree,
//! Berkeley DB hash, NDB) and the rpm header parser.

pub mod archive;
pub mod catalog;
pub mod error;
pub mod layer;
pub mod merge;
pub mod os;
pub mod package;
pub mod paths;
pub mod purl;
pub mod scan;
pub mod source;

pub use archive::config::{Healthcheck, HistoryEntry, ImageConfig};
pub use archive::layout::{ArchiveFormat, ImageChoice, ImageLayout, LayerRef};
pub use archive::tar_index::{BlobSet, TarBlobs, TarIndex, TarIndexError};
pub use error::{ImageError, Warning};
pub use layer::{scan_layer, scan_layer_with, BlobDecoder, FileSink, Flate2, LayerResult};
pub use merge::{merge, Deletions, FinalView, Inventory, LayerSummary};
pub use os::OsInfo;
pub use package::Package;
pub use scan::{
    open_image, scan_blobs, scan_image, scan_image_with_sink, ArchiveInfo, ImageScan, LayerInfo,
    Options,
};
pub use source::{RandomAccess, SeqReader};
