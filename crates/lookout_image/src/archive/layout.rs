//! Finds the image inside an archive: docker-save `manifest.json` (classic and Docker 25+)
//! or an OCI image layout (`index.json`, nested indexes, multi-platform selection), and
//! lists its layers in order with their diff_ids.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::config::ImageConfig;
use super::tar_index::BlobSet;
use crate::error::{ImageError, Warning};
use crate::source::read_all;

/// How the image was packaged.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ArchiveFormat {
    /// `docker save` (classic or Docker 25+), `podman save` docker-archive.
    #[serde(rename = "docker-archive")]
    DockerArchive,
    /// OCI image layout (tar or directory), `skopeo copy oci-archive:`, buildx `type=oci`.
    #[serde(rename = "oci-archive")]
    OciArchive,
}

impl ArchiveFormat {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::DockerArchive => "docker-archive",
            Self::OciArchive => "oci-archive",
        }
    }
}

/// One layer to decode: where its blob is and what it should hash to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LayerRef {
    pub index: usize,
    /// Blob name in the [`BlobSet`].
    pub blob: String,
    /// Blob digest (compressed) when the manifest names it.
    pub digest: Option<String>,
    pub media_type: Option<String>,
    /// Blob size in bytes (compressed).
    pub size: u64,
    /// Expected sha256 of the uncompressed layer tar, from the config.
    pub diff_id: Option<String>,
    pub created_by: Option<String>,
}

/// The selected image: format, digests, config and layers.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ImageLayout {
    pub format: ArchiveFormat,
    /// Every image the archive holds, in archive order, the scanned one marked: what a
    /// caller can offer to pick from (`Selection`).
    pub images: Vec<ImageChoice>,
    pub manifest_digest: Option<String>,
    pub config_digest: String,
    pub repo_tags: Vec<String>,
    pub config: ImageConfig,
    pub layers: Vec<LayerRef>,
    pub warnings: Vec<Warning>,
}

impl ImageLayout {
    /// The digest that names the image: the manifest's when known, else the config's
    /// (docker's image ID).
    pub fn digest(&self) -> &str {
        self.manifest_digest
            .as_deref()
            .unwrap_or(&self.config_digest)
    }
}

/// One image of an archive, as [`Selection`] names it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ImageChoice {
    /// A tag (`docker save`) or `org.opencontainers.image.ref.name` (OCI); `None` untagged.
    pub reference: Option<String>,
    /// `os/arch[/variant]` when the archive says (OCI indexes); `None` for docker archives.
    pub platform: Option<String>,
    /// The image this layout describes.
    pub chosen: bool,
    /// Its place in the archive's list ([`Selection::position`] picks it): the one way to
    /// pick among images that share a name and platform (untagged ones).
    pub position: usize,
}

/// Which image to pick from an archive holding several.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    /// `os/arch[/variant]`; default `linux/amd64`.
    pub platform: Option<String>,
    /// A tag or `org.opencontainers.image.ref.name` to pick among several images.
    pub reference: Option<String>,
    /// The image at this place of [`ImageLayout::images`] (before `reference`).
    pub position: Option<usize>,
    /// Limit for manifest, index and config documents.
    pub max_document_size: u64,
}

/// Nesting allowed for OCI indexes pointing at indexes.
const MAX_INDEX_DEPTH: usize = 8;
const DEFAULT_DOCUMENT_LIMIT: u64 = 16 << 20;

fn read_json(blobs: &dyn BlobSet, name: &str, limit: u64) -> Result<Value, ImageError> {
    let blob = blobs
        .open_blob(name)
        .ok_or_else(|| ImageError::MissingBlob {
            blob: name.to_string(),
        })?;
    let limit = if limit == 0 {
        DEFAULT_DOCUMENT_LIMIT
    } else {
        limit
    };
    let bytes = read_all(&*blob, limit).map_err(|e| ImageError::Read {
        blob: name.to_string(),
        reason: e.to_string(),
    })?;
    serde_json::from_slice(&bytes).map_err(|e| ImageError::BadJson {
        blob: name.to_string(),
        reason: e.to_string(),
    })
}

