//! DL3025: Flags `CMD` and `ENTRYPOINT` in shell form.

use crate::dockerfile::context::Ctx;
use lookout_diagnostics::Diagnostic;

crate::declare_rule! {
    /// ## What it does
    /// Flags `CMD` and `ENTRYPOINT` in shell form.
    ///
    /// ## Why is this bad?
    /// Shell form runs under `/bin/sh -c`: the process is not PID 1 and never receives `SIGTERM`, so containers stop slowly and uncleanly.
    ///
    /// ## Example
    /// ```dockerfile
    /// CMD node server.js
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// CMD ["node", "server.js"]
    /// ```
    ///
    /// ## References
    /// - https://github.com/hadolint/hadolint/wiki/DL3025
    pub(crate) static META = {
        code: "DL3025", name: "json-cmd-entrypoint", family: Dockerfile,
        severity: Warning, fix: Sometimes, aliases: [],
    }
}

use lookout_diagnostics::{Edit, Fix};
use lookout_syntax::dockerfile::{Arguments, InstructionKind};

/// The JSON form of a simple command (plain words only: no quotes, variables or shell
/// operators, which would change meaning without a shell).
fn as_json(command: &str) -> Option<String> {
    if command.contains(|c: char| "\"'`$\\|&;<>(){}*?[]~#".contains(c)) {
        return None;
    }
    let words: Vec<String> = command
        .split_whitespace()
        .map(|w| format!("\"{w}\""))
        .collect();
    (!words.is_empty()).then(|| format!("[{}]", words.join(", ")))
}

pub(crate) fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    for kind in [InstructionKind::Cmd, InstructionKind::Entrypoint] {
        for (_, ins) in ctx.instructions_of(kind) {
            let Arguments::Shell(word) = &ins.arguments else {
                continue;
            };
            let mut diagnostic = ctx.diag(
                &META,
                word.range,
                format!(
                    "Use JSON notation for {} so the process receives signals",
                    kind.as_str()
                ),
            );
            if let Some(json) = as_json(&word.text).filter(|_| ctx.slice(word.range) == word.text) {
                diagnostic = diagnostic.with_fix(Fix::unsafe_(
                    "Convert to JSON (exec) form",
                    vec![Edit::replace(word.range, json)],
                ));
            }
            out.push(diagnostic);
        }
    }
}
