//! Heredoc markers (`<<EOF`, `<<-EOF`, `3<<"EOF"`) in `RUN`/`COPY`/`ADD` lines, found the
//! way BuildKit's `heredocsFromLine` does: shell words of the line matching
//! `^(\d*)<<(-?)([^<]*)$`.

use super::words::RawWord;

/// A heredoc marker found in the logical line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Marker {
    pub name: String,
    pub file_descriptor: u32,
    pub chomp: bool,
    pub expand: bool,
    pub start: usize,
    pub end: usize,
}

/// Split on unquoted whitespace, keeping quotes and backslashes (BuildKit's lexer with
/// `RawQuotes` and `RawEscapes`).
fn raw_shell_words(line: &str) -> Vec<RawWord> {
    let mut words = Vec::new();
    let mut current: Option<(usize, String)> = None;
    let mut quote: Option<char> = None;
    let mut chars = line.char_indices();
    while let Some((pos, ch)) = chars.next() {
        if quote.is_none() && ch.is_whitespace() {
            if let Some((start, text)) = current.take() {
                words.push(RawWord {
                    text,
                    start,
                    end: pos,
                });
            }
            continue;
        }
        let (_, word) = current.get_or_insert_with(|| (pos, String::new()));
        word.push(ch);
        match quote {
            None if ch == '\'' || ch == '"' => quote = Some(ch),
            None if ch == '\\' => {
                if let Some((_, next)) = chars.next() {
                    word.push(next);
                }
            }
            Some('"') if ch == '\\' => {
                if let Some((_, next)) = chars.next() {
                    word.push(next);
                }
            }
            Some(q) if ch == q => quote = None,
            _ => {}
        }
    }
    if let Some((start, text)) = current {
        words.push(RawWord {
            text,
            start,
            end: line.len(),
        });
    }
    words
}

/// Shell-unquote a heredoc delimiter; `None` unless it is exactly one word.
fn unquote_delimiter(rest: &str) -> Option<String> {
    let mut out = String::new();
    let mut quote: Option<char> = None;
    let mut chars = rest.chars();
    while let Some(ch) = chars.next() {
        match quote {
            None if ch.is_whitespace() => return None,
            None if ch == '\'' || ch == '"' => quote = Some(ch),
            None if ch == '\\' => out.push(chars.next()?),
            Some('"') if ch == '\\' => match chars.next()? {
                n @ ('"' | '\\' | '$' | '`') => out.push(n),
                n => {
                    out.push('\\');
                    out.push(n);
                }
            },
            Some(q) if ch == q => quote = None,
            _ => out.push(ch),
        }
    }
    (quote.is_none() && !out.is_empty()).then_some(out)
}

/// Every heredoc marker in `line` (a logical line), in order.
pub(crate) fn markers(line: &str) -> Vec<Marker> {
    if !line.contains("<<") {
        return Vec::new();
    }
    raw_shell_words(line)
        .into_iter()
        .filter_map(|word| {
            let lt = word.text.find("<<")?;
            let digits = &word.text[..lt];
            if !digits.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            let mut rest = &word.text[lt + 2..];
            let chomp = rest.starts_with('-');
            if chomp {
                rest = &rest[1..];
            }
            if rest.is_empty() || rest.contains('<') {
                return None;
            }
            let name = unquote_delimiter(rest)?;
            let quotes = |s: &str| s.matches(['\'', '"']).count();
            Some(Marker {
                expand: quotes(&name) == quotes(rest),
                name,
                file_descriptor: digits.parse().unwrap_or(0),
                chomp,
                start: word.start,
                end: word.end,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_several_markers_and_quoting() {
        let m = markers("RUN <<EOF 3<<-'END' cat");
        assert_eq!(m.len(), 2);
        assert_eq!(m[0].name, "EOF");
        assert!(m[0].expand && !m[0].chomp);
        assert_eq!(m[1].name, "END");
        assert_eq!(m[1].file_descriptor, 3);
        assert!(m[1].chomp && !m[1].expand);
    }

    #[test]
    fn quoted_markers_are_not_heredocs() {
        assert!(markers("RUN echo '<<EOF'").is_empty());
        assert!(markers("RUN echo \"<<EOF\"").is_empty());
        assert!(markers("RUN echo a<<b").is_empty());
    }
}
