//! Archive formats, compression and layer semantics on images built in code.
#![allow(clippy::unwrap_used)]

mod common;

use common::*;
use lookout_image::{
    scan_image, scan_image_with_sink, ArchiveFormat, FileSink, ImageScan, Options,
};

fn scan(bytes: &[u8]) -> ImageScan {
    scan_image(&bytes.to_vec(), &Options::default()).unwrap()
}

fn names(s: &ImageScan) -> Vec<(String, String, usize)> {
    let mut v: Vec<_> = s
        .packages
        .iter()
        .map(|p| (p.name.clone(), p.version.clone(), p.layer))
        .collect();
    v.sort();
    v
}

/// Layer 0 installs base+tool; layer 1 rewrites the status (tool removed, extra added).
fn two_layers() -> Vec<Vec<u8>> {
    vec![
        tar(&[
            Entry::Dir("etc/"),
            file("etc/os-release", OS_RELEASE),
            file("var/lib/dpkg/status", DPKG_STATUS_V1),
        ]),
        tar(&[file("var/lib/dpkg/status", DPKG_STATUS_V2)]),
    ]
}

fn expected_two_layers() -> Vec<(String, String, usize)> {
    vec![
        ("base".into(), "1.0".into(), 0),
        ("extra".into(), "3.0".into(), 1),
    ]
}

#[test]
fn docker_archive_classic_in_any_member_order() {
    for manifest_first in [true, false] {
        let s = scan(&docker_archive(&two_layers(), manifest_first));
        assert_eq!(s.archive.format, ArchiveFormat::DockerArchive);
        assert_eq!(names(&s), expected_two_layers());
        assert_eq!(s.archive.repo_tags, vec!["test:latest"]);
        assert_eq!(
            s.os.as_ref().and_then(|o| o.ecosystem.as_deref()),
            Some("Debian:12")
        );
        assert!(s.packages.iter().all(|p| p.ecosystem == "Debian:12"));
        assert!(s.warnings.is_empty(), "{:?}", s.warnings);
    }
}

#[test]
fn oci_archive_gzip_and_zstd_and_plain() {
    for comp in [Comp::Gzip, Comp::Zstd, Comp::None] {
        let s = scan(&oci_archive(&two_layers(), comp));
        assert_eq!(s.archive.format, ArchiveFormat::OciArchive, "{comp:?}");
        assert_eq!(names(&s), expected_two_layers(), "{comp:?}");
        assert!(s.warnings.is_empty(), "{comp:?}: {:?}", s.warnings);
        // diff_ids were verified against the config.
        assert_eq!(
            s.layers[0].diff_id.as_deref(),
            Some(sha256(&two_layers()[0]).as_str())
        );
    }
}

#[test]
fn docker25_archive_with_oci_layout() {
    let s = scan(&docker25_archive(&two_layers()));
    assert_eq!(s.archive.format, ArchiveFormat::DockerArchive);
    assert!(s.archive.manifest_digest.is_some());
    assert_eq!(names(&s), expected_two_layers());
}

#[test]
fn config_and_history_are_read() {
    let s = scan(&oci_archive(&two_layers(), Comp::Gzip));
    assert_eq!(s.config.user.as_deref(), Some("app"));
    assert_eq!(s.config.exposed_ports, vec!["8080/tcp"]);
    assert_eq!(s.config.platform(), "linux/amd64");
    assert!(s.config.healthcheck.is_some());
    assert_eq!(
        s.archive.layers[1].created_by.as_deref(),
        Some("RUN step 1")
    );
}

#[test]
fn multi_platform_index_picks_amd64_unless_told() {
    let amd = vec![tar(&[file("var/lib/dpkg/status", DPKG_STATUS_V1)])];
    let arm = vec![tar(&[file("var/lib/dpkg/status", DPKG_STATUS_V2)])];
    let archive = oci_multi_platform(&amd, &arm);
    let s = scan(&archive);
    assert!(s.packages.iter().any(|p| p.name == "tool"));
    let opts = Options {
        platform: Some("linux/arm64".into()),
        ..Options::default()
    };
    let s = scan_image(&archive, &opts).unwrap();
    assert!(s.packages.iter().any(|p| p.name == "extra"));
    let opts = Options {
        platform: Some("linux/s390x".into()),
        ..Options::default()
    };
    let err = scan_image(&archive, &opts).unwrap_err().to_string();
    assert!(
        err.contains("linux/arm64") && err.contains("linux/amd64"),
        "{err}"
    );
}

