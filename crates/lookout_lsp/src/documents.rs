//! Open documents: text kept in sync with the client (full or incremental changes) and
//! which engine reads each one.

use std::sync::Arc;

use lookout_core::DocumentKind;
use lookout_diagnostics::{offset_of, LineCol, PositionEncoding};
use tower_lsp_server::ls_types::{Position, TextDocumentContentChangeEvent, Uri};

/// What the server does with a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Content {
    /// Dockerfile or Kubernetes YAML: `lookout_core::lint`.
    Lint(DocumentKind),
    /// A lockfile or manifest: `lookout_core::deps`.
    Dependencies,
    /// Anything else (plain YAML, …): no diagnostics.
    Ignored,
}

#[derive(Debug, Clone)]
pub struct Document {
    pub uri: Uri,
    /// The file path (or the URI's path for unsaved/virtual documents); decides the
    /// Dockerfile and lockfile kinds and where `lookout.toml` is searched.
    pub path: String,
    pub language_id: String,
    pub version: i32,
    /// Shared with the analysis running on it: a job takes a reference, not a copy of a
    /// big manifest per keystroke (an edit copies the text only while a job holds it).
    pub text: Arc<String>,
}

impl Document {
    pub fn new(uri: Uri, language_id: String, version: i32, text: String) -> Self {
        let path = uri
            .to_file_path()
            .map(|p| p.to_string_lossy().into_owned())
            .unwrap_or_else(|| uri.path().decode().to_string_lossy().into_owned());
        Self {
            uri,
            path,
            language_id,
            version,
            text: Arc::new(text),
        }
    }

    /// Applies the client's changes in order (each range is relative to the text after
    /// the previous change, as LSP specifies).
    pub fn apply_changes(
        &mut self,
        changes: Vec<TextDocumentContentChangeEvent>,
        encoding: PositionEncoding,
    ) {
        for change in changes {
            match change.range {
                None => self.text = Arc::new(change.text),
                Some(range) => {
                    let offset = |p: Position| {
                        let at = LineCol {
                            line: p.line,
                            col: p.character,
                        };
                        offset_of(&self.text, at, encoding)
                    };
                    let start = offset(range.start);
                    let end = offset(range.end).max(start);
                    if self.text.is_char_boundary(start) && self.text.is_char_boundary(end) {
                        Arc::make_mut(&mut self.text).replace_range(start..end, &change.text);
                    }
                }
            }
        }
    }

    pub fn content(&self) -> Content {
        classify(&self.language_id, &self.path, &self.text)
    }
}

/// Dockerfiles by language id or name; YAML by content (`apiVersion` + `kind`); dependency
/// files by name.
pub fn classify(language_id: &str, path: &str, text: &str) -> Content {
    if lookout_core::deps::is_dependency_file(path) {
        return Content::Dependencies;
    }
    let language = language_id.to_ascii_lowercase();
    if language == "dockerfile"
        || language == "containerfile"
        || lookout_core::document::is_dockerfile_name(path)
    {
        return Content::Lint(DocumentKind::Dockerfile);
    }
    let manifest =
        language == "yaml" || language == "json" || lookout_core::document::is_manifest_name(path);
    if manifest && lookout_syntax::k8s::looks_like_kubernetes(text) {
        return Content::Lint(DocumentKind::Kubernetes);
    }
    Content::Ignored
}

#[cfg(test)]
mod tests {
    use super::*;
    use tower_lsp_server::ls_types::{Position, Range};

    fn doc(text: &str) -> Document {
        let uri: Uri = "file:///w/Dockerfile"
            .parse()
            .unwrap_or_else(|_| unreachable!());
        Document::new(uri, "dockerfile".into(), 1, text.into())
    }

    #[test]
    fn incremental_changes_apply_in_order_with_utf16_columns() {
        let mut d = doc("FROM a\nLABEL x=\"🐳\" y=1\n");
        let change = |l1, c1, l2, c2, text: &str| TextDocumentContentChangeEvent {
            range: Some(Range::new(Position::new(l1, c1), Position::new(l2, c2))),
            range_length: None,
            text: text.into(),
        };
        d.apply_changes(
            vec![change(1, 13, 1, 16, "z=2"), change(0, 5, 0, 6, "b:1")],
            PositionEncoding::Utf16,
        );
        assert_eq!(d.text.as_str(), "FROM b:1\nLABEL x=\"🐳\" z=2\n");
        assert_eq!(d.path, "/w/Dockerfile");
    }

    #[test]
    fn classification() {
        assert_eq!(
            classify("plaintext", "/w/Dockerfile.dev", ""),
            Content::Lint(DocumentKind::Dockerfile)
        );
        assert_eq!(
            classify("yaml", "/w/k.yaml", "apiVersion: v1\nkind: Pod\n"),
            Content::Lint(DocumentKind::Kubernetes)
        );
        assert_eq!(
            classify("yaml", "/w/ci.yaml", "on: push\n"),
            Content::Ignored
        );
        assert_eq!(
            classify("json", "/w/package-lock.json", "{}"),
            Content::Dependencies
        );
    }
}
