//! Go module build info embedded in ELF binaries (what `go version -m` prints): the Go
//! toolchain (`stdlib`), the main module and every `dep`, with `=>` replacements applied.
//!
//! The build info header (`\xff Go buildinf:`, 32 bytes) lives at the start of the
//! `.go.buildinfo` section. Go 1.18+ stores the strings inline as varint-prefixed bytes
//! (flag bit 2); older toolchains store pointers to Go string headers in the data segment.

use memchr::memmem;

use super::elf::{self, Elf};
use super::{file_name, package, MIB};
use crate::catalog::{CatalogError, CatalogInput, Cataloger};
use crate::{purl, Package};

pub(crate) const CATALOGER: Cataloger = Cataloger {
    name: "go-binary",
    wants: looks_executable,
    max_size: 256 * MIB,
    parse,
};

const BUILDINFO_MAGIC: &[u8] = b"\xff Go buildinf:";
const HEADER_LEN: usize = 32;
const FLAG_BIG_ENDIAN: u8 = 0x1;
const FLAG_INLINE_STRINGS: u8 = 0x2;

/// Whether a path may be an executable worth opening (the walker hands us paths, not
/// modes): not in a tree that only holds data, and no extension of a text or data format.
pub(crate) fn looks_executable(path: &str) -> bool {
    const DATA_TREES: &[&str] = &[
        "usr/share/",
        "usr/include/",
        "etc/",
        "var/lib/dpkg/",
        "var/lib/apt/",
        "var/cache/",
        "var/log/",
        "proc/",
        "sys/",
        "dev/",
    ];
    const DATA_INSIDE: &[&str] = &[
        "/node_modules/",
        "/site-packages/",
        "/dist-packages/",
        "/.git/",
        "/__pycache__/",
    ];
    const NOT_BINARY: &[&str] = &[
        "txt",
        "md",
        "rst",
        "json",
        "js",
        "mjs",
        "cjs",
        "ts",
        "map",
        "py",
        "pyc",
        "pyi",
        "rb",
        "pl",
        "pm",
        "php",
        "java",
        "class",
        "jar",
        "war",
        "ear",
        "go",
        "rs",
        "c",
        "h",
        "hpp",
        "cc",
        "cpp",
        "html",
        "htm",
        "css",
        "xml",
        "yaml",
        "yml",
        "toml",
        "ini",
        "cfg",
        "conf",
        "properties",
        "lock",
        "sh",
        "bash",
        "zsh",
        "fish",
        "png",
        "jpg",
        "jpeg",
        "gif",
        "svg",
        "ico",
        "gz",
        "tgz",
        "xz",
        "bz2",
        "zst",
        "zip",
        "tar",
        "pem",
        "crt",
        "key",
        "pub",
        "mo",
        "po",
        "qm",
        "ttf",
        "otf",
        "woff",
        "woff2",
        "pdf",
        "csv",
        "tsv",
        "sql",
        "db",
        "sqlite",
        "log",
        "list",
        "md5sums",
        "gemspec",
        "egg-info",
        "a",
        "o",
        "la",
        "pc",
        "cmake",
        "mk",
        "in",
        "am",
        "m4",
        "service",
        "socket",
        "timer",
        "rules",
        "desktop",
        "svgz",
        "gpg",
        "asc",
        "sig",
        "dat",
        "bin0",
    ];
    let with_slash = format!("/{path}");
    if DATA_TREES.iter().any(|tree| path.starts_with(tree))
        || DATA_INSIDE.iter().any(|dir| with_slash.contains(dir))
    {
        return false;
    }
    let name = file_name(path);
    match name.rsplit_once('.') {
        None => !name.is_empty(),
        Some(("", _)) => false, // dotfiles
        Some((_, ext)) => !NOT_BINARY.contains(&ext.to_ascii_lowercase().as_str()),
    }
}

fn parse(input: &CatalogInput<'_>) -> Result<Vec<Package>, CatalogError> {
    if !elf::is_elf(input.data) {
        return Ok(Vec::new());
    }
    let Some(info) = read_build_info(input.data) else {
        return Ok(Vec::new());
    };
    Ok(info.into_packages(input.path))
}

/// What the build info says, before it becomes packages.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct BuildInfo {
    pub go_version: String,
    pub main: Option<(String, String)>,
    pub deps: Vec<(String, String)>,
    pub ldflags: Option<String>,
}

impl BuildInfo {
    fn into_packages(self, path: &str) -> Vec<Package> {
        let mut out = Vec::new();
        if !self.go_version.is_empty() {
            // The version is kept as the toolchain reports it (`go1.20.4`); the purl uses the
            // bare version, as OSV and the golang purl type do.
            let bare = self.go_version.trim_start_matches("go");
            out.push(package(
                "stdlib",
                self.go_version.clone(),
                "Go",
                purl::golang("stdlib", bare),
                path,
            ));
        }
        if let Some((module, mut version)) = self.main {
            if version == "(devel)" || version.is_empty() {
                version = self
                    .ldflags
                    .as_deref()
                    .and_then(version_from_ldflags)
                    .unwrap_or_else(|| "(devel)".to_owned());
            }
            out.push(package(
                module.clone(),
                version.clone(),
                "Go",
                purl::golang(&module, &version),
                path,
            ));
        }
        for (module, version) in self.deps {
            let purl = purl::golang(&module, &version);
            out.push(package(module, version, "Go", purl, path));
        }
        out
    }
}

