//! Renders lint results: the text format (source line with a caret, coloured on a TTY)
//! and, through `lookout_report`, JSON and SARIF.

use std::fmt::Write as _;
use std::io::IsTerminal;

use anyhow::Result;
use lookout_diagnostics::{LineIndex, PositionEncoding, Severity};

use crate::cmd_lint::{ColorChoice, LintArgs, LintFormat, LintedFile};

pub fn render(files: &[LintedFile], args: &LintArgs) -> Result<String> {
    match args.format {
        LintFormat::Text => Ok(render_text(files, args.quiet, use_color(args))),
        LintFormat::Json => crate::report::lint_json(files),
        LintFormat::Sarif => crate::report::lint_sarif(files),
    }
}

fn use_color(args: &LintArgs) -> bool {
    match args.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            args.output.is_none()
                && std::io::stdout().is_terminal()
                && std::env::var_os("NO_COLOR").is_none()
        }
    }
}

struct Paint(bool);

impl Paint {
    fn wrap(&self, code: &str, text: &str) -> String {
        if self.0 {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }
    fn severity(&self, severity: Severity) -> String {
        let code = match severity {
            Severity::Error => "1;31",
            Severity::Warning => "1;33",
            Severity::Info => "1;36",
            Severity::Style => "1;34",
        };
        self.wrap(code, severity.as_str())
    }
}

fn render_text(files: &[LintedFile], quiet: bool, color: bool) -> String {
    let paint = Paint(color);
    let mut out = String::new();
    let mut counts = [0usize; 4];
    for file in files {
        let index = LineIndex::new(&file.text);
        for finding in &file.result.findings {
            counts[finding.severity as usize] += 1;
            if quiet {
                continue;
            }
            let d = &finding.diagnostic;
            let start = index.line_col(&file.text, d.range.start(), PositionEncoding::Chars);
            let _ = writeln!(
                out,
                "{}:{}:{}: {}[{}] {}",
                paint.wrap("1", &lookout_report::escape_control(&file.path)),
                start.line + 1,
                start.col + 1,
                paint.severity(finding.severity),
                finding.rule.code,
                lookout_report::escape_control(&d.message)
            );
            write_snippet(&mut out, &file.text, &index, d.range, &paint);
            if let Some(fix) = &d.fix {
                let kind = match fix.applicability {
                    lookout_diagnostics::Applicability::Safe => "fix",
                    lookout_diagnostics::Applicability::Unsafe => "unsafe fix",
                };
                let _ = writeln!(out, "   = {}: {}", kind, fix.title);
            }
        }
    }
    let total: usize = counts.iter().sum();
    let files_with = files
        .iter()
        .filter(|f| !f.result.findings.is_empty())
        .count();
    let _ = writeln!(
        out,
        "{} finding{} ({} error, {} warning, {} info, {} style) in {} of {} file{}",
        total,
        if total == 1 { "" } else { "s" },
        counts[0],
        counts[1],
        counts[2],
        counts[3],
        files_with,
        files.len(),
        if files.len() == 1 { "" } else { "s" }
    );
    out
}

/// The finding's first line with a caret under its range (clipped to that line).
fn write_snippet(
    out: &mut String,
    text: &str,
    index: &LineIndex,
    range: lookout_diagnostics::TextRange,
    paint: &Paint,
) {
    let line = index.line_of(range.start());
    let Some(line_range) = index.line_range(text, line) else {
        return;
    };
    let source = &text[line_range.start()..line_range.end()];
    // Very long lines (minified files) are cut so the output stays readable.
    let shown: String = source.chars().take(200).collect();
    let number = (line + 1).to_string();
    let gutter = " ".repeat(number.len());
    let start_col = index
        .line_col(text, range.start(), PositionEncoding::Chars)
        .col as usize;
    let end = range.end().min(line_range.end()).max(range.start());
    let end_col = index.line_col(text, end, PositionEncoding::Chars).col as usize;
    let width = end_col.saturating_sub(start_col).max(1);
    let _ = writeln!(out, "{gutter} |");
    let _ = writeln!(out, "{number} | {shown}");
    if start_col < 200 {
        let caret = paint.wrap("1;31", &"^".repeat(width.min(200 - start_col)));
        let _ = writeln!(out, "{gutter} | {}{}", " ".repeat(start_col), caret);
    }
}
