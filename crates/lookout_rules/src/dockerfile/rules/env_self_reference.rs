//! DL3044: Flags an `ENV` that uses a variable defined earlier in the same `ENV`.

use crate::dockerfile::context::Ctx;
use lookout_diagnostics::Diagnostic;

crate::declare_rule! {
    /// ## What it does
    /// Flags an `ENV` that uses a variable defined earlier in the same `ENV`.
    ///
    /// ## Why is this bad?
    /// Within one `ENV` the old value is substituted, not the new one, which is rarely what was meant.
    ///
    /// ## Example
    /// ```dockerfile
    /// ENV BASE=/opt APP=$BASE/app
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// ENV BASE=/opt
    /// ENV APP=$BASE/app
    /// ```
    ///
    /// ## References
    /// - https://github.com/hadolint/hadolint/wiki/DL3044
    pub(crate) static META = {
        code: "DL3044", name: "env-self-reference", family: Dockerfile,
        severity: Error, fix: None, aliases: [],
    }
}

use lookout_syntax::dockerfile::InstructionKind;

/// Variable names referenced as `$NAME` or `${NAME…}`.
fn references(value: &str) -> Vec<&str> {
    let bytes = value.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'$' {
            let start = if bytes.get(i + 1) == Some(&b'{') {
                i + 2
            } else {
                i + 1
            };
            let mut end = start;
            while end < bytes.len() && (bytes[end].is_ascii_alphanumeric() || bytes[end] == b'_') {
                end += 1;
            }
            if end > start {
                out.push(&value[start..end]);
            }
            i = end.max(i + 1);
        } else {
            i += 1;
        }
    }
    out
}

pub(crate) fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    for (_, ins) in ctx.instructions_of(InstructionKind::Env) {
        for (i, pair) in ins.pairs.iter().enumerate() {
            let Some(value) = &pair.value else { continue };
            let earlier = |name: &str| ins.pairs.iter().take(i).any(|p| p.key.text == name);
            if let Some(name) = references(&value.text).into_iter().find(|n| earlier(n)) {
                out.push(ctx.diag(
                    &META,
                    value.range,
                    format!(
                        "`{name}` is defined in this same ENV; its new value is not visible here"
                    ),
                ));
            }
        }
    }
}
