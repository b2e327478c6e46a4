//! A fast path for the YAML that manifests are made of: block mappings and sequences,
//! single-line plain and quoted scalars, and flow collections. It builds the same tree
//! saphyr's events do (a test compares them over every suite manifest) in one pass without
//! an event queue, which is what keeps a 4,000-line manifest file well under the lint
//! budget.
//!
//! Anything else — anchors, aliases, tags, block scalars, multi-line plain or quoted
//! scalars, escapes, complex keys, tabs, CR line ends, directives, or any error — makes it
//! return [`Bail`], and the caller hands that document to saphyr. The fast path never
//! decides that a document is invalid: only saphyr reports errors.

use compact_str::CompactString;
use lookout_diagnostics::TextRange;

use super::node::{Entry, Mapping, Node, NodeKind, Scalar, ScalarStyle, Sequence};

/// The document uses something the fast path leaves to saphyr.
#[derive(Debug)]
pub(crate) struct Bail;

type R<T> = Result<T, Bail>;

/// Deepest nesting the fast path follows before leaving the document to saphyr (which
/// applies [`super::Limits::max_depth`] and reports it).
const MAX_DEPTH: usize = 64;

pub(crate) struct Fast<'a> {
    b: &'a [u8],
    text: &'a str,
    /// End of the document's content (exclusive).
    end: usize,
    pos: usize,
    depth: usize,
    /// The last answer of `next_content_line` (position it was asked at, result): each
    /// enclosing block asks again for the same line when an inner block ends.
    content_line: Option<(usize, usize, Option<usize>)>,
    /// The last line end found, as (from, end): a line is asked for its end many times.
    last_line: std::cell::Cell<(usize, usize)>,
    pub string_ranges: Vec<TextRange>,
}

/// Parse the document content in `text[start..end]`: `Ok(None)` when it holds nothing.
pub(crate) fn parse_document(
    text: &str,
    start: usize,
    end: usize,
) -> R<(Option<Node>, Vec<TextRange>)> {
    // Tabs and CR line ends need YAML's finer whitespace rules: leave them to saphyr.
    if memchr::memchr2(b'\t', b'\r', &text.as_bytes()[start..end]).is_some() {
        return Err(Bail);
    }
    let mut p = Fast {
        b: text.as_bytes(),
        text,
        end,
        pos: start,
        depth: 0,
        content_line: None,
        last_line: std::cell::Cell::new((usize::MAX, 0)),
        string_ranges: Vec::new(),
    };
    let Some(indent) = p.next_content_line()? else {
        return Ok((None, p.string_ranges));
    };
    let at = p.pos + indent;
    let node = p.block_node(at)?;
    if p.next_content_line()?.is_some() {
        return Err(Bail);
    }
    Ok((Some(node), p.string_ranges))
}

fn scalar(value: CompactString, style: ScalarStyle, range: TextRange) -> Node {
    Node {
        kind: NodeKind::Scalar(Scalar {
            value,
            style,
            tag: None,
        }),
        range,
        alias_range: None,
    }
}

fn block_range(first: Option<TextRange>, last: Option<TextRange>) -> TextRange {
    match (first, last) {
        (Some(f), Some(l)) => f.cover(l),
        _ => TextRange::default(),
    }
}

