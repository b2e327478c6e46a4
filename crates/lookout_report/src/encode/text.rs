//! Small text helpers several encoders share.

use std::borrow::Cow;

/// Text from an image or a file made safe for a terminal: every control character
/// (C0, DEL, C1; newlines and tabs too, so one warning stays one line) is shown as an
/// escape (`\x1b`, `\n`, `\u{9b}`), so a crafted file name cannot retitle, clear or
/// recolour the terminal that prints it. A backslash is left alone: paths and messages
/// would get noisy, and a lone `\` cannot start a terminal sequence.
#[must_use]
pub fn escape_control(text: &str) -> Cow<'_, str> {
    if !text.chars().any(char::is_control) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() && u32::from(c) < 0x80 => {
                out.push_str(&format!("\\x{:02x}", u32::from(c)));
            }
            c if c.is_control() => out.push_str(&format!("\\u{{{:x}}}", u32::from(c))),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// FNV-1a, 64 bits: stable across platforms and releases (unlike `DefaultHasher`), which
/// fingerprints and document ids must be. Not for security.
#[must_use]
pub(crate) fn fnv1a64(parts: &[&str]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for byte in part.bytes().chain(std::iter::once(0)) {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    hash
}

/// Hex of a 64-bit hash, zero-padded.
#[must_use]
pub(crate) fn hash_hex(parts: &[&str]) -> String {
    format!("{:016x}", fnv1a64(parts))
}

/// A relative URI reference for a path: `/`-separated, unreserved characters and `/` kept,
/// everything else percent-encoded (a `:` in the first segment would otherwise read as a
/// URI scheme).
#[must_use]
pub(crate) fn path_to_uri(path: &str) -> String {
    let slashed = path.replace('\\', "/");
    let mut trimmed = slashed.trim_start_matches('/');
    while let Some(rest) = trimmed.strip_prefix("./") {
        trimmed = rest.trim_start_matches('/');
    }
    let mut out = String::with_capacity(trimmed.len());
    for byte in trimmed.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// `kebab-case` → `PascalCase` (SARIF's convention for rule names).
#[must_use]
pub(crate) fn pascal_case(name: &str) -> String {
    name.split(['-', '_', ' '])
        .filter(|part| !part.is_empty())
        .map(|part| {
            let mut chars = part.chars();
            chars.next().map_or_else(String::new, |first| {
                first.to_uppercase().chain(chars).collect::<String>()
            })
        })
        .collect()
}

/// A sentence ends with a period (SARIF messages, SARIF2001).
#[must_use]
pub(crate) fn as_sentence(text: &str) -> String {
    let trimmed = text.trim_end();
    if trimmed.ends_with(['.', '!', '?']) {
        trimmed.to_string()
    } else {
        format!("{trimmed}.")
    }
}

/// True for absolute http(s) URLs without characters that would break a URI.
#[must_use]
pub(crate) fn is_web_url(text: &str) -> bool {
    (text.starts_with("https://") || text.starts_with("http://"))
        && text.len() > "https://".len()
        && !text
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || c == '"' || c == '<' || c == '>')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uri_encoding_keeps_paths_readable() {
        assert_eq!(path_to_uri("/var/lib/dpkg/status"), "var/lib/dpkg/status");
        assert_eq!(path_to_uri("nginx:1.25"), "nginx%3A1.25");
        assert_eq!(path_to_uri("./deploy/./x.yaml"), "deploy/./x.yaml");
        assert_eq!(path_to_uri("deploy\\x y.yaml"), "deploy/x%20y.yaml");
        assert_eq!(
            path_to_uri("app/node_modules/@scope/x"),
            "app/node_modules/%40scope/x"
        );
    }

    #[test]
    fn control_characters_are_escaped() {
        assert_eq!(
            escape_control("a\u{1b}]0;PWNED\u{7}\u{1b}[2J b"),
            "a\\x1b]0;PWNED\\x07\\x1b[2J b"
        );
        assert_eq!(
            escape_control("x\ny\tz\u{7f}\u{9b}"),
            "x\\ny\\tz\\x7f\\u{9b}"
        );
        assert!(matches!(escape_control("plain/é path"), Cow::Borrowed(_)));
    }

    #[test]
    fn hashes_are_stable() {
        assert_eq!(hash_hex(&["a", "b"]), hash_hex(&["a", "b"]));
        assert_ne!(hash_hex(&["ab", ""]), hash_hex(&["a", "b"]));
    }

    #[test]
    fn names_and_sentences() {
        assert_eq!(pascal_case("no-latest-tag"), "NoLatestTag");
        assert_eq!(as_sentence("Use a tag"), "Use a tag.");
        assert_eq!(as_sentence("Done."), "Done.");
    }
}
