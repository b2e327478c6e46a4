use lookout_diagnostics::Diagnostic;

use super::workload::{diag, Workload};

crate::declare_rule! {
    /// ## What it does
    /// Reports `hostPath` volumes.
    ///
    /// ## Why is this bad?
    /// A hostPath volume exposes the node's filesystem to the pod: credentials, the container
    /// runtime socket, kubelet files. The Pod Security Standards baseline forbids them.
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
    ///   volumes:
    ///     - name: logs
    ///       hostPath:
    ///         path: /var/log
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
    ///   volumes:
    ///     - name: logs
    ///       emptyDir: {}
    /// ```
    ///
    /// ## References
    /// - https://kubernetes.io/docs/concepts/storage/volumes/#hostpath
    /// - https://avd.aquasec.com/misconfig/ksv023
    pub static META = {
        code: "LKK021", name: "host-path-volume", family: Kubernetes,
        severity: Warning, fix: None, aliases: ["KSV-0023", "PSS-baseline-host-path-volumes"],
    }
}

pub(super) fn check(w: &Workload<'_>, out: &mut Vec<Diagnostic>) {
    for v in &w.pod.volumes {
        let Some(host_path) = &v.host_path else {
            continue;
        };
        let path = host_path.path.as_ref().map_or("", |p| p.value.as_str());
        out.push(diag(
            &META,
            host_path.key,
            format!("{} mounts the host path `{path}`", w.name()),
        ));
    }
}
