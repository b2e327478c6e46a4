//! Finds the settings that apply to a linted file: the nearest `lookout.toml` searching
//! upward from the file, else the nearest `.hadolint.yaml`/`.hadolint.yml`. Parsed once
//! per file found.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use lookout_core::Settings;

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
    // lookout.toml wins over a .hadolint.yaml anywhere above it.
    for name in ["lookout.toml"] {
        if let Some(found) = start
            .ancestors()
            .map(|d| d.join(name))
            .find(|p| p.is_file())
        {
            return Some(found);
        }
    }
    start
        .ancestors()
        .flat_map(|d| [d.join(".hadolint.yaml"), d.join(".hadolint.yml")])
        .find(|p| p.is_file())
}

pub fn load(path: &Path) -> Result<Settings> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    let is_hadolint = path
        .file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.starts_with(".hadolint"));
    let settings = if is_hadolint {
        Settings::from_hadolint_yaml(&text)
    } else {
        Settings::from_lookout_toml(&text)
    };
    settings.with_context(|| format!("invalid configuration {}", path.display()))
}
