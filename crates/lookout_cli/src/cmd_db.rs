//! `lookout db build|update|info`: building the vulnerability DB from OSV records,
//! refreshing it from OSV's per-ecosystem exports, and describing it.
//!
//! Self-contained (only external crates) so `tests/db_update.rs` can include it.
//!
//! A DB is a directory holding `index.json` and the shard files it names. Writes never
//! leave a broken DB: everything is staged in a temporary directory beside the target
//! and checked by opening it; then the new shards are moved in under fresh names and
//! the new `index.json` replaces the old one with a single atomic rename (a directory
//! cannot be swapped atomically when the target exists, a file can). Readers see
//! either the old index with its shards or the new one with its shards. Shards no
//! longer named by the index are removed afterwards.

use anyhow::{bail, Context, Result};
use lookout_vuln::{build_db, count_zip_records, Db, Index, INDEX_FILE};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// OSV's public bucket of per-ecosystem exports (`<base>/<Ecosystem>/all.zip`).
pub const DEFAULT_MIRROR: &str = "https://osv-vulnerabilities.storage.googleapis.com";

/// Ecosystems `db update` fetches when neither `--ecosystem` nor an existing DB says.
pub const DEFAULT_ECOSYSTEMS: &[&str] = &[
    "Alpine",
    "Debian",
    "Ubuntu",
    "AlmaLinux",
    "Rocky Linux",
    "PyPI",
    "npm",
    "Go",
    "Maven",
    "crates.io",
    "RubyGems",
    "NuGet",
    "Packagist",
];

/// Largest export accepted from a mirror (Debian's is the biggest, well below this).
const MAX_DOWNLOAD_BYTES: u64 = 2 * 1024 * 1024 * 1024;

/// Manage the vulnerability database.
#[derive(clap::Args, Debug)]
pub struct DbArgs {
    #[command(subcommand)]
    pub command: DbCommand,
}

#[derive(clap::Subcommand, Debug)]
pub enum DbCommand {
    /// Build a DB from OSV records: folders (searched recursively for *.json and
    /// *.zip) or OSV all.zip exports.
    Build {
        /// Folders or files to read (repeatable).
        #[arg(long = "from", required = true, num_args = 1..)]
        from: Vec<PathBuf>,
        /// Directory to write the DB into (created or replaced).
        #[arg(long)]
        out: PathBuf,
    },
    /// Download OSV's per-ecosystem all.zip exports and replace the DB atomically.
    Update {
        /// Base URL serving <Ecosystem>/all.zip.
        #[arg(long, default_value = DEFAULT_MIRROR)]
        mirror: String,
        /// Ecosystems to refresh (repeatable); default: those already in the DB, or a
        /// standard set for a new one.
        #[arg(long = "ecosystem")]
        ecosystems: Vec<String>,
        /// DB directory to update (default: the user cache, see `default_db_dir`).
        #[arg(long)]
        db: Option<PathBuf>,
    },
    /// Show what a DB holds: ecosystems, counts, newest record, build date.
    Info {
        /// DB directory (default: see `default_db_dir`).
        #[arg(long)]
        db: Option<PathBuf>,
        /// `text` or `json`.
        #[arg(long, default_value = "text")]
        format: String,
    },
}

/// Runs a `db` subcommand; returns the exit code. Errors are meant to be printed as
/// one line by the caller, with exit code 2.
pub fn run(args: DbArgs) -> Result<i32> {
    match args.command {
        DbCommand::Build { from, out } => {
            let summary = build_from_paths(&from, &out)?;
            for warning in summary.warnings.iter().take(20) {
                eprintln!("warning: {}", lookout_report::escape_control(warning));
            }
            if summary.warnings.len() > 20 {
                eprintln!("warning: … and {} more", summary.warnings.len() - 20);
            }
            eprintln!(
                "built {} ({} advisories, {} ecosystems, {} files read, {} warnings)",
                out.display(),
                summary.advisories,
                summary.ecosystems,
                summary.inputs,
                summary.warnings.len()
            );
            Ok(0)
        }
        DbCommand::Update {
            mirror,
            ecosystems,
            db,
        } => {
            let target = db.unwrap_or_else(update_target_dir);
            let summary = update_db(&UpdateOptions {
                mirror,
                ecosystems,
                target: target.clone(),
                progress: true,
            })?;
            eprintln!(
                "updated {} ({} advisories from {} ecosystems)",
                target.display(),
                summary.advisories,
                summary.ecosystems.len()
            );
            Ok(0)
        }
        DbCommand::Info { db, format } => {
            let dir = db.unwrap_or_else(default_db_dir);
            let index = read_index(&dir)?;
            match format.as_str() {
                "json" => crate::stdout::print(&format!(
                    "{}\n",
                    serde_json::to_string_pretty(&info_json(&dir, &index))?
                )),
                "text" => crate::stdout::print(&info_text(&dir, &index)),
                other => bail!("unknown format {other:?} for db info (text or json)"),
            }
            Ok(0)
        }
    }
}

