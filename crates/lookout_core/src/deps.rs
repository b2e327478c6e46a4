//! Dependency files (lockfiles and manifests) checked against the vulnerability DB, for the
//! editor and the pre-commit hook: one finding per vulnerable dependency, placed on the line
//! that declares it, with the version text as its range where it can be found.
//!
//! Parsing is the image catalogers' (`lookout_image::catalog::lang`), so a lockfile reads
//! the same in an image scan, the editor and the hook. The caller owns the DB: it loads the
//! shards [`ecosystems_in`] names before calling [`check_dependency_file`].

use std::collections::BTreeSet;

use lookout_diagnostics::{Applicability, Edit, Fix, LineIndex, TextRange};
use lookout_image::catalog::lang::{for_lockfile, locate_dependency_lines};
use lookout_image::catalog::CatalogInput;
use lookout_image::Package;
use lookout_vuln::version::Scheme;
use lookout_vuln::{Db, Query, Rating};

/// One vulnerable dependency declared by a dependency file.
#[derive(Debug, Clone, PartialEq)]
pub struct DependencyFinding {
    pub name: String,
    pub version: String,
    /// OSV ecosystem (`npm`, `PyPI`, …).
    pub ecosystem: String,
    /// 1-based line that declares the dependency.
    pub line: u32,
    /// Advisory ids, sorted.
    pub ids: Vec<String>,
    /// The highest rating among the advisories.
    pub severity: Rating,
    /// The smallest version that fixes every advisory, when each has a fix.
    pub fixed_version: Option<String>,
    /// The version text where it was found on or just below `line`, else the line itself.
    pub range: TextRange,
    /// True when `range` is exactly the version text (a bump can replace it).
    pub range_is_version: bool,
    /// One-line summaries, in `ids` order.
    pub summaries: Vec<String>,
}

impl DependencyFinding {
    /// `lodash 4.17.15: GHSA-…, GHSA-… (HIGH); fixed in 4.17.21`.
    #[must_use]
    pub fn message(&self) -> String {
        let mut message = format!(
            "{} {}: {} ({})",
            self.name,
            self.version,
            self.ids.join(", "),
            rating_label(self.severity)
        );
        match &self.fixed_version {
            Some(fixed) => message.push_str(&format!("; fixed in {fixed}")),
            None => message.push_str("; no fixed version"),
        }
        message
    }
}

/// `CRITICAL`, `HIGH`, `MEDIUM`, `LOW`, `UNKNOWN`.
#[must_use]
pub fn rating_label(rating: Rating) -> &'static str {
    match rating {
        Rating::Critical => "CRITICAL",
        Rating::High => "HIGH",
        Rating::Medium => "MEDIUM",
        Rating::Low => "LOW",
        Rating::Unknown => "UNKNOWN",
    }
}

/// True when `path` names a dependency file this module reads.
#[must_use]
pub fn is_dependency_file(path: &str) -> bool {
    for_lockfile(path).is_some()
}

/// The ecosystems the dependencies of `path` belong to: the DB shards a caller must load.
#[must_use]
pub fn ecosystems_in(path: &str, text: &str) -> Vec<String> {
    let set: BTreeSet<String> = parse_packages(path, text)
        .into_iter()
        .map(|p| p.ecosystem)
        .collect();
    set.into_iter().collect()
}

/// Vulnerable dependencies of the dependency file `path`, in line order. Unknown file
/// names, unparsable text and ecosystems whose shard is not loaded give nothing.
#[must_use]
pub fn check_dependency_file(path: &str, text: &str, db: &Db) -> Vec<DependencyFinding> {
    let packages = parse_packages(path, text);
    if packages.is_empty() {
        return Vec::new();
    }
    let located = locate_dependency_lines(path, text);
    let index = LineIndex::new(text);
    let mut seen = BTreeSet::new();
    let mut findings: Vec<DependencyFinding> = packages
        .iter()
        .filter(|p| seen.insert((p.ecosystem.clone(), p.name.clone(), p.version.clone())))
        .filter_map(|package| finding_for(package, db, &located, text, &index))
        .collect();
    findings.sort_by(|a, b| (a.line, &a.name).cmp(&(b.line, &b.name)));
    findings
}

