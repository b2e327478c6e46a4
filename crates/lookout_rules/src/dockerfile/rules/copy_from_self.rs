//! DL3023: `COPY --from` names the stage it is in.

use crate::dockerfile::context::Ctx;
use lookout_diagnostics::Diagnostic;

crate::declare_rule! {
    /// ## What it does
    /// `COPY --from` names the stage it is in.
    ///
    /// ## Why is this bad?
    /// A stage cannot copy from itself; the build fails.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.20 AS app
    /// COPY --from=app /a /b
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM alpine:3.20 AS build
    /// FROM alpine:3.20 AS app
    /// COPY --from=build /a /b
    /// ```
    ///
    /// ## References
    /// - https://github.com/hadolint/hadolint/wiki/DL3023
    pub(crate) static META = {
        code: "DL3023", name: "copy-from-own-stage", family: Dockerfile,
        severity: Error, fix: None, aliases: ["DS-0006"],
    }
}

use lookout_syntax::dockerfile::InstructionKind;

pub(crate) fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    for (index, ins) in ctx.instructions_of(InstructionKind::Copy) {
        let Some(value) = ins.flag("from").and_then(|f| f.value.as_deref()) else {
            continue;
        };
        let Some(stage) = ctx
            .df
            .instructions
            .get(index)
            .and_then(|i| i.stage)
            .and_then(|s| ctx.df.stages.get(s))
        else {
            continue;
        };
        let own = stage
            .name
            .as_ref()
            .is_some_and(|n| n.text.eq_ignore_ascii_case(value))
            || value == stage.index.to_string();
        if own {
            let range = ins
                .flag("from")
                .map_or(ins.range, |f| f.value_range.unwrap_or(f.range));
            out.push(ctx.diag(
                &META,
                range,
                format!("COPY --from={value} refers to the stage it is in"),
            ));
        }
    }
}
