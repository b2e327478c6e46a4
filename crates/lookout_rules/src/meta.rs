//! Rule metadata and the `declare_rule!` macro that turns a doc comment plus a few fields
//! into a `RuleMeta` static.

use lookout_diagnostics::Severity;
use serde::Serialize;

/// Where rule docs are published; `docs_url()` appends the lowercase code.
pub const DOCS_BASE_URL: &str = "https://lookout.dev/rules/";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Family {
    Dockerfile,
    Kubernetes,
    Secret,
    ImageConfig,
}

impl Family {
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Dockerfile => "dockerfile",
            Self::Kubernetes => "kubernetes",
            Self::Secret => "secret",
            Self::ImageConfig => "image-config",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FixAvailability {
    None,
    Sometimes,
    Always,
}

impl FixAvailability {
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::None => "none",
            Self::Sometimes => "sometimes",
            Self::Always => "always",
        }
    }
}

/// Everything a face needs to know about a rule without running it.
#[derive(Debug)]
pub struct RuleMeta {
    /// Stable external key (`DL3007`, `LKD001`, `LKK001`).
    pub code: &'static str,
    /// kebab-case name (`pin-base-image-digest`).
    pub name: &'static str,
    pub family: Family,
    pub severity: Severity,
    pub fix: FixAvailability,
    /// Other tools' codes and Pod Security Standards controls with the same meaning.
    pub aliases: &'static [&'static str],
    /// The rule's doc comment as written (each line keeps rustdoc's leading space); read it
    /// through [`RuleMeta::docs`].
    pub raw_docs: &'static str,
}

impl RuleMeta {
    /// Markdown with the sections What it does / Why is this bad? / Example / Use instead /
    /// References.
    #[must_use]
    pub fn docs(&self) -> String {
        self.raw_docs
            .lines()
            .map(|l| l.strip_prefix(' ').unwrap_or(l))
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// First sentence of "What it does" (its wrapped lines joined), for listings.
    #[must_use]
    pub fn summary(&self) -> String {
        let docs = self.docs();
        let body = section(&docs, "What it does").unwrap_or(&docs);
        first_sentence(&first_paragraph(body))
    }

    #[must_use]
    pub fn docs_url(&self) -> String {
        format!("{DOCS_BASE_URL}{}", self.code.to_ascii_lowercase())
    }

    /// A docs section's body (between its `## Title` heading and the next heading).
    #[must_use]
    pub fn section(&self, title: &str) -> Option<String> {
        section(&self.docs(), title).map(str::to_string)
    }

    /// Code blocks of the "Example" section (each must fire the rule exactly once).
    #[must_use]
    pub fn examples(&self) -> Vec<String> {
        self.section("Example")
            .map(|s| code_blocks(&s))
            .unwrap_or_default()
    }

    /// Code blocks of the "Use instead" section (none may fire the rule).
    #[must_use]
    pub fn use_instead(&self) -> Vec<String> {
        self.section("Use instead")
            .map(|s| code_blocks(&s))
            .unwrap_or_default()
    }

    /// True when `code` is this rule's code or one of its aliases. Trivy's `DS-0001` and
    /// `DS001`, `KSV-0017` and `KSV017` forms are all accepted.
    #[must_use]
    pub fn answers_to(&self, code: &str) -> bool {
        let wanted = normalize_code(code);
        normalize_code(self.code) == wanted
            || self.aliases.iter().any(|a| normalize_code(a) == wanted)
    }
}

/// Canonical comparison form of a rule code: uppercase, Trivy's dash and zero padding
/// removed (`ds-0001` → `DS1`, `KSV017` → `KSV17`), other codes kept as written.
#[must_use]
pub fn normalize_code(code: &str) -> String {
    let upper = code.trim().to_ascii_uppercase();
    for prefix in ["DS", "KSV", "AVD-DS-", "AVD-KSV-"] {
        if let Some(rest) = upper.strip_prefix(prefix) {
            let digits = rest.trim_start_matches('-');
            if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
                let family = prefix.trim_start_matches("AVD-").trim_end_matches('-');
                return format!("{family}{}", digits.trim_start_matches('0'));
            }
        }
    }
    upper
}

