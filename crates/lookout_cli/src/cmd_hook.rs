//! `lookout hook install|run`: a git pre-commit hook that lints what is about to be
//! committed — the STAGED copy of each staged Dockerfile and Kubernetes manifest, read from
//! the index (`git show :path`), never the working tree — and checks staged lockfiles
//! against the vulnerability DB. Findings at or above `fail-on` block the commit.
//!
//! Self-contained (external crates plus `crate::cmd_db`) so `tests/hook.rs` can include it.

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{bail, Context, Result};
use lookout_core::deps::{
    check_dependency_file, ecosystems_in, is_dependency_file, rating_label, DependencyFinding,
};
use lookout_core::{nearest_config, DocumentKind, Settings};
use lookout_diagnostics::{LineIndex, PositionEncoding, Severity, TextRange};
use lookout_vuln::Rating;

/// First line after the shebang of every hook this command writes; how `install`
/// recognises its own hook (and refuses to replace anyone else's without `--force`).
pub const HOOK_MARKER: &str = "# lookout pre-commit hook";

/// Git pre-commit hook: install it, or run it on the staged files.
#[derive(clap::Args, Debug)]
pub struct HookArgs {
    #[command(subcommand)]
    pub command: HookCommand,
}

#[derive(clap::Subcommand, Debug)]
pub enum HookCommand {
    /// Write .git/hooks/pre-commit (or core.hooksPath) running `lookout hook run`.
    Install {
        /// Replace an existing pre-commit hook that Lookout did not write (it is kept
        /// as pre-commit.lookout-backup).
        #[arg(long)]
        force: bool,
    },
    /// Lint the staged versions of staged files (what the hook runs; also the entry of
    /// the pre-commit framework, which passes file names).
    Run {
        /// Block at or above this severity: error, warning, info, style (default: the
        /// staged lookout.toml's `fail-on`, else info). Vulnerable dependencies count as
        /// error (CRITICAL/HIGH), warning (MEDIUM) or info (LOW/UNKNOWN).
        #[arg(long)]
        fail_on: Option<String>,
        /// Vulnerability DB directory (default: as `lookout scan`).
        #[arg(long)]
        db: Option<PathBuf>,
        /// Only these files (each must be staged); default: every staged file.
        files: Vec<String>,
    },
}

pub fn run(args: &HookArgs) -> Result<u8> {
    let cwd = std::env::current_dir().context("cannot read the current directory")?;
    match &args.command {
        HookCommand::Install { force } => {
            let path = install(&cwd, *force)?;
            crate::stdout::print(&format!(
                "lookout: installed the pre-commit hook at {}\n",
                path.display()
            ));
            Ok(0)
        }
        HookCommand::Run { fail_on, db, files } => {
            let outcome = run_hook(&cwd, fail_on.as_deref(), db.as_deref(), files)?;
            crate::stdout::print(&outcome.report);
            if !outcome.warnings.is_empty() {
                eprint!("{}", outcome.warnings);
            }
            Ok(u8::from(outcome.blocked))
        }
    }
}

/// Writes the hook into the repository holding `dir`; returns its path.
pub fn install(dir: &Path, force: bool) -> Result<PathBuf> {
    let hook = PathBuf::from(
        git_text(
            dir,
            &[
                "rev-parse",
                "--path-format=absolute",
                "--git-path",
                "hooks/pre-commit",
            ],
        )?
        .trim(),
    );
    if let Ok(existing) = std::fs::read_to_string(&hook) {
        if !existing.contains(HOOK_MARKER) {
            if !force {
                bail!("{} exists and was not written by lookout; rerun with --force to replace it (it is kept as pre-commit.lookout-backup)", hook.display());
            }
            std::fs::rename(&hook, hook.with_file_name("pre-commit.lookout-backup"))
                .with_context(|| format!("cannot back up {}", hook.display()))?;
        }
    }
    if let Some(parent) = hook.parent() {
        std::fs::create_dir_all(parent)
            .with_context(|| format!("cannot create {}", parent.display()))?;
    }
    let exe = std::env::current_exe().context("cannot locate the lookout executable")?;
    std::fs::write(&hook, hook_script(&exe))
        .with_context(|| format!("cannot write {}", hook.display()))?;
    make_executable(&hook)?;
    Ok(hook)
}

