//! DL3036: Flags zypper installs not followed by `zypper clean` (`zypper cc`) in the same RUN.

use super::rpm_managers::*;
use crate::dockerfile::context::Ctx;
use lookout_diagnostics::Diagnostic;

crate::declare_rule! {
    /// ## What it does
    /// Flags zypper installs not followed by `zypper clean` (`zypper cc`) in the same RUN.
    ///
    /// ## Why is this bad?
    /// The package cache stays in the layer and bloats the image.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN zypper install -y httpd=2.4.62
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// RUN zypper install -y httpd=2.4.62 && zypper clean
    /// ```
    ///
    /// ## References
    /// - https://github.com/hadolint/hadolint/wiki/DL3036
    pub(crate) static META = {
        code: "DL3036", name: "zypper-clean", family: Dockerfile,
        severity: Warning, fix: None, aliases: ["DS-0020"],
    }
}

pub(crate) fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    check_cleanup(
        ctx,
        out,
        &META,
        &ZYPPER,
        &|c, tool| is_clean(c, tool, &["clean", "cc"]),
        &["/var/cache/zypp"],
        "Add `zypper clean` after the install in the same RUN",
    );
}
