//! Allow-rules shared by every secret rule: paths that hold vendor examples or test
//! fixtures, lock files, binary and minified content, oversized files and lines, documented
//! example keys and placeholders. They exist because a scanner that flags SDK examples gets
//! switched off; each entry names the false positive it prevents.

/// Files larger than this are not scanned (configs and dotfiles are far smaller).
pub const MAX_FILE_BYTES: usize = 10 * 1024 * 1024;
/// Matches on lines longer than this are dropped: such lines are minified code, embedded
/// blobs or data tables, where token-shaped strings are noise.
pub const MAX_LINE_BYTES: usize = 32 * 1024;
/// How much of a file is sniffed for NUL bytes to decide it is binary (what git does).
pub const BINARY_SNIFF_BYTES: usize = 8 * 1024;

/// Path segments naming test, fixture, example and vendored trees.
const SKIPPED_SEGMENTS: &[&str] = &[
    "test",
    "tests",
    "testdata",
    "test-data",
    "test_data",
    "__tests__",
    "spec",
    "specs",
    "fixture",
    "fixtures",
    "__fixtures__",
    "__mocks__",
    "mocks",
    "example",
    "examples",
    "sample",
    "samples",
    "vendor",
];

/// Trees owned by OS package managers: docs, headers and libraries shipped by the
/// distribution (as trivy's `usr-dirs` allow-rule), and the package databases.
const SKIPPED_PREFIXES: &[&str] = &[
    "usr/share/",
    "usr/include/",
    "usr/lib/",
    "usr/src/",
    "var/lib/dpkg/",
    "var/lib/apt/",
    "var/cache/apt/",
    "var/cache/debconf/",
    "var/lib/rpm/",
    "var/cache/apk/",
    "lib/apk/db/",
    "etc/ssl/certs/",
];

/// Dependency lock files: integrity hashes and registry URLs, never credentials.
const LOCK_FILES: &[&str] = &[
    "package-lock.json",
    ".package-lock.json",
    "npm-shrinkwrap.json",
    "yarn.lock",
    "pnpm-lock.yaml",
    "bun.lockb",
    "cargo.lock",
    "gemfile.lock",
    "poetry.lock",
    "pipfile.lock",
    "composer.lock",
    "go.sum",
    "mix.lock",
    "pubspec.lock",
    "packages.lock.json",
    "gradle.lockfile",
    "podfile.lock",
    "flake.lock",
    "uv.lock",
];

/// Extensions of files that are never text configuration, plus Markdown: READMEs of SDKs
/// and packages are full of sample tokens (trivy's `markdown` allow-rule).
const SKIPPED_EXTENSIONS: &[&str] = &[
    "md", "markdown", "png", "jpg", "jpeg", "gif", "ico", "bmp", "webp", "svg", "woff", "woff2",
    "ttf", "otf", "eot", "pdf", "zip", "gz", "tgz", "bz2", "xz", "zst", "jar", "war", "whl", "so",
    "a", "o", "pyc", "pyo", "class", "mo", "map",
];

/// Test files named by convention rather than by folder.
fn is_test_file_name(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    lower.ends_with("_test.go")
        || lower.ends_with("_test.py")
        || lower.ends_with("_test.rs")
        || lower.ends_with("_spec.rb")
        || lower.ends_with("_test.rb")
        || lower == "conftest.py"
        || (lower.starts_with("test_") && lower.ends_with(".py"))
        || [".test.", ".spec."].iter().any(|m| lower.contains(m))
}

/// A path relative to an image root or a repository, without a leading `./` or `/`.
fn normalize(path: &str) -> String {
    let unified = path.replace('\\', "/");
    let trimmed = unified.trim_start_matches("./").trim_start_matches('/');
    trimmed.to_string()
}

/// True when `path` is never scanned: test/example/vendor trees, package-manager trees,
/// lock files, minified bundles, source maps and binary formats.
#[must_use]
pub fn path_is_allowed(path: &str) -> bool {
    let path = normalize(path);
    if SKIPPED_PREFIXES.iter().any(|p| path.starts_with(p)) {
        return true;
    }
    let mut segments = path.split('/').filter(|s| !s.is_empty()).peekable();
    let mut file_name = "";
    while let Some(segment) = segments.next() {
        if segments.peek().is_none() {
            file_name = segment;
            break;
        }
        let lower = segment.to_ascii_lowercase();
        if SKIPPED_SEGMENTS.contains(&lower.as_str()) {
            return true;
        }
    }
    let lower_name = file_name.to_ascii_lowercase();
    if LOCK_FILES.contains(&lower_name.as_str()) || is_test_file_name(file_name) {
        return true;
    }
    if lower_name.contains(".min.") || lower_name.ends_with("-min.js") {
        return true;
    }
    match lower_name.rsplit_once('.') {
        Some((_, ext)) => SKIPPED_EXTENSIONS.contains(&ext),
        None => false,
    }
}

