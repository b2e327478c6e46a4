//! Builds image archives in memory for tests: layer tars (PAX and GNU long names, raw
//! hostile names, hardlinks, symlinks, whiteouts, GNU sparse), gzip/zstd compression, and
//! the three archive formats (docker save classic, Docker 25+, OCI layout).
#![allow(dead_code, clippy::unwrap_used)]

use std::io::Write;

use sha2::{Digest, Sha256};

/// One member of a layer tar.
#[derive(Clone)]
pub enum Entry {
    File(&'static str, Vec<u8>),
    OwnedFile(String, Vec<u8>),
    Dir(&'static str),
    Symlink(&'static str, &'static str),
    Hardlink(&'static str, &'static str),
    /// A file whose long name is carried in a PAX `path` record.
    PaxFile(String, Vec<u8>),
    /// A file whose long name is carried in a GNU `L` record.
    GnuLongFile(String, Vec<u8>),
    /// A GNU sparse file of `real_size` bytes with one 512-byte data block at its end.
    Sparse(&'static str, u64),
}

pub fn file(path: &'static str, data: &str) -> Entry {
    Entry::File(path, data.as_bytes().to_vec())
}

fn octal(field: &mut [u8], value: u64) {
    let width = field.len() - 1;
    let s = format!("{value:0width$o}");
    field[..width].copy_from_slice(s.as_bytes());
    field[width] = 0;
}

/// A ustar (or GNU, when `gnu`) header with a raw name (no validation: hostile names too).
fn header(name: &[u8], typeflag: u8, size: u64, link: &[u8], gnu: bool) -> [u8; 512] {
    let mut h = [0u8; 512];
    let n = name.len().min(100);
    h[..n].copy_from_slice(&name[..n]);
    octal(&mut h[100..108], 0o644);
    octal(&mut h[108..116], 0);
    octal(&mut h[116..124], 0);
    octal(&mut h[124..136], size);
    octal(&mut h[136..148], 0);
    h[156] = typeflag;
    let l = link.len().min(100);
    h[157..157 + l].copy_from_slice(&link[..l]);
    if gnu {
        h[257..263].copy_from_slice(b"ustar ");
        h[263..265].copy_from_slice(b" \0");
    } else {
        h[257..263].copy_from_slice(b"ustar\0");
        h[263..265].copy_from_slice(b"00");
    }
    finish_checksum(&mut h);
    h
}

fn finish_checksum(h: &mut [u8; 512]) {
    h[148..156].copy_from_slice(b"        ");
    let sum: u64 = h.iter().map(|&b| u64::from(b)).sum();
    let s = format!("{sum:06o}\0 ");
    h[148..156].copy_from_slice(s.as_bytes());
}

fn push_member(out: &mut Vec<u8>, hdr: [u8; 512], data: &[u8]) {
    out.extend_from_slice(&hdr);
    out.extend_from_slice(data);
    let pad = (512 - data.len() % 512) % 512;
    out.extend(std::iter::repeat_n(0u8, pad));
}

fn pax_record(key: &str, value: &str) -> Vec<u8> {
    let body = format!(" {key}={value}\n");
    let mut len = body.len() + 1;
    while format!("{len}{body}").len() != len {
        len += 1;
    }
    format!("{len}{body}").into_bytes()
}

/// A tar stream (two zero blocks at the end) of the given entries.
pub fn tar(entries: &[Entry]) -> Vec<u8> {
    let mut out = Vec::new();
    for e in entries {
        match e {
            Entry::File(p, d) => push_member(
                &mut out,
                header(p.as_bytes(), b'0', d.len() as u64, b"", false),
                d,
            ),
            Entry::OwnedFile(p, d) => {
                push_member(
                    &mut out,
                    header(p.as_bytes(), b'0', d.len() as u64, b"", false),
                    d,
                );
            }
            Entry::Dir(p) => push_member(&mut out, header(p.as_bytes(), b'5', 0, b"", false), b""),
            Entry::Symlink(p, t) => push_member(
                &mut out,
                header(p.as_bytes(), b'2', 0, t.as_bytes(), false),
                b"",
            ),
            Entry::Hardlink(p, t) => push_member(
                &mut out,
                header(p.as_bytes(), b'1', 0, t.as_bytes(), false),
                b"",
            ),
            Entry::PaxFile(p, d) => {
                let rec = pax_record("path", p);
                push_member(
                    &mut out,
                    header(b"PaxHeaders/long", b'x', rec.len() as u64, b"", false),
                    &rec,
                );
                push_member(
                    &mut out,
                    header(b"truncated-name", b'0', d.len() as u64, b"", false),
                    d,
                );
            }
            Entry::GnuLongFile(p, d) => {
                let mut name = p.as_bytes().to_vec();
                name.push(0);
                push_member(
                    &mut out,
                    header(b"././@LongLink", b'L', name.len() as u64, b"", true),
                    &name,
                );
                push_member(
                    &mut out,
                    header(&p.as_bytes()[..90], b'0', d.len() as u64, b"", true),
                    d,
                );
            }
            Entry::Sparse(p, real_size) => {
                let mut h = header(p.as_bytes(), b'S', 512, b"", true);
                // One sparse block: the last 512 bytes of the file hold data.
                octal(&mut h[386..398], real_size - 512);
                octal(&mut h[398..410], 512);
                h[482] = 0;
                octal(&mut h[483..495], *real_size);
                finish_checksum(&mut h);
                push_member(&mut out, h, &[b'x'; 512]);
            }
        }
    }
    out.extend(std::iter::repeat_n(0u8, 1024));
    out
}

#[derive(Clone, Copy, Debug)]
pub enum Comp {
    None,
    Gzip,
    Zstd,
}

pub fn compress(data: &[u8], comp: Comp) -> Vec<u8> {
    match comp {
        Comp::None => data.to_vec(),
        Comp::Gzip => {
            let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
            e.write_all(data).unwrap();
            e.finish().unwrap()
        }
        Comp::Zstd => {
            ruzstd::encoding::compress_to_vec(data, ruzstd::encoding::CompressionLevel::Fastest)
        }
    }
}

pub fn sha256(data: &[u8]) -> String {
    let d = Sha256::digest(data);
    format!(
        "sha256:{}",
        d.iter().map(|b| format!("{b:02x}")).collect::<String>()
    )
}

fn hex(digest: &str) -> &str {
    digest.trim_start_matches("sha256:")
}

/// The image config for uncompressed layer tars.
pub fn config(layers: &[Vec<u8>], arch: &str) -> Vec<u8> {
    let diff_ids: Vec<String> = layers.iter().map(|l| sha256(l)).collect();
    let history: Vec<serde_json::Value> = (0..layers.len())
        .flat_map(|i| {
            [
                serde_json::json!({"created_by": format!("RUN step {i}")}),
                serde_json::json!({"created_by": "ENV X=1", "empty_layer": true}),
            ]
        })
        .collect();
    serde_json::to_vec(&serde_json::json!({
        "architecture": arch, "os": "linux",
        "config": {"User": "app", "Env": ["PATH=/bin"], "ExposedPorts": {"8080/tcp": {}},
                   "Labels": {"a": "b"}, "Healthcheck": {"Test": ["CMD", "true"]}},
        "rootfs": {"type": "layers", "diff_ids": diff_ids},
        "history": history,
    }))
    .unwrap()
}

/// Outer tar of named members (plain ustar; names may be long via PAX).
pub fn outer(members: &[(String, Vec<u8>)]) -> Vec<u8> {
    let entries: Vec<Entry> = members
        .iter()
        .map(|(n, d)| {
            if n.len() > 99 {
                Entry::PaxFile(n.clone(), d.clone())
            } else {
                Entry::OwnedFile(n.clone(), d.clone())
            }
        })
        .collect();
    tar(&entries)
}

/// `docker save` classic: `<id>/layer.tar`, `<config>.json`, `manifest.json` (first or last).
pub fn docker_archive(layers: &[Vec<u8>], manifest_first: bool) -> Vec<u8> {
    let cfg = config(layers, "amd64");
    let cfg_name = format!("{}.json", hex(&sha256(&cfg)));
    let layer_names: Vec<String> = layers
        .iter()
        .map(|l| format!("{}/layer.tar", &hex(&sha256(l))[..16]))
        .collect();
    let manifest = serde_json::to_vec(&serde_json::json!([
        {"Config": cfg_name, "RepoTags": ["test:latest"], "Layers": layer_names}
    ]))
    .unwrap();
    let mut members: Vec<(String, Vec<u8>)> = Vec::new();
    if manifest_first {
        members.push(("manifest.json".into(), manifest.clone()));
    }
    for (n, l) in layer_names.iter().zip(layers) {
        members.push((n.clone(), l.clone()));
    }
    members.push((cfg_name, cfg));
    if !manifest_first {
        members.push(("manifest.json".into(), manifest));
    }
    outer(&members)
}

const OCI_MANIFEST: &str = "application/vnd.oci.image.manifest.v1+json";
const OCI_INDEX: &str = "application/vnd.oci.image.index.v1+json";

fn layer_media_type(comp: Comp) -> &'static str {
    match comp {
        Comp::None => "application/vnd.oci.image.layer.v1.tar",
        Comp::Gzip => "application/vnd.oci.image.layer.v1.tar+gzip",
        Comp::Zstd => "application/vnd.oci.image.layer.v1.tar+zstd",
    }
}

/// Blobs and the manifest descriptor of one image.
fn oci_image(
    layers: &[Vec<u8>],
    comp: Comp,
    arch: &str,
    blobs: &mut Vec<(String, Vec<u8>)>,
) -> serde_json::Value {
    let cfg = config(layers, arch);
    let mut layer_descs = Vec::new();
    for l in layers {
        let blob = compress(l, comp);
        let d = sha256(&blob);
        layer_descs.push(serde_json::json!({"mediaType": layer_media_type(comp), "digest": d, "size": blob.len()}));
        blobs.push((format!("blobs/sha256/{}", hex(&d)), blob));
    }
    let cfg_digest = sha256(&cfg);
    blobs.push((format!("blobs/sha256/{}", hex(&cfg_digest)), cfg.clone()));
    let manifest = serde_json::to_vec(&serde_json::json!({
        "schemaVersion": 2, "mediaType": OCI_MANIFEST,
        "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "digest": cfg_digest, "size": cfg.len()},
        "layers": layer_descs,
    }))
    .unwrap();
    let md = sha256(&manifest);
    blobs.push((format!("blobs/sha256/{}", hex(&md)), manifest.clone()));
    serde_json::json!({"mediaType": OCI_MANIFEST, "digest": md, "size": manifest.len(),
                       "platform": {"os": "linux", "architecture": arch}})
}

/// OCI image layout tar with one image.
pub fn oci_archive(layers: &[Vec<u8>], comp: Comp) -> Vec<u8> {
    let mut blobs = Vec::new();
    let desc = oci_image(layers, comp, "amd64", &mut blobs);
    let index =
        serde_json::to_vec(&serde_json::json!({"schemaVersion": 2, "manifests": [desc]})).unwrap();
    let mut members = vec![
        (
            "oci-layout".to_string(),
            br#"{"imageLayoutVersion":"1.0.0"}"#.to_vec(),
        ),
        ("index.json".to_string(), index),
    ];
    members.extend(blobs);
    outer(&members)
}

/// OCI layout whose index.json points at a nested multi-platform index (arm64 first).
pub fn oci_multi_platform(amd64: &[Vec<u8>], arm64: &[Vec<u8>]) -> Vec<u8> {
    let mut blobs = Vec::new();
    let d_arm = oci_image(arm64, Comp::Gzip, "arm64", &mut blobs);
    let d_amd = oci_image(amd64, Comp::Gzip, "amd64", &mut blobs);
    let inner = serde_json::to_vec(&serde_json::json!({"schemaVersion": 2, "mediaType": OCI_INDEX, "manifests": [d_arm, d_amd]})).unwrap();
    let inner_d = sha256(&inner);
    blobs.push((format!("blobs/sha256/{}", hex(&inner_d)), inner.clone()));
    let index = serde_json::to_vec(&serde_json::json!({"schemaVersion": 2, "manifests": [
        {"mediaType": OCI_INDEX, "digest": inner_d, "size": inner.len()}]}))
    .unwrap();
    let mut members = vec![
        ("index.json".to_string(), index),
        ("oci-layout".to_string(), b"{}".to_vec()),
    ];
    members.extend(blobs);
    outer(&members)
}

/// OCI layout whose index lists one image per platform (`arm64`, `arm/v7`, …), in order.
pub fn oci_platforms(images: &[(&str, &[Vec<u8>])]) -> Vec<u8> {
    let mut blobs = Vec::new();
    let mut descs = Vec::new();
    for (platform, layers) in images {
        let (arch, variant) = platform
            .split_once('/')
            .map_or((*platform, None), |(a, v)| (a, Some(v)));
        let mut desc = oci_image(layers, Comp::Gzip, arch, &mut blobs);
        if *platform == "unknown/unknown" {
            // A buildx attestation manifest's descriptor.
            desc["platform"] = serde_json::json!({"os": "unknown", "architecture": "unknown"});
        } else if let Some(v) = variant {
            desc["platform"]["variant"] = serde_json::json!(v);
        }
        descs.push(desc);
    }
    let index =
        serde_json::to_vec(&serde_json::json!({"schemaVersion": 2, "manifests": descs})).unwrap();
    let mut members = vec![
        ("oci-layout".to_string(), b"{}".to_vec()),
        ("index.json".to_string(), index),
    ];
    members.extend(blobs);
    outer(&members)
}

/// Docker 25+ `docker save`: OCI layout with uncompressed blobs plus `manifest.json`.
pub fn docker25_archive(layers: &[Vec<u8>]) -> Vec<u8> {
    let mut blobs = Vec::new();
    let desc = oci_image(layers, Comp::None, "amd64", &mut blobs);
    let index =
        serde_json::to_vec(&serde_json::json!({"schemaVersion": 2, "manifests": [desc]})).unwrap();
    let cfg = config(layers, "amd64");
    let manifest = serde_json::to_vec(&serde_json::json!([{
        "Config": format!("blobs/sha256/{}", hex(&sha256(&cfg))),
        "RepoTags": ["test:25"],
        "Layers": layers.iter().map(|l| format!("blobs/sha256/{}", hex(&sha256(l)))).collect::<Vec<_>>(),
    }]))
    .unwrap();
    let mut members = vec![
        ("oci-layout".to_string(), b"{}".to_vec()),
        ("index.json".to_string(), index),
        ("manifest.json".to_string(), manifest),
    ];
    members.extend(blobs);
    outer(&members)
}

/// `docker save a:1 b:2` (Docker 25+): two images in one archive, each named in
/// `manifest.json` by its tag and in `index.json` by `org.opencontainers.image.ref.name`.
/// `with_manifest_json: false` leaves the plain OCI layout of the two.
pub fn two_image_archive(
    first: &[Vec<u8>],
    second: &[Vec<u8>],
    with_manifest_json: bool,
) -> Vec<u8> {
    let mut blobs = Vec::new();
    let mut descs = Vec::new();
    let mut entries = Vec::new();
    for (tag, layers) in [("a:1", first), ("b:2", second)] {
        let mut desc = oci_image(layers, Comp::None, "amd64", &mut blobs);
        desc["annotations"] = serde_json::json!({"org.opencontainers.image.ref.name": tag});
        descs.push(desc);
        let cfg = config(layers, "amd64");
        entries.push(serde_json::json!({
            "Config": format!("blobs/sha256/{}", hex(&sha256(&cfg))),
            "RepoTags": [tag],
            "Layers": layers.iter().map(|l| format!("blobs/sha256/{}", hex(&sha256(l)))).collect::<Vec<_>>(),
        }));
    }
    let index =
        serde_json::to_vec(&serde_json::json!({"schemaVersion": 2, "manifests": descs})).unwrap();
    let mut members = vec![
        ("oci-layout".to_string(), b"{}".to_vec()),
        ("index.json".to_string(), index),
    ];
    if with_manifest_json {
        members.push((
            "manifest.json".to_string(),
            serde_json::to_vec(&entries).unwrap(),
        ));
    }
    members.extend(blobs);
    outer(&members)
}

pub const DPKG_STATUS_V1: &str = "Package: base\nStatus: install ok installed\nVersion: 1.0\nArchitecture: amd64\n\nPackage: tool\nStatus: install ok installed\nVersion: 2.0\nArchitecture: amd64\n";
pub const DPKG_STATUS_V2: &str = "Package: base\nStatus: install ok installed\nVersion: 1.0\nArchitecture: amd64\n\nPackage: extra\nStatus: install ok installed\nVersion: 3.0\nArchitecture: amd64\n";
pub const OS_RELEASE: &str =
    "ID=debian\nVERSION_ID=\"12\"\nPRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\n";
