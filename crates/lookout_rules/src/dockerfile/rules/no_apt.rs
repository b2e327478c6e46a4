//! DL3027: `apt` in a Dockerfile.

use crate::dockerfile::context::Ctx;
use lookout_diagnostics::{Diagnostic, Edit, Fix};

crate::declare_rule! {
    /// ## What it does
    /// Flags the `apt` command in `RUN`.
    ///
    /// ## Why is this bad?
    /// `apt` is meant for people at a terminal: its output and behaviour are not stable
    /// for scripts. `apt-get` and `apt-cache` are.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN apt install -y --no-install-recommends curl=7.88.1-10+deb12u8
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// RUN apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u8
    /// ```
    ///
    /// ## References
    /// - https://github.com/hadolint/hadolint/wiki/DL3027
    pub(crate) static META = {
        code: "DL3027", name: "no-apt", family: Dockerfile,
        severity: Warning, fix: Sometimes, aliases: [],
    }
}

pub(crate) fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    for (_, cmd) in ctx.commands() {
        let Some(word) = cmd.words.first().filter(|w| w.text == "apt") else {
            continue;
        };
        let mut diagnostic = ctx.diag(&META, word.range, "Use apt-get or apt-cache instead of apt");
        let scriptable = cmd.subcommand(&[]).is_some_and(|s| {
            matches!(
                s.text.as_str(),
                "install" | "update" | "upgrade" | "remove" | "purge" | "autoremove"
            )
        });
        if scriptable && ctx.slice(word.range) == "apt" {
            diagnostic = diagnostic.with_fix(Fix::unsafe_(
                "Use apt-get",
                vec![Edit::replace(word.range, "apt-get")],
            ));
        }
        out.push(diagnostic);
    }
}
