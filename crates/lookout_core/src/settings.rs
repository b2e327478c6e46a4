//! Lint settings: rules turned off, severities changed, the `fail-on` threshold. Read from
//! `lookout.toml`, or from `.hadolint.yaml` when a project only has that. The caller finds
//! the file (searching upward from the linted path) and passes its text.

use std::collections::BTreeMap;

use lookout_diagnostics::Severity;
use lookout_rules::codes;
use serde::Deserialize;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Settings {
    /// Primary codes of rules that do not run.
    pub disabled: Vec<&'static str>,
    /// Severity overrides by primary code.
    pub severity: BTreeMap<&'static str, Severity>,
    /// Findings at or above this severity fail the run (`lookout lint` exits 1).
    pub fail_on: Option<Severity>,
    /// A vulnerability DB path named by the configuration.
    pub db: Option<String>,
    /// Codes the configuration names that no rule answers to (reported as warnings).
    pub unknown_codes: Vec<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum SettingsError {
    #[error("{file}: {message}")]
    Invalid { file: &'static str, message: String },
}

/// Configuration file names in the order they win: a `lookout.toml` anywhere above a file
/// beats a `.hadolint.yaml` nearer to it. `lookout lint`, the language server and the
/// pre-commit hook all search this way ([`nearest_config`]).
pub const CONFIG_FILE_NAMES: [&[&str]; 2] =
    [&["lookout.toml"], &[".hadolint.yaml", ".hadolint.yml"]];

/// The configuration file that applies to a file whose folders are `dirs`, nearest first:
/// the folder and name of the nearest `lookout.toml`, else of the nearest `.hadolint.yaml`.
/// `exists(dir, name)` says whether that file is there (on disk, or staged in git's index).
pub fn nearest_config<D: Clone>(
    dirs: impl Iterator<Item = D> + Clone,
    mut exists: impl FnMut(&D, &str) -> bool,
) -> Option<(D, &'static str)> {
    CONFIG_FILE_NAMES.iter().find_map(|names| {
        dirs.clone()
            .flat_map(|dir| names.iter().map(move |name| (dir.clone(), *name)))
            .find(|(dir, name)| exists(dir, name))
    })
}

/// Makes `path`, when set and relative, relative to `dir` (a path setting means the same
/// from any working directory). Used for `lookout.toml`'s `db` and the editor's.
pub fn resolve_relative_path(path: &mut Option<String>, dir: &std::path::Path) {
    if let Some(relative) = path
        .as_deref()
        .filter(|p| std::path::Path::new(p).is_relative())
    {
        *path = Some(dir.join(relative).to_string_lossy().into_owned());
    }
}

impl Settings {
    /// Parses a configuration file found by [`nearest_config`]: `.hadolint.yaml`/`.yml` as
    /// hadolint's, anything else as `lookout.toml`.
    pub fn from_config_file(name: &str, text: &str) -> Result<Self, SettingsError> {
        if name.starts_with(".hadolint") {
            Self::from_hadolint_yaml(text)
        } else {
            Self::from_lookout_toml(text)
        }
    }

    /// Makes a relative `db` path relative to `dir`, the folder of the configuration file
    /// that set it, so the setting means the same from any working directory (a hook runs
    /// at the repository's top, an editor's server wherever the editor started it).
    pub fn resolve_relative_to(&mut self, dir: &std::path::Path) {
        resolve_relative_path(&mut self.db, dir);
    }

    #[must_use]
    pub fn is_enabled(&self, code: &str) -> bool {
        !self.disabled.contains(&code)
    }

    /// The severity a finding of `code` is reported with.
    #[must_use]
    pub fn severity_of(&self, code: &str, default: Severity) -> Severity {
        self.severity.get(code).copied().unwrap_or(default)
    }

    /// Disable a rule by code or alias; unknown codes are remembered for a warning.
    pub fn disable(&mut self, code: &str) {
        match codes::canonical(code) {
            Some(primary) if !self.disabled.contains(&primary) => self.disabled.push(primary),
            Some(_) => {}
            None => self.unknown_codes.push(code.to_string()),
        }
    }

    pub fn set_severity(&mut self, code: &str, severity: Severity) {
        match codes::canonical(code) {
            Some(primary) => {
                self.severity.insert(primary, severity);
            }
            None => self.unknown_codes.push(code.to_string()),
        }
    }

    /// Parses `lookout.toml`:
    ///
    /// ```toml
    /// fail-on = "warning"
    /// disable = ["DL3008"]
    /// db = "/opt/lookout-db"
    /// [rules]
    /// DL3007 = "error"     # a severity, or "off"
    /// ```
    pub fn from_lookout_toml(text: &str) -> Result<Self, SettingsError> {
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields, rename_all = "kebab-case")]
        struct File {
            fail_on: Option<String>,
            #[serde(default)]
            disable: Vec<String>,
            db: Option<String>,
            #[serde(default)]
            rules: BTreeMap<String, String>,
        }
        let invalid = |message: String| SettingsError::Invalid {
            file: "lookout.toml",
            message,
        };
        let file: File = toml::from_str(text).map_err(|e| invalid(e.message().to_string()))?;
        let mut settings = Self {
            db: file.db,
            ..Self::default()
        };
        if let Some(level) = file.fail_on {
            settings.fail_on = Some(
                parse_severity(&level)
                    .ok_or_else(|| invalid(format!("fail-on: unknown severity `{level}`")))?,
            );
        }
        for code in &file.disable {
            settings.disable(code);
        }
        for (code, value) in &file.rules {
            if value.eq_ignore_ascii_case("off") || value.eq_ignore_ascii_case("ignore") {
                settings.disable(code);
            } else {
                let severity = parse_severity(value).ok_or_else(|| {
                    invalid(format!(
                        "rules.{code}: expected off|error|warning|info|style, got `{value}`"
                    ))
                })?;
                settings.set_severity(code, severity);
            }
        }
        Ok(settings)
    }

    /// Reads hadolint's `.hadolint.yaml` keys `ignored`, `override` and
    /// `failure-threshold` (other keys are hadolint-specific and ignored).
    pub fn from_hadolint_yaml(text: &str) -> Result<Self, SettingsError> {
        let invalid = |message: String| SettingsError::Invalid {
            file: ".hadolint.yaml",
            message,
        };
        let file = lookout_syntax::yaml::parse(text);
        if let Some(error) = file.errors.first() {
            return Err(invalid(error.to_string()));
        }
        let mut settings = Self::default();
        let Some(root) = file.documents.first().and_then(|d| d.root.as_ref()) else {
            return Ok(settings);
        };
        for code in string_list(root.get("ignored")) {
            settings.disable(&code);
        }
        if let Some(overrides) = root.get("override") {
            for (level, severity) in [
                ("error", Severity::Error),
                ("warning", Severity::Warning),
                ("info", Severity::Info),
                ("style", Severity::Style),
            ] {
                for code in string_list(overrides.get(level)) {
                    settings.set_severity(&code, severity);
                }
            }
        }
        if let Some(threshold) = root.get("failure-threshold").and_then(|v| v.as_str()) {
            if threshold != "none" {
                settings.fail_on =
                    Some(parse_severity(threshold).ok_or_else(|| {
                        invalid(format!("failure-threshold: unknown `{threshold}`"))
                    })?);
            }
        }
        Ok(settings)
    }
}

fn string_list(node: Option<&lookout_syntax::yaml::Node>) -> Vec<String> {
    node.map(|n| {
        n.items()
            .filter_map(|item| item.as_str().map(str::to_string))
            .collect()
    })
    .unwrap_or_default()
}

fn parse_severity(text: &str) -> Option<Severity> {
    Severity::parse(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_relative_db_path_is_relative_to_its_configuration_file() {
        let dir = std::path::Path::new("/work/project/svc");
        let mut relative = Settings::from_lookout_toml("db = \"../vulndb\"\n").unwrap_or_default();
        relative.resolve_relative_to(dir);
        assert_eq!(relative.db.as_deref(), Some("/work/project/svc/../vulndb"));
        let mut absolute = Settings::from_lookout_toml("db = \"/opt/db\"\n").unwrap_or_default();
        absolute.resolve_relative_to(dir);
        assert_eq!(absolute.db.as_deref(), Some("/opt/db"));
        let mut none = Settings::default();
        none.resolve_relative_to(dir);
        assert_eq!(none.db, None);
    }
}
