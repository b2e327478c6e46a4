//! DL3006: `FROM image` without a tag.

use crate::dockerfile::context::Ctx;
use crate::dockerfile::images::external_base_images;
use lookout_diagnostics::Diagnostic;

crate::declare_rule! {
    /// ## What it does
    /// Flags base images with neither a tag nor a digest (earlier stages and `scratch`
    /// excepted).
    ///
    /// ## Why is this bad?
    /// Without a tag Docker pulls `latest`, so the build changes whenever the image is
    /// republished.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM debian:12.7
    /// ```
    ///
    /// ## References
    /// - https://github.com/hadolint/hadolint/wiki/DL3006
    pub(crate) static META = {
        code: "DL3006", name: "no-untagged-image", family: Dockerfile,
        severity: Warning, fix: None, aliases: [],
    }
}

pub(crate) fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    for (stage, image) in external_base_images(ctx.df) {
        if !image.has_explicit_tag() && !image.is_pinned_by_digest() {
            out.push(ctx.diag(
                &META,
                stage.image.range,
                format!(
                    "Image '{}' has no tag, so Docker pulls 'latest'; tag the version explicitly",
                    stage.resolved_image
                ),
            ));
        }
    }
}
