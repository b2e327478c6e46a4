//! The lockfile line that declares each package of a lockfile scan, so SARIF (and JSON)
//! put a lockfile's vulnerabilities where the editor and the hook do. The parsers already
//! know the lines (`locate_dependency_lines`); the package model does not carry them, so
//! they are kept beside the inventory and joined back onto the vulnerabilities by path,
//! name and version.

use std::collections::HashMap;

use lookout_core::deps::finding_lines;
use lookout_image::catalog::lang::locate_dependency_lines;
use lookout_report::VulnerabilityEntry;

/// `(name, version, 1-based line)` of every dependency, per lockfile path.
#[derive(Debug, Default)]
pub struct DeclaredLines {
    by_path: HashMap<String, Vec<(String, String, u32)>>,
}

impl DeclaredLines {
    /// Records the dependencies of the lockfile `file_name` (its text `text`), reported
    /// under `path`, on the lines the editor and the hook use (the version's line).
    pub fn record(&mut self, path: &str, file_name: &str, text: &str) {
        let mut located = locate_dependency_lines(file_name, text);
        if located.is_empty() {
            return;
        }
        let lines = finding_lines(text, &located);
        for (entry, line) in located.iter_mut().zip(lines) {
            entry.2 = line;
        }
        self.by_path.insert(path.to_owned(), located);
    }

    pub fn extend(&mut self, other: Self) {
        self.by_path.extend(other.by_path);
    }

    /// The line declaring `name` at `version` in `path`: the exact entry first, else the
    /// first entry of that name (the hook's rule); line 0 means the parser could not tell.
    fn line(&self, path: &str, name: &str, version: &str) -> Option<usize> {
        let located = self.by_path.get(path)?;
        let exact = located.iter().find(|(n, v, _)| n == name && v == version);
        let (_, _, line) = exact.or_else(|| located.iter().find(|(n, _, _)| n == name))?;
        usize::try_from(*line).ok().filter(|line| *line > 0)
    }

    /// Sets `line` on every vulnerability whose package this lockfile scan located.
    pub fn place(&self, vulnerabilities: &mut [VulnerabilityEntry]) {
        for v in vulnerabilities {
            if v.line.is_none() {
                v.line = self.line(&v.path, &v.package, &v.version);
            }
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn vulnerabilities_get_the_line_of_their_lockfile_entry() {
        let text = "{\n  \"lockfileVersion\": 3,\n  \"packages\": {\n    \"\": {\"name\": \"app\"},\n    \"node_modules/lodash\": {\n      \"version\": \"4.17.15\"\n    },\n    \"node_modules/minimist\": {\n      \"version\": \"1.2.0\"\n    }\n  }\n}\n";
        let mut lines = DeclaredLines::default();
        lines.record("app/package-lock.json", "package-lock.json", text);
        let vuln = |package: &str, version: &str, path: &str| VulnerabilityEntry {
            id: "GHSA-x".into(),
            package: package.into(),
            version: version.into(),
            path: path.into(),
            ..VulnerabilityEntry::default()
        };
        let mut vulns = vec![
            vuln("minimist", "1.2.0", "app/package-lock.json"),
            vuln("lodash", "4.17.15", "app/package-lock.json"),
            vuln("lodash", "4.17.15", "other/package-lock.json"),
        ];
        lines.place(&mut vulns);
        let got: Vec<Option<usize>> = vulns.iter().map(|v| v.line).collect();
        // The lines of the `"version"` members, where the editor and the hook put them.
        assert_eq!(got, vec![Some(9), Some(6), None]);
    }

    #[test]
    fn unreadable_text_places_nothing() {
        let mut lines = DeclaredLines::default();
        lines.record("package-lock.json", "package-lock.json", "{ not json");
        let mut vulns = vec![VulnerabilityEntry {
            package: "lodash".into(),
            version: "4.17.15".into(),
            path: "package-lock.json".into(),
            ..VulnerabilityEntry::default()
        }];
        lines.place(&mut vulns);
        assert_eq!(vulns[0].line, None);
    }
}
