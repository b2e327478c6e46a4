//! DL3010: Flags a `COPY` of a local archive that a later `RUN` extracts with `tar`.

use crate::dockerfile::context::Ctx;
use lookout_diagnostics::Diagnostic;

crate::declare_rule! {
    /// ## What it does
    /// Flags a `COPY` of a local archive that a later `RUN` extracts with `tar`.
    ///
    /// ## Why is this bad?
    /// `ADD` extracts local tar archives itself, in one layer instead of two (the archive and its contents).
    ///
    /// ## Example
    /// ```dockerfile
    /// COPY app.tar.gz /tmp/app.tar.gz
    /// RUN tar -xzf /tmp/app.tar.gz -C /opt
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// ADD app.tar.gz /opt/
    /// ```
    ///
    /// ## References
    /// - https://github.com/hadolint/hadolint/wiki/DL3010
    pub(crate) static META = {
        code: "DL3010", name: "add-for-archives", family: Dockerfile,
        severity: Info, fix: None, aliases: [],
    }
}

use lookout_syntax::dockerfile::InstructionKind;

const ARCHIVES: &[&str] = &[
    ".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tbz", ".tbz2", ".tar.xz", ".txz", ".tar.zst",
];

fn basename(path: &str) -> &str {
    path.rsplit(['/', '\\']).next().unwrap_or(path)
}

pub(crate) fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    for (index, ins) in ctx.instructions_of(InstructionKind::Copy) {
        if ins.flag("from").is_some() || ins.words.len() < 2 {
            continue;
        }
        // Quotes only: Windows paths use `\\` as a separator here, not as an escape.
        let words: Vec<String> = ins
            .words
            .iter()
            .map(|w| w.text.trim_matches(['"', '\'']).to_string())
            .collect();
        let Some((dest, sources)) = words.split_last() else {
            continue;
        };
        for (source_index, source) in sources.iter().enumerate() {
            if !ARCHIVES.iter().any(|a| source.ends_with(a)) {
                continue;
            }
            let names = [basename(source), basename(dest)];
            let extracted = ctx.runs.iter().filter(|r| r.index > index).any(|run| {
                run.script.named("tar").any(|tar| {
                    tar.has_flag(&["extract"], &['x'])
                        || tar
                            .args()
                            .first()
                            .is_some_and(|w| !w.text.starts_with('-') && w.text.contains('x'))
                }) && run.script.named("tar").any(|tar| {
                    tar.args()
                        .iter()
                        .any(|a| names.contains(&basename(a.text.trim_matches(['"', '\'']))))
                })
            });
            if extracted {
                if let Some(word) = ins.words.get(source_index) {
                    out.push(ctx.diag(
                        &META,
                        word.range,
                        "Use ADD to extract a local archive instead of COPY then tar",
                    ));
                }
            }
        }
    }
}
