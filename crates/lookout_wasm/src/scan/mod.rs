//! The image scan in steps the page spreads over workers:
//! `ArchiveIndex.open` (coordinator) → `scan_layer` (one worker per layer, gzip inflated
//! beside it by the browser when it can: [`pipe`]) →
//! `ScanSession.merge` → `match_vulnerabilities` (with the DB shards the page fetched)
//! → `report` / `encode`.

mod index;
mod layer;
mod pipe;
mod reader;
mod session;

pub use index::ArchiveIndex;
pub use layer::scan_layer;
pub use pipe::JsPipe;
pub use reader::JsReadAt;
pub use session::ScanSession;
