//! Layer blobs decoded in a helper worker and read here through a shared ring buffer:
//! gzip blobs inflated by the browser's native `DecompressionStream`, stored (uncompressed)
//! blobs read with the async `Blob.stream()` (see web/src/scan/decoder.ts). Decoding and
//! reading then run beside the walk instead of before it — and at the browser's speed:
//! C zlib instead of wasm, and the async reader at ~800 MB/s where `FileReaderSync`, the
//! only reader a synchronous walk could call itself, gives ~350 MB/s.
//!
//! The results must not depend on which path ran. When the helper's stream fails —
//! corrupt or truncated data, or a multi-member gzip, which `DecompressionStream` rejects
//! as "junk after the end", or a file that can no longer be read — this reader switches to
//! the in-process decoder (flate2, or the blob itself) over the same blob, skips the bytes
//! already delivered, and carries on: the walk sees the stream and the error (message and
//! position) that the CLI sees.

use std::io::{self, BufReader, Read};

use flate2::bufread::MultiGzDecoder;
use lookout_image::{BlobDecoder, SeqReader};
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    /// The JS side of the pipe (see the `BlobPipe` TypeScript interface).
    #[wasm_bindgen(typescript_type = "BlobPipe")]
    pub type JsPipe;

    #[wasm_bindgen(method, catch)]
    fn open(this: &JsPipe, offset: f64, length: f64, gzip: bool) -> Result<(), JsValue>;

    #[wasm_bindgen(method, catch)]
    fn read_into(this: &JsPipe, dest: &mut [u8]) -> Result<i32, JsValue>;

    #[wasm_bindgen(method)]
    fn close(this: &JsPipe);
}

#[wasm_bindgen(typescript_custom_section)]
const TS_PIPE: &'static str = r#"
/** The tar bytes of one layer blob of the dropped file, decoded in another worker. */
export interface BlobPipe {
  /** Starts a new stream of the `length` bytes of the file at `offset`: inflated when
   * `gzip`, else the bytes as stored. */
  open(offset: number, length: number, gzip: boolean): void;
  /** Blocks until bytes are ready, copies them into `dest` and returns how many; 0 at
   * the end of the stream, -1 when the helper failed (the caller falls back). */
  read_into(dest: Uint8Array): number;
  /** Ends the current stream early (the walk stopped reading). */
  close(): void;
}
"#;

/// Bytes asked of the pipe at a time.
const PIPE_READ: usize = 256 * 1024;

/// How a blob is stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Gzip,
    Stored,
}

/// What the reader needs from the helper: the JS pipe in the page, a fake in tests (so the
/// fallback is tested natively).
pub trait HelperDecoder {
    /// Starts a new stream of the blob at `offset`/`length`; false if that failed.
    fn start(&self, offset: u64, length: u64, encoding: Encoding) -> bool;
    /// `Some(n)`: bytes copied (0 at the end); `None`: the helper failed.
    fn read(&self, dest: &mut [u8]) -> Option<usize>;
    fn stop(&self);
}

impl HelperDecoder for JsPipe {
    fn start(&self, offset: u64, length: u64, encoding: Encoding) -> bool {
        // Offsets stay below 2^53 for any real file, so f64 is exact here.
        self.open(offset as f64, length as f64, encoding == Encoding::Gzip)
            .is_ok()
    }

    fn read(&self, dest: &mut [u8]) -> Option<usize> {
        match self.read_into(dest) {
            Ok(n) => usize::try_from(n).ok().map(|n| n.min(dest.len())),
            Err(_) => None,
        }
    }

    fn stop(&self) {
        self.close();
    }
}

/// A [`BlobDecoder`] for one layer blob, at `offset`/`length` in the dropped file.
pub struct PipedBlob<P: HelperDecoder = JsPipe> {
    pipe: P,
    offset: u64,
    length: u64,
}

impl<P: HelperDecoder> PipedBlob<P> {
    pub fn new(pipe: P, offset: u64, length: u64) -> Self {
        Self {
            pipe,
            offset,
            length,
        }
    }

