use lookout_diagnostics::{Diagnostic, Edit, Fix};

use super::fix::{self, Value};
use super::workload::{diag, text, Workload};

crate::declare_rule! {
    /// ## What it does
    /// Reports containers that do not drop all Linux capabilities
    /// (`securityContext.capabilities.drop: [ALL]`).
    ///
    /// ## Why is this bad?
    /// Container runtimes grant a default set of capabilities (`NET_RAW`, `CHOWN`,
    /// `SETUID`, …) that most applications never use and attackers do. The Pod Security
    /// Standards restricted profile requires dropping `ALL` (adding back only
    /// `NET_BIND_SERVICE`).
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
    ///           drop: [NET_RAW]
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
    ///           drop: [ALL]
    /// ```
    ///
    /// ## References
    /// - https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted
    /// - https://avd.aquasec.com/misconfig/ksv003
    pub static META = {
        code: "LKK005", name: "drop-all-capabilities", family: Kubernetes,
        severity: Warning, fix: Sometimes,
        aliases: ["KSV-0003", "PSS-restricted-capabilities"],
    }
}

pub(super) fn check(w: &Workload<'_>, out: &mut Vec<Diagnostic>) {
    for c in w.containers() {
        let caps = w.effective(c).capabilities;
        if caps.is_some_and(|caps| caps.drops_all()) {
            continue;
        }
        if let Some(item) = caps.and_then(|caps| caps.all_in_other_case()) {
            let message = format!(
                "{} drops `{}`; the Pod Security admission only accepts `ALL` in capitals",
                w.describe(c),
                item.value
            );
            let fix = Fix::safe("Write ALL", vec![Edit::replace(item.value_range, "ALL")]);
            out.push(diag(&META, item.value_range, message).with_fix(fix));
            continue;
        }
        let (range, edits) = match caps {
            Some(caps) => {
                let edits = match (&caps.drop_seq, caps.drop_key) {
                    (Some(seq), _) => fix::insert_item(w.text, seq, "ALL"),
                    (None, Some(_)) => None,
                    (None, None) => caps
                        .mapping
                        .as_ref()
                        .and_then(|m| fix::insert_entry(w.text, m, "drop", &Value::Seq(&["ALL"]))),
                };
                (caps.drop_key.unwrap_or(caps.key), edits)
            }
            None => (
                c.anchor_range(),
                w.set_container_security(c, &["capabilities", "drop"], Value::Seq(&["ALL"])),
            ),
        };
        let mut d = diag(
            &META,
            range,
            text(&[&w.describe(c), " does not drop all capabilities"]),
        );
        if let Some(edits) = edits {
            // Unsafe: a process that needs a default capability (chown, setuid) breaks.
            d = d.with_fix(Fix::unsafe_("Drop ALL capabilities", edits));
        }
        out.push(d);
    }
}
