//! DL3003: Flags `cd` in `RUN`.

use crate::dockerfile::context::Ctx;
use lookout_diagnostics::Diagnostic;

crate::declare_rule! {
    /// ## What it does
    /// Flags `cd` in `RUN`.
    ///
    /// ## Why is this bad?
    /// The directory change is lost after the `RUN`; `WORKDIR` makes it explicit and lasting.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN cd /app
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// WORKDIR /app
    /// ```
    ///
    /// ## References
    /// - https://github.com/hadolint/hadolint/wiki/DL3003
    pub(crate) static META = {
        code: "DL3003", name: "use-workdir", family: Dockerfile,
        severity: Warning, fix: None, aliases: ["DS-0013"],
    }
}

pub(crate) fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    for (_, cmd) in ctx.commands() {
        if cmd.is("cd") {
            out.push(ctx.diag(&META, cmd.range(), "Use WORKDIR to switch to a directory"));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::dockerfile::rules::test_support::fired;

    #[test]
    fn cd_in_exec_form_shell_script_is_found() {
        let text = "FROM debian:12\nRUN [\"/bin/sh\", \"-c\", \"cd /tmp && sudo ls\"]\n";
        assert_eq!(fired(text, "DL3003"), vec!["cd /tmp"]);
        let text = "FROM debian:12\nRUN [\"/usr/bin/env\", \"bash\", \"-c\", \"cd /x\"]\n";
        assert_eq!(fired(text, "DL3003"), vec!["cd /x"]);
    }
}
