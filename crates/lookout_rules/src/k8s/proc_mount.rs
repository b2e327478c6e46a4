use lookout_diagnostics::Diagnostic;

use super::workload::{diag, Workload};

crate::declare_rule! {
    /// ## What it does
    /// Reports containers with a `procMount` other than `Default`.
    ///
    /// ## Why is this bad?
    /// `Unmasked` exposes the host's /proc paths the runtime normally hides (kernel
    /// parameters, other processes' information). The Pod Security Standards baseline forbids it.
    ///
    /// ## Example
    /// ```yaml
    /// apiVersion: v1
    /// kind: Pod
    /// metadata:
    ///   name: web
    /// spec:
    ///   containers:
    ///     - name: app
    ///       image: nginx:1.27
    ///       securityContext:
    ///         procMount: Unmasked
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// apiVersion: v1
    /// kind: Pod
    /// metadata:
    ///   name: web
    /// spec:
    ///   containers:
    ///     - name: app
    ///       image: nginx:1.27
    ///       securityContext:
    ///         procMount: Default
    /// ```
    ///
    /// ## References
    /// - https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline
    /// - https://avd.aquasec.com/misconfig/ksv027
    pub static META = {
        code: "LKK025", name: "proc-mount", family: Kubernetes,
        severity: Warning, fix: None, aliases: ["KSV-0027", "PSS-baseline-proc-mount"],
    }
}

pub(super) fn check(w: &Workload<'_>, out: &mut Vec<Diagnostic>) {
    for c in w.containers() {
        let Some(f) = w.effective(c).proc_mount.filter(|f| f.value != "Default") else {
            continue;
        };
        out.push(diag(
            &META,
            f.range(),
            format!("{} sets `procMount: {}`", w.describe(c), f.value),
        ));
    }
}
