use lookout_diagnostics::Diagnostic;

use super::workload::{diag, Workload};

crate::declare_rule! {
    /// ## What it does
    /// Reports pods that explicitly mount the service account token: `automountServiceAccountToken:
    /// true`, or a volume mount at `/var/run/secrets/kubernetes.io/serviceaccount`.
    ///
    /// ## Why is this bad?
    /// The token lets anyone in the pod call the Kubernetes API with the service account's
    /// rights. Most applications never use it; set `automountServiceAccountToken: false`.
    ///
    /// ## Example
    /// ```yaml
    /// apiVersion: v1
    /// kind: Pod
    /// metadata:
    ///   name: web
    /// spec:
    ///   automountServiceAccountToken: true
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
    ///   automountServiceAccountToken: false
    ///   containers:
    ///     - name: app
    ///       image: nginx:1.27
    /// ```
    ///
    /// ## References
    /// - https://kubernetes.io/docs/tasks/configure-pod-container/configure-service-account/
    /// - https://avd.aquasec.com/misconfig/ksv036
    pub static META = {
        code: "LKK028", name: "service-account-token-mounted", family: Kubernetes,
        severity: Info, fix: None, aliases: ["KSV-0036"],
    }
}

const TOKEN_PATH: &str = "/var/run/secrets/kubernetes.io/serviceaccount";

pub(super) fn check(w: &Workload<'_>, out: &mut Vec<Diagnostic>) {
    match &w.pod.automount_service_account_token {
        Some(f) if f.value => out.push(diag(
            &META,
            f.range(),
            format!("{} mounts its service account token", w.name()),
        )),
        Some(_) => {}
        None => {
            for c in w.containers() {
                let mounts = c.volume_mounts.iter().filter_map(|m| m.mount_path.as_ref());
                for m in mounts.filter(|m| m.value.trim_end_matches('/') == TOKEN_PATH) {
                    out.push(diag(
                        &META,
                        m.range(),
                        format!("{} mounts the service account token", w.describe(c)),
                    ));
                }
            }
        }
    }
}
