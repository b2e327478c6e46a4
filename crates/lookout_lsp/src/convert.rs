//! Byte ranges ↔ LSP positions in the negotiated encoding, and engine severities ↔ LSP.

use lookout_diagnostics::{LineCol, LineIndex, PositionEncoding, Severity, TextRange};
use tower_lsp_server::ls_types::{DiagnosticSeverity, Position, Range};

/// A document's text with its line index, converting in one encoding.
pub struct Positions<'a> {
    text: &'a str,
    index: LineIndex,
    encoding: PositionEncoding,
}

impl<'a> Positions<'a> {
    pub fn new(text: &'a str, encoding: PositionEncoding) -> Self {
        Self {
            text,
            index: LineIndex::new(text),
            encoding,
        }
    }

    pub fn position(&self, offset: usize) -> Position {
        let at = self.index.line_col(self.text, offset, self.encoding);
        Position::new(at.line, at.col)
    }

    pub fn range(&self, range: TextRange) -> Range {
        Range::new(self.position(range.start()), self.position(range.end()))
    }

    /// Byte offset of an LSP position (clamped to the line end / text end).
    pub fn offset(&self, position: Position) -> usize {
        self.index.offset(
            self.text,
            LineCol {
                line: position.line,
                col: position.character,
            },
            self.encoding,
        )
    }

    pub fn text_range(&self, range: Range) -> TextRange {
        let start = self.offset(range.start);
        let end = self.offset(range.end).max(start);
        TextRange::new(start, end)
    }
}

pub fn severity(severity: Severity) -> DiagnosticSeverity {
    match severity {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Info => DiagnosticSeverity::INFORMATION,
        Severity::Style => DiagnosticSeverity::HINT,
    }
}

/// Vulnerability ratings shown in the editor: critical/high are errors, medium a warning.
pub fn rating_severity(rating: lookout_vuln::Rating) -> DiagnosticSeverity {
    use lookout_vuln::Rating;
    match rating {
        Rating::Critical | Rating::High => DiagnosticSeverity::ERROR,
        Rating::Medium => DiagnosticSeverity::WARNING,
        Rating::Low | Rating::Unknown => DiagnosticSeverity::INFORMATION,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emoji_counts_two_utf16_units_and_four_bytes() {
        let text = "LABEL x=\"🐳\" y=1\n";
        let after_emoji = text.find(" y").unwrap_or(0);
        let utf16 = Positions::new(text, PositionEncoding::Utf16);
        assert_eq!(utf16.position(after_emoji), Position::new(0, 12));
        assert_eq!(utf16.offset(Position::new(0, 12)), after_emoji);
        let utf8 = Positions::new(text, PositionEncoding::Utf8);
        assert_eq!(utf8.position(after_emoji), Position::new(0, 14));
    }
}
