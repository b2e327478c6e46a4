//! Settings: the nearest `lookout.toml` above a document, else the nearest
//! `.hadolint.yaml`/`.hadolint.yml` (the CLI's rule, so the editor and `lookout lint` agree),
//! overlaid with the client's settings (`lookout.rules`, `lookout.disable`, `lookout.db`).
//! Both can change while the server runs; the caches here are dropped and every open
//! document is checked again.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use lookout_core::Settings;
use lookout_diagnostics::Severity;
use serde::Deserialize;
use serde_json::Value;

/// Default pause after a change before linting (keystrokes within it coalesce).
pub const DEFAULT_DEBOUNCE_MS: u64 = 60;

/// Settings the client sends (VS Code `lookout.*`), as `initializationOptions` or in
/// `workspace/didChangeConfiguration` (either bare or under a `lookout` key).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ClientSettings {
    /// Rule code or alias → `off` or a severity.
    pub rules: BTreeMap<String, String>,
    /// Codes to turn off.
    pub disable: Vec<String>,
    /// Vulnerability DB directory.
    pub db: Option<String>,
    /// Debounce of diagnostics after a change.
    pub debounce_ms: Option<u64>,
    /// Read `lookout.toml` files (default true).
    pub use_config_file: Option<bool>,
}

impl ClientSettings {
    /// Takes a relative `db` from the workspace folder (as editors take their path
    /// settings), not from wherever the server process was started.
    pub fn resolve_db(&mut self, workspace: Option<&Path>) {
        if let Some(root) = workspace {
            lookout_core::resolve_relative_path(&mut self.db, root);
        }
    }

    /// Reads settings from the JSON a client sends; unknown or mistyped values are ignored
    /// (a typo in the editor's settings must not stop linting).
    pub fn from_json(value: &Value) -> Self {
        let value = value.get("lookout").unwrap_or(value);
        if value.is_null() {
            return Self::default();
        }
        serde_json::from_value(value.clone()).unwrap_or_default()
    }

    pub fn debounce(&self) -> std::time::Duration {
        std::time::Duration::from_millis(self.debounce_ms.unwrap_or(DEFAULT_DEBOUNCE_MS))
    }

    /// Applies these settings over the file's.
    fn overlay(&self, base: &mut Settings) {
        for code in &self.disable {
            base.disable(code);
        }
        for (code, value) in &self.rules {
            if value.eq_ignore_ascii_case("off") {
                base.disable(code);
            } else if let Some(severity) = Severity::parse(value) {
                base.set_severity(code, severity);
            }
        }
        if self.db.is_some() {
            base.db.clone_from(&self.db);
        }
    }
}

/// A configuration file that was found and read.
#[derive(Debug, Clone)]
pub struct ConfigFile {
    pub path: PathBuf,
    pub settings: Result<Settings, String>,
}

/// File names of configuration files, in the order they win (the CLI's rule).
pub use lookout_core::CONFIG_FILE_NAMES as CONFIG_NAMES;

/// True when `path` names a configuration file.
pub fn is_config_file(path: &str) -> bool {
    let name = path.rsplit(['/', '\\']).next().unwrap_or_default();
    CONFIG_NAMES.iter().any(|names| names.contains(&name))
}

/// Finds and caches the configuration file of each directory.
#[derive(Debug, Default)]
pub struct ConfigFiles {
    by_dir: HashMap<PathBuf, Option<ConfigFile>>,
}

impl ConfigFiles {
    /// Forget everything read (a configuration file was created, changed or deleted).
    pub fn invalidate(&mut self) {
        self.by_dir.clear();
    }

    /// The configuration that applies in `dir`: the nearest `lookout.toml` in it or above,
    /// else the nearest `.hadolint.yaml`.
    pub fn nearest(&mut self, dir: &Path) -> Option<ConfigFile> {
        if let Some(found) = self.by_dir.get(dir) {
            return found.clone();
        }
        let found = lookout_core::nearest_config(dir.ancestors(), |d, name| d.join(name).is_file())
            .map(|(d, name)| read_config(d.join(name)));
        self.by_dir.insert(dir.to_path_buf(), found.clone());
        found
    }
}

fn read_config(path: PathBuf) -> ConfigFile {
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default();
    let settings = match std::fs::read_to_string(&path) {
        Ok(text) => Settings::from_config_file(name, &text)
            .map(|mut settings| {
                if let Some(dir) = path.parent() {
                    settings.resolve_relative_to(dir);
                }
                settings
            })
            .map_err(|e| e.to_string()),
        Err(e) => Err(format!("cannot read it: {e}")),
    };
    ConfigFile { path, settings }
}

