//! LKD001: base image not pinned by digest.

use crate::dockerfile::context::Ctx;
use crate::dockerfile::images::external_base_images;
use lookout_diagnostics::Diagnostic;

crate::declare_rule! {
    /// ## What it does
    /// Flags `FROM` images that are not pinned by digest (`image@sha256:…`). `scratch` and
    /// earlier stages are exempt; `ARG` defaults are resolved first.
    ///
    /// ## Why is this bad?
    /// Tags are mutable: a registry can serve different content under the same tag, so a
    /// tag alone gives neither reproducible builds nor supply-chain integrity.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.20
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM alpine:3.20@sha256:beefdbd8a1da6d2915566fde36db9db0b524eb737fc57cd1367effd16dc0d06d
    /// ```
    ///
    /// ## References
    /// - https://docs.docker.com/build/building/best-practices/#pin-base-image-versions
    pub(crate) static META = {
        code: "LKD001", name: "pin-base-image-digest", family: Dockerfile,
        severity: Warning, fix: None, aliases: [],
    }
}

pub(crate) fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    for (stage, image) in external_base_images(ctx.df) {
        if !image.is_pinned_by_digest() {
            out.push(ctx.diag(
                &META,
                stage.image.range,
                format!(
                    "Base image '{}' is not pinned by digest; append @sha256:<digest>",
                    stage.resolved_image
                ),
            ));
        }
    }
}
