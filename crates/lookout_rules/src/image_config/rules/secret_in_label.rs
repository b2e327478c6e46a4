use super::{finding, FindingSource, ImageConfigFinding};
use crate::image_config::ImageConfigInput;
use crate::secrets::scan_value;

crate::declare_rule! {
    /// ## What it does
    /// Flags image labels whose value is a credential the secret rules recognise.
    ///
    /// ## Why is this bad?
    /// Labels are public metadata: registries display them and `docker inspect` prints them.
    ///
    /// ## Example
    /// ```json
    /// {"config": {"User": "app", "Labels": {"ci.database": "postgres://ci:Hx8vQ2pL@db.internal:5432/ci"}}}
    /// ```
    ///
    /// ## Use instead
    /// ```json
    /// {"config": {"User": "app", "Labels": {"ci.database": "postgres://db.internal:5432/ci"}}}
    /// ```
    ///
    /// ## References
    /// - <https://specs.opencontainers.org/image-spec/annotations/>
    pub static SECRET_IN_LABEL = {
        code: "LKI012", name: "secret-in-label", family: ImageConfig,
        severity: Error, fix: None, aliases: [],
    }
}

pub(crate) fn check(input: &ImageConfigInput, out: &mut Vec<ImageConfigFinding>) {
    for (key, value) in &input.labels {
        for m in scan_value(format!("{key}={value}").as_bytes()) {
            out.push(finding(
                &SECRET_IN_LABEL,
                m.scan_severity,
                FindingSource::ImageConfig,
                "config.Labels",
                format!("label {key} holds a {} ({})", m.title, m.redacted),
            ));
        }
    }
}
