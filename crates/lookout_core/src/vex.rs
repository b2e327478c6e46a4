//! OpenVEX documents (<https://github.com/openvex/spec>): statements that a vulnerability
//! does or does not affect a product. `not_affected` and `fixed` statements suppress the
//! matching findings; `affected` and `under_investigation` keep them.
//!
//! Both shapes in use are read: v0.2.0 (`vulnerability` an object with `name`, `@id` and
//! `aliases`; products objects with `@id`, `identifiers`, `hashes` and nested
//! `subcomponents`) and the earlier v0.0.x (`vulnerability` a string, products and a
//! statement-level `subcomponents` list as strings).
//!
//! A statement's product is matched by purl. The product can be the image (`pkg:oci/…` or a
//! digest), in which case the finding's package must be one of its subcomponents (or the
//! statement has none, meaning the whole image); or the product is the package itself.

use serde_json::Value;

pub use crate::ignorefile::PolicyError;
use crate::sbom_input::Purl;

/// Largest VEX document accepted.
pub const MAX_VEX_BYTES: usize = 64 * 1024 * 1024;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VexStatus {
    NotAffected,
    Affected,
    Fixed,
    UnderInvestigation,
}

impl VexStatus {
    fn parse(text: &str) -> Option<Self> {
        match text {
            "not_affected" => Some(Self::NotAffected),
            "affected" => Some(Self::Affected),
            "fixed" => Some(Self::Fixed),
            "under_investigation" => Some(Self::UnderInvestigation),
            _ => None,
        }
    }

    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::NotAffected => "not_affected",
            Self::Affected => "affected",
            Self::Fixed => "fixed",
            Self::UnderInvestigation => "under_investigation",
        }
    }

    /// Whether a statement with this status hides the finding.
    #[must_use]
    pub fn suppresses(self) -> bool {
        matches!(self, Self::NotAffected | Self::Fixed)
    }
}

/// The vulnerability a statement is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VexVulnerability {
    /// `name` (v0.2.0) or the plain string (v0.0.x): `CVE-2023-1234`.
    pub name: String,
    /// The `@id` IRI, when given.
    pub id: Option<String>,
    pub aliases: Vec<String>,
}

impl VexVulnerability {
    /// Whether this names a finding with `id` and `aliases`: any of the statement's names
    /// equal to any of the finding's (ASCII case ignored).
    fn names(&self, id: &str, aliases: &[String]) -> bool {
        let ours = std::iter::once(self.name.as_str())
            .chain(self.id.as_deref())
            .chain(self.aliases.iter().map(String::as_str))
            .filter(|n| !n.is_empty());
        let theirs: Vec<&str> = std::iter::once(id)
            .chain(aliases.iter().map(String::as_str))
            .collect();
        ours.into_iter()
            .any(|n| theirs.iter().any(|t| t.eq_ignore_ascii_case(n)))
    }
}

/// A software component: its `@id` and the identifiers and hashes it lists.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct VexComponent {
    /// `@id`: usually a purl, sometimes a digest or another IRI.
    pub id: String,
    /// `identifiers` values (`purl`, `cpe23`, `cpe22`).
    pub identifiers: Vec<String>,
    /// `hashes` as (algorithm, value): (`sha-256`, hex).
    pub hashes: Vec<(String, String)>,
}

