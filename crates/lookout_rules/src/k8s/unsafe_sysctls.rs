use lookout_diagnostics::Diagnostic;

use super::workload::{diag, Workload};

crate::declare_rule! {
    /// ## What it does
    /// Reports pod `sysctls` outside the safe set the Pod Security Standards baseline allows.
    ///
    /// ## Why is this bad?
    /// Unsafe sysctls are not namespaced (or not limited): they change the node's kernel for
    /// every pod on it, and can take the node down.
    ///
    /// ## Example
    /// ```yaml
    /// apiVersion: v1
    /// kind: Pod
    /// metadata:
    ///   name: web
    /// spec:
    ///   securityContext:
    ///     sysctls:
    ///       - name: kernel.msgmax
    ///         value: "65536"
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
    ///     sysctls:
    ///       - name: net.ipv4.ip_local_port_range
    ///         value: "32768 60999"
    ///   containers:
    ///     - name: app
    ///       image: nginx:1.27
    /// ```
    ///
    /// ## References
    /// - https://kubernetes.io/docs/tasks/administer-cluster/sysctl-cluster/
    /// - https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline
    /// - https://avd.aquasec.com/misconfig/ksv026
    pub static META = {
        code: "LKK024", name: "unsafe-sysctls", family: Kubernetes,
        severity: Warning, fix: None, aliases: ["KSV-0026", "PSS-baseline-sysctls"],
    }
}

/// The baseline's allowed sysctls (Kubernetes 1.29 list).
const SAFE: &[&str] = &[
    "kernel.shm_rmid_forced",
    "net.ipv4.ip_local_port_range",
    "net.ipv4.ip_unprivileged_port_start",
    "net.ipv4.tcp_syncookies",
    "net.ipv4.ping_group_range",
    "net.ipv4.ip_local_reserved_ports",
    "net.ipv4.tcp_keepalive_time",
    "net.ipv4.tcp_fin_timeout",
    "net.ipv4.tcp_keepalive_intvl",
    "net.ipv4.tcp_keepalive_probes",
];

pub(super) fn check(w: &Workload<'_>, out: &mut Vec<Diagnostic>) {
    let Some(sc) = &w.pod.security_context else {
        return;
    };
    for s in sc
        .sysctls
        .iter()
        .filter(|s| !SAFE.contains(&s.name.value.as_str()))
    {
        out.push(diag(
            &META,
            s.name.range(),
            format!("{} sets the unsafe sysctl `{}`", w.name(), s.name.value),
        ));
    }
}
