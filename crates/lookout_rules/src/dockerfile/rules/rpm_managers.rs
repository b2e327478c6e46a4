//! Shared logic of the yum / dnf / zypper rules: install detection, `-y`, cleanup
//! after install, version pinning.

use crate::dockerfile::context::{Ctx, Run};
use crate::dockerfile::packages::{insert_after, list, removes};
use crate::dockerfile::shell::{Command, ShellWord};
use crate::RuleMeta;
use lookout_diagnostics::Diagnostic;

/// One package manager family.
pub(crate) struct Manager {
    pub names: &'static [&'static str],
    pub installs: &'static [&'static str],
    pub value_flags: &'static [&'static str],
    pub yes_long: &'static [&'static str],
    pub yes_short: &'static [char],
    pub yes_text: &'static str,
}

pub(crate) const YUM: Manager = Manager {
    names: &["yum"],
    installs: &["install", "groupinstall", "localinstall", "reinstall"],
    value_flags: &[
        "-c",
        "--config",
        "--installroot",
        "--enablerepo",
        "--disablerepo",
        "--releasever",
        "-d",
        "-e",
        "--setopt",
    ],
    yes_long: &["assumeyes"],
    yes_short: &['y'],
    yes_text: "-y",
};

pub(crate) const DNF: Manager = Manager {
    names: &["dnf", "microdnf", "dnf5"],
    installs: &[
        "install",
        "in",
        "upgrade",
        "up",
        "upgrade-minimal",
        "up-min",
        "reinstall",
        "rei",
    ],
    value_flags: &[
        "-c",
        "--config",
        "--installroot",
        "--enablerepo",
        "--disablerepo",
        "--releasever",
        "--setopt",
        "-x",
        "--exclude",
    ],
    yes_long: &["assumeyes"],
    yes_short: &['y'],
    yes_text: "-y",
};

pub(crate) const ZYPPER: Manager = Manager {
    names: &["zypper"],
    installs: &[
        "install",
        "in",
        "remove",
        "rm",
        "source-install",
        "si",
        "patch",
        "update",
        "up",
        "dist-upgrade",
        "dup",
    ],
    value_flags: &[
        "-r", "--repo", "-c", "--config", "--root", "-R", "--from", "-t", "--type",
    ],
    yes_long: &["non-interactive", "no-confirm"],
    yes_short: &['n', 'y'],
    yes_text: "-y",
};

impl Manager {
    /// `(subcommand word, positional args after it)` when `cmd` installs with this manager.
    /// `module install` and `group install` report their own subcommand.
    pub fn install<'c>(&self, cmd: &'c Command) -> Option<(&'c ShellWord, Vec<&'c ShellWord>)> {
        if !cmd.name().is_some_and(|n| self.names.contains(&n)) {
            return None;
        }
        let positionals = cmd.positionals(self.value_flags);
        let first = positionals.first()?;
        let (sub, rest_from) = if matches!(first.text.as_str(), "module" | "group" | "groups") {
            (positionals.get(1)?, 2)
        } else {
            (first, 1)
        };
        self.installs
            .contains(&sub.text.as_str())
            .then(|| (*sub, positionals.get(rest_from..).unwrap_or(&[]).to_vec()))
    }

    pub fn is_module(cmd: &Command) -> bool {
        cmd.positionals(&[])
            .first()
            .is_some_and(|w| w.text == "module")
    }

    pub fn is_group(cmd: &Command) -> bool {
        cmd.positionals(&[])
            .first()
            .is_some_and(|w| w.text.starts_with("group"))
            || cmd
                .positionals(&[])
                .first()
                .is_some_and(|w| w.text == "groupinstall")
    }
}

