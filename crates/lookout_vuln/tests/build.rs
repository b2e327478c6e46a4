//! OSV import: inputs, merging, skipping, and the errors a broken DB must give.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use lookout_vuln::{build_db, count_zip_records, Db, DbError, Query};
use serde_json::json;
use std::io::Write;

fn zip_of(files: &[(&str, &[u8])]) -> Vec<u8> {
    let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, bytes) in files {
        writer.start_file(*name, options).unwrap();
        writer.write_all(bytes).unwrap();
    }
    writer.finish().unwrap().into_inner()
}

fn npm_record(id: &str, fixed: &str) -> serde_json::Value {
    json!({
        "id": id,
        "modified": "2024-01-01T00:00:00Z",
        "affected": [{"package": {"ecosystem": "npm", "name": "lodash"},
            "ranges": [{"type": "SEMVER", "events": [{"introduced": "0"}, {"fixed": fixed}]}]}]
    })
}

fn q(version: &str) -> Query<'_> {
    Query {
        ecosystem: "npm",
        name: "lodash",
        version,
        source_name: None,
        source_version: None,
    }
}

#[test]
fn zip_exports_and_loose_files_build_together() {
    let zip = zip_of(&[
        (
            "GHSA-1.json",
            &serde_json::to_vec(&npm_record("GHSA-1", "4.17.21")).unwrap(),
        ),
        ("notes.txt", b"not a record"),
    ]);
    let loose = serde_json::to_vec(&npm_record("GHSA-2", "4.17.12")).unwrap();
    let built = build_db(&[("npm/all.zip", zip), ("extra/GHSA-2.json", loose)], "t");
    assert!(built.warnings.is_empty(), "{:?}", built.warnings);
    assert_eq!(built.advisory_count, 2);
    let db = Db::from_built(&built).unwrap();
    let ids: Vec<String> = db
        .match_package(&q("4.17.11"))
        .into_iter()
        .map(|m| m.id)
        .collect();
    assert_eq!(ids, ["GHSA-1", "GHSA-2"]);
}

