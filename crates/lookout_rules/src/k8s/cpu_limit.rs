use lookout_diagnostics::Diagnostic;

use super::workload::{missing_resource, ResourceSide, Workload};

crate::declare_rule! {
    /// ## What it does
    /// Reports containers that set no `resources.limits.cpu`.
    ///
    /// ## Why is this bad?
    /// A container without a CPU limit can starve every other pod on its node.
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
    ///           cpu: 500m
    /// ```
    ///
    /// ## References
    /// - https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/
    /// - https://avd.aquasec.com/misconfig/ksv011
    pub static META = {
        code: "LKK011", name: "cpu-limit", family: Kubernetes,
        severity: Info, fix: None, aliases: ["KSV-0011"],
    }
}

pub(super) fn check(w: &Workload<'_>, out: &mut Vec<Diagnostic>) {
    missing_resource(&META, w, ResourceSide::Limits, "cpu", out);
}
