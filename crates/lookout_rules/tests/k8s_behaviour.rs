//! Behaviour users notice: where findings point, inheritance of the pod security context,
//! files that are not Kubernetes, YAML errors, hostile YAML.
#![allow(clippy::unwrap_used)]

use std::time::{Duration, Instant};

use lookout_diagnostics::{LineIndex, PositionEncoding};
use lookout_rules::k8s::check;

fn lines_of(text: &str, code: &str) -> Vec<u32> {
    let index = LineIndex::new(text);
    check(text)
        .iter()
        .filter(|d| d.code == code)
        .map(|d| {
            index
                .line_col(text, d.range.start(), PositionEncoding::Chars)
                .line
                + 1
        })
        .collect()
}

const POD: &str = "apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  securityContext:
    runAsNonRoot: true
  containers:
    - name: inherits
      image: nginx:1.27
    - name: overrides
      image: nginx:1.27
      securityContext:
        runAsNonRoot: false
  ephemeralContainers:
    - name: debug
      image: busybox:1.36
";

#[test]
fn pod_level_run_as_non_root_is_inherited_and_container_overrides_it() {
    // Only the container that overrides the pod's setting fires, at its own value.
    assert_eq!(lines_of(POD, "LKK012"), vec![14]);
    let without_pod_level = POD.replace("  securityContext:\n    runAsNonRoot: true\n", "");
    // Now both plain containers lack it: they fire at their `name:` line.
    assert_eq!(lines_of(&without_pod_level, "LKK012"), vec![7, 12, 14]);
}

#[test]
fn findings_point_at_the_offending_line_or_the_container_name() {
    let text = "apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  hostNetwork: true
  containers:
    - name: app
      image: nginx
      securityContext:
        privileged: true
";
    assert_eq!(lines_of(text, "LKK009"), vec![6]);
    assert_eq!(lines_of(text, "LKK002"), vec![11]);
    assert_eq!(lines_of(text, "LKK013"), vec![9]);
    assert_eq!(lines_of(text, "LKK001"), vec![9]);
    assert_eq!(lines_of(text, "LKK003"), vec![8]);
}

