//! Hostile and broken archives: a clear error or a located warning, never a panic.
#![allow(clippy::unwrap_used)]

mod common;

use common::*;
use lookout_image::{scan_image, ImageError, Options};

fn layers() -> Vec<Vec<u8>> {
    vec![
        tar(&[
            file("var/lib/dpkg/status", DPKG_STATUS_V1),
            file("etc/os-release", OS_RELEASE),
        ]),
        tar(&[file("app/readme", "hello")]),
    ]
}

#[test]
fn truncated_archive_is_an_error() {
    let full = oci_archive(&layers(), Comp::Gzip);
    for cut in [full.len() / 2, full.len() * 3 / 4, 700, 100, 0] {
        let err = scan_image(&full[..cut].to_vec(), &Options::default());
        assert!(err.is_err(), "cut at {cut} scanned");
    }
    let err = scan_image(&full[..full.len() / 2].to_vec(), &Options::default()).unwrap_err();
    let msg = err.to_string();
    assert!(
        msg.contains("truncated") || msg.contains("missing"),
        "{msg}"
    );
    // Wherever it is cut after the first member — in a header, or on a 512-byte boundary
    // between members, where the tar reads as complete but for its end marker — it says
    // so. (A cut in the end marker after the last member loses nothing.)
    let mut failed = 0;
    let block_cuts = (1024..full.len()).step_by(512);
    for cut in (1024..full.len()).step_by(97).chain(block_cuts) {
        if let Err(e) = scan_image(&full[..cut].to_vec(), &Options::default()) {
            let msg = e.to_string();
            assert!(
                msg.contains("truncated") || msg.contains("missing"),
                "cut at {cut}: {msg}"
            );
            failed += 1;
        }
    }
    assert!(failed > 10, "only {failed} cuts failed");
}

/// A docker save cut between two members, on a block boundary, before its manifest.json:
/// not "no image manifest" (as for a tar that is not an image) but a truncated archive.
#[test]
fn an_archive_cut_on_a_block_boundary_before_its_manifest_is_truncated() {
    let full = docker_archive(&layers(), false);
    let index = lookout_image::TarIndex::build(&full.as_slice()).unwrap();
    assert!(
        !index.missing_end_marker,
        "a whole archive has its end marker"
    );
    let manifest = index
        .members
        .iter()
        .position(|m| m.name == "manifest.json")
        .unwrap();
    assert!(
        manifest > 0,
        "the fixture writes manifest.json after the layers"
    );
    // The header of manifest.json starts 512 bytes before its data.
    let cut = usize::try_from(index.members[manifest].offset - 512).unwrap();
    let err = scan_image(&full[..cut].to_vec(), &Options::default()).unwrap_err();
    let msg = err.to_string();
    assert!(
        msg.starts_with("truncated archive") && msg.contains("end-of-archive marker"),
        "{msg}"
    );
}

#[test]
fn not_a_tar_is_an_error() {
    let err = scan_image(
        &b"PK\x03\x04 this is a zip, not an image".repeat(40),
        &Options::default(),
    )
    .unwrap_err();
    assert!(matches!(err, ImageError::Archive(_)), "{err}");
    assert_eq!(
        err.to_string(),
        "not a tar archive: it is a ZIP archive (not a tar)"
    );
    // Text is named as text, not quoted back (the tar reader's message held the bytes).
    let err = scan_image(&"my notes\n".repeat(100).into_bytes(), &Options::default()).unwrap_err();
    assert_eq!(err.to_string(), "not a tar archive: it is text");
}

#[test]
fn a_damaged_header_in_the_middle_says_where() {
    let mut bytes = oci_archive(&layers(), Comp::Gzip);
    // The second member's header follows the first (`oci-layout`, one block of data).
    assert_eq!(&bytes[1024..1034], b"index.json");
    bytes[1024 + 148..1024 + 156].copy_from_slice(b"zzzzzzz\0");
    let err = scan_image(&bytes, &Options::default()).unwrap_err();
    assert_eq!(
        err.to_string(),
        "corrupt archive: the tar header after member `oci-layout` (offset 1024) is not valid"
    );
}

