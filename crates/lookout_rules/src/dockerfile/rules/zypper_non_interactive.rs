//! DL3034: Use a non-interactive switch (`-n`, `-y`, `--non-interactive`) with zypper.

use super::rpm_managers::*;
use crate::dockerfile::context::Ctx;
use lookout_diagnostics::Diagnostic;

crate::declare_rule! {
    /// ## What it does
    /// Use a non-interactive switch (`-n`, `-y`, `--non-interactive`) with zypper.
    ///
    /// ## Why is this bad?
    /// A confirmation prompt has nobody to answer it in a build; the step fails.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN zypper install httpd=2.4.62 && zypper clean
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// RUN zypper install -y httpd=2.4.62 && zypper clean
    /// ```
    ///
    /// ## References
    /// - https://github.com/hadolint/hadolint/wiki/DL3034
    pub(crate) static META = {
        code: "DL3034", name: "zypper-non-interactive", family: Dockerfile,
        severity: Warning, fix: Always, aliases: [],
    }
}

pub(crate) fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    check_yes(ctx, out, &META, &ZYPPER);
}
