//! DL3033: Flags `yum install` packages without a version (`pkg-1.2.3`, module `name:stream`).

use super::rpm_managers::*;
use crate::dockerfile::context::Ctx;
use lookout_diagnostics::Diagnostic;

crate::declare_rule! {
    /// ## What it does
    /// Flags `yum install` packages without a version (`pkg-1.2.3`, module `name:stream`).
    ///
    /// ## Why is this bad?
    /// Unpinned packages make builds unreproducible.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN yum install -y httpd && yum clean all
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// RUN yum install -y httpd-2.4.62 && yum clean all
    /// ```
    ///
    /// ## References
    /// - https://github.com/hadolint/hadolint/wiki/DL3033
    pub(crate) static META = {
        code: "DL3033", name: "yum-pin-versions", family: Dockerfile,
        severity: Warning, fix: None, aliases: [],
    }
}

pub(crate) fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    check_pinned(
        ctx,
        out,
        &META,
        &YUM,
        &rpm_pinned,
        "`yum install -y <package>-<version>`",
    );
}
