//! DL3038: Use the `-y` switch with `dnf install` / `microdnf install`.

use super::rpm_managers::*;
use crate::dockerfile::context::Ctx;
use lookout_diagnostics::Diagnostic;

crate::declare_rule! {
    /// ## What it does
    /// Use the `-y` switch with `dnf install` / `microdnf install`.
    ///
    /// ## Why is this bad?
    /// A confirmation prompt has nobody to answer it in a build; the step fails.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN dnf install httpd-2.4.62 && dnf clean all
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// RUN dnf install -y httpd-2.4.62 && dnf clean all
    /// ```
    ///
    /// ## References
    /// - https://github.com/hadolint/hadolint/wiki/DL3038
    pub(crate) static META = {
        code: "DL3038", name: "dnf-yes", family: Dockerfile,
        severity: Warning, fix: Always, aliases: [],
    }
}

pub(crate) fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    check_yes(ctx, out, &META, &DNF);
}
