//! LKD000: the file does not parse (BuildKit would refuse it).

use crate::dockerfile::context::Ctx;
use lookout_diagnostics::Diagnostic;
use lookout_syntax::dockerfile::ErrorKind;

crate::declare_rule! {
    /// ## What it does
    /// Reports Dockerfile syntax errors: unknown instructions, missing arguments, invalid
    /// JSON arrays, unterminated heredocs, `ENV` without a value.
    ///
    /// ## Why is this bad?
    /// `docker build` refuses the file. Lookout keeps linting the rest of it so you see
    /// every problem at once.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.20
    /// RUNN echo hello
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM alpine:3.20
    /// RUN echo hello
    /// ```
    ///
    /// ## References
    /// - https://docs.docker.com/reference/dockerfile/
    pub(crate) static META = {
        code: "LKD000", name: "dockerfile-syntax", family: Dockerfile,
        severity: Error, fix: None, aliases: [],
    }
}

pub(crate) fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    let forbidden: Vec<_> = super::onbuild_trigger::forbidden_triggers(ctx)
        .map(|ins| ins.keyword.range)
        .collect();
    for error in &ctx.df.errors {
        // DL3043 reports a forbidden ONBUILD trigger (as hadolint does); the parser's
        // error for the same trigger would say it twice.
        if error.kind == ErrorKind::Instruction
            && forbidden.contains(&error.range)
            && is_onbuild_trigger_error(&error.message)
        {
            continue;
        }
        out.push(ctx.diag(&META, error.range, error.message.clone()));
    }
}

/// The parser's messages for `ONBUILD ONBUILD` and `ONBUILD FROM`/`MAINTAINER`.
fn is_onbuild_trigger_error(message: &str) -> bool {
    message.contains("`ONBUILD ONBUILD`")
        || message.ends_with("isn't allowed as an ONBUILD trigger")
}
