//! DL3032: Flags `yum install` not followed by `yum clean all` (or removing `/var/cache/yum`) in the same RUN.

use super::rpm_managers::*;
use crate::dockerfile::context::Ctx;
use lookout_diagnostics::Diagnostic;

crate::declare_rule! {
    /// ## What it does
    /// Flags `yum install` not followed by `yum clean all` (or removing `/var/cache/yum`) in the same RUN.
    ///
    /// ## Why is this bad?
    /// The package cache stays in the layer and bloats the image.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN yum install -y httpd-2.4.62
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// RUN yum install -y httpd-2.4.62 && yum clean all
    /// ```
    ///
    /// ## References
    /// - https://github.com/hadolint/hadolint/wiki/DL3032
    pub(crate) static META = {
        code: "DL3032", name: "yum-clean-all", family: Dockerfile,
        severity: Warning, fix: None, aliases: ["DS-0015"],
    }
}

pub(crate) fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    check_cleanup(
        ctx,
        out,
        &META,
        &YUM,
        &|c, tool| is_clean(c, tool, &["clean"]) || removes_any(c, &["/var/cache/yum"]),
        &["/var/cache/yum"],
        "Add `yum clean all` after `yum install` in the same RUN",
    );
}
