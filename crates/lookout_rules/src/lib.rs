//! Lookout's rules: Dockerfile, Kubernetes, secret and image-config checks.
//!
//! Each rule is declared as data with [`declare_rule!`] in its own file; [`codes`] is the
//! one table listing every rule, which the CLI, the LSP and the wasm API read.

pub mod codes;
mod meta;

pub mod dockerfile;
pub mod image_config;
pub mod incremental;
pub mod k8s;
pub mod secrets;

pub use meta::{Family, FixAvailability, RuleMeta, DOCS_BASE_URL};
