//! The vulnerability DB for dependency files: a directory holding `index.json` and shard
//! files (what `lookout db build|update` writes). Shards are read on first use per
//! ecosystem, so opening a Dockerfile never touches the DB.

use std::path::{Path, PathBuf};

use lookout_vuln::{Db, INDEX_FILE};

/// The opened DB, or why there is none.
#[derive(Debug, Default)]
pub struct DbCache {
    /// The directory last asked for, and what came of it.
    opened: Option<(PathBuf, Result<Db, String>)>,
}

impl DbCache {
    /// Forget the opened DB (the configured path changed, or `db update` replaced it).
    pub fn invalidate(&mut self) {
        self.opened = None;
    }

    /// The DB at `configured` (else the default locations) with the shards for
    /// `ecosystems` loaded.
    pub fn get(&mut self, configured: Option<&str>, ecosystems: &[String]) -> Result<&Db, String> {
        let dir = match configured {
            Some(dir) => PathBuf::from(dir),
            None => default_dir().ok_or_else(|| {
                "no vulnerability DB found (set lookout.db or run `lookout db update`)".to_string()
            })?,
        };
        if self
            .opened
            .as_ref()
            .is_none_or(|(opened, _)| *opened != dir)
        {
            let db = open(&dir);
            self.opened = Some((dir.clone(), db));
        }
        let db = match &mut self.opened {
            Some((_, Ok(db))) => db,
            Some((_, Err(message))) => return Err(message.clone()),
            None => return Err("no vulnerability DB".to_string()),
        };
        for ecosystem in ecosystems {
            if db.is_loaded(ecosystem) {
                continue;
            }
            let Some(file) = db.shard_file(ecosystem).map(str::to_string) else {
                continue;
            };
            let bytes = std::fs::read(dir.join(&file))
                .map_err(|e| format!("{}: {e}", dir.join(&file).display()))?;
            db.load_shard(ecosystem, &bytes)
                .map_err(|e| format!("{}: {e}", dir.join(&file).display()))?;
        }
        Ok(db)
    }
}

fn open(dir: &Path) -> Result<Db, String> {
    let index = dir.join(INDEX_FILE);
    let bytes = std::fs::read(&index).map_err(|e| format!("{}: {e}", index.display()))?;
    Db::open(&bytes).map_err(|e| format!("{}: {e}", index.display()))
}

/// Where `lookout` itself looks: `$LOOKOUT_DB`, the `db update` cache
/// (`$XDG_CACHE_HOME/lookout/db` or `~/.cache/lookout/db`), then the snapshot shipped beside
/// the binary (`<exe dir>/db`, `<exe dir>/../share/lookout/db`).
fn default_dir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("LOOKOUT_DB").filter(|v| !v.is_empty()) {
        return Some(PathBuf::from(dir));
    }
    let mut candidates = Vec::new();
    let cache_base = std::env::var_os("XDG_CACHE_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| {
            std::env::var_os("HOME")
                .filter(|v| !v.is_empty())
                .map(|h| PathBuf::from(h).join(".cache"))
        });
    if let Some(base) = cache_base {
        candidates.push(base.join("lookout").join("db"));
    }
    if let Some(exe_dir) = std::env::current_exe()
        .ok()
        .and_then(|e| e.parent().map(Path::to_path_buf))
    {
        candidates.push(exe_dir.join("db"));
        candidates.push(exe_dir.join("../share/lookout/db"));
        // Development builds (target/{debug,release}/lookout) use the repository's snapshot.
        candidates.push(exe_dir.join("../../db"));
    }
    candidates
        .into_iter()
        .find(|dir| dir.join(INDEX_FILE).is_file())
}
