//! `cargo fuzz run kubernetes`: YAML parsing, the Kubernetes model and rules must accept
//! any text without panicking (billion-laughs documents are refused, not expanded).
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = lookout_rules::k8s::check(text);
    }
});
