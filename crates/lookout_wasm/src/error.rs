//! Errors as JS sees them: a real `Error` whose `name` is `LookoutError` and whose `kind`
//! tells the page which message to show (not an image, truncated, unsupported, …).

use wasm_bindgen::prelude::*;

/// What went wrong, as a stable string the page can switch on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// The caller passed something the API does not accept (bad settings, unknown format).
    InvalidArgument,
    /// The file is empty.
    Empty,
    /// The file is not a tar archive (or gzip of one) at all.
    NotAnImage,
    /// The archive ends before an entry it announces.
    Truncated,
    /// A tar archive, but not a docker-archive or OCI layout this version reads.
    Unsupported,
    /// The JS reader failed (the file changed or became unreadable).
    Read,
    /// A bug on our side; the message says where.
    Internal,
}

impl ErrorKind {
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::InvalidArgument => "invalid-argument",
            Self::Empty => "empty",
            Self::NotAnImage => "not-an-image",
            Self::Truncated => "truncated",
            Self::Unsupported => "unsupported",
            Self::Read => "read",
            Self::Internal => "internal",
        }
    }
}

/// Builds the JS error value thrown across the boundary.
#[must_use]
pub fn js_error(kind: ErrorKind, message: impl AsRef<str>) -> JsValue {
    let error = js_sys::Error::new(message.as_ref());
    error.set_name("LookoutError");
    // Reflect::set on a fresh Error object cannot fail; ignoring keeps the original message.
    let _ = js_sys::Reflect::set(&error, &JsValue::from_str("kind"), &kind.as_str().into());
    error.into()
}

#[wasm_bindgen(typescript_custom_section)]
const TS_ERROR: &'static str = r#"
/** Every exported function throws this (an `Error` with `name === "LookoutError"`). */
export interface LookoutError extends Error {
  name: "LookoutError";
  kind: "invalid-argument" | "empty" | "not-an-image" | "truncated" | "unsupported" | "read" | "internal";
}
"#;
