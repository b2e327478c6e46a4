//! Container image references (`[registry/]repository[:tag][@digest]`), split the way
//! Docker's reference grammar does it (`distribution/reference`), without network access.
//!
//! Build-time variables (`${TAG}`, `$VERSION`, `${TAG:-latest}`) are kept as text and never
//! make a reference invalid: the caller decides what an unresolved variable means.

use thiserror::Error;

/// The registry Docker uses when a reference names none.
pub const DEFAULT_REGISTRY: &str = "docker.io";
/// The tag Docker pulls when a reference has neither tag nor digest.
pub const DEFAULT_TAG: &str = "latest";

/// A parsed image reference. Every part is kept as written; use the helpers for Docker's
/// defaults.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ImageRef {
    /// The registry host (with port), when the reference names one (`localhost:5000`,
    /// `ghcr.io`).
    pub registry: Option<String>,
    /// The repository path without the registry (`library/ubuntu`, `ubuntu`, `org/app`).
    pub repository: String,
    /// The tag after `:` (without the colon).
    pub tag: Option<String>,
    /// The digest after `@` (`sha256:…`).
    pub digest: Option<String>,
}

/// Why a reference could not be split.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ImageRefError {
    #[error("image reference is empty")]
    Empty,
    #[error("image reference contains whitespace")]
    Whitespace,
    #[error("image reference has an empty repository name")]
    EmptyRepository,
    #[error("repository name '{0}' must be lowercase")]
    UppercaseRepository(String),
    #[error("repository name '{0}' contains an invalid character")]
    InvalidRepository(String),
    #[error("tag after ':' is empty")]
    EmptyTag,
    #[error("tag '{0}' is invalid (letters, digits, '_', '.', '-'; at most 128 characters)")]
    InvalidTag(String),
    #[error("digest after '@' is empty")]
    EmptyDigest,
    #[error("digest '{0}' is not of the form algorithm:hex")]
    InvalidDigest(String),
}

impl ImageRef {
    /// Split `text` into registry, repository, tag and digest.
    ///
    /// # Errors
    /// When the text cannot be an image reference (empty parts, whitespace, uppercase
    /// repository, malformed tag or digest). Parts holding `$` variables are not checked.
    pub fn parse(text: &str) -> Result<Self, ImageRefError> {
        let text = text.trim();
        if text.is_empty() {
            return Err(ImageRefError::Empty);
        }
        if text.chars().any(char::is_whitespace) {
            return Err(ImageRefError::Whitespace);
        }
        let (name_and_tag, digest) = match find_outside_vars(text, b'@', false) {
            Some(at) => (&text[..at], Some(&text[at + 1..])),
            None => (text, None),
        };
        if let Some(digest) = digest {
            validate_digest(digest)?;
        }
        // The tag's colon is the last one after the last '/' (a registry port comes before).
        let last_slash = find_outside_vars(name_and_tag, b'/', true);
        let tag_search_from = last_slash.map_or(0, |s| s + 1);
        let (name, tag) = match find_outside_vars(&name_and_tag[tag_search_from..], b':', true) {
            Some(colon) => {
                let colon = tag_search_from + colon;
                (&name_and_tag[..colon], Some(&name_and_tag[colon + 1..]))
            }
            None => (name_and_tag, None),
        };
        if let Some(tag) = tag {
            validate_tag(tag)?;
        }
        let (registry, repository) = split_registry(name);
        validate_repository(repository)?;
        Ok(Self {
            registry: registry.map(str::to_string),
            repository: repository.to_string(),
            tag: tag.map(str::to_string),
            digest: digest.map(str::to_string),
        })
    }

    /// The registry host, `docker.io` when none is written.
    #[must_use]
    pub fn registry_or_default(&self) -> &str {
        self.registry.as_deref().unwrap_or(DEFAULT_REGISTRY)
    }

    /// True when the reference is on Docker Hub (written or implied).
    #[must_use]
    pub fn is_docker_hub(&self) -> bool {
        matches!(
            self.registry_or_default(),
            "docker.io" | "index.docker.io" | "registry-1.docker.io"
        )
    }

    /// The repository as Docker Hub names it: official images get `library/`.
    #[must_use]
    pub fn normalized_repository(&self) -> String {
        if self.is_docker_hub() && !self.repository.contains('/') {
            format!("library/{}", self.repository)
        } else {
            self.repository.clone()
        }
    }

    /// `registry/repository` with Docker's defaults filled in (`docker.io/library/ubuntu`).
    #[must_use]
    pub fn full_name(&self) -> String {
        let registry = if self.is_docker_hub() {
            DEFAULT_REGISTRY
        } else {
            self.registry_or_default()
        };
        format!("{registry}/{}", self.normalized_repository())
    }

