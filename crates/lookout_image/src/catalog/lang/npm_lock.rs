//! npm lockfiles: `package-lock.json` (v1 `dependencies` tree, v2/v3 `packages` map),
//! `npm-shrinkwrap.json` and the hidden `node_modules/.package-lock.json` npm 7+ writes.
//! Every locked copy counts (dev ones included); identical name@version pairs are reported
//! once per file. Links are skipped: their target entry carries the package. Copies that do
//! not come from the registry (workspace members, local folders and tarballs, git
//! checkouts) are listed without a version: they have no registry release to match
//! advisories against, and their purl must not claim one.

use std::collections::{HashMap, HashSet};

use serde_json::{Map, Value};

use super::{catalog_error, file_name, LockEntry, MIB};
use crate::catalog::{CatalogError, CatalogInput, Cataloger};
use crate::Package;

pub(crate) const CATALOGER: Cataloger = Cataloger {
    name: "npm-lock",
    wants,
    max_size: 64 * MIB,
    parse,
};

fn wants(path: &str) -> bool {
    match file_name(path) {
        "package-lock.json" | "npm-shrinkwrap.json" => !path.contains("node_modules/"),
        // npm 7+ keeps a copy of the tree it installed here.
        ".package-lock.json" => path.ends_with("node_modules/.package-lock.json"),
        _ => false,
    }
}

fn parse(input: &CatalogInput<'_>) -> Result<Vec<Package>, CatalogError> {
    let text = super::text(input);
    let entries = entries(&text).map_err(|e| catalog_error(CATALOGER.name, input.path, e))?;
    Ok(super::npm_packages(entries, input.path))
}

/// Why a package-lock.json cannot be read.
#[derive(Debug, thiserror::Error)]
pub(crate) enum NpmLockError {
    #[error(transparent)]
    Json(#[from] serde_json::Error),
    /// Valid JSON in a shape npm never writes (`[]`, `"packages": []`, a numeric version):
    /// reading it as "no dependencies" would pass a CI gate silently.
    #[error("not an npm lockfile: {0}")]
    Shape(String),
}

/// The locked packages with the line of their entry. `{}` or a lock without `packages` and
/// `dependencies` is an empty lock.
pub(crate) fn entries(text: &str) -> Result<Vec<LockEntry>, NpmLockError> {
    let json: Value = serde_json::from_str(text)?;
    let Some(root) = json.as_object() else {
        return Err(shape("the top level is not an object"));
    };
    let keys = KeyLines::index(text);
    let mut found = Vec::new();
    match (root.get("packages"), root.get("dependencies")) {
        (Some(packages), _) => {
            let packages = packages
                .as_object()
                .ok_or_else(|| shape("\"packages\" is not an object"))?;
            packages_map(packages, &keys, &mut found)?;
        }
        (None, Some(deps)) => {
            let deps = deps
                .as_object()
                .ok_or_else(|| shape("\"dependencies\" is not an object"))?;
            dependencies_tree(deps, &keys, &mut found)?;
        }
        (None, None) => {}
    }
    let mut seen = HashSet::new();
    found.retain(|e| seen.insert((e.name.clone(), e.version.clone())));
    Ok(found)
}

fn shape(reason: impl Into<String>) -> NpmLockError {
    NpmLockError::Shape(reason.into())
}

/// The `version` of an entry: absent is allowed (the root, links), anything but a string is
/// not.
fn version_of<'v>(key: &str, entry: &'v Value) -> Result<Option<&'v str>, NpmLockError> {
    let Some(fields) = entry.as_object() else {
        return Err(shape(format!("the entry {key} is not an object")));
    };
    match fields.get("version") {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(version)) => Ok(Some(version)),
        Some(_) => Err(shape(format!("the version of {key} is not a string"))),
    }
}

