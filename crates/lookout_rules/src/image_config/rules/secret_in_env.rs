use super::{finding, is_real_value, is_secret_name, redact, FindingSource, ImageConfigFinding};
use crate::image_config::ImageConfigInput;
use crate::secrets::{scan_value, ScanSeverity};

crate::declare_rule! {
    /// ## What it does
    /// Flags credentials in the image's `Env`: values the secret rules recognise (tokens,
    /// keys, database URLs), and variables named like credentials (`*PASSWORD*`, `*TOKEN*`,
    /// `*SECRET*`, `*API_KEY*`) that hold a literal value.
    ///
    /// ## Why is this bad?
    /// `Env` is part of the image config: everyone who can pull the image reads it with
    /// `docker inspect`, and every container and child process inherits it.
    ///
    /// ## Example
    /// ```json
    /// {"config": {"User": "app", "Env": ["PATH=/usr/bin", "DB_PASSWORD=s3cr3t-Pr0d"]}}
    /// ```
    ///
    /// ## Use instead
    /// Pass the value at run time, or point at a mounted secret:
    /// ```json
    /// {"config": {"User": "app", "Env": ["PATH=/usr/bin", "DB_PASSWORD_FILE=/run/secrets/db"]}}
    /// ```
    ///
    /// ## References
    /// - <https://docs.docker.com/build/building/secrets/>
    pub static SECRET_IN_ENV = {
        code: "LKI004", name: "secret-in-env", family: ImageConfig,
        severity: Error, fix: None, aliases: ["CIS-DI-0010"],
    }
}

pub(crate) fn check(input: &ImageConfigInput, out: &mut Vec<ImageConfigFinding>) {
    for entry in &input.env {
        let (name, value) = entry.split_once('=').unwrap_or((entry.as_str(), ""));
        let matches = scan_value(entry.as_bytes());
        if matches.is_empty() {
            if is_secret_name(name) && is_real_value(value) {
                out.push(finding(
                    &SECRET_IN_ENV,
                    ScanSeverity::High,
                    FindingSource::ImageConfig,
                    "config.Env",
                    format!(
                        "Env {name} holds a literal credential ({}); pass it at run time instead",
                        redact(value)
                    ),
                ));
            }
            continue;
        }
        for m in matches {
            out.push(finding(
                &SECRET_IN_ENV,
                m.scan_severity,
                FindingSource::ImageConfig,
                "config.Env",
                format!(
                    "Env {name} holds a {} ({}); anyone who pulls the image can read it",
                    m.title, m.redacted
                ),
            ));
        }
    }
}
