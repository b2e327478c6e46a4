//! Word-level tokenizers of BuildKit's line parsers (`extractBuilderFlags`, `parseWords`,
//! whitespace splitting), each returning logical-line offsets so spans can be mapped back.

use super::lines::is_space;

/// A token found in the logical line: its value and `[start, end)` offsets there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RawWord {
    pub text: String,
    pub start: usize,
    pub end: usize,
}

/// BuildKit's `reWhitespace` (`[\t\v\f\r ]+`), which excludes `\n`.
fn is_split_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | 0x0b | 0x0c | b'\r')
}

/// `reWhitespace.Split(s, -1)` over `line[start..end]` (no empty pieces at the ends
/// because the caller passes trimmed text).
pub(crate) fn split_whitespace(line: &str, start: usize, end: usize) -> Vec<RawWord> {
    let bytes = line.as_bytes();
    let mut words = Vec::new();
    let mut i = start;
    while i < end {
        while i < end && is_split_space(bytes[i]) {
            i += 1;
        }
        if i >= end {
            break;
        }
        let word_start = i;
        while i < end && !is_split_space(bytes[i]) {
            i += 1;
        }
        words.push(RawWord {
            text: line[word_start..i].to_string(),
            start: word_start,
            end: i,
        });
    }
    words
}

/// `[start, end)` with BuildKit's `strings.TrimSpace` applied.
pub(crate) fn trim_span(line: &str, start: usize, end: usize) -> (usize, usize) {
    let bytes = line.as_bytes();
    let (mut s, mut e) = (start, end);
    while s < e && is_space(bytes[s]) {
        s += 1;
    }
    while e > s && is_space(bytes[e - 1]) {
        e -= 1;
    }
    (s, e)
}

/// BuildKit's `extractBuilderFlags`: leading `--flag[=value]` words. Returns the flags
/// (raw words, quotes and `\` processed in `text`) and where the arguments start.
pub(crate) fn extract_flags(line: &str, start: usize, end: usize) -> (Vec<RawWord>, usize) {
    let bytes = line.as_bytes();
    let mut flags = Vec::new();
    let mut pos = start;
    loop {
        while pos < end && is_space(bytes[pos]) {
            pos += 1;
        }
        if pos >= end {
            return (flags, end);
        }
        if !(bytes[pos] == b'-' && bytes.get(pos + 1) == Some(&b'-') && pos + 1 < end) {
            return (flags, pos);
        }
        let word_start = pos;
        let mut word: Vec<u8> = Vec::new();
        let mut quote: Option<u8> = None;
        while pos < end {
            let ch = bytes[pos];
            match quote {
                None => {
                    if is_space(ch) {
                        break;
                    }
                    if ch == b'\'' || ch == b'"' {
                        quote = Some(ch);
                    } else if ch == b'\\' {
                        if pos + 1 < end {
                            pos += 1;
                            word.push(bytes[pos]);
                        }
                    } else {
                        word.push(ch);
                    }
                }
                Some(q) => {
                    if ch == q {
                        quote = None;
                    } else if ch == b'\\' {
                        if pos + 1 < end {
                            pos += 1;
                            word.push(bytes[pos]);
                        }
                    } else {
                        word.push(ch);
                    }
                }
            }
            pos += 1;
        }
        let text = String::from_utf8_lossy(&word).into_owned();
        if text == "--" {
            // `--` ends the flags; arguments start after it.
            return (flags, pos);
        }
        flags.push(RawWord {
            text,
            start: word_start,
            end: pos,
        });
    }
}

/// BuildKit's `parseWords`: split on whitespace outside quotes, keeping quotes and escape
/// characters in the words (`ENV a="b c"` → `a="b c"`).
pub(crate) fn parse_words(line: &str, start: usize, end: usize, escape: char) -> Vec<RawWord> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut word_start = start;
    let mut in_word = false;
    let mut quote: Option<char> = None;
    let mut blank_ok = false;
    let segment = line.get(start..end).unwrap_or("");
    let mut chars = segment.char_indices().peekable();
    while let Some((offset, ch)) = chars.next() {
        let pos = start + offset;
        if !in_word {
            if ch.is_whitespace() {
                continue;
            }
            in_word = true;
            word_start = pos;
        }
        match quote {
            None => {
                if ch.is_whitespace() {
                    if blank_ok || !word.is_empty() {
                        words.push(RawWord {
                            text: std::mem::take(&mut word),
                            start: word_start,
                            end: pos,
                        });
                    }
                    word.clear();
                    blank_ok = false;
                    in_word = false;
                    continue;
                }
                if ch == '\'' || ch == '"' {
                    quote = Some(ch);
                    blank_ok = true;
                }
                if ch == escape {
                    match chars.next() {
                        None => continue,
                        Some((_, next)) => {
                            word.push(ch);
                            word.push(next);
                            continue;
                        }
                    }
                }
                word.push(ch);
            }
            Some(q) => {
                if ch == q {
                    quote = None;
                }
                if ch == escape && q != '\'' {
                    match chars.next() {
                        None => {
                            quote = None;
                            continue;
                        }
                        Some((_, next)) => {
                            word.push(ch);
                            word.push(next);
                            continue;
                        }
                    }
                }
                word.push(ch);
            }
        }
    }
    if in_word && (blank_ok || !word.is_empty()) {
        words.push(RawWord {
            text: word,
            start: word_start,
            end,
        });
    }
    words
}

/// Remove shell quoting from a word as BuildKit's shell lexer does for values: quotes
/// dropped, `\x` → `x` outside single quotes (inside double quotes only before `"`, `\`,
/// `$`, `` ` ``), using `escape` as the escape character.
#[must_use]
pub fn unquote(word: &str, escape: char) -> String {
    let mut out = String::with_capacity(word.len());
    let mut chars = word.chars().peekable();
    let mut quote: Option<char> = None;
    while let Some(ch) = chars.next() {
        match quote {
            None => {
                if ch == '\'' || ch == '"' {
                    quote = Some(ch);
                } else if ch == escape {
                    if let Some(next) = chars.next() {
                        out.push(next);
                    }
                } else {
                    out.push(ch);
                }
            }
            Some('\'') => {
                if ch == '\'' {
                    quote = None;
                } else {
                    out.push(ch);
                }
            }
            Some(q) => {
                if ch == q {
                    quote = None;
                } else if ch == escape {
                    match chars.peek() {
                        Some(&next) if matches!(next, '"' | '\\' | '$' | '`') || next == escape => {
                            out.push(next);
                            chars.next();
                        }
                        _ => out.push(ch),
                    }
                } else {
                    out.push(ch);
                }
            }
        }
    }
    out
}
