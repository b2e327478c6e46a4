//! One logical line → one [`Instruction`], following BuildKit's `splitCommand` and its
//! per-instruction line parsers, plus the argument checks of its instruction layer.

use super::json::{parse_json_args, JsonArgs};
use super::model::{
    Arguments, ErrorKind, Flag, Instruction, InstructionKind, KeyValue, ParseError, Segment, Word,
};
use super::words::{extract_flags, parse_words, split_whitespace, trim_span, RawWord};
use lookout_diagnostics::TextRange;

/// The logical line being parsed and how it maps to the source.
pub(crate) struct LineContext<'a> {
    pub line: &'a str,
    pub segments: &'a [Segment],
    pub escape: char,
}

impl LineContext<'_> {
    fn range(&self, start: usize, end: usize) -> TextRange {
        let s = super::model::source_offset(self.segments, start, false);
        let e = if end > start {
            super::model::source_offset(self.segments, end, true)
        } else {
            s
        };
        TextRange::new(s, e.max(s))
    }

    fn word(&self, raw: RawWord) -> Word {
        Word {
            range: self.range(raw.start, raw.end),
            text: raw.text,
        }
    }

    fn span_word(&self, start: usize, end: usize) -> Word {
        Word {
            text: self.line.get(start..end).unwrap_or("").to_string(),
            range: self.range(start, end),
        }
    }
}

fn is_split_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | 0x0b | 0x0c | b'\r')
}

/// Parse the instruction starting at logical offset `start`. `None` for blank text.
pub(crate) fn parse_instruction(
    ctx: &LineContext<'_>,
    start: usize,
    errors: &mut Vec<ParseError>,
    nesting: usize,
) -> Option<Instruction> {
    let line = ctx.line;
    let bytes = line.as_bytes();
    let (s, e) = trim_span(line, start, line.len());
    if s >= e {
        return None;
    }
    let mut kw_end = s;
    while kw_end < e && !is_split_space(bytes[kw_end]) {
        kw_end += 1;
    }
    let keyword = ctx.span_word(s, kw_end);
    let kind = InstructionKind::from_keyword(&keyword.text);
    let mut rest_start = kw_end;
    while rest_start < e && is_split_space(bytes[rest_start]) {
        rest_start += 1;
    }
    if e - s > MAX_INSTRUCTION_BYTES {
        return Some(oversized(ctx, kind, keyword, s, rest_start, e, errors));
    }
    let (raw_flags, args_start) = if rest_start < e {
        extract_flags(line, rest_start, e)
    } else {
        (Vec::new(), e)
    };
    let flags = raw_flags.into_iter().map(|f| to_flag(ctx, f)).collect();
    let (a_s, a_e) = trim_span(line, args_start, e);
    let instruction_range = ctx.range(s, e);

    let mut ins = Instruction {
        kind,
        keyword,
        range: instruction_range,
        flags,
        arguments: Arguments::Empty,
        words: Vec::new(),
        pairs: Vec::new(),
        heredocs: Vec::new(),
        onbuild: None,
        stage: None,
        // Filled by the caller, which owns the logical line.
        logical: String::new(),
        segments: Vec::new(),
    };
    let syntax_error = |message: String, errors: &mut Vec<ParseError>| {
        errors.push(ParseError {
            range: instruction_range,
            message,
            kind: ErrorKind::Syntax,
        });
    };
    let rest_empty = a_s >= a_e;
    match kind {
        InstructionKind::Add | InstructionKind::Copy | InstructionKind::Volume => {
            match parse_json_args(line, a_s, a_e) {
                JsonArgs::Strings(items) => {
                    ins.words = items.iter().cloned().map(|w| ctx.word(w)).collect();
                    ins.arguments =
                        Arguments::Exec(items.into_iter().map(|w| ctx.word(w)).collect());
                }
                JsonArgs::NotStringArray => syntax_error(not_string_array(), errors),
                JsonArgs::NotJson => shell_and_words(ctx, &mut ins, a_s, a_e),
            }
        }
        InstructionKind::Run
        | InstructionKind::Cmd
        | InstructionKind::Entrypoint
        | InstructionKind::Shell => {
            if !rest_empty {
                maybe_json(ctx, &mut ins, a_s, a_e, errors);
            }
        }
        InstructionKind::Healthcheck => {
            if !rest_empty {
                ins.words = split_whitespace(line, a_s, a_e)
                    .into_iter()
                    .map(|w| ctx.word(w))
                    .collect();
                let mut type_end = a_s;
                while type_end < a_e && !bytes[type_end].is_ascii_whitespace() {
                    type_end += 1;
                }
                let mut cmd_start = type_end;
                while cmd_start < a_e && bytes[cmd_start].is_ascii_whitespace() {
                    cmd_start += 1;
                }
                if cmd_start < a_e {
                    let saved_words = std::mem::take(&mut ins.words);
                    maybe_json(ctx, &mut ins, cmd_start, a_e, errors);
                    ins.words = saved_words;
                }
            }
        }
        InstructionKind::Env | InstructionKind::Label => {
            if !rest_empty {
                ins.arguments = Arguments::Shell(ctx.span_word(a_s, a_e));
                match parse_name_val(ctx, a_s, a_e, kind) {
                    Ok(pairs) => ins.pairs = pairs,
                    Err(message) => syntax_error(message, errors),
                }
            }
        }
        InstructionKind::Arg => {
            if !rest_empty {
                ins.arguments = Arguments::Shell(ctx.span_word(a_s, a_e));
                let words = parse_words(line, a_s, a_e, ctx.escape);
                ins.pairs = words.iter().map(|w| arg_pair(ctx, w)).collect();
                ins.words = words.into_iter().map(|w| ctx.word(w)).collect();
            }
        }
        InstructionKind::Onbuild => {
            if !rest_empty {
                ins.arguments = Arguments::Shell(ctx.span_word(a_s, a_e));
                if nesting == 0 {
                    ins.onbuild =
                        parse_instruction(ctx, a_s, errors, nesting + 1).map(|mut inner| {
                            inner.logical = line.to_string();
                            inner.segments = ctx.segments.to_vec();
                            Box::new(inner)
                        });
                }
            }
        }
        InstructionKind::Expose
        | InstructionKind::From
        | InstructionKind::Maintainer
        | InstructionKind::Stopsignal
        | InstructionKind::User
        | InstructionKind::Workdir
        | InstructionKind::Unknown => {
            if !rest_empty {
                shell_and_words(ctx, &mut ins, a_s, a_e);
            }
        }
    }
    check_arguments(&ins, nesting, errors);
    Some(ins)
}