/// The hook prefers the binary that installed it, then `lookout` on PATH (the binary may
/// have moved since, e.g. after an upgrade).
fn hook_script(exe: &Path) -> String {
    let exe = exe.display().to_string().replace('\'', "'\\''");
    format!(
        "#!/bin/sh\n{HOOK_MARKER} (written by `lookout hook install`; reinstall to update)\n\
         LOOKOUT='{exe}'\n\
         [ -x \"$LOOKOUT\" ] || LOOKOUT=lookout\n\
         exec \"$LOOKOUT\" hook run\n"
    )
}

#[cfg(unix)]
fn make_executable(path: &Path) -> Result<()> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755))
        .with_context(|| format!("cannot chmod {}", path.display()))
}

#[cfg(not(unix))]
fn make_executable(_: &Path) -> Result<()> {
    Ok(())
}

/// What a hook run found.
#[derive(Debug, Default)]
pub struct HookOutcome {
    /// Findings in the text format, then a summary line.
    pub report: String,
    /// Problems that did not block (no DB for lockfiles, unreadable config).
    pub warnings: String,
    /// True when some finding is at or above the threshold.
    pub blocked: bool,
    /// Staged files that were checked.
    pub checked: Vec<String>,
}

/// Checks the staged files of the repository holding `dir`.
pub fn run_hook(
    dir: &Path,
    fail_on: Option<&str>,
    db_dir: Option<&Path>,
    only: &[String],
) -> Result<HookOutcome> {
    let top = PathBuf::from(git_text(dir, &["rev-parse", "--show-toplevel"])?.trim());
    let modes = index_modes(&top)?;
    // Files named (by pre-commit, `--all-files` included) are checked from the index
    // whether or not they differ from HEAD; without names, the staged changes are.
    let wanted: Vec<String> = if only.is_empty() {
        staged_paths(&top)?
    } else {
        let named: Vec<String> = only
            .iter()
            .map(|p| p.trim_start_matches("./").replace('\\', "/"))
            .collect();
        if let Some(missing) = named.iter().find(|p| !modes.contains_key(*p)) {
            bail!("{missing} is not in the git index (stage it with `git add` first)");
        }
        named
    };
    // A symlink's blob is its target's path and a submodule has none: neither is text
    // of its own to check.
    let wanted: Vec<String> = wanted
        .into_iter()
        .filter(|p| modes.get(p).is_none_or(|m| m.starts_with("100")))
        .collect();
    let configs = indexed_config_files(&top)?;
    let mut outcome = HookOutcome::default();
    let mut counts = [0usize; 4];
    for path in wanted {
        let is_lint_target = lookout_core::document::is_dockerfile_name(&path)
            || lookout_core::document::is_manifest_name(&path);
        if !is_lint_target && !is_dependency_file(&path) {
            continue;
        }
        let Some(text) = staged_text(&top, &path)? else {
            // As `lookout lint` refuses it: a file named like one we check that is not
            // text blocks the commit rather than passing unchecked.
            let _ = writeln!(
                outcome.report,
                "{path}: error: not UTF-8 text, so it cannot be checked"
            );
            counts[Severity::Error as usize] += 1;
            outcome.blocked = true;
            outcome.checked.push(path);
            continue;
        };
        let (settings, problem) = staged_settings(&top, &configs, &path);
        if let Some(problem) = problem {
            let _ = writeln!(outcome.warnings, "lookout: {problem}");
        }
        let threshold = match fail_on {
            Some(level) => Severity::parse(level)
                .with_context(|| format!("--fail-on: unknown severity `{level}`"))?,
            None => settings.fail_on.unwrap_or(Severity::Info),
        };
        if is_dependency_file(&path) {
            let ecosystems = ecosystems_in(&path, &text);
            if ecosystems.is_empty() {
                outcome.checked.push(path);
                continue;
            }
            let ecosystem_refs: Vec<&str> = ecosystems.iter().map(String::as_str).collect();
            let dir = db_dir
                .map(Path::to_path_buf)
                .or_else(|| settings.db.clone().map(PathBuf::from))
                .unwrap_or_else(crate::cmd_db::default_db_dir);
            match crate::cmd_db::open_db_dir(&dir, &ecosystem_refs) {
                Ok(db) => {
                    for finding in &check_dependency_file(&path, &text, &db) {
                        let severity = dependency_severity(finding.severity);
                        counts[severity as usize] += 1;
                        outcome.blocked |= severity.at_least(threshold);
                        write_dependency_finding(
                            &mut outcome.report,
                            &path,
                            &text,
                            finding,
                            severity,
                        );
                    }
                }
                Err(err) => {
                    // A missing DB must not make every commit fail; say so once per file.
                    let _ = writeln!(
                        outcome.warnings,
                        "lookout: {path} not checked for vulnerabilities: {err:#}"
                    );
                }
            }
        } else {
            let result = lookout_core::lint(&text, &path, &settings);
            if result.kind == DocumentKind::Other {
                continue;
            }
            for finding in &result.findings {
                counts[finding.severity as usize] += 1;
                write_lint_finding(&mut outcome.report, &path, &text, finding);
            }
            outcome.blocked |= result.fails(threshold);
        }
        outcome.checked.push(path);
    }
    let total: usize = counts.iter().sum();
    let _ = writeln!(
        outcome.report,
        "{total} finding{} ({} error, {} warning, {} info, {} style) in {} staged file{}{}",
        if total == 1 { "" } else { "s" },
        counts[0],
        counts[1],
        counts[2],
        counts[3],
        outcome.checked.len(),
        if outcome.checked.len() == 1 { "" } else { "s" },
        if outcome.blocked {
            "; commit blocked (fix the staged files, or bypass with `git commit --no-verify`)"
        } else {
            ""
        }
    );
    Ok(outcome)
}

