use lookout_diagnostics::Diagnostic;
use lookout_syntax::k8s::K8sFile;

use super::workload::diag;

crate::declare_rule! {
    /// ## What it does
    /// Reports a Kubernetes manifest that is not valid YAML, at the place it broke (or at
    /// a mapping key written twice), and a document refused because its aliases expand
    /// too far or it nests too deep.
    ///
    /// ## Why is this bad?
    /// `kubectl apply` rejects the file, and no other rule can check what could not be
    /// read. Documents before the error (and after the next `---`) are still linted.
    ///
    /// ## Example
    /// ```yaml
    /// apiVersion: v1
    /// kind: Pod
    /// metadata:
    ///   name: web
    /// spec:
    ///   containers: [{name: app, image: nginx
    /// ```
    ///
    /// ## Use instead
    /// ```yaml
    /// apiVersion: v1
    /// kind: Pod
    /// metadata:
    ///   name: web
    /// spec:
    ///   containers: [{name: app, image: nginx}]
    /// ```
    ///
    /// ## References
    /// - https://yaml.org/spec/1.2.2/
    pub static META = {
        code: "LKK000", name: "yaml-syntax", family: Kubernetes,
        severity: Error, fix: None, aliases: [],
    }
}

pub(super) fn check(file: &K8sFile, out: &mut Vec<Diagnostic>) {
    // A Helm template's actions are not YAML until rendered: no syntax errors there.
    for error in file.errors.iter().filter(|e| !file.is_templated(e.range())) {
        out.push(diag(&META, error.range(), error.to_string()));
    }
    for (range, key) in &file.duplicate_keys {
        if !file.is_templated(*range) {
            out.push(diag(
                &META,
                *range,
                format!("duplicate key \"{key}\": `kubectl apply` rejects the file, and Kubernetes' decoder keeps the last value"),
            ));
        }
    }
}
