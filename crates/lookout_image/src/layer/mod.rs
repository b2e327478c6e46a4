//! One layer as an independent unit of work: decode, walk, catalog. Results are merged
//! in layer order by [`crate::merge`].

pub mod decode;
pub mod walk;

pub use walk::{scan_layer, EntryKind, FileSink, FoundFile, LayerResult, PathEntry};
