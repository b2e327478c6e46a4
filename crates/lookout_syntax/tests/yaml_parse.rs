#![allow(clippy::unwrap_used)]

use std::time::{Duration, Instant};

use lookout_syntax::yaml::{self, Node, ScalarStyle, YamlError};

fn slice<'a>(text: &'a str, node: &Node) -> &'a str {
    &text[node.range.start()..node.range.end()]
}

#[test]
fn keys_and_values_carry_byte_ranges() {
    let text = "a: 1\nb:\n  c: \"q\\\"x\"  # note\n  d: 'it''s'\nlist:\n  - x\n  - y\n";
    let file = yaml::parse(text);
    assert!(file.errors.is_empty(), "{:?}", file.errors);
    let root = file.documents[0].root.as_ref().unwrap();
    let b = root.entry("b").unwrap();
    assert_eq!(slice(text, &b.key), "b");
    let c = b.value.entry("c").unwrap();
    assert_eq!(slice(text, &c.value), "\"q\\\"x\"");
    assert_eq!(c.value.as_str(), Some("q\"x"));
    let d = b.value.get("d").unwrap();
    assert_eq!(slice(text, d), "'it''s'");
    assert_eq!(d.as_scalar().unwrap().style, ScalarStyle::SingleQuoted);
    let list = root.get("list").unwrap();
    assert_eq!(slice(text, list), "x\n  - y");
    assert_eq!(
        list.items().map(|n| slice(text, n)).collect::<Vec<_>>(),
        ["x", "y"]
    );
    assert_eq!(root.get("a").unwrap().as_i64(), Some(1));
}

#[test]
fn non_ascii_text_gives_byte_offsets() {
    let text = "é: ünïcode\nkey: \"日本\"\nnext: 1\n";
    let file = yaml::parse(text);
    let root = file.documents[0].root.as_ref().unwrap();
    assert_eq!(slice(text, &root.entry("é").unwrap().value), "ünïcode");
    assert_eq!(slice(text, root.get("key").unwrap()), "\"日本\"");
    let next = root.entry("next").unwrap();
    assert_eq!(slice(text, &next.key), "next");
    assert_eq!(next.key.range.start(), text.find("next").unwrap());
}

#[test]
fn multi_document_and_flow_style() {
    let text = "a: {b: [1, 2], c: d}\n---\n- x\n---\n";
    let file = yaml::parse(text);
    assert_eq!(file.documents.len(), 3);
    let a = file.documents[0].root.as_ref().unwrap().get("a").unwrap();
    assert!(a.as_mapping().unwrap().flow);
    assert_eq!(slice(text, a), "{b: [1, 2], c: d}");
    assert_eq!(slice(text, a.get("b").unwrap()), "[1, 2]");
    assert!(file.documents[2].root.as_ref().is_none_or(Node::is_null));
}

#[test]
fn aliases_expand_and_merge_keys_apply() {
    let text = "base: &b\n  x: 1\n  y: 2\nuse: *b\nmerged:\n  <<: *b\n  y: 3\n";
    let file = yaml::parse(text);
    let root = file.documents[0].root.as_ref().unwrap();
    let used = root.get("use").unwrap();
    assert_eq!(used.get("x").unwrap().as_i64(), Some(1));
    assert!(used.alias_range.is_some());
    let merged = root.get("merged").unwrap();
    assert_eq!(merged.get("x").unwrap().as_i64(), Some(1));
    assert_eq!(merged.get("y").unwrap().as_i64(), Some(3));
}

#[test]
fn billion_laughs_is_refused_quickly() {
    let mut text = String::from("a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    let names = ["b", "c", "d", "e", "f", "g", "h", "i"];
    let mut prev = "a";
    for name in names {
        let refs = vec![format!("*{prev}"); 9].join(", ");
        text.push_str(&format!("{name}: &{name} [{refs}]\n"));
        prev = name;
    }
    let started = Instant::now();
    let file = yaml::parse(&text);
    assert!(started.elapsed() < Duration::from_secs(10));
    assert!(
        file.errors
            .iter()
            .any(|e| matches!(e, YamlError::AliasExpansionTooLarge { .. })),
        "{:?}",
        file.errors
    );
    assert!(file.errors[0].to_string().contains("billion laughs"));
    assert!(file.documents.is_empty());
}

#[test]
fn deep_nesting_is_refused() {
    // Beyond our limit but within saphyr's own recursion limit.
    let text = format!("{}{}", "[".repeat(200), "]".repeat(200));
    let file = yaml::parse(&text);
    assert!(file
        .errors
        .iter()
        .any(|e| matches!(e, YamlError::TooDeep { .. })));
    // Far beyond: saphyr itself stops, and that is a located error too.
    let text = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let file = yaml::parse(&text);
    assert_eq!(file.errors.len(), 1);
}

#[test]
fn syntax_error_is_located_and_later_documents_still_parse() {
    let text = "ok: 1\n---\na: [1, 2\nb: 3\n---\nafter: yes\n";
    let file = yaml::parse(text);
    assert_eq!(file.errors.len(), 1);
    let err = &file.errors[0];
    assert!(matches!(err, YamlError::Syntax { .. }));
    assert!(err.range().start() > text.find("a: [").unwrap());
    let roots: Vec<_> = file
        .documents
        .iter()
        .filter_map(|d| d.root.as_ref())
        .collect();
    assert_eq!(roots.len(), 2);
    assert_eq!(roots[1].get("after").unwrap().as_bool(), Some(true));
}

#[test]
fn comments_are_found_outside_scalars() {
    let text = "# top\na: \"x # not\" # yes\nb: |\n  # inside block\n  text\nc: d#e\n";
    let file = yaml::parse(text);
    let found: Vec<&str> = file
        .comments
        .iter()
        .map(|r| &text[r.start()..r.end()])
        .collect();
    assert_eq!(found, ["# top", "# yes"]);
}

#[test]
fn scalars_resolve_like_kubernetes_yaml() {
    let text = "t: true\nq: \"true\"\ny: yes\nn: ~\ne:\ns: !!str 5\n";
    let root = yaml::parse(text).documents.remove(0).root.unwrap();
    assert_eq!(root.get("t").unwrap().as_bool(), Some(true));
    assert_eq!(root.get("q").unwrap().as_bool(), None);
    assert_eq!(root.get("y").unwrap().as_bool(), Some(true));
    assert!(root.get("n").unwrap().is_null());
    assert!(root.get("e").unwrap().is_null());
    assert_eq!(root.get("s").unwrap().as_i64(), None);
    assert_eq!(slice(text, root.get("s").unwrap()), "5");
}
