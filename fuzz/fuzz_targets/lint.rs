//! `cargo fuzz run lint`: the whole lint façade (suppressions, secrets, settings) on any
//! text, as a Dockerfile and as Kubernetes YAML.
#![no_main]
use libfuzzer_sys::fuzz_target;
use lookout_core::{lint::lint_as, DocumentKind, Settings};

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let settings = Settings::default();
        let _ = lint_as(text, DocumentKind::Dockerfile, &settings);
        let _ = lint_as(text, DocumentKind::Kubernetes, &settings);
    }
});
