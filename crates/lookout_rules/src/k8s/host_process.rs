use lookout_diagnostics::Diagnostic;

use super::workload::{diag, Workload};

crate::declare_rule! {
    /// ## What it does
    /// Reports Windows HostProcess containers (`windowsOptions.hostProcess: true` on the pod or a
    /// container).
    ///
    /// ## Why is this bad?
    /// A HostProcess container runs directly on the Windows node with the node's network and
    /// filesystem: privileged access to the host. The Pod Security Standards baseline forbids it.
    ///
    /// ## Example
    /// ```yaml
    /// apiVersion: v1
    /// kind: Pod
    /// metadata:
    ///   name: web
    /// spec:
    ///   securityContext:
    ///     windowsOptions:
    ///       hostProcess: true
    ///   hostNetwork: false
    ///   containers:
    ///     - name: app
    ///       image: mcr.microsoft.com/windows/nanoserver:ltsc2022
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
    ///       image: mcr.microsoft.com/windows/nanoserver:ltsc2022
    /// ```
    ///
    /// ## References
    /// - https://kubernetes.io/docs/tasks/configure-pod-container/create-hostprocess-pod/
    /// - https://avd.aquasec.com/misconfig/ksv103
    pub static META = {
        code: "LKK030", name: "host-process", family: Kubernetes,
        severity: Error, fix: None, aliases: ["KSV-0103", "PSS-baseline-host-process"],
    }
}

pub(super) fn check(w: &Workload<'_>, out: &mut Vec<Diagnostic>) {
    let pod_field = w
        .pod
        .security_context
        .as_ref()
        .and_then(|s| s.host_process.as_ref());
    if let Some(f) = pod_field.filter(|f| f.value) {
        out.push(diag(
            &META,
            f.range(),
            format!("{} runs HostProcess containers", w.name()),
        ));
    }
    for c in w.containers() {
        let field = c
            .security_context
            .as_ref()
            .and_then(|s| s.host_process.as_ref());
        if let Some(f) = field.filter(|f| f.value) {
            out.push(diag(
                &META,
                f.range(),
                format!("{} is a HostProcess container", w.describe(c)),
            ));
        }
    }
}
