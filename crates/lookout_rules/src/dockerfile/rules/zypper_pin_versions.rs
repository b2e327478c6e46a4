//! DL3037: Flags `zypper install` packages without a version (`pkg=1.2.3`, `pkg>=1.2`).

use super::rpm_managers::*;
use crate::dockerfile::context::Ctx;
use lookout_diagnostics::Diagnostic;

crate::declare_rule! {
    /// ## What it does
    /// Flags `zypper install` packages without a version (`pkg=1.2.3`, `pkg>=1.2`).
    ///
    /// ## Why is this bad?
    /// Unpinned packages make builds unreproducible.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN zypper install -y httpd && zypper clean
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// RUN zypper install -y httpd=2.4.62 && zypper clean
    /// ```
    ///
    /// ## References
    /// - https://github.com/hadolint/hadolint/wiki/DL3037
    pub(crate) static META = {
        code: "DL3037", name: "zypper-pin-versions", family: Dockerfile,
        severity: Warning, fix: None, aliases: [],
    }
}

pub(crate) fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    check_pinned(
        ctx,
        out,
        &META,
        &ZYPPER,
        &|p, _| p.contains(['=', '>', '<']) || p.ends_with(".rpm"),
        "`zypper install -y <package>=<version>`",
    );
}