/// Instructions longer than this are kept as one opaque argument: splitting megabytes
/// into words would cost memory out of proportion to any finding.
pub const MAX_INSTRUCTION_BYTES: usize = 1 << 20;

fn oversized(
    ctx: &LineContext<'_>,
    kind: InstructionKind,
    keyword: Word,
    start: usize,
    rest_start: usize,
    end: usize,
    errors: &mut Vec<ParseError>,
) -> Instruction {
    errors.push(ParseError {
        range: keyword.range,
        message: format!(
            "{} instruction is longer than {} bytes; its arguments are not analysed",
            kind.as_str(),
            MAX_INSTRUCTION_BYTES
        ),
        kind: ErrorKind::Instruction,
    });
    Instruction {
        kind,
        keyword,
        range: ctx.range(start, end),
        flags: Vec::new(),
        arguments: Arguments::Shell(ctx.span_word(rest_start, end)),
        words: Vec::new(),
        pairs: Vec::new(),
        heredocs: Vec::new(),
        onbuild: None,
        stage: None,
        logical: String::new(),
        segments: Vec::new(),
    }
}

fn not_string_array() -> String {
    "when using JSON array syntax, arrays must be comprised of strings only".to_string()
}

fn to_flag(ctx: &LineContext<'_>, raw: RawWord) -> Flag {
    let body = raw.text.strip_prefix("--").unwrap_or(&raw.text);
    let (name, value) = match body.split_once('=') {
        Some((n, v)) => (n.to_string(), Some(v.to_string())),
        None => (body.to_string(), None),
    };
    let written = ctx.line.get(raw.start..raw.end).unwrap_or("");
    let name_start = raw.start + 2.min(written.len());
    let eq = written.find('=');
    let name_end = eq.map_or(raw.end, |i| raw.start + i);
    Flag {
        name,
        value,
        range: ctx.range(raw.start, raw.end),
        name_range: ctx.range(name_start, name_end.max(name_start)),
        value_range: eq.map(|i| ctx.range(raw.start + i + 1, raw.end)),
    }
}

fn shell_and_words(ctx: &LineContext<'_>, ins: &mut Instruction, start: usize, end: usize) {
    if start >= end {
        return;
    }
    ins.arguments = Arguments::Shell(ctx.span_word(start, end));
    ins.words = split_whitespace(ctx.line, start, end)
        .into_iter()
        .map(|w| ctx.word(w))
        .collect();
}

