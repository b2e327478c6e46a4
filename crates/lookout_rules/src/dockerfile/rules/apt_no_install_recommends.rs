//! DL3015: `apt-get install` without `--no-install-recommends`.

use crate::dockerfile::context::Ctx;
use crate::dockerfile::packages::{apt_get_install, insert_after};
use lookout_diagnostics::Diagnostic;

crate::declare_rule! {
    /// ## What it does
    /// Flags `apt-get install` without `--no-install-recommends` (or the equivalent
    /// `-o APT::Install-Recommends=false`).
    ///
    /// ## Why is this bad?
    /// Recommended packages are rarely needed in a container and bloat the image and its
    /// attack surface.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN apt-get install -y curl=7.88.1-10+deb12u8
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// RUN apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u8
    /// ```
    ///
    /// ## References
    /// - https://github.com/hadolint/hadolint/wiki/DL3015
    pub(crate) static META = {
        code: "DL3015", name: "apt-get-no-install-recommends", family: Dockerfile,
        severity: Info, fix: Always, aliases: ["DS-0029"],
    }
}

pub(crate) fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    for (_, cmd) in ctx.commands() {
        let Some((install, _)) = apt_get_install(cmd) else {
            continue;
        };
        let via_option = cmd.args().iter().any(|w| {
            w.text.contains("APT::Install-Recommends=false")
                || w.text.contains("APT::Install-Recommends=0")
        });
        if cmd.has_flag(&["no-install-recommends"], &[]) || via_option {
            continue;
        }
        out.push(
            ctx.diag(
                &META,
                crate::dockerfile::packages::command_head(cmd, install),
                "Avoid extra packages: use `apt-get install --no-install-recommends`",
            )
            .with_fix(insert_after(
                install,
                "--no-install-recommends",
                "Add --no-install-recommends",
            )),
        );
    }
}
