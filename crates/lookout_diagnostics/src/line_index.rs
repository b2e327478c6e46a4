//! Byte offset ↔ line/column conversion. Built once per document; lookups are a binary
//! search over line starts plus a scan of one line.

use crate::TextRange;

/// How columns are counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PositionEncoding {
    /// Unicode scalar values (what the CLI and wasm API report, 1-based on output). A
    /// byte order mark opening the text is not a column: editors and other linters do not
    /// show it, so `FROM` after it is at column 0.
    Chars,
    /// UTF-16 code units (the LSP default).
    Utf16,
    /// Bytes (LSP `utf-8` when negotiated).
    Utf8,
}

/// A 0-based line and column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct LineCol {
    pub line: u32,
    pub col: u32,
}

#[derive(Debug, Clone)]
pub struct LineIndex {
    line_starts: Vec<usize>,
    len: usize,
}

impl LineIndex {
    #[must_use]
    pub fn new(text: &str) -> Self {
        // memchr: every lint and every editor change builds one of these.
        let line_starts = std::iter::once(0)
            .chain(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1))
            .collect();
        Self {
            line_starts,
            len: text.len(),
        }
    }

    #[must_use]
    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// 0-based line holding `offset` (clamped to the text).
    #[must_use]
    pub fn line_of(&self, offset: usize) -> usize {
        let offset = offset.min(self.len);
        match self.line_starts.binary_search(&offset) {
            Ok(line) => line,
            Err(next) => next - 1,
        }
    }

    /// Byte offset where 0-based `line` starts, if it exists.
    #[must_use]
    pub fn line_start(&self, line: usize) -> Option<usize> {
        self.line_starts.get(line).copied()
    }

    /// Byte range of 0-based `line`, without its line terminator.
    #[must_use]
    pub fn line_range(&self, text: &str, line: usize) -> Option<TextRange> {
        let start = self.line_start(line)?;
        let mut end = self
            .line_starts
            .get(line + 1)
            .map_or(self.len, |next| next - 1);
        if end > start && text.as_bytes().get(end - 1) == Some(&b'\r') {
            end -= 1;
        }
        Some(TextRange::new(start, end))
    }

    /// 0-based line/column of `offset`, columns counted in `encoding`.
    #[must_use]
    pub fn line_col(&self, text: &str, offset: usize, encoding: PositionEncoding) -> LineCol {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.line_of(offset);
        let start = self.line_starts[line];
        let prefix = &text[start..offset];
        let prefix = match encoding {
            PositionEncoding::Chars if start == 0 => prefix.strip_prefix(BOM).unwrap_or(prefix),
            _ => prefix,
        };
        // ASCII (almost every line of a Dockerfile or manifest) is one unit per byte in
        // every encoding; the editor converts thousands of positions per keystroke.
        let col = match encoding {
            _ if prefix.is_ascii() => prefix.len(),
            PositionEncoding::Chars => prefix.chars().count(),
            PositionEncoding::Utf16 => prefix.encode_utf16().count(),
            PositionEncoding::Utf8 => prefix.len(),
        };
        LineCol {
            line: u32::try_from(line).unwrap_or(u32::MAX),
            col: u32::try_from(col).unwrap_or(u32::MAX),
        }
    }

    /// Byte offset of a 0-based line/column in `encoding`; clamped to the line's end.
    #[must_use]
    pub fn offset(&self, text: &str, pos: LineCol, encoding: PositionEncoding) -> usize {
        let Some(start) = self.line_start(pos.line as usize) else {
            return text.len();
        };
        let end = self
            .line_starts
            .get(pos.line as usize + 1)
            .map_or(self.len, |n| n - 1);
        column_offset(text, start, end, pos.col, encoding)
    }
}

/// [`LineIndex::offset`] without building an index: one pass up to the line. An editor's
/// change converts two positions, not the thousands a lint's findings need.
#[must_use]
pub fn offset_of(text: &str, pos: LineCol, encoding: PositionEncoding) -> usize {
    let start = match (pos.line as usize).checked_sub(1) {
        None => 0,
        Some(newlines) => match memchr::memchr_iter(b'\n', text.as_bytes()).nth(newlines) {
            Some(at) => at + 1,
            None => return text.len(),
        },
    };
    let end = memchr::memchr(b'\n', &text.as_bytes()[start..]).map_or(text.len(), |at| start + at);
    column_offset(text, start, end, pos.col, encoding)
}

