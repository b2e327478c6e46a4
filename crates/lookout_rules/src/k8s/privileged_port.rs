use lookout_diagnostics::Diagnostic;

use super::workload::{diag, Workload};

crate::declare_rule! {
    /// ## What it does
    /// Reports container ports below 1024.
    ///
    /// ## Why is this bad?
    /// Binding a port below 1024 needs root or the NET_BIND_SERVICE capability; an application
    /// that listens on a high port can run with neither.
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
    ///       ports:
    ///         - containerPort: 80
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
    ///       ports:
    ///         - containerPort: 8080
    /// ```
    ///
    /// ## References
    /// - https://kubernetes.io/docs/concepts/security/pod-security-standards/
    /// - https://avd.aquasec.com/misconfig/ksv117
    pub static META = {
        code: "LKK036", name: "privileged-port", family: Kubernetes,
        severity: Info, fix: None, aliases: ["KSV-0117"],
    }
}

pub(super) fn check(w: &Workload<'_>, out: &mut Vec<Diagnostic>) {
    for c in w.containers() {
        for port in &c.ports {
            let Some(p) = port.container_port.as_ref().filter(|p| p.value < 1024) else {
                continue;
            };
            out.push(diag(
                &META,
                p.range(),
                format!("{} listens on privileged port {}", w.describe(c), p.value),
            ));
        }
    }
}
