//! DL3063: Flags stages named `scratch` or `context`.

use crate::dockerfile::context::Ctx;
use lookout_diagnostics::Diagnostic;

crate::declare_rule! {
    /// ## What it does
    /// Flags stages named `scratch` or `context`.
    ///
    /// ## Why is this bad?
    /// `scratch` is the empty image and `context` the build context in `COPY --from`: a stage with these names is ambiguous.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.20 AS scratch
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM alpine:3.20 AS base
    /// ```
    ///
    /// ## References
    /// - https://github.com/hadolint/hadolint/wiki/DL3063
    pub(crate) static META = {
        code: "DL3063", name: "reserved-stage-name", family: Dockerfile,
        severity: Error, fix: None, aliases: [],
    }
}

pub(crate) fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    for stage in &ctx.df.stages {
        let Some(name) = &stage.name else { continue };
        if name.text.eq_ignore_ascii_case("scratch") || name.text.eq_ignore_ascii_case("context") {
            out.push(ctx.diag(
                &META,
                name.range,
                format!("'{}' is a reserved word and cannot name a stage", name.text),
            ));
        }
    }
}
