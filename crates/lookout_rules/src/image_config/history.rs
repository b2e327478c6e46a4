//! Reading `history[].created_by`: the classic builder writes `/bin/sh -c #(nop)  ENV …` and
//! `|1 TOKEN=x /bin/sh -c cmd`; BuildKit writes `RUN |1 TOKEN=x /bin/sh -c cmd # buildkit`.
//! Both become an instruction keyword, its text, and the build args the RUN saw.

use lookout_syntax::dockerfile::INSTRUCTION_KEYWORDS;
use std::sync::LazyLock;

use regex::Regex;

use super::HistoryEntry;

/// A leading shell invocation: `/bin/sh -c`, `/bin/bash -o pipefail -c`, `cmd /S /C`.
static SHELL_PREFIX: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(r"^(?:(?:/usr)?/bin/)?(?:ba|da|z|a)?sh(?:\s+-[a-z]+(?:\s+[a-z]+)?)*?\s+-c\s+").ok()
});

/// One history entry, understood.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedHistory<'a> {
    /// Uppercase Dockerfile keyword (`RUN`, `ENV`, `ADD`, …), or empty for free text such as
    /// `mmdebstrap --variant=minbase bookworm`.
    pub keyword: &'static str,
    /// The instruction's arguments; for `RUN`, the shell command without the shell prefix.
    pub text: &'a str,
    /// `KEY=value` build args recorded before a `RUN` (`|2 A=1 B=2 …`).
    pub build_args: Vec<(&'a str, &'a str)>,
}

/// Parse one `created_by`.
#[must_use]
pub fn parse(created_by: &str) -> ParsedHistory<'_> {
    let mut s = created_by.trim();
    if let Some(stripped) = s.strip_suffix("# buildkit") {
        s = stripped.trim_end();
    }
    let (keyword, rest) = if let Some(after) = strip_shell(s) {
        match after.trim_start().strip_prefix("#(nop)") {
            Some(nop) => split_keyword(nop.trim()),
            None => ("RUN", after),
        }
    } else if s.starts_with('|') {
        ("RUN", s)
    } else {
        split_keyword(s)
    };
    if keyword != "RUN" {
        return ParsedHistory {
            keyword,
            text: rest,
            build_args: Vec::new(),
        };
    }
    let (build_args, command) = split_build_args(rest);
    let command = strip_shell(command).unwrap_or(command);
    ParsedHistory {
        keyword,
        text: command.trim(),
        build_args,
    }
}

fn strip_shell(s: &str) -> Option<&str> {
    let re = SHELL_PREFIX.as_ref()?;
    re.find(s).and_then(|m| s.get(m.end()..))
}

fn split_keyword(s: &str) -> (&'static str, &str) {
    let (first, rest) = s.split_once(char::is_whitespace).unwrap_or((s, ""));
    // Any instruction but FROM: history records the steps after the base image.
    match INSTRUCTION_KEYWORDS
        .iter()
        .find(|k| **k == first && **k != "FROM")
    {
        Some(keyword) => (keyword, rest.trim_start()),
        None => ("", s),
    }
}

/// `|2 A=1 B=2 rest` → ([(A,1),(B,2)], rest).
fn split_build_args(s: &str) -> (Vec<(&str, &str)>, &str) {
    let Some(counted) = s.strip_prefix('|') else {
        return (Vec::new(), s);
    };
    let (count, mut rest) = counted
        .split_once(char::is_whitespace)
        .unwrap_or((counted, ""));
    let count: usize = count.parse().unwrap_or(0);
    let mut args = Vec::with_capacity(count.min(64));
    for _ in 0..count {
        rest = rest.trim_start();
        let (token, after) = rest.split_once(char::is_whitespace).unwrap_or((rest, ""));
        if let Some((key, value)) = token.split_once('=') {
            args.push((key, value));
        }
        rest = after;
    }
    (args, rest.trim_start())
}

