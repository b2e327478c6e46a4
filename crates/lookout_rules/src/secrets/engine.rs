//! The compiled rule set and the scan loop: one Aho–Corasick automaton over every rule's
//! keywords picks the candidate rules, then only their regexes run. Everything is compiled
//! once, on first use.

use std::cell::OnceCell;
use std::sync::{LazyLock, OnceLock};

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};
use lookout_diagnostics::TextRange;
use regex::bytes::Regex;

use super::allow;
use super::entropy::shannon;
use super::redact::redact;
use super::rule::{Candidate, SecretRule};
use super::rules::ALL_RULES;
use super::SecretMatch;

struct Compiled {
    keywords: AhoCorasick,
    /// For each keyword pattern, the rules listing it.
    rules_by_keyword: Vec<Vec<usize>>,
    /// One regex per rule, compiled the first time a keyword selects the rule: most files
    /// (and most lint runs, where this cost is paid per process) need none of them.
    /// `None` only if a pattern failed to compile; a test forbids it.
    regexes: Vec<OnceLock<Option<Regex>>>,
}

impl Compiled {
    fn regex(&self, index: usize) -> Option<&Regex> {
        let rule = ALL_RULES.get(index)?;
        self.regexes
            .get(index)?
            .get_or_init(|| {
                regex::bytes::RegexBuilder::new(rule.regex)
                    .size_limit(32 * 1024 * 1024)
                    .build()
                    .ok()
            })
            .as_ref()
    }
}

static COMPILED: LazyLock<Option<Compiled>> = LazyLock::new(compile);

fn compile() -> Option<Compiled> {
    let mut patterns: Vec<String> = Vec::new();
    let mut rules_by_keyword: Vec<Vec<usize>> = Vec::new();
    for (index, rule) in ALL_RULES.iter().enumerate() {
        for keyword in rule.keywords {
            let lower = keyword.to_ascii_lowercase();
            if let Some(at) = patterns.iter().position(|p| *p == lower) {
                if let Some(list) = rules_by_keyword.get_mut(at) {
                    list.push(index);
                }
            } else {
                patterns.push(lower);
                rules_by_keyword.push(vec![index]);
            }
        }
    }
    // A full DFA: the keyword pass runs over every byte of every text file, and with ~150
    // short case-insensitive keywords the DFA is 2-3x faster than the default NFA here.
    let keywords = AhoCorasickBuilder::new()
        .ascii_case_insensitive(true)
        .match_kind(MatchKind::Standard)
        .kind(Some(AhoCorasickKind::DFA))
        .build(&patterns)
        .ok()?;
    let regexes = ALL_RULES.iter().map(|_| OnceLock::new()).collect();
    Some(Compiled {
        keywords,
        rules_by_keyword,
        regexes,
    })
}

/// True when every rule's regex compiled (tests assert it).
#[must_use]
pub fn all_regexes_compile() -> bool {
    COMPILED
        .as_ref()
        .is_some_and(|c| (0..ALL_RULES.len()).all(|index| c.regex(index).is_some()))
}

/// How far past its keyword a multi-line rule may match (a 4096-bit PEM key is ~3.3 KB; a
/// service-account JSON puts `private_key` a few hundred bytes after its `type`).
const MULTILINE_REACH: usize = 16 * 1024;

/// Positions of every `\n`, so a byte's line is a binary search away.
struct Lines {
    newlines: Vec<usize>,
    len: usize,
}

impl Lines {
    fn new(data: &[u8]) -> Self {
        let newlines = memchr::memchr_iter(b'\n', data).collect();
        Self {
            newlines,
            len: data.len(),
        }
    }

    /// The line holding byte `at`, without its `\n`.
    fn line_of(&self, at: usize) -> std::ops::Range<usize> {
        let k = self.newlines.partition_point(|&nl| nl < at);
        let start = match k.checked_sub(1).and_then(|i| self.newlines.get(i)) {
            Some(&nl) => nl + 1,
            None => 0,
        };
        let end = self.newlines.get(k).copied().unwrap_or(self.len);
        start..end
    }

    /// Lines longer than [`allow::MAX_LINE_BYTES`].
    fn long_lines(&self) -> Vec<std::ops::Range<usize>> {
        let mut ranges = Vec::new();
        let mut start = 0usize;
        for &nl in self.newlines.iter().chain(std::iter::once(&self.len)) {
            if nl.saturating_sub(start) > allow::MAX_LINE_BYTES {
                ranges.push(start..nl);
            }
            start = nl + 1;
        }
        ranges
    }
}

/// For each rule whose keywords occur in `data`, the regions its regex must search: the
/// lines holding a keyword (plus [`MULTILINE_REACH`] for multi-line rules), merged. Text
/// without any keyword yields nothing, after one Aho–Corasick pass; keywords on over-long
/// lines are ignored, since matches there are dropped anyway.
fn candidate_windows(
    compiled: &Compiled,
    data: &[u8],
    lines: &OnceCell<Lines>,
) -> Vec<(usize, Vec<std::ops::Range<usize>>)> {
    let mut windows: Vec<Vec<std::ops::Range<usize>>> = vec![Vec::new(); ALL_RULES.len()];
    for found in compiled.keywords.find_overlapping_iter(data) {
        let Some(rules) = compiled.rules_by_keyword.get(found.pattern().as_usize()) else {
            continue;
        };
        // The line table is built at the first keyword: most files have none.
        let lines = lines.get_or_init(|| Lines::new(data));
        let line = lines.line_of(found.start());
        if line.len() > allow::MAX_LINE_BYTES {
            continue;
        }
        for &index in rules {
            let (Some(rule), Some(list)) = (ALL_RULES.get(index), windows.get_mut(index)) else {
                continue;
            };
            let end = if rule.multiline {
                lines
                    .line_of(
                        found
                            .start()
                            .saturating_add(MULTILINE_REACH)
                            .min(data.len()),
                    )
                    .end
            } else {
                line.end
            };
            match list.last_mut() {
                Some(last) if line.start <= last.end => last.end = last.end.max(end),
                _ => list.push(line.start..end),
            }
        }
    }
    windows
        .into_iter()
        .enumerate()
        .filter(|(_, w)| !w.is_empty())
        .collect()
}

