//! Indexes an outer tar archive by its headers only: names (PAX and GNU long names
//! included), data offsets and sizes. Data is skipped with seeks, never read.

use std::collections::HashMap;
use std::io::{self, Read, Seek, SeekFrom};

use serde::{Deserialize, Serialize};

use crate::paths;
use crate::source::{RandomAccess, Slice};

/// What an indexed member is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum MemberKind {
    File,
    Dir,
    /// Symlink target, resolved to a normalized archive path.
    Symlink(String),
    /// Hardlink target (a normalized archive path).
    Hardlink(String),
    Other,
}

/// One member of the outer archive.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Member {
    /// Normalized name (no leading `./`).
    pub name: String,
    /// Offset of the member's data in the archive.
    pub offset: u64,
    pub size: u64,
    pub kind: MemberKind,
}

/// The header index of a tar archive; serializable so a browser worker can reuse it.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct TarIndex {
    pub members: Vec<Member>,
    /// True when the archive stops right after a member, without tar's end-of-archive
    /// marker: a download cut on a block boundary reads like that, and would otherwise
    /// look like an archive that simply lacks its manifest.
    #[serde(default)]
    pub missing_end_marker: bool,
}

/// Why the outer archive could not be indexed.
#[derive(Debug, thiserror::Error)]
pub enum TarIndexError {
    #[error("not a tar archive: {0}")]
    NotTar(String),
    #[error("truncated archive: member `{name}` needs bytes up to offset {end}, but the archive has {len}")]
    Truncated { name: String, end: u64, len: u64 },
    #[error(
        "truncated archive: it ends ({len} bytes) inside the tar header after member `{after}`"
    )]
    TruncatedHeader { after: String, len: u64 },
    #[error("truncated archive: it ends ({len} bytes) after member `{after}` without tar's end-of-archive marker, before any image manifest")]
    CutBeforeManifest { after: String, len: u64 },
    #[error(
        "corrupt archive: the tar header after member `{after}` (offset {offset}) is not valid"
    )]
    CorruptHeader { after: String, offset: u64 },
    #[error("cannot read the archive: {0}")]
    Io(#[from] io::Error),
}

/// Adapts a [`RandomAccess`] to `Read + Seek` for the tar crate's seeking iterator.
struct SeekAdapter<'a> {
    source: &'a dyn RandomAccess,
    pos: u64,
}

impl Read for SeekAdapter<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.source.read_at(self.pos, buf)?;
        self.pos += n as u64;
        Ok(n)
    }
}

impl Seek for SeekAdapter<'_> {
    fn seek(&mut self, to: SeekFrom) -> io::Result<u64> {
        let target = match to {
            SeekFrom::Start(p) => Some(p),
            SeekFrom::Current(d) => self.pos.checked_add_signed(d),
            SeekFrom::End(d) => self.source.len().checked_add_signed(d),
        };
        self.pos = target
            .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "seek before start"))?;
        Ok(self.pos)
    }
}

impl TarIndex {
    /// Reads every header of `source`. Fails on a malformed header or a member whose data
    /// runs past the end of the source (a truncated download).
    pub fn build(source: &dyn RandomAccess) -> Result<Self, TarIndexError> {
        let len = source.len();
        if len < 512 {
            return Err(TarIndexError::NotTar(format!(
                "{len} bytes is shorter than one tar header"
            )));
        }
        let mut archive = tar::Archive::new(SeekAdapter { source, pos: 0 });
        let mut members = Vec::new();
        let entries = archive.entries_with_seek()?;
        for entry in entries {
            // The tar crate's own message quotes the bytes it choked on (the file's content,
            // line breaks and all): say what the file is, or where it is damaged, instead.
            let entry = entry.map_err(|e| match members.last() {
                None => TarIndexError::NotTar(first_bytes_described(source)),
                // The tar crate says "failed to read entire block"; the sizes say why.
                Some(last) if ends_inside_a_header(last, len) => TarIndexError::TruncatedHeader {
                    after: last.name.clone(),
                    len,
                },
                Some(last) if is_bad_header(&e) => TarIndexError::CorruptHeader {
                    after: last.name.clone(),
                    offset: next_header(last),
                },
                Some(_) => TarIndexError::Io(e),
            })?;
            let raw_name = String::from_utf8_lossy(&entry.path_bytes()).into_owned();
            let (name, _) = paths::normalize(&raw_name);
            let offset = entry.raw_file_position();
            let size = entry.size();
            let end = offset.saturating_add(size);
            if end > len {
                return Err(TarIndexError::Truncated { name, end, len });
            }
            let header = entry.header();
            let link = entry
                .link_name_bytes()
                .map(|l| String::from_utf8_lossy(&l).into_owned())
                .unwrap_or_default();
            let kind = match header.entry_type() {
                tar::EntryType::Regular | tar::EntryType::Continuous => MemberKind::File,
                tar::EntryType::Directory => MemberKind::Dir,
                tar::EntryType::Symlink => MemberKind::Symlink(paths::resolve_link(&name, &link)),
                tar::EntryType::Link => MemberKind::Hardlink(paths::normalize(&link).0),
                _ => MemberKind::Other,
            };
            members.push(Member {
                name,
                offset,
                size,
                kind,
            });
        }
        let Some(last) = members.last() else {
            return Err(TarIndexError::NotTar("no members".into()));
        };
        // The tar crate stops at a zero block (the end marker) or where the archive ends;
        // with a block left after the last member, it stopped at the marker.
        let missing_end_marker = next_header(last).saturating_add(512) > len;
        Ok(Self {
            members,
            missing_end_marker,
        })
    }