/// Where Lookout finds its DB when `--db` is not given, first match wins:
/// 1. `$LOOKOUT_DB` when set;
/// 2. the DB `lookout db update` wrote: `$XDG_CACHE_HOME/lookout/db` or
///    `~/.cache/lookout/db`, when it holds an `index.json`;
/// 3. the snapshot bundled with the project: `db/` beside the executable, then
///    `../share/lookout/db` beside it, then the source tree's `db/` (located from
///    `CARGO_MANIFEST_DIR` as cargo sets it at run time, then at build time), each when
///    it holds an `index.json`;
/// 4. otherwise the update location of step 2 (where `db update` would write).
pub fn default_db_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("LOOKOUT_DB").filter(|v| !v.is_empty()) {
        return PathBuf::from(dir);
    }
    let cache = update_target_dir();
    let mut candidates = vec![cache.clone()];
    if let Some(exe_dir) = std::env::current_exe()
        .ok()
        .and_then(|e| e.parent().map(Path::to_path_buf))
    {
        candidates.push(exe_dir.join("db"));
        candidates.push(exe_dir.join("../share/lookout/db"));
    }
    // The checkout's bundled snapshot, for runs from the source tree. The directory cargo
    // names at run time comes first: a binary reused from another checkout's build (a
    // shared target dir) must not read that checkout.
    if let Some(dir) = std::env::var_os("CARGO_MANIFEST_DIR") {
        candidates.push(PathBuf::from(dir).join("../../db"));
    }
    candidates.push(PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../db"
    )));
    candidates
        .into_iter()
        .find(|dir| dir.join(INDEX_FILE).is_file())
        .unwrap_or(cache)
}

/// Where `db update` writes by default: `$XDG_CACHE_HOME/lookout/db`, else
/// `~/.cache/lookout/db`, else `.lookout/db` in the current directory.
pub fn update_target_dir() -> PathBuf {
    let base = std::env::var_os("XDG_CACHE_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| {
            std::env::var_os("HOME")
                .filter(|v| !v.is_empty())
                .map(|h| PathBuf::from(h).join(".cache"))
        });
    match base {
        Some(base) => base.join("lookout").join("db"),
        None => PathBuf::from(".lookout").join("db"),
    }
}

/// Opens the DB in `dir` and loads the shards of `ecosystems` (`Debian:12`, `npm`…;
/// every shard when empty). Ecosystems the DB has no data for are skipped.
pub fn open_db_dir(dir: &Path, ecosystems: &[&str]) -> Result<Db> {
    let index_path = dir.join(INDEX_FILE);
    let index_bytes = std::fs::read(&index_path).with_context(|| {
        format!(
            "cannot read the vulnerability DB at {} (run `lookout db update` or pass --db)",
            index_path.display()
        )
    })?;
    let mut db = Db::open(&index_bytes).with_context(|| format!("{}", index_path.display()))?;
    let wanted: Vec<(String, String)> = if ecosystems.is_empty() {
        db.index()
            .ecosystems
            .iter()
            .map(|e| (e.name.clone(), e.file.clone()))
            .collect()
    } else {
        ecosystems
            .iter()
            .filter_map(|eco| {
                db.shard_file(eco)
                    .map(|f| ((*eco).to_owned(), f.to_owned()))
            })
            .collect()
    };
    for (eco, file) in wanted {
        if db.is_loaded(&eco) {
            continue;
        }
        let path = dir.join(&file);
        let bytes = std::fs::read(&path)
            .with_context(|| format!("cannot read DB shard {}", path.display()))?;
        db.load_shard(&eco, &bytes)
            .with_context(|| format!("{}", path.display()))?;
    }
    Ok(db)
}

