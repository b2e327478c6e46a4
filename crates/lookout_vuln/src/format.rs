//! On-disk (and over-the-wire) layout: a small JSON index naming one gzip-compressed
//! JSON shard per ecosystem. gzip (flate2's pure-Rust backend) decodes in wasm and in
//! every browser; the index stays plain JSON so a page can read it without inflating.

use crate::loaded::LoadedShard;
use crate::model::Shard;
use flate2::read::GzDecoder;
use flate2::write::GzEncoder;
use flate2::Compression;
use serde::{Deserialize, Serialize};
use std::io::{Read, Write};

/// Version of the index and shard layout. Bump on any incompatible change: older
/// readers then refuse newer DBs with [`DbError::NewerSchema`] instead of misreading.
pub const SCHEMA_VERSION: u32 = 1;

/// Name of the index file inside a DB directory.
pub const INDEX_FILE: &str = "index.json";

/// Identifies the file kind (guards against pointing `--db` at some other JSON).
pub const FORMAT_NAME: &str = "lookout-vuln-db";

/// Largest decompressed shard accepted (a decompression bomb guard; the biggest
/// real shard is a few tens of MB).
pub const MAX_SHARD_BYTES: u64 = 512 * 1024 * 1024;

/// Errors reading a DB.
#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("the vulnerability DB index is not readable ({0}); rebuild it with `lookout db build` or `lookout db update`")]
    CorruptIndex(String),
    #[error("the vulnerability DB uses schema {found}, newer than this Lookout understands ({supported}); upgrade Lookout or rebuild the DB")]
    NewerSchema { found: u32, supported: u32 },
    #[error("the vulnerability DB shard for {ecosystem} is corrupt ({reason})")]
    CorruptShard { ecosystem: String, reason: String },
    #[error("the vulnerability DB has no shard for ecosystem {0}")]
    UnknownEcosystem(String),
    #[error("not an OSV export: {0}")]
    NotOsv(String),
}

/// The index file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Index {
    pub format: String,
    pub schema: u32,
    /// When the DB was built (RFC 3339, supplied by the caller).
    pub built_at: String,
    pub ecosystems: Vec<EcosystemEntry>,
}

/// One shard as the index describes it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EcosystemEntry {
    /// Base ecosystem name (`Debian`, `crates.io`).
    pub name: String,
    /// Shard file name, relative to the index.
    pub file: String,
    /// Compressed size in bytes (a truncated download shows up here first).
    pub bytes: u64,
    pub advisories: usize,
    pub packages: usize,
    /// Newest `modified` (or `published`) timestamp among the advisories.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub newest: Option<String>,
    /// Id of that newest advisory.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub newest_id: Option<String>,
}

/// Reads and validates index bytes.
pub fn decode_index(bytes: &[u8]) -> Result<Index, DbError> {
    // Read the schema first, so a newer layout is reported as such even when its
    // fields no longer deserialize into ours.
    #[derive(Deserialize)]
    struct Header {
        format: Option<String>,
        schema: Option<u32>,
    }
    let header: Header =
        serde_json::from_slice(bytes).map_err(|e| DbError::CorruptIndex(e.to_string()))?;
    if header.format.as_deref() != Some(FORMAT_NAME) {
        return Err(DbError::CorruptIndex(format!(
            "not a Lookout DB index (format is {:?})",
            header.format.unwrap_or_default()
        )));
    }
    match header.schema {
        Some(found) if found > SCHEMA_VERSION => {
            return Err(DbError::NewerSchema {
                found,
                supported: SCHEMA_VERSION,
            })
        }
        Some(_) => {}
        None => return Err(DbError::CorruptIndex("no schema version".to_owned())),
    }
    serde_json::from_slice(bytes).map_err(|e| DbError::CorruptIndex(e.to_string()))
}

pub fn encode_index(index: &Index) -> Vec<u8> {
    // Serialising plain data structures cannot fail.
    let mut out = serde_json::to_vec_pretty(index).unwrap_or_default();
    out.push(b'\n');
    out
}

pub fn encode_shard(shard: &Shard) -> Vec<u8> {
    let json = serde_json::to_vec(shard).unwrap_or_default();
    let mut encoder = GzEncoder::new(Vec::new(), Compression::best());
    // Writing into a Vec cannot fail.
    let _ = encoder.write_all(&json);
    encoder.finish().unwrap_or_default()
}

pub fn decode_shard(ecosystem: &str, bytes: &[u8]) -> Result<LoadedShard, DbError> {
    let corrupt = |reason: String| DbError::CorruptShard {
        ecosystem: ecosystem.to_owned(),
        reason,
    };
    let mut inflated = Vec::new();
    let json: &[u8] = if bytes.starts_with(&[0x1f, 0x8b]) {
        GzDecoder::new(bytes)
            .take(MAX_SHARD_BYTES + 1)
            .read_to_end(&mut inflated)
            .map_err(|e| corrupt(format!("gzip: {e}")))?;
        &inflated
    } else if bytes.trim_ascii_start().starts_with(b"{") {
        // Already inflated on the way (HTTP Content-Encoding).
        bytes
    } else {
        return Err(corrupt("neither gzip nor JSON".to_owned()));
    };
    if json.len() as u64 > MAX_SHARD_BYTES {
        return Err(corrupt(format!(
            "larger than {MAX_SHARD_BYTES} bytes decompressed"
        )));
    }
    let shard: LoadedShard = match serde_json::from_slice(json) {
        Ok(shard) => shard,
        Err(e) => {
            // A newer layout may not deserialize: say so rather than "corrupt".
            #[derive(Deserialize)]
            struct Header {
                schema: Option<u32>,
            }
            if let Ok(Header {
                schema: Some(found),
            }) = serde_json::from_slice(json)
            {
                if found > SCHEMA_VERSION {
                    return Err(DbError::NewerSchema {
                        found,
                        supported: SCHEMA_VERSION,
                    });
                }
            }
            return Err(corrupt(e.to_string()));
        }
    };
    if shard.schema > SCHEMA_VERSION {
        return Err(DbError::NewerSchema {
            found: shard.schema,
            supported: SCHEMA_VERSION,
        });
    }
    if shard.ecosystem != ecosystem {
        return Err(corrupt(format!("it holds {} instead", shard.ecosystem)));
    }
    Ok(shard)
}
