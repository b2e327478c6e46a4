//! LKD000: the file does not parse (BuildKit would refuse it).

use crate::dockerfile::context::Ctx;
use lookout_diagnostics::Diagnostic;

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
    for error in &ctx.df.errors {
        out.push(ctx.diag(&META, error.range, error.message.clone()));
    }
}
