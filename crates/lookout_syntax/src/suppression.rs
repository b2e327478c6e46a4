//! Suppression comments, read the same way for Dockerfiles and YAML:
//!
//! - `# lookout ignore=CODE[,CODE]` (and hadolint's `# hadolint ignore=CODE`) on the line
//!   before an instruction or a YAML key silences those codes for that instruction (all its
//!   continuation lines) or that key (its whole block);
//! - `# lookout ignore-file=CODE[,CODE]` anywhere, and hadolint's
//!   `# hadolint global ignore=CODE`, silence the codes for the whole file.
//!
//! Codes are kept as written; the caller resolves aliases against the rule table.

use lookout_diagnostics::TextRange;

/// Which syntax decides how far a line suppression reaches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CommentStyle {
    /// Reaches the next instruction and its continuation lines.
    Dockerfile { escape: char },
    /// Reaches the next key and every more-indented line below it.
    Yaml,
}

/// One suppression comment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suppression {
    /// The codes as written (`DL3008`, `DS-0002`, `KSV017`, …).
    pub codes: Vec<String>,
    /// Byte range of each code inside the comment, for hover and quick fixes.
    pub code_ranges: Vec<TextRange>,
    /// The comment itself.
    pub comment: TextRange,
    /// Lines (0-based, inclusive) the suppression covers; `None` = the whole file.
    pub lines: Option<(usize, usize)>,
}

impl Suppression {
    #[must_use]
    pub fn covers_line(&self, line: usize) -> bool {
        self.lines
            .is_none_or(|(first, last)| first <= line && line <= last)
    }
}

/// Every suppression comment in `text`.
///
/// Runs on every keystroke in the editor, so it only looks at lines holding a `#` (found
/// with memchr) and builds the line table the first time a directive needs it.
#[must_use]
pub fn find_suppressions(text: &str, style: CommentStyle) -> Vec<Suppression> {
    let mut lines: Option<Vec<(usize, &str)>> = None;
    let mut out = Vec::new();
    let mut next_line = 0;
    for (hash, _) in text.match_indices('#') {
        if hash < next_line {
            continue; // a second `#` on a line already looked at
        }
        let start = text[..hash].rfind('\n').map_or(0, |i| i + 1);
        let end = text[hash..].find('\n').map_or(text.len(), |i| hash + i);
        next_line = end + 1;
        let line = text[start..end].trim_end_matches('\r');
        if !text[start..hash].chars().all(char::is_whitespace) {
            continue; // `#` after code on the line: not a comment line
        }
        let after_hash = &line[hash - start + 1..];
        let comment_start = hash;
        let Some((scope, codes_at)) = parse_directive(after_hash) else {
            continue;
        };
        let codes_offset = comment_start + 1 + codes_at;
        let codes_text = &after_hash[codes_at..];
        let (codes, code_ranges) = split_codes(codes_text, codes_offset);
        if codes.is_empty() {
            continue;
        }
        let lines_covered = match scope {
            Scope::File => None,
            Scope::Next => {
                let lines = lines.get_or_insert_with(|| line_spans(text).collect());
                let index = lines.partition_point(|&(s, _)| s <= start) - 1;
                match next_code_line(lines, index + 1) {
                    Some(target) => Some((target, last_line_of(lines, target, style))),
                    None => continue,
                }
            }
        };
        out.push(Suppression {
            codes,
            code_ranges,
            comment: TextRange::new(comment_start, start + line.len()),
            lines: lines_covered,
        });
    }
    out
}

enum Scope {
    Next,
    File,
}

/// Recognises `lookout ignore=`, `lookout ignore-file=`, `hadolint ignore=` and
/// `hadolint global ignore=`; returns the scope and where the code list starts.
fn parse_directive(after_hash: &str) -> Option<(Scope, usize)> {
    let body = after_hash.trim_start();
    let lead = after_hash.len() - body.len();
    let forms: [(&str, Scope); 4] = [
        ("lookout ignore-file=", Scope::File),
        ("lookout ignore=", Scope::Next),
        ("hadolint global ignore=", Scope::File),
        ("hadolint ignore=", Scope::Next),
    ];
    for (prefix, scope) in forms {
        if body.len() >= prefix.len() && body[..prefix.len()].eq_ignore_ascii_case(prefix) {
            return Some((scope, lead + prefix.len()));
        }
    }
    None
}

