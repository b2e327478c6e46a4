//! One layer as an independent unit of work: decode, walk, catalog. Results are merged
//! in layer order by [`crate::merge`].

pub mod decode;
mod recent;
pub mod walk;

pub use decode::{BlobDecoder, Flate2};
pub use walk::{
    scan_layer, scan_layer_with, EntryKind, FileSink, FoundFile, LayerResult, PathEntry,
};
