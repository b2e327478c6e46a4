//! LKD007: `apt-get dist-upgrade` in a Dockerfile.

use crate::dockerfile::context::Ctx;
use lookout_diagnostics::Diagnostic;

crate::declare_rule! {
    /// ## What it does
    /// Flags `apt-get dist-upgrade` / `apt full-upgrade`.
    ///
    /// ## Why is this bad?
    /// A distribution upgrade inside an image changes packages of the base image in ways
    /// its maintainers did not test; update the base image tag instead.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN apt-get update && apt-get dist-upgrade -y && rm -rf /var/lib/apt/lists/*
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM debian:12.7
    /// ```
    ///
    /// ## References
    /// - https://avd.aquasec.com/misconfig/ds024
    pub(crate) static META = {
        code: "LKD007", name: "no-dist-upgrade", family: Dockerfile,
        severity: Warning, fix: None, aliases: ["DS-0024"],
    }
}

pub(crate) fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    for (_, cmd) in ctx.commands() {
        if !matches!(cmd.name(), Some("apt-get" | "apt" | "aptitude")) {
            continue;
        }
        if let Some(sub) = cmd
            .subcommand(crate::dockerfile::packages::APT_VALUE_FLAGS)
            .filter(|s| matches!(s.text.as_str(), "dist-upgrade" | "full-upgrade"))
        {
            out.push(ctx.diag(
                &META,
                sub.range,
                format!(
                    "Avoid `{} {}`; rebuild from an updated base image instead",
                    cmd.name().unwrap_or(""),
                    sub.text
                ),
            ));
        }
    }
}
