//! What encoders need besides the report. Everything time- or tool-dependent comes in
//! here, never from the clock, so the same inputs always give the same bytes.

/// The tool that produced a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ToolInfo {
    /// Display name (`Lookout`).
    pub name: String,
    /// Semantic version (`0.1.0`).
    pub version: String,
    /// Project home page.
    pub information_uri: String,
}

impl ToolInfo {
    /// Lookout itself at `version`.
    #[must_use]
    pub fn lookout(version: &str) -> Self {
        Self {
            name: "Lookout".to_string(),
            version: version.to_string(),
            information_uri: "https://lookout.dev".to_string(),
        }
    }
}

/// The cosign `invocation` block: where the scan ran (a CI job, usually).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Invocation {
    pub parameters: Vec<String>,
    pub uri: String,
    pub event_id: String,
    pub builder_id: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EncodeContext {
    pub tool: ToolInfo,
    /// When the scan started, RFC 3339 UTC (`2026-11-27T06:00:00Z`).
    pub started_at: String,
    /// When the scan finished (also the creation time of SBOM documents).
    pub finished_at: String,
    pub invocation: Invocation,
    /// Anything unique to this run (the CLI passes the clock's nanoseconds and its process
    /// id), mixed into document ids such as the CycloneDX serial number so that two runs
    /// in the same second still differ. Empty (tests) keeps outputs reproducible.
    pub nonce: String,
}

impl EncodeContext {
    #[must_use]
    pub fn new(tool: ToolInfo, started_at: &str, finished_at: &str) -> Self {
        Self {
            tool,
            started_at: started_at.to_string(),
            finished_at: finished_at.to_string(),
            invocation: Invocation::default(),
            nonce: String::new(),
        }
    }

    /// The same context with a per-run `nonce` (see [`EncodeContext::nonce`]).
    #[must_use]
    pub fn with_nonce(mut self, nonce: impl Into<String>) -> Self {
        self.nonce = nonce.into();
        self
    }
}

/// SPDX and CycloneDX want whole seconds in UTC (`YYYY-MM-DDThh:mm:ssZ`); drop a
/// fractional part when present.
#[must_use]
pub(crate) fn whole_seconds_utc(timestamp: &str) -> String {
    match (timestamp.find('.'), timestamp.strip_suffix('Z')) {
        (Some(dot), Some(_)) => format!("{}Z", &timestamp[..dot]),
        _ => timestamp.to_string(),
    }
}
