//! DL3020: Flags `ADD` of local files or folders (not URLs, not tar archives it would extract).

use crate::dockerfile::context::Ctx;
use lookout_diagnostics::Diagnostic;

crate::declare_rule! {
    /// ## What it does
    /// Flags `ADD` of local files or folders (not URLs, not tar archives it would extract).
    ///
    /// ## Why is this bad?
    /// `ADD` has surprising extra behaviour (remote fetches, auto-extraction); `COPY` does only what it says.
    ///
    /// ## Example
    /// ```dockerfile
    /// ADD app.py /app/
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// COPY app.py /app/
    /// ```
    ///
    /// ## References
    /// - https://github.com/hadolint/hadolint/wiki/DL3020
    pub(crate) static META = {
        code: "DL3020", name: "copy-instead-of-add", family: Dockerfile,
        severity: Error, fix: Sometimes, aliases: ["DS-0005"],
    }
}

use lookout_diagnostics::{Edit, Fix};
use lookout_syntax::dockerfile::{unquote, InstructionKind};

const EXTRACTED: &[&str] = &[
    ".tar", ".gz", ".bz2", ".xz", ".tgz", ".tbz", ".tbz2", ".txz", ".zst", ".lz", ".lzma",
];

fn needs_add(source: &str) -> bool {
    source.contains("://")
        || source.starts_with("git@")
        || source.starts_with('$')
        || EXTRACTED.iter().any(|s| source.ends_with(s))
}

pub(crate) fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    for (_, ins) in ctx.instructions_of(InstructionKind::Add) {
        if !ins.heredocs.is_empty() || ins.words.len() < 2 {
            continue;
        }
        let sources = ins.words.split_last().map_or(&[][..], |(_, s)| s);
        if sources
            .iter()
            .all(|w| needs_add(&unquote(&w.text, ctx.df.escape)))
        {
            continue;
        }
        // `--checksum`, `--keep-git-dir`, `--unpack` only exist on ADD.
        let add_only_flags = ins
            .flags
            .iter()
            .any(|f| matches!(f.name.as_str(), "checksum" | "keep-git-dir" | "unpack"));
        let mut diagnostic = ctx.diag(
            &META,
            ins.keyword.range,
            "Use COPY instead of ADD for files and folders",
        );
        if !add_only_flags {
            diagnostic = diagnostic.with_fix(Fix::safe(
                "Replace ADD with COPY",
                vec![Edit::replace(ins.keyword.range, "COPY")],
            ));
        }
        out.push(diagnostic);
    }
}