/// The edit replacing the version with the fixed one, for formats where the declared
/// version is the one installed and editing it by hand is normal. Generated lockfiles
/// whose entries carry hashes of the resolved artifact (Cargo.lock, poetry.lock,
/// yarn.lock, pnpm-lock.yaml, composer.lock, Gemfile.lock) are refreshed by their tool, so
/// no bump is offered there.
#[must_use]
pub fn version_bump_fix(path: &str, finding: &DependencyFinding) -> Option<Fix> {
    let fixed = finding.fixed_version.as_ref()?;
    if !finding.range_is_version || !bump_allowed(path) {
        return None;
    }
    // package-lock.json keeps `resolved` and `integrity` of the old tarball beside the
    // version; npm refreshes them on the next install, so the edit alone is not enough.
    let applicability = if for_lockfile(path).is_some_and(|c| c.name == "npm-lock") {
        Applicability::Unsafe
    } else {
        Applicability::Safe
    };
    Some(Fix {
        title: format!("Bump {} to {fixed}", finding.name),
        applicability,
        edits: vec![Edit::replace(finding.range, fixed.clone())],
    })
}

fn bump_allowed(path: &str) -> bool {
    for_lockfile(path).is_some_and(|cataloger| {
        matches!(
            cataloger.name,
            "npm-lock" | "python-requirements" | "go-mod" | "maven-pom"
        )
    })
}

fn parse_packages(path: &str, text: &str) -> Vec<Package> {
    let Some(cataloger) = for_lockfile(path) else {
        return Vec::new();
    };
    let relative = path.trim_start_matches('/');
    (cataloger.parse)(&CatalogInput {
        path: relative,
        data: text.as_bytes(),
    })
    .unwrap_or_default()
}

fn finding_for(
    package: &Package,
    db: &Db,
    located: &[(String, String, u32)],
    text: &str,
    index: &LineIndex,
) -> Option<DependencyFinding> {
    if !crate::scan::has_registry_version(package) {
        return None;
    }
    let matches = db.match_package(&Query {
        ecosystem: &package.ecosystem,
        name: &package.name,
        version: &package.version,
        source_name: None,
        source_version: None,
    });
    if matches.is_empty() {
        return None;
    }
    let scheme = Scheme::for_ecosystem(lookout_vuln::names::split_ecosystem(&package.ecosystem).0);
    let severity = matches
        .iter()
        .map(|m| m.severity)
        .max()
        .unwrap_or(Rating::Unknown);
    // Every advisory must have a fix for a bump to clear the finding; then the largest
    // of the fixed versions is the smallest one that clears all of them.
    let fixed_version = if matches.iter().all(|m| m.fixed_version.is_some()) {
        matches
            .iter()
            .filter_map(|m| m.fixed_version.clone())
            .max_by(|a, b| scheme.compare(a, b))
    } else {
        None
    };
    let line = located
        .iter()
        .find(|(name, version, _)| *name == package.name && *version == package.version)
        .or_else(|| {
            located
                .iter()
                .find(|(name, _, _)| names_equal(name, &package.name))
        })
        // Line 0: the parser found the entry but not its line; the file's first line then.
        .map_or(1, |(_, _, line)| (*line).max(1));
    let (range, range_is_version) = version_range(text, index, line, &package.version);
    Some(DependencyFinding {
        name: package.name.clone(),
        version: package.version.clone(),
        ecosystem: package.ecosystem.clone(),
        line,
        ids: matches.iter().map(|m| m.id.clone()).collect(),
        severity,
        fixed_version,
        range,
        range_is_version,
        summaries: matches.iter().map(|m| m.summary.clone()).collect(),
    })
}

