//! apk: `lib/apk/db/installed` — name, version, arch, license, origin (`o:`).

use super::{distro, CatalogError, CatalogInput, Cataloger};
use crate::Package;

pub const CATALOGER: Cataloger = Cataloger {
    name: "apk",
    wants: |path| path == "lib/apk/db/installed" || path == "usr/lib/apk/db/installed",
    max_size: 64 << 20,
    parse,
};

fn parse(input: &CatalogInput<'_>) -> Result<Vec<Package>, CatalogError> {
    let text = std::str::from_utf8(input.data).map_err(|e| CatalogError {
        cataloger: "apk",
        path: input.path.to_string(),
        reason: format!("not UTF-8: {e}"),
    })?;
    Ok(parse_installed(text, input.path))
}

#[derive(Default)]
struct Record<'t> {
    name: Option<&'t str>,
    version: Option<&'t str>,
    arch: Option<&'t str>,
    license: Option<&'t str>,
    origin: Option<&'t str>,
}

impl Record<'_> {
    fn finish(self, path: &str, out: &mut Vec<Package>) {
        let (Some(name), Some(version)) = (self.name, self.version) else {
            return;
        };
        out.push(Package {
            name: name.to_string(),
            version: version.to_string(),
            ecosystem: distro::APK.to_string(),
            source_name: Some(self.origin.unwrap_or(name).to_string()),
            source_version: Some(version.to_string()),
            purl: crate::purl::apk("alpine", name, version, self.arch, None),
            licenses: self
                .license
                .map(|l| vec![l.to_string()])
                .unwrap_or_default(),
            path: path.to_string(),
            layer: 0,
            arch: self.arch.map(str::to_string),
        });
    }
}

/// Parses the apk installed database (records separated by blank lines; `X:value` lines).
pub fn parse_installed(text: &str, path: &str) -> Vec<Package> {
    let mut out = Vec::new();
    let mut rec = Record::default();
    for line in text.lines() {
        let line = line.trim_end_matches('\r');
        if line.is_empty() {
            std::mem::take(&mut rec).finish(path, &mut out);
            continue;
        }
        let Some((key, value)) = line.split_once(':') else {
            continue;
        };
        // The first occurrence wins: file lists repeat other single-letter keys.
        let slot = match key {
            "P" => &mut rec.name,
            "V" => &mut rec.version,
            "A" => &mut rec.arch,
            "L" => &mut rec.license,
            "o" => &mut rec.origin,
            _ => continue,
        };
        if slot.is_none() && !value.is_empty() {
            *slot = Some(value);
        }
    }
    rec.finish(path, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_records_with_origin_and_license() {
        let db = "C:Q1x=\nP:libcrypto3\nV:3.1.0-r4\nA:x86_64\nL:Apache-2.0\no:openssl\n\nP:musl\nV:1.2.4-r0\nA:x86_64\n";
        let p = parse_installed(db, "lib/apk/db/installed");
        assert_eq!(p.len(), 2);
        assert_eq!(p[0].source_name.as_deref(), Some("openssl"));
        assert_eq!(p[0].licenses, vec!["Apache-2.0"]);
        assert_eq!(p[1].source_name.as_deref(), Some("musl"));
    }
}
