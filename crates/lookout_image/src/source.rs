//! Random access to the bytes of an image archive, and readers over slices of it.
//!
//! The CLI backs [`RandomAccess`] with a file, the browser with `Blob` slices; tests use
//! byte vectors. Nothing here holds more than one read buffer.

use std::io::{self, Read};

/// A byte source readable at any offset. Object-safe: callers pass `&dyn RandomAccess`.
pub trait RandomAccess {
    /// Total length in bytes.
    fn len(&self) -> u64;
    /// Reads up to `buf.len()` bytes at `offset`; returns how many were read (0 at the end).
    fn read_at(&self, offset: u64, buf: &mut [u8]) -> io::Result<usize>;
    /// True when the source holds no bytes.
    fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl RandomAccess for [u8] {
    fn len(&self) -> u64 {
        <[u8]>::len(self) as u64
    }
    fn read_at(&self, offset: u64, buf: &mut [u8]) -> io::Result<usize> {
        let Ok(start) = usize::try_from(offset) else {
            return Ok(0);
        };
        let Some(rest) = self.get(start..) else {
            return Ok(0);
        };
        let n = rest.len().min(buf.len());
        buf[..n].copy_from_slice(&rest[..n]);
        Ok(n)
    }
}

impl RandomAccess for Vec<u8> {
    fn len(&self) -> u64 {
        self.as_slice().len() as u64
    }
    fn read_at(&self, offset: u64, buf: &mut [u8]) -> io::Result<usize> {
        self.as_slice().read_at(offset, buf)
    }
}

impl<T: RandomAccess + ?Sized> RandomAccess for &T {
    fn len(&self) -> u64 {
        (**self).len()
    }
    fn read_at(&self, offset: u64, buf: &mut [u8]) -> io::Result<usize> {
        (**self).read_at(offset, buf)
    }
}

impl<T: RandomAccess + ?Sized> RandomAccess for Box<T> {
    fn len(&self) -> u64 {
        (**self).len()
    }
    fn read_at(&self, offset: u64, buf: &mut [u8]) -> io::Result<usize> {
        (**self).read_at(offset, buf)
    }
}

/// A window `[start, start+len)` of another source, itself random-access.
pub struct Slice<'a> {
    inner: &'a dyn RandomAccess,
    start: u64,
    len: u64,
}

impl<'a> Slice<'a> {
    /// The window is clamped to the inner source's length.
    pub fn new(inner: &'a dyn RandomAccess, start: u64, len: u64) -> Self {
        let total = inner.len();
        let start = start.min(total);
        let len = len.min(total - start);
        Self { inner, start, len }
    }
}

impl RandomAccess for Slice<'_> {
    fn len(&self) -> u64 {
        self.len
    }
    fn read_at(&self, offset: u64, buf: &mut [u8]) -> io::Result<usize> {
        if offset >= self.len {
            return Ok(0);
        }
        let room = usize::try_from(self.len - offset).unwrap_or(usize::MAX);
        let n = buf.len().min(room);
        self.inner.read_at(self.start + offset, &mut buf[..n])
    }
}

/// Reads every byte of a (small) source into memory, failing above `limit`.
pub fn read_all(source: &dyn RandomAccess, limit: u64) -> io::Result<Vec<u8>> {
    let len = source.len();
    if len > limit {
        return Err(io::Error::new(
            io::ErrorKind::InvalidData,
            format!("{len} bytes exceeds the limit of {limit} bytes"),
        ));
    }
    let mut out = Vec::with_capacity(usize::try_from(len).unwrap_or(0));
    SeqReader::new(source).take(limit).read_to_end(&mut out)?;
    Ok(out)
}

/// Sequential, buffered reader over a random-access source (a blob, a layer).
pub struct SeqReader<'a> {
    source: &'a dyn RandomAccess,
    pos: u64,
    buf: Vec<u8>,
    buf_start: usize,
    buf_end: usize,
}

/// Large enough that a `File`/`Blob` read per call stays cheap, small enough for wasm.
const READ_CHUNK: usize = 256 * 1024;

impl<'a> SeqReader<'a> {
    pub fn new(source: &'a dyn RandomAccess) -> Self {
        Self {
            source,
            pos: 0,
            buf: Vec::new(),
            buf_start: 0,
            buf_end: 0,
        }
    }

    /// Bytes neither consumed nor buffered.
    pub fn remaining(&self) -> u64 {
        self.source.len().saturating_sub(self.pos) + (self.buf_end - self.buf_start) as u64
    }

    /// Bytes consumed so far.
    pub fn position(&self) -> u64 {
        self.pos - (self.buf_end - self.buf_start) as u64
    }

    fn fill(&mut self) -> io::Result<()> {
        if self.buf.is_empty() {
            self.buf = vec![0; READ_CHUNK];
        }
        let n = self.source.read_at(self.pos, &mut self.buf)?;
        self.pos += n as u64;
        self.buf_start = 0;
        self.buf_end = n;
        Ok(())
    }
}

impl Read for SeqReader<'_> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        if self.buf_start == self.buf_end {
            // Large reads bypass the buffer.
            if out.len() >= READ_CHUNK {
                let n = self.source.read_at(self.pos, out)?;
                self.pos += n as u64;
                return Ok(n);
            }
            self.fill()?;
        }
        let avail = &self.buf[self.buf_start..self.buf_end];
        let n = avail.len().min(out.len());
        out[..n].copy_from_slice(&avail[..n]);
        self.buf_start += n;
        Ok(n)
    }
}

impl io::BufRead for SeqReader<'_> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        if self.buf_start == self.buf_end {
            self.fill()?;
        }
        Ok(&self.buf[self.buf_start..self.buf_end])
    }
    fn consume(&mut self, amt: usize) {
        self.buf_start = (self.buf_start + amt).min(self.buf_end);
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn slice_reads_only_its_window() {
        let data: Vec<u8> = (0u8..100).collect();
        let s = Slice::new(&data, 10, 20);
        let mut buf = [0u8; 50];
        assert_eq!(s.read_at(15, &mut buf).unwrap(), 5);
        assert_eq!(&buf[..5], &[25, 26, 27, 28, 29]);
        assert_eq!(s.read_at(20, &mut buf).unwrap(), 0);
    }

    #[test]
    fn seq_reader_reads_everything() {
        let data: Vec<u8> = (0..600_000u32).map(|i| (i % 251) as u8).collect();
        let mut out = Vec::new();
        SeqReader::new(&data).read_to_end(&mut out).unwrap();
        assert_eq!(out, data);
    }
}