/// What `db build` did.
#[derive(Debug, Clone)]
pub struct BuildSummary {
    pub inputs: usize,
    pub advisories: usize,
    pub ecosystems: usize,
    pub warnings: Vec<String>,
}

/// Reads OSV inputs (folders recursively: `*.json` and `*.zip`; files as given) and
/// writes a DB into `out`.
pub fn build_from_paths(from: &[PathBuf], out: &Path) -> Result<BuildSummary> {
    let mut files = Vec::new();
    for path in from {
        collect_inputs(path, &mut files)?;
    }
    if files.is_empty() {
        bail!(
            "no OSV records (*.json or *.zip) found in {}",
            display_list(from)
        );
    }
    let mut inputs = Vec::with_capacity(files.len());
    for file in &files {
        let bytes =
            std::fs::read(file).with_context(|| format!("cannot read {}", file.display()))?;
        inputs.push((file.display().to_string(), bytes));
    }
    let built = build_db(&inputs, &crate::clock::now_rfc3339());
    if built.advisory_count == 0 {
        bail!(
            "no usable OSV records in {} ({} warnings; first: {})",
            display_list(from),
            built.warnings.len(),
            built.warnings.first().map_or("none", String::as_str)
        );
    }
    let index = lookout_vuln::Db::open(&built.index)?.index().clone();
    install_db(out, &index, &built.shards, false)?;
    Ok(BuildSummary {
        inputs: files.len(),
        advisories: built.advisory_count,
        ecosystems: index.ecosystems.len(),
        warnings: built.warnings,
    })
}