/// lockfileVersion 2 and 3: `"node_modules/a/node_modules/b": {version, name?, link?}`.
fn packages_map(
    packages: &Map<String, Value>,
    keys: &KeyLines,
    out: &mut Vec<LockEntry>,
) -> Result<(), NpmLockError> {
    // Workspace folders are reached through links; the link's key gives their name.
    let link_names: HashMap<&str, &str> = packages
        .iter()
        .filter(|(_, v)| v.get("link").and_then(Value::as_bool) == Some(true))
        .filter_map(|(k, v)| Some((v.get("resolved")?.as_str()?, last_module_name(k))))
        .collect();
    for (key, value) in packages {
        let version = version_of(key, value)?;
        if key.is_empty() || value.get("link").and_then(Value::as_bool) == Some(true) {
            continue;
        }
        let Some(version) = version else {
            continue;
        };
        if version.is_empty() {
            continue;
        }
        let explicit = value.get("name").and_then(Value::as_str);
        let installed = key.contains("node_modules/");
        let name = if installed {
            explicit.unwrap_or_else(|| last_module_name(key))
        } else {
            // A workspace member folder.
            explicit
                .or_else(|| link_names.get(key.as_str()).copied())
                .unwrap_or_else(|| key.rsplit('/').next().unwrap_or(key))
        };
        if name.is_empty() {
            continue;
        }
        let resolved = value.get("resolved").and_then(Value::as_str).unwrap_or("");
        // A workspace member or linked folder is the project's own code, and a git or local
        // copy is no registry release, whatever its package.json says.
        let version = if installed && !is_local_or_git(resolved) {
            version
        } else {
            ""
        };
        out.push(LockEntry::new(name, version, keys.first(key)));
    }
    Ok(())
}

/// lockfileVersion 1: a recursive `dependencies` tree keyed by package name.
fn dependencies_tree(
    deps: &Map<String, Value>,
    keys: &KeyLines,
    out: &mut Vec<LockEntry>,
) -> Result<(), NpmLockError> {
    for (key, value) in deps {
        if let Some(locked) = version_of(key, value)? {
            let line = keys.with_version(key, locked);
            let (name, version) = aliased(locked).unwrap_or((key.as_str(), locked));
            // v1 writes the spec of a non-registry copy as its version (`file:../x`,
            // `git+https://…#sha`, a tarball URL); a registry version has none of `:/#`.
            let version = if version.contains([':', '/', '#']) {
                ""
            } else {
                version
            };
            out.push(LockEntry::new(name, version, line));
        }
        if let Some(nested) = value.get("dependencies").and_then(Value::as_object) {
            dependencies_tree(nested, keys, out)?;
        }
    }
    Ok(())
}

/// Whether a v2/v3 `resolved` names a local folder or tarball or a git checkout rather than
/// a registry tarball.
fn is_local_or_git(resolved: &str) -> bool {
    const PREFIXES: &[&str] = &[
        "file:",
        "link:",
        "git+",
        "git:",
        "git@",
        "github:",
        "gitlab:",
        "bitbucket:",
    ];
    PREFIXES.iter().any(|prefix| resolved.starts_with(prefix))
}

/// An npm alias's target: v1 locks `"my-minimist": {"version": "npm:minimist@1.2.5"}`, and
/// advisories name `minimist 1.2.5` (v2/v3 say the same through `"name"`).
fn aliased(version: &str) -> Option<(&str, &str)> {
    let target = version.strip_prefix("npm:")?;
    let at = target.get(1..)?.find('@')? + 1;
    let (name, version) = (target.get(..at)?, target.get(at + 1..)?);
    (!name.is_empty() && !version.is_empty()).then_some((name, version))
}

/// `node_modules/@s/a/node_modules/b` → `b`; `node_modules/@s/a` → `@s/a`.
fn last_module_name(key: &str) -> &str {
    key.rsplit_once("node_modules/")
        .map_or(key, |(_, name)| name)
}

/// Lines that open a JSON object member (`"key": {`), for locating entries.
struct KeyLines<'t> {
    lines: Vec<&'t str>,
    by_key: HashMap<&'t str, Vec<usize>>,
}

impl<'t> KeyLines<'t> {
    fn index(text: &'t str) -> Self {
        let lines: Vec<&str> = text.lines().collect();
        let mut by_key: HashMap<&str, Vec<usize>> = HashMap::new();
        for (i, line) in lines.iter().enumerate() {
            let trimmed = line.trim_start();
            if let Some(rest) = trimmed.strip_prefix('"') {
                if let Some((key, after)) = rest.split_once('"') {
                    let opens_object = after
                        .trim_start()
                        .strip_prefix(':')
                        .is_some_and(|value| value.trim_start().starts_with('{'));
                    if opens_object {
                        by_key.entry(key).or_default().push(i);
                    }
                }
            }
        }
        Self { lines, by_key }
    }

