use lookout_diagnostics::Diagnostic;

use super::workload::{missing_resource, ResourceSide, Workload};

crate::declare_rule! {
    /// ## What it does
    /// Reports containers that set no `resources.limits.memory`.
    ///
    /// ## Why is this bad?
    /// A container without a memory limit can exhaust its node's memory and get other pods killed.
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
    ///       resources:
    ///         limits:
    ///           memory: 256Mi
    /// ```
    ///
    /// ## References
    /// - https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/
    /// - https://avd.aquasec.com/misconfig/ksv018
    pub static META = {
        code: "LKK017", name: "memory-limit", family: Kubernetes,
        severity: Info, fix: None, aliases: ["KSV-0018"],
    }
}

pub(super) fn check(w: &Workload<'_>, out: &mut Vec<Diagnostic>) {
    missing_resource(&META, w, ResourceSide::Limits, "memory", out);
}
