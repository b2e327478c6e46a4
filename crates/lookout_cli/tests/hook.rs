//! The pre-commit hook's check in a temporary git repository: it reads the STAGED copy
//! of each file from the index, so a bad staged Dockerfile blocks even when the working
//! tree is fine, and a fixed staged copy passes even when the working tree is still bad.
#![allow(clippy::unwrap_used, clippy::expect_used, dead_code)]

#[path = "../src/clock.rs"]
mod clock;
#[path = "../src/cmd_db.rs"]
mod cmd_db;
#[path = "../src/cmd_hook.rs"]
mod cmd_hook;
#[path = "../src/stdout.rs"]
mod stdout;

#[path = "hook_support.rs"]
mod hook_support;

use hook_support::{git, npm_db, temp_repo};

const BAD: &str = "FROM nginx:latest\nADD app.py /app/\n";
const GOOD: &str = "FROM nginx:1.27.3@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\nCOPY app.py /app/\nUSER nginx\n";

#[test]
fn staged_copy_decides_not_the_working_tree() {
    let repo = temp_repo("staged");
    std::fs::write(repo.join("Dockerfile"), BAD).unwrap();
    git(&repo, &["add", "Dockerfile"]);
    // The working tree is fixed, the index is not: still blocked.
    std::fs::write(repo.join("Dockerfile"), GOOD).unwrap();
    let outcome = cmd_hook::run_hook(&repo, Some("warning"), None, &[]).unwrap();
    assert!(outcome.blocked, "{}", outcome.report);
    assert!(
        outcome.report.contains("Dockerfile:1:6: warning[DL3007]"),
        "{}",
        outcome.report
    );
    assert!(
        outcome.report.contains("commit blocked"),
        "{}",
        outcome.report
    );

    // Stage the fixed copy, then break the working tree again: passes.
    git(&repo, &["add", "Dockerfile"]);
    std::fs::write(repo.join("Dockerfile"), BAD).unwrap();
    let outcome = cmd_hook::run_hook(&repo, Some("warning"), None, &[]).unwrap();
    assert!(!outcome.blocked, "{}", outcome.report);
    assert!(!outcome.report.contains("DL3007"), "{}", outcome.report);
    assert_eq!(outcome.checked, vec!["Dockerfile".to_string()]);
}

#[test]
fn staged_lookout_toml_and_manifests_and_file_filter() {
    let repo = temp_repo("config");
    std::fs::create_dir_all(repo.join("k8s")).unwrap();
    std::fs::write(
        repo.join("k8s/pod.yaml"),
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: web\n      image: nginx:1.27\n      securityContext:\n        privileged: true\n",
    )
    .unwrap();
    std::fs::write(repo.join("notes.yaml"), "title: not kubernetes\n").unwrap();
    git(&repo, &["add", "k8s/pod.yaml", "notes.yaml"]);
    let outcome = cmd_hook::run_hook(&repo, None, None, &[]).unwrap();
    assert!(outcome.blocked);
    assert!(
        outcome.report.contains("k8s/pod.yaml:10:9: error[LKK002]"),
        "{}",
        outcome.report
    );
    assert_eq!(
        outcome.checked,
        vec!["k8s/pod.yaml".to_string()],
        "plain YAML is skipped"
    );

    // Only the staged lookout.toml counts: an unstaged one changes nothing.
    std::fs::write(
        repo.join("lookout.toml"),
        "disable = [\"KSV-0017\"]\nfail-on = \"error\"\n",
    )
    .unwrap();
    assert!(cmd_hook::run_hook(&repo, None, None, &[]).unwrap().blocked);
    git(&repo, &["add", "lookout.toml"]);
    let outcome = cmd_hook::run_hook(&repo, None, None, &[]).unwrap();
    assert!(!outcome.report.contains("LKK002"), "{}", outcome.report);
    assert!(!outcome.blocked, "{}", outcome.report);

    // The pre-commit framework passes file names: others are not checked.
    std::fs::write(repo.join("Dockerfile"), BAD).unwrap();
    git(&repo, &["add", "Dockerfile"]);
    let outcome =
        cmd_hook::run_hook(&repo, Some("error"), None, &["k8s/pod.yaml".to_string()]).unwrap();
    assert_eq!(outcome.checked, vec!["k8s/pod.yaml".to_string()]);
}

