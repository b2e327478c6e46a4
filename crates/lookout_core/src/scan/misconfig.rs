//! Image-config misconfigurations: the image_config rules over the config and history,
//! plus the Dockerfile rules that still mean something on a history rebuilt as a
//! Dockerfile (reported under their own codes, located at `history[N].created_by`).

use lookout_image::ImageScan;
use lookout_report::{MisconfigSource, Misconfiguration, ScanSeverity};
use lookout_rules::image_config::{
    self, FindingSource, HistoryEntry, ImageConfigInput, LayerCacheUsage,
};

/// Dockerfile rules whose finding is about one RUN/ADD line on its own, so they hold for a
/// rebuilt history too. Rules about the Dockerfile as a whole (USER, FROM tags, stages)
/// do not: history has no base image and the config already answers them.
const HISTORY_DOCKERFILE_RULES: &[&str] =
    &["DL3014", "DL3015", "DL3019", "DL3020", "DL3042", "LKD007"];

/// The config as the rules read it, with the cache bytes the layer walk measured.
#[must_use]
pub fn config_input(image: &ImageScan, caches: &[LayerCacheUsage]) -> ImageConfigInput {
    let config = &image.config;
    ImageConfigInput {
        user: config.user.clone(),
        exposed_ports: config.exposed_ports.clone(),
        healthcheck: config.healthcheck.as_ref().map(|h| h.test.clone()),
        env: config.env.clone(),
        labels: config.labels.clone(),
        history: config
            .history
            .iter()
            .map(|h| HistoryEntry {
                created_by: h.created_by.clone().unwrap_or_default(),
                empty_layer: h.empty_layer,
            })
            .collect(),
        layer_cache_bytes: caches.to_vec(),
    }
}

#[must_use]
pub fn misconfigurations(input: &ImageConfigInput) -> Vec<Misconfiguration> {
    let mut out: Vec<Misconfiguration> = image_config::check(input)
        .into_iter()
        .map(|f| Misconfiguration {
            rule: f.rule.code.to_string(),
            aliases: lookout_rules::codes::report_aliases(f.rule.aliases),
            severity: ScanSeverity::parse(f.severity.as_str()).unwrap_or(ScanSeverity::Unknown),
            message: f.message,
            source: source(f.source),
            path: Some(f.path),
            layer: None,
        })
        .collect();
    let rebuilt = image_config::history_as_dockerfile(&input.history);
    let index = lookout_diagnostics::LineIndex::new(&rebuilt.text);
    for diagnostic in lookout_rules::dockerfile::check(&rebuilt.text) {
        if !HISTORY_DOCKERFILE_RULES.contains(&diagnostic.code) {
            continue;
        }
        let Some(rule) = lookout_rules::codes::find(diagnostic.code) else {
            continue;
        };
        let line = index.line_of(diagnostic.range.start());
        let Some(Some(history)) = rebuilt.line_history.get(line) else {
            continue;
        };
        out.push(Misconfiguration {
            rule: rule.code.to_string(),
            aliases: lookout_rules::codes::report_aliases(rule.aliases),
            severity: ScanSeverity::from_lint(diagnostic.severity),
            message: diagnostic.message.to_string(),
            source: MisconfigSource::History,
            path: Some(format!("history[{history}].created_by")),
            layer: None,
        });
    }
    out.sort_by(|a, b| {
        a.severity
            .cmp(&b.severity)
            .then_with(|| a.rule.cmp(&b.rule))
    });
    out
}

fn source(source: FindingSource) -> MisconfigSource {
    match source {
        FindingSource::ImageConfig => MisconfigSource::ImageConfig,
        FindingSource::History => MisconfigSource::History,
    }
}
