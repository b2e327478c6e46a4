//! Exec-form `RUN`s that hand a script to a shell (`RUN ["/bin/sh", "-c", "…"]`): find the
//! script argument so the rules read it as they read a shell-form `RUN`.

use lookout_diagnostics::{Fix, TextRange};
use lookout_syntax::dockerfile::Word;

/// Shells whose `-c` takes a script as its first operand.
const SHELLS: &[&str] = &["sh", "bash", "ash", "dash", "zsh", "ksh", "mksh", "busybox"];

/// The script word of an exec-form argv that runs a shell with `-c` (`["bash", "-eux", "-c",
/// "…"]`, `["/usr/bin/env", "bash", "-ec", "…"]`); `None` for any other argv.
pub(crate) fn script_argument(argv: &[Word]) -> Option<&Word> {
    let mut rest = argv;
    let program = program_name(&rest.first()?.text);
    rest = rest.get(1..)?;
    let shell = if program == "env" {
        // `env [-i] [-u NAME] [NAME=value]… shell`: skip env's own options and assignments.
        while let Some(word) = rest.first() {
            let takes_value = matches!(word.text.as_str(), "-u" | "--unset" | "-C" | "--chdir");
            if takes_value {
                rest = rest.get(2..)?;
            } else if word.text.starts_with('-') || word.text.contains('=') {
                rest = rest.get(1..)?;
            } else {
                break;
            }
        }
        let shell = program_name(&rest.first()?.text);
        rest = rest.get(1..)?;
        shell
    } else {
        program
    };
    // `busybox sh -c …`
    let shell = if shell == "busybox" {
        let applet = program_name(&rest.first()?.text);
        rest = rest.get(1..)?;
        applet
    } else {
        shell
    };
    if !SHELLS.contains(&shell) || shell == "busybox" {
        return None;
    }
    // Options come before the script, `-c` possibly combined with others (`-ec`) or
    // followed by more options (`-c -e`); `-o`/`-O`/`+o` take a value (`-o pipefail`).
    let mut has_command_flag = false;
    let mut index = 0;
    while let Some(word) = rest.get(index) {
        let text = word.text.as_str();
        if text == "--" || text == "-" {
            index += 1;
            break;
        }
        if text.starts_with("--") {
            // bash's long options take no value (`--norc`, `--login`) but these two.
            let takes_value = matches!(text, "--rcfile" | "--init-file");
            index += if takes_value { 2 } else { 1 };
            continue;
        }
        let Some(letters) = text.strip_prefix('-').or_else(|| text.strip_prefix('+')) else {
            break;
        };
        if letters.is_empty() || !letters.bytes().all(|b| b.is_ascii_alphabetic()) {
            break;
        }
        if text.starts_with('-') && letters.contains('c') {
            has_command_flag = true;
        }
        index += 1 + letters.bytes().filter(|b| matches!(b, b'o' | b'O')).count();
    }
    if !has_command_flag {
        return None;
    }
    rest.get(index)
}

/// Maps offsets in a script decoded from a JSON string literal back to the source: exact
/// when the literal holds no escape (its text between the quotes is the script itself),
/// otherwise every offset maps to the whole literal.
pub(crate) fn literal_mapper(source: &str, word: &Word) -> impl Fn(usize, usize) -> TextRange {
    let literal = source
        .get(word.range.start()..word.range.end())
        .unwrap_or("");
    let unescaped = literal
        .strip_prefix('"')
        .and_then(|l| l.strip_suffix('"'))
        .is_some_and(|inner| inner == word.text);
    let whole = word.range;
    move |start, end| {
        if unescaped {
            TextRange::new(whole.start() + 1 + start, whole.start() + 1 + end)
        } else {
            whole
        }
    }
}

/// True when the JSON literal of `word` is its text between quotes, byte for byte.
fn is_unescaped(source: &str, word: &Word) -> bool {
    source
        .get(word.range.start()..word.range.end())
        .and_then(|l| l.strip_prefix('"'))
        .and_then(|l| l.strip_suffix('"'))
        .is_some_and(|inner| inner == word.text)
}

/// A JSON string literal of an exec-form `RUN`.
pub(crate) struct ExecLiteral {
    pub range: TextRange,
    /// Offsets inside map exactly to the script (the unescaped `-c` argument), so an edit
    /// strictly inside lands where the rule meant.
    pub exact: bool,
}

/// The literals of an exec-form argv; only the shell script's can take edits.
pub(crate) fn exec_literals(source: &str, argv: &[Word]) -> Vec<ExecLiteral> {
    let script = script_argument(argv);
    argv.iter()
        .map(|word| ExecLiteral {
            range: word.range,
            exact: script.is_some_and(|s| std::ptr::eq(s, word)) && is_unescaped(source, word),
        })
        .collect()
}