#[test]
fn non_kubernetes_yaml_and_helm_templates_give_nothing() {
    let workflow =
        "name: CI\non: push\njobs:\n  b:\n    runs-on: ubuntu-latest\n    steps: [{run: 'echo'}]\n";
    let compose = "services:\n  web:\n    image: nginx\n    privileged: true\n";
    let helm = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: {{ .Release.Name }}\nspec:\n  hostNetwork: {{ .Values.hostNetwork }}\n  containers: [\n";
    let broken_compose = "services: [\n";
    for text in [workflow, compose, helm, broken_compose] {
        assert!(check(text).is_empty(), "{text}");
    }
}

/// A `{{` in a value or a comment leaves a document YAML; one in the structure makes only
/// its own document a Helm template (QA: one Alertmanager template in a ConfigMap turned
/// off every check of the file).
#[test]
fn template_actions_skip_only_their_own_document() {
    let privileged = "apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  template:
    spec:
      hostPID: true
      containers:
        - name: c
          image: nginx:1.25
          securityContext:
            privileged: true
";
    let config_map = "---
apiVersion: v1
kind: ConfigMap
metadata: {name: alertmanager-templates}
data:
  slack.tmpl: |
    {{ define \"slack.title\" }}[{{ .Status }}] {{ .CommonLabels.alertname }}{{ end }}
  quoted: \"{{ .Values.x }}\"
";
    let text = format!("{privileged}{config_map}");
    assert_eq!(
        lines_of(&text, "LKK002"),
        vec![12],
        "block and quoted scalars are values"
    );
    assert_eq!(lines_of(&text, "LKK010"), vec![7]);

    let commented = format!("# rendered from: image: {{{{ .Values.image }}}}\n{privileged}");
    assert_eq!(
        lines_of(&commented, "LKK002"),
        vec![13],
        "a comment is not structure"
    );

    let helm_doc = "---
apiVersion: v1
kind: Pod
metadata:
  name: {{ .Release.Name }}
spec:
  {{- if .Values.host }}
  hostNetwork: true
  {{- end }}
  containers: [{name: c, image: \"{{ .Values.image }}\"
";
    let mixed = format!("{privileged}{helm_doc}");
    let found = check(&mixed);
    assert_eq!(
        lines_of(&mixed, "LKK002"),
        vec![12],
        "the plain manifest is linted"
    );
    assert!(
        found.iter().all(|d| d.range.start() < privileged.len()),
        "nothing from the template document: {found:?}"
    );
}

/// A key written twice: one LKK000 at the second, and the model reads the last value
/// (Kubernetes' decoder does; the first value used to hide `hostNetwork: true`).
#[test]
fn a_duplicate_key_is_reported_and_the_last_value_counts() {
    let text = "apiVersion: v1
kind: Pod
metadata: {name: dup}
spec:
  hostNetwork: false
  hostNetwork: true
  containers: [{name: c, image: \"nginx:1.25\"}]
";
    assert_eq!(lines_of(text, "LKK009"), vec![6]);
    assert_eq!(lines_of(text, "LKK000"), vec![6]);
    let reversed = text
        .replace("false", "TMP")
        .replace("true", "false")
        .replace("TMP", "true");
    assert!(lines_of(&reversed, "LKK009").is_empty(), "{reversed}");
    // Merge keys are not duplicates, and an explicit key still beats a merged one.
    let merged = "apiVersion: v1
kind: Pod
metadata: {name: m}
spec:
  <<: {hostNetwork: true}
  hostNetwork: false
  containers: [{name: c, image: \"nginx:1.25\"}]
";
    assert!(lines_of(merged, "LKK000").is_empty());
    assert!(lines_of(merged, "LKK009").is_empty());
}

/// `drop: [all]`: the runtime accepts it, the Pod Security admission does not.
#[test]
fn dropping_all_in_lower_case_is_reported_with_a_fix() {
    let text = "apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
    - name: c
      image: nginx:1.25
      securityContext:
        capabilities: {drop: [all]}
";
    let found: Vec<_> = check(text)
        .into_iter()
        .filter(|d| d.code == "LKK005")
        .collect();
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(&text[found[0].range.start()..found[0].range.end()], "all");
    assert!(
        found[0].message.contains("capitals"),
        "{}",
        found[0].message
    );
    let fixed = lookout_diagnostics::apply_edits(text, &found[0].fix.as_ref().unwrap().edits);
    assert!(lines_of(&fixed, "LKK005").is_empty(), "{fixed}");
}

#[test]
fn an_unconfined_apparmor_profile_names_the_container_that_sets_it() {
    let text = "apiVersion: v1
kind: Pod
metadata: {name: aa}
spec:
  securityContext:
    appArmorProfile: {type: Unconfined}
  containers:
    - name: d
      image: nginx:1.25
      securityContext:
        appArmorProfile: {type: Unconfined}
";
    let messages: Vec<String> = check(text)
        .into_iter()
        .filter(|d| d.code == "LKK004")
        .map(|d| d.message.to_string())
        .collect();
    assert_eq!(messages.len(), 2, "{messages:?}");
    assert!(messages[0].starts_with("Pod/aa turns"), "{messages:?}");
    assert!(
        messages[1].contains("\"d\"") && messages[1].contains("Pod/aa"),
        "{messages:?}"
    );
}

/// A Windows pod is not asked for Linux-only fields the API server would reject.
#[test]
fn a_windows_pod_is_not_asked_for_linux_only_settings() {
    let pod = |os: &str| {
        format!(
            "apiVersion: v1
kind: Pod
metadata: {{name: win, namespace: app}}
spec:
  os: {{name: {os}}}
  securityContext:
    runAsNonRoot: true
  containers:
    - name: c
      image: mcr.microsoft.com/windows/nanoserver:ltsc2022@sha256:0a399eb16751829e1af26fea27b20c3ec28d7ab1fb72182879dcae1cca21206a
      resources: {{requests: {{cpu: 1m, memory: 1Mi}}, limits: {{cpu: 1m, memory: 1Mi}}}}
"
        )
    };
    let linux_only = ["LKK003", "LKK005", "LKK014", "LKK018", "LKK019", "LKK027"];
    let codes_of =
        |text: &str| -> Vec<String> { check(text).iter().map(|d| d.code.to_string()).collect() };
    let on_linux = codes_of(&pod("linux"));
    for code in linux_only {
        assert!(
            on_linux.contains(&code.to_string()),
            "{code} on a Linux pod: {on_linux:?}"
        );
    }
    let on_windows = codes_of(&pod("windows"));
    for code in linux_only {
        assert!(
            !on_windows.contains(&code.to_string()),
            "{code} on a Windows pod: {on_windows:?}"
        );
    }
}

#[test]
fn yaml_error_in_a_manifest_is_one_error_and_other_documents_are_still_linted() {
    let text = "apiVersion: v1
kind: Pod
metadata:
  name: broken
spec:
  containers: [{name: a, image: x
---
apiVersion: v1
kind: Pod
metadata:
  name: ok
spec:
  hostPID: true
  containers: [{name: b, image: y}]
";
    let diags = check(text);
    let syntax: Vec<_> = diags.iter().filter(|d| d.code == "LKK000").collect();
    assert_eq!(syntax.len(), 1, "{diags:?}");
    assert_eq!(syntax[0].severity, lookout_diagnostics::Severity::Error);
    assert!(lines_of(text, "LKK000")[0] >= 6);
    assert_eq!(lines_of(text, "LKK010"), vec![13]);
}

#[test]
fn billion_laughs_manifest_is_refused_quickly() {
    let mut text = String::from("apiVersion: v1\nkind: Pod\nmetadata:\n  name: lol\n  labels:\n    a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    let mut prev = 'a';
    for name in ['b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j'] {
        let refs = vec![format!("*{prev}"); 10].join(", ");
        text.push_str(&format!("    {name}: &{name} [{refs}]\n"));
        prev = name;
    }
    let started = Instant::now();
    let diags = check(&text);
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(diags.len(), 1, "{diags:?}");
    assert_eq!(diags[0].code, "LKK000");
    assert!(
        diags[0].message.contains("billion laughs"),
        "{}",
        diags[0].message
    );
}

#[test]
fn anchors_and_flow_style_are_followed() {
    let text = "apiVersion: v1
kind: List
items:
  - apiVersion: v1
    kind: Pod
    metadata: {name: a}
    spec:
      containers:
        - &c {name: app, image: nginx:1.27, securityContext: {privileged: true}}
  - apiVersion: v1
    kind: Pod
    metadata: {name: b}
    spec:
      containers: [*c]
";
    // The alias copies the privileged container: both pods report it (at the anchor).
    assert_eq!(lines_of(text, "LKK002"), vec![9, 9]);
}
