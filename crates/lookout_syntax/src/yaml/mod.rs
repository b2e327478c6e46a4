//! YAML with byte positions on every key and value, over the `saphyr-parser` event API
//! (pure Rust, builds for wasm).
//!
//! Speed: saphyr's event stream costs several milliseconds on a 4,000-line manifest file,
//! so each document first goes through the `fast` module, a hand-written one-pass parser for the
//! YAML manifests are made of (block and flow collections, single-line scalars). It gives
//! up on anything else, and saphyr parses that document; a test checks both build the
//! same tree on every manifest of the peer suites. Errors always come from saphyr.
//!
//! - Multi-document streams: each `---` document is one [`Document`].
//! - Anchors and aliases: an alias expands to a copy of the node it names. Copies are
//!   counted against [`Limits::max_alias_nodes`], so a "billion laughs" document is refused
//!   with [`YamlError::AliasExpansionTooLarge`] after bounded work and memory.
//! - Nesting deeper than [`Limits::max_depth`] is refused (it would only come from hostile
//!   input, and the tree is dropped recursively).
//! - Merge keys (`<<: *base`) are honoured by [`Mapping::get`].
//! - A syntax error ends its document; parsing resumes at the next `---` line, so the
//!   documents after a broken one are still available.
//! - Comments: saphyr does not report them, so [`YamlFile::comments`] comes from
//!   [`comments::scan`], a scanner that knows where the parser saw quoted and block
//!   scalars (best effort after a syntax error: see that module).

mod builder;
pub mod comments;
mod fast;
mod node;
mod offsets;

pub use node::{Entry, Mapping, Node, NodeKind, Scalar, ScalarStyle, Sequence};

use lookout_diagnostics::TextRange;

/// Bounds that keep hostile input cheap.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Nodes that alias expansion may copy in the whole file.
    pub max_alias_nodes: usize,
    /// Deepest nesting of sequences and mappings.
    pub max_depth: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_alias_nodes: 100_000,
            max_depth: 128,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum YamlError {
    #[error("YAML syntax error: {message}")]
    Syntax { message: String, range: TextRange },
    #[error(
        "document refused: its aliases expand to more than {limit} nodes (a \"billion laughs\" document?)"
    )]
    AliasExpansionTooLarge { limit: usize, range: TextRange },
    #[error("document refused: nested deeper than {limit} levels")]
    TooDeep { limit: usize, range: TextRange },
    #[error("alias refers to an anchor that is not defined")]
    UnknownAlias { range: TextRange },
}

impl YamlError {
    /// Where the problem is (the alias, the broken line, the document start).
    #[must_use]
    pub fn range(&self) -> TextRange {
        match self {
            Self::Syntax { range, .. }
            | Self::AliasExpansionTooLarge { range, .. }
            | Self::TooDeep { range, .. }
            | Self::UnknownAlias { range } => *range,
        }
    }
}

/// One YAML document of a stream.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    /// `None` for an empty document (`---` followed by nothing).
    pub root: Option<Node>,
    pub range: TextRange,
}

/// A parsed YAML stream: the documents that parsed, the errors, and the comments.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct YamlFile {
    pub documents: Vec<Document>,
    pub errors: Vec<YamlError>,
    /// Each comment from its `#` to the end of its line.
    pub comments: Vec<TextRange>,
    /// Quoted and block scalars, as written: text there is a value, never structure.
    pub strings: Vec<TextRange>,
}

/// Parse a YAML stream with the default [`Limits`].
#[must_use]
pub fn parse(text: &str) -> YamlFile {
    parse_with_limits(text, Limits::default())
}

/// Parse a YAML stream; never panics, whatever the input.
///
/// Each document goes through the fast path (the `fast` module) when it only uses what manifests
/// are made of, and through saphyr otherwise; both give the same tree.
#[must_use]
pub fn parse_with_limits(text: &str, limits: Limits) -> YamlFile {
    if text.starts_with('\u{feff}') || has_stream_syntax(text) {
        return parse_reference_with_limits(text, limits);
    }
    parse_segments(text, segments(text), limits, 0..text.len())
}

