//! Vulnerability data for Lookout: version schemes, OSV import into a compact sharded
//! DB, package matching and severity scoring. Pure: takes bytes, returns data (no file
//! system, no threads, no clock), so it builds for `wasm32-unknown-unknown`.
//!
//! ```text
//! build_db(&[(name, bytes)], built_at) -> BuiltDb { index, shards, warnings }
//! Db::open(index) ; db.shard_file("Debian:12") ; db.load_shard("Debian", bytes)
//! db.match_package(&Query { ecosystem, name, version, source_name, source_version })
//! ```

mod build;
pub mod cvss;
mod db;
mod format;
mod loaded;
mod matching;
pub mod model;
pub mod names;
mod osv;
pub mod version;

pub use build::{build_db, count_zip_records, BuiltDb};
pub use cvss::{score_vector, Cvss, Rating};
pub use db::{Db, Query, Status, VulnMatch};
pub use format::{DbError, EcosystemEntry, Index, INDEX_FILE, SCHEMA_VERSION};
pub use loaded::LoadedShard;