/// The byte order mark, which [`PositionEncoding::Chars`] does not count as a column.
const BOM: char = '\u{feff}';

/// The byte offset `col` units into the line `start..end` (its end when shorter).
fn column_offset(
    text: &str,
    start: usize,
    end: usize,
    col: u32,
    encoding: PositionEncoding,
) -> usize {
    let start = if encoding == PositionEncoding::Chars && start == 0 && text.starts_with(BOM) {
        BOM.len_utf8().min(end)
    } else {
        start
    };
    let mut units = 0u32;
    for (i, ch) in text[start..end].char_indices() {
        if units >= col {
            return start + i;
        }
        units += match encoding {
            PositionEncoding::Chars => 1,
            PositionEncoding::Utf16 => u32::try_from(ch.len_utf16()).unwrap_or(2),
            PositionEncoding::Utf8 => u32::try_from(ch.len_utf8()).unwrap_or(4),
        };
    }
    end
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The index-free lookup agrees with the index everywhere, past the ends included.
    #[test]
    fn offset_of_agrees_with_the_index() {
        let text = "FROM a\r\nENV A=😀 é B\r\n\nRUN x\n";
        let index = LineIndex::new(text);
        for encoding in [
            PositionEncoding::Utf16,
            PositionEncoding::Utf8,
            PositionEncoding::Chars,
        ] {
            for line in 0..7 {
                for col in 0..20 {
                    let pos = LineCol { line, col };
                    assert_eq!(
                        offset_of(text, pos, encoding),
                        index.offset(text, pos, encoding),
                        "{pos:?} {encoding:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn utf16_columns_count_surrogate_pairs() {
        let text = "ENV A=😀 B\nFROM x\n";
        let idx = LineIndex::new(text);
        let b = text.find('B').unwrap_or_default();
        assert_eq!(
            idx.line_col(text, b, PositionEncoding::Utf16),
            LineCol { line: 0, col: 9 }
        );
        assert_eq!(
            idx.line_col(text, b, PositionEncoding::Chars),
            LineCol { line: 0, col: 8 }
        );
        assert_eq!(
            idx.offset(text, LineCol { line: 0, col: 9 }, PositionEncoding::Utf16),
            b
        );
        let from = text.find("FROM").unwrap_or_default();
        assert_eq!(
            idx.line_col(text, from, PositionEncoding::Chars),
            LineCol { line: 1, col: 0 }
        );
    }

    #[test]
    fn a_leading_byte_order_mark_is_not_a_character_column() {
        let text = "\u{feff}FROM debian:latest\nUSER app\n";
        let idx = LineIndex::new(text);
        let image = text.find("debian").unwrap_or_default();
        assert_eq!(
            idx.line_col(text, image, PositionEncoding::Chars),
            LineCol { line: 0, col: 5 }
        );
        assert_eq!(
            idx.offset(text, LineCol { line: 0, col: 5 }, PositionEncoding::Chars),
            image
        );
        assert_eq!(
            idx.offset(text, LineCol { line: 0, col: 0 }, PositionEncoding::Chars),
            3
        );
        assert_eq!(
            offset_of(text, LineCol { line: 0, col: 5 }, PositionEncoding::Chars),
            image
        );
        // Editors count it (LSP positions must match the client's text).
        assert_eq!(
            idx.line_col(text, image, PositionEncoding::Utf16),
            LineCol { line: 0, col: 6 }
        );
        // Only at the start of the file.
        let text = "FROM a\n\u{feff}USER b\n";
        let idx = LineIndex::new(text);
        let user = text.find("USER").unwrap_or_default();
        assert_eq!(
            idx.line_col(text, user, PositionEncoding::Chars),
            LineCol { line: 1, col: 1 }
        );
    }

    #[test]
    fn offsets_past_the_end_clamp() {
        let text = "ab\ncd";
        let idx = LineIndex::new(text);
        assert_eq!(
            idx.offset(text, LineCol { line: 7, col: 0 }, PositionEncoding::Utf16),
            5
        );
        assert_eq!(
            idx.offset(text, LineCol { line: 0, col: 99 }, PositionEncoding::Utf16),
            2
        );
        assert_eq!(
            idx.line_col(text, 99, PositionEncoding::Chars),
            LineCol { line: 1, col: 2 }
        );
    }
}