/// The first paragraph of `text`, its lines trimmed and joined with single spaces.
fn first_paragraph(text: &str) -> String {
    text.lines()
        .map(str::trim)
        .skip_while(|l| l.is_empty())
        .take_while(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Abbreviations whose period does not end a sentence.
const ABBREVIATIONS: &[&str] = &["e.g.", "i.e.", "etc.", "vs."];

/// `paragraph` up to the end of its first sentence: a `.` followed by a space, outside
/// backticks and parentheses and not closing an abbreviation; the whole paragraph when
/// no such period comes.
fn first_sentence(paragraph: &str) -> String {
    let mut in_code = false;
    let mut depth = 0usize;
    for (i, c) in paragraph.char_indices() {
        match c {
            '`' => in_code = !in_code,
            '(' if !in_code => depth += 1,
            ')' if !in_code => depth = depth.saturating_sub(1),
            '.' if !in_code && depth == 0 => {
                let sentence = &paragraph[..=i];
                let ends = paragraph[i + 1..].starts_with(' ');
                let abbreviation = ABBREVIATIONS.iter().any(|a| {
                    sentence.ends_with(a)
                        && sentence[..sentence.len() - a.len()]
                            .chars()
                            .next_back()
                            .is_none_or(|p| !p.is_alphanumeric())
                });
                if ends && !abbreviation {
                    return sentence.to_string();
                }
            }
            _ => {}
        }
    }
    paragraph.to_string()
}

fn section<'a>(docs: &'a str, title: &str) -> Option<&'a str> {
    let heading = format!("## {title}");
    let start = docs.find(&heading)? + heading.len();
    let rest = &docs[start..];
    let end = rest.find("\n## ").unwrap_or(rest.len());
    Some(&rest[..end])
}

fn code_blocks(section: &str) -> Vec<String> {
    let mut blocks = Vec::new();
    let mut rest = section;
    while let Some(open) = rest.find("```") {
        let after_fence = &rest[open + 3..];
        let Some(body_start) = after_fence.find('\n') else {
            break;
        };
        let body = &after_fence[body_start + 1..];
        let Some(close) = body.find("```") else { break };
        blocks.push(body[..close].to_string());
        rest = &body[close + 3..];
    }
    blocks
}

/// Declare a rule's metadata as a `static RuleMeta`; the doc comment becomes its docs.
///
/// ```text
/// declare_rule! {
///     /// ## What it does
///     /// …
///     pub static LATEST_TAG = {
///         code: "DL3007", name: "no-latest-tag", family: Dockerfile,
///         severity: Warning, fix: None, aliases: ["DS-0001"],
///     }
/// }
/// ```
#[macro_export]
macro_rules! declare_rule {
    (
        $(#[doc = $doc:literal])*
        $vis:vis static $ident:ident = {
            code: $code:literal,
            name: $name:literal,
            family: $family:ident,
            severity: $severity:ident,
            fix: $fix:ident,
            aliases: [$($alias:literal),* $(,)?] $(,)?
        }
    ) => {
        $vis static $ident: $crate::RuleMeta = $crate::RuleMeta {
            code: $code,
            name: $name,
            family: $crate::Family::$family,
            severity: ::lookout_diagnostics::Severity::$severity,
            fix: $crate::FixAvailability::$fix,
            aliases: &[$($alias),*],
            raw_docs: concat!($($doc, "\n"),*),
        };
    };
}

#[cfg(test)]
mod tests {
    crate::declare_rule! {
        /// ## What it does
        /// Checks a thing.
        ///
        /// ## Example
        /// ```dockerfile
        /// FROM bad
        /// ```
        ///
        /// ## Use instead
        /// ```dockerfile
        /// FROM good
        /// ```
        static SAMPLE = {
            code: "DL9999", name: "sample", family: Dockerfile,
            severity: Warning, fix: None, aliases: ["DS-0001", "KSV017"],
        }
    }

    #[test]
    fn docs_sections_and_blocks_are_extracted() {
        assert_eq!(SAMPLE.summary(), "Checks a thing.");
        assert_eq!(SAMPLE.examples(), vec!["FROM bad\n"]);
        assert_eq!(SAMPLE.use_instead(), vec!["FROM good\n"]);
    }

    #[test]
    fn summary_is_the_first_sentence_with_wrapped_lines_joined() {
        use super::{first_paragraph, first_sentence};
        let paragraph = first_paragraph(
            "\nFlags base images with neither a tag nor a digest (earlier stages and `scratch`\nexcepted). Second sentence.\n\nNext paragraph.",
        );
        assert_eq!(
            first_sentence(&paragraph),
            "Flags base images with neither a tag nor a digest (earlier stages and `scratch` excepted)."
        );
        assert_eq!(
            first_sentence("Flags `a. b` and (c. d), e.g. this. Not this."),
            "Flags `a. b` and (c. d), e.g. this."
        );
        assert_eq!(
            first_sentence("No period at the end"),
            "No period at the end"
        );
        assert_eq!(
            first_sentence("Ends with v1.2 here."),
            "Ends with v1.2 here."
        );
    }

    #[test]
    fn aliases_accept_both_trivy_forms() {
        assert!(SAMPLE.answers_to("DS001"));
        assert!(SAMPLE.answers_to("ds-0001"));
        assert!(SAMPLE.answers_to("KSV-0017"));
        assert!(SAMPLE.answers_to("dl9999"));
        assert!(!SAMPLE.answers_to("DS002"));
    }
}
