//! What every Dockerfile rule reads: the parsed file, the source text, and each `RUN`'s
//! script split once for all rules.

use super::exec_shell;
use super::shell::{self, Command, Script, ShellWord};
use crate::RuleMeta;
use lookout_diagnostics::{Diagnostic, TextRange};
use lookout_syntax::dockerfile::{Arguments, Dockerfile, Instruction, InstructionKind};

/// A `RUN` (top-level or inside `ONBUILD`) with its script.
pub struct Run<'a> {
    /// Index in [`Dockerfile::instructions`].
    pub index: usize,
    /// The `RUN` itself (the trigger for `ONBUILD RUN`).
    pub ins: &'a Instruction,
    pub onbuild: bool,
    pub script: Script,
}

impl Run<'_> {
    /// `--mount` options of this `RUN` as `(type, target)`.
    pub fn mounts(&self) -> Vec<(String, String)> {
        self.ins
            .flags
            .iter()
            .filter(|f| f.name.eq_ignore_ascii_case("mount"))
            .filter_map(|f| f.value.as_deref())
            .map(|value| {
                let mut kind = "bind".to_string();
                let mut target = String::new();
                for part in value.split(',') {
                    let (k, v) = part.split_once('=').unwrap_or((part, ""));
                    match k.trim() {
                        "type" => kind = v.trim().to_string(),
                        "target" | "dst" | "destination" => target = v.trim().to_string(),
                        _ => {}
                    }
                }
                (kind, target.trim_end_matches('/').to_string())
            })
            .collect()
    }

    /// True when a cache or tmpfs mount covers `dir` (or a directory containing it).
    pub fn has_cache_mount(&self, dir: &str) -> bool {
        self.mounts().iter().any(|(kind, target)| {
            (kind == "cache" || kind == "tmpfs")
                && !target.is_empty()
                && (dir == target || dir.starts_with(&format!("{target}/")))
        })
    }
}

pub struct Ctx<'a> {
    pub text: &'a str,
    pub df: &'a Dockerfile,
    pub runs: Vec<Run<'a>>,
    /// The JSON string literals of exec-form `RUN`s, which fixes must not break.
    pub exec_literals: Vec<exec_shell::ExecLiteral>,
}

impl<'a> Ctx<'a> {
    pub fn new(text: &'a str, df: &'a Dockerfile) -> Self {
        let runs = df
            .instructions
            .iter()
            .enumerate()
            .filter_map(|(index, top)| {
                let ins = top.effective();
                (ins.kind == InstructionKind::Run).then(|| Run {
                    index,
                    ins,
                    onbuild: top.onbuild.is_some(),
                    script: script_of(text, ins),
                })
            })
            .collect::<Vec<_>>();
        let exec_literals = runs
            .iter()
            .filter_map(|run| match &run.ins.arguments {
                Arguments::Exec(words) => Some(exec_shell::exec_literals(text, words)),
                _ => None,
            })
            .flatten()
            .collect();
        Self {
            text,
            df,
            runs,
            exec_literals,
        }
    }

    /// Drops the fixes that would break an exec-form `RUN`'s JSON array.
    pub fn drop_fixes_breaking_json(&self, diagnostics: &mut [Diagnostic]) {
        if self.exec_literals.is_empty() {
            return;
        }
        for diagnostic in diagnostics {
            if diagnostic
                .fix
                .as_ref()
                .is_some_and(|fix| !exec_shell::fix_keeps_json(fix, &self.exec_literals))
            {
                diagnostic.fix = None;
            }
        }
    }

    /// A diagnostic of `meta`'s code and default severity.
    pub fn diag(
        &self,
        meta: &RuleMeta,
        range: TextRange,
        message: impl Into<String>,
    ) -> Diagnostic {
        Diagnostic::new(meta.code, meta.severity, range, message)
    }

    /// Source text of a range (empty when out of bounds).
    pub fn slice(&self, range: TextRange) -> &str {
        self.text.get(range.start()..range.end()).unwrap_or("")
    }

    /// Instructions (with `ONBUILD` unwrapped) of the given kind, with their indices.
    pub fn instructions_of(
        &self,
        kind: InstructionKind,
    ) -> impl Iterator<Item = (usize, &'a Instruction)> + '_ {
        self.df
            .effective_instructions()
            .filter(move |(_, ins)| ins.kind == kind)
    }

    /// Commands of every `RUN`, paired with their `RUN`.
    pub fn commands(&self) -> impl Iterator<Item = (&Run<'a>, &Command)> + '_ {
        self.runs
            .iter()
            .flat_map(|run| run.script.commands.iter().map(move |c| (run, c)))
    }

    /// True when the stage's content reaches the final image: it is the last stage, or a
    /// later stage builds `FROM` it (directly or through other stages). Instructions outside
    /// any stage count as final.
    pub fn reaches_final_image(&self, stage: Option<usize>) -> bool {
        let Some(stage) = stage else { return true };
        let last = self.df.stages.len().saturating_sub(1);
        let mut current = last;
        loop {
            if current == stage {
                return true;
            }
            match self.df.stages.get(current).and_then(|s| s.base_stage) {
                Some(base) if base < current => current = base,
                _ => return false,
            }
        }
    }
}

/// Scripts (command line plus heredoc bodies) larger than this are not split: command-level
/// rules skip them rather than spend memory proportional to megabytes of text.
const MAX_SCRIPT_BYTES: usize = 1 << 20;

/// Split a `RUN`'s command into a script (shell form, exec form, heredoc bodies). An
/// exec form that runs a shell with `-c` is read through its script argument.
fn script_of(text: &str, ins: &Instruction) -> Script {
    let heredoc_bytes: usize = ins.heredocs.iter().map(|h| h.content.len()).sum();
    if ins.logical.len() + heredoc_bytes > MAX_SCRIPT_BYTES {
        return Script::default();
    }
    let mut script = match &ins.arguments {
        Arguments::Shell(word) => {
            let trimmed_end = ins
                .logical
                .trim_end_matches(|c: char| c.is_ascii_whitespace())
                .len();
            let start = trimmed_end.saturating_sub(word.text.len());
            shell::split(&word.text, &|s, e| ins.source_range(start + s, start + e))
        }
        Arguments::Exec(words) => match exec_shell::script_argument(words) {
            Some(script) => shell::split(&script.text, &exec_shell::literal_mapper(text, script)),
            None => Script {
                commands: vec![Command {
                    assignments: Vec::new(),
                    words: words
                        .iter()
                        .map(|w| ShellWord {
                            text: w.text.clone(),
                            range: w.range,
                        })
                        .collect(),
                }],
                separators: Vec::new(),
            },
        },
        Arguments::Empty => Script::default(),
    };
    // A heredoc is the script when it is the whole command or fed to a shell.
    let runs_heredoc = script.commands.is_empty()
        || script.commands.first().is_some_and(|c| {
            matches!(c.name(), Some("sh" | "bash" | "ash" | "dash" | "zsh")) && c.args().is_empty()
        });
    if runs_heredoc {
        for doc in &ins.heredocs {
            let base = doc.content_range.start();
            script.append(shell::split(&doc.content, &|s, e| {
                TextRange::new(base + s, base + e)
            }));
        }
    }
    script
}
