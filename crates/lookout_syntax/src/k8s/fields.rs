//! Small located values the workload model is made of, and readers that take them out of
//! YAML nodes.

use lookout_diagnostics::TextRange;

use crate::yaml::{Entry, Node, NodeKind};

/// Text taken from a manifest: short values stay inline, without a heap allocation.
pub type Text = compact_str::CompactString;

/// A value with where its key and its value are written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field<T> {
    pub value: T,
    /// The key (`privileged`); for a sequence item, the item itself.
    pub key: TextRange,
    /// The value (`true`).
    pub value_range: TextRange,
}

impl<T> Field<T> {
    /// From the key's start to the value's end: the whole `key: value`.
    #[must_use]
    pub fn range(&self) -> TextRange {
        self.key.cover(self.value_range)
    }
}

/// A `key: value` pair of a string map (labels, annotations).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyValue {
    pub key: Text,
    pub value: Text,
    pub key_range: TextRange,
    pub value_range: TextRange,
}

/// Where a mapping is and how it is written, so fixes can add keys to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MapLoc {
    pub range: TextRange,
    pub flow: bool,
    /// Range of the first key, whose column is the mapping's indentation in block style.
    pub first_key: Option<TextRange>,
    /// The mapping was copied from an anchor by an alias (edits would land at the anchor).
    pub aliased: bool,
}

impl MapLoc {
    pub(crate) fn of(node: &Node) -> Option<Self> {
        let m = node.as_mapping()?;
        Some(Self {
            range: node.range,
            flow: m.flow,
            first_key: m.entries.first().map(|e| e.key.range),
            aliased: node.alias_range.is_some(),
        })
    }
}

/// Where a sequence is and how it is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SeqLoc {
    pub range: TextRange,
    pub flow: bool,
    pub first_item: Option<TextRange>,
    pub aliased: bool,
}

impl SeqLoc {
    pub(crate) fn of(node: &Node) -> Option<Self> {
        let s = node.as_sequence()?;
        Some(Self {
            range: node.range,
            flow: s.flow,
            first_item: s.items.first().map(|n| n.range),
            aliased: node.alias_range.is_some(),
        })
    }
}

fn field<T>(entry: &Entry, value: T) -> Field<T> {
    Field {
        value,
        key: entry.key.range,
        value_range: entry.value.range,
    }
}

pub(crate) fn string(node: &Node, key: &str) -> Option<Field<Text>> {
    let entry = node.entry(key)?;
    let text = entry.value.as_str()?;
    Some(field(entry, Text::from(text)))
}

/// A plain boolean under `key` (anything else reads as absent).
pub(crate) fn bool(node: &Node, key: &str) -> Option<Field<bool>> {
    let entry = node.entry(key)?;
    let value = entry.value.as_bool()?;
    Some(field(entry, value))
}

pub(crate) fn int(node: &Node, key: &str) -> Option<Field<i64>> {
    let entry = node.entry(key)?;
    let value = entry.value.as_i64()?;
    Some(field(entry, value))
}

/// Scalar items of a sequence under `key`, each with its own range as key and value.
pub(crate) fn string_items(node: &Node, key: &str) -> Vec<Field<Text>> {
    node.get(key)
        .into_iter()
        .flat_map(Node::items)
        .filter_map(|item| {
            Some(Field {
                value: Text::from(item.as_str()?),
                key: item.range,
                value_range: item.range,
            })
        })
        .collect()
}

pub(crate) fn int_items(node: &Node, key: &str) -> Vec<Field<i64>> {
    node.get(key)
        .into_iter()
        .flat_map(Node::items)
        .filter_map(|item| {
            Some(Field {
                value: item.as_i64()?,
                key: item.range,
                value_range: item.range,
            })
        })
        .collect()
}

pub(crate) fn key_values(node: Option<&Node>) -> Vec<KeyValue> {
    let Some(mapping) = node.and_then(Node::as_mapping) else {
        return Vec::new();
    };
    mapping
        .scalar_entries()
        .filter_map(|(key, entry)| {
            let value = match &entry.value.kind {
                NodeKind::Scalar(s) => s.value.clone(),
                _ => return None,
            };
            Some(KeyValue {
                key: Text::from(key),
                value,
                key_range: entry.key.range,
                value_range: entry.value.range,
            })
        })
        .collect()
}
