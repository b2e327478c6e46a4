use std::sync::LazyLock;

use regex::Regex;

use super::{finding, history_path, FindingSource, ImageConfigFinding};
use crate::image_config::history::parse;
use crate::image_config::ImageConfigInput;
use crate::secrets::ScanSeverity;

crate::declare_rule! {
    /// ## What it does
    /// Flags `RUN` history entries that pipe a download into a shell (`curl … | sh`,
    /// `wget -O- … | bash`, `sh -c "$(curl …)"`).
    ///
    /// ## Why is this bad?
    /// The script is whatever the server sent at build time: unpinned, unverified, and
    /// executed with the build's privileges.
    ///
    /// ## Example
    /// ```json
    /// {"config": {"User": "app"}, "history": [{"created_by": "RUN /bin/sh -c curl -fsSL https://get.example.com | sh # buildkit"}]}
    /// ```
    ///
    /// ## Use instead
    /// ```json
    /// {"config": {"User": "app"}, "history": [{"created_by": "RUN /bin/sh -c curl -fsSLo install.sh https://get.example.com && echo \"$SUM  install.sh\" | sha256sum -c && sh install.sh # buildkit"}]}
    /// ```
    ///
    /// ## References
    /// - <https://docs.docker.com/build/building/best-practices/#using-pipes>
    pub static PIPE_TO_SHELL = {
        code: "LKI008", name: "pipe-to-shell-in-history", family: ImageConfig,
        severity: Warning, fix: None, aliases: [],
    }
}

static PIPE: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(?i)\b(?:curl|wget)\b[^|;&\n]*\|\s*(?:sudo\s+(?:-\S+\s+)*)?",
        r"(?:(?:/usr)?/bin/)?(?:env\s+)?(?:ba|z|da|k|a)?sh\b",
        r"|\b(?:ba)?sh\s+-c\s+[\x22']?\$\(\s*(?:curl|wget)\b",
        r"|\b(?:ba)?sh\s+<\(\s*(?:curl|wget)\b",
    ))
    .ok()
});

pub(crate) fn check(input: &ImageConfigInput, out: &mut Vec<ImageConfigFinding>) {
    let Some(pipe) = PIPE.as_ref() else { return };
    for (index, entry) in input.history.iter().enumerate() {
        let parsed = parse(&entry.created_by);
        if parsed.keyword == "RUN" && pipe.is_match(parsed.text) {
            out.push(finding(
                &PIPE_TO_SHELL,
                ScanSeverity::Medium,
                FindingSource::History,
                history_path(index),
                format!("history[{index}] pipes a download into a shell; verify a pinned checksum first"),
            ));
        }
    }
}
