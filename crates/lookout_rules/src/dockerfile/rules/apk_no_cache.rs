//! DL3019: `apk add` without `--no-cache`.

use crate::dockerfile::context::Ctx;
use crate::dockerfile::packages::{insert_after, runs};
use lookout_diagnostics::Diagnostic;

crate::declare_rule! {
    /// ## What it does
    /// Flags `apk add` without `--no-cache` (unless a BuildKit cache mount covers
    /// `/var/cache/apk`).
    ///
    /// ## Why is this bad?
    /// The package index and cache stay in the layer and bloat the image.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN apk add curl=8.9.1-r1
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// RUN apk add --no-cache curl=8.9.1-r1
    /// ```
    ///
    /// ## References
    /// - https://github.com/hadolint/hadolint/wiki/DL3019
    pub(crate) static META = {
        code: "DL3019", name: "apk-no-cache", family: Dockerfile,
        severity: Info, fix: Always, aliases: ["DS-0025"],
    }
}

pub(crate) fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    for (run, cmd) in ctx.commands() {
        let Some((add, _)) = runs(
            cmd,
            &["apk"],
            &["add"],
            super::apk_pin_versions::APK_VALUE_FLAGS,
        ) else {
            continue;
        };
        if cmd.has_flag(&["no-cache"], &[]) || run.has_cache_mount("/var/cache/apk") {
            continue;
        }
        out.push(
            ctx.diag(
                &META,
                crate::dockerfile::packages::command_head(cmd, add),
                "Use `apk add --no-cache` to keep the package cache out of the image",
            )
            .with_fix(insert_after(add, "--no-cache", "Add --no-cache")),
        );
    }
}
