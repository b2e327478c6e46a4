use lookout_diagnostics::{Diagnostic, Fix};

use super::fix;
use super::workload::{diag, Workload};

crate::declare_rule! {
    /// ## What it does
    /// Reports containers that run privileged (`securityContext.privileged: true`).
    ///
    /// ## Why is this bad?
    /// A privileged container has every capability and access to all host devices: a
    /// process escaping it owns the node. The Pod Security Standards baseline forbids it.
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
    ///         privileged: true
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
    ///         privileged: false
    /// ```
    ///
    /// ## References
    /// - https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline
    /// - https://avd.aquasec.com/misconfig/ksv017
    pub static META = {
        code: "LKK002", name: "privileged-container", family: Kubernetes,
        severity: Error, fix: Always, aliases: ["KSV-0017", "PSS-baseline-privileged"],
    }
}

pub(super) fn check(w: &Workload<'_>, out: &mut Vec<Diagnostic>) {
    for c in w.containers() {
        let Some(f) = w.effective(c).privileged.filter(|f| f.value) else {
            continue;
        };
        // Unsafe: some workloads (device plugins, CNI agents) need it.
        let fix = Fix::unsafe_(
            "Set `privileged: false`",
            fix::replace(f.value_range, "false"),
        );
        out.push(
            diag(
                &META,
                f.range(),
                format!("{} runs privileged", w.describe(c)),
            )
            .with_fix(fix),
        );
    }
}
