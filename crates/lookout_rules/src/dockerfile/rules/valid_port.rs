//! DL3011: Flags `EXPOSE` ports outside 0–65535.

use crate::dockerfile::context::Ctx;
use lookout_diagnostics::Diagnostic;

crate::declare_rule! {
    /// ## What it does
    /// Flags `EXPOSE` ports outside 0–65535.
    ///
    /// ## Why is this bad?
    /// Such a port cannot exist; the image metadata is wrong and tools relying on it fail.
    ///
    /// ## Example
    /// ```dockerfile
    /// EXPOSE 80000
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// EXPOSE 8080
    /// ```
    ///
    /// ## References
    /// - https://github.com/hadolint/hadolint/wiki/DL3011
    pub(crate) static META = {
        code: "DL3011", name: "valid-port-range", family: Dockerfile,
        severity: Error, fix: None, aliases: ["DS-0008"],
    }
}

use lookout_syntax::dockerfile::InstructionKind;

/// Port numbers of an `EXPOSE` word (`80`, `8000-8010/tcp`); `None` when it holds a variable.
pub(crate) fn ports(word: &str) -> Option<Vec<u64>> {
    let word = word.trim_matches(['"', '\'']);
    if word.contains('$') {
        return None;
    }
    let number = word.split('/').next().unwrap_or(word);
    number.split('-').map(|p| p.parse::<u64>().ok()).collect()
}

pub(crate) fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    for (_, ins) in ctx.instructions_of(InstructionKind::Expose) {
        for word in &ins.words {
            if ports(&word.text).is_some_and(|ps| ps.iter().any(|p| *p > 65535)) {
                out.push(ctx.diag(
                    &META,
                    word.range,
                    format!("Port {} is outside 0-65535", word.text),
                ));
            }
        }
    }
}