fn collect_inputs(path: &Path, out: &mut Vec<PathBuf>) -> Result<()> {
    let meta =
        std::fs::metadata(path).with_context(|| format!("cannot read {}", path.display()))?;
    if meta.is_file() {
        out.push(path.to_path_buf());
        return Ok(());
    }
    let mut entries: Vec<PathBuf> = std::fs::read_dir(path)
        .with_context(|| format!("cannot list {}", path.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    entries.sort();
    for entry in entries {
        if entry.is_dir() {
            collect_inputs(&entry, out)?;
        } else if entry
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("json") || e.eq_ignore_ascii_case("zip"))
        {
            out.push(entry);
        }
    }
    Ok(())
}

fn display_list(paths: &[PathBuf]) -> String {
    paths
        .iter()
        .map(|p| p.display().to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

/// Options of [`update_db`].
#[derive(Debug, Clone)]
pub struct UpdateOptions {
    /// Base URL; `<mirror>/<Ecosystem>/all.zip` is fetched.
    pub mirror: String,
    /// Ecosystems to refresh; empty = those in the existing DB, else [`DEFAULT_ECOSYSTEMS`].
    pub ecosystems: Vec<String>,
    /// DB directory to replace.
    pub target: PathBuf,
    /// Print one progress line per download on stderr.
    pub progress: bool,
}

/// What `db update` did.
#[derive(Debug, Clone)]
pub struct UpdateSummary {
    pub ecosystems: Vec<String>,
    pub advisories: usize,
}

/// Downloads, verifies and installs. Any failure (HTTP error, truncated download,
/// unreadable zip, empty export) returns `Err` before the existing DB is touched.
/// Ecosystems already in the DB but not refreshed are carried over unchanged.
pub fn update_db(options: &UpdateOptions) -> Result<UpdateSummary> {
    let existing = read_index(&options.target).ok();
    let ecosystems: Vec<String> = if !options.ecosystems.is_empty() {
        options.ecosystems.clone()
    } else if let Some(index) = &existing {
        index.ecosystems.iter().map(|e| e.name.clone()).collect()
    } else {
        DEFAULT_ECOSYSTEMS.iter().map(|s| (*s).to_owned()).collect()
    };
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_connect(Some(Duration::from_secs(30)))
        .timeout_global(Some(Duration::from_secs(30 * 60)))
        .build()
        .into();
    let mut inputs = Vec::with_capacity(ecosystems.len());
    for eco in &ecosystems {
        let url = export_url(&options.mirror, eco);
        if options.progress {
            eprintln!("downloading {url}");
        }
        let bytes = download(&agent, &url)?;
        let records = count_zip_records(&bytes)
            .with_context(|| format!("{url}: the download is not a usable OSV export"))?;
        if options.progress {
            eprintln!("  {eco}: {records} records, {} bytes", bytes.len());
        }
        inputs.push((format!("{eco}/all.zip"), bytes));
    }
    let built = build_db(&inputs, &crate::clock::now_rfc3339());
    if built.advisory_count == 0 {
        bail!("the downloaded exports hold no usable advisories; the DB was left unchanged");
    }
    let mut index = Db::open(&built.index)?.index().clone();
    let mut shards = built.shards;
    // Carry over ecosystems this update did not refresh.
    if let Some(old) = existing {
        let refreshed: BTreeSet<String> = index.ecosystems.iter().map(|e| e.name.clone()).collect();
        for entry in old.ecosystems {
            if refreshed.contains(&entry.name) {
                continue;
            }
            let path = options.target.join(&entry.file);
            let Ok(bytes) = std::fs::read(&path) else {
                continue; // a missing old shard is simply not carried over
            };
            if bytes.len() as u64 != entry.bytes {
                continue;
            }
            shards.push((entry.file.clone(), bytes));
            index.ecosystems.push(entry);
        }
        index.ecosystems.sort_by(|a, b| a.name.cmp(&b.name));
    }
    install_db(&options.target, &index, &shards, true)?;
    Ok(UpdateSummary {
        ecosystems,
        advisories: built.advisory_count,
    })
}

/// `<mirror>/<Ecosystem>/all.zip`, with spaces (`Rocky Linux`) escaped.
pub fn export_url(mirror: &str, ecosystem: &str) -> String {
    format!(
        "{}/{}/all.zip",
        mirror.trim_end_matches('/'),
        ecosystem.replace('%', "%25").replace(' ', "%20")
    )
}

fn download(agent: &ureq::Agent, url: &str) -> Result<Vec<u8>> {
    let mut response = agent
        .get(url)
        .call()
        .with_context(|| format!("cannot download {url}"))?;
    let bytes = response
        .body_mut()
        .with_config()
        .limit(MAX_DOWNLOAD_BYTES)
        .read_to_vec()
        .with_context(|| format!("download of {url} failed or was cut short"))?;
    Ok(bytes)
}

/// Stages `shards` + index in a temporary directory beside `target`, opens the staged
/// DB to prove it reads, then commits (see the module docs). `unique_names` gives the
/// shard files fresh names so they never overwrite the ones the live index uses.
fn install_db(
    target: &Path,
    index: &Index,
    shards: &[(String, Vec<u8>)],
    unique_names: bool,
) -> Result<()> {
    let parent = match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&parent)
        .with_context(|| format!("cannot create {}", parent.display()))?;
    let stamp = unique_stamp();
    let target_name = target
        .file_name()
        .map_or_else(|| "db".to_owned(), |n| n.to_string_lossy().into_owned());
    let staging = parent.join(format!(".{target_name}.staging-{stamp}"));
    let result = stage_and_commit(
        target,
        &staging,
        index,
        shards,
        unique_names.then_some(stamp.as_str()),
    );
    // The staging directory is gone after a commit; after a failure, clean it up.
    let _ = std::fs::remove_dir_all(&staging);
    result
}

fn stage_and_commit(
    target: &Path,
    staging: &Path,
    index: &Index,
    shards: &[(String, Vec<u8>)],
    suffix: Option<&str>,
) -> Result<()> {
    std::fs::create_dir_all(staging)
        .with_context(|| format!("cannot create {}", staging.display()))?;
    let mut index = index.clone();
    for entry in &mut index.ecosystems {
        let bytes = shards
            .iter()
            .find(|(f, _)| *f == entry.file)
            .map(|(_, b)| b)
            .with_context(|| format!("internal: no shard bytes for {}", entry.file))?;
        let file = match suffix {
            Some(s) => {
                let stem = entry.file.strip_suffix(".json.gz").unwrap_or(&entry.file);
                let stem = stem.split(".v").next().unwrap_or(stem);
                format!("{stem}.v{s}.json.gz")
            }
            None => entry.file.clone(),
        };
        write_synced(&staging.join(&file), bytes)?;
        entry.file = file;
    }
    let index_bytes = serde_json::to_vec_pretty(&index)?;
    write_synced(&staging.join(INDEX_FILE), &index_bytes)?;
    // Prove the staged DB reads before it goes live.
    open_db_dir(staging, &[])
        .context("the new DB does not read back; the old DB was left unchanged")?;

    if !target.join(INDEX_FILE).is_file() && !target.exists() {
        // No DB yet: the whole directory goes live with one rename.
        std::fs::rename(staging, target)
            .with_context(|| format!("cannot move the new DB to {}", target.display()))?;
        return Ok(());
    }
    std::fs::create_dir_all(target)
        .with_context(|| format!("cannot create {}", target.display()))?;
    let old_index = read_index(target).ok();
    if suffix.is_none() && old_index.is_some() {
        // `db build` keeps plain shard names, so it overwrites live shards: take the old
        // index away first. Readers then see no DB for a moment, never an index naming
        // shards of another build.
        std::fs::remove_file(target.join(INDEX_FILE))
            .with_context(|| format!("cannot replace {}", target.join(INDEX_FILE).display()))?;
    }
    for entry in &index.ecosystems {
        let from = staging.join(&entry.file);
        let to = target.join(&entry.file);
        std::fs::rename(&from, &to)
            .with_context(|| format!("cannot move {} into {}", from.display(), target.display()))?;
    }
    // The commit point: one atomic rename of the index.
    std::fs::rename(staging.join(INDEX_FILE), target.join(INDEX_FILE))
        .with_context(|| format!("cannot replace {}", target.join(INDEX_FILE).display()))?;
    // Remove shards the new index no longer names.
    let live: BTreeSet<&str> = index.ecosystems.iter().map(|e| e.file.as_str()).collect();
    if let Some(old) = old_index {
        for entry in old.ecosystems {
            if !live.contains(entry.file.as_str()) {
                let _ = std::fs::remove_file(target.join(&entry.file));
            }
        }
    }
    Ok(())
}

fn write_synced(path: &Path, bytes: &[u8]) -> Result<()> {
    use std::io::Write;
    let mut file =
        std::fs::File::create(path).with_context(|| format!("cannot write {}", path.display()))?;
    file.write_all(bytes)
        .with_context(|| format!("cannot write {}", path.display()))?;
    file.sync_all()
        .with_context(|| format!("cannot write {}", path.display()))?;
    Ok(())
}

fn read_index(dir: &Path) -> Result<Index> {
    let path = dir.join(INDEX_FILE);
    let bytes = std::fs::read(&path).with_context(|| {
        format!(
            "no vulnerability DB at {} (run `lookout db update` or pass --db)",
            dir.display()
        )
    })?;
    let db = Db::open(&bytes).with_context(|| format!("{}", path.display()))?;
    Ok(db.index().clone())
}

fn info_text(dir: &Path, index: &Index) -> String {
    let mut out = format!(
        "DB:       {}\nbuilt:    {}\nschema:   {}\n\n{:<14} {:>10} {:>9} {:>10}  newest\n",
        dir.display(),
        index.built_at,
        index.schema,
        "ecosystem",
        "advisories",
        "packages",
        "size"
    );
    let (mut advisories, mut packages, mut bytes) = (0, 0, 0);
    for e in &index.ecosystems {
        advisories += e.advisories;
        packages += e.packages;
        bytes += e.bytes;
        out.push_str(&format!(
            "{:<14} {:>10} {:>9} {:>10}  {}{}\n",
            e.name,
            e.advisories,
            e.packages,
            human_size(e.bytes),
            e.newest.as_deref().unwrap_or("-"),
            e.newest_id
                .as_deref()
                .map(|id| format!(" ({id})"))
                .unwrap_or_default()
        ));
    }
    out.push_str(&format!(
        "{:<14} {advisories:>10} {packages:>9} {:>10}\n",
        "total",
        human_size(bytes)
    ));
    out
}

fn info_json(dir: &Path, index: &Index) -> serde_json::Value {
    serde_json::json!({
        "schema": "lookout.db-info/v1",
        "path": dir.display().to_string(),
        "db_schema": index.schema,
        "built_at": index.built_at,
        "ecosystems": index.ecosystems,
        "advisories": index.ecosystems.iter().map(|e| e.advisories).sum::<usize>(),
    })
}

fn human_size(bytes: u64) -> String {
    if bytes >= 1024 * 1024 {
        format!("{:.1} MB", bytes as f64 / (1024.0 * 1024.0))
    } else {
        format!("{:.1} KB", bytes as f64 / 1024.0)
    }
}

/// A name part that differs between two updates, even in the same second.
fn unique_stamp() -> String {
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default();
    format!(
        "{}{:09}-{}",
        now.as_secs(),
        now.subsec_nanos(),
        std::process::id()
    )
}
