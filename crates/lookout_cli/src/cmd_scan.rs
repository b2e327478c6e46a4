//! `lookout scan TARGET` and `lookout sbom TARGET`: image archives (docker save classic
//! and 25+, OCI layout tar or directory), lockfiles, project folders and SBOMs.

use std::path::{Path, PathBuf};

use anyhow::{anyhow, bail, Result};
use clap::{Args, ValueEnum};
use lookout_core::scan::{self, Policy, Scanners};
use lookout_image::{Options, Package};
use lookout_report::{EncodeContext, ScanSeverity, ToolInfo};

use crate::target::{self, Inventory, ScanTarget};

#[derive(Args)]
pub struct ScanArgs {
    /// An image archive (docker save, OCI layout tar or directory), a lockfile, a project
    /// folder, or a CycloneDX/SPDX JSON SBOM.
    pub target: PathBuf,
    #[arg(long, value_enum, default_value_t = ScanFormat::Table)]
    pub format: ScanFormat,
    /// Write the report to FILE instead of stdout.
    #[arg(long, short)]
    pub output: Option<PathBuf>,
    /// Vulnerability DB folder (default: the one `db update` wrote, else the bundled snapshot).
    #[arg(long)]
    pub db: Option<PathBuf>,
    /// Only report these severities (comma-separated: CRITICAL,HIGH,MEDIUM,LOW,UNKNOWN).
    #[arg(long, value_delimiter = ',')]
    pub severity: Vec<String>,
    /// Exit with this code when findings remain after filtering.
    #[arg(long, default_value_t = 0)]
    pub exit_code: u8,
    /// Do not report vulnerabilities without a fixed version.
    #[arg(long)]
    pub ignore_unfixed: bool,
    /// Scanners to run (comma-separated: vuln,secret,misconfig).
    #[arg(long, default_value = "vuln,secret,misconfig")]
    pub scanners: String,
    /// Ids to ignore, one per line, optional `exp:YYYY-MM-DD` (default `.lookoutignore`,
    /// else `.trivyignore`, in the current folder).
    #[arg(long)]
    pub ignorefile: Option<PathBuf>,
    /// OpenVEX document: `not_affected`/`fixed` statements suppress matching findings.
    #[arg(long)]
    pub vex: Vec<PathBuf>,
    /// Platform to pick from a multi-platform index (`linux/arm64`); default linux/amd64.
    #[arg(long)]
    pub platform: Option<String>,
    /// Image to pick from an archive holding several: a tag of `docker save a b`
    /// (`app:1.2`), or an OCI layout's `org.opencontainers.image.ref.name`; default the first.
    #[arg(long = "ref", value_name = "REF")]
    pub reference: Option<String>,
    /// Largest decompressed layer accepted, in MiB (decompression-bomb guard).
    #[arg(long, default_value_t = 16 * 1024, value_parser = clap::value_parser!(u64).range(1..))]
    pub max_layer_mib: u64,
    #[arg(long)]
    pub no_progress: bool,
    /// No progress bar and no summary line on stderr.
    #[arg(long, short)]
    pub quiet: bool,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum ScanFormat {
    Table,
    Json,
    Sarif,
    Cyclonedx,
    Spdx,
    CosignVuln,
}

#[derive(Args)]
pub struct SbomArgs {
    /// An image archive (docker save, OCI layout tar or directory), a lockfile or a folder.
    pub target: PathBuf,
    #[arg(long, value_enum, default_value_t = SbomFormat::Table)]
    pub format: SbomFormat,
    #[arg(long, short)]
    pub output: Option<PathBuf>,
    #[arg(long)]
    pub platform: Option<String>,
    /// Image to pick from an archive holding several (see `lookout scan --help`).
    #[arg(long = "ref", value_name = "REF")]
    pub reference: Option<String>,
    #[arg(long)]
    pub no_progress: bool,
    #[arg(long, short)]
    pub quiet: bool,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum SbomFormat {
    Table,
    Json,
    Cyclonedx,
    Spdx,
}

pub fn run_scan(args: &ScanArgs) -> Result<u8> {
    let started = crate::clock::now_rfc3339();
    let scanners = Scanners::parse(&args.scanners).map_err(|e| anyhow!("--scanners: {e}"))?;
    let severities = parse_severities(&args.severity)?;
    let policy_inputs = crate::policy::load(args.ignorefile.as_deref(), &args.vex)?;
    let mut options = Options {
        platform: args.platform.clone(),
        reference: args.reference.clone(),
        ..Options::default()
    };
    options.max_layer_size = args.max_layer_mib.saturating_mul(1024 * 1024);
    let target = ScanTarget {
        path: &args.target,
        options,
        secrets: scanners.secret,
        progress: !args.no_progress && !args.quiet,
    };
    let inventory = target::inventory(&target)?;
    let unread = unread_layers(&inventory);
    let name = display_name(&args.target);
    let image_ref = match &inventory {
        Inventory::Image { scan, .. } => Some(scan.archive.digest.clone()),
        Inventory::Packages { .. } => None,
    };
    let db_dir = args
        .db
        .clone()
        .unwrap_or_else(crate::cmd_db::default_db_dir);
    let mut report = match inventory {
        Inventory::Image { scan, layers } => {
            let db = if scanners.vuln {
                Some(open_db(&db_dir, &scan.packages)?)
            } else {
                None
            };
            let mut report = scan::image_report(&name, &scan, layers, db.as_ref(), scanners);
            report.db = db.as_ref().map(|db| db_info(&db_dir, db));
            report
        }
        Inventory::Packages {
            kind,
            packages,
            warnings,
            lines,
        } => {
            let db = if scanners.vuln {
                Some(open_db(&db_dir, &packages)?)
            } else {
                None
            };
            let mut report = scan::packages_report(&name, kind, &packages, db.as_ref());
            lines.place(&mut report.vulnerabilities);
            report.db = db.as_ref().map(|db| db_info(&db_dir, db));
            report.warnings.extend(warnings);
            report
        }
    };
    policy_inputs.apply(&mut report, image_ref.as_deref());
    scan::apply_policy(
        &mut report,
        &Policy {
            severities,
            ignore_unfixed: args.ignore_unfixed,
        },
    );
    let finished = crate::clock::now_rfc3339();
    let context = EncodeContext::new(
        ToolInfo::lookout(env!("CARGO_PKG_VERSION")),
        &started,
        &finished,
    )
    .with_nonce(crate::clock::run_nonce());
    let text = match args.format {
        ScanFormat::Table => lookout_report::to_table(&report),
        ScanFormat::Json => lookout_report::to_json(&report),
        ScanFormat::Sarif => lookout_report::to_sarif_scan(
            &report,
            &lookout_core::report_glue::all_rule_descriptors(),
            &context,
        ),
        ScanFormat::Cyclonedx => lookout_report::to_cyclonedx(&report, &context),
        ScanFormat::Spdx => lookout_report::to_spdx(&report, &context),
        ScanFormat::CosignVuln => lookout_report::to_cosign_vuln(&report, &context),
    };
    write_output(args.output.as_deref(), &text)?;
    if !args.quiet {
        for warning in &report.warnings {
            // Warnings quote paths from inside the image: no raw escape sequences.
            eprintln!(
                "lookout: warning: {}",
                lookout_report::escape_control(warning)
            );
        }
    }
    fail_if_unread(&args.target, &unread)?;
    let findings =
        report.vulnerabilities.len() + report.secrets.len() + report.misconfigurations.len();
    Ok(if findings > 0 { args.exit_code } else { 0 })
}

/// Layers not read to their end: a corrupt or truncated blob, or one over the size limit.
fn unread_layers(inventory: &Inventory) -> Vec<usize> {
    match inventory {
        Inventory::Image { scan, .. } => scan
            .layers
            .iter()
            .filter(|l| !l.complete)
            .map(|l| l.index)
            .collect(),
        Inventory::Packages { .. } => Vec::new(),
    }
}

/// The report is written (it holds what could be read, and the warning saying why the
/// rest could not), but the run fails: a CI gate must not pass an image it could not read
/// whole, as Trivy and Grype fail on a broken layer.
fn fail_if_unread(target: &Path, unread: &[usize]) -> Result<()> {
    if unread.is_empty() {
        return Ok(());
    }
    let list: Vec<String> = unread.iter().map(usize::to_string).collect();
    bail!(
        "{}: layer{} {} could not be read to the end (see the warning); the report is incomplete",
        target.display(),
        if unread.len() == 1 { "" } else { "s" },
        list.join(", ")
    )
}

pub fn run_sbom(args: &SbomArgs) -> Result<u8> {
    let started = crate::clock::now_rfc3339();
    let options = Options {
        platform: args.platform.clone(),
        reference: args.reference.clone(),
        ..Options::default()
    };
    let target = ScanTarget {
        path: &args.target,
        options,
        secrets: false,
        progress: !args.no_progress && !args.quiet,
    };
    let inventory = target::inventory(&target)?;
    let unread = unread_layers(&inventory);
    let name = display_name(&args.target);
    let none = Scanners {
        vuln: false,
        secret: false,
        misconfig: false,
    };
    let report = match &inventory {
        Inventory::Image { scan, .. } => {
            scan::image_report(&name, scan, scan::LayerFindings::default(), None, none)
        }
        Inventory::Packages { kind, packages, .. } => {
            scan::packages_report(&name, *kind, packages, None)
        }
    };
    let finished = crate::clock::now_rfc3339();
    let context = EncodeContext::new(
        ToolInfo::lookout(env!("CARGO_PKG_VERSION")),
        &started,
        &finished,
    )
    .with_nonce(crate::clock::run_nonce());
    let text = match args.format {
        SbomFormat::Table => lookout_report::to_packages_table(&report),
        SbomFormat::Json => lookout_report::to_json(&report),
        SbomFormat::Cyclonedx => lookout_report::to_cyclonedx(&report, &context),
        SbomFormat::Spdx => lookout_report::to_spdx(&report, &context),
    };
    write_output(args.output.as_deref(), &text)?;
    if !unread.is_empty() && !args.quiet {
        // The tables carry no warnings: say why the inventory is incomplete.
        for warning in &report.warnings {
            eprintln!("lookout: warning: {warning}");
        }
    }
    fail_if_unread(&args.target, &unread)?;
    Ok(0)
}

/// The report's record of the DB a scan used, as the web page fills it: where its index
/// is and when it was built (policies reject stale DBs by that date).
fn db_info(dir: &Path, db: &lookout_vuln::Db) -> lookout_report::DbInfo {
    lookout_report::DbInfo {
        uri: dir.join(lookout_vuln::INDEX_FILE).display().to_string(),
        version: db.index().built_at.clone(),
    }
}

fn open_db(dir: &Path, packages: &[Package]) -> Result<lookout_vuln::Db> {
    let ecosystems = scan::needed_ecosystems(packages);
    let names: Vec<&str> = ecosystems.iter().map(String::as_str).collect();
    if names.is_empty() {
        // Nothing to match, but a broken --db is still worth reporting.
        return crate::cmd_db::open_db_dir(dir, &["__none__"]);
    }
    crate::cmd_db::open_db_dir(dir, &names)
}

fn parse_severities(list: &[String]) -> Result<Vec<ScanSeverity>> {
    let parsed: Vec<ScanSeverity> = list
        .iter()
        .map(|s| s.trim())
        .filter(|s| !s.is_empty())
        .map(|s| {
            ScanSeverity::parse(s).ok_or_else(|| {
                anyhow!("--severity: unknown severity `{s}` (CRITICAL,HIGH,MEDIUM,LOW,UNKNOWN)")
            })
        })
        .collect::<Result<_>>()?;
    // `--severity ""` (an unset CI variable) is not "every severity".
    if parsed.is_empty() && !list.is_empty() {
        bail!("--severity: no severity named (CRITICAL,HIGH,MEDIUM,LOW,UNKNOWN)");
    }
    Ok(parsed)
}

fn display_name(path: &Path) -> String {
    path.file_name()
        .and_then(|n| n.to_str())
        .map_or_else(|| path.display().to_string(), str::to_string)
}

fn write_output(output: Option<&Path>, text: &str) -> Result<()> {
    match output {
        Some(path) => {
            std::fs::write(path, text).map_err(|e| anyhow!("cannot write {}: {e}", path.display()))
        }
        None => {
            crate::stdout::print(text);
            Ok(())
        }
    }
}