/// True when applying `fix` leaves every exec-form literal valid JSON meaning what the
/// rule meant: each edit stays clear of the literals, or falls strictly inside an exactly
/// mapped one and adds nothing JSON would have to escape. Rules write their fixes for
/// shell text; one that would break the array (` -y` after `"install"`) is dropped.
pub(crate) fn fix_keeps_json(fix: &Fix, literals: &[ExecLiteral]) -> bool {
    fix.edits.iter().all(|edit| {
        literals.iter().all(|literal| {
            let touches = edit.range.start() <= literal.range.end()
                && edit.range.end() >= literal.range.start();
            let inside = literal.exact
                && edit.range.start() > literal.range.start()
                && edit.range.end() < literal.range.end()
                && !edit
                    .text
                    .chars()
                    .any(|c| c == '"' || c == '\\' || c.is_control());
            !touches || inside
        })
    })
}

/// `/usr/bin/bash` → `bash`.
fn program_name(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn argv(items: &[&str]) -> Vec<Word> {
        items
            .iter()
            .map(|t| Word {
                text: (*t).to_string(),
                range: TextRange::default(),
            })
            .collect()
    }

    fn script(items: &[&str]) -> Option<String> {
        script_argument(&argv(items)).map(|w| w.text.clone())
    }

    #[test]
    fn shells_with_dash_c_hand_over_their_script() {
        assert_eq!(script(&["/bin/sh", "-c", "ls"]).as_deref(), Some("ls"));
        assert_eq!(script(&["bash", "-ec", "ls"]).as_deref(), Some("ls"));
        assert_eq!(script(&["bash", "-eux", "-c", "ls"]).as_deref(), Some("ls"));
        assert_eq!(script(&["bash", "-c", "-e", "ls"]).as_deref(), Some("ls"));
        assert_eq!(
            script(&["bash", "-euo", "pipefail", "-c", "ls"]).as_deref(),
            Some("ls")
        );
        assert_eq!(
            script(&["bash", "-o", "pipefail", "-c", "ls"]).as_deref(),
            Some("ls")
        );
        assert_eq!(
            script(&["bash", "--norc", "-c", "ls"]).as_deref(),
            Some("ls")
        );
        assert_eq!(
            script(&["/usr/bin/env", "bash", "-c", "ls"]).as_deref(),
            Some("ls")
        );
        assert_eq!(
            script(&["env", "-i", "A=1", "dash", "-c", "ls"]).as_deref(),
            Some("ls")
        );
        assert_eq!(
            script(&["busybox", "sh", "-c", "ls"]).as_deref(),
            Some("ls")
        );
        assert_eq!(script(&["/bin/zsh", "-c", "ls"]).as_deref(), Some("ls"));
        assert_eq!(
            script(&["env", "-u", "HOME", "bash", "-c", "ls"]).as_deref(),
            Some("ls")
        );
        assert_eq!(
            script(&["bash", "--rcfile", "/x", "-c", "ls"]).as_deref(),
            Some("ls")
        );
    }

    #[test]
    fn other_argvs_have_no_script() {
        assert_eq!(script(&["sh", "script.sh"]), None);
        assert_eq!(script(&["sh", "-e", "script.sh"]), None);
        assert_eq!(script(&["python", "-c", "print(1)"]), None);
        assert_eq!(script(&["sh", "-c"]), None);
        assert_eq!(script(&["bash", "-o", "c", "x"]), None);
        assert_eq!(script(&["busybox", "wget", "-c", "x"]), None);
        assert_eq!(script(&["/bin/sh"]), None);
        assert_eq!(script(&[]), None);
    }

    #[test]
    fn offsets_map_into_unescaped_literals_only() {
        let source = r#"RUN ["sh", "-c", "cd /tmp"]"#;
        let start = source.find("\"cd").unwrap();
        let word = Word {
            text: "cd /tmp".into(),
            range: TextRange::new(start, start + 9),
        };
        let map = literal_mapper(source, &word);
        assert_eq!(&source[map(0, 2).start()..map(0, 2).end()], "cd");
        let source = r#"RUN ["sh", "-c", "echo \"x\""]"#;
        let start = source.find("\"echo").unwrap();
        let word = Word {
            text: "echo \"x\"".into(),
            range: TextRange::new(start, source.len() - 1),
        };
        let map = literal_mapper(source, &word);
        assert_eq!(map(0, 4), word.range);
    }
}
