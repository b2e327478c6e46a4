use lookout_diagnostics::{Diagnostic, TextRange};

use super::workload::{diag, Workload};

crate::declare_rule! {
    /// ## What it does
    /// Reports a seccomp profile explicitly set to `Unconfined` (field or legacy annotation), on the
    /// pod or a container.
    ///
    /// ## Why is this bad?
    /// Unconfined turns off system call filtering, the kernel attack surface reduction every
    /// container otherwise gets. The Pod Security Standards baseline forbids it.
    ///
    /// ## Example
    /// ```yaml
    /// apiVersion: v1
    /// kind: Pod
    /// metadata:
    ///   name: web
    /// spec:
    ///   securityContext:
    ///     seccompProfile:
    ///       type: Unconfined
    ///   containers:
    ///     - name: app
    ///       image: nginx:1.27
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// apiVersion: v1
    /// kind: Pod
    /// metadata:
    ///   name: web
    /// spec:
    ///   securityContext:
    ///     seccompProfile:
    ///       type: RuntimeDefault
    ///   containers:
    ///     - name: app
    ///       image: nginx:1.27
    /// ```
    ///
    /// ## References
    /// - https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline
    /// - https://avd.aquasec.com/misconfig/ksv104
    pub static META = {
        code: "LKK031", name: "seccomp-unconfined", family: Kubernetes,
        severity: Warning, fix: None, aliases: ["KSV-0104", "PSS-baseline-seccomp"],
    }
}

use lookout_syntax::k8s::Profile;

fn unconfined(profile: Option<&Profile>) -> Option<TextRange> {
    let t = profile?.type_.as_ref()?;
    (t.value == "Unconfined").then(|| t.range())
}

pub(super) fn check(w: &Workload<'_>, out: &mut Vec<Diagnostic>) {
    let pod_profile = w
        .pod
        .security_context
        .as_ref()
        .and_then(|s| s.seccomp_profile.as_ref());
    if let Some(range) = unconfined(pod_profile) {
        out.push(diag(
            &META,
            range,
            format!("{} turns seccomp off for its pod", w.name()),
        ));
    }
    for c in w.containers() {
        let profile = c
            .security_context
            .as_ref()
            .and_then(|s| s.seccomp_profile.as_ref());
        if let Some(range) = unconfined(profile) {
            out.push(diag(
                &META,
                range,
                format!("{} turns seccomp off", w.describe(c)),
            ));
        }
    }
    for kv in &w.pod.annotations {
        let legacy = kv.key == "seccomp.security.alpha.kubernetes.io/pod"
            || kv
                .key
                .starts_with("container.seccomp.security.alpha.kubernetes.io/");
        if legacy && kv.value == "unconfined" {
            out.push(diag(
                &META,
                kv.key_range.cover(kv.value_range),
                format!("{} turns seccomp off by annotation", w.name()),
            ));
        }
    }
}
