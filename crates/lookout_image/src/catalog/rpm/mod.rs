//! rpm: the installed-package database in any of its three formats — `rpmdb.sqlite`
//! (rpm ≥ 4.16: Fedora, RHEL 9, Alma/Rocky 9), `Packages` (Berkeley DB hash: RHEL ≤ 8,
//! CentOS 7, Amazon Linux 2) and `Packages.db` (NDB: SUSE) — detected by magic bytes.

pub mod bdb;
pub mod header;
pub mod ndb;
pub mod sqlite;

use super::{distro, CatalogError, CatalogInput, Cataloger};
use crate::Package;

pub const CATALOGER: Cataloger = Cataloger {
    name: "rpm",
    wants,
    max_size: 512 << 20,
    parse,
};

const DIRS: &[&str] = &["var/lib/rpm/", "usr/lib/sysimage/rpm/"];

fn wants(path: &str) -> bool {
    DIRS.iter().any(|d| {
        path.strip_prefix(d)
            .is_some_and(|f| matches!(f, "rpmdb.sqlite" | "Packages" | "Packages.db"))
    })
}

fn parse(input: &CatalogInput<'_>) -> Result<Vec<Package>, CatalogError> {
    let fail = |reason: String| CatalogError {
        cataloger: "rpm",
        path: input.path.to_string(),
        reason,
    };
    let data = input.data;
    let blobs = if data.starts_with(b"SQLite format 3\0") {
        sqlite::rpm_blobs(data)
    } else if data.starts_with(b"RpmP") {
        ndb::blobs(data)
    } else {
        bdb::values(data)
    }
    .map_err(fail)?;
    let mut out = Vec::new();
    for blob in blobs {
        let Some(h) = header::parse(&blob) else {
            continue;
        };
        // Imported signing keys are recorded as pseudo-packages.
        if h.name == "gpg-pubkey" {
            continue;
        }
        out.push(to_package(h, input.path));
    }
    Ok(out)
}

fn to_package(h: header::RpmHeader, path: &str) -> Package {
    let version_release = format!("{}-{}", h.version, h.release);
    let version = match h.epoch {
        Some(e) if e > 0 => format!("{e}:{version_release}"),
        _ => version_release.clone(),
    };
    let (source_name, source_version) = h
        .source_rpm
        .as_deref()
        .and_then(header::split_source_rpm)
        .map_or((None, None), |(n, v)| (Some(n), Some(v)));
    Package {
        purl: crate::purl::rpm(
            "redhat",
            &h.name,
            &version_release,
            h.epoch,
            h.arch.as_deref(),
            None,
        ),
        name: h.name,
        version,
        ecosystem: distro::RPM.to_string(),
        source_name,
        source_version,
        licenses: h.license.into_iter().collect(),
        path: path.to_string(),
        layer: 0,
        arch: h.arch,
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn blob(name: &str, epoch: Option<u32>) -> Vec<u8> {
        header::build(
            &[
                (1000, name),
                (1001, "1.2"),
                (1002, "3.el9"),
                (1022, "x86_64"),
                (1014, "MIT"),
                (1044, "src-1.2-3.el9.src.rpm"),
            ],
            epoch,
        )
    }

    #[test]
    fn ndb_round_trip() {
        let db = ndb::build(&[
            blob("a", None),
            blob("gpg-pubkey", None),
            blob("b", Some(2)),
        ]);
        let p = parse(&CatalogInput {
            path: "var/lib/rpm/Packages.db",
            data: &db,
        })
        .unwrap();
        assert_eq!(p.len(), 2);
        assert_eq!(p[1].version, "2:1.2-3.el9");
        assert_eq!(p[0].source_name.as_deref(), Some("src"));
        assert_eq!(p[0].source_version.as_deref(), Some("1.2-3.el9"));
    }

    #[test]
    fn wanted_paths() {
        assert!(wants("var/lib/rpm/rpmdb.sqlite"));
        assert!(wants("usr/lib/sysimage/rpm/Packages.db"));
        assert!(wants("var/lib/rpm/Packages"));
        assert!(!wants("var/lib/rpm/Name"));
    }

    #[test]
    fn garbage_is_a_catalog_error() {
        for data in [
            &b"SQLite format 3\0garbage"[..],
            b"RpmP\0\0\0\0",
            b"\0\0\0\0",
        ] {
            assert!(parse(&CatalogInput {
                path: "var/lib/rpm/Packages",
                data
            })
            .is_err());
        }
    }
}
