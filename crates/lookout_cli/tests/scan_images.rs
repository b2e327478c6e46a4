//! `lookout scan` / `lookout sbom` on the real images in ../shared/images (the acceptance
//! suite), plus lockfile targets and bad input. Needs ../shared beside the checkout.
#![allow(clippy::unwrap_used)]

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::process::{Command, Output};

fn shared() -> PathBuf {
    let dir = PathBuf::from(format!("{}/../../../shared", manifest_dir()));
    assert!(
        dir.join("images").is_dir(),
        "this test needs ../shared (images, OSV data) beside the checkout: {} is missing",
        dir.display()
    );
    dir
}

fn image(name: &str) -> PathBuf {
    shared().join("images").join(name)
}

fn lookout(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_lookout"))
        .args(args)
        .output()
        .unwrap()
}

fn scan_json(target: &str, extra: &[&str]) -> serde_json::Value {
    let mut args = vec!["scan", target, "--format", "json", "--no-progress"];
    args.extend_from_slice(extra);
    let out = lookout(&args);
    assert!(
        out.status.success(),
        "scan {target} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("lookout-scan-cli-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The secrets ../shared/images/MANIFEST.md lists for debian12-apps: (rule, path, layer,
/// deleted_in_layer). Nothing else may be reported anywhere in the image.
fn expected_secrets() -> BTreeSet<(String, String, Option<u64>, Option<u64>)> {
    let row = |rule: &str, path: &str, layer: Option<u64>, deleted: Option<u64>| {
        (rule.to_string(), path.to_string(), layer, deleted)
    };
    [
        row("aws-access-key-id", "app/config/.env", Some(4), None),
        row("aws-secret-access-key", "app/config/.env", Some(4), None),
        row(
            "database-url-with-password",
            "app/config/.env",
            Some(4),
            None,
        ),
        row("github-pat", "app/config/github.yml", Some(4), None),
        row("rsa-private-key", "root/.ssh/id_rsa", Some(4), None),
        row(
            "aws-access-key-id",
            "root/.aws/credentials",
            Some(4),
            Some(5),
        ),
        row(
            "aws-secret-access-key",
            "root/.aws/credentials",
            Some(4),
            Some(5),
        ),
        row("github-pat", "config.Env", None, None),
    ]
    .into_iter()
    .collect()
}

fn secrets_of(report: &serde_json::Value) -> BTreeSet<(String, String, Option<u64>, Option<u64>)> {
    report["secrets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["rule"].as_str().unwrap().to_string(),
                s["path"].as_str().unwrap().to_string(),
                s["layer"].as_u64(),
                s["deleted_in_layer"].as_u64(),
            )
        })
        .collect()
}

fn vuln_rows(report: &serde_json::Value) -> BTreeSet<String> {
    report["vulnerabilities"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| {
            format!(
                "{} {} {} {} {}",
                v["ecosystem"].as_str().unwrap(),
                v["package"].as_str().unwrap(),
                v["version"].as_str().unwrap(),
                v["id"].as_str().unwrap(),
                v["fixed_version"].as_str().unwrap_or("-")
            )
        })
        .collect()
}

#[test]
fn debian_image_findings_match_the_manifest_and_the_golden_list_in_both_formats() {
    let golden: BTreeSet<String> = include_str!("golden/debian12-apps.vulns.txt")
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(str::to_string)
        .collect();
    for file in ["debian12-apps.oci.tar", "debian12-apps.docker.tar"] {
        let path = image(file);
        let report = scan_json(path.to_str().unwrap(), &[]);
        assert_eq!(report["schema"], "lookout.scan/v1");
        assert_eq!(report["os"]["ecosystem"], "Debian:12", "{file}");
        assert_eq!(
            secrets_of(&report),
            expected_secrets(),
            "{file}: secrets differ from MANIFEST.md"
        );
        for secret in report["secrets"].as_array().unwrap() {
            let shown = secret["match"].as_str().unwrap();
            assert!(shown.contains('*'), "{file}: secret not redacted: {shown}");
        }
        let found = vuln_rows(&report);
        let missing: Vec<_> = golden.difference(&found).collect();
        let extra: Vec<_> = found.difference(&golden).collect();
        assert!(
            missing.is_empty() && extra.is_empty(),
            "{file}: missing {missing:#?}\nextra {extra:#?}"
        );
        let misconfig: BTreeSet<&str> = report["misconfigurations"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| m["rule"].as_str().unwrap())
            .collect();
        assert!(
            misconfig.contains("LKI001"),
            "{file}: root user not reported: {misconfig:?}"
        );
    }
}

#[test]
fn alpine_images_in_every_format_agree() {
    let mut inventories = Vec::new();
    for file in [
        "alpine-synthetic.docker.tar",
        "alpine-synthetic.docker25.tar",
        "alpine-synthetic.oci.tar",
    ] {
        let report = scan_json(image(file).to_str().unwrap(), &[]);
        assert_eq!(report["os"]["ecosystem"], "Alpine:v3.18", "{file}");
        let packages: BTreeSet<String> = report["packages"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| format!("{} {} {}", p["name"], p["version"], p["purl"]))
            .collect();
        assert!(!packages.is_empty(), "{file}");
        inventories.push(packages);
    }
    assert!(
        inventories.windows(2).all(|w| w[0] == w[1]),
        "formats disagree"
    );
}

#[test]
fn severity_filter_exit_code_and_unfixed() {
    let path = image("debian12-apps.oci.tar");
    let target = path.to_str().unwrap();
    let out = lookout(&[
        "scan",
        target,
        "--scanners",
        "vuln",
        "--severity",
        "CRITICAL",
        "--exit-code",
        "3",
        "--format",
        "json",
        "--no-progress",
    ]);
    assert_eq!(out.status.code(), Some(3));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let vulns = report["vulnerabilities"].as_array().unwrap();
    assert!(!vulns.is_empty());
    assert!(vulns.iter().all(|v| v["severity"] == "CRITICAL"));
    assert!(
        report["secrets"].as_array().unwrap().is_empty(),
        "secret scanner was not asked for"
    );
    let report = scan_json(target, &["--scanners", "vuln", "--ignore-unfixed"]);
    assert!(report["vulnerabilities"]
        .as_array()
        .unwrap()
        .iter()
        .all(|v| v["fixed_version"].is_string()));
    let cosign: serde_json::Value = serde_json::from_slice(
        &lookout(&[
            "scan",
            target,
            "--scanners",
            "vuln",
            "--severity",
            "CRITICAL",
            "--format",
            "cosign-vuln",
            "--no-progress",
        ])
        .stdout,
    )
    .unwrap();
    assert_eq!(
        cosign["scanner"]["result"]["summary"]["criticalCount"].as_u64(),
        Some(vulns.len() as u64)
    );
}

/// With the vulnerability scanner off, the table has no per-target vulnerability counts
/// (a "Total: 0" under each package file would read as "no vulnerabilities"), only what
/// was scanned for.
#[test]
fn table_with_the_secret_scanner_only_shows_no_vulnerability_counts() {
    let path = image("debian12-apps.oci.tar");
    let out = lookout(&[
        "scan",
        path.to_str().unwrap(),
        "--scanners",
        "secret",
        "--no-progress",
    ]);
    assert_eq!(out.status.code(), Some(0));
    let table = String::from_utf8_lossy(&out.stdout);
    assert!(!table.contains("Total: 0 (CRITICAL"), "{table}");
    assert!(table.contains("Secrets"), "{table}");
    let with_vulns = lookout(&["scan", path.to_str().unwrap(), "--no-progress"]);
    assert!(String::from_utf8_lossy(&with_vulns.stdout).contains("Total: 0 (CRITICAL"));
}

#[test]
fn ignore_file_and_vex_move_findings_to_suppressed() {
    let dir = temp_dir("policy");
    let lock = dir.join("package-lock.json");
    std::fs::write(
        &lock,
        r#"{"name":"app","version":"1.0.0","lockfileVersion":3,"requires":true,"packages":{"":{"name":"app","version":"1.0.0","dependencies":{"lodash":"4.17.15"}},"node_modules/lodash":{"version":"4.17.15","resolved":"https://registry.npmjs.org/lodash/-/lodash-4.17.15.tgz"}}}"#,
    )
    .unwrap();
    let report = scan_json(lock.to_str().unwrap(), &[]);
    let ids: BTreeSet<String> = report["vulnerabilities"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["id"].as_str().unwrap().to_string())
        .collect();
    assert!(ids.contains("GHSA-35jh-r3h4-6jhm"), "{ids:?}");
    let ignore = dir.join("ignore");
    std::fs::write(
        &ignore,
        "GHSA-35jh-r3h4-6jhm # accepted\nGHSA-p6mc-m468-83gw exp:2000-01-01\n",
    )
    .unwrap();
    let vex = dir.join("vex.json");
    std::fs::write(
        &vex,
        r#"{"@context":"https://openvex.dev/ns/v0.2.0","@id":"https://example.com/vex/1","author":"t","timestamp":"2026-01-01T00:00:00Z","version":1,
           "statements":[{"vulnerability":{"name":"GHSA-29mw-wpgm-hmr9"},"products":[{"@id":"pkg:npm/lodash@4.17.15"}],"status":"not_affected","justification":"vulnerable_code_not_in_execute_path"}]}"#,
    )
    .unwrap();
    let report = scan_json(
        lock.to_str().unwrap(),
        &[
            "--ignorefile",
            ignore.to_str().unwrap(),
            "--vex",
            vex.to_str().unwrap(),
        ],
    );
    let ids: BTreeSet<String> = report["vulnerabilities"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["id"].as_str().unwrap().to_string())
        .collect();
    assert!(
        !ids.contains("GHSA-35jh-r3h4-6jhm") && !ids.contains("GHSA-29mw-wpgm-hmr9"),
        "{ids:?}"
    );
    assert!(
        ids.contains("GHSA-p6mc-m468-83gw"),
        "an expired ignore entry must not apply: {ids:?}"
    );
    let suppressed: BTreeSet<(String, String)> = report["suppressed"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["id"].as_str().unwrap().to_string(),
                s["by"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert!(
        suppressed.contains(&("GHSA-35jh-r3h4-6jhm".into(), "ignorefile".into())),
        "{suppressed:?}"
    );
    assert!(
        suppressed.contains(&("GHSA-29mw-wpgm-hmr9".into(), "vex".into())),
        "{suppressed:?}"
    );
}

/// GitHub code scanning shows a lockfile's findings on the package's version line, where
/// the editor and the hook put them, not all on line 1.
#[test]
fn lockfile_sarif_puts_findings_on_the_package_line() {
    let dir = temp_dir("sarif-lines");
    let lock = dir.join("package-lock.json");
    std::fs::write(
        &lock,
        "{\n  \"name\": \"app\",\n  \"lockfileVersion\": 3,\n  \"packages\": {\n    \"\": {\n      \"name\": \"app\"\n    },\n    \"node_modules/lodash\": {\n      \"version\": \"4.17.15\"\n    }\n  }\n}\n",
    )
    .unwrap();
    let out = lookout(&[
        "scan",
        lock.to_str().unwrap(),
        "--format",
        "sarif",
        "--no-progress",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let sarif: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    assert!(!results.is_empty(), "lodash 4.17.15 has advisories");
    for result in results {
        assert_eq!(
            result["locations"][0]["physicalLocation"]["region"]["startLine"], 9,
            "{result}"
        );
    }
    let json = scan_json(lock.to_str().unwrap(), &[]);
    assert!(json["vulnerabilities"]
        .as_array()
        .unwrap()
        .iter()
        .all(|v| v["line"] == 9));
}

#[test]
fn an_sbom_is_rescanned_against_the_db() {
    let dir = temp_dir("sbom");
    let sbom = dir.join("bom.json");
    let out = lookout(&[
        "sbom",
        image("debian12-apps.oci.tar").to_str().unwrap(),
        "--format",
        "cyclonedx",
        "--no-progress",
        "-o",
        sbom.to_str().unwrap(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report = scan_json(sbom.to_str().unwrap(), &["--scanners", "vuln"]);
    let golden_ids: BTreeSet<&str> = include_str!("golden/debian12-apps.vulns.txt")
        .lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| l.split(' ').nth(3))
        .collect();
    let ids: BTreeSet<String> = report["vulnerabilities"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["id"].as_str().unwrap().to_string())
        .collect();
    for id in golden_ids {
        assert!(ids.contains(id), "{id} lost through the SBOM round trip");
    }
}

#[test]
fn unreadable_images_fail_with_one_line_and_exit_2() {
    let dir = temp_dir("bad");
    let png = dir.join("picture.tar");
    std::fs::write(
        &png,
        b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89",
    )
    .unwrap();
    let empty = dir.join("empty.tar");
    std::fs::write(&empty, b"").unwrap();
    let truncated = dir.join("truncated.tar");
    let whole = std::fs::read(image("alpine-synthetic.docker.tar")).unwrap();
    std::fs::write(&truncated, &whole[..whole.len() / 3]).unwrap();
    let text = dir.join("notes.tar");
    std::fs::write(&text, "just some text, not an archive\n".repeat(40)).unwrap();
    let gzipped = dir.join("image.tar.gz");
    std::fs::write(&gzipped, [0x1f, 0x8b, 0x08, 0x00, 0, 0, 0, 0, 0, 0x03]).unwrap();
    let out = lookout(&["scan", gzipped.to_str().unwrap(), "--no-progress"]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("corrupt or truncated gzip stream"));
    // A well-formed tar that holds no image: the error comes from the image layer, not the
    // tar reader, and must still say which file it is about.
    let plain_tar = dir.join("backup.tar");
    let mut builder = tar::Builder::new(Vec::new());
    let mut header = tar::Header::new_gnu();
    header.set_size(6);
    header.set_mode(0o644);
    header.set_cksum();
    builder
        .append_data(&mut header, "notes.txt", &b"hello\n"[..])
        .unwrap();
    std::fs::write(&plain_tar, builder.into_inner().unwrap()).unwrap();
    let out = lookout(&["scan", plain_tar.to_str().unwrap(), "--no-progress"]);
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("no image manifest"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for path in [
        &png,
        &empty,
        &truncated,
        &text,
        &gzipped,
        &plain_tar,
        &dir.join("missing.tar"),
    ] {
        let out = lookout(&["scan", path.to_str().unwrap(), "--no-progress"]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{}: {stderr}", path.display());
        assert!(
            stderr.contains(&*path.to_string_lossy()),
            "the error names the file: {stderr}"
        );
        assert_eq!(
            stderr.trim_end().lines().count(),
            1,
            "{}: {stderr}",
            path.display()
        );
    }
}

#[test]
fn unreadable_policy_and_db_inputs_fail_with_exit_2() {
    let dir = temp_dir("policy-bad");
    let lock = dir.join("requirements.txt");
    std::fs::write(&lock, "requests==2.19.0\n").unwrap();
    let bad_vex = dir.join("vex.json");
    std::fs::write(&bad_vex, "{ not json").unwrap();
    let bad_ignore = dir.join("ignore");
    std::fs::write(&bad_ignore, "CVE-2020-1234 exp:2020-13-45\n").unwrap();
    let bad_db = dir.join("db");
    std::fs::create_dir_all(&bad_db).unwrap();
    std::fs::write(bad_db.join("index.json"), b"\x00garbage").unwrap();
    let newer_db = dir.join("newer-db");
    std::fs::create_dir_all(&newer_db).unwrap();
    std::fs::write(newer_db.join("index.json"), r#"{"format":"lookout-vuln-db","schema":99,"built_at":"2030-01-01T00:00:00Z","ecosystems":[]}"#).unwrap();
    let target = lock.to_str().unwrap();
    for args in [
        vec!["scan", target, "--vex", bad_vex.to_str().unwrap()],
        vec![
            "scan",
            target,
            "--vex",
            dir.join("missing.json").to_str().unwrap(),
        ],
        vec!["scan", target, "--ignorefile", bad_ignore.to_str().unwrap()],
        vec!["scan", target, "--db", bad_db.to_str().unwrap()],
        vec!["scan", target, "--db", newer_db.to_str().unwrap()],
    ] {
        let out = lookout(&args);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert_eq!(stderr.trim_end().lines().count(), 1, "{args:?}: {stderr}");
    }
}

/// The package directory at run time (cargo sets it for tests), not at compile time: a
/// test binary reused from another checkout's build must read this checkout's files.
fn manifest_dir() -> String {
    std::env::var("CARGO_MANIFEST_DIR").unwrap_or_else(|_| env!("CARGO_MANIFEST_DIR").to_owned())
}

/// `docker save a b`: the first image is scanned with a warning naming the others, `--ref`
/// picks one, an unknown `--ref` fails with the tags the archive holds.
#[test]
fn ref_picks_an_image_from_an_archive_of_several() {
    let dir = temp_dir("several");
    let two = dir.join("two.tar");
    let mut archive =
        tar::Archive::new(std::fs::File::open(image("alpine-synthetic.docker.tar")).unwrap());
    let mut builder = tar::Builder::new(Vec::new());
    for entry in archive.entries().unwrap() {
        let mut entry = entry.unwrap();
        let path = entry.path().unwrap().into_owned();
        let mut data = Vec::new();
        std::io::Read::read_to_end(&mut entry, &mut data).unwrap();
        if path.as_os_str() == "manifest.json" {
            let mut manifest: serde_json::Value = serde_json::from_slice(&data).unwrap();
            let mut second = manifest[0].clone();
            second["RepoTags"] = serde_json::json!(["example/other:2"]);
            manifest.as_array_mut().unwrap().push(second);
            data = serde_json::to_vec(&manifest).unwrap();
        }
        let mut header = entry.header().clone();
        header.set_size(data.len() as u64);
        header.set_cksum();
        builder.append_data(&mut header, &path, &data[..]).unwrap();
    }
    std::fs::write(&two, builder.into_inner().unwrap()).unwrap();
    let target = two.to_str().unwrap();

    let first = scan_json(target, &[]);
    let warnings: Vec<&str> = first["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|w| w.as_str().or_else(|| w["message"].as_str()))
        .collect();
    assert!(
        warnings
            .iter()
            .any(|w| w.contains("the archive holds 2 images")
                && w.contains("pick another with --ref: example/other:2")),
        "{warnings:?}"
    );
    let picked = scan_json(target, &["--ref", "example/other:2"]);
    assert_eq!(
        picked["warnings"].as_array().map(Vec::len),
        Some(0),
        "{}",
        picked["warnings"]
    );
    assert_eq!(picked["packages"], first["packages"]);

    let out = lookout(&["scan", target, "--no-progress", "--ref", "nope:1"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert_eq!(stderr.trim_end().lines().count(), 1, "{stderr}");
    assert!(
        stderr.contains("no image tagged `nope:1`") && stderr.contains("example/other:2"),
        "{stderr}"
    );
}

/// A layer that cannot be read to its end (here: not a tar at all) is a warning in the
/// report, and the run fails with exit 2 even without `--exit-code`: a CI gate must not
/// pass an image it could not read whole (QA: the scan reported a clean image, exit 0).
#[test]
fn a_layer_that_cannot_be_read_fails_the_run() {
    let dir = temp_dir("broken-layer");
    let path = dir.join("broken.tar");
    let mut builder = tar::Builder::new(Vec::new());
    let mut add = |name: &str, data: &[u8]| {
        let mut header = tar::Header::new_gnu();
        header.set_size(data.len() as u64);
        header.set_mode(0o644);
        header.set_cksum();
        builder.append_data(&mut header, name, data).unwrap();
    };
    let garbage = vec![b'x'; 4096];
    add(
        "manifest.json",
        br#"[{"Config":"config.json","RepoTags":["broken:1"],"Layers":["l1/layer.tar"]}]"#,
    );
    add(
        "config.json",
        br#"{"architecture":"amd64","os":"linux","rootfs":{"type":"layers","diff_ids":["sha256:0000000000000000000000000000000000000000000000000000000000000000"]}}"#,
    );
    add("l1/layer.tar", &garbage);
    std::fs::write(&path, builder.into_inner().unwrap()).unwrap();
    for command in ["scan", "sbom"] {
        let out = lookout(&[
            command,
            path.to_str().unwrap(),
            "--format",
            "json",
            "--no-progress",
        ]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{command}: {stderr}");
        assert!(
            stderr.contains("layer 0 could not be read"),
            "{command}: {stderr}"
        );
        let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert!(
            !report["warnings"].as_array().unwrap().is_empty(),
            "{command}: the report says why"
        );
    }
}

/// `docker save | gzip > image.tar.gz` scans as the tar inside it does (as Trivy reads it),
/// read through decoders: nothing is written anywhere.
#[test]
fn a_gzipped_archive_scans_like_the_tar_inside() {
    use std::io::Write;
    let dir = temp_dir("gzipped");
    let plain = image("debian12-apps.docker.tar");
    let gz = dir.join("debian12-apps.docker.tar.gz");
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    encoder.write_all(&std::fs::read(&plain).unwrap()).unwrap();
    std::fs::write(&gz, encoder.finish().unwrap()).unwrap();
    let before: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    let strip = |mut report: serde_json::Value| {
        for key in ["artifact", "started_at", "finished_at", "scanned_at"] {
            if let Some(o) = report.as_object_mut() {
                if key == "artifact" {
                    o.get_mut("artifact")
                        .and_then(|a| a.as_object_mut())
                        .map(|a| a.remove("name"));
                } else {
                    o.remove(key);
                }
            }
        }
        report
    };
    let from_gz = strip(scan_json(
        gz.to_str().unwrap(),
        &["--scanners", "secret,misconfig"],
    ));
    let from_tar = strip(scan_json(
        plain.to_str().unwrap(),
        &["--scanners", "secret,misconfig"],
    ));
    assert_eq!(from_gz["packages"], from_tar["packages"]);
    assert_eq!(from_gz["secrets"], from_tar["secrets"]);
    assert_eq!(from_gz["artifact"], from_tar["artifact"]);
    assert!(
        from_gz["warnings"].as_array().unwrap().is_empty(),
        "{}",
        from_gz["warnings"]
    );
    let after: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(before, after, "nothing written beside the archive");
}
