//! Ruby: installed gems (`specifications/*.gemspec`, the stub Ruby files RubyGems writes on
//! install) and `Gemfile.lock` (`specs:` entries of the GEM, GIT and PATH sections).

use super::{catalog_error, file_name, package, LockEntry, LockfileSyntaxError, MIB};
use crate::catalog::{CatalogError, CatalogInput, Cataloger};
use crate::{purl, Package};

pub(crate) const GEMSPEC_CATALOGER: Cataloger = Cataloger {
    name: "ruby-gemspec",
    wants: |path| {
        path.ends_with(".gemspec")
            && path
                .rsplit('/')
                .nth(1)
                .is_some_and(|dir| dir == "specifications")
    },
    max_size: 4 * MIB,
    parse: parse_gemspec,
};

pub(crate) const GEMFILE_LOCK_CATALOGER: Cataloger = Cataloger {
    name: "gemfile-lock",
    wants: |path| file_name(path) == "Gemfile.lock",
    max_size: 16 * MIB,
    parse: parse_gemfile_lock,
};

fn parse_gemspec(input: &CatalogInput<'_>) -> Result<Vec<Package>, CatalogError> {
    let text = super::text(input);
    let mut name = None;
    let mut version = None;
    let mut licenses = Vec::new();
    for line in text.lines() {
        let line = line.trim();
        let Some((lhs, rhs)) = line.split_once('=') else {
            continue;
        };
        // `s.name = "rake".freeze`, `s.version = "13.0.6"`, `s.licenses = ["MIT".freeze]`
        let attribute = lhs.trim().rsplit('.').next().unwrap_or_default();
        match attribute {
            "name" if name.is_none() => name = first_quoted(rhs),
            "version" if version.is_none() => version = first_quoted(rhs),
            "licenses" | "license" if licenses.is_empty() => licenses = all_quoted(rhs),
            _ => {}
        }
    }
    let (Some(name), Some(version)) = (name, version) else {
        return Ok(Vec::new());
    };
    let mut pkg = package(
        name,
        version,
        "RubyGems",
        purl::gem(name, version),
        input.path,
    );
    pkg.licenses = licenses.into_iter().map(str::to_owned).collect();
    Ok(vec![pkg])
}

fn all_quoted(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(value) = first_quoted(rest) {
        out.push(value);
        let Some(start) = rest.find(value) else {
            break;
        };
        rest = rest.get(start + value.len() + 1..).unwrap_or_default();
    }
    out
}

fn first_quoted(text: &str) -> Option<&str> {
    let start = text.find(['"', '\''])?;
    let quote = text.get(start..=start)?;
    let rest = text.get(start + 1..)?;
    let end = rest.find(quote)?;
    rest.get(..end)
}

fn parse_gemfile_lock(input: &CatalogInput<'_>) -> Result<Vec<Package>, CatalogError> {
    let entries = gemfile_lock_entries(&super::text(input))
        .map_err(|e| catalog_error(GEMFILE_LOCK_CATALOGER.name, input.path, e))?;
    Ok(entries
        .into_iter()
        .map(|e| {
            let purl = purl::gem(&e.name, &e.version);
            package(e.name, e.version, "RubyGems", purl, input.path)
        })
        .collect())
}

/// `    name (1.2.3)` or `    name (1.2.3-x86_64-linux)` at four spaces under `  specs:`;
/// six-space lines are that gem's dependencies. Unindented lines must be section names
/// (`GEM`, `BUNDLED WITH`) and spec lines must read as `name (version)`: otherwise the file
/// is not a Gemfile.lock, and saying so beats reporting no gems.
pub(crate) fn gemfile_lock_entries(text: &str) -> Result<Vec<LockEntry>, LockfileSyntaxError> {
    let mut out = Vec::new();
    let mut in_specs = false;
    for (index, line) in text.lines().enumerate() {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() {
            continue;
        }
        if !line.starts_with(' ') {
            if !line
                .chars()
                .all(|c| c.is_ascii_uppercase() || c == ' ' || c == '_')
            {
                return Err(LockfileSyntaxError::new(
                    index + 1,
                    format!("expected a section name such as GEM, found {line}"),
                ));
            }
            in_specs = false;
            continue;
        }
        if line.trim_end() == "  specs:" {
            in_specs = true;
            continue;
        }
        let Some(spec) = line.strip_prefix("    ").filter(|_| in_specs) else {
            continue;
        };
        if spec.starts_with(' ') {
            continue;
        }
        let Some((name, version)) = name_and_version(spec.trim_end()) else {
            return Err(LockfileSyntaxError::new(
                index + 1,
                format!("expected a gem as name (version), found {}", spec.trim()),
            ));
        };
        out.push(LockEntry::new(name, strip_platform(version), index + 1));
    }
    Ok(out)
}

