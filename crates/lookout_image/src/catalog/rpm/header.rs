//! rpm header blobs as stored in the rpm databases (the header without its 8-byte lead):
//! `il` index entries and `dl` bytes of data, big-endian.

/// The fields a scanner needs from one installed package.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RpmHeader {
    pub name: String,
    pub epoch: Option<u32>,
    pub version: String,
    pub release: String,
    pub arch: Option<String>,
    pub source_rpm: Option<String>,
    pub license: Option<String>,
}

const TAG_NAME: u32 = 1000;
const TAG_VERSION: u32 = 1001;
const TAG_RELEASE: u32 = 1002;
const TAG_EPOCH: u32 = 1003;
const TAG_LICENSE: u32 = 1014;
const TAG_ARCH: u32 = 1022;
const TAG_SOURCERPM: u32 = 1044;

const TYPE_INT32: u32 = 4;
const TYPE_STRING: u32 = 6;
const TYPE_I18NSTRING: u32 = 9;

/// Index entries above this are not a real header (rpm itself caps at 0xffff).
const MAX_INDEX_ENTRIES: usize = 0x10000;

fn be32(data: &[u8], at: usize) -> Option<u32> {
    let b = data.get(at..at.checked_add(4)?)?;
    Some(u32::from_be_bytes([b[0], b[1], b[2], b[3]]))
}

/// Parses a header blob; `None` when it is malformed.
pub fn parse(blob: &[u8]) -> Option<RpmHeader> {
    let il = usize::try_from(be32(blob, 0)?).ok()?;
    let dl = usize::try_from(be32(blob, 4)?).ok()?;
    if il > MAX_INDEX_ENTRIES {
        return None;
    }
    let data_start = 8usize.checked_add(il.checked_mul(16)?)?;
    let store = blob.get(data_start..data_start.checked_add(dl)?)?;
    let mut h = RpmHeader::default();
    for i in 0..il {
        let at = 8 + i * 16;
        let tag = be32(blob, at)?;
        let ty = be32(blob, at + 4)?;
        let offset = usize::try_from(be32(blob, at + 8)?).ok()?;
        let string = || -> Option<String> {
            if ty != TYPE_STRING && ty != TYPE_I18NSTRING {
                return None;
            }
            let rest = store.get(offset..)?;
            let end = rest.iter().position(|&b| b == 0)?;
            Some(String::from_utf8_lossy(&rest[..end]).into_owned())
        };
        match tag {
            TAG_NAME => h.name = string()?,
            TAG_VERSION => h.version = string()?,
            TAG_RELEASE => h.release = string()?,
            TAG_EPOCH if ty == TYPE_INT32 => h.epoch = be32(store, offset),
            TAG_LICENSE => h.license = string(),
            TAG_ARCH => h.arch = string(),
            TAG_SOURCERPM => h.source_rpm = string(),
            _ => {}
        }
    }
    (!h.name.is_empty()).then_some(h)
}

/// `openssl-3.0.7-25.el9.src.rpm` → (`openssl`, `3.0.7-25.el9`).
pub fn split_source_rpm(source_rpm: &str) -> Option<(String, String)> {
    let base = source_rpm
        .strip_suffix(".src.rpm")
        .or_else(|| source_rpm.strip_suffix(".nosrc.rpm"))?;
    let (rest, release) = base.rsplit_once('-')?;
    let (name, version) = rest.rsplit_once('-')?;
    (!name.is_empty()).then(|| (name.to_string(), format!("{version}-{release}")))
}

/// Builds a header blob (for tests of the database readers).
#[cfg(test)]
pub fn build(fields: &[(u32, &str)], epoch: Option<u32>) -> Vec<u8> {
    let mut index = Vec::new();
    let mut store = Vec::new();
    let mut count = 0u32;
    for (tag, value) in fields {
        index.extend_from_slice(&tag.to_be_bytes());
        index.extend_from_slice(&TYPE_STRING.to_be_bytes());
        index.extend_from_slice(&u32::try_from(store.len()).unwrap_or(0).to_be_bytes());
        index.extend_from_slice(&1u32.to_be_bytes());
        store.extend_from_slice(value.as_bytes());
        store.push(0);
        count += 1;
    }
    if let Some(e) = epoch {
        while store.len() % 4 != 0 {
            store.push(0);
        }
        index.extend_from_slice(&TAG_EPOCH.to_be_bytes());
        index.extend_from_slice(&TYPE_INT32.to_be_bytes());
        index.extend_from_slice(&u32::try_from(store.len()).unwrap_or(0).to_be_bytes());
        index.extend_from_slice(&1u32.to_be_bytes());
        store.extend_from_slice(&e.to_be_bytes());
        count += 1;
    }
    let mut out = Vec::new();
    out.extend_from_slice(&count.to_be_bytes());
    out.extend_from_slice(&u32::try_from(store.len()).unwrap_or(0).to_be_bytes());
    out.extend_from_slice(&index);
    out.extend_from_slice(&store);
    out
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn parses_built_header() {
        let blob = build(
            &[
                (TAG_NAME, "openssl-libs"),
                (TAG_VERSION, "3.0.7"),
                (TAG_RELEASE, "25.el9"),
                (TAG_ARCH, "x86_64"),
                (TAG_LICENSE, "ASL 2.0"),
                (TAG_SOURCERPM, "openssl-3.0.7-25.el9.src.rpm"),
            ],
            Some(1),
        );
        let h = parse(&blob).unwrap();
        assert_eq!(h.name, "openssl-libs");
        assert_eq!(h.epoch, Some(1));
        assert_eq!(h.release, "25.el9");
        assert_eq!(
            split_source_rpm(h.source_rpm.as_deref().unwrap()),
            Some(("openssl".into(), "3.0.7-25.el9".into()))
        );
    }

    #[test]
    fn garbage_is_none_not_panic() {
        assert!(parse(&[0xff; 64]).is_none());
        assert!(parse(&[0, 0, 0, 1, 0, 0, 0, 200, 0, 0]).is_none());
        assert!(parse(&[]).is_none());
    }
}
