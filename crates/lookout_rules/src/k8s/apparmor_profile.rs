use lookout_diagnostics::Diagnostic;

use super::workload::{diag, Workload};

crate::declare_rule! {
    /// ## What it does
    /// Reports AppArmor turned off or overridden: a container annotation
    /// `container.apparmor.security.beta.kubernetes.io/<name>` other than `runtime/default` or
    /// `localhost/<profile>`, or `appArmorProfile.type: Unconfined`.
    ///
    /// ## Why is this bad?
    /// AppArmor confines what a container process may touch on the node; `unconfined` removes
    /// that layer. The Pod Security Standards baseline forbids it.
    ///
    /// ## Example
    /// ```yaml
    /// apiVersion: v1
    /// kind: Pod
    /// metadata:
    ///   name: web
    ///   annotations:
    ///     container.apparmor.security.beta.kubernetes.io/app: unconfined
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
    ///   annotations:
    ///     container.apparmor.security.beta.kubernetes.io/app: runtime/default
    /// spec:
    ///   containers:
    ///     - name: app
    ///       image: nginx:1.27
    /// ```
    ///
    /// ## References
    /// - https://kubernetes.io/docs/tutorials/security/apparmor/
    /// - https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline
    /// - https://avd.aquasec.com/misconfig/ksv002
    pub static META = {
        code: "LKK004", name: "apparmor-profile", family: Kubernetes,
        severity: Warning, fix: None, aliases: ["KSV-0002", "PSS-baseline-apparmor"],
    }
}

const ANNOTATION_PREFIX: &str = "container.apparmor.security.beta.kubernetes.io/";

pub(super) fn check(w: &Workload<'_>, out: &mut Vec<Diagnostic>) {
    // The Pod Security Standards allow the runtime default and local profiles; Trivy
    // wants `runtime/default` only, which would forbid a stricter custom profile.
    for kv in &w.pod.annotations {
        let Some(container) = kv.key.strip_prefix(ANNOTATION_PREFIX) else {
            continue;
        };
        if kv.value == "runtime/default" || kv.value.starts_with("localhost/") {
            continue;
        }
        out.push(diag(
            &META,
            kv.key_range.cover(kv.value_range),
            format!(
                "container \"{container}\" of {} uses the AppArmor profile `{}`",
                w.name(),
                kv.value
            ),
        ));
    }
    let pod_profile = w
        .pod
        .security_context
        .as_ref()
        .and_then(|s| s.app_armor_profile.as_ref());
    // Who turns it off: the pod (every container), or one container, named as the
    // annotation findings above name theirs.
    let container_profiles = w.containers().filter_map(|c| {
        let profile = c.security_context.as_ref()?.app_armor_profile.as_ref()?;
        Some((Some(w.describe(c)), profile))
    });
    for (who, profile) in pod_profile
        .map(|p| (None, p))
        .into_iter()
        .chain(container_profiles)
    {
        if let Some(t) = profile.type_.as_ref().filter(|t| t.value == "Unconfined") {
            let who = who.map_or_else(|| w.name().to_string(), |c| c.into_owned());
            out.push(diag(&META, t.range(), format!("{who} turns AppArmor off")));
        }
    }
}
