//! Dockerfile parser following BuildKit's grammar, with byte ranges on every instruction,
//! keyword, flag and argument.
//!
//! [`parse`] never fails: BuildKit syntax errors and instruction errors are collected in
//! [`Dockerfile::errors`] and parsing resumes on the next line, so an editor can lint the
//! rest of a half-typed file. Written by hand (no parser crate keeps BuildKit's quirks and
//! spans, and everything here must build for wasm).

mod expand;
mod heredoc;
mod instruction;
mod json;
mod lines;
mod model;
mod parser;
mod stages;
mod words;

pub use expand::{expand, Expansion};
pub use instruction::{KEYWORDS as INSTRUCTION_KEYWORDS, MAX_INSTRUCTION_BYTES};
pub use model::{
    Arguments, Comment, Directive, Dockerfile, ErrorKind, Flag, GlobalArg, Heredoc, Instruction,
    InstructionKind, KeyValue, ParseError, Segment, Stage, Word,
};
pub use parser::parse;
pub use words::unquote;
