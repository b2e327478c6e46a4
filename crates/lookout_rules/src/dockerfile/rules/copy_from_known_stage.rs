//! DL3022: `COPY --from` must name an earlier stage (or index), or an image with a tag.

use crate::dockerfile::context::Ctx;
use lookout_diagnostics::Diagnostic;

crate::declare_rule! {
    /// ## What it does
    /// `COPY --from` must name an earlier stage (or index), or an image with a tag.
    ///
    /// ## Why is this bad?
    /// An unknown name is pulled as an image from a registry: a typo becomes a supply-chain risk or a confusing failure.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM golang:1.23 AS build
    /// FROM alpine:3.20
    /// COPY --from=biuld /out/app /app
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM golang:1.23 AS build
    /// FROM alpine:3.20
    /// COPY --from=build /out/app /app
    /// ```
    ///
    /// ## References
    /// - https://github.com/hadolint/hadolint/wiki/DL3022
    pub(crate) static META = {
        code: "DL3022", name: "copy-from-known-stage", family: Dockerfile,
        severity: Warning, fix: None, aliases: [],
    }
}

use lookout_syntax::dockerfile::InstructionKind;

pub(crate) fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    for (index, ins) in ctx.instructions_of(InstructionKind::Copy) {
        let Some(flag) = ins.flag("from") else {
            continue;
        };
        let Some(value) = flag.value.as_deref() else {
            continue;
        };
        // An image reference (`image:tag`, `registry/image`) or a variable is not a stage.
        if value.contains([':', '/', '@', '$']) {
            continue;
        }
        let current = ctx
            .df
            .instructions
            .get(index)
            .and_then(|i| i.stage)
            .unwrap_or(ctx.df.stages.len());
        // The stage this COPY is in is DL3023's finding, not an unknown stage.
        let names_current_stage = ctx.df.stages.get(current).is_some_and(|stage| {
            stage
                .name
                .as_ref()
                .is_some_and(|n| n.text.eq_ignore_ascii_case(value))
                || value == stage.index.to_string()
        });
        if !names_current_stage && ctx.df.stage_by_reference(value, Some(current)).is_none() {
            let range = flag.value_range.unwrap_or(flag.range);
            out.push(ctx.diag(
                &META,
                range,
                format!("COPY --from={value} does not name an earlier stage"),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::dockerfile::rules::test_support::fired;

    #[test]
    fn the_current_stage_is_left_to_dl3023() {
        let text = "FROM debian:12 AS base\nCOPY --from=base /a /b\n";
        assert!(fired(text, "DL3022").is_empty());
        assert_eq!(fired(text, "DL3023"), vec!["base"]);
        let text = "FROM debian:12\nCOPY --from=0 /a /b\n";
        assert!(fired(text, "DL3022").is_empty());
    }

    #[test]
    fn later_and_unknown_stages_are_still_flagged() {
        let text = "FROM debian:12 AS a\nCOPY --from=b /a /b\nFROM debian:12 AS b\n";
        assert_eq!(fired(text, "DL3022"), vec!["b"]);
        let text = "FROM debian:12 AS a\nCOPY --from=nowhere /a /b\n";
        assert_eq!(fired(text, "DL3022"), vec!["nowhere"]);
    }
}
