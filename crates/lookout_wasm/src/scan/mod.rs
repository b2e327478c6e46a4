//! The image scan in steps the page spreads over workers:
//! `ArchiveIndex.open` (coordinator) → `scan_layer` (one worker per layer) →
//! `ScanSession.merge` → `match_vulnerabilities` (with the DB shards the page fetched)
//! → `report` / `encode`.

mod index;
mod layer;
mod reader;
mod session;

pub use index::ArchiveIndex;
pub use layer::scan_layer;
pub use reader::JsReadAt;
pub use session::ScanSession;