/// Critical and high advisories are errors, medium a warning, the rest info.
fn dependency_severity(rating: Rating) -> Severity {
    match rating {
        Rating::Critical | Rating::High => Severity::Error,
        Rating::Medium => Severity::Warning,
        Rating::Low | Rating::Unknown => Severity::Info,
    }
}

/// Paths (relative to the top level) added, copied, modified or renamed in the index.
fn staged_paths(top: &Path) -> Result<Vec<String>> {
    let output = git_bytes(
        top,
        &[
            "diff",
            "--cached",
            "--name-only",
            "-z",
            "--diff-filter=ACMR",
        ],
    )?;
    Ok(output
        .split(|b| *b == 0)
        .filter(|p| !p.is_empty())
        .map(|p| String::from_utf8_lossy(p).into_owned())
        .collect())
}

/// Every path in the index with its mode (`100644`, `100755`, `120000` for a symlink,
/// `160000` for a submodule).
fn index_modes(top: &Path) -> Result<HashMap<String, String>> {
    let output = git_bytes(top, &["ls-files", "-s", "-z"])?;
    Ok(output
        .split(|b| *b == 0)
        .filter_map(|entry| {
            let entry = String::from_utf8_lossy(entry);
            let (meta, path) = entry.split_once('\t')?;
            let mode = meta.split(' ').next()?;
            Some((path.to_string(), mode.to_string()))
        })
        .collect())
}

/// The staged blob of `path` as text; `None` for binary content.
fn staged_text(top: &Path, path: &str) -> Result<Option<String>> {
    let bytes = git_bytes(top, &["cat-file", "blob", &format!(":{path}")])?;
    Ok(String::from_utf8(bytes).ok())
}

/// Settings from the STAGED configuration that applies to `path` (the commit is checked
/// with the configuration it will contain): the nearest `lookout.toml` above it, else the
/// nearest `.hadolint.yaml`, as `lookout lint` finds them on disk. `configs` are the
/// configuration files in the index.
fn staged_settings(
    top: &Path,
    configs: &HashSet<String>,
    path: &str,
) -> (Settings, Option<String>) {
    let dirs = Path::new(path).ancestors().skip(1);
    let staged_path = |dir: &Path, name: &str| {
        if dir.as_os_str().is_empty() {
            name.to_string()
        } else {
            format!("{}/{name}", dir.display())
        }
    };
    let Some((dir, name)) =
        nearest_config(dirs, |dir, name| configs.contains(&staged_path(dir, name)))
    else {
        return (Settings::default(), None);
    };
    let candidate = staged_path(dir, name);
    match git_bytes(top, &["cat-file", "blob", &format!(":{candidate}")]) {
        Ok(bytes) => match Settings::from_config_file(name, &String::from_utf8_lossy(&bytes)) {
            Ok(mut settings) => {
                settings.resolve_relative_to(&top.join(dir));
                (settings, None)
            }
            Err(err) => (Settings::default(), Some(format!("{candidate}: {err}"))),
        },
        Err(err) => (Settings::default(), Some(format!("{candidate}: {err}"))),
    }
}

