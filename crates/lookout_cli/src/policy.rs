//! The user's written-down decisions about findings: an ignore file (`.lookoutignore`,
//! `.trivyignore` lines) and OpenVEX documents. Read here (file system), applied in core.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use lookout_core::ignorefile::{parse_ignorefile, IgnoreFile};
use lookout_core::vex::{parse_openvex, Vex};
use lookout_report::ScanReport;

pub struct PolicyInputs {
    ignore: Option<IgnoreFile>,
    vex: Vec<Vex>,
}

/// Reads the ignore file (explicit, else `.lookoutignore` or `.trivyignore` in the current
/// folder when present) and every VEX document. An unreadable or invalid file is an error:
/// silently scanning without the user's suppressions would be worse.
pub fn load(ignorefile: Option<&Path>, vex: &[PathBuf]) -> Result<PolicyInputs> {
    let today = crate::clock::now_rfc3339()
        .chars()
        .take(10)
        .collect::<String>();
    let path = ignorefile.map(Path::to_path_buf).or_else(|| {
        [".lookoutignore", ".trivyignore"]
            .into_iter()
            .map(PathBuf::from)
            .find(|p| p.is_file())
    });
    let ignore = match path {
        Some(path) => {
            let text = std::fs::read_to_string(&path)
                .with_context(|| format!("cannot read ignore file {}", path.display()))?;
            Some(
                parse_ignorefile(&text, &today)
                    .map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?,
            )
        }
        None => None,
    };
    let mut docs = Vec::new();
    for path in vex {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read VEX file {}", path.display()))?;
        docs.push(parse_openvex(&text).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?);
    }
    Ok(PolicyInputs { ignore, vex: docs })
}

impl PolicyInputs {
    pub fn apply(&self, report: &mut ScanReport, image_ref: Option<&str>) {
        lookout_core::scan::suppress(report, self.ignore.as_ref(), &self.vex, image_ref);
    }
}
