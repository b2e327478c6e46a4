//! OSV import: records from loose JSON files or OSV `all.zip` exports → merged,
//! trimmed advisories → one shard per ecosystem plus the index.

use crate::cvss::{score_vector, Cvss, Rating};
use crate::format::{
    encode_index, encode_shard, EcosystemEntry, Index, FORMAT_NAME, SCHEMA_VERSION,
};
use crate::matching::{scheme_for, sort_events};
use crate::model::{Advisory, Affected, Event, Range, Shard};
use crate::names::{normalize_name, normalize_release, shard_file_name, split_ecosystem};
use crate::osv::{OsvAffected, OsvRecord, OsvSeverity};
use crate::version::Scheme;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::io::{Cursor, Read};

/// Largest single zip member read (guards against decompression bombs; real OSV
/// records are at most a few MB).
const MAX_RECORD_BYTES: u64 = 64 * 1024 * 1024;
/// Summaries longer than this are cut (reports show one line).
const MAX_SUMMARY_CHARS: usize = 240;

/// A built DB: the index file and the shard files, ready to write or serve.
#[derive(Debug, Clone)]
pub struct BuiltDb {
    /// Bytes of `index.json`.
    pub index: Vec<u8>,
    /// `(file name, bytes)` of each shard, in index order.
    pub shards: Vec<(String, Vec<u8>)>,
    /// Records skipped or inputs not understood, each naming its file.
    pub warnings: Vec<String>,
    /// Advisories kept, over all ecosystems (an advisory in two ecosystems counts twice).
    pub advisory_count: usize,
}

/// Builds a DB from OSV inputs. Each input is `(name, bytes)`: a JSON record (one
/// object, or an array of them) or an OSV `all.zip` export, recognised by content.
/// `built_at` is stored in the index (the library has no clock: it runs in wasm too).
/// Never fails: unreadable records become warnings naming the file.
pub fn build_db<N: AsRef<str>, B: AsRef<[u8]>>(inputs: &[(N, B)], built_at: &str) -> BuiltDb {
    let mut builder = Builder::default();
    for (name, bytes) in inputs {
        builder.add_input(name.as_ref(), bytes.as_ref());
    }
    builder.finish(built_at)
}

/// Checks that `bytes` is a readable OSV zip export and counts its records (used by
/// `db update` before replacing a working DB).
pub fn count_zip_records(bytes: &[u8]) -> Result<usize, crate::format::DbError> {
    use crate::format::DbError;
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| DbError::NotOsv(format!("not a readable zip ({e})")))?;
    let mut records = 0;
    for i in 0..archive.len() {
        let mut file = archive
            .by_index(i)
            .map_err(|e| DbError::NotOsv(format!("zip member {i} unreadable ({e})")))?;
        if !file.is_file() || !file.name().ends_with(".json") {
            continue;
        }
        let name = file.name().to_owned();
        let mut data = Vec::new();
        (&mut file)
            .take(MAX_RECORD_BYTES)
            .read_to_end(&mut data)
            .map_err(|e| DbError::NotOsv(format!("{name}: {e}")))?;
        records += 1;
    }
    if records == 0 {
        return Err(DbError::NotOsv("the zip holds no .json records".to_owned()));
    }
    Ok(records)
}

#[derive(Default)]
struct Builder {
    /// id → merged record.
    records: BTreeMap<String, Merged>,
    warnings: Vec<String>,
}

/// A record merged over every file that carried its id.
struct Merged {
    record: OsvRecord,
    withdrawn: bool,
}

