//! DL3016: `npm install` without pinned versions.

use crate::dockerfile::context::Ctx;
use crate::dockerfile::packages::{list, runs};
use lookout_diagnostics::Diagnostic;

crate::declare_rule! {
    /// ## What it does
    /// Flags `npm install <pkg>` without a version (`pkg@1.2.3`) and git URLs without a
    /// `#ref`. Plain `npm install` (from package.json), tarballs and folders are fine.
    ///
    /// ## Why is this bad?
    /// Unpinned packages make builds unreproducible.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN npm install --global typescript
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// RUN npm install --global typescript@5.6.3
    /// ```
    ///
    /// ## References
    /// - https://github.com/hadolint/hadolint/wiki/DL3016
    pub(crate) static META = {
        code: "DL3016", name: "npm-pin-versions", family: Dockerfile,
        severity: Warning, fix: None, aliases: [],
    }
}

const NPM_VALUE_FLAGS: &[&str] = &[
    "--loglevel",
    "--registry",
    "--prefix",
    "--cache",
    "--tag",
    "--userconfig",
    "-w",
    "--workspace",
];

fn is_pinned(pkg: &str) -> bool {
    if ["git://", "git+ssh://", "git+http://", "git+https://"]
        .iter()
        .any(|p| pkg.starts_with(p))
    {
        return pkg.contains('#');
    }
    if [".tar", ".tar.gz", ".tgz"].iter().any(|s| pkg.ends_with(s))
        || ["/", "./", "../", "~/", "$"]
            .iter()
            .any(|p| pkg.starts_with(p))
    {
        return true;
    }
    match pkg.strip_prefix('@') {
        Some(scoped) => scoped.contains('@'),
        None => pkg.contains('@'),
    }
}

pub(crate) fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    for run in &ctx.runs {
        let unpinned: Vec<_> = run
            .script
            .commands
            .iter()
            .filter_map(|c| runs(c, &["npm"], &["install", "i", "add"], NPM_VALUE_FLAGS))
            .flat_map(|(_, pkgs)| pkgs)
            .filter(|p| !is_pinned(&p.text))
            .collect();
        if let Some(first) = unpinned.first() {
            out.push(ctx.diag(
                &META,
                first.range,
                format!(
                    "Pin versions in npm install (`{}@<version>`): {}",
                    first.text,
                    list(&unpinned)
                ),
            ));
        }
    }
}
