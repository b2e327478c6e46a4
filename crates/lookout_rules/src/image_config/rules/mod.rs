//! One file per image_config rule; each holds the rule's docs, declaration and check.

pub mod add_remote_url;
pub mod missing_healthcheck;
pub mod package_cache;
pub mod pipe_to_shell;
pub mod runs_as_root;
pub mod secret_in_env;
pub mod secret_in_history;
pub mod secret_in_label;
pub mod ssh_port_exposed;
pub mod sudo_in_history;

use super::{FindingSource, ImageConfigFinding};
use crate::secrets::ScanSeverity;
use crate::RuleMeta;

fn finding(
    rule: &'static RuleMeta,
    severity: ScanSeverity,
    source: FindingSource,
    path: impl Into<String>,
    message: impl Into<String>,
) -> ImageConfigFinding {
    ImageConfigFinding {
        rule,
        severity,
        message: message.into(),
        source,
        path: path.into(),
    }
}

fn history_path(index: usize) -> String {
    format!("history[{index}].created_by")
}

/// Names of variables and build args that hold credentials (`DB_PASSWORD`, `NPM_TOKEN`),
/// excluding ones that point at a credential instead of holding it (`*_FILE`, `*_PATH`).
pub(crate) fn is_secret_name(name: &str) -> bool {
    let upper = name.to_ascii_uppercase();
    const HOLDS: &[&str] = &[
        "PASSWORD",
        "PASSWD",
        "SECRET",
        "TOKEN",
        "API_KEY",
        "APIKEY",
        "ACCESS_KEY",
        "PRIVATE_KEY",
        "CREDENTIAL",
    ];
    const POINTS: &[&str] = &["FILE", "PATH", "DIR", "URL", "ENDPOINT", "HOST", "USER"];
    HOLDS.iter().any(|w| upper.contains(w)) && !POINTS.iter().any(|w| upper.ends_with(w))
}

/// A value that is a credential rather than empty, a reference or a path.
pub(crate) fn is_real_value(value: &str) -> bool {
    let value = value.trim().trim_matches(|c| c == '"' || c == '\'');
    !value.is_empty()
        && !value.starts_with('/')
        && !crate::secrets::allow::is_placeholder(value.as_bytes())
}

/// The `n`-th character-safe prefix of a value, starred, for messages.
pub(crate) fn redact(value: &str) -> String {
    crate::secrets::redact::redact(value)
}