impl Builder {
    fn add_input(&mut self, name: &str, bytes: &[u8]) {
        if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
            self.add_zip(name, bytes);
        } else {
            self.add_json(name, bytes);
        }
    }

    fn add_zip(&mut self, name: &str, bytes: &[u8]) {
        let mut archive = match zip::ZipArchive::new(Cursor::new(bytes)) {
            Ok(a) => a,
            Err(e) => {
                self.warnings
                    .push(format!("{name}: not a readable zip ({e}); skipped"));
                return;
            }
        };
        for i in 0..archive.len() {
            let mut file = match archive.by_index(i) {
                Ok(f) => f,
                Err(e) => {
                    self.warnings
                        .push(format!("{name}: member {i} unreadable ({e}); skipped"));
                    continue;
                }
            };
            if !file.is_file() || !file.name().ends_with(".json") {
                continue;
            }
            let member = format!("{name}!{}", file.name());
            let mut data = Vec::new();
            if let Err(e) = (&mut file).take(MAX_RECORD_BYTES).read_to_end(&mut data) {
                self.warnings
                    .push(format!("{member}: unreadable ({e}); skipped"));
                continue;
            }
            self.add_json(&member, &data);
        }
    }

    fn add_json(&mut self, name: &str, bytes: &[u8]) {
        let value: Value = match serde_json::from_slice(bytes) {
            Ok(v) => v,
            Err(e) => {
                self.warnings
                    .push(format!("{name}: not valid JSON ({e}); skipped"));
                return;
            }
        };
        let values = match value {
            Value::Array(items) => items,
            other => vec![other],
        };
        for value in values {
            match serde_json::from_value::<OsvRecord>(value) {
                Ok(record) if record.id.trim().is_empty() => {
                    self.warnings
                        .push(format!("{name}: record without an id; skipped"));
                }
                Ok(record) => self.add_record(record),
                Err(e) => self
                    .warnings
                    .push(format!("{name}: not an OSV record ({e}); skipped")),
            }
        }
    }

    fn add_record(&mut self, record: OsvRecord) {
        let withdrawn = record
            .withdrawn
            .as_deref()
            .is_some_and(|w| !w.trim().is_empty());
        match self.records.get_mut(&record.id) {
            None => {
                self.records
                    .insert(record.id.clone(), Merged { record, withdrawn });
            }
            Some(existing) => {
                // A withdrawal anywhere withdraws the id.
                existing.withdrawn |= withdrawn;
                merge_into(&mut existing.record, record);
            }
        }
    }

    fn finish(self, built_at: &str) -> BuiltDb {
        let mut shards: BTreeMap<String, Shard> = BTreeMap::new();
        for merged in self.records.values().filter(|m| !m.withdrawn) {
            add_to_shards(&merged.record, &mut shards);
        }
        let mut index = Index {
            format: FORMAT_NAME.to_owned(),
            schema: SCHEMA_VERSION,
            built_at: built_at.to_owned(),
            ecosystems: Vec::new(),
        };
        let mut files = Vec::new();
        let mut advisory_count = 0;
        for (name, shard) in shards {
            let bytes = encode_shard(&shard);
            let newest = shard
                .advisories
                .iter()
                .filter_map(|a| {
                    a.modified
                        .as_deref()
                        .filter(|m| !m.starts_with("0001-"))
                        .or(a.published.as_deref())
                        .map(|t| (t, a.id.as_str()))
                })
                .max();
            let file = shard_file_name(&name);
            advisory_count += shard.advisories.len();
            index.ecosystems.push(EcosystemEntry {
                name,
                file: file.clone(),
                bytes: bytes.len() as u64,
                advisories: shard.advisories.len(),
                packages: shard.packages.len(),
                newest: newest.map(|(t, _)| t.to_owned()),
                newest_id: newest.map(|(_, id)| id.to_owned()),
            });
            files.push((file, bytes));
        }
        BuiltDb {
            index: encode_index(&index),
            shards: files,
            warnings: self.warnings,
            advisory_count,
        }
    }
}

