//! `lookout rule CODE` and `lookout rules`: the catalog, from the one codes table.

use anyhow::{bail, Result};
use clap::{Args, ValueEnum};
use lookout_rules::{codes, RuleMeta};

use crate::stdout;

#[derive(Args)]
pub struct RuleArgs {
    /// A rule code or alias (`DL3007`, `DS001`, `KSV-0017`).
    pub code: String,
}

#[derive(Args)]
pub struct RulesArgs {
    #[arg(long, value_enum, default_value_t = RulesFormat::Text)]
    pub format: RulesFormat,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum RulesFormat {
    Text,
    Json,
}

pub fn run_rule(args: &RuleArgs) -> Result<u8> {
    let Some(rule) = codes::find(&args.code) else {
        bail!("unknown rule `{}` (try `lookout rules`)", args.code);
    };
    let mut text = format!(
        "{} {} ({}, {}, fix: {})\n",
        rule.code,
        rule.name,
        rule.family.as_str(),
        rule.severity,
        rule.fix.as_str()
    );
    if !rule.aliases.is_empty() {
        text.push_str(&format!("aliases: {}\n", rule.aliases.join(", ")));
    }
    text.push_str(&format!(
        "{}\n\n{}\n",
        rule.docs_url(),
        rule.docs().trim_end()
    ));
    stdout::print(&text);
    Ok(0)
}

pub fn run_rules(args: &RulesArgs) -> Result<u8> {
    match args.format {
        RulesFormat::Json => {
            let rules: Vec<serde_json::Value> = codes::all().map(rule_json).collect();
            let doc = serde_json::json!({"schema": "lookout.rules/v1", "rules": rules});
            stdout::print(&format!("{}\n", serde_json::to_string_pretty(&doc)?));
        }
        RulesFormat::Text => {
            let mut text = String::new();
            for rule in codes::all() {
                let aliases = if rule.aliases.is_empty() {
                    String::new()
                } else {
                    format!(" [{}]", rule.aliases.join(", "))
                };
                text.push_str(&format!(
                    "{:<28} {:<8} {}{}\n",
                    rule.code,
                    rule.severity.as_str(),
                    rule.summary(),
                    aliases
                ));
            }
            stdout::print(&text);
        }
    }
    Ok(0)
}

fn rule_json(rule: &RuleMeta) -> serde_json::Value {
    serde_json::json!({
        "code": rule.code,
        "name": rule.name,
        "family": rule.family.as_str(),
        "severity": rule.severity.as_str(),
        "aliases": codes::report_aliases(rule.aliases),
        "fix": rule.fix.as_str(),
        "summary": rule.summary(),
        "docs_url": rule.docs_url(),
    })
}
