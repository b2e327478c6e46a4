//! Kubernetes rules: the Pod Security Standards baseline and restricted controls (with
//! Trivy's KSV codes and the PSS control names as aliases), resource and namespace hygiene,
//! and image pinning. Each rule is one file; [`check`] runs them all on a manifest.

mod fix;
mod workload;

mod allow_privilege_escalation;
mod apparmor_profile;
mod capabilities_add_only_net_bind_service;
mod cpu_limit;
mod cpu_request;
mod default_namespace;
mod docker_socket_mount;
mod drop_all_capabilities;
mod host_ipc;
mod host_network;
mod host_path_volume;
mod host_pid;
mod host_ports;
mod host_process;
mod image_not_pinned_by_digest;
mod image_tag_latest;
mod kube_system_namespace;
mod low_group_id;
mod low_user_id;
mod memory_limit;
mod memory_request;
mod net_raw_capability;
mod non_default_capabilities;
mod privileged_container;
mod privileged_port;
mod proc_mount;
mod read_only_root_filesystem;
mod restricted_volume_types;
mod root_group;
mod run_as_non_root;
mod run_as_user_root;
mod seccomp_profile_not_set;
mod seccomp_unconfined;
mod selinux_options;
mod service_account_token;
mod sys_admin_capability;
mod sys_module_capability;
mod unsafe_sysctls;
mod yaml_syntax;

use lookout_diagnostics::Diagnostic;
use lookout_syntax::k8s;

use crate::incremental::{by_position, DocumentCache, Documents, Fixes};
use crate::RuleMeta;
use workload::Workload;