/// A Dockerfile rebuilt from history, for the Dockerfile rules, with each line's history
/// index so findings can be reported as `history[i].created_by`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReconstructedDockerfile {
    pub text: String,
    /// `line_history[n]` is the history index of line `n` (0-based); `None` for the
    /// synthetic `FROM scratch`.
    pub line_history: Vec<Option<usize>>,
}

/// Rebuild a Dockerfile from `created_by` lines: `FROM scratch`, then one instruction per
/// entry (free text from other tools becomes a comment). Multi-line commands keep their
/// lines, joined with `\` continuations.
#[must_use]
pub fn history_as_dockerfile(history: &[HistoryEntry]) -> ReconstructedDockerfile {
    let mut out = ReconstructedDockerfile::default();
    push_line(&mut out, "FROM scratch", None);
    for (index, entry) in history.iter().enumerate() {
        let parsed = parse(&entry.created_by);
        let instruction = match parsed.keyword {
            "" => format!("# {}", parsed.text),
            "EXPOSE" => format!("EXPOSE {}", go_map_keys(parsed.text)),
            keyword => format!("{keyword} {}", parsed.text),
        };
        let physical: Vec<&str> = instruction.lines().collect();
        let last = physical.len().saturating_sub(1);
        for (n, part) in physical.iter().enumerate() {
            let continued = if n < last && !part.trim_end().ends_with('\\') {
                format!("{part} \\")
            } else {
                (*part).to_string()
            };
            push_line(&mut out, &continued, Some(index));
        }
    }
    out
}

fn push_line(out: &mut ReconstructedDockerfile, line: &str, index: Option<usize>) {
    out.text.push_str(line);
    out.text.push('\n');
    out.line_history.push(index);
}

/// BuildKit records `EXPOSE map[22/tcp:{} 80/tcp:{}]`; Dockerfile syntax is `22/tcp 80/tcp`.
fn go_map_keys(text: &str) -> String {
    match text.strip_prefix("map[").and_then(|t| t.strip_suffix(']')) {
        Some(inner) => inner
            .split_whitespace()
            .map(|entry| entry.trim_end_matches(":{}"))
            .collect::<Vec<_>>()
            .join(" "),
        None => text.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classic_and_buildkit_forms_parse_alike() {
        let classic = parse("/bin/sh -c #(nop)  ENV PATH=/usr/bin");
        assert_eq!((classic.keyword, classic.text), ("ENV", "PATH=/usr/bin"));
        let run = parse("/bin/sh -c apt-get update");
        assert_eq!((run.keyword, run.text), ("RUN", "apt-get update"));
        let buildkit = parse("RUN |1 TOKEN=abc /bin/sh -c make # buildkit");
        assert_eq!((buildkit.keyword, buildkit.text), ("RUN", "make"));
        assert_eq!(buildkit.build_args, vec![("TOKEN", "abc")]);
        let classic_args = parse("|2 A=1 B=2 /bin/sh -c echo hi");
        assert_eq!(classic_args.build_args, vec![("A", "1"), ("B", "2")]);
        assert_eq!(classic_args.text, "echo hi");
        let pipefail = parse("RUN /bin/bash -o pipefail -c curl x | sh # buildkit");
        assert_eq!(pipefail.text, "curl x | sh");
        let free = parse("mmdebstrap --variant=minbase bookworm (slim)");
        assert_eq!(free.keyword, "");
    }

    #[test]
    fn history_rebuilds_a_dockerfile_with_line_map() {
        let history: Vec<HistoryEntry> = [
            "mmdebstrap bookworm",
            "EXPOSE map[22/tcp:{} 80/tcp:{}]",
            "RUN /bin/sh -c apt-get update # buildkit",
        ]
        .iter()
        .map(|c| HistoryEntry {
            created_by: (*c).to_string(),
            empty_layer: false,
        })
        .collect();
        let rebuilt = history_as_dockerfile(&history);
        assert_eq!(
            rebuilt.text,
            "FROM scratch\n# mmdebstrap bookworm\nEXPOSE 22/tcp 80/tcp\nRUN apt-get update\n"
        );
        assert_eq!(rebuilt.line_history, vec![None, Some(0), Some(1), Some(2)]);
    }
}
