//! The YAML tree: scalars, sequences and mappings, each with the byte range it covers.

use compact_str::CompactString;
use lookout_diagnostics::TextRange;

/// How a scalar was written; plain scalars are the only ones YAML resolves to booleans,
/// numbers and null.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScalarStyle {
    Plain,
    SingleQuoted,
    DoubleQuoted,
    Literal,
    Folded,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scalar {
    /// The value after YAML unescaping and folding. A `CompactString` keeps the short
    /// keys and values manifests are made of inline, without a heap allocation each.
    pub value: CompactString,
    pub style: ScalarStyle,
    /// An explicit tag (`!!str`, `!custom`) as written, when there is one.
    pub tag: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sequence {
    pub items: Vec<Node>,
    /// `[a, b]` rather than `- a` lines.
    pub flow: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub key: Node,
    pub value: Node,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mapping {
    pub entries: Vec<Entry>,
    /// `{a: b}` rather than `a: b` lines.
    pub flow: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NodeKind {
    Scalar(Scalar),
    Sequence(Sequence),
    Mapping(Mapping),
}

/// One YAML node. `range` covers the node's text without its anchor or tag; a node that
/// came from an alias carries the range of the anchored node it copies and
/// `alias_range` says where the alias was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Node {
    pub kind: NodeKind,
    pub range: TextRange,
    pub alias_range: Option<TextRange>,
}

/// YAML 1.1 boolean words, as Kubernetes' YAML reader (go-yaml v2) understands them.
const TRUE_WORDS: &[&str] = &[
    "true", "True", "TRUE", "yes", "Yes", "YES", "on", "On", "ON",
];
const FALSE_WORDS: &[&str] = &[
    "false", "False", "FALSE", "no", "No", "NO", "off", "Off", "OFF",
];
const NULL_WORDS: &[&str] = &["", "~", "null", "Null", "NULL"];

impl Scalar {
    /// Plain and untagged: the only scalars YAML resolves to bool, int or null.
    #[must_use]
    pub fn is_resolvable(&self) -> bool {
        self.style == ScalarStyle::Plain && self.tag.is_none()
    }
}

impl Node {
    #[must_use]
    pub fn as_scalar(&self) -> Option<&Scalar> {
        match &self.kind {
            NodeKind::Scalar(s) => Some(s),
            _ => None,
        }
    }

    #[must_use]
    pub fn as_mapping(&self) -> Option<&Mapping> {
        match &self.kind {
            NodeKind::Mapping(m) => Some(m),
            _ => None,
        }
    }

    #[must_use]
    pub fn as_sequence(&self) -> Option<&Sequence> {
        match &self.kind {
            NodeKind::Sequence(s) => Some(s),
            _ => None,
        }
    }

    /// The scalar's text whatever its style (a quoted `"true"` is the string `true`).
    #[must_use]
    pub fn as_str(&self) -> Option<&str> {
        self.as_scalar().map(|s| s.value.as_str())
    }

    /// A plain `true`/`false` (and the YAML 1.1 words Kubernetes also accepts).
    #[must_use]
    pub fn as_bool(&self) -> Option<bool> {
        let s = self.as_scalar().filter(|s| s.is_resolvable())?;
        if TRUE_WORDS.contains(&s.value.as_str()) {
            Some(true)
        } else if FALSE_WORDS.contains(&s.value.as_str()) {
            Some(false)
        } else {
            None
        }
    }

    /// A plain integer (decimal, `0x` hex, `0o` octal; `_` separators are not YAML 1.2).
    #[must_use]
    pub fn as_i64(&self) -> Option<i64> {
        let s = self.as_scalar().filter(|s| s.is_resolvable())?;
        parse_int(&s.value)
    }

    /// A plain `null`, `~` or empty value.
    #[must_use]
    pub fn is_null(&self) -> bool {
        self.as_scalar()
            .is_some_and(|s| s.is_resolvable() && NULL_WORDS.contains(&s.value.as_str()))
    }

    /// The value of `key` when this node is a mapping (merge keys `<<` included).
    #[must_use]
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.as_mapping()?.get(key)
    }

    /// The entry of `key` when this node is a mapping, for the key's own range.
    #[must_use]
    pub fn entry(&self, key: &str) -> Option<&Entry> {
        self.as_mapping()?.entry(key)
    }

    /// Items of a sequence; empty for anything else (including null).
    pub fn items(&self) -> impl Iterator<Item = &Node> {
        self.as_sequence().into_iter().flat_map(|s| s.items.iter())
    }

    /// How many nodes this subtree holds, counting itself.
    #[must_use]
    pub fn node_count(&self) -> usize {
        1 + match &self.kind {
            NodeKind::Scalar(_) => 0,
            NodeKind::Sequence(s) => s.items.iter().map(Node::node_count).sum(),
            NodeKind::Mapping(m) => m
                .entries
                .iter()
                .map(|e| e.key.node_count() + e.value.node_count())
                .sum(),
        }
    }
}

impl Mapping {
    /// The entry whose key is the scalar `key`. Explicit keys win over keys merged in with
    /// `<<: *anchor`, as in YAML 1.1 merge semantics which Kubernetes follows. A key
    /// written twice (invalid YAML, reported by the manifest lint) gives its last entry:
    /// Kubernetes' decoder keeps the last value.
    #[must_use]
    pub fn entry(&self, key: &str) -> Option<&Entry> {
        // One pass: most lookups are for optional keys that are absent, so only go
        // through merged mappings when the mapping has a `<<` entry at all.
        // Byte slices compared by length first: the model reads a dozen absent keys per
        // container, so this loop runs tens of thousands of times on a big file.
        let wanted = key.as_bytes();
        let mut has_merge = false;
        let mut found = None;
        for e in &self.entries {
            if let NodeKind::Scalar(s) = &e.key.kind {
                let written = s.value.as_bytes();
                if written.len() == wanted.len() && written == wanted && key != "<<" {
                    found = Some(e);
                }
                has_merge |= written == b"<<" && s.style == ScalarStyle::Plain;
            }
        }
        if found.is_some() {
            found
        } else if has_merge {
            self.merged_entry(key)
        } else {
            None
        }
    }

    #[must_use]
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.entry(key).map(|e| &e.value)
    }

    fn merged_entry(&self, key: &str) -> Option<&Entry> {
        self.entries
            .iter()
            .filter(|e| is_merge_key(&e.key))
            .find_map(|merge| match &merge.value.kind {
                NodeKind::Mapping(m) => m.entry(key),
                NodeKind::Sequence(s) => s.items.iter().find_map(|n| n.as_mapping()?.entry(key)),
                NodeKind::Scalar(_) => None,
            })
    }

    /// Entries with scalar keys, as `(key text, entry)`, merge keys left out.
    pub fn scalar_entries(&self) -> impl Iterator<Item = (&str, &Entry)> {
        self.entries
            .iter()
            .filter(|e| !is_merge_key(&e.key))
            .filter_map(|e| Some((e.key.as_str()?, e)))
    }
}

