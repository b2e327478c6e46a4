use lookout_diagnostics::Diagnostic;

use super::workload::{diag, Workload};

crate::declare_rule! {
    /// ## What it does
    /// Reports workloads placed in the `kube-system` namespace, other than the control plane's
    /// own static pods.
    ///
    /// ## Why is this bad?
    /// kube-system holds the cluster's own components and their powerful service accounts and
    /// secrets; a user workload there shares their blast radius.
    ///
    /// ## Example
    /// ```yaml
    /// apiVersion: v1
    /// kind: Pod
    /// metadata:
    ///   name: web
    ///   namespace: kube-system
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
    ///   namespace: shop
    /// spec:
    ///   containers:
    ///     - name: app
    ///       image: nginx:1.27
    /// ```
    ///
    /// ## References
    /// - https://kubernetes.io/docs/concepts/overview/working-with-objects/namespaces/
    /// - https://avd.aquasec.com/misconfig/ksv037
    pub static META = {
        code: "LKK029", name: "kube-system-namespace", family: Kubernetes,
        severity: Warning, fix: None, aliases: ["KSV-0037"],
    }
}

const CORE_COMPONENTS: &[&str] = &[
    "kube-apiserver",
    "etcd",
    "kube-controller-manager",
    "kube-scheduler",
];

/// A control-plane static pod, as kubeadm labels it.
fn is_core_component(w: &Workload<'_>) -> bool {
    let label = |k: &str| {
        w.object
            .labels
            .iter()
            .find(|l| l.key == k)
            .map(|l| l.value.as_str())
    };
    label("tier") == Some("control-plane")
        && w.pod
            .priority_class_name
            .as_ref()
            .is_some_and(|p| p.value == "system-node-critical")
        && label("component").is_some_and(|c| CORE_COMPONENTS.contains(&c))
}

pub(super) fn check(w: &Workload<'_>, out: &mut Vec<Diagnostic>) {
    let Some(ns) = w
        .object
        .namespace
        .as_ref()
        .filter(|n| n.value == "kube-system")
    else {
        return;
    };
    if !is_core_component(w) {
        out.push(diag(
            &META,
            ns.range(),
            format!("{} is placed in the kube-system namespace", w.name()),
        ));
    }
}
