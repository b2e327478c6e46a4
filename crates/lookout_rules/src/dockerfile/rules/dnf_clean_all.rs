//! DL3040: Flags `dnf`/`microdnf` installs not followed by `dnf clean all` (or removing the dnf cache) in the same RUN.

use super::rpm_managers::*;
use crate::dockerfile::context::Ctx;
use lookout_diagnostics::Diagnostic;

crate::declare_rule! {
    /// ## What it does
    /// Flags `dnf`/`microdnf` installs not followed by `dnf clean all` (or removing the dnf cache) in the same RUN.
    ///
    /// ## Why is this bad?
    /// The package cache stays in the layer and bloats the image.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN dnf install -y httpd-2.4.62
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// RUN dnf install -y httpd-2.4.62 && dnf clean all
    /// ```
    ///
    /// ## References
    /// - https://github.com/hadolint/hadolint/wiki/DL3040
    pub(crate) static META = {
        code: "DL3040", name: "dnf-clean-all", family: Dockerfile,
        severity: Warning, fix: None, aliases: ["DS-0019"],
    }
}

pub(crate) fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    check_cleanup(
        ctx,
        out,
        &META,
        &DNF,
        &|c, tool| {
            is_clean(c, tool, &["clean"])
                || removes_any(
                    c,
                    &["/var/cache/yum", "/var/cache/dnf", "/var/cache/libdnf5"],
                )
        },
        &["/var/cache/libdnf5", "/var/cache/dnf", "/var/cache/yum"],
        "Add `dnf clean all` after the install in the same RUN",
    );
}
