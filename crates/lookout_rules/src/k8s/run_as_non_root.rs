use lookout_diagnostics::{Diagnostic, Fix};
use lookout_syntax::k8s::Source;

use super::fix::{self, Value};
use super::workload::{diag, Workload};

crate::declare_rule! {
    /// ## What it does
    /// Reports containers that may run as root: `runAsNonRoot` is not `true` in the
    /// container's `securityContext` nor inherited from the pod's.
    ///
    /// ## Why is this bad?
    /// Root in a container is root on the node for the kernel: one escape away from the
    /// host. With `runAsNonRoot: true` the kubelet refuses to start an image whose user
    /// is root. The Pod Security Standards restricted profile requires it.
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
    ///     runAsNonRoot: true
    ///   containers:
    ///     - name: app
    ///       image: nginx:1.27
    /// ```
    ///
    /// ## References
    /// - https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted
    /// - https://avd.aquasec.com/misconfig/ksv012
    pub static META = {
        code: "LKK012", name: "run-as-non-root", family: Kubernetes,
        severity: Warning, fix: Sometimes,
        aliases: ["KSV-0012", "PSS-restricted-run-as-non-root"],
    }
}

pub(super) fn check(w: &Workload<'_>, out: &mut Vec<Diagnostic>) {
    for c in w.containers() {
        let eff = w.effective(c);
        let (range, edits, message) = match eff.run_as_non_root {
            Some(f) if f.value.value => continue,
            Some(f) => (
                f.value.range(),
                Some(fix::replace(f.value.value_range, "true")),
                match f.source {
                    Source::Container => format!("{} sets `runAsNonRoot: false`", w.describe(c)),
                    Source::Pod => format!(
                        "{} inherits `runAsNonRoot: false` from the pod",
                        w.describe(c)
                    ),
                },
            ),
            None => (
                c.anchor_range(),
                w.set_container_security(c, &["runAsNonRoot"], Value::Scalar("true")),
                format!(
                    "{} may run as root: `runAsNonRoot` is not true",
                    w.describe(c)
                ),
            ),
        };
        let mut d = diag(&META, range, message);
        if let Some(edits) = edits {
            // Unsafe: an image whose user is root will then fail to start.
            d = d.with_fix(Fix::unsafe_("Set `runAsNonRoot: true`", edits));
        }
        out.push(d);
    }
}
