//! DL3024: Flags two stages with the same name.

use crate::dockerfile::context::Ctx;
use lookout_diagnostics::Diagnostic;

crate::declare_rule! {
    /// ## What it does
    /// Flags two stages with the same name.
    ///
    /// ## Why is this bad?
    /// References to the name become ambiguous; BuildKit rejects it.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM golang:1.23 AS build
    /// FROM node:22 AS build
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM golang:1.23 AS build-go
    /// FROM node:22 AS build-web
    /// ```
    ///
    /// ## References
    /// - https://github.com/hadolint/hadolint/wiki/DL3024
    pub(crate) static META = {
        code: "DL3024", name: "unique-stage-names", family: Dockerfile,
        severity: Error, fix: None, aliases: ["DS-0012"],
    }
}

pub(crate) fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    for (i, stage) in ctx.df.stages.iter().enumerate() {
        let Some(name) = &stage.name else { continue };
        let duplicate = ctx.df.stages.iter().take(i).any(|s| {
            s.name
                .as_ref()
                .is_some_and(|n| n.text.eq_ignore_ascii_case(&name.text))
        });
        if duplicate {
            out.push(ctx.diag(
                &META,
                name.range,
                format!("Stage name '{}' is already used", name.text),
            ));
        }
    }
}