/// `sha256:<hex>` → `blobs/sha256/<hex>`.
fn blob_path(digest: &str) -> Option<String> {
    let (alg, hex) = digest.split_once(':')?;
    let safe = |s: &str| {
        !s.is_empty()
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '+' || c == '-' || c == '_' || c == '.')
    };
    (safe(alg) && safe(hex) && !hex.starts_with('.')).then(|| format!("blobs/{alg}/{hex}"))
}

fn bad(blob: &str, reason: impl Into<String>) -> ImageError {
    ImageError::BadManifest {
        blob: blob.to_string(),
        reason: reason.into(),
    }
}

/// Locates the image in `blobs`. `manifest.json` (docker save) is preferred when present;
/// otherwise the OCI `index.json` is followed.
pub fn open_image(blobs: &dyn BlobSet, sel: &Selection) -> Result<ImageLayout, ImageError> {
    if blobs.has_blob("manifest.json") {
        open_docker(blobs, sel)
    } else if blobs.has_blob("index.json") {
        open_oci(blobs, sel)
    } else {
        Err(blobs
            .cut_short()
            .map_or(ImageError::NoManifest, ImageError::Archive))
    }
}

fn open_docker(blobs: &dyn BlobSet, sel: &Selection) -> Result<ImageLayout, ImageError> {
    let doc = read_json(blobs, "manifest.json", sel.max_document_size)?;
    let images = doc
        .as_array()
        .filter(|a| !a.is_empty())
        .ok_or_else(|| bad("manifest.json", "expected a non-empty array"))?;
    let tags_of = |img: &Value| -> Vec<String> {
        img.get("RepoTags")
            .and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(Value::as_str)
                    .map(str::to_string)
                    .collect()
            })
            .unwrap_or_default()
    };
    let image = match &sel.reference {
        _ if sel.position.is_some_and(|p| p < images.len()) => {
            &images[sel.position.unwrap_or_default()]
        }
        Some(r) => images
            .iter()
            .find(|img| tags_of(img).iter().any(|t| same_reference(t, r)))
            .ok_or_else(|| {
                bad(
                    "manifest.json",
                    format!(
                        "no image tagged `{r}`; the archive holds: {}",
                        describe_images(images.iter().map(tags_of))
                    ),
                )
            })?,
        None => &images[0],
    };
    let choices = images
        .iter()
        .enumerate()
        .map(|(position, img)| ImageChoice {
            reference: tags_of(img).into_iter().next(),
            platform: None,
            chosen: std::ptr::eq(img, image),
            position,
        })
        .collect();
    let mut warnings = Vec::new();
    if sel.reference.is_none() && sel.position.is_none() && images.len() > 1 {
        warnings.push(several_images_warning(
            images.len(),
            &tags_of(image),
            images[1..].iter().map(tags_of),
        ));
    }
    let config_name = image
        .get("Config")
        .and_then(Value::as_str)
        .ok_or_else(|| bad("manifest.json", "image has no Config"))?;
    let config_doc = read_json(blobs, config_name, sel.max_document_size)?;
    let config = ImageConfig::from_json(&config_doc);
    let config_digest = digest_from_name(config_name);
    let layer_names: Vec<&str> = image
        .get("Layers")
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let layers = layer_names
        .iter()
        .enumerate()
        .map(|(index, name)| {
            let size = blobs.open_blob(name).map_or(0, |b| b.len());
            let source = image
                .get("LayerSources")
                .and_then(|s| s.as_object())
                .and_then(|s| {
                    s.iter()
                        .find(|(d, _)| blob_path(d).as_deref() == Some(*name))
                });
            LayerRef {
                index,
                blob: (*name).to_string(),
                digest: source
                    .map(|(d, _)| d.clone())
                    .or_else(|| name.starts_with("blobs/").then(|| digest_from_name(name))),
                media_type: source
                    .and_then(|(_, v)| v.get("mediaType"))
                    .and_then(Value::as_str)
                    .map(str::to_string),
                size,
                diff_id: config.diff_ids.get(index).cloned(),
                created_by: config.created_by(index).map(str::to_string),
            }
        })
        .collect::<Vec<_>>();
    check_layer_count(&config, layers.len(), &mut warnings);
    let manifest_digest = docker25_manifest_digest(blobs, sel, &config_digest);
    Ok(ImageLayout {
        format: ArchiveFormat::DockerArchive,
        images: choices,
        manifest_digest,
        config_digest,
        repo_tags: tags_of(image),
        config,
        layers,
        warnings,
    })
}