/// The byte range of each document of the stream (from its `---` line to the next), when
/// the fast segmentation applies (no BOM, directives or `...`); documents parse
/// independently, so an editor can re-check only the ones that changed.
#[must_use]
pub fn document_ranges(text: &str) -> Option<Vec<std::ops::Range<usize>>> {
    if text.starts_with('\u{feff}') || has_stream_syntax(text) {
        return None;
    }
    Some(segments(text).iter().map(|s| s.start..s.end).collect())
}

/// Where a big stream can be cut in two parts that parse independently: the start of the
/// `---` line nearest the middle. `None` for streams the fast segmentation does not
/// handle (a BOM, directives, `...`) or with a single document.
#[must_use]
pub fn split_point(text: &str) -> Option<usize> {
    if text.starts_with('\u{feff}') || has_stream_syntax(text) {
        return None;
    }
    let middle = text.len() / 2;
    segments(text)
        .iter()
        .filter(|s| s.explicit && s.start > 0)
        .map(|s| s.start)
        .min_by_key(|&start| start.abs_diff(middle))
}

/// Parse the documents of `text[part]`, where `part` runs between document boundaries
/// (`0`, [`split_point`], `text.len()`); ranges stay those of the whole text. Aliases
/// are counted against [`Limits::max_alias_nodes`] within the part.
#[must_use]
pub fn parse_part(text: &str, part: std::ops::Range<usize>, limits: Limits) -> YamlFile {
    let inside = segments(text)
        .into_iter()
        .filter(|s| s.start >= part.start && s.end <= part.end)
        .collect();
    parse_segments(text, inside, limits, part)
}

fn parse_segments(
    text: &str,
    segments: Vec<Segment>,
    limits: Limits,
    part: std::ops::Range<usize>,
) -> YamlFile {
    let mut file = YamlFile::default();
    let mut string_ranges = Vec::new();
    let mut unparsed = Vec::new();
    let mut alias_nodes = 0;
    for segment in segments {
        if let Some(content) = segment.content {
            if let Ok((root, strings)) = fast::parse_document(text, content, segment.end) {
                string_ranges.extend(strings);
                if root.is_some() || segment.explicit {
                    file.documents.push(Document {
                        root,
                        range: TextRange::new(segment.start, segment.end),
                    });
                }
                continue;
            }
        }
        let chunk = builder::parse_chunk(
            &text[segment.start..segment.end],
            segment.start,
            limits,
            alias_nodes,
        );
        alias_nodes = chunk.alias_nodes;
        file.documents.extend(chunk.documents);
        file.errors.extend(chunk.errors);
        string_ranges.extend(chunk.string_ranges);
        if let Some(stopped_at) = chunk.stopped_at {
            unparsed.push(TextRange::new(stopped_at, segment.end));
        }
    }
    file.comments = comments::scan_part(text, part, &string_ranges, &unparsed);
    file.strings = string_ranges;
    file
}

/// How many documents of `text` the fast path accepts (the others go to saphyr): for
/// tests and benchmarks that check the fast path is really taken.
#[must_use]
pub fn documents_on_fast_path(text: &str) -> usize {
    if text.starts_with('\u{feff}') || has_stream_syntax(text) {
        return 0;
    }
    segments(text)
        .iter()
        .filter(|s| {
            s.content
                .is_some_and(|c| fast::parse_document(text, c, s.end).is_ok())
        })
        .count()
}

/// Parse with saphyr alone (no fast path): the reference the fast path is tested against.
#[must_use]
pub fn parse_reference(text: &str) -> YamlFile {
    parse_reference_with_limits(text, Limits::default())
}

