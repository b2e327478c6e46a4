use lookout_diagnostics::Diagnostic;

use super::workload::{diag, Workload};

crate::declare_rule! {
    /// ## What it does
    /// Reports container images tagged `latest`, or with no tag (which means `latest`),
    /// unless a digest pins them.
    ///
    /// ## Why is this bad?
    /// `latest` changes with every release: a rescheduled pod silently runs another
    /// version, and rolling back to "the previous one" is impossible.
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
    ///       image: nginx:latest
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
    /// ```
    ///
    /// ## References
    /// - https://kubernetes.io/docs/concepts/configuration/overview/#container-images
    /// - https://avd.aquasec.com/misconfig/ksv013
    pub static META = {
        code: "LKK013", name: "image-tag-latest", family: Kubernetes,
        severity: Warning, fix: None, aliases: ["KSV-0013"],
    }
}

pub(super) fn check(w: &Workload<'_>, out: &mut Vec<Diagnostic>) {
    for c in w.containers() {
        let Some(image) = &c.image else { continue };
        let Some(reference) = w.image_ref(c) else {
            continue;
        };
        if reference.is_pinned_by_digest() || reference.has_variables() {
            continue;
        }
        let message = match reference.tag.as_deref() {
            Some("latest") => format!(
                "{} uses the `latest` tag of `{}`",
                w.describe(c),
                reference.repository
            ),
            Some(_) => continue,
            None => format!(
                "{} uses image `{}` without a tag, which means `latest`",
                w.describe(c),
                image.value
            ),
        };
        out.push(diag(&META, image.range(), message));
    }
}