/// `rack (2.2.4)` → (`rack`, `2.2.4`).
fn name_and_version(spec: &str) -> Option<(&str, &str)> {
    let (name, rest) = spec.split_once(" (")?;
    let version = rest.strip_suffix(')')?;
    let plain = |s: &str| !s.is_empty() && !s.contains([' ', '(', ')']);
    (plain(name) && plain(version)).then_some((name, version))
}

/// `1.13.10-x86_64-linux` → `1.13.10` (gem versions never contain `-`; platforms follow it).
fn strip_platform(version: &str) -> &str {
    version.split('-').next().unwrap_or(version)
}

#[cfg(test)]
mod tests {
    use super::*;

    const LOCK: &str = "GIT\n  remote: https://github.com/x/y.git\n  revision: abc\n  specs:\n    y (0.1.0)\n\nGEM\n  remote: https://rubygems.org/\n  specs:\n    actionpack (7.0.4)\n      rack (~> 2.0, >= 2.2.0)\n    nokogiri (1.13.10-x86_64-linux)\n      racc (~> 1.4)\n    rack (2.2.4)\n\nPLATFORMS\n  x86_64-linux\n\nDEPENDENCIES\n  actionpack\n\nBUNDLED WITH\n   2.3.26\n";

    #[test]
    fn gemfile_lock_specs_with_lines() {
        let got: Vec<_> = gemfile_lock_entries(LOCK)
            .unwrap_or_else(|e| panic!("{e}"))
            .into_iter()
            .map(|e| (e.name, e.version, e.line))
            .collect();
        assert_eq!(
            got,
            vec![
                ("y".into(), "0.1.0".into(), 5),
                ("actionpack".into(), "7.0.4".into(), 10),
                ("nokogiri".into(), "1.13.10".into(), 12),
                ("rack".into(), "2.2.4".into(), 14),
            ]
        );
    }

    #[test]
    fn installed_gemspec() {
        let spec = "# -*- encoding: utf-8 -*-\n# stub: rake 13.0.6 ruby lib\n\nGem::Specification.new do |s|\n  s.name = \"rake\".freeze\n  s.version = \"13.0.6\"\n\n  s.required_rubygems_version = Gem::Requirement.new(\">= 1.3.2\".freeze) if s.respond_to? :required_rubygems_version=\n  s.licenses = [\"MIT\".freeze]\nend\n";
        let path = "usr/local/lib/ruby/gems/3.1.0/specifications/rake-13.0.6.gemspec";
        assert!((GEMSPEC_CATALOGER.wants)(path));
        assert!(!(GEMSPEC_CATALOGER.wants)("app/rake.gemspec"));
        let got = parse_gemspec(&CatalogInput {
            path,
            data: spec.as_bytes(),
        })
        .unwrap_or_default();
        assert_eq!(got.len(), 1);
        assert_eq!(
            (got[0].name.as_str(), got[0].version.as_str()),
            ("rake", "13.0.6")
        );
        assert_eq!(got[0].licenses, vec!["MIT".to_owned()]);
        assert_eq!(got[0].purl, "pkg:gem/rake@13.0.6");
        assert_eq!(got[0].ecosystem, "RubyGems");
    }

    #[test]
    fn broken_gemfile_lock_is_an_error() {
        let line_of = |text: &str| gemfile_lock_entries(text).map_err(|e| e.line);
        assert_eq!(line_of("GEM\n  specs:\n    (((\n"), Err(3));
        assert_eq!(line_of("GEM\n  specs:\n    rack 2.2.4\n"), Err(3));
        assert_eq!(line_of("{\"not\": \"a lock\"}\n"), Err(1));
        assert!((GEMFILE_LOCK_CATALOGER.parse)(&CatalogInput {
            path: "Gemfile.lock",
            data: b"GEM\n  specs:\n    (((\n",
        })
        .is_err());
    }

    #[test]
    fn gemfile_lock_without_gems_is_empty() {
        let empty = "GEM\n  remote: https://rubygems.org/\n  specs:\n\nPLATFORMS\n  ruby\n\nDEPENDENCIES\n\nBUNDLED WITH\n   2.4.10\n";
        assert_eq!(gemfile_lock_entries(empty), Ok(Vec::new()));
        assert_eq!(gemfile_lock_entries(""), Ok(Vec::new()));
        assert_eq!(
            gemfile_lock_entries("GEM\r\n  specs:\r\n    rack (2.2.4)\r\n").map(|e| e
                .into_iter()
                .map(|e| (e.name, e.version))
                .collect::<Vec<_>>()),
            Ok(vec![("rack".to_owned(), "2.2.4".to_owned())])
        );
    }
}
