//! The package model every cataloger produces and every report reads.

use serde::{Deserialize, Serialize};

/// One installed package (or locked dependency) found in an image or a project folder.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Package {
    pub name: String,
    pub version: String,
    /// OSV ecosystem name: `Debian:12`, `Alpine:v3.18`, `npm`, `PyPI`, `Go`, `crates.io`,
    /// `Maven`, `RubyGems`, `Packagist`, `NuGet`. Distro packages get their release from the
    /// detected OS when the layers are merged.
    pub ecosystem: String,
    /// Source package for distro packages (dpkg `Source:`, apk `o:`, rpm source rpm name).
    pub source_name: Option<String>,
    pub source_version: Option<String>,
    /// Package URL per the purl spec.
    pub purl: String,
    pub licenses: Vec<String>,
    /// Path of the file it was read from, without a leading slash.
    pub path: String,
    /// Index of the layer that introduced it (0-based).
    pub layer: usize,
    pub arch: Option<String>,
}