/// Merges a second copy of an id (another file or release) into the first.
fn merge_into(into: &mut OsvRecord, other: OsvRecord) {
    let other_newer = other.modified > into.modified;
    for alias in other.aliases.into_iter().chain(other.upstream) {
        if !into.aliases.contains(&alias) {
            into.aliases.push(alias);
        }
    }
    for reference in other.references {
        if !into.references.iter().any(|r| r.url == reference.url) {
            into.references.push(reference);
        }
    }
    into.affected.extend(other.affected);
    if other_newer {
        into.modified = other.modified;
        if other.summary.is_some() {
            into.summary = other.summary.clone();
        }
        if !other.severity.is_empty() {
            into.severity = other.severity;
        }
        if other.database_specific.is_some() {
            into.database_specific = other.database_specific;
        }
    }
    into.published = match (into.published.take(), other.published) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    };
    if into.summary.is_none() {
        into.summary = other.summary;
    }
    if into.details.is_none() {
        into.details = other.details;
    }
}

fn add_to_shards(record: &OsvRecord, shards: &mut BTreeMap<String, Shard>) {
    let advisory = trim_advisory(record);
    // (base ecosystem) → index of this advisory in that shard
    let mut placed: BTreeMap<String, u32> = BTreeMap::new();
    let mut seen: BTreeSet<(String, String, String)> = BTreeSet::new();
    for affected in &record.affected {
        let Some(package) = &affected.package else {
            continue;
        };
        let (base, release) = split_ecosystem(&package.ecosystem);
        if base.is_empty() || package.name.trim().is_empty() {
            continue;
        }
        let Some(entry) = trim_affected(affected, base, release) else {
            continue;
        };
        let name = normalize_name(base, &package.name);
        // Identical entries arrive when the same record is in several files.
        let key = (
            base.to_owned(),
            name.clone(),
            serde_json::to_string(&entry).unwrap_or_default(),
        );
        if !seen.insert(key) {
            continue;
        }
        let shard = shards.entry(base.to_owned()).or_insert_with(|| Shard {
            schema: SCHEMA_VERSION,
            ecosystem: base.to_owned(),
            advisories: Vec::new(),
            packages: BTreeMap::new(),
        });
        let index = *placed.entry(base.to_owned()).or_insert_with(|| {
            shard.advisories.push(advisory.clone());
            (shard.advisories.len() - 1) as u32
        });
        shard.packages.entry(name).or_default().push(Affected {
            advisory: index,
            ..entry
        });
    }
}

/// The affected entry without its package (`advisory` is filled in by the caller);
/// `None` when nothing in it can match an installed version (only GIT ranges).
fn trim_affected(affected: &OsvAffected, base: &str, release: Option<&str>) -> Option<Affected> {
    let scheme = Scheme::for_ecosystem(base);
    let ranges: Vec<Range> = affected
        .ranges
        .iter()
        .filter(|r| r.kind == "ECOSYSTEM" || r.kind == "SEMVER")
        .map(|r| Range {
            semver: r.kind == "SEMVER",
            events: r
                .events
                .iter()
                .filter_map(|e| {
                    let event = if let Some(v) = &e.introduced {
                        Event::Introduced(v.clone())
                    } else if let Some(v) = &e.fixed {
                        Event::Fixed(v.clone())
                    } else if let Some(v) = &e.last_affected {
                        Event::LastAffected(v.clone())
                    } else {
                        Event::Limit(e.limit.clone()?)
                    };
                    Some(event)
                })
                .collect(),
        })
        .filter(|r: &Range| r.events.iter().any(|e| matches!(e, Event::Introduced(_))))
        .map(|mut r| {
            let range_scheme = scheme_for(&r, scheme);
            sort_events(&mut r.events, range_scheme);
            r
        })
        .collect();
    if ranges.is_empty() && affected.versions.is_empty() {
        return None;
    }
    Some(Affected {
        advisory: 0,
        release: release.map(|r| normalize_release(base, r)),
        ranges,
        versions: affected.versions.clone(),
        severity: affected_rating(affected),
        will_not_fix: says_will_not_fix(affected),
    })
}

