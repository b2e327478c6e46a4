//! Quick fixes: applying them one at a time converges (the finding goes away, no new
//! finding of the same rule appears), and the fixed text still parses to the same objects.

use lookout_diagnostics::{apply_edits, Applicability, Diagnostic};
use lookout_rules::k8s::{check, RULE_METAS};
use lookout_syntax::k8s;

/// Apply the first available fix until none is left; returns the final text and how many
/// fixes were applied.
fn fix_all(text: &str) -> (String, usize) {
    let mut current = text.to_string();
    for applied in 0..64 {
        let Some(fix) = check(&current).into_iter().find_map(|d| d.fix) else {
            return (current, applied);
        };
        let next = apply_edits(&current, &fix.edits);
        assert_ne!(next, current, "fix `{}` changed nothing", fix.title);
        current = next;
    }
    panic!("fixes do not converge:\n{current}");
}

fn assert_reparses(original: &str, fixed: &str) {
    let before = k8s::parse(original);
    let after = k8s::parse(fixed);
    assert!(
        after.errors.is_empty(),
        "fixed text does not parse: {:?}\n{fixed}",
        after.errors
    );
    let shape = |f: &k8s::K8sFile| -> Vec<(String, usize)> {
        f.objects()
            .map(|o| {
                (
                    o.display_name(),
                    o.pod.as_ref().map_or(0, |p| p.containers.len()),
                )
            })
            .collect()
    };
    assert_eq!(shape(&before), shape(&after), "{fixed}");
}

fn fixable(diags: &[Diagnostic]) -> Vec<&'static str> {
    diags
        .iter()
        .filter(|d| d.fix.is_some())
        .map(|d| d.code)
        .collect()
}

const BARE: &str = "apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      hostNetwork: true
      hostPID: true
      hostIPC: true
      containers:
        - name: app
          image: nginx:1.27
        - image: redis:7
          name: cache
          securityContext:
            privileged: true
            capabilities:
              drop:
                - NET_RAW
      initContainers: [{name: init, image: busybox:1.36, securityContext: {}}]
";

#[test]
fn every_fix_converges_and_reparses() {
    let before = check(BARE);
    let codes = fixable(&before);
    for code in [
        "LKK002", "LKK003", "LKK005", "LKK008", "LKK009", "LKK010", "LKK012", "LKK014", "LKK027",
    ] {
        assert!(codes.contains(&code), "{code} offers no fix: {codes:?}");
    }
    let (fixed, applied) = fix_all(BARE);
    assert!(applied >= 15, "only {applied} fixes applied:\n{fixed}");
    assert_reparses(BARE, &fixed);
    let after = check(&fixed);
    assert!(fixable(&after).is_empty(), "{after:?}");
    for code in [
        "LKK002", "LKK003", "LKK005", "LKK008", "LKK009", "LKK010", "LKK012", "LKK014", "LKK027",
    ] {
        assert!(
            after.iter().all(|d| d.code != code),
            "{code} still fires after its fix:\n{fixed}"
        );
    }
    // Indentation is kept: the inserted block sits at the container's key column.
    assert!(
        fixed.contains("        - securityContext:\n            "),
        "{fixed}"
    );
    assert!(
        fixed.contains("- ALL\n                - NET_RAW"),
        "{fixed}"
    );
    assert!(
        fixed.contains("{name: init, image: busybox:1.36, securityContext: {"),
        "{fixed}"
    );
}

#[test]
fn fixes_of_spec_fixtures_converge() {
    let specs = format!("{}/tests/specs/kubernetes", manifest_dir());
    for meta in RULE_METAS {
        let path = format!("{specs}/{}/invalid.yaml", meta.code);
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
        if !k8s::parse(&text).errors.is_empty() {
            continue;
        }
        let (fixed, _) = fix_all(&text);
        assert_reparses(&text, &fixed);
    }
}

#[test]
fn applicability_is_declared_per_fix() {
    let diags = check(BARE);
    let of = |code: &str| {
        diags
            .iter()
            .find(|d| d.code == code)
            .and_then(|d| d.fix.as_ref())
            .map(|f| f.applicability)
    };
    assert_eq!(of("LKK003"), Some(Applicability::Safe));
    assert_eq!(of("LKK027"), Some(Applicability::Safe));
    assert_eq!(of("LKK002"), Some(Applicability::Unsafe));
    assert_eq!(of("LKK009"), Some(Applicability::Unsafe));
}

/// The package directory at run time (cargo sets it for tests), not at compile time: a
/// test binary reused from another checkout's build must read this checkout's files.
fn manifest_dir() -> String {
    std::env::var("CARGO_MANIFEST_DIR").unwrap_or_else(|_| env!("CARGO_MANIFEST_DIR").to_owned())
}
