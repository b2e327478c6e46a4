//! Acceptance: every image in ../shared/images scans to exactly the packages listed in
//! ground-truth.json (name, version, ecosystem, `introduced_layer`), with the layers'
//! whiteouts, opaque dirs and diff_ids as recorded there.
#![allow(clippy::unwrap_used)]

use std::collections::BTreeMap;
use std::path::PathBuf;

use lookout_image::{scan_image, ImageScan, Options};
use serde_json::Value;

fn images_dir() -> PathBuf {
    let dir = PathBuf::from(format!("{}/../../../shared/images", manifest_dir()));
    assert!(
        dir.join("ground-truth.json").is_file(),
        "this test needs ../shared (the images and ground-truth.json) beside the repository; not found at {}",
        dir.display()
    );
    dir
}

type Key = (String, String, String, usize);

fn count(keys: impl Iterator<Item = Key>) -> BTreeMap<Key, usize> {
    let mut m = BTreeMap::new();
    for k in keys {
        *m.entry(k).or_default() += 1;
    }
    m
}

/// Human-readable differences grouped by ecosystem; empty when equal.
fn diff(
    expected: &BTreeMap<Key, usize>,
    actual: &BTreeMap<Key, usize>,
) -> BTreeMap<String, Vec<String>> {
    let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (k, &n) in expected {
        let got = actual.get(k).copied().unwrap_or(0);
        if got < n {
            out.entry(k.0.clone()).or_default().push(format!(
                "missing {}x {} {} (layer {})",
                n - got,
                k.1,
                k.2,
                k.3
            ));
        }
    }
    for (k, &n) in actual {
        let want = expected.get(k).copied().unwrap_or(0);
        if n > want {
            out.entry(k.0.clone()).or_default().push(format!(
                "extra {}x {} {} (layer {})",
                n - want,
                k.1,
                k.2,
                k.3
            ));
        }
    }
    out
}

