//! The shape of a secret rule: lint metadata (via `declare_rule!`) plus the data the scanner
//! runs — keywords, one regex, an entropy floor, an optional validator and a priority used
//! when two rules match the same bytes.

use serde::Serialize;

use crate::RuleMeta;

/// Severity of a secret finding in an image scan (the contract's `CRITICAL|HIGH|MEDIUM|LOW`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum ScanSeverity {
    Critical,
    High,
    Medium,
    Low,
}

impl ScanSeverity {
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Critical => "CRITICAL",
            Self::High => "HIGH",
            Self::Medium => "MEDIUM",
            Self::Low => "LOW",
        }
    }
}

impl std::fmt::Display for ScanSeverity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What a validator sees of one regex match.
#[derive(Debug, Clone)]
pub struct Candidate<'a> {
    /// The whole scanned buffer (validators may look at context, e.g. `"auths"`).
    pub data: &'a [u8],
    /// Byte range of the whole regex match in `data`.
    pub whole: std::ops::Range<usize>,
    /// The secret itself (the `secret` capture group, or the whole match).
    pub secret: &'a [u8],
}

/// A check run after the regex matched; `false` drops the match.
pub type Validator = fn(&Candidate<'_>) -> bool;

/// One secret rule, declared as data in `secrets/rules/*.rs`.
#[derive(Debug)]
pub struct SecretRule {
    pub meta: &'static RuleMeta,
    /// Human title for reports ("GitHub personal access token").
    pub title: &'static str,
    pub scan_severity: ScanSeverity,
    /// Literal strings, matched case-insensitively; a rule's regex only runs on data that
    /// holds at least one of them.
    pub keywords: &'static [&'static str],
    /// The pattern; a `secret` named group marks the secret, else the whole match is.
    pub regex: &'static str,
    /// Minimum Shannon entropy (bits per byte) of the secret; 0 disables the check.
    pub min_entropy: f32,
    /// Extra check on the match (decodable JWT header, base64 key body, …).
    pub validate: Option<Validator>,
    /// When two matches overlap, the one with the lower priority is dropped.
    pub priority: u8,
    /// The match may start lines after its keyword (PEM bodies, JSON documents); other
    /// rules search only the lines holding a keyword.
    pub multiline: bool,
}

/// Priority of vendor-specific rules; generic ones use less, composite ones more.
pub const PRIORITY_SPECIFIC: u8 = 10;
/// Priority of catch-all rules (generic assignments) that yield to any specific rule.
pub const PRIORITY_GENERIC: u8 = 0;

/// Declares a secret rule: its lint metadata through [`crate::declare_rule!`] and the
/// [`SecretRule`] the scanner runs. The doc comment becomes the rule's docs.
macro_rules! secret_rule {
    (
        $(#[doc = $doc:literal])*
        $rule:ident / $meta:ident = {
            id: $id:literal,
            title: $title:literal,
            lint: $lint:ident,
            scan: $scan:ident,
            keywords: [$($kw:literal),+ $(,)?],
            regex: $regex:literal,
            $(entropy: $entropy:literal,)?
            $(validate: $validate:path,)?
            $(priority: $priority:expr,)?
            $(multiline: $multiline:literal,)?
        }
    ) => {
        $crate::declare_rule! {
            $(#[doc = $doc])*
            pub static $meta = {
                code: $id, name: $id, family: Secret,
                severity: $lint, fix: None, aliases: [],
            }
        }
        pub static $rule: $crate::secrets::SecretRule = $crate::secrets::SecretRule {
            meta: &$meta,
            title: $title,
            scan_severity: $crate::secrets::ScanSeverity::$scan,
            keywords: &[$($kw),+],
            regex: $regex,
            min_entropy: secret_rule!(@or $($entropy)? ; 0.0),
            validate: secret_rule!(@opt $($validate)?),
            priority: secret_rule!(@or $($priority)? ; $crate::secrets::rule::PRIORITY_SPECIFIC),
            multiline: secret_rule!(@or $($multiline)? ; false),
        };
    };
    (@or $value:expr ; $default:expr) => { $value };
    (@or ; $default:expr) => { $default };
    (@opt $validate:path) => { Some($validate) };
    (@opt) => { None };
}

pub(crate) use secret_rule;
