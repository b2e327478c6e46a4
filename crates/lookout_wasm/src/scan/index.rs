//! `ArchiveIndex`: the outer archive's tar headers and the image layout (manifest, config,
//! layer list), read once by the coordinating worker. `to_bytes`/`from_bytes` let every
//! layer worker rebuild it over its own reader of the same `File` without re-reading
//! the headers.

use lookout_image::{
    open_image, ImageError, ImageLayout, Options, TarBlobs, TarIndex, TarIndexError,
};
use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;

use super::reader::{JsReadAt, JsSource};
use crate::error::{js_error, ErrorKind};
use crate::to_js::to_js;

#[derive(Serialize, Deserialize)]
struct Saved {
    tar: TarIndex,
    layout: ImageLayout,
}

#[wasm_bindgen]
pub struct ArchiveIndex {
    source: JsSource,
    tar: TarIndex,
    layout: ImageLayout,
}

/// Which image of a multi-image archive to open (`ArchiveIndex.open`).
#[derive(Default, serde::Deserialize)]
struct ImageSelection {
    platform: Option<String>,
    reference: Option<String>,
    position: Option<usize>,
}

#[derive(Serialize)]
struct LayerInfoOut<'a> {
    index: usize,
    diff_id: &'a str,
    digest: Option<&'a str>,
    media_type: Option<&'a str>,
    created_by: Option<&'a str>,
    /// Blob bytes in the archive (compressed when the layer is).
    size: u64,
}

#[derive(Serialize)]
struct ArchiveInfoOut<'a> {
    format: &'static str,
    digest: &'a str,
    repo_tags: &'a [String],
    images: &'a [lookout_image::ImageChoice],
    layers: Vec<LayerInfoOut<'a>>,
    config: &'a lookout_image::ImageConfig,
    warnings: Vec<String>,
}

/// Maps why an archive could not be opened to the kind of message the page shows.
/// `cut_short`: the archive ends without tar's end-of-archive marker, so a member it lacks
/// may have been cut off (a download stopped on a block boundary); with the marker, the
/// archive is whole and simply lacks it, which is no truncation.
pub fn image_error(error: &ImageError, cut_short: bool) -> JsValue {
    let kind = match error {
        ImageError::Archive(TarIndexError::NotTar(_)) => ErrorKind::NotAnImage,
        ImageError::Archive(
            TarIndexError::Truncated { .. }
            | TarIndexError::TruncatedHeader { .. }
            | TarIndexError::CutBeforeManifest { .. },
        ) => ErrorKind::Truncated,
        ImageError::Archive(TarIndexError::Io(e))
            if e.kind() == std::io::ErrorKind::UnexpectedEof =>
        {
            ErrorKind::Truncated
        }
        ImageError::Archive(TarIndexError::Io(_) | TarIndexError::CorruptHeader { .. })
        | ImageError::Read { .. } => ErrorKind::Read,
        ImageError::NoManifest
        | ImageError::BadJson { .. }
        | ImageError::BadManifest { .. }
        | ImageError::NoMatchingPlatform { .. } => ErrorKind::Unsupported,
        ImageError::MissingBlob { .. } if cut_short => ErrorKind::Truncated,
        ImageError::MissingBlob { .. } => ErrorKind::Read,
    };
    js_error(kind, error.to_string())
}

#[wasm_bindgen]
impl ArchiveIndex {
    /// Reads the tar headers and the manifest/config of the archive `reader` gives access
    /// to (`size` bytes); `selection` picks one image of an archive holding several (see
    /// `ArchiveInfo.images`), by default linux/amd64 or the first. Throws a `LookoutError`
    /// of kind `empty`, `not-an-image`, `truncated` or `unsupported` for files that are not
    /// a readable image.
    pub fn open(
        reader: JsReadAt,
        size: f64,
        #[wasm_bindgen(unchecked_param_type = "ImageSelection | undefined | null")]
        selection: JsValue,
    ) -> Result<ArchiveIndex, JsValue> {
        if size <= 0.0 {
            return Err(js_error(ErrorKind::Empty, "the file is empty"));
        }
        let selection: ImageSelection = if selection.is_undefined() || selection.is_null() {
            ImageSelection::default()
        } else {
            serde_wasm_bindgen::from_value(selection).map_err(|e| {
                js_error(
                    ErrorKind::InvalidArgument,
                    format!("bad image selection: {e}"),
                )
            })?
        };
        let options = Options {
            platform: selection.platform,
            reference: selection.reference,
            position: selection.position,
            ..Options::default()
        };
        let source = JsSource::new(reader, size as u64, None);
        let (tar, layout) = {
            let blobs =
                TarBlobs::open(&source).map_err(|e| image_error(&ImageError::Archive(e), false))?;
            let layout = open_image(&blobs, &options)
                .map_err(|e| image_error(&e, blobs.index().missing_end_marker))?;
            (blobs.index().clone(), layout)
        };
        Ok(Self {
            source,
            tar,
            layout,
        })
    }