#[test]
fn archive_without_manifest_is_an_error() {
    let bytes = outer(&[("hello.txt".into(), b"hi".to_vec())]);
    let err = scan_image(&bytes, &Options::default()).unwrap_err();
    assert!(matches!(err, ImageError::NoManifest), "{err}");
    assert!(err.to_string().contains("manifest.json"));
}

#[test]
fn corrupt_gzip_layer_is_a_located_warning_and_other_layers_still_count() {
    let mut ls = layers();
    // Layer 1 gets a big file so the corruption lands in the deflate data.
    ls[1] = tar(&[Entry::OwnedFile(
        "app/big".into(),
        (0..200_000u32).flat_map(|i| i.to_le_bytes()).collect(),
    )]);
    let mut archive = oci_archive(&ls, Comp::Gzip);
    // Corrupt the middle of layer 1's gzip blob (find it by its digest name's data offset).
    let blob = compress(&ls[1], Comp::Gzip);
    let at = archive.windows(64).position(|w| w == &blob[..64]).unwrap();
    for b in &mut archive[at + blob.len() / 2..at + blob.len() / 2 + 64] {
        *b ^= 0x5a;
    }
    let s = scan_image(&archive, &Options::default()).unwrap();
    assert_eq!(s.packages.len(), 2, "layer 0 still read");
    let w = s.warnings.iter().find(|w| w.layer == Some(1)).unwrap();
    assert!(w.message.contains("corrupt"), "{w}");
    assert!(!s.layers[1].complete);
}

#[test]
fn gzip_bomb_stops_at_the_decompressed_limit() {
    let bomb = tar(&[Entry::OwnedFile("zeros".into(), vec![0u8; 8 << 20])]);
    let ls = vec![layers().remove(0), bomb];
    let archive = oci_archive(&ls, Comp::Gzip);
    let opts = Options {
        max_layer_size: 1 << 20,
        ..Options::default()
    };
    let s = scan_image(&archive, &opts).unwrap();
    let w = s.warnings.iter().find(|w| w.layer == Some(1)).unwrap();
    assert!(
        w.message.contains("exceeds the limit of 1048576 bytes"),
        "{w}"
    );
    assert_eq!(s.layers[1].tar_bytes, 1 << 20);
    assert_eq!(s.packages.len(), 2);
}

#[test]
fn traversal_names_stay_inside_and_are_reported() {
    let ls = vec![tar(&[
        file("../../etc/passwd", "root:x:0:0"),
        file("/../var/lib/dpkg/status", DPKG_STATUS_V1),
    ])];
    let s = scan_image(&oci_archive(&ls, Comp::Gzip), &Options::default()).unwrap();
    assert!(s.view.get("etc/passwd").is_some());
    assert_eq!(s.packages.len(), 2);
    let w = s
        .warnings
        .iter()
        .find(|w| w.path.as_deref() == Some("etc/passwd"))
        .unwrap();
    assert!(w.message.contains("climbs above the image root"), "{w}");
}

#[test]
fn sparse_four_gigabyte_entry_is_skipped_cheaply() {
    let ls = vec![tar(&[
        Entry::Sparse("var/lib/dpkg/status", 4 << 30),
        file("etc/os-release", OS_RELEASE),
    ])];
    let start = std::time::Instant::now();
    let s = scan_image(&oci_archive(&ls, Comp::Gzip), &Options::default()).unwrap();
    assert!(
        start.elapsed().as_secs() < 20,
        "sparse data was materialised"
    );
    assert!(s.packages.is_empty());
    let w = s
        .warnings
        .iter()
        .find(|w| w.path.as_deref() == Some("var/lib/dpkg/status"))
        .unwrap();
    assert!(w.message.contains("over its limit"), "{w}");
    assert!(
        s.os.is_some(),
        "entries after the sparse one are still read"
    );
}

