//! DL3043: Flags `ONBUILD ONBUILD`, `ONBUILD FROM` and `ONBUILD MAINTAINER`.

use crate::dockerfile::context::Ctx;
use lookout_diagnostics::Diagnostic;

crate::declare_rule! {
    /// ## What it does
    /// Flags `ONBUILD ONBUILD`, `ONBUILD FROM` and `ONBUILD MAINTAINER`.
    ///
    /// ## Why is this bad?
    /// Docker forbids these triggers; the image using this one as base fails to build.
    ///
    /// ## Example
    /// ```dockerfile
    /// ONBUILD FROM alpine:3.20
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// ONBUILD RUN echo hello
    /// ```
    ///
    /// ## References
    /// - https://github.com/hadolint/hadolint/wiki/DL3043
    pub(crate) static META = {
        code: "DL3043", name: "valid-onbuild-trigger", family: Dockerfile,
        severity: Error, fix: None, aliases: [],
    }
}

use lookout_syntax::dockerfile::{Instruction, InstructionKind};

/// `ONBUILD` triggers BuildKit refuses (`ONBUILD ONBUILD`, `ONBUILD FROM`,
/// `ONBUILD MAINTAINER`): the trigger instructions themselves.
pub(crate) fn forbidden_triggers<'a>(ctx: &Ctx<'a>) -> impl Iterator<Item = &'a Instruction> {
    ctx.df
        .instructions
        .iter()
        .filter_map(|ins| ins.onbuild.as_deref())
        .filter(|inner| {
            matches!(
                inner.kind,
                InstructionKind::Onbuild | InstructionKind::From | InstructionKind::Maintainer
            )
        })
}

pub(crate) fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    for inner in forbidden_triggers(ctx) {
        out.push(ctx.diag(
            &META,
            inner.keyword.range,
            format!(
                "{} is not allowed as an ONBUILD trigger",
                inner.kind.as_str()
            ),
        ));
    }
}

#[cfg(test)]
mod tests {
    use crate::dockerfile::rules::test_support::fired;

    #[test]
    fn forbidden_triggers_are_dl3043_only() {
        for text in [
            "FROM debian:12\nONBUILD ONBUILD RUN echo\n",
            "FROM debian:12\nONBUILD MAINTAINER x\n",
            "FROM debian:12\nONBUILD FROM alpine:3.20\n",
        ] {
            assert_eq!(fired(text, "DL3043").len(), 1, "{text}");
            assert!(fired(text, "LKD000").is_empty(), "{text}");
        }
    }

    #[test]
    fn other_errors_of_a_forbidden_trigger_stay_lkd000() {
        // The trigger's own syntax error (no argument) is not what DL3043 says.
        let text = "FROM debian:12\nONBUILD FROM\n";
        assert_eq!(fired(text, "DL3043"), vec!["FROM"]);
        assert_eq!(fired(text, "LKD000"), vec!["FROM"]);
    }
}
