//! Panic containment for handlers: the engine promises not to panic, but an editor must
//! never lose its server because one document hit a bug.

use std::panic::{catch_unwind, AssertUnwindSafe};

/// Runs `work`; a panic becomes `Err` with the panic message (for the client's log).
pub fn guarded<T>(what: &str, work: impl FnOnce() -> T) -> Result<T, String> {
    catch_unwind(AssertUnwindSafe(work)).map_err(|payload| {
        let message = payload
            .downcast_ref::<&str>()
            .map(|s| (*s).to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown panic".to_string());
        format!("lookout: {what} panicked: {message}")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn panic_becomes_error_and_value_passes_through() {
        assert_eq!(guarded("ok", || 3), Ok(3));
        let err = guarded("hover", || -> u8 { panic!("boom {}", 1) });
        assert_eq!(err, Err("lookout: hover panicked: boom 1".to_string()));
    }
}
