use lookout_diagnostics::Diagnostic;

use super::workload::{diag, Workload};

crate::declare_rule! {
    /// ## What it does
    /// Reports container ports bound to a port of the node (`hostPort`).
    ///
    /// ## Why is this bad?
    /// A host port bypasses Services and network policies, exposes the pod on the node's
    /// address, and limits where it can be scheduled. The Pod Security Standards baseline
    /// forbids it.
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
    ///         - containerPort: 8080
    ///           hostPort: 8080
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
    /// - https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline
    /// - https://avd.aquasec.com/misconfig/ksv024
    pub static META = {
        code: "LKK022", name: "host-ports", family: Kubernetes,
        severity: Warning, fix: None, aliases: ["KSV-0024", "PSS-baseline-host-ports"],
    }
}

pub(super) fn check(w: &Workload<'_>, out: &mut Vec<Diagnostic>) {
    for c in w.containers() {
        for port in &c.ports {
            let Some(host) = port.host_port.as_ref().filter(|h| h.value != 0) else {
                continue;
            };
            out.push(diag(
                &META,
                host.range(),
                format!("{} binds host port {}", w.describe(c), host.value),
            ));
        }
    }
}
