//! DL4001: Flags a stage that uses both `wget` and `curl`.

use crate::dockerfile::context::Ctx;
use lookout_diagnostics::Diagnostic;

crate::declare_rule! {
    /// ## What it does
    /// Flags a stage that uses both `wget` and `curl`.
    ///
    /// ## Why is this bad?
    /// Two tools for one job: more packages, more surface, inconsistent behaviour.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:12.7
    /// RUN wget https://example.com/a && curl -O https://example.com/b
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM debian:12.7
    /// RUN curl -O https://example.com/a && curl -O https://example.com/b
    /// ```
    ///
    /// ## References
    /// - https://github.com/hadolint/hadolint/wiki/DL4001
    pub(crate) static META = {
        code: "DL4001", name: "wget-or-curl", family: Dockerfile,
        severity: Warning, fix: None, aliases: ["DS-0014"],
    }
}

pub(crate) fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    let mut seen: Vec<(Option<usize>, bool, bool)> = Vec::new();
    for run in &ctx.runs {
        let stage = ctx.df.instructions.get(run.index).and_then(|i| i.stage);
        let position = match seen.iter().position(|(s, _, _)| *s == stage) {
            Some(p) => p,
            None => {
                seen.push((stage, false, false));
                seen.len() - 1
            }
        };
        let Some(state) = seen.get_mut(position) else {
            continue;
        };
        let mut reported = false;
        for cmd in &run.script.commands {
            let (is_wget, is_curl) = (cmd.is("wget"), cmd.is("curl"));
            if !is_wget && !is_curl {
                continue;
            }
            let other_seen = if is_wget { state.2 } else { state.1 };
            if is_wget {
                state.1 = true;
            } else {
                state.2 = true;
            }
            if other_seen && !reported {
                reported = true;
                out.push(ctx.diag(&META, cmd.range(), "Either use wget or curl, not both"));
            }
        }
    }
}
