use lookout_diagnostics::Diagnostic;

use super::workload::{diag, Workload};

crate::declare_rule! {
    /// ## What it does
    /// Reports `runAsUser: 0` in a pod's or a container's `securityContext`.
    ///
    /// ## Why is this bad?
    /// UID 0 is root: the Pod Security Standards restricted profile forbids asking for it
    /// explicitly, at either level.
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
    ///         runAsUser: 0
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
    ///         runAsUser: 10001
    /// ```
    ///
    /// ## References
    /// - https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted
    /// - https://avd.aquasec.com/misconfig/ksv105
    pub static META = {
        code: "LKK032", name: "run-as-user-root", family: Kubernetes,
        severity: Warning, fix: None, aliases: ["KSV-0105", "PSS-restricted-run-as-user"],
    }
}

pub(super) fn check(w: &Workload<'_>, out: &mut Vec<Diagnostic>) {
    let pod_field = w
        .pod
        .security_context
        .as_ref()
        .and_then(|s| s.run_as_user.as_ref());
    if let Some(f) = pod_field.filter(|f| f.value == 0) {
        out.push(diag(
            &META,
            f.range(),
            format!("{} sets `runAsUser: 0` for its pod", w.name()),
        ));
    }
    for c in w.containers() {
        let field = c
            .security_context
            .as_ref()
            .and_then(|s| s.run_as_user.as_ref());
        if let Some(f) = field.filter(|f| f.value == 0) {
            out.push(diag(
                &META,
                f.range(),
                format!("{} sets `runAsUser: 0`", w.describe(c)),
            ));
        }
    }
}
