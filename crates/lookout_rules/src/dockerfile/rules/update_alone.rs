//! LKD004: a package index `update` in a RUN that installs nothing.

use crate::dockerfile::context::Ctx;
use lookout_diagnostics::Diagnostic;

crate::declare_rule! {
    /// ## What it does
    /// Flags `apt-get update`, `apk update`, `yum`/`dnf`/`zypper` refreshes in a `RUN`
    /// that installs nothing.
    ///
    /// ## Why is this bad?
    /// Docker caches the layer: a later `RUN … install` reuses a stale index, installing
    /// outdated packages or failing when mirrors have moved on.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN apt-get update
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// RUN apt-get update && apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u8 && rm -rf /var/lib/apt/lists/*
    /// ```
    ///
    /// ## References
    /// - https://avd.aquasec.com/misconfig/ds017
    pub(crate) static META = {
        code: "LKD004", name: "update-alone", family: Dockerfile,
        severity: Warning, fix: None, aliases: ["DS-0017"],
    }
}

const MANAGERS: &[&str] = &[
    "apt-get", "apt", "aptitude", "apk", "yum", "dnf", "microdnf", "zypper",
];
const UPDATES: &[&str] = &["update", "makecache", "refresh", "ref"];
const INSTALLS: &[&str] = &[
    "install",
    "add",
    "in",
    "upgrade",
    "dist-upgrade",
    "full-upgrade",
    "reinstall",
    "groupinstall",
    "localinstall",
    "up",
    "dup",
];

pub(crate) fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    for run in &ctx.runs {
        let managed: Vec<_> = run
            .script
            .commands
            .iter()
            .filter(|c| c.name().is_some_and(|n| MANAGERS.contains(&n)))
            .filter_map(|c| {
                c.subcommand(&["-o", "-c", "-X", "--repository"])
                    .map(|s| (c, s))
            })
            .collect();
        let installs = managed
            .iter()
            .any(|(_, s)| INSTALLS.contains(&s.text.as_str()));
        if installs {
            continue;
        }
        // `yum update` installs updates; only index refreshes are "alone".
        if let Some((cmd, _)) = managed.iter().find(|(c, s)| {
            UPDATES.contains(&s.text.as_str())
                && !(matches!(c.name(), Some("yum" | "dnf" | "microdnf")) && s.text == "update")
        }) {
            out.push(ctx.diag(
                &META,
                cmd.range(),
                "Package index update without an install in the same RUN; the cached layer goes stale",
            ));
        }
    }
}
