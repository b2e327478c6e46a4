//! Dockerfile rules: hadolint's DL rules that need no more than word splitting, Trivy's
//! DS checks (as aliases or under LKD codes) and Lookout's own LKD rules.
//!
//! [`check`] parses and runs every rule; [`RULE_METAS`] is the catalogue in the order
//! users ask for rules (latest tag, no tag, root user, digest pinning first).

mod context;
mod exec_shell;
mod images;
mod packages;
mod rules;
pub mod shell;
mod user;

use context::Ctx;
use lookout_diagnostics::Diagnostic;
use lookout_syntax::dockerfile::{parse, Dockerfile};

type CheckFn = fn(&Ctx<'_>, &mut Vec<Diagnostic>);

/// Every rule's metadata, in catalogue order.
pub static RULE_METAS: &[&crate::RuleMeta] = &rules::METAS;

/// Parse `text` and run every Dockerfile rule. Syntax errors come out as `LKD000`.
#[must_use]
pub fn check(text: &str) -> Vec<Diagnostic> {
    check_parsed(text, &parse(text))
}

/// Run every rule over an already parsed file (`df` must come from `text`).
#[must_use]
pub fn check_parsed(text: &str, df: &Dockerfile) -> Vec<Diagnostic> {
    let ctx = Ctx::new(text, df);
    let mut out = Vec::new();
    for check in rules::CHECKS {
        check(&ctx, &mut out);
    }
    ctx.drop_fixes_breaking_json(&mut out);
    out.sort_by_key(|d| (d.range.start, d.range.end, d.code));
    out
}
