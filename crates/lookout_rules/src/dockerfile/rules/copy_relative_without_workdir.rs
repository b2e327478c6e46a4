//! DL3045: Flags `COPY` to a relative destination in a stage that has not set `WORKDIR` (inherited stages count).

use crate::dockerfile::context::Ctx;
use lookout_diagnostics::Diagnostic;

crate::declare_rule! {
    /// ## What it does
    /// Flags `COPY` to a relative destination in a stage that has not set `WORKDIR` (inherited stages count).
    ///
    /// ## Why is this bad?
    /// The destination then depends on the base image's working directory, which can change under you.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.20
    /// COPY app.sh app.sh
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM alpine:3.20
    /// WORKDIR /app
    /// COPY app.sh app.sh
    /// ```
    ///
    /// ## References
    /// - https://github.com/hadolint/hadolint/wiki/DL3045
    pub(crate) static META = {
        code: "DL3045", name: "copy-relative-needs-workdir", family: Dockerfile,
        severity: Warning, fix: None, aliases: [],
    }
}

use lookout_syntax::dockerfile::{unquote, InstructionKind};

/// True when `stage` (or a stage it builds on) sets WORKDIR before instruction `before`.
/// For an `ONBUILD COPY`, earlier `ONBUILD WORKDIR` triggers count too.
fn has_workdir(ctx: &Ctx<'_>, stage: Option<usize>, before: usize, onbuild: bool) -> bool {
    let is_workdir = |i: &lookout_syntax::dockerfile::Instruction| {
        i.kind == InstructionKind::Workdir
            || (onbuild && i.effective().kind == InstructionKind::Workdir)
    };
    let Some(mut stage) = stage.and_then(|s| ctx.df.stages.get(s)) else {
        return ctx.df.instructions.iter().take(before).any(is_workdir);
    };
    let mut limit = before;
    loop {
        let found = stage
            .instructions
            .iter()
            .filter(|i| **i < limit)
            .filter_map(|i| ctx.df.instructions.get(*i))
            .any(is_workdir);
        if found {
            return true;
        }
        match stage.base_stage.and_then(|b| ctx.df.stages.get(b)) {
            Some(base) if base.index < stage.index => {
                limit = usize::MAX;
                stage = base;
            }
            _ => return false,
        }
    }
}

pub(crate) fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    for (index, ins) in ctx.instructions_of(InstructionKind::Copy) {
        if ins.words.len() < 2 {
            continue;
        }
        let Some(dest) = ins.words.last() else {
            continue;
        };
        let path = unquote(&dest.text, ctx.df.escape);
        if super::absolute_workdir::is_absolute(&path) {
            continue;
        }
        let top = ctx.df.instructions.get(index);
        let stage = top.and_then(|i| i.stage);
        let onbuild = top.is_some_and(|i| i.onbuild.is_some());
        if !has_workdir(ctx, stage, index, onbuild) {
            out.push(ctx.diag(
                &META,
                dest.range,
                "COPY to a relative path without WORKDIR; set WORKDIR or use an absolute path",
            ));
        }
    }
}
