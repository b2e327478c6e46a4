//! `lookout db update` against a local HTTP server on 127.0.0.1 serving OSV exports
//! (the real `all.zip` files from ../shared/osv): success, 404, truncated download,
//! corrupt zip. After every failure the previous DB must still be there and read.
#![allow(clippy::unwrap_used, clippy::expect_used, dead_code)]

#[path = "../src/clock.rs"]
mod clock;
#[path = "../src/cmd_db.rs"]
mod cmd_db;
#[path = "../src/stdout.rs"]
mod stdout;

use cmd_db::{open_db_dir, update_db, UpdateOptions};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::Arc;

fn shared_osv() -> PathBuf {
    let dir = PathBuf::from(format!("{}/../../../shared/osv", manifest_dir()));
    assert!(
        dir.is_dir(),
        "this test needs ../shared beside the repository (OSV exports); not found at {}",
        dir.display()
    );
    dir
}

/// How the server answers one path.
#[derive(Clone)]
enum Reply {
    Ok(Vec<u8>),
    NotFound,
    /// Announces the full length, sends half, closes.
    Truncated(Vec<u8>),
}

/// Serves `routes` (`/Ecosystem/all.zip` → reply) until the process ends.
fn serve(routes: Vec<(String, Reply)>) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let routes = Arc::new(routes);
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let routes = Arc::clone(&routes);
            std::thread::spawn(move || answer(stream, &routes));
        }
    });
    format!("http://{addr}")
}

fn answer(mut stream: TcpStream, routes: &[(String, Reply)]) {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut request_line = String::new();
    reader.read_line(&mut request_line).unwrap();
    let path = request_line
        .split_whitespace()
        .nth(1)
        .unwrap_or("/")
        .to_owned();
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header).unwrap_or(0) == 0 || header == "\r\n" {
            break;
        }
    }
    let reply = routes
        .iter()
        .find(|(p, _)| *p == path)
        .map(|(_, r)| r.clone())
        .unwrap_or(Reply::NotFound);
    let _ = match reply {
        Reply::Ok(body) => {
            let head = format!("HTTP/1.1 200 OK\r\nContent-Length: {}\r\nContent-Type: application/zip\r\nConnection: close\r\n\r\n", body.len());
            stream
                .write_all(head.as_bytes())
                .and_then(|()| stream.write_all(&body))
        }
        Reply::NotFound => stream.write_all(
            b"HTTP/1.1 404 Not Found\r\nContent-Length: 9\r\nConnection: close\r\n\r\nnot found",
        ),
        Reply::Truncated(body) => {
            let head = format!(
                "HTTP/1.1 200 OK\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                body.len()
            );
            stream
                .write_all(head.as_bytes())
                .and_then(|()| stream.write_all(&body[..body.len() / 2]))
        }
    };
    let _ = stream.flush();
    let _ = stream.shutdown(std::net::Shutdown::Both);
}

fn temp_dir(tag: &str) -> PathBuf {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    let dir = std::env::temp_dir().join(format!(
        "lookout-db-update-{tag}-{}-{nanos}",
        std::process::id()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn update(
    mirror: &str,
    ecosystems: &[&str],
    target: &Path,
) -> anyhow::Result<cmd_db::UpdateSummary> {
    update_db(&UpdateOptions {
        mirror: mirror.to_owned(),
        ecosystems: ecosystems.iter().map(|s| (*s).to_owned()).collect(),
        target: target.to_path_buf(),
        progress: false,
    })
}

/// Snapshot of every file in the DB directory (name → bytes).
fn files_of(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let path = e.unwrap().path();
            let mut bytes = Vec::new();
            std::fs::File::open(&path)
                .unwrap()
                .read_to_end(&mut bytes)
                .unwrap();
            (
                path.file_name().unwrap().to_string_lossy().into_owned(),
                bytes,
            )
        })
        .collect();
    files.sort();
    files
}

fn lodash_matches(dir: &Path) -> usize {
    let db = open_db_dir(dir, &["npm"]).unwrap();
    db.match_package(&lookout_vuln::Query {
        ecosystem: "npm",
        name: "lodash",
        version: "4.17.4",
        source_name: None,
        source_version: None,
    })
    .len()
}

fn no_staging_left(parent: &Path) {
    let leftovers: Vec<String> = std::fs::read_dir(parent)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("staging"))
        .collect();
    assert!(
        leftovers.is_empty(),
        "staging directories left behind: {leftovers:?}"
    );
}

struct Fixture {
    mirror: String,
    parent: PathBuf,
    target: PathBuf,
}

