//! What the user asked to see: severities, `--ignore-unfixed`. Findings filtered out by a
//! policy the user wrote down (ignore file, VEX) are kept in `suppressed` so the JSON says
//! why they are missing; severity and fix filters just narrow the view.

use lookout_report::{ScanReport, ScanSeverity, VulnerabilityStatus};

#[derive(Debug, Clone, Default)]
pub struct Policy {
    /// Only these severities are reported (`--severity HIGH,CRITICAL`); empty = all.
    pub severities: Vec<ScanSeverity>,
    /// Drop vulnerabilities without a fixed version.
    pub ignore_unfixed: bool,
}

impl Policy {
    fn shows(&self, severity: ScanSeverity) -> bool {
        self.severities.is_empty() || self.severities.contains(&severity)
    }
}

/// Narrows `report` to what `policy` shows and recomputes the summary.
pub fn apply_policy(report: &mut ScanReport, policy: &Policy) {
    report.vulnerabilities.retain(|v| {
        policy.shows(v.severity)
            && !(policy.ignore_unfixed
                && (v.fixed_version.is_none() || v.status != VulnerabilityStatus::Fixed))
    });
    report.secrets.retain(|s| policy.shows(s.severity));
    report
        .misconfigurations
        .retain(|m| policy.shows(m.severity));
    report.summarize();
}