    /// 1-based line of the first member named `key`, or 0 when not found.
    fn first(&self, key: &str) -> usize {
        self.by_key
            .get(key)
            .and_then(|lines| lines.first())
            .map_or(0, |i| i + 1)
    }

    /// 1-based line of the member `name` whose object holds `"version": "<version>"`.
    fn with_version(&self, name: &str, version: &str) -> usize {
        let needle = format!("\"version\": \"{version}\"");
        let candidates = self.by_key.get(name).map(Vec::as_slice).unwrap_or_default();
        candidates
            .iter()
            .find(|&&i| {
                self.lines
                    .iter()
                    .skip(i + 1)
                    .take(3)
                    .any(|l| l.contains(&needle))
            })
            .or(candidates.first())
            .map_or(0, |i| i + 1)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::catalog::lang::test_support::{has, pairs, run, shared};

    /// `(name, version, purl)` of each package, sorted.
    fn sorted_name_version_purl(pkgs: &[crate::Package]) -> Vec<(String, String, String)> {
        let mut got: Vec<(String, String, String)> = pkgs
            .iter()
            .map(|p| (p.name.clone(), p.version.clone(), p.purl.clone()))
            .collect();
        got.sort();
        got
    }

    const DIR: &str = "suites/trivy-fanal/pkg/dependency/parser/nodejs/npm/testdata";

    fn fixture(name: &str) -> Vec<Package> {
        run(
            &CATALOGER,
            "app/package-lock.json",
            &shared(&format!("{DIR}/{name}")),
        )
    }

    #[test]
    fn v1_v2_v3_give_trivys_package_sets() {
        for name in [
            "package-lock_v1.json",
            "package-lock_v2.json",
            "package-lock_v3.json",
        ] {
            let got = fixture(name);
            assert_eq!(got.len(), 31, "{name}: {:?}", pairs(&got));
            assert!(has(&got, "@babel/helper-string-parser", "7.19.4"));
            assert!(has(&got, "ms", "0.7.2") && has(&got, "ms", "1.0.0"));
            assert!(has(&got, "ms", "2.0.0") && has(&got, "debug", "2.6.9"));
        }
    }

    #[test]
    fn workspace_members_are_named_by_their_link() {
        let got = fixture("package-lock_v3_with_workspace.json");
        // The project's own code: listed, with no registry version.
        assert!(has(&got, "nested_func", ""));
        assert!(has(&got, "debug", "2.5.2") && has(&got, "debug", "2.6.9"));
        assert!(has(&got, "ms", "0.7.2") && has(&got, "ms", "2.0.0"));
        assert!(!got.iter().any(|p| p.name == "function1"));
    }

    #[test]
    fn lines_point_at_the_entries() {
        let text = String::from_utf8(shared(&format!("{DIR}/package-lock_v1.json"))).unwrap();
        let entries = entries(&text).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        for e in &entries {
            let line = lines[(e.line - 1) as usize];
            assert!(line.contains(&format!("\"{}\"", e.name)), "{e:?} -> {line}");
        }
        let nested_ms = entries
            .iter()
            .find(|e| e.name == "ms" && e.version == "2.0.0");
        assert_eq!(nested_ms.map(|e| e.line), Some(43));
    }

    #[test]
    fn v1_aliases_report_the_real_package() {
        let text = r#"{
  "lockfileVersion": 1,
  "dependencies": {
    "my-minimist": {
      "version": "npm:minimist@1.2.5",
      "resolved": "https://registry.npmjs.org/minimist/-/minimist-1.2.5.tgz"
    },
    "types": {
      "version": "npm:@types/node@18.11.9"
    }
  }
}"#;
        let got: Vec<_> = entries(text)
            .unwrap()
            .into_iter()
            .map(|e| (e.name, e.version, e.line))
            .collect();
        assert_eq!(
            got,
            vec![
                ("minimist".into(), "1.2.5".into(), 4),
                ("@types/node".into(), "18.11.9".into(), 8),
            ]
        );
    }