/// Docker 25+ also writes an OCI index naming each image's manifest: the digest of the one
/// whose config is the picked image's (not simply the first: an archive may hold several).
fn docker25_manifest_digest(
    blobs: &dyn BlobSet,
    sel: &Selection,
    config_digest: &str,
) -> Option<String> {
    /// Manifests looked at, at most (each is a small JSON document).
    const MAX_MANIFESTS: usize = 64;
    if !blobs.has_blob("index.json") {
        return None;
    }
    let index = read_json(blobs, "index.json", sel.max_document_size).ok()?;
    let manifests = index.get("manifests")?.as_array()?;
    let digest_of = |desc: &Value| desc.get("digest")?.as_str().map(str::to_string);
    if manifests.len() == 1 {
        return digest_of(&manifests[0]);
    }
    manifests.iter().take(MAX_MANIFESTS).find_map(|desc| {
        let digest = digest_of(desc)?;
        let manifest = read_json(blobs, &blob_path(&digest)?, sel.max_document_size).ok()?;
        let config = manifest.get("config")?.get("digest")?.as_str()?;
        (config == config_digest).then_some(digest)
    })
}

/// `a:1, b:2 (untagged)` for an error or a warning naming the images of an archive.
fn describe_images(tags: impl Iterator<Item = Vec<String>>) -> String {
    tags.map(|t| {
        if t.is_empty() {
            "(untagged)".to_string()
        } else {
            t.join(" ")
        }
    })
    .collect::<Vec<_>>()
    .join(", ")
}

/// The archive holds several images and none was asked for: the first is scanned, and the
/// report says so and how to pick another.
fn several_images_warning(
    count: usize,
    picked: &[String],
    others: impl Iterator<Item = Vec<String>>,
) -> Warning {
    let picked = if picked.is_empty() {
        "untagged".to_string()
    } else {
        picked.join(" ")
    };
    Warning::new(
        None,
        None,
        format!(
            "the archive holds {count} images; scanned the first ({picked}); pick another with --ref: {}",
            describe_images(others)
        ),
    )
}

fn check_layer_count(config: &ImageConfig, layers: usize, warnings: &mut Vec<Warning>) {
    if !config.diff_ids.is_empty() && config.diff_ids.len() != layers {
        warnings.push(Warning::new(
            None,
            None,
            format!(
                "the manifest lists {layers} layers but the config has {} diff_ids",
                config.diff_ids.len()
            ),
        ));
    }
}

/// `<hex>.json` or `blobs/sha256/<hex>` → `sha256:<hex>`.
fn digest_from_name(name: &str) -> String {
    let base = name.rsplit('/').next().unwrap_or(name);
    let hex = base.strip_suffix(".json").unwrap_or(base);
    format!("sha256:{hex}")
}

/// A manifest reachable from the index, with the platform it declares or its config has.
struct Candidate {
    digest: String,
    manifest: Value,
    platform: Option<String>,
    reference: Option<String>,
}

fn is_index(media_type: &str, doc: Option<&Value>) -> bool {
    media_type.contains("image.index")
        || media_type.contains("manifest.list")
        || doc.is_some_and(|d| d.get("manifests").is_some() && d.get("layers").is_none())
}

fn platform_of(desc: &Value) -> Option<String> {
    let p = desc.get("platform")?;
    let mut s = format!(
        "{}/{}",
        p.get("os")?.as_str()?,
        p.get("architecture")?.as_str()?
    );
    if let Some(v) = p.get("variant").and_then(Value::as_str) {
        s.push('/');
        s.push_str(v);
    }
    Some(s)
}

