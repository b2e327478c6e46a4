//! The fast path must build exactly the tree saphyr's events give, on every manifest of
//! the peer suites, the benchmark file and the spec fixtures, and must actually be taken
//! for ordinary manifests.

use std::path::{Path, PathBuf};

use lookout_syntax::yaml::{self, Node, YamlFile};

fn shared() -> PathBuf {
    let path = PathBuf::from(format!("{}/../../../shared", manifest_dir()));
    assert!(
        path.join("suites").is_dir(),
        "this test needs ../shared (the suites folder beside the repository): {} is missing",
        path.display()
    );
    path
}

fn yaml_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            yaml_files(&path, out);
        } else if path
            .extension()
            .is_some_and(|e| e == "yaml" || e == "yml" || e == "json")
        {
            out.push(path);
        }
    }
}

/// Documents as comparable trees; an empty document is `None` either way.
fn roots(file: &YamlFile) -> Vec<Option<&Node>> {
    file.documents
        .iter()
        .map(|d| d.root.as_ref().filter(|r| !r.is_null()))
        .collect()
}

/// Where two trees first differ, with the source text there.
fn first_difference(fast: &Node, reference: &Node, text: &str) -> Option<String> {
    use yaml::NodeKind::{Mapping, Scalar, Sequence};
    let show = |n: &Node| {
        let r = n.range;
        format!("{:?} {:?}", r, text.get(r.start()..r.end()).unwrap_or("?"))
    };
    match (&fast.kind, &reference.kind) {
        (Mapping(a), Mapping(b)) if a.entries.len() == b.entries.len() => a
            .entries
            .iter()
            .zip(&b.entries)
            .find_map(|(x, y)| {
                first_difference(&x.key, &y.key, text)
                    .or_else(|| first_difference(&x.value, &y.value, text))
            })
            .or_else(|| {
                (fast != reference)
                    .then(|| format!("mapping {} vs {}", show(fast), show(reference)))
            }),
        (Sequence(a), Sequence(b)) if a.items.len() == b.items.len() => a
            .items
            .iter()
            .zip(&b.items)
            .find_map(|(x, y)| first_difference(x, y, text))
            .or_else(|| {
                (fast != reference)
                    .then(|| format!("sequence {} vs {}", show(fast), show(reference)))
            }),
        (Scalar(_), Scalar(_)) if fast == reference => None,
        _ => Some(format!(
            "fast {:?} at {} vs saphyr {:?} at {}",
            fast.kind,
            show(fast),
            reference.kind,
            show(reference)
        )),
    }
}

#[test]
fn fast_path_matches_saphyr_on_every_suite_manifest() {
    let shared = shared();
    let mut files = Vec::new();
    for dir in ["suites/kube-linter", "suites/checkov-k8s", "bench"] {
        yaml_files(&shared.join(dir), &mut files);
    }
    yaml_files(
        Path::new(&format!("{}/../lookout_rules/tests/specs", manifest_dir())),
        &mut files,
    );
    assert!(files.len() > 300, "only {} files found", files.len());
    let (mut fast_docs, mut all_docs) = (0, 0);
    for path in &files {
        let Ok(text) = std::fs::read_to_string(path) else {
            continue;
        };
        let fast = yaml::parse(&text);
        let reference = yaml::parse_reference(&text);
        if reference.errors.is_empty() {
            assert!(
                fast.errors.is_empty(),
                "{}: {:?}",
                path.display(),
                fast.errors
            );
            let (a, b) = (roots(&fast), roots(&reference));
            if a != b {
                let diff = a
                    .iter()
                    .zip(&b)
                    .find_map(|(x, y)| match (x, y) {
                        (Some(x), Some(y)) => first_difference(x, y, &text),
                        _ => (x != y).then(|| "document presence differs".to_string()),
                    })
                    .unwrap_or_else(|| format!("{} vs {} documents", a.len(), b.len()));
                panic!("{}: fast path differs from saphyr: {diff}", path.display());
            }
            assert_eq!(fast.comments, reference.comments, "{}", path.display());
        } else {
            assert!(
                !fast.errors.is_empty(),
                "{}: saphyr reports errors, the fast path none",
                path.display()
            );
        }
        fast_docs += yaml::documents_on_fast_path(&text);
        all_docs += reference.documents.len();
    }
    println!("fast path took {fast_docs} of {all_docs} documents");
    assert!(
        fast_docs * 10 >= all_docs * 8,
        "fast path took only {fast_docs} of {all_docs} documents"
    );
}

#[test]
fn fast_path_takes_the_benchmark_whole() {
    let text = std::fs::read_to_string(shared().join("bench/big-manifests.yaml"))
        .unwrap_or_else(|e| panic!("bench/big-manifests.yaml: {e}"));
    let docs = yaml::parse(&text).documents.len();
    assert!(docs > 100);
    assert_eq!(yaml::documents_on_fast_path(&text), docs);
}

/// The package directory at run time (cargo sets it for tests), not at compile time: a
/// test binary reused from another checkout's build must read this checkout's files.
fn manifest_dir() -> String {
    std::env::var("CARGO_MANIFEST_DIR").unwrap_or_else(|_| env!("CARGO_MANIFEST_DIR").to_owned())
}
