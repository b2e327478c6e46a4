//! DL3061: Flags instructions other than `ARG` before the first `FROM`.

use crate::dockerfile::context::Ctx;
use lookout_diagnostics::Diagnostic;

crate::declare_rule! {
    /// ## What it does
    /// Flags instructions other than `ARG` before the first `FROM`.
    ///
    /// ## Why is this bad?
    /// BuildKit rejects them: only `ARG` may precede `FROM`.
    ///
    /// ## Example
    /// ```dockerfile
    /// LABEL team=platform
    /// FROM alpine:3.20
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM alpine:3.20
    /// LABEL team=platform
    /// ```
    ///
    /// ## References
    /// - https://github.com/hadolint/hadolint/wiki/DL3061
    pub(crate) static META = {
        code: "DL3061", name: "from-first", family: Dockerfile,
        severity: Error, fix: None, aliases: [],
    }
}

use lookout_syntax::dockerfile::InstructionKind;

pub(crate) fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    let Some(first_from) = ctx
        .df
        .instructions
        .iter()
        .position(|i| i.kind == InstructionKind::From)
    else {
        return;
    };
    if let Some(ins) = ctx
        .df
        .instructions
        .iter()
        .take(first_from)
        .find(|i| i.kind != InstructionKind::Arg)
    {
        out.push(ctx.diag(
            &META,
            ins.keyword.range,
            format!(
                "{} before FROM; a Dockerfile must begin with FROM or ARG",
                ins.kind.as_str()
            ),
        ));
    }
}
