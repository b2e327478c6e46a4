//! Peer agreement: for the kube-linter and checkov checks that mean the same as a Lookout
//! rule, Lookout's pass/fail per manifest object (kube-linter) or per file (checkov) is
//! compared with the peer's expectation. The agreement rate is printed per peer; every
//! disagreement must be listed in `KNOWN_DISAGREEMENTS` with the reason the peer is
//! wrong (or why the check means something else on that object), and a listed entry
//! that no longer disagrees fails the test too, so the table stays true.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use lookout_diagnostics::Diagnostic;
use lookout_rules::k8s::check;
use lookout_syntax::{k8s, yaml};

fn shared() -> PathBuf {
    let path = PathBuf::from(format!("{}/../../../shared", manifest_dir()));
    assert!(
        path.join("suites").is_dir(),
        "this test needs ../shared (the suites folder beside the repository): {} is missing",
        path.display()
    );
    path
}

/// kube-linter check (tests/checks/<name>.yml) → the Lookout rules that mean the same.
const KUBE_LINTER: &[(&str, &[&str])] = &[
    ("host-ipc", &["LKK008"]),
    ("host-network", &["LKK009"]),
    ("host-pid", &["LKK010"]),
    ("privileged-container", &["LKK002"]),
    ("privilege-escalation-container", &["LKK003"]),
    ("no-read-only-root-fs", &["LKK014"]),
    ("run-as-non-root", &["LKK012"]),
    ("docker-sock", &["LKK007"]),
    ("latest-tag", &["LKK013"]),
    ("privileged-ports", &["LKK036"]),
    ("unsafe-proc-mount", &["LKK025"]),
    ("unsafe-sysctls", &["LKK024"]),
    // kube-linter's templates check CPU requests (`requirementsType: request`) and
    // memory limits (`requirementsType: limit`).
    ("unset-cpu-requirements", &["LKK015"]),
    ("unset-memory-requirements", &["LKK017"]),
];

/// checkov check class (tests/kubernetes/checks/example_<class>) → Lookout rules.
const CHECKOV: &[(&str, &[&str])] = &[
    ("AllowPrivilegeEscalation", &["LKK003"]),
    ("AllowedCapabilitiesSysAdmin", &["LKK006"]),
    ("DockerSocketVolume", &["LKK007"]),
    ("HostPort", &["LKK022"]),
    ("ImageDigest", &["LKK001"]),
    ("ImageTagFixed", &["LKK013"]),
    ("PrivilegedContainers", &["LKK002"]),
    ("ReadOnlyFilesystem", &["LKK014"]),
    ("RootContainers", &["LKK012"]),
    ("RootContainersHighUID", &["LKK018"]),
    ("Seccomp", &["LKK027"]),
    ("ShareHost", &["LKK008", "LKK009", "LKK010"]),
];

/// (peer, file, object name or "" for a whole file, what the peer expects, reason).
const KNOWN_DISAGREEMENTS: &[(&str, &str, &str, &str, &str)] = &[
    (
        "checkov",
        "tests/kubernetes/checks/example_AllowedCapabilitiesSysAdmin/pod-FAILED2.yaml",
        "",
        "fail",
        "peer bug: the pod has no container at all (`containers:` is empty), so nothing \
         adds CAP_SYS_ADMIN; checkov fails the pod because the list is missing",
    ),
    (
        "checkov",
        "tests/kubernetes/checks/example_RootContainers/rootContainersFAILED-malformed-spec.yaml",
        "",
        "fail",
        "peer bug: `spec` is a sequence, not a pod spec; the API server rejects the \
         object, there is no container to run as root, and checkov reports a container \
         check on it",
    ),
    (
        "checkov",
        "tests/kubernetes/checks/example_RootContainers/rootContainersPASSED.yaml",
        "",
        "pass",
        "checks differ: pods 4 and 5 set only `runAsUser: 1000`; the Pod Security \
         Standards restricted profile (and Trivy KSV012, our alias) require \
         `runAsNonRoot: true`, which checkov does not",
    ),
    (
        "checkov",
        "tests/kubernetes/checks/example_RootContainersHighUID/rootContainersHighUIDPASSED.yaml",
        "",
        "pass",
        "threshold differs: pod1 runs as UID 10000; Trivy KSV020 (our alias) requires a \
         UID above 10000, checkov accepts 10000 itself",
    ),
];

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Disagreement {
    peer: &'static str,
    file: String,
    object: String,
    peer_expects: &'static str,
}

fn verdict(fires: bool) -> &'static str {
    if fires {
        "fail"
    } else {
        "pass"
    }
}

fn fires_within(
    diags: &[Diagnostic],
    codes: &[&str],
    range: lookout_diagnostics::TextRange,
) -> bool {
    diags.iter().any(|d| {
        codes.contains(&d.code)
            && range.start() <= d.range.start()
            && d.range.start() <= range.end()
    })
}

struct Tally {
    compared: usize,
    disagreements: Vec<Disagreement>,
}

