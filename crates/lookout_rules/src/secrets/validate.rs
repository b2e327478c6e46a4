//! Checks that run after a rule's regex matched, for formats a regex cannot confirm alone:
//! a JWT's header must decode, a private key needs a base64 body, a generic `password=`
//! needs a value that looks generated rather than a variable name.

use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use base64::Engine as _;

use super::rule::Candidate;

fn text<'a>(c: &Candidate<'a>) -> &'a str {
    std::str::from_utf8(c.secret).unwrap_or("")
}

/// The secret mixes letters and digits: real generated tokens do, words and hex-free
/// identifiers (`SKIPPED_FOR_TESTS_ONLY_0`) rarely do both in a fixed-length run.
pub fn letters_and_digits(c: &Candidate<'_>) -> bool {
    let s = c.secret;
    s.iter().any(u8::is_ascii_digit) && s.iter().any(u8::is_ascii_alphabetic)
}

/// Upper case, lower case and digits all present (base62 tokens of 30+ characters).
pub fn mixed_case_and_digits(c: &Candidate<'_>) -> bool {
    let s = c.secret;
    s.iter().any(u8::is_ascii_digit)
        && s.iter().any(u8::is_ascii_uppercase)
        && s.iter().any(u8::is_ascii_lowercase)
}

/// A JWT: the first segment is base64url JSON naming an `alg` other than `none`.
pub fn jwt_header_has_alg(c: &Candidate<'_>) -> bool {
    let token = text(c);
    let Some(header) = token.split('.').next() else {
        return false;
    };
    let Ok(decoded) = URL_SAFE_NO_PAD.decode(header.trim_end_matches('=')) else {
        return false;
    };
    let Ok(json) = std::str::from_utf8(&decoded) else {
        return false;
    };
    let compact: String = json.chars().filter(|c| !c.is_whitespace()).collect();
    compact.contains("\"alg\":") && !compact.to_ascii_lowercase().contains("\"alg\":\"none\"")
}

/// A PEM/OpenSSH/PGP body: at least 64 base64 characters once line breaks (real or
/// JSON-escaped `\n`) are removed, and not one character repeated.
pub fn private_key_body(c: &Candidate<'_>) -> bool {
    let body = text(c).replace("\\n", "").replace("\\r", "");
    let b64: Vec<u8> = body.bytes().filter(|b| !b.is_ascii_whitespace()).collect();
    if b64.len() < 64 {
        return false;
    }
    let valid = b64
        .iter()
        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'='));
    let first = b64.first().copied().unwrap_or(b'A');
    valid && !b64.iter().all(|&b| b == first) && letters_and_digits(c)
}

/// A GCP service-account key: the document also says `"type": "service_account"`, and the
/// key body is real.
pub fn gcp_service_account(c: &Candidate<'_>) -> bool {
    let window = context(c.data, c.whole.clone(), 4096);
    let compact: Vec<u8> = window
        .iter()
        .copied()
        .filter(|b| !b.is_ascii_whitespace())
        .collect();
    contains(&compact, b"\"type\":\"service_account\"") && private_key_body(c)
}

/// A Docker `config.json` credential: inside an `"auths"` object, and the base64 decodes to
/// `user:password` with a non-empty password.
pub fn docker_auth(c: &Candidate<'_>) -> bool {
    let before = c.data.get(..c.whole.start).unwrap_or(&[]);
    let tail = before.len().saturating_sub(16 * 1024);
    if !contains(before.get(tail..).unwrap_or(&[]), b"\"auths\"") {
        return false;
    }
    basic_auth_base64(c)
}

/// Base64 of `user:password` with both parts present and the password not a placeholder
/// (`.npmrc` `_auth=`, Docker `auth`).
pub fn basic_auth_base64(c: &Candidate<'_>) -> bool {
    let Ok(decoded) = STANDARD.decode(c.secret) else {
        return false;
    };
    let Ok(pair) = std::str::from_utf8(&decoded) else {
        return false;
    };
    match pair.split_once(':') {
        Some((user, password)) => {
            !user.is_empty()
                && !password.is_empty()
                && !super::allow::is_placeholder(password.as_bytes())
        }
        None => false,
    }
}