#[test]
fn without_the_default_platform_the_first_image_is_scanned_with_a_warning() {
    // With an os-release, so the only warning is the platform one.
    let arm64 = vec![tar(&[
        file("etc/os-release", OS_RELEASE),
        file("var/lib/dpkg/status", DPKG_STATUS_V1),
    ])];
    let armv7 = vec![tar(&[
        file("etc/os-release", OS_RELEASE),
        file("var/lib/dpkg/status", DPKG_STATUS_V2),
    ])];
    let archive = oci_platforms(&[("arm64", &arm64), ("arm/v7", &armv7)]);
    let s = scan(&archive);
    assert!(
        s.packages.iter().any(|p| p.name == "tool"),
        "the arm64 image"
    );
    let messages: Vec<&str> = s.warnings.iter().map(|w| w.message.as_str()).collect();
    assert_eq!(
        messages,
        vec!["the archive has no linux/amd64 image; scanned linux/arm64, the first of 2 (linux/arm64, linux/arm/v7); pick another with --platform"]
    );
    let platforms: Vec<(Option<&str>, bool)> = s
        .archive
        .images
        .iter()
        .map(|i| (i.platform.as_deref(), i.chosen))
        .collect();
    assert_eq!(
        platforms,
        vec![(Some("linux/arm64"), true), (Some("linux/arm/v7"), false)]
    );
    // Asked for, a platform is picked without a warning; asked for and absent, an error.
    let opts = Options {
        platform: Some("linux/arm/v7".into()),
        ..Options::default()
    };
    let s = scan_image(&archive, &opts).unwrap();
    assert!(s.packages.iter().any(|p| p.name == "extra") && s.warnings.is_empty());
    let opts = Options {
        platform: Some("linux/amd64".into()),
        ..Options::default()
    };
    let err = scan_image(&archive, &opts).unwrap_err().to_string();
    assert!(err.contains("no image for platform linux/amd64"), "{err}");
    // A single image of another platform is scanned without a word, as before.
    let s = scan(&oci_platforms(&[("arm64", &arm64)]));
    assert!(s.warnings.is_empty() && !s.packages.is_empty());
}

/// A buildx attestation manifest (`unknown/unknown`) is not an image to choose.
#[test]
fn attestation_manifests_are_not_offered_as_images() {
    let amd64 = vec![tar(&[file("var/lib/dpkg/status", DPKG_STATUS_V1)])];
    let arm64 = vec![tar(&[file("var/lib/dpkg/status", DPKG_STATUS_V2)])];
    let attestation = vec![tar(&[file("intoto.json", "{}")])];
    let s = scan(&oci_platforms(&[
        ("amd64", &amd64),
        ("arm64", &arm64),
        ("unknown/unknown", &attestation),
    ]));
    let platforms: Vec<Option<&str>> = s
        .archive
        .images
        .iter()
        .map(|i| i.platform.as_deref())
        .collect();
    assert_eq!(platforms, vec![Some("linux/amd64"), Some("linux/arm64")]);
}

#[test]
fn whiteouts_and_opaque_dirs_hide_lower_files() {
    let layers = vec![
        tar(&[
            file("var/lib/dpkg/status", DPKG_STATUS_V1),
            file("opt/app/a", "a"),
            file("opt/app/b", "b"),
            file("lib/apk/db/installed", "P:musl\nV:1.2\nA:x86_64\n"),
        ]),
        tar(&[
            file("opt/app/.wh..wh..opq", ""),
            file("opt/app/c", "c"),
            file("lib/apk/db/.wh.installed", ""),
        ]),
        tar(&[file("var/lib/.wh.dpkg", "")]),
    ];
    let s = scan(&oci_archive(&layers, Comp::Gzip));
    assert!(s.packages.is_empty(), "{:?}", s.packages);
    assert!(s.view.get("opt/app/a").is_none());
    assert_eq!(s.view.get("opt/app/c").map(|(l, _)| l), Some(1));
    assert_eq!(s.deleted_in_layer("opt/app/a", 0), Some(1));
    assert_eq!(s.deleted_in_layer("var/lib/dpkg/status", 0), Some(2));
    assert_eq!(s.deleted_in_layer("opt/app/c", 1), None);
    assert_eq!(s.layers[1].opaque_dirs, vec!["opt/app"]);
}