/// The 1-based line the editor and the hook show each located dependency's finding on: the
/// line of its version text at or just below the declaring line (package-lock puts
/// `"version"` under the key), else the declaring line; 0 stays 0 (line unknown). Same
/// order as `located` (from `locate_dependency_lines`), so other faces can place the same
/// findings on the same lines.
#[must_use]
pub fn finding_lines(text: &str, located: &[(String, String, u32)]) -> Vec<u32> {
    let index = LineIndex::new(text);
    located
        .iter()
        .map(|(_, version, line)| {
            if *line == 0 {
                return 0;
            }
            let (range, _) = version_range(text, &index, *line, version);
            u32::try_from(index.line_of(range.start()) + 1).unwrap_or(*line)
        })
        .collect()
}

/// PyPI names differ in case and separators between the file and the cataloger.
fn names_equal(a: &str, b: &str) -> bool {
    let norm = |s: &str| s.to_ascii_lowercase().replace(['_', '.'], "-");
    norm(a) == norm(b)
}

/// How many lines below the declaring line the version may sit (package-lock entries put
/// `"version"` after the key line; pom.xml puts `<version>` after `<artifactId>`).
const VERSION_SEARCH_LINES: usize = 6;

fn version_range(text: &str, index: &LineIndex, line: u32, version: &str) -> (TextRange, bool) {
    let first = (line as usize).saturating_sub(1);
    let line_range = index.line_range(text, first).unwrap_or_default();
    if !version.is_empty() {
        for candidate in first..first + VERSION_SEARCH_LINES {
            let Some(range) = index.line_range(text, candidate) else {
                break;
            };
            let Some(line_text) = text.get(range.start()..range.end()) else {
                break;
            };
            if let Some(at) = find_whole(line_text, version) {
                return (
                    TextRange::new(range.start() + at, range.start() + at + version.len()),
                    true,
                );
            }
        }
    }
    let line_text = text.get(line_range.start()..line_range.end()).unwrap_or("");
    let indent = line_text.len() - line_text.trim_start().len();
    (
        TextRange::new(line_range.start() + indent, line_range.end()),
        false,
    )
}

