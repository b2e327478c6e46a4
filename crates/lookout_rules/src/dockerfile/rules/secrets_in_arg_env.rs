//! LKD005: Flags `ARG` and `ENV` whose names say they hold a secret (password, token, API key, private key, credentials).

use crate::dockerfile::context::Ctx;
use lookout_diagnostics::Diagnostic;

crate::declare_rule! {
    /// ## What it does
    /// Flags `ARG` and `ENV` whose names say they hold a secret (password, token, API key, private key, credentials).
    ///
    /// ## Why is this bad?
    /// ARG and ENV values are stored in the image metadata and history: anyone who can pull the image can read them. Use `RUN --mount=type=secret`.
    ///
    /// ## Example
    /// ```dockerfile
    /// ARG GITHUB_TOKEN
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// RUN --mount=type=secret,id=github_token cat /run/secrets/github_token > /dev/null
    /// ```
    ///
    /// ## References
    /// - https://avd.aquasec.com/misconfig/ds031
    pub(crate) static META = {
        code: "LKD005", name: "no-secrets-in-arg-env", family: Dockerfile,
        severity: Error, fix: None, aliases: ["DS-0031"],
    }
}

use lookout_syntax::dockerfile::InstructionKind;

const SECRET_WORDS: &[&str] = &[
    "PASSWORD",
    "PASSWD",
    "PASSPHRASE",
    "SECRET",
    "TOKEN",
    "APIKEY",
    "API_KEY",
    "ACCESS_KEY",
    "PRIVATE_KEY",
    "CREDENTIAL",
    "AUTH_KEY",
];
/// Names that point at a secret rather than hold it.
const HARMLESS_SUFFIXES: &[&str] = &[
    "_FILE",
    "_PATH",
    "_DIR",
    "_URL",
    "_ENDPOINT",
    "_NAME",
    "_ID",
    "_TYPE",
];

fn looks_secret(name: &str) -> bool {
    let upper = name.to_ascii_uppercase();
    SECRET_WORDS.iter().any(|w| upper.contains(w))
        && !HARMLESS_SUFFIXES.iter().any(|s| upper.ends_with(s))
}

pub(crate) fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    for (_, ins) in ctx.df.effective_instructions() {
        if !matches!(ins.kind, InstructionKind::Arg | InstructionKind::Env) {
            continue;
        }
        for pair in &ins.pairs {
            if looks_secret(&pair.key.text) {
                out.push(ctx.diag(
                    &META,
                    pair.key.range,
                    format!("{} '{}' looks like a secret; ARG/ENV values stay in the image, use a secret mount", ins.kind.as_str(), pair.key.text),
                ));
            }
        }
    }
}
