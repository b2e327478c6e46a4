use lookout_diagnostics::Diagnostic;

use super::workload::{diag, Workload};

crate::declare_rule! {
    /// ## What it does
    /// Reports volumes of a type the Pod Security Standards restricted profile does not allow
    /// (anything but configMap, csi, downwardAPI, emptyDir, ephemeral, persistentVolumeClaim,
    /// projected and secret; `hostPath` is LKK021's finding).
    ///
    /// ## Why is this bad?
    /// Volume types such as `nfs`, `gitRepo` or cloud disks mounted directly bypass
    /// PersistentVolume access control; `gitRepo` has also run code on the node.
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
    ///     - name: data
    ///       nfs:
    ///         server: nfs.example.com
    ///         path: /exports
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
    ///     - name: data
    ///       persistentVolumeClaim:
    ///         claimName: data
    /// ```
    ///
    /// ## References
    /// - https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted
    /// - https://avd.aquasec.com/misconfig/ksv028
    pub static META = {
        code: "LKK026", name: "restricted-volume-types", family: Kubernetes,
        severity: Info, fix: None, aliases: ["KSV-0028", "PSS-restricted-volume-types"],
    }
}

const ALLOWED: &[&str] = &[
    "configMap",
    "csi",
    "downwardAPI",
    "emptyDir",
    "ephemeral",
    "persistentVolumeClaim",
    "projected",
    "secret",
    // Baseline forbids it already (LKK021): one finding is enough.
    "hostPath",
];

pub(super) fn check(w: &Workload<'_>, out: &mut Vec<Diagnostic>) {
    for v in &w.pod.volumes {
        for source in v
            .sources
            .iter()
            .filter(|s| !ALLOWED.contains(&s.value.as_str()))
        {
            out.push(diag(
                &META,
                source.key,
                format!("{} uses a `{}` volume", w.name(), source.value),
            ));
        }
    }
}
