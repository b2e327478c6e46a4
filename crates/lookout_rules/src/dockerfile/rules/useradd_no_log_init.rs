//! DL3046: Flags `useradd` with a high UID (over 99999) without `-l` (`--no-log-init`).

use crate::dockerfile::context::Ctx;
use lookout_diagnostics::Diagnostic;

crate::declare_rule! {
    /// ## What it does
    /// Flags `useradd` with a high UID (over 99999) without `-l` (`--no-log-init`).
    ///
    /// ## Why is this bad?
    /// useradd fills `/var/log/lastlog` and `faillog` sparse files up to the UID; the layer can grow by gigabytes.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN useradd -u 123456 app
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// RUN useradd -l -u 123456 app
    /// ```
    ///
    /// ## References
    /// - https://github.com/hadolint/hadolint/wiki/DL3046
    pub(crate) static META = {
        code: "DL3046", name: "useradd-no-log-init", family: Dockerfile,
        severity: Warning, fix: Always, aliases: [],
    }
}

pub(crate) fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    for (_, cmd) in ctx.commands() {
        let Some(word) = cmd.words.first().filter(|_| cmd.is("useradd")) else {
            continue;
        };
        let args = cmd.args();
        let uid = args.iter().enumerate().find_map(|(i, w)| {
            if w.text == "-u" || w.text == "--uid" {
                args.get(i + 1).map(|v| v.text.as_str())
            } else {
                w.text
                    .strip_prefix("--uid=")
                    .or_else(|| w.text.strip_prefix("-u").filter(|v| !v.is_empty()))
            }
        });
        let high = uid.is_some_and(|u| u.len() > 5 && u.bytes().all(|b| b.is_ascii_digit()));
        if high && !cmd.has_flag(&["no-log-init"], &['l']) {
            out.push(
                ctx.diag(
                    &META,
                    word.range,
                    "Use `useradd -l` with a high UID to avoid a huge lastlog file",
                )
                .with_fix(crate::dockerfile::packages::insert_after(
                    word, "-l", "Add -l",
                )),
            );
        }
    }
}
