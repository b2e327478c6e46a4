//! Text edits that set a value in a manifest while keeping its layout: replace a value in
//! place, or add a key (with the parents it needs) to the deepest mapping that exists,
//! in block style at that mapping's indentation or inside its braces in flow style.

use lookout_diagnostics::{Edit, TextRange};
use lookout_syntax::k8s::{MapLoc, SeqLoc};

/// A value to write: a scalar, a nested mapping, or a flow sequence of scalars.
pub(crate) enum Value<'a> {
    Scalar(&'a str),
    Map(Vec<(&'a str, Value<'a>)>),
    Seq(&'a [&'a str]),
}

// The writers below append to one buffer with `push_str`: a big manifest gets a fix per
// finding, and `format!` per piece was a measurable share of the lint time.
impl Value<'_> {
    fn write_flow(&self, out: &mut String) {
        match self {
            Self::Scalar(s) => out.push_str(s),
            Self::Seq(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    out.push_str(item);
                }
                out.push(']');
            }
            Self::Map(entries) => {
                out.push('{');
                for (i, (k, v)) in entries.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    out.push_str(k);
                    out.push_str(": ");
                    v.write_flow(out);
                }
                out.push('}');
            }
        }
    }

    /// `key: value` in block style; nested mappings go on following lines at
    /// `indent + 2`.
    fn write_block_entry(&self, key: &str, indent: usize, out: &mut String) {
        out.push_str(key);
        out.push(':');
        match self {
            Self::Map(entries) => {
                for (k, v) in entries {
                    out.push('\n');
                    push_spaces(out, indent + 2);
                    v.write_block_entry(k, indent + 2, out);
                }
            }
            _ => {
                out.push(' ');
                self.write_flow(out);
            }
        }
    }
}

fn push_spaces(out: &mut String, count: usize) {
    out.extend(std::iter::repeat_n(' ', count));
}

/// Replace a scalar value (`true` → `false`).
pub(crate) fn replace(range: TextRange, text: &str) -> Vec<Edit> {
    vec![Edit::replace(range, text)]
}

fn line_start(text: &str, offset: usize) -> usize {
    text.get(..offset)
        .and_then(|before| before.rfind('\n'))
        .map_or(0, |i| i + 1)
}

/// Column of `offset` in bytes: the indentation for block keys (which is ASCII).
fn column(text: &str, offset: usize) -> usize {
    offset - line_start(text, offset)
}

/// Add `key: value` to `map`. `None` when the mapping is shared through an alias or its
/// layout is not one this can edit safely.
pub(crate) fn insert_entry(
    text: &str,
    map: &MapLoc,
    key: &str,
    value: &Value<'_>,
) -> Option<Vec<Edit>> {
    if map.aliased {
        return None;
    }
    if map.flow {
        let open = map.range.start();
        if text.as_bytes().get(open) != Some(&b'{') {
            return None;
        }
        let empty = map.first_key.is_none();
        let mut entry = String::with_capacity(48);
        if empty {
            entry.push('{');
        }
        entry.push_str(key);
        entry.push_str(": ");
        value.write_flow(&mut entry);
        entry.push_str(if empty { "}" } else { ", " });
        return Some(if empty {
            vec![Edit::replace(map.range, entry)]
        } else {
            vec![Edit::insert(open + 1, entry)]
        });
    }
    let first = map.first_key?;
    let at = first.start();
    let prefix = text.get(line_start(text, at)..at)?;
    // Only indentation, or a sequence dash (`- name: x`), may precede the first key.
    if !prefix.bytes().all(|b| b == b' ' || b == b'-') {
        return None;
    }
    let indent = column(text, at);
    let mut entry = String::with_capacity(64);
    value.write_block_entry(key, indent, &mut entry);
    entry.push('\n');
    push_spaces(&mut entry, indent);
    Some(vec![Edit::insert(at, entry)])
}

/// Set `keys` (a path from `maps[0]`) to `leaf`, where `maps[i]` is the mapping that
/// holds `keys[i]` when it exists. The entry is added to the deepest existing mapping.
pub(crate) fn insert_path(
    text: &str,
    maps: &[Option<&MapLoc>],
    keys: &[&str],
    leaf: Value<'_>,
) -> Option<Vec<Edit>> {
    let depth = maps.iter().rposition(Option::is_some)?;
    let map = maps[depth]?;
    let mut value = leaf;
    for key in keys.get(depth + 1..)?.iter().rev() {
        value = Value::Map(vec![(key, value)]);
    }
    insert_entry(text, map, keys.get(depth)?, &value)
}

/// Add a scalar item to the front of a sequence.
pub(crate) fn insert_item(text: &str, seq: &SeqLoc, item: &str) -> Option<Vec<Edit>> {
    if seq.aliased {
        return None;
    }
    if seq.flow {
        let open = seq.range.start();
        if text.as_bytes().get(open) != Some(&b'[') {
            return None;
        }
        return Some(if seq.first_item.is_none() {
            vec![Edit::replace(seq.range, format!("[{item}]"))]
        } else {
            vec![Edit::insert(open + 1, format!("{item}, "))]
        });
    }
    let first = seq.first_item?;
    let at = first.start();
    let prefix = text.get(line_start(text, at)..at)?;
    if prefix.trim() != "-" {
        return None;
    }
    Some(vec![Edit::insert(at, format!("{item}\n{prefix}"))])
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use lookout_diagnostics::apply_edits;

    fn map(text: &str, first_key: &str, flow: bool) -> MapLoc {
        let at = text.find(first_key).unwrap();
        let start = if flow { text.find('{').unwrap() } else { at };
        let end = if flow {
            text.find('}').unwrap() + 1
        } else {
            text.len()
        };
        MapLoc {
            range: TextRange::new(start, end),
            flow,
            first_key: (!first_key.is_empty()).then(|| TextRange::new(at, at + first_key.len())),
            aliased: false,
        }
    }

    #[test]
    fn block_insert_keeps_indentation_under_a_dash() {
        let text = "    - name: app\n      image: x\n";
        let m = map(text, "name", false);
        let v = Value::Map(vec![("privileged", Value::Scalar("false"))]);
        let edits = insert_entry(text, &m, "securityContext", &v).unwrap();
        assert_eq!(
            apply_edits(text, &edits),
            "    - securityContext:\n        privileged: false\n      name: app\n      image: x\n"
        );
    }

    #[test]
    fn flow_insert_goes_inside_braces() {
        let text = "c: {name: app}\n";
        let m = map(text, "name", true);
        let edits = insert_entry(
            text,
            &m,
            "securityContext",
            &Value::Map(vec![("a", Value::Seq(&["ALL"]))]),
        )
        .unwrap();
        assert_eq!(
            apply_edits(text, &edits),
            "c: {securityContext: {a: [ALL]}, name: app}\n"
        );
    }

    #[test]
    fn block_sequence_item_goes_first() {
        let text = "drop:\n  - NET_RAW\n";
        let at = text.find("NET_RAW").unwrap();
        let seq = SeqLoc {
            range: TextRange::new(at, text.len() - 1),
            flow: false,
            first_item: Some(TextRange::new(at, at + 7)),
            aliased: false,
        };
        let edits = insert_item(text, &seq, "ALL").unwrap();
        assert_eq!(apply_edits(text, &edits), "drop:\n  - ALL\n  - NET_RAW\n");
    }
}
