//! DL4006: Flags a `RUN` with a pipe when the shell does not run with `-o pipefail` (bash/zsh via `SHELL`).

use crate::dockerfile::context::Ctx;
use lookout_diagnostics::Diagnostic;

crate::declare_rule! {
    /// ## What it does
    /// Flags a `RUN` with a pipe when the shell does not run with `-o pipefail` (bash/zsh via `SHELL`).
    ///
    /// ## Why is this bad?
    /// Without pipefail, `wget … | tar x` succeeds even when the download failed, hiding broken builds.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:12.7
    /// RUN wget -O - https://example.com/app.tgz | tar xz
    /// ```
    ///
    /// ## Use instead
    /// ```dockerfile
    /// FROM debian:12.7
    /// SHELL ["/bin/bash", "-o", "pipefail", "-c"]
    /// RUN wget -O - https://example.com/app.tgz | tar xz
    /// ```
    ///
    /// ## References
    /// - https://github.com/hadolint/hadolint/wiki/DL4006
    pub(crate) static META = {
        code: "DL4006", name: "shell-pipefail", family: Dockerfile,
        severity: Warning, fix: None, aliases: [],
    }
}

use lookout_syntax::dockerfile::{Arguments, InstructionKind};

/// What the current `SHELL` means for pipes.
#[derive(Clone, Copy, PartialEq, Eq)]
enum ShellState {
    NoPipefail,
    Pipefail,
    /// PowerShell or cmd: not a POSIX shell, the rule does not apply.
    NotPosix,
}

fn shell_state(words: &[String]) -> ShellState {
    let exe = words
        .first()
        .map_or("", |w| w.rsplit(['/', '\\']).next().unwrap_or(w))
        .to_ascii_lowercase();
    if exe.starts_with("pwsh") || exe.starts_with("powershell") || exe.starts_with("cmd") {
        return ShellState::NotPosix;
    }
    let supports = matches!(exe.as_str(), "bash" | "zsh" | "ash" | "ksh" | "mksh");
    let has = words.windows(2).any(|w| {
        w[1] == "pipefail"
            && w[0].starts_with('-')
            && !w[0].starts_with("--")
            && w[0].ends_with('o')
    });
    if supports && has {
        ShellState::Pipefail
    } else {
        ShellState::NoPipefail
    }
}

pub(crate) fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    let mut state = ShellState::NoPipefail;
    let mut runs = ctx.runs.iter().peekable();
    for (index, top) in ctx.df.instructions.iter().enumerate() {
        let ins = top.effective();
        match ins.kind {
            InstructionKind::From if top.onbuild.is_none() => state = ShellState::NoPipefail,
            InstructionKind::Shell => {
                if let Arguments::Exec(words) = &ins.arguments {
                    let words: Vec<String> = words.iter().map(|w| w.text.clone()).collect();
                    state = shell_state(&words);
                }
            }
            _ => {}
        }
        while let Some(run) = runs.peek() {
            if run.index > index {
                break;
            }
            if run.index == index
                && state == ShellState::NoPipefail
                && !run.ins.is_exec_form()
                && run.script.has_pipe()
            {
                out.push(ctx.diag(
                    &META,
                    run.ins.keyword.range,
                    "Set `SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]` before a RUN with a pipe",
                ));
            }
            runs.next();
        }
    }
}