fn is_merge_key(key: &Node) -> bool {
    key.as_scalar()
        .is_some_and(|s| s.style == ScalarStyle::Plain && s.value == "<<")
}

fn parse_int(text: &str) -> Option<i64> {
    let (negative, digits) = match text.as_bytes().first()? {
        b'-' => (true, text.get(1..)?),
        b'+' => (false, text.get(1..)?),
        _ => (false, text),
    };
    let magnitude = if let Some(hex) = digits.strip_prefix("0x") {
        i64::from_str_radix(hex, 16).ok()?
    } else if let Some(oct) = digits.strip_prefix("0o") {
        i64::from_str_radix(oct, 8).ok()?
    } else if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
        digits.parse::<i64>().ok()?
    } else {
        return None;
    };
    Some(if negative { -magnitude } else { magnitude })
}

#[cfg(test)]
mod tests {
    use super::parse_int;

    #[test]
    fn integers_in_yaml_forms() {
        assert_eq!(parse_int("1000"), Some(1000));
        assert_eq!(parse_int("-1"), Some(-1));
        assert_eq!(parse_int("0x10"), Some(16));
        assert_eq!(parse_int("0o17"), Some(15));
        assert_eq!(parse_int("1e3"), None);
        assert_eq!(parse_int(""), None);
        assert_eq!(parse_int("-"), None);
    }
}
