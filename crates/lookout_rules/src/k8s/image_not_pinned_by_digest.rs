use lookout_diagnostics::Diagnostic;

use super::workload::{diag, text, Workload};

crate::declare_rule! {
    /// ## What it does
    /// Reports container images referenced by tag instead of by digest
    /// (`image@sha256:…`).
    ///
    /// ## Why is this bad?
    /// A tag can be moved to other content at any time, by the publisher or by anyone who
    /// compromised the registry: each node may run something different from what was
    /// reviewed. A digest names exactly one image.
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
    ///   containers:
    ///     - name: app
    ///       image: nginx:1.27@sha256:0a399eb16751829e1af26fea27b20c3ec28d7ab1fb72182879dcae1cca21206a
    /// ```
    ///
    /// ## References
    /// - https://kubernetes.io/docs/concepts/containers/images/#image-names
    pub static META = {
        code: "LKK001", name: "image-not-pinned-by-digest", family: Kubernetes,
        severity: Warning, fix: None, aliases: [],
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
        out.push(diag(
            &META,
            image.range(),
            text(&[
                &w.describe(c),
                " uses image `",
                &image.value,
                "` without a digest: pin it as `",
                &image.value,
                "@sha256:…`",
            ]),
        ));
    }
}