    fn stream<'s, 'a: 's>(
        &'s self,
        blob: &'s mut SeqReader<'a>,
        encoding: Encoding,
    ) -> Box<dyn Read + 's> {
        // The walk reads tar headers 512 bytes at a time: each pipe read is a call into JS
        // and a look at the ring's atomics, so they are gathered into large reads here
        // (without this buffer, reading a 127 MB layer cost ~0.4 s of calls).
        Box::new(BufReader::with_capacity(
            PIPE_READ,
            PipeStream {
                piped: self,
                encoding,
                state: State::Unopened(blob),
                delivered: 0,
            },
        ))
    }
}

impl<P: HelperDecoder> BlobDecoder for PipedBlob<P> {
    fn gunzip<'s, 'a: 's>(&'s self, blob: &'s mut SeqReader<'a>) -> Box<dyn Read + 's> {
        self.stream(blob, Encoding::Gzip)
    }

    fn stored<'s, 'a: 's>(&'s self, blob: &'s mut SeqReader<'a>) -> Box<dyn Read + 's> {
        self.stream(blob, Encoding::Stored)
    }
}

enum State<'s, 'a> {
    /// Nothing asked yet: the blob is kept for a fallback.
    Unopened(&'s mut SeqReader<'a>),
    Native(&'s mut SeqReader<'a>),
    /// The in-process decoder over the blob (flate2, or the blob itself when stored).
    Fallback(Box<dyn Read + 's>),
    /// Only while switching.
    Gone,
}

struct PipeStream<'s, 'a, P: HelperDecoder> {
    piped: &'s PipedBlob<P>,
    encoding: Encoding,
    state: State<'s, 'a>,
    /// Bytes handed to the walk so far.
    delivered: u64,
}

impl<'s, P: HelperDecoder> PipeStream<'s, '_, P> {
    /// The in-process decoder from the start of the blob, fast-forwarded to where the
    /// helper's stream was.
    fn fall_back(&mut self) -> io::Result<()> {
        let blob = match std::mem::replace(&mut self.state, State::Gone) {
            State::Unopened(blob) | State::Native(blob) => blob,
            other => {
                self.state = other;
                return Ok(());
            }
        };
        let mut decoder: Box<dyn Read + 's> = match self.encoding {
            Encoding::Gzip => Box::new(MultiGzDecoder::new(blob)),
            Encoding::Stored => Box::new(blob),
        };
        let wanted = self.delivered;
        let skipped = io::copy(&mut decoder.by_ref().take(wanted), &mut io::sink())?;
        self.state = State::Fallback(decoder);
        if skipped < wanted {
            // The in-process decoder ended where the helper did not: not expected from a
            // sound zlib or file, but the walk must never see a stream that jumps.
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                match self.encoding {
                    Encoding::Gzip => {
                        "gzip: the native and the wasm inflater disagree on this stream"
                    }
                    Encoding::Stored => {
                        "the layer blob is shorter than when it was first read (the file changed?)"
                    }
                },
            ));
        }
        Ok(())
    }
}

impl<P: HelperDecoder> Read for PipeStream<'_, '_, P> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if buf.is_empty() {
            return Ok(0);
        }
        if let State::Unopened(_) = self.state {
            let p = self.piped;
            if p.pipe.start(p.offset, p.length, self.encoding) {
                if let State::Unopened(blob) = std::mem::replace(&mut self.state, State::Gone) {
                    self.state = State::Native(blob);
                }
            } else {
                self.fall_back()?;
            }
        }
        if let State::Native(_) = self.state {
            match self.piped.pipe.read(buf) {
                Some(n) => {
                    self.delivered += n as u64;
                    return Ok(n);
                }
                None => self.fall_back()?,
            }
        }
        match &mut self.state {
            State::Fallback(decoder) => {
                let n = decoder.read(buf)?;
                self.delivered += n as u64;
                Ok(n)
            }
            _ => Ok(0),
        }
    }
}

