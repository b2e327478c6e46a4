//! DL3001: Flags commands that make no sense in a build: `ssh`, `vim`, `shutdown`, `service`, `ps`, `free`, `top`, `kill`, `mount`, `ifconfig`.

use crate::dockerfile::context::Ctx;
use lookout_diagnostics::Diagnostic;

crate::declare_rule! {
    /// ## What it does
    /// Flags commands that make no sense in a build: `ssh`, `vim`, `shutdown`, `service`, `ps`, `free`, `top`, `kill`, `mount`, `ifconfig`.
    ///
    /// ## Why is this bad?
    /// They need a terminal, a running system or an init: in a build they fail or do nothing.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN top
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// RUN apt-get install -y --no-install-recommends procps=2:4.0.2-3
    /// ```
    ///
    /// ## References
    /// - https://github.com/hadolint/hadolint/wiki/DL3001
    pub(crate) static META = {
        code: "DL3001", name: "no-interactive-commands", family: Dockerfile,
        severity: Info, fix: None, aliases: [],
    }
}

const COMMANDS: &[&str] = &[
    "ssh", "vim", "shutdown", "service", "ps", "free", "top", "kill", "mount", "ifconfig",
];

pub(crate) fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    for (_, cmd) in ctx.commands() {
        if let Some(name) = cmd.name().filter(|n| COMMANDS.contains(n)) {
            out.push(ctx.diag(
                &META,
                cmd.range(),
                format!("`{name}` makes no sense inside a container build"),
            ));
        }
    }
}
