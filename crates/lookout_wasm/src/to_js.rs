//! Serialises Rust values into plain JS objects (not `Map`s), so the page gets ordinary
//! objects matching the TypeScript interfaces declared next to each export.

use serde::Serialize;
use wasm_bindgen::JsValue;

use crate::error::{js_error, ErrorKind};

pub fn to_js<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, JsValue> {
    let serializer = serde_wasm_bindgen::Serializer::json_compatible();
    value
        .serialize(&serializer)
        .map_err(|e| js_error(ErrorKind::Internal, format!("cannot convert result: {e}")))
}
