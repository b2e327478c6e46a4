//! The little of ELF the binary catalogers need, on top of the `object` crate: a named
//! section's bytes, and the bytes at a virtual address (Go's pre-1.18 build info points into
//! the data segment).

use object::{Object, ObjectSection, ObjectSegment};

pub(crate) const MAGIC: &[u8] = b"\x7fELF";

pub(crate) fn is_elf(data: &[u8]) -> bool {
    data.starts_with(MAGIC)
}

pub(crate) struct Elf<'d> {
    file: object::File<'d>,
}

impl<'d> Elf<'d> {
    pub(crate) fn parse(data: &'d [u8]) -> Option<Self> {
        if !is_elf(data) {
            return None;
        }
        object::File::parse(data).ok().map(|file| Self { file })
    }

    pub(crate) fn section(&self, name: &str) -> Option<&'d [u8]> {
        self.file.section_by_name(name)?.data().ok()
    }

    pub(crate) fn is_big_endian(&self) -> bool {
        !self.file.is_little_endian()
    }

    /// `len` bytes at virtual address `address`, from whichever segment or section maps it.
    pub(crate) fn read_at_address(&self, address: u64, len: u64) -> Option<&'d [u8]> {
        for segment in self.file.segments() {
            if let Ok(Some(bytes)) = segment.data_range(address, len) {
                return Some(bytes);
            }
        }
        for section in self.file.sections() {
            if let Ok(Some(bytes)) = section.data_range(address, len) {
                return Some(bytes);
            }
        }
        None
    }
}
