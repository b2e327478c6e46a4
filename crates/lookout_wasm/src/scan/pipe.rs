//! Gzip layers inflated by the browser's native `DecompressionStream` in a helper worker
//! (see web/src/scan/inflater.ts) and read here through a shared ring buffer: inflating
//! then runs beside the walk instead of before it, and in C zlib instead of wasm.
//!
//! The results must not depend on which inflater ran. When the native stream fails —
//! corrupt or truncated data, or a multi-member gzip, which `DecompressionStream` rejects
//! as "junk after the end" — this reader switches to flate2 over the same blob, skips the
//! bytes already delivered, and carries on: the walk sees the stream and the error
//! (message and position) that the CLI sees.

use std::io::{self, Read};

use flate2::bufread::MultiGzDecoder;
use lookout_image::{Gunzip, SeqReader};
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    /// The JS side of the pipe (see the `InflatePipe` TypeScript interface).
    #[wasm_bindgen(typescript_type = "InflatePipe")]
    pub type JsPipe;

    #[wasm_bindgen(method, catch)]
    fn open(this: &JsPipe, offset: f64, length: f64) -> Result<(), JsValue>;

    #[wasm_bindgen(method, catch)]
    fn read_into(this: &JsPipe, dest: &mut [u8]) -> Result<i32, JsValue>;

    #[wasm_bindgen(method)]
    fn close(this: &JsPipe);
}

#[wasm_bindgen(typescript_custom_section)]
const TS_PIPE: &'static str = r#"
/** Decompressed bytes of one gzip blob of the dropped file, inflated in another worker. */
export interface InflatePipe {
  /** Starts inflating `length` bytes of the file at `offset` (a new stream each call). */
  open(offset: number, length: number): void;
  /** Blocks until bytes are ready, copies them into `dest` and returns how many; 0 at
   * the end of the stream, -1 when the native inflater failed (the caller falls back). */
  read_into(dest: Uint8Array): number;
  /** Ends the current stream early (the walk stopped reading). */
  close(): void;
}
"#;

/// What the reader needs from the native inflater: the JS pipe in the page, a fake in
/// tests (so the fallback is tested natively).
pub trait NativeInflater {
    /// Starts a new stream of the blob at `offset`/`length`; false if that failed.
    fn start(&self, offset: u64, length: u64) -> bool;
    /// `Some(n)`: bytes copied (0 at the end); `None`: the native inflater failed.
    fn read(&self, dest: &mut [u8]) -> Option<usize>;
    fn stop(&self);
}

impl NativeInflater for JsPipe {
    fn start(&self, offset: u64, length: u64) -> bool {
        // Offsets stay below 2^53 for any real file, so f64 is exact here.
        self.open(offset as f64, length as f64).is_ok()
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

/// A [`Gunzip`] for one layer blob, at `offset`/`length` in the dropped file.
pub struct PipedGunzip<P: NativeInflater = JsPipe> {
    pipe: P,
    offset: u64,
    length: u64,
}

impl<P: NativeInflater> PipedGunzip<P> {
    pub fn new(pipe: P, offset: u64, length: u64) -> Self {
        Self {
            pipe,
            offset,
            length,
        }
    }
}

impl<P: NativeInflater> Gunzip for PipedGunzip<P> {
    fn open<'s, 'a: 's>(&'s self, blob: &'s mut SeqReader<'a>) -> Box<dyn Read + 's> {
        Box::new(PipeStream {
            gunzip: self,
            state: State::Unopened(blob),
            delivered: 0,
        })
    }
}

enum State<'s, 'a> {
    /// Nothing asked yet: the blob is kept for a fallback.
    Unopened(&'s mut SeqReader<'a>),
    Native(&'s mut SeqReader<'a>),
    Fallback(MultiGzDecoder<&'s mut SeqReader<'a>>),
    /// Only while switching.
    Gone,
}

struct PipeStream<'s, 'a, P: NativeInflater> {
    gunzip: &'s PipedGunzip<P>,
    state: State<'s, 'a>,
    /// Decompressed bytes handed to the walk so far.
    delivered: u64,
}

impl<'s, 'a, P: NativeInflater> PipeStream<'s, 'a, P> {
    fn state_fallback(
        &mut self,
        blob: &'s mut SeqReader<'a>,
    ) -> &mut MultiGzDecoder<&'s mut SeqReader<'a>> {
        self.state = State::Fallback(MultiGzDecoder::new(blob));
        match &mut self.state {
            State::Fallback(decoder) => decoder,
            _ => unreachable!("just set"),
        }
    }

    /// flate2 from the start of the blob, fast-forwarded to where the native stream was.
    fn fall_back(&mut self) -> io::Result<()> {
        let blob = match std::mem::replace(&mut self.state, State::Gone) {
            State::Unopened(blob) | State::Native(blob) => blob,
            other => {
                self.state = other;
                return Ok(());
            }
        };
        let wanted = self.delivered;
        let decoder = self.state_fallback(blob);
        let skipped = io::copy(&mut decoder.by_ref().take(wanted), &mut io::sink())?;
        if skipped < wanted {
            // flate2 ended where the native inflater did not: not expected from a sound
            // zlib, but the walk must never see a stream that jumps.
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                "gzip: the native and the wasm inflater disagree on this stream",
            ));
        }
        Ok(())
    }
}

impl<P: NativeInflater> Read for PipeStream<'_, '_, P> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if buf.is_empty() {
            return Ok(0);
        }
        if let State::Unopened(_) = self.state {
            let g = self.gunzip;
            if g.pipe.start(g.offset, g.length) {
                if let State::Unopened(blob) = std::mem::replace(&mut self.state, State::Gone) {
                    self.state = State::Native(blob);
                }
            } else {
                self.fall_back()?;
            }
        }
        if let State::Native(_) = self.state {
            match self.gunzip.pipe.read(buf) {
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

impl<P: NativeInflater> Drop for PipeStream<'_, '_, P> {
    fn drop(&mut self) {
        if let State::Native(_) = self.state {
            self.gunzip.pipe.stop();
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
            }
        }
    }

    impl NativeInflater for FakeNative {
        fn start(&self, offset: u64, length: u64) -> bool {
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
    fn read_piped(native: &PipedGunzip<FakeNative>, blob: &[u8]) -> (Vec<u8>, Option<String>) {
        let mut seq = SeqReader::new(&blob);
        let mut stream = native.open(&mut seq);
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
        let piped = PipedGunzip::new(FakeNative::new(&data, false), 4096, blob.len() as u64);
        assert_eq!(read_piped(&piped, &blob), (data, None));
        assert_eq!(*piped.pipe.log.borrow(), vec![(4096, blob.len() as u64)]);
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
        let piped = PipedGunzip::new(FakeNative::new(&a, true), 0, blob.len() as u64);
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
        let piped = PipedGunzip::new(FakeNative::new(partial, true), 0, blob.len() as u64);
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
        let piped = PipedGunzip::new(FakeNative::new(&data, true), 0, blob.len() as u64);
        assert_eq!(read_piped(&piped, &blob), expected);
    }

    #[test]
    fn each_pass_opens_a_new_native_stream() {
        let data = sample(3_000);
        let blob = gzip(&data);
        let piped = PipedGunzip::new(FakeNative::new(&data, false), 0, blob.len() as u64);
        assert_eq!(read_piped(&piped, &blob).0, data);
        assert_eq!(read_piped(&piped, &blob).0, data);
        assert_eq!(piped.pipe.started.get(), 2);
    }
}
