use super::{
    finding, history_path, is_real_value, is_secret_name, redact, FindingSource, ImageConfigFinding,
};
use crate::image_config::history::parse;
use crate::image_config::ImageConfigInput;
use crate::secrets::{scan_value, ScanSeverity};

crate::declare_rule! {
    /// ## What it does
    /// Flags credentials recorded in the image history: build args named like credentials
    /// that a `RUN` saw (history keeps them as `|1 NPM_TOKEN=… /bin/sh -c …`), and any value
    /// the secret rules recognise in a `created_by` line.
    ///
    /// ## Why is this bad?
    /// `ARG` values are written into the history of every layer built after them; deleting
    /// the variable later does not remove them. `docker history --no-trunc` prints them.
    ///
    /// ## Example
    /// ```json
    /// {"config": {"User": "app"}, "history": [{"created_by": "RUN |1 NPM_TOKEN=t0k3n-9f8e7d /bin/sh -c npm ci # buildkit"}]}
    /// ```
    ///
    /// ## Use instead
    /// Use a BuildKit secret mount, which never reaches the history:
    /// ```json
    /// {"config": {"User": "app"}, "history": [{"created_by": "RUN /bin/sh -c npm ci # buildkit"}]}
    /// ```
    ///
    /// ## References
    /// - <https://docs.docker.com/build/building/secrets/>
    pub static SECRET_IN_HISTORY = {
        code: "LKI005", name: "secret-in-history", family: ImageConfig,
        severity: Error, fix: None, aliases: [],
    }
}

pub(crate) fn check(input: &ImageConfigInput, out: &mut Vec<ImageConfigFinding>) {
    for (index, entry) in input.history.iter().enumerate() {
        let matches = scan_value(entry.created_by.as_bytes());
        for m in &matches {
            out.push(finding(
                &SECRET_IN_HISTORY,
                m.scan_severity,
                FindingSource::History,
                history_path(index),
                format!(
                    "history[{index}] records a {} ({}) in its build command",
                    m.title, m.redacted
                ),
            ));
        }
        for (name, value) in parse(&entry.created_by).build_args {
            // `value` borrows from `created_by`; a scanner match inside it was reported above.
            let value_start =
                (value.as_ptr() as usize).checked_sub(entry.created_by.as_ptr() as usize);
            let already = value_start.is_some_and(|start| {
                matches
                    .iter()
                    .any(|m| (start..start + value.len()).contains(&m.range.start()))
            });
            if already || !is_secret_name(name) || !is_real_value(value) {
                continue;
            }
            out.push(finding(
                &SECRET_IN_HISTORY,
                ScanSeverity::High,
                FindingSource::History,
                history_path(index),
                format!(
                    "build arg {name} ({}) is recorded in history[{index}]; use a secret mount",
                    redact(value)
                ),
            ));
        }
    }
}