fn kube_linter(root: &Path) -> Tally {
    let mut tally = Tally {
        compared: 0,
        disagreements: Vec::new(),
    };
    for (check_name, codes) in KUBE_LINTER {
        let file = format!("tests/checks/{check_name}.yml");
        let text =
            std::fs::read_to_string(root.join(&file)).unwrap_or_else(|e| panic!("{file}: {e}"));
        let diags = check(&text);
        for object in k8s::parse(&text).objects() {
            if object.pod.is_none() {
                continue;
            }
            let name = object.name.as_ref().map_or("", |n| n.value.as_str());
            // The suite's convention: objects named dont-fire* pass; the others are
            // the ones the check reports.
            let expected = !name.starts_with("dont-fire");
            let actual = fires_within(&diags, codes, object.range);
            tally.compared += 1;
            if expected != actual {
                tally.disagreements.push(Disagreement {
                    peer: "kube-linter",
                    file: file.clone(),
                    object: format!("{}/{name}", object.kind.value),
                    peer_expects: verdict(expected),
                });
            }
        }
    }
    tally
}

/// `checks[*]` of checkov's index: (check class, [(file, expectation)]).
fn checkov_index(root: &Path) -> Vec<(String, Vec<(String, String)>)> {
    let text = std::fs::read_to_string(root.join("index.yaml"))
        .unwrap_or_else(|e| panic!("checkov index: {e}"));
    let parsed = yaml::parse(&text);
    let doc = parsed.documents.first().and_then(|d| d.root.as_ref());
    let checks = doc
        .and_then(|d| d.get("checks"))
        .expect("index.yaml has checks");
    checks
        .items()
        .filter_map(|c| {
            let class = c.get("check_class")?.as_str()?.to_string();
            let files = c
                .get("files")?
                .items()
                .filter_map(|f| {
                    Some((
                        f.get("file")?.as_str()?.to_string(),
                        f.get("expected_from_filename")?.as_str()?.to_string(),
                    ))
                })
                .collect();
            Some((class, files))
        })
        .collect()
}

fn checkov(root: &Path) -> Tally {
    let mut tally = Tally {
        compared: 0,
        disagreements: Vec::new(),
    };
    let index = checkov_index(root);
    for (class, codes) in CHECKOV {
        let (_, files) = index
            .iter()
            .find(|(c, _)| c == class)
            .unwrap_or_else(|| panic!("{class} is not in checkov's index"));
        for (file, expectation) in files {
            let base = file.rsplit('/').next().unwrap_or(file);
            // Files whose name holds both verdicts (`1PASSED-1FAILED`) or neither carry
            // per-resource expectations only in checkov's Python tests: not compared.
            let expected = match expectation.as_str() {
                _ if base.contains("PASSED") && base.contains("FAILED") => continue,
                "PASSED" => false,
                "FAILED" => true,
                _ => continue,
            };
            let text =
                std::fs::read_to_string(root.join(file)).unwrap_or_else(|e| panic!("{file}: {e}"));
            let actual = check(&text).iter().any(|d| codes.contains(&d.code));
            tally.compared += 1;
            if expected != actual {
                tally.disagreements.push(Disagreement {
                    peer: "checkov",
                    file: file.clone(),
                    object: String::new(),
                    peer_expects: verdict(expected),
                });
            }
        }
    }
    tally
}

#[test]
fn agreement_with_kube_linter_and_checkov() {
    let shared = shared();
    let results = [
        (
            "kube-linter",
            kube_linter(&shared.join("suites/kube-linter")),
        ),
        ("checkov", checkov(&shared.join("suites/checkov-k8s"))),
    ];
    let listed: BTreeSet<(&str, &str, &str, &str)> = KNOWN_DISAGREEMENTS
        .iter()
        .map(|(peer, file, object, expects, _)| (*peer, *file, *object, *expects))
        .collect();
    let mut unlisted = Vec::new();
    let mut seen = BTreeSet::new();
    for (peer, tally) in &results {
        let agreed = tally.compared - tally.disagreements.len();
        #[allow(clippy::cast_precision_loss)]
        let rate = 100.0 * agreed as f64 / tally.compared.max(1) as f64;
        println!("{peer}: {agreed}/{} agree ({rate:.1}%)", tally.compared);
        assert!(
            tally.compared > 20,
            "{peer}: only {} comparisons",
            tally.compared
        );
        for d in &tally.disagreements {
            let key = (d.peer, d.file.as_str(), d.object.as_str(), d.peer_expects);
            if listed.contains(&key) {
                seen.insert(key);
            } else {
                unlisted.push(format!(
                    "(\"{}\", \"{}\", \"{}\", \"{}\", \"\"),",
                    d.peer, d.file, d.object, d.peer_expects
                ));
            }
        }
    }
    let stale: Vec<_> = listed.difference(&seen).collect();
    assert!(
        unlisted.is_empty(),
        "unlisted disagreements:\n{}",
        unlisted.join("\n")
    );
    assert!(
        stale.is_empty(),
        "listed disagreements that no longer occur: {stale:?}"
    );
}

/// The package directory at run time (cargo sets it for tests), not at compile time: a
/// test binary reused from another checkout's build must read this checkout's files.
fn manifest_dir() -> String {
    std::env::var("CARGO_MANIFEST_DIR").unwrap_or_else(|_| env!("CARGO_MANIFEST_DIR").to_owned())
}