/// The staged `.hadolint.yaml` applies as `lookout lint` applies it on disk; a staged
/// `lookout.toml` further up wins over it.
#[test]
fn staged_hadolint_yaml_applies_unless_a_lookout_toml_is_above() {
    let repo = temp_repo("hadolint");
    std::fs::create_dir_all(repo.join("app")).unwrap();
    std::fs::write(
        repo.join("app/Dockerfile"),
        "FROM nginx:latest
USER nginx
",
    )
    .unwrap();
    git(&repo, &["add", "app/Dockerfile"]);
    let blocked = |repo: &std::path::Path| {
        let outcome = cmd_hook::run_hook(repo, Some("warning"), None, &[]).unwrap();
        (outcome.blocked, outcome.report)
    };
    let (is_blocked, report) = blocked(&repo);
    assert!(is_blocked && report.contains("DL3007"), "{report}");

    std::fs::write(
        repo.join("app/.hadolint.yaml"),
        "ignored:\n  - DL3007\n  - LKD001\n",
    )
    .unwrap();
    git(&repo, &["add", "app/.hadolint.yaml"]);
    let (is_blocked, report) = blocked(&repo);
    assert!(!is_blocked && !report.contains("DL3007"), "{report}");

    std::fs::write(repo.join("lookout.toml"), "fail-on = \"warning\"\n").unwrap();
    git(&repo, &["add", "lookout.toml"]);
    let (is_blocked, report) = blocked(&repo);
    assert!(is_blocked && report.contains("DL3007"), "{report}");
}

/// A relative `db` in a staged `lookout.toml` is relative to that file's folder, wherever
/// the hook runs from (git runs it at the top; this test process runs elsewhere).
#[test]
fn staged_lookout_toml_db_path_is_relative_to_the_file() {
    let repo = temp_repo("relative-db");
    npm_db(&repo.join("tools/db"));
    std::fs::create_dir_all(repo.join("svc")).unwrap();
    let lock = "{\n  \"name\": \"app\",\n  \"lockfileVersion\": 3,\n  \"packages\": {\n    \"node_modules/lodash\": {\n      \"version\": \"4.17.15\"\n    }\n  }\n}\n";
    std::fs::write(repo.join("svc/package-lock.json"), lock).unwrap();
    std::fs::write(repo.join("svc/lookout.toml"), "db = \"../tools/db\"\n").unwrap();
    git(&repo, &["add", "svc/package-lock.json", "svc/lookout.toml"]);
    let outcome = cmd_hook::run_hook(&repo, Some("warning"), None, &[]).unwrap();
    assert!(outcome.blocked, "{}{}", outcome.warnings, outcome.report);
    assert!(
        outcome.report.contains("lodash 4.17.15: "),
        "{}",
        outcome.report
    );
}

#[test]
fn staged_lockfile_with_vulnerable_dependency_blocks() {
    let repo = temp_repo("lockfile");
    let db = npm_db(&repo.join("../lockfile-db"));
    let lock = "{\n  \"name\": \"app\",\n  \"lockfileVersion\": 3,\n  \"packages\": {\n    \"node_modules/lodash\": {\n      \"version\": \"4.17.15\"\n    }\n  }\n}\n";
    std::fs::write(repo.join("package-lock.json"), lock).unwrap();
    git(&repo, &["add", "package-lock.json"]);
    let outcome = cmd_hook::run_hook(&repo, Some("warning"), Some(&db), &[]).unwrap();
    assert!(outcome.blocked, "{}", outcome.report);
    assert!(
        outcome
            .report
            .contains("package-lock.json:6:19: error[GHSA-"),
        "{}",
        outcome.report
    );
    assert!(
        outcome.report.contains("lodash 4.17.15: "),
        "{}",
        outcome.report
    );

    // Without a DB the lockfile is reported as not checked, and the commit is not blocked.
    let missing = repo.join("../no-such-db");
    let outcome = cmd_hook::run_hook(&repo, Some("warning"), Some(&missing), &[]).unwrap();
    assert!(!outcome.blocked);
    assert!(
        outcome
            .warnings
            .contains("package-lock.json not checked for vulnerabilities"),
        "{}",
        outcome.warnings
    );
}