fn scan_file(path: &PathBuf) -> ImageScan {
    let bytes = std::fs::read(path).unwrap();
    scan_image(&bytes, &Options::default()).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn check_image(name: &str, truth: &Value, scan: &ImageScan, problems: &mut Vec<String>) {
    let expected = count(truth["packages"].as_array().unwrap().iter().map(|p| {
        (
            p["ecosystem"].as_str().unwrap().to_string(),
            p["name"].as_str().unwrap().to_string(),
            p["version"].as_str().unwrap().to_string(),
            usize::try_from(p["introduced_layer"].as_u64().unwrap()).unwrap(),
        )
    }));
    let actual = count(scan.packages.iter().map(|p| {
        (
            p.ecosystem.clone(),
            p.name.clone(),
            p.version.clone(),
            p.layer,
        )
    }));
    for (eco, lines) in diff(&expected, &actual) {
        problems.push(format!("{name}: {eco}:\n    {}", lines.join("\n    ")));
    }
    for gone in truth["packages_removed_in_later_layers"]
        .as_array()
        .unwrap()
    {
        let n = gone["name"].as_str().unwrap();
        let v = gone["version"].as_str().unwrap();
        if scan.packages.iter().any(|p| p.name == n && p.version == v) {
            problems.push(format!(
                "{name}: {n} {v} was removed by a later layer but is reported"
            ));
        }
        // The layer that removed it says so, once, after the layer that showed it.
        let shown = gone["visible_up_to_layer"].as_u64().unwrap();
        let removers: Vec<usize> = scan
            .layers
            .iter()
            .filter(|l| {
                l.removed_packages
                    .iter()
                    .any(|p| p.name == n && p.version == v && p.ecosystem == gone["ecosystem"])
            })
            .map(|l| l.index)
            .collect();
        if removers.len() != 1 || removers[0] as u64 <= shown {
            problems.push(format!(
                "{name}: {n} {v} (shown in layer {shown}) listed as removed by layers {removers:?}"
            ));
        }
    }
    // Nothing else is listed as removed unless a later layer brings it back.
    for layer in &scan.layers {
        for p in &layer.removed_packages {
            let expected = truth["packages_removed_in_later_layers"]
                .as_array()
                .unwrap()
                .iter()
                .any(|g| g["name"] == p.name.as_str() && g["version"] == p.version.as_str());
            let back = scan
                .packages
                .iter()
                .any(|q| q.name == p.name && q.version == p.version && q.layer > layer.index);
            if !expected && !back {
                problems.push(format!(
                    "{name}: layer {} lists {} {} as removed",
                    layer.index, p.name, p.version
                ));
            }
        }
    }
    let layers = truth["layers"].as_array().unwrap();
    if layers.len() != scan.layers.len() {
        problems.push(format!(
            "{name}: {} layers, expected {}",
            scan.layers.len(),
            layers.len()
        ));
    }
    for (l, got) in layers.iter().zip(&scan.layers) {
        let strings = |v: &Value| {
            let mut s: Vec<String> = v
                .as_array()
                .unwrap()
                .iter()
                .map(|x| x.as_str().unwrap().to_string())
                .collect();
            s.sort();
            s
        };
        let mut whiteouts = got.whiteouts.clone();
        whiteouts.sort();
        let mut opaque = got.opaque_dirs.clone();
        opaque.sort();
        if strings(&l["whiteouts"]) != whiteouts {
            problems.push(format!(
                "{name}: layer {} whiteouts differ: {whiteouts:?}",
                got.index
            ));
        }
        if strings(&l["opaque_dirs"]) != opaque {
            problems.push(format!(
                "{name}: layer {} opaque dirs differ: {opaque:?}",
                got.index
            ));
        }
        if got.diff_id.as_deref() != l["diff_id"].as_str() {
            problems.push(format!(
                "{name}: layer {} diff_id {:?}",
                got.index, got.diff_id
            ));
        }
        if !got.complete {
            problems.push(format!("{name}: layer {} not read to the end", got.index));
        }
    }
    let final_paths = truth["final_paths_count"].as_u64().unwrap();
    if scan.view.len() as u64 != final_paths {
        problems.push(format!(
            "{name}: final view has {} paths, expected {final_paths}",
            scan.view.len()
        ));
    }
    if scan.archive.config_digest != truth["config_digest"].as_str().unwrap() {
        problems.push(format!(
            "{name}: config digest {}",
            scan.archive.config_digest
        ));
    }
    if !scan.warnings.is_empty() {
        problems.push(format!("{name}: unexpected warnings: {:?}", scan.warnings));
    }
}

#[test]
fn every_image_matches_ground_truth() {
    let dir = images_dir();
    let truth: Value =
        serde_json::from_slice(&std::fs::read(dir.join("ground-truth.json")).unwrap()).unwrap();
    let mut jobs = Vec::new();
    for (image, t) in truth.as_object().unwrap() {
        for file in t["files"].as_object().unwrap().keys() {
            let path = dir.join(file);
            if path.is_file() {
                jobs.push((image.clone(), file.clone(), path, t));
            } else {
                // debian12-layers is described in ground-truth.json but not shipped.
                assert!(
                    t["files"][file]["note"]
                        .as_str()
                        .is_some_and(|n| n.contains("not in this folder")),
                    "{file} is listed in ground-truth.json but missing"
                );
            }
        }
    }
    assert_eq!(jobs.len(), 5, "expected 5 image files in ../shared/images");
    // One thread per image: the images are independent and the debug build is slow.
    let problems: Vec<String> = std::thread::scope(|s| {
        let handles: Vec<_> = jobs
            .iter()
            .map(|(image, file, path, t)| {
                s.spawn(move || {
                    let scan = scan_file(path);
                    let mut problems = Vec::new();
                    check_image(file, t, &scan, &mut problems);
                    if image == "debian12-apps" {
                        if scan.packages.iter().any(|p| p.name == "e2fsprogs") {
                            problems.push(format!("{file}: e2fsprogs was purged but is reported"));
                        }
                        // Layer 2 made opt/legacy opaque: nothing below it from layer 1 survives.
                        if scan
                            .view
                            .iter()
                            .any(|(p, l, _)| p.starts_with("opt/legacy/") && l < 2)
                        {
                            problems
                                .push(format!("{file}: files below the opaque opt/legacy survive"));
                        }
                        if scan.view.get("etc/app.conf").is_some() {
                            problems.push(format!(
                                "{file}: etc/app.conf was whited out but is present"
                            ));
                        }
                        if scan.deleted_in_layer("root/.aws/credentials", 4) != Some(5) {
                            problems.push(format!(
                                "{file}: root/.aws/credentials should be deleted in layer 5"
                            ));
                        }
                    }
                    problems
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap())
            .collect()
    });
    assert!(
        problems.is_empty(),
        "ground truth differences:\n{}",
        problems.join("\n")
    );
}

/// The package directory at run time (cargo sets it for tests), not at compile time: a
/// test binary reused from another checkout's build must read this checkout's files.
fn manifest_dir() -> String {
    std::env::var("CARGO_MANIFEST_DIR").unwrap_or_else(|_| env!("CARGO_MANIFEST_DIR").to_owned())
}
