use lookout_diagnostics::Diagnostic;

use super::workload::{diag, Workload};

crate::declare_rule! {
    /// ## What it does
    /// Reports a `hostPath` volume of the Docker socket (`/var/run/docker.sock`).
    ///
    /// ## Why is this bad?
    /// Whoever talks to the Docker daemon can start a privileged container with the host's
    /// root filesystem mounted: the socket is root on the node.
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
    ///     - name: docker
    ///       hostPath:
    ///         path: /var/run/docker.sock
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
    ///     - name: cache
    ///       emptyDir: {}
    /// ```
    ///
    /// ## References
    /// - https://kubernetes.io/docs/concepts/storage/volumes/#hostpath
    /// - https://avd.aquasec.com/misconfig/ksv006
    pub static META = {
        code: "LKK007", name: "docker-socket-mount", family: Kubernetes,
        severity: Error, fix: None, aliases: ["KSV-0006"],
    }
}

const SOCKETS: &[&str] = &["/var/run/docker.sock", "/run/docker.sock"];

pub(super) fn check(w: &Workload<'_>, out: &mut Vec<Diagnostic>) {
    for v in &w.pod.volumes {
        let Some(path) = v.host_path.as_ref().and_then(|h| h.path.as_ref()) else {
            continue;
        };
        if SOCKETS.contains(&path.value.trim_end_matches('/')) {
            out.push(diag(
                &META,
                path.range(),
                format!("{} mounts the Docker socket", w.name()),
            ));
        }
    }
}
