//! Acceptance: the language catalogers find exactly the non-OS packages that
//! ../shared/images/ground-truth.json lists for debian12-apps (name, version, ecosystem,
//! path, layer). The image's layers are read with the `tar` crate here, independent of the
//! crate's own archive readers, so this test checks the catalogers alone.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::{BTreeMap, HashMap};
use std::fs::File;
use std::io::Read;

use lookout_image::catalog::lang::LANG_CATALOGERS;
use lookout_image::catalog::CatalogInput;
use serde_json::Value;

fn shared_dir() -> String {
    let dir = format!("{}/../../../shared", manifest_dir());
    assert!(
        std::path::Path::new(&dir).join("images").is_dir(),
        "this test needs ../shared (the images and ground-truth.json beside the repository): {dir} is missing"
    );
    dir
}

type Row = (String, String, String, String, usize);

/// What one layer holds for the catalogers: packages per file, and the paths it deletes.
#[derive(Default)]
struct LayerFindings {
    files: Vec<(String, Vec<Row>)>,
    whiteouts: Vec<String>,
    opaque_dirs: Vec<String>,
}

fn normalize(path: &str) -> String {
    path.trim_start_matches("./")
        .trim_start_matches('/')
        .to_owned()
}

fn catalog_layer(reader: impl Read, layer: usize) -> LayerFindings {
    let mut findings = LayerFindings::default();
    let mut archive = tar::Archive::new(reader);
    for entry in archive.entries().expect("layer tar") {
        let mut entry = entry.expect("layer entry");
        let path = normalize(&entry.path().expect("entry path").to_string_lossy());
        let (dir, base) = path.rsplit_once('/').unwrap_or(("", path.as_str()));
        if base == ".wh..wh..opq" {
            findings.opaque_dirs.push(dir.to_owned());
            continue;
        }
        if let Some(target) = base.strip_prefix(".wh.") {
            let target = if dir.is_empty() {
                target.to_owned()
            } else {
                format!("{dir}/{target}")
            };
            findings.whiteouts.push(target);
            continue;
        }
        if !entry.header().entry_type().is_file() {
            continue;
        }
        let size = entry.header().size().expect("size");
        let wanted: Vec<_> = LANG_CATALOGERS
            .iter()
            .filter(|c| (c.wants)(&path) && size <= c.max_size)
            .collect();
        if wanted.is_empty() {
            continue;
        }
        let mut data = Vec::new();
        entry.read_to_end(&mut data).expect("entry data");
        let mut rows = Vec::new();
        for cataloger in wanted {
            let packages = (cataloger.parse)(&CatalogInput {
                path: &path,
                data: &data,
            })
            .unwrap_or_else(|e| panic!("{e}"));
            rows.extend(
                packages
                    .into_iter()
                    .map(|p| (p.name, p.version, p.ecosystem, p.path, layer)),
            );
        }
        findings.files.push((path, rows));
    }
    findings
}

fn is_under(path: &str, dir: &str) -> bool {
    path == dir || path.starts_with(&format!("{dir}/"))
}

#[test]
fn debian12_apps_language_packages_match_ground_truth() {
    let shared = shared_dir();
    let image = format!("{shared}/images/debian12-apps.docker.tar");
    let truth: Value =
        serde_json::from_reader(File::open(format!("{shared}/images/ground-truth.json")).unwrap())
            .unwrap();

    // Pass 1: the manifest (its position in the archive is not fixed).
    let mut manifest: Option<Value> = None;
    let mut outer = tar::Archive::new(File::open(&image).unwrap());
    for entry in outer.entries().unwrap() {
        let entry = entry.unwrap();
        if entry.path().unwrap().to_string_lossy() == "manifest.json" {
            manifest = Some(serde_json::from_reader(entry).unwrap());
            break;
        }
    }
    let manifest = manifest.expect("manifest.json in the docker archive");
    let layers: Vec<String> = manifest[0]["Layers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l.as_str().unwrap().to_owned())
        .collect();

    // Pass 2: catalog each layer tar, wherever it sits in the archive.
    let mut per_layer: BTreeMap<usize, LayerFindings> = BTreeMap::new();
    let mut outer = tar::Archive::new(File::open(&image).unwrap());
    for entry in outer.entries().unwrap() {
        let entry = entry.unwrap();
        let name = entry.path().unwrap().to_string_lossy().into_owned();
        if let Some(index) = layers.iter().position(|l| *l == name) {
            per_layer.insert(index, catalog_layer(entry, index));
        }
    }
    assert_eq!(per_layer.len(), layers.len(), "every layer read");

    // Merge in layer order: deletions first (they apply to lower layers), then the files.
    let mut view: HashMap<String, Vec<Row>> = HashMap::new();
    for findings in per_layer.into_values() {
        for dir in &findings.opaque_dirs {
            view.retain(|path, _| !path.starts_with(&format!("{dir}/")));
        }
        for target in &findings.whiteouts {
            view.retain(|path, _| !is_under(path, target));
        }
        for (path, rows) in findings.files {
            view.insert(path, rows);
        }
    }
    let mut got: Vec<Row> = view.into_values().flatten().collect();
    got.sort();

    let mut want: Vec<Row> = truth["debian12-apps"]["packages"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| !p["ecosystem"].as_str().unwrap().starts_with("Debian"))
        .map(|p| {
            (
                p["name"].as_str().unwrap().to_owned(),
                p["version"].as_str().unwrap().to_owned(),
                p["ecosystem"].as_str().unwrap().to_owned(),
                p["path"].as_str().unwrap().to_owned(),
                usize::try_from(p["layer"].as_u64().unwrap()).unwrap(),
            )
        })
        .collect();
    want.sort();
    assert_eq!(want.len(), 38, "ground truth lists 38 language packages");

    let missing: Vec<_> = want.iter().filter(|w| !got.contains(w)).collect();
    let extra: Vec<_> = got.iter().filter(|g| !want.contains(g)).collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "missing: {missing:#?}\nextra: {extra:#?}"
    );
}

/// The package directory at run time (cargo sets it for tests), not at compile time: a
/// test binary reused from another checkout's build must read this checkout's files.
fn manifest_dir() -> String {
    std::env::var("CARGO_MANIFEST_DIR").unwrap_or_else(|_| env!("CARGO_MANIFEST_DIR").to_owned())
}
