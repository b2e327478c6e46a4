//! `.lookoutignore` and `.trivyignore`: findings the user accepted, one id per line.
//!
//! ```text
//! # comment
//! CVE-2023-1234                       # a vulnerability id (CVE, GHSA, OSV, distro ids)
//! GHSA-xxxx-yyyy-zzzz exp:2025-01-31  # ignored until that day
//! CVE-2023-5678 pkg:npm/lodash        # only for this package (any version)
//! aws-access-key-id                   # a secret rule
//! DL3007                              # a misconfiguration rule
//! ```
//!
//! Trivy reads the same lines (`id` then optional `exp:YYYY-MM-DD`), so a `.trivyignore`
//! works unchanged. Expiry follows Trivy: the entry stops applying on the expiry day itself.
//! "Today" comes in as a string because this crate has no clock (it also runs in wasm).

use thiserror::Error;

use crate::sbom_input::Purl;

/// Largest ignore file accepted; a real one is a few kilobytes.
pub const MAX_IGNOREFILE_BYTES: usize = 16 * 1024 * 1024;

/// Errors of the scan policy inputs: ignore files, OpenVEX documents and SBOMs.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum PolicyError {
    #[error("line {line}: invalid expiry date `{value}` (expected exp:YYYY-MM-DD)")]
    InvalidExpiry { line: usize, value: String },
    #[error("line {line}: invalid package URL `{value}` (expected pkg:type/name)")]
    InvalidPurl { line: usize, value: String },
    #[error("invalid date for today `{0}` (expected YYYY-MM-DD)")]
    InvalidToday(String),
    #[error("{what} is larger than the {limit}-byte limit")]
    TooLarge { what: &'static str, limit: usize },
    #[error("{what} is not valid JSON: {message}")]
    NotJson { what: &'static str, message: String },
    #[error("not an OpenVEX document: {0}")]
    NotOpenVex(String),
    #[error("OpenVEX statement {index}: {reason}")]
    InvalidVexStatement { index: usize, reason: String },
    #[error("not an SBOM: {0}")]
    NotSbom(String),
}

/// One accepted finding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IgnoreEntry {
    /// Vulnerability id, secret rule id or misconfiguration code, as written.
    pub id: String,
    /// `YYYY-MM-DD`: the entry applies before this day.
    pub expires: Option<String>,
    /// Only findings in packages this purl covers (a purl without a version covers every
    /// version).
    pub purl: Option<String>,
    /// The trailing `# …` text, which usually says why the finding is accepted.
    pub comment: Option<String>,
    /// 1-based line in the file.
    pub line: usize,
    parsed_purl: Option<Purl>,
}

impl IgnoreEntry {
    /// Whether this entry names the finding and, when it is scoped, the finding's package.
    fn applies_to(&self, id: &str, aliases: &[String], purl: Option<&str>) -> bool {
        let names_it = self.id.eq_ignore_ascii_case(id)
            || aliases.iter().any(|a| self.id.eq_ignore_ascii_case(a));
        if !names_it {
            return false;
        }
        match &self.parsed_purl {
            None => true,
            Some(scope) => purl
                .and_then(Purl::parse)
                .is_some_and(|candidate| scope.covers(&candidate)),
        }
    }
}

/// A parsed ignore file: the entries in force today, and those that expired.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IgnoreFile {
    entries: Vec<IgnoreEntry>,
    expired: Vec<IgnoreEntry>,
    warnings: Vec<String>,
}

impl IgnoreFile {
    /// The entry that suppresses a finding, if any. An entry matches the finding's `id` or
    /// any of its `aliases` (so `CVE-x` also ignores a GHSA advisory aliased to `CVE-x`);
    /// ids compare without regard to ASCII case. A purl-scoped entry needs the finding's
    /// package `purl` to be covered by it.
    #[must_use]
    pub fn matches(
        &self,
        id: &str,
        aliases: &[String],
        purl: Option<&str>,
    ) -> Option<&IgnoreEntry> {
        self.entries
            .iter()
            .find(|entry| entry.applies_to(id, aliases, purl))
    }

    /// Entries in force.
    #[must_use]
    pub fn entries(&self) -> &[IgnoreEntry] {
        &self.entries
    }

    /// Entries whose expiry date has come; they no longer suppress anything.
    #[must_use]
    pub fn expired(&self) -> &[IgnoreEntry] {
        &self.expired
    }