fn parse_reference_with_limits(text: &str, limits: Limits) -> YamlFile {
    let mut file = YamlFile::default();
    let mut string_ranges = Vec::new();
    let mut base = 0;
    let mut alias_nodes = 0;
    let mut unparsed = Vec::new();
    loop {
        let chunk = builder::parse_chunk(&text[base..], base, limits, alias_nodes);
        alias_nodes = chunk.alias_nodes;
        file.documents.extend(chunk.documents);
        file.errors.extend(chunk.errors);
        string_ranges.extend(chunk.string_ranges);
        let Some(stopped_at) = chunk.stopped_at else {
            break;
        };
        // Resume at the first `---` after the broken document's own start: an unclosed
        // flow collection swallows later markers, so the error can be reported past them.
        match next_document_start(text, chunk.broken_document_start) {
            Some(next) if next > base => {
                unparsed.push(TextRange::new(stopped_at, next));
                base = next;
            }
            _ => {
                unparsed.push(TextRange::new(stopped_at, text.len()));
                break;
            }
        }
    }
    file.comments = comments::scan(text, &string_ranges, &unparsed);
    file.strings = string_ranges;
    file
}

/// `%` directives and `...` document ends are rare in manifests: such streams go to
/// saphyr whole rather than being split here.
fn has_stream_syntax(text: &str) -> bool {
    // Only line starts matter: jump from one to the next with memchr.
    let starts =
        std::iter::once(0).chain(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
    starts
        .into_iter()
        .any(|start| match text.as_bytes().get(start) {
            Some(b'%') => true,
            Some(b'.') => {
                let line = text[start..].split('\n').next().unwrap_or("");
                is_marker(line, "...")
            }
            _ => false,
        })
}

fn is_marker(line: &str, marker: &str) -> bool {
    line.strip_prefix(marker)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with([' ', '\t', '\r']))
}

/// One document's stretch of the stream: from its `---` line (or the start of the text)
/// to the next `---` line.
struct Segment {
    start: usize,
    end: usize,
    /// Where the content starts (the line after `---`); `None` when the `---` line
    /// itself holds content (`--- {a: 1}`), which is left to saphyr.
    content: Option<usize>,
    /// Opened by a `---` line: a document even when empty.
    explicit: bool,
}

fn segments(text: &str) -> Vec<Segment> {
    let mut out = Vec::new();
    let mut current = Segment {
        start: 0,
        end: text.len(),
        content: Some(0),
        explicit: false,
    };
    // Only lines starting with `-` can be markers: visit line starts with memchr.
    let bytes = text.as_bytes();
    let line_starts = std::iter::once(0).chain(memchr::memchr_iter(b'\n', bytes).map(|i| i + 1));
    for line_start in line_starts {
        if bytes.get(line_start) != Some(&b'-') {
            continue;
        }
        let line_end =
            memchr::memchr(b'\n', &bytes[line_start..]).map_or(text.len(), |i| line_start + i);
        let line = &text[line_start..line_end];
        if is_marker(line, "---") {
            current.end = line_start;
            out.push(current);
            let rest = line[3..].trim();
            current = Segment {
                start: line_start,
                end: text.len(),
                content: (rest.is_empty() || rest.starts_with('#'))
                    .then(|| (line_end + 1).min(text.len())),
                explicit: true,
            };
        }
    }
    out.push(current);
    // The stretch before the first `---` is a document only when it holds something.
    if let Some(first) = out.first() {
        if !first.explicit && !has_content(&text[first.start..first.end]) {
            out.remove(0);
        }
    }
    out
}

fn has_content(text: &str) -> bool {
    text.lines().any(|l| {
        let t = l.trim();
        !t.is_empty() && !t.starts_with('#')
    })
}
/// The byte offset of the first `---` document marker on a line after the one holding
/// `offset`.
fn next_document_start(text: &str, offset: usize) -> Option<usize> {
    let mut line_start = text.get(offset..)?.find('\n')? + offset + 1;
    while line_start < text.len() {
        let line_end = text[line_start..]
            .find('\n')
            .map_or(text.len(), |i| line_start + i);
        let line = text[line_start..line_end].trim_end_matches('\r');
        if let Some(rest) = line.strip_prefix("---") {
            if rest.is_empty() || rest.starts_with([' ', '\t']) {
                return Some(line_start);
            }
        }
        line_start = line_end + 1;
    }
    None
}
