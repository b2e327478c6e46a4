//! Shared by the "only one X per stage" rules (HEALTHCHECK, CMD, ENTRYPOINT).

use crate::dockerfile::context::Ctx;
use crate::RuleMeta;
use lookout_diagnostics::Diagnostic;
use lookout_syntax::dockerfile::InstructionKind;

pub(crate) fn check(
    ctx: &Ctx<'_>,
    out: &mut Vec<Diagnostic>,
    meta: &RuleMeta,
    kind: InstructionKind,
) {
    let mut seen: Vec<Option<usize>> = Vec::new();
    for (index, ins) in ctx.instructions_of(kind) {
        let stage = ctx.df.instructions.get(index).and_then(|i| i.stage);
        if seen.contains(&stage) {
            out.push(ctx.diag(
                meta,
                ins.keyword.range,
                format!(
                    "Multiple {} instructions in one stage; only the last one takes effect",
                    kind.as_str()
                ),
            ));
        } else {
            seen.push(stage);
        }
    }
}
