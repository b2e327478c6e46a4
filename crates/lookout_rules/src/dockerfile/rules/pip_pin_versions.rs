//! DL3013: `pip install` without pinned versions.

use crate::dockerfile::context::Ctx;
use crate::dockerfile::packages::{list, pip_command, subcommand};
use lookout_diagnostics::Diagnostic;

crate::declare_rule! {
    /// ## What it does
    /// Flags `pip install` (also `python -m pip`, `pipx`) of packages without a version
    /// specifier. Requirement files, constraint files, local paths, URLs and VCS
    /// references pinned with `@` are accepted.
    ///
    /// ## Why is this bad?
    /// Unpinned Python dependencies change under you between builds.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN pip install --no-cache-dir requests
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// RUN pip install --no-cache-dir requests==2.32.3
    /// ```
    ///
    /// ## References
    /// - https://github.com/hadolint/hadolint/wiki/DL3013
    pub(crate) static META = {
        code: "DL3013", name: "pip-pin-versions", family: Dockerfile,
        severity: Warning, fix: None, aliases: [],
    }
}

pub(crate) const PIP_VALUE_FLAGS: &[&str] = &[
    "-r",
    "--requirement",
    "-c",
    "--constraint",
    "-e",
    "--editable",
    "-i",
    "--index-url",
    "--extra-index-url",
    "--trusted-host",
    "--build",
    "--prefix",
    "--root",
    "--target",
    "-t",
    "--src",
    "--upgrade-strategy",
    "--python",
    "--root-user-action",
    "--progress-bar",
    "-f",
    "--find-links",
    "--platform",
    "--python-version",
    "--implementation",
    "--abi",
    "--cache-dir",
    "--log",
    "--proxy",
    "--retries",
    "--timeout",
    "--exists-action",
    "--cert",
    "--client-cert",
    "--global-option",
    "--install-option",
    "--no-binary",
    "--only-binary",
    "--config-settings",
    "-C",
    "--report",
    "--pip-args",
    "--suffix",
    "--spec",
];

fn is_pinned(pkg: &str) -> bool {
    if let Some(rest) = pkg.strip_prefix("git+") {
        // VCS: `@ref` after the repository path pins it.
        let path = rest.split_once("://").map_or(rest, |(_, p)| p);
        let path = path.split('#').next().unwrap_or(path);
        return path.contains('@');
    }
    pkg.contains("://")
        || pkg.contains('/')
        || pkg.starts_with('.')
        || pkg.starts_with('$')
        || [".whl", ".tar.gz", ".zip", ".tgz", ".tar.bz2"]
            .iter()
            .any(|s| pkg.ends_with(s))
        || pkg.contains(['=', '<', '>', '~', '!', '@'])
}

pub(crate) fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    for run in &ctx.runs {
        let mut unpinned = Vec::new();
        for cmd in &run.script.commands {
            let Some(pip) = pip_command(cmd).or_else(|| cmd.is("pipx").then(|| cmd.clone())) else {
                continue;
            };
            if pip.has_flag(&["constraint"], &['c']) {
                continue;
            }
            let Some((_, pkgs)) = subcommand(&pip, &["install"], PIP_VALUE_FLAGS) else {
                continue;
            };
            unpinned.extend(pkgs.into_iter().filter(|p| !is_pinned(&p.text)).cloned());
        }
        if let Some(first) = unpinned.first() {
            let refs: Vec<_> = unpinned.iter().collect();
            out.push(ctx.diag(
                &META,
                first.range,
                format!(
                    "Pin versions in pip install (`{}==<version>`): {}",
                    first.text,
                    list(&refs)
                ),
            ));
        }
    }
}
