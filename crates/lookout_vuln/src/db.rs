//! The opened DB: index plus the shards loaded so far, and package matching.

use crate::build::BuiltDb;
use crate::cvss::{Cvss, Rating};
use crate::format::{decode_index, decode_shard, DbError, Index};
use crate::loaded::LoadedShard;
use crate::matching::evaluate;
use crate::model::Shard;
use crate::names::{
    is_distro, lists_binary_packages, normalize_name, normalize_release, split_ecosystem,
};
use crate::version::{normalize_go_version, Scheme};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};

/// One installed package to check.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Query<'a> {
    /// OSV ecosystem with release for distros (`Debian:12`, `Alpine:v3.18`, `npm`).
    pub ecosystem: &'a str,
    pub name: &'a str,
    pub version: &'a str,
    /// Distro source package and its version (dpkg `Source:`, apk origin, source rpm).
    pub source_name: Option<&'a str>,
    pub source_version: Option<&'a str>,
}

/// Whether a fix exists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Fixed,
    Affected,
    WillNotFix,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Fixed => "fixed",
            Status::Affected => "affected",
            Status::WillNotFix => "will_not_fix",
        }
    }
}

/// One advisory that applies to the queried package.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VulnMatch {
    pub id: String,
    pub aliases: Vec<String>,
    pub summary: String,
    pub severity: Rating,
    pub cvss: Option<Cvss>,
    /// Smallest fixed version above the installed one.
    pub fixed_version: Option<String>,
    pub status: Status,
    pub references: Vec<String>,
    pub published: Option<String>,
    pub modified: Option<String>,
    /// The package name the advisory is filed under (the source package for distros).
    pub matched_name: String,
}

/// An opened DB. Shards are loaded one by one so a browser fetches only the
/// ecosystems an image needs.
#[derive(Debug, Clone)]
pub struct Db {
    index: Index,
    shards: HashMap<String, LoadedShard>,
}

impl Db {
    /// Reads the index (`index.json` bytes). No shard is loaded yet.
    pub fn open(index_bytes: &[u8]) -> Result<Db, DbError> {
        Ok(Db {
            index: decode_index(index_bytes)?,
            shards: HashMap::new(),
        })
    }

    /// Opens a freshly built DB with every shard loaded.
    pub fn from_built(built: &BuiltDb) -> Result<Db, DbError> {
        let mut db = Db::open(&built.index)?;
        let files: Vec<(String, String)> = db
            .index
            .ecosystems
            .iter()
            .map(|e| (e.name.clone(), e.file.clone()))
            .collect();
        for (eco, file) in files {
            let bytes = built
                .shards
                .iter()
                .find(|(f, _)| *f == file)
                .map(|(_, b)| b.as_slice())
                .ok_or_else(|| DbError::UnknownEcosystem(eco.clone()))?;
            db.load_shard(&eco, bytes)?;
        }
        Ok(db)
    }

    pub fn index(&self) -> &Index {
        &self.index
    }

    /// The shard file (relative to the index) holding `ecosystem` (`Debian:12` or
    /// `Debian`); `None` when the DB has no data for it.
    pub fn shard_file(&self, ecosystem: &str) -> Option<&str> {
        let (base, _) = split_ecosystem(ecosystem);
        self.index
            .ecosystems
            .iter()
            .find(|e| e.name == base)
            .map(|e| e.file.as_str())
    }

    /// The loaded shard for `ecosystem`, if any, parsed whole (for tools and benchmarks).
    pub fn shard(&self, ecosystem: &str) -> Option<Result<Shard, DbError>> {
        let (base, _) = split_ecosystem(ecosystem);
        self.shards.get(base).map(|loaded| {
            loaded.to_shard().map_err(|e| DbError::CorruptShard {
                ecosystem: base.to_owned(),
                reason: e.to_string(),
            })
        })
    }

    /// Whether the shard for `ecosystem` is loaded.
    pub fn is_loaded(&self, ecosystem: &str) -> bool {
        self.shards.contains_key(split_ecosystem(ecosystem).0)
    }

    /// Loads one shard (the bytes of the file [`Db::shard_file`] names). The bytes may
    /// also be the shard already inflated: a web server that labels `.gz` files with
    /// `Content-Encoding: gzip` makes the browser hand over plain JSON.
    pub fn load_shard(&mut self, ecosystem: &str, bytes: &[u8]) -> Result<(), DbError> {
        let (base, _) = split_ecosystem(ecosystem);
        let entry = self
            .index
            .ecosystems
            .iter()
            .find(|e| e.name == base)
            .ok_or_else(|| DbError::UnknownEcosystem(base.to_owned()))?;
        let gzipped = bytes.starts_with(&[0x1f, 0x8b]);
        if gzipped && entry.bytes != bytes.len() as u64 {
            return Err(DbError::CorruptShard {
                ecosystem: base.to_owned(),
                reason: format!("{} bytes, the index says {}", bytes.len(), entry.bytes),
            });
        }
        let shard = decode_shard(base, bytes)?;
        self.shards.insert(base.to_owned(), shard);
        Ok(())
    }