#[test]
fn symlink_loop_in_the_outer_archive_is_an_error_not_a_hang() {
    let ls = layers();
    let cfg = config(&ls, "amd64");
    let manifest =
        serde_json::to_vec(&serde_json::json!([{"Config": "c.json", "Layers": ["a/layer.tar"]}]))
            .unwrap();
    let bytes = tar(&[
        Entry::OwnedFile("manifest.json".into(), manifest),
        Entry::OwnedFile("c.json".into(), cfg),
        Entry::Symlink("a/layer.tar", "../b/layer.tar"),
        Entry::Symlink("b/layer.tar", "../a/layer.tar"),
    ]);
    let err = scan_image(&bytes, &Options::default()).unwrap_err();
    assert!(err.to_string().contains("a/layer.tar"), "{err}");
}

#[test]
fn garbage_layer_is_a_warning() {
    let ls = vec![
        b"this is not a tar archive at all, just text".repeat(20),
        layers().remove(0),
    ];
    let s = scan_image(&docker_archive(&ls, true), &Options::default()).unwrap();
    assert!(
        s.warnings.iter().any(|w| w.layer == Some(0)),
        "{:?}",
        s.warnings
    );
    assert_eq!(s.packages.len(), 2);
}

#[test]
fn diff_id_mismatch_is_a_warning() {
    let ls = layers();
    let mut archive = docker_archive(&ls, true);
    // Flip one byte inside layer 1's file data: same tar shape, different hash.
    let at = archive.windows(5).position(|w| w == b"hello").unwrap();
    archive[at] = b'j';
    let s = scan_image(&archive, &Options::default()).unwrap();
    let w = s
        .warnings
        .iter()
        .find(|w| w.message.contains("diff_id mismatch"))
        .unwrap();
    assert_eq!(w.layer, Some(1));
}

#[test]
fn bad_json_manifest_is_an_error() {
    let bytes = outer(&[("manifest.json".into(), b"[{not json".to_vec())]);
    let err = scan_image(&bytes, &Options::default()).unwrap_err();
    assert!(matches!(err, ImageError::BadJson { .. }), "{err}");
}

/// An index with no manifests, or only ones whose digest is unusable, has nothing to pick
/// from: the error says so instead of listing an empty set of platforms.
#[test]
fn an_index_listing_no_images_says_so() {
    for manifests in [
        serde_json::json!([]),
        serde_json::json!([{"mediaType": "application/vnd.oci.image.manifest.v1+json",
            "digest": "sha256:../../oci-layout", "size": 1}]),
    ] {
        let index =
            serde_json::to_vec(&serde_json::json!({"schemaVersion": 2, "manifests": manifests}))
                .unwrap();
        let bytes = outer(&[
            ("oci-layout".into(), b"{}".to_vec()),
            ("index.json".into(), index),
        ]);
        let err = scan_image(&bytes, &Options::default())
            .unwrap_err()
            .to_string();
        assert!(err.contains("the index lists no images"), "{err}");
        assert!(!err.contains("no image for platform"), "{err}");
    }
}

#[test]
fn nested_index_loop_is_an_error() {
    // index.json points at a blob that is an index pointing at itself.
    let inner_name = "blobs/sha256/aaaa";
    let inner = serde_json::to_vec(&serde_json::json!({"schemaVersion": 2, "manifests": [
        {"mediaType": "application/vnd.oci.image.index.v1+json", "digest": "sha256:aaaa", "size": 1}]}))
    .unwrap();
    let bytes = outer(&[
        ("index.json".into(), inner.clone()),
        (inner_name.into(), inner),
    ]);
    let err = scan_image(&bytes, &Options::default()).unwrap_err();
    assert!(err.to_string().contains("nested too deeply"), "{err}");
}

#[test]
fn garbage_after_a_complete_gzip_layer_keeps_its_entries() {
    let ls = layers();
    let mut archive_layers = ls.clone();
    archive_layers.truncate(1);
    // Build the OCI archive by hand-appending junk to the gzip blob: easiest via a
    // docker archive whose layer is a gzip blob followed by bytes that are not gzip.
    let mut blob = compress(&ls[0], Comp::Gzip);
    blob.extend_from_slice(b"this is not a gzip member");
    let cfg = config(&archive_layers, "amd64");
    let manifest =
        serde_json::to_vec(&serde_json::json!([{"Config": "c.json", "Layers": ["l/layer.tar"]}]))
            .unwrap();
    let bytes = outer(&[
        ("manifest.json".into(), manifest),
        ("c.json".into(), cfg),
        ("l/layer.tar".into(), blob),
    ]);
    let s = scan_image(&bytes, &Options::default()).unwrap();
    assert_eq!(s.packages.len(), 2);
    assert!(s.layers[0].complete);
    let w = s.warnings.iter().find(|w| w.layer == Some(0)).unwrap();
    assert!(w.message.contains("after the end of the tar stream"), "{w}");
}

