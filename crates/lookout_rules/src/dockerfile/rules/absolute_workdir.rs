//! DL3000: Flags `WORKDIR` with a relative path.

use crate::dockerfile::context::Ctx;
use lookout_diagnostics::Diagnostic;

crate::declare_rule! {
    /// ## What it does
    /// Flags `WORKDIR` with a relative path.
    ///
    /// ## Why is this bad?
    /// A relative WORKDIR depends on whatever the previous one was, which is easy to get wrong across stages and base images.
    ///
    /// ## Example
    /// ```dockerfile
    /// WORKDIR app
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// WORKDIR /app
    /// ```
    ///
    /// ## References
    /// - https://github.com/hadolint/hadolint/wiki/DL3000
    pub(crate) static META = {
        code: "DL3000", name: "absolute-workdir", family: Dockerfile,
        severity: Error, fix: None, aliases: ["DS-0009"],
    }
}

use lookout_syntax::dockerfile::{unquote, InstructionKind};

/// `/x`, `$VAR`, or a Windows drive (`C:\`, `C:/`).
pub(crate) fn is_absolute(path: &str) -> bool {
    let bytes = path.as_bytes();
    path.starts_with('/')
        || path.starts_with('$')
        || (bytes.len() >= 2 && bytes[0].is_ascii_alphabetic() && bytes[1] == b':')
}

pub(crate) fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    for (_, ins) in ctx.instructions_of(InstructionKind::Workdir) {
        let Some(word) = ins.shell_text() else {
            continue;
        };
        let path = unquote(&word.text, ctx.df.escape);
        if !is_absolute(&path) {
            out.push(ctx.diag(
                &META,
                word.range,
                format!("Use an absolute WORKDIR (`/{path}`?)"),
            ));
        }
    }
}