#[test]
fn the_same_id_in_several_files_merges() {
    // AlmaLinux ships one folder per release; the same id appears in each.
    let a = json!({"id": "ALSA-1", "modified": "2024-01-01T00:00:00Z", "aliases": ["CVE-1"],
        "affected": [{"package": {"ecosystem": "AlmaLinux:8", "name": "curl"},
            "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "7.61.1-34.el8"}]}]}]});
    let b = json!({"id": "ALSA-1", "modified": "2024-02-01T00:00:00Z", "aliases": ["CVE-2"], "summary": "newer",
        "affected": [{"package": {"ecosystem": "AlmaLinux:9", "name": "curl"},
            "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "7.76.1-26.el9"}]}]}]});
    let built = build_db(
        &[
            ("almalinux8/ALSA-1.json", serde_json::to_vec(&a).unwrap()),
            ("almalinux9/ALSA-1.json", serde_json::to_vec(&b).unwrap()),
            (
                "almalinux9-copy/ALSA-1.json",
                serde_json::to_vec(&b).unwrap(),
            ),
        ],
        "t",
    );
    assert_eq!(built.advisory_count, 1);
    let db = Db::from_built(&built).unwrap();
    for (eco, version, fixed) in [
        ("AlmaLinux:8", "7.61.1-30.el8", "7.61.1-34.el8"),
        ("AlmaLinux:9", "7.76.1-20.el9", "7.76.1-26.el9"),
    ] {
        let m = db.match_package(&Query {
            ecosystem: eco,
            name: "curl",
            version,
            source_name: None,
            source_version: None,
        });
        assert_eq!(m.len(), 1, "{eco}");
        assert_eq!(m[0].fixed_version.as_deref(), Some(fixed));
        assert_eq!(m[0].aliases, ["CVE-1", "CVE-2"]);
        assert_eq!(m[0].summary, "newer");
    }
}

#[test]
fn malformed_records_are_skipped_with_a_warning_naming_the_file() {
    let mut odd = npm_record("GHSA-ok", "1.0.0");
    odd["x_unknown_field"] = json!({"anything": [1, 2]});
    let zip = zip_of(&[
        ("good.json", &serde_json::to_vec(&odd).unwrap()),
        ("broken.json", b"{\"id\": \"GHSA-x\", \"affected\": "),
        ("wrong-shape.json", b"{\"id\": 42}"),
    ]);
    let built = build_db(
        &[
            ("npm/all.zip".to_owned(), zip),
            ("bad.zip".to_owned(), b"PK\x03\x04garbage".to_vec()),
            ("loose/empty-id.json".to_owned(), br#"{"id": ""}"#.to_vec()),
        ],
        "t",
    );
    assert_eq!(built.advisory_count, 1);
    let text = built.warnings.join("\n");
    for expected in [
        "npm/all.zip!broken.json",
        "npm/all.zip!wrong-shape.json",
        "bad.zip",
        "loose/empty-id.json",
    ] {
        assert!(
            text.contains(expected),
            "warning for {expected} missing in:\n{text}"
        );
    }
    assert_eq!(built.warnings.len(), 4, "{text}");
}

#[test]
fn zip_verification_for_updates() {
    let good = zip_of(&[("a.json", b"{}"), ("b.json", b"{}")]);
    assert_eq!(count_zip_records(&good).unwrap(), 2);
    assert!(matches!(
        count_zip_records(b"<html>404</html>"),
        Err(DbError::NotOsv(_))
    ));
    assert!(matches!(
        count_zip_records(&good[..good.len() / 2]),
        Err(DbError::NotOsv(_))
    ));
    let empty = zip_of(&[("README", b"x")]);
    assert!(matches!(count_zip_records(&empty), Err(DbError::NotOsv(_))));
}

#[test]
fn broken_or_newer_dbs_give_clear_errors() {
    let built = build_db(
        &[(
            "a.json",
            serde_json::to_vec(&npm_record("GHSA-1", "1.0.0")).unwrap(),
        )],
        "t",
    );
    let (file, shard) = &built.shards[0];
    assert_eq!(file, "npm.json.gz");

    let err = Db::open(b"{not json").unwrap_err();
    assert!(matches!(err, DbError::CorruptIndex(_)), "{err}");
    let err = Db::open(br#"{"format": "something-else", "schema": 1}"#).unwrap_err();
    assert!(err.to_string().contains("not a Lookout DB index"), "{err}");

    let mut newer: serde_json::Value = serde_json::from_slice(&built.index).unwrap();
    newer["schema"] = json!(99);
    newer["ecosystems"] = json!("a new layout");
    let err = Db::open(&serde_json::to_vec(&newer).unwrap()).unwrap_err();
    assert!(
        matches!(err, DbError::NewerSchema { found: 99, .. }),
        "{err}"
    );
    assert!(err.to_string().contains("upgrade Lookout"), "{err}");

    let mut db = Db::open(&built.index).unwrap();
    assert_eq!(db.shard_file("npm"), Some("npm.json.gz"));
    assert_eq!(db.shard_file("Debian:12"), None);
    let err = db
        .load_shard("npm", &shard[..shard.len() - 10])
        .unwrap_err();
    assert!(matches!(err, DbError::CorruptShard { .. }), "{err}");
    let mut flipped = shard.clone();
    let middle = flipped.len() / 2;
    flipped[middle] ^= 0xff;
    let err = db.load_shard("npm", &flipped).unwrap_err();
    assert!(matches!(err, DbError::CorruptShard { .. }), "{err}");
    let err = db.load_shard("PyPI", shard).unwrap_err();
    assert!(matches!(err, DbError::UnknownEcosystem(_)), "{err}");
    assert!(!db.is_loaded("npm"));
    let err = db
        .load_shard("npm", b"<html>gateway timeout</html>")
        .unwrap_err();
    assert!(err.to_string().contains("neither gzip nor JSON"), "{err}");
    db.load_shard("npm", shard).unwrap();
    assert!(db.is_loaded("npm"));
    assert_eq!(db.match_package(&q("0.9.0")).len(), 1);

    // A shard inflated in transit (Content-Encoding: gzip) loads as well.
    let mut inflated = Vec::new();
    std::io::Read::read_to_end(
        &mut flate2::read::GzDecoder::new(shard.as_slice()),
        &mut inflated,
    )
    .unwrap();
    let mut db = Db::open(&built.index).unwrap();
    db.load_shard("npm", &inflated).unwrap();
    assert_eq!(db.match_package(&q("0.9.0")).len(), 1);
}