    /// Why a missing manifest may be a cut rather than a foreign archive: `Some` when the
    /// archive ends without its end marker.
    pub fn cut_short(&self, len: u64) -> Option<TarIndexError> {
        let last = self.members.last()?;
        self.missing_end_marker
            .then(|| TarIndexError::CutBeforeManifest {
                after: last.name.clone(),
                len,
            })
    }
}

/// Where the header after `last` starts: its data rounded up to whole 512-byte blocks.
/// What the file is, from its first block (see [`super::sniff`]).
fn first_bytes_described(source: &dyn RandomAccess) -> String {
    let mut head = [0u8; 512];
    match source.read_at(0, &mut head) {
        Ok(n) => super::sniff::describe(&head[..n]),
        Err(e) => format!("cannot read its first block: {e}"),
    }
}

/// A header the tar crate refused (checksum, numeric fields), as opposed to a failed read.
fn is_bad_header(e: &io::Error) -> bool {
    let message = e.to_string();
    e.kind() == io::ErrorKind::Other
        && ["checksum", "cksum", "numeric field"]
            .iter()
            .any(|m| message.contains(m))
}

fn next_header(last: &Member) -> u64 {
    last.offset.saturating_add(last.size).div_ceil(512) * 512
}

/// Whether an archive of `len` bytes ends before the header after `last` is complete: a
/// tar is a whole number of 512-byte blocks, and a header follows each member's data.
fn ends_inside_a_header(last: &Member, len: u64) -> bool {
    !len.is_multiple_of(512) || next_header(last).saturating_add(512) > len
}

/// Links followed before giving up on a member name (loops in a hostile archive).
const MAX_LINK_HOPS: usize = 16;

/// A named set of blobs: the members of an outer tar, or files of an unpacked OCI layout
/// directory (implemented by the CLI). Names are normalized relative paths
/// (`manifest.json`, `blobs/sha256/<hex>`, `<id>/layer.tar`).
pub trait BlobSet {
    /// Opens a blob by name, following links; `None` when absent.
    fn open_blob(&self, name: &str) -> Option<Box<dyn RandomAccess + '_>>;
    /// True when a blob of that name exists.
    fn has_blob(&self, name: &str) -> bool {
        self.open_blob(name).is_some()
    }
    /// Why the set may be incomplete (an outer tar cut on a block boundary): the error to
    /// give instead of "no manifest". `None` by default.
    fn cut_short(&self) -> Option<TarIndexError> {
        None
    }
}

/// The members of an indexed tar archive as a [`BlobSet`]. Generic over the source so a
/// `Sync` source (a file) gives a `Sync` blob set that threads can share.
pub struct TarBlobs<'a, R: RandomAccess + ?Sized = dyn RandomAccess + 'a> {
    source: &'a R,
    index: TarIndex,
    by_name: HashMap<String, usize>,
}

impl<'a, R: RandomAccess + ?Sized> TarBlobs<'a, R> {
    /// Indexes `source` and wraps it.
    pub fn open(source: &'a R) -> Result<Self, TarIndexError> {
        let index = TarIndex::build(&source)?;
        Ok(Self::from_index(source, index))
    }

    /// Wraps an index built earlier (e.g. in another worker) over the same source.
    pub fn from_index(source: &'a R, index: TarIndex) -> Self {
        // Later members win, as when a tar is extracted.
        let by_name = index
            .members
            .iter()
            .enumerate()
            .map(|(i, m)| (m.name.clone(), i))
            .collect();
        Self {
            source,
            index,
            by_name,
        }
    }

    pub fn index(&self) -> &TarIndex {
        &self.index
    }

    /// The member holding the data for `name`, links followed (bounded).
    pub fn member(&self, name: &str) -> Option<&Member> {
        let mut current = paths::normalize(name).0;
        for _ in 0..MAX_LINK_HOPS {
            let member = self.index.members.get(*self.by_name.get(&current)?)?;
            match &member.kind {
                MemberKind::File => return Some(member),
                MemberKind::Symlink(t) | MemberKind::Hardlink(t) => current.clone_from(t),
                MemberKind::Dir | MemberKind::Other => return None,
            }
        }
        None
    }
}

impl<R: RandomAccess + ?Sized> BlobSet for TarBlobs<'_, R> {
    fn cut_short(&self) -> Option<TarIndexError> {
        self.index.cut_short(self.source.len())
    }

    fn open_blob(&self, name: &str) -> Option<Box<dyn RandomAccess + '_>> {
        let m = self.member(name)?;
        Some(Box::new(Slice::new(&self.source, m.offset, m.size)))
    }
}
