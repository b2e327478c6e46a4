use lookout_diagnostics::Diagnostic;

use super::workload::{capability_name, diag, Workload};

crate::declare_rule! {
    /// ## What it does
    /// Reports capabilities added beyond the container runtime's default set (the Pod Security
    /// Standards baseline list: AUDIT_WRITE, CHOWN, DAC_OVERRIDE, FOWNER, FSETID, KILL, MKNOD,
    /// NET_BIND_SERVICE, SETFCAP, SETGID, SETPCAP, SETUID, SYS_CHROOT).
    ///
    /// ## Why is this bad?
    /// Every extra capability is kernel power a compromised process can use against the node
    /// (`NET_ADMIN` rewrites the network, `SYS_PTRACE` reads other processes).
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
    ///         capabilities:
    ///           add: [NET_ADMIN]
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
    ///         capabilities:
    ///           add: [NET_BIND_SERVICE]
    /// ```
    ///
    /// ## References
    /// - https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline
    /// - https://avd.aquasec.com/misconfig/ksv022
    pub static META = {
        code: "LKK020", name: "non-default-capabilities", family: Kubernetes,
        severity: Warning, fix: None, aliases: ["KSV-0022", "PSS-baseline-capabilities"],
    }
}

const BASELINE_ALLOWED: &[&str] = &[
    "AUDIT_WRITE",
    "CHOWN",
    "DAC_OVERRIDE",
    "FOWNER",
    "FSETID",
    "KILL",
    "MKNOD",
    "NET_BIND_SERVICE",
    "SETFCAP",
    "SETGID",
    "SETPCAP",
    "SETUID",
    "SYS_CHROOT",
];

pub(super) fn check(w: &Workload<'_>, out: &mut Vec<Diagnostic>) {
    for c in w.containers() {
        let Some(caps) = w.effective(c).capabilities else {
            continue;
        };
        for added in &caps.add {
            let name = capability_name(&added.value);
            if !BASELINE_ALLOWED.contains(&name.as_str()) {
                out.push(diag(
                    &META,
                    added.value_range,
                    format!("{} adds the non-default capability {name}", w.describe(c)),
                ));
            }
        }
    }
}
