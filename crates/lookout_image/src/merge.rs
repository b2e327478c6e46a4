//! Merges layer results in order into the image inventory: whiteouts and opaque dirs
//! applied, packages kept only when their file survives in the final view, each with the
//! first layer since which that package (at that version) has been continuously present.

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};

use crate::catalog::distro;
use crate::error::Warning;
use crate::layer::decode::Compression;
use crate::layer::{EntryKind, FoundFile, LayerResult};
use crate::os::{self, OsInfo};
use crate::paths;
use crate::Package;

/// Links followed when resolving a path in the final view (loops end here).
const MAX_SYMLINK_HOPS: usize = 40;

/// Per-layer facts kept after the merge.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct LayerSummary {
    pub index: usize,
    pub whiteouts: Vec<String>,
    pub opaque_dirs: Vec<String>,
    pub compression: Option<Compression>,
    pub blob_bytes: u64,
    pub tar_bytes: u64,
    pub diff_id: Option<String>,
    pub complete: bool,
    pub files: usize,
    /// Packages visible before this layer that it deleted or replaced (a purge, an
    /// upgrade's old version, a whited-out lockfile), in the order their files were touched.
    #[serde(default)]
    pub removed_packages: Vec<Package>,
}

/// Paths deleted or overwritten by each layer, so a caller can tell when a file found in
/// one layer was removed by a later one.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Deletions {
    /// Per layer: whiteout targets (the path and everything below it).
    pub whiteouts: Vec<Vec<String>>,
    /// Per layer: opaque directories (everything below them from lower layers).
    pub opaque_dirs: Vec<Vec<String>>,
    /// Non-directory paths that a later layer wrote again, with the layers that did, in
    /// order. Only rewritten paths are kept, so the map stays small.
    #[serde(default)]
    pub overwrites: BTreeMap<String, Vec<usize>>,
}

impl Deletions {
    /// The first layer after `layer` that deletes `path` (by a whiteout of it or of a
    /// parent, or an opaque parent directory) or writes it again, if any: a file replaced
    /// by a later layer is gone from the image as surely as a deleted one.
    pub fn deleted_in_layer(&self, path: &str, layer: usize) -> Option<usize> {
        let path = paths::normalize(path).0;
        let layers = self.whiteouts.len().max(self.opaque_dirs.len());
        let deleted = (layer + 1..layers).find(|&j| {
            self.whiteouts
                .get(j)
                .is_some_and(|w| w.iter().any(|d| paths::is_within(&path, d)))
                || self
                    .opaque_dirs
                    .get(j)
                    .is_some_and(|o| o.iter().any(|d| d != &path && paths::is_within(&path, d)))
        });
        let overwritten = self
            .overwrites
            .get(&path)
            .and_then(|by| by.iter().copied().find(|&j| j > layer));
        match (deleted, overwritten) {
            (Some(d), Some(o)) => Some(d.min(o)),
            (d, o) => d.or(o),
        }
    }
}

/// The final filesystem view: each path with the layer that last wrote it.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct FinalView {
    entries: BTreeMap<String, (usize, EntryKind)>,
}

impl FinalView {
    fn remove_below(&mut self, dir: &str, include_self: bool) -> Vec<String> {
        let prefix = format!("{dir}/");
        let mut gone: Vec<String> = self
            .entries
            .range(prefix.clone()..)
            .take_while(|(k, _)| k.starts_with(&prefix))
            .map(|(k, _)| k.clone())
            .collect();
        if include_self && self.entries.contains_key(dir) {
            gone.push(dir.to_string());
        }
        for k in &gone {
            self.entries.remove(k);
        }
        gone
    }

    /// Layer and kind of a path, links not followed.
    pub fn get(&self, path: &str) -> Option<(usize, &EntryKind)> {
        self.entries.get(path).map(|(l, k)| (*l, k))
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Every path in the final view with the layer that last wrote it, in path order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, usize, &EntryKind)> {
        self.entries.iter().map(|(p, (l, k))| (p.as_str(), *l, k))
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Follows symlinks (in the path and its parents); `None` for a loop, too many hops,
    /// or a missing path. A hardlink is a file in its own right (the walk reads its bytes
    /// under its own name), so it is not followed.
    pub fn resolve(&self, path: &str) -> Option<String> {
        let mut current = paths::normalize(path).0;
        let mut hops = 0;
        'restart: loop {
            let mut end = 0;
            while end < current.len() {
                end = current[end..].find('/').map_or(current.len(), |i| end + i);
                let prefix = &current[..end];
                // Parent directories often have no entry of their own.
                if let Some(EntryKind::Symlink { target }) =
                    self.entries.get(prefix).map(|(_, k)| k)
                {
                    hops += 1;
                    if hops > MAX_SYMLINK_HOPS {
                        return None;
                    }
                    let rest = &current[end..];
                    current = paths::normalize(&format!("{target}{rest}")).0;
                    continue 'restart;
                }
                end += 1;
            }
            return self.entries.contains_key(&current).then_some(current);
        }
    }
}

