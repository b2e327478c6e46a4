use lookout_diagnostics::Diagnostic;

use super::workload::{added_capability, Workload};

crate::declare_rule! {
    /// ## What it does
    /// Reports containers that add the `SYS_MODULE` capability.
    ///
    /// ## Why is this bad?
    /// `SYS_MODULE` allows loading kernel modules, which is code execution in the host kernel.
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
    ///         capabilities:
    ///           add: [SYS_MODULE]
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
    ///         capabilities:
    ///           drop: [ALL]
    /// ```
    ///
    /// ## References
    /// - https://man7.org/linux/man-pages/man7/capabilities.7.html
    /// - https://avd.aquasec.com/misconfig/ksv120
    pub static META = {
        code: "LKK038", name: "sys-module-capability", family: Kubernetes,
        severity: Error, fix: None, aliases: ["KSV-0120"],
    }
}

pub(super) fn check(w: &Workload<'_>, out: &mut Vec<Diagnostic>) {
    added_capability(&META, w, "SYS_MODULE", out);
}
