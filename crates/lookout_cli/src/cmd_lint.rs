//! `lookout lint [PATH…]`: walks folders (respecting .gitignore), lints Dockerfiles by
//! name and Kubernetes YAML by content, prints findings, and sets the exit code.

use std::path::{Path, PathBuf};

use anyhow::{bail, Result};
use clap::{Args, ValueEnum};
use lookout_core::document::{is_dockerfile_name, is_manifest_name};
use lookout_core::{DocumentKind, LintResult};
use lookout_diagnostics::Severity;

use crate::config::ConfigCache;
use crate::{input, text_output};

#[derive(Args)]
pub struct LintArgs {
    /// Files or folders to lint (default: the current folder); `-` reads stdin.
    pub paths: Vec<PathBuf>,
    /// The file name stdin stands for (decides Dockerfile or Kubernetes YAML).
    #[arg(long)]
    pub stdin_filename: Option<String>,
    #[arg(long, value_enum, default_value_t = LintFormat::Text)]
    pub format: LintFormat,
    /// Exit 1 when a finding is at or above this severity (default: the config's `fail-on`,
    /// else `info`).
    #[arg(long, value_enum)]
    pub fail_on: Option<FailOn>,
    /// Use this lookout.toml or .hadolint.yaml instead of searching upward.
    #[arg(long)]
    pub config: Option<PathBuf>,
    /// Write the report to FILE instead of stdout.
    #[arg(long, short)]
    pub output: Option<PathBuf>,
    /// Only print the summary line (text format).
    #[arg(long, short)]
    pub quiet: bool,
    /// Colour the text output: auto (on a terminal, unless NO_COLOR), always, never.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum LintFormat {
    Text,
    Json,
    Sarif,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum FailOn {
    Error,
    Warning,
    Info,
    Style,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

impl From<FailOn> for Severity {
    fn from(value: FailOn) -> Self {
        match value {
            FailOn::Error => Self::Error,
            FailOn::Warning => Self::Warning,
            FailOn::Info => Self::Info,
            FailOn::Style => Self::Style,
        }
    }
}

/// One linted document, kept with its text for rendering.
pub struct LintedFile {
    pub path: String,
    pub text: String,
    pub result: LintResult,
    pub fail_on: Severity,
}

pub fn run(args: &LintArgs) -> Result<u8> {
    let mut configs = ConfigCache::with_explicit(args.config.as_deref())?;
    let mut linted = Vec::new();
    let mut errors = Vec::new();
    let paths = if args.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        args.paths.clone()
    };
    for path in &paths {
        if path.as_os_str() == "-" {
            let name = args
                .stdin_filename
                .clone()
                .unwrap_or_else(|| "Dockerfile".to_string());
            let text = input::read_stdin()?;
            let settings = configs.for_dir(Path::new("."))?;
            let kind = forced_kind(&name, &text);
            let result = lookout_core::lint::lint_as(&text, kind, &settings);
            linted.push(LintedFile {
                path: name,
                text,
                result,
                fail_on: fail_threshold(args, &settings),
            });
            continue;
        }
        if !path.exists() {
            bail!("{}: no such file or folder", path.display());
        }
        if path.is_dir() {
            collect_folder(path, &mut configs, args, &mut linted, &mut errors);
        } else {
            match lint_file(path, true, &mut configs, args) {
                Ok(Some(file)) => linted.push(file),
                Ok(None) => {}
                Err(err) => errors.push(format!("{err:#}")),
            }
        }
    }
    let report = text_output::render(&linted, args)?;
    match &args.output {
        Some(out) => std::fs::write(out, report)
            .map_err(|e| anyhow::anyhow!("cannot write {}: {e}", out.display()))?,
        None => crate::stdout::print(&report),
    }
    for error in &errors {
        let error = error.replace('\n', " ");
        eprintln!("lookout: {}", lookout_report::escape_control(&error));
    }
    if !errors.is_empty() {
        return Ok(2);
    }
    let failed = linted.iter().any(|f| f.result.fails(f.fail_on));
    Ok(u8::from(failed))
}

fn fail_threshold(args: &LintArgs, settings: &lookout_core::Settings) -> Severity {
    args.fail_on
        .map(Severity::from)
        .or(settings.fail_on)
        .unwrap_or(Severity::Info)
}

/// A file named on the command line is linted even when its name is unusual: a
/// Kubernetes object by its content (`pod.json`, `manifest.txt`), YAML and JSON that are
/// not manifests not at all, anything else as a Dockerfile (as hadolint does).
fn forced_kind(name: &str, text: &str) -> DocumentKind {
    if is_dockerfile_name(name) {
        DocumentKind::Dockerfile
    } else if lookout_syntax::k8s::looks_like_kubernetes(text) {
        DocumentKind::Kubernetes
    } else if is_manifest_name(name) {
        DocumentKind::Other
    } else {
        DocumentKind::Dockerfile
    }
}

fn lint_file(
    path: &Path,
    named: bool,
    configs: &mut ConfigCache,
    args: &LintArgs,
) -> Result<Option<LintedFile>> {
    let display = path.display().to_string();
    let by_name = is_dockerfile_name(&display) || is_manifest_name(&display);
    if !named && !by_name {
        return Ok(None);
    }
    let text = input::read_text_file(path)?;
    let kind = if named {
        forced_kind(&display, &text)
    } else {
        lookout_core::document::detect(&display, &text)
    };
    if kind == DocumentKind::Other {
        return Ok(None);
    }
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let settings = configs.for_dir(dir)?;
    let result = lookout_core::lint::lint_as(&text, kind, &settings);
    let display = display.strip_prefix("./").unwrap_or(&display).to_string();
    Ok(Some(LintedFile {
        path: display,
        text,
        result,
        fail_on: fail_threshold(args, &settings),
    }))
}

fn collect_folder(
    root: &Path,
    configs: &mut ConfigCache,
    args: &LintArgs,
    linted: &mut Vec<LintedFile>,
    errors: &mut Vec<String>,
) {
    let walker = ignore::WalkBuilder::new(root)
        .hidden(false)
        .git_ignore(true)
        .require_git(false)
        .filter_entry(|e| e.file_name() != ".git")
        .sort_by_file_path(Path::cmp)
        .build();
    for entry in walker {
        match entry {
            Ok(entry) if entry.file_type().is_some_and(|t| t.is_file()) => {
                match lint_file(entry.path(), false, configs, args) {
                    Ok(Some(file)) => linted.push(file),
                    Ok(None) => {}
                    Err(err) => errors.push(format!("{err:#}")),
                }
            }
            Ok(_) => {}
            Err(err) => errors.push(err.to_string()),
        }
    }
}
