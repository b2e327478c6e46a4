//! Which linter a document goes to: Dockerfiles by file name, Kubernetes YAML by content.

/// The kinds of document `lint` understands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocumentKind {
    Dockerfile,
    Kubernetes,
    /// Anything else (plain YAML that is not a Kubernetes object, unknown files).
    Other,
}

impl DocumentKind {
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Dockerfile => "dockerfile",
            Self::Kubernetes => "kubernetes",
            Self::Other => "other",
        }
    }
}

/// True for `Dockerfile`, `Dockerfile.dev`, `Containerfile*`, `*.Dockerfile`,
/// `*.dockerfile`, `*.containerfile` (any folder).
#[must_use]
pub fn is_dockerfile_name(path: &str) -> bool {
    let name = file_name(path);
    let lower = name.to_ascii_lowercase();
    lower == "dockerfile"
        || lower.starts_with("dockerfile.")
        || lower.starts_with("dockerfile-")
        || lower.starts_with("dockerfile_")
        || lower == "containerfile"
        || lower.starts_with("containerfile.")
        || lower.ends_with(".dockerfile")
        || lower.ends_with(".containerfile")
}

#[must_use]
pub fn is_yaml_name(path: &str) -> bool {
    let lower = file_name(path).to_ascii_lowercase();
    lower.ends_with(".yaml") || lower.ends_with(".yml")
}

/// `.json`: a Kubernetes manifest when its content is one (`kubectl get -o json`).
#[must_use]
pub fn is_json_name(path: &str) -> bool {
    file_name(path).to_ascii_lowercase().ends_with(".json")
}

/// A name a Kubernetes manifest may have (YAML or JSON); the content decides.
#[must_use]
pub fn is_manifest_name(path: &str) -> bool {
    is_yaml_name(path) || is_json_name(path)
}

/// Decides the kind from the file name, looking at the content only for YAML and JSON.
#[must_use]
pub fn detect(path: &str, text: &str) -> DocumentKind {
    if is_dockerfile_name(path) {
        DocumentKind::Dockerfile
    } else if is_manifest_name(path) && lookout_syntax::k8s::looks_like_kubernetes(text) {
        DocumentKind::Kubernetes
    } else {
        DocumentKind::Other
    }
}

fn file_name(path: &str) -> &str {
    path.rsplit(['/', '\\']).next().unwrap_or(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dockerfile_names() {
        for yes in [
            "Dockerfile",
            "a/b/Dockerfile.prod",
            "api.Dockerfile",
            "Containerfile",
            "x/y.containerfile",
        ] {
            assert!(is_dockerfile_name(yes), "{yes}");
        }
        for no in [
            "dockerfiles/readme.md",
            "Dockerfile.md.bak/x.txt",
            "compose.yaml",
        ] {
            assert!(!is_dockerfile_name(no), "{no}");
        }
    }

    #[test]
    fn yaml_goes_by_content() {
        assert_eq!(
            detect("k.yaml", "apiVersion: v1\nkind: Pod\n"),
            DocumentKind::Kubernetes
        );
        assert_eq!(
            detect(".github/workflows/ci.yml", "on: push\njobs: {}\n"),
            DocumentKind::Other
        );
    }
}
