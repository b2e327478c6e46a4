//! DL4005: Flags `ln` replacing `/bin/sh`.

use crate::dockerfile::context::Ctx;
use lookout_diagnostics::Diagnostic;

crate::declare_rule! {
    /// ## What it does
    /// Flags `ln` replacing `/bin/sh`.
    ///
    /// ## Why is this bad?
    /// Relinking `/bin/sh` changes the shell for every later step behind the reader's back; the `SHELL` instruction says it openly.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN ln -sfv /bin/bash /bin/sh
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// SHELL ["/bin/bash", "-c"]
    /// ```
    ///
    /// ## References
    /// - https://github.com/hadolint/hadolint/wiki/DL4005
    pub(crate) static META = {
        code: "DL4005", name: "use-shell-instruction", family: Dockerfile,
        severity: Warning, fix: None, aliases: [],
    }
}

pub(crate) fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    for (_, cmd) in ctx.commands() {
        if cmd.is("ln")
            && cmd
                .positionals(&[])
                .last()
                .is_some_and(|w| w.text == "/bin/sh")
        {
            out.push(ctx.diag(
                &META,
                cmd.range(),
                "Use SHELL to change the default shell instead of relinking /bin/sh",
            ));
        }
    }
}
