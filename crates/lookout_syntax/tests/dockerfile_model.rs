//! The Dockerfile model: spans on keywords, flags and arguments, heredocs, ONBUILD, stages
//! and ARG resolution, and recovery after errors.
#![allow(clippy::unwrap_used)]

use lookout_diagnostics::TextRange;
use lookout_syntax::dockerfile::{parse, Arguments, ErrorKind, InstructionKind};

fn slice(text: &str, range: TextRange) -> &str {
    &text[range.start()..range.end()]
}

#[test]
fn keyword_flags_and_arguments_carry_exact_spans() {
    let text = "FROM --platform=$BUILDPLATFORM golang:1.23 AS build\ncopy --from=build --chown=app:app /out/app /usr/local/bin/\n";
    let df = parse(text);
    assert!(df.errors.is_empty(), "{:?}", df.errors);
    let copy = &df.instructions[1];
    assert_eq!(copy.kind, InstructionKind::Copy);
    assert_eq!(slice(text, copy.keyword.range), "copy");
    let from = copy.flag("from").unwrap();
    assert_eq!(from.value.as_deref(), Some("build"));
    assert_eq!(slice(text, from.range), "--from=build");
    assert_eq!(slice(text, from.name_range), "from");
    assert_eq!(slice(text, from.value_range.unwrap()), "build");
    assert_eq!(copy.words.len(), 2);
    assert_eq!(slice(text, copy.words[1].range), "/usr/local/bin/");
    assert_eq!(df.stages[0].platform.as_deref(), Some("$BUILDPLATFORM"));
}

#[test]
fn continuation_tokens_map_back_to_source_lines() {
    let text = "RUN apt-get update \\\n    # a comment inside\n\n    && apt-get install -y curl\n";
    let df = parse(text);
    let run = &df.instructions[0];
    let Arguments::Shell(word) = &run.arguments else {
        panic!("shell form expected")
    };
    assert_eq!(word.text, "apt-get update     && apt-get install -y curl");
    let at = run.logical.find("curl").unwrap();
    assert_eq!(slice(text, run.source_range(at, at + 4)), "curl");
    let across = run.logical.find("update").unwrap();
    let spanning = run.source_range(across, run.logical.find("apt-get install").unwrap());
    assert!(
        slice(text, spanning).starts_with("update \\\n"),
        "{spanning:?}"
    );
    assert_eq!(run.range.end(), text.len() - 1);
    assert_eq!(df.comments.len(), 1);
    assert_eq!(df.comments[0].text, "a comment inside");
}

#[test]
fn exec_form_json_items_are_decoded_with_spans() {
    let text = "CMD [\"node\", \"server.js\", \"--port=\\u0038\"]\n";
    let df = parse(text);
    let Arguments::Exec(items) = &df.instructions[0].arguments else {
        panic!("exec form expected")
    };
    let values: Vec<&str> = items.iter().map(|w| w.text.as_str()).collect();
    assert_eq!(values, ["node", "server.js", "--port=8"]);
    assert_eq!(slice(text, items[1].range), "\"server.js\"");
}

#[test]
fn heredocs_several_per_instruction_with_chomp_and_quotes() {
    let text = "FROM alpine\nCOPY <<-A <<\"B\" /dst/\n\tone\n\tA\ntwo $X\nB\nRUN echo done\n";
    let df = parse(text);
    assert!(df.errors.is_empty(), "{:?}", df.errors);
    let copy = &df.instructions[1];
    assert_eq!(copy.heredocs.len(), 2);
    assert!(copy.heredocs[0].chomp && copy.heredocs[0].expand);
    assert_eq!(copy.heredocs[0].content, "\tone\n");
    assert!(!copy.heredocs[1].expand);
    assert_eq!(copy.heredocs[1].content, "two $X\n");
    assert_eq!(slice(text, copy.heredocs[1].marker_range), "<<\"B\"");
    assert_eq!(df.instructions[2].kind, InstructionKind::Run);
}

#[test]
fn unterminated_heredoc_is_an_error_not_a_panic() {
    let df = parse("RUN <<EOF\necho hi\n");
    assert!(df
        .errors
        .iter()
        .any(|e| e.message == "unterminated heredoc" && e.kind == ErrorKind::Syntax));
}

#[test]
fn onbuild_parses_its_trigger() {
    let text = "FROM a\nONBUILD RUN --mount=type=cache,target=/root/.cache pip install x\n";
    let df = parse(text);
    let inner = df.instructions[1].onbuild.as_deref().unwrap();
    assert_eq!(inner.kind, InstructionKind::Run);
    assert_eq!(
        inner.flag("mount").unwrap().value.as_deref(),
        Some("type=cache,target=/root/.cache")
    );
    assert_eq!(slice(text, inner.keyword.range), "RUN");
}

#[test]
fn stages_resolve_global_arg_defaults_and_previous_names() {
    let text = "ARG REG=ghcr.io\nARG TAG\nARG FULL=${REG}/app\nFROM ${FULL}:${TAG:-1.2} AS Build\nFROM build\nFROM $UNSET\n";
    let df = parse(text);
    assert_eq!(df.global_args.len(), 3);
    assert_eq!(df.stages[0].resolved_image, "ghcr.io/app:1.2");
    assert_eq!(slice(text, df.stages[0].image.range), "${FULL}:${TAG:-1.2}");
    assert!(!df.stages[0].has_unresolved_variables);
    assert_eq!(df.stages[1].base_stage, Some(0));
    assert!(df.stages[2].has_unresolved_variables);
    assert_eq!(df.final_stage().unwrap().index, 2);
}

#[test]
fn escape_directive_switches_to_backtick() {
    let text = "# escape=`\nFROM windows\nRUN dir `\n  C:\\\n";
    let df = parse(text);
    assert_eq!(df.escape, '`');
    assert_eq!(df.directives[0].name, "escape");
    assert_eq!(df.instructions[1].shell_text().unwrap().text, "dir   C:\\");
}

#[test]
fn recovers_after_unknown_instruction_and_reports_where() {
    let text = "FROM alpine\nRUNN echo x\nENV\nUSER app\n";
    let df = parse(text);
    assert_eq!(df.instructions.len(), 4);
    let unknown = df
        .errors
        .iter()
        .find(|e| e.message.starts_with("unknown instruction"))
        .unwrap();
    assert_eq!(slice(text, unknown.range), "RUNN");
    assert!(df
        .errors
        .iter()
        .any(|e| e.message == "ENV requires at least one argument"));
    assert_eq!(df.instructions[3].kind, InstructionKind::User);
}

#[test]
fn any_case_keywords_and_crlf_line_endings() {
    let df = parse("from alpine\r\nRuN echo \\\r\n  hi\r\n");
    assert!(df.errors.is_empty(), "{:?}", df.errors);
    assert_eq!(df.instructions[1].kind, InstructionKind::Run);
    assert_eq!(df.instructions[1].shell_text().unwrap().text, "echo   hi");
}

#[test]
fn a_huge_single_line_is_kept_opaque_and_reported() {
    let text = format!("FROM alpine\nENV A={}\n", "x y ".repeat(400_000));
    let df = parse(&text);
    let env = &df.instructions[1];
    assert!(env.pairs.is_empty() && env.words.is_empty());
    assert!(df.errors.iter().any(|e| e.message.contains("longer than")));
}
