//! DL4004: Flags more than one `ENTRYPOINT` in a stage.

use crate::dockerfile::context::Ctx;
use lookout_diagnostics::Diagnostic;

crate::declare_rule! {
    /// ## What it does
    /// Flags more than one `ENTRYPOINT` in a stage.
    ///
    /// ## Why is this bad?
    /// Only the last one applies; the others mislead readers.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.20
    /// ENTRYPOINT ["a"]
    /// ENTRYPOINT ["b"]
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM alpine:3.20
    /// ENTRYPOINT ["b"]
    /// ```
    ///
    /// ## References
    /// - https://github.com/hadolint/hadolint/wiki/DL4004
    pub(crate) static META = {
        code: "DL4004", name: "single-entrypoint", family: Dockerfile,
        severity: Error, fix: None, aliases: ["DS-0007"],
    }
}

pub(crate) fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    super::once_per_stage::check(
        ctx,
        out,
        &META,
        lookout_syntax::dockerfile::InstructionKind::Entrypoint,
    );
}
