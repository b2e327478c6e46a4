//! DL3012: Flags more than one `HEALTHCHECK` in a stage.

use crate::dockerfile::context::Ctx;
use lookout_diagnostics::Diagnostic;

crate::declare_rule! {
    /// ## What it does
    /// Flags more than one `HEALTHCHECK` in a stage.
    ///
    /// ## Why is this bad?
    /// Only the last one applies; the others mislead readers.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.20
    /// HEALTHCHECK CMD /bin/check-a
    /// HEALTHCHECK CMD /bin/check-b
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM alpine:3.20
    /// HEALTHCHECK CMD /bin/check-b
    /// ```
    ///
    /// ## References
    /// - https://github.com/hadolint/hadolint/wiki/DL3012
    pub(crate) static META = {
        code: "DL3012", name: "single-healthcheck", family: Dockerfile,
        severity: Error, fix: None, aliases: ["DS-0023"],
    }
}

pub(crate) fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    super::once_per_stage::check(
        ctx,
        out,
        &META,
        lookout_syntax::dockerfile::InstructionKind::Healthcheck,
    );
}