    #[test]
    fn non_registry_copies_have_no_version() {
        let v3 = r#"{
  "lockfileVersion": 3,
  "packages": {
    "": {"name": "app", "workspaces": ["packages/ws"]},
    "node_modules/ws": {"resolved": "packages/ws", "link": true},
    "packages/ws": {"name": "ws", "version": "0.0.1"},
    "node_modules/gitdep": {"version": "1.0.0", "resolved": "git+ssh://git@github.com/x/gitdep.git#abc"},
    "node_modules/tarball": {"version": "2.0.0", "resolved": "file:vendor/tarball-2.0.0.tgz"},
    "node_modules/lodash": {"version": "4.17.15", "resolved": "https://registry.npmjs.org/lodash/-/lodash-4.17.15.tgz"}
  }
}"#;
        let got = sorted_name_version_purl(&run(&CATALOGER, "package-lock.json", v3.as_bytes()));
        assert_eq!(
            got,
            vec![
                ("gitdep".into(), "".into(), "pkg:npm/gitdep".into()),
                (
                    "lodash".into(),
                    "4.17.15".into(),
                    "pkg:npm/lodash@4.17.15".into()
                ),
                ("tarball".into(), "".into(), "pkg:npm/tarball".into()),
                ("ws".into(), "".into(), "pkg:npm/ws".into()),
            ]
        );
        let v1 = r#"{
  "lockfileVersion": 1,
  "dependencies": {
    "local-thing": {"version": "file:../local-thing"},
    "gitdep": {"version": "git+https://github.com/x/gitdep.git#abc", "from": "git+https://github.com/x/gitdep.git"},
    "remote": {"version": "https://example.com/remote-1.0.0.tgz"},
    "lodash": {"version": "4.17.20"}
  }
}"#;
        let got = sorted_name_version_purl(&run(&CATALOGER, "package-lock.json", v1.as_bytes()));
        assert_eq!(
            got,
            vec![
                ("gitdep".into(), "".into(), "pkg:npm/gitdep".into()),
                (
                    "local-thing".into(),
                    "".into(),
                    "pkg:npm/local-thing".into()
                ),
                (
                    "lodash".into(),
                    "4.17.20".into(),
                    "pkg:npm/lodash@4.17.20".into()
                ),
                ("remote".into(), "".into(), "pkg:npm/remote".into()),
            ]
        );
    }

    #[test]
    fn json_that_is_no_lockfile_is_an_error() {
        for text in [
            "[]",
            "\"x\"",
            r#"{"lockfileVersion":3,"packages":[]}"#,
            r#"{"packages":{"node_modules/x":{"version":5}}}"#,
            r#"{"packages":{"node_modules/x":7}}"#,
            r#"{"lockfileVersion":1,"dependencies":[]}"#,
            r#"{"lockfileVersion":1,"dependencies":{"x":{"version":1}}}"#,
        ] {
            let got = entries(text);
            assert!(
                matches!(got, Err(NpmLockError::Shape(_))),
                "{text}: {got:?}"
            );
        }
        let parsed = (CATALOGER.parse)(&CatalogInput {
            path: "package-lock.json",
            data: b"[]",
        });
        assert!(parsed.is_err());
    }

    #[test]
    fn empty_lockfiles_are_empty_not_errors() {
        for text in [
            "{}",
            r#"{"name":"app","lockfileVersion":3,"requires":true,"packages":{"":{"name":"app"}}}"#,
            r#"{"name":"app","lockfileVersion":3,"packages":{}}"#,
            r#"{"name":"app","lockfileVersion":1,"requires":true}"#,
            r#"{"lockfileVersion":1,"dependencies":{}}"#,
        ] {
            assert!(entries(text).is_ok_and(|e| e.is_empty()), "{text}");
        }
    }

    #[test]
    fn wants_lockfiles_and_the_hidden_lockfile() {
        assert!(wants("app/package-lock.json"));
        assert!(wants("app/node_modules/.package-lock.json"));
        assert!(!wants("app/node_modules/x/package-lock.json"));
        assert!(!wants("app/package.json"));
    }
}
