//! LKD002: the final stage never sets `USER`, so the image runs as root.

use crate::dockerfile::context::Ctx;
use crate::dockerfile::user::{final_user, FinalUser};
use lookout_diagnostics::Diagnostic;

crate::declare_rule! {
    /// ## What it does
    /// Flags a final stage (and the stages it builds on) that never sets `USER`: the
    /// container then runs as root by default. Only the final stage counts.
    ///
    /// ## Why is this bad?
    /// Root in the container is root on the host kernel; most images run fine as an
    /// unprivileged user created at build time.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.20
    /// RUN echo hello
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM alpine:3.20
    /// RUN adduser -D app
    /// USER app
    /// ```
    ///
    /// ## References
    /// - https://avd.aquasec.com/misconfig/ds002
    pub(crate) static META = {
        code: "LKD002", name: "final-stage-sets-user", family: Dockerfile,
        severity: Warning, fix: None, aliases: ["DS-0002"],
    }
}

pub(crate) fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    if let FinalUser::Unset(stage) = final_user(ctx.df) {
        let range = ctx
            .df
            .instructions
            .get(stage.from_instruction)
            .map_or(stage.image.range, |from| {
                from.keyword.range.cover(stage.image.range)
            });
        out.push(ctx.diag(
            &META,
            range,
            "The final stage sets no USER, so the container runs as root; add USER <non-root>",
        ));
    }
}