/// A DB installed by a successful update of npm, and a server that also knows the
/// failing routes.
fn fixture(tag: &str) -> Fixture {
    let osv = shared_osv();
    let npm = std::fs::read(osv.join("npm/all.zip")).unwrap();
    let crates = std::fs::read(osv.join("crates.io/all.zip")).unwrap();
    let mut corrupt = npm.clone();
    // Keep the zip signature but destroy the central directory at the end.
    let len = corrupt.len();
    for b in &mut corrupt[len - 200..] {
        *b = 0x5a;
    }
    let mirror = serve(vec![
        ("/npm/all.zip".to_owned(), Reply::Ok(npm.clone())),
        ("/crates.io/all.zip".to_owned(), Reply::Ok(crates)),
        ("/Truncated/all.zip".to_owned(), Reply::Truncated(npm)),
        ("/Corrupt/all.zip".to_owned(), Reply::Ok(corrupt)),
        (
            "/Html/all.zip".to_owned(),
            Reply::Ok(b"<html>maintenance</html>".to_vec()),
        ),
    ]);
    let parent = temp_dir(tag);
    let target = parent.join("db");
    let summary = update(&mirror, &["npm"], &target).unwrap();
    assert!(summary.advisories > 400, "{summary:?}");
    Fixture {
        mirror,
        parent,
        target,
    }
}

#[test]
fn success_installs_a_readable_db_and_keeps_other_ecosystems() {
    let f = fixture("ok");
    assert!(
        lodash_matches(&f.target) > 0,
        "lodash 4.17.4 has known advisories"
    );
    // A second update of another ecosystem keeps npm.
    update(&f.mirror, &["crates.io"], &f.target).unwrap();
    let db = open_db_dir(&f.target, &[]).unwrap();
    let names: Vec<&str> = db
        .index()
        .ecosystems
        .iter()
        .map(|e| e.name.as_str())
        .collect();
    assert_eq!(names, ["crates.io", "npm"]);
    assert!(lodash_matches(&f.target) > 0);
    // A third update of npm replaces its shard; the old file is removed.
    update(&f.mirror, &["npm"], &f.target).unwrap();
    let shard_files = files_of(&f.target)
        .into_iter()
        .filter(|(n, _)| n.ends_with(".json.gz"))
        .count();
    assert_eq!(
        shard_files,
        2,
        "{:?}",
        files_of(&f.target)
            .iter()
            .map(|(n, _)| n.clone())
            .collect::<Vec<_>>()
    );
    no_staging_left(&f.parent);
    std::fs::remove_dir_all(&f.parent).unwrap();
}

#[test]
fn failures_leave_the_old_db_untouched() {
    let f = fixture("fail");
    let before = files_of(&f.target);
    for (ecosystem, expected) in [
        ("Missing", "404"),
        ("Truncated", "cut short"),
        ("Corrupt", "not a usable OSV export"),
        ("Html", "not a usable OSV export"),
    ] {
        let err = update(&f.mirror, &["npm", ecosystem], &f.target).unwrap_err();
        let message = format!("{err:#}");
        assert!(message.contains(expected), "{ecosystem}: {message}");
        assert_eq!(files_of(&f.target), before, "{ecosystem}: the DB changed");
        assert!(
            lodash_matches(&f.target) > 0,
            "{ecosystem}: the old DB no longer reads"
        );
        no_staging_left(&f.parent);
    }
    // An unreachable mirror fails the same way.
    let err = update("http://127.0.0.1:9", &["npm"], &f.target).unwrap_err();
    assert!(format!("{err:#}").contains("cannot download"), "{err:#}");
    assert_eq!(files_of(&f.target), before);
    std::fs::remove_dir_all(&f.parent).unwrap();
}

#[test]
fn build_from_folders_and_zips_then_info() {
    let osv = shared_osv();
    let parent = temp_dir("build");
    let records = parent.join("records/nested");
    std::fs::create_dir_all(&records).unwrap();
    std::fs::write(
        records.join("X-1.json"),
        br#"{"id": "X-1", "affected": [{"package": {"ecosystem": "npm", "name": "x"}, "ranges": [{"type": "SEMVER", "events": [{"introduced": "0"}]}]}]}"#,
    )
    .unwrap();
    std::fs::write(records.join("broken.json"), b"{").unwrap();
    let out = parent.join("out");
    let summary =
        cmd_db::build_from_paths(&[parent.join("records"), osv.join("npm/all.zip")], &out).unwrap();
    assert_eq!(summary.inputs, 3);
    assert_eq!(summary.warnings.len(), 1);
    assert!(
        summary.warnings[0].contains("broken.json"),
        "{:?}",
        summary.warnings
    );
    assert!(lodash_matches(&out) > 0);
    // Rebuilding into the same directory replaces it.
    cmd_db::build_from_paths(&[parent.join("records")], &out).unwrap();
    let db = open_db_dir(&out, &[]).unwrap();
    assert_eq!(db.index().ecosystems[0].advisories, 1);
    let err = cmd_db::build_from_paths(&[parent.join("nothing-here")], &out).unwrap_err();
    assert!(format!("{err:#}").contains("cannot read"), "{err:#}");
    std::fs::remove_dir_all(&parent).unwrap();
}