    /// Advisories affecting one installed package, sorted by id. Returns nothing for
    /// an ecosystem whose shard is not loaded (check [`Db::is_loaded`]).
    pub fn match_package(&self, query: &Query<'_>) -> Vec<VulnMatch> {
        let (base, release) = split_ecosystem(query.ecosystem);
        let Some(shard) = self.shards.get(base) else {
            return Vec::new();
        };
        let scheme = Scheme::for_ecosystem(base);
        let release = release.map(|r| normalize_release(base, r));
        let go_version;
        let mut candidates: Vec<(&str, &str)> = Vec::with_capacity(2);
        if is_distro(base) {
            if let Some(source) = query.source_name.filter(|s| !s.is_empty()) {
                candidates.push((source, query.source_version.unwrap_or(query.version)));
            }
            if candidates.is_empty() || lists_binary_packages(base) {
                candidates.push((query.name, query.version));
            }
        } else if base == "Go" {
            go_version = normalize_go_version(query.version);
            candidates.push((query.name, &go_version));
        } else {
            candidates.push((query.name, query.version));
        }

        let mut found: BTreeMap<u32, Finding<'_>> = BTreeMap::new();
        for (name, version) in candidates {
            let key = normalize_name(base, name);
            let Some(entries) = shard.entries(&key) else {
                continue;
            };
            for affected in entries {
                if !release_matches(affected.release.as_deref(), release.as_deref()) {
                    continue;
                }
                let Some(hit) = evaluate(affected, version, scheme) else {
                    continue;
                };
                let slot = found.entry(affected.advisory).or_insert(Finding {
                    fixed: None,
                    will_not_fix: true,
                    package_rating: None,
                    name,
                });
                slot.fixed = smallest(slot.fixed.take(), hit.fixed, scheme);
                slot.will_not_fix &= affected.will_not_fix;
                slot.package_rating = slot.package_rating.max(affected.severity);
            }
        }

        let mut matches: Vec<VulnMatch> = found
            .into_iter()
            .filter_map(|(index, finding)| {
                let Finding {
                    fixed,
                    will_not_fix,
                    package_rating,
                    name,
                } = finding;
                let advisory = shard.advisory(index)?;
                let status = match (&fixed, will_not_fix) {
                    (Some(_), _) => Status::Fixed,
                    (None, true) => Status::WillNotFix,
                    (None, false) => Status::Affected,
                };
                // A CVSS score wins; otherwise the package-level word (Debian urgency).
                let severity = match (&advisory.cvss, package_rating) {
                    (None, Some(r)) if r != Rating::Unknown => r,
                    _ => advisory.severity,
                };
                Some(VulnMatch {
                    id: advisory.id.clone(),
                    aliases: advisory.aliases.clone(),
                    summary: advisory.summary.clone(),
                    severity,
                    cvss: advisory.cvss.clone(),
                    fixed_version: fixed,
                    status,
                    references: advisory.references.clone(),
                    published: advisory.published.clone(),
                    modified: advisory.modified.clone(),
                    matched_name: name.to_owned(),
                })
            })
            .collect();
        matches.sort_by(|a, b| a.id.cmp(&b.id));
        matches
    }
}

/// What the affected entries of one advisory said about the queried package.
struct Finding<'a> {
    fixed: Option<String>,
    /// Every matching entry said "will not fix".
    will_not_fix: bool,
    package_rating: Option<Rating>,
    name: &'a str,
}

/// An entry for `Debian:11` never applies to a Debian 12 system; an entry without a
/// release applies to every release; a query without a release matches only
/// release-less entries (guessing would report other releases' advisories).
fn release_matches(entry: Option<&str>, query: Option<&str>) -> bool {
    match (entry, query) {
        (None, _) => true,
        (Some(_), None) => false,
        // Entries are stored normalised by the builder.
        (Some(e), Some(q)) => e == q,
    }
}

fn smallest(a: Option<String>, b: Option<String>, scheme: Scheme) -> Option<String> {
    match (a, b) {
        (Some(a), Some(b)) => Some(if scheme.compare(&b, &a).is_lt() { b } else { a }),
        (a, b) => a.or(b),
    }
}