#[test]
fn package_readded_after_whiteout_is_introduced_again() {
    let layers = vec![
        tar(&[file("var/lib/dpkg/status", DPKG_STATUS_V1)]),
        tar(&[file("var/lib/dpkg/.wh.status", "")]),
        tar(&[file("var/lib/dpkg/status", DPKG_STATUS_V1)]),
    ];
    let s = scan(&oci_archive(&layers, Comp::Gzip));
    assert!(s.packages.iter().all(|p| p.layer == 2), "{:?}", names(&s));
}

/// `(layer, name version)` of every package a layer lists as removed.
fn removed(s: &lookout_image::ImageScan) -> Vec<(usize, String)> {
    s.layers
        .iter()
        .flat_map(|l| {
            l.removed_packages
                .iter()
                .map(move |p| (l.index, format!("{} {}", p.name, p.version)))
        })
        .collect()
}

#[test]
fn each_layer_lists_the_packages_it_removed() {
    let layers = vec![
        tar(&[
            file("var/lib/dpkg/status", DPKG_STATUS_V1),
            file("lib/apk/db/installed", "P:musl\nV:1.2\nA:x86_64\n"),
        ]),
        // Rewrites the dpkg database: `tool` purged, `extra` installed, `base` kept.
        tar(&[file("var/lib/dpkg/status", DPKG_STATUS_V2)]),
        // Deletes the apk database and re-writes dpkg's unchanged (a delete and re-add).
        tar(&[
            file("lib/apk/db/.wh.installed", ""),
            file("var/lib/dpkg/.wh.status", ""),
            file("var/lib/dpkg/status", DPKG_STATUS_V2),
        ]),
        // An opaque directory hides the whole database.
        tar(&[file("var/lib/dpkg/.wh..wh..opq", "")]),
    ];
    let s = scan(&oci_archive(&layers, Comp::Gzip));
    assert_eq!(
        removed(&s),
        vec![
            (1, "tool 2.0".to_string()),
            (2, "musl 1.2".to_string()),
            (3, "base 1.0".to_string()),
            (3, "extra 3.0".to_string()),
        ]
    );
    // A removed package carries the same ecosystem and purl as a kept one would.
    let tool = &s.layers[1].removed_packages[0];
    assert!(tool.purl.starts_with("pkg:deb/"), "{}", tool.purl);
}

#[test]
fn duplicate_paths_in_one_layer_last_wins() {
    let layers = vec![tar(&[
        file("var/lib/dpkg/status", DPKG_STATUS_V1),
        file("var/lib/dpkg/status", DPKG_STATUS_V2),
    ])];
    let s = scan(&oci_archive(&layers, Comp::Gzip));
    // Tar semantics: the last member with a name is the file.
    let got = names(&s);
    assert!(got.contains(&("extra".into(), "3.0".into(), 0)), "{got:?}");
    assert!(!got.contains(&("tool".into(), "2.0".into(), 0)), "{got:?}");
}

#[test]
fn hardlinks_are_resolved_within_the_layer() {
    let layers = vec![tar(&[
        file("usr/share/real-status", DPKG_STATUS_V1),
        Entry::Hardlink("var/lib/dpkg/status", "usr/share/real-status"),
        file("etc/real-os-release", OS_RELEASE),
        Entry::Hardlink("etc/os-release", "etc/real-os-release"),
    ])];
    let s = scan(&oci_archive(&layers, Comp::Zstd));
    assert_eq!(s.packages.len(), 2, "{:?}", s.warnings);
    assert_eq!(s.os.map(|o| o.family), Some("debian".to_string()));
}

