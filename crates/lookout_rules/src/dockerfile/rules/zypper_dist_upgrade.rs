//! DL3035: `zypper dist-upgrade` in a Dockerfile.

use crate::dockerfile::context::Ctx;
use lookout_diagnostics::Diagnostic;

crate::declare_rule! {
    /// ## What it does
    /// Flags `zypper dist-upgrade` / `zypper dup`.
    ///
    /// ## Why is this bad?
    /// A distribution upgrade inside an image changes the base image in untested ways;
    /// use a newer base image instead.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN zypper dist-upgrade -y
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM opensuse/leap:15.6
    /// ```
    ///
    /// ## References
    /// - https://github.com/hadolint/hadolint/wiki/DL3035
    pub(crate) static META = {
        code: "DL3035", name: "zypper-no-dist-upgrade", family: Dockerfile,
        severity: Warning, fix: None, aliases: [],
    }
}

pub(crate) fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    for (_, cmd) in ctx.commands() {
        if !cmd.is("zypper") {
            continue;
        }
        if let Some(sub) = cmd
            .subcommand(super::rpm_managers::ZYPPER.value_flags)
            .filter(|s| s.text == "dist-upgrade" || s.text == "dup")
        {
            out.push(ctx.diag(
                &META,
                sub.range,
                "Do not use `zypper dist-upgrade`; use a newer base image",
            ));
        }
    }
}
