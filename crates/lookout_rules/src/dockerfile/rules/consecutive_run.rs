//! DL3059: Flags consecutive `RUN` instructions that each run a single command with the same flags.

use crate::dockerfile::context::Ctx;
use lookout_diagnostics::Diagnostic;

crate::declare_rule! {
    /// ## What it does
    /// Flags consecutive `RUN` instructions that each run a single command with the same flags.
    ///
    /// ## Why is this bad?
    /// Each RUN is a layer; merging them keeps images smaller and builds faster.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.20
    /// RUN apk add --no-cache curl=8.9.1-r1
    /// RUN curl --version
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM alpine:3.20
    /// RUN apk add --no-cache curl=8.9.1-r1 && curl --version
    /// ```
    ///
    /// ## References
    /// - https://github.com/hadolint/hadolint/wiki/DL3059
    pub(crate) static META = {
        code: "DL3059", name: "consecutive-run", family: Dockerfile,
        severity: Info, fix: None, aliases: [],
    }
}

use lookout_syntax::dockerfile::{Instruction, InstructionKind};

fn flags(ins: &Instruction) -> Vec<(String, Option<String>)> {
    ins.flags
        .iter()
        .map(|f| (f.name.clone(), f.value.clone()))
        .collect()
}

pub(crate) fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    // Per instruction index: whether its RUN is one plain command (looked up once here;
    // a search of the runs per pair made 40,000 RUN lines take seconds).
    let mut single_at: Vec<Option<bool>> = vec![None; ctx.df.instructions.len()];
    for r in ctx.runs.iter().filter(|r| !r.onbuild) {
        if let Some(slot @ None) = single_at.get_mut(r.index) {
            *slot = Some(r.script.commands.len() == 1 && r.ins.heredocs.is_empty());
        }
    }
    let single = |index: usize| single_at.get(index).copied().flatten().unwrap_or(false);
    for (index, pair) in ctx.df.instructions.windows(2).enumerate() {
        let [prev, cur] = pair else { continue };
        if prev.kind == InstructionKind::Run
            && cur.kind == InstructionKind::Run
            && flags(prev) == flags(cur)
            && single(index)
            && single(index + 1)
        {
            out.push(ctx.diag(
                &META,
                cur.keyword.range,
                "Multiple consecutive RUN instructions; consider merging them",
            ));
        }
    }
}