    /// True when a digest pins the content (`image@sha256:…`).
    #[must_use]
    pub fn is_pinned_by_digest(&self) -> bool {
        self.digest.is_some()
    }

    /// True when a tag is written (`ubuntu:22.04`, but not `ubuntu` or `ubuntu@sha256:…`).
    #[must_use]
    pub fn has_explicit_tag(&self) -> bool {
        self.tag.is_some()
    }

    /// The tag Docker would pull: the written one, else `latest`.
    #[must_use]
    pub fn tag_or_default(&self) -> &str {
        self.tag.as_deref().unwrap_or(DEFAULT_TAG)
    }

    /// True when any part still holds a build variable (`$VAR`, `${VAR}`).
    #[must_use]
    pub fn has_variables(&self) -> bool {
        self.registry.as_deref().is_some_and(has_var)
            || has_var(&self.repository)
            || self.tag.as_deref().is_some_and(has_var)
            || self.digest.as_deref().is_some_and(has_var)
    }
}

impl std::fmt::Display for ImageRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if let Some(registry) = &self.registry {
            write!(f, "{registry}/")?;
        }
        f.write_str(&self.repository)?;
        if let Some(tag) = &self.tag {
            write!(f, ":{tag}")?;
        }
        if let Some(digest) = &self.digest {
            write!(f, "@{digest}")?;
        }
        Ok(())
    }
}

fn has_var(text: &str) -> bool {
    text.contains('$')
}

/// Byte offset of `needle` outside `${…}` groups (first or last occurrence).
fn find_outside_vars(text: &str, needle: u8, last: bool) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut depth = 0usize;
    let mut found = None;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b == b'$' && bytes.get(i + 1) == Some(&b'{') {
            depth += 1;
            i += 2;
            continue;
        }
        if b == b'}' && depth > 0 {
            depth -= 1;
        } else if b == needle && depth == 0 {
            if !last {
                return Some(i);
            }
            found = Some(i);
        }
        i += 1;
    }
    found
}

/// Docker's rule: the first path component is a registry when it holds `.` or `:`, is
/// `localhost`, or has uppercase letters; otherwise the image is on Docker Hub.
fn split_registry(name: &str) -> (Option<&str>, &str) {
    let Some(slash) = find_outside_vars(name, b'/', false) else {
        return (None, name);
    };
    let first = &name[..slash];
    let is_registry = first.contains(['.', ':'])
        || first == "localhost"
        || (first.chars().any(|c| c.is_ascii_uppercase()) && !has_var(first));
    if is_registry {
        (Some(first), &name[slash + 1..])
    } else {
        (None, name)
    }
}

fn validate_repository(repository: &str) -> Result<(), ImageRefError> {
    if repository.is_empty() || repository.split('/').any(str::is_empty) {
        return Err(ImageRefError::EmptyRepository);
    }
    if has_var(repository) {
        return Ok(());
    }
    if repository.chars().any(|c| c.is_ascii_uppercase()) {
        return Err(ImageRefError::UppercaseRepository(repository.to_string()));
    }
    let valid = repository.chars().all(|c| {
        c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '_' | '-' | '/')
    });
    if valid {
        Ok(())
    } else {
        Err(ImageRefError::InvalidRepository(repository.to_string()))
    }
}

fn validate_tag(tag: &str) -> Result<(), ImageRefError> {
    if tag.is_empty() {
        return Err(ImageRefError::EmptyTag);
    }
    if has_var(tag) {
        return Ok(());
    }
    let first_ok = tag
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphanumeric() || c == '_');
    let rest_ok = tag
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-'));
    if first_ok && rest_ok && tag.len() <= 128 {
        Ok(())
    } else {
        Err(ImageRefError::InvalidTag(tag.to_string()))
    }
}

