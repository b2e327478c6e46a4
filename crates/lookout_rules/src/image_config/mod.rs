//! Image-config rules: misconfigurations readable from an image's config and history
//! (runs as root, SSH exposed, no healthcheck, credentials in `Env`/labels/history,
//! remote `ADD`, `sudo`, `curl | sh`, package caches left in layers).
//!
//! The image walker fills an [`ImageConfigInput`] (or reads one with
//! [`ImageConfigInput::from_config_json`] and adds the cache bytes it measured with
//! [`cache_kind`]), then calls [`check`]. [`config_secrets`] gives the secrets of the config
//! and history for the report's `secrets` section, and [`history_as_dockerfile`] rebuilds a
//! Dockerfile so the Dockerfile rules can run on the history.

mod config_json;
mod finding;
pub mod history;
mod input;
pub mod rules;

pub use config_json::ImageConfigError;
pub use finding::{ConfigSecret, FindingSource, ImageConfigFinding};
pub use history::{history_as_dockerfile, ReconstructedDockerfile};
pub use input::{cache_kind, CacheKind, HistoryEntry, ImageConfigInput, LayerCacheUsage};
pub use rules::package_cache::CACHE_THRESHOLD_BYTES;

use crate::secrets::scan_value;
use crate::RuleMeta;

/// Every image-config rule, in catalog order.
pub static RULE_METAS: &[&RuleMeta] = &[
    &rules::runs_as_root::RUNS_AS_ROOT,
    &rules::ssh_port_exposed::SSH_PORT_EXPOSED,
    &rules::missing_healthcheck::MISSING_HEALTHCHECK,
    &rules::secret_in_env::SECRET_IN_ENV,
    &rules::secret_in_history::SECRET_IN_HISTORY,
    &rules::add_remote_url::ADD_REMOTE_URL,
    &rules::sudo_in_history::SUDO_IN_HISTORY,
    &rules::pipe_to_shell::PIPE_TO_SHELL,
    &rules::package_cache::APT_CACHE_IN_LAYER,
    &rules::package_cache::APK_CACHE_IN_LAYER,
    &rules::package_cache::PIP_CACHE_IN_LAYER,
    &rules::secret_in_label::SECRET_IN_LABEL,
];

/// Run every image-config rule. Findings come in rule order, then field order.
#[must_use]
pub fn check(input: &ImageConfigInput) -> Vec<ImageConfigFinding> {
    let mut out = Vec::new();
    rules::runs_as_root::check(input, &mut out);
    rules::ssh_port_exposed::check(input, &mut out);
    rules::missing_healthcheck::check(input, &mut out);
    rules::secret_in_env::check(input, &mut out);
    rules::secret_in_history::check(input, &mut out);
    rules::add_remote_url::check(input, &mut out);
    rules::sudo_in_history::check(input, &mut out);
    rules::pipe_to_shell::check(input, &mut out);
    rules::package_cache::check(input, &mut out);
    rules::secret_in_label::check(input, &mut out);
    out
}

/// Secrets the secret rules find in `Env`, `Labels` and history `created_by`, located by
/// field (`config.Env`, `config.Labels`, `history[3].created_by`) for the report's
/// `secrets` section. Each (rule, field, key) is reported once.
#[must_use]
pub fn config_secrets(input: &ImageConfigInput) -> Vec<ConfigSecret> {
    let mut out: Vec<ConfigSecret> = Vec::new();
    let mut push = |source, path: String, key: Option<String>, text: &str| {
        for m in scan_value(text.as_bytes()) {
            let duplicate = out
                .iter()
                .any(|s| s.rule.code == m.rule.code && s.path == path && s.key == key);
            if !duplicate {
                out.push(ConfigSecret {
                    rule: m.rule,
                    severity: m.scan_severity,
                    title: m.title,
                    source,
                    path: path.clone(),
                    key: key.clone(),
                    redacted: m.redacted,
                });
            }
        }
    };
    for entry in &input.env {
        let name = entry.split_once('=').map_or(entry.as_str(), |(n, _)| n);
        push(
            FindingSource::ImageConfig,
            "config.Env".to_string(),
            Some(name.to_string()),
            entry,
        );
    }
    for (key, value) in &input.labels {
        push(
            FindingSource::ImageConfig,
            "config.Labels".to_string(),
            Some(key.clone()),
            &format!("{key}={value}"),
        );
    }
    for (index, entry) in input.history.iter().enumerate() {
        push(
            FindingSource::History,
            format!("history[{index}].created_by"),
            None,
            &entry.created_by,
        );
    }
    out
}
