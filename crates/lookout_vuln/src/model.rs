//! What a DB shard stores: advisories trimmed to what matching and reports need, and
//! per package name the affected entries pointing at them. Field names are short on
//! purpose: they are repeated hundreds of thousands of times in a shard.

use crate::cvss::{Cvss, Rating};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One advisory (OSV record) as stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Advisory {
    pub id: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub summary: String,
    /// Rating chosen at build time (CVSS, else the feed's own word, else UNKNOWN).
    pub severity: Rating,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cvss: Option<Cvss>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub references: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub modified: Option<String>,
}

/// One version event of an OSV range.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Event {
    #[serde(rename = "i")]
    Introduced(String),
    #[serde(rename = "f")]
    Fixed(String),
    #[serde(rename = "l")]
    LastAffected(String),
    #[serde(rename = "x")]
    Limit(String),
}

/// An ECOSYSTEM or SEMVER range (GIT ranges are dropped at build time: commits
/// cannot be compared with installed versions).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Range {
    /// `true` for SEMVER ranges, which always use SemVer ordering.
    #[serde(rename = "s", default, skip_serializing_if = "is_false")]
    pub semver: bool,
    /// Sorted by version at build time (`introduced: 0` first, `limit: *` last).
    #[serde(rename = "e")]
    pub events: Vec<Event>,
}

/// One `affected[]` entry of an advisory, filed under its package name.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Affected {
    /// Index into the shard's advisories.
    #[serde(rename = "a")]
    pub advisory: u32,
    /// The release part of the ecosystem, normalised (`11` of `Debian:11`, `3.18` of
    /// `Alpine:v3.18`; see [`crate::names::normalize_release`]).
    #[serde(rename = "r", default, skip_serializing_if = "Option::is_none")]
    pub release: Option<String>,
    #[serde(rename = "g", default, skip_serializing_if = "Vec::is_empty")]
    pub ranges: Vec<Range>,
    #[serde(rename = "v", default, skip_serializing_if = "Vec::is_empty")]
    pub versions: Vec<String>,
    /// Per-package rating (Debian urgency, affected-level CVSS) overriding the advisory's.
    #[serde(rename = "sv", default, skip_serializing_if = "Option::is_none")]
    pub severity: Option<Rating>,
    /// The distro said it will not fix this (no-dsa, ignored, end-of-life…).
    #[serde(rename = "w", default, skip_serializing_if = "is_false")]
    pub will_not_fix: bool,
}

/// One ecosystem's data.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Shard {
    pub schema: u32,
    /// Base ecosystem name (`Debian`, `PyPI`).
    pub ecosystem: String,
    pub advisories: Vec<Advisory>,
    /// Normalised package name → affected entries.
    pub packages: BTreeMap<String, Vec<Affected>>,
}

fn is_false(b: &bool) -> bool {
    !*b
}
