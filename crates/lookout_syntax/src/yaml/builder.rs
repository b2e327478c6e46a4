//! Turns saphyr's event stream into [`Node`] trees with byte ranges, expanding aliases
//! under a node budget and refusing documents nested too deep.

use std::collections::HashMap;

use compact_str::CompactString;
use lookout_diagnostics::TextRange;
use saphyr_parser::{Event, Parser, ScalarStyle as SaphyrStyle, Span};

use super::node::{Entry, Mapping, Node, NodeKind, Scalar, ScalarStyle, Sequence};
use super::offsets::CharToByte;
use super::{Document, Limits, YamlError};

/// What one pass over a chunk of the text produced.
pub(crate) struct ChunkResult {
    pub documents: Vec<Document>,
    pub errors: Vec<YamlError>,
    /// Byte offset where a syntax error stopped the parser, if one did.
    pub stopped_at: Option<usize>,
    /// Where the document that held the error started (a `---` line, or the chunk start).
    pub broken_document_start: usize,
    /// Ranges of quoted and block scalars (a `#` inside them is no comment).
    pub string_ranges: Vec<TextRange>,
    /// Nodes copied by alias expansion, counted against [`Limits::max_alias_nodes`].
    pub alias_nodes: usize,
}

enum Frame {
    Sequence {
        items: Vec<Node>,
        flow_start: Option<usize>,
        anchor: usize,
        empty_at: usize,
    },
    Mapping {
        entries: Vec<Entry>,
        pending_key: Option<Node>,
        flow_start: Option<usize>,
        anchor: usize,
        empty_at: usize,
    },
}

struct Builder<'t> {
    /// The chunk being parsed; offsets inside it are shifted by `base`.
    text: &'t str,
    base: usize,
    conv: CharToByte<'t>,
    limits: Limits,
    alias_nodes: usize,
    stack: Vec<Frame>,
    anchors: HashMap<usize, (Node, usize)>,
    root: Option<Node>,
    doc_start: usize,
    /// Set when the current document broke a limit: its events are skipped.
    poisoned: bool,
    documents: Vec<Document>,
    errors: Vec<YamlError>,
    string_ranges: Vec<TextRange>,
}

/// Parse `text` (which starts at byte `base` of the file) until its end or the first
/// syntax error.
pub(crate) fn parse_chunk(
    text: &str,
    base: usize,
    limits: Limits,
    alias_nodes_used: usize,
) -> ChunkResult {
    let mut b = Builder {
        text,
        base,
        conv: CharToByte::new(text),
        limits,
        alias_nodes: alias_nodes_used,
        stack: Vec::new(),
        anchors: HashMap::new(),
        root: None,
        doc_start: 0,
        poisoned: false,
        documents: Vec::new(),
        errors: Vec::new(),
        string_ranges: Vec::new(),
    };
    let mut stopped_at = None;
    for event in Parser::new_from_str(text) {
        match event {
            Ok((event, span)) => b.on_event(event, span),
            Err(err) => {
                let at = b.conv.byte(err.marker().index());
                let at = at.min(text.len());
                let line_end = text[at..].find('\n').map_or(text.len(), |i| at + i);
                b.errors.push(YamlError::Syntax {
                    message: err.info().to_string(),
                    range: TextRange::new(base + at, base + line_end.max(at)),
                });
                stopped_at = Some(at);
                break;
            }
        }
    }
    ChunkResult {
        documents: b.documents,
        errors: b.errors,
        stopped_at: stopped_at.map(|at| base + at),
        broken_document_start: base + b.doc_start,
        string_ranges: b.string_ranges,
        alias_nodes: b.alias_nodes,
    }
}