#[test]
fn symlinks_followed_and_loops_stopped() {
    let layers = vec![tar(&[
        file("usr/lib/os-release", OS_RELEASE),
        Entry::Symlink("etc/os-release", "../usr/lib/os-release"),
        Entry::Symlink("loop/a", "b"),
        Entry::Symlink("loop/b", "a"),
        Entry::Symlink("escape", "../../../../etc/shadow"),
    ])];
    let s = scan(&oci_archive(&layers, Comp::Gzip));
    assert_eq!(s.os.map(|o| o.version), Some("12".to_string()));
    assert_eq!(s.view.resolve("loop/a"), None);
    assert_eq!(s.view.resolve("escape"), None);
    assert_eq!(
        s.view.resolve("etc/os-release").as_deref(),
        Some("usr/lib/os-release")
    );
}

#[test]
fn symlinked_os_release_loop_gives_no_os_and_no_hang() {
    let layers = vec![tar(&[
        Entry::Symlink("etc/os-release", "os-release2"),
        Entry::Symlink("etc/os-release2", "os-release"),
    ])];
    let s = scan(&oci_archive(&layers, Comp::Gzip));
    assert!(s.os.is_none());
}

#[test]
fn pax_and_gnu_long_names() {
    let long_dir = "a".repeat(120);
    let pax_path = format!("{long_dir}/var/lib/dpkg/status");
    let layers = vec![tar(&[
        Entry::PaxFile(
            "var/lib/dpkg/status".into(),
            DPKG_STATUS_V1.as_bytes().to_vec(),
        ),
        Entry::GnuLongFile(pax_path.clone(), b"x".to_vec()),
    ])];
    // The outer archive uses PAX for long blob names too (names > 99 chars).
    let s = scan(&oci_archive(&layers, Comp::Gzip));
    assert_eq!(s.packages.len(), 2);
    assert!(s.view.get(&pax_path).is_some());
}

struct Collect(Vec<(usize, String, Vec<u8>)>);

impl FileSink for Collect {
    fn wants(&self, path: &str, _size: u64) -> bool {
        path.ends_with(".env")
    }
    fn file(&mut self, layer: usize, path: &str, data: &[u8]) {
        self.0.push((layer, path.to_string(), data.to_vec()));
    }
}

#[test]
fn file_sink_sees_deleted_files_too() {
    let layers = vec![
        tar(&[file("app/.env", "TOKEN=1")]),
        tar(&[file("app/.wh..env", "")]),
    ];
    let mut sink = Collect(Vec::new());
    let s = scan_image_with_sink(
        &oci_archive(&layers, Comp::Gzip),
        &Options::default(),
        Some(&mut sink),
    )
    .unwrap();
    assert_eq!(
        sink.0,
        vec![(0, "app/.env".to_string(), b"TOKEN=1".to_vec())]
    );
    assert_eq!(s.deleted_in_layer("app/.env", 0), Some(1));
}

/// A file that a later layer writes again is gone from the final image as surely as a
/// deleted one: the first rewrite counts, and a rewrite of the rewrite does not reach back.
#[test]
fn overwritten_files_count_as_deleted_in_the_layer_that_rewrote_them() {
    let layers = vec![
        tar(&[file("app/c/creds", "AKIA"), file("app/keep", "1")]),
        tar(&[file("app/c/creds", "harmless")]),
        tar(&[file("app/c/creds", "again"), file("app/new", "2")]),
    ];
    let s = scan(&oci_archive(&layers, Comp::Gzip));
    assert_eq!(s.deleted_in_layer("app/c/creds", 0), Some(1));
    assert_eq!(s.deleted_in_layer("app/c/creds", 1), Some(2));
    assert_eq!(s.deleted_in_layer("app/c/creds", 2), None);
    assert_eq!(s.deleted_in_layer("app/keep", 0), None);
    assert_eq!(s.deleted_in_layer("app/new", 2), None);
}

#[test]
fn oversized_files_are_skipped_with_a_located_warning() {
    let mut big = DPKG_STATUS_V1.to_string();
    big.push_str(&"#".repeat(70 << 20));
    let layers = vec![tar(&[Entry::OwnedFile(
        "var/lib/dpkg/status".into(),
        big.into_bytes(),
    )])];
    let s = scan(&oci_archive(&layers, Comp::Gzip));
    assert!(s.packages.is_empty());
    let w = s
        .warnings
        .iter()
        .find(|w| w.message.contains("over its limit"))
        .unwrap();
    assert_eq!(
        (w.layer, w.path.as_deref()),
        (Some(0), Some("var/lib/dpkg/status"))
    );
}

