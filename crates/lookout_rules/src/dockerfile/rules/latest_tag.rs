//! DL3007: `FROM image:latest`.

use crate::dockerfile::context::Ctx;
use crate::dockerfile::images::external_base_images;
use lookout_diagnostics::Diagnostic;

crate::declare_rule! {
    /// ## What it does
    /// Flags base images pulled with the `latest` tag, written or coming from an `ARG`
    /// default.
    ///
    /// ## Why is this bad?
    /// `latest` moves: the same Dockerfile builds a different image tomorrow, and a
    /// breaking or vulnerable release slips in unnoticed.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:latest
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM debian:12.7
    /// ```
    ///
    /// ## References
    /// - https://github.com/hadolint/hadolint/wiki/DL3007
    pub(crate) static META = {
        code: "DL3007", name: "no-latest-tag", family: Dockerfile,
        severity: Warning, fix: None, aliases: ["DS-0001"],
    }
}

pub(crate) fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    for (stage, image) in external_base_images(ctx.df) {
        if image.tag.as_deref() == Some("latest") && !image.is_pinned_by_digest() {
            out.push(ctx.diag(
                &META,
                stage.image.range,
                format!(
                    "Image '{}' uses the 'latest' tag; pin a specific version",
                    stage.resolved_image
                ),
            ));
        }
    }
}
