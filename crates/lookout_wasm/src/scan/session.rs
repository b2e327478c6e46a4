//! `ScanSession`: what the coordinating worker holds after the layers are scanned — the
//! merged image, the secrets, the DB matches — and the report it encodes on demand.

use lookout_core::scan::{image_report, needed_ecosystems, LayerFindings, LayerSecret, Scanners};
use lookout_image::{ImageScan, LayerResult};
use lookout_report::{
    to_cosign_vuln, to_cyclonedx, to_json, to_sarif_scan, to_spdx, EncodeContext, ScanReport,
    ToolInfo,
};
use lookout_rules::image_config::LayerCacheUsage;
use lookout_vuln::Db;
use wasm_bindgen::prelude::*;

use super::index::ArchiveIndex;
use super::layer::LayerOutput;
use crate::error::{js_error, ErrorKind};
use crate::to_js::to_js;

/// One layer's contents as the page shows them (see [`ScanSession::layer_contents`]).
#[derive(serde::Serialize)]
struct LayerContents<'a> {
    index: usize,
    files: usize,
    tar_bytes: u64,
    whiteouts: &'a [String],
    opaque_dirs: &'a [String],
    complete: bool,
    removed_packages: Vec<RemovedPackage<'a>>,
}

/// A package a layer deleted or replaced, as the Layers view names it.
#[derive(serde::Serialize)]
struct RemovedPackage<'a> {
    name: &'a str,
    version: &'a str,
    ecosystem: &'a str,
    purl: &'a str,
}

#[wasm_bindgen(typescript_custom_section)]
const TS_LAYER_CONTENTS: &'static str = r#"
export interface LayerContents {
  index: number;
  /** Paths the layer's tar holds (files, directories, links). */
  files: number;
  /** Bytes of the layer's tar, uncompressed. */
  tar_bytes: number;
  /** Paths the layer deletes (`.wh.<name>` whiteouts). */
  whiteouts: string[];
  /** Directories whose lower-layer contents the layer hides (`.wh..wh..opq`). */
  opaque_dirs: string[];
  /** False when the layer could not be read to its end (a warning says why). */
  complete: boolean;
  /** Packages visible before this layer that it deleted or replaced (a purge, an upgrade's old version). */
  removed_packages: RemovedPackage[];
}

export interface RemovedPackage {
  name: string;
  version: string;
  ecosystem: string;
  purl: string;
}
"#;

#[wasm_bindgen]
pub struct ScanSession {
    name: String,
    scan: ImageScan,
    secrets: Vec<LayerSecret>,
    caches: Vec<LayerCacheUsage>,
    report: ScanReport,
    started_at: String,
    finished_at: String,
}

fn now() -> String {
    String::from(js_sys::Date::new_0().to_iso_string())
}

#[wasm_bindgen]
impl ScanSession {
    /// Merges the layer results (in any order) into the image inventory. `name` is the
    /// file name shown as the artifact name.
    pub fn merge(
        index: &ArchiveIndex,
        name: String,
        layers: Vec<js_sys::Uint8Array>,
    ) -> Result<ScanSession, JsValue> {
        let started_at = now();
        let mut results: Vec<LayerResult> = Vec::with_capacity(layers.len());
        let mut secrets = Vec::new();
        let mut caches = Vec::new();
        for (i, bytes) in layers.iter().enumerate() {
            let output: LayerOutput = serde_json::from_slice(&bytes.to_vec()).map_err(|e| {
                js_error(
                    ErrorKind::InvalidArgument,
                    format!("layer result {i} is not readable: {e}"),
                )
            })?;
            results.push(output.result);
            secrets.extend(output.secrets.into_iter().filter_map(|s| s.into_core()));
            caches.push(output.cache);
        }
        results.sort_by_key(|r| r.index);
        let scan = ImageScan::assemble(index.layout().clone(), results);
        let mut session = Self {
            name,
            scan,
            secrets,
            caches,
            report: ScanReport::default(),
            finished_at: started_at.clone(),
            started_at,
        };
        session.report = session.build(None);
        Ok(session)
    }

    /// What each layer holds, in layer order: its files, unpacked bytes, the paths it
    /// deletes (whiteouts) and the directories it makes opaque — the Layers view's "what
    /// the layer did" beside the packages it added.
    #[wasm_bindgen(unchecked_return_type = "LayerContents[]")]
    pub fn layer_contents(&self) -> Result<JsValue, JsValue> {
        let contents: Vec<LayerContents<'_>> = self
            .scan
            .layers
            .iter()
            .map(|l| LayerContents {
                index: l.index,
                files: l.files,
                tar_bytes: l.tar_bytes,
                whiteouts: &l.whiteouts,
                opaque_dirs: &l.opaque_dirs,
                complete: l.complete,
                removed_packages: l
                    .removed_packages
                    .iter()
                    .map(|p| RemovedPackage {
                        name: &p.name,
                        version: &p.version,
                        ecosystem: &p.ecosystem,
                        purl: &p.purl,
                    })
                    .collect(),
            })
            .collect();
        to_js(&contents)
    }

    /// OSV ecosystems of the image's packages (`Debian:12`, `npm`, …): the DB shards to fetch.
    pub fn ecosystems(&self) -> Vec<String> {
        needed_ecosystems(&self.scan.packages).into_iter().collect()
    }