#[test]
fn export_urls_escape_spaces() {
    assert_eq!(
        cmd_db::export_url("https://m.example/", "Rocky Linux"),
        "https://m.example/Rocky%20Linux/all.zip"
    );
}

/// The lookup order documented on `default_db_dir`. Environment changes are confined
/// to this one test (no other test reads these variables).
#[test]
fn default_db_dir_prefers_env_then_updated_then_bundled() {
    let home = temp_dir("lookup");
    std::env::set_var("XDG_CACHE_HOME", &home);
    std::env::remove_var("LOOKOUT_DB");
    // Nothing updated yet: the snapshot bundled in the source tree.
    let bundled = cmd_db::default_db_dir();
    assert!(
        bundled.join("index.json").is_file(),
        "{}",
        bundled.display()
    );
    assert!(bundled.ends_with("db"), "{}", bundled.display());
    // An updated DB in the cache wins over the bundled one.
    let cache_db = home.join("lookout/db");
    std::fs::create_dir_all(&cache_db).unwrap();
    std::fs::copy(bundled.join("index.json"), cache_db.join("index.json")).unwrap();
    assert_eq!(cmd_db::default_db_dir(), cache_db);
    assert_eq!(cmd_db::update_target_dir(), cache_db);
    // $LOOKOUT_DB wins over everything.
    std::env::set_var("LOOKOUT_DB", home.join("elsewhere"));
    assert_eq!(cmd_db::default_db_dir(), home.join("elsewhere"));
    std::env::remove_var("LOOKOUT_DB");
    std::fs::remove_dir_all(&home).unwrap();
}

#[derive(clap::Parser, Debug)]
#[command(name = "lookout-db")]
struct TestCli {
    #[command(flatten)]
    db: cmd_db::DbArgs,
}

/// The clap definitions are valid and read the documented command lines; `info`
/// runs on the bundled snapshot.
#[test]
fn command_lines_parse_and_info_runs() {
    use clap::{CommandFactory, Parser};
    TestCli::command().debug_assert();
    let cli =
        TestCli::try_parse_from(["lookout-db", "build", "--from", "a", "b", "--out", "o"]).unwrap();
    match cli.db.command {
        cmd_db::DbCommand::Build { from, out } => {
            assert_eq!(from, [PathBuf::from("a"), PathBuf::from("b")]);
            assert_eq!(out, PathBuf::from("o"));
        }
        other => panic!("{other:?}"),
    }
    let cli = TestCli::try_parse_from([
        "lookout-db",
        "update",
        "--ecosystem",
        "npm",
        "--ecosystem",
        "Rocky Linux",
        "--db",
        "d",
    ])
    .unwrap();
    match cli.db.command {
        cmd_db::DbCommand::Update {
            mirror,
            ecosystems,
            db,
        } => {
            assert_eq!(mirror, cmd_db::DEFAULT_MIRROR);
            assert_eq!(ecosystems, ["npm", "Rocky Linux"]);
            assert_eq!(db, Some(PathBuf::from("d")));
        }
        other => panic!("{other:?}"),
    }
    assert!(
        TestCli::try_parse_from(["lookout-db", "build", "--out", "o"]).is_err(),
        "--from is required"
    );
    let bundled = PathBuf::from(format!("{}/../../db", manifest_dir()));
    for format in ["text", "json"] {
        let cli = TestCli::try_parse_from([
            "lookout-db",
            "info",
            "--db",
            bundled.to_str().unwrap(),
            "--format",
            format,
        ])
        .unwrap();
        assert_eq!(cmd_db::run(cli.db).unwrap(), 0);
    }
    let cli =
        TestCli::try_parse_from(["lookout-db", "info", "--db", "/nonexistent/lookout-db"]).unwrap();
    let err = cmd_db::run(cli.db).unwrap_err();
    assert!(
        format!("{err:#}").contains("no vulnerability DB at"),
        "{err:#}"
    );
}

/// The package directory at run time (cargo sets it for tests), not at compile time: a
/// test binary reused from another checkout's build must read this checkout's files.
fn manifest_dir() -> String {
    std::env::var("CARGO_MANIFEST_DIR").unwrap_or_else(|_| env!("CARGO_MANIFEST_DIR").to_owned())
}
