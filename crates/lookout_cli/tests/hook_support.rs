//! Temporary git repositories for the hook tests, isolated from the user's git config.
#![allow(clippy::unwrap_used, clippy::expect_used, dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// Runs git in `repo` with a neutral identity and no global/system config.
pub fn git_output(repo: &Path, args: &[&str]) -> Output {
    Command::new("git")
        .args(args)
        .current_dir(repo)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_AUTHOR_NAME", "Lookout Test")
        .env("GIT_AUTHOR_EMAIL", "test@example.invalid")
        .env("GIT_COMMITTER_NAME", "Lookout Test")
        .env("GIT_COMMITTER_EMAIL", "test@example.invalid")
        .output()
        .expect("git runs")
}

pub fn git(repo: &Path, args: &[&str]) {
    let output = git_output(repo, args);
    assert!(
        output.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// A fresh repository with one initial commit.
pub fn temp_repo(name: &str) -> PathBuf {
    let base = std::env::temp_dir().join(format!("lookout-hook-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&base);
    let repo = base.join("repo");
    std::fs::create_dir_all(&repo).unwrap();
    git(&repo, &["init", "-q", "-b", "main"]);
    std::fs::write(repo.join("README.md"), "test\n").unwrap();
    git(&repo, &["add", "README.md"]);
    git(&repo, &["commit", "-q", "-m", "init"]);
    repo
}

/// The npm DB built from ../shared/osv into `dir` (fails plainly without ../shared).
pub fn npm_db(dir: &Path) -> PathBuf {
    let zip_path = format!("{}/../../../shared/osv/npm/all.zip", manifest_dir());
    let zip = std::fs::read(&zip_path)
        .unwrap_or_else(|e| panic!("this test needs ../shared ({zip_path}): {e}"));
    let built = lookout_vuln::build_db(&[("npm/all.zip", zip)], "2026-01-01T00:00:00Z");
    std::fs::create_dir_all(dir).unwrap();
    std::fs::write(dir.join(lookout_vuln::INDEX_FILE), &built.index).unwrap();
    for (file, bytes) in &built.shards {
        std::fs::write(dir.join(file), bytes).unwrap();
    }
    dir.to_path_buf()
}

/// The package directory at run time (cargo sets it for tests), not at compile time: a
/// test binary reused from another checkout's build must read this checkout's files.
fn manifest_dir() -> String {
    std::env::var("CARGO_MANIFEST_DIR").unwrap_or_else(|_| env!("CARGO_MANIFEST_DIR").to_owned())
}
