//! rpm databases made by rpm 4.18 itself (sqlite) and by Berkeley DB's db_load (hash),
//! see tests/fixtures/rpm/make.sh; expected values come from `rpm -qa --qf`.
#![allow(clippy::unwrap_used)]

use lookout_image::catalog::rpm;
use lookout_image::catalog::CatalogInput;

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(format!("{}/tests/fixtures/rpm/", manifest_dir()).to_string() + name).unwrap()
}

/// (name, epoch:version-release, arch, license, source rpm) per `rpm -qa`.
fn expected() -> Vec<(String, String, String, String, String)> {
    let text = String::from_utf8(fixture("expected.txt")).unwrap();
    text.lines()
        .map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            (
                f[0].into(),
                f[1].into(),
                f[2].into(),
                f[3].into(),
                f[4].into(),
            )
        })
        .collect()
}

fn catalog(path: &str, data: &[u8]) -> Vec<(String, String, String, String, String)> {
    let mut got: Vec<_> = (rpm::CATALOGER.parse)(&CatalogInput { path, data })
        .unwrap()
        .into_iter()
        .map(|p| {
            // rpm -qa prints epoch 0 explicitly; the package model omits a zero epoch.
            let version = if p.version.contains(':') {
                p.version.clone()
            } else {
                format!("0:{}", p.version)
            };
            let src = format!(
                "{}-{}.src.rpm",
                p.source_name.clone().unwrap(),
                p.source_version.clone().unwrap()
            );
            (p.name, version, p.arch.unwrap(), p.licenses.join(" "), src)
        })
        .collect();
    got.sort();
    got
}

#[test]
fn sqlite_database_from_rpm() {
    assert_eq!(
        catalog("var/lib/rpm/rpmdb.sqlite", &fixture("rpmdb.sqlite")),
        expected()
    );
}

#[test]
fn sqlite_with_interior_pages_and_overflow_chains() {
    let got = catalog(
        "usr/lib/sysimage/rpm/rpmdb.sqlite",
        &fixture("rpmdb-small-pages.sqlite"),
    );
    assert_eq!(got.len(), 120);
    let mut distinct = got.clone();
    distinct.dedup();
    assert_eq!(distinct, expected());
}

#[test]
fn berkeley_db_hash_database() {
    assert_eq!(
        catalog("var/lib/rpm/Packages", &fixture("Packages")),
        expected()
    );
}

#[test]
fn ndb_database_built_from_the_same_headers() {
    // No NDB writer exists on this machine: build one from the sqlite blobs with the
    // layout rpm's ndb backend uses (see catalog/rpm/ndb.rs).
    let blobs = rpm::sqlite::rpm_blobs(&fixture("rpmdb.sqlite")).unwrap();
    let mut db = vec![0u8; 4096];
    db[0..4].copy_from_slice(b"RpmP");
    db[12..16].copy_from_slice(&1u32.to_le_bytes());
    let mut slot = 32;
    for (i, blob) in blobs.iter().enumerate() {
        let pkg = u32::try_from(i + 1).unwrap();
        let start = db.len();
        let mut b = b"BlbS".to_vec();
        b.extend_from_slice(&pkg.to_le_bytes());
        b.extend_from_slice(&0u32.to_le_bytes());
        b.extend_from_slice(&u32::try_from(blob.len()).unwrap().to_le_bytes());
        b.extend_from_slice(blob);
        b.resize((b.len() + 12).div_ceil(16) * 16, 0);
        db[slot..slot + 4].copy_from_slice(b"Slot");
        db[slot + 4..slot + 8].copy_from_slice(&pkg.to_le_bytes());
        db[slot + 8..slot + 12].copy_from_slice(&u32::try_from(start / 16).unwrap().to_le_bytes());
        db[slot + 12..slot + 16]
            .copy_from_slice(&u32::try_from(b.len() / 16).unwrap().to_le_bytes());
        db.extend_from_slice(&b);
        slot += 16;
    }
    for s in (slot..4096).step_by(16) {
        db[s..s + 4].copy_from_slice(b"Slot");
    }
    assert_eq!(catalog("var/lib/rpm/Packages.db", &db), expected());
}

#[test]
fn truncated_databases_are_errors_not_panics() {
    for name in ["rpmdb.sqlite", "rpmdb-small-pages.sqlite", "Packages"] {
        let data = fixture(name);
        for cut in [data.len() / 3, data.len() / 2, data.len() - 100] {
            let r = (rpm::CATALOGER.parse)(&CatalogInput {
                path: "var/lib/rpm/Packages",
                data: &data[..cut],
            });
            // Either an error or fewer packages; never a panic, never invented packages.
            if let Ok(p) = r {
                assert!(p.len() <= 120, "{name} cut at {cut}");
            }
        }
    }
}

/// The package directory at run time (cargo sets it for tests), not at compile time: a
/// test binary reused from another checkout's build must read this checkout's files.
fn manifest_dir() -> String {
    std::env::var("CARGO_MANIFEST_DIR").unwrap_or_else(|_| env!("CARGO_MANIFEST_DIR").to_owned())
}
