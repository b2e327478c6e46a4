use lookout_diagnostics::Diagnostic;

use super::workload::{diag, Workload};

crate::declare_rule! {
    /// ## What it does
    /// Reports custom SELinux options: a `seLinuxOptions.type` other than `container_t`,
    /// `container_init_t`, `container_kvm_t` or `container_engine_t`, or any `user` or `role`.
    ///
    /// ## Why is this bad?
    /// A custom SELinux type, user or role can lift the confinement SELinux puts on containers.
    /// The Pod Security Standards baseline forbids them.
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
    ///         seLinuxOptions:
    ///           type: spc_t
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
    ///         seLinuxOptions:
    ///           level: s0:c123,c456
    /// ```
    ///
    /// ## References
    /// - https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline
    /// - https://avd.aquasec.com/misconfig/ksv025
    pub static META = {
        code: "LKK023", name: "selinux-options", family: Kubernetes,
        severity: Warning, fix: None, aliases: ["KSV-0025", "PSS-baseline-selinux"],
    }
}

use lookout_syntax::k8s::SeLinuxOptions;

const ALLOWED_TYPES: &[&str] = &[
    "",
    "container_t",
    "container_init_t",
    "container_kvm_t",
    "container_engine_t",
];

fn report(options: &SeLinuxOptions, owner: &dyn std::fmt::Display, out: &mut Vec<Diagnostic>) {
    if let Some(t) = options
        .type_
        .as_ref()
        .filter(|t| !ALLOWED_TYPES.contains(&t.value.as_str()))
    {
        out.push(diag(
            &META,
            t.range(),
            format!("{owner} sets the SELinux type `{}`", t.value),
        ));
    }
    for (key, field) in [("user", &options.user), ("role", &options.role)] {
        if let Some(f) = field.as_ref().filter(|f| !f.value.is_empty()) {
            out.push(diag(
                &META,
                f.range(),
                format!("{owner} sets the SELinux {key} `{}`", f.value),
            ));
        }
    }
}

pub(super) fn check(w: &Workload<'_>, out: &mut Vec<Diagnostic>) {
    if let Some(o) = w
        .pod
        .security_context
        .as_ref()
        .and_then(|s| s.se_linux_options.as_ref())
    {
        report(o, &w.name(), out);
    }
    for c in w.containers() {
        if let Some(o) = c
            .security_context
            .as_ref()
            .and_then(|s| s.se_linux_options.as_ref())
        {
            report(o, &w.describe(c), out);
        }
    }
}
