//! Vulnerability data for Lookout: version schemes, OSV import into a compact sharded
//! DB, package matching and severity scoring. Pure: takes bytes, returns data (no file
//! system, no threads), so it builds for `wasm32-unknown-unknown`.

pub mod version;
