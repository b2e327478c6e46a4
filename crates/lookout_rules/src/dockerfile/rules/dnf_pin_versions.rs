//! DL3041: Flags `dnf install` packages without a version (`pkg-1.2.3`, module `name:stream`).

use super::rpm_managers::*;
use crate::dockerfile::context::Ctx;
use lookout_diagnostics::Diagnostic;

crate::declare_rule! {
    /// ## What it does
    /// Flags `dnf install` packages without a version (`pkg-1.2.3`, module `name:stream`).
    ///
    /// ## Why is this bad?
    /// Unpinned packages make builds unreproducible.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN dnf install -y httpd && dnf clean all
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// RUN dnf install -y httpd-2.4.62 && dnf clean all
    /// ```
    ///
    /// ## References
    /// - https://github.com/hadolint/hadolint/wiki/DL3041
    pub(crate) static META = {
        code: "DL3041", name: "dnf-pin-versions", family: Dockerfile,
        severity: Warning, fix: None, aliases: [],
    }
}

pub(crate) fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    check_pinned(
        ctx,
        out,
        &META,
        &DNF,
        &rpm_pinned,
        "`dnf install -y <package>-<version>`",
    );
}
