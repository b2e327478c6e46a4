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

/// Name parts that mean the value is a secret.
const SECRET_WORDS: &[&str] = &[
    "PASSWORD",
    "PASSWD",
    "PASSPHRASE",
    "SECRET",
    "SECRETS",
    "TOKEN",
    "APIKEY",
    "CREDENTIAL",
    "CREDENTIALS",
];
/// Adjacent name parts that mean the same (`API_KEY`, `ACCESS_KEY`, …).
const SECRET_PAIRS: &[(&str, &str)] = &[
    ("API", "KEY"),
    ("ACCESS", "KEY"),
    ("PRIVATE", "KEY"),
    ("AUTH", "KEY"),
    ("SECRET", "KEY"),
    ("CLIENT", "SECRET"),
];
/// Parts after the secret word saying the variable points at a secret (`_FILE`, `_PATH`)
/// or describes one (`_HEADER`, `_MIN_LEN`, `_TTL`) rather than holds it.
const DESCRIBING_PARTS: &[&str] = &[
    // Where the secret is.
    "FILE",
    "PATH",
    "DIR",
    "URL",
    "ENDPOINT",
    "NAME",
    "ID", //
    // What it looks like or how it is handled.
    "TYPE",
    "LEN",
    "LENGTH",
    "MIN",
    "MAX",
    "SIZE",
    "COUNT",
    "TTL",
    "TIMEOUT",
    "EXPIRY",
    "EXPIRES",
    "EXPIRATION",
    "ROTATION",
    "POLICY",
    "FORMAT",
    "ALGORITHM",
    "ALGO",
    "HEADER",
];

/// `npmAuthToken`, `NPM_AUTH_TOKEN`, `npm-auth.token` → `NPM`, `AUTH`, `TOKEN`.
fn name_parts(name: &str) -> Vec<String> {
    let mut parts = Vec::new();
    let mut current = String::new();
    let mut previous_lower = false;
    for c in name.chars() {
        if !c.is_ascii_alphanumeric() {
            parts.push(std::mem::take(&mut current));
            previous_lower = false;
            continue;
        }
        if c.is_ascii_uppercase() && previous_lower {
            parts.push(std::mem::take(&mut current));
        }
        previous_lower = c.is_ascii_lowercase() || c.is_ascii_digit();
        current.push(c.to_ascii_uppercase());
    }
    parts.push(current);
    parts.retain(|p| !p.is_empty());
    parts
}

fn looks_secret(name: &str) -> bool {
    let parts = name_parts(name);
    // Index of the part that completes the last secret word or pair.
    let single = parts
        .iter()
        .rposition(|p| SECRET_WORDS.contains(&p.as_str()));
    let pair = parts
        .windows(2)
        .rposition(|w| SECRET_PAIRS.iter().any(|(a, b)| w[0] == *a && w[1] == *b))
        .map(|i| i + 1);
    let Some(last_secret) = single.max(pair) else {
        return false;
    };
    // `API_KEY_HEADER`, `PASSWD_MIN_LEN`: what follows describes the secret.
    !parts
        .iter()
        .skip(last_secret + 1)
        .any(|p| DESCRIBING_PARTS.contains(&p.as_str()))
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

#[cfg(test)]
mod tests {
    use super::looks_secret;

    #[test]
    fn secret_names_are_recognised_by_their_parts() {
        for name in [
            "GITHUB_TOKEN",
            "DB_PASSWORD",
            "npmAuthToken",
            "AWS_SECRET_ACCESS_KEY",
            "API_KEY",
            "client-secret",
            "SECRET_KEY_BASE",
            "MYSQL_ROOT_PASSWORD",
            "ADMIN_PASSWORD_HASH",
            "MAX_PASSWORD",
            "TOKEN_MAX_TOKEN",
        ] {
            assert!(looks_secret(name), "{name}");
        }
        for name in [
            "TOKENIZERS_PARALLELISM",
            "GPG_KEY",
            "PASSWORD_FILE",
            "KEYCLOAK_URL",
            "PWD",
            "SECRET_ID",
            "API_KEY_HEADER",
            "PASSWD_MIN_LEN",
            "PASSWORD_MAX_LENGTH",
            "TOKEN_TTL_SECONDS",
            "JWT_SECRET_EXPIRES_IN",
            "SECRET_ROTATION_DAYS",
            "PASSWORD_POLICY",
            "TOKEN_FORMAT",
            "JWT_SECRET_ALGORITHM",
            "API_KEY_SIZE",
            "TOKEN_COUNT",
            "AUTH_TOKEN_TIMEOUT",
            "SESSION_TOKEN_EXPIRY",
            "PASSWORD_HASH_ALGO",
        ] {
            assert!(!looks_secret(name), "{name}");
        }
    }
}

#[cfg(test)]
mod rule_tests {
    use crate::dockerfile::rules::test_support::fired;

    #[test]
    fn describing_names_are_not_flagged_but_secrets_are() {
        let text =
            "FROM debian:12\nENV API_KEY_HEADER=X-Api-Key\nENV PASSWD_MIN_LEN=8\nARG DB_PASSWORD\n";
        assert_eq!(fired(text, "LKD005"), vec!["DB_PASSWORD"]);
    }
}
