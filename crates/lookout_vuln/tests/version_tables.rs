//! Table tests: every vector file under ../shared/suites/versions, run against the
//! matching comparer. Counts per scheme are printed (`cargo test -- --nocapture`).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use lookout_vuln::version::{
    compare_apk, is_valid_apk, is_valid_dpkg, is_valid_pep440, rpmvercmp, Scheme, VersionScheme,
};
use std::cmp::Ordering;
use std::collections::BTreeMap;
use std::path::Path;

/// How a file's rows are checked.
#[derive(Clone, Copy)]
enum Check {
    Compare(Scheme),
    /// apk with its fuzzy `~` operators.
    Apk,
    /// rpm's `rpmvercmp` on bare version/release strings (no epoch parsing).
    RpmVerCmp,
    ValidDpkg,
    ValidPep440,
}

/// Files whose scheme Lookout does not implement (no OSV ecosystem we match uses
/// them) or that duplicate another file; they are read but not asserted.
const NOT_IN_SCOPE: &[(&str, &str)] = &[
    (
        "osv-scalibr-semantic/pub-versions.txt",
        "Pub (Dart) is not a scheme Lookout matches",
    ),
    (
        "osv-scalibr-semantic/cran-versions.txt",
        "CRAN is not a scheme Lookout matches",
    ),
    (
        "osv-scalibr-semantic/cran-versions-generated.txt",
        "CRAN is not a scheme Lookout matches",
    ),
    (
        "osv-scalibr-semantic/hackage-versions.txt",
        "Hackage is not a scheme Lookout matches",
    ),
    (
        "semver/node-semver-comparisons.json",
        "same rows as node-semver-comparisons.txt",
    ),
    (
        "semver/node-semver-equality.json",
        "same rows as node-semver-equality.txt",
    ),
    (
        "semver/node-semver-valid-versions.json",
        "parse results (objects), not comparisons",
    ),
    (
        "pep440/packaging-VERSIONS.json",
        "same list as packaging-VERSIONS-order.txt",
    ),
    (
        "semver/raw/range-include.js",
        "raw JS, not converted (see README)",
    ),
    (
        "semver/raw/range-exclude.js",
        "raw JS, not converted (see README)",
    ),
    (
        "semver/raw/invalid-versions.js",
        "raw JS, not converted (see README)",
    ),
];

/// Rows that disagree with our comparer, each with the reason it is accepted.
/// Keyed by (file, row text).
const KNOWN_EXCEPTIONS: &[(&str, &str, &str)] = &[
    (
        "osv-scalibr-semantic/alpine-versions.txt",
        "1-r = 1-r0",
        "apk-tools 3 rejects an empty revision (`-r`), so `1-r` is invalid there; osv-scalibr reads it as r0",
    ),
    (
        "osv-scalibr-semantic/alpine-versions.txt",
        "1-r0-1 = 1-r-2",
        "both sides are invalid for apk-tools; we order invalid versions as strings so distinct strings never compare equal",
    ),
    (
        "osv-scalibr-semantic/alpine-versions.txt",
        "1-r0-1 = 1-r0-2",
        "text after the revision makes both sides invalid for apk-tools; we order invalid versions as strings so distinct strings never compare equal",
    ),
    (
        "osv-scalibr-semantic/alpine-versions.txt",
        "1-ruff2 = 1-ruff1",
        "text after the revision makes both sides invalid for apk-tools; we order invalid versions as strings so distinct strings never compare equal",
    ),
    (
        "osv-scalibr-semantic/alpine-versions.txt",
        "1-ruff2 = 1--ruff1",
        "text after the revision makes both sides invalid for apk-tools; we order invalid versions as strings so distinct strings never compare equal",
    ),
    (
        "osv-scalibr-semantic/alpine-versions.txt",
        "1-r0-ruff2 = 1-r0-ruff1",
        "text after the revision makes both sides invalid for apk-tools; we order invalid versions as strings so distinct strings never compare equal",
    ),
    (
        "osv-scalibr-semantic/packagist-versions.txt",
        "1.2.3.# = 1.2.3",
        "a literal `#` is PHP's internal number placeholder; honouring it in input makes the order intransitive \
         (3 > 0p > # yet 3 = #), which can make sorting panic; real Composer versions never contain `#`",
    ),
    (
        "osv-scalibr-semantic/packagist-versions.txt",
        "1.2.3.# = 1.2.3.1",
        "a literal `#` is PHP's internal number placeholder; honouring it in input makes the order intransitive \
         (3 > 0p > # yet 3 = #), which can make sorting panic; real Composer versions never contain `#`",
    ),
    (
        "osv-scalibr-semantic/packagist-versions.txt",
        "1.2.3.#.1 > 1.2.3",
        "a literal `#` is PHP's internal number placeholder; honouring it in input makes the order intransitive \
         (3 > 0p > # yet 3 = #), which can make sorting panic; real Composer versions never contain `#`",
    ),
    (
        "osv-scalibr-semantic/packagist-versions.txt",
        "1.2.3.#.p3 > 1.2.3",
        "a literal `#` is PHP's internal number placeholder; honouring it in input makes the order intransitive \
         (3 > 0p > # yet 3 = #), which can make sorting panic; real Composer versions never contain `#`",
    ),
    (
        "maven/ComparableVersionTest.txt",
        "2.0.a < 2-1",
        "Maven 4 changed how a dot-qualifier compares with a hyphen-number; we keep the Maven 3 order          (`.qualifier < -qualifier < -number < .number`) that osv-scalibr and existing advisories use",
    ),
    (
        "osv-scalibr-semantic/redhat-versions.txt",
        "1 < 1-",
        "rpm's own labelCompare calls these equal (an empty release); see VALIDATION.txt (2 rows)",
    ),
];

