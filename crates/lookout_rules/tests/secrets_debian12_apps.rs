//! Acceptance on the real sample image `../shared/images/debian12-apps.docker.tar`: every
//! regular file of every layer is scanned (as the image walker will), and exactly the
//! secrets listed in `../shared/images/MANIFEST.md` come out — nothing from the Debian
//! base, the Python/Node/Java/Rust packages, or anything else. The config's `Env` token is
//! found through `image_config`.
#![allow(clippy::unwrap_used)]

use std::collections::BTreeSet;
use std::io::Read;
use std::path::PathBuf;

use lookout_rules::image_config::{self, ImageConfigInput};
use lookout_rules::secrets;

fn image_path() -> PathBuf {
    let shared = PathBuf::from(format!("{}/../../../shared", manifest_dir()));
    let image = shared.join("images/debian12-apps.docker.tar");
    assert!(
        image.exists(),
        "this test needs ../shared (the shared test data checked out beside the repository): {} is missing",
        image.display()
    );
    image
}

/// (layer index, path, rule id) of every secret in the image's layers, plus the config.
fn scan_image() -> (BTreeSet<(usize, String, &'static str)>, Vec<u8>) {
    let bytes = std::fs::read(image_path()).unwrap();
    // Layer order and config name come from manifest.json.
    let mut manifest = None;
    let mut archive = tar::Archive::new(bytes.as_slice());
    for entry in archive.entries().unwrap() {
        let mut entry = entry.unwrap();
        if entry.path().unwrap().to_string_lossy() == "manifest.json" {
            let mut text = String::new();
            entry.read_to_string(&mut text).unwrap();
            manifest = Some(text);
        }
    }
    let manifest: serde_json::Value = serde_json::from_str(&manifest.unwrap()).unwrap();
    let layers: Vec<String> = manifest[0]["Layers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l.as_str().unwrap().to_string())
        .collect();
    let config_name = manifest[0]["Config"].as_str().unwrap().to_string();

    let mut found = BTreeSet::new();
    let mut config = Vec::new();
    let mut archive = tar::Archive::new(bytes.as_slice());
    for entry in archive.entries().unwrap() {
        let mut entry = entry.unwrap();
        let name = entry.path().unwrap().to_string_lossy().to_string();
        if name == config_name {
            entry.read_to_end(&mut config).unwrap();
            continue;
        }
        let Some(layer) = layers.iter().position(|l| *l == name) else {
            continue;
        };
        let mut layer_tar = tar::Archive::new(entry);
        for file in layer_tar.entries().unwrap() {
            let mut file = file.unwrap();
            if !file.header().entry_type().is_file() {
                continue;
            }
            let path = file.path().unwrap().to_string_lossy().to_string();
            if !secrets::wants(&path, file.header().size().unwrap()) {
                continue;
            }
            let mut data = Vec::new();
            file.read_to_end(&mut data).unwrap();
            for m in secrets::scan(&path, &data) {
                found.insert((layer, path.clone(), m.rule.code));
            }
        }
    }
    (found, config)
}

#[test]
fn exactly_the_manifest_secrets_are_found() {
    let (found, config) = scan_image();
    let expected: BTreeSet<(usize, String, &str)> = [
        (4, "app/config/.env", "aws-access-key-id"),
        (4, "app/config/.env", "aws-secret-access-key"),
        (4, "app/config/.env", "database-url-with-password"),
        (4, "app/config/github.yml", "github-pat"),
        (4, "root/.ssh/id_rsa", "rsa-private-key"),
        (4, "root/.aws/credentials", "aws-access-key-id"),
        (4, "root/.aws/credentials", "aws-secret-access-key"),
    ]
    .into_iter()
    .map(|(l, p, r)| (l, p.to_string(), r))
    .collect();
    assert_eq!(found, expected);

    let input = ImageConfigInput::from_config_json(&config).unwrap();
    let secrets = image_config::config_secrets(&input);
    assert_eq!(secrets.len(), 1, "{secrets:?}");
    assert_eq!(secrets[0].rule.code, "github-pat");
    assert_eq!(secrets[0].path, "config.Env");
    assert_eq!(secrets[0].key.as_deref(), Some("GITHUB_TOKEN"));

    let codes: Vec<&str> = image_config::check(&input)
        .iter()
        .map(|f| f.rule.code)
        .collect();
    // No User, no HEALTHCHECK, a token in Env; history holds only COPY/RUN rm lines.
    assert_eq!(codes, ["LKI001", "LKI003", "LKI004"]);
}

/// The package directory at run time (cargo sets it for tests), not at compile time: a
/// test binary reused from another checkout's build must read this checkout's files.
fn manifest_dir() -> String {
    std::env::var("CARGO_MANIFEST_DIR").unwrap_or_else(|_| env!("CARGO_MANIFEST_DIR").to_owned())
}
