//! Lookout in the browser: one `#[wasm_bindgen]` export per façade call.
//!
//! Results cross the boundary as plain JS objects typed by the TypeScript interfaces each
//! module declares (`typescript_custom_section`), so `tsc` checks the page against the
//! real API. Errors are thrown as `LookoutError` (see [`error`]).

mod error;
mod lint;
mod rules;
mod scan;
mod to_js;

pub use error::{js_error, ErrorKind};
pub use lint::lint;
pub use rules::rules;
pub use scan::{scan_layer, ArchiveIndex, JsPipe, JsReadAt, ScanSession};

use wasm_bindgen::prelude::*;

/// Runs once when the module is instantiated: Rust panics become readable console errors
/// instead of a bare `unreachable` trap.
#[wasm_bindgen(start)]
pub fn start() {
    console_error_panic_hook::set_once();
}

/// The crate version, shown in the page footer and embedded in reports.
#[wasm_bindgen]
#[must_use]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_owned()
}