impl Builder<'_> {
    fn span_bytes(&mut self, span: Span) -> (usize, usize) {
        let start = self.conv.byte(span.start.index());
        let end = self.conv.byte(span.end.index());
        (start, end.max(start))
    }

    fn range(&self, start: usize, end: usize) -> TextRange {
        TextRange::new(self.base + start, self.base + end)
    }

    fn on_event(&mut self, event: Event<'_>, span: Span) {
        match event {
            Event::DocumentStart(_) => {
                let (start, _) = self.span_bytes(span);
                self.doc_start = start;
                self.stack.clear();
                self.root = None;
                self.poisoned = false;
            }
            Event::DocumentEnd => {
                let (_, end) = self.span_bytes(span);
                if !self.poisoned {
                    self.documents.push(Document {
                        root: self.root.take(),
                        range: self.range(self.doc_start, end),
                    });
                }
                self.stack.clear();
                self.root = None;
            }
            _ if self.poisoned => {}
            Event::Scalar(value, style, anchor, tag) => {
                let (start, end) = self.span_bytes(span);
                let node = self.scalar(
                    CompactString::from(value.as_ref()),
                    style,
                    tag.map(|t| t.suffix.clone()),
                    start,
                    end,
                );
                self.finish(node, anchor);
            }
            Event::Alias(id) => {
                let (start, end) = self.span_bytes(span);
                self.alias(id, start, end);
            }
            Event::SequenceStart(anchor, _) => {
                let (start, end) = self.span_bytes(span);
                let flow_start = self.flow_open(start, end, b'[');
                self.open(Frame::Sequence {
                    items: Vec::new(),
                    flow_start,
                    anchor,
                    empty_at: end,
                });
            }
            Event::MappingStart(anchor, _) => {
                let (start, end) = self.span_bytes(span);
                let flow_start = self.flow_open(start, end, b'{');
                self.open(Frame::Mapping {
                    entries: Vec::new(),
                    pending_key: None,
                    flow_start,
                    anchor,
                    empty_at: end,
                });
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let (start, end) = self.span_bytes(span);
                // The span of a closing bracket can run on over a trailing comment.
                let end = match self.text.as_bytes().get(start) {
                    Some(b']' | b'}') => start + 1,
                    _ => end,
                };
                self.close(end);
            }
            Event::StreamStart | Event::StreamEnd | Event::Nothing => {}
        }
    }

    /// Where a flow collection's bracket is, when the start event's span holds one after
    /// any anchor or tag (saphyr's span may also take in the blanks after the bracket).
    fn flow_open(&self, start: usize, end: usize, bracket: u8) -> Option<usize> {
        let bytes = self.text.as_bytes();
        let end = end.min(bytes.len());
        let mut i = start;
        while i < end {
            match bytes[i] {
                b'&' | b'!' => {
                    while i < end && !bytes[i].is_ascii_whitespace() {
                        i += 1;
                    }
                }
                c if c.is_ascii_whitespace() => i += 1,
                c => return (c == bracket).then_some(i),
            }
        }
        None
    }

    fn open(&mut self, frame: Frame) {
        if self.stack.len() >= self.limits.max_depth {
            let at = self.range(self.doc_start, self.doc_start);
            self.poison(YamlError::TooDeep {
                limit: self.limits.max_depth,
                range: at,
            });
            return;
        }
        self.stack.push(frame);
    }

    fn close(&mut self, end_of_event: usize) {
        let Some(frame) = self.stack.pop() else {
            return;
        };
        let (kind, flow_start, anchor, empty_at, first, last) = match frame {
            Frame::Sequence {
                items,
                flow_start,
                anchor,
                empty_at,
            } => {
                let first = items.first().map(|n| n.range.start());
                let last = items.last().map(|n| n.range.end());
                let flow = flow_start.is_some();
                (
                    NodeKind::Sequence(Sequence { items, flow }),
                    flow_start,
                    anchor,
                    empty_at,
                    first,
                    last,
                )
            }
            Frame::Mapping {
                entries,
                flow_start,
                anchor,
                empty_at,
                ..
            } => {
                let first = entries.first().map(|e| e.key.range.start());
                let last = entries
                    .last()
                    .map(|e| e.value.range.end().max(e.key.range.end()));
                let flow = flow_start.is_some();
                (
                    NodeKind::Mapping(Mapping { entries, flow }),
                    flow_start,
                    anchor,
                    empty_at,
                    first,
                    last,
                )
            }
        };
        let range = match flow_start {
            Some(open) => self.range(open, end_of_event),
            None => {
                let empty = self.base + empty_at;
                TextRange::new(first.unwrap_or(empty), last.unwrap_or(empty))
            }
        };
        let node = Node {
            kind,
            range,
            alias_range: None,
        };
        self.finish(node, anchor);
    }

    fn scalar(
        &mut self,
        value: CompactString,
        style: SaphyrStyle,
        tag: Option<String>,
        start: usize,
        end: usize,
    ) -> Node {
        let style = match style {
            SaphyrStyle::SingleQuoted => ScalarStyle::SingleQuoted,
            SaphyrStyle::DoubleQuoted => ScalarStyle::DoubleQuoted,
            SaphyrStyle::Literal => ScalarStyle::Literal,
            SaphyrStyle::Folded => ScalarStyle::Folded,
            _ => ScalarStyle::Plain,
        };
        let (start, end) = self.scalar_extent(style, start, end);
        let range = self.range(start, end);
        if style != ScalarStyle::Plain {
            self.string_ranges.push(range);
        }
        Node {
            kind: NodeKind::Scalar(Scalar { value, style, tag }),
            range,
            alias_range: None,
        }
    }

    /// saphyr's scalar spans include a leading anchor or tag and, for quoted scalars, the
    /// blanks and comment after the closing quote: narrow them to the scalar's own text.
    fn scalar_extent(&self, style: ScalarStyle, start: usize, end: usize) -> (usize, usize) {
        let bytes = self.text.as_bytes();
        let end = end.min(bytes.len());
        let mut start = start.min(end);
        while start < end && matches!(bytes[start], b'&' | b'!') {
            while start < end && !bytes[start].is_ascii_whitespace() {
                start += 1;
            }
            while start < end && bytes[start].is_ascii_whitespace() {
                start += 1;
            }
        }
        let end = match style {
            ScalarStyle::SingleQuoted => closing_single_quote(bytes, start, end),
            ScalarStyle::DoubleQuoted => closing_double_quote(bytes, start, end),
            _ => start + self.text[start..end].trim_end().len(),
        };
        (start, end)
    }

    fn alias(&mut self, id: usize, start: usize, end: usize) {
        let alias_range = self.range(start, end);
        let Some((node, count)) = self.anchors.get(&id) else {
            self.poison(YamlError::UnknownAlias { range: alias_range });
            return;
        };
        if self.alias_nodes + count > self.limits.max_alias_nodes {
            self.poison(YamlError::AliasExpansionTooLarge {
                limit: self.limits.max_alias_nodes,
                range: alias_range,
            });
            return;
        }
        self.alias_nodes += count;
        let mut node = node.clone();
        node.alias_range = Some(alias_range);
        self.finish(node, 0);
    }

    fn poison(&mut self, error: YamlError) {
        self.errors.push(error);
        self.poisoned = true;
        self.stack.clear();
        self.root = None;
    }

    /// A node is complete: remember its anchor and hand it to its parent.
    fn finish(&mut self, node: Node, anchor: usize) {
        if anchor != 0 {
            let count = node.node_count();
            self.anchors.insert(anchor, (node.clone(), count));
        }
        match self.stack.last_mut() {
            None => self.root = Some(node),
            Some(Frame::Sequence { items, .. }) => items.push(node),
            Some(Frame::Mapping {
                entries,
                pending_key,
                ..
            }) => match pending_key.take() {
                None => *pending_key = Some(node),
                Some(key) => entries.push(Entry { key, value: node }),
            },
        }
    }
}

fn closing_single_quote(bytes: &[u8], start: usize, end: usize) -> usize {
    let mut i = start + 1;
    while i < end {
        if bytes[i] == b'\'' {
            if bytes.get(i + 1) == Some(&b'\'') {
                i += 2;
                continue;
            }
            return i + 1;
        }
        i += 1;
    }
    end
}

fn closing_double_quote(bytes: &[u8], start: usize, end: usize) -> usize {
    let mut i = start + 1;
    while i < end {
        match bytes[i] {
            b'\\' => i += 2,
            b'"' => return i + 1,
            _ => i += 1,
        }
    }
    end
}
