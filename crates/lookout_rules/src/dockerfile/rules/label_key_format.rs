//! DL3048: Flags `LABEL` keys that break Docker's key format: reserved namespaces (`com.docker.*`, `io.docker.*`, `org.dockerproject.*`), characters other than lowercase letters, digits, `.` and `-`, a start or end that is not a letter/digit, or doubled separators.

use crate::dockerfile::context::Ctx;
use lookout_diagnostics::Diagnostic;

crate::declare_rule! {
    /// ## What it does
    /// Flags `LABEL` keys that break Docker's key format: reserved namespaces (`com.docker.*`, `io.docker.*`, `org.dockerproject.*`), characters other than lowercase letters, digits, `.` and `-`, a start or end that is not a letter/digit, or doubled separators.
    ///
    /// ## Why is this bad?
    /// Tools that read labels (registries, scanners, orchestrators) expect the documented format.
    ///
    /// ## Example
    /// ```dockerfile
    /// LABEL com.docker.version="1.0"
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// LABEL org.opencontainers.image.version="1.0"
    /// ```
    ///
    /// ## References
    /// - https://github.com/hadolint/hadolint/wiki/DL3048
    pub(crate) static META = {
        code: "DL3048", name: "valid-label-key", family: Dockerfile,
        severity: Style, fix: None, aliases: [],
    }
}

use lookout_syntax::dockerfile::{unquote, InstructionKind};

fn is_valid(key: &str) -> bool {
    if ["com.docker.", "io.docker.", "org.dockerproject."]
        .iter()
        .any(|p| key.starts_with(p))
    {
        return false;
    }
    let bytes = key.as_bytes();
    let (Some(first), Some(last)) = (bytes.first(), bytes.last()) else {
        return false;
    };
    first.is_ascii_lowercase()
        && (last.is_ascii_lowercase() || last.is_ascii_digit())
        && bytes
            .iter()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || *b == b'.' || *b == b'-')
        && !key.contains("..")
        && !key.contains("--")
}

pub(crate) fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    for (_, ins) in ctx.instructions_of(InstructionKind::Label) {
        for pair in &ins.pairs {
            let key = unquote(&pair.key.text, ctx.df.escape);
            if !is_valid(&key) {
                out.push(ctx.diag(&META, pair.key.range, format!("Invalid label key '{key}'")));
            }
        }
    }
}
