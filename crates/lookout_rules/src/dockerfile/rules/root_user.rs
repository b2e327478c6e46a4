//! DL3002: the final image runs as root because of an explicit `USER root`.

use crate::dockerfile::context::Ctx;
use crate::dockerfile::user::{final_user, is_root, FinalUser};
use lookout_diagnostics::Diagnostic;

crate::declare_rule! {
    /// ## What it does
    /// Flags a final image whose last `USER` is `root` or `0` (inherited stages
    /// included). Only the final stage counts: build stages may need root.
    ///
    /// ## Why is this bad?
    /// A process running as root inside the container is root on the host's kernel; any
    /// container escape or mounted path becomes a full compromise.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.20
    /// USER root
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM alpine:3.20
    /// USER app
    /// ```
    ///
    /// ## References
    /// - https://github.com/hadolint/hadolint/wiki/DL3002
    pub(crate) static META = {
        code: "DL3002", name: "final-user-not-root", family: Dockerfile,
        severity: Warning, fix: None, aliases: [],
    }
}

pub(crate) fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    if let FinalUser::Set(user) = final_user(ctx.df) {
        let value = user.words.first().map_or("", |w| w.text.as_str());
        if is_root(value) {
            let range = user.words.first().map_or(user.range, |w| w.range);
            out.push(ctx.diag(
                &META,
                range,
                "The final image runs as root; switch to an unprivileged USER as the last step",
            ));
        }
    }
}