/// The settings a document is linted with, and a problem with its `lookout.toml` to report.
pub fn effective_settings(
    files: &mut ConfigFiles,
    client: &ClientSettings,
    document_path: &str,
) -> (Settings, Option<String>) {
    let mut problem = None;
    let mut settings = Settings::default();
    if client.use_config_file != Some(false) {
        if let Some(file) = Path::new(document_path)
            .parent()
            .and_then(|dir| files.nearest(dir))
        {
            match file.settings {
                Ok(from_file) => settings = from_file,
                Err(message) => problem = Some(format!("{}: {message}", file.path.display())),
            }
        }
    }
    client.overlay(&mut settings);
    (settings, problem)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    /// A relative `db` client setting is taken from the workspace folder; an absolute one,
    /// or one without a workspace, is kept.
    #[test]
    fn a_relative_client_db_is_taken_from_the_workspace() {
        let root = Path::new("/work/project");
        let mut relative = ClientSettings::from_json(&serde_json::json!({"db": "tools/db"}));
        relative.resolve_db(Some(root));
        assert_eq!(relative.db.as_deref(), Some("/work/project/tools/db"));
        let mut absolute = ClientSettings::from_json(&serde_json::json!({"db": "/opt/db"}));
        absolute.resolve_db(Some(root));
        assert_eq!(absolute.db.as_deref(), Some("/opt/db"));
        let mut no_workspace = ClientSettings::from_json(&serde_json::json!({"db": "tools/db"}));
        no_workspace.resolve_db(None);
        assert_eq!(no_workspace.db.as_deref(), Some("tools/db"));
    }

    #[test]
    fn client_settings_accept_wrapped_and_bare_forms() {
        let wrapped = ClientSettings::from_json(
            &serde_json::json!({"lookout": {"rules": {"DL3007": "off"}, "debounceMs": 0}}),
        );
        assert_eq!(wrapped.rules.get("DL3007").map(String::as_str), Some("off"));
        assert_eq!(wrapped.debounce_ms, Some(0));
        let bare = ClientSettings::from_json(&serde_json::json!({"disable": ["DS001"]}));
        assert_eq!(bare.disable, vec!["DS001".to_string()]);
        assert_eq!(
            ClientSettings::from_json(&serde_json::json!({"rules": 3})),
            ClientSettings::default()
        );
    }

    #[test]
    fn nearest_file_then_client_overlay() {
        let dir = std::env::temp_dir().join(format!("lookout-lsp-config-{}", std::process::id()));
        let nested = dir.join("a/b");
        std::fs::create_dir_all(&nested).unwrap();
        std::fs::write(
            dir.join("lookout.toml"),
            "disable = [\"DL3007\"]\n[rules]\nDL3008 = \"error\"\n",
        )
        .unwrap();
        let mut files = ConfigFiles::default();
        let client = ClientSettings {
            rules: [("DL3009".to_string(), "off".to_string())].into(),
            ..ClientSettings::default()
        };
        let (settings, problem) = effective_settings(
            &mut files,
            &client,
            nested.join("Dockerfile").to_str().unwrap(),
        );
        assert!(problem.is_none());
        assert!(!settings.is_enabled("DL3007"));
        assert!(!settings.is_enabled("DL3009"));
        assert_eq!(
            settings.severity_of("DL3008", Severity::Info),
            Severity::Error
        );
        std::fs::write(dir.join("lookout.toml"), "fail-on = 3\n").unwrap();
        files.invalidate();
        let (settings, problem) = effective_settings(
            &mut files,
            &ClientSettings::default(),
            nested.join("Dockerfile").to_str().unwrap(),
        );
        assert!(problem.is_some());
        assert!(settings.is_enabled("DL3007"));
        std::fs::remove_dir_all(&dir).unwrap();
    }

    /// As the CLI: a `.hadolint.yaml` applies where no `lookout.toml` is above the file, and
    /// a `lookout.toml` further up wins over a nearer `.hadolint.yaml`.
    #[test]
    fn hadolint_yaml_applies_unless_a_lookout_toml_is_above() {
        let dir = std::env::temp_dir().join(format!("lookout-lsp-hadolint-{}", std::process::id()));
        let nested = dir.join("svc/api");
        std::fs::create_dir_all(&nested).unwrap();
        std::fs::write(
            dir.join("svc/.hadolint.yaml"),
            "ignored:\n  - DL3007\noverride:\n  error:\n    - DL3008\n",
        )
        .unwrap();
        let dockerfile = nested.join("Dockerfile");
        let path = dockerfile.to_str().unwrap();
        let mut files = ConfigFiles::default();
        let (settings, problem) = effective_settings(&mut files, &ClientSettings::default(), path);
        assert!(problem.is_none(), "{problem:?}");
        assert!(!settings.is_enabled("DL3007"));
        assert_eq!(
            settings.severity_of("DL3008", Severity::Info),
            Severity::Error
        );
        std::fs::write(dir.join("lookout.toml"), "disable = [\"DL3009\"]\n").unwrap();
        files.invalidate();
        let (settings, _) = effective_settings(&mut files, &ClientSettings::default(), path);
        assert!(settings.is_enabled("DL3007"));
        assert!(!settings.is_enabled("DL3009"));
        assert!(is_config_file("/w/svc/.hadolint.yml") && is_config_file("C:\\w\\lookout.toml"));
        assert!(!is_config_file("/w/hadolint.yaml"));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