type Check = fn(&Workload<'_>, &mut Vec<Diagnostic>);

/// Rules that ask for a Linux-only setting (seccomp, capabilities, privilege escalation,
/// a read-only root filesystem, a non-root UID/GID): not checked on a Windows pod, where
/// the API server rejects those fields and the Pod Security Standards exempt it.
const LINUX_ONLY: &[&RuleMeta] = &[
    &allow_privilege_escalation::META,
    &drop_all_capabilities::META,
    &read_only_root_filesystem::META,
    &low_user_id::META,
    &low_group_id::META,
    &seccomp_profile_not_set::META,
];

/// Workload rules in catalog order, each with its check.
const RULES: &[(&RuleMeta, Check)] = &[
    (
        &image_not_pinned_by_digest::META,
        image_not_pinned_by_digest::check,
    ),
    (&privileged_container::META, privileged_container::check),
    (
        &allow_privilege_escalation::META,
        allow_privilege_escalation::check,
    ),
    (&apparmor_profile::META, apparmor_profile::check),
    (&drop_all_capabilities::META, drop_all_capabilities::check),
    (&sys_admin_capability::META, sys_admin_capability::check),
    (&docker_socket_mount::META, docker_socket_mount::check),
    (&host_ipc::META, host_ipc::check),
    (&host_network::META, host_network::check),
    (&host_pid::META, host_pid::check),
    (&cpu_limit::META, cpu_limit::check),
    (&run_as_non_root::META, run_as_non_root::check),
    (&image_tag_latest::META, image_tag_latest::check),
    (
        &read_only_root_filesystem::META,
        read_only_root_filesystem::check,
    ),
    (&cpu_request::META, cpu_request::check),
    (&memory_request::META, memory_request::check),
    (&memory_limit::META, memory_limit::check),
    (&low_user_id::META, low_user_id::check),
    (&low_group_id::META, low_group_id::check),
    (
        &non_default_capabilities::META,
        non_default_capabilities::check,
    ),
    (&host_path_volume::META, host_path_volume::check),
    (&host_ports::META, host_ports::check),
    (&selinux_options::META, selinux_options::check),
    (&unsafe_sysctls::META, unsafe_sysctls::check),
    (&proc_mount::META, proc_mount::check),
    (
        &restricted_volume_types::META,
        restricted_volume_types::check,
    ),
    (
        &seccomp_profile_not_set::META,
        seccomp_profile_not_set::check,
    ),
    (&service_account_token::META, service_account_token::check),
    (&kube_system_namespace::META, kube_system_namespace::check),
    (&host_process::META, host_process::check),
    (&seccomp_unconfined::META, seccomp_unconfined::check),
    (&run_as_user_root::META, run_as_user_root::check),
    (
        &capabilities_add_only_net_bind_service::META,
        capabilities_add_only_net_bind_service::check,
    ),
    (&default_namespace::META, default_namespace::check),
    (&root_group::META, root_group::check),
    (&privileged_port::META, privileged_port::check),
    (&net_raw_capability::META, net_raw_capability::check),
    (&sys_module_capability::META, sys_module_capability::check),
];

/// Every Kubernetes rule, `LKK000` (YAML syntax) first.
pub static RULE_METAS: &[&RuleMeta] = &[
    &yaml_syntax::META,
    &image_not_pinned_by_digest::META,
    &privileged_container::META,
    &allow_privilege_escalation::META,
    &apparmor_profile::META,
    &drop_all_capabilities::META,
    &sys_admin_capability::META,
    &docker_socket_mount::META,
    &host_ipc::META,
    &host_network::META,
    &host_pid::META,
    &cpu_limit::META,
    &run_as_non_root::META,
    &image_tag_latest::META,
    &read_only_root_filesystem::META,
    &cpu_request::META,
    &memory_request::META,
    &memory_limit::META,
    &low_user_id::META,
    &low_group_id::META,
    &non_default_capabilities::META,
    &host_path_volume::META,
    &host_ports::META,
    &selinux_options::META,
    &unsafe_sysctls::META,
    &proc_mount::META,
    &restricted_volume_types::META,
    &seccomp_profile_not_set::META,
    &service_account_token::META,
    &kube_system_namespace::META,
    &host_process::META,
    &seccomp_unconfined::META,
    &run_as_user_root::META,
    &capabilities_add_only_net_bind_service::META,
    &default_namespace::META,
    &root_group::META,
    &privileged_port::META,
    &net_raw_capability::META,
    &sys_module_capability::META,
];

/// Lint a Kubernetes manifest file. YAML that is not Kubernetes gives nothing, and so do
/// the documents of a Helm chart template (`{{ … }}` actions in the structure make them
/// YAML only once rendered; see [`k8s::K8sFile::templated`]) — the file's other documents
/// are linted. A YAML error in a manifest is one `LKK000` error where it broke, and the
/// documents that parsed are still linted. Findings are sorted by position.
#[must_use]
pub fn check(text: &str) -> Vec<Diagnostic> {
    if !k8s::looks_like_kubernetes(text) {
        return Vec::new();
    }
    #[cfg(not(target_arch = "wasm32"))]
    if text.len() >= PARALLEL_FROM_BYTES {
        if let Some(found) =
            lookout_syntax::yaml::split_point(text).and_then(|at| check_in_two(text, at))
        {
            return found;
        }
    }
    check_file(text, &k8s::parse(text))
}

/// [`check`] of `text`, whose documents are `documents` (`None` when [`Documents::of`]
/// gives none), reusing the findings of documents whose text is unchanged since the last
/// call with the same `cache` (typing in one document of a 100-document stream re-checks
/// that document only). Gives exactly what [`check`] gives (without the fixes when
/// `fixes` is [`Fixes::Drop`]).
#[must_use]
pub fn check_incremental(
    text: &str,
    documents: Option<&Documents>,
    cache: &mut DocumentCache,
    fixes: Fixes,
) -> Vec<Diagnostic> {
    if !k8s::looks_like_kubernetes(text) {
        cache.clear();
        return Vec::new();
    }
    let Some(documents) = documents else {
        cache.clear();
        let mut found = check(text);
        if fixes == Fixes::Drop {
            for d in &mut found {
                d.fix = None;
            }
        }
        return found;
    };
    cache.check(
        text,
        documents,
        fixes,
        |range| check_file(text, &k8s::parse_part(text, range)),
        || check(text),
    )
}

/// [`check`] with the documents before and after `split` (a document boundary) parsed and
/// checked on two threads. Documents are independent (anchors do not cross `---`), so the
/// result is the one-thread result. `None` if the second thread panicked.
#[cfg(not(target_arch = "wasm32"))]
fn check_in_two(text: &str, split: usize) -> Option<Vec<Diagnostic>> {
    let (mut first, second) = std::thread::scope(|scope| {
        let second = scope.spawn(|| check_file(text, &k8s::parse_part(text, split..text.len())));
        let first = check_file(text, &k8s::parse_part(text, 0..split));
        (first, second.join())
    });
    first.extend(second.ok()?);
    if !first.is_sorted_by_key(by_position) {
        first.sort_by_key(by_position);
    }
    Some(first)
}

/// Files at least this big are checked in two halves on two threads (a thread costs tens
/// of microseconds; a 4,000-line manifest takes over a millisecond on one core).
#[cfg(not(target_arch = "wasm32"))]
const PARALLEL_FROM_BYTES: usize = 32 * 1024;

/// The findings for the documents of `file`, sorted by position.
fn check_file(text: &str, file: &k8s::K8sFile) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    yaml_syntax::check(file, &mut out);
    for object in file.objects() {
        let Some(pod) = &object.pod else { continue };
        if file.is_templated(object.range) {
            continue;
        }
        let workload = Workload::new(text, object, pod);
        // Room for a typical workload's findings, so a big file does not copy its
        // findings over and over while the vector doubles.
        out.reserve(8 + 8 * pod.containers.len());
        let first = out.len();
        let windows = pod.is_windows();
        for (meta, rule) in RULES {
            if windows && LINUX_ONLY.iter().any(|m| m.code == meta.code) {
                continue;
            }
            rule(&workload, &mut out);
        }
        // Sorted a workload at a time (a handful of findings each): workloads come in
        // file order, so the whole list is usually sorted after this and the final sort
        // below is skipped. Stable: two containers inheriting one pod-level setting give
        // two findings at the same place, and the first container's must stay first
        // whichever way the file was checked (whole, in halves, or document by document).
        out[first..].sort_by_key(by_position);
        merge_inherited(&workload, &mut out, first);
    }
    if !out.is_sorted_by_key(by_position) {
        out.sort_by_key(by_position);
    }
    out
}