/// Finds and decodes the build info; `None` for binaries built without modules or not by Go.
pub(crate) fn read_build_info(data: &[u8]) -> Option<BuildInfo> {
    let elf = Elf::parse(data);
    let section = elf.as_ref().and_then(|e| e.section(".go.buildinfo"));
    let header_region = match section {
        Some(bytes) if bytes.starts_with(BUILDINFO_MAGIC) => bytes,
        // Stripped section headers: the header is 16-byte aligned in the data segment.
        _ => {
            let start = memmem::find_iter(data, BUILDINFO_MAGIC).find(|i| i % 16 == 0)?;
            data.get(start..)?
        }
    };
    let header = header_region.get(..HEADER_LEN)?;
    let pointer_size = usize::from(*header.get(14)?);
    let flags = *header.get(15)?;
    let (version, modinfo) = if flags & FLAG_INLINE_STRINGS != 0 {
        let rest = header_region.get(HEADER_LEN..)?;
        let (version, rest) = varint_string(rest)?;
        let (modinfo, _) = varint_string(rest)?;
        (version, modinfo)
    } else {
        let elf = elf.as_ref()?;
        let big_endian = flags & FLAG_BIG_ENDIAN != 0 || elf.is_big_endian();
        let read_pointer = |bytes: &[u8]| read_uint(bytes, pointer_size, big_endian);
        let version_address = read_pointer(header.get(16..)?)?;
        let modinfo_address = read_pointer(header.get(16 + pointer_size..)?)?;
        let go_string = |address: u64| -> Option<&[u8]> {
            let string_header = elf.read_at_address(address, 2 * pointer_size as u64)?;
            let data_address = read_pointer(string_header)?;
            let len = read_pointer(string_header.get(pointer_size..)?)?;
            if len > 16 * MIB {
                return None;
            }
            elf.read_at_address(data_address, len)
        };
        (
            go_string(version_address)?,
            go_string(modinfo_address).unwrap_or_default(),
        )
    };
    let version = String::from_utf8_lossy(version);
    // `go1.22.1 X:loopvar`: experiments follow the version after a space.
    let go_version = version.split(' ').next().unwrap_or_default().to_owned();
    let mut info = parse_modinfo(strip_sentinels(modinfo));
    info.go_version = go_version;
    Some(info)
}

/// The module info is framed by 16 bytes of sentinel on each side.
fn strip_sentinels(modinfo: &[u8]) -> &[u8] {
    let len = modinfo.len();
    if len >= 33 && modinfo.get(len - 17) == Some(&b'\n') {
        modinfo.get(16..len - 16).unwrap_or_default()
    } else {
        &[]
    }
}

/// Tab-separated lines: `path`, `mod path version sum`, `dep path version sum`,
/// `=> path version sum` (replaces the previous dep), `build key=value`.
pub(crate) fn parse_modinfo(modinfo: &[u8]) -> BuildInfo {
    let text = String::from_utf8_lossy(modinfo);
    let mut info = BuildInfo::default();
    for line in text.lines() {
        let fields: Vec<&str> = line.split('\t').collect();
        let field = |i: usize| fields.get(i).copied().unwrap_or_default();
        match field(0) {
            "mod" => info.main = Some((field(1).to_owned(), field(2).to_owned())),
            "dep" => info.deps.push((field(1).to_owned(), field(2).to_owned())),
            // A replacement by a local directory has no version: keep the original module,
            // which is what advisories name.
            "=>" if !field(2).is_empty() => {
                if let Some(last) = info.deps.last_mut() {
                    *last = (field(1).to_owned(), field(2).to_owned());
                }
            }
            "build" => {
                if let Some(flags) = field(1).strip_prefix("-ldflags=") {
                    info.ldflags = Some(flags.trim_matches('"').to_owned());
                }
            }
            _ => {}
        }
    }
    info
}

/// `-X main.version=v1.0.0` (or `…/version.Version=…`) sets the main module's version when
/// the toolchain recorded `(devel)`.
fn version_from_ldflags(ldflags: &str) -> Option<String> {
    let mut words = ldflags.split_whitespace();
    while let Some(word) = words.next() {
        let assignment = if word == "-X" {
            words.next()?
        } else if let Some(rest) = word.strip_prefix("-X=") {
            rest
        } else {
            continue;
        };
        let Some((symbol, value)) = assignment.split_once('=') else {
            continue;
        };
        let Some((package, variable)) = symbol.rsplit_once('.') else {
            continue;
        };
        let package_name = package.rsplit('/').next().unwrap_or(package);
        let names_version = matches!(variable, "version" | "Version")
            && matches!(package_name, "main" | "version" | "cmd" | "common");
        let value = value.trim_matches('\'').trim_matches('"');
        let semver_like = value
            .trim_start_matches('v')
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_digit());
        if names_version && semver_like {
            let with_v = if value.starts_with('v') {
                value.to_owned()
            } else {
                format!("v{value}")
            };
            return Some(with_v);
        }
    }
    None
}

