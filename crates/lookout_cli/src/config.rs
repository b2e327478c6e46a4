//! Finds the settings that apply to a linted file: the nearest `lookout.toml` searching
//! upward from the file, else the nearest `.hadolint.yaml`/`.hadolint.yml`. Parsed once
//! per file found.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use lookout_core::{nearest_config, Settings};

#[derive(Default)]
pub struct ConfigCache {
    by_dir: HashMap<PathBuf, Settings>,
    explicit: Option<Settings>,
}

impl ConfigCache {
    pub fn with_explicit(path: Option<&Path>) -> Result<Self> {
        let explicit = path.map(load).transpose()?;
        Ok(Self {
            by_dir: HashMap::new(),
            explicit,
        })
    }

    /// Settings for a file in `dir` (the current folder for stdin).
    pub fn for_dir(&mut self, dir: &Path) -> Result<Settings> {
        if let Some(settings) = &self.explicit {
            return Ok(settings.clone());
        }
        let dir = dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf());
        if let Some(found) = self.by_dir.get(&dir) {
            return Ok(found.clone());
        }
        let settings = match find_upward(&dir) {
            Some(path) => load(&path)?,
            None => Settings::default(),
        };
        self.by_dir.insert(dir, settings.clone());
        Ok(settings)
    }
}

fn find_upward(start: &Path) -> Option<PathBuf> {
    nearest_config(start.ancestors(), |dir, name| dir.join(name).is_file())
        .map(|(dir, name)| dir.join(name))
}

pub fn load(path: &Path) -> Result<Settings> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default();
    let mut settings = Settings::from_config_file(name, &text)
        .with_context(|| format!("invalid configuration {}", path.display()))?;
    if let Some(dir) = path.parent() {
        settings.resolve_relative_to(dir);
    }
    Ok(settings)
}