impl<P: HelperDecoder> Drop for PipeStream<'_, '_, P> {
    fn drop(&mut self) {
        if let State::Native(_) = self.state {
            self.piped.pipe.stop();
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use std::cell::{Cell, RefCell};
    use std::io::Write;

    use flate2::write::GzEncoder;
    use flate2::Compression;

    use super::*;

    fn gzip(data: &[u8]) -> Vec<u8> {
        let mut e = GzEncoder::new(Vec::new(), Compression::fast());
        e.write_all(data).unwrap();
        e.finish().unwrap()
    }

    /// Stands in for DecompressionStream: hands out `output`, then ends or fails.
    struct FakeNative {
        output: Vec<u8>,
        fails: bool,
        at: Cell<usize>,
        started: Cell<u32>,
        stopped: Cell<u32>,
        chunk: usize,
        log: RefCell<Vec<(u64, u64)>>,
        encodings: RefCell<Vec<Encoding>>,
    }

    impl FakeNative {
        fn new(output: &[u8], fails: bool) -> Self {
            Self {
                output: output.to_vec(),
                fails,
                at: Cell::new(0),
                started: Cell::new(0),
                stopped: Cell::new(0),
                chunk: 1000,
                log: RefCell::new(Vec::new()),
                encodings: RefCell::new(Vec::new()),
            }
        }
    }

    impl HelperDecoder for FakeNative {
        fn start(&self, offset: u64, length: u64, encoding: Encoding) -> bool {
            self.encodings.borrow_mut().push(encoding);
            self.started.set(self.started.get() + 1);
            self.at.set(0);
            self.log.borrow_mut().push((offset, length));
            true
        }
        fn read(&self, dest: &mut [u8]) -> Option<usize> {
            let at = self.at.get();
            let rest = &self.output[at..];
            if rest.is_empty() {
                return if self.fails { None } else { Some(0) };
            }
            let n = rest.len().min(dest.len()).min(self.chunk);
            dest[..n].copy_from_slice(&rest[..n]);
            self.at.set(at + n);
            Some(n)
        }
        fn stop(&self) {
            self.stopped.set(self.stopped.get() + 1);
        }
    }

    /// Reads the whole stream through a piped gunzip: the bytes, and the error if any.
    fn read_piped(native: &PipedBlob<FakeNative>, blob: &[u8]) -> (Vec<u8>, Option<String>) {
        let mut seq = SeqReader::new(&blob);
        let mut stream = native.gunzip(&mut seq);
        let mut out = Vec::new();
        let mut buf = [0u8; 777];
        loop {
            match stream.read(&mut buf) {
                Ok(0) => return (out, None),
                Ok(n) => out.extend_from_slice(&buf[..n]),
                Err(e) => return (out, Some(e.to_string())),
            }
        }
    }

    fn read_flate2(blob: &[u8]) -> (Vec<u8>, Option<String>) {
        let mut decoder = MultiGzDecoder::new(blob);
        let mut out = Vec::new();
        let mut buf = [0u8; 777];
        loop {
            match decoder.read(&mut buf) {
                Ok(0) => return (out, None),
                Ok(n) => out.extend_from_slice(&buf[..n]),
                Err(e) => return (out, Some(e.to_string())),
            }
        }
    }

    fn sample(n: u32) -> Vec<u8> {
        (0..n).flat_map(|i| (i % 251).to_le_bytes()).collect()
    }

    #[test]
    fn native_stream_is_used_as_is_and_asked_for_the_right_blob() {
        let data = sample(20_000);
        let blob = gzip(&data);
        let piped = PipedBlob::new(FakeNative::new(&data, false), 4096, blob.len() as u64);
        assert_eq!(read_piped(&piped, &blob), (data, None));
        assert_eq!(*piped.pipe.log.borrow(), vec![(4096, blob.len() as u64)]);
        assert_eq!(*piped.pipe.encodings.borrow(), vec![Encoding::Gzip]);
        assert_eq!(
            piped.pipe.stopped.get(),
            1,
            "dropping an open stream stops it"
        );
    }

    /// DecompressionStream stops after the first member ("junk after the end"); the
    /// stream must go on with the second member like flate2's.
    #[test]
    fn a_multi_member_gzip_is_finished_by_flate2() {
        let (a, b) = (sample(9_000), sample(7_000));
        let mut blob = gzip(&a);
        blob.extend(gzip(&b));
        let piped = PipedBlob::new(FakeNative::new(&a, true), 0, blob.len() as u64);
        let (out, error) = read_piped(&piped, &blob);
        assert_eq!(error, None);
        assert_eq!(out, [a, b].concat());
    }

    /// A truncated blob fails at the same byte with the same message as in the CLI.
    #[test]
    fn a_truncated_gzip_fails_like_flate2() {
        let data = sample(200_000);
        let mut blob = gzip(&data);
        blob.truncate(blob.len() / 2);
        let expected = read_flate2(&blob);
        assert!(expected.1.is_some(), "flate2 rejects a truncated stream");
        // The native inflater got a little less far before failing.
        let partial = &expected.0[..expected.0.len() - 5000];
        let piped = PipedBlob::new(FakeNative::new(partial, true), 0, blob.len() as u64);
        assert_eq!(read_piped(&piped, &blob), expected);
    }

    #[test]
    fn garbage_after_the_gzip_stream_fails_like_flate2() {
        let data = sample(5_000);
        let mut blob = gzip(&data);
        blob.extend_from_slice(b"this is not a gzip member");
        let expected = read_flate2(&blob);
        assert_eq!(expected.0, data);
        assert!(expected.1.is_some());
        let piped = PipedBlob::new(FakeNative::new(&data, true), 0, blob.len() as u64);
        assert_eq!(read_piped(&piped, &blob), expected);
    }

    /// Reads a stored blob through the pipe: the bytes, and the error if any.
    fn read_stored(piped: &PipedBlob<FakeNative>, blob: &[u8]) -> (Vec<u8>, Option<String>) {
        let mut seq = SeqReader::new(&blob);
        let mut stream = piped.stored(&mut seq);
        let mut out = Vec::new();
        match stream.read_to_end(&mut out) {
            Ok(_) => (out, None),
            Err(e) => (out, Some(e.to_string())),
        }
    }

    #[test]
    fn a_stored_blob_is_read_by_the_helper_as_stored() {
        let blob = sample(30_000);
        let piped = PipedBlob::new(FakeNative::new(&blob, false), 512, blob.len() as u64);
        assert_eq!(read_stored(&piped, &blob), (blob.clone(), None));
        assert_eq!(*piped.pipe.log.borrow(), vec![(512, blob.len() as u64)]);
        assert_eq!(*piped.pipe.encodings.borrow(), vec![Encoding::Stored]);
    }

    /// The helper's file read failing halfway: the rest comes from the blob itself, with
    /// no byte lost or repeated.
    #[test]
    fn a_stored_blob_whose_helper_fails_is_finished_directly() {
        let blob = sample(30_000);
        let piped = PipedBlob::new(FakeNative::new(&blob[..41_000], true), 0, blob.len() as u64);
        assert_eq!(read_stored(&piped, &blob), (blob, None));
    }

    /// A helper that "delivered" more than the blob holds: an error, never a jump.
    #[test]
    fn a_stored_blob_shorter_than_the_helper_said_is_an_error() {
        let blob = sample(1_000);
        let mut longer = blob.clone();
        longer.extend_from_slice(&[7; 5000]);
        let piped = PipedBlob::new(FakeNative::new(&longer, true), 0, blob.len() as u64);
        let (_, error) = read_stored(&piped, &blob);
        assert!(error.is_some_and(|e| e.contains("shorter")));
    }

    #[test]
    fn each_pass_opens_a_new_native_stream() {
        let data = sample(3_000);
        let blob = gzip(&data);
        let piped = PipedBlob::new(FakeNative::new(&data, false), 0, blob.len() as u64);
        assert_eq!(read_piped(&piped, &blob).0, data);
        assert_eq!(read_piped(&piped, &blob).0, data);
        assert_eq!(piped.pipe.started.get(), 2);
    }
}