#[test]
fn layers_can_be_scanned_in_any_order_and_merged() {
    use lookout_image::{open_image, scan_layer, TarBlobs};
    let bytes = oci_archive(&two_layers(), Comp::Zstd);
    let blobs = TarBlobs::open(&bytes).unwrap();
    let opts = Options::default();
    let layout = open_image(&blobs, &opts).unwrap();
    let mut results: Vec<_> = layout
        .layers
        .iter()
        .rev()
        .map(|l| scan_layer(&blobs, l, &opts, None))
        .collect();
    results.rotate_left(1);
    let s = ImageScan::assemble(layout, results);
    assert_eq!(names(&s), expected_two_layers());
}

#[test]
fn rpm_image_gets_the_os_ecosystem_and_distro_purls() {
    let db = std::fs::read(format!(
        "{}/tests/fixtures/rpm/rpmdb.sqlite",
        manifest_dir()
    ))
    .unwrap();
    let layers = vec![tar(&[
        file(
            "etc/os-release",
            "ID=\"rocky\"\nVERSION_ID=\"9.3\"\nPRETTY_NAME=\"Rocky Linux 9.3\"\n",
        ),
        Entry::OwnedFile("var/lib/rpm/rpmdb.sqlite".into(), db),
    ])];
    let s = scan(&oci_archive(&layers, Comp::Gzip));
    assert_eq!(s.packages.len(), 3);
    let ssl = s
        .packages
        .iter()
        .find(|p| p.name == "openssl-libs")
        .unwrap();
    assert_eq!(ssl.ecosystem, "Rocky Linux:9");
    assert_eq!(ssl.version, "1:3.0.7-25.el9");
    assert_eq!(
        ssl.purl,
        "pkg:rpm/rocky/openssl-libs@3.0.7-25.el9?arch=x86_64&distro=rocky-9.3&epoch=1"
    );
}

#[test]
fn alpine_image_purls_carry_the_distro() {
    let layers = vec![tar(&[
        file("etc/alpine-release", "3.18.4\n"),
        file(
            "lib/apk/db/installed",
            "P:musl\nV:1.2.4-r0\nA:x86_64\nL:MIT\no:musl\n",
        ),
    ])];
    let s = scan(&oci_archive(&layers, Comp::Gzip));
    assert_eq!(s.packages[0].ecosystem, "Alpine:v3.18");
    assert_eq!(
        s.packages[0].purl,
        "pkg:apk/alpine/musl@1.2.4-r0?arch=x86_64&distro=alpine-3.18.4"
    );
}

/// An unpacked OCI layout directory, as the CLI would back it with files.
struct DirBlobs(std::collections::HashMap<String, Vec<u8>>);

impl lookout_image::BlobSet for DirBlobs {
    fn open_blob(&self, name: &str) -> Option<Box<dyn lookout_image::RandomAccess + '_>> {
        self.0
            .get(name)
            .map(|d| Box::new(d.as_slice()) as Box<dyn lookout_image::RandomAccess + '_>)
    }
}

#[test]
fn unpacked_oci_layout_through_a_blob_set() {
    let archive = oci_archive(&two_layers(), Comp::Zstd);
    // Unpack the archive into a name → bytes map, as a directory would hold it.
    let blobs = lookout_image::TarBlobs::open(&archive).unwrap();
    let files: std::collections::HashMap<String, Vec<u8>> = blobs
        .index()
        .members
        .iter()
        .map(|m| {
            let start = usize::try_from(m.offset).unwrap();
            let end = start + usize::try_from(m.size).unwrap();
            (m.name.clone(), archive[start..end].to_vec())
        })
        .collect();
    let dir = DirBlobs(files);
    let s = lookout_image::scan_blobs(&dir, &Options::default(), None).unwrap();
    assert_eq!(s.archive.format, ArchiveFormat::OciArchive);
    assert_eq!(names(&s), expected_two_layers());
}

/// The package directory at run time (cargo sets it for tests), not at compile time: a
/// test binary reused from another checkout's build must read this checkout's files.
fn manifest_dir() -> String {
    std::env::var("CARGO_MANIFEST_DIR").unwrap_or_else(|_| env!("CARGO_MANIFEST_DIR").to_owned())
}

/// Flate2, counting the passes over gzip layers.
struct CountingDecoder(std::cell::Cell<usize>);