fn varint_string(data: &[u8]) -> Option<(&[u8], &[u8])> {
    let mut value: u64 = 0;
    let mut shift = 0;
    for (i, &byte) in data.iter().enumerate().take(10) {
        value |= u64::from(byte & 0x7f) << shift;
        if byte < 0x80 {
            let start = i + 1;
            let end = start.checked_add(usize::try_from(value).ok()?)?;
            return Some((data.get(start..end)?, data.get(end..)?));
        }
        shift += 7;
    }
    None
}

fn read_uint(bytes: &[u8], size: usize, big_endian: bool) -> Option<u64> {
    let bytes = bytes.get(..size)?;
    match (size, big_endian) {
        (4, false) => Some(u64::from(u32::from_le_bytes(bytes.try_into().ok()?))),
        (4, true) => Some(u64::from(u32::from_be_bytes(bytes.try_into().ok()?))),
        (8, false) => Some(u64::from_le_bytes(bytes.try_into().ok()?)),
        (8, true) => Some(u64::from_be_bytes(bytes.try_into().ok()?)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::lang::test_support::{pairs, run, shared};

    const PARSER: &str = "suites/trivy-fanal/pkg/dependency/parser/golang/binary/testdata";
    const ANALYZER: &str = "suites/trivy-fanal/pkg/fanal/analyzer/language/golang/binary/testdata";

    fn p(name: &str, version: &str) -> (String, String) {
        (name.to_owned(), version.to_owned())
    }

    #[test]
    fn pre_118_pointer_format() {
        let got = run(
            &CATALOGER,
            "usr/local/bin/test",
            &shared(&format!("{PARSER}/test.elf")),
        );
        assert_eq!(
            pairs(&got),
            vec![
                p("stdlib", "go1.15.2"),
                p("github.com/aquasecurity/test", "(devel)"),
                p(
                    "github.com/aquasecurity/go-pep440-version",
                    "v0.0.0-20210121094942-22b2f8951d46"
                ),
                p(
                    "github.com/aquasecurity/go-version",
                    "v0.0.0-20210121072130-637058cfe492"
                ),
                p("golang.org/x/xerrors", "v0.0.0-20200804184101-5ec99f83aff1"),
            ]
        );
        assert_eq!(got[0].purl, "pkg:golang/stdlib@1.15.2");
        assert_eq!(
            got[4].purl,
            "pkg:golang/golang.org/x/xerrors@v0.0.0-20200804184101-5ec99f83aff1"
        );
    }

    #[test]
    fn inline_format_with_ldflags_version_and_experiments() {
        let got = run(
            &CATALOGER,
            "app/server",
            &shared(&format!("{PARSER}/main-version-via-ldflags.elf")),
        );
        assert_eq!(
            pairs(&got),
            vec![
                p("stdlib", "go1.22.1"),
                p("github.com/aquasecurity/test", "v1.0.0")
            ]
        );
        let got = run(
            &CATALOGER,
            "app/exp",
            &shared(&format!("{PARSER}/goexperiment")),
        );
        assert_eq!(got.first().map(|p| p.version.as_str()), Some("go1.22.1"));
    }

    #[test]
    fn non_go_and_broken_files_give_nothing() {
        for name in ["executable_bash", "broken_elf", "0755"] {
            let got = run(
                &CATALOGER,
                "usr/bin/x",
                &shared(&format!("{ANALYZER}/{name}")),
            );
            assert!(got.is_empty(), "{name}");
        }
        assert!(run(&CATALOGER, "usr/bin/x", &shared(&format!("{PARSER}/dummy"))).is_empty());
    }

    #[test]
    fn replacements_apply_to_the_previous_dep() {
        let info = parse_modinfo(
            b"path\tx\nmod\tx\t(devel)\t\ndep\ta.io/m\tv1.0.0\th1:x\n=>\tb.io/m\tv1.2.0\th1:y\ndep\tc.io/n\tv0.1.0\th1:z\n=>\t../local\t\t\n",
        );
        assert_eq!(
            info.deps,
            vec![p("b.io/m", "v1.2.0"), p("c.io/n", "v0.1.0")]
        );
    }

    #[test]
    fn wants_executable_looking_paths() {
        assert!(looks_executable("app/bin/esbuild"));
        assert!(looks_executable(
            "usr/local/bin/terraform-provider-aws_v5.0.0_x5"
        ));
        assert!(looks_executable("usr/lib/x86_64-linux-gnu/libc.so.6"));
        assert!(!looks_executable("usr/share/doc/bash/copyright"));
        assert!(!looks_executable("app/node/node_modules/mkdirp/bin/cmd.js"));
        assert!(!looks_executable("app/rust/Cargo.lock"));
        assert!(!looks_executable("root/.bashrc"));
    }
}