fn collect_candidates(
    blobs: &dyn BlobSet,
    index: &Value,
    index_name: &str,
    depth: usize,
    sel: &Selection,
    out: &mut Vec<Candidate>,
) -> Result<(), ImageError> {
    if depth > MAX_INDEX_DEPTH {
        return Err(bad(index_name, "indexes nested too deeply (a loop?)"));
    }
    let manifests = index
        .get("manifests")
        .and_then(Value::as_array)
        .ok_or_else(|| bad(index_name, "no manifests"))?;
    for desc in manifests {
        let Some(digest) = desc.get("digest").and_then(Value::as_str) else {
            continue;
        };
        let Some(path) = blob_path(digest) else {
            continue;
        };
        let media_type = desc.get("mediaType").and_then(Value::as_str).unwrap_or("");
        let doc = read_json(blobs, &path, sel.max_document_size)?;
        let reference = desc
            .get("annotations")
            .and_then(|a| a.get("org.opencontainers.image.ref.name"))
            .and_then(Value::as_str)
            .map(str::to_string);
        if is_index(media_type, Some(&doc)) {
            collect_candidates(blobs, &doc, &path, depth + 1, sel, out)?;
        } else {
            out.push(Candidate {
                digest: digest.to_string(),
                manifest: doc,
                platform: platform_of(desc),
                reference,
            });
        }
    }
    Ok(())
}

fn platform_matches(have: &str, want: &str) -> bool {
    // `linux/arm64` matches `linux/arm64/v8`; a variant asked for must match.
    have == want
        || have
            .strip_prefix(want)
            .is_some_and(|rest| rest.starts_with('/'))
}

/// Docker Hub's spellings of one image, for `--ref`: `b:2`, `library/b:2`,
/// `docker.io/library/b:2` and `index.docker.io/library/b:2` name the same image, and a
/// name without a tag or digest means `:latest`.
fn canonical_reference(reference: &str) -> String {
    let reference = reference.trim();
    let (name, suffix) = match reference.find('@') {
        Some(at) => reference.split_at(at),
        None => {
            let last_slash = reference.rfind('/').map_or(0, |i| i + 1);
            match reference.get(last_slash..).and_then(|last| last.rfind(':')) {
                Some(colon) => reference.split_at(last_slash + colon),
                None => (reference, ":latest"),
            }
        }
    };
    let name = ["docker.io/", "index.docker.io/", "registry-1.docker.io/"]
        .iter()
        .find_map(|registry| name.strip_prefix(registry))
        .unwrap_or(name);
    let name = name
        .strip_prefix("library/")
        .filter(|official| !official.contains('/'))
        .unwrap_or(name);
    format!("{name}{suffix}")
}

/// Whether an archive's tag or ref name is the image `wanted` names.
fn same_reference(have: &str, wanted: &str) -> bool {
    have == wanted || canonical_reference(have) == canonical_reference(wanted)
}

