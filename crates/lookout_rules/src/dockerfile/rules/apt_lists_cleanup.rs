//! DL3009: apt lists left in the image after `apt-get update`.

use crate::dockerfile::context::Ctx;
use crate::dockerfile::packages::removes;
use lookout_diagnostics::{Diagnostic, Edit, Fix};
use lookout_syntax::dockerfile::Arguments;

crate::declare_rule! {
    /// ## What it does
    /// Flags a `RUN` that runs `apt-get update` (or `apt`/`aptitude`) without removing
    /// `/var/lib/apt/lists` in the same layer, in a stage that ends up in the final image.
    /// BuildKit cache mounts on the apt directories are recognised.
    ///
    /// ## Why is this bad?
    /// The package lists add tens of megabytes to the layer and go stale immediately.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:12.7
    /// RUN apt-get update && apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u8
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM debian:12.7
    /// RUN apt-get update && apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u8 \
    ///     && rm -rf /var/lib/apt/lists/*
    /// ```
    ///
    /// ## References
    /// - https://github.com/hadolint/hadolint/wiki/DL3009
    pub(crate) static META = {
        code: "DL3009", name: "apt-lists-cleanup", family: Dockerfile,
        severity: Info, fix: Sometimes, aliases: [],
    }
}

pub(crate) fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    for run in &ctx.runs {
        let stage = ctx.df.instructions.get(run.index).and_then(|i| i.stage);
        if !run.onbuild && !ctx.reaches_final_image(stage) {
            continue;
        }
        let Some(update) = run.script.commands.iter().find(|c| {
            matches!(c.name(), Some("apt-get" | "apt" | "aptitude"))
                && c.subcommand(&[]).is_some_and(|s| s.text == "update")
        }) else {
            continue;
        };
        if run
            .script
            .commands
            .iter()
            .any(|c| removes(c, "/var/lib/apt/lists"))
        {
            continue;
        }
        let mounts = run.mounts();
        let mounted = |dir: &str| {
            mounts
                .iter()
                .any(|(kind, target)| (kind == "cache" || kind == "tmpfs") && target == dir)
        };
        if mounted("/var/lib/apt/lists") || (mounted("/var/lib/apt") && mounted("/var/cache/apt")) {
            continue;
        }
        let mut diagnostic = ctx.diag(
            &META,
            update.range(),
            "Delete the apt lists after installing: add `&& rm -rf /var/lib/apt/lists/*` to this RUN",
        );
        if run.ins.heredocs.is_empty() {
            if let Arguments::Shell(word) = &run.ins.arguments {
                diagnostic = diagnostic.with_fix(Fix::safe(
                    "Remove /var/lib/apt/lists in the same RUN",
                    vec![Edit::insert(
                        word.range.end(),
                        " && rm -rf /var/lib/apt/lists/*",
                    )],
                ));
            }
        }
        out.push(diagnostic);
    }
}
