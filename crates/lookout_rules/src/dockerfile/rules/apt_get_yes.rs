//! DL3014: `apt-get install` without `-y`.

use crate::dockerfile::context::Ctx;
use crate::dockerfile::packages::{apt_get_install, insert_after};
use lookout_diagnostics::Diagnostic;

crate::declare_rule! {
    /// ## What it does
    /// Flags `apt-get install` without `-y`/`--yes`/`--assume-yes` (or `-qq`, which
    /// implies it).
    ///
    /// ## Why is this bad?
    /// Without it apt-get asks for confirmation; in a build there is nobody to answer and
    /// the step fails.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN apt-get install --no-install-recommends curl=7.88.1-10+deb12u8
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// RUN apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u8
    /// ```
    ///
    /// ## References
    /// - https://github.com/hadolint/hadolint/wiki/DL3014
    pub(crate) static META = {
        code: "DL3014", name: "apt-get-yes", family: Dockerfile,
        severity: Warning, fix: Always, aliases: ["DS-0021"],
    }
}

pub(crate) fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    for (_, cmd) in ctx.commands() {
        let Some((install, _)) = apt_get_install(cmd) else {
            continue;
        };
        let quiet_twice = cmd.count_short_flag('q') >= 2
            || cmd.flag_words().filter(|w| w.text == "--quiet").count() >= 2
            || cmd
                .flag_words()
                .any(|w| w.text == "-q=2" || w.text == "--quiet=2");
        if cmd.has_flag(&["yes", "assume-yes"], &['y']) || quiet_twice {
            continue;
        }
        out.push(
            ctx.diag(
                &META,
                crate::dockerfile::packages::command_head(cmd, install),
                "Use `apt-get install -y` so the build does not wait for confirmation",
            )
            .with_fix(insert_after(install, "-y", "Add -y")),
        );
    }
}

#[cfg(test)]
mod tests {
    use crate::dockerfile::check;
    use lookout_diagnostics::apply_edits;

    fn fixed(text: &str) -> Option<String> {
        let diagnostics = check(text);
        let finding = diagnostics.iter().find(|d| d.code == "DL3014")?;
        finding
            .fix
            .as_ref()
            .map(|fix| apply_edits(text, &fix.edits))
    }

    #[test]
    fn fix_inside_an_exec_form_shell_script_keeps_the_json() {
        assert_eq!(
            fixed("FROM debian:12\nRUN [\"sh\", \"-c\", \"apt-get install curl\"]\n").as_deref(),
            Some("FROM debian:12\nRUN [\"sh\", \"-c\", \"apt-get install -y curl\"]\n")
        );
    }

    #[test]
    fn no_fix_where_it_would_break_an_exec_form_array() {
        // Plain exec form: ` -y` after `"install"` is not JSON.
        let text = "FROM debian:12\nRUN [\"apt-get\", \"install\", \"curl\"]\n";
        assert!(check(text).iter().any(|d| d.code == "DL3014"));
        assert_eq!(fixed(text), None);
        // A script with escapes: offsets only map to the whole literal.
        let text = "FROM debian:12\nRUN [\"sh\", \"-c\", \"apt-get install \\\"curl\\\"\"]\n";
        assert!(check(text).iter().any(|d| d.code == "DL3014"));
        assert_eq!(fixed(text), None);
    }
}