/// The configuration files in the index (paths relative to the top level). A pathspec's
/// `*` crosses folders, so this lists every staged `lookout.toml` and `.hadolint.y*ml`
/// without listing a big repository's whole index.
fn indexed_config_files(top: &Path) -> Result<HashSet<String>> {
    let mut args = vec!["ls-files", "-z", "--cached", "--"];
    let patterns: Vec<String> = lookout_core::CONFIG_FILE_NAMES
        .iter()
        .flat_map(|names| names.iter().map(|name| format!("*{name}")))
        .collect();
    args.extend(patterns.iter().map(String::as_str));
    let output = git_bytes(top, &args)?;
    Ok(output
        .split(|b| *b == 0)
        .filter(|p| !p.is_empty())
        .map(|p| String::from_utf8_lossy(p).into_owned())
        .collect())
}

fn git_bytes(dir: &Path, args: &[&str]) -> Result<Vec<u8>> {
    let output = Command::new("git")
        .args(args)
        .current_dir(dir)
        .output()
        .context("cannot run git")?;
    if !output.status.success() {
        bail!(
            "git {}: {}",
            args.join(" "),
            String::from_utf8_lossy(&output.stderr).trim()
        );
    }
    Ok(output.stdout)
}

fn git_text(dir: &Path, args: &[&str]) -> Result<String> {
    Ok(String::from_utf8_lossy(&git_bytes(dir, args)?).into_owned())
}

fn write_lint_finding(out: &mut String, path: &str, text: &str, finding: &lookout_core::Finding) {
    let index = LineIndex::new(text);
    let start = index.line_col(
        text,
        finding.diagnostic.range.start(),
        PositionEncoding::Chars,
    );
    let _ = writeln!(
        out,
        "{path}:{}:{}: {}[{}] {}",
        start.line + 1,
        start.col + 1,
        finding.severity,
        finding.rule.code,
        finding.diagnostic.message
    );
    write_snippet(out, text, &index, finding.diagnostic.range);
    if let Some(fix) = &finding.diagnostic.fix {
        let kind = match fix.applicability {
            lookout_diagnostics::Applicability::Safe => "fix",
            lookout_diagnostics::Applicability::Unsafe => "unsafe fix",
        };
        let _ = writeln!(out, "   = {kind}: {}", fix.title);
    }
}

fn write_dependency_finding(
    out: &mut String,
    path: &str,
    text: &str,
    finding: &DependencyFinding,
    severity: Severity,
) {
    let index = LineIndex::new(text);
    let start = index.line_col(text, finding.range.start(), PositionEncoding::Chars);
    let code = finding
        .ids
        .first()
        .map_or("vulnerable-dependency", String::as_str);
    let _ = writeln!(
        out,
        "{path}:{}:{}: {severity}[{code}] {}",
        start.line + 1,
        start.col + 1,
        finding.message()
    );
    write_snippet(out, text, &index, finding.range);
    let _ = writeln!(out, "   = severity {}", rating_label(finding.severity));
}

/// The finding's first line with a caret under its range, as `lookout lint` prints it.
fn write_snippet(out: &mut String, text: &str, index: &LineIndex, range: TextRange) {
    let line = index.line_of(range.start());
    let Some(line_range) = index.line_range(text, line) else {
        return;
    };
    let source: String = text
        .get(line_range.start()..line_range.end())
        .unwrap_or("")
        .chars()
        .take(200)
        .collect();
    let number = (line + 1).to_string();
    let gutter = " ".repeat(number.len());
    let start_col = index
        .line_col(text, range.start(), PositionEncoding::Chars)
        .col as usize;
    let end = range.end().min(line_range.end()).max(range.start());
    let end_col = index.line_col(text, end, PositionEncoding::Chars).col as usize;
    let width = end_col.saturating_sub(start_col).max(1);
    let _ = writeln!(out, "{gutter} |");
    let _ = writeln!(out, "{number} | {source}");
    if start_col < 200 {
        let _ = writeln!(
            out,
            "{gutter} | {}{}",
            " ".repeat(start_col),
            "^".repeat(width.min(200 - start_col))
        );
    }
}
