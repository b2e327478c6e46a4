//! DL3018: `apk add` without pinned versions.

use crate::dockerfile::context::Ctx;
use crate::dockerfile::packages::{list, runs};
use lookout_diagnostics::Diagnostic;

crate::declare_rule! {
    /// ## What it does
    /// Flags `apk add` packages without a version constraint (`pkg=1.2.3-r0`, `pkg~1.2`).
    ///
    /// ## Why is this bad?
    /// Unpinned packages make builds unreproducible.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN apk add --no-cache curl
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// RUN apk add --no-cache curl=8.9.1-r1
    /// ```
    ///
    /// ## References
    /// - https://github.com/hadolint/hadolint/wiki/DL3018
    pub(crate) static META = {
        code: "DL3018", name: "apk-pin-versions", family: Dockerfile,
        severity: Warning, fix: None, aliases: [],
    }
}

pub(crate) const APK_VALUE_FLAGS: &[&str] = &[
    "-t",
    "--virtual",
    "-X",
    "--repository",
    "-p",
    "--root",
    "--keys-dir",
    "--cache-dir",
    "--arch",
    "--repositories-file",
];

pub(crate) fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    for run in &ctx.runs {
        let unpinned: Vec<_> = run
            .script
            .commands
            .iter()
            .filter_map(|c| runs(c, &["apk"], &["add"], APK_VALUE_FLAGS))
            .flat_map(|(_, pkgs)| pkgs)
            .filter(|p| {
                !p.text.contains(['=', '~', '<', '>'])
                    && !p.text.ends_with(".apk")
                    && !p.text.starts_with('$')
            })
            .collect();
        if let Some(first) = unpinned.first() {
            out.push(ctx.diag(
                &META,
                first.range,
                format!(
                    "Pin versions in apk add (`{}=<version>`): {}",
                    first.text,
                    list(&unpinned)
                ),
            ));
        }
    }
}