/// BuildKit's `parseMaybeJSON`.
fn maybe_json(
    ctx: &LineContext<'_>,
    ins: &mut Instruction,
    start: usize,
    end: usize,
    errors: &mut Vec<ParseError>,
) {
    match parse_json_args(ctx.line, start, end) {
        JsonArgs::Strings(items) => {
            let words: Vec<Word> = items.into_iter().map(|w| ctx.word(w)).collect();
            ins.words.clone_from(&words);
            ins.arguments = Arguments::Exec(words);
        }
        JsonArgs::NotStringArray => errors.push(ParseError {
            range: ctx.range(start, end),
            message: not_string_array(),
            kind: ErrorKind::Syntax,
        }),
        // A shell script is not split on whitespace (see `Instruction::words`).
        JsonArgs::NotJson if ins.kind == InstructionKind::Run => {
            ins.arguments = Arguments::Shell(ctx.span_word(start, end));
        }
        JsonArgs::NotJson => shell_and_words(ctx, ins, start, end),
    }
}

/// `ARG name[=default]` → a pair (value keeps quotes as BuildKit's node does).
fn arg_pair(ctx: &LineContext<'_>, word: &RawWord) -> KeyValue {
    let written = ctx.line.get(word.start..word.end).unwrap_or("");
    match word.text.split_once('=') {
        Some((key, value)) => {
            let eq = written.find('=').map_or(word.end, |i| word.start + i);
            KeyValue {
                key: Word {
                    text: key.to_string(),
                    range: ctx.range(word.start, eq),
                },
                value: Some(Word {
                    text: value.to_string(),
                    range: ctx.range((eq + 1).min(word.end), word.end),
                }),
                has_equals: true,
            }
        }
        None => KeyValue {
            key: ctx.word(word.clone()),
            value: None,
            has_equals: false,
        },
    }
}

/// BuildKit's `parseNameVal` for `ENV` and `LABEL`.
fn parse_name_val(
    ctx: &LineContext<'_>,
    start: usize,
    end: usize,
    kind: InstructionKind,
) -> Result<Vec<KeyValue>, String> {
    let words = parse_words(ctx.line, start, end, ctx.escape);
    let Some(first) = words.first() else {
        return Ok(Vec::new());
    };
    if !first.text.contains('=') {
        // Legacy `KEY value…`: the value is the raw rest of the line.
        let bytes = ctx.line.as_bytes();
        let mut key_end = start;
        while key_end < end && !is_split_space(bytes[key_end]) {
            key_end += 1;
        }
        let mut value_start = key_end;
        while value_start < end && is_split_space(bytes[value_start]) {
            value_start += 1;
        }
        if value_start >= end {
            return Err(format!("{} must have two arguments", kind.as_str()));
        }
        return Ok(vec![KeyValue {
            key: ctx.span_word(start, key_end),
            value: Some(ctx.span_word(value_start, end)),
            has_equals: false,
        }]);
    }
    words
        .iter()
        .map(|word| {
            if word.text.contains('=') {
                Ok(arg_pair(ctx, word))
            } else {
                Err(format!(
                    "Syntax error - can't find = in \"{}\". Must be of the form: name=value",
                    word.text
                ))
            }
        })
        .collect()
}

fn instruction_error(ins: &Instruction, message: String, errors: &mut Vec<ParseError>) {
    errors.push(ParseError {
        range: ins.keyword.range,
        message,
        kind: ErrorKind::Instruction,
    });
}

