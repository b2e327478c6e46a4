//! Lookout's report model and output encoders.
//!
//! The model ([`ScanReport`] `lookout.scan/v1`, [`LintReport`] `lookout.lint/v1`) is plain
//! serde data the engine fills; every face hands it to one of the encoders below, which are
//! pure functions returning `String` (no clock, no I/O: timestamps and the tool version come
//! in through [`EncodeContext`], so outputs are reproducible and the crate builds for
//! `wasm32-unknown-unknown`).
//!
//! | format | function |
//! |---|---|
//! | JSON | [`to_json`] |
//! | table | [`to_table`], [`to_packages_table`] |
//! | SARIF 2.1.0 | [`to_sarif_scan`], [`to_sarif_lint`] |
//! | CycloneDX 1.6 | [`to_cyclonedx`] |
//! | SPDX 2.3 | [`to_spdx`] |
//! | cosign-vuln | [`to_cosign_vuln`] |
//!
//! The table grid is hand-rolled (see `encode::grid`): the crate depends on serde only.

pub mod encode;
pub mod license;
pub mod model;

pub use encode::context::{EncodeContext, Invocation, ToolInfo};
pub use encode::cosign::{cosign_vuln_value, to_cosign_vuln, COSIGN_VULN_PREDICATE_TYPE};
pub use encode::cyclonedx::to_cyclonedx;
pub use encode::json::{to_json, JsonDocument};
pub use encode::sarif::{to_sarif_lint, to_sarif_scan};
pub use encode::spdx::to_spdx;
pub use encode::table::{to_packages_table, to_table};
pub use encode::text::escape_control;
pub use model::lint::{LintEdit, LintFinding, LintFix, LintReport, LINT_SCHEMA};
pub use model::rules::RuleDescriptor;
pub use model::scan::{
    is_distro_ecosystem, Artifact, ArtifactFormat, Cvss, DbInfo, FindingKind, Layer,
    MisconfigSource, Misconfiguration, OsInfo, PackageEntry, ScanReport, SecretFinding, Summary,
    SuppressedFinding, SuppressionSource, VulnerabilityEntry, VulnerabilityStatus, SCAN_SCHEMA,
};
pub use model::severity::ScanSeverity;