/// `-y` missing.
pub(crate) fn check_yes(
    ctx: &Ctx<'_>,
    out: &mut Vec<Diagnostic>,
    meta: &RuleMeta,
    manager: &Manager,
) {
    for (_, cmd) in ctx.commands() {
        let Some((sub, _)) = manager.install(cmd) else {
            continue;
        };
        if cmd.has_flag(manager.yes_long, manager.yes_short) {
            continue;
        }
        let tool = cmd.name().unwrap_or("");
        out.push(
            ctx.diag(
                meta,
                crate::dockerfile::packages::command_head(cmd, sub),
                format!(
                    "Use `{tool} {} {}` to avoid waiting for confirmation",
                    sub.text, manager.yes_text
                ),
            )
            .with_fix(insert_after(
                sub,
                manager.yes_text,
                &format!("Add {}", manager.yes_text),
            )),
        );
    }
}

/// An install not followed by a cleanup in the same RUN (nor a cache mount).
pub(crate) fn check_cleanup(
    ctx: &Ctx<'_>,
    out: &mut Vec<Diagnostic>,
    meta: &RuleMeta,
    manager: &Manager,
    is_cleanup: &dyn Fn(&Command, &str) -> bool,
    cache_dirs: &[&str],
    advice: &str,
) {
    for run in &ctx.runs {
        if cache_dirs.iter().any(|d| run.has_cache_mount(d)) {
            continue;
        }
        if let Some(cmd) = uncleaned_install(run, manager, is_cleanup) {
            out.push(ctx.diag(meta, cmd.range(), advice.to_string()));
        }
    }
}

fn uncleaned_install<'r>(
    run: &'r Run<'_>,
    manager: &Manager,
    is_cleanup: &dyn Fn(&Command, &str) -> bool,
) -> Option<&'r Command> {
    let (index, cmd) = run
        .script
        .commands
        .iter()
        .enumerate()
        .rev()
        .find(|(_, c)| manager.install(c).is_some())?;
    let tool = cmd.name().unwrap_or("");
    let cleaned = run
        .script
        .commands
        .iter()
        .skip(index + 1)
        .any(|c| is_cleanup(c, tool));
    (!cleaned).then_some(cmd)
}

/// `rm -rf <dir>` for any of `dirs`.
pub(crate) fn removes_any(cmd: &Command, dirs: &[&str]) -> bool {
    dirs.iter().any(|d| removes(cmd, d))
}

/// `tool clean all` / `zypper cc`, run by the same tool that installed.
pub(crate) fn is_clean(cmd: &Command, tool: &str, words: &[&str]) -> bool {
    cmd.name() == Some(tool)
        && cmd
            .positionals(&[])
            .first()
            .is_some_and(|w| words.contains(&w.text.as_str()))
}

/// Version pinning: every package must satisfy `pinned`.
pub(crate) fn check_pinned(
    ctx: &Ctx<'_>,
    out: &mut Vec<Diagnostic>,
    meta: &RuleMeta,
    manager: &Manager,
    pinned: &dyn Fn(&str, bool) -> bool,
    example: &str,
) {
    for run in &ctx.runs {
        let mut unpinned = Vec::new();
        for cmd in &run.script.commands {
            let Some((sub, pkgs)) = manager.install(cmd) else {
                continue;
            };
            if Manager::is_group(cmd) {
                continue;
            }
            if !matches!(sub.text.as_str(), "install" | "in") {
                continue;
            }
            let module = Manager::is_module(cmd);
            unpinned.extend(
                pkgs.into_iter()
                    .filter(|p| !p.text.starts_with('$') && !pinned(&p.text, module)),
            );
        }
        if let Some(first) = unpinned.first() {
            out.push(ctx.diag(
                meta,
                first.range,
                format!("Specify versions ({example}): {}", list(&unpinned)),
            ));
        }
    }
}

/// `name-1.2`, `name-1:1.2` (a dash followed by a digit), or a local `.rpm`.
pub(crate) fn rpm_pinned(pkg: &str, module: bool) -> bool {
    if module {
        return pkg.contains(':');
    }
    pkg.ends_with(".rpm")
        || pkg
            .as_bytes()
            .windows(2)
            .any(|w| w[0] == b'-' && w[1].is_ascii_digit())
}
