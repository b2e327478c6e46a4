use lookout_diagnostics::{Diagnostic, Fix};

use super::fix::Value;
use super::workload::{diag, Workload};

crate::declare_rule! {
    /// ## What it does
    /// Reports containers that run without a seccomp profile: neither the container nor
    /// the pod sets `seccompProfile.type` to `RuntimeDefault` or `Localhost`.
    ///
    /// ## Why is this bad?
    /// Without a profile, Kubernetes runs containers `Unconfined`: every system call is
    /// open to an attacker, including the rarely used ones behind most kernel exploits.
    /// The Pod Security Standards restricted profile requires a profile.
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
    ///     seccompProfile:
    ///       type: RuntimeDefault
    ///   containers:
    ///     - name: app
    ///       image: nginx:1.27
    /// ```
    ///
    /// ## References
    /// - https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted
    /// - https://kubernetes.io/docs/tutorials/security/seccomp/
    /// - https://avd.aquasec.com/misconfig/ksv030
    pub static META = {
        code: "LKK027", name: "seccomp-profile-not-set", family: Kubernetes,
        severity: Warning, fix: Sometimes,
        aliases: ["KSV-0030", "PSS-restricted-seccomp"],
    }
}

/// Profiles the restricted standard accepts.
pub(super) fn is_confined(profile_type: &str) -> bool {
    matches!(profile_type, "RuntimeDefault" | "Localhost")
}

/// The seccomp annotation of the old (pre-1.19) form, still honoured by Trivy and by
/// clusters that translate it.
fn annotation_profile<'a>(w: &'a Workload<'_>, container: &str) -> Option<&'a str> {
    let key = format!("container.seccomp.security.alpha.kubernetes.io/{container}");
    w.pod
        .annotation(&key)
        .or_else(|| w.pod.annotation("seccomp.security.alpha.kubernetes.io/pod"))
        .map(|kv| kv.value.as_str())
}

pub(super) fn check(w: &Workload<'_>, out: &mut Vec<Diagnostic>) {
    for c in w.containers() {
        let eff = w.effective(c);
        let written = eff.seccomp_profile.and_then(|p| p.value.type_.as_ref());
        if let Some(t) = written {
            // An explicit `Unconfined` is LKK031's finding (baseline), not this one's.
            if is_confined(&t.value) || t.value == "Unconfined" {
                continue;
            }
        } else if let Some(ann) = c
            .name
            .as_ref()
            .and_then(|n| annotation_profile(w, &n.value))
        {
            if ann == "runtime/default" || ann == "docker/default" || ann.starts_with("localhost/")
            {
                continue;
            }
        }
        let range = written.map_or_else(|| c.anchor_range(), |t| t.range());
        let mut d = diag(
            &META,
            range,
            format!(
                "{} has no seccomp profile: set `seccompProfile.type: RuntimeDefault`",
                w.describe(c)
            ),
        );
        if written.is_none() && eff.seccomp_profile.is_none() {
            let edits = w.set_container_security(
                c,
                &["seccompProfile"],
                Value::Map(vec![("type", Value::Scalar("RuntimeDefault"))]),
            );
            if let Some(edits) = edits {
                // Safe: RuntimeDefault blocks only system calls ordinary programs never
                // make, and is what Docker applies by default.
                d = d.with_fix(Fix::safe(
                    "Set `seccompProfile: {type: RuntimeDefault}`",
                    edits,
                ));
            }
        }
        out.push(d);
    }
}