/// A match before positions are computed.
struct RawMatch {
    rule: &'static SecretRule,
    secret: std::ops::Range<usize>,
}

/// Scan `data` with every rule, without path-based allow-rules (the caller decides those).
pub(crate) fn scan_bytes(data: &[u8]) -> Vec<SecretMatch> {
    let Some(compiled) = COMPILED.as_ref() else {
        return Vec::new();
    };
    let lines = OnceCell::new();
    let candidates = candidate_windows(compiled, data, &lines);
    if candidates.is_empty() {
        return Vec::new();
    }
    let long_lines = lines.get_or_init(|| Lines::new(data)).long_lines();
    let mut raw = Vec::new();
    for (index, windows) in candidates {
        let (Some(rule), Some(regex)) = (ALL_RULES.get(index), compiled.regex(index)) else {
            continue;
        };
        for window in windows {
            collect_rule_matches(rule, regex, data, window, &long_lines, &mut raw);
        }
    }
    resolve_overlaps(&mut raw);
    locate(data, raw)
}

fn collect_rule_matches(
    rule: &'static SecretRule,
    regex: &Regex,
    data: &[u8],
    window: std::ops::Range<usize>,
    long_lines: &[std::ops::Range<usize>],
    out: &mut Vec<RawMatch>,
) {
    let base = window.start;
    let Some(haystack) = data.get(window) else {
        return;
    };
    for caps in regex.captures_iter(haystack) {
        let Some(whole) = caps.get(0) else { continue };
        let secret = caps.name("secret").unwrap_or(whole);
        let bytes = secret.as_bytes();
        let secret_range = secret.start() + base..secret.end() + base;
        let whole_range = whole.start() + base..whole.end() + base;
        if on_long_line(long_lines, secret_range.start) {
            continue;
        }
        if rule.min_entropy > 0.0 && shannon(bytes) < rule.min_entropy {
            continue;
        }
        if allow::is_placeholder(bytes) {
            continue;
        }
        let candidate = Candidate {
            data,
            whole: whole_range,
            secret: bytes,
        };
        if rule.validate.is_some_and(|validate| !validate(&candidate)) {
            continue;
        }
        out.push(RawMatch {
            rule,
            secret: secret_range,
        });
    }
}

fn on_long_line(long_lines: &[std::ops::Range<usize>], at: usize) -> bool {
    let after = long_lines.partition_point(|r| r.end <= at);
    long_lines.get(after).is_some_and(|r| r.contains(&at))
}

/// Where two matches overlap, keep the higher-priority rule's; equal priorities both stay
/// (two specific rules agreeing is information, e.g. a key id and its secret).
fn resolve_overlaps(raw: &mut Vec<RawMatch>) {
    raw.sort_by_key(|m| (m.secret.start, m.secret.end));
    let mut keep = vec![true; raw.len()];
    for (i, a) in raw.iter().enumerate() {
        // Sorted by start: only the following matches that begin before `a` ends overlap it.
        for (offset, b) in raw.iter().skip(i + 1).enumerate() {
            if b.secret.start >= a.secret.end {
                break;
            }
            let loser = match a.rule.priority.cmp(&b.rule.priority) {
                std::cmp::Ordering::Less => Some(i),
                std::cmp::Ordering::Greater => Some(i + 1 + offset),
                std::cmp::Ordering::Equal => None,
            };
            if let Some(slot) = loser.and_then(|l| keep.get_mut(l)) {
                *slot = false;
            }
        }
    }
    let mut flags = keep.into_iter();
    raw.retain(|_| flags.next().unwrap_or(true));
    // The same rule matching the same bytes twice (overlapping alternatives) counts once.
    raw.dedup_by(|b, a| std::ptr::eq(a.rule, b.rule) && a.secret == b.secret);
}

/// Turn byte ranges into 1-based lines and character columns, walking the data once.
fn locate(data: &[u8], raw: Vec<RawMatch>) -> Vec<SecretMatch> {
    let mut line = 1u32;
    let mut line_start = 0usize;
    let mut cursor = 0usize;
    let mut out = Vec::with_capacity(raw.len());
    for m in raw {
        let start = m.secret.start;
        if let Some(span) = data.get(cursor..start) {
            for (offset, &b) in span.iter().enumerate() {
                if b == b'\n' {
                    line = line.saturating_add(1);
                    line_start = cursor + offset + 1;
                }
            }
            cursor = start;
        }
        let prefix = data.get(line_start..start).unwrap_or(&[]);
        let chars_before = prefix.iter().filter(|&&b| (b & 0xC0) != 0x80).count();
        let column = u32::try_from(chars_before + 1).unwrap_or(u32::MAX);
        let secret_bytes = data.get(m.secret.clone()).unwrap_or(&[]);
        out.push(SecretMatch {
            rule: m.rule.meta,
            scan_severity: m.rule.scan_severity,
            title: m.rule.title,
            range: TextRange::new(m.secret.start, m.secret.end),
            line,
            column,
            redacted: redact(&String::from_utf8_lossy(secret_bytes)),
        });
    }
    out
}
