//! DL3042: `pip install` without `--no-cache-dir`.

use crate::dockerfile::context::Ctx;
use crate::dockerfile::packages::{insert_after, pip_command, subcommand};
use lookout_diagnostics::Diagnostic;
use lookout_syntax::dockerfile::{unquote, InstructionKind};

crate::declare_rule! {
    /// ## What it does
    /// Flags `pip install` without `--no-cache-dir`, unless `PIP_NO_CACHE_DIR` is set to a
    /// true value (`ENV`, a command prefix or `export`) or a BuildKit cache mount covers
    /// `/root/.cache/pip`.
    ///
    /// ## Why is this bad?
    /// pip's download cache stays in the layer and bloats the image.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN pip install requests==2.32.3
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// RUN pip install --no-cache-dir requests==2.32.3
    /// ```
    ///
    /// ## References
    /// - https://github.com/hadolint/hadolint/wiki/DL3042
    pub(crate) static META = {
        code: "DL3042", name: "pip-no-cache-dir", family: Dockerfile,
        severity: Warning, fix: Always, aliases: [],
    }
}

fn truthy(value: &str) -> Option<bool> {
    match value.to_ascii_lowercase().as_str() {
        "1" | "on" | "yes" | "true" => Some(true),
        "0" | "off" | "no" | "false" => Some(false),
        _ => None,
    }
}

fn assignment_value(word: &str) -> Option<&str> {
    word.strip_prefix("PIP_NO_CACHE_DIR=")
}

pub(crate) fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    let escape = ctx.df.escape;
    // `disabled_after[k]`: whether the ENVs among the first k instructions turn the cache
    // off — the latest ENV before a RUN decides its default. One pass, not one per RUN.
    let mut disabled_after = vec![false];
    let mut disabled = false;
    for (_, ins) in ctx.df.effective_instructions() {
        if ins.kind == InstructionKind::Env {
            for pair in ins
                .pairs
                .iter()
                .filter(|p| p.key.text == "PIP_NO_CACHE_DIR")
            {
                let value = pair
                    .value
                    .as_ref()
                    .map(|v| unquote(&v.text, escape))
                    .unwrap_or_default();
                disabled = truthy(&value).unwrap_or(disabled);
            }
        }
        disabled_after.push(disabled);
    }
    for run in &ctx.runs {
        let env_disabled = disabled_after
            .get(run.index)
            .or(disabled_after.last())
            .copied()
            .unwrap_or(false);
        let mut exported = env_disabled;
        for cmd in &run.script.commands {
            if cmd.is("export") {
                for arg in cmd.args() {
                    if let Some(v) = assignment_value(&arg.text) {
                        exported = truthy(v).unwrap_or(exported);
                    }
                }
                continue;
            }
            let Some(pip) = pip_command(cmd) else {
                continue;
            };
            let Some((install, _)) =
                subcommand(&pip, &["install"], super::pip_pin_versions::PIP_VALUE_FLAGS)
            else {
                continue;
            };
            let prefixed = cmd
                .assignments
                .iter()
                .rev()
                .filter_map(|a| assignment_value(&a.text))
                .find_map(truthy);
            if prefixed.unwrap_or(exported)
                || pip.has_flag(&["no-cache-dir"], &[])
                || run.has_cache_mount("/root/.cache/pip")
            {
                continue;
            }
            out.push(
                ctx.diag(
                    &META,
                    crate::dockerfile::packages::command_head(&pip, install),
                    "Use `pip install --no-cache-dir` to keep pip's cache out of the image",
                )
                .with_fix(insert_after(
                    install,
                    "--no-cache-dir",
                    "Add --no-cache-dir",
                )),
            );
        }
    }
}