    /// Non-fatal problems to show the user: expired entries, unknown tokens.
    #[must_use]
    pub fn warnings(&self) -> &[String] {
        &self.warnings
    }

    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

/// Parses a `.lookoutignore` or `.trivyignore`. `today` (`YYYY-MM-DD`, UTC) decides which
/// entries have expired.
///
/// # Errors
/// [`PolicyError::InvalidExpiry`] (with the line) for an `exp:` that is not a real date,
/// [`PolicyError::InvalidPurl`] for a `pkg:` scope that is not a purl,
/// [`PolicyError::InvalidToday`] for a malformed `today`, and [`PolicyError::TooLarge`].
pub fn parse_ignorefile(text: &str, today: &str) -> Result<IgnoreFile, PolicyError> {
    if text.len() > MAX_IGNOREFILE_BYTES {
        return Err(PolicyError::TooLarge {
            what: "ignore file",
            limit: MAX_IGNOREFILE_BYTES,
        });
    }
    if !is_valid_date(today) {
        return Err(PolicyError::InvalidToday(today.to_string()));
    }
    let mut file = IgnoreFile::default();
    for (index, raw) in text.lines().enumerate() {
        let line = index + 1;
        let (content, comment) = split_comment(raw);
        let words: Vec<&str> = content.split_whitespace().collect();
        let Some((id, options)) = words.split_first() else {
            continue;
        };
        let mut entry = IgnoreEntry {
            id: (*id).to_string(),
            expires: None,
            purl: None,
            comment,
            line,
            parsed_purl: None,
        };
        for option in options {
            if let Some(date) = option.strip_prefix("exp:") {
                if !is_valid_date(date) {
                    return Err(PolicyError::InvalidExpiry {
                        line,
                        value: date.to_string(),
                    });
                }
                entry.expires = Some(date.to_string());
            } else if option
                .get(..4)
                .is_some_and(|p| p.eq_ignore_ascii_case("pkg:"))
            {
                let parsed = Purl::parse(option).ok_or_else(|| PolicyError::InvalidPurl {
                    line,
                    value: (*option).to_string(),
                })?;
                entry.purl = Some((*option).to_string());
                entry.parsed_purl = Some(parsed);
            } else {
                file.warnings.push(format!(
                    "line {line}: `{option}` after `{id}` is neither exp:YYYY-MM-DD nor a pkg: \
                     purl; ignored"
                ));
            }
        }
        // Dates are zero-padded ISO 8601, so string order is date order.
        match entry.expires.as_deref() {
            Some(expires) if expires <= today => {
                file.warnings.push(format!(
                    "line {line}: ignore entry `{}` expired on {expires}; it no longer applies",
                    entry.id
                ));
                file.expired.push(entry);
            }
            _ => file.entries.push(entry),
        }
    }
    Ok(file)
}

/// Splits a line at its comment: a `#` at the start or after whitespace (a `#` inside a
/// word, as in a purl subpath `pkg:golang/x#sub`, belongs to the word).
fn split_comment(line: &str) -> (&str, Option<String>) {
    let mut previous_is_space = true;
    for (index, ch) in line.char_indices() {
        if ch == '#' && previous_is_space {
            let comment = line.get(index + 1..).unwrap_or("").trim();
            let content = line.get(..index).unwrap_or("");
            return (content, (!comment.is_empty()).then(|| comment.to_string()));
        }
        previous_is_space = ch.is_whitespace();
    }
    (line, None)
}

/// `YYYY-MM-DD` naming a real day of the Gregorian calendar.
fn is_valid_date(text: &str) -> bool {
    let bytes = text.as_bytes();
    if bytes.len() != 10 || bytes.get(4) != Some(&b'-') || bytes.get(7) != Some(&b'-') {
        return false;
    }
    let number = |range: std::ops::Range<usize>| -> Option<u32> {
        let part = text.get(range)?;
        part.bytes()
            .all(|b| b.is_ascii_digit())
            .then(|| part.parse().ok())
            .flatten()
    };
    let (Some(year), Some(month), Some(day)) = (number(0..4), number(5..7), number(8..10)) else {
        return false;
    };
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    let days_in_month = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days_in_month).contains(&day)
}

#[cfg(test)]
mod tests {
    use super::is_valid_date;

    #[test]
    fn dates_must_exist() {
        assert!(is_valid_date("2024-02-29"));
        assert!(!is_valid_date("2023-02-29"));
        assert!(!is_valid_date("1900-02-29"));
        assert!(is_valid_date("2000-02-29"));
        assert!(!is_valid_date("2024-13-01"));
        assert!(!is_valid_date("2024-04-31"));
        assert!(!is_valid_date("2024-4-01"));
        assert!(!is_valid_date("2024-04-0a"));
        assert!(!is_valid_date("+024-04-01"));
    }
}
