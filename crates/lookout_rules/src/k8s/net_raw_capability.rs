use lookout_diagnostics::Diagnostic;

use super::workload::{added_capability, Workload};

crate::declare_rule! {
    /// ## What it does
    /// Reports containers that add the `NET_RAW` capability.
    ///
    /// ## Why is this bad?
    /// `NET_RAW` allows raw sockets: a process can spoof packets and sniff traffic on the pod network.
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
    ///           add: [NET_RAW]
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
    /// - https://avd.aquasec.com/misconfig/ksv119
    pub static META = {
        code: "LKK037", name: "net-raw-capability", family: Kubernetes,
        severity: Warning, fix: None, aliases: ["KSV-0119"],
    }
}

pub(super) fn check(w: &Workload<'_>, out: &mut Vec<Diagnostic>) {
    added_capability(&META, w, "NET_RAW", out);
}