/// The checks BuildKit's instruction layer makes after the AST parsed.
fn check_arguments(ins: &Instruction, nesting: usize, errors: &mut Vec<ParseError>) {
    let name = ins.kind.as_str();
    let empty = matches!(ins.arguments, Arguments::Empty) && ins.pairs.is_empty();
    let arg_count = ins.words.len();
    match ins.kind {
        InstructionKind::Unknown => {
            let hint = closest_keyword(&ins.keyword.text)
                .map(|k| format!(" (did you mean {k}?)"))
                .unwrap_or_default();
            instruction_error(
                ins,
                format!("unknown instruction: {}{hint}", ins.keyword.text),
                errors,
            );
        }
        InstructionKind::From => {
            let ok = arg_count == 1
                || (arg_count == 3
                    && ins
                        .words
                        .get(1)
                        .is_some_and(|w| w.text.eq_ignore_ascii_case("as")));
            if !ok {
                instruction_error(
                    ins,
                    "FROM requires either one or three arguments".to_string(),
                    errors,
                );
            } else if let Some(stage) = ins.words.get(2) {
                if !is_valid_stage_name(&stage.text) {
                    errors.push(ParseError {
                        range: stage.range,
                        message: format!(
                            "invalid name for build stage: \"{}\", name can't start with a number or contain symbols",
                            stage.text
                        ),
                        kind: ErrorKind::Instruction,
                    });
                }
            }
        }
        InstructionKind::Add | InstructionKind::Copy => {
            if arg_count < 2 {
                instruction_error(
                    ins,
                    format!(
                        "{name} requires at least two arguments, but only one was provided. Destination could not be determined."
                    ),
                    errors,
                );
            }
        }
        InstructionKind::Run
        | InstructionKind::Expose
        | InstructionKind::Volume
        | InstructionKind::Arg
        | InstructionKind::Env
        | InstructionKind::Label
        | InstructionKind::Entrypoint
        | InstructionKind::Onbuild => {
            if empty {
                instruction_error(
                    ins,
                    format!("{name} requires at least one argument"),
                    errors,
                );
            }
        }
        InstructionKind::Workdir
        | InstructionKind::User
        | InstructionKind::Stopsignal
        | InstructionKind::Maintainer => {
            if empty {
                instruction_error(ins, format!("{name} requires exactly one argument"), errors);
            }
        }
        InstructionKind::Shell => {
            if !ins.is_exec_form() {
                instruction_error(
                    ins,
                    "SHELL requires the arguments to be in JSON form".to_string(),
                    errors,
                );
            }
        }
        InstructionKind::Healthcheck => check_healthcheck(ins, errors),
        InstructionKind::Cmd => {}
    }
    if nesting > 0 {
        match ins.kind {
            InstructionKind::Onbuild => instruction_error(
                ins,
                "Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed".to_string(),
                errors,
            ),
            InstructionKind::From | InstructionKind::Maintainer => instruction_error(
                ins,
                format!("{name} isn't allowed as an ONBUILD trigger"),
                errors,
            ),
            _ => {}
        }
    }
}

fn check_healthcheck(ins: &Instruction, errors: &mut Vec<ParseError>) {
    let Some(kind) = ins.words.first() else {
        instruction_error(
            ins,
            "HEALTHCHECK requires at least one argument".to_string(),
            errors,
        );
        return;
    };
    if kind.text.eq_ignore_ascii_case("none") {
        if ins.words.len() > 1 {
            instruction_error(
                ins,
                "HEALTHCHECK NONE takes no arguments".to_string(),
                errors,
            );
        }
    } else if kind.text.eq_ignore_ascii_case("cmd") {
        if matches!(ins.arguments, Arguments::Empty) {
            instruction_error(
                ins,
                "Missing command after HEALTHCHECK CMD".to_string(),
                errors,
            );
        }
    } else {
        instruction_error(
            ins,
            format!("Unknown type \"{}\" in HEALTHCHECK (try CMD)", kind.text),
            errors,
        );
    }
}

/// Every Dockerfile instruction keyword, uppercase.
pub const KEYWORDS: &[&str] = &[
    "ADD",
    "ARG",
    "CMD",
    "COPY",
    "ENTRYPOINT",
    "ENV",
    "EXPOSE",
    "FROM",
    "HEALTHCHECK",
    "LABEL",
    "MAINTAINER",
    "ONBUILD",
    "RUN",
    "SHELL",
    "STOPSIGNAL",
    "USER",
    "VOLUME",
    "WORKDIR",
];

/// The instruction a typo most likely meant (edit distance at most 2), as BuildKit hints.
fn closest_keyword(word: &str) -> Option<&'static str> {
    let upper = word.to_ascii_uppercase();
    if upper.len() > 20 {
        return None;
    }
    KEYWORDS
        .iter()
        .map(|k| (edit_distance(&upper, k), *k))
        .filter(|(d, _)| *d <= 2)
        .min_by_key(|(d, _)| *d)
        .map(|(_, k)| k)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut current = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let substitution = prev[j] + usize::from(ca != *cb);
            current[j + 1] = substitution.min(prev[j + 1] + 1).min(current[j] + 1);
        }
        prev = current;
    }
    prev[b.len()]
}

/// BuildKit: `^[a-z][a-z0-9-_.]*$` (after lowercasing).
fn is_valid_stage_name(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    let mut chars = lower.chars();
    chars.next().is_some_and(|c| c.is_ascii_lowercase())
        && chars
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '-' | '_' | '.'))
}
