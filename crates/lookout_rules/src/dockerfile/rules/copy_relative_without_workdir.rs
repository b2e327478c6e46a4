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
fn has_workdir(ctx: &Ctx<'_>, stage: Option<usize>, before: usize) -> bool {
    let is_workdir =
        |i: &lookout_syntax::dockerfile::Instruction| i.kind == InstructionKind::Workdir;
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
        // An ONBUILD trigger runs in the child build, whose WORKDIR this file cannot know.
        if top.is_some_and(|i| i.onbuild.is_some()) {
            continue;
        }
        let stage = top.and_then(|i| i.stage);
        if !has_workdir(ctx, stage, index) {
            out.push(ctx.diag(
                &META,
                dest.range,
                "COPY to a relative path without WORKDIR; set WORKDIR or use an absolute path",
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::dockerfile::rules::test_support::fired;

    #[test]
    fn onbuild_copy_runs_under_the_child_workdir() {
        assert!(fired("FROM debian:12\nONBUILD COPY a b c\n", "DL3045").is_empty());
        assert!(fired("ONBUILD COPY bla.sh blubb.sh\n", "DL3045").is_empty());
    }

    #[test]
    fn plain_copy_to_a_relative_path_is_flagged() {
        assert_eq!(fired("FROM debian:12\nCOPY a b c\n", "DL3045"), vec!["c"]);
        assert!(fired("FROM debian:12\nWORKDIR /app\nCOPY a b c\n", "DL3045").is_empty());
        // An ONBUILD WORKDIR sets nothing in this build.
        assert_eq!(
            fired("FROM debian:12\nONBUILD WORKDIR /app\nCOPY a b\n", "DL3045"),
            vec!["b"]
        );
    }
}