    /// Rebuilds an index saved with [`ArchiveIndex::to_bytes`] over another reader of
    /// the same file (a layer worker's).
    pub fn from_bytes(bytes: &[u8], reader: JsReadAt, size: f64) -> Result<ArchiveIndex, JsValue> {
        let saved: Saved = serde_json::from_slice(bytes).map_err(|e| {
            js_error(
                ErrorKind::InvalidArgument,
                format!("not a saved archive index: {e}"),
            )
        })?;
        Ok(Self {
            source: JsSource::new(reader, size as u64, None),
            tar: saved.tar,
            layout: saved.layout,
        })
    }

    pub fn to_bytes(&self) -> Result<Vec<u8>, JsValue> {
        #[derive(Serialize)]
        struct SavedRef<'a> {
            tar: &'a TarIndex,
            layout: &'a ImageLayout,
        }
        serde_json::to_vec(&SavedRef {
            tar: &self.tar,
            layout: &self.layout,
        })
        .map_err(|e| {
            js_error(
                ErrorKind::Internal,
                format!("cannot save the archive index: {e}"),
            )
        })
    }

    #[wasm_bindgen(getter)]
    pub fn layer_count(&self) -> usize {
        self.layout.layers.len()
    }

    /// Format, digest, tags, layers (with their blob sizes and history) and the config.
    #[wasm_bindgen(unchecked_return_type = "ArchiveInfo")]
    pub fn info(&self) -> Result<JsValue, JsValue> {
        let layout = &self.layout;
        to_js(&ArchiveInfoOut {
            format: layout.format.as_str(),
            digest: layout.digest(),
            repo_tags: &layout.repo_tags,
            images: &layout.images,
            layers: layout
                .layers
                .iter()
                .map(|l| LayerInfoOut {
                    index: l.index,
                    diff_id: l.diff_id.as_deref().unwrap_or(""),
                    digest: l.digest.as_deref(),
                    media_type: l.media_type.as_deref(),
                    created_by: l.created_by.as_deref(),
                    size: l.size,
                })
                .collect(),
            config: &layout.config,
            warnings: layout.warnings.iter().map(ToString::to_string).collect(),
        })
    }
}

impl ArchiveIndex {
    pub fn layout(&self) -> &ImageLayout {
        &self.layout
    }

    pub fn source(&self) -> &JsSource {
        &self.source
    }

    pub fn tar(&self) -> &TarIndex {
        &self.tar
    }

    /// Replaces the reader's progress callback (layer workers report bytes read).
    pub fn with_progress(self, progress: Option<js_sys::Function>) -> Self {
        let len = self.source.len_bytes();
        Self {
            source: JsSource::new(self.source.into_reader(), len, progress),
            ..self
        }
    }
}

#[wasm_bindgen(typescript_custom_section)]
const TS_ARCHIVE: &'static str = r#"
export interface LayerInfo {
  index: number;
  diff_id: string;
  digest: string | null;
  media_type: string | null;
  created_by: string | null;
  /** Blob bytes in the archive (compressed when the layer is). */
  size: number;
}
/** One image of an archive: a tag or OCI ref name, and a platform when the archive says. */
export interface ImageChoice { reference: string | null; platform: string | null; chosen: boolean; position: number }
/** Which image of a multi-image archive to open; by default linux/amd64, else the first. */
export interface ImageSelection { platform?: string; reference?: string; position?: number }
export interface ArchiveInfo {
  format: "docker-archive" | "oci-archive" | string;
  digest: string;
  repo_tags: string[];
  /** Every image the archive holds (one for most archives), the opened one `chosen`. */
  images: ImageChoice[];
  layers: LayerInfo[];
  /** The image config as Lookout reads it (user, env, entrypoint, history, …). */
  config: Record<string, unknown>;
  warnings: string[];
}
"#;
