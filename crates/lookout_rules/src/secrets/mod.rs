//! Secret rules: credentials left in files, image config and Dockerfiles/manifests.
//!
//! Each rule is data (`rules/*.rs`): lint metadata declared with `declare_rule!` (the code
//! is the rule id, e.g. `aws-access-key-id`), a scan severity, keywords, one regex, an
//! entropy floor and an optional validator. [`scan`] runs one Aho–Corasick pass over all
//! keywords first, so text without any keyword costs one linear pass and no regex; then it
//! applies the shared allow-rules ([`allow`]) and redacts every match ([`redact`]).

pub mod allow;
mod engine;
mod entropy;
mod lint;
pub mod redact;
pub(crate) mod rule;
pub mod rules;
mod validate;

use lookout_diagnostics::TextRange;
use serde::Serialize;

pub use entropy::shannon as shannon_entropy;
pub use lint::scan_text_for_lint;
pub use rule::{Candidate, ScanSeverity, SecretRule, Validator};
pub use rules::{ALL_RULES, RULE_METAS};

use crate::RuleMeta;

/// One secret found in one buffer.
#[derive(Debug, Clone, Serialize)]
pub struct SecretMatch {
    /// The rule's metadata; `rule.code` is the rule id (`aws-access-key-id`).
    #[serde(serialize_with = "serialize_rule_code")]
    pub rule: &'static RuleMeta,
    pub scan_severity: ScanSeverity,
    /// Human title ("AWS access key ID").
    pub title: &'static str,
    /// Byte range of the secret in the scanned data.
    pub range: TextRange,
    /// 1-based line of the secret's first byte.
    pub line: u32,
    /// 1-based column of the secret's first byte, counted in characters.
    pub column: u32,
    /// The secret with all but its first characters replaced by `*`.
    pub redacted: String,
}

impl PartialEq for SecretMatch {
    fn eq(&self, other: &Self) -> bool {
        self.rule.code == other.rule.code
            && self.range == other.range
            && self.line == other.line
            && self.column == other.column
            && self.redacted == other.redacted
    }
}

impl Eq for SecretMatch {}

fn serialize_rule_code<S: serde::Serializer>(
    rule: &&'static RuleMeta,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(rule.code)
}

/// Scan one file's bytes. `path` (relative to the image root or repository) drives the
/// allow-rules: test/example/vendor trees, package-manager trees, lock files, minified
/// bundles and source maps yield nothing; so do binary content and files over
/// [`allow::MAX_FILE_BYTES`]. Matches come back in file order.
#[must_use]
pub fn scan(path: &str, data: &[u8]) -> Vec<SecretMatch> {
    if !wants(path, data.len() as u64)
        || allow::looks_binary(data)
        || allow::looks_minified(path, data)
    {
        return Vec::new();
    }
    engine::scan_bytes(data)
}

/// Scan a value that is not a file (an `Env` entry, a label, a history line): no path
/// rules, but the size, binary and per-line limits still apply.
#[must_use]
pub fn scan_value(data: &[u8]) -> Vec<SecretMatch> {
    if data.len() > allow::MAX_FILE_BYTES || allow::looks_binary(data) {
        return Vec::new();
    }
    engine::scan_bytes(data)
}

/// Cheap pre-filter for a layer walker: false when [`scan`] would skip the file by its path
/// or size alone, so the walker need not read it.
#[must_use]
pub fn wants(path: &str, size: u64) -> bool {
    size <= allow::MAX_FILE_BYTES as u64 && !allow::path_is_allowed(path)
}

/// The secret rule with this id (`github-pat`).
#[must_use]
pub fn rule(id: &str) -> Option<&'static SecretRule> {
    ALL_RULES
        .iter()
        .copied()
        .find(|r| r.meta.code.eq_ignore_ascii_case(id))
}

/// True when every rule's regex compiled; a test keeps it so.
#[must_use]
pub fn all_regexes_compile() -> bool {
    engine::all_regexes_compile()
}