impl VexComponent {
    fn names(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.id.as_str())
            .chain(self.identifiers.iter().map(String::as_str))
            .filter(|n| !n.is_empty())
    }

    /// Whether this component is the package `purl` (or a version-less purl covering it).
    fn is_package(&self, purl: &Purl) -> bool {
        self.names()
            .filter_map(Purl::parse)
            .any(|candidate| candidate.covers(purl))
    }

    /// Whether this component is the image given as a `pkg:oci` purl or a `sha256:` digest.
    fn is_image(&self, image: &str) -> bool {
        let image_digest = match Purl::parse(image) {
            Some(purl) => {
                if self.is_package(&purl) {
                    return true;
                }
                purl.version
            }
            None => Some(image.to_string()),
        };
        let Some(digest) = image_digest.filter(|d| d.contains(':')) else {
            return false;
        };
        // The product named by its digest, or by a `pkg:oci` purl whose version is it.
        let names_digest = self.names().any(|n| {
            n.eq_ignore_ascii_case(&digest)
                || Purl::parse(n).is_some_and(|p| {
                    p.ty == "oci"
                        && p.version
                            .as_deref()
                            .is_some_and(|v| v.eq_ignore_ascii_case(&digest))
                })
        });
        if names_digest {
            return true;
        }
        // A product named by name only, with its digest under `hashes`.
        let Some((algorithm, hex)) = digest.split_once(':') else {
            return false;
        };
        self.hashes.iter().any(|(alg, value)| {
            alg.replace('-', "").eq_ignore_ascii_case(algorithm) && value.eq_ignore_ascii_case(hex)
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VexProduct {
    pub component: VexComponent,
    pub subcomponents: Vec<VexComponent>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VexStatement {
    pub vulnerability: VexVulnerability,
    pub products: Vec<VexProduct>,
    pub status: VexStatus,
    pub justification: Option<String>,
    pub impact_statement: Option<String>,
    pub action_statement: Option<String>,
    pub status_notes: Option<String>,
    /// The statement's timestamp, else the document's.
    pub timestamp: Option<String>,
}

impl VexStatement {
    /// One line for reports: `not_affected (vulnerable_code_not_in_execute_path): …`.
    #[must_use]
    pub fn reason(&self) -> String {
        let mut out = self.status.as_str().to_string();
        if let Some(justification) = &self.justification {
            out.push_str(&format!(" ({justification})"));
        }
        let detail = self
            .impact_statement
            .as_ref()
            .or(self.action_statement.as_ref())
            .or(self.status_notes.as_ref());
        if let Some(detail) = detail {
            out.push_str(": ");
            out.push_str(detail);
        }
        out
    }

    /// Whether a product of this statement names the finding's package, either as itself
    /// or as a subcomponent of the image.
    fn covers_package(&self, package: &Purl, image: Option<&str>) -> bool {
        self.products.iter().any(|product| {
            if product.component.is_package(package) {
                return true;
            }
            let is_image = image.is_some_and(|image| product.component.is_image(image));
            is_image
                && (product.subcomponents.is_empty()
                    || product.subcomponents.iter().any(|s| s.is_package(package)))
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Vex {
    /// The document's `@id`.
    pub id: Option<String>,
    pub author: Option<String>,
    pub statements: Vec<VexStatement>,
}

impl Vex {
    /// The statement that suppresses a finding of `vuln_id` (with `aliases`) in the
    /// package `package_purl`, in the image `image_purl_or_digest` when scanning one.
    ///
    /// Statements form a history: when several apply, the latest (by timestamp when both
    /// carry UTC timestamps, else by document order) decides, so a later `affected`
    /// overrides an earlier `not_affected`. Returns it only if its status is `not_affected`
    /// or `fixed`.
    #[must_use]
    pub fn suppression_for(
        &self,
        vuln_id: &str,
        aliases: &[String],
        package_purl: &str,
        image_purl_or_digest: Option<&str>,
    ) -> Option<&VexStatement> {
        let package = Purl::parse(package_purl)?;
        let mut latest: Option<&VexStatement> = None;
        for statement in &self.statements {
            if !statement.vulnerability.names(vuln_id, aliases)
                || !statement.covers_package(&package, image_purl_or_digest)
            {
                continue;
            }
            if latest.is_none_or(|previous| !is_earlier(statement, previous)) {
                latest = Some(statement);
            }
        }
        latest.filter(|s| s.status.suppresses())
    }
}

/// Whether `a` was made before `b`, comparing RFC 3339 UTC timestamps to the second; `false`
/// when either lacks one (then document order decides).
fn is_earlier(a: &VexStatement, b: &VexStatement) -> bool {
    let utc_seconds = |s: &VexStatement| {
        s.timestamp
            .as_deref()
            .filter(|t| t.ends_with('Z') || t.ends_with("+00:00"))
            .and_then(|t| t.get(..19))
            .map(str::to_string)
    };
    match (utc_seconds(a), utc_seconds(b)) {
        (Some(a), Some(b)) => a < b,
        _ => false,
    }
}

/// Parses an OpenVEX JSON document.
///
/// # Errors
/// [`PolicyError::NotJson`] for text that is not JSON, [`PolicyError::NotOpenVex`] when the
/// `@context` is not OpenVEX's or `statements` is missing, and
/// [`PolicyError::InvalidVexStatement`] for a statement without a vulnerability or with an
/// unknown status.
pub fn parse_openvex(text: &str) -> Result<Vex, PolicyError> {
    if text.len() > MAX_VEX_BYTES {
        return Err(PolicyError::TooLarge {
            what: "VEX document",
            limit: MAX_VEX_BYTES,
        });
    }
    let document: Value = serde_json::from_str(text).map_err(|e| PolicyError::NotJson {
        what: "VEX document",
        message: e.to_string(),
    })?;
    let context = document
        .get("@context")
        .and_then(Value::as_str)
        .ok_or_else(|| PolicyError::NotOpenVex("no `@context` string".to_string()))?;
    if !context.starts_with("https://openvex.dev/ns") {
        return Err(PolicyError::NotOpenVex(format!(
            "`@context` is `{context}`, expected https://openvex.dev/ns/v0.2.0"
        )));
    }
    let statements = document
        .get("statements")
        .and_then(Value::as_array)
        .ok_or_else(|| PolicyError::NotOpenVex("no `statements` array".to_string()))?;
    let document_timestamp = string(&document, "timestamp");
    let statements = statements
        .iter()
        .enumerate()
        .map(|(index, s)| {
            statement(s, document_timestamp.as_deref())
                .map_err(|reason| PolicyError::InvalidVexStatement { index, reason })
        })
        .collect::<Result<_, _>>()?;
    Ok(Vex {
        id: string(&document, "@id"),
        author: string(&document, "author"),
        statements,
    })
}

fn string(value: &Value, key: &str) -> Option<String> {
    value
        .get(key)
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

fn strings(value: Option<&Value>) -> Vec<String> {
    value
        .and_then(Value::as_array)
        .map(|list| {
            list.iter()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default()
}

fn statement(value: &Value, document_timestamp: Option<&str>) -> Result<VexStatement, String> {
    let vulnerability = vulnerability(value.get("vulnerability"))?;
    let status_text = value
        .get("status")
        .and_then(Value::as_str)
        .ok_or("no `status`")?;
    let status = VexStatus::parse(status_text).ok_or_else(|| {
        format!(
            "unknown status `{status_text}` (expected not_affected, affected, fixed or \
             under_investigation)"
        )
    })?;
    // v0.0.x lists subcomponents once per statement, for every product.
    let shared_subcomponents: Vec<VexComponent> = value
        .get("subcomponents")
        .and_then(Value::as_array)
        .map(|list| list.iter().filter_map(component).collect())
        .unwrap_or_default();
    let products = value
        .get("products")
        .and_then(Value::as_array)
        .map(|list| {
            list.iter()
                .filter_map(|p| {
                    let mut subcomponents: Vec<VexComponent> = p
                        .get("subcomponents")
                        .and_then(Value::as_array)
                        .map(|list| list.iter().filter_map(component).collect())
                        .unwrap_or_default();
                    subcomponents.extend(shared_subcomponents.iter().cloned());
                    Some(VexProduct {
                        component: component(p)?,
                        subcomponents,
                    })
                })
                .collect()
        })
        .unwrap_or_default();
    Ok(VexStatement {
        vulnerability,
        products,
        status,
        justification: string(value, "justification"),
        impact_statement: string(value, "impact_statement"),
        action_statement: string(value, "action_statement"),
        status_notes: string(value, "status_notes"),
        timestamp: string(value, "timestamp").or_else(|| document_timestamp.map(str::to_string)),
    })
}

fn vulnerability(value: Option<&Value>) -> Result<VexVulnerability, String> {
    match value {
        Some(Value::String(name)) if !name.trim().is_empty() => Ok(VexVulnerability {
            name: name.trim().to_string(),
            id: None,
            aliases: Vec::new(),
        }),
        Some(object @ Value::Object(_)) => {
            let name = string(object, "name");
            let id = string(object, "@id");
            if name.is_none() && id.is_none() {
                return Err("`vulnerability` has neither `name` nor `@id`".to_string());
            }
            Ok(VexVulnerability {
                name: name.unwrap_or_default(),
                id,
                aliases: strings(object.get("aliases")),
            })
        }
        _ => Err("no `vulnerability`".to_string()),
    }
}

/// A product or subcomponent: a plain string (v0.0.x) or an object (v0.2.0).
fn component(value: &Value) -> Option<VexComponent> {
    match value {
        Value::String(id) => Some(VexComponent {
            id: id.trim().to_string(),
            ..VexComponent::default()
        }),
        Value::Object(_) => {
            let identifiers: Vec<String> = value
                .get("identifiers")
                .and_then(Value::as_object)
                .map(|map| {
                    map.values()
                        .filter_map(Value::as_str)
                        .map(str::to_string)
                        .collect()
                })
                .unwrap_or_default();
            let hashes: Vec<(String, String)> = value
                .get("hashes")
                .and_then(Value::as_object)
                .map(|map| {
                    map.iter()
                        .filter_map(|(k, v)| Some((k.clone(), v.as_str()?.to_string())))
                        .collect()
                })
                .unwrap_or_default();
            let id = string(value, "@id").unwrap_or_default();
            (!id.is_empty() || !identifiers.is_empty() || !hashes.is_empty()).then_some(
                VexComponent {
                    id,
                    identifiers,
                    hashes,
                },
            )
        }
        _ => None,
    }
}
