//! Shared reader for TOML lockfiles made of `[[package]]` tables with `name` and `version`
//! (Cargo.lock, poetry.lock): the TOML crate gives the values, a line scan gives the line of
//! each table header.

use serde::Deserialize;

use super::LockEntry;

#[derive(Deserialize)]
struct Lockfile {
    #[serde(default)]
    package: Vec<LockedPackage>,
}

#[derive(Deserialize)]
struct LockedPackage {
    name: String,
    version: String,
}

pub(crate) fn entries(text: &str) -> Result<Vec<LockEntry>, toml::de::Error> {
    let lock: Lockfile = toml::from_str(text)?;
    let header_lines: Vec<usize> = text
        .lines()
        .enumerate()
        .filter(|(_, line)| line.trim() == "[[package]]")
        .map(|(i, _)| i + 1)
        .collect();
    Ok(lock
        .package
        .into_iter()
        .enumerate()
        .map(|(i, p)| {
            let line = header_lines.get(i).copied().unwrap_or(0);
            LockEntry::new(p.name, p.version, line)
        })
        .collect())
}
