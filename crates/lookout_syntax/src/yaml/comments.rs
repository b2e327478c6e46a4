//! Finds `#` comments, which saphyr's events do not carry.
//!
//! A `#` starts a comment when it begins a line or follows a blank, and is not inside a
//! quoted or block scalar. The parser tells us where those scalars are, so in the parsed
//! part of a file the answer is exact. After a syntax error that no later `---` recovers
//! from, the scanner falls back to a per-line guess: a `#` after a blank that is not
//! between a pair of quotes on its line (best effort: a multi-line quoted string or a
//! block scalar in that region can yield a false comment).

use lookout_diagnostics::TextRange;

/// Comment ranges (from `#` to the end of the line, without `\r`), in source order.
/// `string_ranges` are the quoted and block scalars the parser saw; `unparsed` are the
/// byte ranges the parser never reached (after a syntax error).
#[must_use]
pub fn scan(text: &str, string_ranges: &[TextRange], unparsed: &[TextRange]) -> Vec<TextRange> {
    scan_part(text, 0..text.len(), string_ranges, unparsed)
}

/// [`scan`] over the lines of `text[part]` (`part` starts at a line start).
#[must_use]
pub fn scan_part(
    text: &str,
    part: std::ops::Range<usize>,
    string_ranges: &[TextRange],
    unparsed: &[TextRange],
) -> Vec<TextRange> {
    let mut strings: Vec<TextRange> = string_ranges.to_vec();
    strings.sort_unstable();
    let end = part.end.min(text.len());
    let start = part.start.min(end);
    if unparsed.is_empty() {
        return scan_parsed(text, start..end, &strings);
    }
    let mut comments = Vec::new();
    let mut line_start = start;
    let text = &text[..end];
    while line_start < text.len() {
        let line_end = text[line_start..]
            .find('\n')
            .map_or(text.len(), |i| line_start + i);
        let line = &text[line_start..line_end];
        let guess = unparsed
            .iter()
            .any(|r| line_end > r.start() && line_start < r.end());
        if let Some(hash) = comment_start(line, line_start, &strings, guess) {
            let end = line_start + line.trim_end_matches('\r').len();
            comments.push(TextRange::new(hash, end.max(hash)));
        }
        line_start = line_end + 1;
    }
    comments
}

/// [`scan`] when the parser saw the whole file: only the `#` bytes need a look (found with
/// memchr), which is what keeps this off the per-keystroke cost of big files.
fn scan_parsed(text: &str, part: std::ops::Range<usize>, strings: &[TextRange]) -> Vec<TextRange> {
    let bytes = &text.as_bytes()[..part.end];
    let mut comments = Vec::new();
    let mut next_line = 0;
    for at in memchr::memchr_iter(b'#', &bytes[part.start..]).map(|i| part.start + i) {
        if at < next_line {
            continue; // this line already has its comment
        }
        if at > 0 && !matches!(bytes[at - 1], b' ' | b'\t' | b'\n') {
            continue;
        }
        if inside_string(strings, at) {
            continue;
        }
        let line_end = memchr::memchr(b'\n', &bytes[at..]).map_or(bytes.len(), |i| at + i);
        let end = at + text[at..line_end].trim_end_matches('\r').len();
        comments.push(TextRange::new(at, end));
        next_line = line_end + 1;
    }
    comments
}

fn comment_start(
    line: &str,
    line_start: usize,
    strings: &[TextRange],
    guess: bool,
) -> Option<usize> {
    let bytes = line.as_bytes();
    let mut quote: Option<u8> = None;
    for (i, &b) in bytes.iter().enumerate() {
        if guess {
            match (quote, b) {
                (None, b'"' | b'\'') if i == 0 || is_quote_opener(bytes[i - 1]) => {
                    quote = Some(b);
                    continue;
                }
                (Some(q), _) if b == q => {
                    quote = None;
                    continue;
                }
                (Some(_), _) => continue,
                _ => {}
            }
        }
        if b != b'#' || (i > 0 && !matches!(bytes[i - 1], b' ' | b'\t')) {
            continue;
        }
        let at = line_start + i;
        if !guess && inside_string(strings, at) {
            continue;
        }
        return Some(at);
    }
    None
}

fn is_quote_opener(prev: u8) -> bool {
    matches!(prev, b' ' | b'\t' | b':' | b'[' | b'{' | b',' | b'-')
}

fn inside_string(strings: &[TextRange], offset: usize) -> bool {
    let idx = strings.partition_point(|r| r.start() <= offset);
    idx > 0 && strings[idx - 1].contains(offset)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_in_quotes_is_not_a_comment_but_after_is() {
        let text = "a: \"x # y\" # real\nb: c#d\n# whole\n";
        let q = TextRange::new(3, 10);
        let found = scan(text, &[q], &[]);
        let texts: Vec<&str> = found.iter().map(|r| &text[r.start()..r.end()]).collect();
        assert_eq!(texts, vec!["# real", "# whole"]);
    }

    #[test]
    fn guess_mode_skips_quoted_hash() {
        let text = "a: 'x # y' # tail\n";
        let found = scan(text, &[], &[TextRange::new(0, text.len())]);
        assert_eq!(found.len(), 1);
        assert_eq!(&text[found[0].start()..found[0].end()], "# tail");
    }
}
