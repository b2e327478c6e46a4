use std::sync::LazyLock;

use regex::Regex;

use super::{finding, history_path, FindingSource, ImageConfigFinding};
use crate::image_config::history::parse;
use crate::image_config::ImageConfigInput;
use crate::secrets::ScanSeverity;

crate::declare_rule! {
    /// ## What it does
    /// Flags `RUN` history entries that call `sudo`.
    ///
    /// ## Why is this bad?
    /// Build steps already run as the `USER` in effect; `sudo` in an image means sudo is
    /// installed and configured, which hands any process of that user root.
    ///
    /// ## Example
    /// ```json
    /// {"config": {"User": "app"}, "history": [{"created_by": "RUN /bin/sh -c sudo apt-get install -y curl # buildkit"}]}
    /// ```
    ///
    /// ## Use instead
    /// ```json
    /// {"config": {"User": "app"}, "history": [{"created_by": "RUN /bin/sh -c apt-get install -y curl # buildkit"}]}
    /// ```
    ///
    /// ## References
    /// - <https://docs.docker.com/build/building/best-practices/#user>
    pub static SUDO_IN_HISTORY = {
        code: "LKI007", name: "sudo-in-history", family: ImageConfig,
        severity: Warning, fix: None, aliases: ["DKL-DI-0001"],
    }
}

static SUDO: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r"(?:^|[\s;&|(`])sudo(?:\s|$)").ok());

pub(crate) fn check(input: &ImageConfigInput, out: &mut Vec<ImageConfigFinding>) {
    let Some(sudo) = SUDO.as_ref() else { return };
    for (index, entry) in input.history.iter().enumerate() {
        let parsed = parse(&entry.created_by);
        if parsed.keyword == "RUN" && sudo.is_match(parsed.text) {
            out.push(finding(
                &SUDO_IN_HISTORY,
                ScanSeverity::Medium,
                FindingSource::History,
                history_path(index),
                format!("history[{index}] runs sudo; build steps need no sudo"),
            ));
        }
    }
}