fn open_oci(blobs: &dyn BlobSet, sel: &Selection) -> Result<ImageLayout, ImageError> {
    let index = read_json(blobs, "index.json", sel.max_document_size)?;
    let mut candidates = Vec::new();
    collect_candidates(blobs, &index, "index.json", 0, sel, &mut candidates)?;
    // What the archive holds, before the selection narrows it (platforms as the index
    // declares them; a manifest without one is resolved from its config below).
    // Attestation manifests (`unknown/unknown`) are not images, so not choices either.
    let all: Vec<(Option<String>, Option<String>, String)> = candidates
        .iter()
        .filter(|c| c.platform.as_deref() != Some("unknown/unknown"))
        .map(|c| (c.reference.clone(), c.platform.clone(), c.digest.clone()))
        .collect();
    if let Some((_, platform, digest)) = sel.position.and_then(|p| all.get(p)) {
        candidates.retain(|c| &c.digest == digest && &c.platform == platform);
    } else if let Some(r) = &sel.reference {
        let named = |c: &Candidate| c.reference.iter().cloned().collect::<Vec<_>>();
        let holds = describe_images(candidates.iter().map(named));
        candidates.retain(|c| c.reference.as_deref().is_some_and(|n| same_reference(n, r)));
        if candidates.is_empty() {
            return Err(bad(
                "index.json",
                format!("no image named `{r}`; the archive holds: {holds}"),
            ));
        }
    }
    // Attestation manifests (`unknown/unknown`) are not images.
    candidates.retain(|c| c.platform.as_deref() != Some("unknown/unknown"));
    if candidates.is_empty() {
        // Not a platform problem: there is nothing to choose from.
        return Err(bad(
            "index.json",
            "the index lists no images (no manifest with a usable digest, attestations aside)",
        ));
    }
    let mut resolved = Vec::new();
    for c in candidates {
        let config_path = c
            .manifest
            .get("config")
            .and_then(|d| d.get("digest"))
            .and_then(Value::as_str)
            .and_then(blob_path)
            .ok_or_else(|| bad(&c.digest, "manifest has no config digest"))?;
        let config_doc = read_json(blobs, &config_path, sel.max_document_size)?;
        let config = ImageConfig::from_json(&config_doc);
        let platform = c.platform.clone().unwrap_or_else(|| config.platform());
        resolved.push((c, config_path, config, platform));
    }
    let wanted = sel
        .platform
        .clone()
        .unwrap_or_else(|| "linux/amd64".to_string());
    let available = || {
        resolved
            .iter()
            .map(|(_, _, _, p)| p.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut warnings = Vec::new();
    let mut pick = resolved
        .iter()
        .position(|(_, _, _, p)| platform_matches(p, &wanted));
    // Nobody asked for a platform and the default is not there (an arm64-only index, say):
    // the first image is scanned and the report says so, rather than no scan at all — the
    // page has no --platform to retry with. A platform asked for and missing stays an error.
    if pick.is_none() && sel.platform.is_none() && !resolved.is_empty() {
        if resolved.len() > 1 {
            warnings.push(Warning::new(
                None,
                None,
                format!(
                    "the archive has no {wanted} image; scanned {}, the first of {} ({}); pick another with --platform",
                    resolved[0].3,
                    resolved.len(),
                    available()
                ),
            ));
        }
        pick = Some(0);
    }
    let Some(pick) = pick else {
        return Err(ImageError::NoMatchingPlatform {
            wanted,
            available: available(),
        });
    };
    // Several images of the picked platform under different names (an OCI layout holding
    // more than one tag), none asked for: the first is scanned, and the report says so.
    let same_platform: Vec<&Candidate> = resolved
        .iter()
        .filter(|(_, _, _, p)| platform_matches(p, &wanted))
        .map(|(c, ..)| c)
        .collect();
    let names: std::collections::BTreeSet<Option<&str>> = same_platform
        .iter()
        .map(|c| c.reference.as_deref())
        .collect();
    if sel.reference.is_none() && sel.position.is_none() && names.len() > 1 {
        let named = |c: &&Candidate| c.reference.iter().cloned().collect::<Vec<_>>();
        warnings.push(several_images_warning(
            same_platform.len(),
            &named(&same_platform[0]),
            same_platform[1..].iter().map(named),
        ));
    }
    let chosen_digest = resolved[pick].0.digest.clone();
    let chosen_platform = resolved[pick].3.clone();
    let images = all
        .into_iter()
        .enumerate()
        .map(|(position, (reference, platform, digest))| {
            let chosen =
                digest == chosen_digest && platform.as_deref().is_none_or(|p| p == chosen_platform);
            ImageChoice {
                reference,
                platform: platform.or_else(|| chosen.then(|| chosen_platform.clone())),
                chosen,
                position,
            }
        })
        .collect();
    let (cand, config_path, config, _) = resolved.swap_remove(pick);
    let layers: Vec<LayerRef> = cand
        .manifest
        .get("layers")
        .and_then(Value::as_array)
        .map(|a| a.as_slice())
        .unwrap_or_default()
        .iter()
        .enumerate()
        .map(|(index, desc)| {
            let digest = desc
                .get("digest")
                .and_then(Value::as_str)
                .map(str::to_string);
            LayerRef {
                index,
                blob: digest.as_deref().and_then(blob_path).unwrap_or_default(),
                digest,
                media_type: desc
                    .get("mediaType")
                    .and_then(Value::as_str)
                    .map(str::to_string),
                size: desc.get("size").and_then(Value::as_u64).unwrap_or(0),
                diff_id: config.diff_ids.get(index).cloned(),
                created_by: config.created_by(index).map(str::to_string),
            }
        })
        .collect();
    check_layer_count(&config, layers.len(), &mut warnings);
    Ok(ImageLayout {
        format: ArchiveFormat::OciArchive,
        images,
        manifest_digest: Some(cand.digest),
        config_digest: digest_from_name(&config_path),
        repo_tags: cand.reference.into_iter().collect(),
        config,
        layers,
        warnings,
    })
}
