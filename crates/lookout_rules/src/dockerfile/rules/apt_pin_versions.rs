//! DL3008: `apt-get install` without pinned versions.

use crate::dockerfile::context::Ctx;
use crate::dockerfile::packages::{apt_get_install, list};
use lookout_diagnostics::Diagnostic;

crate::declare_rule! {
    /// ## What it does
    /// Flags `apt-get install` packages without a version (`pkg=1.2.3`).
    ///
    /// ## Why is this bad?
    /// Unpinned packages make builds unreproducible: a rebuild silently picks up new
    /// versions, including breaking ones.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:12.7
    /// RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM debian:12.7
    /// RUN apt-get update && apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u8 && rm -rf /var/lib/apt/lists/*
    /// ```
    ///
    /// ## References
    /// - https://github.com/hadolint/hadolint/wiki/DL3008
    pub(crate) static META = {
        code: "DL3008", name: "apt-get-pin-versions", family: Dockerfile,
        severity: Warning, fix: None, aliases: [],
    }
}

fn is_pinned(pkg: &str) -> bool {
    pkg.contains('=')
        || pkg.ends_with(".deb")
        || pkg.starts_with('.')
        || pkg.starts_with('/')
        || pkg.starts_with('$')
}

pub(crate) fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    for run in &ctx.runs {
        let unpinned: Vec<_> = run
            .script
            .commands
            .iter()
            .filter_map(apt_get_install)
            .flat_map(|(_, pkgs)| pkgs)
            .filter(|p| !is_pinned(&p.text))
            .collect();
        if let Some(first) = unpinned.first() {
            out.push(ctx.diag(
                &META,
                first.range,
                format!(
                    "Pin versions in apt-get install (`{}=<version>`): {}",
                    first.text,
                    list(&unpinned)
                ),
            ));
        }
    }
}