impl Fast<'_> {
    fn byte(&self, i: usize) -> u8 {
        if i < self.end {
            self.b[i]
        } else {
            b'\n'
        }
    }

    fn line_end(&self, from: usize) -> usize {
        let (start, end) = self.last_line.get();
        if start <= from && from <= end {
            return end;
        }
        let from = from.min(self.end);
        let end = memchr::memchr(b'\n', &self.b[from..self.end]).map_or(self.end, |i| from + i);
        self.last_line.set((from, end));
        end
    }

    fn column(&self, at: usize) -> usize {
        at - memchr::memrchr(b'\n', &self.b[..at]).map_or(0, |i| i + 1)
    }

    /// From a line start, skip blank and comment-only lines. Leaves `pos` at the start of
    /// the next line with content and returns its indentation.
    fn next_content_line(&mut self) -> R<Option<usize>> {
        if let Some((asked, found, indent)) = self.content_line {
            if asked == self.pos {
                self.pos = found;
                return Ok(indent);
            }
        }
        let asked = self.pos;
        let indent = self.scan_content_line();
        self.content_line = Some((asked, self.pos, indent));
        Ok(indent)
    }

    fn scan_content_line(&mut self) -> Option<usize> {
        while self.pos < self.end {
            let end = self.line_end(self.pos);
            let line = &self.b[self.pos..end];
            let indent = line.iter().take_while(|&&c| c == b' ').count();
            match line.get(indent) {
                None | Some(b'#') => self.pos = end + 1,
                Some(_) => return Some(indent),
            }
        }
        self.pos = self.end;
        None
    }

    /// After an inline value ending at `at`: only blanks or a comment may follow on the
    /// line. Moves `pos` to the next line.
    fn finish_line(&mut self, at: usize) -> R<()> {
        let end = self.line_end(at);
        let rest = &self.b[at..end];
        let blanks = rest.iter().take_while(|&&c| c == b' ').count();
        match rest.get(blanks) {
            None => {}
            Some(b'#') if blanks > 0 || at == 0 || self.b[at - 1] == b' ' => {}
            Some(_) => return Err(Bail),
        }
        self.pos = if end >= self.end { self.end } else { end + 1 };
        Ok(())
    }

    fn enter(&mut self) -> R<()> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(Bail);
        }
        Ok(())
    }

    /// A node starting at `at` in block context (after indentation, `- ` or `key: `).
    fn block_node(&mut self, at: usize) -> R<Node> {
        self.enter()?;
        let node = if self.is_dash(at) {
            self.block_sequence(at)
        } else if let Some(colon) = self.key_end(at) {
            self.block_mapping(at, colon)
        } else {
            let (node, end) = self.inline_value(at)?;
            self.finish_line(end)?;
            Ok(node)
        };
        self.depth -= 1;
        node
    }

    fn is_dash(&self, at: usize) -> bool {
        self.byte(at) == b'-' && matches!(self.byte(at + 1), b' ' | b'\n')
    }

    /// If a mapping key starts at `at`, the offset of its `:`.
    fn key_end(&self, at: usize) -> Option<usize> {
        let end = self.line_end(at);
        let colon = match self.byte(at) {
            b'"' | b'\'' => {
                let close = self.quote_end(at, end)?;
                let spaces = self.b[close..end]
                    .iter()
                    .take_while(|&&c| c == b' ')
                    .count();
                close + spaces
            }
            b'[' | b'{' | b'#' | b'&' | b'*' | b'!' | b'|' | b'>' | b'%' | b'@' | b'`' => {
                return None
            }
            _ => {
                // Only `:` and `#` matter on a key line: jump between them.
                let mut i = at;
                loop {
                    i += memchr::memchr2(b':', b'#', self.b.get(i..end)?)?;
                    match self.b[i] {
                        b':' if matches!(self.byte(i + 1), b' ' | b'\n') => break i,
                        b'#' if i > at && self.b[i - 1] == b' ' => return None,
                        _ => i += 1,
                    }
                }
            }
        };
        (self.byte(colon) == b':' && matches!(self.byte(colon + 1), b' ' | b'\n')).then_some(colon)
    }

    /// Offset after the closing quote of a single-line quoted scalar starting at `at`.
    fn quote_end(&self, at: usize, line_end: usize) -> Option<usize> {
        let q = self.b[at];
        let mut i = at + 1;
        while i < line_end {
            let c = self.b[i];
            if c == b'\\' && q == b'"' {
                return None;
            }
            if c == q {
                if q == b'\'' && self.byte(i + 1) == b'\'' {
                    i += 2;
                    continue;
                }
                return Some(i + 1);
            }
            i += 1;
        }
        None
    }

    fn quoted(&mut self, at: usize, line_end: usize) -> R<(Node, usize)> {
        let close = self.quote_end(at, line_end).ok_or(Bail)?;
        let inner = &self.text[at + 1..close - 1];
        let (value, style) = if self.b[at] == b'\'' {
            (
                CompactString::from(inner.replace("''", "'")),
                ScalarStyle::SingleQuoted,
            )
        } else {
            (CompactString::from(inner), ScalarStyle::DoubleQuoted)
        };
        let range = TextRange::new(at, close);
        self.string_ranges.push(range);
        Ok((scalar(value, style, range), close))
    }

    /// A scalar or flow collection on the current line (a flow collection may continue on
    /// later lines). Returns the node and the offset after it.
    fn inline_value(&mut self, at: usize) -> R<(Node, usize)> {
        let end = self.line_end(at);
        match self.byte(at) {
            b'[' | b'{' => self.flow_node(at),
            b'"' | b'\'' => self.quoted(at, end),
            b'&' | b'*' | b'!' | b'|' | b'>' | b'%' | b'@' | b'`' | b'?' | b',' | b']' | b'}'
            | b'#' => Err(Bail),
            b'-' if self.is_dash(at) => Err(Bail),
            _ => {
                let mut stop = end;
                let mut i = at;
                while let Some(found) = memchr::memchr2(b'#', b':', &self.b[i..end]) {
                    i += found;
                    match self.b[i] {
                        b'#' if self.b[i - 1] == b' ' => {
                            stop = i;
                            break;
                        }
                        // `a: b: c` is an error saphyr should report.
                        b':' if matches!(self.byte(i + 1), b' ' | b'\n') => return Err(Bail),
                        _ => {}
                    }
                    i += 1;
                }
                let raw = self.text[at..stop].trim_end_matches(' ');
                let range = TextRange::new(at, at + raw.len());
                Ok((
                    scalar(CompactString::from(raw), ScalarStyle::Plain, range),
                    at + raw.len(),
                ))
            }
        }
    }

    fn block_sequence(&mut self, first_dash: usize) -> R<Node> {
        let dash_col = self.column(first_dash);
        let mut items = Vec::with_capacity(4);
        let mut dash = first_dash;
        loop {
            let after = dash + 1;
            let spaces = self.b[after..self.line_end(after)]
                .iter()
                .take_while(|&&c| c == b' ')
                .count();
            let content = after + spaces;
            let item = if matches!(self.byte(content), b'\n' | b'#') {
                // `-` alone: the item is on the next lines, or null.
                self.finish_line(content)?;
                match self.next_content_line()? {
                    Some(indent) if indent > dash_col => self.block_node(self.pos + indent)?,
                    _ => return Err(Bail),
                }
            } else {
                self.block_node(content)?
            };
            items.push(item);
            match self.next_content_line()? {
                Some(indent) if indent == dash_col && self.is_dash(self.pos + indent) => {
                    dash = self.pos + indent;
                }
                Some(indent) if indent > dash_col => return Err(Bail),
                _ => break,
            }
        }
        let range = block_range(
            items.first().map(|n| n.range),
            items.last().map(|n| n.range),
        );
        Ok(Node {
            kind: NodeKind::Sequence(Sequence { items, flow: false }),
            range,
            alias_range: None,
        })
    }

    fn block_mapping(&mut self, first_key: usize, first_colon: usize) -> R<Node> {
        let key_col = self.column(first_key);
        let mut entries = Vec::with_capacity(4);
        let mut at = first_key;
        let mut colon = first_colon;
        loop {
            let key = self.key(at, colon)?;
            let after = colon + 1;
            let spaces = self.b[after..self.line_end(after)]
                .iter()
                .take_while(|&&c| c == b' ')
                .count();
            let value_at = after + spaces;
            let value = if matches!(self.byte(value_at), b'\n')
                || (self.byte(value_at) == b'#' && spaces > 0)
            {
                self.finish_line(value_at)?;
                match self.next_content_line()? {
                    Some(indent) if indent > key_col => self.block_node(self.pos + indent)?,
                    Some(indent) if indent == key_col && self.is_dash(self.pos + indent) => {
                        let dash = self.pos + indent;
                        self.enter()?;
                        let seq = self.block_sequence(dash)?;
                        self.depth -= 1;
                        seq
                    }
                    // saphyr places an empty value at the colon.
                    _ => scalar(
                        CompactString::default(),
                        ScalarStyle::Plain,
                        TextRange::empty(colon),
                    ),
                }
            } else {
                if self.is_dash(value_at) || self.key_end(value_at).is_some() {
                    return Err(Bail);
                }
                self.enter()?;
                let (node, end) = self.inline_value(value_at)?;
                self.depth -= 1;
                self.finish_line(end)?;
                node
            };
            entries.push(Entry { key, value });
            match self.next_content_line()? {
                Some(indent) if indent == key_col => {
                    at = self.pos + indent;
                    if self.is_dash(at) {
                        return Err(Bail);
                    }
                    colon = self.key_end(at).ok_or(Bail)?;
                }
                Some(indent) if indent > key_col => return Err(Bail),
                _ => break,
            }
        }
        let range = block_range(
            entries.first().map(|e| e.key.range),
            entries.last().map(|e| e.value.range.cover(e.key.range)),
        );
        Ok(Node {
            kind: NodeKind::Mapping(Mapping {
                entries,
                flow: false,
            }),
            range,
            alias_range: None,
        })
    }

    fn key(&mut self, at: usize, colon: usize) -> R<Node> {
        match self.byte(at) {
            b'"' | b'\'' => Ok(self.quoted(at, colon)?.0),
            _ => {
                let raw = self.text[at..colon].trim_end_matches(' ');
                if raw.is_empty() || raw.starts_with(['-', '?', ':']) && raw.len() == 1 {
                    return Err(Bail);
                }
                Ok(scalar(
                    CompactString::from(raw),
                    ScalarStyle::Plain,
                    TextRange::new(at, at + raw.len()),
                ))
            }
        }
    }

    /// Skip blanks, line breaks and comments inside a flow collection.
    fn flow_space(&self, mut i: usize) -> R<usize> {
        loop {
            match self.byte(i) {
                _ if i >= self.end => return Err(Bail),
                b' ' => i += 1,
                b'\n' => i += 1,
                b'\t' | b'\r' => return Err(Bail),
                b'#' if i > 0 && matches!(self.b[i - 1], b' ' | b'\n') => i = self.line_end(i),
                _ => return Ok(i),
            }
        }
    }

    fn flow_node(&mut self, at: usize) -> R<(Node, usize)> {
        self.enter()?;
        let result = match self.byte(at) {
            b'[' => self.flow_sequence(at),
            b'{' => self.flow_mapping(at),
            b'"' | b'\'' => {
                let end = self.line_end(at);
                self.quoted(at, end)
            }
            _ => self.flow_plain(at),
        };
        self.depth -= 1;
        result
    }

    fn flow_plain(&mut self, at: usize) -> R<(Node, usize)> {
        if matches!(
            self.byte(at),
            b'&' | b'*'
                | b'!'
                | b'|'
                | b'>'
                | b'%'
                | b'@'
                | b'`'
                | b'?'
                | b'#'
                | b','
                | b'-'
                | b':'
        ) && !(self.byte(at) == b'-' && self.byte(at + 1).is_ascii_digit())
        {
            return Err(Bail);
        }
        let mut i = at;
        loop {
            match self.byte(i) {
                b',' | b'[' | b']' | b'{' | b'}' | b'\n' => break,
                b':' if matches!(self.byte(i + 1), b' ' | b'\n' | b',' | b']' | b'}') => break,
                b'#' if self.b[i - 1] == b' ' => break,
                _ => i += 1,
            }
        }
        let raw = self.text[at..i].trim_end_matches(' ');
        if raw.is_empty() {
            return Err(Bail);
        }
        // A plain scalar continued on the next line is folded by YAML: leave it to saphyr.
        if self.byte(i) == b'\n' {
            let next = self.flow_space(i)?;
            if !matches!(self.byte(next), b',' | b']' | b'}' | b':') {
                return Err(Bail);
            }
        }
        let range = TextRange::new(at, at + raw.len());
        Ok((
            scalar(CompactString::from(raw), ScalarStyle::Plain, range),
            at + raw.len(),
        ))
    }

    fn flow_sequence(&mut self, open: usize) -> R<(Node, usize)> {
        let mut items = Vec::new();
        let mut i = self.flow_space(open + 1)?;
        loop {
            if self.byte(i) == b']' {
                break;
            }
            let (item, end) = self.flow_node(i)?;
            items.push(item);
            i = self.flow_space(end)?;
            match self.byte(i) {
                b',' => i = self.flow_space(i + 1)?,
                b']' => break,
                _ => return Err(Bail),
            }
        }
        let close = i + 1;
        Ok((
            Node {
                kind: NodeKind::Sequence(Sequence { items, flow: true }),
                range: TextRange::new(open, close),
                alias_range: None,
            },
            close,
        ))
    }

    fn flow_mapping(&mut self, open: usize) -> R<(Node, usize)> {
        let mut entries = Vec::new();
        let mut i = self.flow_space(open + 1)?;
        loop {
            if self.byte(i) == b'}' {
                break;
            }
            if matches!(self.byte(i), b'[' | b'{') {
                return Err(Bail);
            }
            let (key, end) = self.flow_node(i)?;
            i = self.flow_space(end)?;
            if self.byte(i) != b':' {
                return Err(Bail);
            }
            i = self.flow_space(i + 1)?;
            if matches!(self.byte(i), b',' | b'}') {
                return Err(Bail);
            }
            let (value, end) = self.flow_node(i)?;
            entries.push(Entry { key, value });
            i = self.flow_space(end)?;
            match self.byte(i) {
                b',' => i = self.flow_space(i + 1)?,
                b'}' => break,
                _ => return Err(Bail),
            }
        }
        let close = i + 1;
        Ok((
            Node {
                kind: NodeKind::Mapping(Mapping {
                    entries,
                    flow: true,
                }),
                range: TextRange::new(open, close),
                alias_range: None,
            },
            close,
        ))
    }
}