/// Values of generic `password=`/`secret=`/`api_key=` assignments that look generated:
/// letters plus digits or symbols, not a dotted identifier (`settings.SECRET_KEY`), not a
/// path or URL, not a word from a form (`password`, `none`, `true`).
pub fn generic_secret_value(c: &Candidate<'_>) -> bool {
    let value = text(c);
    if value.len() < 8 {
        return false;
    }
    let lower = value.to_ascii_lowercase();
    const STOPWORDS: &[&str] = &[
        "password",
        "passwd",
        "secret",
        "token",
        "apikey",
        "api_key",
        "null",
        "none",
        "true",
        "false",
        "undefined",
        "required",
        "optional",
        "string",
        "bearer",
        "basic",
    ];
    if STOPWORDS
        .iter()
        .any(|w| lower == *w || lower.starts_with(&format!("{w}_")))
    {
        return false;
    }
    if lower.contains("password") || lower.contains("secret") {
        return false;
    }
    if value.starts_with('/') || value.starts_with("./") || lower.starts_with("http") {
        return false;
    }
    if is_identifier_path(value) {
        return false;
    }
    let has_alpha = value.bytes().any(|b| b.is_ascii_alphabetic());
    let has_digit = value.bytes().any(|b| b.is_ascii_digit());
    let has_symbol = value
        .bytes()
        .any(|b| b.is_ascii_punctuation() && b != b'_' && b != b'.' && b != b'-');
    has_alpha && (has_digit || has_symbol)
}

/// `os.environ`, `self.api_key`, `Settings.SECRET_KEY1`, `PASSWORD_HASH_ALGO_V2`: code, not
/// a value (identifiers separated by dots, or one identifier whose digits only end it).
fn is_identifier_path(value: &str) -> bool {
    let identifier = |part: &str| {
        let mut bytes = part.bytes();
        matches!(bytes.next(), Some(b) if b.is_ascii_alphabetic() || b == b'_')
            && bytes.all(|b| b.is_ascii_alphanumeric() || b == b'_')
    };
    // Namespaces of Perl/C++/Rust (`CPAN::anycwd`) read like dotted paths.
    let dotted = value.replace("::", ".").replace("->", ".");
    if dotted.contains('.') {
        return dotted.split('.').all(identifier);
    }
    // SCREAMING_CASE or snake_case names with an optional numeric suffix.
    let core = value.trim_end_matches(|c: char| c.is_ascii_digit());
    identifier(core)
        && core.contains('_')
        && (core == core.to_ascii_uppercase() || core == core.to_ascii_lowercase())
}

/// Passwords in database URLs: anything but a stand-in (`password`, `pass`, `secret`,
/// `${DB_PASSWORD}`, `***`). Short real passwords (`app`) are reported: they are still
/// credentials in the image.
pub fn database_password(c: &Candidate<'_>) -> bool {
    let lower = text(c).to_ascii_lowercase();
    const STAND_INS: &[&str] = &[
        "password",
        "passwd",
        "pass",
        "pwd",
        "secret",
        "mypassword",
        "yourpassword",
        "user",
        "username",
        "pw",
        "p",
        "x",
    ];
    !STAND_INS.contains(&lower.as_str())
        && !lower.starts_with('%')
        && !lower.starts_with(':')
        && !lower.contains('*')
}

/// Bytes around `range`, `radius` on each side.
fn context(data: &[u8], range: std::ops::Range<usize>, radius: usize) -> &[u8] {
    let start = range.start.saturating_sub(radius);
    let end = range.end.saturating_add(radius).min(data.len());
    data.get(start..end).unwrap_or(&[])
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    !needle.is_empty() && haystack.windows(needle.len()).any(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn candidate(secret: &str) -> Candidate<'_> {
        Candidate {
            data: secret.as_bytes(),
            whole: 0..secret.len(),
            secret: secret.as_bytes(),
        }
    }

    #[test]
    fn identifiers_are_not_generic_secrets() {
        for v in [
            "settings.SECRET_KEY",
            "os.environ",
            "PASSWORD_HASHERS",
            "new_password1",
            "CPAN::anycwd",
            "Win32::GetFullPathName",
        ] {
            assert!(!generic_secret_value(&candidate(v)), "{v}");
        }
        assert!(generic_secret_value(&candidate("Zq7!vB2#kLp9")));
    }

    #[test]
    fn jwt_header_must_decode_with_alg() {
        // {"alg":"HS256","typ":"JWT"} and {"typ":"JWT"}
        let with_alg = concat!("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9", ".e30.sig");
        let without = concat!("eyJ0eXAiOiJKV1QifQ", ".e30.sig");
        assert!(jwt_header_has_alg(&candidate(with_alg)));
        assert!(!jwt_header_has_alg(&candidate(without)));
    }
}
