//! Leaf types shared by every Lookout crate: byte ranges, line/column conversion,
//! severities, diagnostics and fixes.
//!
//! Everything inside the engine speaks byte offsets ([`TextRange`]); faces convert at the
//! edge with [`LineIndex`] (1-based characters for the CLI and wasm, UTF-16 or UTF-8 code
//! units for the LSP).

mod line_index;

pub use line_index::{offset_of, LineCol, LineIndex, PositionEncoding};

use serde::{Deserialize, Serialize};

/// A half-open byte range `[start, end)` into the source text.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Serialize, Deserialize,
)]
pub struct TextRange {
    pub start: u32,
    pub end: u32,
}

impl TextRange {
    #[must_use]
    pub fn new(start: usize, end: usize) -> Self {
        let start = u32::try_from(start).unwrap_or(u32::MAX);
        let end = u32::try_from(end).unwrap_or(u32::MAX).max(start);
        Self { start, end }
    }

    #[must_use]
    pub fn empty(at: usize) -> Self {
        Self::new(at, at)
    }

    #[must_use]
    pub fn start(self) -> usize {
        self.start as usize
    }

    #[must_use]
    pub fn end(self) -> usize {
        self.end as usize
    }

    #[must_use]
    pub fn len(self) -> usize {
        (self.end - self.start) as usize
    }

    #[must_use]
    pub fn is_empty(self) -> bool {
        self.start == self.end
    }

    #[must_use]
    pub fn contains(self, offset: usize) -> bool {
        self.start() <= offset && offset < self.end()
    }

    /// The smallest range covering both.
    #[must_use]
    pub fn cover(self, other: Self) -> Self {
        Self {
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }

    /// Shift a range that was relative to `base`.
    #[must_use]
    pub fn offset_by(self, base: usize) -> Self {
        Self::new(self.start() + base, self.end() + base)
    }
}

/// Severity of a lint finding, ordered from most to least severe.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Info,
    Style,
}

impl Severity {
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Error => "error",
            Self::Warning => "warning",
            Self::Info => "info",
            Self::Style => "style",
        }
    }

    /// True when `self` is as severe as `threshold` or more.
    #[must_use]
    pub fn at_least(self, threshold: Self) -> bool {
        self <= threshold
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s.trim().to_ascii_lowercase().as_str() {
            "error" => Some(Self::Error),
            "warning" | "warn" => Some(Self::Warning),
            "info" | "information" => Some(Self::Info),
            "style" | "hint" => Some(Self::Style),
            _ => None,
        }
    }
}

impl std::fmt::Display for Severity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Whether applying a fix is guaranteed to keep the meaning the user intended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Applicability {
    /// Mechanical and meaning-preserving (adds `-y`, `--no-cache`, …).
    Safe,
    /// Changes behaviour the user may rely on (drops capabilities, switches user, …).
    Unsafe,
}

/// Replace `range` with `text`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Edit {
    pub range: TextRange,
    pub text: String,
}

impl Edit {
    #[must_use]
    pub fn replace(range: TextRange, text: impl Into<String>) -> Self {
        Self {
            range,
            text: text.into(),
        }
    }

    #[must_use]
    pub fn insert(at: usize, text: impl Into<String>) -> Self {
        Self {
            range: TextRange::empty(at),
            text: text.into(),
        }
    }
}

/// A quick fix: a title for editors, edits, and how safe it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fix {
    pub title: String,
    pub applicability: Applicability,
    pub edits: Vec<Edit>,
}

impl Fix {
    #[must_use]
    pub fn safe(title: impl Into<String>, edits: Vec<Edit>) -> Self {
        Self {
            title: title.into(),
            applicability: Applicability::Safe,
            edits,
        }
    }

    #[must_use]
    pub fn unsafe_(title: impl Into<String>, edits: Vec<Edit>) -> Self {
        Self {
            title: title.into(),
            applicability: Applicability::Unsafe,
            edits,
        }
    }
}

/// A second location that explains a finding (the stage a `COPY --from` refers to, …).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Related {
    pub range: TextRange,
    pub message: String,
}

/// One finding in one text document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Diagnostic {
    /// The rule's primary code (`DL3007`, `LKK001`, `LKD000` for syntax errors).
    pub code: &'static str,
    pub severity: Severity,
    pub range: TextRange,
    pub message: std::sync::Arc<str>,
    pub fix: Option<Fix>,
    pub related: Vec<Related>,
}

impl Diagnostic {
    /// Moves every range (the finding's, related ones, fix edits) from a text where its
    /// region started at `old_start` to one where the same region starts at `new_start`:
    /// findings of an unchanged YAML document are reused after edits elsewhere.
    pub fn rebase(&mut self, old_start: usize, new_start: usize) {
        let shift = |r: &mut TextRange| {
            let moved = |at: u32| (at as usize).saturating_sub(old_start) + new_start;
            *r = TextRange::new(moved(r.start), moved(r.end));
        };
        shift(&mut self.range);
        for related in &mut self.related {
            shift(&mut related.range);
        }
        if let Some(fix) = &mut self.fix {
            for edit in &mut fix.edits {
                shift(&mut edit.range);
            }
        }
    }

    #[must_use]
    pub fn new(
        code: &'static str,
        severity: Severity,
        range: TextRange,
        message: impl Into<String>,
    ) -> Self {
        Self {
            code,
            severity,
            range,
            message: message.into().into(),
            fix: None,
            related: Vec::new(),
        }
    }

    #[must_use]
    pub fn with_fix(mut self, fix: Fix) -> Self {
        self.fix = Some(fix);
        self
    }

    #[must_use]
    pub fn with_related(mut self, range: TextRange, message: impl Into<String>) -> Self {
        self.related.push(Related {
            range,
            message: message.into(),
        });
        self
    }
}

/// Apply non-overlapping edits to `text`. Overlapping edits after the first are dropped,
/// which is how fix convergence is reached when several fixes touch the same span.
#[must_use]
pub fn apply_edits(text: &str, edits: &[Edit]) -> String {
    let mut sorted: Vec<&Edit> = edits.iter().collect();
    sorted.sort_by_key(|e| (e.range.start, e.range.end));
    let mut out = String::with_capacity(text.len());
    let mut cursor = 0usize;
    for edit in sorted {
        let (start, end) = (edit.range.start(), edit.range.end());
        if start < cursor
            || end > text.len()
            || !text.is_char_boundary(start)
            || !text.is_char_boundary(end)
        {
            continue;
        }
        out.push_str(&text[cursor..start]);
        out.push_str(&edit.text);
        cursor = end;
    }
    out.push_str(&text[cursor..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn severity_threshold_orders_error_first() {
        assert!(Severity::Error.at_least(Severity::Warning));
        assert!(Severity::Warning.at_least(Severity::Warning));
        assert!(!Severity::Info.at_least(Severity::Warning));
    }

    #[test]
    fn edits_apply_in_order_and_skip_overlaps() {
        let text = "RUN apt-get install curl";
        let edits = vec![
            Edit::insert(20, "-y "),
            Edit::replace(TextRange::new(0, 3), "run"),
            Edit::replace(TextRange::new(1, 2), "X"),
        ];
        assert_eq!(apply_edits(text, &edits), "run apt-get install -y curl");
    }
}