impl lookout_image::BlobDecoder for CountingDecoder {
    fn gunzip<'s, 'a: 's>(
        &'s self,
        blob: &'s mut lookout_image::SeqReader<'a>,
    ) -> Box<dyn std::io::Read + 's> {
        self.0.set(self.0.get() + 1);
        lookout_image::Flate2.gunzip(blob)
    }
}

/// Scans the one layer of `layer` with the `.env` sink; the files the sink saw, and how many
/// times the layer was inflated.
fn sink_and_passes(layer: Vec<u8>) -> (Vec<(usize, String, Vec<u8>)>, usize) {
    let archive = oci_archive(&[layer], Comp::Gzip);
    let blobs = lookout_image::TarBlobs::open(&archive).unwrap();
    let opts = Options::default();
    let layout = lookout_image::open_image(&blobs, &opts).unwrap();
    let decoder = CountingDecoder(std::cell::Cell::new(0));
    let mut sink = Collect(Vec::new());
    let result =
        lookout_image::scan_layer_with(&blobs, &layout.layers[0], &opts, Some(&mut sink), &decoder);
    assert!(
        result.complete && result.warnings.is_empty(),
        "{:?}",
        result.warnings
    );
    (sink.0, decoder.0.get())
}

#[test]
fn a_hardlink_right_after_its_target_is_read_from_memory_not_a_second_pass() {
    let (seen, passes) = sink_and_passes(tar(&[
        file("app/prod.env", "TOKEN=1"),
        Entry::Hardlink("app/copy.env", "app/prod.env"),
    ]));
    assert_eq!(
        seen,
        vec![
            (0, "app/prod.env".to_string(), b"TOKEN=1".to_vec()),
            (0, "app/copy.env".to_string(), b"TOKEN=1".to_vec()),
        ]
    );
    assert_eq!(passes, 1);
}

#[test]
fn a_hardlink_whose_target_was_not_read_or_left_memory_takes_a_second_pass() {
    // Nobody wants `usr/share/real` (not `.env` for the sink, a data tree for the binary
    // catalogers): its bytes are only read again.
    let (seen, passes) = sink_and_passes(tar(&[
        file("usr/share/real", "TOKEN=2"),
        Entry::Hardlink("app/link.env", "usr/share/real"),
    ]));
    assert_eq!(
        seen,
        vec![(0, "app/link.env".to_string(), b"TOKEN=2".to_vec())]
    );
    assert_eq!(passes, 2);
    // The target was read, but 6 MiB of wanted files (more than the 4 MiB kept) came
    // between it and the link.
    let (seen, passes) = sink_and_passes(tar(&[
        file("app/a.env", "TOKEN=3"),
        Entry::OwnedFile("app/filler1.env".into(), vec![b'x'; 3 << 20]),
        Entry::OwnedFile("app/filler2.env".into(), vec![b'y'; 3 << 20]),
        Entry::Hardlink("app/b.env", "app/a.env"),
    ]));
    assert_eq!(seen.len(), 4);
    assert_eq!(seen[3], (0, "app/b.env".to_string(), b"TOKEN=3".to_vec()));
    assert_eq!(passes, 2);
}

#[test]
fn a_hardlink_to_a_replaced_file_gets_the_replacement() {
    let (seen, _) = sink_and_passes(tar(&[
        file("app/prod.env", "TOKEN=old"),
        file("app/prod.env", "TOKEN=new"),
        Entry::Hardlink("app/copy.env", "app/prod.env"),
    ]));
    assert_eq!(
        seen.last().unwrap(),
        &(0, "app/copy.env".to_string(), b"TOKEN=new".to_vec())
    );
}

/// Two images: `a:1` (Debian packages) and `b:2` (an Alpine-less, package-less layer).
fn two_images(with_manifest_json: bool) -> Vec<u8> {
    two_image_archive(
        &[tar(&[
            file("etc/os-release", OS_RELEASE),
            file("var/lib/dpkg/status", DPKG_STATUS_V1),
        ])],
        &[tar(&[file("app/readme", "b")])],
        with_manifest_json,
    )
}

