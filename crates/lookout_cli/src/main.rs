//! `lookout`: the command-line face. Parses arguments, reads files, and prints what
//! `lookout_core` returns. Exit codes: 0 clean, 1 findings at or above the threshold
//! (or `--exit-code` for scan), 2 usage error or unreadable input.

mod clock;
mod cmd_db;
mod cmd_hook;
mod cmd_lint;
mod cmd_lsp;
mod cmd_rules;
mod cmd_scan;
mod config;
mod declared_lines;
mod image_source;
mod inflated_source;
mod input;
mod policy;
mod progress;
mod report;
mod stdout;
mod target;
mod text_output;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(
    name = "lookout",
    version,
    about = "Container security scanner: lint Dockerfiles and Kubernetes YAML, scan images"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Lint Dockerfiles/Containerfiles and Kubernetes YAML (folders are walked).
    Lint(cmd_lint::LintArgs),
    /// Scan an image archive, lockfile, folder or SBOM for vulnerabilities, secrets and
    /// misconfigurations.
    Scan(cmd_scan::ScanArgs),
    /// List the packages of an image, lockfile or folder (table, JSON, CycloneDX, SPDX).
    Sbom(cmd_scan::SbomArgs),
    /// Build, update and inspect the vulnerability DB.
    Db(cmd_db::DbArgs),
    /// Language server over stdio (what editors start).
    ///
    /// Exits with 0 after the client's `shutdown` and `exit`, with 1 after `exit` alone or
    /// when stdin closes first (the LSP rule for `exit`).
    Lsp(cmd_lsp::LspArgs),
    /// Install or run the git pre-commit hook that lints staged files.
    Hook(cmd_hook::HookArgs),
    /// Explain one rule (code or alias).
    Rule(cmd_rules::RuleArgs),
    /// List every rule.
    Rules(cmd_rules::RulesArgs),
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) if err.use_stderr() => {
            // One line, as for every other error: clap's reason with its possible values,
            // without the usage block.
            eprintln!("lookout: {}", usage_error_line(&err.to_string()));
            return ExitCode::from(2);
        }
        Err(err) => {
            // --help and --version.
            stdout::print(&err.to_string());
            return ExitCode::SUCCESS;
        }
    };
    let result = match cli.command {
        Command::Lint(args) => cmd_lint::run(&args),
        Command::Scan(args) => cmd_scan::run_scan(&args),
        Command::Sbom(args) => cmd_scan::run_sbom(&args),
        Command::Db(args) => cmd_db::run(args).map(|code| u8::try_from(code).unwrap_or(2)),
        Command::Lsp(args) => cmd_lsp::run(&args),
        Command::Hook(args) => cmd_hook::run(&args),
        Command::Rule(args) => cmd_rules::run_rule(&args),
        Command::Rules(args) => cmd_rules::run_rules(&args),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(err) => {
            // One line: the reason chain joined, never a backtrace.
            eprintln!("lookout: {}", one_line(&err));
            ExitCode::from(2)
        }
    }
}

/// clap's multi-line usage error as one line: `error: ` dropped, the usage block and the
/// `For more information` line left out, the rest (the reason, possible values, a tip)
/// joined.
fn usage_error_line(rendered: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    let mut in_usage = false;
    for line in rendered.lines().map(str::trim) {
        if line.starts_with("Usage:") {
            in_usage = true;
            continue;
        }
        if line.is_empty() {
            in_usage = false;
            continue;
        }
        if in_usage || line.starts_with("For more information") {
            continue;
        }
        parts.push(line.strip_prefix("error: ").unwrap_or(line));
    }
    format!("{} (see --help)", parts.join(" "))
}

/// The error chain on one line, control characters escaped (errors quote names taken
/// from archives and files).
fn one_line(err: &anyhow::Error) -> String {
    let text = format!("{err:#}").replace('\n', " ");
    lookout_report::escape_control(&text).into_owned()
}
