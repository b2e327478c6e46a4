//! LKD006: Flags `WORKDIR` set to a system directory (`/`, `/bin`, `/etc`, `/usr`, `/proc`, …).

use crate::dockerfile::context::Ctx;
use lookout_diagnostics::Diagnostic;

crate::declare_rule! {
    /// ## What it does
    /// Flags `WORKDIR` set to a system directory (`/`, `/bin`, `/etc`, `/usr`, `/proc`, …).
    ///
    /// ## Why is this bad?
    /// Application files written there mix with the operating system's and can overwrite it.
    ///
    /// ## Example
    /// ```dockerfile
    /// WORKDIR /usr/bin
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// WORKDIR /app
    /// ```
    ///
    /// ## References
    /// - https://avd.aquasec.com/misconfig/ds030
    pub(crate) static META = {
        code: "LKD006", name: "workdir-not-system-dir", family: Dockerfile,
        severity: Warning, fix: None, aliases: ["DS-0030"],
    }
}

use lookout_syntax::dockerfile::{unquote, InstructionKind};

const SYSTEM_DIRS: &[&str] = &[
    "/",
    "/bin",
    "/boot",
    "/dev",
    "/etc",
    "/lib",
    "/lib32",
    "/lib64",
    "/proc",
    "/sbin",
    "/sys",
    "/usr",
    "/usr/bin",
    "/usr/lib",
    "/usr/sbin",
    "/usr/local/bin",
    "/usr/local/sbin",
    "/var/lib",
];

pub(crate) fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    for (_, ins) in ctx.instructions_of(InstructionKind::Workdir) {
        let Some(word) = ins.shell_text() else {
            continue;
        };
        let path = unquote(&word.text, ctx.df.escape);
        let normalized = if path.len() > 1 {
            path.trim_end_matches('/')
        } else {
            path.as_str()
        };
        if SYSTEM_DIRS.contains(&normalized) {
            out.push(ctx.diag(
                &META,
                word.range,
                format!(
                    "WORKDIR {normalized} is a system directory; use a dedicated one such as /app"
                ),
            ));
        }
    }
}
