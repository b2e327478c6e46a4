//! The DB snapshot shipped in the repository (`db/`) opens, every shard loads, and
//! a few advisories checked by hand against their OSV records match as they should.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use lookout_vuln::{Db, Query, Status, INDEX_FILE};
use std::path::PathBuf;

fn snapshot() -> Db {
    let dir = PathBuf::from(format!("{}/../../db", manifest_dir()));
    let mut db = Db::open(&std::fs::read(dir.join(INDEX_FILE)).unwrap()).unwrap();
    let shards: Vec<(String, String)> = db
        .index()
        .ecosystems
        .iter()
        .map(|e| (e.name.clone(), e.file.clone()))
        .collect();
    assert!(shards.len() >= 8, "{shards:?}");
    for (eco, file) in shards {
        db.load_shard(&eco, &std::fs::read(dir.join(file)).unwrap())
            .unwrap();
    }
    db
}

fn ids(db: &Db, q: &Query<'_>) -> Vec<(String, Option<String>)> {
    db.match_package(q)
        .into_iter()
        .map(|m| (m.id, m.fixed_version))
        .collect()
}

#[test]
fn shipped_snapshot_loads_and_matches_known_advisories() {
    let db = snapshot();
    let total: usize = db.index().ecosystems.iter().map(|e| e.advisories).sum();
    assert!(total > 20_000, "{total}");

    // lodash 4.17.20: GHSA-29mw-wpgm-hmr9 and GHSA-35jh-r3h4-6jhm (both fixed in
    // 4.17.21); GHSA-p6mc-m468-83gw is fixed in 4.17.20 itself and NSWG-ECO-516 covers
    // [4.17.15, 4.17.19) only.
    let npm = Query {
        ecosystem: "npm",
        name: "lodash",
        version: "4.17.20",
        source_name: None,
        source_version: None,
    };
    assert_eq!(
        ids(&db, &npm),
        [
            ("GHSA-29mw-wpgm-hmr9".to_owned(), Some("4.17.21".to_owned())),
            ("GHSA-35jh-r3h4-6jhm".to_owned(), Some("4.17.21".to_owned())),
        ]
    );

    // Go toolchain 1.20.4: GO-2023-1840 (fixed 1.20.5) applies, GO-2023-1751 (fixed
    // 1.20.4) does not.
    let go = Query {
        ecosystem: "Go",
        name: "stdlib",
        version: "go1.20.4",
        source_name: None,
        source_version: None,
    };
    let go_hits = ids(&db, &go);
    assert!(
        go_hits.contains(&("GO-2023-1840".to_owned(), Some("1.20.5".to_owned()))),
        "{go_hits:?}"
    );
    assert!(
        !go_hits.iter().any(|(id, _)| id == "GO-2023-1751"),
        "{go_hits:?}"
    );
    let m = db.match_package(&go);
    assert!(m.iter().all(|m| m.status == Status::Fixed));

    // Debian advisories in the snapshot stop at bullseye (11): nothing for bookworm.
    let bookworm = Query {
        ecosystem: "Debian:12",
        name: "libssl3",
        version: "3.0.11-1~deb12u2",
        source_name: Some("openssl"),
        source_version: Some("3.0.11-1~deb12u2"),
    };
    assert!(db.match_package(&bookworm).is_empty());
}

/// The package directory at run time (cargo sets it for tests), not at compile time: a
/// test binary reused from another checkout's build must read this checkout's files.
fn manifest_dir() -> String {
    std::env::var("CARGO_MANIFEST_DIR").unwrap_or_else(|_| env!("CARGO_MANIFEST_DIR").to_owned())
}
