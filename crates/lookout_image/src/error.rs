//! Errors for images that cannot be read at all, and located warnings for the rest.

use serde::{Deserialize, Serialize};

use crate::archive::tar_index::TarIndexError;

/// The image could not be read at all (exit 2 in the CLI). Everything less is a [`Warning`].
#[derive(Debug, thiserror::Error)]
pub enum ImageError {
    #[error(transparent)]
    Archive(#[from] TarIndexError),
    #[error("no image manifest: the archive has neither manifest.json (docker save) nor index.json (OCI layout)")]
    NoManifest,
    #[error("`{blob}` is missing from the archive")]
    MissingBlob { blob: String },
    #[error("`{blob}` is not valid JSON: {reason}")]
    BadJson { blob: String, reason: String },
    #[error("`{blob}`: {reason}")]
    BadManifest { blob: String, reason: String },
    #[error("no image for platform {wanted}; the archive holds: {available}")]
    NoMatchingPlatform { wanted: String, available: String },
    #[error("cannot read `{blob}`: {reason}")]
    Read { blob: String, reason: String },
}

/// A non-fatal problem, located by layer and path when known.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Warning {
    pub layer: Option<usize>,
    pub path: Option<String>,
    pub message: String,
}

impl Warning {
    pub fn new(layer: Option<usize>, path: Option<&str>, message: impl Into<String>) -> Self {
        Self {
            layer,
            path: path.map(str::to_string),
            message: message.into(),
        }
    }
}

impl std::fmt::Display for Warning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if let Some(layer) = self.layer {
            write!(f, "layer {layer}: ")?;
        }
        if let Some(path) = &self.path {
            write!(f, "{path}: ")?;
        }
        f.write_str(&self.message)
    }
}
