use lookout_diagnostics::Diagnostic;

use super::workload::{diag, Workload};

crate::declare_rule! {
    /// ## What it does
    /// Reports the root group (GID 0) as `runAsGroup`, `fsGroup` or in `supplementalGroups`.
    ///
    /// ## Why is this bad?
    /// Group 0 owns many files on the host and in images; a process in it can read or write
    /// them.
    ///
    /// ## Example
    /// ```yaml
    /// apiVersion: v1
    /// kind: Pod
    /// metadata:
    ///   name: web
    /// spec:
    ///   securityContext:
    ///     fsGroup: 0
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
    ///   securityContext:
    ///     fsGroup: 10001
    ///   containers:
    ///     - name: app
    ///       image: nginx:1.27
    /// ```
    ///
    /// ## References
    /// - https://kubernetes.io/docs/concepts/security/pod-security-standards/
    /// - https://avd.aquasec.com/misconfig/ksv116
    pub static META = {
        code: "LKK035", name: "root-group", family: Kubernetes,
        severity: Warning, fix: None, aliases: ["KSV-0116", "PSS-restricted-root-groups"],
    }
}

pub(super) fn check(w: &Workload<'_>, out: &mut Vec<Diagnostic>) {
    let name = w.name();
    if let Some(sc) = &w.pod.security_context {
        let singles = [
            ("runAsGroup", sc.run_as_group.as_ref()),
            ("fsGroup", sc.fs_group.as_ref()),
        ];
        for (key, field) in singles {
            if let Some(f) = field.filter(|f| f.value == 0) {
                out.push(diag(
                    &META,
                    f.range(),
                    format!("{name} sets `{key}: 0` (root group)"),
                ));
            }
        }
        for g in sc.supplemental_groups.iter().filter(|g| g.value == 0) {
            out.push(diag(
                &META,
                g.range(),
                format!("{name} adds the root group to `supplementalGroups`"),
            ));
        }
    }
    for c in w.containers() {
        let field = c
            .security_context
            .as_ref()
            .and_then(|s| s.run_as_group.as_ref());
        if let Some(f) = field.filter(|f| f.value == 0) {
            out.push(diag(
                &META,
                f.range(),
                format!("{} sets `runAsGroup: 0` (root group)", w.describe(c)),
            ));
        }
    }
}
