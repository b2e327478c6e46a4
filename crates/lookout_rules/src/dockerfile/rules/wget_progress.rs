//! DL3047: Flags `wget` without `--progress` (or a quiet/log option).

use crate::dockerfile::context::Ctx;
use lookout_diagnostics::Diagnostic;

crate::declare_rule! {
    /// ## What it does
    /// Flags `wget` without `--progress` (or a quiet/log option).
    ///
    /// ## Why is this bad?
    /// wget's default progress bar floods build logs with thousands of lines for large downloads.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN wget https://example.com/big.tar.gz
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// RUN wget --progress=dot:giga https://example.com/big.tar.gz
    /// ```
    ///
    /// ## References
    /// - https://github.com/hadolint/hadolint/wiki/DL3047
    pub(crate) static META = {
        code: "DL3047", name: "wget-progress", family: Dockerfile,
        severity: Info, fix: Always, aliases: [],
    }
}

pub(crate) fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    for (_, cmd) in ctx.commands() {
        let Some(word) = cmd.words.first().filter(|_| cmd.is("wget")) else {
            continue;
        };
        let quiet = cmd.flag_words().any(|w| w.text == "-nv")
            || cmd.has_flag(
                &[
                    "progress",
                    "quiet",
                    "no-verbose",
                    "output-file",
                    "append-output",
                ],
                &['q', 'o', 'a'],
            );
        if !quiet {
            out.push(
                ctx.diag(
                    &META,
                    word.range,
                    "Use `wget --progress=dot:giga` to keep build logs readable",
                )
                .with_fix(crate::dockerfile::packages::insert_after(
                    word,
                    "--progress=dot:giga",
                    "Add --progress=dot:giga",
                )),
            );
        }
    }
}
