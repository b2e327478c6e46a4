//! No panic on any input: random bytes, and random mutations of the spec fixtures, go
//! through the YAML parser, the Kubernetes model and every rule (bounded case counts).

use lookout_rules::k8s::check;
use lookout_syntax::{k8s, yaml};
use proptest::prelude::*;

fn specs() -> String {
    format!("{}/tests/specs/kubernetes", manifest_dir())
}

fn fixtures() -> Vec<String> {
    let mut out = Vec::new();
    let dirs = std::fs::read_dir(specs()).unwrap_or_else(|e| panic!("{}: {e}", specs()));
    for dir in dirs.flatten() {
        for name in ["valid.yaml", "invalid.yaml"] {
            if let Ok(text) = std::fs::read_to_string(dir.path().join(name)) {
                out.push(text);
            }
        }
    }
    assert!(!out.is_empty(), "no fixtures under {}", specs());
    out
}

fn run_everything(text: &str) {
    let _ = yaml::parse(text);
    let _ = k8s::parse(text);
    let _ = k8s::looks_like_kubernetes(text);
    for d in check(text) {
        assert!(d.range.end() <= text.len(), "{d:?} out of bounds");
        assert!(text.is_char_boundary(d.range.start()) && text.is_char_boundary(d.range.end()));
        if let Some(fix) = d.fix {
            let _ = lookout_diagnostics::apply_edits(text, &fix.edits);
        }
    }
}

/// Bytes YAML cares about, so mutations hit the grammar rather than only scalars.
const YAML_BYTES: &[u8] = b" \n\t:-[]{},#&*!|>'\"%@`?\xc3\xa9\r";

#[derive(Debug, Clone)]
enum Mutation {
    Insert(usize, u8),
    Delete(usize, usize),
    Duplicate(usize, usize),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<usize>(), prop::sample::select(YAML_BYTES))
            .prop_map(|(i, b)| Mutation::Insert(i, b)),
        (any::<usize>(), 1usize..40).prop_map(|(i, n)| Mutation::Delete(i, n)),
        (any::<usize>(), 1usize..80).prop_map(|(i, n)| Mutation::Duplicate(i, n)),
    ]
}

fn mutate(text: &str, mutations: &[Mutation]) -> String {
    let mut bytes = text.as_bytes().to_vec();
    for m in mutations {
        let len = bytes.len().max(1);
        match *m {
            Mutation::Insert(i, b) => bytes.insert(i % (bytes.len() + 1), b),
            Mutation::Delete(i, n) => {
                let start = i % len;
                let end = (start + n).min(bytes.len());
                bytes.drain(start.min(end)..end);
            }
            Mutation::Duplicate(i, n) => {
                let start = i % len;
                let end = (start + n).min(bytes.len());
                let chunk: Vec<u8> = bytes.get(start..end).unwrap_or_default().to_vec();
                bytes.splice(start..start, chunk);
            }
        }
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, max_shrink_iters: 200, ..ProptestConfig::default() })]

    #[test]
    fn random_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..600)) {
        run_everything(&String::from_utf8_lossy(&bytes));
    }

    #[test]
    fn random_yaml_tokens_never_panic(
        bytes in prop::collection::vec(prop::sample::select(b"apiVersion: kind Pod\n- &*[]{}#'\"|>!<<?,0".as_slice()), 0..400)
    ) {
        let body = String::from_utf8_lossy(&bytes).into_owned();
        run_everything(&format!("apiVersion: v1\nkind: Pod\n{body}"));
    }

    #[test]
    fn mutated_fixtures_never_panic(
        pick in any::<prop::sample::Index>(),
        mutations in prop::collection::vec(mutation(), 1..8),
    ) {
        let all = fixtures();
        let text = &all[pick.index(all.len())];
        run_everything(&mutate(text, &mutations));
    }
}

/// The package directory at run time (cargo sets it for tests), not at compile time: a
/// test binary reused from another checkout's build must read this checkout's files.
fn manifest_dir() -> String {
    std::env::var("CARGO_MANIFEST_DIR").unwrap_or_else(|_| env!("CARGO_MANIFEST_DIR").to_owned())
}
