//! The façade every face calls: `lint` for Dockerfiles and Kubernetes YAML, and the image
//! scan. No file system, threads or async here: callers pass text, bytes or a random-access
//! reader, and get data back (so the same code runs in the CLI, the LSP and the browser).

pub mod deps;
pub mod document;
pub mod ignorefile;
pub mod lint;
pub mod report_glue;
pub mod sbom_input;
pub mod scan;
pub mod settings;
pub mod vex;

pub use document::DocumentKind;
pub use lint::{lint, Finding, LintResult};
pub use settings::{
    nearest_config, resolve_relative_path, Settings, SettingsError, CONFIG_FILE_NAMES,
};
