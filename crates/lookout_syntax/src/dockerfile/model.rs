//! The parsed Dockerfile: instructions with byte ranges on every part, comments, parser
//! directives, stages and the errors met on the way.

use lookout_diagnostics::TextRange;

/// A whole parsed Dockerfile. Parsing never fails: problems are in [`Dockerfile::errors`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Dockerfile {
    /// Parser directives from the top of the file (`# syntax=…`, `# escape=…`, `# check=…`).
    pub directives: Vec<Directive>,
    /// The escape character in effect (`\` or `` ` ``).
    pub escape: char,
    /// Top-level instructions in source order.
    pub instructions: Vec<Instruction>,
    /// Every comment line (not directives), including those inside continuations.
    pub comments: Vec<Comment>,
    /// Build stages, one per `FROM`, in order.
    pub stages: Vec<Stage>,
    /// `ARG`s declared before the first `FROM` (usable in `FROM` lines).
    pub global_args: Vec<GlobalArg>,
    /// Syntax and instruction errors; parsing went on after each.
    pub errors: Vec<ParseError>,
}

/// A parser directive such as `# escape=`` ` ``.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Directive {
    /// Lowercased name (`syntax`, `escape`, `check`).
    pub name: String,
    pub value: String,
    /// The whole directive line.
    pub range: TextRange,
    pub value_range: TextRange,
}

/// A `#` comment line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Comment {
    /// Text after the `#`, trimmed.
    pub text: String,
    /// From the `#` to the end of the line (without the line break).
    pub range: TextRange,
}

/// Whether an error stops BuildKit's parser itself or only its instruction checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// BuildKit's `parser.Parse` rejects the file (bad JSON array, unterminated heredoc,
    /// `ENV` without value, no instructions).
    Syntax,
    /// The file parses but the instruction is invalid (unknown instruction, missing
    /// arguments, bad `FROM … AS`), as BuildKit's instruction layer reports it.
    Instruction,
}

/// A problem found while parsing; the parser resumes on the next line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    pub range: TextRange,
    pub message: String,
    pub kind: ErrorKind,
}

/// A piece of text with its byte range in the source. For tokens that span line
/// continuations the range covers the first to the last source byte.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Word {
    /// The value as BuildKit's parser sees it (JSON strings decoded; shell words keep
    /// their quotes, see [`unquote`](crate::dockerfile::unquote)).
    pub text: String,
    pub range: TextRange,
}

/// A `--name[=value]` flag before an instruction's arguments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Flag {
    /// The name without dashes (`from`, `platform`, `mount`).
    pub name: String,
    /// The value after `=`, quotes removed; `None` for a bare `--flag`.
    pub value: Option<String>,
    /// The whole flag as written, dashes included.
    pub range: TextRange,
    pub name_range: TextRange,
    pub value_range: Option<TextRange>,
}

/// Exec (JSON array) form, shell form, or nothing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Arguments {
    Empty,
    /// `["executable", "arg"]`: decoded strings, each ranged over its JSON literal.
    Exec(Vec<Word>),
    /// The rest of the logical line (continuations joined, comment lines dropped).
    Shell(Word),
}

/// `KEY=value` (or the legacy `KEY value`) in `ENV`, `LABEL` and `ARG`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyValue {
    pub key: Word,
    /// As written (quotes kept); `None` for `ARG NAME` without default.
    pub value: Option<Word>,
    /// True for `KEY=value`, false for the legacy `KEY value` form.
    pub has_equals: bool,
}

/// A heredoc body attached to `RUN`, `COPY` or `ADD`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heredoc {
    /// The delimiter word, quotes removed (`EOF`).
    pub name: String,
    /// The `<<EOF` marker in the instruction line.
    pub marker_range: TextRange,
    /// A file descriptor written before `<<` (`3<<EOF`), 0 when absent.
    pub file_descriptor: u32,
    /// `<<-`: leading tabs are stripped.
    pub chomp: bool,
    /// False when the delimiter was quoted (no variable expansion inside).
    pub expand: bool,
    /// The body lines with their line breaks.
    pub content: String,
    pub content_range: TextRange,
    /// The terminator line, when one was found.
    pub terminator_range: Option<TextRange>,
}

