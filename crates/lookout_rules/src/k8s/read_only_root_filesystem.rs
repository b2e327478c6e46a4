use lookout_diagnostics::Diagnostic;

use super::workload::{BoolSetting, Workload};

crate::declare_rule! {
    /// ## What it does
    /// Reports containers whose root filesystem is writable (no
    /// `securityContext.readOnlyRootFilesystem: true`).
    ///
    /// ## Why is this bad?
    /// An attacker who gets code execution can drop tools or modify binaries in a
    /// writable root filesystem. Mount an `emptyDir` where the application must write.
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
    ///         readOnlyRootFilesystem: false
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
    ///         readOnlyRootFilesystem: true
    /// ```
    ///
    /// ## References
    /// - https://kubernetes.io/docs/tasks/configure-pod-container/security-context/
    /// - https://avd.aquasec.com/misconfig/ksv014
    pub static META = {
        code: "LKK014", name: "read-only-root-filesystem", family: Kubernetes,
        severity: Warning, fix: Sometimes, aliases: ["KSV-0014"],
    }
}

pub(super) fn check(w: &Workload<'_>, out: &mut Vec<Diagnostic>) {
    // Unsafe: applications that write outside mounted volumes stop working.
    let setting = BoolSetting {
        meta: &META,
        key: "readOnlyRootFilesystem",
        want: true,
        safe: false,
    };
    for c in w.containers() {
        let eff = w.effective(c);
        setting.check(
            w,
            c,
            eff.read_only_root_filesystem,
            "has a writable root filesystem",
            out,
        );
    }
}