/// `needle` in `haystack` not glued to other version characters (`1.2` must not match
/// inside `11.2.0`).
fn find_whole(haystack: &str, needle: &str) -> Option<usize> {
    let is_version_char = |c: char| c.is_ascii_alphanumeric() || c == '.' || c == '-' || c == '+';
    haystack
        .match_indices(needle)
        .map(|(at, _)| at)
        .find(|&at| {
            let before = haystack.get(..at).and_then(|s| s.chars().next_back());
            let after = haystack
                .get(at + needle.len()..)
                .and_then(|s| s.chars().next());
            !before.is_some_and(|c| is_version_char(c) && c != 'v')
                && !after.is_some_and(is_version_char)
        })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    /// The package directory at run time (cargo sets it for tests), not at compile
    /// time: a test binary reused from another checkout's build must read this one's files.
    pub(crate) fn manifest_dir() -> String {
        std::env::var("CARGO_MANIFEST_DIR")
            .unwrap_or_else(|_| env!("CARGO_MANIFEST_DIR").to_owned())
    }

    fn npm_db() -> Db {
        let path = format!("{}/../../../shared/osv/npm/all.zip", manifest_dir());
        let zip = std::fs::read(&path)
            .unwrap_or_else(|e| panic!("this test needs ../shared ({path}): {e}"));
        let built = lookout_vuln::build_db(&[("npm/all.zip", zip)], "2026-01-01T00:00:00Z");
        Db::from_built(&built).unwrap()
    }

    const LOCK: &str = r#"{
  "name": "app",
  "version": "1.0.0",
  "lockfileVersion": 3,
  "requires": true,
  "packages": {
    "": {
      "name": "app",
      "version": "1.0.0",
      "dependencies": { "lodash": "4.17.15" }
    },
    "node_modules/lodash": {
      "version": "4.17.15",
      "resolved": "https://registry.npmjs.org/lodash/-/lodash-4.17.15.tgz"
    }
  }
}
"#;

    #[test]
    fn lodash_in_package_lock_is_found_on_its_version() {
        let db = npm_db();
        assert_eq!(
            ecosystems_in("package-lock.json", LOCK),
            vec!["npm".to_string()]
        );
        let findings = check_dependency_file("package-lock.json", LOCK, &db);
        let lodash = findings.iter().find(|f| f.name == "lodash").unwrap();
        assert_eq!(lodash.version, "4.17.15");
        assert!(!lodash.ids.is_empty());
        assert!(lodash.range_is_version);
        assert_eq!(&LOCK[lodash.range.start()..lodash.range.end()], "4.17.15");
        let line_of_range = LOCK[..lodash.range.start()].matches('\n').count() + 1;
        assert_eq!(line_of_range, 13);
        let fixed = lodash.fixed_version.clone().unwrap();
        let fix = version_bump_fix("package-lock.json", lodash).unwrap();
        let bumped = lookout_diagnostics::apply_edits(LOCK, &fix.edits);
        assert!(bumped.contains(&format!("\"version\": \"{fixed}\"")));
        assert!(check_dependency_file("package-lock.json", &bumped, &db)
            .iter()
            .all(|f| f.name != "lodash"));
    }

    #[test]
    fn workspace_members_and_local_copies_are_not_matched() {
        let db = npm_db();
        // The registry's ws 0.0.1 and a git copy of lodash 4.17.15 both have advisories;
        // the project's own `ws` workspace and the git checkout are not those releases.
        let registry = r#"{"lockfileVersion": 3, "packages": {
  "node_modules/ws": {"version": "0.0.1", "resolved": "https://registry.npmjs.org/ws/-/ws-0.0.1.tgz"}
}}"#;
        assert!(!check_dependency_file("package-lock.json", registry, &db).is_empty());
        let local = r#"{"lockfileVersion": 3, "packages": {
  "": {"name": "app", "workspaces": ["packages/ws"]},
  "node_modules/ws": {"resolved": "packages/ws", "link": true},
  "packages/ws": {"name": "ws", "version": "0.0.1"},
  "node_modules/lodash": {"version": "4.17.15", "resolved": "git+ssh://git@github.com/lodash/lodash.git#abc"}
}}"#;
        assert_eq!(
            check_dependency_file("package-lock.json", local, &db),
            vec![]
        );
        let v1 = r#"{"lockfileVersion": 1, "dependencies": {
  "ws": {"version": "file:../ws"},
  "lodash": {"version": "git+https://github.com/lodash/lodash.git#abc"}
}}"#;
        assert_eq!(check_dependency_file("package-lock.json", v1, &db), vec![]);
        let packages = parse_packages("package-lock.json", local);
        assert_eq!(packages.len(), 2);
        assert!(crate::scan::match_packages(&db, &packages).is_empty());
    }

    #[test]
    fn finding_lines_are_the_version_lines_the_findings_use() {
        let db = npm_db();
        let located = locate_dependency_lines("package-lock.json", LOCK);
        let lines = finding_lines(LOCK, &located);
        let lodash = located.iter().position(|(n, _, _)| n == "lodash").unwrap();
        assert_eq!(located[lodash].2, 12);
        assert_eq!(lines[lodash], 13);
        let finding = check_dependency_file("package-lock.json", LOCK, &db);
        let offset = finding[0].range.start();
        assert_eq!(LOCK[..offset].matches('\n').count() + 1, 13);
        // No version text near the line: the declaring line; unknown stays unknown.
        let text = "a\nb\n";
        let none = [
            ("x".to_owned(), "9.9".to_owned(), 2),
            ("y".to_owned(), "1".to_owned(), 0),
        ];
        assert_eq!(finding_lines(text, &none), vec![2, 0]);
    }

    #[test]
    fn unknown_files_and_garbage_give_nothing() {
        let db = npm_db();
        assert!(check_dependency_file("notes.txt", "lodash 4.17.15", &db).is_empty());
        assert!(check_dependency_file("package-lock.json", "{\"packages\": [", &db).is_empty());
    }

    #[test]
    fn whole_version_match_skips_longer_versions() {
        assert_eq!(find_whole("x==11.2.0 y==1.2", "1.2"), Some(13));
        assert_eq!(find_whole("require foo v1.2.0", "v1.2.0"), Some(12));
        assert_eq!(find_whole("1.2.3", "1.2"), None);
    }
}
