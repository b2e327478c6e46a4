use lookout_diagnostics::Diagnostic;

use super::workload::{diag, text, Workload};

crate::declare_rule! {
    /// ## What it does
    /// Reports containers that do not run with a group ID above 10000 (`runAsGroup`, from the
    /// container or inherited from the pod).
    ///
    /// ## Why is this bad?
    /// Low GIDs collide with groups of the host: a process escaping the container would get
    /// that group's access to files on the node. Pods in a user namespace
    /// (`hostUsers: false`) are not reported.
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
    ///         runAsGroup: 1000
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
    ///     runAsGroup: 10001
    ///   containers:
    ///     - name: app
    ///       image: nginx:1.27
    /// ```
    ///
    /// ## References
    /// - https://kubernetes.io/docs/tasks/configure-pod-container/security-context/
    /// - https://avd.aquasec.com/misconfig/ksv021
    pub static META = {
        code: "LKK019", name: "low-group-id", family: Kubernetes,
        severity: Info, fix: None, aliases: ["KSV-0021"],
    }
}

pub(super) fn check(w: &Workload<'_>, out: &mut Vec<Diagnostic>) {
    // In a user namespace (`hostUsers: false`) container IDs map to unprivileged host
    // IDs: a low ID inside conflicts with nothing on the node.
    if w.pod.host_users.as_ref().is_some_and(|f| !f.value) {
        return;
    }
    for c in w.containers() {
        match w.effective(c).run_as_group {
            Some(f) if f.value.value > 10000 => {}
            Some(f) => out.push(diag(
                &META,
                f.value.range(),
                format!(
                    "{} runs as GID {} (10000 or below)",
                    w.describe(c),
                    f.value.value
                ),
            )),
            None => out.push(diag(
                &META,
                c.anchor_range(),
                text(&[&w.describe(c), " sets no `runAsGroup` above 10000"]),
            )),
        }
    }
}
