//! A shard as loaded for matching: each advisory and each package's affected entries kept
//! as raw JSON, parsed when a query reaches them. A scan asks about a few hundred of a
//! shard's thousands of packages, and parsing every entry and advisory up front was most of
//! a scan's DB time (debian12-apps' six shards: ~55 ms native, ~85 ms in the browser's wasm).
//! Loading still reads the whole shard once: the JSON is validated, only not materialised.

use crate::model::{Advisory, Affected, Shard};
use serde::Deserialize;
use serde_json::value::RawValue;
use std::collections::HashMap;

#[derive(Debug, Clone, Deserialize)]
pub struct LoadedShard {
    pub schema: u32,
    /// Base ecosystem name (`Debian`, `PyPI`).
    pub ecosystem: String,
    advisories: Vec<Box<RawValue>>,
    packages: HashMap<String, Box<RawValue>>,
}

impl LoadedShard {
    /// The affected entries filed under a normalised package name.
    pub fn entries(&self, name: &str) -> Option<Result<Vec<Affected>, serde_json::Error>> {
        self.packages
            .get(name)
            .map(|raw| serde_json::from_str(raw.get()))
    }

    /// The advisory an entry points at (`Affected::advisory`).
    pub fn advisory(&self, index: u32) -> Option<Result<Advisory, serde_json::Error>> {
        self.advisories
            .get(index as usize)
            .map(|raw| serde_json::from_str(raw.get()))
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
                .map(|raw| serde_json::from_str(raw.get()))
                .collect::<Result<_, _>>()?,
            packages: self
                .packages
                .iter()
                .map(|(name, raw)| Ok((name.clone(), serde_json::from_str(raw.get())?)))
                .collect::<Result<_, serde_json::Error>>()?,
        })
    }
}
