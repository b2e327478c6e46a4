use lookout_diagnostics::Diagnostic;

use super::workload::{missing_resource, ResourceSide, Workload};

crate::declare_rule! {
    /// ## What it does
    /// Reports containers that set no `resources.requests.cpu`.
    ///
    /// ## Why is this bad?
    /// A container without a CPU request is scheduled as if it needed nothing, and is the first to be throttled.
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
    ///           cpu: 250m
    /// ```
    ///
    /// ## References
    /// - https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/
    /// - https://avd.aquasec.com/misconfig/ksv015
    pub static META = {
        code: "LKK015", name: "cpu-request", family: Kubernetes,
        severity: Info, fix: None, aliases: ["KSV-0015"],
    }
}

pub(super) fn check(w: &Workload<'_>, out: &mut Vec<Diagnostic>) {
    missing_resource(&META, w, ResourceSide::Requests, "cpu", out);
}
