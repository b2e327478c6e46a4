//! DL3043: Flags `ONBUILD ONBUILD`, `ONBUILD FROM` and `ONBUILD MAINTAINER`.

use crate::dockerfile::context::Ctx;
use lookout_diagnostics::Diagnostic;

crate::declare_rule! {
    /// ## What it does
    /// Flags `ONBUILD ONBUILD`, `ONBUILD FROM` and `ONBUILD MAINTAINER`.
    ///
    /// ## Why is this bad?
    /// Docker forbids these triggers; the image using this one as base fails to build.
    ///
    /// ## Example
    /// ```dockerfile
    /// ONBUILD FROM alpine:3.20
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// ONBUILD RUN echo hello
    /// ```
    ///
    /// ## References
    /// - https://github.com/hadolint/hadolint/wiki/DL3043
    pub(crate) static META = {
        code: "DL3043", name: "valid-onbuild-trigger", family: Dockerfile,
        severity: Error, fix: None, aliases: [],
    }
}

use lookout_syntax::dockerfile::InstructionKind;

pub(crate) fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    for ins in &ctx.df.instructions {
        let Some(inner) = &ins.onbuild else { continue };
        if matches!(
            inner.kind,
            InstructionKind::Onbuild | InstructionKind::From | InstructionKind::Maintainer
        ) {
            out.push(ctx.diag(
                &META,
                inner.keyword.range,
                format!(
                    "{} is not allowed as an ONBUILD trigger",
                    inner.kind.as_str()
                ),
            ));
        }
    }
}