#[test]
fn truncated_gzip_layer_is_a_located_warning() {
    let big = tar(&[
        file("var/lib/dpkg/status", DPKG_STATUS_V1),
        Entry::OwnedFile(
            "app/big".into(),
            (0..300_000u32).flat_map(|i| i.to_le_bytes()).collect(),
        ),
    ]);
    let mut blob = compress(&big, Comp::Gzip);
    blob.truncate(blob.len() / 2);
    let cfg = config(std::slice::from_ref(&big), "amd64");
    let manifest =
        serde_json::to_vec(&serde_json::json!([{"Config": "c.json", "Layers": ["l/layer.tar"]}]))
            .unwrap();
    let bytes = outer(&[
        ("manifest.json".into(), manifest),
        ("c.json".into(), cfg),
        ("l/layer.tar".into(), blob),
    ]);
    let s = scan_image(&bytes, &Options::default()).unwrap();
    let w = s.warnings.iter().find(|w| w.layer == Some(0)).unwrap();
    assert!(
        w.message.contains("corrupt or truncated gzip stream after"),
        "{w}"
    );
    assert!(!s.layers[0].complete);
    // What was read before the break still counts.
    assert_eq!(s.packages.len(), 2);
}

/// Deterministic xorshift, so a failure reproduces.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next() % n as u64).unwrap()
    }
}

#[test]
fn mutated_archives_never_panic() {
    let mut ls = layers();
    ls.push(tar(&[
        Entry::Symlink("etc/os-release", "../usr/lib/os-release"),
        Entry::Hardlink("var/lib/dpkg/status", "app/readme"),
        file("lib/apk/db/installed", "P:musl\nV:1.2.4-r0\nA:x86_64\n"),
        file("opt/.wh..wh..opq", ""),
        file("app/.wh.readme", ""),
    ]));
    let originals = [
        oci_archive(&ls, Comp::Gzip),
        oci_archive(&ls, Comp::Zstd),
        docker_archive(&ls, false),
        docker25_archive(&ls),
    ];
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    for original in &originals {
        for _ in 0..150 {
            let mut bytes = original.clone();
            for _ in 0..=rng.below(8) {
                let at = rng.below(bytes.len());
                bytes[at] = u8::try_from(rng.next() & 0xff).unwrap();
            }
            if rng.below(4) == 0 {
                let cut = rng.below(bytes.len());
                bytes.truncate(cut);
            }
            // Ok or Err are both fine; a panic fails the test.
            let _ = scan_image(&bytes, &Options::default());
        }
    }
}

#[test]
fn mutated_rpm_databases_never_panic() {
    use lookout_image::catalog::{rpm, CatalogInput};
    let dir = format!("{}/tests/fixtures/rpm/", manifest_dir());
    let mut rng = Rng(0x2545_f491_4f6c_dd1d);
    for name in ["rpmdb.sqlite", "rpmdb-small-pages.sqlite", "Packages"] {
        let original = std::fs::read(format!("{dir}{name}")).unwrap();
        for _ in 0..200 {
            let mut bytes = original.clone();
            for _ in 0..=rng.below(16) {
                let at = rng.below(bytes.len());
                bytes[at] = u8::try_from(rng.next() & 0xff).unwrap();
            }
            let _ = (rpm::CATALOGER.parse)(&CatalogInput {
                path: "var/lib/rpm/Packages",
                data: &bytes,
            });
        }
    }
}

/// The package directory at run time (cargo sets it for tests), not at compile time: a
/// test binary reused from another checkout's build must read this checkout's files.
fn manifest_dir() -> String {
    std::env::var("CARGO_MANIFEST_DIR").unwrap_or_else(|_| env!("CARGO_MANIFEST_DIR").to_owned())
}