#[test]
fn install_refuses_a_foreign_hook_without_force() {
    let repo = temp_repo("install");
    let hooks = repo.join(".git/hooks");
    std::fs::create_dir_all(&hooks).unwrap();
    std::fs::write(hooks.join("pre-commit"), "#!/bin/sh\necho mine\n").unwrap();
    let err = cmd_hook::install(&repo, false).unwrap_err();
    assert!(format!("{err:#}").contains("--force"), "{err:#}");
    assert_eq!(
        std::fs::read_to_string(hooks.join("pre-commit")).unwrap(),
        "#!/bin/sh\necho mine\n"
    );

    let path = cmd_hook::install(&repo, true).unwrap();
    let script = std::fs::read_to_string(&path).unwrap();
    assert!(
        script.contains(cmd_hook::HOOK_MARKER) && script.contains("hook run"),
        "{script}"
    );
    assert_eq!(
        std::fs::read_to_string(hooks.join("pre-commit.lookout-backup")).unwrap(),
        "#!/bin/sh\necho mine\n"
    );
    // Our own hook is replaced without --force.
    cmd_hook::install(&repo, false).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(
            std::fs::metadata(&path).unwrap().permissions().mode() & 0o111,
            0o111
        );
    }
}

/// `pre-commit run --all-files` names tracked files that have no staged change: they are
/// checked from the index. A name that is not in the index is an error, not a pass.
#[test]
fn named_files_are_checked_from_the_index_even_when_unchanged() {
    let repo = temp_repo("named");
    std::fs::write(repo.join("Dockerfile"), BAD).unwrap();
    git(&repo, &["add", "Dockerfile"]);
    git(&repo, &["commit", "--no-verify", "-q", "-m", "base"]);
    let named = ["Dockerfile".to_string()];
    let outcome = cmd_hook::run_hook(&repo, Some("warning"), None, &named).unwrap();
    assert!(outcome.blocked, "{}", outcome.report);
    assert!(
        outcome.report.contains("warning[DL3007]"),
        "{}",
        outcome.report
    );
    let nothing_staged = cmd_hook::run_hook(&repo, Some("warning"), None, &[]).unwrap();
    assert!(!nothing_staged.blocked && nothing_staged.checked.is_empty());

    let err = cmd_hook::run_hook(&repo, None, None, &["nonexist.txt".to_string()]).unwrap_err();
    assert!(
        format!("{err:#}").contains("not in the git index"),
        "{err:#}"
    );
}

#[cfg(unix)]
#[test]
fn a_staged_symlink_is_skipped_and_a_non_utf8_dockerfile_blocks() {
    let repo = temp_repo("links");
    std::fs::create_dir_all(repo.join("real")).unwrap();
    std::fs::write(repo.join("real/Dockerfile"), GOOD).unwrap();
    std::os::unix::fs::symlink("real/Dockerfile", repo.join("Containerfile")).unwrap();
    git(&repo, &["add", "real/Dockerfile", "Containerfile"]);
    let outcome = cmd_hook::run_hook(&repo, Some("warning"), None, &[]).unwrap();
    assert!(!outcome.blocked, "{}", outcome.report);
    assert_eq!(outcome.checked, vec!["real/Dockerfile".to_string()]);

    std::fs::write(repo.join("api.Dockerfile"), b"FROM nginx\n\xff\xfe\n").unwrap();
    git(&repo, &["add", "api.Dockerfile"]);
    let outcome = cmd_hook::run_hook(&repo, Some("error"), None, &[]).unwrap();
    assert!(outcome.blocked, "{}", outcome.report);
    assert!(
        outcome.report.contains("api.Dockerfile: error: not UTF-8"),
        "{}",
        outcome.report
    );
}
