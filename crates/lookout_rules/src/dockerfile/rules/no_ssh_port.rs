//! LKD003: Flags `EXPOSE 22`.

use crate::dockerfile::context::Ctx;
use lookout_diagnostics::Diagnostic;

crate::declare_rule! {
    /// ## What it does
    /// Flags `EXPOSE 22`.
    ///
    /// ## Why is this bad?
    /// Running an SSH server in a container widens the attack surface; use `docker exec` or `kubectl exec` for access.
    ///
    /// ## Example
    /// ```dockerfile
    /// EXPOSE 22
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// EXPOSE 8080
    /// ```
    ///
    /// ## References
    /// - https://avd.aquasec.com/misconfig/ds004
    pub(crate) static META = {
        code: "LKD003", name: "no-ssh-port", family: Dockerfile,
        severity: Warning, fix: None, aliases: ["DS-0004"],
    }
}

use lookout_syntax::dockerfile::InstructionKind;

pub(crate) fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    for (_, ins) in ctx.instructions_of(InstructionKind::Expose) {
        for word in &ins.words {
            let Some(ports) = super::valid_port::ports(&word.text) else {
                continue;
            };
            let exposes_22 = match ports.as_slice() {
                [single] => *single == 22,
                [low, high] => (*low..=*high).contains(&22),
                _ => false,
            };
            if exposes_22 {
                out.push(ctx.diag(
                    &META,
                    word.range,
                    "Port 22 (SSH) is exposed; do not run SSH in containers",
                ));
            }
        }
    }
}