/// The merged image: OS, packages, per-layer facts, deletions and warnings.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Inventory {
    pub os: Option<OsInfo>,
    pub packages: Vec<Package>,
    pub layers: Vec<LayerSummary>,
    pub deletions: Deletions,
    pub view: FinalView,
    pub warnings: Vec<Warning>,
}

impl Inventory {
    /// See [`Deletions::deleted_in_layer`].
    pub fn deleted_in_layer(&self, path: &str, layer: usize) -> Option<usize> {
        self.deletions.deleted_in_layer(path, layer)
    }
}

fn package_key(p: &Package) -> (&str, &str, &str, Option<&str>) {
    (&p.ecosystem, &p.name, &p.version, p.arch.as_deref())
}

/// Merges layer results (any order; sorted by index here) into the inventory.
pub fn merge(mut results: Vec<LayerResult>) -> Inventory {
    results.sort_by_key(|r| r.index);
    let mut view = FinalView::default();
    let mut deletions = Deletions::default();
    // For each path with packages: the layers that wrote it, contiguously, up to now.
    let mut lineage: HashMap<String, Vec<usize>> = HashMap::new();
    let found: HashMap<(usize, &str), Vec<&FoundFile>> =
        results.iter().fold(HashMap::new(), |mut m, r| {
            for f in &r.found {
                m.entry((r.index, f.path.as_str())).or_default().push(f);
            }
            m
        });
    // Per layer: packages visible before it and gone after it (see `removed_in_layer`).
    let mut removed: Vec<Vec<Package>> = Vec::new();
    for r in &results {
        let i = r.index;
        // Package files this layer deletes or rewrites, with the layer of the version
        // visible before it (first touch wins: a delete and re-add in one layer is a rewrite).
        let mut touched: HashMap<String, usize> = HashMap::new();
        for d in &r.opaque_dirs {
            for gone in view.remove_below(d, false) {
                forget(&gone, &mut lineage, &mut touched);
            }
        }
        for w in &r.whiteouts {
            for gone in view.remove_below(w, true) {
                forget(&gone, &mut lineage, &mut touched);
            }
        }
        for e in &r.entries {
            if e.kind != EntryKind::Dir {
                for gone in view.remove_below(&e.path, false) {
                    forget(&gone, &mut lineage, &mut touched);
                }
            }
            let had_file = matches!(
                view.get(&e.path),
                Some((_, EntryKind::File { .. } | EntryKind::Hardlink { .. }))
            );
            if matches!(view.get(&e.path), Some((before, kind)) if before < i && *kind != EntryKind::Dir)
            {
                let by = deletions.overwrites.entry(e.path.clone()).or_default();
                if by.last() != Some(&i) {
                    by.push(i);
                }
            }
            if let Some(&before) = lineage.get(&e.path).and_then(|c| c.last()) {
                touched.entry(e.path.clone()).or_insert(before);
            }
            if found.contains_key(&(i, e.path.as_str())) {
                let chain = lineage.entry(e.path.clone()).or_default();
                if !had_file {
                    chain.clear();
                }
                chain.push(i);
            } else {
                lineage.remove(&e.path);
            }
            view.entries.insert(e.path.clone(), (i, e.kind.clone()));
        }
        if removed.len() <= i {
            removed.resize(i + 1, Vec::new());
        }
        removed[i] = removed_in_layer(i, &touched, &lineage, &found);
        let top = i + 1;
        if deletions.whiteouts.len() < top {
            deletions.whiteouts.resize(top, Vec::new());
            deletions.opaque_dirs.resize(top, Vec::new());
        }
        deletions.whiteouts[i].clone_from(&r.whiteouts);
        deletions.opaque_dirs[i].clone_from(&r.opaque_dirs);
    }

    let mut packages = Vec::new();
    for (path, (layer, _)) in &view.entries {
        let Some(files) = found.get(&(*layer, path.as_str())) else {
            continue;
        };
        let chain = lineage.get(path).map(Vec::as_slice).unwrap_or_default();
        for file in files {
            for p in &file.packages {
                let mut p = p.clone();
                p.layer = introduced_layer(&p, path, &file.cataloger, *layer, chain, &found);
                packages.push(p);
            }
        }
    }

    let read = |p: &str| -> Option<Vec<u8>> {
        let real = view.resolve(p)?;
        let (layer, _) = view.get(&real)?;
        results
            .iter()
            .find(|r| r.index == layer)?
            .os_files
            .iter()
            .find(|(fp, _)| *fp == real)
            .map(|(_, d)| d.clone())
    };
    let os = os::detect(&read);
    let os_packages = packages
        .iter()
        .filter(|p| distro::is_placeholder(&p.ecosystem))
        .count();
    let unchecked = os::unchecked_packages_warning(os.as_ref(), os_packages);
    let licenses = final_dpkg_licenses(&results, &view);
    for p in packages.iter_mut().chain(removed.iter_mut().flatten()) {
        fix_distro_package(p, os.as_ref(), &licenses);
    }

    let mut warnings = Vec::new();
    let mut layers = Vec::new();
    for r in results {
        warnings.extend(r.warnings);
        layers.push(LayerSummary {
            index: r.index,
            files: r.entries.len(),
            whiteouts: r.whiteouts,
            opaque_dirs: r.opaque_dirs,
            compression: r.compression,
            blob_bytes: r.blob_bytes,
            tar_bytes: r.tar_bytes,
            diff_id: r.diff_id,
            complete: r.complete,
            removed_packages: removed
                .get_mut(r.index)
                .map(std::mem::take)
                .unwrap_or_default(),
        });
    }
    warnings.extend(unchecked.map(|message| Warning::new(None, None, message)));
    Inventory {
        os,
        packages,
        layers,
        deletions,
        view,
        warnings,
    }
}