fn check_for(rel: &str) -> Option<Check> {
    let check = match rel {
        "dpkg/dpkg-t-version-parse.tsv" => Check::ValidDpkg,
        "pep440/packaging-valid-invalid.tsv" => Check::ValidPep440,
        r if r.starts_with("dpkg/") => Check::Compare(Scheme::Dpkg),
        r if r.starts_with("apk/") => Check::Apk,
        r if r.starts_with("rpm/") => Check::RpmVerCmp,
        r if r.starts_with("pep440/") => Check::Compare(Scheme::Pep440),
        r if r.starts_with("maven/") => Check::Compare(Scheme::Maven),
        r if r.starts_with("semver/") => Check::Compare(Scheme::Semver),
        r => {
            let name = r.strip_prefix("osv-scalibr-semantic/")?;
            let scheme = match name.split('-').next()? {
                "alpine" => Check::Apk,
                "debian" => Check::Compare(Scheme::Dpkg),
                "redhat" => Check::Compare(Scheme::Rpm),
                "maven" => Check::Compare(Scheme::Maven),
                "pypi" => Check::Compare(Scheme::Pep440),
                "semver" => Check::Compare(Scheme::Semver),
                "packagist" => Check::Compare(Scheme::Composer),
                "rubygems" => Check::Compare(Scheme::RubyGems),
                "nuget" => Check::Compare(Scheme::NuGet),
                _ => return None,
            };
            scheme
        }
    };
    Some(check)
}

fn check_name(check: Check) -> &'static str {
    match check {
        Check::Compare(s) => s.comparer().name(),
        Check::Apk => "apk",
        Check::RpmVerCmp => "rpm",
        Check::ValidDpkg => "dpkg (validity)",
        Check::ValidPep440 => "pep440 (validity)",
    }
}

/// Splits `A OP B` (OP surrounded by single spaces; A or B may be empty).
fn split_row(row: &str) -> Option<(&str, &str, &str)> {
    const OPS: [&str; 10] = ["!=", "!<", "!>", "!~", "<~", ">~", "<", "=", ">", "~"];
    // Try every position of " OP " from the left; the first one that parses wins.
    for (i, _) in row.match_indices(' ') {
        let rest = &row[i + 1..];
        for op in OPS {
            if let Some(after) = rest.strip_prefix(op) {
                if let Some(b) = after.strip_prefix(' ') {
                    return Some((&row[..i], op, b));
                }
            }
        }
    }
    None
}

