//! Layer blob decoding: compression detected by magic bytes (not by media type alone),
//! a decompressed-size limit against bombs, and the sha256 of the uncompressed stream for
//! diff_id verification — all streaming.

use std::fmt::Write as _;
use std::io::{self, BufRead, Read};

use ruzstd::decoding::errors::{FrameDecoderError, ReadFrameHeaderError};
use ruzstd::decoding::{BlockDecodingStrategy, FrameDecoder};
use sha2::{Digest, Sha256};

use crate::source::SeqReader;

/// Compression of a layer blob.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Compression {
    Gzip,
    Zstd,
    None,
}

const GZIP_MAGIC: [u8; 2] = [0x1f, 0x8b];
const ZSTD_MAGIC: [u8; 4] = [0x28, 0xb5, 0x2f, 0xfd];

/// Detects the compression from the first bytes of a blob.
pub fn detect(head: &[u8]) -> Compression {
    if head.starts_with(&GZIP_MAGIC) {
        Compression::Gzip
    } else if head.starts_with(&ZSTD_MAGIC) {
        Compression::Zstd
    } else {
        Compression::None
    }
}

/// Turns a layer blob into the tar stream the walk reads: gzip blobs inflated, stored
/// (uncompressed) blobs as they are. The CLI does both in-process ([`Flate2`]); the browser
/// hands the blob to a helper worker — the engine's native inflater for gzip, the async
/// file reader for stored blobs — and reads the result from a shared ring, so decoding and
/// reading overlap the walk instead of preceding it.
///
/// Whatever the implementation, the stream must be the one flate2's `MultiGzDecoder`
/// gives (every member, in order) or the stored bytes themselves, and a corrupt stream must
/// fail the way flate2 does: the layer's warnings name the error.
pub trait BlobDecoder {
    /// The inflated stream of a gzip blob. `blob` is positioned at the gzip header and
    /// nothing of it is consumed yet.
    fn gunzip<'s, 'a: 's>(&'s self, blob: &'s mut SeqReader<'a>) -> Box<dyn Read + 's>;

    /// The bytes of a stored blob, `blob` positioned at its start: by default `blob` itself.
    fn stored<'s, 'a: 's>(&'s self, blob: &'s mut SeqReader<'a>) -> Box<dyn Read + 's> {
        Box::new(blob)
    }
}

/// The in-process decoder: flate2 (miniz_oxide, pure Rust, builds for wasm) for gzip,
/// stored blobs read directly.
pub struct Flate2;

impl BlobDecoder for Flate2 {
    fn gunzip<'s, 'a: 's>(&'s self, blob: &'s mut SeqReader<'a>) -> Box<dyn Read + 's> {
        Box::new(flate2::bufread::MultiGzDecoder::new(blob))
    }
}

/// A zstd stream of one or more frames (skippable frames skipped), decoded by ruzstd
/// (pure Rust, builds for wasm). Mirrors ruzstd's `StreamingDecoder::read`, which handles
/// a single frame only.
pub struct ZstdFrames<'a, 'b> {
    source: &'b mut SeqReader<'a>,
    decoder: FrameDecoder,
    active: bool,
    /// An error met after some bytes were decoded: those bytes are handed out first (the
    /// files before a cut are still read, as with gzip), the error on the next read.
    failed: Option<io::Error>,
}

impl<'a, 'b> ZstdFrames<'a, 'b> {
    pub fn new(source: &'b mut SeqReader<'a>) -> Self {
        Self {
            source,
            decoder: FrameDecoder::new(),
            active: false,
            failed: None,
        }
    }

    /// Starts the next frame; `Ok(false)` at the end of the input.
    fn next_frame(&mut self) -> io::Result<bool> {
        loop {
            if self.source.fill_buf()?.is_empty() {
                return Ok(false);
            }
            match self.decoder.init(&mut *self.source) {
                Ok(()) => {
                    self.active = true;
                    return Ok(true);
                }
                Err(FrameDecoderError::ReadFrameHeaderError(ReadFrameHeaderError::SkipFrame {
                    length,
                    ..
                })) => {
                    io::copy(
                        &mut (&mut *self.source).take(u64::from(length)),
                        &mut io::sink(),
                    )?;
                }
                Err(e) => return Err(zstd_error(e)),
            }
        }
    }
}

fn zstd_error(e: impl std::fmt::Display) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, format!("zstd: {e}"))
}

impl Read for ZstdFrames<'_, '_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if buf.is_empty() {
            return Ok(0);
        }
        loop {
            if self.active {
                let dec = &mut self.decoder;
                while self.failed.is_none() && dec.can_collect() < buf.len() && !dec.is_finished() {
                    let need = buf.len() - dec.can_collect();
                    if let Err(e) =
                        dec.decode_blocks(&mut *self.source, BlockDecodingStrategy::UptoBytes(need))
                    {
                        self.failed = Some(zstd_error(e));
                    }
                }
                let n = dec.read(buf)?;
                if n > 0 {
                    return Ok(n);
                }
                if let Some(e) = self.failed.take() {
                    return Err(e);
                }
                if dec.is_finished() && dec.can_collect() == 0 {
                    self.active = false;
                }
            }
            if !self.next_frame()? {
                return Ok(0);
            }
        }
    }
}

/// Marker inside the `io::Error` raised when the decompressed size limit is crossed.
#[derive(Debug)]
pub struct LimitExceeded {
    pub limit: u64,
}

impl std::fmt::Display for LimitExceeded {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "decompressed size exceeds the limit of {} bytes (a decompression bomb?)",
            self.limit
        )
    }
}

impl std::error::Error for LimitExceeded {}

