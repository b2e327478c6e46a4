//! DL3021: Flags `COPY` with several sources whose destination does not end with `/`.

use crate::dockerfile::context::Ctx;
use lookout_diagnostics::Diagnostic;

crate::declare_rule! {
    /// ## What it does
    /// Flags `COPY` with several sources whose destination does not end with `/`.
    ///
    /// ## Why is this bad?
    /// BuildKit refuses it: several files cannot be copied onto one file name.
    ///
    /// ## Example
    /// ```dockerfile
    /// COPY a.txt b.txt /app
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// COPY a.txt b.txt /app/
    /// ```
    ///
    /// ## References
    /// - https://github.com/hadolint/hadolint/wiki/DL3021
    pub(crate) static META = {
        code: "DL3021", name: "copy-multiple-sources-dest-slash", family: Dockerfile,
        severity: Error, fix: Sometimes, aliases: ["DS-0011"],
    }
}

use lookout_diagnostics::{Edit, Fix};
use lookout_syntax::dockerfile::{unquote, Arguments, InstructionKind};

pub(crate) fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    for (_, ins) in ctx.instructions_of(InstructionKind::Copy) {
        if ins.words.len() <= 2 || !ins.heredocs.is_empty() {
            continue;
        }
        let Some(dest) = ins.words.last() else {
            continue;
        };
        let path = unquote(&dest.text, ctx.df.escape);
        if path.ends_with('/') || path.starts_with('$') {
            continue;
        }
        let mut diagnostic = ctx.diag(
            &META,
            dest.range,
            "COPY with more than two arguments needs a destination ending with /",
        );
        let plain = matches!(ins.arguments, Arguments::Shell(_)) && path == dest.text;
        if plain {
            diagnostic = diagnostic.with_fix(Fix::safe(
                "Add a trailing /",
                vec![Edit::insert(dest.range.end(), "/")],
            ));
        }
        out.push(diagnostic);
    }
}
