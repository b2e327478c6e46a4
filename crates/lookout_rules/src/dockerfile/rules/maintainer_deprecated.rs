//! DL4000: Flags the deprecated `MAINTAINER` instruction.

use crate::dockerfile::context::Ctx;
use lookout_diagnostics::Diagnostic;

crate::declare_rule! {
    /// ## What it does
    /// Flags the deprecated `MAINTAINER` instruction.
    ///
    /// ## Why is this bad?
    /// It is deprecated; a `LABEL` carries the same information where tools look for it.
    ///
    /// ## Example
    /// ```dockerfile
    /// MAINTAINER Jane Doe <jane@example.com>
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// LABEL maintainer="Jane Doe <jane@example.com>"
    /// ```
    ///
    /// ## References
    /// - https://github.com/hadolint/hadolint/wiki/DL4000
    pub(crate) static META = {
        code: "DL4000", name: "maintainer-deprecated", family: Dockerfile,
        severity: Error, fix: Sometimes, aliases: ["DS-0022"],
    }
}

use lookout_diagnostics::{Edit, Fix};
use lookout_syntax::dockerfile::InstructionKind;

pub(crate) fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    for ins in ctx
        .df
        .instructions
        .iter()
        .filter(|i| i.kind == InstructionKind::Maintainer)
    {
        let mut diagnostic = ctx.diag(
            &META,
            ins.keyword.range,
            "MAINTAINER is deprecated; use LABEL maintainer=\"…\"",
        );
        if let Some(word) = ins.shell_text().filter(|w| ctx.slice(w.range) == w.text) {
            let value = word
                .text
                .trim_matches('"')
                .replace('\\', "\\\\")
                .replace('"', "\\\"");
            diagnostic = diagnostic.with_fix(Fix::safe(
                "Replace with LABEL maintainer",
                vec![Edit::replace(
                    ins.keyword.range.cover(word.range),
                    format!("LABEL maintainer=\"{value}\""),
                )],
            ));
        }
        out.push(diagnostic);
    }
}