/// Counts and optionally hashes the decompressed stream, failing past `limit`.
pub struct Guarded<'r> {
    inner: &'r mut dyn Read,
    limit: u64,
    pub bytes: u64,
    hasher: Option<Sha256>,
    pub exceeded: bool,
}

impl<'r> Guarded<'r> {
    pub fn new(inner: &'r mut dyn Read, limit: u64, hash: bool) -> Self {
        Self {
            inner,
            limit,
            bytes: 0,
            hasher: hash.then(Sha256::new),
            exceeded: false,
        }
    }

    /// Reads to the end (the padding after the tar's end marker counts for the diff_id).
    pub fn drain(&mut self) -> io::Result<()> {
        let mut buf = vec![0u8; 64 * 1024];
        while self.read(&mut buf)? > 0 {}
        Ok(())
    }

    /// `sha256:<hex>` of everything read, when hashing was on.
    pub fn take_digest(&mut self) -> Option<String> {
        self.hasher.take().map(|h| {
            let out = h.finalize();
            let mut s = String::with_capacity(71);
            s.push_str("sha256:");
            for b in out {
                let _ = write!(s, "{b:02x}");
            }
            s
        })
    }
}

impl Read for Guarded<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.bytes >= self.limit {
            // One probe byte tells a stream that ends exactly at the limit from a bomb.
            let mut probe = [0u8; 1];
            if self.inner.read(&mut probe)? == 0 {
                return Ok(0);
            }
            self.exceeded = true;
            return Err(io::Error::other(LimitExceeded { limit: self.limit }));
        }
        let room = usize::try_from(self.limit - self.bytes).unwrap_or(usize::MAX);
        let want = buf.len().min(room);
        let n = self.inner.read(&mut buf[..want])?;
        if let Some(h) = &mut self.hasher {
            h.update(&buf[..n]);
        }
        self.bytes += n as u64;
        Ok(n)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn magic_bytes_decide() {
        assert_eq!(detect(&[0x1f, 0x8b, 8, 0]), Compression::Gzip);
        assert_eq!(detect(&ZSTD_MAGIC), Compression::Zstd);
        assert_eq!(detect(b"usr/\0\0"), Compression::None);
    }

    #[test]
    fn zstd_frames_are_concatenated_and_skippable_frames_skipped() {
        use ruzstd::encoding::{compress_to_vec, CompressionLevel};
        let mut stream = compress_to_vec(&b"first frame, "[..], CompressionLevel::Fastest);
        // Skippable frame: magic 0x184D2A50..5F, 4-byte length, payload.
        stream.extend_from_slice(&0x184D_2A50u32.to_le_bytes());
        stream.extend_from_slice(&5u32.to_le_bytes());
        stream.extend_from_slice(b"junk!");
        stream.extend(compress_to_vec(
            &b"second frame"[..],
            CompressionLevel::Fastest,
        ));
        let mut seq = SeqReader::new(&stream);
        let mut out = Vec::new();
        ZstdFrames::new(&mut seq).read_to_end(&mut out).unwrap();
        assert_eq!(out, b"first frame, second frame");
    }

    #[test]
    fn corrupt_zstd_is_an_error() {
        let mut stream = ruzstd::encoding::compress_to_vec(
            &[7u8; 5000][..],
            ruzstd::encoding::CompressionLevel::Fastest,
        );
        let n = stream.len();
        stream.truncate(n / 2);
        let mut seq = SeqReader::new(&stream);
        assert!(ZstdFrames::new(&mut seq)
            .read_to_end(&mut Vec::new())
            .is_err());
    }

    /// A cut stream gives the bytes of the blocks before the cut, then the error (the
    /// files there are still read): not the error alone because one read asked for more.
    #[test]
    fn a_cut_zstd_stream_hands_out_what_it_decoded_before_failing() {
        use ruzstd::encoding::{compress_to_vec, CompressionLevel};
        // Incompressible, so the frame is many raw blocks of at most 128 KiB; 4 MB, so the
        // blocks before the cut exceed the window the decoder keeps until a frame ends.
        let mut state = 1u32;
        let data: Vec<u8> = (0..4_000_000)
            .map(|_| {
                state ^= state << 13;
                state ^= state >> 17;
                state ^= state << 5;
                state as u8
            })
            .collect();
        let mut stream = compress_to_vec(&data[..], CompressionLevel::Fastest);
        stream.truncate(stream.len() * 6 / 10);
        let mut seq = SeqReader::new(&stream);
        let mut frames = ZstdFrames::new(&mut seq);
        let mut out = Vec::new();
        // One read asking for more than the stream holds (as a drain does): the decoder
        // meets the cut inside that read.
        let mut buf = vec![0u8; 8 << 20];
        let error = loop {
            match frames.read(&mut buf) {
                Ok(0) => panic!("a cut stream must fail"),
                Ok(n) => out.extend_from_slice(&buf[..n]),
                Err(e) => break e,
            }
        };
        assert!(error.to_string().starts_with("zstd:"), "{error}");
        assert!(
            out.len() >= 1 << 20,
            "blocks before the cut: {} bytes",
            out.len()
        );
        assert_eq!(out[..], data[..out.len()]);
    }

    #[test]
    fn limit_is_enforced_but_exact_size_passes() {
        let data = vec![7u8; 1000];
        let mut src: &[u8] = &data;
        let mut g = Guarded::new(&mut src, 1000, true);
        let mut out = Vec::new();
        g.read_to_end(&mut out).unwrap();
        assert_eq!(out.len(), 1000);
        let mut src: &[u8] = &data;
        let mut g = Guarded::new(&mut src, 999, false);
        let err = g.read_to_end(&mut Vec::new()).unwrap_err();
        assert!(err.to_string().contains("limit of 999"));
        assert!(g.exceeded);
    }
}
