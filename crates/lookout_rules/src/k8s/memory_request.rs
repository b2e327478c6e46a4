use lookout_diagnostics::Diagnostic;

use super::workload::{missing_resource, ResourceSide, Workload};

crate::declare_rule! {
    /// ## What it does
    /// Reports containers that set no `resources.requests.memory`.
    ///
    /// ## Why is this bad?
    /// A container without a memory request is scheduled as if it needed nothing, and is the first to be evicted.
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
    ///         requests:
    ///           memory: 128Mi
    /// ```
    ///
    /// ## References
    /// - https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/
    /// - https://avd.aquasec.com/misconfig/ksv016
    pub static META = {
        code: "LKK016", name: "memory-request", family: Kubernetes,
        severity: Info, fix: None, aliases: ["KSV-0016"],
    }
}

pub(super) fn check(w: &Workload<'_>, out: &mut Vec<Diagnostic>) {
    missing_resource(&META, w, ResourceSide::Requests, "memory", out);
}