fn validate_digest(digest: &str) -> Result<(), ImageRefError> {
    if digest.is_empty() {
        return Err(ImageRefError::EmptyDigest);
    }
    if has_var(digest) {
        return Ok(());
    }
    let Some((algorithm, hex)) = digest.split_once(':') else {
        return Err(ImageRefError::InvalidDigest(digest.to_string()));
    };
    let algorithm_ok = !algorithm.is_empty()
        && algorithm.chars().all(|c| {
            c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '+' | '.' | '_' | '-')
        });
    let hex_ok = hex.len() >= 32 && hex.chars().all(|c| c.is_ascii_hexdigit());
    if algorithm_ok && hex_ok {
        Ok(())
    } else {
        Err(ImageRefError::InvalidDigest(digest.to_string()))
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    const SHA: &str = "sha256:9b8dec3bf938bc80fbe758d856e96fdfab5f56c39d44b0cff351e847bb1b01ea";

    #[test]
    fn official_image_without_tag_defaults_to_docker_hub_latest() {
        let r = ImageRef::parse("ubuntu").unwrap();
        assert_eq!(r.registry, None);
        assert_eq!(r.repository, "ubuntu");
        assert!(!r.has_explicit_tag());
        assert_eq!(r.tag_or_default(), "latest");
        assert_eq!(r.full_name(), "docker.io/library/ubuntu");
        assert!(!r.is_pinned_by_digest());
    }

    #[test]
    fn tag_and_namespace_are_split() {
        let r = ImageRef::parse("bitnami/redis:7.2").unwrap();
        assert_eq!(r.registry, None);
        assert_eq!(r.repository, "bitnami/redis");
        assert_eq!(r.tag.as_deref(), Some("7.2"));
        assert_eq!(r.full_name(), "docker.io/bitnami/redis");
    }

    #[test]
    fn registry_with_port_is_not_a_tag() {
        let r = ImageRef::parse("localhost:5000/app:1").unwrap();
        assert_eq!(r.registry.as_deref(), Some("localhost:5000"));
        assert_eq!(r.repository, "app");
        assert_eq!(r.tag.as_deref(), Some("1"));

        let r = ImageRef::parse("registry.example.com:5000/team/app").unwrap();
        assert_eq!(r.registry.as_deref(), Some("registry.example.com:5000"));
        assert_eq!(r.repository, "team/app");
        assert_eq!(r.tag, None);
    }

    #[test]
    fn localhost_and_dotted_hosts_are_registries() {
        assert_eq!(
            ImageRef::parse("localhost/app")
                .unwrap()
                .registry
                .as_deref(),
            Some("localhost")
        );
        let r = ImageRef::parse("ghcr.io/org/app:v1").unwrap();
        assert_eq!(r.registry.as_deref(), Some("ghcr.io"));
        assert_eq!(r.full_name(), "ghcr.io/org/app");
        assert!(!r.is_docker_hub());
    }

    #[test]
    fn digest_pins_with_or_without_tag() {
        let r = ImageRef::parse(&format!("alpine@{SHA}")).unwrap();
        assert!(r.is_pinned_by_digest());
        assert!(!r.has_explicit_tag());
        let r = ImageRef::parse(&format!("alpine:3.20@{SHA}")).unwrap();
        assert!(r.is_pinned_by_digest());
        assert_eq!(r.tag.as_deref(), Some("3.20"));
        assert_eq!(r.to_string(), format!("alpine:3.20@{SHA}"));
    }

    #[test]
    fn variables_are_kept_not_rejected() {
        let r = ImageRef::parse("ubuntu:${TAG:-latest}").unwrap();
        assert_eq!(r.repository, "ubuntu");
        assert_eq!(r.tag.as_deref(), Some("${TAG:-latest}"));
        assert!(r.has_variables());

        let r = ImageRef::parse("${REGISTRY}/app:$VERSION").unwrap();
        assert_eq!(r.repository, "${REGISTRY}/app");
        assert_eq!(r.tag.as_deref(), Some("$VERSION"));

        let r = ImageRef::parse("${BASE_IMAGE}").unwrap();
        assert_eq!(r.repository, "${BASE_IMAGE}");
        assert!(r.has_variables());
    }

    #[test]
    fn malformed_references_are_errors() {
        assert_eq!(ImageRef::parse(""), Err(ImageRefError::Empty));
        assert_eq!(ImageRef::parse("ubuntu:"), Err(ImageRefError::EmptyTag));
        assert_eq!(ImageRef::parse("ubuntu@"), Err(ImageRefError::EmptyDigest));
        assert!(matches!(
            ImageRef::parse("ubuntu@md5"),
            Err(ImageRefError::InvalidDigest(_))
        ));
        assert!(matches!(
            ImageRef::parse("Ubuntu:22.04"),
            Err(ImageRefError::UppercaseRepository(_))
        ));
        assert!(matches!(
            ImageRef::parse("ubuntu:-bad"),
            Err(ImageRefError::InvalidTag(_))
        ));
        assert_eq!(ImageRef::parse("a b"), Err(ImageRefError::Whitespace));
        assert_eq!(ImageRef::parse("/app"), Err(ImageRefError::EmptyRepository));
    }
}