fn trim_advisory(record: &OsvRecord) -> Advisory {
    let mut aliases: Vec<String> = Vec::new();
    for alias in record.aliases.iter().chain(&record.upstream) {
        if alias != &record.id && !aliases.contains(alias) {
            aliases.push(alias.clone());
        }
    }
    let (severity, cvss) = advisory_severity(record);
    let mut references: Vec<String> = Vec::new();
    for url in record.references.iter().filter_map(|r| r.url.as_ref()) {
        if !references.contains(url) {
            references.push(url.clone());
        }
    }
    Advisory {
        id: record.id.clone(),
        aliases,
        summary: summary_of(record),
        severity,
        cvss,
        references,
        published: record.published.clone(),
        modified: record.modified.clone(),
    }
}

/// The summary, else the first line of the details, cut to one report line.
fn summary_of(record: &OsvRecord) -> String {
    let text = record
        .summary
        .as_deref()
        .filter(|s| !s.trim().is_empty())
        .or(record.details.as_deref())
        .unwrap_or("");
    let line = text
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or("");
    if line.chars().count() > MAX_SUMMARY_CHARS {
        let cut: String = line.chars().take(MAX_SUMMARY_CHARS - 1).collect();
        format!("{cut}…")
    } else {
        line.to_owned()
    }
}

/// Best CVSS among severity entries: v3 first (what most reports show), then v4.
fn best_cvss(severities: &[OsvSeverity]) -> Option<Cvss> {
    let scored = |kind: &str| {
        severities
            .iter()
            .filter(|s| s.kind == kind)
            .find_map(|s| score_vector(&s.score))
    };
    scored("CVSS_V3").or_else(|| scored("CVSS_V4"))
}

/// Severity words some feeds put in `severity[]` with their own type (Ubuntu priority).
fn word_severity(severities: &[OsvSeverity]) -> Option<Rating> {
    severities
        .iter()
        .filter(|s| !s.kind.starts_with("CVSS"))
        .find_map(|s| Rating::from_word(&s.score))
}

fn string_at<'a>(value: Option<&'a Value>, key: &str) -> Option<&'a str> {
    value?.get(key)?.as_str()
}

/// CVSS (record, then affected entries, then a `database_specific.cvss` vector), else
/// GHSA's `database_specific.severity`, else a severity word, else UNKNOWN.
fn advisory_severity(record: &OsvRecord) -> (Rating, Option<Cvss>) {
    let cvss = best_cvss(&record.severity)
        .or_else(|| record.affected.iter().find_map(|a| best_cvss(&a.severity)))
        .or_else(|| string_at(record.database_specific.as_ref(), "cvss").and_then(score_vector));
    if let Some(cvss) = cvss {
        return (cvss.rating(), Some(cvss));
    }
    let word = string_at(record.database_specific.as_ref(), "severity")
        .and_then(Rating::from_word)
        .or_else(|| word_severity(&record.severity))
        .or_else(|| record.affected.iter().find_map(affected_rating));
    (word.unwrap_or(Rating::Unknown), None)
}

/// Per-package rating: affected-level CVSS or word, Debian's `urgency`.
fn affected_rating(affected: &OsvAffected) -> Option<Rating> {
    best_cvss(&affected.severity)
        .map(|c| c.rating())
        .or_else(|| word_severity(&affected.severity))
        .or_else(|| {
            string_at(affected.ecosystem_specific.as_ref(), "urgency")
                .or_else(|| string_at(affected.database_specific.as_ref(), "urgency"))
                .and_then(Rating::from_word)
        })
}

/// Distro statuses meaning "no fix will come".
fn says_will_not_fix(affected: &OsvAffected) -> bool {
    const MARKERS: [&str; 6] = [
        "no-dsa",
        "ignored",
        "end-of-life",
        "will_not_fix",
        "wont-fix",
        "deferred",
    ];
    [
        affected.database_specific.as_ref(),
        affected.ecosystem_specific.as_ref(),
    ]
    .into_iter()
    .filter_map(|v| string_at(v, "status"))
    .any(|status| {
        let status = status.trim_matches(['<', '>']).to_ascii_lowercase();
        MARKERS.contains(&status.as_str())
    })
}
