//! Package-manager command shapes shared by the pinning, cache and `-y` rules.

use super::shell::{Command, ShellWord};
use lookout_diagnostics::{Edit, Fix};

/// `tool [flags] <sub> [args]` where `<sub>` is one of `subcommands`: the subcommand word
/// and the positional arguments after it.
pub fn subcommand<'c>(
    cmd: &'c Command,
    subcommands: &[&str],
    flags_with_values: &[&str],
) -> Option<(&'c ShellWord, Vec<&'c ShellWord>)> {
    let positionals = cmd.positionals(flags_with_values);
    let first = positionals.first()?;
    if !subcommands.contains(&first.text.as_str()) {
        return None;
    }
    Some((first, positionals.get(1..).unwrap_or(&[]).to_vec()))
}

/// True when `cmd` is `name` (or one of its aliases) running one of `subcommands`.
pub fn runs<'c>(
    cmd: &'c Command,
    names: &[&str],
    subcommands: &[&str],
    flags_with_values: &[&str],
) -> Option<(&'c ShellWord, Vec<&'c ShellWord>)> {
    let name = cmd.name()?;
    if !names.contains(&name) {
        return None;
    }
    subcommand(cmd, subcommands, flags_with_values)
}

pub const APT_VALUE_FLAGS: &[&str] = &[
    "-o",
    "-c",
    "-t",
    "--option",
    "--config-file",
    "--target-release",
];

/// `apt-get install …` (hadolint's rules look at `apt-get` only).
pub fn apt_get_install(cmd: &Command) -> Option<(&ShellWord, Vec<&ShellWord>)> {
    runs(cmd, &["apt-get"], &["install"], APT_VALUE_FLAGS)
}

/// `rm` removing a path under `dir`.
pub fn removes(cmd: &Command, dir: &str) -> bool {
    cmd.is("rm") && cmd.args().iter().any(|w| w.text.starts_with(dir))
}

/// From the program name to its subcommand (`apt-get install`, `pip3 install`): where a
/// finding about a missing flag points.
pub fn command_head(cmd: &Command, sub: &ShellWord) -> lookout_diagnostics::TextRange {
    cmd.words
        .first()
        .map_or(sub.range, |first| first.range.cover(sub.range))
}

/// A fix inserting ` text` right after `word`.
pub fn insert_after(word: &ShellWord, text: &str, title: &str) -> Fix {
    Fix::safe(
        title,
        vec![Edit::insert(word.range.end(), format!(" {text}"))],
    )
}

/// Message listing words (the first few, then a count).
pub fn list(words: &[&ShellWord]) -> String {
    const SHOWN: usize = 5;
    let mut text = words
        .iter()
        .take(SHOWN)
        .map(|w| w.text.as_str())
        .collect::<Vec<_>>()
        .join(", ");
    if words.len() > SHOWN {
        text.push_str(&format!(" and {} more", words.len() - SHOWN));
    }
    text
}

/// `python -m pip …` counts as pip: returns the command as if `pip` ran.
pub fn pip_command(cmd: &Command) -> Option<Command> {
    let name = cmd.name()?;
    if is_pip_name(name) {
        return Some(cmd.clone());
    }
    let is_python = name == "python" || name.starts_with("python2") || name.starts_with("python3");
    if is_python {
        let args = cmd.args();
        if args.first().is_some_and(|w| w.text == "-m")
            && args.get(1).is_some_and(|w| is_pip_name(&w.text))
        {
            return Some(Command {
                assignments: cmd.assignments.clone(),
                words: args.get(1..).unwrap_or(&[]).to_vec(),
            });
        }
    }
    None
}

fn is_pip_name(name: &str) -> bool {
    name == "pip"
        || name
            .strip_prefix("pip")
            .is_some_and(|v| !v.is_empty() && v.bytes().all(|b| b.is_ascii_digit() || b == b'.'))
}