/// Containers that inherit one pod-level setting each get a finding at that setting's
/// line, with their own name: one finding per place is what a reader (and the lint's
/// de-duplication, which keeps the first) expects, but it must name every container.
/// Same-rule findings at one place whose messages differ only in the container they open
/// with become one: the first message, then "; so do containers "b" and "c"".
fn merge_inherited(workload: &Workload<'_>, out: &mut Vec<Diagnostic>, first: usize) {
    let same_place = |a: &Diagnostic, b: &Diagnostic| a.code == b.code && a.range == b.range;
    if !out[first..].windows(2).any(|w| same_place(&w[0], &w[1])) {
        return;
    }
    let descriptions: Vec<(String, std::borrow::Cow<'_, str>)> = workload
        .containers()
        .map(|c| (workload.short_name(c), workload.describe(c)))
        .collect();
    // The container a message opens with (its short name) and what it says of it.
    let split = |message: &str| -> Option<(String, String)> {
        descriptions.iter().find_map(|(short, long)| {
            let said = message.strip_prefix(long.as_ref())?;
            Some((short.clone(), said.to_owned()))
        })
    };
    // The kept findings; for the last one, what it says and the containers that join it.
    let mut merged: Vec<Diagnostic> = Vec::with_capacity(out.len() - first);
    let mut said_by_last: Option<String> = None;
    let mut joined: Vec<String> = Vec::new();
    for d in out.drain(first..) {
        if merged.last().is_some_and(|last| same_place(last, &d)) {
            if let (Some(said), Some((other, says))) = (&said_by_last, split(&d.message)) {
                if *said == says {
                    joined.push(other);
                    continue;
                }
            }
        }
        name_joined(&mut merged, &mut joined);
        said_by_last = split(&d.message).map(|(_, says)| says);
        merged.push(d);
    }
    name_joined(&mut merged, &mut joined);
    out.extend(merged);
}

/// Appends the containers that joined the last finding to its message.
fn name_joined(merged: &mut [Diagnostic], joined: &mut Vec<String>) {
    if let (Some(last), false) = (merged.last_mut(), joined.is_empty()) {
        last.message = format!("{}; {}", last.message, so_do(joined)).into();
    }
    joined.clear();
}

/// `so does container "b"`, `so do containers "b" and "c"`, `… "b", "c" and "d"`.
fn so_do(containers: &[String]) -> String {
    match containers {
        [one] => format!("so does container {one}"),
        [rest @ .., last] => format!("so do containers {} and {last}", rest.join(", ")),
        [] => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The two-thread path gives exactly the one-thread findings, wherever the file is cut.
    #[test]
    fn checking_in_two_halves_changes_nothing() {
        let specs = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/specs/kubernetes");
        let dir = std::env::var("CARGO_MANIFEST_DIR").map_or_else(
            |_| specs.to_string(),
            |d| format!("{d}/tests/specs/kubernetes"),
        );
        let mut texts: Vec<String> = Vec::new();
        for rule in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            for name in ["valid.yaml", "invalid.yaml"] {
                if let Ok(text) = std::fs::read_to_string(rule.path().join(name)) {
                    texts.push(text);
                }
            }
        }
        assert!(texts.len() > 40, "spec manifests not found under {dir}");
        // All of them in one stream, with a broken document and comments in the middle.
        let mut stream = texts.join("\n---\n");
        stream.push_str("\n---\n# note\nkind: Pod\napiVersion: v1\nspec: {containers: [\n");
        texts.push(stream);
        for text in &texts {
            let one = check_file(text, &k8s::parse(text));
            let starts = text.match_indices("\n---").map(|(i, _)| i + 1);
            for split in starts {
                let two = check_in_two(text, split).unwrap_or_default();
                assert_eq!(one, two, "split at {split}");
            }
        }
    }

    /// A pod-level setting inherited by several containers is one finding at its line
    /// naming every container; findings of the containers' own lines stay one each.
    #[test]
    fn a_pod_level_setting_names_every_container_that_inherits_it() {
        let text = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  securityContext:\n    runAsNonRoot: false\n  containers:\n  - name: a\n    image: nginx:1.27\n  - name: b\n    image: nginx:1.27\n  - name: c\n    image: nginx:1.27\n    securityContext:\n      runAsNonRoot: false\n";
        let findings = check(text);
        let messages: Vec<&str> = findings
            .iter()
            .filter(|d| d.code == "LKK012")
            .map(|d| &*d.message)
            .collect();
        assert_eq!(
            messages,
            vec![
                "container \"a\" of Pod/p inherits `runAsNonRoot: false` from the pod; so does container \"b\"",
                "container \"c\" of Pod/p sets `runAsNonRoot: false`",
            ]
        );
        let names = |n: &[&str]| n.iter().map(|s| format!("\"{s}\"")).collect::<Vec<_>>();
        assert_eq!(so_do(&names(&["b"])), "so does container \"b\"");
        assert_eq!(
            so_do(&names(&["b", "c"])),
            "so do containers \"b\" and \"c\""
        );
        assert_eq!(
            so_do(&names(&["b", "c", "d"])),
            "so do containers \"b\", \"c\" and \"d\""
        );
    }

    /// Re-checking only changed documents gives what a full check gives, edit after edit:
    /// typing in one document, adding and removing documents, breaking and mending one,
    /// moving everything down by a line.
    #[test]
    fn incremental_check_matches_a_full_check_after_each_edit() {
        let dir = std::env::var("CARGO_MANIFEST_DIR").map_or_else(
            |_| concat!(env!("CARGO_MANIFEST_DIR"), "/tests/specs/kubernetes").to_string(),
            |d| format!("{d}/tests/specs/kubernetes"),
        );
        let mut documents: Vec<String> = Vec::new();
        for rule in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            if let Ok(text) = std::fs::read_to_string(rule.path().join("invalid.yaml")) {
                documents.push(text);
            }
        }
        assert!(documents.len() > 20, "spec manifests not found under {dir}");
        let mut text = documents.join("\n---\n");
        let mut cache = DocumentCache::default();
        type Edit = Box<dyn Fn(&str) -> String>;
        let mut steps: Vec<Edit> = vec![
            Box::new(|t| t.replacen("privileged: true", "privileged: false", 1)),
            Box::new(|t| t.replacen("image: ", "image:  ", 3)),
            Box::new(|t| format!("# top comment\n{t}")),
            Box::new(|t| {
                format!("{t}\n---\napiVersion: v1\nkind: Pod\nmetadata: {{name: x}}\nspec:\n  containers:\n    - name: c\n      image: nginx:latest\n")
            }),
            Box::new(|t| t.replacen("\n---\n", "\n", 1)),
            Box::new(|t| t.replacen("containers:", "containers: [", 1)),
            Box::new(|t| t.replacen("containers: [", "containers:", 1)),
        ];
        // Many documents changed at once: the whole-file path and its grouping.
        steps.push(Box::new(|t| t.replace("image: ", "image:   ")));
        // A flow mapping left open at the end of a document is reported at the next `---`
        // (the first byte of the next document); the whole-file path must not file it
        // under the next document, whose text then changes alone.
        steps.push(Box::new(|t| {
            t.replacen("\n---\n", "\n  extra: {cpu: 1m, memory: 1Mi\n---\n", 1)
        }));
        steps.push(Box::new(|t| t.replace("image: ", "image:  ")));
        steps.push(Box::new(|t| {
            let second = t.match_indices("\n---\n").nth(1).map_or(0, |(i, _)| i);
            t[..second].to_string() + &t[second..].replacen("image:", "image: ", 1)
        }));
        steps.push(Box::new(|t| {
            t.replacen("memory: 1Mi\n", "memory: 1Mi}\n", 1)
        }));
        let without_fixes = |mut found: Vec<Diagnostic>| {
            for d in &mut found {
                d.fix = None;
            }
            found
        };
        let incremental = |text: &str, cache: &mut DocumentCache, fixes| {
            check_incremental(text, Documents::of(text).as_ref(), cache, fixes)
        };
        for (i, step) in steps.iter().enumerate() {
            assert_eq!(
                incremental(&text, &mut cache, Fixes::Keep),
                check(&text),
                "before step {i}"
            );
            text = step(&text);
            // Shown without fixes, then asked again with them (an editor's code action).
            assert_eq!(
                incremental(&text, &mut cache, Fixes::Drop),
                without_fixes(check(&text)),
                "after step {i}, without fixes"
            );
            assert_eq!(
                incremental(&text, &mut cache, Fixes::Keep),
                check(&text),
                "after step {i}"
            );
        }
    }

    #[test]
    fn every_workload_rule_is_in_the_catalog_once() {
        for (meta, _) in RULES {
            let count = RULE_METAS.iter().filter(|m| m.code == meta.code).count();
            assert_eq!(count, 1, "{}", meta.code);
        }
        assert_eq!(RULE_METAS.len(), RULES.len() + 1);
    }
}
