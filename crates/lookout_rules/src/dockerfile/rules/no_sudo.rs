//! DL3004: Flags `sudo` in `RUN`.

use crate::dockerfile::context::Ctx;
use lookout_diagnostics::Diagnostic;

crate::declare_rule! {
    /// ## What it does
    /// Flags `sudo` in `RUN`.
    ///
    /// ## Why is this bad?
    /// Builds already run as root unless `USER` says otherwise; sudo adds a setuid binary and unpredictable TTY and signal behaviour. Use `gosu`/`su-exec` at run time if needed.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN sudo apt-get update
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// RUN apt-get update
    /// ```
    ///
    /// ## References
    /// - https://github.com/hadolint/hadolint/wiki/DL3004
    pub(crate) static META = {
        code: "DL3004", name: "no-sudo", family: Dockerfile,
        severity: Error, fix: None, aliases: ["DS-0010"],
    }
}

pub(crate) fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    for (_, cmd) in ctx.commands() {
        if let Some(word) = cmd.words.first().filter(|_| cmd.is("sudo")) {
            out.push(ctx.diag(
                &META,
                word.range,
                "Do not use sudo in a Dockerfile; it runs as root already",
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::dockerfile::rules::test_support::fired;

    #[test]
    fn sudo_in_exec_form_shell_script_points_at_the_word() {
        let text = "FROM debian:12\nRUN [\"/bin/sh\", \"-c\", \"cd /tmp && sudo ls\"]\n";
        assert_eq!(fired(text, "DL3004"), vec!["sudo"]);
        let text = "FROM debian:12\nRUN [\"bash\", \"-eux\", \"-c\", \"sudo ls\"]\n";
        assert_eq!(fired(text, "DL3004"), vec!["sudo"]);
    }

    #[test]
    fn escaped_exec_form_script_points_at_the_whole_argument() {
        let text = "FROM debian:12\nRUN [\"sh\", \"-ec\", \"sudo echo \\\"hi\\\"\"]\n";
        assert_eq!(fired(text, "DL3004"), vec!["\"sudo echo \\\"hi\\\"\""]);
    }

    #[test]
    fn exec_form_without_a_shell_is_not_a_script() {
        let text = "FROM debian:12\nRUN [\"echo\", \"sudo\"]\nRUN [\"sh\", \"sudo.sh\"]\n";
        assert!(fired(text, "DL3004").is_empty());
    }
}
