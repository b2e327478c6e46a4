//! What `lookout scan`/`lookout sbom` was pointed at, and its inventory: an image archive
//! or OCI layout directory, a lockfile, a project folder of lockfiles.

use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use lookout_core::scan::LayerFindings;
use lookout_image::catalog::lang::for_lockfile;
use lookout_image::catalog::CatalogInput;
use lookout_image::{ImageScan, Options, Package};

use crate::declared_lines::DeclaredLines;
use crate::image_source;
use crate::progress::Progress;

/// Largest lockfile read (the biggest real package-lock.json files are a few MB).
const MAX_LOCKFILE_BYTES: u64 = 64 * 1024 * 1024;

pub enum Inventory {
    Image {
        scan: Box<ImageScan>,
        layers: LayerFindings,
    },
    Packages {
        kind: lookout_report::ArtifactFormat,
        packages: Vec<Package>,
        warnings: Vec<String>,
        /// Where the lockfiles declare their packages (empty for an SBOM).
        lines: DeclaredLines,
    },
}

pub struct ScanTarget<'a> {
    pub path: &'a Path,
    pub options: Options,
    pub secrets: bool,
    pub progress: bool,
}

pub fn inventory(target: &ScanTarget<'_>) -> Result<Inventory> {
    let path = target.path;
    if !path.exists() {
        bail!("{}: no such file or folder", path.display());
    }
    if path.is_dir() && !image_source::is_oci_layout_dir(path) {
        let (packages, warnings, lines) = project_packages(path)?;
        return Ok(Inventory::Packages {
            kind: lookout_report::ArtifactFormat::Directory,
            packages,
            warnings,
            lines,
        });
    }
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default();
    if path.is_file() && for_lockfile(name).is_some() {
        let (packages, lines) = lockfile_packages(path, name)?;
        return Ok(Inventory::Packages {
            kind: lookout_report::ArtifactFormat::Lockfile,
            packages,
            warnings: Vec::new(),
            lines,
        });
    }
    if path.is_file() && name.to_ascii_lowercase().ends_with(".json") {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read {}", path.display()))?;
        let input = lookout_core::sbom_input::packages_from_sbom(&text)
            .map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
        return Ok(Inventory::Packages {
            kind: lookout_report::ArtifactFormat::Sbom,
            packages: input.packages,
            warnings: input.warnings,
            lines: DeclaredLines::default(),
        });
    }
    let progress = Progress::new(target.progress);
    let (scan, layers) = image_source::scan_path(path, &target.options, target.secrets, &progress)?;
    Ok(Inventory::Image {
        scan: Box::new(scan),
        layers,
    })
}

fn lockfile_packages(path: &Path, name: &str) -> Result<(Vec<Package>, DeclaredLines)> {
    let mut lines = DeclaredLines::default();
    let Some(cataloger) = for_lockfile(name) else {
        return Ok((Vec::new(), lines));
    };
    let len = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    if len > MAX_LOCKFILE_BYTES {
        bail!("{}: lockfile too large ({len} bytes)", path.display());
    }
    let data = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
    let display = path.display().to_string();
    let mut packages = (cataloger.parse)(&CatalogInput {
        path: &display,
        data: &data,
    })
    .map_err(|e| anyhow::anyhow!("{e}"))?;
    for p in &mut packages {
        p.path.clone_from(&display);
    }
    lines.record(&display, name, &String::from_utf8_lossy(&data));
    Ok((packages, lines))
}

/// Every lockfile in a folder (respecting .gitignore).
fn project_packages(root: &Path) -> Result<(Vec<Package>, Vec<String>, DeclaredLines)> {
    let mut packages = Vec::new();
    let mut warnings = Vec::new();
    let mut lines = DeclaredLines::default();
    let walker = ignore::WalkBuilder::new(root)
        .hidden(false)
        .require_git(false)
        .filter_entry(|e| e.file_name() != ".git")
        .sort_by_file_path(Path::cmp)
        .build();
    for entry in walker {
        let entry = match entry {
            Ok(entry) => entry,
            Err(err) => {
                warnings.push(err.to_string());
                continue;
            }
        };
        let Some(name) = entry.file_name().to_str() else {
            continue;
        };
        if entry.file_type().is_some_and(|t| t.is_file()) && for_lockfile(name).is_some() {
            let path: PathBuf = entry.path().to_path_buf();
            match lockfile_packages(&path, name) {
                Ok((found, found_lines)) => {
                    packages.extend(found);
                    lines.extend(found_lines);
                }
                Err(err) => warnings.push(format!("{err:#}")),
            }
        }
    }
    Ok((packages, warnings, lines))
}
