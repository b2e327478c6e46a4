use lookout_diagnostics::Diagnostic;

use super::workload::{diag, Workload};

crate::declare_rule! {
    /// ## What it does
    /// Reports workloads explicitly placed in the `default` namespace. (A manifest without a
    /// namespace goes where `kubectl` points at deploy time and is not reported.)
    ///
    /// ## Why is this bad?
    /// The default namespace mixes unrelated workloads under the same policies, quotas and
    /// RBAC; a dedicated namespace keeps each application's blast radius small.
    ///
    /// ## Example
    /// ```yaml
    /// apiVersion: v1
    /// kind: Pod
    /// metadata:
    ///   name: web
    ///   namespace: default
    /// spec:
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
    ///   namespace: shop
    /// spec:
    ///   containers:
    ///     - name: app
    ///       image: nginx:1.27
    /// ```
    ///
    /// ## References
    /// - https://kubernetes.io/docs/concepts/overview/working-with-objects/namespaces/
    /// - https://avd.aquasec.com/misconfig/ksv110
    pub static META = {
        code: "LKK034", name: "default-namespace", family: Kubernetes,
        severity: Info, fix: None, aliases: ["KSV-0110"],
    }
}

pub(super) fn check(w: &Workload<'_>, out: &mut Vec<Diagnostic>) {
    if let Some(ns) = w.object.namespace.as_ref().filter(|n| n.value == "default") {
        out.push(diag(
            &META,
            ns.range(),
            format!("{} is placed in the default namespace", w.name()),
        ));
    }
}
