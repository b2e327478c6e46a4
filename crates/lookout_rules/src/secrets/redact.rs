//! Redaction: no output ever carries a whole secret.

/// Longest redacted value: a private key body would otherwise print as a page of stars.
pub const MAX_REDACTED_CHARS: usize = 64;

/// Keep the first four characters and star the rest (`AKIA****************`), one star per
/// character up to [`MAX_REDACTED_CHARS`]. Short secrets (database passwords like `app`)
/// keep at most a third of their characters, so a redacted value never reveals a secret
/// outright.
#[must_use]
pub fn redact(secret: &str) -> String {
    let total = secret.chars().count();
    let keep = 4.min(total / 3);
    secret
        .chars()
        .take(MAX_REDACTED_CHARS)
        .enumerate()
        .map(|(i, c)| if i < keep { c } else { '*' })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::{redact, MAX_REDACTED_CHARS};

    #[test]
    fn keeps_four_characters_of_long_secrets() {
        assert_eq!(redact("AKIAZ3MF7XQ2LKP4RB6N"), "AKIA****************");
    }

    #[test]
    fn long_secrets_are_capped() {
        let body = "MIIE".to_string() + &"A".repeat(2000);
        let redacted = redact(&body);
        assert_eq!(redacted.chars().count(), MAX_REDACTED_CHARS);
        assert!(redacted.starts_with("MIIE*"));
    }

    #[test]
    fn short_secrets_keep_at_most_a_third() {
        assert_eq!(redact("app"), "a**");
        assert_eq!(redact("ab"), "**");
        assert_eq!(redact("hunter2hunter"), "hunt*********");
    }
}
