//! Rust binaries built with `cargo auditable`: the `.dep-v0` ELF section holds the
//! zlib-compressed JSON dependency list (`{"packages":[{"name","version","source",…}]}`).

use std::io::Read;

use flate2::read::ZlibDecoder;
use serde::Deserialize;

use super::elf::{self, Elf};
use super::go_binary::looks_executable;
use super::{catalog_error, package, MIB};
use crate::catalog::{CatalogError, CatalogInput, Cataloger};
use crate::{purl, Package};

pub(crate) const CATALOGER: Cataloger = Cataloger {
    name: "rust-auditable",
    wants: looks_executable,
    max_size: 256 * MIB,
    parse,
};

/// The decompressed list is small (a few hundred bytes per crate); anything beyond this is
/// not audit data.
const MAX_JSON: u64 = 8 * MIB;

#[derive(Deserialize)]
struct AuditData {
    packages: Vec<AuditPackage>,
}

#[derive(Deserialize)]
struct AuditPackage {
    name: String,
    version: String,
    #[serde(default)]
    kind: Option<String>,
}

fn parse(input: &CatalogInput<'_>) -> Result<Vec<Package>, CatalogError> {
    if !elf::is_elf(input.data) {
        return Ok(Vec::new());
    }
    let Some(section) = Elf::parse(input.data).and_then(|e| e.section(".dep-v0")) else {
        return Ok(Vec::new());
    };
    let packages = decode(section).map_err(|e| catalog_error(CATALOGER.name, input.path, e))?;
    Ok(packages
        .into_iter()
        // Build dependencies (build scripts, proc macros) are not in the binary.
        .filter(|p| p.kind.as_deref() != Some("build"))
        .map(|p| {
            let purl = purl::cargo(&p.name, &p.version);
            package(p.name, p.version, "crates.io", purl, input.path)
        })
        .collect())
}

fn decode(compressed: &[u8]) -> Result<Vec<AuditPackage>, String> {
    let mut json = Vec::new();
    ZlibDecoder::new(compressed)
        .take(MAX_JSON)
        .read_to_end(&mut json)
        .map_err(|e| format!(".dep-v0: {e}"))?;
    let data: AuditData = serde_json::from_slice(&json).map_err(|e| format!(".dep-v0: {e}"))?;
    Ok(data.packages)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use std::io::Write;

    use flate2::write::ZlibEncoder;

    use super::*;

    /// A minimal 64-bit little-endian ELF with one named section (plus the null section and
    /// the section-name table), enough for `object` to find `.dep-v0`.
    fn elf_with_section(name: &str, contents: &[u8]) -> Vec<u8> {
        let mut shstrtab = vec![0u8];
        let name_offset = shstrtab.len() as u32;
        shstrtab.extend_from_slice(name.as_bytes());
        shstrtab.push(0);
        let shstrtab_name = shstrtab.len() as u32;
        shstrtab.extend_from_slice(b".shstrtab\0");

        let data_offset = 64u64;
        let shstr_offset = data_offset + contents.len() as u64;
        let sh_offset = (shstr_offset + shstrtab.len() as u64 + 7) & !7;
        let mut out = Vec::new();
        out.extend_from_slice(b"\x7fELF\x02\x01\x01\0");
        out.extend_from_slice(&[0; 8]);
        out.extend_from_slice(&3u16.to_le_bytes()); // e_type: shared object
        out.extend_from_slice(&62u16.to_le_bytes()); // x86-64
        out.extend_from_slice(&1u32.to_le_bytes());
        out.extend_from_slice(&0u64.to_le_bytes()); // entry
        out.extend_from_slice(&0u64.to_le_bytes()); // phoff
        out.extend_from_slice(&sh_offset.to_le_bytes());
        out.extend_from_slice(&0u32.to_le_bytes()); // flags
        out.extend_from_slice(&64u16.to_le_bytes()); // ehsize
        out.extend_from_slice(&56u16.to_le_bytes()); // phentsize
        out.extend_from_slice(&0u16.to_le_bytes()); // phnum
        out.extend_from_slice(&64u16.to_le_bytes()); // shentsize
        out.extend_from_slice(&3u16.to_le_bytes()); // shnum
        out.extend_from_slice(&2u16.to_le_bytes()); // shstrndx
        out.extend_from_slice(contents);
        out.extend_from_slice(&shstrtab);
        out.resize(sh_offset as usize, 0);
        let mut section = |name: u32, ty: u32, offset: u64, size: u64| {
            out.extend_from_slice(&name.to_le_bytes());
            out.extend_from_slice(&ty.to_le_bytes());
            out.extend_from_slice(&0u64.to_le_bytes()); // flags
            out.extend_from_slice(&0u64.to_le_bytes()); // addr
            out.extend_from_slice(&offset.to_le_bytes());
            out.extend_from_slice(&size.to_le_bytes());
            out.extend_from_slice(&0u32.to_le_bytes());
            out.extend_from_slice(&0u32.to_le_bytes());
            out.extend_from_slice(&1u64.to_le_bytes());
            out.extend_from_slice(&0u64.to_le_bytes());
        };
        section(0, 0, 0, 0);
        section(name_offset, 1, data_offset, contents.len() as u64);
        section(shstrtab_name, 3, shstr_offset, shstrtab.len() as u64);
        out
    }

    fn zlib(data: &[u8]) -> Vec<u8> {
        let mut encoder = ZlibEncoder::new(Vec::new(), flate2::Compression::default());
        encoder.write_all(data).unwrap();
        encoder.finish().unwrap()
    }

    #[test]
    fn reads_audit_data_and_drops_build_dependencies() {
        let json = br#"{"packages":[{"name":"app","version":"0.1.0","source":"local","root":true,"dependencies":[1]},{"name":"regex","version":"1.5.4","source":"crates.io","dependencies":[]},{"name":"cc","version":"1.0.79","source":"crates.io","kind":"build"}]}"#;
        let binary = elf_with_section(".dep-v0", &zlib(json));
        let got = (CATALOGER.parse)(&CatalogInput {
            path: "usr/local/bin/app",
            data: &binary,
        })
        .unwrap();
        let names: Vec<_> = got
            .iter()
            .map(|p| (p.name.as_str(), p.version.as_str()))
            .collect();
        assert_eq!(names, vec![("app", "0.1.0"), ("regex", "1.5.4")]);
        assert_eq!(got[1].purl, "pkg:cargo/regex@1.5.4");
        assert_eq!(got[1].ecosystem, "crates.io");
    }

    #[test]
    fn other_binaries_and_corrupt_sections() {
        let plain = elf_with_section(".text", b"\x90\x90");
        let input = CatalogInput {
            path: "bin/x",
            data: &plain,
        };
        assert!((CATALOGER.parse)(&input).unwrap().is_empty());
        let corrupt = elf_with_section(".dep-v0", b"not zlib");
        let input = CatalogInput {
            path: "bin/x",
            data: &corrupt,
        };
        assert!((CATALOGER.parse)(&input).is_err());
    }
}
