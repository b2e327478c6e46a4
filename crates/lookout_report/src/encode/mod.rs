//! Encoders: pure functions from the model to text, safe for wasm (no clock, no I/O).

pub mod context;
pub mod cosign;
pub mod cyclonedx;
mod grid;
pub mod json;
pub mod sarif;
pub mod spdx;
pub mod table;
pub(crate) mod text;
