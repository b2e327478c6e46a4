//! `lookout scan` / `lookout sbom` on small images built here, member by member: what a
//! user sees for crafted names, unusual OS releases and the report's metadata.
#![allow(clippy::unwrap_used)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn lookout(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_lookout"))
        .args(args)
        .output()
        .unwrap()
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("lookout-crafted-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A tar of `(name, data)` members. Names are written into the header as raw bytes, so
/// that names no well-behaved tool would write (`..`, escape characters) can be tested.
fn tar(members: &[(&str, &[u8])]) -> Vec<u8> {
    let mut builder = tar::Builder::new(Vec::new());
    for (name, data) in members {
        let mut header = tar::Header::new_old();
        let raw = name.as_bytes();
        header.as_old_mut().name[..raw.len()].copy_from_slice(raw);
        header.set_size(data.len() as u64);
        header.set_mode(0o644);
        header.set_entry_type(tar::EntryType::Regular);
        header.set_cksum();
        builder.append(&header, *data).unwrap();
    }
    builder.into_inner().unwrap()
}

/// `docker save` of one image tagged `tag` whose layers hold `layers`.
fn docker_archive(tag: &str, layers: &[Vec<(&str, &[u8])>]) -> Vec<u8> {
    let config = br#"{"architecture":"amd64","os":"linux","config":{},"rootfs":{"type":"layers","diff_ids":[]}}"#;
    let layer_tars: Vec<Vec<u8>> = layers.iter().map(|l| tar(l)).collect();
    let names: Vec<String> = (0..layers.len())
        .map(|i| format!("l{i}/layer.tar"))
        .collect();
    let manifest = serde_json::json!([{
        "Config": "config.json",
        "RepoTags": [tag],
        "Layers": names,
    }])
    .to_string();
    let mut members: Vec<(&str, &[u8])> = vec![("config.json", config)];
    for (name, data) in names.iter().zip(&layer_tars) {
        members.push((name, data));
    }
    members.push(("manifest.json", manifest.as_bytes()));
    tar(&members)
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> String {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path.to_str().unwrap().to_string()
}

fn json_of(out: &Output) -> serde_json::Value {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn warnings_of(report: &serde_json::Value) -> Vec<String> {
    report["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w.as_str().unwrap().to_string())
        .collect()
}

const ESCAPES: &str = "\u{1b}]0;PWNED\u{7}\u{1b}[2J\u{1b}[31m";

/// A member name with terminal escapes is quoted in a warning: the table on stdout and
/// the warning lines on stderr show the escapes as text, never the raw bytes.
#[test]
fn warnings_from_crafted_names_do_not_reach_the_terminal_raw() {
    let dir = temp_dir("escapes");
    let name = format!("../{ESCAPES}/x");
    let archive = docker_archive("e:1", &[vec![(name.as_str(), b"x")]]);
    let target = write(&dir, "e.tar", &archive);
    let out = lookout(&["scan", &target, "--scanners", "secret", "--no-progress"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    for (stream, text) in [("stdout", &stdout), ("stderr", &stderr)] {
        assert!(
            text.contains("climbs above the image root"),
            "{stream}: {text}"
        );
        assert!(
            !text.contains('\u{1b}') && !text.contains('\u{7}'),
            "{stream}: {text:?}"
        );
        assert!(text.contains("\\x1b]0;PWNED\\x07"), "{stream}: {text}");
    }
}

const DPKG_STATUS: &str = "Package: libc6\nStatus: install ok installed\nVersion: 2.36-9\nSource: glibc\nArchitecture: amd64\n\nPackage: bash\nStatus: install ok installed\nVersion: 5.2.15-2\nArchitecture: amd64\n";

fn os_of_image(dir: &Path, name: &str, files: &[(&str, &[u8])]) -> serde_json::Value {
    let archive = docker_archive("os:1", &[files.to_vec()]);
    let target = write(dir, name, &archive);
    json_of(&lookout(&[
        "sbom",
        &target,
        "--format",
        "json",
        "--no-progress",
    ]))
}

/// Debian testing names a codename but no VERSION_ID: the release comes from the codename.
/// Sid, or no os-release at all, gives no release-less ecosystem and a warning instead.
#[test]
fn debian_testing_sid_and_missing_os_release() {
    let dir = temp_dir("debian");
    let testing = os_of_image(
        &dir,
        "testing.tar",
        &[
            (
                "etc/os-release",
                b"PRETTY_NAME=\"Debian GNU/Linux trixie/sid\"\nVERSION_CODENAME=trixie\nID=debian\n",
            ),
            ("etc/debian_version", b"trixie/sid\n"),
            ("var/lib/dpkg/status", DPKG_STATUS.as_bytes()),
        ],
    );
    assert_eq!(testing["os"]["ecosystem"], "Debian:13", "{}", testing["os"]);
    assert_eq!(testing["packages"][0]["ecosystem"], "Debian:13");
    assert!(
        warnings_of(&testing).is_empty(),
        "{:?}",
        warnings_of(&testing)
    );

    let sid = os_of_image(
        &dir,
        "sid.tar",
        &[
            (
                "etc/os-release",
                b"PRETTY_NAME=\"Debian GNU/Linux sid\"\nVERSION_CODENAME=sid\nID=debian\n",
            ),
            ("var/lib/dpkg/status", DPKG_STATUS.as_bytes()),
        ],
    );
    let ecosystem = sid["os"]["ecosystem"].as_str().unwrap_or_default();
    assert!(!ecosystem.ends_with(':'), "{ecosystem}");
    assert!(
        warnings_of(&sid)
            .iter()
            .any(|w| w.contains("2 OS packages not checked against advisories")),
        "{:?}",
        warnings_of(&sid)
    );

    let bare = os_of_image(
        &dir,
        "bare.tar",
        &[("var/lib/dpkg/status", DPKG_STATUS.as_bytes())],
    );
    assert!(bare["os"].is_null());
    assert!(
        warnings_of(&bare)
            .iter()
            .any(|w| w.starts_with("OS not detected")
                && w.contains("2 OS packages not checked against advisories")),
        "{:?}",
        warnings_of(&bare)
    );
}

const PIPFILE_LOCK: &str = r#"{
    "_meta": {"pipfile-spec": 6, "requires": {}, "sources": []},
    "default": {
        "django": {"hashes": [], "index": "pypi", "version": "==2.2.7"},
        "urllib3": {"version": "==1.24.1"}
    },
    "develop": {"pytest": {"version": "==6.2.5"}}
}
"#;

fn package_names(report: &serde_json::Value) -> Vec<String> {
    let mut names: Vec<String> = report["packages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            format!(
                "{} {} {}",
                p["name"].as_str().unwrap(),
                p["version"].as_str().unwrap(),
                p["ecosystem"].as_str().unwrap()
            )
        })
        .collect();
    names.sort();
    names
}

/// Pipfile.lock is read directly, in a folder and inside an image.
#[test]
fn pipfile_lock_is_catalogued_everywhere() {
    let dir = temp_dir("pipfile");
    let expected = vec![
        "django 2.2.7 PyPI".to_string(),
        "pytest 6.2.5 PyPI".to_string(),
        "urllib3 1.24.1 PyPI".to_string(),
    ];
    let project = dir.join("project");
    std::fs::create_dir_all(&project).unwrap();
    let lock = write(&project, "Pipfile.lock", PIPFILE_LOCK.as_bytes());
    let direct = json_of(&lookout(&[
        "sbom",
        &lock,
        "--format",
        "json",
        "--no-progress",
    ]));
    assert_eq!(package_names(&direct), expected);
    let folder = json_of(&lookout(&[
        "sbom",
        project.to_str().unwrap(),
        "--format",
        "json",
        "--no-progress",
    ]));
    assert_eq!(package_names(&folder), expected);
    let archive = docker_archive(
        "py:1",
        &[vec![("app/Pipfile.lock", PIPFILE_LOCK.as_bytes())]],
    );
    let target = write(&dir, "py.tar", &archive);
    let image = json_of(&lookout(&[
        "sbom",
        &target,
        "--format",
        "json",
        "--no-progress",
    ]));
    assert_eq!(package_names(&image), expected);
}

/// A file that is neither an image nor a lockfile Lookout knows by name says both.
#[test]
fn an_unknown_small_file_is_not_called_only_a_broken_image() {
    let dir = temp_dir("unknown");
    let target = write(&dir, "Pipfile.lock.bak", PIPFILE_LOCK.as_bytes());
    let out = lookout(&["scan", &target, "--no-progress"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("not an image archive or a known lockfile"),
        "{stderr}"
    );
}

/// A DB holding one PyPI and one Rocky Linux advisory, built by `lookout db build`.
fn tiny_db(dir: &Path) -> String {
    let records = dir.join("records");
    std::fs::create_dir_all(&records).unwrap();
    std::fs::write(
        records.join("PYSEC-0000-1.json"),
        br#"{"id": "PYSEC-0000-1", "modified": "2026-01-01T00:00:00Z", "summary": "django test advisory",
            "affected": [{"package": {"ecosystem": "PyPI", "name": "django"},
            "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "2.2.8"}]}]}]}"#,
    )
    .unwrap();
    std::fs::write(
        records.join("RLSA-2099-0001.json"),
        br#"{"id": "RLSA-2099:0001", "modified": "2026-01-01T00:00:00Z", "summary": "zlib test advisory",
            "affected": [{"package": {"ecosystem": "Rocky Linux:9", "name": "zlib"},
            "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "1.2.11-41.el9"}]}]}]}"#,
    )
    .unwrap();
    let db = dir.join("db");
    let out = lookout(&[
        "db",
        "build",
        "--from",
        records.to_str().unwrap(),
        "--out",
        db.to_str().unwrap(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    db.to_str().unwrap().to_string()
}

/// The JSON report and the cosign-vuln predicate name the DB the scan used and its build
/// time, as the web page's reports do.
#[test]
fn reports_name_the_db_they_were_matched_against() {
    let dir = temp_dir("dbinfo");
    let db = tiny_db(&dir);
    let lock = write(&dir, "Pipfile.lock", PIPFILE_LOCK.as_bytes());
    let report = json_of(&lookout(&[
        "scan",
        &lock,
        "--db",
        &db,
        "--format",
        "json",
        "--no-progress",
    ]));
    assert_eq!(report["vulnerabilities"][0]["id"], "PYSEC-0000-1");
    let uri = report["db"]["uri"].as_str().unwrap_or_default();
    assert!(
        uri.starts_with(&db) && uri.ends_with("index.json"),
        "{}",
        report["db"]
    );
    let version = report["db"]["version"].as_str().unwrap_or_default();
    assert!(
        version.len() >= 20 && version.ends_with('Z'),
        "{}",
        report["db"]
    );
    let cosign = json_of(&lookout(&[
        "scan",
        &lock,
        "--db",
        &db,
        "--format",
        "cosign-vuln",
        "--no-progress",
    ]));
    let scanner_db = &cosign["scanner"]["db"];
    assert_eq!(scanner_db["uri"].as_str(), Some(uri), "{cosign}");
    assert_eq!(scanner_db["version"].as_str(), Some(version), "{cosign}");
}

/// A Rocky Linux package (here from an SBOM's purl) is matched against the DB's
/// `Rocky Linux` advisories: the ecosystem is spelled as OSV spells it.
#[test]
fn rocky_linux_packages_match_rocky_linux_advisories() {
    let dir = temp_dir("rocky");
    let db = tiny_db(&dir);
    let sbom = serde_json::json!({
        "bomFormat": "CycloneDX",
        "specVersion": "1.5",
        "components": [{"type": "library", "name": "zlib", "version": "1.2.11-40.el9",
            "purl": "pkg:rpm/rocky/zlib@1.2.11-40.el9?arch=x86_64&distro=rocky-9.3"}]
    });
    let target = write(&dir, "rocky.cdx.json", sbom.to_string().as_bytes());
    let report = json_of(&lookout(&[
        "scan",
        &target,
        "--db",
        &db,
        "--format",
        "json",
        "--no-progress",
    ]));
    assert_eq!(report["packages"][0]["ecosystem"], "Rocky Linux:9");
    let ids: Vec<&str> = report["vulnerabilities"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|v| v["id"].as_str())
        .collect();
    assert_eq!(ids, ["RLSA-2099:0001"]);
}

/// `sbom` and `scan` of one image, and two runs of `sbom`, give CycloneDX documents with
/// different serial numbers.
#[test]
fn every_cyclonedx_document_gets_its_own_serial_number() {
    let dir = temp_dir("serial");
    let archive = docker_archive(
        "py:1",
        &[vec![("app/Pipfile.lock", PIPFILE_LOCK.as_bytes())]],
    );
    let target = write(&dir, "py.tar", &archive);
    let db = tiny_db(&dir);
    let serial = |args: &[&str]| {
        json_of(&lookout(args))["serialNumber"]
            .as_str()
            .unwrap()
            .to_string()
    };
    let sbom_args = ["sbom", &target, "--format", "cyclonedx", "--no-progress"];
    let first = serial(&sbom_args);
    let again = serial(&sbom_args);
    let scanned = serial(&[
        "scan",
        &target,
        "--db",
        &db,
        "--format",
        "cyclonedx",
        "--no-progress",
    ]);
    assert_ne!(first, again);
    assert_ne!(first, scanned);
    assert!(first.starts_with("urn:uuid:"), "{first}");
}

/// `--ref` takes Docker Hub's other spellings of the tag `docker save` wrote.
#[test]
fn ref_accepts_docker_hub_spellings() {
    let dir = temp_dir("hubref");
    let archive = docker_archive("b:2", &[vec![("app/readme", b"hi")]]);
    let target = write(&dir, "b.tar", &archive);
    for reference in [
        "b:2",
        "docker.io/library/b:2",
        "library/b:2",
        "index.docker.io/library/b:2",
    ] {
        let out = lookout(&[
            "sbom",
            &target,
            "--ref",
            reference,
            "--format",
            "json",
            "--no-progress",
        ]);
        assert!(
            out.status.success(),
            "{reference}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let out = lookout(&[
        "sbom",
        &target,
        "--ref",
        "docker.io/other/b:2",
        "--no-progress",
    ]);
    assert_eq!(out.status.code(), Some(2));
}
