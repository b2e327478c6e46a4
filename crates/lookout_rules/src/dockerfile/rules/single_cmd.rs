//! DL4003: Flags more than one `CMD` in a stage.

use crate::dockerfile::context::Ctx;
use lookout_diagnostics::Diagnostic;

crate::declare_rule! {
    /// ## What it does
    /// Flags more than one `CMD` in a stage.
    ///
    /// ## Why is this bad?
    /// Only the last one applies; the others mislead readers.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.20
    /// CMD ["a"]
    /// CMD ["b"]
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM alpine:3.20
    /// CMD ["b"]
    /// ```
    ///
    /// ## References
    /// - https://github.com/hadolint/hadolint/wiki/DL4003
    pub(crate) static META = {
        code: "DL4003", name: "single-cmd", family: Dockerfile,
        severity: Warning, fix: None, aliases: ["DS-0016"],
    }
}

pub(crate) fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    super::once_per_stage::check(
        ctx,
        out,
        &META,
        lookout_syntax::dockerfile::InstructionKind::Cmd,
    );
}