/// Drops a deleted path's lineage, noting which layer's package file it hid.
fn forget(
    path: &str,
    lineage: &mut HashMap<String, Vec<usize>>,
    touched: &mut HashMap<String, usize>,
) {
    if let Some(&before) = lineage.remove(path).as_ref().and_then(|c| c.last()) {
        touched.entry(path.to_string()).or_insert(before);
    }
}

/// The packages of the files `touched` by layer `layer` (path → the layer whose version
/// was visible before) that the layer's own version of the file, if any, no longer holds.
fn removed_in_layer(
    layer: usize,
    touched: &HashMap<String, usize>,
    lineage: &HashMap<String, Vec<usize>>,
    found: &HashMap<(usize, &str), Vec<&FoundFile>>,
) -> Vec<Package> {
    let packages_of = |at: usize, path: &str| -> Vec<&Package> {
        found
            .get(&(at, path))
            .into_iter()
            .flatten()
            .flat_map(|f| &f.packages)
            .collect()
    };
    let mut paths: Vec<(&String, &usize)> = touched.iter().collect();
    paths.sort();
    let mut out = Vec::new();
    for (path, &before) in paths {
        let now_here = lineage.get(path).and_then(|c| c.last()) == Some(&layer);
        let kept: Vec<&Package> = if now_here {
            packages_of(layer, path)
        } else {
            Vec::new()
        };
        out.extend(
            packages_of(before, path)
                .into_iter()
                .filter(|old| !kept.iter().any(|new| package_key(new) == package_key(old)))
                .cloned(),
        );
    }
    out
}

/// Walks back through the earlier writes of `path` while they already held the package.
fn introduced_layer(
    p: &Package,
    path: &str,
    cataloger: &str,
    layer: usize,
    chain: &[usize],
    found: &HashMap<(usize, &str), Vec<&FoundFile>>,
) -> usize {
    let key = package_key(p);
    let mut introduced = layer;
    for &earlier in chain.iter().rev().filter(|&&k| k < layer) {
        let held = found.get(&(earlier, path)).is_some_and(|files| {
            files
                .iter()
                .filter(|f| f.cataloger == cataloger)
                .any(|f| f.packages.iter().any(|q| package_key(q) == key))
        });
        if !held {
            break;
        }
        introduced = earlier;
    }
    introduced
}

/// Licenses from copyright files that survive in the final view, by package name.
fn final_dpkg_licenses(results: &[LayerResult], view: &FinalView) -> HashMap<String, Vec<String>> {
    let mut out = HashMap::new();
    for r in results {
        for (pkg, licenses) in &r.dpkg_licenses {
            let path = format!("usr/share/doc/{pkg}/copyright");
            if view.get(&path).is_some_and(|(l, _)| l == r.index) {
                out.insert(pkg.clone(), licenses.clone());
            }
        }
    }
    out
}

/// Gives distro packages the OS's ecosystem and a purl with the distro qualifier.
fn fix_distro_package(
    p: &mut Package,
    os: Option<&OsInfo>,
    licenses: &HashMap<String, Vec<String>>,
) {
    if !distro::is_placeholder(&p.ecosystem) {
        return;
    }
    let kind = p.ecosystem.clone();
    let (default_vendor, default_eco) = match kind.as_str() {
        distro::DEB => ("debian", "Debian"),
        distro::APK => ("alpine", "Alpine"),
        _ => ("redhat", "Red Hat"),
    };
    let vendor = os.map_or(default_vendor, |o| o.family.as_str());
    let qualifier = os.map(OsInfo::distro_qualifier);
    p.ecosystem = os
        .and_then(|o| o.ecosystem.clone())
        .unwrap_or_else(|| default_eco.to_string());
    let arch = p.arch.as_deref();
    p.purl = match kind.as_str() {
        distro::DEB => crate::purl::deb(vendor, &p.name, &p.version, arch, qualifier.as_deref()),
        distro::APK => crate::purl::apk(vendor, &p.name, &p.version, arch, qualifier.as_deref()),
        _ => {
            let (epoch, rest) = match p.version.split_once(':') {
                Some((e, r)) if e.chars().all(|c| c.is_ascii_digit()) => (e.parse().ok(), r),
                _ => (None, p.version.as_str()),
            };
            crate::purl::rpm(vendor, &p.name, rest, epoch, arch, qualifier.as_deref())
        }
    };
    if kind == distro::DEB && p.licenses.is_empty() {
        if let Some(l) = licenses.get(&p.name) {
            p.licenses.clone_from(l);
        }
    }
}
