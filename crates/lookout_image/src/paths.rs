//! Path normalization for names found inside archives. Names are only ever used as map keys:
//! nothing is written to disk, and `..` can never climb above the image root.

/// Normalizes an archive member name: no leading `/` or `./`, `.` segments dropped, `..`
/// resolved without escaping the root. Returns the path and whether the name tried to
/// escape (a `..` at the root), which callers report as a warning.
pub fn normalize(name: &str) -> (String, bool) {
    let mut parts: Vec<&str> = Vec::new();
    let mut escaped = false;
    for seg in name.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                if parts.pop().is_none() {
                    escaped = true;
                }
            }
            s => parts.push(s),
        }
    }
    (parts.join("/"), escaped)
}

/// Resolves a link target relative to the directory holding the link (absolute targets are
/// relative to the image root).
pub fn resolve_link(link_path: &str, target: &str) -> String {
    if target.starts_with('/') {
        return normalize(target).0;
    }
    let dir = parent(link_path);
    if dir.is_empty() {
        normalize(target).0
    } else {
        normalize(&format!("{dir}/{target}")).0
    }
}

/// Parent directory of a normalized path (`""` for top-level names).
pub fn parent(path: &str) -> &str {
    path.rfind('/').map_or("", |i| &path[..i])
}

/// File name of a normalized path.
pub fn file_name(path: &str) -> &str {
    path.rfind('/').map_or(path, |i| &path[i + 1..])
}

/// True when `path` is `dir` itself or lies below it. `dir == ""` is the root.
pub fn is_within(path: &str, dir: &str) -> bool {
    dir.is_empty()
        || path == dir
        || (path.len() > dir.len() && path.starts_with(dir) && path.as_bytes()[dir.len()] == b'/')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn traversal_never_escapes_the_root() {
        assert_eq!(
            normalize("../../etc/passwd"),
            ("etc/passwd".to_string(), true)
        );
        assert_eq!(normalize("./a/./b/../c/"), ("a/c".to_string(), false));
        assert_eq!(normalize("/abs/x"), ("abs/x".to_string(), false));
    }

    #[test]
    fn links_resolve_relative_to_their_directory() {
        assert_eq!(
            resolve_link("etc/os-release", "../usr/lib/os-release"),
            "usr/lib/os-release"
        );
        assert_eq!(resolve_link("a/b", "/c"), "c");
        assert_eq!(resolve_link("x", "../../../y"), "y");
    }

    #[test]
    fn within_checks_segment_boundaries() {
        assert!(is_within("opt/legacy/a", "opt/legacy"));
        assert!(!is_within("opt/legacyx", "opt/legacy"));
        assert!(is_within("anything", ""));
    }
}
