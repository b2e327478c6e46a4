//! `cargo fuzz run dockerfile`: the Dockerfile parser and every Dockerfile rule must
//! accept any text without panicking.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = lookout_rules::dockerfile::check(text);
    }
});
