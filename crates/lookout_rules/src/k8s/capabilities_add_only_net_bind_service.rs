use lookout_diagnostics::Diagnostic;

use super::workload::{capability_name, diag, Workload};

crate::declare_rule! {
    /// ## What it does
    /// Reports capabilities added other than `NET_BIND_SERVICE`, the only one the Pod Security
    /// Standards restricted profile allows (dropping `ALL` is LKK005's finding).
    ///
    /// ## Why is this bad?
    /// The restricted profile runs every container with no capability but the one that lets a
    /// non-root process listen on a port below 1024.
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
    ///           drop: [ALL]
    ///           add: [CHOWN]
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
    ///           add: [NET_BIND_SERVICE]
    /// ```
    ///
    /// ## References
    /// - https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted
    /// - https://avd.aquasec.com/misconfig/ksv106
    pub static META = {
        code: "LKK033", name: "add-only-net-bind-service", family: Kubernetes,
        severity: Info, fix: None, aliases: ["KSV-0106"],
    }
}

pub(super) fn check(w: &Workload<'_>, out: &mut Vec<Diagnostic>) {
    for c in w.containers() {
        let Some(caps) = w.effective(c).capabilities else {
            continue;
        };
        for added in &caps.add {
            let name = capability_name(&added.value);
            if name != "NET_BIND_SERVICE" {
                out.push(diag(
                    &META,
                    added.value_range,
                    format!(
                        "{} adds {name}: only NET_BIND_SERVICE may be added",
                        w.describe(c)
                    ),
                ));
            }
        }
    }
}
