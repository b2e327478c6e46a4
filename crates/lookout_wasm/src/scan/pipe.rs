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

/// A [`Gunzip`] for one layer blob, at `offset`/`length` in the dropped file.
pub struct PipedGunzip {
    pipe: JsPipe,
    offset: u64,
    length: u64,
}

impl PipedGunzip {
    pub fn new(pipe: JsPipe, offset: u64, length: u64) -> Self {
        Self {
            pipe,
            offset,
            length,
        }
    }
}

impl Gunzip for PipedGunzip {
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

struct PipeStream<'s, 'a> {
    gunzip: &'s PipedGunzip,
    state: State<'s, 'a>,
    /// Decompressed bytes handed to the walk so far.
    delivered: u64,
}

impl<'s, 'a> PipeStream<'s, 'a> {
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

impl Read for PipeStream<'_, '_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if buf.is_empty() {
            return Ok(0);
        }
        if let State::Unopened(_) = self.state {
            let g = self.gunzip;
            // Offsets stay below 2^53 for any real file, so f64 is exact here.
            match g.pipe.open(g.offset as f64, g.length as f64) {
                Ok(()) => {
                    if let State::Unopened(blob) = std::mem::replace(&mut self.state, State::Gone) {
                        self.state = State::Native(blob);
                    }
                }
                Err(_) => self.fall_back()?,
            }
        }
        if let State::Native(_) = self.state {
            match self.gunzip.pipe.read_into(buf) {
                Ok(n) if n >= 0 => {
                    let n = (n as usize).min(buf.len());
                    self.delivered += n as u64;
                    return Ok(n);
                }
                _ => self.fall_back()?,
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

impl Drop for PipeStream<'_, '_> {
    fn drop(&mut self) {
        if let State::Native(_) = self.state {
            self.gunzip.pipe.close();
        }
    }
}
