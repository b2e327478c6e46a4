use super::{finding, FindingSource, ImageConfigFinding};
use crate::image_config::ImageConfigInput;
use crate::secrets::ScanSeverity;

crate::declare_rule! {
    /// ## What it does
    /// Flags images whose config runs the container as root: `User` unset or empty, `root`,
    /// `0`, or a `root`/`0` user with any group.
    ///
    /// ## Why is this bad?
    /// A process that escapes the container as root owns the node far more easily, and a
    /// compromised root process can rewrite everything in the image's filesystem.
    ///
    /// ## Example
    /// ```json
    /// {"config": {"User": "0:0", "Cmd": ["app"]}}
    /// ```
    ///
    /// ## Use instead
    /// ```json
    /// {"config": {"User": "10001:10001", "Cmd": ["app"]}}
    /// ```
    ///
    /// ## References
    /// - <https://docs.docker.com/build/building/best-practices/#user>
    pub static RUNS_AS_ROOT = {
        code: "LKI001", name: "runs-as-root", family: ImageConfig,
        severity: Warning, fix: None, aliases: ["CIS-DI-0001"],
    }
}

pub(crate) fn check(input: &ImageConfigInput, out: &mut Vec<ImageConfigFinding>) {
    let user = input.user.as_deref().unwrap_or("").trim();
    let name = user.split(':').next().unwrap_or("");
    let message = if user.is_empty() {
        "the image sets no User, so containers run as root; add a non-root USER".to_string()
    } else if name == "root" || name == "0" {
        format!("the image runs as `{user}` (root); switch to a non-root USER")
    } else {
        return;
    };
    out.push(finding(
        &RUNS_AS_ROOT,
        ScanSeverity::High,
        FindingSource::ImageConfig,
        "config.User",
        message,
    ));
}
