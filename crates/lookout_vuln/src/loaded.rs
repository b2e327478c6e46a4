//! A shard as loaded for matching: each advisory and each package's affected entries kept
//! as raw JSON, parsed the first time a query reaches them and kept parsed. A scan asks
//! about a few hundred of a shard's thousands of packages, and parsing every entry and
//! advisory up front was most of a scan's DB time (debian12-apps' six shards: ~55 ms native,
//! ~85 ms in the browser's wasm). Loading still reads the whole shard once: the JSON is
//! validated, only not materialised.

use crate::model::{Advisory, Affected, Shard};
use serde::{Deserialize, Deserializer};
use serde_json::value::RawValue;
use std::collections::HashMap;
use std::sync::OnceLock;

/// Raw JSON and, once asked for, what it parsed to (`None`: it did not parse — only a
/// builder bug could write that, the bytes passed gzip's checksum and the schema check).
#[derive(Debug, Clone)]
struct Lazy<T> {
    raw: Box<RawValue>,
    parsed: OnceLock<Option<T>>,
}

impl<T: for<'de> Deserialize<'de>> Lazy<T> {
    fn get(&self) -> Option<&T> {
        self.parsed
            .get_or_init(|| serde_json::from_str(self.raw.get()).ok())
            .as_ref()
    }

    fn parse(&self) -> Result<T, serde_json::Error> {
        serde_json::from_str(self.raw.get())
    }
}

impl<'de, T> Deserialize<'de> for Lazy<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(Lazy {
            raw: Box::<RawValue>::deserialize(deserializer)?,
            parsed: OnceLock::new(),
        })
    }
}

#[derive(Debug, Clone, Deserialize)]
pub struct LoadedShard {
    pub schema: u32,
    /// Base ecosystem name (`Debian`, `PyPI`).
    pub ecosystem: String,
    advisories: Vec<Lazy<Advisory>>,
    packages: HashMap<String, Lazy<Vec<Affected>>>,
}

impl LoadedShard {
    /// The affected entries filed under a normalised package name.
    pub fn entries(&self, name: &str) -> Option<&[Affected]> {
        self.packages.get(name)?.get().map(Vec::as_slice)
    }

    /// The advisory an entry points at (`Affected::advisory`).
    pub fn advisory(&self, index: u32) -> Option<&Advisory> {
        self.advisories.get(index as usize)?.get()
    }

    pub fn advisory_count(&self) -> usize {
        self.advisories.len()
    }

    pub fn package_count(&self) -> usize {
        self.packages.len()
    }

    /// Every entry and advisory parsed (for tools and benchmarks that walk a whole shard).
    pub fn to_shard(&self) -> Result<Shard, serde_json::Error> {
        Ok(Shard {
            schema: self.schema,
            ecosystem: self.ecosystem.clone(),
            advisories: self
                .advisories
                .iter()
                .map(Lazy::parse)
                .collect::<Result<_, _>>()?,
            packages: self
                .packages
                .iter()
                .map(|(name, lazy)| Ok((name.clone(), lazy.parse()?)))
                .collect::<Result<_, serde_json::Error>>()?,
        })
    }
}
