use super::{finding, FindingSource, ImageConfigFinding};
use crate::image_config::ImageConfigInput;
use crate::secrets::ScanSeverity;

crate::declare_rule! {
    /// ## What it does
    /// Flags images without a HEALTHCHECK, or with `HEALTHCHECK NONE`.
    ///
    /// ## Why is this bad?
    /// Without a health check the runtime only knows whether the process exists, not whether
    /// it serves: a hung server keeps receiving traffic and is never restarted.
    ///
    /// ## Example
    /// ```json
    /// {"config": {"User": "app", "Cmd": ["server"]}}
    /// ```
    ///
    /// ## Use instead
    /// ```json
    /// {"config": {"User": "app", "Cmd": ["server"], "Healthcheck": {"Test": ["CMD", "/server", "--check"]}}}
    /// ```
    ///
    /// ## References
    /// - <https://docs.docker.com/reference/dockerfile/#healthcheck>
    pub static MISSING_HEALTHCHECK = {
        code: "LKI003", name: "missing-healthcheck", family: ImageConfig,
        severity: Info, fix: None, aliases: ["CIS-DI-0006"],
    }
}

pub(crate) fn check(input: &ImageConfigInput, out: &mut Vec<ImageConfigFinding>) {
    let message = match input.healthcheck.as_deref() {
        None | Some([]) => "the image defines no HEALTHCHECK",
        Some([first, ..]) if first.eq_ignore_ascii_case("NONE") => {
            "the image disables its HEALTHCHECK (`HEALTHCHECK NONE`)"
        }
        Some(_) => return,
    };
    out.push(finding(
        &MISSING_HEALTHCHECK,
        ScanSeverity::Low,
        FindingSource::ImageConfig,
        "config.Healthcheck",
        message,
    ));
}
