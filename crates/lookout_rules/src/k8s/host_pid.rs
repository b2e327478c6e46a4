use lookout_diagnostics::Diagnostic;

use super::workload::{host_namespace, Workload};

crate::declare_rule! {
    /// ## What it does
    /// Reports pods that share the host's process namespace (`hostPID: true`).
    ///
    /// ## Why is this bad?
    /// Sharing the host's process namespace breaks the isolation between the pod and the node (and
    /// every other pod on it). The Pod Security Standards baseline forbids it.
    ///
    /// ## Example
    /// ```yaml
    /// apiVersion: v1
    /// kind: Pod
    /// metadata:
    ///   name: web
    /// spec:
    ///   hostPID: true
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
    ///   containers:
    ///     - name: app
    ///       image: nginx:1.27
    /// ```
    ///
    /// ## References
    /// - https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline
    /// - https://avd.aquasec.com/misconfig/ksv010
    pub static META = {
        code: "LKK010", name: "host-pid", family: Kubernetes,
        severity: Error, fix: Always, aliases: ["KSV-0010", "PSS-baseline-host-pid"],
    }
}

pub(super) fn check(w: &Workload<'_>, out: &mut Vec<Diagnostic>) {
    host_namespace(
        &META,
        w,
        w.pod.host_pid.as_ref(),
        "hostPID",
        "process namespace",
        out,
    );
}