fn split_codes(list: &str, base: usize) -> (Vec<String>, Vec<TextRange>) {
    // The list ends at the first whitespace: anything after it is a free-text reason.
    let end = list.find(char::is_whitespace).unwrap_or(list.len());
    let mut codes = Vec::new();
    let mut ranges = Vec::new();
    let mut offset = 0;
    for part in list[..end].split(',') {
        let code = part.trim();
        if !code.is_empty() {
            let lead = part.len() - part.trim_start().len();
            codes.push(code.to_string());
            ranges.push(TextRange::new(
                base + offset + lead,
                base + offset + lead + code.len(),
            ));
        }
        offset += part.len() + 1;
    }
    (codes, ranges)
}

fn line_spans(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut start = 0;
    text.split_inclusive('\n').map(move |raw| {
        let line_start = start;
        start += raw.len();
        (line_start, raw.trim_end_matches(['\n', '\r']))
    })
}

fn is_blank_or_comment(line: &str) -> bool {
    let t = line.trim_start();
    t.is_empty() || t.starts_with('#')
}

fn next_code_line(lines: &[(usize, &str)], from: usize) -> Option<usize> {
    (from..lines.len()).find(|&i| !is_blank_or_comment(lines[i].1))
}

fn last_line_of(lines: &[(usize, &str)], target: usize, style: CommentStyle) -> usize {
    match style {
        CommentStyle::Dockerfile { escape } => {
            let mut last = target;
            while last + 1 < lines.len() && continues(lines[last].1, escape) {
                last += 1;
                // Comment and blank lines inside a continuation do not end the instruction.
                while last + 1 < lines.len() && is_blank_or_comment(lines[last].1) {
                    last += 1;
                }
            }
            last
        }
        CommentStyle::Yaml => {
            let indent = indentation(lines[target].1);
            let is_list_item = lines[target].1.trim_start().starts_with("- ");
            let mut last = target;
            for (i, &(_, line)) in lines.iter().enumerate().skip(target + 1) {
                if is_blank_or_comment(line) {
                    continue;
                }
                let deeper = indentation(line) > indent;
                // A `- key:` list item owns the sibling keys aligned after its dash.
                if deeper
                    || (is_list_item
                        && indentation(line) > indent
                        && !line.trim_start().starts_with("- "))
                {
                    last = i;
                } else {
                    break;
                }
            }
            last
        }
    }
}

fn continues(line: &str, escape: char) -> bool {
    line.trim_end().ends_with(escape) && !line.trim_start().starts_with('#')
}

fn indentation(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dockerfile_ignore_covers_continued_instruction() {
        let text = "FROM debian:12\n# hadolint ignore=DL3008,DL3015 reason here\nRUN apt-get update && \\\n    apt-get install -y curl\nRUN echo\n";
        let found = find_suppressions(text, CommentStyle::Dockerfile { escape: '\\' });
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].codes, vec!["DL3008", "DL3015"]);
        assert_eq!(found[0].lines, Some((2, 3)));
        let first = found[0].code_ranges[0];
        assert_eq!(&text[first.start()..first.end()], "DL3008");
        assert!(!found[0].covers_line(4));
    }

    #[test]
    fn file_wide_forms() {
        let text = "# lookout ignore-file=DL3007\n# hadolint global ignore=DL3006\nFROM x\n";
        let found = find_suppressions(text, CommentStyle::Dockerfile { escape: '\\' });
        assert_eq!(found.len(), 2);
        assert!(found.iter().all(|s| s.lines.is_none()));
    }

    #[test]
    fn yaml_ignore_covers_key_block() {
        let text = "spec:\n  containers:\n    # lookout ignore=KSV-0017\n    - name: a\n      securityContext:\n        privileged: true\n    - name: b\n";
        let found = find_suppressions(text, CommentStyle::Yaml);
        assert_eq!(found[0].lines, Some((3, 5)));
    }

    #[test]
    fn trailing_comment_without_target_is_ignored() {
        let text = "FROM x\n# lookout ignore=DL3007\n";
        assert!(find_suppressions(text, CommentStyle::Dockerfile { escape: '\\' }).is_empty());
    }

    #[test]
    fn only_comment_lines_are_directives_whatever_else_holds_a_hash() {
        // A `#` inside a value, two `#` on one line, CRLF ends, a directive on line 0.
        let text = "# lookout ignore=KSV001\r\nimage: a#b # lookout ignore=LKK001\r\n  # x # lookout ignore=KSV014\r\n  k: v\r\n";
        let found = find_suppressions(text, CommentStyle::Yaml);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].codes, vec!["KSV001"]);
        assert_eq!(found[0].lines, Some((1, 3)));
        assert_eq!(
            &text[found[0].comment.start()..found[0].comment.end()],
            "# lookout ignore=KSV001"
        );
    }
}
