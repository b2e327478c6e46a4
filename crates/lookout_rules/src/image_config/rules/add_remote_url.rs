use super::{finding, history_path, FindingSource, ImageConfigFinding};
use crate::image_config::history::parse;
use crate::image_config::ImageConfigInput;
use crate::secrets::ScanSeverity;

crate::declare_rule! {
    /// ## What it does
    /// Flags history entries where `ADD` fetched a remote URL.
    ///
    /// ## Why is this bad?
    /// `ADD <url>` downloads whatever the server returns at build time, with no checksum
    /// unless `--checksum` is given, and keeps the download in a layer.
    ///
    /// ## Example
    /// ```json
    /// {"config": {"User": "app"}, "history": [{"created_by": "ADD https://example.com/tool.tar.gz /opt/ # buildkit"}]}
    /// ```
    ///
    /// ## Use instead
    /// ```json
    /// {"config": {"User": "app"}, "history": [{"created_by": "COPY tool.tar.gz /opt/ # buildkit"}]}
    /// ```
    ///
    /// ## References
    /// - <https://docs.docker.com/build/building/best-practices/#add-or-copy>
    pub static ADD_REMOTE_URL = {
        code: "LKI006", name: "add-remote-url", family: ImageConfig,
        severity: Warning, fix: None, aliases: [],
    }
}

fn is_remote(source: &str) -> bool {
    let lower = source.to_ascii_lowercase();
    ["http://", "https://", "ftp://", "git@"]
        .iter()
        .any(|p| lower.starts_with(p))
}

pub(crate) fn check(input: &ImageConfigInput, out: &mut Vec<ImageConfigFinding>) {
    for (index, entry) in input.history.iter().enumerate() {
        let parsed = parse(&entry.created_by);
        if parsed.keyword != "ADD" {
            continue;
        }
        let words: Vec<&str> = parsed
            .text
            .split_whitespace()
            .filter(|w| !w.starts_with("--"))
            .collect();
        let sources = words.split_last().map_or(&[][..], |(_, s)| s);
        if let Some(url) = sources.iter().find(|s| is_remote(s)) {
            out.push(finding(
                &ADD_REMOTE_URL,
                ScanSeverity::Medium,
                FindingSource::History,
                history_path(index),
                format!(
                    "history[{index}] ADDs a remote URL ({url}); download with a checksum instead"
                ),
            ));
        }
    }
}
