//! DL3060: `yarn install` without `yarn cache clean`.

use crate::dockerfile::context::Ctx;
use lookout_diagnostics::Diagnostic;

crate::declare_rule! {
    /// ## What it does
    /// Flags `yarn install` not followed by `yarn cache clean` in the same RUN (unless a
    /// BuildKit cache mount covers yarn's cache).
    ///
    /// ## Why is this bad?
    /// Yarn's cache stays in the layer and bloats the image.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN yarn install --frozen-lockfile
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// RUN yarn install --frozen-lockfile && yarn cache clean
    /// ```
    ///
    /// ## References
    /// - https://github.com/hadolint/hadolint/wiki/DL3060
    pub(crate) static META = {
        code: "DL3060", name: "yarn-cache-clean", family: Dockerfile,
        severity: Info, fix: None, aliases: [],
    }
}

pub(crate) fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    for run in &ctx.runs {
        if run.has_cache_mount("/root/.cache/yarn")
            || run.has_cache_mount("/usr/local/share/.cache/yarn")
        {
            continue;
        }
        let commands = &run.script.commands;
        let Some(index) = commands
            .iter()
            .rposition(|c| c.is("yarn") && c.subcommand(&[]).is_some_and(|s| s.text == "install"))
        else {
            continue;
        };
        let cleaned = commands.iter().skip(index + 1).any(|c| {
            c.is("yarn") && {
                let p = c.positionals(&[]);
                p.first().is_some_and(|w| w.text == "cache")
                    && p.get(1).is_some_and(|w| w.text == "clean")
            }
        });
        if !cleaned {
            if let Some(cmd) = commands.get(index) {
                out.push(ctx.diag(
                    &META,
                    cmd.range(),
                    "Add `yarn cache clean` after `yarn install` in the same RUN",
                ));
            }
        }
    }
}
