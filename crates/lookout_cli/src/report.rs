//! JSON and SARIF for `lookout lint`, through the shared report model.

use anyhow::Result;
use lookout_core::report_glue;
use lookout_report::{EncodeContext, ToolInfo};

use crate::cmd_lint::LintedFile;

pub fn lint_json(files: &[LintedFile]) -> Result<String> {
    let report = report_glue::lint_report(
        files
            .iter()
            .map(|f| (f.path.as_str(), f.text.as_str(), &f.result)),
    );
    Ok(format!("{}\n", serde_json::to_string_pretty(&report)?))
}

pub fn lint_sarif(files: &[LintedFile]) -> Result<String> {
    let report = report_glue::lint_report(
        files
            .iter()
            .map(|f| (f.path.as_str(), f.text.as_str(), &f.result)),
    );
    let now = crate::clock::now_rfc3339();
    let context = EncodeContext::new(ToolInfo::lookout(env!("CARGO_PKG_VERSION")), &now, &now);
    Ok(format!(
        "{}\n",
        lookout_report::to_sarif_lint(&report, &report_glue::all_rule_descriptors(), &context)
    ))
}