fn scan_ref(bytes: &[u8], reference: Option<&str>) -> Result<ImageScan, lookout_image::ImageError> {
    let opts = Options {
        reference: reference.map(str::to_string),
        ..Options::default()
    };
    scan_image(&bytes.to_vec(), &opts)
}

#[test]
fn an_archive_of_several_images_scans_the_first_and_says_how_to_pick_another() {
    for with_manifest_json in [true, false] {
        let archive = two_images(with_manifest_json);
        let first = scan_ref(&archive, None).unwrap();
        assert_eq!(first.packages.len(), 2, "{with_manifest_json}");
        let messages: Vec<&str> = first.warnings.iter().map(|w| w.message.as_str()).collect();
        assert_eq!(
            messages,
            vec![
                "the archive holds 2 images; scanned the first (a:1); pick another with --ref: b:2"
            ],
            "{with_manifest_json}"
        );

        let choice = |reference: &str, chosen: bool| lookout_image::ImageChoice {
            reference: Some(reference.to_string()),
            platform: (!with_manifest_json).then(|| "linux/amd64".to_string()),
            chosen,
            position: usize::from(reference == "b:2"),
        };
        assert_eq!(
            first.archive.images,
            vec![choice("a:1", true), choice("b:2", false)]
        );

        let second = scan_ref(&archive, Some("b:2")).unwrap();
        assert_eq!(
            second.archive.images,
            vec![choice("a:1", false), choice("b:2", true)]
        );
        assert!(second.packages.is_empty(), "{with_manifest_json}");
        assert!(second.warnings.is_empty(), "{:?}", second.warnings);
        assert_eq!(second.archive.repo_tags, vec!["b:2"]);
        assert_ne!(first.archive.digest, second.archive.digest);

        // By place in the list (the page's picker; the one way to tell untagged images
        // apart), even against a reference: the same image as `--ref b:2`, no warning.
        let by_position = scan_image(
            &archive,
            &Options {
                position: Some(1),
                reference: Some("a:1".to_string()),
                ..Options::default()
            },
        )
        .unwrap();
        assert_eq!(by_position.archive.digest, second.archive.digest);
        assert!(
            by_position.warnings.is_empty(),
            "{:?}",
            by_position.warnings
        );
        assert_eq!(
            by_position.archive.images,
            vec![choice("a:1", false), choice("b:2", true)]
        );

        let missing = scan_ref(&archive, Some("c:3")).unwrap_err().to_string();
        assert!(
            missing.contains("no image") && missing.contains("`c:3`"),
            "{missing}"
        );
        assert!(
            missing.ends_with("the archive holds: a:1, b:2"),
            "{missing}"
        );
    }
}

/// `--ref` takes Docker Hub's other spellings of a tag: `docker.io/library/b:2`,
/// `library/b:2` and `index.docker.io/library/b:2` all pick the image tagged `b:2`.
#[test]
fn ref_accepts_docker_hub_spellings_of_a_tag() {
    for with_manifest_json in [true, false] {
        let archive = two_images(with_manifest_json);
        for reference in [
            "docker.io/library/b:2",
            "library/b:2",
            "index.docker.io/library/b:2",
        ] {
            let picked = scan_ref(&archive, Some(reference))
                .unwrap_or_else(|e| panic!("{reference} ({with_manifest_json}): {e}"));
            assert_eq!(picked.archive.repo_tags, vec!["b:2"], "{reference}");
        }
        for other in ["b:3", "docker.io/other/b:2", "ghcr.io/library/b:2", "b"] {
            assert!(scan_ref(&archive, Some(other)).is_err(), "{other}");
        }
    }
}

#[test]
fn docker25_names_the_manifest_of_the_image_picked_not_the_first() {
    let archive = two_images(true);
    let index: serde_json::Value = {
        let blobs = lookout_image::TarBlobs::open(&archive).unwrap();
        let mut bytes = Vec::new();
        let blob = lookout_image::BlobSet::open_blob(&blobs, "index.json").unwrap();
        std::io::Read::read_to_end(&mut lookout_image::SeqReader::new(&*blob), &mut bytes).unwrap();
        serde_json::from_slice(&bytes).unwrap()
    };
    let second_manifest = index["manifests"][1]["digest"].as_str().unwrap();
    let second = scan_ref(&archive, Some("b:2")).unwrap();
    assert_eq!(second.archive.digest, second_manifest);
}
