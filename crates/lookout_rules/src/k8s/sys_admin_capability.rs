use lookout_diagnostics::Diagnostic;

use super::workload::{added_capability, Workload};

crate::declare_rule! {
    /// ## What it does
    /// Reports containers that add the `SYS_ADMIN` capability.
    ///
    /// ## Why is this bad?
    /// `SYS_ADMIN` allows nearly root on the host: mount filesystems, load BPF programs, change namespaces.
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
    ///           add: [SYS_ADMIN]
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
    /// - https://avd.aquasec.com/misconfig/ksv005
    pub static META = {
        code: "LKK006", name: "sys-admin-capability", family: Kubernetes,
        severity: Error, fix: None, aliases: ["KSV-0005"],
    }
}

pub(super) fn check(w: &Workload<'_>, out: &mut Vec<Diagnostic>) {
    added_capability(&META, w, "SYS_ADMIN", out);
}
