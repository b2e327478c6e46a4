//! The driver: reads the source line by line like BuildKit's `parser.Parse`, builds
//! instructions, attaches heredoc bodies, then derives stages and global `ARG`s.

use super::heredoc;
use super::instruction::{parse_instruction, LineContext};
use super::lines::{
    continuation_cut, is_comment, is_space, push_comment, DirectiveState, LineCursor, LogicalLine,
};
use super::model::{Dockerfile, ErrorKind, Heredoc, Instruction, InstructionKind, ParseError};
use super::stages::derive_stages;
use lookout_diagnostics::TextRange;

/// Parse a Dockerfile. Never fails and never panics: errors are collected in
/// [`Dockerfile::errors`] and parsing resumes on the next line.
#[must_use]
pub fn parse(text: &str) -> Dockerfile {
    let mut df = Dockerfile {
        escape: '\\',
        ..Dockerfile::default()
    };
    let mut cursor = LineCursor::new(text);
    let mut directives = DirectiveState::new();
    while let Some(line) = cursor.next_line() {
        let bytes = &text.as_bytes()[line.start..line.end];
        let leading = bytes.iter().take_while(|b| is_space(**b)).count();
        let start = line.start + leading;
        let content = &text[start..line.end];
        if directives.process(content, start, &mut df.directives, &mut df.errors) {
            continue;
        }
        if content.starts_with('#') {
            push_comment(text, line, &mut df.comments);
            continue;
        }
        if content.is_empty() {
            continue;
        }
        let escape = directives.escape;
        let mut logical = LogicalLine {
            end: line.end,
            ..LogicalLine::default()
        };
        let mut continues = match continuation_cut(content.as_bytes(), escape) {
            Some(cut) => {
                logical.push(text, start, start + cut);
                true
            }
            None => {
                logical.push(text, start, line.end);
                false
            }
        };
        while continues {
            let Some(next) = cursor.next_line() else {
                break;
            };
            logical.end = next.end;
            let next_bytes = &text.as_bytes()[next.start..next.end];
            if is_comment(next_bytes) {
                push_comment(text, next, &mut df.comments);
                continue;
            }
            if next_bytes.iter().all(|b| is_space(*b)) {
                continue;
            }
            match continuation_cut(next_bytes, escape) {
                Some(cut) => logical.push(text, next.start, next.start + cut),
                None => {
                    logical.push(text, next.start, next.end);
                    continues = false;
                }
            }
        }
        let ctx = LineContext {
            line: &logical.text,
            segments: &logical.segments,
            escape: char::from(escape),
        };
        let Some(mut instruction) = parse_instruction(&ctx, 0, &mut df.errors, 0) else {
            continue;
        };
        instruction.range = TextRange::new(instruction.range.start(), logical.end);
        instruction.logical = logical.text;
        instruction.segments = logical.segments;
        read_heredocs(text, &mut cursor, &mut instruction, &mut df.errors);
        df.instructions.push(instruction);
    }
    df.escape = char::from(directives.escape);
    if df.instructions.is_empty() {
        df.errors.push(ParseError {
            range: TextRange::empty(text.len()),
            message: "file with no instructions".to_string(),
            kind: ErrorKind::Syntax,
        });
    }
    derive_stages(&mut df);
    df
}

/// Read the bodies of the heredocs the instruction line announces.
fn read_heredocs(
    text: &str,
    cursor: &mut LineCursor<'_>,
    instruction: &mut Instruction,
    errors: &mut Vec<ParseError>,
) {
    let target = instruction.effective().kind;
    let is_json = instruction.effective().is_exec_form();
    if !matches!(
        target,
        InstructionKind::Run | InstructionKind::Copy | InstructionKind::Add
    ) || is_json
    {
        return;
    }
    let markers = heredoc::markers(&instruction.logical);
    let mut docs = Vec::with_capacity(markers.len());
    let mut end = instruction.range.end();
    for marker in markers {
        let content_start = cursor_position(cursor, text);
        let mut content = String::new();
        let mut content_end = content_start;
        let mut terminator_range = None;
        while let Some(line) = cursor.next_line() {
            let raw = &text[line.start..line.end];
            let candidate = if marker.chomp {
                raw.trim_start_matches('\t')
            } else {
                raw
            };
            if candidate == marker.name {
                terminator_range = Some(TextRange::new(line.start, line.end));
                end = line.end;
                break;
            }
            let line_with_break_end = next_line_start(text, line.end);
            content.push_str(&text[line.start..line_with_break_end]);
            content_end = line_with_break_end;
            end = line.end;
        }
        let marker_range = instruction.source_range(marker.start, marker.end);
        if terminator_range.is_none() {
            errors.push(ParseError {
                range: marker_range,
                message: "unterminated heredoc".to_string(),
                kind: ErrorKind::Syntax,
            });
        }
        docs.push(Heredoc {
            name: marker.name,
            marker_range,
            file_descriptor: marker.file_descriptor,
            chomp: marker.chomp,
            expand: marker.expand,
            content,
            content_range: TextRange::new(content_start, content_end),
            terminator_range,
        });
    }
    instruction.range = TextRange::new(instruction.range.start(), end.max(instruction.range.end()));
    match instruction.onbuild.as_deref_mut() {
        Some(inner) => inner.heredocs = docs,
        None => instruction.heredocs = docs,
    }
}

fn cursor_position(cursor: &LineCursor<'_>, text: &str) -> usize {
    cursor.position().min(text.len())
}

/// Offset just past the line break after `line_end` (or the text's end).
fn next_line_start(text: &str, line_end: usize) -> usize {
    match text.get(line_end..).and_then(|rest| rest.find('\n')) {
        Some(nl) => line_end + nl + 1,
        None => text.len(),
    }
}
