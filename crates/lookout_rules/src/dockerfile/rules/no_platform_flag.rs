//! DL3029: Flags `FROM --platform=<fixed value>` (`$BUILDPLATFORM`/`$TARGETPLATFORM` are fine).

use crate::dockerfile::context::Ctx;
use lookout_diagnostics::Diagnostic;

crate::declare_rule! {
    /// ## What it does
    /// Flags `FROM --platform=<fixed value>` (`$BUILDPLATFORM`/`$TARGETPLATFORM` are fine).
    ///
    /// ## Why is this bad?
    /// A hard-coded platform breaks multi-platform builds and emulates silently on other hosts.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM --platform=linux/amd64 alpine:3.20
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM --platform=$BUILDPLATFORM alpine:3.20
    /// ```
    ///
    /// ## References
    /// - https://github.com/hadolint/hadolint/wiki/DL3029
    pub(crate) static META = {
        code: "DL3029", name: "no-from-platform", family: Dockerfile,
        severity: Warning, fix: None, aliases: [],
    }
}

use lookout_syntax::dockerfile::InstructionKind;

pub(crate) fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    for (_, ins) in ctx.instructions_of(InstructionKind::From) {
        let Some(flag) = ins.flag("platform") else {
            continue;
        };
        if flag.value.as_deref().is_some_and(|v| v.contains('$')) {
            continue;
        }
        out.push(ctx.diag(&META, flag.range, "Do not hard-code --platform in FROM"));
    }
}
