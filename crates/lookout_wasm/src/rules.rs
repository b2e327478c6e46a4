//! `rules()`: the rule catalog, the same table `lookout rules --format json` prints.

use serde::Serialize;
use wasm_bindgen::prelude::*;

use crate::to_js::to_js;

#[derive(Serialize)]
struct RuleInfo {
    code: &'static str,
    name: &'static str,
    family: &'static str,
    severity: &'static str,
    aliases: &'static [&'static str],
    fix: &'static str,
    summary: String,
    docs_url: String,
}

#[derive(Serialize)]
struct RulesCatalog {
    schema: &'static str,
    rules: Vec<RuleInfo>,
}

/// Every rule Lookout knows, in catalog order (`lookout.rules/v1`).
#[wasm_bindgen(unchecked_return_type = "RulesCatalog")]
pub fn rules() -> Result<JsValue, JsValue> {
    let rules = lookout_rules::codes::all()
        .map(|meta| RuleInfo {
            code: meta.code,
            name: meta.name,
            family: meta.family.as_str(),
            severity: meta.severity.as_str(),
            aliases: meta.aliases,
            fix: meta.fix.as_str(),
            summary: meta.summary(),
            docs_url: meta.docs_url(),
        })
        .collect();
    to_js(&RulesCatalog {
        schema: "lookout.rules/v1",
        rules,
    })
}

#[wasm_bindgen(typescript_custom_section)]
const TS_RULES: &'static str = r#"
export interface RuleInfo {
  code: string;
  name: string;
  family: "dockerfile" | "kubernetes" | "secret" | "image-config";
  severity: "error" | "warning" | "info" | "style";
  aliases: string[];
  fix: "none" | "sometimes" | "always";
  summary: string;
  docs_url: string;
}
export interface RulesCatalog { schema: "lookout.rules/v1"; rules: RuleInfo[] }
"#;