fn holds(check: Check, a: &str, op: &str, b: &str) -> bool {
    let ord = match check {
        Check::Compare(s) => s.compare(a, b),
        Check::RpmVerCmp => rpmvercmp(a, b),
        Check::Apk => {
            if op.contains('~') {
                let fuzzy = compare_apk(a, b, true);
                return match op {
                    "~" => fuzzy == Ordering::Equal,
                    "!~" => fuzzy != Ordering::Equal,
                    "<~" => fuzzy != Ordering::Greater,
                    ">~" => fuzzy != Ordering::Less,
                    _ => false,
                };
            }
            lookout_vuln::version::Apk.compare(a, b)
        }
        Check::ValidDpkg | Check::ValidPep440 => return false,
    };
    match op {
        "<" => ord == Ordering::Less,
        "=" => ord == Ordering::Equal,
        ">" => ord == Ordering::Greater,
        "!=" => ord != Ordering::Equal,
        "!<" => ord != Ordering::Less,
        "!>" => ord != Ordering::Greater,
        _ => false,
    }
}

/// C-style escapes kept in the dpkg parse table (`\n`, `\t`).
fn unescape(s: &str) -> String {
    s.replace("\\n", "\n")
        .replace("\\t", "\t")
        .replace("\\\\", "\\")
}

#[derive(Default)]
struct Tally {
    passed: usize,
    excepted: usize,
    failed: Vec<String>,
}

fn run_file(rel: &str, path: &Path, check: Check, tally: &mut Tally) {
    let text = std::fs::read_to_string(path).unwrap();
    for line in text.lines() {
        if line.starts_with('#') || line.starts_with("//") || line.trim().is_empty() {
            continue;
        }
        // Trailing "\t# loose" style annotations.
        let row = line.split("\t#").next().unwrap_or(line);
        let ok = match check {
            Check::ValidDpkg | Check::ValidPep440 => {
                let Some((expect, version)) = row.split_once('\t') else {
                    tally.failed.push(format!("{rel}: unreadable row {row:?}"));
                    continue;
                };
                let version = unescape(version);
                let valid = if matches!(check, Check::ValidDpkg) {
                    is_valid_dpkg(&version)
                } else {
                    is_valid_pep440(&version)
                };
                valid == (expect == "valid")
            }
            Check::Apk if split_row(row).is_none() => {
                // apk-tools validity rows: "VERSION" is valid, "!VERSION" is not.
                match row.strip_prefix('!') {
                    Some(invalid) => !is_valid_apk(invalid),
                    None => is_valid_apk(row),
                }
            }
            _ => {
                let Some((a, op, b)) = split_row(row) else {
                    tally.failed.push(format!("{rel}: unreadable row {row:?}"));
                    continue;
                };
                holds(check, a, op, b)
            }
        };
        if ok {
            tally.passed += 1;
        } else if KNOWN_EXCEPTIONS
            .iter()
            .any(|(f, r, _)| *f == rel && *r == row)
        {
            tally.excepted += 1;
        } else {
            tally.failed.push(format!("{rel}: {row}"));
        }
    }
}

fn collect_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            collect_files(&path, out);
        } else {
            out.push(path);
        }
    }
}

#[test]
fn every_version_vector_file_passes() {
    let root = common::shared_dir().join("suites/versions");
    let mut files = Vec::new();
    collect_files(&root, &mut files);
    files.sort();
    let mut per_scheme: BTreeMap<&str, Tally> = BTreeMap::new();
    let mut skipped = Vec::new();
    for path in &files {
        let rel = path
            .strip_prefix(&root)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        if matches!(
            rel.as_str(),
            "README.md" | "PROVENANCE.json" | "VALIDATION.txt"
        ) {
            continue;
        }
        if let Some((_, why)) = NOT_IN_SCOPE.iter().find(|(f, _)| *f == rel) {
            skipped.push(format!("{rel}: {why}"));
            continue;
        }
        let check = check_for(&rel).unwrap_or_else(|| panic!("no comparer assigned to {rel}"));
        run_file(
            &rel,
            path,
            check,
            per_scheme.entry(check_name(check)).or_default(),
        );
    }
    let mut failures = Vec::new();
    for (scheme, tally) in &per_scheme {
        println!(
            "{scheme:<18} passed {:>6}  known exceptions {:>3}  failed {:>4}",
            tally.passed,
            tally.excepted,
            tally.failed.len()
        );
        failures.extend(tally.failed.iter().cloned());
    }
    for s in &skipped {
        println!("not asserted: {s}");
    }
    assert!(per_scheme.values().all(|t| t.passed > 0));
    assert!(
        failures.is_empty(),
        "{} rows disagree:\n{}",
        failures.len(),
        failures
            .iter()
            .take(80)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
}
