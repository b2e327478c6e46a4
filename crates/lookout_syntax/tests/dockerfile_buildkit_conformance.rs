//! BuildKit parser conformance: every case of ../shared/suites/buildkit-parser.
//!
//! `testfiles/*/result` are BuildKit's `Node.Dump()` output; this test rebuilds the same
//! dump from Lookout's model. `testfiles-negative` must produce a syntax error (the errors
//! BuildKit's `parser.Parse` itself raises, `ErrorKind::Syntax`). `testfile-line` checks
//! start/end lines against BuildKit's `TestLineInformation` expectations.
#![allow(clippy::unwrap_used)]

use lookout_diagnostics::LineIndex;
use lookout_syntax::dockerfile::{parse, Arguments, ErrorKind, Instruction, InstructionKind};
use std::path::PathBuf;

fn suite_dir() -> PathBuf {
    let dir = PathBuf::from(format!(
        "{}/../../../shared/suites/buildkit-parser/frontend/dockerfile/parser",
        manifest_dir()
    ));
    assert!(
        dir.is_dir(),
        "this test needs ../shared (the BuildKit parser suite) beside the repository: {} is missing",
        dir.display()
    );
    dir
}

/// Go's `strconv.Quote`.
fn go_quote(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            '\u{7}' => out.push_str("\\a"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '\u{b}' => out.push_str("\\v"),
            c if (c as u32) < 0x20 || c as u32 == 0x7f => {
                out.push_str(&format!("\\x{:02x}", c as u32));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The node values BuildKit's line parser produces after the keyword.
fn node_values(ins: &Instruction) -> Vec<String> {
    match ins.kind {
        InstructionKind::Env | InstructionKind::Label => ins
            .pairs
            .iter()
            .flat_map(|p| {
                [
                    p.key.text.clone(),
                    p.value.as_ref().map(|v| v.text.clone()).unwrap_or_default(),
                    if p.has_equals {
                        "=".into()
                    } else {
                        String::new()
                    },
                ]
            })
            .collect(),
        InstructionKind::Healthcheck => {
            let mut values: Vec<String> = ins
                .words
                .first()
                .map(|w| w.text.clone())
                .into_iter()
                .collect();
            values.extend(argument_values(&ins.arguments));
            values
        }
        InstructionKind::Arg
        | InstructionKind::Expose
        | InstructionKind::From
        | InstructionKind::Add
        | InstructionKind::Copy
        | InstructionKind::Volume => ins.words.iter().map(|w| w.text.clone()).collect(),
        _ => argument_values(&ins.arguments),
    }
}

fn argument_values(arguments: &Arguments) -> Vec<String> {
    match arguments {
        Arguments::Empty => Vec::new(),
        Arguments::Exec(words) => words.iter().map(|w| w.text.clone()).collect(),
        Arguments::Shell(word) => vec![word.text.clone()],
    }
}

fn dump(ins: &Instruction) -> String {
    let mut out = ins.keyword.text.to_lowercase();
    if !ins.flags.is_empty() {
        let flags: Vec<String> = ins
            .flags
            .iter()
            .map(|f| {
                let raw = match &f.value {
                    Some(v) => format!("--{}={v}", f.name),
                    None => format!("--{}", f.name),
                };
                go_quote(&raw)
            })
            .collect();
        out.push_str(&format!(" [{}]", flags.join(" ")));
    }
    if let Some(inner) = &ins.onbuild {
        out.push_str(&format!(" ({})", dump(inner)));
        return out;
    }
    for value in node_values(ins) {
        out.push(' ');
        out.push_str(&go_quote(&value));
    }
    out
}

#[test]
fn every_testfile_dumps_like_buildkit() {
    let dir = suite_dir().join("testfiles");
    let mut cases: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    cases.sort();
    assert!(
        cases.len() >= 30,
        "expected the whole suite, found {}",
        cases.len()
    );
    let mut failures = Vec::new();
    for case in &cases {
        let source = std::fs::read_to_string(case.join("Dockerfile")).unwrap();
        let expected = std::fs::read_to_string(case.join("result")).unwrap();
        let df = parse(&source);
        let got: String = df
            .instructions
            .iter()
            .map(|i| format!("({})\n", dump(i)))
            .collect();
        let syntax_errors: Vec<_> = df
            .errors
            .iter()
            .filter(|e| e.kind == ErrorKind::Syntax)
            .collect();
        if got.trim_end() != expected.replace("\r\n", "\n").trim_end() || !syntax_errors.is_empty()
        {
            failures.push(format!(
                "{}:\n--- expected\n{expected}\n--- got\n{got}\n--- syntax errors {syntax_errors:?}",
                case.display()
            ));
        }
    }
    println!(
        "buildkit testfiles: {} cases, {} failures",
        cases.len(),
        failures.len()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn every_negative_testfile_is_a_syntax_error() {
    let dir = suite_dir().join("testfiles-negative");
    let mut count = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let case = entry.unwrap().path();
        let source = std::fs::read_to_string(case.join("Dockerfile")).unwrap();
        let df = parse(&source);
        assert!(
            df.errors.iter().any(|e| e.kind == ErrorKind::Syntax),
            "{} parsed without a syntax error",
            case.display()
        );
        count += 1;
    }
    assert!(count >= 4, "expected the negative cases, found {count}");
}

#[test]
fn instruction_lines_match_buildkit_line_information() {
    let source = std::fs::read_to_string(suite_dir().join("testfile-line/Dockerfile")).unwrap();
    let df = parse(&source);
    let index = LineIndex::new(&source);
    let lines: Vec<(usize, usize)> = df
        .instructions
        .iter()
        .map(|i| {
            (
                index.line_of(i.range.start()) + 1,
                index.line_of(i.range.end()) + 1,
            )
        })
        .collect();
    // Expected values from BuildKit's parser_test.go TestLineInformation.
    assert_eq!(lines, vec![(5, 5), (11, 12), (17, 31)]);
    assert!(df.errors.is_empty(), "{:?}", df.errors);
}

/// The package directory at run time (cargo sets it for tests), not at compile time: a
/// test binary reused from another checkout's build must read this checkout's files.
fn manifest_dir() -> String {
    std::env::var("CARGO_MANIFEST_DIR").unwrap_or_else(|_| env!("CARGO_MANIFEST_DIR").to_owned())
}