/// Which instruction a line holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum InstructionKind {
    Add,
    Arg,
    Cmd,
    Copy,
    Entrypoint,
    Env,
    Expose,
    From,
    Healthcheck,
    Label,
    Maintainer,
    Onbuild,
    Run,
    Shell,
    Stopsignal,
    User,
    Volume,
    Workdir,
    /// Not a Dockerfile instruction (reported as an error).
    Unknown,
}

impl InstructionKind {
    /// The instruction for a keyword in any case.
    #[must_use]
    pub fn from_keyword(keyword: &str) -> Self {
        match keyword.to_ascii_lowercase().as_str() {
            "add" => Self::Add,
            "arg" => Self::Arg,
            "cmd" => Self::Cmd,
            "copy" => Self::Copy,
            "entrypoint" => Self::Entrypoint,
            "env" => Self::Env,
            "expose" => Self::Expose,
            "from" => Self::From,
            "healthcheck" => Self::Healthcheck,
            "label" => Self::Label,
            "maintainer" => Self::Maintainer,
            "onbuild" => Self::Onbuild,
            "run" => Self::Run,
            "shell" => Self::Shell,
            "stopsignal" => Self::Stopsignal,
            "user" => Self::User,
            "volume" => Self::Volume,
            "workdir" => Self::Workdir,
            _ => Self::Unknown,
        }
    }

    /// Uppercase keyword (`RUN`), or `UNKNOWN`.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Add => "ADD",
            Self::Arg => "ARG",
            Self::Cmd => "CMD",
            Self::Copy => "COPY",
            Self::Entrypoint => "ENTRYPOINT",
            Self::Env => "ENV",
            Self::Expose => "EXPOSE",
            Self::From => "FROM",
            Self::Healthcheck => "HEALTHCHECK",
            Self::Label => "LABEL",
            Self::Maintainer => "MAINTAINER",
            Self::Onbuild => "ONBUILD",
            Self::Run => "RUN",
            Self::Shell => "SHELL",
            Self::Stopsignal => "STOPSIGNAL",
            Self::User => "USER",
            Self::Volume => "VOLUME",
            Self::Workdir => "WORKDIR",
            Self::Unknown => "UNKNOWN",
        }
    }
}

/// One piece of the logical line and where it came from in the source.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Segment {
    /// Offset in [`Instruction::logical`].
    pub logical: usize,
    /// Offset in the source text.
    pub source: usize,
    pub len: usize,
}

/// One instruction (continuation lines joined into one logical line).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Instruction {
    pub kind: InstructionKind,
    /// The keyword as written (`run`, `RUN`).
    pub keyword: Word,
    /// From the keyword to the end of the last line (heredoc terminators included).
    pub range: TextRange,
    pub flags: Vec<Flag>,
    pub arguments: Arguments,
    /// Arguments split on whitespace (exec form: the array items). For `ENV`/`LABEL`
    /// see [`Instruction::pairs`]. Left empty for `RUN` in shell form: split its script
    /// with a shell lexer instead (whitespace splitting means nothing there).
    pub words: Vec<Word>,
    /// `ENV`, `LABEL` and `ARG` key/value pairs.
    pub pairs: Vec<KeyValue>,
    pub heredocs: Vec<Heredoc>,
    /// The instruction `ONBUILD` triggers, parsed like a top-level one.
    pub onbuild: Option<Box<Instruction>>,
    /// The stage this instruction belongs to (`None` before the first `FROM`).
    pub stage: Option<usize>,
    /// The logical line: continuations removed, comment and blank lines inside them dropped.
    pub logical: String,
    /// How [`Instruction::logical`] maps back to the source.
    pub segments: Vec<Segment>,
}

impl Instruction {
    /// The flag named `name` (without dashes), last one wins as in BuildKit.
    #[must_use]
    pub fn flag(&self, name: &str) -> Option<&Flag> {
        self.flags
            .iter()
            .rev()
            .find(|f| f.name.eq_ignore_ascii_case(name))
    }

    /// True for exec (JSON array) form.
    #[must_use]
    pub fn is_exec_form(&self) -> bool {
        matches!(self.arguments, Arguments::Exec(_))
    }

    /// The shell-form command text, if any.
    #[must_use]
    pub fn shell_text(&self) -> Option<&Word> {
        match &self.arguments {
            Arguments::Shell(word) => Some(word),
            _ => None,
        }
    }

