use lookout_diagnostics::Diagnostic;

use super::workload::{BoolSetting, Workload};

crate::declare_rule! {
    /// ## What it does
    /// Reports containers that do not set `securityContext.allowPrivilegeEscalation:
    /// false` (unset means allowed).
    ///
    /// ## Why is this bad?
    /// Without it, a process can gain more privileges than its parent through setuid
    /// binaries or file capabilities. The Pod Security Standards restricted profile
    /// requires it to be false.
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
    ///       securityContext:
    ///         allowPrivilegeEscalation: false
    /// ```
    ///
    /// ## References
    /// - https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted
    /// - https://avd.aquasec.com/misconfig/ksv001
    pub static META = {
        code: "LKK003", name: "allow-privilege-escalation", family: Kubernetes,
        severity: Warning, fix: Sometimes,
        aliases: ["KSV-0001", "PSS-restricted-privilege-escalation"],
    }
}

pub(super) fn check(w: &Workload<'_>, out: &mut Vec<Diagnostic>) {
    // Safe: setuid escalation is almost never what a container relies on, and the fix
    // only writes the value Kubernetes recommends.
    let setting = BoolSetting {
        meta: &META,
        key: "allowPrivilegeEscalation",
        want: false,
        safe: true,
    };
    for c in w.containers() {
        let eff = w.effective(c);
        setting.check(
            w,
            c,
            eff.allow_privilege_escalation,
            "may escalate privileges",
            out,
        );
    }
}
