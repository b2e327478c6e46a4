//! Physical lines → logical lines, the way BuildKit's `parser.Parse` reads them: parser
//! directives at the top, comments dropped, escape-character continuations joined (blank
//! and comment lines inside a continuation skipped), each piece mapped back to the source.

use super::model::{Comment, Directive, ErrorKind, ParseError, Segment};
use lookout_diagnostics::TextRange;

/// BuildKit's whitespace for trimming (Go `unicode.IsSpace` on ASCII).
pub(crate) fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r')
}

/// One physical line: `[start, end)` without its line break.
#[derive(Debug, Clone, Copy)]
pub(crate) struct PhysicalLine {
    pub start: usize,
    pub end: usize,
}

/// Iterates the source line by line, remembering the position.
pub(crate) struct LineCursor<'a> {
    text: &'a str,
    pos: usize,
}

impl<'a> LineCursor<'a> {
    pub fn new(text: &'a str) -> Self {
        // A UTF-8 byte-order mark is not part of the first line.
        let pos = if text.starts_with('\u{feff}') { 3 } else { 0 };
        Self { text, pos }
    }

    /// Offset of the next unread line.
    pub fn position(&self) -> usize {
        self.pos
    }

    pub fn next_line(&mut self) -> Option<PhysicalLine> {
        if self.pos >= self.text.len() {
            return None;
        }
        let rest = &self.text[self.pos..];
        let (len, advance) = match rest.find('\n') {
            Some(nl) => (nl, nl + 1),
            None => (rest.len(), rest.len()),
        };
        let start = self.pos;
        let mut end = start + len;
        // BuildKit trims every trailing CR/LF.
        while end > start && self.text.as_bytes().get(end - 1) == Some(&b'\r') {
            end -= 1;
        }
        self.pos += advance;
        Some(PhysicalLine { start, end })
    }
}

/// The directive parser: only at the top, stops at the first line that is not one.
pub(crate) struct DirectiveState {
    done: bool,
    pub escape: u8,
}

impl DirectiveState {
    pub fn new() -> Self {
        Self {
            done: false,
            escape: b'\\',
        }
    }

    /// Look at a (left-trimmed) line; returns true when it was a directive.
    pub fn process(
        &mut self,
        text: &str,
        line_start: usize,
        directives: &mut Vec<Directive>,
        errors: &mut Vec<ParseError>,
    ) -> bool {
        if self.done {
            return false;
        }
        let Some((name, value, value_offset)) = match_directive(text) else {
            self.done = true;
            return false;
        };
        let name = name.to_ascii_lowercase();
        if !matches!(name.as_str(), "syntax" | "escape" | "check") {
            self.done = true;
            return false;
        }
        let range = TextRange::new(line_start, line_start + text.len());
        let value_range = TextRange::new(
            line_start + value_offset,
            line_start + value_offset + value.len(),
        );
        if directives.iter().any(|d| d.name == name) {
            errors.push(ParseError {
                range,
                message: format!("only one {name} parser directive can be used"),
                kind: ErrorKind::Syntax,
            });
            return true;
        }
        if name == "escape" {
            match value {
                "\\" => self.escape = b'\\',
                "`" => self.escape = b'`',
                _ => errors.push(ParseError {
                    range: value_range,
                    message: format!("invalid escape token '{value}' does not match ` or \\"),
                    kind: ErrorKind::Syntax,
                }),
            }
        }
        directives.push(Directive {
            name,
            value: value.to_string(),
            range,
            value_range,
        });
        true
    }
}

/// `^#\s*([a-zA-Z][a-zA-Z0-9]*)\s*=\s*(.+?)\s*$` → (name, value, value offset).
fn match_directive(line: &str) -> Option<(&str, &str, usize)> {
    let bytes = line.as_bytes();
    if bytes.first() != Some(&b'#') {
        return None;
    }
    let mut i = 1;
    while i < bytes.len() && is_space(bytes[i]) {
        i += 1;
    }
    let name_start = i;
    if !bytes.get(i).is_some_and(u8::is_ascii_alphabetic) {
        return None;
    }
    while i < bytes.len() && bytes[i].is_ascii_alphanumeric() {
        i += 1;
    }
    let name_end = i;
    while i < bytes.len() && is_space(bytes[i]) {
        i += 1;
    }
    if bytes.get(i) != Some(&b'=') {
        return None;
    }
    i += 1;
    while i < bytes.len() && is_space(bytes[i]) {
        i += 1;
    }
    let mut end = bytes.len();
    while end > i && is_space(bytes[end - 1]) {
        end -= 1;
    }
    if end <= i {
        return None;
    }
    Some((&line[name_start..name_end], &line[i..end], i))
}

/// BuildKit's continuation test: `([^E])E[ \t]*$|^E[ \t]*$`. Returns the content length
/// to keep when the line continues.
pub(crate) fn continuation_cut(line: &[u8], escape: u8) -> Option<usize> {
    let mut end = line.len();
    while end > 0 && matches!(line[end - 1], b' ' | b'\t') {
        end -= 1;
    }
    if end == 0 || line[end - 1] != escape {
        return None;
    }
    let escape_at = end - 1;
    if escape_at == 0 || line[escape_at - 1] != escape {
        Some(escape_at)
    } else {
        None
    }
}

pub(crate) fn is_comment(line: &[u8]) -> bool {
    line.iter().find(|b| !is_space(**b)) == Some(&b'#')
}

/// Record a comment line (`#…`) found at `[start, end)`.
pub(crate) fn push_comment(text: &str, line: PhysicalLine, comments: &mut Vec<Comment>) {
    let raw = &text[line.start..line.end];
    let Some(hash) = raw.find('#') else { return };
    comments.push(Comment {
        text: raw[hash + 1..].trim().to_string(),
        range: TextRange::new(line.start + hash, line.end),
    });
}

/// A logical line being assembled from pieces of physical lines.
#[derive(Debug, Default)]
pub(crate) struct LogicalLine {
    pub text: String,
    pub segments: Vec<Segment>,
    /// End of the last physical line consumed.
    pub end: usize,
}

impl LogicalLine {
    pub fn push(&mut self, source: &str, start: usize, end: usize) {
        if end > start {
            self.segments.push(Segment {
                logical: self.text.len(),
                source: start,
                len: end - start,
            });
            self.text.push_str(&source[start..end]);
        }
    }
}
