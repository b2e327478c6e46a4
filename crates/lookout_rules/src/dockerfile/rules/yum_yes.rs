//! DL3030: Use the `-y` switch with `yum install`.

use super::rpm_managers::*;
use crate::dockerfile::context::Ctx;
use lookout_diagnostics::Diagnostic;

crate::declare_rule! {
    /// ## What it does
    /// Use the `-y` switch with `yum install`.
    ///
    /// ## Why is this bad?
    /// A confirmation prompt has nobody to answer it in a build; the step fails.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN yum install httpd-2.4.62 && yum clean all
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// RUN yum install -y httpd-2.4.62 && yum clean all
    /// ```
    ///
    /// ## References
    /// - https://github.com/hadolint/hadolint/wiki/DL3030
    pub(crate) static META = {
        code: "DL3030", name: "yum-yes", family: Dockerfile,
        severity: Warning, fix: Always, aliases: [],
    }
}

pub(crate) fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    check_yes(ctx, out, &META, &YUM);
}
