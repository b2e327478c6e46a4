//! The installed hook in a real `git commit`, through the `lookout` binary: a bad staged
//! Dockerfile blocks the commit; fixing the staged copy (the working tree stays bad) lets it
//! through.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "hook_support.rs"]
mod hook_support;

use hook_support::{git, git_output, temp_repo};
use std::process::Command;

const BAD: &str = "FROM nginx:latest\n";
const FIXED: &str = "FROM nginx:1.27.3@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\nUSER nginx\n";

#[test]
fn installed_hook_blocks_then_passes_on_the_staged_copy() {
    let repo = temp_repo("commit");
    let install = Command::new(env!("CARGO_BIN_EXE_lookout"))
        .args(["hook", "install"])
        .current_dir(&repo)
        .output()
        .unwrap();
    assert!(
        install.status.success(),
        "hook install: {}",
        String::from_utf8_lossy(&install.stderr)
    );
    std::fs::write(repo.join("lookout.toml"), "fail-on = \"warning\"\n").unwrap();
    git(&repo, &["add", "lookout.toml"]);

    std::fs::write(repo.join("Dockerfile"), BAD).unwrap();
    git(&repo, &["add", "Dockerfile"]);
    let blocked = git_output(&repo, &["commit", "-m", "bad"]);
    assert!(!blocked.status.success(), "the commit went through");
    // git sends a hook's stdout to its own stderr.
    let printed = format!(
        "{}{}",
        String::from_utf8_lossy(&blocked.stdout),
        String::from_utf8_lossy(&blocked.stderr)
    );
    assert!(
        printed.contains("Dockerfile:1:6: warning[DL3007]"),
        "{printed}"
    );

    std::fs::write(repo.join("Dockerfile"), FIXED).unwrap();
    git(&repo, &["add", "Dockerfile"]);
    std::fs::write(repo.join("Dockerfile"), BAD).unwrap();
    let passed = git_output(&repo, &["commit", "-m", "fixed"]);
    assert!(
        passed.status.success(),
        "{}{}",
        String::from_utf8_lossy(&passed.stdout),
        String::from_utf8_lossy(&passed.stderr)
    );
    let committed = git_output(&repo, &["show", "HEAD:Dockerfile"]);
    assert_eq!(String::from_utf8_lossy(&committed.stdout), FIXED);
}