    /// Source byte offset of a logical-line offset.
    #[must_use]
    pub fn source_offset(&self, logical: usize) -> usize {
        source_offset(&self.segments, logical, false)
    }

    /// Source range of a logical-line range.
    #[must_use]
    pub fn source_range(&self, start: usize, end: usize) -> TextRange {
        let s = source_offset(&self.segments, start, false);
        let e = if end > start {
            source_offset(&self.segments, end, true)
        } else {
            s
        };
        TextRange::new(s, e.max(s))
    }

    /// This instruction, or for `ONBUILD` the one it triggers.
    #[must_use]
    pub fn effective(&self) -> &Instruction {
        match &self.onbuild {
            Some(inner) => inner,
            None => self,
        }
    }
}

/// Map a logical offset into the source. `is_end` makes an offset at a segment boundary
/// map to the end of the previous segment rather than the start of the next.
pub(crate) fn source_offset(segments: &[Segment], logical: usize, is_end: bool) -> usize {
    // Segments are sorted by logical offset: find the one holding `logical` (for an end
    // offset, the one it closes).
    let index = if is_end {
        segments.partition_point(|s| s.logical + s.len < logical)
    } else {
        segments.partition_point(|s| s.logical + s.len <= logical)
    };
    match segments.get(index) {
        Some(seg) if logical >= seg.logical => seg.source + (logical - seg.logical),
        // In a gap before `seg` (cannot happen for joined lines, kept for safety).
        Some(seg) => {
            if is_end {
                index
                    .checked_sub(1)
                    .and_then(|i| segments.get(i))
                    .map_or(seg.source, |prev| prev.source + prev.len)
            } else {
                seg.source
            }
        }
        None => segments.last().map_or(0, |last| last.source + last.len),
    }
}

/// An `ARG` declared before the first `FROM`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GlobalArg {
    pub name: String,
    /// The default value, quotes removed.
    pub default: Option<String>,
    pub range: TextRange,
}

/// A build stage (`FROM image [AS name]`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stage {
    /// 0-based position among the `FROM`s.
    pub index: usize,
    /// Index of the `FROM` in [`Dockerfile::instructions`].
    pub from_instruction: usize,
    /// The image text as written, with its range.
    pub image: Word,
    /// The image text after substituting global `ARG` defaults (`${VAR:-x}` …).
    pub resolved_image: String,
    /// True when the image mentions a variable that has no value.
    pub has_unresolved_variables: bool,
    /// `AS name`, as written.
    pub name: Option<Word>,
    /// `--platform` value, if given.
    pub platform: Option<String>,
    /// When the image names an earlier stage (`FROM build`), that stage's index.
    pub base_stage: Option<usize>,
    /// Indices into [`Dockerfile::instructions`] of this stage's instructions after `FROM`.
    pub instructions: Vec<usize>,
}

impl Stage {
    /// True for `FROM scratch`.
    #[must_use]
    pub fn is_scratch(&self) -> bool {
        self.resolved_image.eq_ignore_ascii_case("scratch")
    }
}

impl Dockerfile {
    /// The stage named `name` (case-insensitive) or with that index, declared before
    /// `before_stage` (all stages when `None`).
    #[must_use]
    pub fn stage_by_reference(
        &self,
        reference: &str,
        before_stage: Option<usize>,
    ) -> Option<&Stage> {
        let limit = before_stage.unwrap_or(self.stages.len());
        let by_name = self.stages.iter().take(limit).find(|s| {
            s.name
                .as_ref()
                .is_some_and(|n| n.text.eq_ignore_ascii_case(reference))
        });
        by_name.or_else(|| {
            reference
                .parse::<usize>()
                .ok()
                .filter(|i| *i < limit)
                .and_then(|i| self.stages.get(i))
        })
    }

    /// The last stage (the one `docker build` produces by default).
    #[must_use]
    pub fn final_stage(&self) -> Option<&Stage> {
        self.stages.last()
    }

    /// Every instruction, with `ONBUILD` triggers unwrapped, paired with its index.
    pub fn effective_instructions(&self) -> impl Iterator<Item = (usize, &Instruction)> {
        self.instructions
            .iter()
            .enumerate()
            .map(|(i, ins)| (i, ins.effective()))
    }
}