/// Binary content: a NUL byte early in the file.
#[must_use]
pub fn looks_binary(data: &[u8]) -> bool {
    let head = data.get(..BINARY_SNIFF_BYTES).unwrap_or(data);
    head.contains(&0)
}

/// Minified JavaScript/CSS that is not named `.min.js`: a script whose opening bytes hold a
/// very long line.
#[must_use]
pub fn looks_minified(path: &str, data: &[u8]) -> bool {
    const MINIFIED_LINE: usize = 1000;
    let lower = path.to_ascii_lowercase();
    let is_script = [".js", ".mjs", ".cjs", ".css"]
        .iter()
        .any(|ext| lower.ends_with(ext));
    if !is_script {
        return false;
    }
    let head = data.get(..BINARY_SNIFF_BYTES).unwrap_or(data);
    head.split(|&b| b == b'\n')
        .any(|line| line.len() >= MINIFIED_LINE)
}

/// Keys published in vendor documentation; scanners that flag them flag every SDK.
const DOCUMENTED_EXAMPLE_KEYS: &[&str] = &[
    "AKIAIOSFODNN7EXAMPLE",
    "AKIAI44QH8DHBEXAMPLE",
    "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    "je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY",
];

/// Words that mark a value as an example or a stand-in, not a credential.
const PLACEHOLDER_WORDS: &[&str] = &[
    "example",
    "xxxx",
    "changeme",
    "change_me",
    "change-me",
    "changeit",
    "placeholder",
    "your_",
    "your-",
    "yourtoken",
    "yourkey",
    "yourpassword",
    "dummy",
    "redacted",
    "replace_me",
    "replaceme",
    "insert_",
    "notreal",
    "not_real",
    "not-a-real",
    "fake_",
    "foobar",
    "****",
];

/// True when `secret` is a documented example key or a placeholder (`xxxx`, `<your-key>`,
/// `${VAR}`, `changeme`, a run of one character, …).
#[must_use]
pub fn is_placeholder(secret: &[u8]) -> bool {
    let Ok(text) = std::str::from_utf8(secret) else {
        return false;
    };
    let text = text.trim();
    if text.is_empty() || DOCUMENTED_EXAMPLE_KEYS.contains(&text) {
        return true;
    }
    if is_reference(text) {
        return true;
    }
    let lower = text.to_ascii_lowercase();
    if PLACEHOLDER_WORDS.iter().any(|w| lower.contains(w)) {
        return true;
    }
    one_repeated_char(text)
}

/// `${VAR}`, `$VAR`, `{{ .Values.x }}`, `<your-key>`, `%(name)s`, `#{x}`, `@VAR@`: the value
/// is filled in elsewhere.
fn is_reference(text: &str) -> bool {
    text.starts_with('$')
        || text.starts_with("{{")
        || text.starts_with('<')
        || text.starts_with("%(")
        || text.starts_with("#{")
        || (text.starts_with('@') && text.ends_with('@') && text.len() > 1)
        || (text.starts_with('{') && text.ends_with('}'))
}

fn one_repeated_char(text: &str) -> bool {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => chars.all(|c| c == first),
        None => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn test_and_vendor_trees_are_skipped() {
        assert!(path_is_allowed("app/node_modules/x/test/keys.js"));
        assert!(path_is_allowed(
            "usr/local/lib/python3.11/site-packages/x/tests/a.py"
        ));
        assert!(path_is_allowed("/src/vendor/github.com/x/y.go"));
        assert!(path_is_allowed("usr/share/doc/x/README"));
        assert!(path_is_allowed("srv/app/yarn.lock"));
        assert!(path_is_allowed("web/app.min.js"));
        assert!(path_is_allowed("web/app.js.map"));
        assert!(path_is_allowed("pkg/client_test.go"));
        assert!(!path_is_allowed("app/config/.env"));
        assert!(!path_is_allowed("root/.ssh/id_rsa"));
        assert!(!path_is_allowed("app/latest/config.yml"));
    }

    #[test]
    fn placeholders_are_recognised() {
        for p in [
            "${TOKEN}",
            "$TOKEN",
            "{{ .Values.token }}",
            "<your-key>",
            "xxxxxxxxxxxx",
            "changeme",
            "AKIAIOSFODNN7EXAMPLE",
            "********",
        ] {
            assert!(is_placeholder(p.as_bytes()), "{p}");
        }
        assert!(!is_placeholder(b"q8Xv2Lr7TnW0pZbKd3Hs"));
    }
}
