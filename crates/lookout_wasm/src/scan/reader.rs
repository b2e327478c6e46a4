//! [`RandomAccess`] over a JS object with `read_at(offset, length) -> Uint8Array`: in the
//! page a dedicated worker backs it with `FileReaderSync` over `file.slice(a, b)`, so the
//! Rust side reads a multi-GB `File` piece by piece and never holds it whole.

use std::cell::Cell;
use std::io;

use lookout_image::RandomAccess;
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    /// The JS side of a reader (see the `ReadAt` TypeScript interface).
    #[wasm_bindgen(typescript_type = "ReadAt")]
    pub type JsReadAt;

    #[wasm_bindgen(method, catch, js_name = read_at)]
    fn read_at(this: &JsReadAt, offset: f64, length: u32) -> Result<js_sys::Uint8Array, JsValue>;
}

#[wasm_bindgen(typescript_custom_section)]
const TS_READ_AT: &'static str = r#"
/** Random access to the bytes of a File/Blob; must return at most `length` bytes
 * (fewer only at the end). In a worker: `new Uint8Array(new FileReaderSync()
 * .readAsArrayBuffer(file.slice(offset, offset + length)))`. */
export interface ReadAt { read_at(offset: number, length: number): Uint8Array }
"#;

/// Reports progress at most every this many bytes, so JS calls stay negligible.
const PROGRESS_STEP: u64 = 1 << 20;

/// A JS reader plus the byte count read through it (the layer progress bar reads this).
pub struct JsSource {
    reader: JsReadAt,
    len: u64,
    bytes_read: Cell<u64>,
    reported: Cell<u64>,
    progress: Option<js_sys::Function>,
}

impl JsSource {
    pub fn new(reader: JsReadAt, len: u64, progress: Option<js_sys::Function>) -> Self {
        Self {
            reader,
            len,
            bytes_read: Cell::new(0),
            reported: Cell::new(0),
            progress,
        }
    }

    /// Calls the progress callback with the bytes read since the last call.
    pub fn flush_progress(&self) {
        let Some(callback) = &self.progress else {
            return;
        };
        let delta = self.bytes_read.get() - self.reported.get();
        if delta > 0 {
            self.reported.set(self.bytes_read.get());
            // A throwing progress callback must not abort the scan; the next call retries.
            let _ = callback.call1(&JsValue::NULL, &JsValue::from_f64(delta as f64));
        }
    }

    pub fn len_bytes(&self) -> u64 {
        self.len
    }

    /// Gives the JS reader back (to build another source over the same file).
    pub fn into_reader(self) -> JsReadAt {
        self.reader
    }
}

impl RandomAccess for JsSource {
    fn len(&self) -> u64 {
        self.len
    }

    fn read_at(&self, offset: u64, buf: &mut [u8]) -> io::Result<usize> {
        if offset >= self.len || buf.is_empty() {
            return Ok(0);
        }
        let room = usize::try_from(self.len - offset).unwrap_or(usize::MAX);
        let wanted = buf.len().min(room).min(u32::MAX as usize);
        // Offsets stay below 2^53 for any real file, so f64 is exact here.
        let chunk = self
            .reader
            .read_at(offset as f64, wanted as u32)
            .map_err(|e| io::Error::other(js_message(&e)))?;
        let n = (chunk.length() as usize).min(wanted);
        if let Some(target) = buf.get_mut(..n) {
            chunk.subarray(0, n as u32).copy_to(target);
        }
        self.bytes_read.set(self.bytes_read.get() + n as u64);
        if self.bytes_read.get() - self.reported.get() >= PROGRESS_STEP {
            self.flush_progress();
        }
        Ok(n)
    }
}

/// The message of a thrown JS value (an `Error`'s message, or its string form).
pub fn js_message(value: &JsValue) -> String {
    value
        .dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| value.as_string())
        .unwrap_or_else(|| "the file could not be read".to_owned())
}