    /// Matches the packages against the DB (`db_index`: the bytes of db/index.json;
    /// `shard_ecosystems[i]` names the base ecosystem of the shard `shard_bytes[i]`, fetched
    /// for [`ScanSession::ecosystems`]; `unavailable`: base ecosystems whose shard the page
    /// could not fetch, offline for instance). Without a DB the report has no
    /// vulnerabilities and a warning says so; each unavailable shard gets a warning too.
    pub fn match_vulnerabilities(
        &mut self,
        db_index: Option<Vec<u8>>,
        shard_ecosystems: Vec<String>,
        shard_bytes: Vec<js_sys::Uint8Array>,
        unavailable: Vec<String>,
    ) -> Result<(), JsValue> {
        let db = match db_index {
            None => None,
            Some(index) => {
                let mut db = Db::open(&index)
                    .map_err(|e| js_error(ErrorKind::InvalidArgument, e.to_string()))?;
                for (ecosystem, bytes) in shard_ecosystems.iter().zip(&shard_bytes) {
                    db.load_shard(ecosystem, &bytes.to_vec())
                        .map_err(|e| js_error(ErrorKind::InvalidArgument, e.to_string()))?;
                }
                Some(db)
            }
        };
        self.report = self.build(db.as_ref());
        if db.is_some() {
            for ecosystem in &unavailable {
                self.report.warnings.push(format!(
                    "the vulnerability DB shard for {ecosystem} could not be fetched (offline?): {ecosystem} packages were not matched"
                ));
            }
        }
        if let Some(db) = &db {
            self.report.db = Some(lookout_report::DbInfo {
                uri: "db/index.json".to_owned(),
                version: db.index().built_at.clone(),
            });
        } else {
            self.report.warnings.push(
                "no vulnerability DB is bundled with this page: vulnerabilities were not matched"
                    .to_owned(),
            );
        }
        self.finished_at = now();
        Ok(())
    }

    /// The report (`lookout.scan/v1`) as a plain object.
    #[wasm_bindgen(unchecked_return_type = "ScanReport")]
    pub fn report(&self) -> Result<JsValue, JsValue> {
        to_js(&self.report.normalized())
    }

    /// The report in `json`, `sarif`, `cyclonedx`, `spdx` or `cosign-vuln`.
    pub fn encode(&self, format: &str) -> Result<String, JsValue> {
        // Every CycloneDX document gets its own serial number, two downloads in one second too.
        let context = EncodeContext::new(
            ToolInfo::lookout(env!("CARGO_PKG_VERSION")),
            &self.started_at,
            &self.finished_at,
        )
        .with_nonce(js_sys::Math::random().to_string());
        Ok(match format {
            "json" => to_json(&self.report),
            "sarif" => to_sarif_scan(
                &self.report,
                &lookout_core::report_glue::all_rule_descriptors(),
                &context,
            ),
            "cyclonedx" => to_cyclonedx(&self.report, &context),
            "spdx" => to_spdx(&self.report, &context),
            "cosign-vuln" => to_cosign_vuln(&self.report, &context),
            other => {
                return Err(js_error(
                    ErrorKind::InvalidArgument,
                    format!(
                    "unknown report format `{other}` (json, sarif, cyclonedx, spdx, cosign-vuln)"
                ),
                ))
            }
        })
    }
}

impl ScanSession {
    /// The core's report over the merged image, as `lookout scan` builds it (every scanner
    /// on, no ignore file or VEX: the page has none).
    fn build(&self, db: Option<&Db>) -> ScanReport {
        let findings = LayerFindings {
            secrets: self.secrets.clone(),
            caches: self.caches.clone(),
        };
        image_report(&self.name, &self.scan, findings, db, Scanners::default())
    }
}

#[wasm_bindgen(typescript_custom_section)]
const TS_SCAN_REPORT: &'static str = r#"
export type ScanSeverity = "CRITICAL" | "HIGH" | "MEDIUM" | "LOW" | "UNKNOWN";
export interface ScanLayer { index: number; diff_id: string; created_by: string | null; size?: number }
export interface ScanArtifact {
  name: string;
  format: "docker-archive" | "oci-archive" | "oci-layout" | "directory" | "lockfile" | "sbom";
  digest: string | null;
  layers: ScanLayer[];
}
export interface ScanOs { family: string; version: string; ecosystem: string }
export interface ScanPackage {
  name: string; version: string; ecosystem: string;
  source: string | null; source_version: string | null;
  purl: string; path: string; layer: number | null; licenses: string[]; arch: string | null;
}
export interface ScanVulnerability {
  id: string; aliases: string[]; package: string; version: string;
  fixed_version: string | null; status: "fixed" | "affected" | "will_not_fix";
  severity: ScanSeverity; cvss: { version: string; vector: string; score: number } | null;
  purl: string; layer: number | null; title: string | null; references: string[];
  ecosystem: string; path: string;
}
export interface ScanSecret {
  rule: string; severity: ScanSeverity; path: string; line: number;
  layer: number | null; deleted_in_layer: number | null; match: string; title: string | null;
  /** Set for secrets found in the image config rather than a file. */
  source?: "image-config" | "history";
}
export interface ScanMisconfiguration {
  rule: string; aliases: string[]; severity: ScanSeverity; message: string;
  source: "image-config" | "history"; layer: number | null;
  /** The config field it is about (`config.User`, `history[3].created_by`). */
  path?: string;
}
export interface ScanSummary {
  critical: number; high: number; medium: number; low: number; unknown: number;
  secrets: number; misconfigurations: number; suppressed: number;
}
/** `lookout.scan/v1`, the same document `lookout scan --format json` prints. */
export interface ScanReport {
  schema: "lookout.scan/v1";
  artifact: ScanArtifact;
  os: ScanOs | null;
  packages: ScanPackage[];
  vulnerabilities: ScanVulnerability[];
  secrets: ScanSecret[];
  misconfigurations: ScanMisconfiguration[];
  suppressed: unknown[];
  summary: ScanSummary;
  db: { uri: string; version: string } | null;
  warnings: string[];
}
"#;
